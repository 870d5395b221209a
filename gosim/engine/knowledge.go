package engine

import (
	"math/bits"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// Information tracking: what each seat knows about where the cards are.
//
// For every seat p and card c the engine keeps poss(p, c), the set of zone
// copies ("piles") in which p considers c possible. The true pile of c is
// always in it. A card p has located has a one-pile set; a card p has not
// seen has a wider one. The sets change in three ways, all in this file:
//
//   - A card movement p sees (face up, into a zone copy p can see, or out of
//     a zone copy whose order p can see when p knew the card was there)
//     tells p where the card is now: poss(p, c) = {to}.
//   - A movement p does not see tells p only that some card of pile "from"
//     went to pile "to": every card p thought possible in "from" may now be
//     in "to" too. (p loses the knowledge of exactly which card moved; this
//     is coarser than perfect recall, never finer.)
//   - Public inferences remove a pile from the sets of every seat: a seat
//     that fails to follow suit holds no card of the led suit, a seat that
//     leads the unbroken suit holds nothing else, a seat that leads without
//     the forced first-lead card does not hold it, a seat that cannot play
//     holds no legal card, the holder_of rule names who holds a card.
//
// Within a pile, a seat knows the order of the cards it has located only in
// the piles it can see (public, top_public, its own owner-only zones); in
// the others (hidden zones, other seats' hands) the order is unknown to it.

// pileSet is a set of pile indices; a game has at most 16 zones of 6 copies.
type pileSet [2]uint64

func pileBit(i int) pileSet {
	var s pileSet
	s[i>>6] = 1 << (i & 63)
	return s
}

func (a pileSet) has(i int) bool { return a[i>>6]&(1<<(i&63)) != 0 }
func (a pileSet) single() bool   { return bits.OnesCount64(a[0])+bits.OnesCount64(a[1]) == 1 }

// knowledge holds poss(p, c) at poss[p*cards.MaxCards+c].
type knowledge struct {
	poss []pileSet
}

func newKnowledge(players int) *knowledge {
	return &knowledge{poss: make([]pileSet, players*cards.MaxCards)}
}

func (k *knowledge) row(p int) []pileSet {
	return k.poss[p*cards.MaxCards : (p+1)*cards.MaxCards]
}

func (k *knowledge) clone() *knowledge {
	return &knowledge{poss: append([]pileSet(nil), k.poss...)}
}

// SetInfoTracking turns on or off, from the next Reset, the tracking of what
// each seat knows (needed by InfoString and Determinize, so by ISMCTS
// players). States of NewState track; a batch of players that never search
// turns it off to play faster.
func (s *State) SetInfoTracking(on bool) { s.trackInfo = on }

// initKnowledge starts a game: every seat knows the whole deck is in the
// start zone, in an unknown order.
func (s *State) initKnowledge() {
	s.knowView = false
	if !s.trackInfo {
		s.know = nil
		return
	}
	if s.know == nil {
		s.know = newKnowledge(s.r.players)
	}
	for i := range s.know.poss {
		s.know.poss[i] = pileSet{}
	}
	start := pileBit(s.r.base[s.r.prog.Start])
	for p := 0; p < s.r.players; p++ {
		row := s.know.row(p)
		for _, c := range s.r.deck {
			row[c] = start
		}
	}
}

// sees reports whether seat p sees a card arriving in pile i (on its top if
// onTop).
func (s *State) sees(p, i int, onTop bool) bool {
	switch s.r.prog.Zones[s.r.pileZone[i]].Visibility {
	case bc.Public:
		return true
	case bc.TopPublic:
		return onTop
	case bc.OwnerOnly:
		return int(s.r.pileOwner[i]) == p
	}
	return false
}

// seesOrder reports whether seat p knows the order of the cards it has
// located in pile i.
func (s *State) seesOrder(p, i int) bool {
	switch s.r.prog.Zones[s.r.pileZone[i]].Visibility {
	case bc.Public, bc.TopPublic:
		return true
	case bc.OwnerOnly:
		return int(s.r.pileOwner[i]) == p
	}
	return false
}

// observeMove updates every seat's knowledge after card c moved from pile
// from to pile to (landing on its top if onTop). topRemoved says c was the
// top of from.
func (s *State) observeMove(c cards.Card, from, to int, onTop, faceUp, topRemoved bool) {
	r := s.r
	fromBit, toBit := pileBit(from), pileBit(to)
	for p := 0; p < r.players; p++ {
		row := s.know.row(p)
		if faceUp || s.sees(p, to, onTop) || (row[c] == fromBit && s.seesOrder(p, from)) {
			row[c] = toBit
			continue
		}
		for _, d := range r.deck {
			if row[d].has(from) {
				row[d][to>>6] |= toBit[to>>6]
			}
		}
	}
	// The card under a top_public zone's top is now its top: everyone sees it.
	if topRemoved && s.piles[from].n > 0 && r.prog.Zones[r.pileZone[from]].Visibility == bc.TopPublic {
		t := s.piles[from].top()
		for p := 0; p < r.players; p++ {
			s.know.row(p)[t] = fromBit
		}
	}
}

// exclude records the public inference that no card of set is in pile i.
func (s *State) exclude(set *cardSet, i int) {
	b := pileBit(i)
	for p := 0; p < s.r.players; p++ {
		row := s.know.row(p)
		set.forEach(func(c cards.Card) {
			row[c][0] &^= b[0]
			row[c][1] &^= b[1]
		})
	}
}

// restrict records the public inference that card c is in one of piles.
func (s *State) restrict(c cards.Card, piles pileSet) {
	for p := 0; p < s.r.players; p++ {
		row := s.know.row(p)
		row[c][0] &= piles[0]
		row[c][1] &= piles[1]
	}
}

// suitSet is the set of the deck's cards of suit su (or, with not, of every
// other suit).
func (s *State) suitSet(su cards.Suit, not bool) cardSet {
	var set cardSet
	for _, c := range s.r.deck {
		if (c.Suit() == su) != not {
			set.add(c)
		}
	}
	return set
}

// faceSet is the set of the deck's copies of c's face.
func (s *State) faceSet(c cards.Card) cardSet {
	var set cardSet
	for _, d := range s.r.deck {
		if d.Face() == c.Face() {
			set.add(d)
		}
	}
	return set
}

// learnCannotPlay records that the current player, unable to play in play
// phase ph, holds no card its legal predicate accepts now.
func (s *State) learnCannotPlay(ph *bc.Phase) {
	set := s.legalSet(ph, nil).and(s.r.deckSet)
	s.exclude(&set, s.r.pileOf(ph.From, s.cur))
}

// learnTrickPlay records what everyone infers from the current player
// playing c to the trick of phase ph (called before the card moves).
func (s *State) learnTrickPlay(ph *bc.Phase, c cards.Card) {
	hand := s.r.pileOf(ph.From, s.cur)
	if s.trickLen > 0 {
		if led := s.effSuit(s.trickCards[0]); ph.Follow == bc.FollowSuitIfAble && s.effSuit(c) != led {
			set := s.suitMask(led).and(s.r.deckSet) // a void in the led (effective) suit
			s.exclude(&set, hand)
			if s.r.tr.noPoints && s.tk.played == 0 && s.r.tr.pointSet.has(c) {
				set = s.r.deckSet.andNot(s.r.tr.pointSet) // a point card on the first trick: nothing else held
				s.exclude(&set, hand)
			}
		}
		return
	}
	if !s.led && ph.FirstLead != cards.None {
		if c.Face() == ph.FirstLead.Face() {
			return // forced: it says nothing about the rest of the hand
		}
		set := s.faceSet(ph.FirstLead)
		s.exclude(&set, hand)
	}
	if ph.BrokenSuit != cards.NoSuit && !s.broken && c.Suit() == ph.BrokenSuit {
		set := s.suitSet(ph.BrokenSuit, true) // leading the unbroken suit: nothing else held
		s.exclude(&set, hand)
	}
}

// learnHolder records the holder_of rule's answer: seats searched before
// the holder hold no copy of c in a per-player zone, and with one deck the
// holder holds c itself.
func (s *State) learnHolder(c cards.Card, holder int) {
	r := s.r
	set := s.faceSet(c)
	var holderPiles pileSet
	for i := 1; i <= r.players; i++ {
		seat := (int(s.x.dealer) + i) % r.players // holder searches from the dealer's left
		for z, zone := range r.prog.Zones {
			if zone.Owner != bc.PerPlayer {
				continue
			}
			pi := r.base[z] + seat
			if seat == holder {
				b := pileBit(pi)
				holderPiles[0] |= b[0]
				holderPiles[1] |= b[1]
				continue
			}
			s.exclude(&set, pi)
		}
		if seat == holder {
			break
		}
	}
	if holder >= 0 && r.prog.Decks == 1 {
		s.restrict(c.Face(), holderPiles)
	}
}
