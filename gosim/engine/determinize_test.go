package engine

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/splitmix"
)

// whereIs returns the pile holding card c, or -1.
func (s *State) whereIs(c cards.Card) int {
	for i := range s.piles {
		if s.piles[i].index(c) >= 0 {
			return i
		}
	}
	return -1
}

// checkDeterminize checks, for every seat, that the true state is among
// the seat's possible worlds, that a sampled world keeps its InfoString,
// its legal moves when the seat is to move, and the cards, and that the
// world plays to its end.
func checkDeterminize(t *testing.T, st *State, rng *splitmix.Stream, world game.State) game.State {
	t.Helper()
	for p := 0; p < st.NumPlayers(); p++ {
		info := st.InfoString(p)
		if strings.Contains(info, "!inconsistent") {
			t.Fatalf("seat %d: the true state is not among its possible worlds:\n%s", p, info)
		}
		world = st.Determinize(p, rng, world)
		if got := world.InfoString(p); got != info {
			t.Fatalf("seat %d: Determinize changed the information:\nbefore %s\nafter  %s", p, info, got)
		}
		if st.CurrentPlayer() == p {
			if a, b := st.LegalMoves(nil), world.LegalMoves(nil); !reflect.DeepEqual(a, b) {
				t.Fatalf("seat %d: legal moves %v in the game, %v in a world", p, a, b)
			}
		}
		w := world.(*State)
		if w.CardsTotal() != st.CardsTotal() {
			t.Fatalf("world has %d cards, game %d", w.CardsTotal(), st.CardsTotal())
		}
		for i := range w.piles {
			if w.piles[i].len() != st.piles[i].len() {
				t.Fatalf("pile %d: %d cards in the world, %d in the game", i, w.piles[i].len(), st.piles[i].len())
			}
		}
	}
	if st.CurrentPlayer() >= 0 {
		w := world.(*State)
		for steps := 0; !w.IsTerminal(); steps++ {
			if steps > 8*w.r.prog.TurnCap+8 {
				t.Fatal("world did not end")
			}
			mv := w.LegalMoves(nil)
			if err := w.Apply(mv[w.Intn(len(mv))]); err != nil {
				t.Fatal(err)
			}
		}
		if w.know != nil {
			t.Fatal("a world kept tracking after a move")
		}
	}
	return world
}

func TestDeterminizeKeepsInformation(t *testing.T) {
	progs := seeds.All()
	n := 60
	if testing.Short() {
		n = 15
	}
	for i := 0; i < n; i++ {
		progs = append(progs, seeds.Named{Name: fmt.Sprint("random", i), Program: progen.Random(uint64(i), 150)})
	}
	for _, sd := range progs {
		t.Run(sd.Name, func(t *testing.T) {
			rng := splitmix.New(7)
			var world game.State
			for seed := uint64(0); seed < 4; seed++ {
				st := New(sd.Program, seed)
				for step := 0; !st.IsTerminal(); step++ {
					if step%5 == 0 {
						world = checkDeterminize(t, st, &rng, world)
					}
					mv := st.LegalMoves(nil)
					if err := st.Apply(mv[st.Intn(len(mv))]); err != nil {
						t.Fatal(err)
					}
				}
				checkDeterminize(t, st, &rng, world)
			}
		})
	}
}

// Determinize reads and changes nothing of the game: the game plays on
// exactly as if it had not been called (same record, same stream).
func TestDeterminizeLeavesTheGameAlone(t *testing.T) {
	play := func(det bool) Record {
		st := New(seeds.CrazyEights(), 3)
		rng := splitmix.New(1)
		for !st.IsTerminal() {
			if det {
				st.Determinize(st.CurrentPlayer(), &rng, nil)
			}
			mv := st.LegalMoves(nil)
			if err := st.Apply(mv[st.Intn(len(mv))]); err != nil {
				t.Fatal(err)
			}
		}
		return st.Record()
	}
	if a, b := play(false), play(true); a != b {
		t.Fatalf("records differ: %+v / %+v", a, b)
	}
}

// At the start of Crazy Eights, seat 0 has seen its 7 cards and the up
// card; each of the other 44 cards lands, over many worlds, both in seat
// 1's hand and in the stock, in proportion to their sizes (7 and 37).
func TestDeterminizeRedistributesUnseenCards(t *testing.T) {
	st := New(seeds.CrazyEights(), 11)
	r := st.r
	hand1 := r.pileOf(2, 1)
	stock := r.pileOf(0, 0)
	var own cardSet
	for _, p := range []int{r.pileOf(2, 0), r.pileOf(1, 0)} {
		for j := 0; j < st.piles[p].len(); j++ {
			own.add(st.piles[p].at(j))
		}
	}
	const samples = 4000
	inHand := map[cards.Card]int{}
	inStock := map[cards.Card]int{}
	rng := splitmix.New(5)
	var world game.State
	for i := 0; i < samples; i++ {
		world = st.Determinize(0, &rng, world)
		w := world.(*State)
		for j := 0; j < w.piles[hand1].len(); j++ {
			inHand[w.piles[hand1].at(j)]++
		}
		for j := 0; j < w.piles[stock].len(); j++ {
			inStock[w.piles[stock].at(j)]++
		}
		for j := 0; j < w.piles[r.pileOf(2, 0)].len(); j++ {
			if w.piles[r.pileOf(2, 0)].at(j) != st.piles[r.pileOf(2, 0)].at(j) {
				t.Fatal("seat 0's own hand changed")
			}
		}
	}
	unseen := 0
	for _, c := range r.deck {
		if own.has(c) {
			if inHand[c] > 0 || inStock[c] > 0 {
				t.Fatalf("seen card %s was redealt", c)
			}
			continue
		}
		unseen++
		// Expected share in the hand 7/44 = 0.159; sd of a share over 4000
		// samples is 0.0058, so 0.159 +- 0.035 is a 6-sigma band.
		share := float64(inHand[c]) / samples
		if share < 0.124 || share > 0.194 || inHand[c]+inStock[c] != samples {
			t.Fatalf("card %s: in the hand %d, in the stock %d of %d worlds", c, inHand[c], inStock[c], samples)
		}
	}
	if unseen != 44 {
		t.Fatalf("%d unseen cards, want 44", unseen)
	}
}

// A Hearts seat that failed to follow suit never receives a card of that
// suit in any world, while the other unseen cards still move around.
func TestDeterminizeRespectsVoids(t *testing.T) {
	found := 0
	for seed := uint64(0); seed < 200 && found < 10; seed++ {
		st := New(seeds.Hearts(), seed)
		void, suit := -1, cards.NoSuit
		for !st.IsTerminal() && void < 0 {
			mv := st.LegalMoves(nil)
			m := mv[st.Intn(len(mv))]
			if st.trickLen > 0 && m.Card.Suit() != st.trickCards[0].Suit() {
				void, suit = st.cur, st.trickCards[0].Suit()
			}
			if err := st.Apply(m); err != nil {
				t.Fatal(err)
			}
		}
		if void < 0 || st.IsTerminal() || st.CurrentPlayer() == void {
			continue
		}
		observer := st.CurrentPlayer()
		hand := st.r.pileOf(1, void)
		// The void is real: the seat holds none of the suit.
		for j := 0; j < st.piles[hand].len(); j++ {
			if st.piles[hand].at(j).Suit() == suit {
				t.Fatalf("seed %d: seat %d holds %s after showing a void", seed, void, st.piles[hand].at(j))
			}
		}
		found++
		rng := splitmix.New(seed)
		var world game.State
		changed := false
		for i := 0; i < 300; i++ {
			world = st.Determinize(observer, &rng, world)
			w := world.(*State)
			for j := 0; j < w.piles[hand].len(); j++ {
				c := w.piles[hand].at(j)
				if c.Suit() == suit {
					t.Fatalf("seed %d: world gives void seat %d the card %s", seed, void, c)
				}
				changed = changed || st.piles[hand].index(c) < 0
			}
		}
		if !changed {
			t.Fatalf("seed %d: the void seat's hand never changed in 300 worlds", seed)
		}
	}
	if found < 10 {
		t.Fatalf("only %d games with a void", found)
	}
}

// Tracking is off for a state that asked for it: InfoString panics.
func TestNoTrackingPanics(t *testing.T) {
	st := NewRules(seeds.War()).NewState()
	st.SetInfoTracking(false)
	st.Reset(1)
	defer func() {
		if recover() == nil {
			t.Fatal("InfoString without tracking did not panic")
		}
	}()
	st.InfoString(0)
}
