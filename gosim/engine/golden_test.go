package engine_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

var update = flag.Bool("update", false, "rewrite the golden playthroughs in testdata/golden")

// playthrough plays seed 2026 of a program with random players and writes
// every step: the player to move, the legal moves and the move chosen.
func playthrough(st *engine.State) string {
	var b strings.Builder
	var hand []string
	for step := 1; !st.IsTerminal(); step++ {
		legal := st.LegalMoves(nil)
		m := legal[0]
		if len(legal) > 1 {
			m = player.Random{}.Choose(st, legal)
		}
		who := fmt.Sprintf("seat %d", st.CurrentPlayer())
		if st.CurrentPlayer() == game.Table {
			who = "table"
		}
		hand = hand[:0]
		for _, c := range st.Hand(nil) {
			hand = append(hand, c.String())
		}
		fmt.Fprintf(&b, "%d %s [%s] legal %v -> %v\n", step, who, strings.Join(hand, " "), legal, m)
		if err := st.Apply(m); err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
			break
		}
	}
	fmt.Fprintf(&b, "end %+v\n", st.Record())
	return b.String()
}

func TestGoldenPlaythroughs(t *testing.T) {
	for _, sd := range seeds.All() {
		t.Run(sd.Name, func(t *testing.T) {
			got := playthrough(engine.New(sd.Program, 2026))
			path := filepath.Join("..", "testdata", "golden", sd.Name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./engine -run Golden -update)", err)
			}
			if got != string(want) {
				t.Fatalf("playthrough differs from %s (rerun with -update if the change is intended)", path)
			}
		})
	}
}
