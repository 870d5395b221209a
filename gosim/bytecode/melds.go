package bytecode

// The melds family (docs/genome-melds.md, docs/bytecode.md "Version 2
// additions: melds"): the MELDS section, the draw_choice and meld_discard
// phases and the knock end condition of rummy games such as Gin Rummy.

// MeldKinds is a bit set of the kinds of meld a game allows.
type MeldKinds uint8

// Meld kinds.
const (
	MeldSets MeldKinds = 1 // cards of one rank, all of different suits
	MeldRuns MeldKinds = 2 // cards of one suit in consecutive ranks
)

// AceInRuns says where an ace may stand in a run.
type AceInRuns uint8

// Ace placements in runs; a run never goes round the corner (K-A-2).
const (
	AceLowInRuns  AceInRuns = 0 // A-2-3 only
	AceHighInRuns AceInRuns = 1 // Q-K-A only
	AceBothInRuns AceInRuns = 2 // A-2-3 or Q-K-A
)

// MeldsPayloadSize is the length of the MELDS section's payload.
const MeldsPayloadSize = 27

// Melds is the MELDS section: the meld rules, the knock and its scoring.
//
// Deadwood is the sum of Values of the cards of a hand that are in no meld
// of the best arrangement of the hand into disjoint melds. A player may
// knock with the discard of a meld_discard phase when the deadwood of the
// rest of the hand is at most KnockLimit; with 0 deadwood it is gin. At a
// knock every other seat lays off its deadwood onto the knocker's melds (if
// Layoffs and not gin) and is compared with the knocker: the knocker scores
// the difference of deadwood (plus GinBonus on gin); a seat whose deadwood
// is at most the knocker's (not on gin) scores UndercutBonus plus the
// difference instead. With Stock not NoZone, a discard that leaves at most
// StockLeft cards in Stock voids the hand. With match play, at the end of
// the match each seat adds BoxBonus per hand won and the seat that reached
// the target adds GameBonus.
type Melds struct {
	Hand          uint8 // per-player zone whose cards are melded
	Stock         uint8 // shared zone of the stock-left rule, or NoZone
	StockLeft     uint8 // 0..20
	Kinds         MeldKinds
	SetMin        uint8 // 2..4
	SetMax        uint8 // SetMin..4
	RunMin        uint8 // 2..13
	Ace           AceInRuns
	KnockLimit    uint8 // 0..100; 0: gin only
	GinBonus      uint8 // 0..100
	UndercutBonus uint8 // 0..100
	Layoffs       bool
	BoxBonus      uint8 // 0..100
	GameBonus     uint8 // 0..200
	// Values is the deadwood value of each rank, by rank index (2..A).
	Values [13]uint8 // 0..20 each
}

func encodeMelds(m *Melds) []byte {
	b := []byte{m.Hand, m.Stock, m.StockLeft, byte(m.Kinds), m.SetMin, m.SetMax, m.RunMin, byte(m.Ace),
		m.KnockLimit, m.GinBonus, m.UndercutBonus, boolByte(m.Layoffs), m.BoxBonus, m.GameBonus}
	return append(b, m.Values[:]...)
}

func encodeMeldPhase(ph Phase) []byte {
	if ph.Kind == PhaseDrawChoice {
		return []byte{ph.From, ph.DrawFrom, ph.To, boolByte(ph.Upcard)}
	}
	return []byte{ph.From, ph.To, boolByte(ph.KeepTaken)}
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

func (d *decoder) drawChoicePhase(c *cursor, field string) Phase {
	hand, oHand := c.u8("hand")
	stock, oStock := c.u8("stock")
	discard, oDiscard := c.u8("discard")
	upcard, oUpcard := c.u8("first_upcard")
	if c.bad {
		return Phase{}
	}
	d.zone(oHand, hand, perPlayerZone, field+" (draw_choice to)")
	okStock := d.zone(oStock, stock, sharedZone, field+" (draw_choice stock)")
	if d.zone(oDiscard, discard, sharedZone, field+" (draw_choice discard)") && okStock {
		d.distinct(oDiscard, stock, discard, field+" (stock, discard)")
	}
	if upcard > 1 {
		d.errorf(oUpcard, "%s: first_upcard %d out of range 0..1", field, upcard)
	}
	return Phase{Kind: PhaseDrawChoice, From: hand, DrawFrom: stock, To: discard, Upcard: upcard == 1}
}

func (d *decoder) meldDiscardPhase(c *cursor, field string) Phase {
	hand, oHand := c.u8("hand")
	discard, oDiscard := c.u8("discard")
	keep, oKeep := c.u8("keep_taken")
	if c.bad {
		return Phase{}
	}
	if d.zone(oHand, hand, perPlayerZone, field+" (meld_discard from)") {
		d.chosenFrom(oHand, hand, field+" (meld_discard from)")
	}
	d.zone(oDiscard, discard, sharedZone, field+" (meld_discard to)")
	if keep > 1 {
		d.errorf(oKeep, "%s: keep_taken %d out of range 0..1", field, keep)
	}
	return Phase{Kind: PhaseMeldDiscard, From: hand, To: discard, KeepTaken: keep == 1}
}

func (d *decoder) meldsSection(c *cursor) {
	var f [MeldsPayloadSize]uint8
	var o [MeldsPayloadSize]int
	names := [...]string{"hand", "stock", "stock_left", "kinds", "set_min", "set_max", "run_min", "ace",
		"knock_limit", "gin_bonus", "undercut_bonus", "layoffs", "box_bonus", "game_bonus"}
	for i := range f {
		name := "value"
		if i < len(names) {
			name = names[i]
		}
		f[i], o[i] = c.u8(name)
	}
	if c.bad {
		return
	}
	c.done()
	m := &Melds{Hand: f[0], Stock: f[1], StockLeft: f[2], Kinds: MeldKinds(f[3]), SetMin: f[4], SetMax: f[5],
		RunMin: f[6], Ace: AceInRuns(f[7]), KnockLimit: f[8], GinBonus: f[9], UndercutBonus: f[10],
		Layoffs: f[11] == 1, BoxBonus: f[12], GameBonus: f[13]}
	copy(m.Values[:], f[14:])
	d.zone(o[0], m.Hand, perPlayerZone, "melds hand")
	if m.Stock != NoZone {
		d.zone(o[1], m.Stock, sharedZone, "melds stock")
	}
	rng := func(i int, lo, hi uint8) {
		if f[i] < lo || f[i] > hi {
			d.errorf(o[i], "melds %s %d out of range %d..%d", names[i], f[i], lo, hi)
		}
	}
	rng(2, 0, 20)
	rng(3, 1, 3)
	rng(4, 2, 4)
	rng(5, m.SetMin, 4)
	rng(6, 2, 13)
	rng(7, 0, 2)
	rng(8, 0, 100)
	rng(9, 0, 100)
	rng(10, 0, 100)
	rng(11, 0, 1)
	rng(12, 0, 100)
	rng(13, 0, 200)
	for i := 14; i < MeldsPayloadSize; i++ {
		if f[i] > 20 {
			d.errorf(o[i], "melds value of rank index %d is %d, out of range 0..20", i-14, f[i])
		}
	}
	d.prog.Melds = m
}

// checkMelds checks the melds family's cross-references: its phases and
// the knock condition need a MELDS section, which needs both, with the
// phases on its hand, and no SCORING section (the knock scores the hand).
// Errors name the MELDS section's header (or the header's section count
// when there is none).
func (d *decoder) checkMelds(sec section) {
	p := &d.prog
	off := 12
	if sec.present {
		off = sec.off - 4
	}
	uses := false
	knock := false
	for _, e := range p.End {
		knock = knock || e.Kind == EndKnock
	}
	discard := false
	for i, ph := range p.Turn {
		switch ph.Kind {
		case PhaseDrawChoice, PhaseMeldDiscard:
			uses = true
			discard = discard || ph.Kind == PhaseMeldDiscard
			if p.Melds != nil && ph.From != p.Melds.Hand {
				d.errorf(off, "phase %d: plays from zone %d, not the melds hand %d", i, ph.From, p.Melds.Hand)
			}
		}
	}
	if p.Melds == nil {
		if uses || knock {
			d.errorf(off, "draw_choice, meld_discard and the knock end condition need a MELDS section")
		}
		return
	}
	switch {
	case !knock:
		d.errorf(off, "a MELDS section needs the knock end condition")
	case !discard:
		d.errorf(off, "a MELDS section needs a meld_discard phase")
	case p.Scoring != nil:
		d.errorf(off, "a MELDS section scores the hand; it excludes a SCORING section")
	}
}
