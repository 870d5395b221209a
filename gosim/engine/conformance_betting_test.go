package engine_test

import (
	"fmt"
	"testing"

	"darwindeck/gosim/internal/progen"
)

// Random betting programs (progen.RandomBetting: pot and banker games,
// every phase kind in any order, small stacks) through the conformance
// suite with Random and Greedy: moves sorted and unique, clones
// independent, cards and chips conserved after every move, the game ends.
func TestConformanceRandomBettingPrograms(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		prog := progen.RandomBetting(uint64(i), 30)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for _, pl := range players() {
				for seed := uint64(0); seed < 3; seed++ {
					conform(t, prog, seed, pl.p())
				}
			}
		})
	}
}
