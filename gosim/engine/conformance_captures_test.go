package engine_test

import (
	"testing"

	"darwindeck/gosim/internal/progen"
)

// Random programs of the captures family (capture games with random
// values, rules, sweeps, redeals and awards; bid games with random suits,
// tie rules, winners and open or secret bids) keep every invariant of the
// conformance suite, cards conserved after every move included.
func TestConformanceRandomCapturePrograms(t *testing.T) {
	conformRandom(t, 150, 30, progen.RandomCaptures)
}
