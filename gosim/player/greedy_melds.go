package player

import (
	"darwindeck/gosim/game"
)

// Greedy in rummy games (the melds family), reading only its own hand, the
// top of the discard pile and the public meld rules:
//
//   - Drawing: take the top card of the discard pile when, with the best
//     discard after it (not the taken card), the deadwood is lower than
//     the deadwood of the hand now; else draw from the stock.
//   - Discarding: discard the card whose removal leaves the least
//     deadwood, the highest deadwood value on ties; knock with it whenever
//     the rules allow.
//
// The deadwood of the hand without each of its cards comes from one call
// (DeadwoodWithout), kept in g.without for the scores of the decision. It
// allocates nothing: the hand buffer has room for the drawn card.

// meldChoice chooses a move of a draw_choice or meld_discard phase.
func (g *Greedy) meldChoice(st game.State, legal []game.Move) game.Move {
	g.hand = st.Hand(g.hand)
	if st.Phase() == game.MeldDrawing {
		return g.best(st, legal, g.drawScore)
	}
	g.without = st.DeadwoodWithout(g.hand)
	return g.best(st, legal, g.discardScore)
}

// drawScore scores the moves of a draw_choice phase: +1 for a take that
// lowers the deadwood, -1 for one that does not, 0 for the stock.
func (g *Greedy) drawScore(st game.State, m game.Move) int {
	if m.Kind != game.TakeDiscard {
		return 0
	}
	now := st.Deadwood(g.hand)
	g.hand = append(g.hand, m.Card)
	g.without = st.DeadwoodWithout(g.hand)
	last := len(g.hand) - 1
	best := -1
	for i := 0; i < last; i++ { // never the taken card itself
		if d := g.deadwoodWithout(st, i); best < 0 || d < best {
			best = d
		}
	}
	g.hand = g.hand[:last]
	if best >= 0 && best < now {
		return 1
	}
	return -1
}

// discardScore scores the moves of a meld_discard phase: least deadwood
// left, then highest value discarded, and a knock above the plain discard.
func (g *Greedy) discardScore(st game.State, m game.Move) int {
	i := -1
	for k, c := range g.hand {
		if c == m.Card {
			i = k
			break
		}
	}
	if i < 0 {
		return -1 << 20
	}
	v := -g.deadwoodWithout(st, i)*64 + st.DeadwoodValue(m.Card)
	if m.Kind == game.Knock {
		v += 1 << 16
	}
	return v
}

// deadwoodWithout is the deadwood of g.hand without its card i: from
// g.without for the first game.MeldHandMax cards, else by removing the card
// (swapped to the end of the buffer and back).
func (g *Greedy) deadwoodWithout(st game.State, i int) int {
	if i < game.MeldHandMax {
		return int(g.without[i])
	}
	last := len(g.hand) - 1
	g.hand[i], g.hand[last] = g.hand[last], g.hand[i]
	d := st.Deadwood(g.hand[:last])
	g.hand[i], g.hand[last] = g.hand[last], g.hand[i]
	return d
}
