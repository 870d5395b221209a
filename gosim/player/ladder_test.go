package player_test

import (
	"math"
	"os"
	"strconv"
	"sync"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
	"darwindeck/gosim/splitmix"
)

// margin says how much better seat a did than the others in a finished
// game; under the null hypothesis that a plays no better than b, its mean
// over games with a rotated through the seats is 0.
type margin func(st *engine.State, a int) float64

// winMargin is a's win (1 or 0) minus the mean win of the other seats.
func winMargin(st *engine.State, a int) float64 {
	n := st.NumPlayers()
	w := st.Winners()
	others := 0.0
	for s := 0; s < n; s++ {
		if s != a && w&(1<<s) != 0 {
			others++
		}
	}
	return float64(w>>a&1) - others/float64(n-1)
}

// pointMargin is the mean score of the other seats minus a's score, for a
// game where lower scores win (Hearts: penalty points avoided).
func pointMargin(st *engine.State, a int) float64 {
	n := st.NumPlayers()
	others := 0.0
	for s := 0; s < n; s++ {
		if s != a {
			others += float64(st.Score(s))
		}
	}
	return others/float64(n-1) - float64(st.Score(a))
}

// duel plays deals deals of prog in the duplicate format: deal d is
// played players times, seeded splitmix.Derive(seed, d) each time (the
// same cards), with player a in seat r for the r-th time and player b in
// every other seat, so a holds every seat's cards once. It returns the mean
// margin of a over each deal's games (per-deal means are independent; the
// luck of the cards cancels within a deal).
func duel(prog *bc.Program, a, b func() player.Player, deals int, seed uint64, score margin) []float64 {
	n := prog.Players
	return blockMeans(duelDeals(prog, a, b, deals*n, seed, n, score)[0], n)
}

// duelDeals plays games games on two goroutines, game g seeded
// splitmix.Derive(seed, g/deal) (so blocks of deal consecutive games share
// their cards) with player a in seat g mod players and player b in every
// other seat. It returns, for each of scores, every game's margin for a.
func duelDeals(prog *bc.Program, a, b func() player.Player, games int, seed uint64, deal int, scores ...margin) [][]float64 {
	rules := engine.NewRules(prog)
	out := make([][]float64, len(scores))
	for i := range out {
		out[i] = make([]float64, games)
	}
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			st := rules.NewState()
			n := prog.Players
			pa := a()
			pb := make([]player.Player, n)
			for i := range pb {
				pb[i] = b()
			}
			var buf []game.Move
			for g := w; g < games; g += 2 {
				st.Reset(splitmix.Derive(seed, uint64(g/deal)))
				seatA := g % n
				for !st.IsTerminal() {
					buf = st.LegalMoves(buf)
					m := buf[0]
					if len(buf) > 1 {
						if cur := st.CurrentPlayer(); cur == seatA {
							m = pa.Choose(st, buf)
						} else {
							m = pb[cur].Choose(st, buf)
						}
					}
					if err := st.Apply(m); err != nil {
						panic(err)
					}
				}
				for i, score := range scores {
					out[i][g] = score(st, seatA)
				}
			}
		}(w)
	}
	wg.Wait()
	return out
}

// zScore is the one-sided z statistic of the mean of d against 0: the mean
// over its standard error. With fifty independent samples or more the mean
// is close to normal; z > 2.326 rejects "no better" at p < 0.01.
func zScore(d []float64) (mean, z float64) {
	n := float64(len(d))
	for _, v := range d {
		mean += v
	}
	mean /= n
	ss := 0.0
	for _, v := range d {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	return mean, mean / (sd / math.Sqrt(n))
}

// blockMeans returns the means of consecutive blocks of size k of d.
func blockMeans(d []float64, k int) []float64 {
	var out []float64
	for i := 0; i+k <= len(d); i += k {
		s := 0.0
		for _, v := range d[i : i+k] {
			s += v
		}
		out = append(out, s/float64(k))
	}
	return out
}

// pValue is the one-sided normal tail probability of z.
func pValue(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// envInt reads a positive integer from the environment, or def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// The strength ladder: on each seed game with decisions, Greedy beats
// Random, ISMCTS beats Random and ISMCTS beats Greedy.
//
// Design: duplicate deals. Each deal is played once per seat with the
// stronger player in that seat and the weaker in all the others (seats
// rotated over the same cards), deals seeded splitmix.Derive(2024, d). The
// sample is the deal: its mean margin for the stronger player over its
// games (Crazy Eights: a's win, 0 or 1, minus the mean win of the other
// seats; Hearts: the other seats' mean penalty points minus a's). Under
// "a plays no better than b" its expectation is at most 0.
//
// Test: one-sided z-test of the mean per-deal margin against 0, at
// p < 0.01 (z > 2.326), deals independent.
//
// Sizes: Greedy-Random 400 deals of Crazy Eights (800 games) and 200 of
// Hearts (800 games); ISMCTS (200 iterations) against Random 100 deals
// (Crazy Eights, 200 games) and 50 deals (Hearts, 200 games); ISMCTS (1,000
// iterations) against Greedy 50 deals of Hearts (200 games). Crazy Eights
// ISMCTS against Greedy (1,000 iterations) needs 1,000 deals (2,000 games,
// about three CPU minutes): it runs, with 250 Hearts deals, only with
// DD_LADDER_FULL=1 (docs/players.md has the numbers). DD_LADDER_ITERS
// overrides every ISMCTS's iterations per decision. War has no decisions
// and is not laddered.
func TestStrengthLadder(t *testing.T) {
	full := os.Getenv("DD_LADDER_FULL") == "1"
	random := func() player.Player { return player.Random{} }
	greedy := func() player.Player { return player.NewGreedy() }
	mcts := func(iters int) func() player.Player {
		iters = envInt("DD_LADDER_ITERS", iters)
		return func() player.Player { return player.NewISMCTS(iters) }
	}
	for _, tc := range []struct {
		name         string
		prog         *bc.Program
		score        margin
		a, b         func() player.Player
		aName, bName string
		deals        int
		full         bool // run only with DD_LADDER_FULL=1
	}{
		{"crazy_eights", seeds.CrazyEights(), winMargin, greedy, random, "greedy", "random", 400, false},
		{"crazy_eights", seeds.CrazyEights(), winMargin, mcts(200), random, "ismcts200", "random", 100, false},
		{"crazy_eights", seeds.CrazyEights(), winMargin, mcts(1000), greedy, "ismcts1000", "greedy", 1000, true},
		{"hearts", seeds.HeartsHand(), pointMargin, greedy, random, "greedy", "random", 200, false},
		{"hearts", seeds.HeartsHand(), pointMargin, mcts(200), random, "ismcts200", "random", 50, false},
		{"hearts", seeds.HeartsHand(), pointMargin, mcts(1000), greedy, "ismcts1000", "greedy", 50, false},
		{"hearts", seeds.HeartsHand(), pointMargin, mcts(1000), greedy, "ismcts1000", "greedy", 250, true},
	} {
		t.Run(tc.name+"/"+tc.aName+"_vs_"+tc.bName+"/"+strconv.Itoa(tc.deals), func(t *testing.T) {
			if tc.full && !full {
				t.Skip("a long run: set DD_LADDER_FULL=1")
			}
			d := duel(tc.prog, tc.a, tc.b, tc.deals, 2024, tc.score)
			mean, z := zScore(d)
			t.Logf("%s: %s vs %s, %d deals (%d games): mean margin %.3f, z = %.2f, one-sided p = %.2g",
				tc.name, tc.aName, tc.bName, tc.deals, tc.deals*tc.prog.Players, mean, z, pValue(z))
			if z <= 2.326 {
				t.Fatalf("%s does not beat %s at p < 0.01: mean margin %.3f, z = %.2f", tc.aName, tc.bName, mean, z)
			}
		})
	}
}
