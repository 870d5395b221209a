package engine_test

import (
	"fmt"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

// Random betting programs (progen.RandomBetting: pot and banker games,
// every phase kind in any order, small stacks) through the conformance
// suite with Random and Greedy: moves sorted and unique, clones
// independent, cards and chips conserved after every move, the game ends.
func TestConformanceRandomBettingPrograms(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		prog := progen.RandomBetting(uint64(i), 30)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for _, pl := range players() {
				for seed := uint64(0); seed < 3; seed++ {
					conform(t, prog, seed, pl.p())
				}
			}
		})
	}
}

// Every other seed made a betting game (as the to_betting mutation does):
// chips, a showdown of the first per-player zone after its own phases (a
// betting round first), the chips end condition.
func TestConformanceSeedsMadeBettingGames(t *testing.T) {
	for _, sd := range seeds.All() {
		if sd.Program.Betting != nil || sd.Program.Melds != nil {
			continue // a rummy game's hands end on a knock (melds family): not made a betting game
		}
		p := *sd.Program
		hand := -1
		for z, zone := range p.Zones {
			if zone.Owner == bc.PerPlayer {
				hand = z
				break
			}
		}
		if hand < 0 || len(p.Turn) > 6 {
			continue
		}
		p.Turn = append(append([]bc.Phase(nil), p.Turn...),
			bc.Phase{Kind: bc.PhaseBet, Count: 1},
			bc.Phase{Kind: bc.PhaseShowdown, From: uint8(hand), To: bc.NoZone, Rank: bc.RankPoker})
		p.End = []bc.EndCondition{{Kind: bc.EndChips, Zone: bc.NoZone, Result: bc.MostChipsWins}}
		p.Scoring, p.Match = nil, nil
		p.Tricks = nil // trick-hand rules score hands into a match (trick family): none here
		for i := range p.Turn {
			if p.Turn[i].Kind == bc.PhaseTrick && p.Turn[i].Trump == bc.TrumpChosen {
				p.Turn[i].Trump, p.Turn[i].TrickRules = bc.TrumpNone, 0 // no trick rules choose trump
			}
		}
		p.Betting = &bc.Betting{Stack: 20, Ante: 1, Bet: 2, MaxRaises: 2, MaxHands: 10, Banker: bc.NoZone}
		prog, err := bc.Decode(bc.Encode(&p))
		if err != nil {
			t.Fatalf("%s as a betting game: %v", sd.Name, err)
		}
		t.Run(sd.Name, func(t *testing.T) {
			for _, pl := range players() {
				for seed := uint64(0); seed < 5; seed++ {
					conform(t, prog, seed, pl.p())
				}
			}
		})
	}
}
