package engine_test

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// ISMCTS plays every trick-taking seed through its passes, bids and trump
// choices with CheckInfo on: every world it searches keeps the searching
// seat's information exactly (InfoString unchanged), so no passed card,
// hand or discard of another seat leaks into its search.
func TestISMCTSPlaysTrickSeedsHonestly(t *testing.T) {
	for _, sd := range seeds.All() {
		if sd.Program.Tricks == nil {
			continue
		}
		t.Run(sd.Name, func(t *testing.T) {
			m := player.NewISMCTS(12)
			m.CheckInfo = true
			st := engine.New(sd.Program, 5)
			g := player.NewGreedy()
			var buf []game.Move
			searched := 0
			for !st.IsTerminal() {
				buf = st.LegalMoves(buf)
				mv := buf[0]
				if len(buf) > 1 {
					if st.CurrentPlayer() == 0 {
						mv = m.Choose(st, buf)
						searched++
					} else {
						mv = g.Choose(st, buf)
					}
				}
				if err := st.Apply(mv); err != nil {
					t.Fatal(err)
				}
			}
			if searched == 0 || st.HandsPlayed() == 0 {
				t.Fatalf("nothing searched (%d) or no hand finished (%d)", searched, st.HandsPlayed())
			}
		})
	}
}
