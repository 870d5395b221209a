package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// The legal predicate of a play phase is asked for its set of accepted
// cards at every step of the phase, and by Greedy once per candidate top for
// every move it weighs. Most predicates read nothing of the game but the
// card and the top of one shared zone (rank_is, suit_is, same_suit_as_top,
// higher_than_top ... combined with all, any, not): their accepted set is
// a function of that top card's face and the active suit. Such a phase's
// sets are tabulated once per program, so a step looks one up instead of
// evaluating the predicate.

// activeKeys is the number of active suits a table keys on: the four suits
// and none (a player may ask about a top with no active suit).
const activeKeys = cards.NumSuits + 1

// topKeys is the number of entries of a topTable: a face (52) times an
// active suit or none (5), plus one for an empty or hidden zone.
const topKeys = 52*activeKeys + 1

// topTable is the accepted set of a play phase's legal predicate for every
// state of the one zone whose top it reads.
type topTable struct {
	zone uint8 // the zone whose top the predicate reads; bc.NoZone: it reads none
	sets [topKeys]cardSet
}

// tabulateLegal builds the tables of the program's play phases whose legal
// predicate qualifies (see above); the others get nil and are evaluated.
func (r *Rules) tabulateLegal() {
	r.legalTab = make([]*topTable, len(r.prog.Turn))
	for i := range r.prog.Turn {
		ph := &r.prog.Turn[i]
		if ph.Kind != bc.PhasePlay {
			continue
		}
		zone, ok := topZoneOf(ph.Legal)
		if !ok {
			continue
		}
		t := &topTable{zone: zone}
		probe := &State{r: r}
		for k := range t.sets {
			ov := override{zone: zone, top: cards.None, active: cards.NoSuit}
			if k < topKeys-1 {
				ov.top, ov.active = cards.Card(k/activeKeys), cards.Suit(k%activeKeys)
				if k%activeKeys == cards.NumSuits {
					ov.active = cards.NoSuit
				}
			}
			if zone == bc.NoZone {
				ov.zone = 0
			}
			set, ok := probe.evalSet(ph.Legal, &ov)
			if !ok {
				t = nil
				break
			}
			t.sets[k] = set
		}
		r.legalTab[i] = t
	}
}

// topZoneOf reports whether predicate p reads only the card and the top of
// at most one shared zone, and which (bc.NoZone for none).
func topZoneOf(p bc.Predicate) (uint8, bool) {
	zone := uint8(bc.NoZone)
	for _, op := range p {
		switch op.Op {
		case bc.OpTrue, bc.OpRankIs, bc.OpSuitIs, bc.OpColorIs, bc.OpCardIs, bc.OpAnd, bc.OpOr, bc.OpNot:
		case bc.OpSameRankAsTop, bc.OpSameSuitAsTop, bc.OpHigherThanTop:
			if zone != bc.NoZone && zone != op.Arg {
				return 0, false
			}
			zone = op.Arg
		default:
			return 0, false
		}
	}
	return zone, true
}

// lookup returns the accepted set for the current top of the table's zone
// (or ov's top when ov names that zone).
func (t *topTable) lookup(s *State, ov *override) cardSet {
	if t.zone == bc.NoZone {
		return t.sets[topKeys-1]
	}
	top, active, ok := s.topOf(t.zone, ov)
	if !ok {
		return t.sets[topKeys-1]
	}
	a := int(active)
	if active >= cards.NumSuits {
		a = cards.NumSuits // no active suit
	}
	return t.sets[int(top.Face())*activeKeys+a]
}
