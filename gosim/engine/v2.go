package engine

import (
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// The rules of version 2 (docs/genome-v2.md) keep their per-game state in
// one comparable value, ext, so that the cycle check can hash it, Clone and
// Determinize copy it with the State, and InfoString can print it: all of
// it is public. The phases' code lives in ask.go, claim.go, climb.go,
// beggar.go, sets.go, stack.go, match.go; this file dispatches to them.

// ext is the version 2 state of a game. Every field is public information.
type ext struct {
	// Claims (claim.go): the rank the next claim states, the pending
	// claim (count 0: none), its claimer and the seat answering it.
	claimRank  cards.Rank
	claimed    cards.Rank
	claimCount uint8
	claimBy    int8
	responder  int8

	// Climbing (climb.go): the set to beat (count 0: the next play
	// leads), the seat that played it and the seats that passed since.
	climbRank   cards.Rank
	climbCount  uint8
	climbLast   int8
	climbPassed uint8

	// Penalties (beggar.go): cards still owed and the seat they are owed to.
	owed      uint8
	penaltyBy int8

	// Stacked draws (stack.go): the total pending, its zone and who played
	// the last card of the stack.
	pendingDraw uint8
	pendingZone uint8
	pendingBy   int8

	// holds[seat] has bit r when the seat is publicly known to hold a card
	// of rank r in the ask zone (it asked for that rank).
	holds [bc.MaxPlayers]uint16

	stockOut bool // a draw found the stock empty with when_empty end_hand

	// Match play (match.go).
	dealer uint8
	hands  uint8 // hands finished
	totals [bc.MaxPlayers]int32
	cycled bool // the game ended on a repeated state
}

// ClaimStats counts what happened to the claims of a bluffing game.
type ClaimStats struct {
	Claims     uint32 // claims made
	Bluffs     uint32 // claims with a card not of the claimed rank
	Challenges uint32 // claims challenged
	Caught     uint32 // challenged claims that were bluffs
}

// v2rules holds the tables of the version 2 rules.
type v2rules struct {
	askZone     int                   // zone of the first ask phase, or -1
	claimOrder  [cards.NumRanks]uint8 // claim sequence: the ranks of the deck from the ace, then 2, 3...
	claimRanks  int
	rankCopies  [cards.NumRanks]uint8
	outZone     int // zone whose empty copy puts a seat out, or -1
	penalties   bool
	stackDraws  bool
	playTopFrom int // from zone of the first play_top phase, or -1
}

func (r *Rules) prepareV2() {
	p := r.prog
	v := &r.v2
	v.askZone, v.outZone, v.playTopFrom = -1, -1, -1
	for _, ph := range p.Turn {
		switch {
		case ph.Kind == bc.PhaseAsk && v.askZone < 0:
			v.askZone = int(ph.From)
		case ph.Kind == bc.PhasePlayTop && v.playTopFrom < 0:
			v.playTopFrom = int(ph.From)
		}
	}
	for _, rk := range [...]cards.Rank{cards.Ace, cards.Two, cards.Three, cards.Four, cards.Five, cards.Six,
		cards.Seven, cards.Eight, cards.Nine, cards.Ten, cards.Jack, cards.Queen, cards.King} {
		if p.RankMask&(1<<rk) != 0 {
			v.claimOrder[v.claimRanks] = uint8(rk)
			v.claimRanks++
		}
	}
	for _, c := range r.deck {
		v.rankCopies[c.Rank()]++
	}
	for _, e := range p.End {
		if (e.Kind == bc.EndZoneEmpty && e.Result == bc.ThatPlayerLoses) || e.Kind == bc.EndAllButOneEmpty {
			v.outZone = int(e.Zone)
			break
		}
	}
	for _, e := range p.Effects {
		v.penalties = v.penalties || e.Kind == bc.EffectPenalty
		v.stackDraws = v.stackDraws || e.Kind == bc.EffectDrawStackable
	}
}

// resetV2 starts the version 2 state of a new game.
func (s *State) resetV2() {
	s.x = ext{}
	s.x.claimRank = cards.Rank(s.r.v2.claimOrder[0])
	s.resetHandV2()
	s.stats = ClaimStats{}
	s.cyc = cycleState{}
	s.chance = 0
}

// resetHandV2 clears the state that lives for one hand.
func (s *State) resetHandV2() {
	x := &s.x
	x.claimRank = cards.Rank(s.r.v2.claimOrder[0])
	x.claimCount, x.claimBy, x.responder = 0, -1, -1
	x.climbCount, x.climbLast, x.climbPassed = 0, -1, 0
	x.owed, x.penaltyBy = 0, -1
	x.pendingDraw, x.pendingZone, x.pendingBy = 0, bc.NoZone, -1
	x.holds = [bc.MaxPlayers]uint16{}
	x.stockOut = false
	s.resetHandCaptures()
}

// Stats returns the claim counters of the game so far.
func (s *State) Stats() ClaimStats { return s.stats }

// Cycled reports whether the game ended unfinished on a repeated state
// (see cycle.go) rather than on the turn cap.
func (s *State) Cycled() bool { return s.x.cycled }

// HandsPlayed is the number of hands finished in a match (0 without match
// play until the game ends).
func (s *State) HandsPlayed() int { return int(s.x.hands) }

// mover is the seat that decides the current step: the seat answering a
// claim, else the seat whose turn it is.
func (s *State) mover() int {
	if s.wait == stepAnswer {
		return int(s.x.responder)
	}
	if s.isBetStep() {
		return s.betMover()
	}
	return s.cur
}

// awaitV2 makes the game wait for step w (a version 2 step or a pass) and
// counts its legal moves once, as await does for play and trick steps.
func (s *State) awaitV2(w step) {
	s.wait, s.legal, s.nLegal, s.onValid = w, cardSet{}, 1, false
	if w != stepPass {
		s.nLegal = uint32(len(s.legalV2(s.scratch[:0])))
	}
}

// isLegalV2 reports whether m is a legal move of a version 2 step.
func (s *State) isLegalV2(m game.Move) bool {
	for _, l := range s.legalV2(s.scratch[:0]) {
		if l == m {
			return true
		}
	}
	return false
}

// legalV2 appends the legal moves of a version 2 step.
func (s *State) legalV2(buf []game.Move) []game.Move {
	ph := &s.r.prog.Turn[s.phase]
	switch s.wait {
	case stepAsk:
		return s.askMoves(buf, ph)
	case stepClaim:
		return s.claimMoves(buf, ph)
	case stepAnswer:
		return append(buf, game.ChallengeMove, game.AcceptMove)
	case stepClimb:
		return s.climbMoves(buf, ph)
	case stepTurnUp:
		return append(buf, game.TurnUpMove)
	case stepStack:
		return s.stackMoves(buf, ph)
	case stepBet:
		return s.betMoves(buf, ph)
	case stepDiscard:
		return s.discardMoves(buf, ph)
	case stepHit:
		return append(buf, betMove(game.Hit, 0, 0), betMove(game.Stand, 0, 0))
	case stepCapture:
		return s.captureMoves(buf)
	case stepBid:
		return s.bidMoves(buf, ph)
	}
	return buf
}

// applyV2 applies a legal move of a version 2 step. It reports whether the
// phase is done (false while a claim waits for more answers).
func (s *State) applyV2(m game.Move) bool {
	ph := &s.r.prog.Turn[s.phase]
	switch s.wait {
	case stepAsk:
		s.ask(ph, m)
	case stepClaim:
		s.claim(ph, m)
		return s.wait != stepAnswer
	case stepAnswer:
		return s.answer(ph, m)
	case stepClimb:
		s.climb(ph, m)
	case stepTurnUp:
		s.turnUp(ph)
	case stepStack:
		if m.Kind == game.Pass {
			s.takeStack(ph)
			s.phase = len(s.r.prog.Turn) - 1 // the turn ends (Apply steps past the last phase)
		} else {
			s.play(m)
		}
	case stepBet:
		return s.bet(m)
	case stepDiscard:
		return s.discard(ph, m)
	case stepHit:
		return s.hit(ph, m)
	case stepCapture:
		s.applyCapture(ph, m)
	case stepBid:
		s.applyBid(ph, m)
	}
	return true
}

// advanceV2 enters a version 2 phase. It reports true when the phase waits
// for a move (s.wait is set), false when it was done without one (s.phase
// has moved on).
func (s *State) advanceV2(ph *bc.Phase) bool {
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	switch ph.Kind {
	case bc.PhaseAsk:
		if hand.n == 0 && ph.DrawFrom != bc.NoZone {
			s.draw(ph.DrawFrom, ph.From, s.cur, 1) // an empty hand draws first
		}
		s.awaitV2(stepPass)
		if s.canAsk(ph) {
			s.awaitV2(stepAsk)
		}
		return true
	case bc.PhaseClaim:
		s.awaitV2(stepPass)
		if hand.n > 0 {
			s.awaitV2(stepClaim)
		}
		return true
	case bc.PhaseClimb:
		if hand.n == 0 {
			s.phase++ // an empty hand is skipped
			return false
		}
		s.awaitV2(stepClimb)
		return true
	case bc.PhasePlayTop:
		s.awaitV2(stepPass)
		if hand.n > 0 {
			s.awaitV2(stepTurnUp)
		}
		return true
	case bc.PhaseDiscardSets:
		s.discardSets(ph.From, ph.To, int(ph.Count), ph.Match, s.cur)
		s.phase++
		return false
	case bc.PhaseBet:
		return s.enterBet(ph)
	case bc.PhaseDiscardDraw:
		return s.enterDiscard()
	case bc.PhaseHit:
		if s.enterHit(ph) {
			return true
		}
		s.phase++
		return false
	case bc.PhaseCommunity:
		s.community(ph)
		s.phase++
		return false
	case bc.PhaseShowdown:
		s.showdown()
		s.phase++
		return false
	case bc.PhaseCapture, bc.PhaseBid:
		return s.advanceCaptures(ph)
	}
	panic(fmt.Sprintf("engine: phase kind %d has no rules", ph.Kind)) // Decode admits no other kind
}

// nextAutomatic reports whether the next phase of the turn needs no
// decision either (a draw or discard_sets): an Old Maid turn draws and then
// discards its pair before anyone looks at the hands.
func (s *State) nextAutomatic() bool {
	turn := s.r.prog.Turn
	if s.phase >= len(turn) {
		return false
	}
	k := turn[s.phase].Kind
	return k == bc.PhaseDraw || k == bc.PhaseDiscardSets
}

// putOutEmptySeats applies "seats that are out": with a zone_empty
// that_player_loses or all_but_one_empty condition on zone Z, a seat whose
// Z is empty is out, except the seat a penalty is being paid to (it may
// take the pile back; beggar-my-neighbour).
func (s *State) putOutEmptySeats() {
	z := s.r.v2.outZone
	if z < 0 {
		return
	}
	for seat := 0; seat < s.r.players; seat++ {
		if s.out[seat] || s.piles[s.r.base[z]+seat].n > 0 {
			continue
		}
		if s.x.owed > 0 && int(s.x.penaltyBy) == seat {
			continue
		}
		s.knockOut(seat)
	}
}

// endOnEmptyStock ends the hand when a draw found the stock empty under
// when_empty end_hand: the first all_empty condition's result decides it,
// else it is a draw.
func (s *State) endOnEmptyStock() bool {
	s.x.stockOut = false
	for _, e := range s.r.prog.End {
		if e.Kind == bc.EndAllEmpty {
			return s.conclude(game.Win, s.bestScores(e.Result == bc.HighestScoreWins))
		}
	}
	return s.conclude(game.Draw, 0)
}

// forgetHold drops the public knowledge that the owner of pile from holds
// the rank of card c when c leaves its copy of the ask zone.
func (s *State) forgetHold(from int, c cards.Card) {
	r := s.r
	if int(r.pileZone[from]) == r.v2.askZone && r.pileOwner[from] != noSeat {
		s.x.holds[r.pileOwner[from]] &^= 1 << c.Rank()
	}
}

// takeCards moves up to n cards of rank rk from pile from to pile to, the
// lowest card ids first, each where the zone inserts cards (on top when
// onTop). It returns how many moved.
func (s *State) takeCards(from, to int, rk cards.Rank, n int, kind EventKind, seat int, faceUp, onTop bool) int {
	moved := 0
	for moved < n {
		p := &s.piles[from]
		best := -1
		for i := 0; i < p.len(); i++ {
			if c := p.at(i); c.Rank() == rk && (best < 0 || c < p.at(best)) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		if onTop {
			s.moveAt(from, best, to, -1, kind, seat, faceUp)
		} else {
			s.put(from, best, to, kind, seat, faceUp)
		}
		moved++
	}
	return moved
}

// rankCounts counts the cards of each rank in a pile.
func rankCounts(p *pile) [cards.NumRanks]uint8 {
	var n [cards.NumRanks]uint8
	for i := 0; i < p.len(); i++ {
		n[p.at(i).Rank()]++
	}
	return n
}

// movePile moves every card of pile from into pile to (bottom card first,
// each where the destination zone inserts), as one public action.
func (s *State) movePile(from, to int, kind EventKind, seat int, faceUp bool) {
	for s.piles[from].n > 0 {
		s.put(from, 0, to, kind, seat, faceUp)
	}
}

// insertAt inserts c at position i from the bottom (0 < i < len).
func (p *pile) insertAt(i int, c cards.Card) {
	p.pushTop(c) // adds c to the set; the shifts below keep it
	for j := p.len() - 1; j > i; j-- {
		p.put(j, p.at(j-1))
	}
	p.put(i, c)
}

// v2Info is the version 2 public state for InfoString.
func (s *State) v2Info() string {
	return fmt.Sprintf("v2 %+v\n", s.x)
}

// Claim implements game.Observer.
func (s *State) Claim() (cards.Rank, int, bool) {
	switch s.wait {
	case stepClaim:
		return s.x.claimRank, 0, true
	case stepAnswer:
		return s.x.claimed, int(s.x.claimCount), true
	}
	return 0, 0, false
}

// RankCopies implements game.Observer.
func (s *State) RankCopies(r cards.Rank) int {
	if r >= cards.NumRanks {
		return 0
	}
	return int(s.r.v2.rankCopies[r])
}

// SetToBeat implements game.Observer.
func (s *State) SetToBeat() (cards.Rank, int) {
	return s.x.climbRank, int(s.x.climbCount)
}
