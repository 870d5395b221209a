package player

import (
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Greedy heuristics of trick-taking hands (docs/genome-tricks.md), reading
// only the observation of the seat to move:
//
//   - Passing: pass the most dangerous card, the one with the most bad
//     points, else the highest.
//   - Bidding: bid the hand's expected tricks, counted the classic way:
//     each ace, each king with another card of its suit, each trump from
//     the queen up and each trump beyond three; nil with no expected trick
//     and no trump above the nine; the legal bid nearest that count.
//   - Trump: order up or name the suit with the best strength (trumps
//     counted with the bowers as trumps, plus the aces), when it reaches
//     three trumps and an honour; the dealer counts the turned card too.
//   - Discarding: the lowest card outside the trump suit.
//   - Play where tricks are good (higher scores win): win a trick the
//     side still needs as cheaply as possible, never overtake a partner
//     who is winning it, and shed low cards otherwise; once the bid is
//     made (or on a nil), avoid taking tricks.
func (g *Greedy) trickPrelude(st game.State, legal []game.Move) game.Move {
	g.hand = st.Hand(g.hand)
	switch st.Phase() {
	case game.Passing:
		return g.best(st, legal, g.passScore)
	case game.BiddingTricks:
		return g.bid(st, legal)
	case game.ChoosingTrump:
		return g.chooseTrump(st, legal)
	case game.Discarding:
		return g.best(st, legal, g.trumpDiscardScore)
	}
	return legal[0]
}

// passScore: the card with the most bad points, else the highest.
func (g *Greedy) passScore(st game.State, m game.Move) int {
	bad := st.CardPoints(m.Card)
	if st.ScoreGoal() == game.HigherIsBetter {
		bad = -bad
	}
	return 10*bad + st.RankValue(m.Card)
}

// trumpDiscardScore: the lowest card outside trump, shortest suits first.
func (g *Greedy) trumpDiscardScore(st game.State, m game.Move) int {
	c := m.Card
	v := -10 * st.RankValue(c)
	if st.EffectiveSuit(c) == st.TrumpSuit() {
		v -= 1000
	}
	for _, h := range g.hand {
		if st.EffectiveSuit(h) == st.EffectiveSuit(c) {
			v -= 3
		}
	}
	return v
}

// expectedTricks counts the tricks a hand should take with trump suit
// trump (cards.NoSuit: none).
func (g *Greedy) expectedTricks(st game.State, trump cards.Suit) (n int, highTrump bool) {
	var bySuit [cards.NumSuits]int
	for _, c := range g.hand {
		bySuit[c.Suit()]++
	}
	trumps := 0
	for _, c := range g.hand {
		r := c.Rank()
		if c.Suit() == trump {
			trumps++
			if r >= cards.Queen || r == cards.Ace {
				n++
			}
			if r > cards.Nine {
				highTrump = true
			}
			continue
		}
		switch {
		case r == cards.Ace:
			n++
		case r == cards.King && bySuit[c.Suit()] >= 2:
			n++
		}
	}
	if trumps > 3 {
		n += trumps - 3
	}
	return n, highTrump
}

// bid picks the legal bid nearest the expected tricks (nil when the hand
// expects none and holds no high trump).
func (g *Greedy) bid(st game.State, legal []game.Move) game.Move {
	want, high := g.expectedTricks(st, st.TrumpSuit())
	pick, dist := legal[0], 1<<20
	for _, m := range legal {
		d := int(m.Count) - want
		if d < 0 {
			d = -d
		}
		if m.Count == 0 && (want > 0 || high) {
			d += 100 // nil only with a hopeless hand
		}
		if d < dist {
			pick, dist = m, d
		}
	}
	return pick
}

// trumpStrength is how good suit su would be as trump for this hand (the
// jack of the same colour counts as a trump, a bower).
func (g *Greedy) trumpStrength(su cards.Suit, extra cards.Card) int {
	n, honours := 0, 0
	count := func(c cards.Card) {
		if c == cards.None {
			return
		}
		same := c.Suit() == su
		left := c.Rank() == cards.Jack && c.Suit() == cards.NumSuits-1-su
		if same || left {
			n++
			if c.Rank() >= cards.Jack {
				honours++
			}
		} else if c.Rank() == cards.Ace {
			honours++
		}
	}
	for _, c := range g.hand {
		count(c)
	}
	count(extra)
	return 10*n + 5*honours
}

// chooseTrump orders up or names the strongest suit when it is strong
// enough (or when passing is not allowed).
func (g *Greedy) chooseTrump(st game.State, legal []game.Move) game.Move {
	best, bestV := game.PassTrumpMove, -1
	canPass := false
	for _, m := range legal {
		if m.Kind == game.PassTrump {
			canPass = true
			continue
		}
		if v := g.trumpStrength(m.Suit, cards.None); v > bestV {
			best, bestV = m, v
		}
	}
	if !canPass || bestV >= 35 {
		return best
	}
	return game.PassTrumpMove
}

// trickRank is c's rank in a trick with trump suit trump, the bowers
// (jacks whose effective suit is trump) above every other trump.
func trickRank(st game.State, c cards.Card, trump cards.Suit) int {
	if trump != cards.NoSuit && c.Rank() == cards.Jack && st.EffectiveSuit(c) == trump {
		if c.Suit() == trump {
			return 20 // perhaps the right bower (without bowers the rank order is kept by ties)
		}
		return 19
	}
	return st.RankValue(c)
}

// trickBeats reports whether a beats b in a trick whose led suit is led.
func trickBeats(st game.State, a, b cards.Card, led, trump cards.Suit) bool {
	as, bs := st.EffectiveSuit(a), st.EffectiveSuit(b)
	aT, bT := trump != cards.NoSuit && as == trump, trump != cards.NoSuit && bs == trump
	switch {
	case aT != bT:
		return aT
	case !aT && as != led:
		return false
	case !aT && bs != led:
		return true
	}
	return trickRank(st, a, trump) > trickRank(st, b, trump)
}

// wantsTricks reports whether the seat to move still wants to take tricks:
// with a bid, until its side's bids are made (never on a nil).
func wantsTricks(st game.State) bool {
	me := st.CurrentPlayer()
	bid, ok := st.BidOf(me)
	if !ok {
		return true
	}
	if bid == 0 {
		return false
	}
	took := st.TricksTaken(me)
	if p := st.Partner(me); p >= 0 {
		if pb, ok := st.BidOf(p); ok && pb > 0 {
			bid += pb
			took += st.TricksTaken(p)
		}
	}
	return took < bid
}

// trickPlayScore scores a card in a game where tricks are good.
func (g *Greedy) trickPlayScore(st game.State, m game.Move) int {
	if m.Kind != game.PlayCard {
		return -1 << 20
	}
	c := m.Card
	trump := st.TrumpSuit()
	rank := trickRank(st, c, trump)
	isTrump := trump != cards.NoSuit && st.EffectiveSuit(c) == trump
	want := wantsTricks(st)
	if len(g.trick) == 0 {
		switch {
		case !want:
			return -10 * rank // lead low
		case isTrump:
			return 5 * rank // trumps are kept for ruffing unless strong
		}
		return 10 * rank // lead the highest side card
	}
	led := st.EffectiveSuit(g.trick[0])
	win, _ := st.TrickWinning()
	wins := trickBeats(st, c, g.trick[win], led, trump)
	partnerWinning := st.Partner(st.CurrentPlayer()) >= 0 && len(g.trick) >= 2 && win == len(g.trick)-2
	switch {
	case want && !partnerWinning && wins:
		return 1000 - rank // the cheapest winner
	case want && !partnerWinning:
		return 100 - rank // cannot win: throw the lowest
	case wins:
		return -100 - rank // overtaking the partner or taking an unwanted trick: only if forced
	case !want:
		return 500 + rank // shed the highest card that loses
	}
	return 500 - rank // the partner wins: throw low
}
