package bytecode

import (
	"encoding/binary"
	"fmt"
)

// Betting games (docs/genome-betting.md; docs/bytecode.md, "Version 2
// additions: betting"): chips, betting rounds, drawing to improve,
// community cards, showdowns and a banker seat.

// SectionBetting holds the chips and stakes of a betting game.
const SectionBetting = 13

// Phase kinds of betting games.
const (
	// PhaseBet is a betting round: Count is the bet size in units of the
	// small bet (limit) and is 1..4.
	PhaseBet PhaseKind = 15
	// PhaseDiscardDraw: every seat still in the hand, from the dealer's
	// left, discards 0..Count cards of its From copy face down to To and
	// draws as many from DrawFrom.
	PhaseDiscardDraw PhaseKind = 16
	// PhaseCommunity deals Count cards face up from the shared From to the
	// shared To (the board).
	PhaseCommunity PhaseKind = 17
	// PhaseShowdown ends the hand: the hands of From (per player) with the
	// board To (NoZone: none) are ranked by Rank and the pots are paid.
	PhaseShowdown PhaseKind = 18
	// PhaseHit: every seat in the hand, from the dealer's left, draws one
	// card at a time from the shared From into its To copy (hit) until it
	// stands, reaches 21 points or busts.
	PhaseHit PhaseKind = 19
)

// HandRank is how a showdown ranks hands.
type HandRank uint8

// Hand rankings of a showdown.
const (
	RankPoker  HandRank = 0 // best five-card poker hand of hand + board
	RankPoints HandRank = 1 // blackjack points: highest total not over 21, a natural above other 21s
)

// SetupDealDown deals Count cards face down from the shared From to the
// shared To (a banker's hole card).
const SetupDealDown SetupOp = 7

// End condition and result of betting games.
const (
	// EndChips: the match ends when at most one seat can play on, a seat
	// reaches the target, or after max_hands hands; it is checked at the
	// end of every hand. Zone is NoZone.
	EndChips EndKind = 7
	// MostChipsWins: the seats with the most chips win (all equal: a draw).
	MostChipsWins EndResult = 8
)

// Structure is the betting structure of bet phases.
type Structure uint8

// Betting structures.
const (
	Limit    Structure = 0 // bets and raises of exactly the phase's size
	PotLimit Structure = 1 // raises from a menu: minimum, half the pot, the pot
	NoLimit  Structure = 2 // the pot-limit menu and all in
)

// Betting is the BETTING section.
type Betting struct {
	Stack      uint16 // starting chips per seat, 1..5000
	Ante       uint16 // posted by every seat into the pot at the start of a hand
	SmallBlind uint16 // posted by the seat left of the dealer (0: none)
	BigBlind   uint16 // posted by the next seat (0: none)
	Structure  Structure
	Bet        uint16 // the small bet (limit) or the minimum bet (pot and no limit), 1..1000
	MaxRaises  uint8  // bets and raises per betting round, 1..8
	MaxHands   uint8  // hands in a match, 1..200
	Target     uint16 // a seat reaching this many chips ends the match (0: none)

	// Banker games: Banker is the shared zone of the banker's hand
	// (NoZone: no banker). Each seat stakes Stake chips against the bank
	// at the start of a hand; the banker draws while its points are below
	// StandsOn (and on a soft StandsOn when HitSoft); a natural is paid
	// PaysNum:PaysDen.
	Banker   uint8
	Stake    uint16
	StandsOn uint8
	HitSoft  bool
	PaysNum  uint8
	PaysDen  uint8
}

var betSectionName = "BETTING"

func (d *decoder) bettingSection(c *cursor) {
	var b Betting
	var o [15]int
	b.Stack, o[0] = c.u16("stack")
	b.Ante, o[1] = c.u16("ante")
	b.SmallBlind, o[2] = c.u16("small_blind")
	b.BigBlind, o[3] = c.u16("big_blind")
	var st uint8
	st, o[4] = c.u8("structure")
	b.Bet, o[5] = c.u16("bet")
	b.MaxRaises, o[6] = c.u8("max_raises")
	b.MaxHands, o[7] = c.u8("max_hands")
	b.Target, o[8] = c.u16("target")
	b.Banker, o[9] = c.u8("banker zone")
	b.Stake, o[10] = c.u16("stake")
	b.StandsOn, o[11] = c.u8("stands_on")
	var soft uint8
	soft, o[12] = c.u8("hit_soft")
	b.PaysNum, o[13] = c.u8("natural pays numerator")
	b.PaysDen, o[14] = c.u8("natural pays denominator")
	if c.bad {
		return
	}
	c.done()
	b.Structure, b.HitSoft = Structure(st), soft == 1
	if b.Stack < 1 || b.Stack > 5000 {
		d.errorf(o[0], "betting stack %d out of range 1..5000", b.Stack)
	}
	if int(b.Stack)*d.prog.Players > 32767 {
		d.errorf(o[0], "betting stack %d x %d players exceeds 32767 chips", b.Stack, d.prog.Players)
	}
	if b.Ante > 1000 || b.SmallBlind > 1000 || b.BigBlind > 1000 {
		d.errorf(o[1], "betting ante/blinds %d/%d/%d out of range 0..1000", b.Ante, b.SmallBlind, b.BigBlind)
	}
	if b.SmallBlind > b.BigBlind {
		d.errorf(o[2], "small blind %d exceeds the big blind %d", b.SmallBlind, b.BigBlind)
	}
	if st > uint8(NoLimit) {
		d.errorf(o[4], "betting structure %d out of range 0..2", st)
	}
	if b.Bet < 1 || b.Bet > 1000 {
		d.errorf(o[5], "bet %d out of range 1..1000", b.Bet)
	}
	if b.MaxRaises < 1 || b.MaxRaises > 8 {
		d.errorf(o[6], "max_raises %d out of range 1..8", b.MaxRaises)
	}
	if b.MaxHands < 1 || b.MaxHands > 200 {
		d.errorf(o[7], "max_hands %d out of range 1..200", b.MaxHands)
	}
	if soft > 1 {
		d.errorf(o[12], "hit_soft %d out of range 0..1", soft)
	}
	if b.Banker == NoZone {
		if b.Stake != 0 || b.StandsOn != 0 || soft != 0 || b.PaysNum != 0 || b.PaysDen != 0 {
			d.errorf(o[10], "banker fields must be 0 without a banker")
		}
	} else {
		d.zone(o[9], b.Banker, sharedZone, "betting banker zone")
		if b.Ante != 0 || b.SmallBlind != 0 || b.BigBlind != 0 {
			d.errorf(o[1], "a banker game has no ante or blinds")
		}
		if b.Stake < 1 || b.Stake > b.Stack {
			d.errorf(o[10], "stake %d out of range 1..stack %d", b.Stake, b.Stack)
		}
		if b.StandsOn < 12 || b.StandsOn > 21 {
			d.errorf(o[11], "stands_on %d out of range 12..21", b.StandsOn)
		}
		if b.PaysDen < 1 || b.PaysNum < b.PaysDen || b.PaysNum > 2*b.PaysDen {
			d.errorf(o[13], "natural pays %d:%d must be between 1:1 and 2:1", b.PaysNum, b.PaysDen)
		} else if int(b.Stake)*int(b.PaysNum)%int(b.PaysDen) != 0 {
			d.errorf(o[10], "stake %d is not paid %d:%d in whole chips", b.Stake, b.PaysNum, b.PaysDen)
		}
		if int(b.Stack)+2*int(b.MaxHands)*int(b.Stake) > 32767 {
			d.errorf(o[10], "stack %d + 2 x %d hands x stake %d exceeds 32767 chips", b.Stack, b.MaxHands, b.Stake)
		}
	}
	d.prog.Betting = &b
}

// checkBetting checks the rules that tie the BETTING section to the turn,
// setup and end sections (docs/genome-betting.md).
func (d *decoder) checkBetting(off int) {
	b := d.prog.Betting
	chipsEnd := false
	for _, e := range d.prog.End {
		chipsEnd = chipsEnd || e.Kind == EndChips
	}
	var bettingPhase, showdowns, bets int
	for _, ph := range d.prog.Turn {
		switch ph.Kind {
		case PhaseBet:
			bets++
			bettingPhase++
		case PhaseDiscardDraw, PhaseCommunity, PhaseHit:
			bettingPhase++
		case PhaseShowdown:
			showdowns++
		}
	}
	dealDown := false
	for _, st := range d.prog.Setup {
		dealDown = dealDown || st.Op == SetupDealDown
	}
	if b == nil {
		if chipsEnd || bettingPhase > 0 || showdowns > 0 || dealDown {
			d.errorf(off, "chips end conditions, bet/discard_draw/community/showdown/hit phases and deal_down steps need a BETTING section")
		}
		return
	}
	if !chipsEnd || len(d.prog.End) != 1 {
		d.errorf(off, "a betting game has exactly one end condition, chips")
	}
	n := len(d.prog.Turn)
	if showdowns != 1 || d.prog.Turn[n-1].Kind != PhaseShowdown {
		d.errorf(off, "a betting game has exactly one showdown phase, the last")
	}
	if d.prog.Match != nil || d.prog.Scoring != nil {
		d.errorf(off, "a betting game keeps chips: no MATCH or SCORING section")
	}
	if b.Banker != NoZone && bets > 0 {
		d.errorf(off, "a banker game has no bet phases (each seat stakes against the bank)")
	}
	if b.Banker != NoZone && d.prog.Turn[n-1].Kind == PhaseShowdown && d.prog.Turn[n-1].To != NoZone {
		d.errorf(off, "a banker game's showdown has no board")
	}
}

func (d *decoder) betPhase(c *cursor, field string) Phase {
	size, o := c.u8("bet size")
	if c.bad {
		return Phase{}
	}
	if size < 1 || size > 4 {
		d.errorf(o, "%s: bet size %d out of range 1..4", field, size)
	}
	return Phase{Kind: PhaseBet, Count: size}
}

func (d *decoder) discardDrawPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	draw, oDraw := c.u8("draw_from")
	max, oMax := c.u8("max")
	if c.bad {
		return Phase{}
	}
	okFrom := d.zone(oFrom, from, perPlayerZone, field+" (discard_draw from)")
	if d.zone(oTo, to, anyZone, field+" (discard_draw to)") && okFrom {
		d.distinct(oTo, from, to, field)
	}
	d.zone(oDraw, draw, sharedZone, field+" (discard_draw draw_from)")
	if max < 1 || max > 5 {
		d.errorf(oMax, "%s: max %d out of range 1..5", field, max)
	}
	return Phase{Kind: PhaseDiscardDraw, From: from, To: to, DrawFrom: draw, Count: max}
}

func (d *decoder) communityPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	n, oN := c.u8("count")
	if c.bad {
		return Phase{}
	}
	okFrom := d.zone(oFrom, from, sharedZone, field+" (community from)")
	if d.zone(oTo, to, sharedZone, field+" (community to)") && okFrom {
		d.distinct(oTo, from, to, field)
	}
	if n < 1 || n > 5 {
		d.errorf(oN, "%s: count %d out of range 1..5", field, n)
	}
	return Phase{Kind: PhaseCommunity, From: from, To: to, Count: n}
}

func (d *decoder) showdownPhase(c *cursor, field string) Phase {
	hand, oHand := c.u8("hand")
	board, oBoard := c.u8("board")
	rank, oRank := c.u8("rank")
	if c.bad {
		return Phase{}
	}
	d.zone(oHand, hand, perPlayerZone, field+" (showdown hand)")
	if board != NoZone {
		d.zone(oBoard, board, sharedZone, field+" (showdown board)")
	}
	if rank > uint8(RankPoints) {
		d.errorf(oRank, "%s: rank %d out of range 0..1", field, rank)
	}
	return Phase{Kind: PhaseShowdown, From: hand, To: board, Rank: HandRank(rank)}
}

func (d *decoder) hitPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	if c.bad {
		return Phase{}
	}
	d.zone(oFrom, from, sharedZone, field+" (hit from)")
	d.zone(oTo, to, perPlayerZone, field+" (hit to)")
	return Phase{Kind: PhaseHit, From: from, To: to}
}

// dealDownStep validates a deal_down setup step.
func (d *decoder) dealDownStep(stepOff, oFrom, oTo, oCount, oArg int, from, to, count, arg uint8, field string) int {
	okFrom := d.zone(oFrom, from, sharedZone, field+" (deal_down from)")
	if d.zone(oTo, to, sharedZone, field+" (deal_down to)") && okFrom {
		d.distinct(stepOff, from, to, field)
	}
	if arg != 0 {
		d.errorf(oArg, "%s: deal_down arg is %d, want 0", field, arg)
	}
	if count < 1 || count > 52 {
		d.errorf(oCount, "%s: deal_down count %d out of range 1..52", field, count)
		return 0
	}
	return int(count)
}

// bettingPayload is the BETTING section's payload.
func bettingPayload(b *Betting) []byte {
	out := binary.LittleEndian.AppendUint16(nil, b.Stack)
	out = binary.LittleEndian.AppendUint16(out, b.Ante)
	out = binary.LittleEndian.AppendUint16(out, b.SmallBlind)
	out = binary.LittleEndian.AppendUint16(out, b.BigBlind)
	out = append(out, byte(b.Structure))
	out = binary.LittleEndian.AppendUint16(out, b.Bet)
	out = append(out, b.MaxRaises, b.MaxHands)
	out = binary.LittleEndian.AppendUint16(out, b.Target)
	out = append(out, b.Banker)
	out = binary.LittleEndian.AppendUint16(out, b.Stake)
	soft := byte(0)
	if b.HitSoft {
		soft = 1
	}
	return append(out, b.StandsOn, soft, b.PaysNum, b.PaysDen)
}

// bettingPhasePayload is the payload of a betting family phase (nil for
// other kinds).
func bettingPhasePayload(ph *Phase) []byte {
	switch ph.Kind {
	case PhaseBet:
		return []byte{ph.Count}
	case PhaseDiscardDraw:
		return []byte{ph.From, ph.To, ph.DrawFrom, ph.Count}
	case PhaseCommunity:
		return []byte{ph.From, ph.To, ph.Count}
	case PhaseShowdown:
		return []byte{ph.From, ph.To, byte(ph.Rank)}
	case PhaseHit:
		return []byte{ph.From, ph.To}
	}
	return nil
}

// String names a structure.
func (s Structure) String() string {
	switch s {
	case Limit:
		return "limit"
	case PotLimit:
		return "pot_limit"
	case NoLimit:
		return "no_limit"
	}
	return fmt.Sprintf("structure(%d)", uint8(s))
}
