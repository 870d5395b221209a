// Package cards names the cards of one or two standard 52-card decks.
//
// A card is identified by its id copy*52 + suit*13 + rank, with rank 0..12 for
// 2 3 4 5 6 7 8 9 10 J Q K A and suit 0..3 for clubs, diamonds, hearts, spades
// (docs/bytecode.md). The id does not depend on the game's rank order.
package cards

import (
	"fmt"
	"strings"
)

// Card is a card id, 0..103. Two copies of the same face differ only in Copy.
type Card uint8

// None is the sentinel for "no card" (255, as in the bytecode).
const None Card = 255

// MaxCards is the number of card ids with two decks.
const MaxCards = 104

// Rank is 0..12 for 2 3 4 5 6 7 8 9 10 J Q K A.
type Rank uint8

// The ranks, in card-id order (ace high).
const (
	Two Rank = iota
	Three
	Four
	Five
	Six
	Seven
	Eight
	Nine
	Ten
	Jack
	Queen
	King
	Ace
	NumRanks = 13
)

// Suit is 0..3 for clubs, diamonds, hearts, spades.
type Suit uint8

// The suits, in card-id order.
const (
	Clubs Suit = iota
	Diamonds
	Hearts
	Spades
	NumSuits = 4
)

// NoSuit is the sentinel for "no suit" (255, as in the bytecode).
const NoSuit Suit = 255

// Colour is black or red, the values COLOR_IS compares against.
type Colour uint8

// The colours: clubs and spades are black, diamonds and hearts red.
const (
	Black Colour = 0
	Red   Colour = 1
)

var rankNames = [NumRanks]string{"2", "3", "4", "5", "6", "7", "8", "9", "10", "J", "Q", "K", "A"}

const suitLetters = "CDHS"

// rankOf and suitOf are Rank and Suit for every byte value (the id
// arithmetic done once: the engine asks for them on every predicate).
var rankOf, suitOf [256]uint8

func init() {
	for c := 0; c < 256; c++ {
		rankOf[c] = uint8(c % 52 % 13)
		suitOf[c] = uint8(c % 52 / 13)
	}
}

// New returns the card of the given rank, suit and copy (0 or 1).
func New(r Rank, s Suit, copy int) Card {
	return Card(copy*52 + int(s)*13 + int(r))
}

// Rank returns the card's rank.
func (c Card) Rank() Rank { return Rank(rankOf[c]) }

// Suit returns the card's suit.
func (c Card) Suit() Suit { return Suit(suitOf[c]) }

// Face returns the id of the card's face in the first deck (id % 52): the two
// copies of a card have the same face.
func (c Card) Face() Card { return c % 52 }

// Copy returns 0 for the first deck, 1 for the second.
func (c Card) Copy() int { return int(c) / 52 }

// Colour returns the card's colour.
func (c Card) Colour() Colour { return c.Suit().Colour() }

// Valid reports whether c is a card id of a two-deck game (0..103).
func (c Card) Valid() bool { return c < MaxCards }

// String writes the card rank then suit ("QS", "10H"); the second deck's copy
// is written with a trailing apostrophe ("QS'"). None is "--".
func (c Card) String() string {
	if c == None {
		return "--"
	}
	if !c.Valid() {
		return fmt.Sprintf("card(%d)", uint8(c))
	}
	s := rankNames[c.Rank()] + string(suitLetters[c.Suit()])
	if c.Copy() == 1 {
		s += "'"
	}
	return s
}

// String writes the rank as on the card ("10", "Q").
func (r Rank) String() string {
	if r < NumRanks {
		return rankNames[r]
	}
	return fmt.Sprintf("rank(%d)", uint8(r))
}

// String writes the suit's letter (C D H S).
func (s Suit) String() string {
	if s < NumSuits {
		return suitLetters[s : s+1]
	}
	if s == NoSuit {
		return "-"
	}
	return fmt.Sprintf("suit(%d)", uint8(s))
}

// Colour returns the suit's colour.
func (s Suit) Colour() Colour {
	if s == Diamonds || s == Hearts {
		return Red
	}
	return Black
}

// String writes "black" or "red".
func (c Colour) String() string {
	if c == Red {
		return "red"
	}
	return "black"
}

// ParseRank reads a rank as written on a card: "2".."10", "J", "Q", "K", "A".
func ParseRank(s string) (Rank, error) {
	for r, name := range rankNames {
		if strings.EqualFold(s, name) {
			return Rank(r), nil
		}
	}
	return 0, fmt.Errorf("cards: unknown rank %q", s)
}

// ParseSuit reads a suit letter: C, D, H or S.
func ParseSuit(s string) (Suit, error) {
	if len(s) == 1 {
		if i := strings.IndexByte(suitLetters, upper(s[0])); i >= 0 {
			return Suit(i), nil
		}
	}
	return 0, fmt.Errorf("cards: unknown suit %q", s)
}

// Parse reads a card written rank then suit ("QS", "10H", "2c"); a trailing
// apostrophe names the second deck's copy ("QS'").
func Parse(s string) (Card, error) {
	body, copy := s, 0
	if strings.HasSuffix(body, "'") {
		body, copy = body[:len(body)-1], 1
	}
	if len(body) < 2 {
		return None, fmt.Errorf("cards: cannot parse card %q", s)
	}
	r, err := ParseRank(body[:len(body)-1])
	if err != nil {
		return None, fmt.Errorf("cards: cannot parse card %q: unknown rank %q", s, body[:len(body)-1])
	}
	su, err := ParseSuit(body[len(body)-1:])
	if err != nil {
		return None, fmt.Errorf("cards: cannot parse card %q: unknown suit %q", s, body[len(body)-1:])
	}
	return New(r, su, copy), nil
}

// MustParse is Parse for card literals in tests and fixtures; it panics on a
// malformed literal.
func MustParse(s string) Card {
	c, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return c
}

func upper(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}
