package engine

import (
	bc "darwindeck/gosim/bytecode"
)

// Beggar games: the play_top phase and penalty payments
// (docs/genome-v2.md, "play_top" and "penalty").
//
// A card turned up with a penalty effect makes the next player owe Count
// cards. The payer pays one play_top per turn, keeping the turn (an extra
// turn) while cards are still owed. A paid card with a penalty effect stops
// the payment: the seat after the payer now owes that card's count to the
// payer. When a payment is complete without one, the seat owed takes the
// whole pile under its own pile, in the order played (the first card
// played is the first of them to be turned up again), and leads next. A
// payer whose pile runs out is out; the next seat in the game pays the
// rest.

// turnUp turns up the current player's top card and applies its effects.
func (s *State) turnUp(ph *bc.Phase) {
	from, to := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.To, s.cur)
	c := s.moveAt(from, s.piles[from].len()-1, to, -1, EvPlay, s.cur, true)
	mask := s.effectsOf(c)
	penalty := false
	for i, e := range s.r.prog.Effects {
		if mask&(1<<i) == 0 {
			continue
		}
		switch e.Kind {
		case bc.EffectPenalty:
			if !penalty {
				penalty = true
				s.x.owed, s.x.penaltyBy = e.Count, int8(s.cur)
			}
		case bc.EffectSkip:
			s.skips++
		case bc.EffectReverse:
			if s.inGame == 2 {
				s.skips++
			} else {
				s.dir = -s.dir
			}
		case bc.EffectDraw, bc.EffectDrawStackable:
			next := s.seatAfter(s.cur, s.dir, 1)
			s.draw(e.Zone, ph.From, next, int(e.Count))
		case bc.EffectExtraTurn:
			s.extra = true
		}
	}
	if penalty || s.x.owed == 0 || int(s.x.penaltyBy) == s.cur {
		return
	}
	s.x.owed--
	if s.x.owed > 0 {
		s.extra = true // keep paying
		return
	}
	// Paid in full: the seat owed takes the pile and leads.
	winner := int(s.x.penaltyBy)
	s.x.penaltyBy = -1
	pile := s.r.pileOf(ph.From, winner)
	for s.piles[to].n > 0 {
		s.moveAt(to, 0, pile, 0, EvTake, winner, false)
	}
	s.nextLead = winner
}
