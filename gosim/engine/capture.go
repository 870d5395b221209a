package engine

import (
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// The captures family (docs/genome-captures.md): capture phases (this
// file) and bid phases with simultaneous secret choices (simultaneous.go).
//
// A capture phase: the player plays one card from its hand. It may take
// one table card of the same rank (rank capture) or two or more table
// cards whose capture values add up to the played card's value (sum
// capture); the played card and the taken cards go to the player's won
// zone. A card that takes nothing is trailed: it stays on the table. With
// rank_first a card that can take a card of its rank may not take by sum;
// with must_capture a card that can capture may not be trailed. Taking the
// last card of the table is a sweep.
//
// Legal moves: game.Capture{Card, Count: k} takes the k-th group that card
// can take, in a canonical order that depends only on the card and the
// table (both public to the player and identical in every world a search
// samples): first the table cards of its rank in card-id order, then the
// sum groups in the depth-first order of increasing card ids.
// game.Trail{Card} trails it. Bounds: at most maxGroupsPerCard groups per
// card and maxCaptureChoices in all are listed, and the search for sum
// groups visits at most sumBudget partial groups per step; groups beyond
// these bounds are not offered (a card whose groups were all cut away is
// neither captured with nor trailed under must_capture). The move list
// is never empty: with no capture listed every card may be trailed.

// Engine steps of the captures family.
const (
	stepCapture step = 45 // a capture phase: capture or trail
	stepBid     step = 46 // a bid phase: commit a card face down
)

// Bounds of the capture choices (see the comment above).
const (
	maxCaptureChoices = 64
	maxGroupsPerCard  = 16
	sumBudget         = 4096
)

// capChoice is one legal capture: card takes group, the k-th group of card.
type capChoice struct {
	card  cards.Card
	k     uint8
	group cardSet
}

// capState is the per-game state of the captures family. lastCap, sweeps,
// the bid round's bidders and committed seats are public; the choices are
// derived from the mover's hand and are never shown to another seat.
type capState struct {
	lastCap int8                 // seat that captured last in this hand, or -1
	sweeps  [bc.MaxPlayers]uint8 // sweeps made in this hand

	// Bids (simultaneous.go): the round of each bid phase of the turn.
	rounds [maxTurnPhases]bidRound

	nChoices uint8
	choices  [maxCaptureChoices]capChoice
	trails   cardSet // cards that may be trailed
}

// maxTurnPhases is the most phases a turn has (docs/bytecode.md, TURN).
const maxTurnPhases = 8

// bidRound is the public state of one bid phase's round.
type bidRound struct {
	open      bool  // a round is in progress
	bidders   uint8 // seats bidding in this round
	committed uint8 // seats that have bid in this round
}

// capRules holds the tables of the captures family.
type capRules struct {
	table, won int // table and won zones of the first capture phase, or -1
}

// prepareCaptures fills the captures tables and, for a capture game, the
// score goal and leader measure of its capture_done condition.
func (r *Rules) prepareCaptures() {
	r.cap = capRules{table: -1, won: -1}
	for _, ph := range r.prog.Turn {
		if ph.Kind == bc.PhaseCapture {
			r.cap.table, r.cap.won = int(ph.Table), int(ph.WonTo)
			break
		}
	}
	for i, e := range r.prog.End {
		if e.Kind != bc.EndCaptureDone {
			continue
		}
		if r.goal == game.NoScoreGoal {
			r.goal = game.LowerIsBetter
			if e.Result == bc.HighestScoreWins {
				r.goal = game.HigherIsBetter
			}
		}
		if i == 0 {
			r.leader = leadLowestScore
			if e.Result == bc.HighestScoreWins {
				r.leader = leadHighestScore
			}
		}
	}
}

// resetHandCaptures clears the state that lives for one hand.
func (s *State) resetHandCaptures() {
	s.cp.lastCap = -1
	s.cp.sweeps = [bc.MaxPlayers]uint8{}
	s.cp.rounds = [maxTurnPhases]bidRound{}
	s.cp.nChoices, s.cp.trails = 0, cardSet{}
}

// advanceCaptures enters a capture or bid phase; it always waits for a
// move (a pass when the seat has nothing to play).
func (s *State) advanceCaptures(ph *bc.Phase) bool {
	if ph.Kind == bc.PhaseBid {
		s.enterBid(ph)
		return true
	}
	s.capRedeal(ph)
	if s.piles[s.r.pileOf(ph.From, s.cur)].n == 0 {
		s.awaitV2(stepPass)
		return true
	}
	s.awaitCaptures(stepCapture)
	return true
}

// awaitCaptures lists the choices of a capture or bid step and waits for it.
func (s *State) awaitCaptures(w step) {
	if w == stepCapture {
		s.listCaptures(&s.r.prog.Turn[s.phase])
	}
	s.awaitV2(w)
}

// capRedeal deals the redeal count to every seat, from the seat left of the
// dealer, when every seat's hand is empty and the redeal zone has cards.
func (s *State) capRedeal(ph *bc.Phase) {
	cp := s.r.prog.Captures
	if cp == nil || cp.RedealCount == 0 || !s.handsEmpty(ph.From) {
		return
	}
	from := s.r.pileOf(cp.RedealFrom, 0)
	for round := 0; round < int(cp.RedealCount); round++ {
		for i := 1; i <= s.r.players; i++ {
			if s.piles[from].n == 0 {
				return
			}
			seat := (int(s.x.dealer) + i) % s.r.players
			s.put(from, s.piles[from].len()-1, s.r.pileOf(ph.From, seat), EvDeal, seat, false)
		}
	}
}

// handsEmpty reports whether every seat's copy of zone z is empty.
func (s *State) handsEmpty(z uint8) bool {
	for seat := 0; seat < s.r.players; seat++ {
		if s.piles[s.r.pileOf(z, seat)].n > 0 {
			return false
		}
	}
	return true
}

// captureValue is the capture value of c (1..15).
func (s *State) captureValue(c cards.Card) int {
	return int(s.r.prog.Captures.Values[c.Rank()])
}

// listCaptures computes the legal captures and trails of the current
// player in capture phase ph, sorted by move key (k, then card).
func (s *State) listCaptures(ph *bc.Phase) {
	x := &s.cp
	x.nChoices, x.trails = 0, cardSet{}
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	table := &s.piles[s.r.pileOf(ph.Table, s.cur)]
	var tc [pileCap]cards.Card
	nt := 0
	table.set.forEach(func(c cards.Card) { tc[nt] = c; nt++ })
	budget := sumBudget
	hand.set.forEach(func(c cards.Card) {
		if c.Copy() == 1 && hand.set.has(c.Face()) {
			return // the same move as the first deck's copy
		}
		k := 0
		rankMatch := false
		if ph.CaptureRules&bc.CaptureRank != 0 {
			for i := 0; i < nt; i++ {
				if tc[i].Rank() == c.Rank() {
					rankMatch = true
					var g cardSet
					g.add(tc[i])
					s.addChoice(c, &k, g)
				}
			}
		}
		found := rankMatch
		if ph.CaptureRules&bc.CaptureSum != 0 && !(rankMatch && ph.CaptureRules&bc.RankFirst != 0) {
			found = s.sumGroups(c, &tc, nt, 0, 0, 0, cardSet{}, &k, &budget) || found
		}
		if !found || ph.CaptureRules&bc.MustCapture == 0 {
			x.trails.add(c)
		}
	})
	if x.nChoices == 0 && x.trails.empty() {
		x.trails = hand.set // every group was cut by the bounds: trail anything
		for w := 0; w < 2; w++ {
			for b := hand.set[w]; b != 0; b &= b - 1 {
				c := cards.Card(w*64 + trailingZeros(b))
				if c.Copy() == 1 && hand.set.has(c.Face()) {
					x.trails[c>>6] &^= 1 << (c & 63)
				}
			}
		}
	}
	// Insertion sort by (k, card): the order of the move keys.
	for i := 1; i < int(x.nChoices); i++ {
		for j := i; j > 0 && choiceLess(&x.choices[j], &x.choices[j-1]); j-- {
			x.choices[j], x.choices[j-1] = x.choices[j-1], x.choices[j]
		}
	}
}

func choiceLess(a, b *capChoice) bool {
	if a.k != b.k {
		return a.k < b.k
	}
	return a.card < b.card
}

// addChoice records that c may take g as its k-th group, within the bounds.
func (s *State) addChoice(c cards.Card, k *int, g cardSet) {
	x := &s.cp
	if *k >= maxGroupsPerCard || int(x.nChoices) >= maxCaptureChoices {
		*k++
		return
	}
	x.choices[x.nChoices] = capChoice{card: c, k: uint8(*k), group: g}
	x.nChoices++
	*k++
}

// sumGroups lists the groups of two or more table cards (tc[from:nt], in
// id order) whose values add up to c's value, extending the partial group
// g of sum and size; it reports whether any group was found. budget bounds
// the partial groups visited.
func (s *State) sumGroups(c cards.Card, tc *[pileCap]cards.Card, nt, from, sum, size int, g cardSet, k, budget *int) bool {
	target := s.captureValue(c)
	found := false
	for i := from; i < nt && *budget > 0; i++ {
		*budget--
		v := sum + s.captureValue(tc[i])
		if v > target {
			continue
		}
		h := g
		h.add(tc[i])
		if v == target {
			if size+1 >= 2 {
				s.addChoice(c, k, h)
				found = true
			}
			continue
		}
		if s.sumGroups(c, tc, nt, i+1, v, size+1, h, k, budget) {
			found = true
		}
	}
	return found
}

// captureMoves appends the legal moves of a capture step in key order:
// the first groups of every card merged with the trails (both at k = 0,
// by card, a capture before a trail of the same card), then the rest.
func (s *State) captureMoves(buf []game.Move) []game.Move {
	x := &s.cp
	i := 0
	trails := x.trails
	for w := 0; w < 2; w++ {
		for b := trails[w]; b != 0; b &= b - 1 {
			t := cards.Card(w*64 + trailingZeros(b))
			for i < int(x.nChoices) && x.choices[i].k == 0 && x.choices[i].card <= t {
				buf = append(buf, game.CaptureWith(x.choices[i].card, 0))
				i++
			}
			buf = append(buf, game.TrailCard(t))
		}
	}
	for ; i < int(x.nChoices); i++ {
		buf = append(buf, game.CaptureWith(x.choices[i].card, int(x.choices[i].k)))
	}
	return buf
}

// choiceOf returns the listed choice of capture move m, or nil.
func (s *State) choiceOf(m game.Move) *capChoice {
	x := &s.cp
	for i := 0; i < int(x.nChoices); i++ {
		if ch := &x.choices[i]; ch.card == m.Card && int(ch.k) == int(m.Count) {
			return ch
		}
	}
	return nil
}

// applyCapture plays a capture or a trail.
func (s *State) applyCapture(ph *bc.Phase, m game.Move) {
	hand := s.r.pileOf(ph.From, s.cur)
	table := s.r.pileOf(ph.Table, s.cur)
	if m.Kind == game.Trail {
		s.put(hand, s.piles[hand].index(m.Card), table, EvPlay, s.cur, true)
		return
	}
	group := s.choiceOf(m).group
	won := s.r.pileOf(ph.WonTo, s.cur)
	s.put(hand, s.piles[hand].index(m.Card), won, EvPlay, s.cur, true)
	group.forEach(func(c cards.Card) {
		s.put(table, s.piles[table].index(c), won, EvTake, s.cur, true)
	})
	s.cp.lastCap = int8(s.cur)
	cp := s.r.prog.Captures
	if s.piles[table].n > 0 || cp.SweepPoints == 0 {
		return
	}
	last := s.handsEmpty(ph.From) && (cp.RedealCount == 0 || s.piles[s.r.pileOf(cp.RedealFrom, 0)].n == 0)
	if !last || cp.Flags&bc.LastPlaySweeps != 0 {
		s.cp.sweeps[s.cur]++
	}
}

// captureDone is the capture_done end condition on zone z: every seat's
// copy of z is empty and so is the redeal zone. When it holds, the last
// capturer takes the table if the rules say so.
func (s *State) captureDone(z uint8) bool {
	cp := s.r.prog.Captures
	if !s.handsEmpty(z) || (cp.RedealCount > 0 && s.piles[s.r.pileOf(cp.RedealFrom, 0)].n > 0) {
		return false
	}
	if cp.Flags&bc.LastCapturerTakes != 0 && s.cp.lastCap >= 0 && s.r.cap.table >= 0 {
		table := s.r.pileOf(uint8(s.r.cap.table), 0)
		won := s.r.pileOf(uint8(s.r.cap.won), int(s.cp.lastCap))
		for s.piles[table].n > 0 {
			s.put(table, s.piles[table].len()-1, won, EvTake, int(s.cp.lastCap), true)
		}
	}
	return true
}

// captureScore is a seat's capture points: its sweeps times the sweep
// points plus the end-of-hand awards over the cards captured so far (at
// the end of the hand, its score for the hand).
func (s *State) captureScore(seat int) int {
	cp := s.r.prog.Captures
	total := int(s.cp.sweeps[seat]) * int(cp.SweepPoints)
	if s.r.cap.won < 0 || len(cp.Awards) == 0 {
		return total
	}
	var count [bc.MaxPlayers]int
	for _, a := range cp.Awards {
		for p := 0; p < s.r.players; p++ {
			count[p] = s.awardCount(a, p)
		}
		if a.Kind == bc.AwardCard {
			total += count[seat] * int(a.Points)
			continue
		}
		best := true
		for p := 0; p < s.r.players && best; p++ {
			best = p == seat || count[p] < count[seat]
		}
		if best && count[seat] > 0 {
			total += int(a.Points)
		}
	}
	return total
}

// awardCount is seat's measure for award a: its captured cards, cards of
// the suit, copies of the named card, or primiera total.
func (s *State) awardCount(a bc.Award, seat int) int {
	p := &s.piles[s.r.pileOf(uint8(s.r.cap.won), seat)]
	switch a.Kind {
	case bc.AwardMostCards:
		return p.len()
	case bc.AwardMostSuit:
		return p.set.and(masks.suit[a.Arg]).count()
	case bc.AwardCard:
		return p.set.and(masks.face[a.Arg]).count()
	}
	var best [cards.NumSuits]int
	p.set.forEach(func(c cards.Card) {
		if v := bc.PrimieraValue(c.Rank()); v > best[c.Suit()] {
			best[c.Suit()] = v
		}
	})
	if best[0] == 0 || best[1] == 0 || best[2] == 0 || best[3] == 0 {
		return 0 // a seat lacking a suit cannot win the primiera
	}
	return best[0] + best[1] + best[2] + best[3]
}

// capturesInfo is the public captures state for InfoString: never the
// choices (they are derived from the mover's hand).
func (s *State) capturesInfo() string {
	x := &s.cp
	return fmt.Sprintf("captures last %d sweeps %v rounds %v\n",
		x.lastCap, x.sweeps[:s.r.players], x.rounds[:len(s.r.prog.Turn)])
}

// appendCaptures appends the public captures state to b for the cycle
// check's hash.
func (s *State) appendCaptures(b []byte) []byte {
	x := &s.cp
	b = append(b, byte(x.lastCap))
	for _, r := range x.rounds[:len(s.r.prog.Turn)] {
		b = append(b, boolByte(r.open), r.bidders, r.committed)
	}
	return append(b, x.sweeps[:s.r.players]...)
}

// CaptureGroup implements game.Observer.
func (s *State) CaptureGroup(m game.Move, buf []cards.Card) []cards.Card {
	buf = buf[:0]
	if s.wait != stepCapture || m.Kind != game.Capture {
		return buf
	}
	if ch := s.choiceOf(m); ch != nil {
		ch.group.forEach(func(c cards.Card) { buf = append(buf, c) })
	}
	return buf
}

// CaptureWorth implements game.Observer.
func (s *State) CaptureWorth(c cards.Card) int {
	cp := s.r.prog.Captures
	if cp == nil || !c.Valid() {
		return 0
	}
	w := 0
	for _, a := range cp.Awards {
		switch a.Kind {
		case bc.AwardCard:
			if c.Face() == cards.Card(a.Arg) {
				w += 4 * int(a.Points)
			}
		case bc.AwardMostSuit:
			if c.Suit() == cards.Suit(a.Arg) {
				w += int(a.Points)
			}
		case bc.AwardPrimiera:
			if v := bc.PrimieraValue(c.Rank()); v >= 18 {
				w += int(a.Points)
			}
		}
	}
	return w
}

// TableSize implements game.Observer.
func (s *State) TableSize() int {
	if s.wait != stepCapture {
		return 0
	}
	return s.piles[s.r.pileOf(s.r.prog.Turn[s.phase].Table, 0)].len()
}
