package seeds

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// GinRummy is gin_rummy.yaml (melds family): 2 players, 10 cards each, one
// card turned up and offered to the non-dealer, then the dealer; draw the stock or take the discard, discard (not the
// taken card) or knock at 10 deadwood or less; sets 3-4, runs 3+ with the
// ace low; gin 25, undercut 25, layoffs; the hand is void at 2 cards left
// in the stock; a match to 100 with box 25 and game 100 bonuses.
func GinRummy() *bc.Program {
	const stock, discard, hand = 0, 1, 2
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceLow, Start: stock, RankMask: allRanks, TurnCap: 5000,
		Zones: []bc.Zone{hidden, public, ownHand},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 10, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: discard, Count: 1, Card: cards.None},
			leftOfDealer(),
		},
		Turn: []bc.Phase{
			{Kind: bc.PhaseDrawChoice, From: hand, DrawFrom: stock, To: discard, Upcard: true},
			{Kind: bc.PhaseMeldDiscard, From: hand, To: discard, KeepTaken: true},
		},
		End:   []bc.EndCondition{{Kind: bc.EndKnock, Zone: bc.NoZone, Result: bc.KnockScores}},
		Match: &bc.Match{TargetScore: 100, MaxHands: 40, Result: bc.HighestScoreWins},
		Melds: &bc.Melds{
			Hand: hand, Stock: stock, StockLeft: 2, Kinds: bc.MeldSets | bc.MeldRuns, SetMin: 3, SetMax: 4,
			RunMin: 3, Ace: bc.AceLowInRuns, KnockLimit: 10, GinBonus: 25, UndercutBonus: 25, Layoffs: true,
			BoxBonus: 25, GameBonus: 100,
			Values: [13]uint8{2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10, 1},
		},
	}
}
