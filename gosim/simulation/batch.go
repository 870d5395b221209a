package simulation

import (
	"runtime"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
)

// BatchResults sums up a batch; Records holds every game's record.
type BatchResults struct {
	TotalGames  int
	Player0Wins int   // games seat 0 won (alone or sharing the win)
	Player1Wins int   // games seat 1 won (alone or sharing the win)
	Wins        []int // games each seat won, one per real seat
	Draws       int   // games the rules ended with no winner
	Unfinished  int   // games the turn cap ended
	AvgTurns    float64
	Records     []Record
}

// RunBatch decodes program and plays numGames games on one goroutine with
// every seat played by aiType.
func RunBatch(program []byte, numGames int, aiType AIType, mctsIterations int, seed uint64) (BatchResults, error) {
	return RunBatchWorkers(program, numGames, aiType, mctsIterations, seed, 1)
}

// RunBatchParallel is RunBatch on one goroutine per CPU; its results are
// identical to RunBatch's.
func RunBatchParallel(program []byte, numGames int, aiType AIType, mctsIterations int, seed uint64) (BatchResults, error) {
	return RunBatchWorkers(program, numGames, aiType, mctsIterations, seed, runtime.NumCPU())
}

// RunBatchWorkers is RunBatch on the given number of goroutines (>= 1).
func RunBatchWorkers(program []byte, numGames int, aiType AIType, mctsIterations int, seed uint64, workers int) (BatchResults, error) {
	prog, err := bc.Decode(program)
	if err != nil {
		return BatchResults{}, err
	}
	if numGames < 0 {
		return BatchResults{}, fmtErr("numGames %d is negative", numGames)
	}
	records := make([]Record, numGames)
	cfg := Config{Seats: []AIType{aiType}, MCTSIterations: mctsIterations, Seed: seed, Workers: workers}
	if err := Simulate(prog, cfg, records); err != nil {
		return BatchResults{}, err
	}
	return Summarize(records, prog.Players), nil
}

// Summarize counts wins, draws, unfinished games and the mean number of
// turns of a batch's records.
func Summarize(records []Record, players int) BatchResults {
	res := BatchResults{TotalGames: len(records), Wins: make([]int, players), Records: records}
	turns := 0
	for i := range records {
		r := &records[i]
		turns += int(r.Turns)
		switch game.Outcome(r.Outcome) {
		case game.Win:
			for seat := 0; seat < players; seat++ {
				if r.Winners&(1<<seat) != 0 {
					res.Wins[seat]++
				}
			}
		case game.Draw:
			res.Draws++
		case game.Unfinished:
			res.Unfinished++
		}
	}
	res.Player0Wins = res.Wins[0]
	res.Player1Wins = res.Wins[1]
	if len(records) > 0 {
		res.AvgTurns = float64(turns) / float64(len(records))
	}
	return res
}
