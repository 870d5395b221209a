package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Rules is a Program prepared for play: the zone layout sized by the real
// player count and the tables that do not depend on a game. It is immutable
// and shared by every game of the program.
type Rules struct {
	prog    *bc.Program
	players int

	numPiles  int
	base      [bc.MaxZones]int // pile index of zone z's first copy
	pileZone  []uint8          // zone of each pile
	pileOwner []uint8          // owning seat of each pile, or noSeat
	pileAtBot []bool           // cards added to the pile go to its bottom
	perPlayer [bc.MaxZones]bool

	deck     []cards.Card // the deck in id order, before the shuffle
	deckSet  cardSet
	rankVal  [cards.NumRanks]int8
	higher   [cards.NumRanks]cardSet // the ids whose rank value exceeds v
	deckSize int

	// staticPoints: every scoring predicate reads the card only, so a
	// card's points are a table and scores are kept incrementally.
	staticPoints bool
	points       [cards.MaxCards]int16
	scoringZone  int // -1 without scoring

	// staticEffects: every effect predicate reads the card only.
	staticEffects bool
	effectMask    [cards.MaxCards]uint16 // bit i: effect i applies (static only)
	declare       cardSet                // cards with declare_suit (static only)

	leader leaderFamily
	goal   game.Goal

	v2 v2rules    // tables of the version 2 rules (v2.go)
	tr trickRules // tables of trick-taking hands (trick.go)

	bet betRules // betting games (chips.go)
	cap capRules // tables of the captures family (capture.go)

	legalTab []*topTable // per phase: the tabulated legal predicate, or nil (legaltable.go)

	melds meldRules // the MELDS section prepared (melds.go)
}

const noSeat = 255

// leaderFamily is how the leader of a turn is chosen (docs/genome.md).
type leaderFamily uint8

const (
	leadLowestScore leaderFamily = iota
	leadHighestScore
	leadFewestInZone
	leadMostCards
	leadMostInZone // that_player_loses on an empty zone: the most cards there
)

// NewRules prepares a decoded program for play.
func NewRules(p *bc.Program) *Rules {
	r := &Rules{prog: p, players: p.Players, scoringZone: -1}
	for z, zone := range p.Zones {
		r.base[z] = r.numPiles
		copies := 1
		if zone.Owner == bc.PerPlayer {
			copies = p.Players
		}
		for s := 0; s < copies; s++ {
			owner := uint8(noSeat)
			if zone.Owner == bc.PerPlayer {
				owner = uint8(s)
			}
			r.pileZone = append(r.pileZone, uint8(z))
			r.pileOwner = append(r.pileOwner, owner)
			r.pileAtBot = append(r.pileAtBot, zone.Insert == bc.Bottom)
		}
		r.numPiles += copies
		r.perPlayer[z] = zone.Owner == bc.PerPlayer
	}
	for copy := 0; copy < p.Decks; copy++ {
		for s := cards.Suit(0); s < cards.NumSuits; s++ {
			for rk := cards.Rank(0); rk < cards.NumRanks; rk++ {
				if p.InDeck(cards.New(rk, s, copy)) {
					r.deck = append(r.deck, cards.New(rk, s, copy))
				}
			}
		}
	}
	r.deckSize = len(r.deck)
	for _, c := range r.deck {
		r.deckSet.add(c)
	}
	for rk := 0; rk < cards.NumRanks; rk++ {
		r.rankVal[rk] = int8(rk)
		if p.RankOrder == bc.AceLow {
			r.rankVal[rk] = int8((rk + 1) % cards.NumRanks)
		}
	}
	for v := 0; v < cards.NumRanks; v++ {
		for c := cards.Card(0); c < cards.MaxCards; c++ {
			if r.rankValue(c) > v {
				r.higher[v].add(c)
			}
		}
	}

	if p.Scoring != nil {
		r.scoringZone = int(p.Scoring.Zone)
		r.staticPoints = true
		for _, e := range p.Scoring.Entries {
			r.staticPoints = r.staticPoints && isStatic(e.Card)
		}
		if r.staticPoints {
			for c := cards.Card(0); c < cards.MaxCards; c++ {
				sum := 0
				for _, e := range p.Scoring.Entries {
					if evalStatic(e.Card, c) {
						sum += int(e.Points)
					}
				}
				r.points[c] = int16(sum)
			}
		}
	}
	r.staticEffects = true
	for _, e := range p.Effects {
		r.staticEffects = r.staticEffects && isStatic(e.Card)
	}
	if r.staticEffects {
		for c := cards.Card(0); c < cards.MaxCards; c++ {
			for i, e := range p.Effects {
				if evalStatic(e.Card, c) {
					r.effectMask[c] |= 1 << i
					if e.Kind == bc.EffectDeclareSuit {
						r.declare.add(c)
					}
				}
			}
		}
	}

	r.leader = leadMostCards
	switch first := p.End[0]; first.Kind {
	case bc.EndZoneEmpty:
		r.leader = leadFewestInZone
		if first.Result == bc.ThatPlayerLoses {
			r.leader = leadMostInZone
		}
	case bc.EndAllButOneEmpty:
		r.leader = leadFewestInZone
	case bc.EndAllEmpty:
		r.leader = leadLowestScore
		if first.Result == bc.HighestScoreWins {
			r.leader = leadHighestScore
		}
	}
	for _, e := range p.End {
		if e.Kind == bc.EndAllEmpty {
			r.goal = game.LowerIsBetter
			if e.Result == bc.HighestScoreWins {
				r.goal = game.HigherIsBetter
			}
			break
		}
	}
	r.prepareV2()
	r.prepareTricks()
	r.prepareBetting()
	r.prepareCaptures()
	r.tabulateLegal()
	r.prepareMelds()
	return r
}

// Program returns the program the rules were prepared from.
func (r *Rules) Program() *bc.Program { return r.prog }

// pileOf returns the pile index of seat's copy of zone z (the one copy of
// a shared zone).
func (r *Rules) pileOf(z uint8, seat int) int {
	if r.perPlayer[z&(bc.MaxZones-1)] {
		return r.base[z] + seat
	}
	return r.base[z]
}

func (r *Rules) rankValue(c cards.Card) int { return int(r.rankVal[c.Rank()]) }

// isStatic reports whether a predicate reads only the card.
func isStatic(p bc.Predicate) bool {
	for _, op := range p {
		switch op.Op {
		case bc.OpSameRankAsTop, bc.OpSameSuitAsTop, bc.OpHigherThanTop, bc.OpAdjacentInSuit:
			return false
		}
	}
	return true
}

// evalStatic evaluates a predicate that reads only the card.
func evalStatic(p bc.Predicate, c cards.Card) bool {
	return eval(p, c, nil, nil)
}
