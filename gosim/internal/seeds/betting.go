package seeds

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// Betting seeds (docs/genome-betting.md).

// FiveCardDraw is five_card_draw.yaml: 4 players, 100 chips each, ante 1,
// five cards, limit betting 2 then 4 around a draw of up to three cards,
// showdown of poker hands; 50 hands at most.
func FiveCardDraw() *bc.Program {
	const stock, hand, discard = 0, 1, 2
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{hidden, ownHand, hidden},
		Setup: []bc.SetupStep{{Op: bc.Deal, From: stock, To: hand, Count: 5, Card: cards.None}},
		Turn: []bc.Phase{
			{Kind: bc.PhaseBet, Count: 1},
			{Kind: bc.PhaseDiscardDraw, From: hand, To: discard, DrawFrom: stock, Count: 3},
			{Kind: bc.PhaseBet, Count: 2},
			{Kind: bc.PhaseShowdown, From: hand, To: bc.NoZone, Rank: bc.RankPoker},
		},
		End: []bc.EndCondition{{Kind: bc.EndChips, Zone: bc.NoZone, Result: bc.MostChipsWins}},
		Betting: &bc.Betting{Stack: 100, Ante: 1, Structure: bc.Limit, Bet: 2, MaxRaises: 4, MaxHands: 50,
			Banker: bc.NoZone},
	}
}

// TexasHoldem is texas_holdem.yaml: limit hold'em for 4 players, 200 chips
// each, blinds 1 and 2, bets 2 then 4, flop, turn and river; 50 hands at most.
func TexasHoldem() *bc.Program {
	const stock, hand, board = 0, 1, 2
	community := func(n uint8) bc.Phase {
		return bc.Phase{Kind: bc.PhaseCommunity, From: stock, To: board, Count: n}
	}
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{hidden, ownHand, public},
		Setup: []bc.SetupStep{{Op: bc.Deal, From: stock, To: hand, Count: 2, Card: cards.None}},
		Turn: []bc.Phase{
			{Kind: bc.PhaseBet, Count: 1}, community(3),
			{Kind: bc.PhaseBet, Count: 1}, community(1),
			{Kind: bc.PhaseBet, Count: 2}, community(1),
			{Kind: bc.PhaseBet, Count: 2},
			{Kind: bc.PhaseShowdown, From: hand, To: board, Rank: bc.RankPoker},
		},
		End: []bc.EndCondition{{Kind: bc.EndChips, Zone: bc.NoZone, Result: bc.MostChipsWins}},
		Betting: &bc.Betting{Stack: 200, SmallBlind: 1, BigBlind: 2, Structure: bc.Limit, Bet: 2, MaxRaises: 4,
			MaxHands: 50, Banker: bc.NoZone},
	}
}

// Blackjack is blackjack.yaml: 3 players against the dealer, 100 chips
// each, a stake of 2, hit or stand, the dealer stands on all 17s, a natural
// pays 3:2; 50 hands at most.
func Blackjack() *bc.Program {
	const stock, hand, dealer = 0, 1, 2
	return &bc.Program{
		Players: 3, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: allRanks, TurnCap: 1000,
		Zones: []bc.Zone{hidden, shown, topOnly},
		Setup: []bc.SetupStep{
			{Op: bc.Deal, From: stock, To: hand, Count: 2, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: dealer, Count: 1, Card: cards.None},
			{Op: bc.SetupDealDown, From: stock, To: dealer, Count: 1, Card: cards.None},
		},
		Turn: []bc.Phase{
			{Kind: bc.PhaseHit, From: stock, To: hand},
			{Kind: bc.PhaseShowdown, From: hand, To: bc.NoZone, Rank: bc.RankPoints},
		},
		End: []bc.EndCondition{{Kind: bc.EndChips, Zone: bc.NoZone, Result: bc.MostChipsWins}},
		Betting: &bc.Betting{Stack: 100, Structure: bc.Limit, Bet: 2, MaxRaises: 4, MaxHands: 50,
			Banker: dealer, Stake: 2, StandsOn: 17, PaysNum: 3, PaysDen: 2},
	}
}
