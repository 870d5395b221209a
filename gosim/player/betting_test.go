package player_test

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// ISMCTS plays the betting seeds (shortened to 3 hands) with CheckInfo
// on: every world it samples keeps exactly the information of the seat
// to move (no opponent's hole cards, folded hand, face-down discard or
// banker's hole card leaks into a world), and the matches end.
func TestISMCTSPlaysBettingSeedsHonestly(t *testing.T) {
	for _, sd := range seeds.All() {
		if sd.Program.Betting == nil {
			continue
		}
		prog := *sd.Program
		b := *prog.Betting
		b.MaxHands = 3
		prog.Betting = &b
		t.Run(sd.Name, func(t *testing.T) {
			m := player.NewISMCTS(40)
			m.CheckInfo = true
			for seed := uint64(0); seed < 2; seed++ {
				st := engine.New(&prog, seed)
				var buf []game.Move
				for !st.IsTerminal() {
					buf = st.LegalMoves(buf)
					mv := buf[0]
					if len(buf) > 1 {
						if st.CurrentPlayer() == 0 {
							mv = m.Choose(st, buf)
						} else {
							mv = player.NewGreedy().Choose(st, buf)
						}
					}
					if err := st.Apply(mv); err != nil {
						t.Fatal(err)
					}
				}
				if st.Outcome() == game.Unfinished || st.HandsDealt() == 0 {
					t.Fatalf("seed %d: outcome %d after %d hands", seed, st.Outcome(), st.HandsDealt())
				}
			}
		})
	}
}
