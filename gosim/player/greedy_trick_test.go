package player_test

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// In the partnership seeds, greedy never overtakes a partner whose card is
// winning the trick when it could play a card that does not.
func TestGreedyDoesNotOvertakePartner(t *testing.T) {
	g := player.NewGreedy()
	checked := 0
	for _, prog := range []struct {
		name string
		st   func(uint64) *engine.State
	}{
		{"whist", func(s uint64) *engine.State { return engine.New(seeds.Whist(), s) }},
		{"spades", func(s uint64) *engine.State { return engine.New(seeds.Spades(), s) }},
		{"euchre", func(s uint64) *engine.State { return engine.New(seeds.Euchre(), s) }},
	} {
		for seed := uint64(0); seed < 200; seed++ {
			st := prog.st(seed)
			var trick []game.Move
			playUntil(st, func(s game.State) bool {
				if s.Phase() != game.Trick {
					return false
				}
				n := len(s.TrickCards(nil))
				w, ok := s.TrickWinning()
				return ok && n >= 2 && w == n-2 && len(s.LegalMoves(nil)) > 1
			})
			if st.IsTerminal() {
				continue
			}
			cards := st.TrickCards(nil)
			legal := st.LegalMoves(trick)
			var beat, duck bool
			overtakes := func(m game.Move) bool {
				probe := st.CloneState()
				if err := probe.Apply(m); err != nil {
					t.Fatal(err)
				}
				if len(probe.TrickCards(nil)) != len(cards)+1 {
					return false // the trick ended: see who leads next
				}
				w, _ := probe.TrickWinning()
				return w == len(cards)
			}
			for _, m := range legal {
				if overtakes(m) {
					beat = true
				} else {
					duck = true
				}
			}
			if !beat || !duck || len(cards) == 3 {
				continue // only a mid-trick choice between taking over and not
			}
			checked++
			if m := g.Choose(st, legal); overtakes(m) {
				t.Fatalf("%s seed %d: trick %v, greedy overtook its partner with %v (legal %v)", prog.name, seed, cards, m, legal)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d positions checked", checked)
	}
}
