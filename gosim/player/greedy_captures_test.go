package player_test

import (
	"strings"
	"testing"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// scopaDeck deals seat 1 then seat 0 one card at a time (seat 0 deals), then
// turns up table; the other cards follow in id order.
func scopaDeck(t *testing.T, rules *engine.Rules, seat0, seat1, table string) []cards.Card {
	t.Helper()
	s0, s1 := strings.Fields(seat0), strings.Fields(seat1)
	var deck []cards.Card
	used := map[cards.Card]bool{}
	add := func(s string) {
		c := cards.MustParse(s)
		used[c] = true
		deck = append(deck, c)
	}
	for i := range s0 {
		add(s1[i])
		add(s0[i])
	}
	for _, c := range strings.Fields(table) {
		add(c)
	}
	for id := cards.Card(0); id < 52; id++ {
		if !used[id] && rules.Program().InDeck(id) {
			deck = append(deck, id)
		}
	}
	return deck
}

// Greedy takes the sweep: the king takes all four table cards (1+2+3+4 =
// 10), worth more than the fives' and sixes' smaller groups.
func TestGreedyTakesTheSweep(t *testing.T) {
	rules := engine.NewRules(seeds.Scopa())
	st := rules.NewState()
	if err := st.ResetWithDeck(1, scopaDeck(t, rules, "AC AD AH", "KC 5C 6C", "AS 2H 3S 4D")); err != nil {
		t.Fatal(err)
	}
	legal := st.LegalMoves(nil)
	if len(legal) < 4 {
		t.Fatalf("legal %v", legal)
	}
	m := player.NewGreedy().Choose(st, legal)
	if m != game.CaptureWith(cards.MustParse("KC"), 0) {
		t.Fatalf("greedy chose %v, want the sweep with KC", m)
	}
}

// Greedy bids the card of the prize's value (A=1 ... K=13) when it holds it.
func TestGreedyBidsThePrizeValue(t *testing.T) {
	g := player.NewGreedy()
	for seed := uint64(0); seed < 20; seed++ {
		st := engine.New(seeds.GOPS(), seed)
		prize := st.Prize(nil)
		if len(prize) != 1 {
			t.Fatalf("prize %v", prize)
		}
		m := g.Choose(st, st.LegalMoves(nil))
		if m.Kind != game.Bid || m.Card.Rank() != prize[0].Rank() {
			t.Fatalf("seed %d: prize %v, greedy bid %v", seed, prize[0], m)
		}
	}
}
