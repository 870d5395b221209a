package hands

import (
	"strings"
	"testing"

	"darwindeck/gosim/cards"
)

func parse(t testing.TB, s string) []cards.Card {
	t.Helper()
	var h []cards.Card
	for _, f := range strings.Fields(s) {
		h = append(h, cards.MustParse(f))
	}
	return h
}

// TestFiveExhaustive evaluates all C(52,5) = 2,598,960 hands and checks the
// number in each category and the number of distinct hand values against
// the published counts (Wikipedia, "Poker probability", frequency of
// 5-card poker hands; the 7,462 distinct ranks per category are from the
// same table).
func TestFiveExhaustive(t *testing.T) {
	if testing.Short() {
		t.Skip("exhaustive")
	}
	wantHands := [NumCategories]int{1302540, 1098240, 123552, 54912, 10200, 5108, 3744, 624, 40}
	wantDistinct := [NumCategories]int{1277, 2860, 858, 858, 10, 1277, 156, 156, 10}
	var got [NumCategories]int
	seen := make(map[Value]bool, 8000)
	var h [5]cards.Card
	total := 0
	for a := 0; a < 52; a++ {
		for b := a + 1; b < 52; b++ {
			for c := b + 1; c < 52; c++ {
				for d := c + 1; d < 52; d++ {
					for e := d + 1; e < 52; e++ {
						h = [5]cards.Card{cards.Card(a), cards.Card(b), cards.Card(c), cards.Card(d), cards.Card(e)}
						v := Five(h[:])
						got[v.Category()]++
						seen[v] = true
						total++
					}
				}
			}
		}
	}
	if total != 2598960 {
		t.Fatalf("enumerated %d hands", total)
	}
	if got != wantHands {
		t.Errorf("hands per category %v, want %v", got, wantHands)
	}
	var distinct [NumCategories]int
	for v := range seen {
		distinct[v.Category()]++
	}
	if distinct != wantDistinct || len(seen) != 7462 {
		t.Errorf("distinct values per category %v (%d), want %v (7462)", distinct, len(seen), wantDistinct)
	}
}

// TestOrder lists hands from best to worst: every category boundary, the
// tie-breaks inside categories, and equal hands of different suits.
func TestOrder(t *testing.T) {
	order := []struct{ hand, cat string }{
		{"AS KS QS JS 10S", "straight flush"}, // royal flush
		{"KH QH JH 10H 9H", "straight flush"},
		{"5D 4D 3D 2D AD", "straight flush"}, // steel wheel: lowest straight flush
		{"AC AD AH AS KC", "four of a kind"},
		{"AC AD AH AS 2C", "four of a kind"}, // kicker decides
		{"KC KD KH KS AC", "four of a kind"},
		{"AC AD AH KS KC", "full house"},
		{"KC KD KH AS AC", "full house"}, // trips rank first
		{"KC KD KH QS QC", "full house"},
		{"AH QH 9H 5H 3H", "flush"},
		{"AH QH 9H 5H 2H", "flush"}, // last kicker
		{"KH QH JH 10H 8H", "flush"},
		{"AC KD QH JS 10C", "straight"},
		{"6C 5D 4H 3S 2C", "straight"},
		{"5C 4D 3H 2S AC", "straight"}, // wheel: the lowest straight
		{"AC AD AH KS QC", "three of a kind"},
		{"2C 2D 2H AS KC", "three of a kind"},
		{"AC AD KH KS QC", "two pair"},
		{"AC AD KH KS JC", "two pair"},
		{"AC AD QH QS KC", "two pair"}, // second pair before the kicker
		{"3C 3D 2H 2S AC", "two pair"},
		{"AC AD KH QS JC", "one pair"},
		{"AC AD KH QS 10C", "one pair"},
		{"KC KD AH QS JC", "one pair"},
		{"2C 2D 5H 4S 3C", "one pair"},
		{"AC KD QH JS 9C", "high card"},
		{"KC QD JH 10S 8C", "high card"},
		{"7C 5D 4H 3S 2C", "high card"}, // the worst hand
	}
	var prev Value
	for i, o := range order {
		v := Five(parse(t, o.hand))
		if v.Category().String() != o.cat {
			t.Errorf("%s: %s, want %s", o.hand, v, o.cat)
		}
		if i > 0 && v >= prev {
			t.Errorf("%s (%s) does not rank below %s", o.hand, v, order[i-1].hand)
		}
		prev = v
	}
	ties := [][2]string{
		{"AS KS QS JS 10S", "AH KH QH JH 10H"},
		{"AC AD KH KS QC", "AH AS KC KD QD"},
		{"AH QH 9H 5H 3H", "AC QC 9C 5C 3C"},
		{"5C 4D 3H 2S AC", "5D 4C 3S 2H AH"},
		{"7C 5D 4H 3S 2C", "7D 5C 4S 3H 2D"},
	}
	for _, tie := range ties {
		if a, b := Five(parse(t, tie[0])), Five(parse(t, tie[1])); a != b {
			t.Errorf("%s (%s) and %s (%s) should tie", tie[0], a, tie[1], b)
		}
	}
}

// TestBest picks the best five of seven, including a board that plays and
// a wheel against a six-high straight.
func TestBest(t *testing.T) {
	cases := []struct {
		hand string
		want string
	}{
		{"AS KS QS JS 10S 2D 3C", "AS KS QS JS 10S"},
		{"AC 2D 3H 4S 5C 6D KH", "2D 3H 4S 5C 6D"},
		{"AC 2D 3H 4S 5C KD KH", "AC 2D 3H 4S 5C"},
		{"7H 7D 7C 2S 2D 2H 9C", "7H 7D 7C 2S 2D"},
		{"AH 2H 3H 4H 9H 5S 6S", "AH 2H 3H 4H 9H"},
		{"KC KD QH QS JC JD 2S", "KC KD QH QS JC"},
	}
	for _, c := range cases {
		h := parse(t, c.hand)
		v, best := Best(h)
		if want := Five(parse(t, c.want)); v != want {
			t.Errorf("%s: %s, want %s", c.hand, v, want)
		}
		var five []cards.Card
		for i := range h {
			if best&(1<<i) != 0 {
				five = append(five, h[i])
			}
		}
		if Five(five) != v {
			t.Errorf("%s: positions %b give %v, not %s", c.hand, best, five, v)
		}
	}
}

// TestBestOfShort ranks hands of fewer than five cards.
func TestBestOfShort(t *testing.T) {
	order := []string{"AC AD AH", "2C 2D 2H", "AC AD", "KC KD AS", "KC KD", "AC KD", "AC", "KC"}
	for i := 1; i < len(order); i++ {
		a, b := BestOf(parse(t, order[i-1])), BestOf(parse(t, order[i]))
		if a <= b {
			t.Errorf("%s (%v) does not beat %s (%v)", order[i-1], a, order[i], b)
		}
	}
	if BestOf(nil) != 0 {
		t.Error("an empty hand is not the lowest value")
	}
}

// TestPoints covers hard and soft totals, several aces and busts.
func TestPoints(t *testing.T) {
	cases := []struct {
		hand  string
		total int
		soft  bool
	}{
		{"AS KD", 21, true},
		{"AS 6D", 17, true}, // soft 17
		{"10S 7D", 17, false},
		{"AS 6D 10C", 17, false}, // the ace must count 1
		{"AS AD", 12, true},
		{"AS AD AH AC", 14, true},
		{"AS AD 9C", 21, true},
		{"AS AD 10C", 12, false},
		{"KS QD", 20, false},
		{"KS QD 2C", 22, false}, // bust
		{"5S 5D 5C 6H", 21, false},
		{"2S 3D", 5, false},
		{"JS QD KC", 30, false},
	}
	for _, c := range cases {
		total, soft := Points(parse(t, c.hand))
		if total != c.total || soft != c.soft {
			t.Errorf("%s: %d soft=%t, want %d soft=%t", c.hand, total, soft, c.total, c.soft)
		}
	}
	if !Natural(parse(t, "AS JD")) || Natural(parse(t, "AS 5D 5C")) || Natural(parse(t, "KS QD")) {
		t.Error("Natural is wrong")
	}
}

// TestNaturalProbability counts the naturals among all C(52,2) = 1,326
// two-card hands of one deck: 4 aces x 16 ten-count cards = 64, the
// published probability 64/1326 = 4.83% (Wizard of Odds, "Blackjack
// probabilities"; Griffin, The Theory of Blackjack).
func TestNaturalProbability(t *testing.T) {
	n, all := 0, 0
	for a := 0; a < 52; a++ {
		for b := a + 1; b < 52; b++ {
			all++
			if Natural([]cards.Card{cards.Card(a), cards.Card(b)}) {
				n++
			}
		}
	}
	if n != 64 || all != 1326 {
		t.Errorf("%d naturals in %d hands, want 64 in 1326", n, all)
	}
}

func BenchmarkBest7(b *testing.B) {
	h := parse(b, "AS KD 7C 7H 2S 9D 9C")
	b.ReportAllocs()
	var v Value
	for i := 0; i < b.N; i++ {
		v, _ = Best(h)
	}
	if v.Category() != TwoPair {
		b.Fatal(v)
	}
}

// TestDirectEqualsExhaustive compares the direct evaluator with the search
// over every five-card subset on random hands of 5 to 12 cards drawn from
// one or two decks (two decks give flushes with pairs and five of a kind),
// and checks that Best names five cards worth its value.
func TestDirectEqualsExhaustive(t *testing.T) {
	rng := uint64(12345)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	for trial := 0; trial < 20000; trial++ {
		decks := 1 + next(2)
		n := 5 + next(8)
		var h []cards.Card
		seen := map[cards.Card]bool{}
		for len(h) < n {
			c := cards.Card(next(52 * decks))
			if !seen[c] {
				seen[c] = true
				h = append(h, c)
			}
		}
		want, _ := exhaustive(h)
		if got := Direct(h); got != want {
			t.Fatalf("%v: direct %v, exhaustive %v", h, got, want)
		}
		v, pos := Best(h)
		var five []cards.Card
		for i := range h {
			if pos&(1<<i) != 0 {
				five = append(five, h[i])
			}
		}
		if v != want || len(five) != 5 || Five(five) != v {
			t.Fatalf("%v: Best %v with %v (%v), want %v", h, v, five, Five(five), want)
		}
	}
	if v := Five(parse(t, "AS AS' AH AH' AD")); v.Category() != FiveOfAKind {
		t.Fatalf("five aces: %v", v)
	}
	if a, b := Five(parse(t, "AH AH' KH QH 9H")), Five(parse(t, "AH KH QH JH 9H")); a <= b {
		t.Fatalf("a two-deck flush A A K Q 9 (%v) must beat A K Q J 9 (%v)", a, b)
	}
}
