package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Climbing: the climb phase (docs/genome-v2.md, "climb"). The leader plays
// any set of 1 to max_set cards of one rank; each next player plays a set
// of the same size and a higher rank, or passes. When every other seat
// still holding cards has passed since the last play, the pile is cleared
// and the seat that made the last play leads. A seat with an empty hand is
// skipped (advanceV2).

// climbMoves lists the sets the player may play, and Pass unless leading.
func (s *State) climbMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	x := &s.x
	if x.climbCount > 0 {
		buf = append(buf, game.PassMove)
	}
	held := rankCounts(&s.piles[s.r.pileOf(ph.From, s.cur)])
	beat := -1
	if x.climbCount > 0 {
		beat = int(s.r.rankVal[x.climbRank])
	}
	for rk := cards.Rank(0); rk < cards.NumRanks; rk++ {
		if int(s.r.rankVal[rk]) <= beat {
			continue
		}
		if x.climbCount > 0 {
			if held[rk] >= x.climbCount {
				buf = append(buf, game.PlaySetOf(rk, int(x.climbCount)))
			}
			continue
		}
		for n := 1; n <= int(held[rk]) && n <= int(ph.Count); n++ {
			buf = append(buf, game.PlaySetOf(rk, n))
		}
	}
	return buf
}

// climb plays a set or a pass, then clears the pile if every other seat
// holding cards has passed since the last play.
func (s *State) climb(ph *bc.Phase, m game.Move) {
	x := &s.x
	if m.Kind == game.Pass {
		x.climbPassed |= 1 << s.cur
	} else {
		from, to := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.To, s.cur)
		s.takeCards(from, to, m.Rank, int(m.Count), EvPlay, s.cur, true, false)
		x.climbRank, x.climbCount, x.climbLast, x.climbPassed = m.Rank, m.Count, int8(s.cur), 0
	}
	if s.allOthersPassed(ph) {
		s.movePile(s.r.pileOf(ph.To, 0), s.r.pileOf(ph.ClearedTo, 0), EvClear, -1, true)
		s.nextLead = int(x.climbLast)
		x.climbCount, x.climbLast, x.climbPassed = 0, -1, 0
	}
}

// allOthersPassed reports whether every seat other than the last player,
// in the game and holding cards, has passed since the last play.
func (s *State) allOthersPassed(ph *bc.Phase) bool {
	x := &s.x
	if x.climbCount == 0 {
		return false
	}
	for seat := 0; seat < s.r.players; seat++ {
		if seat == int(x.climbLast) || s.out[seat] || s.piles[s.r.pileOf(ph.From, seat)].n == 0 {
			continue
		}
		if x.climbPassed&(1<<seat) == 0 {
			return false
		}
	}
	return true
}
