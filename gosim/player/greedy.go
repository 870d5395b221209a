package player

import (
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Greedy looks one move ahead with game-independent heuristics, reading
// only the observation of the seat to move (its hand, the top of the pile,
// the trick so far, public rules such as card points and rank order):
//
//   - Shedding (play phases): prefer the move after which the most of the
//     remaining hand is still playable on the new top; play wild cards
//     (declare_suit) only when nothing else keeps as many options, declare
//     the suit held most; prefer cards that hurt the next player (skip,
//     draw) a little; shed high-point cards first when low scores win.
//   - Tricks: when leading, lead the lowest card of the suit held most
//     (avoiding point cards when points are bad); when following, if the
//     trick holds points that are bad, duck with the highest card that
//     loses, and when every card wins, win with the lowest; when points are
//     good, win cheaply if possible. With no card of the led suit, throw
//     the card with the most bad points, else the highest card.
//   - Anything else (a forced step): the first legal move.
//
// Ties between equally scored moves are broken with the game's stream.
type Greedy struct {
	hand  []cards.Card
	trick []cards.Card

	without [game.MeldHandMax]int16 // melds family (greedy_melds.go)
}

// NewGreedy returns a greedy player with its scratch buffers.
func NewGreedy() *Greedy {
	return &Greedy{hand: make([]cards.Card, 0, cards.MaxCards), trick: make([]cards.Card, 0, 16)}
}

// Choose implements Player.
func (g *Greedy) Choose(st game.State, legal []game.Move) game.Move {
	if len(legal) == 1 {
		return legal[0]
	}
	switch st.Phase() {
	case game.Shedding:
		return g.best(st, legal, g.shedScore)
	case game.Trick:
		if st.ScoreGoal() == game.HigherIsBetter && st.CardPoints(legal[0].Card) == 0 {
			return g.best(st, legal, g.trickPlayScore) // tricks are good (greedy_trick.go)
		}
		return g.best(st, legal, g.trickScore)
	case game.Passing, game.BiddingTricks, game.ChoosingTrump, game.Discarding:
		return g.trickPrelude(st, legal)
	case game.Asking:
		return g.best(st, legal, g.askScore)
	case game.Claiming:
		return g.best(st, legal, g.claimScore)
	case game.Answering:
		return g.answer(st, legal)
	case game.Climbing:
		return g.best(st, legal, g.climbScore)
	case game.MeldDrawing, game.MeldDiscarding:
		return g.meldChoice(st, legal) // greedy_melds.go
	case game.Betting, game.Drawing, game.Hitting:
		return g.chooseBetting(st, legal) // greedy_betting.go
	case game.Capturing:
		return g.best(st, legal, g.captureScore)
	case game.Bidding:
		return g.best(st, legal, g.bidScore)
	}
	return legal[0]
}

// held counts the cards of rank r in g.hand.
func (g *Greedy) held(r cards.Rank) int {
	n := 0
	for _, c := range g.hand {
		if c.Rank() == r {
			n++
		}
	}
	return n
}

// askScore: ask for the rank held most (closest to a book).
func (g *Greedy) askScore(st game.State, m game.Move) int {
	return g.held(m.Rank)
}

// claimScore: tell the truth with every card of the claimed rank; else
// bluff with one card of the rank held least.
func (g *Greedy) claimScore(st game.State, m game.Move) int {
	want, _, _ := st.Claim()
	if m.Rank == want {
		return 1000 + int(m.Count)
	}
	return -10*g.held(m.Rank) - 20*int(m.Count)
}

// answer challenges a claim that cannot be true: more cards of the rank
// claimed than the deck holds besides the player's own.
func (g *Greedy) answer(st game.State, legal []game.Move) game.Move {
	g.hand = st.Hand(g.hand)
	rank, count, ok := st.Claim()
	impossible := ok && count+g.held(rank) > st.RankCopies(rank)
	for _, m := range legal {
		if (m.Kind == game.Challenge) == impossible {
			return m
		}
	}
	return legal[0]
}

// climbScore: play the lowest set that may be played, as many cards of it
// as allowed; pass only when nothing can be played.
func (g *Greedy) climbScore(st game.State, m game.Move) int {
	if m.Kind != game.PlaySet {
		return -1 << 20
	}
	return -100*st.RankValue(cards.New(m.Rank, cards.Clubs, 0)) + int(m.Count)
}

// best returns a move of highest score, ties broken at random.
func (g *Greedy) best(st game.State, legal []game.Move, score func(game.State, game.Move) int) game.Move {
	g.hand = st.Hand(g.hand)
	g.trick = st.TrickCards(g.trick)
	bestScore, n := 0, 0
	var pick game.Move
	for i, m := range legal {
		v := score(st, m)
		switch {
		case i == 0 || v > bestScore:
			bestScore, pick, n = v, m, 1
		case v == bestScore:
			n++
			if st.Intn(n) == 0 { // reservoir: uniform among the tied
				pick = m
			}
		}
	}
	return pick
}

func (g *Greedy) shedScore(st game.State, m game.Move) int {
	if m.Kind != game.PlayCard && m.Kind != game.PlayCardDeclareSuit {
		return -1 << 20
	}
	top, active := m.Card, m.Card.Suit()
	if m.Kind == game.PlayCardDeclareSuit {
		active = m.Suit
	}
	keep := 0
	held := 0
	for _, c := range g.hand {
		if c == m.Card {
			continue
		}
		if st.PlayableOn(c, top, active) {
			keep++
		}
		if m.Kind == game.PlayCardDeclareSuit && c.Suit() == m.Suit {
			held++
		}
	}
	score := 100 * keep
	eff := st.CardEffects(m.Card)
	if eff&game.EffectDeclareSuit != 0 {
		score += held * 10 // declare the suit held most
		if len(g.hand) > 1 {
			score -= 1 << 16 // keep wilds for last: any other play comes first
		}
	}
	if eff&(game.EffectSkip|game.EffectDraw|game.EffectExtraTurn) != 0 {
		score += 30
	}
	if st.ScoreGoal() == game.LowerIsBetter {
		score += 5 * st.CardPoints(m.Card)
	}
	return score
}

func (g *Greedy) trickScore(st game.State, m game.Move) int {
	if m.Kind != game.PlayCard {
		return -1 << 20
	}
	c := m.Card
	goal := st.ScoreGoal()
	pts := st.CardPoints(c)
	bad := pts // points this card gives the trick's taker, counted as bad
	if goal == game.HigherIsBetter {
		bad = -pts
	}
	rank := st.RankValue(c)
	if len(g.trick) == 0 {
		// Lead low, from a long suit, without giving away bad points.
		long := 0
		for _, h := range g.hand {
			if h.Suit() == c.Suit() {
				long++
			}
		}
		return -10*rank + 3*long - 50*max(bad, 0)
	}
	trump := st.TrumpSuit()
	led := g.trick[0].Suit()
	winning := g.trick[0]
	trickPts := st.CardPoints(winning)
	for _, t := range g.trick[1:] {
		trickPts += st.CardPoints(t)
		if beats(st, t, winning, led, trump) {
			winning = t
		}
	}
	wins := beats(st, c, winning, led, trump)
	if goal == game.HigherIsBetter {
		trickPts = -trickPts
	}
	following := c.Suit() == led
	switch {
	case wins && trickPts+bad > 0:
		// Taking bad points: only the cheapest winner when forced.
		return -1000 - 10*rank - 20*(trickPts+bad)
	case wins:
		// A winner with nothing bad in the trick: win cheaply.
		return 500 - 10*rank
	case following:
		// Duck with the highest card that loses.
		return 800 + 10*rank
	}
	// Discarding: shed the worst points, else the highest card.
	return 900 + 20*max(bad, 0) + rank
}

// beats reports whether a beats the best card so far b in a trick led with
// suit led and trump suit trump (cards.NoSuit: no trump).
func beats(st game.State, a, b cards.Card, led, trump cards.Suit) bool {
	aT, bT := trump != cards.NoSuit && a.Suit() == trump, trump != cards.NoSuit && b.Suit() == trump
	switch {
	case aT != bT:
		return aT
	case !aT && a.Suit() != led:
		return false
	case !aT && b.Suit() != led:
		return true
	}
	return st.RankValue(a) > st.RankValue(b)
}
