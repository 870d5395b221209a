package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Match play (docs/genome-v2.md, "Match play"): the end conditions end a
// hand; each seat's hand score is added to its total; the match ends when a
// total reaches the target score or after max_hands hands, and the lowest
// (or highest) total wins, ties shared. Otherwise every card returns to the
// start zone, the deck is shuffled, the dealer moves one seat left and the
// setup runs again. The turn cap and the turn counter run over the match.

// conclude ends the hand with the rules' result: without match play it
// ends the game; with it, the hand is scored and the match either ends or
// deals the next hand (advancing to its first decision). It reports true:
// the caller must stop.
func (s *State) conclude(o game.Outcome, winners uint8) bool {
	m := s.r.prog.Match
	if m == nil {
		s.finish(o, winners)
		return true
	}
	s.countTurn()
	if s.r.tr.t != nil && s.scoreHand() {
		return true // the knockout rule ended the match
	}
	reached := false
	for seat := 0; seat < s.r.players; seat++ {
		s.x.totals[seat] += int32(s.handPoints(seat))
		reached = reached || s.x.totals[seat] >= int32(m.TargetScore)
	}
	s.x.hands++
	if !reached && s.x.hands < m.MaxHands && int(s.turns) >= s.r.prog.TurnCap {
		s.finish(game.Unfinished, 0) // the hand ended on the capped turn: no next hand
		return true
	}
	if reached || s.x.hands >= m.MaxHands {
		winners := s.bestTotals(m.Result == bc.HighestScoreWins)
		s.addMeldBonuses() // melds family: box and game bonuses, after the winner is known
		s.finish(game.Win, winners)
		return true
	}
	s.newHand()
	return true
}

// bestTotals is the set of seats with the lowest (or highest) match total.
func (s *State) bestTotals(highest bool) uint8 {
	var set uint8
	var best int32
	for seat := 0; seat < s.r.players; seat++ {
		v := s.x.totals[seat]
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

// newHand gathers every card into the start zone, shuffles it, moves the
// dealer one seat left and runs the setup again.
func (s *State) newHand() {
	r := s.r
	start := r.base[r.prog.Start]
	for i := range s.piles {
		if i == start {
			continue
		}
		for s.piles[i].n > 0 {
			s.moveAt(i, s.piles[i].len()-1, start, -1, EvCollect, -1, false)
		}
	}
	for i := range s.declared {
		s.declared[i] = cards.NoSuit
	}
	s.phase, s.dir, s.wait = 0, 1, stepOver
	s.out = [bc.MaxPlayers]bool{}
	s.inGame = r.players
	s.skips, s.extra, s.nextLead = 0, false, -1
	s.trickLen, s.trickActs, s.led, s.broken = 0, 0, false, false
	s.trump, s.trumpFixed = cards.NoSuit, false
	s.resetHandV2()
	s.resetTrickHand()
	s.x.dealer = uint8((int(s.x.dealer) + 1) % r.players)
	s.shuffle(&s.piles[start])
	if s.know != nil {
		s.initKnowledge() // everyone knows every card is in the shuffled start zone
	}
	s.setup()
}

// recordScore is the score the record reports: the match total with match
// play, else the hand's score.
func (s *State) recordScore(seat int) int {
	if s.r.prog.Match != nil {
		v := int(s.x.totals[seat])
		if s.outcome == game.Ongoing || s.outcome == game.Unfinished {
			v += s.handScore(seat) // the hand in progress
		}
		return v
	}
	return s.Score(seat)
}
