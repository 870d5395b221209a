package bytecode

import (
	"fmt"

	"darwindeck/gosim/cards"
)

// Decoding of the captures family (docs/bytecode.md, "Version 2
// additions: captures").

func (d *decoder) capturePhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	table, oTable := c.u8("table")
	won, oWon := c.u8("won_to")
	rules, oRules := c.u8("capture rules")
	if c.bad {
		return Phase{}
	}
	d.visibleHand(oFrom, from, field+" (capture from)")
	if d.zone(oTable, table, sharedZone, field+" (capture table)") && d.zones[table].Visibility != Public {
		d.errorf(oTable, "%s: capture table zone %d must be public (captures are made from face-up cards)", field, table)
	}
	if d.zone(oWon, won, perPlayerZone, field+" (capture won_to)") {
		d.distinct(oWon, from, won, field+" (from, won_to)")
	}
	r := CaptureRules(rules)
	if r&^captureRulesMask != 0 {
		d.errorf(oRules, "%s: capture rules %#02x has unknown bits (known %#02x)", field, rules, captureRulesMask)
	}
	if r&(CaptureRank|CaptureSum) == 0 {
		d.errorf(oRules, "%s: capture rules allow neither rank nor sum captures", field)
	}
	return Phase{Kind: PhaseCapture, From: from, Table: table, WonTo: won, CaptureRules: r}
}

func (d *decoder) bidPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	bid, oBid := c.u8("bid")
	prizeFrom, oPF := c.u8("prize_from")
	prize, oPrize := c.u8("prize")
	won, oWon := c.u8("won_to")
	discard, oDisc := c.u8("discard")
	tie, oTie := c.u8("tie")
	rules, oRules := c.u8("bid rules")
	if c.bad {
		return Phase{}
	}
	okFrom := d.visibleHand(oFrom, from, field+" (bid from)")
	if d.zone(oBid, bid, perPlayerZone, field+" (bid zone)") && okFrom {
		d.distinct(oBid, from, bid, field+" (from, bid)")
		if d.zones[bid].Visibility == Public || d.zones[bid].Visibility == TopPublic {
			d.errorf(oBid, "%s: bid zone %d is public; a face-down bid needs an owner-only or hidden zone", field, bid)
		}
	}
	okPrize := d.zone(oPrize, prize, sharedZone, field+" (prize)")
	if prizeFrom != NoZone && d.zone(oPF, prizeFrom, sharedZone, field+" (prize_from)") && okPrize {
		d.distinct(oPF, prizeFrom, prize, field+" (prize_from, prize)")
	}
	if d.zone(oWon, won, perPlayerZone, field+" (bid won_to)") && okFrom {
		d.distinct(oWon, from, won, field+" (from, won_to)")
		if won == bid {
			d.errorf(oWon, "%s: won_to is the bid zone %d", field, bid)
		}
	}
	if d.zone(oDisc, discard, sharedZone, field+" (bid discard)") && okPrize {
		d.distinct(oDisc, prize, discard, field+" (prize, discard)")
	}
	if tie > uint8(TieCarryOver) {
		d.errorf(oTie, "%s: tie %d out of range 0..1", field, tie)
	}
	if BidRules(rules)&^bidRulesMask != 0 {
		d.errorf(oRules, "%s: bid rules %#02x has unknown bits (known %#02x)", field, rules, bidRulesMask)
	}
	return Phase{Kind: PhaseBid, From: from, Bid: bid, PrizeFrom: prizeFrom, Prize: prize, WonTo: won,
		Discard: discard, Tie: BidTie(tie), BidRules: BidRules(rules)}
}

// visibleHand validates the per-player zone a player chooses a card from:
// its owner must see its cards (owner-only or public).
func (d *decoder) visibleHand(off int, z uint8, field string) bool {
	return d.zone(off, z, perPlayerZone, field) && d.chosenFrom(off, z, field)
}

// dealSuitStep validates a DEAL_SUIT setup step (from, to, count = seat,
// arg = suit) and fills st.
func (d *decoder) dealSuitStep(st *SetupStep, field string, oFrom, oTo, oCount, oArg int) {
	okFrom := d.zone(oFrom, st.From, sharedZone, field+" (deal_suit from)")
	if d.zone(oTo, st.To, anyZone, field+" (deal_suit to)") && okFrom {
		d.distinct(oFrom, st.From, st.To, field)
		if d.zones[st.To].Owner == PerPlayer && int(st.Count) >= d.prog.Players {
			d.errorf(oCount, "%s: deal_suit seat %d out of range 0..%d", field, st.Count, d.prog.Players-1)
		}
		if d.zones[st.To].Owner == Shared && st.Count != 0 {
			d.errorf(oCount, "%s: deal_suit seat is %d for a shared zone, want 0", field, st.Count)
		}
	}
	st.Seat, st.Count = st.Count, 0
	if st.Card >= cards.NumSuits {
		d.errorf(oArg, "%s: deal_suit suit %d out of range 0..3", field, st.Card)
	}
	st.Suit, st.Card = cards.Suit(st.Card), cards.None
}

func (d *decoder) capturesSection(c *cursor) {
	var cp Captures
	for r := 0; r < cards.NumRanks && !c.bad; r++ {
		v, o := c.u8("capture value")
		if c.bad {
			return
		}
		in := d.prog.RankMask&(1<<r) != 0
		switch {
		case in && (v < 1 || v > 15):
			d.errorf(o, "CAPTURES: value %d of rank %s out of range 1..15", v, cards.New(cards.Rank(r), 0, 0))
		case !in && v != 0:
			d.errorf(o, "CAPTURES: value %d of rank %d, which is not in the deck, want 0", v, r)
		}
		cp.Values[r] = v
	}
	sweep, oSweep := c.u8("sweep_points")
	flags, oFlags := c.u8("captures flags")
	from, oFrom := c.u8("redeal_from")
	count, oCount := c.u8("redeal_count")
	n, oN := c.u8("award count")
	if c.bad {
		return
	}
	if sweep > 10 {
		d.errorf(oSweep, "CAPTURES: sweep_points %d out of range 0..10", sweep)
	}
	if CapturesFlags(flags)&^capturesFlagsMask != 0 {
		d.errorf(oFlags, "CAPTURES: flags %#02x has unknown bits (known %#02x)", flags, capturesFlagsMask)
	}
	if from == NoZone {
		if count != 0 {
			d.errorf(oCount, "CAPTURES: redeal_count %d without redeal_from, want 0", count)
		}
	} else {
		d.zone(oFrom, from, sharedZone, "CAPTURES redeal_from")
		if count < 1 || count > 13 {
			d.errorf(oCount, "CAPTURES: redeal_count %d out of range 1..13", count)
		}
	}
	if n > MaxAwards {
		d.errorf(oN, "CAPTURES: award count %d out of range 0..%d", n, MaxAwards)
		return
	}
	cp.SweepPoints, cp.Flags, cp.RedealFrom, cp.RedealCount = sweep, CapturesFlags(flags), from, count
	for i := 0; i < int(n) && !c.bad; i++ {
		kind, oKind := c.u8("award kind")
		arg, oArg := c.u8("award arg")
		pts, oPts := c.u8("award points")
		if c.bad {
			break
		}
		field := fmt.Sprintf("CAPTURES award %d", i)
		switch AwardKind(kind) {
		case AwardMostCards, AwardPrimiera:
			if arg != 0 {
				d.errorf(oArg, "%s: arg is %d, want 0", field, arg)
			}
		case AwardMostSuit:
			if arg >= cards.NumSuits {
				d.errorf(oArg, "%s: suit %d out of range 0..3", field, arg)
			}
		case AwardCard:
			if arg >= 52 {
				d.errorf(oArg, "%s: card %d out of range 0..51", field, arg)
			} else {
				d.cardInDeck(oArg, arg, field)
			}
		default:
			d.errorf(oKind, "%s: unknown award kind %d", field, kind)
		}
		if pts < 1 || pts > 10 {
			d.errorf(oPts, "%s: points %d out of range 1..10", field, pts)
		}
		cp.Awards = append(cp.Awards, Award{Kind: AwardKind(kind), Arg: arg, Points: pts})
	}
	c.done()
	d.prog.Captures = &cp
}

// checkCaptures checks the cross-references of the captures family: a
// capture phase or a capture_done condition needs the CAPTURES section,
// which needs a capture phase, and scoring and CAPTURES exclude each other
// (both would define a seat's score).
func (d *decoder) checkCaptures(sectOff int) {
	p := &d.prog
	hasPhase := d.hasPhase(PhaseCapture)
	hasEnd := false
	for _, e := range p.End {
		hasEnd = hasEnd || e.Kind == EndCaptureDone
	}
	switch {
	case p.Captures == nil && hasPhase:
		d.errorf(12, "a capture phase needs the CAPTURES section")
	case p.Captures == nil && hasEnd:
		d.errorf(12, "the end condition capture_done needs the CAPTURES section")
	case p.Captures != nil && !hasPhase:
		d.errorf(sectOff, "CAPTURES: the section needs a capture phase")
	case p.Captures != nil && p.Scoring != nil:
		d.errorf(sectOff, "CAPTURES: a capture game scores its captures; it cannot have a SCORING section too")
	}
}
