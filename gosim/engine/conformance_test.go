package engine_test

import (
	"fmt"
	"reflect"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/player"
)

// conform plays one game of prog with seed, choosing moves with pl, and
// checks the invariants every rule set must keep after every move. It
// returns the record and the trace.
func conform(t *testing.T, prog *bc.Program, seed uint64, pl player.Player) (engine.Record, []engine.Event) {
	t.Helper()
	var events []engine.Event
	st := engine.NewRules(prog).NewState()
	st.SetTrace(&events)
	st.Reset(seed)
	deck := prog.DeckSize()
	chips := st.ChipsTotal() // 0 without chips; constant over a match
	var buf, buf2 []game.Move
	var ret []float64
	maxMoves := 8*prog.TurnCap + 8
	if prog.Betting != nil {
		maxMoves = 500 * prog.TurnCap // a turn is a hand: several betting rounds round the table
	}
	for step := 0; !st.IsTerminal(); step++ {
		if step > maxMoves {
			t.Fatalf("seed %d: game still running after %d moves (turn cap %d)", seed, step, prog.TurnCap)
		}
		buf = st.LegalMoves(buf)
		if len(buf) == 0 {
			t.Fatalf("seed %d step %d: no legal moves in a running game", seed, step)
		}
		for i := 1; i < len(buf); i++ {
			if buf[i-1].Key() >= buf[i].Key() {
				t.Fatalf("seed %d step %d: moves not sorted and unique: %v", seed, step, buf)
			}
		}
		cur := st.CurrentPlayer()
		switch {
		case cur == game.Table:
			if len(buf) != 1 || buf[0] != game.BattleMove {
				t.Fatalf("seed %d step %d: table step with moves %v", seed, step, buf)
			}
		case cur < 0 || cur >= st.NumPlayers():
			t.Fatalf("seed %d step %d: current player %d", seed, step, cur)
		}
		// Purity: asking again gives the same moves and changes nothing.
		if buf2 = st.LegalMoves(buf2); !reflect.DeepEqual(buf, buf2) {
			t.Fatalf("seed %d step %d: LegalMoves not pure: %v then %v", seed, step, buf, buf2)
		}
		m := buf[0]
		if len(buf) > 1 {
			m = pl.Choose(st, buf)
		}
		if step%7 == 0 {
			checkClone(t, st, m)
		}
		if err := st.Apply(m); err != nil {
			t.Fatalf("seed %d step %d: Apply(%v): %v", seed, step, m, err)
		}
		if n := st.CardsTotal(); n != deck {
			t.Fatalf("seed %d step %d: %d cards in play, deck has %d", seed, step, n, deck)
		}
		if n := st.ChipsTotal(); n != chips {
			t.Fatalf("seed %d step %d: %d chips in play, the game started with %d", seed, step, n, chips)
		}
	}
	if err := st.Apply(game.PassMove); err == nil {
		t.Fatalf("seed %d: Apply after the end succeeded", seed)
	}
	rec := st.Record()
	if int(rec.Turns) > prog.TurnCap {
		t.Fatalf("seed %d: %d turns, cap %d", seed, rec.Turns, prog.TurnCap)
	}
	if int(rec.CardsTotal) != deck {
		t.Fatalf("seed %d: record says %d cards, deck %d", seed, rec.CardsTotal, deck)
	}
	ret = st.Returns(ret)
	if len(ret) != prog.Players {
		t.Fatalf("seed %d: %d returns for %d players", seed, len(ret), prog.Players)
	}
	for _, v := range ret {
		if v < -1 || v > 1 {
			t.Fatalf("seed %d: return %v out of range", seed, v)
		}
	}
	switch game.Outcome(rec.Outcome) {
	case game.Win:
		if rec.Winners == 0 || rec.Winners>>prog.Players != 0 {
			t.Fatalf("seed %d: win with winners %b", seed, rec.Winners)
		}
	case game.Unfinished:
		if rec.Winners != 0 || (int(rec.Turns) != prog.TurnCap && !st.Cycled()) {
			t.Fatalf("seed %d: unfinished game with winners %b after %d turns (cap %d), no cycle", seed, rec.Winners, rec.Turns, prog.TurnCap)
		}
		for _, v := range ret {
			if v != 0 {
				t.Fatalf("seed %d: unfinished game has returns %v", seed, ret)
			}
		}
	case game.Draw:
		if rec.Winners != 0 {
			t.Fatalf("seed %d: draw with winners", seed)
		}
	default:
		t.Fatalf("seed %d: outcome %d", seed, rec.Outcome)
	}
	if rec.Decisions > rec.Moves || rec.LegalMovesSum < 2*rec.Decisions || rec.LeadSettledTurn > rec.Turns {
		t.Fatalf("seed %d: inconsistent counters %+v", seed, rec)
	}
	for seat := prog.Players; seat < 6; seat++ {
		if rec.Score[seat] != 0 {
			t.Fatalf("seed %d: phantom seat %d has score %d", seed, seat, rec.Score[seat])
		}
	}
	return rec, events
}

// checkClone checks that a clone equals the original and evolves
// independently of it.
func checkClone(t *testing.T, st *engine.State, m game.Move) {
	t.Helper()
	c := st.CloneState()
	if a, b := st.Record(), c.Record(); a != b {
		t.Fatalf("clone record %+v differs from %+v", b, a)
	}
	before := st.LegalMoves(nil)
	if got := c.LegalMoves(nil); !reflect.DeepEqual(before, got) {
		t.Fatalf("clone moves %v differ from %v", got, before)
	}
	if err := c.Apply(m); err != nil {
		t.Fatalf("clone Apply(%v): %v", m, err)
	}
	for !c.IsTerminal() && c.Record().Moves < st.Record().Moves+20 {
		mv := c.LegalMoves(nil)
		if err := c.Apply(mv[c.Intn(len(mv))]); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.LegalMoves(nil); !reflect.DeepEqual(before, got) {
		t.Fatalf("playing the clone changed the original's moves: %v then %v", before, got)
	}
}

func players() []struct {
	name string
	p    func() player.Player
} {
	return []struct {
		name string
		p    func() player.Player
	}{
		{"random", func() player.Player { return player.Random{} }},
		{"greedy", func() player.Player { return player.NewGreedy() }},
	}
}

func TestConformanceSeeds(t *testing.T) {
	for _, sd := range seeds.All() {
		for _, pl := range players() {
			t.Run(sd.Name+"/"+pl.name, func(t *testing.T) {
				for seed := uint64(0); seed < 40; seed++ {
					rec, ev := conform(t, sd.Program, seed, pl.p())
					// Same seed, same choices: the same game, event for event.
					rec2, ev2 := conform(t, sd.Program, seed, pl.p())
					if rec != rec2 || !reflect.DeepEqual(ev, ev2) {
						t.Fatalf("seed %d: replay differs", seed)
					}
					// Old Maid has no move at all (its draws are blind): turns count.
					if rec.Turns == 0 {
						t.Fatalf("seed %d: game did not play: %+v", seed, rec)
					}
				}
			})
		}
	}
}

func TestConformanceRandomPrograms(t *testing.T) {
	conformRandom(t, 300, 50, progen.Random)
}

// conformRandom runs the conformance suite on programs 0..n-1 of a random
// program generator (short of them with -short), every player type, three
// seeds each, and checks that a replay gives the same record and events.
func conformRandom(t *testing.T, n, short int, gen func(seed uint64, maxCap int) *bc.Program) {
	if testing.Short() {
		n = short
	}
	for i := 0; i < n; i++ {
		prog := gen(uint64(i), 300)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for _, pl := range players() {
				for seed := uint64(0); seed < 3; seed++ {
					rec, ev := conform(t, prog, seed, pl.p())
					rec2, ev2 := conform(t, prog, seed, pl.p())
					if rec != rec2 || !reflect.DeepEqual(ev, ev2) {
						t.Fatalf("seed %d: replay differs", seed)
					}
				}
			}
		})
	}
}
