package engine

import (
	"testing"

	"darwindeck/gosim/cards"
)

// TestPileHashIgnoresRingPosition: the cycle check compares states by hash,
// so the same cards in the same order must hash alike wherever the ring
// buffer's bottom is (War moves it on every battle), and a different order
// or length must not.
func TestPileHashIgnoresRingPosition(t *testing.T) {
	build := func(head int, cs []cards.Card) *pile {
		p := &pile{head: uint8(head)}
		for _, c := range cs {
			p.pushTop(c)
		}
		return p
	}
	for n := 0; n <= 52; n++ {
		cs := make([]cards.Card, n)
		for i := range cs {
			cs[i] = cards.Card((i*7 + 3) % 52)
		}
		want := build(0, cs).hash(1)
		for head := 1; head < pileCap; head++ {
			if got := build(head, cs).hash(1); got != want {
				t.Fatalf("%d cards at ring position %d: hash %x, at 0: %x", n, head, got, want)
			}
		}
		if n >= 2 {
			sw := append([]cards.Card(nil), cs...)
			sw[0], sw[n-1] = sw[n-1], sw[0]
			if build(100, sw).hash(1) == want {
				t.Fatalf("%d cards: swapping the bottom and top card kept the hash", n)
			}
			if build(120, cs[:n-1]).hash(1) == want {
				t.Fatalf("%d cards: dropping the top card kept the hash", n)
			}
		}
	}
}
