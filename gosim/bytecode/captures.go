package bytecode

import "darwindeck/gosim/cards"

// The captures family (docs/genome-captures.md): capture phases, bid
// phases with simultaneous secret choices, the deal_suit setup step, the
// capture_done end condition and the CAPTURES section.

// CaptureRules is the bit set of a capture phase's rules.
type CaptureRules uint8

// Capture rule bits.
const (
	// CaptureRank: a played card may take one table card of its rank.
	CaptureRank CaptureRules = 1 << 0
	// CaptureSum: a played card may take two or more table cards whose
	// values add up to its value.
	CaptureSum CaptureRules = 1 << 1
	// RankFirst: a card that can take a card of its rank may not take by
	// sum (Scopa).
	RankFirst CaptureRules = 1 << 2
	// MustCapture: a card that can capture may not be trailed.
	MustCapture      CaptureRules = 1 << 3
	captureRulesMask              = CaptureRank | CaptureSum | RankFirst | MustCapture
)

// BidTie is what a tie for the best bid does to the prize.
type BidTie uint8

// Tie rules of a bid phase.
const (
	// TieDiscard: the prize goes to the discard zone.
	TieDiscard BidTie = 0
	// TieCarryOver: the prize stays; the next prize is turned up on it and
	// the next winner takes both.
	TieCarryOver BidTie = 1
)

// BidRules is the bit set of a bid phase's rules.
type BidRules uint8

// Bid rule bits.
const (
	// BidLowestWins: the lowest bid wins the prize instead of the highest.
	BidLowestWins BidRules = 1 << 0
	// BidOpen: bids are made face up, one after another (no secret).
	BidOpen      BidRules = 1 << 1
	bidRulesMask          = BidLowestWins | BidOpen
)

// CapturesFlags is the bit set of the CAPTURES section's rules.
type CapturesFlags uint8

// Captures flags.
const (
	// LastPlaySweeps: a sweep made by the last card of the hand counts.
	LastPlaySweeps CapturesFlags = 1 << 0
	// LastCapturerTakes: the cards left on the table at the end of the
	// hand go to the last seat that captured.
	LastCapturerTakes CapturesFlags = 1 << 1
	capturesFlagsMask               = LastPlaySweeps | LastCapturerTakes
)

// AwardKind is an end-of-hand award of a capture game.
type AwardKind uint8

// Awards, counted over each seat's captured cards (the capture phase's
// WonTo zone). An award tied between seats goes to nobody.
const (
	AwardMostCards AwardKind = 1 // the most cards
	AwardMostSuit  AwardKind = 2 // the most cards of suit Arg
	AwardCard      AwardKind = 3 // the card Arg (a face 0..51; every copy counts)
	// AwardPrimiera: the best primiera (Scopa): the sum over the four suits
	// of the seat's best PrimieraValue in the suit; a seat lacking a suit
	// has none (0).
	AwardPrimiera AwardKind = 4
)

// MaxAwards bounds the awards of a CAPTURES section.
const MaxAwards = 8

// Award gives Points at the end of a hand.
type Award struct {
	Kind   AwardKind
	Arg    uint8
	Points uint8
}

// Captures is the CAPTURES section: the capture value of each rank (1..15
// for ranks in the deck, 0 for the others), points per sweep (0: sweeps
// score nothing), the flags, the redeal (RedealCount cards to every seat's
// hand from RedealFrom when all hands are empty; NoZone and 0 for none)
// and the end-of-hand awards.
type Captures struct {
	Values      [cards.NumRanks]uint8
	SweepPoints uint8
	Flags       CapturesFlags
	RedealFrom  uint8
	RedealCount uint8
	Awards      []Award
}

// PrimieraValue is the primiera value of a rank in the Italian table (7:
// 21, 6: 18, ace: 16, 5: 15, 4: 14, 3: 13, 2: 12, face cards: 10; other
// ranks 0). Source: pagat.com, Scopa ("Primiera").
func PrimieraValue(r cards.Rank) int {
	switch r {
	case cards.Seven:
		return 21
	case cards.Six:
		return 18
	case cards.Ace:
		return 16
	case cards.Five:
		return 15
	case cards.Four:
		return 14
	case cards.Three:
		return 13
	case cards.Two:
		return 12
	case cards.Jack, cards.Queen, cards.King:
		return 10
	}
	return 0
}
