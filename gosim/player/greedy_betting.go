package player

import (
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/hands"
)

// Greedy in betting games (docs/players.md, docs/genome-betting.md):
//
//   - Betting: the hand's strength from the cards the seat holds and the
//     board (package hands): strong (two pair or better; with fewer than
//     five cards a pair of tens or better) bets or raises the smallest size,
//     else calls; medium (a pair, or two cards ten or higher) checks, and
//     calls a bet of at most half the pot; weak checks, calls at most a
//     quarter of the pot, else folds. In points games strength is the total:
//     19-21 strong, 17-18 medium.
//   - Drawing: keep every card of a pair or better and four cards of one
//     suit; throw the others, lowest first, as many as allowed.
//   - Hitting: "mimic the dealer": hit below the banker's standing total
//     (17 without a banker), stand on it and above.

type strength int

const (
	weak strength = iota
	medium
	strong
)

func (g *Greedy) chooseBetting(st game.State, legal []game.Move) game.Move {
	g.hand = st.Hand(g.hand)
	view := st.Betting()
	switch st.Phase() {
	case game.Hitting:
		stand := 17
		if view.StandsOn > 0 {
			stand = view.StandsOn
		}
		t, _ := hands.Points(g.hand)
		for _, m := range legal {
			if (m.Kind == game.Hit) == (t < stand) {
				return m
			}
		}
	case game.Drawing:
		return g.discard(st, legal)
	case game.Betting:
		return g.betChoice(legal, g.strength(view), view)
	}
	return legal[0]
}

// strength classes the seat's hand with the board.
func (g *Greedy) strength(view game.BetView) strength {
	all := append(g.trick[:0], g.hand...)
	all = append(all, view.Board[:view.BoardN]...)
	g.trick = all
	if !view.Poker {
		t, _ := hands.Points(g.hand)
		switch {
		case t > 21:
			return weak
		case t >= 19:
			return strong
		case t >= 17:
			return medium
		}
		return weak
	}
	if len(all) == 0 {
		return weak
	}
	v := hands.BestOf(all[:min(len(all), 64)])
	switch cat := v.Category(); {
	case cat >= hands.TwoPair:
		return strong
	case cat == hands.OnePair && len(all) < 5 && cards.Rank(v>>16&15) > cards.Ten: // short hands store rank+1
		return strong
	case cat == hands.OnePair:
		return medium
	}
	high := 0
	for _, c := range all {
		if c.Rank() >= cards.Ten {
			high++
		}
	}
	if len(all) <= 2 && high == len(all) {
		return medium
	}
	return weak
}

// betChoice picks a betting move for a hand of strength s.
func (g *Greedy) betChoice(legal []game.Move, s strength, view game.BetView) game.Move {
	find := func(k game.MoveKind) (game.Move, bool) {
		for _, m := range legal {
			if m.Kind == k {
				return m, true
			}
		}
		return game.Move{}, false
	}
	if s == strong {
		if m, ok := find(game.Bet); ok {
			return m
		}
	}
	if m, ok := find(game.Check); ok {
		return m
	}
	limit := view.Pot / 4
	if s >= medium {
		limit = view.Pot / 2
	}
	if s == strong || view.ToCall <= limit {
		if m, ok := find(game.Call); ok {
			return m
		}
	}
	if m, ok := find(game.Fold); ok {
		return m
	}
	return legal[0]
}

// discard picks a Discard move: throwing a card to keep (of a pair or
// better, or of four of a suit) costs 100; throwing any other card gains 20
// less its rank value, so more and lower cards go first. Ties are broken
// with the game's stream.
func (g *Greedy) discard(st game.State, legal []game.Move) game.Move {
	// The move's bits name the hand's cards in card-id order.
	var sorted [8]cards.Card
	var in [2]uint64
	for _, c := range g.hand {
		in[c>>6] |= 1 << (c & 63)
	}
	n := 0
	for id := cards.Card(0); id < cards.MaxCards && n < len(sorted); id++ {
		if in[id>>6]&(1<<(id&63)) != 0 {
			sorted[n] = id
			n++
		}
	}
	var rankN [cards.NumRanks]int
	var suitN [cards.NumSuits]int
	for _, c := range g.hand {
		rankN[c.Rank()]++
		suitN[c.Suit()]++
	}
	var value [8]int
	for i := 0; i < n; i++ {
		c := sorted[i]
		if rankN[c.Rank()] >= 2 || suitN[c.Suit()] >= 4 {
			value[i] = -100
		} else {
			value[i] = 20 - st.RankValue(c)
		}
	}
	best, ties := 0, 0
	var pick game.Move
	for k, m := range legal {
		v := 0
		for i := 0; i < n; i++ {
			if m.Amount&(1<<i) != 0 {
				v += value[i]
			}
		}
		switch {
		case k == 0 || v > best:
			best, pick, ties = v, m, 1
		case v == best:
			ties++
			if st.Intn(ties) == 0 {
				pick = m
			}
		}
	}
	return pick
}
