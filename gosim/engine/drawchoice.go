package engine

import (
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// The melds family's per-game state and its draw_choice phase
// (docs/genome-melds.md): the player draws the top card of the stock or
// takes the top card of the discard pile, a decision. A card taken from
// the discard pile is public: every seat knows it is in the taker's hand
// (the move tracker records it, knowledge.go), so Determinize keeps it there.

// Steps of the melds family (explicit values: the family's allocated range).
const (
	stepDrawChoice  step = 40 // a draw_choice phase: draw the stock or take the discard
	stepMeldDiscard step = 41 // a meld_discard phase: discard, or discard and knock
)

// What ends a rummy hand, pending until checkEnd.
const (
	meldNothing uint8 = 0
	meldKnocked uint8 = 1 // a knock: the hand is scored
	meldVoid    uint8 = 2 // the stock ran down: the hand is void
)

// MeldStats counts what ended the hands of a rummy game.
type MeldStats struct {
	Knocks    uint32 // hands ended by a knock (gins included)
	Gins      uint32 // knocks with no deadwood
	Undercuts uint32 // defenders who undercut the knocker
	Voids     uint32 // hands voided when the stock ran down
}

// meldState is the melds family's state of a game. Every field but
// knockable is public; knockable is derived from the mover's hand.
type meldState struct {
	taken     cards.Card // card taken from the discard pile this turn, or None
	pending   uint8      // meldNothing, meldKnocked or meldVoid
	upcard    uint8      // upcard round: 0 over, k > 0 open with k-1 passes so far
	mustDraw  bool       // everyone passed the upcard: the next draw is from the stock
	knocker   int8
	knockable cardSet // cards of the mover's hand whose discard allows a knock
	points    [bc.MaxPlayers]int32
	won       [bc.MaxPlayers]uint8 // hands won (box bonuses)
	stats     MeldStats
}

// resetMelds starts the melds state of a new game.
func (s *State) resetMelds() {
	s.m = meldState{}
	s.resetMeldHand()
}

// resetMeldHand clears the state that lives for one hand and opens the
// upcard round when the first draw_choice phase has one.
func (s *State) resetMeldHand() {
	m := &s.m
	m.taken, m.pending, m.knocker, m.knockable = cards.None, meldNothing, -1, cardSet{}
	m.points = [bc.MaxPlayers]int32{}
	m.upcard, m.mustDraw = 0, false
	for _, ph := range s.r.prog.Turn {
		if ph.Kind == bc.PhaseDrawChoice {
			if ph.Upcard {
				m.upcard = 1
			}
			break
		}
	}
}

// MeldStats returns the knock, gin, undercut and void counts so far.
func (s *State) MeldStats() MeldStats { return s.m.stats }

// enterDrawChoice starts a draw_choice phase. It reports true when the
// phase waits for a move; with neither a stock nor a discard to draw the
// hand is void and it reports false.
func (s *State) enterDrawChoice(ph *bc.Phase) bool {
	stock := s.r.pileOf(ph.DrawFrom, s.cur)
	if s.piles[stock].n == 0 {
		s.refill(ph.DrawFrom)
	}
	if s.piles[stock].n == 0 && s.piles[s.r.pileOf(ph.To, s.cur)].n == 0 {
		s.m.pending = meldVoid
		s.phase++
		return false
	}
	s.awaitV2(stepDrawChoice)
	return true
}

// drawChoiceMoves lists the top card of the discard pile (if any, and not
// after everyone passed the upcard), then in the upcard round the pass,
// else the stock draw (if the stock has a card).
func (s *State) drawChoiceMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	stock := s.piles[s.r.pileOf(ph.DrawFrom, s.cur)].n > 0
	if d := &s.piles[s.r.pileOf(ph.To, s.cur)]; d.n > 0 && !(s.m.mustDraw && stock) {
		buf = append(buf, game.TakeDiscardOf(d.top()))
	}
	if s.m.upcard > 0 {
		return append(buf, game.PassMove)
	}
	if stock {
		buf = append(buf, game.DrawStockMove)
	}
	return buf
}

// drawChoice applies a draw_choice move. A pass in the upcard round ends
// the turn (Apply steps past the last phase); when every seat in the game
// has passed, the next draw (the first player's) is from the stock.
func (s *State) drawChoice(ph *bc.Phase, m game.Move) {
	s.m.mustDraw = false
	switch m.Kind {
	case game.Pass:
		if s.m.upcard++; int(s.m.upcard) > s.inGame {
			s.m.upcard, s.m.mustDraw = 0, true
		}
		s.phase = len(s.r.prog.Turn) - 1
		return
	case game.DrawStock:
		s.draw(ph.DrawFrom, ph.From, s.cur, 1)
	default:
		d := s.r.pileOf(ph.To, s.cur)
		s.put(d, s.piles[d].len()-1, s.r.pileOf(ph.From, s.cur), EvTake, s.cur, true)
		s.m.taken = m.Card
	}
	s.m.upcard = 0
}

// DiscardTop implements game.Observer.
func (s *State) DiscardTop() (cards.Card, bool) {
	if s.wait != stepDrawChoice && s.wait != stepMeldDiscard {
		return cards.None, false
	}
	d := &s.piles[s.r.pileOf(s.r.prog.Turn[s.phase].To, s.cur)]
	if d.n == 0 {
		return cards.None, false
	}
	return d.top(), true
}

// Deadwood implements game.Observer.
func (s *State) Deadwood(hand []cards.Card) int {
	if !s.r.melds.on {
		return 0
	}
	return s.r.melds.deadwood(hand)
}

// DeadwoodWithout implements game.Observer.
func (s *State) DeadwoodWithout(hand []cards.Card) [game.MeldHandMax]int16 {
	if !s.r.melds.on {
		return [game.MeldHandMax]int16{}
	}
	return s.r.melds.deadwoodWithout(hand)
}

// DeadwoodValue implements game.Observer.
func (s *State) DeadwoodValue(c cards.Card) int {
	if !s.r.melds.on || !c.Valid() {
		return 0
	}
	return s.r.melds.value(c)
}

// KnockLimit implements game.Observer.
func (s *State) KnockLimit() int {
	if !s.r.melds.on {
		return -1
	}
	return int(s.r.melds.m.KnockLimit)
}

// meldInfo is the melds family's public state for InfoString (knockable
// is left out: it is derived from the mover's hand).
func (s *State) meldInfo() string {
	if !s.r.melds.on {
		return ""
	}
	m := &s.m
	return fmt.Sprintf("melds taken %s pending %d knocker %d upcard %d must draw %t points %v won %v stats %+v\n",
		m.taken, m.pending, m.knocker, m.upcard, m.mustDraw, m.points[:s.r.players], m.won[:s.r.players], m.stats)
}
