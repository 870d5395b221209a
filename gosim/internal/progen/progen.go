// Package progen generates random valid programs for conformance and fuzz
// tests: structured choices inside the ranges of docs/bytecode.md, kept only
// when bytecode.Decode accepts them.
package progen

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/splitmix"
)

// Random returns a random program that Decode accepts, with a turn cap of
// at most maxCap.
func Random(seed uint64, maxCap int) *bc.Program {
	rng := splitmix.New(seed)
	for {
		p := candidate(&rng, maxCap)
		buf := bc.Encode(p)
		if q, err := bc.Decode(buf); err == nil {
			return q
		}
	}
}

func candidate(rng *splitmix.Stream, maxCap int) *bc.Program {
	in := func(lo, hi int) int { return lo + rng.Intn(hi-lo+1) }
	p := &bc.Program{
		Players:   in(2, 6),
		Decks:     in(1, 2),
		RankOrder: bc.RankOrder(in(0, 1)),
		TurnCap:   in(1, maxCap),
	}
	for p.RankMask == 0 {
		p.RankMask = uint16(rng.Uint64()) & (1<<cards.NumRanks - 1)
	}
	// Zones: 0 stock (shared), 1 pile (shared), 2 hand (per player),
	// 3 won (per player), plus up to two random ones.
	p.Zones = []bc.Zone{
		{Owner: bc.Shared, Visibility: bc.Hidden},
		{Owner: bc.Shared, Visibility: bc.TopPublic, Insert: bc.Insert(in(0, 2))},
		{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
		{Owner: bc.PerPlayer, Visibility: bc.Public, Insert: bc.Insert(in(0, 2))},
	}
	for i := in(0, 2); i > 0; i-- {
		p.Zones = append(p.Zones, bc.Zone{Owner: bc.Owner(in(0, 1)), Visibility: bc.Visibility(in(0, 3)), Insert: bc.Insert(in(0, 2))})
	}
	if rng.Intn(4) == 0 {
		// deck.remove: a few faces of the deck's ranks, increasing.
		for id := 0; id < 52; id++ {
			if p.RankMask&(1<<cards.Card(id).Rank()) != 0 && rng.Intn(12) == 0 {
				p.Removed = append(p.Removed, cards.Card(id))
			}
		}
		if len(p.Removed) == 0 {
			p.Removed = nil
		}
	}
	nz := len(p.Zones)
	shared := func() uint8 {
		for {
			if z := in(0, nz-1); p.Zones[z].Owner == bc.Shared {
				return uint8(z)
			}
		}
	}
	perPlayer := func() uint8 {
		for {
			if z := in(0, nz-1); p.Zones[z].Owner == bc.PerPlayer {
				return uint8(z)
			}
		}
	}
	deck := p.DeckSize()
	count := uint8(in(1, max(1, deck/p.Players/2)))
	if rng.Intn(3) == 0 {
		count = bc.DealAll
	}
	p.Setup = []bc.SetupStep{{Op: bc.Deal, From: 0, To: 2, Count: count, Card: cards.None}}
	if rng.Intn(2) == 0 {
		p.Setup = append(p.Setup, bc.SetupStep{Op: bc.TurnUp, From: 0, To: 1, Count: uint8(in(1, 2)), Card: cards.None})
	}
	if rng.Intn(3) == 0 {
		p.Setup = append(p.Setup, bc.SetupStep{Op: bc.DiscardSets, From: 2, To: uint8(in(0, 1)) * 3, Count: uint8(in(2, 4)),
			Match: bc.SetMatch(in(0, 1)), Card: cards.None})
	}
	if rng.Intn(2) == 0 {
		fp := bc.SetupStep{Op: bc.FirstPlayer, Rule: bc.FirstPlayerRule(in(0, 2)), Card: cards.None}
		if fp.Rule == bc.HolderOf {
			fp.Card = cards.Card(rng.Intn(52))
		}
		p.Setup = append(p.Setup, fp)
	}
	pred := func() bc.Predicate { return randomPredicate(rng, shared, 3) }
	for n := in(1, 3); n > 0; n-- {
		var ph bc.Phase
		switch in(1, 9) {
		case 1:
			ph = bc.Phase{Kind: bc.PhaseDraw, From: 0, To: 2, Count: uint8(in(1, 3))}
			if rng.Intn(3) == 0 {
				ph.From, ph.FromPlayer, ph.Count = 2, bc.Neighbour(in(1, 2)), 1
			}
		case 2:
			ph = bc.Phase{Kind: bc.PhasePlay, From: 2, To: 1, DrawFrom: bc.NoZone, Legal: pred()}
			if rng.Intn(2) == 0 {
				ph.DrawFrom, ph.MaxDraws = 0, uint8(in(0, 3))
			}
		case 3:
			ph = bc.Phase{Kind: bc.PhaseTrick, From: 2, TrickZone: shared(), WonTo: 3, Follow: bc.Follow(in(0, 1)),
				Trump: bc.TrumpKind(in(0, 2)), TrumpSuit: cards.NoSuit, FirstLead: cards.None, BrokenSuit: cards.NoSuit}
			switch ph.Trump {
			case bc.TrumpSuit:
				ph.TrumpSuit = cards.Suit(in(0, 3))
			case bc.TrumpTurnedUp:
				ph.TrumpZone = shared()
			}
			if rng.Intn(3) == 0 {
				ph.FirstLead = cards.Card(rng.Intn(52))
			}
			if rng.Intn(3) == 0 {
				ph.BrokenSuit = cards.Suit(in(0, 3))
			}
		case 4:
			ph = bc.Phase{Kind: bc.PhaseBattle, From: perPlayer(), Table: shared(), WarFaceDown: uint8(in(0, 3)),
				TakesTo: bc.Insert(in(0, 1)), TakeOrder: bc.TakeOrder(in(0, 1))}
		case 5:
			ph = bc.Phase{Kind: bc.PhaseAsk, From: 2, DrawFrom: 0, Again: bc.Again(in(0, 2))}
			if rng.Intn(3) == 0 {
				ph.DrawFrom = bc.NoZone
			}
		case 6:
			ph = bc.Phase{Kind: bc.PhaseClaim, From: 2, To: shared(), Count: uint8(in(1, 4))}
		case 7:
			ph = bc.Phase{Kind: bc.PhaseClimb, From: 2, To: 1, ClearedTo: 0, Count: uint8(in(1, 4))}
		case 8:
			ph = bc.Phase{Kind: bc.PhasePlayTop, From: perPlayer(), To: shared()}
		case 9:
			ph = bc.Phase{Kind: bc.PhaseDiscardSets, From: 2, To: 3, Count: uint8(in(2, 4)), Match: bc.SetMatch(in(0, 1))}
		}
		p.Turn = append(p.Turn, ph)
	}
	if rng.Intn(2) == 0 {
		p.HasEffects = true
		for n := in(0, 3); n > 0; n-- {
			e := bc.Effect{Kind: bc.EffectKind(in(1, 7)), Zone: bc.NoZone, Card: pred()}
			switch e.Kind {
			case bc.EffectDraw, bc.EffectDrawStackable:
				e.Count, e.Zone = uint8(in(1, 3)), 0
			case bc.EffectPenalty:
				e.Count = uint8(in(1, 4))
			}
			p.Effects = append(p.Effects, e)
		}
	}
	if rng.Intn(2) == 0 {
		p.Stock = &bc.Stock{Zone: 0, ReshuffleFrom: 1, KeepTop: uint8(in(0, 2))}
		if w := bc.WhenEmpty(in(0, 2)); w != bc.Reshuffle {
			p.Stock = &bc.Stock{Zone: 0, ReshuffleFrom: bc.NoZone, WhenEmpty: w}
		}
	}
	if rng.Intn(6) == 0 {
		p.Match = &bc.Match{TargetScore: int16(in(1, 60)), MaxHands: uint8(in(1, 4)), Result: bc.EndResult(in(2, 3))}
	}
	for n := in(1, 2); n > 0; n-- {
		var e bc.EndCondition
		switch in(1, 5) {
		case 1:
			e = bc.EndCondition{Kind: bc.EndZoneEmpty, Zone: perPlayer(), Result: bc.ThatPlayerWins}
		case 2:
			e = bc.EndCondition{Kind: bc.EndAllEmpty, Zone: perPlayer(), Result: bc.EndResult(in(2, 3))}
		case 3:
			e = bc.EndCondition{Kind: bc.EndOneLeft, Zone: bc.NoZone, Result: bc.LastPlayerWins}
		case 4:
			e = bc.EndCondition{Kind: bc.EndZoneEmpty, Zone: perPlayer(), Result: bc.ThatPlayerLoses}
		case 5:
			e = bc.EndCondition{Kind: bc.EndAllButOneEmpty, Zone: perPlayer(), Result: bc.ThatPlayerLoses}
		}
		p.End = append(p.End, e)
	}
	if rng.Intn(2) == 0 {
		p.Scoring = &bc.Scoring{Zone: perPlayer()}
		for n := in(1, 3); n > 0; n-- {
			p.Scoring.Entries = append(p.Scoring.Entries, bc.ScoreEntry{Points: int8(in(-5, 13)), Card: pred()})
		}
	}
	return p
}

func randomPredicate(rng *splitmix.Stream, shared func() uint8, depth int) bc.Predicate {
	if depth > 0 && rng.Intn(3) == 0 {
		a := randomPredicate(rng, shared, depth-1)
		switch rng.Intn(3) {
		case 0:
			return bc.Not(a)
		case 1:
			return bc.Any(a, randomPredicate(rng, shared, depth-1))
		default:
			return bc.All(a, randomPredicate(rng, shared, depth-1))
		}
	}
	switch rng.Intn(9) {
	case 8:
		return bc.AdjacentInSuit(shared())
	case 0:
		return bc.True()
	case 1:
		return bc.RankIs(cards.Rank(rng.Intn(13)))
	case 2:
		return bc.SuitIs(cards.Suit(rng.Intn(4)))
	case 3:
		return bc.ColorIs(cards.Colour(rng.Intn(2)))
	case 4:
		return bc.CardIs(cards.Card(rng.Intn(52)))
	case 5:
		return bc.SameRankAsTop(shared())
	case 6:
		return bc.SameSuitAsTop(shared())
	}
	return bc.HigherThanTop(shared())
}
