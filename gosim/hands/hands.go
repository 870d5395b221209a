// Package hands evaluates card hands: the poker ranking of the best five
// cards of a hand (high hands, ace high and low in straights; five of a
// kind with two decks) and the point total of a blackjack hand with soft
// aces.
//
// Rules of the rankings: pagat.com, "Poker hand ranking"
// (https://www.pagat.com/poker/rules/ranking.html) and pagat.com,
// "Blackjack" (https://www.pagat.com/banking/blackjack.html). The functions
// allocate nothing and read the card ranks and suits of package cards
// (Rank 0..12 for 2..A); suits matter only for flushes.
package hands

import (
	"fmt"

	"darwindeck/gosim/cards"
)

// Category is a poker hand category, higher is better.
type Category uint8

// Poker categories, from worst to best (a royal flush is the highest
// straight flush).
const (
	HighCard Category = iota
	OnePair
	TwoPair
	ThreeOfAKind
	Straight
	Flush
	FullHouse
	FourOfAKind
	StraightFlush
	// FiveOfAKind needs two decks (five cards of one rank); it ranks
	// above a straight flush, as in multi-deck and wild-card poker.
	FiveOfAKind
	NumCategories
)

var categoryNames = [NumCategories]string{
	"high card", "one pair", "two pair", "three of a kind", "straight",
	"flush", "full house", "four of a kind", "straight flush", "five of a kind",
}

// String is the category's name ("full house").
func (c Category) String() string {
	if c < NumCategories {
		return categoryNames[c]
	}
	return fmt.Sprintf("category(%d)", uint8(c))
}

// Value is the strength of a five-card poker hand: two hands compare as
// their Values (greater wins, equal ties). Bits 20..23 hold the Category,
// bits 0..19 five rank nibbles (2 = 0 ... A = 12) in the order the hand is
// compared: the rank of the set(s) first, then the kickers, highest first.
// A five-high straight (A-2-3-4-5) has the five as its top rank.
type Value uint32

// Category returns the hand's category.
func (v Value) Category() Category { return Category(v >> 20) }

// String writes the category and the compared ranks, e.g.
// "full house K K K 9 9".
func (v Value) String() string {
	s := v.Category().String()
	for i := 4; i >= 0; i-- {
		s += " " + cards.Rank((v>>(4*i))&15).String()
	}
	return s
}

func pack(cat Category, r [5]cards.Rank) Value {
	v := Value(cat) << 20
	for i, x := range r {
		v |= Value(x) << (4 * (4 - i))
	}
	return v
}

// Five evaluates exactly five cards (len(h) must be 5; it panics
// otherwise). Cards of two decks compare by rank and suit only; a flush
// compares its cards from the highest down (a two-deck flush may hold a
// pair).
func Five(h []cards.Card) Value {
	if len(h) != 5 {
		panic(fmt.Sprintf("hands: Five of %d cards", len(h)))
	}
	var count [cards.NumRanks]uint8
	var mask uint16
	flush := true
	for i, c := range h {
		count[c.Rank()]++
		mask |= 1 << c.Rank()
		if i > 0 && c.Suit() != h[0].Suit() {
			flush = false
		}
	}
	// Straight: five distinct ranks in a row, or the wheel A-2-3-4-5.
	top := -1
	if popcount(mask) == 5 {
		for hi := cards.NumRanks - 1; hi >= 4; hi-- {
			if mask>>(hi-4)&31 == 31 {
				top = hi
				break
			}
		}
		if top < 0 && mask == 1<<cards.Ace|0xF {
			top = int(cards.Five)
		}
	}
	if top >= 0 {
		r := [5]cards.Rank{cards.Rank(top), cards.Rank(top - 1), cards.Rank(top - 2), cards.Rank(top - 3), cards.Rank(top - 4)}
		if top == int(cards.Five) {
			r[4] = cards.Ace // listed last: it counts as the one
		}
		if flush {
			return pack(StraightFlush, r)
		}
		return pack(Straight, r)
	}
	// Order the ranks by (count, rank), descending: sets first, then kickers.
	var r [5]cards.Rank
	n := 0
	for want := uint8(5); want >= 1; want-- {
		for rk := cards.NumRanks - 1; rk >= 0; rk-- {
			if count[rk] == want {
				for k := uint8(0); k < want; k++ {
					r[n] = cards.Rank(rk)
					n++
				}
			}
		}
	}
	var cat Category
	switch {
	case count[r[0]] == 5:
		return pack(FiveOfAKind, [5]cards.Rank{h[0].Rank(), h[0].Rank(), h[0].Rank(), h[0].Rank(), h[0].Rank()})
	case count[r[0]] == 4:
		cat = FourOfAKind
	case count[r[0]] == 3 && count[r[3]] == 2:
		cat = FullHouse
	case flush:
		cat = Flush
		r = ranksDown(h)
	case count[r[0]] == 3:
		cat = ThreeOfAKind
	case count[r[0]] == 2 && count[r[2]] == 2:
		cat = TwoPair
	case count[r[0]] == 2:
		cat = OnePair
	default:
		cat = HighCard
	}
	return pack(cat, r)
}

// Best is the Value of the best five cards among h (5 to 64 cards; it
// panics otherwise) and, in best, the positions in h of those five cards
// as a bit set (bit i: h[i]). Up to seven cards it tries every five-card
// subset; above, it uses Direct.
func Best(h []cards.Card) (v Value, best uint64) {
	n := len(h)
	if n < 5 || n > 64 {
		panic(fmt.Sprintf("hands: Best of %d cards", n))
	}
	if n > 7 {
		v = Direct(h)
		return v, bestPositions(h, v)
	}
	return exhaustive(h)
}

// exhaustive is Best by trying every five-card subset of h.
func exhaustive(h []cards.Card) (v Value, best uint64) {
	n := len(h)
	var f [5]cards.Card
	first := true
	for a := 0; a < n; a++ {
		f[0] = h[a]
		for b := a + 1; b < n; b++ {
			f[1] = h[b]
			for c := b + 1; c < n; c++ {
				f[2] = h[c]
				for d := c + 1; d < n; d++ {
					f[3] = h[d]
					for e := d + 1; e < n; e++ {
						f[4] = h[e]
						if x := Five(f[:]); first || x > v {
							v, first = x, false
							best = 1<<a | 1<<b | 1<<c | 1<<d | 1<<e
						}
					}
				}
			}
		}
	}
	return v, best
}

// BestOf is Best for any number of cards: fewer than five cards are
// ranked as they are (a pair of two cards beats a high card; missing
// kickers count as nothing below the two); more than 64 panic. It lets
// showdowns rank the short hands of evolved games.
func BestOf(h []cards.Card) Value {
	if len(h) >= 5 {
		v, _ := Best(h)
		return v
	}
	var count [cards.NumRanks]uint8
	for _, c := range h {
		count[c.Rank()]++
	}
	var r [5]cards.Rank
	n := 0
	for want := uint8(4); want >= 1; want-- {
		for rk := cards.NumRanks - 1; rk >= 0; rk-- {
			if count[rk] == want {
				for k := uint8(0); k < want; k++ {
					r[n] = cards.Rank(rk)
					n++
				}
			}
		}
	}
	// Missing cards rank below every card: shift the ranks up by one so
	// that an absent card (0) is lower than a two (1).
	v := Value(0)
	var cat Category
	switch {
	case n > 0 && count[r[0]] == 4:
		cat = FourOfAKind
	case n > 0 && count[r[0]] == 3:
		cat = ThreeOfAKind
	case n >= 4 && count[r[0]] == 2 && count[r[2]] == 2:
		cat = TwoPair
	case n > 0 && count[r[0]] == 2:
		cat = OnePair
	}
	v = Value(cat) << 20
	for i := 0; i < n; i++ {
		v |= Value(r[i]+1) << (4 * (4 - i))
	}
	return v
}

// Points is the blackjack total of a hand: 2..10 count their rank, J, Q
// and K count 10, an ace 1 or 11. One ace counts 11 when that does not take
// the total over 21 (the hand is then soft). A total over 21 is a bust.
func Points(h []cards.Card) (total int, soft bool) {
	aces := 0
	for _, c := range h {
		total += CardPoints(c)
		if c.Rank() == cards.Ace {
			aces++
		}
	}
	if aces > 0 && total+10 <= 21 {
		return total + 10, true
	}
	return total, false
}

// CardPoints is a card's blackjack value counting an ace as 1.
func CardPoints(c cards.Card) int {
	switch r := c.Rank(); {
	case r == cards.Ace:
		return 1
	case r >= cards.Ten:
		return 10
	default:
		return int(r) + 2
	}
}

// Natural reports whether a hand is a blackjack: an ace and a ten-count
// card as its only two cards.
func Natural(h []cards.Card) bool {
	if len(h) != 2 {
		return false
	}
	t, _ := Points(h)
	return t == 21
}

func popcount(x uint16) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// ranksDown returns the ranks of five cards from the highest down.
func ranksDown(h []cards.Card) [5]cards.Rank {
	var r [5]cards.Rank
	for i, c := range h {
		r[i] = c.Rank()
	}
	for i := 1; i < 5; i++ {
		for j := i; j > 0 && r[j] > r[j-1]; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
	return r
}

// straightTop is the top rank of the highest straight in a rank mask (the
// wheel A-2-3-4-5 has the five on top), or -1.
func straightTop(mask uint16) int {
	for hi := cards.NumRanks - 1; hi >= 4; hi-- {
		if mask>>(hi-4)&31 == 31 {
			return hi
		}
	}
	if mask&(1<<cards.Ace|0xF) == 1<<cards.Ace|0xF {
		return int(cards.Five)
	}
	return -1
}

func straightRanks(top int) [5]cards.Rank {
	r := [5]cards.Rank{cards.Rank(top), cards.Rank(top - 1), cards.Rank(top - 2), cards.Rank(top - 3), cards.Rank(top - 4)}
	if top == int(cards.Five) {
		r[4] = cards.Ace
	}
	return r
}

// Direct is the Value of the best five cards among h (at least five) found
// from the rank and suit counts, without trying every subset: for each
// category from the best down, the highest cards that make it. It equals
// Best's value for every hand (tested against the exhaustive search); Best
// uses it for more than seven cards.
func Direct(h []cards.Card) Value {
	var count [cards.NumRanks]int
	var suitMask [cards.NumSuits]uint16
	var suitN [cards.NumSuits]int
	var mask uint16
	for _, c := range h {
		count[c.Rank()]++
		mask |= 1 << c.Rank()
		suitMask[c.Suit()] |= 1 << c.Rank()
		suitN[c.Suit()]++
	}
	// highest returns the highest rank with at least n cards, not in skip.
	highest := func(n int, skip uint16) int {
		for r := cards.NumRanks - 1; r >= 0; r-- {
			if count[r] >= n && skip&(1<<r) == 0 {
				return r
			}
		}
		return -1
	}
	// fill completes ranks from position i with the highest single
	// kickers not in skip.
	fill := func(r *[5]cards.Rank, i int, skip uint16) {
		for k := cards.NumRanks - 1; k >= 0 && i < 5; k-- {
			if count[k] >= 1 && skip&(1<<k) == 0 {
				r[i] = cards.Rank(k)
				i++
			}
		}
	}
	if f := highest(5, 0); f >= 0 {
		x := cards.Rank(f)
		return pack(FiveOfAKind, [5]cards.Rank{x, x, x, x, x})
	}
	sf := -1
	for su := 0; su < cards.NumSuits; su++ {
		if suitN[su] >= 5 {
			sf = max(sf, straightTop(suitMask[su]))
		}
	}
	if sf >= 0 {
		return pack(StraightFlush, straightRanks(sf))
	}
	var r [5]cards.Rank
	if q := highest(4, 0); q >= 0 {
		x := cards.Rank(q)
		r = [5]cards.Rank{x, x, x, x}
		fill(&r, 4, 1<<q)
		return pack(FourOfAKind, r)
	}
	if t := highest(3, 0); t >= 0 {
		if p := highest(2, 1<<t); p >= 0 {
			x, y := cards.Rank(t), cards.Rank(p)
			return pack(FullHouse, [5]cards.Rank{x, x, x, y, y})
		}
	}
	var flush Value
	for su := 0; su < cards.NumSuits; su++ {
		if suitN[su] < 5 {
			continue
		}
		// The five highest cards of the suit, copies included.
		var fr [5]cards.Rank
		i := 0
		for k := cards.NumRanks - 1; k >= 0 && i < 5; k-- {
			for _, c := range h {
				if i < 5 && int(c.Rank()) == k && int(c.Suit()) == su {
					fr[i] = cards.Rank(k)
					i++
				}
			}
		}
		flush = max(flush, pack(Flush, fr))
	}
	if flush != 0 {
		return flush
	}
	if st := straightTop(mask); st >= 0 {
		return pack(Straight, straightRanks(st))
	}
	if t := highest(3, 0); t >= 0 {
		x := cards.Rank(t)
		r = [5]cards.Rank{x, x, x}
		fill(&r, 3, 1<<t)
		return pack(ThreeOfAKind, r)
	}
	if p := highest(2, 0); p >= 0 {
		x := cards.Rank(p)
		if q := highest(2, 1<<p); q >= 0 {
			y := cards.Rank(q)
			r = [5]cards.Rank{x, x, y, y}
			fill(&r, 4, 1<<p|1<<q)
			return pack(TwoPair, r)
		}
		r = [5]cards.Rank{x, x}
		fill(&r, 2, 1<<p)
		return pack(OnePair, r)
	}
	fill(&r, 0, 0)
	return pack(HighCard, r)
}

// bestPositions returns positions of five cards of h whose Five value is
// v: for a flush or straight flush, cards of one suit; otherwise the cards
// of the ranks v names, in its order.
func bestPositions(h []cards.Card, v Value) uint64 {
	var used uint64
	suit := -1
	if c := v.Category(); c == Flush || c == StraightFlush {
		for su := 0; su < cards.NumSuits && suit < 0; su++ {
			var pick uint64
			for i := 4; i >= 0; i-- {
				want := cards.Rank((v >> (4 * i)) & 15)
				for j, c := range h {
					if pick&(1<<j) == 0 && c.Rank() == want && int(c.Suit()) == su {
						pick |= 1 << j
						break
					}
				}
			}
			if popcount64(pick) == 5 {
				return pick
			}
		}
	}
	for i := 4; i >= 0; i-- {
		want := cards.Rank((v >> (4 * i)) & 15)
		for j, c := range h {
			if used&(1<<j) == 0 && c.Rank() == want {
				used |= 1 << j
				break
			}
		}
	}
	return used
}

func popcount64(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}
