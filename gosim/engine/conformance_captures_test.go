package engine_test

import (
	"fmt"
	"reflect"
	"testing"

	"darwindeck/gosim/internal/progen"
)

// Random programs of the captures family (capture games with random
// values, rules, sweeps, redeals and awards; bid games with random suits,
// tie rules, winners and open or secret bids) keep every invariant of the
// conformance suite, cards conserved after every move included.
func TestConformanceRandomCapturePrograms(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		prog := progen.RandomCaptures(uint64(i), 300)
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
