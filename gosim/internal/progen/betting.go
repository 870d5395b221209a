package progen

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/splitmix"
)

// RandomBetting returns a random betting program (docs/genome-betting.md)
// that Decode accepts: a pot game (antes or blinds, limit or pot limit,
// bet, draw, community and hit phases in any order, a poker or points
// showdown) or a banker game, with small stacks so that players go out.
func RandomBetting(seed uint64, maxHands int) *bc.Program {
	rng := splitmix.New(seed)
	for {
		p := bettingCandidate(&rng, maxHands)
		if q, err := bc.Decode(bc.Encode(p)); err == nil {
			return q
		}
	}
}

func bettingCandidate(rng *splitmix.Stream, maxHands int) *bc.Program {
	in := func(lo, hi int) int { return lo + rng.Intn(hi-lo+1) }
	const stock, hand, board, muck, banker = 0, 1, 2, 3, 4
	p := &bc.Program{
		Players: in(2, 6), Decks: in(1, 2), RankOrder: bc.RankOrder(in(0, 1)), Start: stock,
		RankMask: 1<<cards.NumRanks - 1, TurnCap: in(5, 400),
		Zones: []bc.Zone{
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.PerPlayer, Visibility: bc.Visibility(in(1, 2))},
			{Owner: bc.Shared, Visibility: bc.Public},
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.Shared, Visibility: bc.TopPublic},
		},
		End: []bc.EndCondition{{Kind: bc.EndChips, Zone: bc.NoZone, Result: bc.MostChipsWins}},
	}
	b := &bc.Betting{Stack: uint16(in(1, 60)), Structure: bc.Structure(in(0, 2)), Bet: uint16(in(1, 10)),
		MaxRaises: uint8(in(1, 8)), MaxHands: uint8(in(1, maxHands)), Banker: bc.NoZone}
	if rng.Intn(4) == 0 {
		b.Target = uint16(in(1, 200))
	}
	p.Betting = b
	p.Setup = []bc.SetupStep{{Op: bc.Deal, From: stock, To: hand, Count: uint8(in(1, 5)), Card: cards.None}}
	isBanker := rng.Intn(3) == 0
	rank := bc.HandRank(in(0, 1))
	if isBanker {
		b.Banker, b.Stake, b.StandsOn, b.HitSoft = banker, uint16(in(1, 3)*2), uint8(in(12, 21)), rng.Intn(2) == 0
		b.PaysNum, b.PaysDen = 3, 2
		if b.Stake > b.Stack {
			b.Stack = b.Stake
		}
		p.Setup = append(p.Setup,
			bc.SetupStep{Op: bc.TurnUp, From: stock, To: banker, Count: 1, Card: cards.None},
			bc.SetupStep{Op: bc.SetupDealDown, From: stock, To: banker, Count: 1, Card: cards.None})
	} else {
		b.Ante = uint16(in(0, 3))
		if rng.Intn(2) == 0 {
			b.BigBlind = uint16(in(1, 4))
			b.SmallBlind = uint16(in(0, int(b.BigBlind)))
		}
	}
	for n := in(0, 6); n > 0; n-- {
		var ph bc.Phase
		switch k := rng.Intn(4); {
		case k == 0 && !isBanker:
			ph = bc.Phase{Kind: bc.PhaseBet, Count: uint8(in(1, 4))}
		case k == 1:
			ph = bc.Phase{Kind: bc.PhaseDiscardDraw, From: hand, To: muck, DrawFrom: stock, Count: uint8(in(1, 5))}
		case k == 2 && !isBanker:
			ph = bc.Phase{Kind: bc.PhaseCommunity, From: stock, To: board, Count: uint8(in(1, 5))}
		default:
			ph = bc.Phase{Kind: bc.PhaseHit, From: stock, To: hand}
		}
		p.Turn = append(p.Turn, ph)
	}
	boardZone := uint8(bc.NoZone)
	if !isBanker && rng.Intn(2) == 0 {
		boardZone = board
	}
	p.Turn = append(p.Turn, bc.Phase{Kind: bc.PhaseShowdown, From: hand, To: boardZone, Rank: rank})
	return p
}
