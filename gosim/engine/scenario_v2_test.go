package engine

import (
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
)

// ranks returns a rank mask of the named ranks.
func ranks(names ...string) uint16 {
	var m uint16
	for _, n := range names {
		m |= 1 << cards.MustParse(n+"C").Rank()
	}
	return m
}

// pileOrder lists the cards a seat will turn up from its face-down pile,
// first to last, as the deal hands of dealt() (each card goes on top).
func pileOrder(order string) []string {
	f := split(order)
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
	return f
}

func TestMauMauStackedDrawTwo(t *testing.T) {
	prog := seeds.MauMau()
	const hand = 2
	deck := dealt(t, prog, [][]string{
		split("QH QD JS 10S 9S"), // seat 0
		split("2H 5C 6C 7C 9C"),  // seat 1 moves first
		split("2S KD KC 3D 4D"),  // seat 2
	}, "5H", "4C", "3C", "6D", "7D")
	st := scenario(t, prog, deck)
	expect(t, st, 1, "5C 2H")
	apply(t, st, "2H")
	// Seat 2 may answer with its two (same rank) or take the two cards.
	expect(t, st, 2, "2S pass")
	apply(t, st, "2S")
	// Seat 0 has no two: it draws the four cards at once and its turn ends.
	// Seat 1 cannot play on the 2S either: it draws one card (2C) and plays it.
	expect(t, st, 1, "2C")
	if got := pileString(st.pileOfZone(hand, 0)); got != "QH QD JS 10S 9S 4C 3C 6D 7D" {
		t.Fatalf("seat 0 hand = %s", got)
	}
	if st.x.pendingDraw != 0 {
		t.Fatalf("pending draw %d after it was taken", st.x.pendingDraw)
	}
}

func TestMauMauSkipAndTakenStack(t *testing.T) {
	prog := seeds.MauMau()
	const hand = 2
	deck := dealt(t, prog, [][]string{
		split("QH QD 2D 10S 9S"), // seat 0
		split("JH 5C 6C 7C 9C"),  // seat 1 moves first
		split("2S KD KC 3D 4D"),  // seat 2
	}, "5H", "4C", "3C", "6D", "7D")
	st := scenario(t, prog, deck)
	apply(t, st, "JH") // the jack skips seat 2
	expect(t, st, 0, "QH")
	apply(t, st, "QH")
	// Seat 1 holds no heart and no queen: it draws 4C, cannot play it, passes.
	expect(t, st, 1, "pass")
	if got := pileString(st.pileOfZone(hand, 1)); got != "5C 6C 7C 9C 4C" {
		t.Fatalf("seat 1 hand = %s", got)
	}
}

func TestCheatChallenges(t *testing.T) {
	prog := seeds.Cheat()
	prog.Players = 2
	prog.RankMask = ranks("A", "2", "3")
	const hand, pile = 1, 2
	deck := dealt(t, prog, [][]string{
		split("AH AS 2D 2H 2S 3S"), // seat 0
		split("AC AD 2C 3C 3D 3H"), // seat 1 moves first
	})
	st := scenario(t, prog, deck)
	if r, n, ok := st.Claim(); !ok || r != cards.Ace || n != 0 {
		t.Fatalf("Claim() = %v %d %v, want aces to claim", r, n, ok)
	}
	expect(t, st, 1, "claim 1x2 claim 1x3 claim 2x3 claim 3x3 claim 1xA claim 2xA")
	apply(t, st, "claim 1x3") // a bluff: aces are claimed
	expect(t, st, 0, "challenge accept")
	if st.Phase() != game.Answering {
		t.Fatalf("phase %v, want answering", st.Phase())
	}
	// Seat 0 answers with its own hand: the observation is the mover's.
	if got := st.Hand(nil); len(got) != 6 || got[0].String() != "AH" {
		t.Fatalf("answering seat sees hand %v", got)
	}
	apply(t, st, "challenge") // caught: the claimer takes the pile back
	if got := pileString(st.pileOfZone(hand, 1)); len(split(got)) != 6 || st.pileOfZone(pile, 0).len() != 0 {
		t.Fatalf("after a caught bluff seat 1 holds %q, pile %d", got, st.pileOfZone(pile, 0).len())
	}
	// Seat 0 claims twos (the sequence moved on) and tells the truth.
	expect(t, st, 0, "claim 1x2 claim 2x2 claim 3x2 claim 1x3 claim 1xA claim 2xA")
	apply(t, st, "claim 2x2")
	expect(t, st, 1, "challenge accept")
	apply(t, st, "challenge") // wrong: the challenger takes the pile
	if n := st.pileOfZone(hand, 1).len(); n != 8 {
		t.Fatalf("failed challenger holds %d cards, want 8", n)
	}
	want := ClaimStats{Claims: 2, Bluffs: 1, Challenges: 2, Caught: 1}
	if st.Stats() != want {
		t.Fatalf("stats %+v, want %+v", st.Stats(), want)
	}
	// Threes next; seat 1 claims and seat 0 accepts: the cards stay.
	expect(t, st, 1, "claim 1x2 claim 2x2 claim 3x2 claim 1x3 claim 2x3 claim 3x3 claim 1xA claim 2xA")
	apply(t, st, "claim 3x3")
	apply(t, st, "accept")
	if n := st.pileOfZone(pile, 0).len(); n != 3 || st.CurrentPlayer() != 0 {
		t.Fatalf("after an accepted claim the pile holds %d, player %d", n, st.CurrentPlayer())
	}
}

func TestBeggarPenaltyPassesToTheOtherPlayer(t *testing.T) {
	prog := seeds.BeggarMyNeighbour()
	prog.RankMask = ranks("2", "3", "J", "Q")
	const pile, table = 1, 2
	deck := dealt(t, prog, [][]string{
		pileOrder("QC 3S JD QD JH QH JS QS"), // seat 0
		pileOrder("JC 2C 3C 2D 3D 2H 3H 2S"), // seat 1 moves first
	})
	st := scenario(t, prog, deck)
	expect(t, st, 1, "turn up")
	if got := st.Hand(nil); len(got) != 0 {
		t.Fatalf("a face-down pile shows %v to its owner", got)
	}
	apply(t, st, "turn up") // JC: seat 0 owes one card
	expect(t, st, 0, "turn up")
	apply(t, st, "turn up") // QC: payment stops, seat 1 now owes two
	expect(t, st, 1, "turn up")
	apply(t, st, "turn up") // 2C
	expect(t, st, 1, "turn up")
	apply(t, st, "turn up") // 3C: paid; seat 0 takes the pile and leads
	if st.pileOfZone(table, 0).len() != 0 {
		t.Fatalf("table not taken: %s", pileString(st.pileOfZone(table, 0)))
	}
	if got := pileString(st.pileOfZone(pile, 0)); got != "3C 2C QC JC QS JS QH JH QD JD 3S" {
		t.Fatalf("seat 0 pile (bottom to top) = %s", got)
	}
	expect(t, st, 0, "turn up")
}

func TestPresidentClearedWhenAllPass(t *testing.T) {
	prog := seeds.President()
	prog.RankMask = ranks("3", "4", "5", "6")
	const pile, out = 2, 3
	deck := dealt(t, prog, [][]string{
		split("3S 4S 5S 6S"), // seat 0
		split("3C 4C 6C 6D"), // seat 1 holds 3C and leads
		split("5C 3D 4D 5D"), // seat 2
		split("3H 4H 5H 6H"), // seat 3
	})
	st := scenario(t, prog, deck)
	expect(t, st, 1, "set 1x3 set 1x4 set 1x6 set 2x6")
	apply(t, st, "set 1x3")
	expect(t, st, 2, "pass set 1x4 set 1x5") // singles only: the lead was one card
	apply(t, st, "set 1x5")
	expect(t, st, 3, "pass set 1x6")
	apply(t, st, "pass")
	expect(t, st, 0, "pass set 1x6")
	apply(t, st, "pass")
	expect(t, st, 1, "pass set 1x6")
	apply(t, st, "pass") // everyone else passed: cleared, seat 2 leads
	if st.pileOfZone(pile, 0).len() != 0 || st.pileOfZone(out, 0).len() != 2 {
		t.Fatalf("pile %d, cleared %d", st.pileOfZone(pile, 0).len(), st.pileOfZone(out, 0).len())
	}
	expect(t, st, 2, "set 1x3 set 1x4 set 1x5")
	if _, n := st.SetToBeat(); n != 0 {
		t.Fatalf("the leader must beat a set of %d", n)
	}
}

func TestGoFishAskAgainAndGoFish(t *testing.T) {
	prog := seeds.GoFish()
	const hand, books = 1, 2
	deck := dealt(t, prog, [][]string{
		split("2H 3H 4H 6H 7H 8H 9H"),  // seat 0
		split("5C 5S 7C 8C 9C 10C JC"), // seat 1 moves first
		split("5D 5H 2D 3D 4D 6D 7D"),  // seat 2
	}, "KS")
	st := scenario(t, prog, deck)
	apply(t, st, "ask 2 5") // seat 2 gives 5D 5H: a book of fives, and again
	if n := st.pileOfZone(books, 1).len(); n != 4 || st.Score(1) != 4 {
		t.Fatalf("seat 1 books %d, score %d", n, st.Score(1))
	}
	expect(t, st, 1, "ask 0 7 ask 0 8 ask 0 9 ask 0 10 ask 0 J ask 2 7 ask 2 8 ask 2 9 ask 2 10 ask 2 J")
	apply(t, st, "ask 0 7") // seat 0 gives 7H: again
	expect(t, st, 1, "ask 0 7 ask 0 8 ask 0 9 ask 0 10 ask 0 J ask 2 7 ask 2 8 ask 2 9 ask 2 10 ask 2 J")
	apply(t, st, "ask 0 10") // none: go fish, draw KS, not a ten: the turn passes
	if got := pileString(st.pileOfZone(hand, 1)); got != "7C 8C 9C 10C JC 7H KS" {
		t.Fatalf("seat 1 hand = %s", got)
	}
	if st.CurrentPlayer() != 2 {
		t.Fatalf("player to move %d, want 2", st.CurrentPlayer())
	}
	if st.x.holds[1]&(1<<cards.Ten) == 0 {
		t.Fatal("the asked rank is not public knowledge")
	}
}

func TestOldMaidPairsAndTheLastHolderLoses(t *testing.T) {
	prog := seeds.OldMaid()
	prog.Players = 3
	prog.RankMask = ranks("Q", "K")
	const hand, discard = 1, 2
	deck := dealt(t, prog, [][]string{
		split("QH KH"),    // seat 0
		split("QS KC KS"), // seat 1: the black kings pair at once
		split("QD KD"),    // seat 2
	})
	for seed := uint64(0); seed < 50; seed++ {
		st := NewRules(prog).NewState()
		if err := st.ResetWithDeck(seed, deck); err != nil {
			t.Fatal(err)
		}
		if !st.IsTerminal() {
			t.Fatalf("seed %d: Old Maid has no decisions, yet the game waits", seed)
		}
		d := st.pileOfZone(discard, 0)
		if d.len() != 6 || d.at(0).String() != "KC" || d.at(1).String() != "KS" {
			t.Fatalf("seed %d: discards %s", seed, pileString(d))
		}
		for i := 0; i < d.len(); i += 2 {
			a, b := d.at(i), d.at(i+1)
			if a.Rank() != b.Rank() || a.Colour() != b.Colour() {
				t.Fatalf("seed %d: %v and %v are not a pair", seed, a, b)
			}
		}
		loser := -1
		for seat := 0; seat < 3; seat++ {
			if p := st.pileOfZone(hand, seat); p.len() > 0 {
				if p.len() != 1 || p.at(0).String() != "QS" {
					t.Fatalf("seed %d: seat %d ends with %s", seed, seat, pileString(p))
				}
				loser = seat
			}
		}
		if rec := st.Record(); rec.Outcome != uint8(game.Win) || rec.Winners != 7&^(1<<loser) {
			t.Fatalf("seed %d: loser %d, record %+v", seed, loser, rec)
		}
	}
}

func TestSevensBuildsSuits(t *testing.T) {
	prog := seeds.Sevens()
	prog.RankMask = ranks("5", "6", "7", "8")
	const tableau = 2
	deck := dealt(t, prog, [][]string{
		split("5C 8C 5S 8S"), // seat 0
		split("7D 6D 5D 6H"), // seat 1 holds 7D and starts
		split("7C 6C 8D 7S"), // seat 2
		split("7H 5H 8H 6S"), // seat 3
	})
	st := scenario(t, prog, deck)
	expect(t, st, 1, "7D")
	apply(t, st, "7D")
	expect(t, st, 2, "7C 8D 7S") // a seven, or next to the 7D
	apply(t, st, "8D")
	expect(t, st, 3, "7H")
	apply(t, st, "7H")
	expect(t, st, 0, "pass") // 5C, 8C, 5S, 8S: nothing next to a card on the table
	apply(t, st, "pass")
	expect(t, st, 1, "6D 6H") // 6D under the 7D, 6H under the 7H; 5D waits for the six
	apply(t, st, "6D")
	expect(t, st, 2, "7C 7S")
	if got := pileString(st.pileOfZone(tableau, 0)); got != "7D 8D 7H 6D" {
		t.Fatalf("tableau %s", got)
	}
}

// A turn that draws the stock's top card and turns up its own top card back
// onto the stock repeats the same state every two turns: the cycle check
// ends it long before the turn cap.
func TestCycleEndsAGameThatCannotEnd(t *testing.T) {
	const stock, pile = 0, 1
	prog := &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: ranks("2", "3"), TurnCap: 100000,
		Zones: []bc.Zone{{Owner: bc.Shared, Visibility: bc.Public}, {Owner: bc.PerPlayer, Visibility: bc.Hidden}},
		Setup: []bc.SetupStep{{Op: bc.Deal, From: stock, To: pile, Count: 1, Card: cards.None}},
		Turn: []bc.Phase{
			{Kind: bc.PhaseDraw, From: stock, To: pile, Count: 1},
			{Kind: bc.PhasePlayTop, From: pile, To: stock},
		},
		End: []bc.EndCondition{{Kind: bc.EndOneLeft, Zone: bc.NoZone, Result: bc.LastPlayerWins}},
	}
	if _, err := bc.Decode(bc.Encode(prog)); err != nil {
		t.Fatal(err)
	}
	st := New(prog, 3)
	for !st.IsTerminal() {
		if err := st.Apply(st.LegalMoves(nil)[0]); err != nil {
			t.Fatal(err)
		}
	}
	rec := st.Record()
	if !st.Cycled() || rec.Outcome != uint8(game.Unfinished) || rec.Turns > 40 {
		t.Fatalf("cycled %v, record %+v", st.Cycled(), rec)
	}
}

func TestOldMaidMatch(t *testing.T) {
	prog := seeds.OldMaid()
	prog.Match = &bc.Match{TargetScore: 3, MaxHands: 7, Result: bc.LowestScoreWins}
	for seed := uint64(0); seed < 20; seed++ {
		st := New(prog, seed)
		if !st.IsTerminal() {
			t.Fatalf("seed %d: match waits for a move", seed)
		}
		rec := st.Record()
		total, most := 0, 0
		for seat := 0; seat < 4; seat++ {
			total += int(rec.Score[seat])
			most = max(most, int(rec.Score[seat]))
		}
		// Each hand's loser holds one card: the totals count hands lost.
		if total != st.HandsPlayed() || (most < 3 && st.HandsPlayed() != 7) {
			t.Fatalf("seed %d: totals %v after %d hands", seed, rec.Score, st.HandsPlayed())
		}
		if st.x.dealer != uint8((st.HandsPlayed()-1)%4) {
			t.Fatalf("seed %d: dealer %d after %d hands", seed, st.x.dealer, st.HandsPlayed())
		}
		best := 99
		for seat := 0; seat < 4; seat++ {
			best = min(best, int(rec.Score[seat]))
		}
		for seat := 0; seat < 4; seat++ {
			if (rec.Winners&(1<<seat) != 0) != (int(rec.Score[seat]) == best) {
				t.Fatalf("seed %d: winners %b, totals %v", seed, rec.Winners, rec.Score)
			}
		}
	}
}
