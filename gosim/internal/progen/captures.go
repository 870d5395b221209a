package progen

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/splitmix"
)

// RandomCaptures returns a random program of the captures family that
// Decode accepts: a capture game (random values, capture rules, sweeps,
// redeal, awards, possibly a match) or a bid game (random suits dealt,
// tie rule, winner, open or secret bids, possibly other phases around),
// with a turn cap of at most maxCap.
func RandomCaptures(seed uint64, maxCap int) *bc.Program {
	rng := splitmix.New(seed)
	for {
		p := captureCandidate(&rng, maxCap)
		if q, err := bc.Decode(bc.Encode(p)); err == nil {
			return q
		}
	}
}

func captureCandidate(rng *splitmix.Stream, maxCap int) *bc.Program {
	in := func(lo, hi int) int { return lo + rng.Intn(hi-lo+1) }
	p := &bc.Program{Players: in(2, 4), Decks: in(1, 2), RankOrder: bc.RankOrder(in(0, 1)), TurnCap: in(1, maxCap)}
	for p.RankMask == 0 {
		p.RankMask = uint16(rng.Uint64()) & (1<<cards.NumRanks - 1)
	}
	// Zones: 0 stock, 1 table, 2 hand, 3 won, 4 bid (per player, owner
	// only or hidden), 5 discard (shared public).
	p.Zones = []bc.Zone{
		{Owner: bc.Shared, Visibility: bc.Hidden},
		{Owner: bc.Shared, Visibility: bc.Public, Insert: bc.Insert(in(0, 2))},
		{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
		{Owner: bc.PerPlayer, Visibility: bc.Visibility(in(0, 2)), Insert: bc.Insert(in(0, 2))},
		{Owner: bc.PerPlayer, Visibility: bc.Visibility(in(0, 1))},
		{Owner: bc.Shared, Visibility: bc.Public},
		{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
	}
	const stock, table, hand, won, bid, discard, bid2 = 0, 1, 2, 3, 4, 5, 6
	if rng.Intn(2) == 0 {
		// Capture game.
		p.Setup = []bc.SetupStep{{Op: bc.Deal, From: stock, To: hand, Count: uint8(in(1, 6)), Card: cards.None}}
		if rng.Intn(3) > 0 {
			p.Setup = append(p.Setup, bc.SetupStep{Op: bc.TurnUp, From: stock, To: table, Count: uint8(in(1, 6)), Card: cards.None})
		}
		rules := bc.CaptureRules(in(1, 15))
		if rules&(bc.CaptureRank|bc.CaptureSum) == 0 {
			rules |= bc.CaptureSum
		}
		p.Turn = []bc.Phase{{Kind: bc.PhaseCapture, From: hand, Table: table, WonTo: won, CaptureRules: rules}}
		if rng.Intn(4) == 0 {
			p.Turn = append(p.Turn, bc.Phase{Kind: bc.PhaseDraw, From: stock, To: hand, Count: 1})
		}
		cp := &bc.Captures{SweepPoints: uint8(in(0, 3)), Flags: bc.CapturesFlags(in(0, 3)), RedealFrom: bc.NoZone}
		for r := 0; r < cards.NumRanks; r++ {
			if p.RankMask&(1<<r) != 0 {
				cp.Values[r] = uint8(in(1, 15))
			}
		}
		if rng.Intn(3) > 0 {
			cp.RedealFrom, cp.RedealCount = stock, uint8(in(1, 4))
		}
		for n := in(0, 4); n > 0; n-- {
			a := bc.Award{Kind: bc.AwardKind(in(1, 4)), Points: uint8(in(1, 3))}
			switch a.Kind {
			case bc.AwardMostSuit:
				a.Arg = uint8(in(0, 3))
			case bc.AwardCard:
				a.Arg = uint8(rng.Intn(52))
			}
			cp.Awards = append(cp.Awards, a)
		}
		p.Captures = cp
		p.End = []bc.EndCondition{{Kind: bc.EndCaptureDone, Zone: hand, Result: bc.EndResult(in(2, 3))}}
		if rng.Intn(3) == 0 {
			p.End = append(p.End, bc.EndCondition{Kind: bc.EndZoneEmpty, Zone: won, Result: bc.ThatPlayerWins})
		}
		if rng.Intn(3) == 0 {
			p.Match = &bc.Match{TargetScore: int16(in(1, 15)), MaxHands: uint8(in(1, 4)), Result: bc.EndResult(in(2, 3))}
		}
		return p
	}
	// Bid game: each seat gets a suit or a deal, the rest are the prizes.
	for seat := 0; seat < p.Players; seat++ {
		if rng.Intn(4) == 0 {
			p.Setup = append(p.Setup, bc.SetupStep{Op: bc.Deal, From: stock, To: hand, Count: uint8(in(1, 5)), Card: cards.None})
			continue
		}
		p.Setup = append(p.Setup, bc.SetupStep{Op: bc.DealSuit, From: stock, To: hand, Card: cards.None,
			Suit: cards.Suit(in(0, 3)), Seat: uint8(seat)})
	}
	if len(p.Setup) > 16 {
		p.Setup = p.Setup[:16]
	}
	rules := bc.BidRules(in(0, 3))
	p.Turn = []bc.Phase{{Kind: bc.PhaseBid, From: hand, Bid: bid, PrizeFrom: stock, Prize: table, WonTo: won,
		Discard: discard, Tie: bc.BidTie(in(0, 1)), BidRules: rules}}
	if rng.Intn(4) == 0 {
		p.Turn[0].PrizeFrom = bc.NoZone
		p.Setup = append(p.Setup, bc.SetupStep{Op: bc.TurnUp, From: stock, To: table, Count: uint8(in(1, 3)), Card: cards.None})
	}
	if rng.Intn(4) == 0 {
		p.Turn = append(p.Turn, bc.Phase{Kind: bc.PhaseDraw, From: stock, To: hand, Count: 1})
	}
	if rng.Intn(3) == 0 {
		// A phase that empties hands between bids.
		p.Turn = append(p.Turn, bc.Phase{Kind: bc.PhasePlayTop, From: hand, To: table})
	}
	if rng.Intn(3) == 0 {
		// A second bid phase, with rounds of its own, bidding won cards for the discards.
		p.Turn = append(p.Turn, bc.Phase{Kind: bc.PhaseBid, From: won, Bid: bid2, PrizeFrom: stock, Prize: discard,
			WonTo: hand, Discard: table, Tie: bc.BidTie(in(0, 1)), BidRules: bc.BidRules(in(0, 3))})
	}
	if len(p.Turn) > 1 && rng.Intn(2) == 0 {
		i, j := in(0, len(p.Turn)-1), in(0, len(p.Turn)-1)
		p.Turn[i], p.Turn[j] = p.Turn[j], p.Turn[i]
	}
	if rng.Intn(2) == 0 {
		p.Scoring = &bc.Scoring{Zone: won, Entries: []bc.ScoreEntry{{Points: int8(in(1, 5)), Card: bc.True()}}}
	}
	p.End = []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: hand, Result: bc.EndResult(in(2, 3))}}
	return p
}
