// Package seeds holds the three seed games of darwindeck/genome/seeds (War,
// Crazy Eights, Hearts) as Go-built programs, for tests and benchmarks of
// every gosim package. The Python compiler writes the same programs to
// gosim/testdata/seeds/*.ddbc; a test checks that both agree byte for byte.
package seeds

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

const allRanks = 1<<cards.NumRanks - 1

// War is war.yaml: 2 players, all 26 cards each, battles with one card face
// down in a war, the winner takes the table to the bottom in shuffled order.
func War() *bc.Program {
	const stock, pile, table = 0, 1, 2
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 5000,
		Zones: []bc.Zone{
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.PerPlayer, Visibility: bc.Hidden},
			{Owner: bc.Shared, Visibility: bc.Public},
		},
		Setup: []bc.SetupStep{{Op: bc.Deal, From: stock, To: pile, Count: bc.DealAll, Card: cards.None}},
		Turn: []bc.Phase{{Kind: bc.PhaseBattle, From: pile, Table: table, WarFaceDown: 1,
			TakesTo: bc.Bottom, TakeOrder: bc.Shuffled}},
		End: []bc.EndCondition{{Kind: bc.EndOneLeft, Zone: bc.NoZone, Result: bc.LastPlayerWins}},
	}
}

// CrazyEights is crazy_eights.yaml: 7 cards each for 2 players, one card
// turned up, match rank or active suit, eights wild with a declared suit,
// draw until playable, the stock rebuilt from the discard pile less its top.
func CrazyEights() *bc.Program {
	const stock, discard, hand = 0, 1, 2
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.Shared, Visibility: bc.TopPublic},
			{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
		},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 7, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: discard, Count: 1, Card: cards.None},
			{Op: bc.FirstPlayer, Rule: bc.LeftOfDealer, Card: cards.None},
		},
		Turn: []bc.Phase{{Kind: bc.PhasePlay, From: hand, To: discard, DrawFrom: stock, MaxDraws: 0,
			Legal: bc.Any(bc.SameRankAsTop(discard), bc.SameSuitAsTop(discard), bc.RankIs(cards.Eight))}},
		HasEffects: true,
		Effects:    []bc.Effect{{Kind: bc.EffectDeclareSuit, Zone: bc.NoZone, Card: bc.RankIs(cards.Eight)}},
		Stock:      &bc.Stock{Zone: stock, ReshuffleFrom: discard, KeepTop: 1},
		End:        []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}

// Hearts is hearts.yaml: 4 players, 13 cards each, the two of clubs leads,
// follow suit, no trump, hearts not led until broken, a heart scores 1 and
// the queen of spades 13, lowest score wins.
func Hearts() *bc.Program {
	const stock, hand, table, won = 0, 1, 2, 3
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 200,
		Zones: []bc.Zone{
			{Owner: bc.Shared, Visibility: bc.Hidden},
			{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly},
			{Owner: bc.Shared, Visibility: bc.Public},
			{Owner: bc.PerPlayer, Visibility: bc.Public},
		},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: bc.DealAll, Card: cards.None},
			{Op: bc.FirstPlayer, Rule: bc.HolderOf, Card: cards.MustParse("2C")},
		},
		Turn: []bc.Phase{{Kind: bc.PhaseTrick, From: hand, TrickZone: table, WonTo: won,
			Follow: bc.FollowSuitIfAble, Trump: bc.TrumpNone, TrumpSuit: cards.NoSuit,
			FirstLead: cards.MustParse("2C"), BrokenSuit: cards.Hearts}},
		Scoring: &bc.Scoring{Zone: won, Entries: []bc.ScoreEntry{
			{Points: 1, Card: bc.SuitIs(cards.Hearts)},
			{Points: 13, Card: bc.CardIs(cards.MustParse("QS"))},
		}},
		End: []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: hand, Result: bc.LowestScoreWins}},
	}
}

// Named is one seed program with its name (as in the YAML file names).
type Named struct {
	Name    string
	Program *bc.Program
}

// All returns the three seeds in a fixed order.
func All() []Named {
	return []Named{{"war", War()}, {"crazy_eights", CrazyEights()}, {"hearts", Hearts()}}
}
