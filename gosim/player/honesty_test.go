package player_test

import (
	"math"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/player"
	"darwindeck/gosim/splitmix"
)

// guessSuit is a two-player shedding game in which a hidden suit decides
// everything. Deck: 2 3 4 A of each suit (16 cards); two cards each, the
// rest in a hidden stock; seat 1 moves first. Play a card of the active
// suit or an ace; an ace is wild (its player declares the suit), every
// other card gives an extra turn; a seat that cannot play passes (no
// drawing); the first seat with an empty hand wins.
//
// The deals used: seat 1 (the searcher) holds the aces of clubs and
// diamonds; seat 0 holds two non-ace cards of one suit x, uniform over the
// four suits and independent of everything seat 1 sees. Seat 1 plays an
// ace and declares a suit s. If s = x, seat 0 plays both its cards (extra
// turn) and wins; otherwise it passes and seat 1 plays its other ace and
// wins. Knowing x wins every game; without it, every choice of s wins with
// probability exactly 3/4: the information-set value is 0.75.
func guessSuit() *bc.Program {
	const stock, discard, hand = 0, 1, 2
	ace := bc.RankIs(cards.Ace)
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, TurnCap: 20,
		RankMask: 1<<cards.Two | 1<<cards.Three | 1<<cards.Four | 1<<cards.Ace,
		Zones: []bc.Zone{
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.Shared, Visibility: bc.TopPublic},
			{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
		},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 2, Card: cards.None},
			{Op: bc.FirstPlayer, Rule: bc.LeftOfDealer, Card: cards.None},
		},
		Turn: []bc.Phase{{Kind: bc.PhasePlay, From: hand, To: discard, DrawFrom: bc.NoZone,
			Legal: bc.Any(bc.SameSuitAsTop(discard), ace)}},
		HasEffects: true,
		Effects: []bc.Effect{
			{Kind: bc.EffectDeclareSuit, Zone: bc.NoZone, Card: ace},
			{Kind: bc.EffectExtraTurn, Zone: bc.NoZone, Card: bc.Not(ace)},
		},
		End: []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}

// guessDeal is game g's deck: seat 1's two aces, seat 0's two cards of a
// random suit, the other twelve cards shuffled, all from the game's seed.
func guessDeal(seed uint64) []cards.Card {
	rng := splitmix.New(seed)
	x := cards.Suit(rng.Intn(4))
	ranks := []cards.Rank{cards.Two, cards.Three, cards.Four}
	skip := ranks[rng.Intn(3)]
	var own []cards.Card
	for _, r := range ranks {
		if r != skip {
			own = append(own, cards.New(r, x, 0))
		}
	}
	ac, ad := cards.MustParse("AC"), cards.MustParse("AD")
	// Deal order: seat 1, seat 0, seat 1, seat 0.
	deck := []cards.Card{ac, own[0], ad, own[1]}
	var rest []cards.Card
	for s := cards.Suit(0); s < cards.NumSuits; s++ {
		for _, r := range []cards.Rank{cards.Two, cards.Three, cards.Four, cards.Ace} {
			c := cards.New(r, s, 0)
			if c != ac && c != ad && c != own[0] && c != own[1] {
				rest = append(rest, c)
			}
		}
	}
	for i := len(rest) - 1; i > 0; i-- {
		j := rng.Intn(i + 1)
		rest[i], rest[j] = rest[j], rest[i]
	}
	return append(deck, rest...)
}

// winRate plays games of guessSuit with searcher in seat 1 against a
// random seat 0 and returns seat 1's share of wins.
func winRate(t *testing.T, searcher player.Player, games int) float64 {
	rules := engine.NewRules(guessSuit())
	st := rules.NewState()
	wins := 0
	var buf []game.Move
	for g := 0; g < games; g++ {
		seed := splitmix.Derive(77, uint64(g))
		if err := st.ResetWithDeck(seed, guessDeal(seed)); err != nil {
			t.Fatal(err)
		}
		for !st.IsTerminal() {
			buf = st.LegalMoves(buf)
			m := buf[0]
			if len(buf) > 1 {
				if st.CurrentPlayer() == 1 {
					m = searcher.Choose(st, buf)
				} else {
					m = player.Random{}.Choose(st, buf)
				}
			}
			if err := st.Apply(m); err != nil {
				t.Fatal(err)
			}
		}
		if st.Outcome() != game.Win {
			t.Fatalf("game %d ended with outcome %d", g, st.Outcome())
		}
		wins += int(st.Winners() >> 1 & 1)
	}
	return float64(wins) / float64(games)
}

// The honesty test. Over 400 games the honest ISMCTS's win rate must lie
// in the 99% normal confidence interval of a binomial share around the
// information-set value 0.75 (0.75 +- 2.576*sqrt(0.75*0.25/400), i.e.
// [0.694, 0.806]); the same search on the true state must win more than
// the interval's top (it wins every game it searches well).
func TestISMCTSIsHonest(t *testing.T) {
	const games, value = 400, 0.75
	half := 2.576 * math.Sqrt(value*(1-value)/games)
	honest := player.NewISMCTS(200)
	honest.CheckInfo = true // every world keeps seat 1's information
	h := winRate(t, honest, games)
	c := winRate(t, player.NewCheatingISMCTS(200), games)
	t.Logf("guess-the-suit: honest ISMCTS %.3f, cheating ISMCTS %.3f, information-set value %.2f +- %.3f (99%%, %d games)",
		h, c, value, half, games)
	if math.Abs(h-value) > half {
		t.Errorf("honest ISMCTS won %.3f, outside %.3f +- %.3f: it reads hidden cards or plays badly", h, value, half)
	}
	if c <= value+half {
		t.Errorf("cheating ISMCTS won only %.3f: the test cannot tell cheating from honesty", c)
	}
}
