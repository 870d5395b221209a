package simulation

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/internal/seeds"
)

// BenchmarkPlayV2 plays whole games of the version 2 seeds and reports ns
// per move and per turn (Old Maid has turns but no moves: its draws are
// blind). It fails if the games did not really play.
func BenchmarkPlayV2(b *testing.B) {
	for _, sd := range seeds.V2() {
		for _, ai := range []struct {
			name string
			t    AIType
		}{{"Random", AIRandom}, {"Greedy", AIGreedy}} {
			b.Run(sd.Name+"/"+ai.name, func(b *testing.B) {
				cfg := Config{Seats: []AIType{ai.t}, Seed: 1, Workers: 1}
				t := newTable(engine.NewRules(sd.Program), cfg)
				t.play(0) // warm up
				b.ReportAllocs()
				b.ResetTimer()
				moves, turns, ended := 0, 0, 0
				for i := 0; i < b.N; i++ {
					r := t.play(uint64(i))
					moves += int(r.Moves)
					turns += int(r.Turns)
					if r.Outcome == 0 || r.Outcome == 2 && int(r.Turns) < sd.Program.TurnCap {
						ended++ // won, or stopped by the cycle check
					}
				}
				b.StopTimer()
				if turns < b.N || ended < b.N/2 {
					b.Fatalf("%d games: %d turns, %d ended: the games did not really play", b.N, turns, ended)
				}
				if moves > 0 {
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(moves), "ns/move")
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(turns), "ns/turn")
				b.ReportMetric(float64(turns)/float64(b.N), "turns/game")
			})
		}
	}
}
