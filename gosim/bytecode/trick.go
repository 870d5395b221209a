package bytecode

import "fmt"

// Trick-taking additions of version 2 (docs/bytecode.md, "Version 2
// additions: trick"): two more trump kinds, the trick-phase rule flags and
// the TRICKS section, which holds the rules of a trick-taking hand that are
// not a phase: partnerships, passing, hand sizes, bidding, how trump is
// chosen and how a hand is scored into the match.

// SectionTricks is the TRICKS section (tag 11).
const SectionTricks = 11

// More trump kinds of a trick phase.
const (
	// TrumpDealerCard: the last card dealt to the dealer is shown to
	// everyone; its suit is trump (Whist). The card stays in the hand.
	TrumpDealerCard TrumpKind = 3
	// TrumpChosen: trump is the suit chosen before play by the TRICKS
	// section's trump choice (order up, the bid winner, the top taker).
	TrumpChosen TrumpKind = 4
)

// Trick-phase rule flags (Phase.TrickRules), the optional ninth byte of a
// trick phase's payload.
const (
	// FirstTrickNoPoints: on the first trick of a hand no card with
	// scoring points may be played unless the hand holds nothing else.
	FirstTrickNoPoints uint8 = 1 << 0
	// Bowers: with a trump suit, the jack of trump (right bower) is the
	// highest trump and the other jack of its colour (left bower) the
	// second; the left bower belongs to the trump suit (Euchre).
	Bowers        uint8 = 1 << 1
	trickRuleMask       = FirstTrickNoPoints | Bowers
)

// PassDir is where the cards passed before a hand go.
type PassDir uint8

// Pass directions.
const (
	PassNone   PassDir = 0 // no passing this hand
	PassLeft   PassDir = 1 // to the next seat (clockwise)
	PassRight  PassDir = 2 // to the previous seat
	PassAcross PassDir = 3 // to the seat opposite (four players)
)

// BidKind is the kind of auction before the play.
type BidKind uint8

// Bid kinds.
const (
	NoBidding BidKind = 0
	BidTricks BidKind = 1 // each seat bids once a number of tricks
)

// TrumpChoice is how a TrumpChosen trump is chosen.
type TrumpChoice uint8

// Trump choices.
const (
	NoTrumpChoice TrumpChoice = 0
	// ChoiceOrderUp: Euchre's two rounds. The top card of UpZone is
	// turned; each seat from the dealer's left may order it up (its suit
	// is trump, the dealer takes it and discards a card to the deck's start
	// zone) or pass; then each may name another suit or pass, and the
	// dealer must name one.
	ChoiceOrderUp TrumpChoice = 1
	// ChoiceTopTaker: in the first hand the top card of the start zone is
	// turned up onto UpZone and its suit is trump; in every later hand the
	// seat that took the most tricks in the previous hand names trump.
	ChoiceTopTaker TrumpChoice = 2
	// ChoiceBidWinner: after the bidding the highest bidder (the first
	// such in bidding order) names trump.
	ChoiceBidWinner TrumpChoice = 3
)

// HandScore is how a finished hand is scored into the match totals.
type HandScore uint8

// Hand scores.
const (
	// ScorePoints: the card points of the SCORING section (with Moon: a
	// seat that took every point scores 0 and every other seat the total).
	ScorePoints HandScore = 0
	// ScoreBook: a side scores one point per trick beyond A (the book).
	ScoreBook HandScore = 1
	// ScoreContract: a side that took at least the sum of its bids scores
	// 10 per trick bid plus one per overtrick (bag), else minus 10 per
	// trick bid; a bid of 0 with BidNil is nil (+B if no trick is taken,
	// else -B; a nil bidder's tricks count for nothing); every A bags
	// accumulated cost C (A = 0: no bag penalty).
	ScoreContract HandScore = 2
	// ScoreExact: a seat that took exactly its bid scores A plus its bid,
	// any other seat 0.
	ScoreExact HandScore = 3
	// ScoreEuchre: the makers' side scores 1 for three or four tricks and
	// 2 for all five (a march); with fewer than three they are euchred and
	// the other side scores 2.
	ScoreEuchre HandScore = 4
	// ScoreTricks: one point per trick taken.
	ScoreTricks HandScore = 5
)

// Tricks is the TRICKS section.
type Tricks struct {
	Partnerships bool // four players: seats 0 and 2 against 1 and 3
	Moon         bool // ScorePoints: shooting the moon
	Knockout     bool // a seat that takes no trick in a hand is out

	PassCount uint8     // 0: no passing; else cards each seat passes
	PassZone  uint8     // per-player zone the passed cards wait in, or NoZone
	PassDirs  []PassDir // direction of hand h is PassDirs[h % len]
	HandSizes []uint8   // deal of hand h is HandSizes[h % len] (empty: the deal's count)
	Bid       BidKind   // auction
	BidNil    bool      // a bid of 0 is nil
	BidHook   bool      // the last bidder may not make the bids sum to the tricks
	BidMin    uint8     // smallest bid besides nil
	Choice    TrumpChoice
	UpZone    uint8 // shared zone of the turned card (order up, top taker), or NoZone
	Score     HandScore
	ScoreA    uint8
	ScoreB    uint16
	ScoreC    uint16
}

const tricksFlagMask = 7

// tricksSection decodes the TRICKS section; it runs after every other
// section, whose contents it checks against.
func (d *decoder) tricksSection(c *cursor) {
	flags, oFlags := c.u8("tricks flags")
	pc, oPc := c.u8("pass count")
	pz, oPz := c.u8("pass zone")
	nd, oNd := c.u8("pass direction count")
	var dirs [4]uint8
	var oDirs [4]int
	for i := range dirs {
		dirs[i], oDirs[i] = c.u8("pass direction")
	}
	ns, oNs := c.u8("hand size count")
	if c.bad {
		return
	}
	if ns > 16 {
		d.errorf(oNs, "tricks: hand size count %d out of range 0..16", ns)
		return
	}
	sizes := make([]uint8, ns)
	oSizes := make([]int, ns)
	for i := range sizes {
		sizes[i], oSizes[i] = c.u8("hand size")
	}
	bid, oBid := c.u8("bid kind")
	bidFlags, oBidFlags := c.u8("bid flags")
	bidMin, oBidMin := c.u8("bid min")
	choice, oChoice := c.u8("trump choice")
	up, oUp := c.u8("up zone")
	score, oScore := c.u8("hand score")
	a, oA := c.u8("score a")
	b, _ := c.u16("score b")
	cc, _ := c.u16("score c")
	if c.bad {
		return
	}
	c.done()
	p := &d.prog
	t := &Tricks{Partnerships: flags&1 != 0, Moon: flags&2 != 0, Knockout: flags&4 != 0,
		PassCount: pc, PassZone: pz, HandSizes: sizes, Bid: BidKind(bid), BidNil: bidFlags&1 != 0,
		BidHook: bidFlags&2 != 0, BidMin: bidMin, Choice: TrumpChoice(choice), UpZone: up,
		Score: HandScore(score), ScoreA: a, ScoreB: b, ScoreC: cc}
	if flags&^tricksFlagMask != 0 {
		d.errorf(oFlags, "tricks: flags %#x has unknown bits", flags)
	}
	if t.Partnerships && p.Players != 4 {
		d.errorf(oFlags, "tricks: partnerships need 4 players, the game has %d", p.Players)
	}
	trick := -1
	for i, ph := range p.Turn {
		if ph.Kind == PhaseTrick && trick < 0 {
			trick = i
		}
	}
	if trick != 0 {
		d.errorf(oFlags, "tricks: the TRICKS section needs a trick phase as the first phase of the turn")
	}
	// Passing.
	if pc == 0 {
		if pz != NoZone || nd != 0 {
			d.errorf(oPz, "tricks: without passing the pass zone must be 255 and the directions 0 (got %d, %d)", pz, nd)
		}
	} else {
		if pc > 4 {
			d.errorf(oPc, "tricks: pass count %d out of range 0..4", pc)
		}
		if d.zone(oPz, pz, perPlayerZone, "tricks pass zone") && trick >= 0 && p.Turn[trick].From == pz {
			d.errorf(oPz, "tricks: the pass zone %d is the hand the tricks are played from", pz)
		}
		if nd < 1 || nd > 4 {
			d.errorf(oNd, "tricks: pass direction count %d out of range 1..4", nd)
		}
	}
	for i := range dirs {
		switch {
		case i >= int(nd):
			if dirs[i] != 0 {
				d.errorf(oDirs[i], "tricks: unused pass direction %d is %d, want 0", i, dirs[i])
			}
		case dirs[i] > uint8(PassAcross):
			d.errorf(oDirs[i], "tricks: pass direction %d out of range 0..3", dirs[i])
		case PassDir(dirs[i]) == PassAcross && p.Players != 4:
			d.errorf(oDirs[i], "tricks: passing across needs 4 players, the game has %d", p.Players)
		default:
			t.PassDirs = append(t.PassDirs, PassDir(dirs[i]))
		}
	}
	// Hand sizes.
	hasDeal := false
	for _, st := range p.Setup {
		hasDeal = hasDeal || st.Op == Deal
	}
	if ns > 0 && !hasDeal {
		d.errorf(oNs, "tricks: hand sizes need a deal setup step")
	}
	for i, n := range sizes {
		if n < 1 || int(n)*p.Players > p.DeckSize() {
			d.errorf(oSizes[i], "tricks: hand size %d out of range 1..%d", n, p.DeckSize()/p.Players)
		}
	}
	// Bidding.
	switch t.Bid {
	case NoBidding:
		if bidFlags != 0 || bidMin != 0 {
			d.errorf(oBidFlags, "tricks: bid flags %d and min %d without bidding, want 0", bidFlags, bidMin)
		}
	case BidTricks:
		if bidFlags&^3 != 0 {
			d.errorf(oBidFlags, "tricks: bid flags %#x has unknown bits", bidFlags)
		}
		if bidMin > 13 {
			d.errorf(oBidMin, "tricks: bid min %d out of range 0..13", bidMin)
		}
	default:
		d.errorf(oBid, "tricks: bid kind %d out of range 0..1", bid)
	}
	// Trump choice.
	chosen := false
	for _, ph := range p.Turn {
		chosen = chosen || (ph.Kind == PhaseTrick && ph.Trump == TrumpChosen)
	}
	switch t.Choice {
	case NoTrumpChoice, ChoiceBidWinner:
		if up != NoZone {
			d.errorf(oUp, "tricks: up zone %d with trump choice %d, want 255", up, choice)
		}
		if t.Choice == ChoiceBidWinner && t.Bid == NoBidding {
			d.errorf(oChoice, "tricks: the bid winner names trump, but there is no bidding")
		}
	case ChoiceOrderUp, ChoiceTopTaker:
		if d.zone(oUp, up, sharedZone, "tricks up zone") && up == p.Start {
			d.errorf(oUp, "tricks: the up zone %d is the deck's start zone", up)
		}
	default:
		d.errorf(oChoice, "tricks: trump choice %d out of range 0..3", choice)
	}
	if chosen != (t.Choice != NoTrumpChoice) {
		d.errorf(oChoice, "tricks: a trump choice (%d) goes with a trick phase whose trump is chosen, and only then", choice)
	}
	// Hand score.
	switch t.Score {
	case ScorePoints:
		if p.Scoring == nil {
			d.errorf(oScore, "tricks: hand score by card points needs a SCORING section")
		}
	case ScoreBook, ScoreTricks:
	case ScoreContract, ScoreExact:
		if t.Bid == NoBidding {
			d.errorf(oScore, "tricks: hand score %d needs bidding", score)
		}
	case ScoreEuchre:
		if t.Choice != ChoiceOrderUp && t.Choice != ChoiceBidWinner {
			d.errorf(oScore, "tricks: euchre scoring needs makers (trump choice order up or bid winner)")
		}
	default:
		d.errorf(oScore, "tricks: hand score %d out of range 0..5", score)
	}
	if t.Moon && t.Score != ScorePoints {
		d.errorf(oFlags, "tricks: shooting the moon needs hand score by card points")
	}
	if a > 100 {
		d.errorf(oA, "tricks: score a %d out of range 0..100", a)
	}
	if b > 1000 || cc > 1000 {
		d.errorf(oA+1, "tricks: score b %d or c %d out of range 0..1000", b, cc)
	}
	p.Tricks = t
}

// checkNoTricks rejects a trick phase whose trump is chosen in a program
// without the TRICKS section, which says how it is chosen.
func (d *decoder) checkNoTricks() {
	for i, ph := range d.prog.Turn {
		if ph.Kind == PhaseTrick && ph.Trump == TrumpChosen {
			d.errorf(12, "phase %d: trump kind 4 (chosen) needs the TRICKS section's trump choice", i)
		}
	}
}

// trickRulesByte decodes the optional ninth byte of a trick phase.
func (d *decoder) trickRulesByte(c *cursor, ph *Phase, field string) {
	if c.off >= c.end {
		return
	}
	flags, off := c.u8("trick rules")
	if c.bad {
		return
	}
	if flags == 0 || flags&^trickRuleMask != 0 {
		d.errorf(off, "%s: trick rules %#x: want a nonzero set of known bits (omit the byte for none)", field, flags)
	}
	ph.TrickRules = flags
}

// appendTricks encodes the TRICKS section.
func appendTricks(b []byte, t *Tricks) []byte {
	flags := byte(0)
	if t.Partnerships {
		flags |= 1
	}
	if t.Moon {
		flags |= 2
	}
	if t.Knockout {
		flags |= 4
	}
	b = append(b, flags, t.PassCount, t.PassZone, byte(len(t.PassDirs)))
	for i := 0; i < 4; i++ {
		v := byte(0)
		if i < len(t.PassDirs) {
			v = byte(t.PassDirs[i])
		}
		b = append(b, v)
	}
	b = append(b, byte(len(t.HandSizes)))
	b = append(b, t.HandSizes...)
	bf := byte(0)
	if t.BidNil {
		bf |= 1
	}
	if t.BidHook {
		bf |= 2
	}
	b = append(b, byte(t.Bid), bf, t.BidMin, byte(t.Choice), t.UpZone, byte(t.Score), t.ScoreA)
	b = append(b, byte(t.ScoreB), byte(t.ScoreB>>8), byte(t.ScoreC), byte(t.ScoreC>>8))
	return b
}

// String names a pass direction.
func (p PassDir) String() string {
	switch p {
	case PassNone:
		return "none"
	case PassLeft:
		return "left"
	case PassRight:
		return "right"
	case PassAcross:
		return "across"
	}
	return fmt.Sprintf("PassDir(%d)", uint8(p))
}
