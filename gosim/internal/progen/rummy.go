package progen

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/splitmix"
)

// RandomRummy returns a random rummy program (melds family) that Decode
// accepts: a random program whose turn is draw_choice then meld_discard
// (sometimes with one more random phase), whose hand ends on a knock, with
// random meld rules. Random's programs are not changed by it.
func RandomRummy(seed uint64, maxCap int) *bc.Program {
	rng := splitmix.New(seed ^ 0x6d656c6473) // "melds"
	for {
		p := candidate(&rng, maxCap)
		rummy(&rng, p)
		if q, err := bc.Decode(bc.Encode(p)); err == nil {
			return q
		}
	}
}

// rummy turns a candidate into a rummy game on its zones 0 (stock), 1
// (discard pile) and 2 (hand).
func rummy(rng *splitmix.Stream, p *bc.Program) {
	in := func(lo, hi int) int { return lo + rng.Intn(hi-lo+1) }
	extra := p.Turn[0]
	p.Turn = []bc.Phase{
		{Kind: bc.PhaseDrawChoice, From: 2, DrawFrom: 0, To: 1, Upcard: rng.Intn(2) == 0},
		{Kind: bc.PhaseMeldDiscard, From: 2, To: 1, KeepTaken: rng.Intn(2) == 0},
	}
	if rng.Intn(3) == 0 && extra.Kind != bc.PhasePlay && extra.Kind != bc.PhasePlayTop {
		p.Turn = append(p.Turn, extra)
	}
	p.HasEffects, p.Effects, p.Scoring = false, nil, nil
	p.End = append([]bc.EndCondition{{Kind: bc.EndKnock, Zone: bc.NoZone, Result: bc.KnockScores}}, p.End[1:]...)
	if rng.Intn(2) == 0 {
		p.End = p.End[:1] // only the knock ends a hand
	}
	if per := (p.DeckSize() - 2) / p.Players; per >= 3 && rng.Intn(4) != 0 {
		p.Setup[0].Count = uint8(in(3, min(10, per))) // a rummy deal, leaving a stock
	}
	m := &bc.Melds{
		Hand: 2, Stock: 0, StockLeft: uint8(in(0, 4)), Kinds: bc.MeldKinds(in(1, 3)),
		SetMin: uint8(in(2, 4)), RunMin: uint8(in(2, 5)), Ace: bc.AceInRuns(in(0, 2)),
		KnockLimit: uint8(in(0, 20)), GinBonus: uint8(in(0, 50)), UndercutBonus: uint8(in(0, 50)),
		Layoffs: rng.Intn(2) == 0, BoxBonus: uint8(in(0, 30)), GameBonus: uint8(in(0, 100)),
	}
	m.SetMax = uint8(in(int(m.SetMin), 4))
	if rng.Intn(4) == 0 {
		m.Stock = bc.NoZone
	}
	for i := range m.Values {
		m.Values[i] = uint8(in(0, 12))
	}
	p.Melds = m
}
