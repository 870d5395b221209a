package engine_test

import (
	"math"
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// Blackjack against a published figure: the house edge of "mimic the
// dealer" (hit below 17, stand on 17 or more, never double or split)
// under the usual rules (a natural pays 3:2, the dealer stands on soft
// 17). Published: about 5.5% (H. Tamburin, "Why not mimic the dealer",
// 888casino.com blog: 8% from both hands busting, less 2.3% for the 3:2
// natural, about 5.7%; 5.48% is the figure usually quoted, e.g. in the
// Wizard of Odds' discussion of the strategy). Greedy plays exactly this
// strategy in the blackjack seed. Sample: 3,000 matches of 2 seats x 200
// hands, 1,200,000 hands of 2 chips (fixed seeds; about 1.5 s). A hand's
// result has a standard deviation of about 1.15 stakes; allowing for the
// two seats sharing the dealer's hand (at worst 600,000 independent
// hands), the standard error is at most 0.15%, and the window 5.0%..6.2%
// is the published 5.5%..5.7% widened by 3 standard errors. (Measured:
// 5.69%.)
func TestBlackjackMimicTheDealerHouseEdge(t *testing.T) {
	prog := seeds.Blackjack()
	prog.Players = 2
	b := *prog.Betting
	b.Stack, b.MaxHands = 5000, 200 // no seat can run out of chips
	prog.Betting = &b
	st := engine.NewRules(prog).NewState()
	st.SetInfoTracking(false)
	g := player.NewGreedy()
	const games = 3000
	net, hands := 0, 0
	for seed := uint64(0); seed < games; seed++ {
		st.Reset(seed)
		for !st.IsTerminal() {
			mv := st.LegalMoves(nil)
			m := mv[0]
			if len(mv) > 1 {
				m = g.Choose(st, mv)
			}
			if err := st.Apply(m); err != nil {
				t.Fatal(err)
			}
		}
		if st.HandsDealt() != int(b.MaxHands) {
			t.Fatalf("match %d ended after %d hands", seed, st.HandsDealt())
		}
		for seat := 0; seat < 2; seat++ {
			net += st.Chips(seat) - int(b.Stack)
		}
		hands += 2 * st.HandsDealt()
	}
	edge := -float64(net) / float64(hands*int(b.Stake))
	t.Logf("mimic the dealer: house edge %.4f over %d hands", edge, hands)
	if edge < 0.050 || edge > 0.062 || math.IsNaN(edge) {
		t.Fatalf("house edge %.4f outside 0.050..0.062", edge)
	}
}
