package player_test

import (
	"testing"

	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// BenchmarkISMCTS plays whole games with an ISMCTS seat (1,000 iterations
// per decision) against Greedy seats, on one goroutine, and reports the
// search's iterations per second (by the wall clock, and by the thread's
// CPU time: cpu-iterations/s) and the time of a whole game. It fails if
// the games did not really play (no search decisions, or no winner).
func BenchmarkISMCTS(b *testing.B) {
	for _, sd := range []struct {
		name string
		sd   seeds.Named
	}{{"CrazyEights", seeds.All()[1]}, {"Hearts", seeds.All()[2]}} {
		b.Run(sd.name, func(b *testing.B) {
			const iters = 1000
			rules := engine.NewRules(sd.sd.Program)
			st := rules.NewState()
			m := player.NewISMCTS(iters)
			g := player.NewGreedy()
			var buf []game.Move
			decisions, wins := 0, 0
			lockThread()
			defer unlockThread()
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := threadCPU()
			for i := 0; i < b.N; i++ {
				st.Reset(uint64(i))
				for !st.IsTerminal() {
					buf = st.LegalMoves(buf)
					mv := buf[0]
					if len(buf) > 1 {
						if st.CurrentPlayer() == 0 {
							mv = m.Choose(st, buf)
							decisions++
						} else {
							mv = g.Choose(st, buf)
						}
					}
					if err := st.Apply(mv); err != nil {
						b.Fatal(err)
					}
				}
				if st.Outcome() == game.Win {
					wins++
				}
			}
			b.StopTimer()
			cpu := (threadCPU() - cpu0).Seconds()
			if decisions == 0 || wins < b.N/2 {
				b.Fatalf("%d games: %d search decisions, %d won: the games did not really play", b.N, decisions, wins)
			}
			sec := b.Elapsed().Seconds()
			b.ReportMetric(float64(decisions*iters)/sec, "iterations/s")
			b.ReportMetric(float64(decisions*iters)/cpu, "cpu-iterations/s")
			b.ReportMetric(sec/float64(b.N), "s/game")
			b.ReportMetric(float64(decisions)/float64(b.N), "decisions/game")
		})
	}
}
