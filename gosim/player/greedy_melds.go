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
// It allocates nothing: the hand buffer has room for the drawn card, and a
// card is "removed" by swapping it to the end of the buffer.

// drawScore scores the moves of a draw_choice phase.
func (g *Greedy) drawScore(st game.State, m game.Move) int {
	if m.Kind != game.TakeDiscard {
		return 0
	}
	now := st.Deadwood(g.hand)
	g.hand = append(g.hand, m.Card)
	best := -1
	last := len(g.hand) - 1
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

// deadwoodWithout is the deadwood of g.hand without its card i (the order
// of g.hand is restored).
func (g *Greedy) deadwoodWithout(st game.State, i int) int {
	last := len(g.hand) - 1
	g.hand[i], g.hand[last] = g.hand[last], g.hand[i]
	d := st.Deadwood(g.hand[:last])
	g.hand[i], g.hand[last] = g.hand[last], g.hand[i]
	return d
}


// meldScore dispatches by phase.
func (g *Greedy) meldScore(st game.State, m game.Move) int {
	if st.Phase() == game.Drawing {
		return g.drawScore(st, m)
	}
	return g.discardScore(st, m)
}
