package engine_test

import (
	"fmt"
	"reflect"
	"testing"

	"darwindeck/gosim/internal/progen"
)

// TestConformanceRandomRummyPrograms runs the conformance suite (cards
// conserved after every move, sorted unique moves, clones, the turn cap,
// returns) on random rummy programs of the melds family.
func TestConformanceRandomRummyPrograms(t *testing.T) {
	n := 120
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		prog := progen.RandomRummy(uint64(i), 300)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for _, pl := range players() {
				for seed := uint64(0); seed < 3; seed++ {
					rec, ev := conform(t, prog, seed, pl.p())
					rec2, ev2 := conform(t, prog, seed, pl.p())
					if rec != rec2 || !reflect.DeepEqual(ev, ev2) {
						t.Fatalf("seed %d: replay differs", seed)
					}
				}
			}
		})
	}
}
