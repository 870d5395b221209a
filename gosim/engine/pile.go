package engine

import "darwindeck/gosim/cards"

// pileCap is the capacity of one zone copy: a power of two above the 104
// cards of two decks, so a pile is a ring buffer with cheap inserts at both
// ends (War takes cards to the bottom of a pile on every battle).
const pileCap = 128

// pile is one copy of a zone: a stack of cards, bottom at index 0, top at
// index n-1, and the set of its cards (card ids are unique in a game, so
// the set answers "which cards are here" without a scan: legal moves are
// the hand's set intersected with the set a predicate accepts).
type pile struct {
	c    [pileCap]cards.Card
	head uint8 // ring position of the bottom card
	n    uint8
	set  cardSet
}

func (p *pile) len() int { return int(p.n) }

// at returns the card at position i from the bottom (0 <= i < len).
func (p *pile) at(i int) cards.Card { return p.c[(int(p.head)+i)&(pileCap-1)] }

// put replaces the card at position i from the bottom without updating the
// set: a caller that redeals cards across piles calls resync on each after.
func (p *pile) put(i int, c cards.Card) { p.c[(int(p.head)+i)&(pileCap-1)] = c }

// resync rebuilds the set from the cards.
func (p *pile) resync() {
	p.set = cardSet{}
	for i := 0; i < int(p.n); i++ {
		p.set.add(p.at(i))
	}
}

// swap exchanges the cards at positions i and j (the set is unchanged).
func (p *pile) swap(i, j int) {
	a, b := (int(p.head)+i)&(pileCap-1), (int(p.head)+j)&(pileCap-1)
	p.c[a], p.c[b] = p.c[b], p.c[a]
}

// top returns the top card; the pile must not be empty.
func (p *pile) top() cards.Card { return p.at(int(p.n) - 1) }

func (p *pile) pushTop(c cards.Card) {
	p.c[(int(p.head)+int(p.n))&(pileCap-1)] = c
	p.n++
	p.set.add(c)
}

func (p *pile) pushBottom(c cards.Card) {
	p.head = uint8((int(p.head) - 1) & (pileCap - 1))
	p.c[p.head] = c
	p.n++
	p.set.add(c)
}

func (p *pile) popTop() cards.Card {
	p.n--
	c := p.c[(int(p.head)+int(p.n))&(pileCap-1)]
	p.set.remove(c)
	return c
}

func (p *pile) popBottom() cards.Card {
	c := p.c[p.head]
	p.head = uint8((int(p.head) + 1) & (pileCap - 1))
	p.n--
	p.set.remove(c)
	return c
}

// removeAt removes and returns the card at position i from the bottom,
// keeping the order of the others.
func (p *pile) removeAt(i int) cards.Card {
	c := p.at(i)
	for j := i; j < int(p.n)-1; j++ {
		p.c[(int(p.head)+j)&(pileCap-1)] = p.at(j + 1)
	}
	p.n--
	p.set.remove(c)
	return c
}

// index returns the position of card c from the bottom, or -1.
func (p *pile) index(c cards.Card) int {
	if !p.set.has(c) {
		return -1
	}
	for i := 0; i < int(p.n); i++ {
		if p.at(i) == c {
			return i
		}
	}
	return -1
}

func (p *pile) clear() { p.head, p.n, p.set = 0, 0, cardSet{} }
