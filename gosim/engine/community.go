package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Community cards and drawing to improve (docs/genome-betting.md,
// "community" and "discard_draw").

// community deals the phase's count of cards face up from its shared From
// onto the shared board To (no decision), refilling From by the stock
// rule if it runs out.
func (s *State) community(ph *bc.Phase) {
	from, to := s.r.pileOf(ph.From, 0), s.r.pileOf(ph.To, 0)
	for k := 0; k < int(ph.Count); k++ {
		if s.piles[from].n == 0 && !s.refill(ph.From) {
			return
		}
		s.put(from, s.piles[from].len()-1, to, EvTurnUp, -1, true)
	}
}

// dealDown deals count cards face down from the shared from to the bottom
// of the shared to (a banker's hole card, under its up card).
func (s *State) dealDown(st bc.SetupStep) {
	from, to := s.r.pileOf(st.From, 0), s.r.pileOf(st.To, 0)
	for k := 0; k < int(st.Count) && s.piles[from].n > 0; k++ {
		s.moveAt(from, s.piles[from].len()-1, to, 0, EvFaceDown, -1, false)
	}
}

// maxDiscardHand is the number of cards of a hand a Discard move can name
// (the lowest card ids when the hand is larger).
const maxDiscardHand = 8

// enterDiscard begins drawing to improve; it reports whether it waits.
func (s *State) enterDiscard() bool {
	s.b.done = 0
	s.b.actor = int8(s.nextSeatFrom(s.seatAfter(int(s.x.dealer), 1, 1), s.inHand))
	if s.b.actor < 0 || s.seatsInHand() < 2 {
		s.phase++
		return false
	}
	s.awaitV2(stepDiscard)
	return true
}

// sortedHand writes the first maxDiscardHand cards of the actor's hand in
// card-id order into h and returns how many there are.
func (s *State) sortedHand(ph *bc.Phase, h *[maxDiscardHand]cards.Card) int {
	var set cardSet
	p := &s.piles[s.r.pileOf(ph.From, int(s.b.actor))]
	for i := 0; i < p.len(); i++ {
		set.add(p.at(i))
	}
	n := 0
	for w := 0; w < 2 && n < maxDiscardHand; w++ {
		for x := set[w]; x != 0 && n < maxDiscardHand; x &= x - 1 {
			h[n] = cards.Card(w*64 + trailingZeros(x))
			n++
		}
	}
	return n
}

// discardMoves lists every set of at most max cards of the hand (bit sets
// in increasing order, the empty set first: stand pat).
func (s *State) discardMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	var h [maxDiscardHand]cards.Card
	n := s.sortedHand(ph, &h)
	for mask := 0; mask < 1<<n; mask++ {
		if k := popcount8(uint8(mask)); k <= int(ph.Count) {
			buf = append(buf, betMove(game.Discard, uint8(k), int32(mask)))
		}
	}
	return buf
}

func popcount8(x uint8) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// discard throws the move's cards face down onto the phase's To and draws
// as many from DrawFrom; it reports whether every seat has drawn.
func (s *State) discard(ph *bc.Phase, m game.Move) bool {
	var h [maxDiscardHand]cards.Card
	a := int(s.b.actor)
	n := s.sortedHand(ph, &h)
	from, to := s.r.pileOf(ph.From, a), s.r.pileOf(ph.To, a)
	k := 0
	for i := 0; i < n; i++ {
		if m.Amount&(1<<i) != 0 {
			s.put(from, s.piles[from].index(h[i]), to, EvPlay, a, false)
			k++
		}
	}
	s.draw(ph.DrawFrom, ph.From, a, k)
	s.b.done |= 1 << a
	next := s.nextSeatFrom((a+1)%s.r.players, func(x int) bool { return s.inHand(x) && s.b.done&(1<<x) == 0 })
	if next < 0 {
		s.b.actor = -1
		return true
	}
	s.b.actor = int8(next)
	s.awaitV2(stepDiscard)
	return false
}
