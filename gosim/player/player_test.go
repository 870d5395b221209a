package player_test

import (
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// Players see the game interface only: the package's non-test files may
// import gosim/game and gosim/cards of this module, never the rules.
func TestImportsOnlyTheInterface(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// splitmix is the seeded stream ISMCTS derives from the game's: no rules.
	// hands ranks cards the seat holds or sees (poker, blackjack): no rules.
	allowed := map[string]bool{"darwindeck/gosim/game": true, "darwindeck/gosim/cards": true,
		"darwindeck/gosim/splitmix": true, "darwindeck/gosim/hands": true}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "darwindeck/") && !allowed[path] {
				t.Errorf("%s imports %s; players may import only gosim/game, gosim/cards, gosim/splitmix and gosim/hands", f, path)
			}
		}
	}
}

// playTo plays random moves until f says stop, then returns the state.
func playUntil(st game.State, stop func(game.State) bool) {
	for !st.IsTerminal() && !stop(st) {
		mv := st.LegalMoves(nil)
		if err := st.Apply(mv[st.Intn(len(mv))]); err != nil {
			panic(err)
		}
	}
}

func TestGreedyAlwaysChoosesALegalMove(t *testing.T) {
	g := player.NewGreedy()
	for _, sd := range seeds.All() {
		for seed := uint64(0); seed < 20; seed++ {
			st := engine.New(sd.Program, seed)
			for !st.IsTerminal() {
				legal := st.LegalMoves(nil)
				m := g.Choose(st, legal)
				found := false
				for _, l := range legal {
					found = found || l == m
				}
				if !found {
					t.Fatalf("%s: greedy chose %v, legal %v", sd.Name, m, legal)
				}
				if err := st.Apply(m); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// In Crazy Eights greedy keeps its eights while it has another play.
func TestGreedyKeepsWildsForLast(t *testing.T) {
	g := player.NewGreedy()
	checked := 0
	for seed := uint64(0); seed < 200 && checked < 30; seed++ {
		st := engine.New(seeds.CrazyEights(), seed)
		playUntil(st, func(s game.State) bool {
			legal := s.LegalMoves(nil)
			wild, other := false, false
			for _, m := range legal {
				wild = wild || m.Kind == game.PlayCardDeclareSuit
				other = other || m.Kind == game.PlayCard
			}
			return wild && other
		})
		if st.IsTerminal() {
			continue
		}
		checked++
		if m := g.Choose(st, st.LegalMoves(nil)); m.Kind == game.PlayCardDeclareSuit {
			t.Fatalf("seed %d: greedy played the wild %v with other plays available", seed, m)
		}
	}
	if checked == 0 {
		t.Fatal("no position with a wild and another play was found")
	}
}

// In Hearts, following a trick that holds points, greedy ducks under the
// winning card when it can.
func TestGreedyDucksPointTricks(t *testing.T) {
	g := player.NewGreedy()
	checked := 0
	for seed := uint64(0); seed < 300 && checked < 30; seed++ {
		st := engine.New(seeds.HeartsHand(), seed)
		var trick []cards.Card
		playUntil(st, func(s game.State) bool {
			trick = s.TrickCards(trick)
			if len(trick) == 0 || len(s.LegalMoves(nil)) < 2 {
				return false
			}
			pts := 0
			for _, c := range trick {
				pts += s.CardPoints(c)
			}
			return pts > 0
		})
		if st.IsTerminal() {
			continue
		}
		trick = st.TrickCards(trick)
		led := trick[0].Suit()
		best := trick[0]
		for _, c := range trick[1:] {
			if c.Suit() == led && st.RankValue(c) > st.RankValue(best) {
				best = c
			}
		}
		legal := st.LegalMoves(nil)
		canDuck := false
		for _, m := range legal {
			if m.Card.Suit() != led || st.RankValue(m.Card) < st.RankValue(best) {
				canDuck = true
			}
		}
		if !canDuck {
			continue
		}
		checked++
		m := g.Choose(st, legal)
		if m.Card.Suit() == led && st.RankValue(m.Card) > st.RankValue(best) {
			t.Fatalf("seed %d: trick %v, greedy took the points with %v (legal %v)", seed, trick, m, legal)
		}
	}
	if checked < 10 {
		t.Fatalf("only %d positions checked", checked)
	}
}

// ISMCTS's rewards are in [0, 1]: at Crazy Eights (no score goal) they are
// the win/loss reward; at Hearts (lower scores win) they fall linearly with
// the seat's own points (the points margin against the others' mean, with
// 26 points in play: 1/2 + (26 - 4*own)/156).
func TestISMCTSRewards(t *testing.T) {
	m := player.NewISMCTS(1)
	for seed := uint64(0); seed < 30; seed++ {
		st := engine.New(seeds.CrazyEights(), seed)
		playUntil(st, func(game.State) bool { return false })
		ret := st.Returns(nil)
		for s, r := range m.Rewards(st) {
			if r != (ret[s]+1)/2 {
				t.Fatalf("crazy eights seed %d seat %d: reward %v, return %v", seed, s, r, ret[s])
			}
		}
		st = engine.New(seeds.HeartsHand(), seed)
		playUntil(st, func(game.State) bool { return false })
		for s, r := range m.Rewards(st) {
			want := 0.5 + float64(26-4*st.Score(s))/156
			if r < 0 || r > 1 || math.Abs(r-want) > 1e-12 {
				t.Fatalf("hearts seed %d seat %d (%d points): reward %v, want %v", seed, s, st.Score(s), r, want)
			}
		}
	}
}
