package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// override replaces the top card and active suit of one shared zone while a
// predicate is evaluated (what a player asks with PlayableOn).
type override struct {
	zone   uint8
	top    cards.Card
	active cards.Suit
}

// topOf returns the top card and active suit of shared zone z. The top of
// a hidden zone is face down: nobody, and so no rule, reads it (ok false).
func (s *State) topOf(z uint8, ov *override) (cards.Card, cards.Suit, bool) {
	if ov != nil && ov.zone == z {
		return ov.top, ov.active, ov.top != cards.None
	}
	p := &s.piles[s.r.base[z]]
	if p.n == 0 || s.r.prog.Zones[z].Visibility == bc.Hidden {
		return cards.None, cards.NoSuit, false
	}
	top := p.top()
	active := top.Suit()
	if d := s.declared[z]; d != cards.NoSuit {
		active = d
	}
	return top, active, true
}

// adjacentInSuit reports whether shared zone z holds a face-up card of c's
// suit one rank above or below c in the rank order (only the top card of a
// top_public zone is face up, none of a hidden zone).
func (s *State) adjacentInSuit(z uint8, c cards.Card) bool {
	p := &s.piles[s.r.base[z]]
	v := s.r.rankValue(c)
	first := 0
	switch s.r.prog.Zones[z].Visibility {
	case bc.Hidden:
		return false
	case bc.TopPublic:
		first = p.len() - 1
	}
	for i := max(first, 0); i < p.len(); i++ {
		d := p.at(i)
		if d.Suit() == c.Suit() {
			if w := s.r.rankValue(d); w == v+1 || w == v-1 {
				return true
			}
		}
	}
	return false
}

// eval runs a validated postfix predicate on card c. The stack is a word of
// bits with the top of the stack in bit 0 (a validated predicate is at most
// 16 deep). s may be nil for predicates that read only the card.
func eval(p bc.Predicate, c cards.Card, s *State, ov *override) bool {
	var st uint32
	for _, op := range p {
		var v bool
		switch op.Op {
		case bc.OpTrue:
			v = true
		case bc.OpRankIs:
			v = uint8(c.Rank()) == op.Arg
		case bc.OpSuitIs:
			v = uint8(c.Suit()) == op.Arg
		case bc.OpColorIs:
			v = uint8(c.Colour()) == op.Arg
		case bc.OpCardIs:
			v = uint8(c.Face()) == op.Arg
		case bc.OpAdjacentInSuit:
			if s != nil {
				v = s.adjacentInSuit(op.Arg, c)
			}
		case bc.OpSameRankAsTop, bc.OpSameSuitAsTop, bc.OpHigherThanTop:
			if s == nil {
				break
			}
			top, active, ok := s.topOf(op.Arg, ov)
			if !ok {
				break
			}
			switch op.Op {
			case bc.OpSameRankAsTop:
				v = c.Rank() == top.Rank()
			case bc.OpSameSuitAsTop:
				v = c.Suit() == active
			default:
				v = s.r.rankValue(c) > s.r.rankValue(top)
			}
		case bc.OpAnd:
			b := st & 1
			st >>= 1
			st = st&^1 | (st & b)
			continue
		case bc.OpOr:
			b := st & 1
			st >>= 1
			st |= b
			continue
		case bc.OpNot:
			st ^= 1
			continue
		}
		st <<= 1
		if v {
			st |= 1
		}
	}
	return st&1 == 1
}

// cardMasks are the sets of card ids (both decks) a predicate leaf accepts,
// built once: eval on sets is one pass over the predicate for all cards.
type cardMasks struct {
	all    cardSet // every id 0..103
	rank   [cards.NumRanks]cardSet
	suit   [cards.NumSuits]cardSet
	colour [2]cardSet
	face   [52]cardSet
}

var masks = func() *cardMasks {
	m := &cardMasks{}
	for c := cards.Card(0); c < cards.MaxCards; c++ {
		m.all.add(c)
		m.rank[c.Rank()].add(c)
		m.suit[c.Suit()].add(c)
		m.colour[c.Colour()].add(c)
		m.face[c.Face()].add(c)
	}
	return m
}()

// evalSet evaluates predicate p for every card id at once and returns the
// set of ids it accepts: the same answer as eval card by card, with each
// leaf a mask and And, Or, Not the operations on sets. ok is false for a
// predicate with an op it does not know (the caller then uses eval).
func (s *State) evalSet(p bc.Predicate, ov *override) (set cardSet, ok bool) {
	var st [bc.MaxPredicateDepth + 1]cardSet
	n := 0
	for _, op := range p {
		var v cardSet
		switch op.Op {
		case bc.OpTrue:
			v = masks.all
		case bc.OpRankIs:
			v = masks.rank[op.Arg%cards.NumRanks]
		case bc.OpSuitIs:
			v = masks.suit[op.Arg%cards.NumSuits]
		case bc.OpColorIs:
			v = masks.colour[op.Arg&1]
		case bc.OpCardIs:
			if op.Arg < 52 {
				v = masks.face[op.Arg]
			}
		case bc.OpSameRankAsTop, bc.OpSameSuitAsTop, bc.OpHigherThanTop:
			top, active, ok := s.topOf(op.Arg, ov)
			if !ok {
				break
			}
			switch op.Op {
			case bc.OpSameRankAsTop:
				v = masks.rank[top.Rank()]
			case bc.OpSameSuitAsTop:
				if active < cards.NumSuits {
					v = masks.suit[active]
				}
			default:
				v = s.r.higher[s.r.rankValue(top)]
			}
		case bc.OpAnd:
			n--
			st[n-1] = st[n-1].and(st[n])
			continue
		case bc.OpOr:
			n--
			st[n-1] = st[n-1].or(st[n])
			continue
		case bc.OpNot:
			st[n-1] = masks.all.andNot(st[n-1])
			continue
		default:
			return cardSet{}, false
		}
		st[n] = v
		n++
	}
	return st[0], n == 1
}
