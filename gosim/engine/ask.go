package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Fishing: the ask phase (docs/genome-v2.md, "ask").

// canAsk reports whether the current player has an ask: a card in the ask
// zone and another seat in the game holding cards there.
func (s *State) canAsk(ph *bc.Phase) bool {
	if s.piles[s.r.pileOf(ph.From, s.cur)].n == 0 {
		return false
	}
	for seat := 0; seat < s.r.players; seat++ {
		if seat != s.cur && !s.out[seat] && s.piles[s.r.pileOf(ph.From, seat)].n > 0 {
			return true
		}
	}
	return false
}

// askMoves lists Ask{seat, rank} for every other seat in the game holding
// cards and every rank the asker holds, by seat then rank.
func (s *State) askMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	held := rankCounts(&s.piles[s.r.pileOf(ph.From, s.cur)])
	for seat := 0; seat < s.r.players; seat++ {
		if seat == s.cur || s.out[seat] || s.piles[s.r.pileOf(ph.From, seat)].n == 0 {
			continue
		}
		for rk := cards.Rank(0); rk < cards.NumRanks; rk++ {
			if held[rk] > 0 {
				buf = append(buf, game.AskFor(seat, rk))
			}
		}
	}
	return buf
}

// ask plays Ask{seat, rank}: the asked seat gives every card of the rank,
// face up; if it has none, the asker fishes one card from draw_from. The
// asker takes another turn as the again rule says. Everyone learns that
// the asker holds the rank, and on a failed ask that the asked seat does
// not.
func (s *State) ask(ph *bc.Phase, m game.Move) {
	r := s.r
	target, mine := r.pileOf(ph.From, int(m.Seat)), r.pileOf(ph.From, s.cur)
	given := s.takeCards(target, mine, m.Rank, cards.MaxCards, EvGive, int(m.Seat), true, false)
	lucky := false
	if given == 0 {
		if s.know != nil {
			set := s.rankSet(m.Rank)
			s.exclude(&set, target)
		}
		if ph.DrawFrom != bc.NoZone && s.draw(ph.DrawFrom, ph.From, s.cur, 1) == 1 {
			lucky = s.piles[mine].top().Rank() == m.Rank
			if lucky && ph.Again == bc.AgainOnSuccessOrLucky && s.know != nil {
				// The lucky card is shown: it is why the asker goes again.
				s.reveal(s.piles[mine].top(), mine)
			}
		}
	}
	s.x.holds[s.cur] |= 1 << m.Rank
	switch ph.Again {
	case bc.AgainOnSuccess:
		s.extra = s.extra || given > 0
	case bc.AgainOnSuccessOrLucky:
		s.extra = s.extra || given > 0 || lucky
	}
}

// rankSet is the set of the deck's cards of rank rk.
func (s *State) rankSet(rk cards.Rank) cardSet {
	var set cardSet
	for _, c := range s.r.deck {
		if c.Rank() == rk {
			set.add(c)
		}
	}
	return set
}

// reveal records that every seat has seen card c, in pile i.
func (s *State) reveal(c cards.Card, i int) {
	b := pileBit(i)
	for p := 0; p < s.r.players; p++ {
		s.know.row(p)[c] = b
	}
}

// holdsConsistent reports whether every seat holds a card of every rank it
// is publicly known to hold (a Determinize world must agree).
func (s *State) holdsConsistent() bool {
	z := s.r.v2.askZone
	if z < 0 {
		return true
	}
	for seat := 0; seat < s.r.players; seat++ {
		want := s.x.holds[seat]
		if want == 0 {
			continue
		}
		p := &s.piles[s.r.base[z]+seat]
		var have uint16
		for i := 0; i < p.len(); i++ {
			have |= 1 << p.at(i).Rank()
		}
		if want&^have != 0 {
			return false
		}
	}
	return true
}
