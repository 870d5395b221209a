// Package game is the interface every player sees, modelled on OpenSpiel's
// State: whose turn it is, the legal moves, applying one, the end and the
// returns, plus what the player to move may observe of the table. Players
// work on any rule set through this interface alone and never see hidden
// cards; the rules live in package engine.
package game

import (
	"fmt"

	"darwindeck/gosim/cards"
)

// MoveKind is the kind of a typed move.
type MoveKind uint8

// Move kinds.
const (
	// PlayCard plays Card (to the discard pile in a play phase, to the trick
	// in a trick phase).
	PlayCard MoveKind = 1
	// PlayCardDeclareSuit plays Card, a card with the declare_suit effect,
	// and names Suit as the active suit.
	PlayCardDeclareSuit MoveKind = 2
	// Pass plays nothing: the player has no legal card.
	Pass MoveKind = 3
	// Battle turns up the table's cards for a battle; nobody decides it.
	Battle MoveKind = 4
	// Ask asks seat Seat for every card of rank Rank (a fishing game).
	Ask MoveKind = 5
	// Claim puts Count cards of rank Rank face down and states that they
	// are of the rank the claim sequence names (a bluff when Rank differs).
	Claim MoveKind = 6
	// Challenge calls the pending claim a bluff: its cards are turned up.
	Challenge MoveKind = 7
	// Accept lets the pending claim stand.
	Accept MoveKind = 8
	// PlaySet plays Count cards of rank Rank onto a climbing pile.
	PlaySet MoveKind = 9
	// TurnUp turns up the top card of the player's own pile (play_top);
	// it is the only move of its step.
	TurnUp MoveKind = 10

	// Melds family (rummy games).

	// DrawStock draws the top card of the stock (a draw_choice phase).
	DrawStock MoveKind = 23
	// TakeDiscard takes Card, the top card of the discard pile (a
	// draw_choice phase); everyone sees which card it is.
	TakeDiscard MoveKind = 24
	// Knock discards Card and knocks, ending the hand (a meld_discard
	// phase); discarding without knocking is PlayCard.
	Knock MoveKind = 25
	// Betting games (docs/genome-betting.md). Chips are integers.
	//
	// Fold gives up the hand; Check passes with nothing to call; Call
	// puts in the chips needed to match the highest bet (all the seat has
	// if that is less); Bet bets or raises to Amount chips in this round
	// (Count is its index in the round's menu of sizes); Discard throws
	// away the cards of the bit set Amount (bit i: the i-th card of the
	// hand in card-id order) and draws as many (Count cards); Hit draws a
	// card; Stand stops drawing.
	Fold    MoveKind = 16
	Check   MoveKind = 17
	Call    MoveKind = 18
	Bet     MoveKind = 19
	Discard MoveKind = 20
	Hit     MoveKind = 21
	Stand   MoveKind = 22
	// Captures family.

	// Capture plays Card in a capture phase and takes the Count-th group
	// of table cards that card can take (the order is the engine's
	// canonical order, public: it depends on the card and the table only;
	// Observer.CaptureGroup names the cards).
	Capture MoveKind = 27
	// Trail plays Card in a capture phase to the table, taking nothing.
	Trail MoveKind = 28
	// Bid commits Card face down as the seat's bid of a bid phase.
	Bid MoveKind = 29
)

// Move kinds of trick-taking hands (before the play).
const (
	// PassCard puts Card aside to be passed before the hand.
	PassCard MoveKind = 11
	// BidTricks bids Count tricks (0 is nil where the rules have nil).
	BidTricks MoveKind = 12
	// OrderUp makes Suit trump: the turned card's suit when ordering it
	// up, or a suit named (by the bid winner, the top taker, or in
	// Euchre's second round).
	OrderUp MoveKind = 13
	// PassTrump declines to order up or name trump.
	PassTrump MoveKind = 14
	// DiscardCard discards Card face down (Euchre's dealer after taking
	// the turned card).
	DiscardCard MoveKind = 15
)

// PassCardMove returns the move that sets c aside to pass.
func PassCardMove(c cards.Card) Move { return Move{Kind: PassCard, Card: c, Suit: cards.NoSuit} }

// BidMove returns the move that bids n tricks.
func BidMove(n int) Move {
	return Move{Kind: BidTricks, Card: cards.None, Suit: cards.NoSuit, Count: uint8(n)}
}

// OrderUpMove returns the move that makes suit s trump.
func OrderUpMove(s cards.Suit) Move { return Move{Kind: OrderUp, Card: cards.None, Suit: s} }

// PassTrumpMove declines to make trump.
var PassTrumpMove = Move{Kind: PassTrump, Card: cards.None, Suit: cards.NoSuit}

// DiscardMove returns the move that discards c.
func DiscardMove(c cards.Card) Move { return Move{Kind: DiscardCard, Card: c, Suit: cards.NoSuit} }

// Move is one typed move. Card is cards.None and Suit cards.NoSuit when the
// kind does not use them; Seat, Rank and Count are zero unless the kind
// uses them (Ask: Seat and Rank; Claim and PlaySet: Rank and Count).
// Amount is the chips of a Bet (the seat's total bet in the round after
// it) and the card bit set of a Discard; it is zero for other kinds.
type Move struct {
	Kind   MoveKind
	Card   cards.Card
	Suit   cards.Suit
	Seat   uint8
	Rank   cards.Rank
	Count  uint8
	Amount int32
}

// Play returns the move that plays c.
func Play(c cards.Card) Move { return Move{Kind: PlayCard, Card: c, Suit: cards.NoSuit} }

// PlayDeclare returns the move that plays c and declares suit s.
func PlayDeclare(c cards.Card, s cards.Suit) Move {
	return Move{Kind: PlayCardDeclareSuit, Card: c, Suit: s}
}

// PassMove is the move that plays nothing.
var PassMove = Move{Kind: Pass, Card: cards.None, Suit: cards.NoSuit}

// BattleMove is the table's move in a battle.
var BattleMove = Move{Kind: Battle, Card: cards.None, Suit: cards.NoSuit}

// ChallengeMove calls the pending claim a bluff.
var ChallengeMove = Move{Kind: Challenge, Card: cards.None, Suit: cards.NoSuit}

// AcceptMove lets the pending claim stand.
var AcceptMove = Move{Kind: Accept, Card: cards.None, Suit: cards.NoSuit}

// TurnUpMove turns up the top card of the player's pile.
var TurnUpMove = Move{Kind: TurnUp, Card: cards.None, Suit: cards.NoSuit}

// DrawStockMove draws the top card of the stock.
var DrawStockMove = Move{Kind: DrawStock, Card: cards.None, Suit: cards.NoSuit}

// TakeDiscardOf returns the move that takes c from the top of the discard pile.
func TakeDiscardOf(c cards.Card) Move { return Move{Kind: TakeDiscard, Card: c, Suit: cards.NoSuit} }

// KnockWith returns the move that discards c and knocks.
func KnockWith(c cards.Card) Move { return Move{Kind: Knock, Card: c, Suit: cards.NoSuit} }

// CaptureWith returns the move that plays c and takes its k-th group.
func CaptureWith(c cards.Card, k int) Move {
	return Move{Kind: Capture, Card: c, Suit: cards.NoSuit, Count: uint8(k)}
}

// TrailCard returns the move that trails c.
func TrailCard(c cards.Card) Move { return Move{Kind: Trail, Card: c, Suit: cards.NoSuit} }

// BidCard returns the move that bids c face down.
func BidCard(c cards.Card) Move { return Move{Kind: Bid, Card: c, Suit: cards.NoSuit} }

// AskFor returns the move that asks seat for every card of rank r.
func AskFor(seat int, r cards.Rank) Move {
	return Move{Kind: Ask, Card: cards.None, Suit: cards.NoSuit, Seat: uint8(seat), Rank: r}
}

// ClaimCards returns the move that puts n cards of rank r face down as a claim.
func ClaimCards(r cards.Rank, n int) Move {
	return Move{Kind: Claim, Card: cards.None, Suit: cards.NoSuit, Rank: r, Count: uint8(n)}
}

// PlaySetOf returns the move that plays a set of n cards of rank r.
func PlaySetOf(r cards.Rank, n int) Move {
	return Move{Kind: PlaySet, Card: cards.None, Suit: cards.NoSuit, Rank: r, Count: uint8(n)}
}

// Key orders moves: by the (seat, rank, count) of an ask, claim or set, or
// the group index (Count) of a capture, then card, then kind, then suit. LegalMoves lists moves in increasing Key
// order; no two legal moves have the same Key. Moves of the first version
// (cards, pass, battle) have the same keys as before.
func (m Move) Key() uint32 {
	var extra uint32
	switch m.Kind {
	case Ask:
		extra = uint32(m.Seat)*cards.NumRanks + uint32(m.Rank)
	case Claim, PlaySet:
		extra = uint32(m.Rank)*8 + uint32(m.Count)
	case BidTricks:
		extra = uint32(m.Count)
	case Bet:
		extra = uint32(m.Count) // the menu lists sizes in increasing order
	case Discard:
		extra = uint32(m.Amount) & 0xff
	case Capture:
		extra = uint32(m.Count)
	}
	return extra<<24 | uint32(m.Card)<<16 | uint32(m.Kind)<<8 | uint32(m.Suit)
}

// String writes "QS", "8C:H" (an eight declaring hearts), "pass", "battle",
// "ask 2 Q" (ask seat 2 for queens), "claim 2x7" (two sevens put down),
// "challenge", "accept", "set 3x9" (three nines) or "turn up".
func (m Move) String() string {
	switch m.Kind {
	case Ask:
		return fmt.Sprintf("ask %d %s", m.Seat, rankName(m.Rank))
	case Claim:
		return fmt.Sprintf("claim %dx%s", m.Count, rankName(m.Rank))
	case Challenge:
		return "challenge"
	case Accept:
		return "accept"
	case PlaySet:
		return fmt.Sprintf("set %dx%s", m.Count, rankName(m.Rank))
	case TurnUp:
		return "turn up"
	case DrawStock:
		return "draw stock"
	case TakeDiscard:
		return "take " + m.Card.String()
	case Knock:
		return "knock " + m.Card.String()
	case PassCard:
		return "pass " + m.Card.String()
	case BidTricks:
		return fmt.Sprintf("bid %d", m.Count)
	case OrderUp:
		return "trump " + m.Suit.String()
	case PassTrump:
		return "no trump call"
	case DiscardCard:
		return "discard " + m.Card.String()
	case Fold:
		return "fold"
	case Check:
		return "check"
	case Call:
		return "call"
	case Bet:
		return fmt.Sprintf("bet %d", m.Amount)
	case Discard:
		return fmt.Sprintf("discard %d:%b", m.Count, m.Amount)
	case Hit:
		return "hit"
	case Stand:
		return "stand"
	case Capture:
		return fmt.Sprintf("capture %s #%d", m.Card, m.Count)
	case Trail:
		return "trail " + m.Card.String()
	case Bid:
		return "bid " + m.Card.String()
	case PlayCard:
		return m.Card.String()
	case PlayCardDeclareSuit:
		return m.Card.String() + ":" + m.Suit.String()
	case Pass:
		return "pass"
	case Battle:
		return "battle"
	}
	return fmt.Sprintf("move(%d,%d,%d)", m.Kind, m.Card, m.Suit)
}

// rankName writes a rank as in card names ("7", "10", "Q").
func rankName(r cards.Rank) string {
	s := cards.New(r, cards.Clubs, 0).String()
	return s[:len(s)-1]
}

// Seat values of CurrentPlayer that are not seats.
const (
	// Table is the "player" of a step nobody decides (a battle): its only
	// legal move is forced.
	Table = -1
	// Terminal is CurrentPlayer of a finished game.
	Terminal = -2
)

// PhaseKind is what the player to move is doing.
type PhaseKind uint8

// Phase kinds of a decision.
const (
	NoPhase   PhaseKind = iota // the game is over
	Shedding                   // a play phase: play a legal card to a shared pile
	Trick                      // a trick phase: lead or follow to the trick
	Battling                   // a battle: forced for the whole table
	Asking                     // an ask phase: ask a seat for a rank
	Claiming                   // a claim phase: put cards down as the claimed rank
	Answering                  // a claim's answer: challenge or accept (a seat other than the claimer)
	Climbing                   // a climb phase: beat the last set or pass
	TurningUp                  // a play_top phase: turn up your top card (forced)

	// Melds family.
	MeldDrawing    PhaseKind = 40 // a draw_choice phase: draw from the stock or take the discard
	MeldDiscarding PhaseKind = 41 // a meld_discard phase: discard a card, or discard and knock
	// Captures family.
	Capturing PhaseKind = 50 // a capture phase: capture a group or trail a card
	Bidding   PhaseKind = 51 // a bid phase: bid a card face down
)

// MeldHandMax is the number of cards of a hand the meld rules arrange
// (melds family); cards beyond it count as deadwood.
const MeldHandMax = 24

// Phase kinds of a trick-taking hand before the play.
const (
	Passing       PhaseKind = 20 // choose a card to pass
	BiddingTricks PhaseKind = 21 // bid a number of tricks
	ChoosingTrump PhaseKind = 22 // order up, name a suit or pass
	Discarding    PhaseKind = 23 // discard a card after taking the turned card
)

// Phase kinds of betting games.
const (
	Betting PhaseKind = 30 // a betting round: fold, check, call, bet or raise
	Drawing PhaseKind = 31 // drawing to improve: discard some cards and draw as many
	Hitting PhaseKind = 32 // hit or stand (points games)
)

// Outcome is how a finished game ended.
type Outcome uint8

// Outcomes; the values are the C ABI's DD_OUTCOME_*.
const (
	Win        Outcome = 0 // one or more seats won
	Draw       Outcome = 1 // the rules ended the game with no winner
	Unfinished Outcome = 2 // the turn cap ended the game; nobody won
	Ongoing    Outcome = 255
)

// Effect is a bit set of the effects a card has when played in a play phase.
type Effect uint8

// Effect bits.
const (
	EffectDeclareSuit Effect = 1 << iota
	EffectSkip
	EffectReverse
	EffectDraw
	EffectExtraTurn
)

// Goal says which scores are better, as the rules decide the winner.
type Goal int8

// Goals.
const (
	LowerIsBetter  Goal = -1
	NoScoreGoal    Goal = 0
	HigherIsBetter Goal = 1
)

// State is one game in progress. Implementations are not safe for concurrent
// use; Clone gives an independent copy.
type State interface {
	// NumPlayers is the number of real seats (2..6).
	NumPlayers() int

	// CurrentPlayer is the seat to move (0..NumPlayers-1), Table when the
	// step is forced for the whole table, or Terminal when the game is over.
	// The seat to move is not always the seat whose turn it is: a seat
	// answering another seat's claim (challenge or accept) moves too.
	CurrentPlayer() int

	// LegalMoves appends the legal moves to buf[:0] and returns it. It is
	// pure (no reshuffle, no random draw, no change of any kind), the moves
	// are sorted by Key and unique, and the result is non-empty unless the
	// game is over. A step without a choice has exactly one move.
	LegalMoves(buf []Move) []Move

	// Apply plays m, which must be one of LegalMoves; it then advances
	// through every step that needs no decision (draw phases, draws of
	// if_unable, effects, the end of the turn). An illegal move or a move
	// after the end returns an error and leaves the state unchanged.
	Apply(m Move) error

	// IsTerminal reports whether the game is over.
	IsTerminal() bool

	// Outcome is Ongoing until the game is over, then how it ended.
	Outcome() Outcome

	// Returns appends one value per real seat to buf[:0]: +1 for a winner,
	// -1 for any other seat when someone won, 0 for every seat of a drawn,
	// unfinished or ongoing game.
	Returns(buf []float64) []float64

	// Clone returns an independent copy, with its own copy of the random
	// stream: both evolve identically under the same moves.
	Clone() State

	// Intn draws a uniform integer in [0, n) from the game's own random
	// stream; players make their random choices with it so that a game is
	// a function of its seed. n must be positive.
	Intn(n int) int

	// InfoString describes everything seat p knows in this state and
	// nothing else: the public table (whose turn, phase, trick, declared
	// suits, trump, turn counters), the size of every zone copy, every card
	// p has seen and where it is (in the order p can see it), and what p has
	// inferred about the unseen cards (voids revealed by failing to follow
	// suit, cards a seat was shown not to hold). Two states with the same
	// InfoString(p) are indistinguishable to p. It is meant for tests and
	// checks, not for a search's inner loop. It panics if the state does
	// not track information (see Determinize).
	InfoString(p int) string

	// Determinize returns a world sampled from the states seat p cannot
	// tell apart from this one: p's own cards, the public cards and every
	// card p knows the place of stay where they are, and the cards p has
	// not seen are dealt at random into the places p cannot see, keeping
	// every zone's size and every inference (a void stays void). The
	// world's random stream is reseeded from rng, so its future reshuffles
	// are not this game's. The world is written into into when into is a
	// world or game of the same rules (reused without allocating), else
	// newly allocated; the receiver is not changed.
	//
	// Right after Determinize, world.InfoString(p) equals InfoString(p).
	// A world forgets p's information at its first Apply (searches play
	// worlds fast, without tracking who knows what); InfoString and
	// Determinize then panic on it. Determinize panics on a state that
	// does not track information.
	Determinize(p int, rng Rand, into State) State

	// Observation of the player to move: only what that seat may see.
	Observer
}

// Rand is a seeded random source (splitmix.Stream is one).
type Rand interface {
	// Intn returns a uniform integer in [0, n); n must be positive.
	Intn(n int) int
	// Uint64 returns 64 random bits.
	Uint64() uint64
}

// Observer is what the player to move may read of the table. Nothing here
// reveals a card that seat may not see.
type Observer interface {
	// Phase is what the player to move is doing.
	Phase() PhaseKind

	// Hand appends to buf[:0] the cards of the zone the current phase
	// plays from, as the player to move holds it (its own copy), bottom
	// to top.
	Hand(buf []cards.Card) []cards.Card

	// PileTop is the top card and the active suit (the declared suit if
	// one is set, else the top card's suit) of the shared pile the current
	// play phase plays to; ok is false when the pile is empty or the
	// phase is not a play phase.
	PileTop() (top cards.Card, active cards.Suit, ok bool)

	// PlayableOn reports whether c would be a legal play in the current
	// play phase if the pile's top were top with active suit active. It
	// reads the rules only (the legal predicate), never hidden cards.
	PlayableOn(c cards.Card, top cards.Card, active cards.Suit) bool

	// CardEffects is the set of effects c has when played in a play phase.
	CardEffects(c cards.Card) Effect

	// TrickCards appends the cards played to the current trick to buf[:0],
	// in play order.
	TrickCards(buf []cards.Card) []cards.Card

	// TrumpSuit is the trump suit of the current trick, or cards.NoSuit.
	TrumpSuit() cards.Suit

	// RankValue orders ranks by the game's rank order: higher is better.
	RankValue(c cards.Card) int

	// CardPoints is the sum of the scoring points a card earns in the
	// scoring zone (0 without scoring).
	CardPoints(c cards.Card) int

	// ScoreGoal says whether lower or higher scores win.
	ScoreGoal() Goal

	// Score is a seat's score so far.
	Score(seat int) int

	// Claim is the claim of a bluffing game: while Claiming, the rank the
	// player must claim (count 0); while Answering, the claimed rank and
	// the number of cards put down. ok is false in other phases.
	Claim() (rank cards.Rank, count int, ok bool)

	// RankCopies is the number of cards of rank r in the game's deck.
	RankCopies(r cards.Rank) int

	// SetToBeat is the set on a climbing pile the player must beat: its
	// rank and size; count is 0 when the player leads (anything goes).
	SetToBeat() (rank cards.Rank, count int)

	// Melds family (rummy games). They read the rules and public cards only.

	// Deadwood is the least deadwood of the cards of hand under the game's
	// meld rules: the sum of the deadwood values of the cards left out of
	// the best arrangement of hand into disjoint melds (0 without melds).
	Deadwood(hand []cards.Card) int

	// DeadwoodWithout gives, for i < min(len(hand), MeldHandMax), the
	// least deadwood of hand without its card hand[i] (all 0 without melds).
	DeadwoodWithout(hand []cards.Card) [MeldHandMax]int16

	// DeadwoodValue is the deadwood value of card c (0 without melds).
	DeadwoodValue(c cards.Card) int

	// DiscardTop is the top card of the discard pile of the current
	// draw_choice or meld_discard phase; ok is false when it is empty or
	// the phase is neither.
	DiscardTop() (top cards.Card, ok bool)

	// KnockLimit is the most deadwood a knock allows (-1 without melds).
	KnockLimit() int
	// Trick-taking (public information).

	// Partner is the seat's partner in a partnership game, else -1.
	Partner(seat int) int

	// TrickWinning is the index in TrickCards of the card winning the
	// current trick so far; ok is false when the trick is empty.
	TrickWinning() (index int, ok bool)

	// EffectiveSuit is the suit c belongs to in the play (the left bower
	// belongs to trump), as far as the player to move knows trump.
	EffectiveSuit(c cards.Card) cards.Suit

	// TricksTaken is the number of tricks the seat took in this hand.
	TricksTaken(seat int) int

	// BidOf is the seat's bid in this hand; ok is false before it bid or
	// without bidding.
	BidOf(seat int) (bid int, ok bool)
	// Betting games (docs/genome-betting.md).

	// Betting is the public state of a betting game as the player to move
	// sees it (On is false in other games).
	Betting() BetView

	// Captures family.

	// CaptureGroup appends to buf[:0] the table cards that the legal
	// Capture move m of the current step takes (empty for other moves).
	CaptureGroup(m Move, buf []cards.Card) []cards.Card

	// CaptureWorth is a rule-derived weight of capturing c toward the
	// end-of-hand awards of a capture game: 4 per point of an award naming
	// c, 1 per point of a "most of a suit" award of c's suit, 1 per point
	// of primiera for a seven or six; 0 without awards. It reads the rules
	// only.
	CaptureWorth(c cards.Card) int

	// TableSize is the number of cards on the table of the current capture
	// phase (0 in other phases).
	TableSize() int

	// Prize appends to buf[:0] the cards of the current bid phase's prize
	// zone that the seat may see (all of a public zone, the top of a
	// top_public one), bottom to top; empty in other phases.
	Prize(buf []cards.Card) []cards.Card
}

// BetView is the public chips and cards of a betting game, from the
// player to move's seat. Amounts are chips.
type BetView struct {
	On       bool
	Chips    int           // the seat's stack (chips not yet put in)
	Pot      int           // every chip put in this hand
	ToCall   int           // chips the seat must add to call
	InHand   int           // seats still in the hand (not folded)
	Board    [8]cards.Card // community cards, BoardN of them
	BoardN   int
	BankerUp cards.Card // the banker's face-up card, or cards.None
	StandsOn int        // the banker's standing total (banker games)
	Poker    bool       // the showdown ranks poker hands (else points)
}
