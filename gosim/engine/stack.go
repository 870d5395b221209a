package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
)

// Stackable draws (docs/genome-v2.md, "draw ... stackable"): a card with a
// draw_stackable effect adds its count to a pending total instead of making
// the next player draw at once. The next player to reach a play phase may
// answer with a legal card that has a stackable draw effect (adding its
// count and passing the total on) or pass; a player who passes, or holds no
// such card, draws the whole total from the effect's zone and the turn
// ends.

// stackDraw adds a played card's stackable draw to the pending total.
func (s *State) stackDraw(e bc.Effect) {
	s.x.pendingDraw += e.Count
	s.x.pendingZone = e.Zone
	s.x.pendingBy = int8(s.cur)
}

// stackable is the set of legal cards of the current player that carry a
// stackable draw effect.
func (s *State) stackable(ph *bc.Phase) cardSet {
	var set cardSet
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	for i := 0; i < hand.len(); i++ {
		c := hand.at(i)
		if !eval(ph.Legal, c, s, nil) {
			continue
		}
		m := s.effectsOf(c)
		for k, e := range s.r.prog.Effects {
			if m&(1<<k) != 0 && e.Kind == bc.EffectDrawStackable {
				set.add(c)
				break
			}
		}
	}
	return set
}

func (s *State) anyStackable(ph *bc.Phase) bool {
	set := s.stackable(ph)
	return !set.empty()
}

// stackMoves lists the answers to a stacked draw: pass (take it) and every
// stackable card.
func (s *State) stackMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	set := s.stackable(ph)
	buf = s.appendCards(buf, &set, true)
	// Pass carries no card (id 255): its key is above every card's.
	return append(buf, game.PassMove)
}

// takeStack makes the current player draw the pending total.
func (s *State) takeStack(ph *bc.Phase) {
	n, z := int(s.x.pendingDraw), s.x.pendingZone
	s.x.pendingDraw, s.x.pendingZone, s.x.pendingBy = 0, bc.NoZone, -1
	s.draw(z, ph.From, s.cur, n)
}
