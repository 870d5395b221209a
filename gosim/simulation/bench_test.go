package simulation

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/internal/seeds"
)

// BenchmarkPlay plays whole games of each seed and reports ns per move, by
// the wall clock and by the thread's CPU time (cpu-ns/move: what the games
// cost on a machine where other work shares the cores). It fails if the
// games did not really play (no moves, or unfinished games).
func BenchmarkPlay(b *testing.B) {
	for _, sd := range []struct {
		name string
		sd   seeds.Named
	}{{"War", seeds.All()[0]}, {"CrazyEights", seeds.All()[1]}, {"Hearts", seeds.All()[2]}, {"Whist", seeds.All()[10]}} {
		for _, ai := range []struct {
			name string
			t    AIType
		}{{"Random", AIRandom}, {"Greedy", AIGreedy}} {
			b.Run(sd.name+"/"+ai.name, func(b *testing.B) {
				cfg := Config{Seats: []AIType{ai.t}, Seed: 1, Workers: 1}
				t := newTable(engine.NewRules(sd.sd.Program), cfg)
				t.play(0) // warm up
				lockThread()
				defer unlockThread()
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := threadCPU()
				moves, wins := 0, 0
				for i := 0; i < b.N; i++ {
					r := t.play(uint64(i))
					moves += int(r.Moves)
					if r.Outcome == 0 {
						wins++
					}
				}
				b.StopTimer()
				cpu := threadCPU() - cpu0
				if moves < b.N || wins < b.N/2 {
					b.Fatalf("%d games: %d moves, %d won: the games did not really play", b.N, moves, wins)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(moves), "ns/move")
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(moves), "cpu-ns/move")
				b.ReportMetric(float64(moves)/float64(b.N), "moves/game")
			})
		}
	}
}
