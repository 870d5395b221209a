package player_test

import (
	"os"
	"strconv"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}

// TestTune is the tuning harness (DD_TUNE=1): ISMCTS with the parameters
// of the environment against Greedy on tuning seeds (DD_TUNE_SEED, never
// the ladder's 2024).
func TestTune(t *testing.T) {
	if os.Getenv("DD_TUNE") != "1" {
		t.Skip("tuning harness: set DD_TUNE=1")
	}
	game := os.Getenv("DD_TUNE_GAME")
	var prog *bc.Program
	score := winMargin
	switch game {
	case "hearts":
		prog, score = seeds.HeartsHand(), pointMargin
	default:
		game, prog = "crazy_eights", seeds.CrazyEights()
	}
	games := envInt("DD_TUNE_GAMES", 200)
	seed := uint64(envInt("DD_TUNE_SEED", 7))
	mk := func(prefix string) func() player.Player {
		return func() player.Player {
			m := player.NewISMCTS(envInt(prefix+"ITERS", 200))
			m.Exploration = envFloat(prefix+"C", m.Exploration)
			m.PointWeight = envFloat(prefix+"PW", m.PointWeight)
			m.RolloutEpsilon = envFloat(prefix+"EPS", m.RolloutEpsilon)
			m.RolloutCap = envInt(prefix+"CAP", m.RolloutCap)
			if os.Getenv(prefix+"ROLLOUT") == "random" {
				m.Rollout = nil
			}
			return m
		}
	}
	a := mk("DD_TUNE_")
	b := func() player.Player { return player.NewGreedy() }
	if os.Getenv("DD_TUNE_OPP") == "ismcts" {
		b = mk("DD_TUNE_B_")
	}
	dup := prog.Players
	if os.Getenv("DD_TUNE_DUP") == "0" {
		dup = 1
	}
	if os.Getenv("DD_TUNE_CHEAT") == "1" {
		a = func() player.Player { return player.NewCheatingISMCTS(envInt("DD_TUNE_ITERS", 200)) }
	}
	ds := duelDeals(prog, a, b, games, seed, dup, score, winMargin)
	d := ds[0]
	wm, wz := zScore(ds[1])
	t.Logf("win margin %.4f z %.2f", wm, wz)
	mean, z := zScore(d)
	bm, bz := zScore(blockMeans(d, dup))
	t.Logf("%s %d games (deal blocks of %d): mean margin %.4f z %.2f p %.2g | per-deal z %.2f (mean %.4f)",
		game, games, dup, mean, z, pValue(z), bz, bm)
}
