package engine_test

import (
	"testing"

	"darwindeck/gosim/internal/progen"
)

// TestConformanceRandomRummyPrograms runs the conformance suite (cards
// conserved after every move, sorted unique moves, clones, the turn cap,
// returns) on random rummy programs of the melds family.
func TestConformanceRandomRummyPrograms(t *testing.T) {
	conformRandom(t, 120, 30, progen.RandomRummy)
}
