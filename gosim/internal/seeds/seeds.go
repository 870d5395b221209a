// Package seeds holds the seed games of darwindeck/genome/seeds as Go-built
// programs, for tests and benchmarks of every gosim package. The Python compiler writes the same programs to
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

// Named is one seed program with its name (as in the YAML file names).
type Named struct {
	Name    string
	Program *bc.Program
}

// All returns the seeds in a fixed order.
func All() []Named {
	return []Named{{"war", War()}, {"crazy_eights", CrazyEights()}, {"hearts", Hearts()},
		{"mau_mau", MauMau()}, {"old_maid", OldMaid()}, {"go_fish", GoFish()}, {"cheat", Cheat()},
		{"president", President()}, {"beggar_my_neighbour", BeggarMyNeighbour()}, {"sevens", Sevens()},
		{"whist", Whist()}, {"spades", Spades()}, {"oh_hell", OhHell()}, {"euchre", Euchre()},
		{"knockout_whist", KnockoutWhist()},
		{"five_card_draw", FiveCardDraw()}, {"texas_holdem", TexasHoldem()}, {"blackjack", Blackjack()},
		{"gin_rummy", GinRummy()}, {"scopa", Scopa()}, {"gops", GOPS()}}
}

// V2 returns the seeds that need version 2 rules.
func V2() []Named { return All()[3:] }

var (
	hidden   = bc.Zone{Owner: bc.Shared, Visibility: bc.Hidden}
	public   = bc.Zone{Owner: bc.Shared, Visibility: bc.Public}
	topOnly  = bc.Zone{Owner: bc.Shared, Visibility: bc.TopPublic}
	ownHand  = bc.Zone{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly}
	faceDown = bc.Zone{Owner: bc.PerPlayer, Visibility: bc.Hidden}
	shown    = bc.Zone{Owner: bc.PerPlayer, Visibility: bc.Public}
)

func dealAll(from, to uint8) bc.SetupStep {
	return bc.SetupStep{Op: bc.Deal, From: from, To: to, Count: bc.DealAll, Card: cards.None}
}

func leftOfDealer() bc.SetupStep {
	return bc.SetupStep{Op: bc.FirstPlayer, Rule: bc.LeftOfDealer, Card: cards.None}
}

func holderOf(c string) bc.SetupStep {
	return bc.SetupStep{Op: bc.FirstPlayer, Rule: bc.HolderOf, Card: cards.MustParse(c)}
}

// phase is a phase of a turn as Decode returns it (fields of other kinds zero).
func phase(ph bc.Phase) bc.Phase { return ph }

// MauMau is mau_mau.yaml: 3 players, 5 cards each, match rank or suit,
// eights wild, twos make the next player draw two (stackable), jacks skip,
// aces reverse; a player who cannot play draws one card.
func MauMau() *bc.Program {
	const stock, discard, hand = 0, 1, 2
	return &bc.Program{
		Players: 3, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{hidden, topOnly, ownHand},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 5, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: discard, Count: 1, Card: cards.None},
			leftOfDealer(),
		},
		Turn: []bc.Phase{phase(bc.Phase{Kind: bc.PhasePlay, From: hand, To: discard, DrawFrom: stock, MaxDraws: 1,
			Legal: bc.Any(bc.SameRankAsTop(discard), bc.SameSuitAsTop(discard), bc.RankIs(cards.Eight))})},
		HasEffects: true,
		Effects: []bc.Effect{
			{Kind: bc.EffectDeclareSuit, Zone: bc.NoZone, Card: bc.RankIs(cards.Eight)},
			{Kind: bc.EffectDrawStackable, Count: 2, Zone: stock, Card: bc.RankIs(cards.Two)},
			{Kind: bc.EffectSkip, Zone: bc.NoZone, Card: bc.RankIs(cards.Jack)},
			{Kind: bc.EffectReverse, Zone: bc.NoZone, Card: bc.RankIs(cards.Ace)},
		},
		Stock: &bc.Stock{Zone: stock, ReshuffleFrom: discard, KeepTop: 1, WhenEmpty: bc.Reshuffle},
		End:   []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}

// OldMaid is old_maid.yaml: 4 players, the queen of clubs removed, pairs of
// rank and colour discarded, draw one card blind from the left neighbour
// holding cards; the last seat holding a card loses.
func OldMaid() *bc.Program {
	const stock, hand, discard = 0, 1, 2
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 2000,
		Zones: []bc.Zone{hidden, ownHand, public},
		Setup: []bc.SetupStep{
			dealAll(stock, hand),
			{Op: bc.DiscardSets, From: hand, To: discard, Count: 2, Match: bc.MatchRankAndColor, Card: cards.None},
			leftOfDealer(),
		},
		Turn: []bc.Phase{
			phase(bc.Phase{Kind: bc.PhaseDraw, From: hand, To: hand, Count: 1, FromPlayer: bc.LeftPlayer}),
			phase(bc.Phase{Kind: bc.PhaseDiscardSets, From: hand, To: discard, Count: 2, Match: bc.MatchRankAndColor}),
		},
		End:     []bc.EndCondition{{Kind: bc.EndAllButOneEmpty, Zone: hand, Result: bc.ThatPlayerLoses}},
		Removed: []cards.Card{cards.MustParse("QC")},
	}
}

// GoFish is go_fish.yaml: 3 players, 7 cards each, ask a seat for a rank
// you hold, go fish on a miss, again on success or a lucky draw, books of
// four score one point a card, the most wins.
func GoFish() *bc.Program {
	const stock, hand, books = 0, 1, 2
	return &bc.Program{
		Players: 3, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 2000,
		Zones: []bc.Zone{hidden, ownHand, shown},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 7, Card: cards.None},
			{Op: bc.DiscardSets, From: hand, To: books, Count: 4, Match: bc.MatchRank, Card: cards.None},
			leftOfDealer(),
		},
		Turn: []bc.Phase{
			phase(bc.Phase{Kind: bc.PhaseAsk, From: hand, DrawFrom: stock, Again: bc.AgainOnSuccessOrLucky}),
			phase(bc.Phase{Kind: bc.PhaseDiscardSets, From: hand, To: books, Count: 4, Match: bc.MatchRank}),
		},
		Stock:   &bc.Stock{Zone: stock, ReshuffleFrom: bc.NoZone, KeepTop: 1, WhenEmpty: bc.PassDraw},
		Scoring: &bc.Scoring{Zone: books, Entries: []bc.ScoreEntry{{Points: 1, Card: bc.True()}}},
		End:     []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: hand, Result: bc.HighestScoreWins}},
	}
}

// Cheat is cheat.yaml: 4 players, all cards dealt, claims of 1-4 cards in
// the sequence A, 2 ... K, challenged by the others; first out wins.
func Cheat() *bc.Program {
	const stock, hand, pile = 0, 1, 2
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 3000,
		Zones: []bc.Zone{hidden, ownHand, hidden},
		Setup: []bc.SetupStep{dealAll(stock, hand), leftOfDealer()},
		Turn:  []bc.Phase{phase(bc.Phase{Kind: bc.PhaseClaim, From: hand, To: pile, Count: 4})},
		End:   []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}

// President is president.yaml: 4 players, all cards dealt, the holder of
// the three of clubs leads; sets of 1-4 of one rank beaten by higher sets
// of the same size, cleared when all others pass; first out wins.
func President() *bc.Program {
	const stock, hand, pile, out = 0, 1, 2, 3
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 2000,
		Zones: []bc.Zone{hidden, ownHand, public, public},
		Setup: []bc.SetupStep{dealAll(stock, hand), holderOf("3C")},
		Turn:  []bc.Phase{phase(bc.Phase{Kind: bc.PhaseClimb, From: hand, To: pile, ClearedTo: out, Count: 4})},
		End:   []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}

// BeggarMyNeighbour is beggar_my_neighbour.yaml: 2 players, all cards dealt
// face down, turn up in turn; J, Q, K, A demand 1, 2, 3, 4 cards; a player
// with no cards loses.
func BeggarMyNeighbour() *bc.Program {
	const stock, pile, table = 0, 1, 2
	penalty := func(r cards.Rank, n uint8) bc.Effect {
		return bc.Effect{Kind: bc.EffectPenalty, Count: n, Zone: bc.NoZone, Card: bc.RankIs(r)}
	}
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 20000,
		Zones:      []bc.Zone{hidden, faceDown, public},
		Setup:      []bc.SetupStep{dealAll(stock, pile), leftOfDealer()},
		Turn:       []bc.Phase{phase(bc.Phase{Kind: bc.PhasePlayTop, From: pile, To: table})},
		HasEffects: true,
		Effects: []bc.Effect{penalty(cards.Jack, 1), penalty(cards.Queen, 2), penalty(cards.King, 3),
			penalty(cards.Ace, 4)},
		End: []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: pile, Result: bc.ThatPlayerLoses}},
	}
}

// Sevens is sevens.yaml: 4 players, ace low, all cards dealt, the holder of
// the seven of diamonds starts; play a seven or a card next in suit to one
// on the tableau, else pass; first out wins.
func Sevens() *bc.Program {
	const stock, hand, tableau = 0, 1, 2
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceLow, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{hidden, ownHand, public},
		Setup: []bc.SetupStep{dealAll(stock, hand), holderOf("7D")},
		Turn: []bc.Phase{phase(bc.Phase{Kind: bc.PhasePlay, From: hand, To: tableau, DrawFrom: bc.NoZone,
			Legal: bc.Any(bc.RankIs(cards.Seven), bc.AdjacentInSuit(tableau))})},
		End: []bc.EndCondition{{Kind: bc.EndZoneEmpty, Zone: hand, Result: bc.ThatPlayerWins}},
	}
}
