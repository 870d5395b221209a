package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// Sets and draws from a neighbour (docs/genome-v2.md, "discard_sets" and
// "draw from a neighbour").

// setKey is the group of a card for discard_sets: its rank, or its rank and
// colour.
func setKey(c cards.Card, m bc.SetMatch) int {
	if m == bc.MatchRankAndColor {
		return int(c.Rank())*2 + int(c.Colour())
	}
	return int(c.Rank())
}

// discardSets moves every complete set of size cards out of seat's copy of
// zone from into zone to (seat's copy if per player), face up. Groups are
// taken in key order and, within a group, the lowest card ids first, as
// many sets as there are.
func (s *State) discardSets(from, to uint8, size int, m bc.SetMatch, seat int) {
	src, dst := s.r.pileOf(from, seat), s.r.pileOf(to, seat)
	var count [2 * cards.NumRanks]uint8
	p := &s.piles[src]
	for i := 0; i < p.len(); i++ {
		count[setKey(p.at(i), m)]++
	}
	for key, n := range count {
		take := int(n) / size * size
		for ; take > 0; take-- {
			best := -1
			for i := 0; i < p.len(); i++ {
				if c := p.at(i); setKey(c, m) == key && (best < 0 || c < p.at(best)) {
					best = i
				}
			}
			s.put(src, best, dst, EvDiscardSet, seat, true)
		}
	}
}

// drawFromNeighbour draws Count cards, one at a time and each uniformly at
// random (a random event), from the copy of the per-player zone From of the
// nearest other seat in the game that holds cards there: the next seat in
// play direction (left) or the previous one (right).
func (s *State) drawFromNeighbour(ph *bc.Phase) {
	step := s.dir
	if ph.FromPlayer == bc.RightPlayer {
		step = -step
	}
	to := s.r.pileOf(ph.To, s.cur)
	for k := 0; k < int(ph.Count); k++ {
		seat := s.neighbourWithCards(ph.From, step)
		if seat < 0 {
			return
		}
		from := s.r.pileOf(ph.From, seat)
		s.chance++
		pos := s.rng.Intn(s.piles[from].len())
		s.put(from, pos, to, EvDraw, s.cur, false)
	}
}

// neighbourWithCards is the nearest seat in direction step, other than the
// current player and in the game, whose copy of zone z holds cards, or -1.
func (s *State) neighbourWithCards(z uint8, step int) int {
	n := s.r.players
	seat := s.cur
	for i := 1; i < n; i++ {
		seat = ((seat+step)%n + n) % n
		if !s.out[seat] && s.piles[s.r.pileOf(z, seat)].n > 0 {
			return seat
		}
	}
	return -1
}
