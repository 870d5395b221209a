package engine

import (
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Trick-taking hands (docs/genome-tricks.md): the TRICKS section's rules
// that are not the trick phase itself. Before the play of every hand the
// engine walks a short prelude of decisions, each skipped when the rules do
// not have it:
//
//  1. passing: every seat in turn from the dealer's left puts pass_count
//     cards, one move each, into its copy of the pass zone; then every
//     seat's passed cards go into the hand of the seat the hand's direction
//     names (the passer and the receiver know them);
//  2. trump choice before the bidding (order up, or the top taker);
//  3. bidding: every seat in turn from the dealer's left bids once;
//  4. the bid winner names trump.
//
// Then the seat the setup chose (left of the dealer, or the holder of a
// card) leads the first trick. Every finished trick is credited at once to
// its winner (tricks taken are public); the hand's score is added to the
// match totals by conclude (match.go) through scoreHand.

// Engine steps of the prelude (values 20..29 are this family's).
const (
	stepPassPick     step = 20 // choose a card to pass
	stepBidTricks    step = 21 // bid a number of tricks
	stepOrderUp      step = 22 // Euchre's first round: order the turned card up or pass
	stepNameTrump    step = 23 // name a trump suit (or pass where allowed)
	stepTrumpDiscard step = 24 // the dealer discards after taking the turned card
)

// Prelude stages, in order.
const (
	stageStart uint8 = iota
	stagePass
	stageChoose
	stageBid
	stageBidWinner
	stagePlay
)

// trickState is the per-game state of trick-taking hands. Everything in it
// is public (the passed cards themselves live in the pass zone, which only
// its owner sees).
type trickState struct {
	tricks   [bc.MaxPlayers]uint8 // tricks taken this hand
	played   uint8                // tricks finished this hand
	bids     [bc.MaxPlayers]int8  // bids of this hand, -1: none yet
	picked   uint8                // cards the seat passing now has put aside
	acted    uint8                // seats that acted in the current round
	stage    uint8
	round    uint8      // order up: 1 first round, 2 second
	upSuit   cards.Suit // suit of the turned card (order up), or NoSuit
	makers   int8       // seat that made trump, or -1
	exposed  cards.Card // the dealer's card shown for trump (Whist), or None
	handSize uint8      // cards dealt to each seat this hand
	leader   int8       // seat that leads the first trick

	// Across hands.
	prevTop int8                 // seat that took the most tricks last hand, or -1
	knocked uint8                // seats knocked out of the match
	bags    [bc.MaxPlayers]int16 // overtricks carried, per side (its lowest seat)
	handPts [bc.MaxPlayers]int32 // score of the hand just finished, per seat
}

// trickRules holds the tables of the TRICKS section.
type trickRules struct {
	t        *bc.Tricks // nil without the section
	bowers   bool       // the first trick phase has bowers
	noPoints bool       // the first trick phase forbids points on the first trick
	pointSet cardSet    // cards with positive static points
	trump    bc.TrumpKind
}

func (r *Rules) prepareTricks() {
	p := r.prog
	r.tr.t = p.Tricks
	for _, ph := range p.Turn {
		if ph.Kind == bc.PhaseTrick {
			r.tr.bowers = ph.TrickRules&bc.Bowers != 0
			r.tr.noPoints = ph.TrickRules&bc.FirstTrickNoPoints != 0
			r.tr.trump = ph.Trump
			break
		}
	}
	for _, c := range r.deck {
		if r.scoringZone >= 0 && r.points[c] > 0 {
			r.tr.pointSet.add(c)
		}
	}
	if r.scoringZone >= 0 && !r.staticPoints {
		r.tr.pointSet = r.deckSet // points depend on the table: every card may carry some
	}
}

// resetTricks starts the trick state of a new game.
func (s *State) resetTricks() {
	s.tk = trickState{}
	s.tk.prevTop = -1
	s.resetTrickHand()
}

// resetTrickHand clears the state that lives for one hand.
func (s *State) resetTrickHand() {
	tk := &s.tk
	tk.tricks = [bc.MaxPlayers]uint8{}
	tk.played, tk.picked, tk.acted, tk.stage, tk.round = 0, 0, 0, stageStart, 0
	for i := range tk.bids {
		tk.bids[i] = -1
	}
	tk.upSuit, tk.makers, tk.exposed, tk.leader = cards.NoSuit, -1, cards.None, -1
}

// dealCount is the number of rounds a deal step deals this hand: the hand
// size of the TRICKS section for the first deal step, else its count.
func (s *State) dealCount(st bc.SetupStep) int {
	if t := s.r.tr.t; t != nil && len(t.HandSizes) > 0 && s.r.firstDeal(st) {
		n := t.HandSizes[int(s.x.hands)%len(t.HandSizes)]
		s.tk.handSize = n
		return int(n)
	}
	if st.Count == bc.DealAll {
		return -1
	}
	return int(st.Count)
}

// firstDeal reports whether st is the first deal step of the setup.
func (r *Rules) firstDeal(st bc.SetupStep) bool {
	for _, d := range r.prog.Setup {
		if d.Op == bc.Deal {
			return d == st
		}
	}
	return false
}

// knockedOut reports whether seat is out of the match (knockout rule).
func (s *State) knockedOut(seat int) bool { return s.tk.knocked&(1<<seat) != 0 }

// beginTrickHand runs after the setup's deals: knocked-out seats sit out,
// the dealer's trump card is shown, the hand size is noted. It returns the
// first player, moved past a knocked-out seat.
func (s *State) beginTrickHand(first int) int {
	r := s.r
	if r.tr.t == nil && r.tr.trump != bc.TrumpDealerCard {
		return first
	}
	for seat := 0; seat < r.players; seat++ {
		if s.knockedOut(seat) && !s.out[seat] {
			s.out[seat] = true
			s.inGame--
		}
	}
	if s.out[first] {
		first = s.seatAfter(first, 1, 1)
	}
	hand := r.pileOf(r.prog.Turn[0].From, 0)
	if s.tk.handSize == 0 || r.tr.t == nil || len(r.tr.t.HandSizes) == 0 {
		s.tk.handSize = uint8(s.piles[hand+first].n)
	}
	if r.tr.trump == bc.TrumpDealerCard {
		dealer := int(s.x.dealer)
		if c := s.tk.exposed; c != cards.None && s.piles[hand+dealer].set.has(c) {
			s.trump, s.trumpFixed = c.Suit(), true
			if s.know != nil {
				s.restrict(c, pileBit(hand+dealer)) // shown to everyone
			}
			if s.trace != nil {
				s.emit(EvReveal, dealer, c, hand+dealer, hand+dealer, true)
			}
		}
	}
	s.tk.leader = int8(first)
	return first
}

// noteDealt records the card dealt; the last one the dealer receives
// is the card a dealer-card trump shows (in other games nothing is noted:
// the dealer's cards are its own).
func (s *State) noteDealt(seat int, c cards.Card) {
	if seat == int(s.x.dealer) && s.r.tr.trump == bc.TrumpDealerCard {
		s.tk.exposed = c
	}
}

// startPrelude enters the prelude after the setup; it reports whether the
// game now waits for a prelude decision.
func (s *State) startPrelude() bool {
	if s.r.tr.t == nil {
		return false
	}
	s.tk.stage = stageStart
	return s.nextStage()
}

// nextStage enters the next prelude stage that applies; when none is left
// it hands the first trick to the leader and reports false.
func (s *State) nextStage() bool {
	t := s.r.tr.t
	tk := &s.tk
	for tk.stage < stagePlay {
		tk.stage++
		tk.acted, tk.picked = 0, 0
		switch tk.stage {
		case stagePass:
			if t.PassCount > 0 && s.passDir() != bc.PassNone {
				s.cur = s.seatAfter(s.firstActor(), -1, 1)
				if s.nextPasser() {
					return true
				}
				s.exchangePassed()
			}
		case stageChoose:
			switch t.Choice {
			case bc.ChoiceOrderUp:
				up := &s.piles[s.r.pileOf(t.UpZone, 0)]
				if up.n > 0 {
					tk.upSuit, tk.round = up.top().Suit(), 1
					s.cur = s.firstActor()
					s.awaitTrick(stepOrderUp)
					return true
				}
				tk.round = 2 // nothing turned: straight to naming a suit
				s.cur = s.firstActor()
				s.awaitTrick(stepNameTrump)
				return true
			case bc.ChoiceTopTaker:
				if tk.prevTop < 0 || s.out[tk.prevTop] {
					s.turnUpTrump()
					continue
				}
				s.cur = int(tk.prevTop)
				s.awaitTrick(stepNameTrump)
				return true
			}
		case stageBid:
			if t.Bid != bc.NoBidding {
				s.cur = s.firstActor()
				s.awaitTrick(stepBidTricks)
				return true
			}
		case stageBidWinner:
			if t.Choice == bc.ChoiceBidWinner {
				s.cur = s.bidWinner()
				s.awaitTrick(stepNameTrump)
				return true
			}
		}
	}
	s.cur = int(tk.leader)
	if t.PassCount > 0 && s.passDir() != bc.PassNone {
		// Passing moved the cards: the holder_of rule is asked again.
		for _, st := range s.r.prog.Setup {
			if st.Op == bc.FirstPlayer && st.Rule == bc.HolderOf {
				if seat := s.holder(st.Card); seat >= 0 && !s.out[seat] {
					s.cur = seat
				}
				if s.know != nil {
					s.learnHolder(st.Card, s.holder(st.Card))
				}
			}
		}
		tk.leader = int8(s.cur)
	}
	s.wait = stepOver
	return false
}

// nextPasser moves to the next seat that has cards to pass (a seat with an
// empty hand passes nothing); it reports false when every seat has passed.
func (s *State) nextPasser() bool {
	hand := s.r.pileOf(s.r.prog.Turn[0].From, 0)
	for int(s.tk.acted) < s.inGame {
		s.cur = s.seatAfter(s.cur, 1, 1)
		if s.piles[hand+s.cur].n > 0 {
			s.awaitTrick(stepPassPick)
			return true
		}
		s.tk.acted++
	}
	return false
}

// firstActor is the first seat in the game from the dealer's left.
func (s *State) firstActor() int { return s.seatAfter(int(s.x.dealer), 1, 1) }

// passDir is the pass direction of the current hand.
func (s *State) passDir() bc.PassDir {
	d := s.r.tr.t.PassDirs
	if len(d) == 0 {
		return bc.PassNone
	}
	return d[int(s.x.hands)%len(d)]
}

// passTarget is the seat that receives seat's passed cards.
func (s *State) passTarget(seat int) int {
	switch s.passDir() {
	case bc.PassLeft:
		return s.seatAfter(seat, 1, 1)
	case bc.PassRight:
		return s.seatAfter(seat, -1, 1)
	case bc.PassAcross:
		return (seat + 2) % s.r.players
	}
	return seat
}

// turnUpTrump turns up the top card of the start zone onto the up zone: its
// suit is trump (the top taker's first hand).
func (s *State) turnUpTrump() {
	t := s.r.tr.t
	from, to := s.r.base[s.r.prog.Start], s.r.pileOf(t.UpZone, 0)
	if s.piles[from].n == 0 {
		return // no card left: no trump
	}
	c := s.put(from, s.piles[from].len()-1, to, EvTurnUp, -1, true)
	s.trump, s.trumpFixed = c.Suit(), true
}

// bidWinner is the highest bidder, the first in bidding order on a tie.
func (s *State) bidWinner() int {
	best, who := -1, s.firstActor()
	seat := who
	for i := 0; i < s.inGame; i++ {
		if b := int(s.tk.bids[seat]); b > best {
			best, who = b, seat
		}
		seat = s.seatAfter(seat, 1, 1)
	}
	return who
}

// awaitTrick makes the game wait for a prelude step and counts its moves.
func (s *State) awaitTrick(w step) {
	s.wait, s.legal, s.onValid = w, cardSet{}, false
	switch w {
	case stepPassPick, stepTrumpDiscard:
		s.legal = s.piles[s.r.pileOf(s.r.prog.Turn[0].From, s.cur)].set
		s.nLegal = uint32(s.legal.faces().count())
		if s.r.prog.Decks == 1 {
			s.nLegal = uint32(s.legal.count())
		}
	default:
		s.nLegal = uint32(len(s.trickMoves(s.scratch[:0])))
	}
}

// isTrickStep reports whether w is a prelude step.
func isTrickStep(w step) bool { return w >= stepPassPick && w <= stepTrumpDiscard }

// trickMoves appends the legal moves of a prelude step, sorted by Key.
func (s *State) trickMoves(buf []game.Move) []game.Move {
	t := s.r.tr.t
	switch s.wait {
	case stepPassPick, stepTrumpDiscard:
		for w := 0; w < 2; w++ {
			for b := s.legal[w]; b != 0; b &= b - 1 {
				c := cards.Card(w*64 + trailingZeros(b))
				if c.Copy() == 1 && s.legal.has(c.Face()) {
					continue
				}
				if s.wait == stepPassPick {
					buf = append(buf, game.PassCardMove(c))
				} else {
					buf = append(buf, game.DiscardMove(c))
				}
			}
		}
	case stepBidTricks:
		hook := -1
		if t.BidHook && int(s.tk.acted) == s.inGame-1 {
			sum := 0
			for seat := 0; seat < s.r.players; seat++ {
				if s.tk.bids[seat] > 0 {
					sum += int(s.tk.bids[seat])
				}
			}
			hook = int(s.tk.handSize) - sum
		}
		if t.BidNil && t.BidMin > 0 {
			buf = append(buf, game.BidMove(0))
		}
		for n := int(t.BidMin); n <= int(s.tk.handSize); n++ {
			if n != hook {
				buf = append(buf, game.BidMove(n))
			}
		}
	case stepOrderUp:
		buf = append(buf, game.OrderUpMove(s.tk.upSuit), game.PassTrumpMove)
	case stepNameTrump:
		for su := cards.Suit(0); su < cards.NumSuits; su++ {
			if s.tk.round == 2 && su == s.tk.upSuit {
				continue // the turned-down suit may not be named
			}
			buf = append(buf, game.OrderUpMove(su))
		}
		if s.tk.round == 2 && int(s.tk.acted) < s.inGame-1 {
			buf = append(buf, game.PassTrumpMove) // stick the dealer: the last to speak must name
		}
	}
	return buf
}

// isLegalTrick reports whether m is a legal prelude move.
func (s *State) isLegalTrick(m game.Move) bool {
	switch s.wait {
	case stepPassPick, stepTrumpDiscard:
		c := m.Card
		kind := game.PassCard
		if s.wait == stepTrumpDiscard {
			kind = game.DiscardCard
		}
		return m.Kind == kind && c.Valid() && s.legal.has(c) && !(c.Copy() == 1 && s.legal.has(c.Face())) &&
			m == game.Move{Kind: kind, Card: c, Suit: cards.NoSuit}
	}
	for _, l := range s.trickMoves(s.scratch[:0]) {
		if l == m {
			return true
		}
	}
	return false
}

// applyTrick applies a legal prelude move. When the prelude is over it
// advances to the first trick itself; it always reports false (the turn's
// phase does not move on).
func (s *State) applyTrick(m game.Move) bool {
	t := s.r.tr.t
	tk := &s.tk
	r := s.r
	hand := r.pileOf(r.prog.Turn[0].From, s.cur)
	switch s.wait {
	case stepPassPick:
		to := r.pileOf(t.PassZone, s.cur)
		s.put(hand, s.piles[hand].index(m.Card), to, EvGive, s.cur, false)
		tk.picked++
		if tk.picked < t.PassCount && s.piles[hand].n > 0 {
			s.awaitTrick(stepPassPick)
			return false
		}
		tk.picked = 0
		tk.acted++
		if s.nextPasser() {
			return false
		}
		s.exchangePassed()
	case stepBidTricks:
		tk.bids[s.cur] = int8(m.Count)
		tk.acted++
		if int(tk.acted) < s.inGame {
			s.cur = s.seatAfter(s.cur, 1, 1)
			s.awaitTrick(stepBidTricks)
			return false
		}
	case stepOrderUp:
		if m.Kind == game.OrderUp {
			s.trump, s.trumpFixed, tk.makers = m.Suit, true, int8(s.cur)
			dealer := s.seatAfter(s.firstActor(), -1, 1) // the dealer, or the last seat in before it
			up := r.pileOf(t.UpZone, 0)
			s.put(up, s.piles[up].len()-1, r.pileOf(r.prog.Turn[0].From, dealer), EvTake, dealer, true)
			s.cur = dealer
			s.awaitTrick(stepTrumpDiscard)
			return false
		}
		tk.acted++
		if int(tk.acted) < s.inGame {
			s.cur = s.seatAfter(s.cur, 1, 1)
			s.awaitTrick(stepOrderUp)
			return false
		}
		// Everyone passed: the turned card is turned down into the deck.
		up := r.pileOf(t.UpZone, 0)
		for s.piles[up].n > 0 {
			s.put(up, s.piles[up].len()-1, r.base[r.prog.Start], EvCollect, -1, true)
		}
		tk.round, tk.acted = 2, 0
		s.cur = s.firstActor()
		s.awaitTrick(stepNameTrump)
		return false
	case stepNameTrump:
		if m.Kind == game.PassTrump {
			tk.acted++
			s.cur = s.seatAfter(s.cur, 1, 1)
			s.awaitTrick(stepNameTrump)
			return false
		}
		s.trump, s.trumpFixed, tk.makers = m.Suit, true, int8(s.cur)
	case stepTrumpDiscard:
		s.put(hand, s.piles[hand].index(m.Card), r.base[r.prog.Start], EvFaceDown, s.cur, false)
	}
	if s.nextStage() {
		return false
	}
	s.advance()
	return false
}

// exchangePassed gives every seat's passed cards to the seat the hand's
// direction names.
func (s *State) exchangePassed() {
	r := s.r
	t := r.tr.t
	for seat := 0; seat < r.players; seat++ {
		if s.out[seat] {
			continue
		}
		from := r.pileOf(t.PassZone, seat)
		to := r.pileOf(r.prog.Turn[0].From, s.passTarget(seat))
		for s.piles[from].n > 0 {
			s.put(from, s.piles[from].len()-1, to, EvGive, seat, false)
		}
	}
}

// creditTrick credits a finished trick to its winner at once.
func (s *State) creditTrick(winner int) {
	s.tk.tricks[winner]++
	s.tk.played++
}

// side is the representative seat of seat's side: its partnership's lower
// seat (0 or 1) with partnerships, else the seat itself.
func (s *State) side(seat int) int {
	if t := s.r.tr.t; t != nil && t.Partnerships {
		return seat % 2
	}
	return seat
}

// sideTricks is the number of tricks seat's side took this hand.
func (s *State) sideTricks(seat int) int {
	n := int(s.tk.tricks[seat])
	if t := s.r.tr.t; t != nil && t.Partnerships {
		n += int(s.tk.tricks[(seat+2)%4])
	}
	return n
}

// partnerOf is seat's partner, or -1.
func (s *State) partnerOf(seat int) int {
	if t := s.r.tr.t; t != nil && t.Partnerships && seat >= 0 && seat < 4 {
		return (seat + 2) % 4
	}
	return -1
}

// scoreHand scores the finished hand into tk.handPts (per seat; partners
// get their side's score) and applies the knockout rule. It reports true
// when the match is over (the knockout left one seat).
func (s *State) scoreHand() bool {
	r := s.r
	t := r.tr.t
	tk := &s.tk
	tk.handPts = [bc.MaxPlayers]int32{}
	switch t.Score {
	case bc.ScorePoints:
		total, shooter := 0, -1
		for seat := 0; seat < r.players; seat++ {
			v := s.Score(seat)
			tk.handPts[seat] = int32(v)
			total += v
		}
		if t.Moon {
			for seat := 0; seat < r.players; seat++ {
				if total > 0 && int(tk.handPts[seat]) == total && s.holdsAllPoints(seat) {
					shooter = seat
				}
			}
			if shooter >= 0 {
				for seat := 0; seat < r.players; seat++ {
					tk.handPts[seat] = int32(total)
				}
				tk.handPts[shooter] = 0
			}
		}
	case bc.ScoreBook:
		for seat := 0; seat < r.players; seat++ {
			tk.handPts[seat] = int32(max(0, s.sideTricks(seat)-int(t.ScoreA)))
		}
	case bc.ScoreTricks:
		for seat := 0; seat < r.players; seat++ {
			tk.handPts[seat] = int32(s.sideTricks(seat))
		}
	case bc.ScoreExact:
		for seat := 0; seat < r.players; seat++ {
			if b := int(tk.bids[seat]); b >= 0 && int(tk.tricks[seat]) == b {
				tk.handPts[seat] = int32(int(t.ScoreA) + b)
			}
		}
	case bc.ScoreContract:
		for seat := 0; seat < r.players; seat++ {
			if s.side(seat) == seat {
				tk.handPts[seat] = int32(s.contractScore(seat))
			}
		}
		for seat := 0; seat < r.players; seat++ {
			tk.handPts[seat] = tk.handPts[s.side(seat)]
		}
	case bc.ScoreEuchre:
		if tk.makers >= 0 {
			mk := s.side(int(tk.makers))
			n := s.sideTricks(mk)
			for seat := 0; seat < r.players; seat++ {
				mine := s.side(seat) == mk
				switch {
				case mine && n == int(tk.played):
					tk.handPts[seat] = 2 // march
				case mine && 2*n > int(tk.played):
					tk.handPts[seat] = 1
				case !mine && 2*n <= int(tk.played):
					tk.handPts[seat] = 2 // euchred
				}
			}
		}
	}
	// The top taker names trump next hand (ties: the first from the dealer's left).
	best := -1
	seat := s.firstActor()
	for i := 0; i < s.inGame; i++ {
		if int(tk.tricks[seat]) > best {
			best, tk.prevTop = int(tk.tricks[seat]), int8(seat)
		}
		seat = s.seatAfter(seat, 1, 1)
	}
	if t.Knockout && tk.played > 0 {
		left := 0
		for seat := 0; seat < r.players; seat++ {
			if !s.knockedOut(seat) && s.sideTricks(seat) == 0 {
				tk.knocked |= 1 << seat
			}
			if !s.knockedOut(seat) {
				left++
			}
		}
		if left <= 1 {
			s.x.hands++
			all := uint8(1)<<r.players - 1
			s.finish(game.Win, all&^tk.knocked)
			return true
		}
	}
	return false
}

// holdsAllPoints reports whether seat took every card worth points.
func (s *State) holdsAllPoints(seat int) bool {
	r := s.r
	for z := 0; z < r.players; z++ {
		if z == seat {
			continue
		}
		p := &s.piles[r.base[r.scoringZone]+z]
		if !p.set.and(r.tr.pointSet).empty() {
			return false
		}
	}
	return true
}

// contractScore is the hand score of the side whose lower seat is side
// (ScoreContract), updating its carried bags.
func (s *State) contractScore(side int) int {
	t := s.r.tr.t
	tk := &s.tk
	score, contract, took := 0, 0, 0
	for seat := 0; seat < s.r.players; seat++ {
		if s.side(seat) != side {
			continue
		}
		b := int(tk.bids[seat])
		if t.BidNil && b == 0 {
			if tk.tricks[seat] == 0 {
				score += int(t.ScoreB)
			} else {
				score -= int(t.ScoreB)
			}
			continue
		}
		contract += max(b, 0)
		took += int(tk.tricks[seat])
	}
	if took >= contract {
		over := took - contract
		score += 10*contract + over
		if t.ScoreA > 0 {
			tk.bags[side] += int16(over)
			for tk.bags[side] >= int16(t.ScoreA) {
				tk.bags[side] -= int16(t.ScoreA)
				score -= int(t.ScoreC)
			}
		}
	} else {
		score -= 10 * contract
	}
	return score
}

// handPoints is what a finished hand adds to seat's match total.
func (s *State) handPoints(seat int) int {
	if s.r.tr.t == nil {
		return s.handScore(seat)
	}
	return int(s.tk.handPts[seat])
}

// trickScore is Score of a trick game that is not scored by card points:
// the tricks the seat's side took this hand.
func (s *State) trickScore(seat int) (int, bool) {
	if t := s.r.tr.t; t != nil && t.Score != bc.ScorePoints {
		return s.sideTricks(seat), true
	}
	return 0, false
}

// effSuit is the suit c belongs to in the play: with bowers and a trump
// suit, the jack of trump's colour is trump.
func (s *State) effSuit(c cards.Card) cards.Suit {
	if s.r.tr.bowers && s.trump != cards.NoSuit && c.Rank() == cards.Jack && c.Suit() == cards.NumSuits-1-s.trump {
		return s.trump
	}
	return c.Suit()
}

// suitMask is the set of card ids whose effective suit is su.
func (s *State) suitMask(su cards.Suit) cardSet {
	m := masks.suit[su%cards.NumSuits]
	if s.r.tr.bowers && s.trump != cards.NoSuit {
		left := masks.rank[cards.Jack].and(masks.suit[cards.NumSuits-1-s.trump])
		if su == s.trump {
			m = m.or(left)
		} else {
			m = m.andNot(left)
		}
	}
	return m
}

// trickRank is c's rank in the play: the bowers are the two highest
// trumps, else the rank order.
func (s *State) trickRank(c cards.Card) int {
	if s.r.tr.bowers && s.trump != cards.NoSuit && c.Rank() == cards.Jack {
		switch c.Suit() {
		case s.trump:
			return 20 // right bower
		case cards.NumSuits - 1 - s.trump:
			return 19 // left bower
		}
	}
	return s.r.rankValue(c)
}

// trickPhaseKind is the observation's phase kind of a prelude step.
func (s *State) trickPhaseKind() (game.PhaseKind, bool) {
	switch s.wait {
	case stepPassPick:
		return game.Passing, true
	case stepBidTricks:
		return game.BiddingTricks, true
	case stepOrderUp, stepNameTrump:
		return game.ChoosingTrump, true
	case stepTrumpDiscard:
		return game.Discarding, true
	}
	return game.NoPhase, false
}

// appendTricks appends the trick state the rules read, for the cycle
// check's hash (at most 40 bytes: the caller's buffer must not grow).
func (s *State) appendTricks(b []byte) []byte {
	if s.r.tr.t == nil {
		return b
	}
	tk := &s.tk
	for i := range s.r.players {
		b = append(b, tk.tricks[i], byte(tk.bids[i]), byte(tk.bags[i]), byte(tk.bags[i]>>8))
	}
	return append(b, tk.played, tk.picked, tk.acted, tk.stage, tk.round, byte(tk.upSuit), byte(tk.makers),
		byte(tk.prevTop), tk.knocked, byte(tk.exposed))
}

// trickInfo is the public trick state for InfoString.
func (s *State) trickInfo() string {
	return fmt.Sprintf("tricks %+v\n", s.tk)
}

// Partner implements game.Observer.
func (s *State) Partner(seat int) int { return s.partnerOf(seat) }

// TrickWinning implements game.Observer.
func (s *State) TrickWinning() (int, bool) {
	if s.trickLen == 0 {
		return 0, false
	}
	best := 0
	for i := 1; i < s.trickLen; i++ {
		if s.beats(s.trickCards[i], s.trickCards[best], s.effSuit(s.trickCards[0])) {
			best = i
		}
	}
	return best, true
}

// EffectiveSuit implements game.Observer.
func (s *State) EffectiveSuit(c cards.Card) cards.Suit {
	if !c.Valid() {
		return cards.NoSuit
	}
	if !s.trumpFixed {
		return c.Suit()
	}
	return s.effSuit(c)
}

// TricksTaken implements game.Observer.
func (s *State) TricksTaken(seat int) int {
	if seat < 0 || seat >= s.r.players {
		return 0
	}
	return int(s.tk.tricks[seat])
}

// BidOf implements game.Observer.
func (s *State) BidOf(seat int) (int, bool) {
	if seat < 0 || seat >= s.r.players || s.tk.bids[seat] < 0 {
		return 0, false
	}
	return int(s.tk.bids[seat]), true
}
