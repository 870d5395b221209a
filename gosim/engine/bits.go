package engine

import (
	"math/bits"

	"darwindeck/gosim/cards"
)

func trailingZeros(x uint64) int { return bits.TrailingZeros64(x) }

func (c *cardSet) remove(x cards.Card) { c[x>>6] &^= 1 << (x & 63) }

func (c cardSet) and(d cardSet) cardSet    { return cardSet{c[0] & d[0], c[1] & d[1]} }
func (c cardSet) or(d cardSet) cardSet     { return cardSet{c[0] | d[0], c[1] | d[1]} }
func (c cardSet) andNot(d cardSet) cardSet { return cardSet{c[0] &^ d[0], c[1] &^ d[1]} }
func (c cardSet) count() int               { return bits.OnesCount64(c[0]) + bits.OnesCount64(c[1]) }

// first returns the card of lowest id of a non-empty set.
func (c cardSet) first() cards.Card {
	if c[0] != 0 {
		return cards.Card(bits.TrailingZeros64(c[0]))
	}
	return cards.Card(64 + bits.TrailingZeros64(c[1]))
}

// faces maps a set to the set of its faces (the first deck's ids): the
// second deck's ids 52..103 fold onto 0..51.
func (c cardSet) faces() cardSet {
	const low52 = 1<<52 - 1
	// ids 52..63 are bits 52..63 of word 0, ids 64..103 bits 0..39 of word 1.
	return cardSet{c[0]&low52 | c[0]>>52 | c[1]<<12, 0}
}
