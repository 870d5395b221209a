package simulation

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
)

func TestWorkerCountDoesNotChangeRecords(t *testing.T) {
	progs := append(seeds.All(), seeds.Named{Name: "random", Program: progen.Random(11, 200)})
	for _, sd := range progs {
		for _, seats := range [][]AIType{{AIRandom}, {AIGreedy}} {
			var want []Record
			for _, workers := range []int{1, 2, 7} {
				recs := make([]Record, 60)
				cfg := Config{Seats: seats, Seed: 99, Workers: workers}
				if err := Simulate(sd.Program, cfg, recs); err != nil {
					t.Fatal(err)
				}
				if want == nil {
					want = recs
					continue
				}
				if !reflect.DeepEqual(recs, want) {
					t.Fatalf("%s %v: records with %d workers differ from 1 worker", sd.Name, seats, workers)
				}
			}
		}
	}
}

func TestGamesDifferAndRecordsArePlausible(t *testing.T) {
	recs := make([]Record, 200)
	if err := Simulate(seeds.HeartsHand(), Config{Seats: []AIType{AIRandom}, Seed: 1, Workers: 2}, recs); err != nil {
		t.Fatal(err)
	}
	distinct := map[[6]int16]bool{}
	for _, r := range recs {
		distinct[r.Score] = true
		if r.Turns != 52 || r.Outcome != uint8(game.Win) || r.NumPlayers != 4 || r.CardsTotal != 52 {
			t.Fatalf("hearts record %+v", r)
		}
		if sum := r.Score[0] + r.Score[1] + r.Score[2] + r.Score[3]; sum != 26 {
			t.Fatalf("hearts scores sum to %d: %+v", sum, r)
		}
	}
	if len(distinct) < 50 {
		t.Fatalf("only %d distinct score lines in 200 games", len(distinct))
	}
}

func TestPerSeatPlayers(t *testing.T) {
	// Greedy against Random in Hearts, both seatings: greedy should win
	// clearly more than its 25% share. 400 games per seating; the standard
	// error of a win rate near 0.3 is about 0.023, so 0.3 is far from chance.
	recs := make([]Record, 400)
	cfg := Config{Seats: []AIType{AIGreedy, AIRandom, AIRandom, AIRandom}, Seed: 3, Workers: 2}
	if err := Simulate(seeds.HeartsHand(), cfg, recs); err != nil {
		t.Fatal(err)
	}
	res := Summarize(recs, 4)
	if rate := float64(res.Wins[0]) / 400; rate < 0.35 {
		t.Fatalf("greedy seat 0 won %.2f of Hearts games against random", rate)
	}
}

func TestConfigErrors(t *testing.T) {
	prog := seeds.CrazyEights()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no workers", Config{Seats: []AIType{AIRandom}, Workers: 0}},
		{"seat count", Config{Seats: []AIType{AIRandom, AIRandom, AIRandom}, Workers: 1}},
		{"unknown type", Config{Seats: []AIType{7}, Workers: 1}},
		{"mcts without iterations", Config{Seats: []AIType{AIMCTS}, Workers: 1}},
		{"negative iterations", Config{Seats: []AIType{AIRandom}, MCTSIterations: -1, Workers: 1}},
	}
	for _, tt := range tests {
		err := Simulate(prog, tt.cfg, make([]Record, 1))
		if !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: err = %v, want an invalid-argument error", tt.name, err)
		}
	}
	if err := Simulate(prog, Config{Seats: []AIType{AIRandom, AIMCTS}, Workers: 1}, nil); err == nil ||
		err.Error() != "invalid argument: seat 1 is MCTS with 0 mcts iterations, want at least 1" {
		t.Errorf("MCTS error = %v", err)
	}
}

func TestRunBatchAPI(t *testing.T) {
	buf := bc.Encode(seeds.War())
	res, err := RunBatchParallel(buf, 300, AIRandom, 0, 42)
	if err != nil {
		t.Fatal(err)
	}
	one, err := RunBatch(buf, 300, AIRandom, 0, 42)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res, one) {
		t.Fatal("RunBatchParallel differs from RunBatch")
	}
	if res.TotalGames != 300 || res.Player0Wins+res.Player1Wins+res.Draws+res.Unfinished != 300 || res.AvgTurns < 50 {
		t.Fatalf("results %+v", res)
	}
	// War between random players is a coin toss: 300 games, sd of a share
	// is about 0.029; each seat should win between 35% and 65%.
	if res.Player0Wins < 100 || res.Player1Wins < 100 {
		t.Fatalf("seat wins %d / %d", res.Player0Wins, res.Player1Wins)
	}
	if _, err := RunBatch(buf[:20], 1, AIRandom, 0, 1); err == nil {
		t.Fatal("truncated program accepted")
	}
}

func TestTraceMatchesBatch(t *testing.T) {
	prog := seeds.CrazyEights()
	cfg := Config{Seats: []AIType{AIGreedy}, Seed: 5, Workers: 1}
	recs := make([]Record, 10)
	if err := Simulate(prog, cfg, recs); err != nil {
		t.Fatal(err)
	}
	rec, events, err := Trace(prog, cfg, 7)
	if err != nil {
		t.Fatal(err)
	}
	if rec != recs[7] {
		t.Fatalf("trace record %+v, batch record %+v", rec, recs[7])
	}
	deals := 0
	for _, e := range events {
		if e.Kind == 1 {
			deals++
		}
		if e.MoveIndex > rec.Moves {
			t.Fatalf("event %+v after the last move %d", e, rec.Moves)
		}
	}
	if deals != 14 {
		t.Fatalf("%d deal events, want 14", deals)
	}
}

// The Python compiler writes the seeds to gosim/testdata/seeds; when they
// are there, decode and play them.
func TestPythonCompiledSeedsPlay(t *testing.T) {
	for _, name := range []string{"war", "crazy_eights", "hearts"} {
		buf, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name+".ddbc"))
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("%s.ddbc not written yet", name)
		}
		if err != nil {
			t.Fatal(err)
		}
		res, err := RunBatchWorkers(buf, 100, AIGreedy, 0, 7, 2)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Player0Wins+res.Player1Wins == 0 || res.AvgTurns < 10 {
			t.Fatalf("%s: %+v", name, res)
		}
	}
}
