package seeds

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// Captures returns the seeds of the captures family.
func Captures() []Named { return []Named{{"scopa", Scopa()}, {"gops", GOPS()}} }

// Scopa is scopa.yaml: 40 cards (no 8, 9, 10), values A=1..7=7, J=8, Q=9,
// K=10; 3 cards each and 4 on the table, 3 more each when the hands are
// empty; rank captures before sums, a card that can capture must; a sweep
// scores 1 except with the last card; the last capturer takes the table;
// most cards, most diamonds, the 7 of diamonds and primiera score 1 each;
// match to 11.
func Scopa() *bc.Program {
	const stock, table, hand, won = 0, 1, 2, 3
	mask := uint16(allRanks &^ (1<<cards.Eight | 1<<cards.Nine | 1<<cards.Ten))
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceLow, Start: stock, RankMask: mask, TurnCap: 2000,
		Zones: []bc.Zone{hidden, public, ownHand, shown},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 3, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: table, Count: 4, Card: cards.None},
			leftOfDealer(),
		},
		Turn: []bc.Phase{phase(bc.Phase{Kind: bc.PhaseCapture, From: hand, Table: table, WonTo: won,
			CaptureRules: bc.CaptureRank | bc.CaptureSum | bc.RankFirst | bc.MustCapture})},
		End:   []bc.EndCondition{{Kind: bc.EndCaptureDone, Zone: hand, Result: bc.HighestScoreWins}},
		Match: &bc.Match{TargetScore: 11, MaxHands: 30, Result: bc.HighestScoreWins},
		Captures: &bc.Captures{
			Values:      [cards.NumRanks]uint8{2, 3, 4, 5, 6, 7, 0, 0, 0, 8, 9, 10, 1},
			SweepPoints: 1, Flags: bc.LastCapturerTakes, RedealFrom: stock, RedealCount: 3,
			Awards: []bc.Award{
				{Kind: bc.AwardMostCards, Points: 1},
				{Kind: bc.AwardMostSuit, Arg: uint8(cards.Diamonds), Points: 1},
				{Kind: bc.AwardCard, Arg: uint8(cards.New(cards.Seven, cards.Diamonds, 0)), Points: 1},
				{Kind: bc.AwardPrimiera, Points: 1},
			},
		},
	}
}

// GOPS is gops.yaml: 2 players, spades to seat 0, hearts to seat 1, the
// shuffled diamonds are the prizes (clubs removed); each round a prize is
// turned up and both bid a card face down at once; the higher bid takes
// the prize, a tie discards it; prizes score A=1..K=13, highest total wins.
func GOPS() *bc.Program {
	const stock, hand, prizes, prize, bid, won, discard = 0, 1, 2, 3, 4, 5, 6
	var clubs []cards.Card
	var entries []bc.ScoreEntry
	for r := cards.Two; r <= cards.Ace; r++ {
		clubs = append(clubs, cards.New(r, cards.Clubs, 0))
	}
	for i, r := range []cards.Rank{cards.Ace, cards.Two, cards.Three, cards.Four, cards.Five, cards.Six,
		cards.Seven, cards.Eight, cards.Nine, cards.Ten, cards.Jack, cards.Queen, cards.King} {
		entries = append(entries, bc.ScoreEntry{Points: int8(i + 1), Card: bc.RankIs(r)})
	}
	suit := func(s cards.Suit, to uint8, seat uint8) bc.SetupStep {
		return bc.SetupStep{Op: bc.DealSuit, From: stock, To: to, Card: cards.None, Suit: s, Seat: seat}
	}
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceLow, Start: stock, RankMask: allRanks, TurnCap: 200,
		Zones: []bc.Zone{hidden, ownHand, hidden, public, ownHand, shown, public},
		Setup: []bc.SetupStep{
			suit(cards.Spades, hand, 0), suit(cards.Hearts, hand, 1), suit(cards.Diamonds, prizes, 0),
			{Op: bc.FirstPlayer, Rule: bc.Dealer, Card: cards.None},
		},
		Turn: []bc.Phase{phase(bc.Phase{Kind: bc.PhaseBid, From: hand, Bid: bid, PrizeFrom: prizes, Prize: prize,
			WonTo: won, Discard: discard, Tie: bc.TieDiscard})},
		Scoring: &bc.Scoring{Zone: won, Entries: entries},
		End:     []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: hand, Result: bc.HighestScoreWins}},
		Removed: clubs,
	}
}
