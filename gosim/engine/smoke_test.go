package engine_test

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
)

func TestSmoke(t *testing.T) {
	for _, sd := range seeds.All() {
		for seed := uint64(0); seed < 5; seed++ {
			st := engine.New(sd.Program, seed)
			var buf []game.Move
			for !st.IsTerminal() {
				buf = st.LegalMoves(buf)
				if err := st.Apply(buf[st.Intn(len(buf))]); err != nil {
					t.Fatal(err)
				}
				if st.CardsTotal() != 52 {
					t.Fatal("cards", st.CardsTotal())
				}
			}
			t.Logf("%s %d: %+v", sd.Name, seed, st.Record())
		}
	}
}
