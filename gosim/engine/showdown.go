package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/hands"
)

// Showdowns (docs/genome-betting.md, "showdown"). The hands of the seats
// still in the hand are turned up (folded hands never are) and ranked:
// poker (the best five cards of the hand and the board, package hands) or
// points (the blackjack total, a natural above any other 21, a bust below
// everything). The pot is split into a main pot and side pots by the
// chips each seat put in: a pot at level L holds, from every seat, its
// chips up to L above the previous level, and goes to the best hand among
// the seats in the hand that put in at least L. Equal hands split a pot;
// the odd chips go one at a time to the tied winners from the dealer's
// left. In a banker game the banker plays and settles each seat's stake
// instead (banker.go).

// handValue ranks a seat's hand (with the board) for the showdown; higher
// is better.
func (s *State) handValue(seat int) uint32 {
	bt := &s.r.bet
	var buf [cards.MaxCards]cards.Card
	h := s.collect(bt.hand, seat, buf[:0])
	if bt.rank == bc.RankPoints {
		return pointsValue(h)
	}
	if bt.board != bc.NoZone {
		h = s.collect(bt.board, 0, h)
	}
	return uint32(hands.BestOf(h[:min(len(h), 64)]))
}

// pointsValue ranks a points hand: 0 for a bust, else twice the total,
// plus one for a natural.
func pointsValue(h []cards.Card) uint32 {
	t, _ := hands.Points(h)
	if t > 21 {
		return 0
	}
	v := uint32(2 * t)
	if hands.Natural(h) {
		v++
	}
	return v
}

// collect appends the cards of seat's copy of zone z to buf.
func (s *State) collect(z uint8, seat int, buf []cards.Card) []cards.Card {
	p := &s.piles[s.r.pileOf(z, seat)]
	for i := 0; i < p.len(); i++ {
		buf = append(buf, p.at(i))
	}
	return buf
}

// revealPile makes every card of pile i known to every seat (turned up).
func (s *State) revealPile(i int) {
	if s.know == nil {
		return
	}
	p := &s.piles[i]
	bit := pileBit(i)
	for seat := 0; seat < s.r.players; seat++ {
		row := s.know.row(seat)
		for j := 0; j < p.len(); j++ {
			row[p.at(j)] = bit
		}
	}
}

// showdown turns up the hands still in and pays the pots (or, with a
// banker, settles the stakes); the hand is then over.
func (s *State) showdown() {
	bt := &s.r.bet
	b := &s.b
	var value [bc.MaxPlayers]uint32
	for seat := 0; seat < s.r.players; seat++ {
		if s.inHand(seat) {
			s.revealPile(s.r.pileOf(bt.hand, seat))
			value[seat] = s.handValue(seat)
		}
	}
	if bt.banker {
		s.settleBanker(&value)
		b.handOver = true
		return
	}
	left := s.seatAfter(int(s.x.dealer), 1, 1)
	for s.pot() > 0 {
		// The lowest level still owed by a seat in the hand.
		level := int32(-1)
		for seat := 0; seat < s.r.players; seat++ {
			if c := b.committed[seat]; s.inHand(seat) && c > 0 && (level < 0 || c < level) {
				level = c
			}
		}
		if level < 0 {
			// Only folded chips remain (never above the highest seat in):
			// they go with the last pot.
			level = 0
			for seat := 0; seat < s.r.players; seat++ {
				level = max(level, b.committed[seat])
			}
		}
		var pot int32
		var winners uint8
		var best uint32
		for seat := 0; seat < s.r.players; seat++ {
			c := min(b.committed[seat], level)
			pot += c
			b.committed[seat] -= c
			if s.inHand(seat) && c == level && level > 0 {
				switch {
				case winners == 0 || value[seat] > best:
					winners, best = 1<<seat, value[seat]
				case value[seat] == best:
					winners |= 1 << seat
				}
			}
		}
		if winners == 0 {
			winners = 1 << left // unreachable in a legal hand; keeps chips conserved
		}
		s.splitPot(pot, winners, left)
	}
	b.handOver = true
}

// splitPot shares pot equally among the seats of winners; the odd chips
// go one each to winners in seating order from seat first.
func (s *State) splitPot(pot int32, winners uint8, first int) {
	n := int32(popcount8(winners))
	share, odd := pot/n, pot%n
	for i := 0; i < s.r.players; i++ {
		seat := (first + i) % s.r.players
		if winners&(1<<seat) == 0 {
			continue
		}
		s.b.stack[seat] += share
		if odd > 0 {
			s.b.stack[seat]++
			odd--
		}
	}
}
