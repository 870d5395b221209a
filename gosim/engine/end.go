package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
)

// checkEnd checks the end conditions in order and ends the game (with match
// play, the hand) at the first that holds. A game in which no seat is left
// ends as a draw. While a claim waits for its answers nothing is checked.
// It reports whether the caller must stop: the game is over, or a new hand
// of a match was dealt and advanced to its first decision.
func (s *State) checkEnd() bool {
	if s.wait == stepOver && s.outcome != game.Ongoing {
		return true
	}
	if s.wait == stepAnswer {
		return false
	}
	if s.x.stockOut {
		return s.endOnEmptyStock()
	}
	if s.m.pending != meldNothing {
		return s.endMeldHand()
	}
	if s.b.handOver {
		return s.concludeBetHand()
	}
	s.putOutEmptySeats()
	if s.inGame == 0 {
		return s.conclude(game.Draw, 0)
	}
	r := s.r
	for _, e := range r.prog.End {
		switch e.Kind {
		case bc.EndZoneEmpty:
			if e.Result == bc.ThatPlayerLoses {
				if s.inGame == 1 {
					return s.conclude(game.Win, s.inGameSet())
				}
				continue
			}
			for i := 0; i < r.players; i++ {
				seat := (s.cur + i) % r.players
				if !s.out[seat] && s.piles[r.base[e.Zone]+seat].n == 0 {
					return s.conclude(game.Win, 1<<seat)
				}
			}
		case bc.EndAllEmpty:
			empty := true
			for seat := 0; seat < r.players && empty; seat++ {
				empty = s.piles[r.base[e.Zone]+seat].n == 0
			}
			if empty {
				return s.conclude(game.Win, s.bestScores(e.Result == bc.HighestScoreWins))
			}
		case bc.EndAllButOneEmpty:
			if s.inGame == 1 {
				all := uint8(1)<<r.players - 1
				return s.conclude(game.Win, all&^s.inGameSet())
			}
		case bc.EndOneLeft:
			if s.inGame == 1 {
				return s.conclude(game.Win, s.inGameSet())
			}
		case bc.EndCaptureDone:
			if s.captureDone(e.Zone) {
				return s.conclude(game.Win, s.bestScores(e.Result == bc.HighestScoreWins))
			}
		}
	}
	return false
}

// inGameSet is the bit set of the seats still in the game.
func (s *State) inGameSet() uint8 {
	var set uint8
	for seat := 0; seat < s.r.players; seat++ {
		if !s.out[seat] {
			set |= 1 << seat
		}
	}
	return set
}

// bestScores is the set of seats in the game with the lowest (or highest)
// score.
func (s *State) bestScores(highest bool) uint8 {
	var set uint8
	best := 0
	for seat := 0; seat < s.r.players; seat++ {
		if s.out[seat] {
			continue
		}
		v := s.Score(seat)
		if highest {
			v = -v
		}
		switch {
		case set == 0 || v < best:
			set, best = 1<<seat, v
		case v == best:
			set |= 1 << seat
		}
	}
	return set
}

// finish ends the game; the turn in progress counts as taken.
func (s *State) finish(o game.Outcome, winners uint8) {
	s.countTurn()
	s.wait = stepOver
	s.outcome, s.winners = o, winners
	if o != game.Win {
		s.winners = 0
	}
}

// Score implements game.Observer: the scoring points of the seat's copy of
// the scoring zone, or without scoring the number of cards the seat holds in
// all per-player zones.
func (s *State) Score(seat int) int {
	r := s.r
	if seat < 0 || seat >= r.players {
		return 0
	}
	if r.melds.on {
		return int(s.x.totals[seat] + s.m.points[seat]) // melds family: the match standing
	}
	if v, ok := s.trickScore(seat); ok {
		return v
	}
	if r.bet.on {
		return int(s.b.stack[seat]) // betting games: the seat's chips
	}
	if r.prog.Captures != nil {
		return s.captureScore(seat)
	}
	if r.scoringZone < 0 {
		return s.cardsHeld(seat)
	}
	if r.staticPoints {
		return int(s.scores[seat])
	}
	total := 0
	p := &s.piles[r.base[r.scoringZone]+seat]
	for i := 0; i < p.len(); i++ {
		c := p.at(i)
		for _, e := range r.prog.Scoring.Entries {
			if eval(e.Card, c, s, nil) {
				total += int(e.Points)
			}
		}
	}
	return total
}

// cardsHeld counts a seat's cards in all per-player zones.
// It is kept up to date by move; recountHeld counts it from the piles.
func (s *State) cardsHeld(seat int) int { return int(s.held[seat]) }

func (s *State) recountHeld() {
	s.held = [bc.MaxPlayers]int32{}
	for i := range s.piles {
		if o := s.r.pileOwner[i]; o != noSeat {
			s.held[o] += int32(s.piles[i].len())
		}
	}
}

// leader returns the seat with the sole best standing, or -1 on a tie.
func (s *State) leader() int {
	var v [bc.MaxPlayers]int
	who, _ := s.standings(&v)
	return who
}

// standings fills v with the standing of every seat in the game and returns
// the sole leader (-1 on a tie) and the best standing.
func (s *State) standings(v *[bc.MaxPlayers]int) (int, int) {
	r := s.r
	best, who, tie := 0, -1, false
	for seat := 0; seat < r.players; seat++ {
		if s.out[seat] {
			continue
		}
		v[seat] = s.standing(seat)
		switch {
		case who < 0 || v[seat] < best:
			best, who, tie = v[seat], seat, false
		case v[seat] == best && s.partnerOf(seat) != who:
			tie = true // partners share a standing: a side leads alone
		}
	}
	if tie {
		return -1, best
	}
	return who, best
}

// standing is a seat's value on the game's leader measure, lower is better:
// its score (negated when the highest wins), its cards in the zone whose
// emptying wins, or minus the cards it holds.
func (s *State) standing(seat int) int {
	r := s.r
	switch r.leader {
	case leadLowestScore:
		return s.Score(seat)
	case leadHighestScore:
		return -s.Score(seat)
	case leadFewestInZone:
		return s.piles[r.base[r.prog.End[0].Zone]+seat].len()
	case leadMostInZone:
		return -s.piles[r.base[r.prog.End[0].Zone]+seat].len()
	case leadMeldTotals:
		return -int(s.x.totals[seat] + s.m.points[seat])
	default: // leadMostCards
		return -s.cardsHeld(seat)
	}
}

// followLeader records the leader after a turn (or after setup, turn 0):
// lead_changes counts changes of the sole leader after the first one;
// lead_settled_turn is the last turn at which the leader (or its absence)
// changed.
func (s *State) followLeader() {
	var v [bc.MaxPlayers]int
	l, best := s.standings(&v)
	s.noteTurnEnd(&v, best)
	if l != s.lastLeader {
		s.lastLeader = l
		s.leadSettled = s.turns
	}
	if l >= 0 {
		if s.lastSole >= 0 && l != s.lastSole {
			s.leadChanges++
		}
		s.lastSole = l
	}
}
