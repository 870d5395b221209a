package seeds

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// The trick-taking seeds (docs/genome-tricks.md). Zones of all of them:
// stock, hand, table, won, then the game's own (passed, upcard).
const (
	tStock, tHand, tTable, tWon, tExtra = 0, 1, 2, 3, 4
)

func trickZones(extra ...bc.Zone) []bc.Zone {
	return append([]bc.Zone{hidden, ownHand, public, shown}, extra...)
}

func trickPhase(trump bc.TrumpKind) bc.Phase {
	return bc.Phase{Kind: bc.PhaseTrick, From: tHand, TrickZone: tTable, WonTo: tWon,
		Follow: bc.FollowSuitIfAble, Trump: trump, TrumpSuit: cards.NoSuit, FirstLead: cards.None,
		BrokenSuit: cards.NoSuit}
}

func dealN(n uint8) bc.SetupStep {
	return bc.SetupStep{Op: bc.Deal, From: tStock, To: tHand, Count: n, Card: cards.None}
}

func turnUpOne() bc.SetupStep {
	return bc.SetupStep{Op: bc.TurnUp, From: tStock, To: tExtra, Count: 1, Card: cards.None}
}

func trickEnd(r bc.EndResult) []bc.EndCondition {
	return []bc.EndCondition{{Kind: bc.EndAllEmpty, Zone: tHand, Result: r}}
}

// Hearts is hearts.yaml: a match to 100 of 4 players, 13 cards each, 3
// cards passed left, right, across, none; the two of clubs leads, follow
// suit, no trump, no points on the first trick unless unavoidable, hearts
// not led until broken, a heart 1 and the queen of spades 13, shooting the
// moon; lowest total wins.
func Hearts() *bc.Program {
	ph := trickPhase(bc.TrumpNone)
	ph.FirstLead, ph.BrokenSuit, ph.TrickRules = cards.MustParse("2C"), cards.Hearts, bc.FirstTrickNoPoints
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: allRanks, TurnCap: 3000,
		Zones: trickZones(ownHand),
		Setup: []bc.SetupStep{
			dealAll(tStock, tHand),
			{Op: bc.FirstPlayer, Rule: bc.HolderOf, Card: cards.MustParse("2C")},
		},
		Turn: []bc.Phase{ph},
		Scoring: &bc.Scoring{Zone: tWon, Entries: []bc.ScoreEntry{
			{Points: 1, Card: bc.SuitIs(cards.Hearts)},
			{Points: 13, Card: bc.CardIs(cards.MustParse("QS"))},
		}},
		End:   trickEnd(bc.LowestScoreWins),
		Match: &bc.Match{TargetScore: 100, MaxHands: 50, Result: bc.LowestScoreWins},
		Tricks: &bc.Tricks{Moon: true, PassCount: 3, PassZone: tExtra,
			PassDirs:  []bc.PassDir{bc.PassLeft, bc.PassRight, bc.PassAcross, bc.PassNone},
			HandSizes: []uint8{}, UpZone: bc.NoZone, Score: bc.ScorePoints},
	}
}

// Whist is whist.yaml: partnerships, 13 cards each, trump the suit of the
// dealer's last card, one point per trick over six, a match to 5.
func Whist() *bc.Program {
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: allRanks, TurnCap: 2000,
		Zones: trickZones(),
		Setup: []bc.SetupStep{dealAll(tStock, tHand), leftOfDealer()},
		Turn:  []bc.Phase{trickPhase(bc.TrumpDealerCard)},
		End:   trickEnd(bc.HighestScoreWins),
		Match: &bc.Match{TargetScore: 5, MaxHands: 30, Result: bc.HighestScoreWins},
		Tricks: &bc.Tricks{Partnerships: true, PassZone: bc.NoZone, HandSizes: []uint8{}, UpZone: bc.NoZone,
			Score: bc.ScoreBook, ScoreA: 6},
	}
}

// Spades is spades.yaml: partnerships, bids 1..13 or nil, spades trump and
// not led until broken, contract scoring with bags, a match to 500.
func Spades() *bc.Program {
	ph := trickPhase(bc.TrumpSuit)
	ph.TrumpSuit, ph.BrokenSuit = cards.Spades, cards.Spades
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: allRanks, TurnCap: 3000,
		Zones: trickZones(),
		Setup: []bc.SetupStep{dealAll(tStock, tHand), leftOfDealer()},
		Turn:  []bc.Phase{ph},
		End:   trickEnd(bc.HighestScoreWins),
		Match: &bc.Match{TargetScore: 500, MaxHands: 50, Result: bc.HighestScoreWins},
		Tricks: &bc.Tricks{Partnerships: true, PassZone: bc.NoZone, HandSizes: []uint8{}, Bid: bc.BidTricks,
			BidNil: true, BidMin: 1, UpZone: bc.NoZone, Score: bc.ScoreContract, ScoreA: 10, ScoreB: 100, ScoreC: 100},
	}
}

// OhHell is oh_hell.yaml: ten hands of 10 down to 1 cards, trump turned up,
// exact bids with the hook, 10 plus the bid for an exact bid.
func OhHell() *bc.Program {
	ph := trickPhase(bc.TrumpTurnedUp)
	ph.TrumpZone = tExtra
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: allRanks, TurnCap: 1000,
		Zones: trickZones(public),
		Setup: []bc.SetupStep{dealN(10), turnUpOne(), leftOfDealer()},
		Turn:  []bc.Phase{ph},
		End:   trickEnd(bc.HighestScoreWins),
		Match: &bc.Match{TargetScore: 10000, MaxHands: 10, Result: bc.HighestScoreWins},
		Tricks: &bc.Tricks{PassZone: bc.NoZone, HandSizes: []uint8{10, 9, 8, 7, 6, 5, 4, 3, 2, 1},
			Bid: bc.BidTricks, BidHook: true, UpZone: bc.NoZone, Score: bc.ScoreExact, ScoreA: 10},
	}
}

// Euchre is euchre.yaml: 24 cards, partnerships, 5 cards each, order up
// and stick the dealer, bowers, makers score 1 or 2 (march), euchred 2.
func Euchre() *bc.Program {
	ph := trickPhase(bc.TrumpChosen)
	ph.TrickRules = bc.Bowers
	mask := uint16(0)
	for _, r := range []cards.Rank{cards.Nine, cards.Ten, cards.Jack, cards.Queen, cards.King, cards.Ace} {
		mask |= 1 << r
	}
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: mask, TurnCap: 2000,
		Zones: trickZones(public),
		Setup: []bc.SetupStep{dealN(5), turnUpOne(), leftOfDealer()},
		Turn:  []bc.Phase{ph},
		End:   trickEnd(bc.HighestScoreWins),
		Match: &bc.Match{TargetScore: 10, MaxHands: 60, Result: bc.HighestScoreWins},
		Tricks: &bc.Tricks{Partnerships: true, PassZone: bc.NoZone, HandSizes: []uint8{},
			Choice: bc.ChoiceOrderUp, UpZone: tExtra, Score: bc.ScoreEuchre},
	}
}

// KnockoutWhist is knockout_whist.yaml: hands of 7 down to 1, the first
// trump turned up, later named by the top taker, seats without a trick out.
func KnockoutWhist() *bc.Program {
	return &bc.Program{
		Players: 4, Decks: 1, RankOrder: bc.AceHigh, Start: tStock, RankMask: allRanks, TurnCap: 500,
		Zones: trickZones(public),
		Setup: []bc.SetupStep{dealN(7), leftOfDealer()},
		Turn:  []bc.Phase{trickPhase(bc.TrumpChosen)},
		End:   trickEnd(bc.HighestScoreWins),
		Match: &bc.Match{TargetScore: 10000, MaxHands: 7, Result: bc.HighestScoreWins},
		Tricks: &bc.Tricks{Knockout: true, PassZone: bc.NoZone, HandSizes: []uint8{7, 6, 5, 4, 3, 2, 1},
			Choice: bc.ChoiceTopTaker, UpZone: tExtra, Score: bc.ScoreTricks},
	}
}

// HeartsHand is one hand of Hearts (the seed before match play): no
// passing, no first-trick point rule, no moon, no match; the lowest score
// wins. Player tests measure skill per hand with it, where a whole match
// would only multiply their cost.
func HeartsHand() *bc.Program {
	p := Hearts()
	p.TurnCap = 200
	p.Zones = p.Zones[:4]
	p.Turn[0].TrickRules = 0
	p.Match, p.Tricks = nil, nil
	return p
}
