package player_test

import (
	"testing"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// ISMCTS plays Gin Rummy (melds family) from worlds that keep its
// information set and its legal moves (CheckInfo panics otherwise): the
// taken discards stay in the taker's hand, the rest of the opponent's hand
// is redealt.
func TestISMCTSPlaysGinHonestly(t *testing.T) {
	prog := seeds.GinRummy()
	prog.Match = nil // one hand
	for seed := uint64(0); seed < 4; seed++ {
		m := player.NewISMCTS(60)
		m.CheckInfo = true
		g := player.NewGreedy()
		st := engine.New(prog, seed)
		for !st.IsTerminal() {
			legal := st.LegalMoves(nil)
			var mv game.Move
			if st.CurrentPlayer() == 0 {
				mv = m.Choose(st, legal)
			} else {
				mv = g.Choose(st, legal)
			}
			if err := st.Apply(mv); err != nil {
				t.Fatal(err)
			}
		}
		if st.Outcome() == game.Ongoing {
			t.Fatal("game did not end")
		}
	}
}

// Greedy takes a discard that improves its hand, keeps what it needs and
// knocks as soon as it may.
func TestGreedyMeldChoices(t *testing.T) {
	prog := seeds.GinRummy()
	prog.Match = nil
	g := player.NewGreedy()
	knocked := 0
	for seed := uint64(0); seed < 30; seed++ {
		st := engine.New(prog, seed)
		for !st.IsTerminal() {
			legal := st.LegalMoves(nil)
			mv := g.Choose(st, legal)
			hand := st.Hand(nil)
			switch st.Phase() {
			case game.MeldDrawing:
				if top, ok := st.DiscardTop(); ok && mv.Kind == game.TakeDiscard {
					best := 1 << 30
					with := append(append([]cards.Card(nil), hand...), top)
					for i := 0; i < len(with)-1; i++ {
						rest := append(append([]cards.Card(nil), with[:i]...), with[i+1:]...)
						best = min(best, st.Deadwood(rest))
					}
					if best >= st.Deadwood(hand) {
						t.Fatalf("seed %d: took %v without lowering the deadwood", seed, top)
					}
				}
			case game.MeldDiscarding:
				canKnock := false
				for _, l := range legal {
					canKnock = canKnock || l.Kind == game.Knock
				}
				if canKnock && mv.Kind != game.Knock {
					t.Fatalf("seed %d: greedy did not knock (legal %v, chose %v)", seed, legal, mv)
				}
				if mv.Kind == game.Knock {
					knocked++
				}
			}
			if err := st.Apply(mv); err != nil {
				t.Fatal(err)
			}
		}
	}
	if knocked < 20 {
		t.Fatalf("greedy knocked in only %d of 30 hands", knocked)
	}
}
