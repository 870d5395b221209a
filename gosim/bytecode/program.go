// Package bytecode decodes, validates and encodes darwindeck programs: the
// binary form of a genome described in docs/bytecode.md (format version 2).
//
// Decode checks everything the format documents before any game is played and
// returns an ErrorList of positioned errors; a Program it returns is valid, and
// the engine may rely on every index and range in it. A Program is immutable
// once decoded: it is shared, read-only, by every game of a batch.
package bytecode

import (
	"math/bits"

	"darwindeck/gosim/cards"
)

// Format constants.
const (
	Magic      = "DDBC"
	Version    = 2
	HeaderSize = 16
	// NoZone is the zone index meaning "none" where the format allows it.
	NoZone = 255
	// DealAll is the deal count meaning "until the source zone is empty".
	DealAll = 255
	// MaxPlayers is the largest player count of the format.
	MaxPlayers = 6
	// MaxZones is the largest number of zones of the format.
	MaxZones = 16
	// MaxPredicateOps and MaxPredicateDepth bound a predicate.
	MaxPredicateOps   = 64
	MaxPredicateDepth = 16
)

// Section tags, in the order they must appear.
const (
	SectionGame    = 1
	SectionZones   = 2
	SectionSetup   = 3
	SectionTurn    = 4
	SectionEffects = 5
	SectionStock   = 6
	SectionEnd     = 7
	SectionScoring = 8
	// SectionDeckRemove lists cards taken out of every copy of the deck.
	SectionDeckRemove = 9
	// SectionMatch makes the game a match of several hands.
	SectionMatch = 10
	// SectionMelds holds the meld rules of a rummy game (melds family).
	SectionMelds = 15
	// SectionCaptures holds the card values, sweeps and end-of-hand
	// awards of a capture game (captures family).
	SectionCaptures = 16
)

var sectionNames = [...]string{"", "GAME", "ZONES", "SETUP", "TURN", "EFFECTS", "STOCK", "END", "SCORING", "DECK_REMOVE", "MATCH",
	SectionTricks: "TRICKS", SectionBetting: "BETTING", SectionMelds: "MELDS", SectionCaptures: "CAPTURES"}

// RankOrder says whether the ace ranks above the king or below the two.
type RankOrder uint8

// Rank orders.
const (
	AceHigh RankOrder = 0
	AceLow  RankOrder = 1
)

// Owner says whether a zone is one shared zone or one copy per seat.
type Owner uint8

// Zone owners.
const (
	Shared    Owner = 0
	PerPlayer Owner = 1
)

// Visibility says who may see the faces of a zone's cards.
type Visibility uint8

// Visibilities.
const (
	Hidden    Visibility = 0 // nobody
	OwnerOnly Visibility = 1 // the owning seat
	Public    Visibility = 2 // everyone
	TopPublic Visibility = 3 // everyone sees the top card only
)

// Insert says where cards added to a zone go.
type Insert uint8

// Insert positions; also a battle's winner_takes_to (Top or Bottom only).
const (
	Top    Insert = 0
	Bottom Insert = 1
	// InsertShuffled puts an added card at a uniformly random position,
	// drawn from the game's random stream (zones only).
	InsertShuffled Insert = 2
)

// Zone is one entry of the ZONES section. A zone is a stack whose top is the
// end cards are drawn from.
type Zone struct {
	Owner      Owner
	Visibility Visibility
	Insert     Insert
}

// SetupOp is the kind of a setup step.
type SetupOp uint8

// Setup ops.
const (
	Deal        SetupOp = 1
	TurnUp      SetupOp = 2
	FirstPlayer SetupOp = 3
	// DiscardSets moves every complete set out of each seat's copy of a
	// per-player zone (version 2).
	DiscardSets SetupOp = 4
	// DealSuit moves every card of one suit from a shared zone to one
	// seat's copy of a zone (or a shared zone), face up (captures family).
	DealSuit SetupOp = 10
)

// SetMatch says which cards make a set for discard_sets.
type SetMatch uint8

// Set matches.
const (
	MatchRank         SetMatch = 0 // cards of the same rank
	MatchRankAndColor SetMatch = 1 // cards of the same rank and colour
)

// FirstPlayerRule picks the seat that moves first.
type FirstPlayerRule uint8

// First-player rules.
const (
	LeftOfDealer FirstPlayerRule = 0
	Dealer       FirstPlayerRule = 1
	HolderOf     FirstPlayerRule = 2
)

// SetupStep is one setup step.
//
//   - Deal: deal Count cards (DealAll: all) to every seat's copy of the
//     per-player zone To from the shared zone From.
//   - TurnUp: move Count cards face up from the shared zone From to the shared
//     zone To.
//   - FirstPlayer: Rule picks the first seat; Card is the card of HolderOf.
//   - DiscardSets: every seat moves every complete set of Count (2..4)
//     cards matching by Match out of its copy of the per-player zone From
//     into To (its own copy if To is per player).
type SetupStep struct {
	Op    SetupOp
	From  uint8
	To    uint8
	Count uint8
	Rule  FirstPlayerRule
	Card  cards.Card
	Match SetMatch
	// DealSuit (captures family): the suit dealt and the seat receiving
	// it (0 when To is shared).
	Suit cards.Suit
	Seat uint8
}

// PhaseKind is the kind of a turn phase.
type PhaseKind uint8

// Phase kinds.
const (
	PhaseDraw   PhaseKind = 1
	PhasePlay   PhaseKind = 2
	PhaseTrick  PhaseKind = 3
	PhaseBattle PhaseKind = 4
	// Version 2 phases.
	PhaseAsk         PhaseKind = 5
	PhaseClaim       PhaseKind = 6
	PhaseClimb       PhaseKind = 7
	PhasePlayTop     PhaseKind = 8
	PhaseDiscardSets PhaseKind = 9
	// Melds family (melds.go): draw from the stock or take the top of the
	// discard pile; discard one card, or discard and knock.
	PhaseDrawChoice  PhaseKind = 20
	PhaseMeldDiscard PhaseKind = 21
	// Captures family: play a card to capture from the table (capture.go)
	// and simultaneous secret bids (simultaneous.go).
	PhaseCapture PhaseKind = 23
	PhaseBid     PhaseKind = 24
)

// Neighbour says whose copy of a per-player zone a draw takes from.
type Neighbour uint8

// Neighbours of a draw phase.
const (
	NoNeighbour Neighbour = 0 // the drawer's own copy (or the shared zone)
	LeftPlayer  Neighbour = 1 // the next seat in play direction holding cards there
	RightPlayer Neighbour = 2 // the previous seat holding cards there
)

// Again says when an ask phase gives the asker another turn.
type Again uint8

// Again rules of an ask phase.
const (
	AgainNever            Again = 0
	AgainOnSuccess        Again = 1 // cards were given
	AgainOnSuccessOrLucky Again = 2 // cards were given, or the fished card has the asked rank
)

// Follow is a trick's follow rule.
type Follow uint8

// Follow rules.
const (
	FollowAny        Follow = 0
	FollowSuitIfAble Follow = 1
)

// TrumpKind says how a trick's trump suit is chosen.
type TrumpKind uint8

// Trump kinds.
const (
	TrumpNone     TrumpKind = 0
	TrumpSuit     TrumpKind = 1
	TrumpTurnedUp TrumpKind = 2
)

// TakeOrder is the order in which a battle's winner takes the table.
type TakeOrder uint8

// Take orders.
const (
	AsPlayed TakeOrder = 0
	Shuffled TakeOrder = 1
)

// Phase is one phase of a turn. Which fields are meaningful depends on Kind:
//
//   - PhaseDraw: From, To, Count, FromPlayer (From is per player when
//     FromPlayer is not NoNeighbour; From may then equal To).
//   - PhasePlay: From, To (shared), DrawFrom (NoZone: no if_unable),
//     MaxDraws (0: unlimited), Legal.
//   - PhaseTrick: From, TrickZone (shared), WonTo (per player), Follow,
//     Trump, TrumpSuit (TrumpSuit kind), TrumpZone (TrumpTurnedUp kind),
//     FirstLead (cards.None: none), BrokenSuit (cards.NoSuit: none).
//   - PhaseBattle: From (per player), Table (shared), WarFaceDown,
//     TakesTo, TakeOrder.
//   - PhaseAsk: From (the asked zone, per player), DrawFrom (NoZone: no
//     fishing), Again.
//   - PhaseClaim: From (per player), To (shared), Count (max_count 1..4).
//   - PhaseClimb: From (per player), To (shared), ClearedTo (shared),
//     Count (max_set 1..4).
//   - PhasePlayTop: From (per player), To (shared).
//   - PhaseDiscardSets: From (per player), To, Count (set size 2..4),
//     Match.
//   - PhaseDrawChoice: From (the hand drawn into, per player; the melds
//     hand), DrawFrom (the stock, shared), To (the discard pile, shared),
//     Upcard (each hand opens with the upcard round).
//   - PhaseMeldDiscard: From (the melds hand), To (the discard pile,
//     shared), KeepTaken (the card taken from the discard pile this turn
//     may not be discarded).
//   - PhaseCapture: From (per player), Table (shared), WonTo (per player),
//     CaptureRules.
//   - PhaseBid: From (per player), Bid (per player, not public), PrizeFrom
//     (shared or NoZone), Prize (shared), WonTo (per player), Discard
//     (shared), Tie, BidRules.
//
// Fields of other kinds are zero.
type Phase struct {
	Kind PhaseKind

	From  uint8
	To    uint8
	Count uint8

	DrawFrom uint8
	MaxDraws uint8
	Legal    Predicate

	TrickZone  uint8
	WonTo      uint8
	Follow     Follow
	Trump      TrumpKind
	TrumpSuit  cards.Suit
	TrumpZone  uint8
	FirstLead  cards.Card
	BrokenSuit cards.Suit

	Table       uint8
	WarFaceDown uint8
	TakesTo     Insert
	TakeOrder   TakeOrder

	FromPlayer Neighbour
	Again      Again
	ClearedTo  uint8
	Match      SetMatch

	KeepTaken  bool  // melds family: PhaseMeldDiscard
	Upcard     bool  // melds family: PhaseDrawChoice opens each hand with the upcard round
	TrickRules uint8 // trick phase: FirstTrickNoPoints | Bowers (trick.go)
	// Rank is a showdown's hand ranking (betting.go).
	Rank HandRank
	// Captures family.
	CaptureRules CaptureRules
	Bid          uint8
	PrizeFrom    uint8
	Prize        uint8
	Discard      uint8
	Tie          BidTie
	BidRules     BidRules
}

// PredOpcode is an operation of a card predicate.
type PredOpcode uint8

// Predicate opcodes (postfix, on a stack of booleans).
const (
	OpTrue          PredOpcode = 1
	OpRankIs        PredOpcode = 2
	OpSuitIs        PredOpcode = 3
	OpColorIs       PredOpcode = 4
	OpCardIs        PredOpcode = 5
	OpSameRankAsTop PredOpcode = 6
	OpSameSuitAsTop PredOpcode = 7
	OpHigherThanTop PredOpcode = 8
	OpAnd           PredOpcode = 9
	OpOr            PredOpcode = 10
	OpNot           PredOpcode = 11
	// OpAdjacentInSuit holds when the shared zone Arg holds a card of the
	// same suit one rank above or below (version 2).
	OpAdjacentInSuit PredOpcode = 12
	maxPredOpcode               = OpAdjacentInSuit
)

// PredOp is one (opcode, argument) pair of a predicate.
type PredOp struct {
	Op  PredOpcode
	Arg uint8
}

// Predicate is a card predicate in postfix order. A decoded predicate has 1..64
// ops, never underflows, needs a stack of at most 16 and leaves exactly one
// value.
type Predicate []PredOp

// EffectKind is what a card effect does.
type EffectKind uint8

// Effect kinds.
const (
	EffectDeclareSuit EffectKind = 1
	EffectSkip        EffectKind = 2
	EffectReverse     EffectKind = 3
	EffectDraw        EffectKind = 4
	EffectExtraTurn   EffectKind = 5
	// EffectDrawStackable is EffectDraw that the next player may answer
	// with another such card, passing on the total (version 2).
	EffectDrawStackable EffectKind = 6
	// EffectPenalty makes the next player pay Count cards in play_top
	// phases (beggar-my-neighbour; version 2).
	EffectPenalty EffectKind = 7
)

// Effect applies to a card played in a play phase (or turned up in a
// play_top phase) that satisfies Card. Count and Zone are used by
// EffectDraw and EffectDrawStackable (the next player draws Count cards
// from Zone); EffectPenalty uses Count with Zone NoZone; they are 0 and
// NoZone otherwise.
type Effect struct {
	Kind  EffectKind
	Count uint8
	Zone  uint8
	Card  Predicate
}

// WhenEmpty is what a draw from an empty stock does.
type WhenEmpty uint8

// Stock exhaustion policies.
const (
	Reshuffle WhenEmpty = 0 // refill from ReshuffleFrom, keeping its top KeepTop
	EndHand   WhenEmpty = 1 // the hand (game) ends at once
	PassDraw  WhenEmpty = 2 // the draw does nothing
)

// Stock says what happens when a draw finds Zone empty. With Reshuffle, the
// cards of ReshuffleFrom except its top KeepTop are shuffled into Zone;
// otherwise ReshuffleFrom is NoZone and KeepTop 0.
type Stock struct {
	Zone          uint8
	ReshuffleFrom uint8
	KeepTop       uint8
	WhenEmpty     WhenEmpty
}

// EndKind is the condition of an end rule.
type EndKind uint8

// End conditions.
const (
	EndZoneEmpty EndKind = 1
	EndAllEmpty  EndKind = 2
	EndOneLeft   EndKind = 3
	// EndAllButOneEmpty holds when every seat but one has emptied Zone
	// (version 2; result ThatPlayerLoses).
	EndAllButOneEmpty EndKind = 4
	// EndKnock (melds family) ends the hand when a player knocks, or voids
	// it when the stock runs down (Zone NoZone, result KnockScores).
	EndKnock EndKind = 9
	// EndCaptureDone holds when every seat's copy of Zone is empty and the
	// captures' redeal zone is empty too (captures family; results
	// LowestScoreWins or HighestScoreWins of the capture points).
	EndCaptureDone EndKind = 10
)

// EndResult is who wins when an end condition holds.
type EndResult uint8

// End results.
const (
	ThatPlayerWins   EndResult = 1
	LowestScoreWins  EndResult = 2
	HighestScoreWins EndResult = 3
	LastPlayerWins   EndResult = 4
	// ThatPlayerLoses: with EndZoneEmpty a seat whose zone is empty is out
	// and the last seat in wins; with EndAllButOneEmpty the one seat
	// still holding cards loses and every other seat wins.
	ThatPlayerLoses EndResult = 5
	// KnockScores (melds family) is the result of EndKnock: the hand is
	// scored by the MELDS section (docs/genome-melds.md).
	KnockScores EndResult = 10
)

// EndCondition is one end rule; Zone is NoZone for EndOneLeft.
type EndCondition struct {
	Kind   EndKind
	Zone   uint8
	Result EndResult
}

// ScoreEntry gives Points to every card satisfying Card.
type ScoreEntry struct {
	Points int8
	Card   Predicate
}

// Scoring counts card points in every seat's copy of the per-player Zone.
type Scoring struct {
	Zone    uint8
	Entries []ScoreEntry
}

// Match makes a game a match of several hands (docs/genome-v2.md).
type Match struct {
	TargetScore int16     // 1..10000
	MaxHands    uint8     // 1..100
	Result      EndResult // LowestScoreWins or HighestScoreWins (of the totals)
}

// Program is a decoded, validated program. It is immutable: after Decode (or
// construction by a test) nobody modifies it, so every game of a batch can
// share it.
type Program struct {
	Players   int
	Decks     int
	RankOrder RankOrder
	Start     uint8  // shared zone the shuffled deck starts in
	RankMask  uint16 // bit r set when rank r is in the deck
	TurnCap   int

	Zones []Zone
	Setup []SetupStep
	Turn  []Phase

	// HasEffects records whether the EFFECTS section is present (it may be
	// present and empty); Encode needs it to reproduce the bytes exactly.
	HasEffects bool
	Effects    []Effect

	Stock   *Stock // nil without a STOCK section
	End     []EndCondition
	Scoring *Scoring // nil without a SCORING section

	// Removed lists the faces (ids 0..51, increasing) taken out of every
	// copy of the deck; nil without a DECK_REMOVE section.
	Removed []cards.Card
	Match   *Match  // nil without a MATCH section
	Tricks  *Tricks // nil without a TRICKS section (trick.go)
	Melds   *Melds  // nil without a MELDS section (melds family)

	// Betting is the chips and stakes of a betting game; nil without a
	// BETTING section (betting.go).
	Betting *Betting
	// Captures is the CAPTURES section (captures family); nil without it.
	Captures *Captures
}

// DeckSize is the number of cards in the game: decks * (4 * ranks - removed
// faces).
func (p *Program) DeckSize() int {
	return p.Decks * (4*bits.OnesCount16(p.RankMask) - len(p.Removed))
}

// InDeck reports whether the deck contains card c: its copy exists, its
// rank is in the deck and its face is not removed.
func (p *Program) InDeck(c cards.Card) bool {
	if int(c) >= p.Decks*52 || p.RankMask&(1<<c.Rank()) == 0 {
		return false
	}
	for _, r := range p.Removed {
		if r == c.Face() {
			return false
		}
	}
	return true
}
