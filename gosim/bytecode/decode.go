package bytecode

import (
	"encoding/binary"
	"fmt"

	"darwindeck/gosim/cards"
)

// Decode validates buf as a version-2 program and returns it. On failure it
// returns a nil Program and an ErrorList (as error) of every problem found
// (up to ten), each naming the byte offset it was found at. Decode never
// trusts a length, count or index in buf, and never panics.
func Decode(buf []byte) (*Program, error) {
	d := &decoder{buf: buf}
	p := d.program()
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

// section is where a section's payload lies in the buffer.
type section struct {
	present bool
	off     int // offset of the payload
	end     int // offset just past the payload
}

type decoder struct {
	buf   []byte
	errs  ErrorList
	zones []Zone
	prog  Program
}

// errorf records a problem at off; it reports false so callers can write
// "return d.errorf(...)" in validators.
func (d *decoder) errorf(off int, format string, args ...any) bool {
	if len(d.errs) < maxErrors {
		d.errs = append(d.errs, &Error{Offset: off, Msg: fmt.Sprintf(format, args...)})
	}
	return false
}

func (d *decoder) full() bool { return len(d.errs) >= maxErrors }

// cursor reads a section payload, refusing to read past its end.
type cursor struct {
	d    *decoder
	off  int
	end  int
	what string // section name, for truncation messages
	bad  bool   // a read ran past the end; later reads return zero
}

func (c *cursor) need(n int, field string) bool {
	if c.bad {
		return false
	}
	if n > c.end-c.off {
		c.d.errorf(c.off, "%s: %s needs %d bytes, %d left", c.what, field, n, c.end-c.off)
		c.bad = true
		return false
	}
	return true
}

func (c *cursor) u8(field string) (uint8, int) {
	off := c.off
	if !c.need(1, field) {
		return 0, off
	}
	c.off++
	return c.d.buf[off], off
}

func (c *cursor) u16(field string) (uint16, int) {
	off := c.off
	if !c.need(2, field) {
		return 0, off
	}
	c.off += 2
	return binary.LittleEndian.Uint16(c.d.buf[off:]), off
}

func (c *cursor) u32(field string) (uint32, int) {
	off := c.off
	if !c.need(4, field) {
		return 0, off
	}
	c.off += 4
	return binary.LittleEndian.Uint32(c.d.buf[off:]), off
}

// done checks that the payload was consumed exactly.
func (c *cursor) done() {
	if !c.bad && c.off != c.end {
		c.d.errorf(c.off, "%s: %d unused bytes at the end of the section", c.what, c.end-c.off)
	}
}

func (d *decoder) program() *Program {
	buf := d.buf
	if len(buf) < HeaderSize {
		d.errorf(0, "header needs %d bytes, the program has %d", HeaderSize, len(buf))
		return nil
	}
	if string(buf[0:4]) != Magic {
		d.errorf(0, "bad magic %q, want %q", buf[0:4], Magic)
		return nil
	}
	if v := binary.LittleEndian.Uint16(buf[4:]); v != Version {
		d.errorf(4, "unsupported version %d, want %d", v, Version)
		return nil
	}
	if h := binary.LittleEndian.Uint16(buf[6:]); h != HeaderSize {
		d.errorf(6, "header size %d, want %d", h, HeaderSize)
		return nil
	}
	if n := binary.LittleEndian.Uint32(buf[8:]); uint64(n) != uint64(len(buf)) {
		d.errorf(8, "total length %d disagrees with the buffer length %d", n, len(buf))
		return nil
	}
	count := binary.LittleEndian.Uint32(buf[12:])

	var sects [len(sectionNames)]section
	off, prev := HeaderSize, 0
	for i := uint32(0); i < count; i++ {
		if len(buf)-off < 4 {
			d.errorf(off, "section %d of %d: header needs 4 bytes, %d left", i+1, count, len(buf)-off)
			return nil
		}
		tag, reserved := int(buf[off]), buf[off+1]
		length := int(binary.LittleEndian.Uint16(buf[off+2:]))
		if tag < SectionGame || tag > SectionCaptures || sectionNames[tag] == "" {
			d.errorf(off, "unknown section tag %d", tag)
			return nil
		}
		if tag <= prev {
			d.errorf(off, "section %s after %s: tags must increase and appear at most once", sectionNames[tag], sectionNames[prev])
			return nil
		}
		if reserved != 0 {
			d.errorf(off+1, "section %s: reserved byte is %d, want 0", sectionNames[tag], reserved)
		}
		if length > len(buf)-off-4 {
			d.errorf(off+2, "section %s: length %d exceeds the %d bytes left", sectionNames[tag], length, len(buf)-off-4)
			return nil
		}
		sects[tag] = section{present: true, off: off + 4, end: off + 4 + length}
		prev = tag
		off += 4 + length
	}
	if off != len(buf) {
		d.errorf(off, "%d trailing bytes after the last section", len(buf)-off)
		return nil
	}
	for _, tag := range []int{SectionGame, SectionZones, SectionSetup, SectionTurn, SectionEnd} {
		if !sects[tag].present {
			d.errorf(12, "missing required section %s", sectionNames[tag])
		}
	}
	if len(d.errs) > 0 {
		return nil
	}

	// Zones first: every other section refers to them.
	d.zoneSection(d.cursor(sects[SectionZones], SectionZones))
	if len(d.errs) > 0 {
		return nil
	}
	d.gameSection(d.cursor(sects[SectionGame], SectionGame))
	// The removed cards change the deck every later check counts on.
	if s := sects[SectionDeckRemove]; s.present && len(d.errs) == 0 {
		d.deckRemoveSection(d.cursor(s, SectionDeckRemove))
	}
	d.setupSection(d.cursor(sects[SectionSetup], SectionSetup))
	d.turnSection(d.cursor(sects[SectionTurn], SectionTurn))
	if s := sects[SectionEffects]; s.present {
		d.effectsSection(d.cursor(s, SectionEffects))
	}
	if s := sects[SectionStock]; s.present {
		d.stockSection(d.cursor(s, SectionStock))
	}
	d.endSection(d.cursor(sects[SectionEnd], SectionEnd))
	if s := sects[SectionScoring]; s.present {
		d.scoringSection(d.cursor(s, SectionScoring))
	}
	if s := sects[SectionMatch]; s.present {
		d.matchSection(d.cursor(s, SectionMatch))
	}
	if s := sects[SectionMelds]; s.present && len(d.errs) == 0 {
		d.meldsSection(d.cursor(s, SectionMelds))
	}
	d.checkMelds(sects[SectionMelds])
	if s := sects[SectionTricks]; s.present && len(d.errs) == 0 {
		d.tricksSection(d.cursor(s, SectionTricks))
	} else if len(d.errs) == 0 {
		d.checkNoTricks()
	}
	if s := sects[SectionBetting]; s.present {
		d.bettingSection(d.cursor(s, SectionBetting))
	}
	if len(d.errs) == 0 {
		d.checkBetting(12)
	}
	if s := sects[SectionCaptures]; s.present {
		d.capturesSection(d.cursor(s, SectionCaptures))
	}
	if len(d.errs) == 0 {
		d.checkCaptures(sects[SectionCaptures].off - 4)
	}
	if len(d.errs) > 0 {
		return nil
	}
	p := d.prog
	return &p
}

func (d *decoder) cursor(s section, tag int) *cursor {
	return &cursor{d: d, off: s.off, end: s.end, what: sectionNames[tag]}
}

// zoneKind is what a zone field requires.
type zoneKind int

const (
	anyZone zoneKind = iota
	sharedZone
	perPlayerZone
)

// zone validates a zone index read at off.
func (d *decoder) zone(off int, z uint8, kind zoneKind, field string) bool {
	if int(z) >= len(d.zones) {
		return d.errorf(off, "%s: zone index %d out of range (%d zones)", field, z, len(d.zones))
	}
	switch {
	case kind == sharedZone && d.zones[z].Owner != Shared:
		return d.errorf(off, "%s: zone %d must be shared", field, z)
	case kind == perPlayerZone && d.zones[z].Owner != PerPlayer:
		return d.errorf(off, "%s: zone %d must be per player", field, z)
	}
	return true
}

// distinct checks that a move's source and destination differ.
func (d *decoder) distinct(off int, from, to uint8, field string) {
	if from == to {
		d.errorf(off, "%s: from and to are the same zone %d", field, from)
	}
}

func (d *decoder) zoneSection(c *cursor) {
	n, off := c.u8("zone count")
	if c.bad {
		return
	}
	if n < 1 || n > MaxZones {
		d.errorf(off, "zone count %d out of range 1..%d", n, MaxZones)
		return
	}
	zones := make([]Zone, 0, n)
	for i := 0; i < int(n) && !c.bad; i++ {
		owner, o1 := c.u8("zone owner")
		vis, o2 := c.u8("zone visibility")
		ins, o3 := c.u8("zone insert")
		if c.bad {
			break
		}
		if owner > uint8(PerPlayer) {
			d.errorf(o1, "zone %d: owner %d out of range 0..1", i, owner)
		}
		if vis > uint8(TopPublic) {
			d.errorf(o2, "zone %d: visibility %d out of range 0..3", i, vis)
		}
		if ins > uint8(InsertShuffled) {
			d.errorf(o3, "zone %d: insert %d out of range 0..2", i, ins)
		}
		zones = append(zones, Zone{Owner(owner), Visibility(vis), Insert(ins)})
	}
	c.done()
	d.zones = zones
	d.prog.Zones = zones
}

func (d *decoder) gameSection(c *cursor) {
	players, o1 := c.u8("players")
	decks, o2 := c.u8("decks")
	order, o3 := c.u8("rank order")
	start, o4 := c.u8("start zone")
	mask, o5 := c.u16("rank mask")
	tcap, o6 := c.u32("turn cap")
	reserved, o7 := c.u16("reserved")
	if c.bad {
		return
	}
	c.done()
	if players < 2 || players > MaxPlayers {
		d.errorf(o1, "players %d out of range 2..%d", players, MaxPlayers)
	}
	if decks < 1 || decks > 2 {
		d.errorf(o2, "decks %d out of range 1..2", decks)
	}
	if order > uint8(AceLow) {
		d.errorf(o3, "rank order %d out of range 0..1", order)
	}
	d.zone(o4, start, sharedZone, "start zone")
	if mask == 0 || mask>>cards.NumRanks != 0 {
		d.errorf(o5, "rank mask %#04x must have at least one of bits 0..12 and no others", mask)
	}
	if tcap < 1 || tcap > 100000 {
		d.errorf(o6, "turn cap %d out of range 1..100000", tcap)
	}
	if reserved != 0 {
		d.errorf(o7, "reserved field is %d, want 0", reserved)
	}
	d.prog.Players = int(min(max(players, 2), MaxPlayers))
	d.prog.Decks = int(min(max(decks, 1), 2))
	d.prog.RankOrder = RankOrder(order)
	d.prog.Start = start
	d.prog.RankMask = mask & (1<<cards.NumRanks - 1)
	d.prog.TurnCap = int(tcap)
}

// cardInDeck validates a card id that must name a card of the deck.
func (d *decoder) cardInDeck(off int, c uint8, field string) bool {
	if int(c) >= d.prog.Decks*52 {
		return d.errorf(off, "%s: card id %d out of range (%d decks)", field, c, d.prog.Decks)
	}
	if !d.prog.InDeck(cards.Card(c)) {
		return d.errorf(off, "%s: card %s is not in the deck", field, cards.Card(c))
	}
	return true
}

func (d *decoder) setupSection(c *cursor) {
	n, off := c.u8("setup step count")
	if c.bad {
		return
	}
	if n > 16 {
		d.errorf(off, "setup step count %d out of range 0..16", n)
		return
	}
	deck := d.prog.DeckSize()
	demand := 0
	steps := make([]SetupStep, 0, n)
	for i := 0; i < int(n) && !c.bad && !d.full(); i++ {
		stepOff := c.off
		op, oOp := c.u8("setup op")
		from, oFrom := c.u8("setup from")
		to, oTo := c.u8("setup to")
		count, oCount := c.u8("setup count")
		arg, oArg := c.u8("setup arg")
		res, oRes := c.u8("setup reserved")
		if c.bad {
			break
		}
		field := fmt.Sprintf("setup step %d", i)
		if res != 0 {
			d.errorf(oRes, "%s: reserved byte is %d, want 0", field, res)
		}
		st := SetupStep{Op: SetupOp(op), From: from, To: to, Count: count, Card: cards.None}
		switch SetupOp(op) {
		case Deal:
			okFrom := d.zone(oFrom, from, sharedZone, field+" (deal from)")
			okTo := d.zone(oTo, to, perPlayerZone, field+" (deal to)")
			if okFrom && okTo {
				d.distinct(stepOff, from, to, field)
			}
			if count == 0 || (count > 52 && count != DealAll) {
				d.errorf(oCount, "%s: deal count %d out of range 1..52 or 255 (all)", field, count)
			} else if count != DealAll {
				demand += int(count) * d.prog.Players
			}
			if arg != 0 {
				d.errorf(oArg, "%s: deal arg is %d, want 0", field, arg)
			}
		case TurnUp:
			okFrom := d.zone(oFrom, from, sharedZone, field+" (turn up from)")
			okTo := d.zone(oTo, to, sharedZone, field+" (turn up to)")
			if okFrom && okTo {
				d.distinct(stepOff, from, to, field)
			}
			if count < 1 || count > 52 {
				d.errorf(oCount, "%s: turn-up count %d out of range 1..52", field, count)
			} else {
				demand += int(count)
			}
			if arg != 0 {
				d.errorf(oArg, "%s: turn-up arg is %d, want 0", field, arg)
			}
		case FirstPlayer:
			st.From, st.To, st.Rule = 0, 0, FirstPlayerRule(from)
			if from > uint8(HolderOf) {
				d.errorf(oFrom, "%s: first-player rule %d out of range 0..2", field, from)
			}
			if to != NoZone {
				d.errorf(oTo, "%s: first-player to is %d, want 255", field, to)
			}
			if count != 0 {
				d.errorf(oCount, "%s: first-player count is %d, want 0", field, count)
			}
			if FirstPlayerRule(from) == HolderOf {
				if d.cardInDeck(oArg, arg, field+" (holder_of)") {
					st.Card = cards.Card(arg)
				}
			} else if arg != 0 {
				d.errorf(oArg, "%s: first-player arg is %d, want 0 for rule %d", field, arg, from)
			}
		case DiscardSets:
			okFrom := d.zone(oFrom, from, perPlayerZone, field+" (discard_sets from)")
			if d.zone(oTo, to, anyZone, field+" (discard_sets to)") && okFrom {
				d.distinct(stepOff, from, to, field)
			}
			if count < 2 || count > 4 {
				d.errorf(oCount, "%s: set size %d out of range 2..4", field, count)
			}
			if arg > uint8(MatchRankAndColor) {
				d.errorf(oArg, "%s: set match %d out of range 0..1", field, arg)
			}
			st.Match = SetMatch(arg)
		case SetupDealDown:
			demand += d.dealDownStep(stepOff, oFrom, oTo, oCount, oArg, from, to, count, arg, field)
		case DealSuit:
			st.Card = cards.Card(arg)
			d.dealSuitStep(&st, field, oFrom, oTo, oCount, oArg)
		default:
			d.errorf(oOp, "%s: unknown setup op %d", field, op)
		}
		steps = append(steps, st)
	}
	c.done()
	if demand > deck {
		d.errorf(off, "setup deals and turns up %d cards but the deck holds %d", demand, deck)
	}
	d.prog.Setup = steps
}

func (d *decoder) turnSection(c *cursor) {
	n, off := c.u8("phase count")
	if c.bad {
		return
	}
	if n < 1 || n > 8 {
		d.errorf(off, "phase count %d out of range 1..8", n)
		return
	}
	phases := make([]Phase, 0, n)
	for i := 0; i < int(n) && !c.bad && !d.full(); i++ {
		kind, oKind := c.u8("phase kind")
		length, oLen := c.u8("phase length")
		if c.bad {
			break
		}
		if !c.need(int(length), "phase payload") {
			break
		}
		pc := &cursor{d: d, off: c.off, end: c.off + int(length), what: fmt.Sprintf("TURN phase %d", i)}
		c.off += int(length)
		field := fmt.Sprintf("phase %d", i)
		var ph Phase
		switch PhaseKind(kind) {
		case PhaseDraw:
			ph = d.drawPhase(pc, field)
		case PhasePlay:
			ph = d.playPhase(pc, field)
		case PhaseTrick:
			ph = d.trickPhase(pc, field)
		case PhaseBattle:
			ph = d.battlePhase(pc, field)
		case PhaseAsk:
			ph = d.askPhase(pc, field)
		case PhaseClaim:
			ph = d.claimPhase(pc, field)
		case PhaseClimb:
			ph = d.climbPhase(pc, field)
		case PhasePlayTop:
			ph = d.playTopPhase(pc, field)
		case PhaseDiscardSets:
			ph = d.discardSetsPhase(pc, field)
		case PhaseDrawChoice:
			ph = d.drawChoicePhase(pc, field)
		case PhaseMeldDiscard:
			ph = d.meldDiscardPhase(pc, field)
		case PhaseBet:
			ph = d.betPhase(pc, field)
		case PhaseDiscardDraw:
			ph = d.discardDrawPhase(pc, field)
		case PhaseCommunity:
			ph = d.communityPhase(pc, field)
		case PhaseShowdown:
			ph = d.showdownPhase(pc, field)
		case PhaseHit:
			ph = d.hitPhase(pc, field)
		case PhaseCapture:
			ph = d.capturePhase(pc, field)
		case PhaseBid:
			ph = d.bidPhase(pc, field)
		default:
			d.errorf(oKind, "%s: unknown phase kind %d", field, kind)
			continue
		}
		if !pc.bad && pc.off != pc.end {
			d.errorf(oLen, "%s: length %d, but the payload takes %d bytes", field, length, pc.off-(oLen+1))
		}
		phases = append(phases, ph)
	}
	c.done()
	d.prog.Turn = phases
}

func (d *decoder) drawPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	count, oCount := c.u8("count")
	nb, oNb := c.u8("from_player")
	if c.bad {
		return Phase{}
	}
	switch Neighbour(nb) {
	case NoNeighbour:
		if d.zone(oFrom, from, anyZone, field+" (draw from)") && d.zone(oTo, to, anyZone, field+" (draw to)") {
			d.distinct(oFrom, from, to, field)
		}
	case LeftPlayer, RightPlayer:
		// From is another seat's copy: it may be the same zone as To.
		d.zone(oFrom, from, perPlayerZone, field+" (draw from a player)")
		d.zone(oTo, to, anyZone, field+" (draw to)")
	default:
		d.errorf(oNb, "%s: from_player %d out of range 0..2", field, nb)
	}
	if count < 1 || count > 13 {
		d.errorf(oCount, "%s: draw count %d out of range 1..13", field, count)
	}
	return Phase{Kind: PhaseDraw, From: from, To: to, Count: count, FromPlayer: Neighbour(nb)}
}

func (d *decoder) playPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	drawFrom, oDraw := c.u8("draw_from")
	maxDraws, _ := c.u8("max_draws")
	if c.bad {
		return Phase{}
	}
	okFrom := d.zone(oFrom, from, anyZone, field+" (play from)") && d.chosenFrom(oFrom, from, field+" (play from)")
	if d.zone(oTo, to, sharedZone, field+" (play to)") && okFrom {
		d.distinct(oFrom, from, to, field)
	}
	if drawFrom != NoZone {
		if d.zone(oDraw, drawFrom, anyZone, field+" (if_unable draw_from)") && okFrom && drawFrom == from {
			d.errorf(oDraw, "%s: if_unable draws from the zone it plays from (%d)", field, from)
		}
	} else if maxDraws != 0 {
		d.errorf(oDraw+1, "%s: max_draws is %d without if_unable, want 0", field, maxDraws)
	}
	legal := d.predicate(c, field+" legal")
	return Phase{Kind: PhasePlay, From: from, To: to, DrawFrom: drawFrom, MaxDraws: maxDraws, Legal: legal}
}

func (d *decoder) trickPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	trick, oTrick := c.u8("trick_zone")
	won, oWon := c.u8("won_to")
	follow, oFollow := c.u8("follow")
	tk, oTk := c.u8("trump kind")
	targ, oTarg := c.u8("trump arg")
	lead, oLead := c.u8("first_lead")
	broken, oBroken := c.u8("broken suit")
	if c.bad {
		return Phase{}
	}
	ph := Phase{Kind: PhaseTrick, From: from, TrickZone: trick, WonTo: won, Follow: Follow(follow),
		Trump: TrumpKind(tk), TrumpSuit: cards.NoSuit, FirstLead: cards.None, BrokenSuit: cards.NoSuit}
	okFrom := d.zone(oFrom, from, anyZone, field+" (trick from)") && d.chosenFrom(oFrom, from, field+" (trick from)")
	okTrick := d.zone(oTrick, trick, sharedZone, field+" (trick_zone)")
	okWon := d.zone(oWon, won, perPlayerZone, field+" (won_to)")
	if okFrom && okTrick {
		d.distinct(oFrom, from, trick, field+" (from, trick_zone)")
	}
	if okWon && okTrick {
		d.distinct(oWon, trick, won, field+" (trick_zone, won_to)")
	}
	if follow > uint8(FollowSuitIfAble) {
		d.errorf(oFollow, "%s: follow %d out of range 0..1", field, follow)
	}
	switch TrumpKind(tk) {
	case TrumpNone:
		if targ != 0 {
			d.errorf(oTarg, "%s: trump arg is %d without trump, want 0", field, targ)
		}
	case TrumpSuit:
		if targ >= cards.NumSuits {
			d.errorf(oTarg, "%s: trump suit %d out of range 0..3", field, targ)
		}
		ph.TrumpSuit = cards.Suit(targ)
	case TrumpTurnedUp:
		d.zone(oTarg, targ, sharedZone, field+" (turned-up trump zone)")
		ph.TrumpZone = targ
	case TrumpDealerCard, TrumpChosen:
		if targ != 0 {
			d.errorf(oTarg, "%s: trump arg is %d with trump kind %d, want 0", field, targ, tk)
		}
	default:
		d.errorf(oTk, "%s: trump kind %d out of range 0..4", field, tk)
	}
	d.trickRulesByte(c, &ph, field)
	if ph.TrickRules&Bowers != 0 && ph.Trump == TrumpNone {
		d.errorf(oTk, "%s: bowers need a trump suit", field)
	}
	if lead != uint8(cards.None) && d.cardInDeck(oLead, lead, field+" (first_lead)") {
		ph.FirstLead = cards.Card(lead)
	}
	if broken != uint8(cards.NoSuit) {
		if broken >= cards.NumSuits {
			d.errorf(oBroken, "%s: broken suit %d out of range 0..3 or 255", field, broken)
		}
		ph.BrokenSuit = cards.Suit(broken)
	}
	return ph
}

func (d *decoder) battlePhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	table, oTable := c.u8("table")
	wfd, oWfd := c.u8("war_face_down")
	takes, oTakes := c.u8("winner_takes_to")
	order, oOrder := c.u8("take_order")
	if c.bad {
		return Phase{}
	}
	if d.zone(oFrom, from, perPlayerZone, field+" (battle from)") &&
		d.zone(oTable, table, sharedZone, field+" (battle table)") {
		d.distinct(oFrom, from, table, field)
	}
	if wfd > 3 {
		d.errorf(oWfd, "%s: war_face_down %d out of range 0..3", field, wfd)
	}
	if takes > uint8(Bottom) {
		d.errorf(oTakes, "%s: winner_takes_to %d out of range 0..1", field, takes)
	}
	if order > uint8(Shuffled) {
		d.errorf(oOrder, "%s: take_order %d out of range 0..1", field, order)
	}
	return Phase{Kind: PhaseBattle, From: from, Table: table, WarFaceDown: wfd, TakesTo: Insert(takes), TakeOrder: TakeOrder(order)}
}

// predicate reads and validates a predicate: count, ops, args, stack use.
func (d *decoder) predicate(c *cursor, field string) Predicate {
	n, off := c.u8(field + " op count")
	if c.bad {
		return nil
	}
	if n < 1 || n > MaxPredicateOps {
		d.errorf(off, "%s: predicate op count %d out of range 1..%d", field, n, MaxPredicateOps)
		c.bad = true
		return nil
	}
	if !c.need(2*int(n), field+" ops") {
		return nil
	}
	pred := make(Predicate, n)
	depth := 0
	for i := range pred {
		o := c.off
		op, arg := PredOpcode(d.buf[o]), d.buf[o+1]
		c.off += 2
		pred[i] = PredOp{op, arg}
		pops, pushes := 0, 1
		switch op {
		case OpTrue, OpAnd, OpOr, OpNot:
			if arg != 0 {
				d.errorf(o+1, "%s: op %d takes no argument, got %d", field, op, arg)
			}
			switch op {
			case OpAnd, OpOr:
				pops = 2
			case OpNot:
				pops = 1
			}
		case OpRankIs:
			if arg >= cards.NumRanks {
				d.errorf(o+1, "%s: rank %d out of range 0..12", field, arg)
			}
		case OpSuitIs:
			if arg >= cards.NumSuits {
				d.errorf(o+1, "%s: suit %d out of range 0..3", field, arg)
			}
		case OpColorIs:
			if arg > 1 {
				d.errorf(o+1, "%s: colour %d out of range 0..1", field, arg)
			}
		case OpCardIs:
			if arg >= 52 {
				d.errorf(o+1, "%s: card %d out of range 0..51", field, arg)
			}
		case OpSameRankAsTop, OpSameSuitAsTop, OpHigherThanTop, OpAdjacentInSuit:
			d.zone(o+1, arg, sharedZone, field)
		default:
			d.errorf(o, "%s: unknown predicate op %d", field, op)
			continue
		}
		if depth < pops {
			d.errorf(o, "%s: op %d needs %d values on the stack, has %d", field, op, pops, depth)
			return pred
		}
		depth += pushes - pops
		if depth > MaxPredicateDepth {
			d.errorf(o, "%s: stack depth %d exceeds %d", field, depth, MaxPredicateDepth)
			return pred
		}
	}
	if depth != 1 {
		d.errorf(off, "%s: predicate leaves %d values on the stack, want 1", field, depth)
	}
	return pred
}

func (d *decoder) effectsSection(c *cursor) {
	n, off := c.u8("effect count")
	if c.bad {
		return
	}
	if n > 16 {
		d.errorf(off, "effect count %d out of range 0..16", n)
		return
	}
	d.prog.HasEffects = true
	effects := make([]Effect, 0, n)
	for i := 0; i < int(n) && !c.bad && !d.full(); i++ {
		field := fmt.Sprintf("effect %d", i)
		kind, oKind := c.u8("effect kind")
		count, oCount := c.u8("effect count")
		zone, oZone := c.u8("effect zone")
		if c.bad {
			break
		}
		switch EffectKind(kind) {
		case EffectDeclareSuit, EffectSkip, EffectReverse, EffectExtraTurn:
			if count != 0 {
				d.errorf(oCount, "%s: count is %d, want 0", field, count)
			}
			if zone != NoZone {
				d.errorf(oZone, "%s: zone is %d, want 255", field, zone)
			}
		case EffectDraw, EffectDrawStackable:
			if count < 1 || count > 8 {
				d.errorf(oCount, "%s: draw count %d out of range 1..8", field, count)
			}
			d.zone(oZone, zone, anyZone, field+" (draw from)")
			if EffectKind(kind) == EffectDrawStackable && !d.hasPhase(PhasePlay) {
				d.errorf(oKind, "%s: a stackable draw needs a play phase to be answered in", field)
			}
		case EffectPenalty:
			if count < 1 || count > 8 {
				d.errorf(oCount, "%s: penalty count %d out of range 1..8", field, count)
			}
			if zone != NoZone {
				d.errorf(oZone, "%s: zone is %d, want 255", field, zone)
			}
			if !d.hasPhase(PhasePlayTop) {
				d.errorf(oKind, "%s: a penalty needs a play_top phase to be paid in", field)
			}
		default:
			d.errorf(oKind, "%s: unknown effect %d", field, kind)
		}
		pred := d.predicate(c, field+" card")
		effects = append(effects, Effect{Kind: EffectKind(kind), Count: count, Zone: zone, Card: pred})
	}
	c.done()
	d.prog.Effects = effects
}

func (d *decoder) stockSection(c *cursor) {
	zone, o1 := c.u8("stock zone")
	from, o2 := c.u8("reshuffle_from")
	keep, o3 := c.u8("keep_top")
	when, o4 := c.u8("when_empty")
	if c.bad {
		return
	}
	c.done()
	okZone := d.zone(o1, zone, sharedZone, "stock zone")
	switch WhenEmpty(when) {
	case Reshuffle:
		if d.zone(o2, from, sharedZone, "stock reshuffle_from") && okZone {
			d.distinct(o1, zone, from, "stock")
		}
		if keep > 8 {
			d.errorf(o3, "stock keep_top %d out of range 0..8", keep)
		}
	case EndHand, PassDraw:
		if from != NoZone {
			d.errorf(o2, "stock reshuffle_from is %d without reshuffle, want 255", from)
		}
		// keep_top is kept (0..8) but means nothing without reshuffle.
		if keep > 8 {
			d.errorf(o3, "stock keep_top %d out of range 0..8", keep)
		}
	default:
		d.errorf(o4, "stock when_empty %d out of range 0..2", when)
	}
	d.prog.Stock = &Stock{Zone: zone, ReshuffleFrom: from, KeepTop: keep, WhenEmpty: WhenEmpty(when)}
}

func (d *decoder) endSection(c *cursor) {
	n, off := c.u8("end condition count")
	if c.bad {
		return
	}
	if n < 1 || n > 8 {
		d.errorf(off, "end condition count %d out of range 1..8", n)
		return
	}
	ends := make([]EndCondition, 0, n)
	for i := 0; i < int(n) && !c.bad; i++ {
		field := fmt.Sprintf("end condition %d", i)
		cond, oCond := c.u8("condition")
		zone, oZone := c.u8("zone")
		result, oRes := c.u8("result")
		if c.bad {
			break
		}
		switch EndKind(cond) {
		case EndZoneEmpty:
			d.zone(oZone, zone, perPlayerZone, field)
			if r := EndResult(result); r != ThatPlayerWins && r != ThatPlayerLoses {
				d.errorf(oRes, "%s: result %d not allowed for zone_empty (want 1 or 5)", field, result)
			}
		case EndAllEmpty:
			d.zone(oZone, zone, perPlayerZone, field)
			if r := EndResult(result); r != LowestScoreWins && r != HighestScoreWins {
				d.errorf(oRes, "%s: result %d not allowed for all_empty (want 2 or 3)", field, result)
			}
		case EndAllButOneEmpty:
			d.zone(oZone, zone, perPlayerZone, field)
			if EndResult(result) != ThatPlayerLoses {
				d.errorf(oRes, "%s: result %d not allowed for all_but_one_empty (want 5)", field, result)
			}
		case EndKnock:
			if zone != NoZone {
				d.errorf(oZone, "%s: zone is %d, want 255 for knock", field, zone)
			}
			if EndResult(result) != KnockScores {
				d.errorf(oRes, "%s: result %d not allowed for knock (want 10)", field, result)
			}
		case EndCaptureDone:
			d.zone(oZone, zone, perPlayerZone, field)
			if r := EndResult(result); r != LowestScoreWins && r != HighestScoreWins {
				d.errorf(oRes, "%s: result %d not allowed for capture_done (want 2 or 3)", field, result)
			}
		case EndOneLeft:
			if zone != NoZone {
				d.errorf(oZone, "%s: zone is %d, want 255 for one_left", field, zone)
			}
			if EndResult(result) != LastPlayerWins {
				d.errorf(oRes, "%s: result %d not allowed for one_left (want 4)", field, result)
			}
		case EndChips:
			if zone != NoZone {
				d.errorf(oZone, "%s: zone is %d, want 255 for chips", field, zone)
			}
			if EndResult(result) != MostChipsWins {
				d.errorf(oRes, "%s: result %d not allowed for chips (want 8)", field, result)
			}
		default:
			d.errorf(oCond, "%s: unknown condition %d", field, cond)
		}
		ends = append(ends, EndCondition{Kind: EndKind(cond), Zone: zone, Result: EndResult(result)})
	}
	c.done()
	d.prog.End = ends
}

func (d *decoder) scoringSection(c *cursor) {
	zone, oZone := c.u8("scoring zone")
	n, oN := c.u8("card point count")
	if c.bad {
		return
	}
	d.zone(oZone, zone, perPlayerZone, "scoring zone")
	if n < 1 || n > 16 {
		d.errorf(oN, "scoring card point count %d out of range 1..16", n)
		return
	}
	entries := make([]ScoreEntry, 0, n)
	for i := 0; i < int(n) && !c.bad && !d.full(); i++ {
		pts, _ := c.u8("points")
		if c.bad {
			break
		}
		pred := d.predicate(c, fmt.Sprintf("scoring entry %d card", i))
		entries = append(entries, ScoreEntry{Points: int8(pts), Card: pred})
	}
	c.done()
	d.prog.Scoring = &Scoring{Zone: zone, Entries: entries}
}

// hasPhase reports whether the turn has a phase of kind k.
func (d *decoder) hasPhase(k PhaseKind) bool {
	for _, ph := range d.prog.Turn {
		if ph.Kind == k {
			return true
		}
	}
	return false
}

func (d *decoder) askPhase(c *cursor, field string) Phase {
	zone, oZone := c.u8("zone")
	drawFrom, oDraw := c.u8("draw_from")
	again, oAgain := c.u8("again")
	if c.bad {
		return Phase{}
	}
	if d.zone(oZone, zone, perPlayerZone, field+" (ask zone)") {
		d.chosenFrom(oZone, zone, field+" (ask zone)")
	}
	if drawFrom != NoZone {
		d.zone(oDraw, drawFrom, sharedZone, field+" (ask draw_from)")
	}
	if again > uint8(AgainOnSuccessOrLucky) {
		d.errorf(oAgain, "%s: again %d out of range 0..2", field, again)
	}
	return Phase{Kind: PhaseAsk, From: zone, DrawFrom: drawFrom, Again: Again(again)}
}

func (d *decoder) claimPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	count, oCount := c.u8("max_count")
	if c.bad {
		return Phase{}
	}
	if d.zone(oFrom, from, perPlayerZone, field+" (claim from)") {
		d.chosenFrom(oFrom, from, field+" (claim from)")
	}
	d.zone(oTo, to, sharedZone, field+" (claim to)")
	if count < 1 || count > 4 {
		d.errorf(oCount, "%s: max_count %d out of range 1..4", field, count)
	}
	return Phase{Kind: PhaseClaim, From: from, To: to, Count: count}
}

func (d *decoder) climbPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	cleared, oCleared := c.u8("cleared_to")
	count, oCount := c.u8("max_set")
	if c.bad {
		return Phase{}
	}
	if d.zone(oFrom, from, perPlayerZone, field+" (climb from)") {
		d.chosenFrom(oFrom, from, field+" (climb from)")
	}
	okTo := d.zone(oTo, to, sharedZone, field+" (climb to)")
	if d.zone(oCleared, cleared, sharedZone, field+" (climb cleared_to)") && okTo {
		d.distinct(oTo, to, cleared, field+" (to, cleared_to)")
	}
	if count < 1 || count > 4 {
		d.errorf(oCount, "%s: max_set %d out of range 1..4", field, count)
	}
	return Phase{Kind: PhaseClimb, From: from, To: to, ClearedTo: cleared, Count: count}
}

func (d *decoder) playTopPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	if c.bad {
		return Phase{}
	}
	d.zone(oFrom, from, perPlayerZone, field+" (play_top from)")
	d.zone(oTo, to, sharedZone, field+" (play_top to)")
	return Phase{Kind: PhasePlayTop, From: from, To: to}
}

func (d *decoder) discardSetsPhase(c *cursor, field string) Phase {
	from, oFrom := c.u8("from")
	to, oTo := c.u8("to")
	size, oSize := c.u8("size")
	match, oMatch := c.u8("match")
	if c.bad {
		return Phase{}
	}
	okFrom := d.zone(oFrom, from, perPlayerZone, field+" (discard_sets from)")
	if d.zone(oTo, to, anyZone, field+" (discard_sets to)") && okFrom {
		d.distinct(oFrom, from, to, field)
	}
	if size < 2 || size > 4 {
		d.errorf(oSize, "%s: set size %d out of range 2..4", field, size)
	}
	if match > uint8(MatchRankAndColor) {
		d.errorf(oMatch, "%s: set match %d out of range 0..1", field, match)
	}
	return Phase{Kind: PhaseDiscardSets, From: from, To: to, Count: size, Match: SetMatch(match)}
}

func (d *decoder) deckRemoveSection(c *cursor) {
	n, off := c.u8("removed card count")
	if c.bad {
		return
	}
	if n < 1 || n > 51 {
		d.errorf(off, "removed card count %d out of range 1..51", n)
		return
	}
	removed := make([]cards.Card, 0, n)
	prev := -1
	for i := 0; i < int(n) && !c.bad; i++ {
		id, o := c.u8("removed card")
		if c.bad {
			break
		}
		switch {
		case id >= 52:
			d.errorf(o, "removed card %d out of range 0..51", id)
		case int(id) <= prev:
			d.errorf(o, "removed card %s: ids must be strictly increasing", cards.Card(id))
		case d.prog.RankMask&(1<<cards.Card(id).Rank()) == 0:
			d.errorf(o, "removed card %s is not in the deck", cards.Card(id))
		}
		prev = int(id)
		removed = append(removed, cards.Card(id))
	}
	c.done()
	d.prog.Removed = removed
	if len(d.errs) == 0 && d.prog.DeckSize() < 1 {
		d.errorf(off, "removing %d cards leaves no card in the deck", n)
	}
}

func (d *decoder) matchSection(c *cursor) {
	target, o1 := c.u16("target_score")
	hands, o2 := c.u8("max_hands")
	result, o3 := c.u8("match result")
	reserved, o4 := c.u8("reserved")
	if c.bad {
		return
	}
	c.done()
	if t := int16(target); t < 1 || t > 10000 {
		d.errorf(o1, "match target_score %d out of range 1..10000", t)
	}
	if hands < 1 || hands > 100 {
		d.errorf(o2, "match max_hands %d out of range 1..100", hands)
	}
	if r := EndResult(result); r != LowestScoreWins && r != HighestScoreWins {
		d.errorf(o3, "match result %d out of range (2 lowest_total_wins, 3 highest_total_wins)", result)
	}
	if reserved != 0 {
		d.errorf(o4, "match reserved byte is %d, want 0", reserved)
	}
	d.prog.Match = &Match{TargetScore: int16(target), MaxHands: hands, Result: EndResult(result)}
}

// chosenFrom validates a zone (already known to exist) that a player picks
// cards from by a decision (play, trick, ask, claim, climb): the player must
// see the cards it chooses among. The moves offered name those cards, so a
// face-down zone would tell its owner what the rules hide, and a search
// player's sampled worlds could not agree with the real game. A per-player
// zone must be owner-only or public; a shared zone public.
func (d *decoder) chosenFrom(off int, z uint8, field string) bool {
	v := d.zones[z].Visibility
	if v == Public || (v == OwnerOnly && d.zones[z].Owner == PerPlayer) {
		return true
	}
	return d.errorf(off, "%s: zone %d has visibility %d; a player chooses a card it can see (a per-player zone owner-only or public, a shared zone public)", field, z, v)
}
