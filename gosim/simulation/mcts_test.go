package simulation

import (
	"reflect"
	"testing"

	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

// MCTS seats draw every random choice from the game's stream: records are
// identical with 1, 2 or 7 workers, on every seed and a random program.
func TestMCTSRecordsDoNotDependOnWorkers(t *testing.T) {
	progs := append(mctsSeeds(), seeds.Named{Name: "random", Program: progen.Random(5, 100)})
	for _, sd := range progs {
		seats := make([]AIType, sd.Program.Players)
		seats[0] = AIMCTS
		for i := 1; i < len(seats); i++ {
			seats[i] = AIType(i % 2) // random and greedy opponents
		}
		var want []Record
		for _, workers := range []int{1, 2, 7} {
			recs := make([]Record, 12)
			cfg := Config{Seats: seats, MCTSIterations: 30, Seed: 8, Workers: workers}
			if err := Simulate(sd.Program, cfg, recs); err != nil {
				t.Fatal(err)
			}
			for i, r := range recs {
				if r.Turns == 0 || int(r.CardsTotal) != sd.Program.DeckSize() { // Old Maid has no moves
					t.Fatalf("%s game %d: %+v", sd.Name, i, r)
				}
			}
			if want == nil {
				want = recs
				continue
			}
			if !reflect.DeepEqual(recs, want) {
				t.Fatalf("%s: MCTS records with %d workers differ from 1 worker", sd.Name, workers)
			}
		}
		// A traced replay is the batch's game.
		rec, _, err := Trace(sd.Program, Config{Seats: seats, MCTSIterations: 30, Seed: 8, Workers: 1}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if rec != want[3] {
			t.Fatalf("%s: trace record %+v, batch %+v", sd.Name, rec, want[3])
		}
	}
}

// Every seat may be MCTS, on every seed.
func TestAllSeatsMCTS(t *testing.T) {
	for _, sd := range mctsSeeds() {
		recs := make([]Record, 4)
		if err := Simulate(sd.Program, Config{Seats: []AIType{AIMCTS}, MCTSIterations: 20, Seed: 1, Workers: 2}, recs); err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			drawn := r.Outcome == 1 && sd.Program.Betting != nil // equal chips after a short match
			if (r.Outcome != 0 && !drawn) || r.Turns == 0 {
				t.Fatalf("%s: %+v", sd.Name, r)
			}
		}
	}
}

// mctsSeeds are the seeds short enough for MCTS tests: Cheat and Go Fish
// are left out, their random rollouts run to hundreds of turns (Cheat
// takes about a minute for 12 games with one MCTS seat). Betting seeds are
// played as matches of 3 hands (their rollouts would play 50).
func mctsSeeds() []seeds.Named {
	var out []seeds.Named
	for _, sd := range seeds.All() {
		if sd.Name != "cheat" && sd.Name != "go_fish" {
			if b := sd.Program.Betting; b != nil {
				short := *b
				short.MaxHands = 3
				sd.Program.Betting = &short
			}
			out = append(out, sd)
		}
	}
	return out
}
