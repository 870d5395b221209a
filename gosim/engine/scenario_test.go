package engine

import (
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
)

// dealt returns a deck that deals hands[seat] to each seat (round-robin from
// the seat left of the dealer, as DEAL does), then the cards of next in
// order (turn-ups, then the stock from its top), then every other card of
// the program's deck in id order.
func dealt(t *testing.T, prog *bc.Program, hands [][]string, next ...string) []cards.Card {
	t.Helper()
	n := prog.Players
	var deck []cards.Card
	used := map[cards.Card]bool{}
	add := func(s string) {
		c := cards.MustParse(s)
		if used[c] {
			t.Fatalf("card %s twice in the scenario", s)
		}
		used[c] = true
		deck = append(deck, c)
	}
	for round := 0; round < len(hands[0]); round++ {
		for i := 1; i <= n; i++ {
			add(hands[i%n][round])
		}
	}
	for _, s := range next {
		add(s)
	}
	for _, c := range NewRules(prog).deck {
		if !used[c] {
			deck = append(deck, c)
		}
	}
	return deck
}

func scenario(t *testing.T, prog *bc.Program, deck []cards.Card) *State {
	t.Helper()
	st := NewRules(prog).NewState()
	if err := st.ResetWithDeck(1, deck); err != nil {
		t.Fatal(err)
	}
	return st
}

func split(s string) []string { return strings.Fields(s) }

// expect checks the player to move and the legal moves.
func expect(t *testing.T, st *State, seat int, moves string) {
	t.Helper()
	if got := st.CurrentPlayer(); got != seat {
		t.Fatalf("player to move = %d, want %d", got, seat)
	}
	var got []string
	for _, m := range st.LegalMoves(nil) {
		got = append(got, m.String())
	}
	if strings.Join(got, " ") != moves {
		t.Fatalf("legal moves = %q, want %q", strings.Join(got, " "), moves)
	}
}

func apply(t *testing.T, st *State, move string) {
	t.Helper()
	for _, m := range st.LegalMoves(nil) {
		if m.String() == move {
			if err := st.Apply(m); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("move %s is not legal (legal: %v)", move, st.LegalMoves(nil))
}

func (s *State) pileOfZone(z uint8, seat int) *pile { return &s.piles[s.r.pileOf(z, seat)] }

func pileString(p *pile) string {
	var out []string
	for i := 0; i < p.len(); i++ {
		out = append(out, p.at(i).String())
	}
	return strings.Join(out, " ")
}

func TestCrazyEightsDeclareAndDraw(t *testing.T) {
	prog := seeds.CrazyEights()
	const discard, hand = 1, 2
	deck := dealt(t, prog, [][]string{
		split("9H 9S JD QD KD AD 6S"), // seat 0
		split("8C 5H 5D KS 2C 3C 4C"), // seat 1 moves first
	}, "5S", "7H", "7D", "9C")
	st := scenario(t, prog, deck)
	expect(t, st, 1, "8C:C 8C:D 8C:H 8C:S 5D 5H KS")
	apply(t, st, "8C:C")
	if top, active, _ := st.topOf(discard, nil); top.String() != "8C" || active != cards.Clubs {
		t.Fatalf("pile top %v active %v", top, active)
	}
	// Seat 0 holds no club and no eight: it draws 7H and 7D (not playable)
	// and 9C (playable), and must play it.
	expect(t, st, 0, "9C")
	if got := pileString(st.pileOfZone(hand, 0)); got != "9H 9S JD QD KD AD 6S 7H 7D 9C" {
		t.Fatalf("seat 0 hand after drawing = %s", got)
	}
	apply(t, st, "9C")
	expect(t, st, 1, "2C 3C 4C")
	r := st.Record()
	if r.Moves != 2 || r.Decisions != 1 || r.LegalMovesSum != 7 || r.Turns != 2 {
		t.Fatalf("counters %+v", r)
	}
}

func TestCrazyEightsDeclaredSuitConstrains(t *testing.T) {
	prog := seeds.CrazyEights()
	deck := dealt(t, prog, [][]string{
		split("9H 9S JD QD KD AD 6S"),
		split("8C 5H 5D KS 2C 3C 4C"),
	}, "5S")
	st := scenario(t, prog, deck)
	apply(t, st, "8C:H")
	expect(t, st, 0, "9H")
	apply(t, st, "9H")
	// The declared suit ended with the next card: hearts or nines now.
	expect(t, st, 1, "5H")
}

// A stripped 16-card deck: the stock runs out, a player with no legal card
// passes, and the reshuffle keeps the discard pile's top card.
func TestCrazyEightsStockRunsOutAndReshuffle(t *testing.T) {
	prog := seeds.CrazyEights()
	prog.RankMask = 1<<cards.Nine | 1<<cards.Ten | 1<<cards.Jack | 1<<cards.Queen
	prog.Turn[0].Legal = bc.Any(bc.SameRankAsTop(1), bc.SameSuitAsTop(1))
	prog.HasEffects, prog.Effects = false, nil
	const stock, discard, hand = 0, 1, 2
	deck := dealt(t, prog, [][]string{
		split("9S 10C 10D 10H JS QS QH"),
		split("9C 9D 9H JC JD JH QC"),
	}, "10S", "QD")
	st := scenario(t, prog, deck)
	// Seat 1 cannot play on 10S: it draws QD (not playable), the stock is
	// empty and the discard pile has only its top card: it passes.
	expect(t, st, 1, "pass")
	if st.pileOfZone(stock, 0).len() != 0 || st.pileOfZone(hand, 1).len() != 8 {
		t.Fatalf("stock %d cards, seat 1 hand %d", st.pileOfZone(stock, 0).len(), st.pileOfZone(hand, 1).len())
	}
	apply(t, st, "pass")
	expect(t, st, 0, "10C 10D 10H 9S JS QS")
	for _, mv := range split("10D 9D 9S 9C 10C QC QH JH JS JD") {
		apply(t, st, mv)
	}
	// Seat 0 holds 10H QS, nothing plays on JD: the discard pile but its top
	// is reshuffled into the stock and seat 0 draws until it can play.
	if got := pileString(st.pileOfZone(discard, 0)); got != "JD" {
		t.Fatalf("discard pile after the reshuffle = %q, want the kept top JD", got)
	}
	h := st.pileOfZone(hand, 0)
	if last := h.top(); last.Suit() != cards.Diamonds && last.Rank() != cards.Jack {
		t.Fatalf("seat 0 stopped drawing at %v, which does not play on JD", last)
	}
	if st.CardsTotal() != 16 {
		t.Fatalf("%d cards", st.CardsTotal())
	}
	if st.CurrentPlayer() != 0 || len(st.LegalMoves(nil)) != 1 {
		t.Fatalf("after drawing: player %d moves %v", st.CurrentPlayer(), st.LegalMoves(nil))
	}
}

// heartsOneHand is the Hearts seed without passing, so that a scenario's
// deal is the hands played.
func heartsOneHand() *bc.Program {
	prog := seeds.Hearts()
	tr := *prog.Tricks
	tr.PassCount, tr.PassZone, tr.PassDirs = 0, bc.NoZone, nil
	prog.Tricks = &tr
	return prog
}

func TestHeartsFollowSuitAndBreaking(t *testing.T) {
	prog := heartsOneHand()
	const won = 3
	deck := dealt(t, prog, [][]string{
		split("2C 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH"),
		split("3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC 2H"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS QS KS AS"),
	})
	st := scenario(t, prog, deck)
	expect(t, st, 0, "2C") // the holder of 2C leads it
	apply(t, st, "2C")
	expect(t, st, 1, "3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC") // must follow clubs
	apply(t, st, "AC")
	expect(t, st, 2, "2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD") // no club: anything
	apply(t, st, "AD")                                          // a higher card off suit does not win
	apply(t, st, "AS")                                          // no QS on the first trick: it is avoidable
	if got := pileString(st.pileOfZone(won, 1)); got != "AS AD AC 2C" {
		t.Fatalf("seat 1 won %q", got)
	}
	if st.Score(1) != 0 {
		t.Fatalf("seat 1 score %d, want 0", st.Score(1))
	}
	// The winner leads; hearts are not broken and seat 1 holds clubs.
	expect(t, st, 1, "3C 4C 5C 6C 7C 8C 9C 10C JC QC KC")
	apply(t, st, "3C")
	apply(t, st, "2D")
	apply(t, st, "QS")
	expect(t, st, 0, "3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH")
	apply(t, st, "AH") // breaks hearts; 3C still wins the trick
	expect(t, st, 1, "4C 5C 6C 7C 8C 9C 10C JC QC KC 2H")
	if st.Score(1) != 14 {
		t.Fatalf("seat 1 score %d, want 14 (QS and AH)", st.Score(1))
	}
}

func TestHeartsLeadHeartsWhenOnlyHearts(t *testing.T) {
	prog := heartsOneHand()
	deck := dealt(t, prog, [][]string{
		split("2C 3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AH"),
		split("AC 2H 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS QS KS AS"),
	})
	st := scenario(t, prog, deck)
	apply(t, st, "2C")
	expect(t, st, 1, "AC")
	apply(t, st, "AC")
	apply(t, st, "2D")
	apply(t, st, "2S")
	// Seat 1 won and holds only hearts: it may lead one though not broken.
	expect(t, st, 1, "2H 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH")
}

// arrange replaces the War piles (bottom to top) after the deal.
func arrange(t *testing.T, st *State, piles map[int]string) {
	t.Helper()
	total := 0
	for i := range st.piles {
		st.piles[i].clear()
	}
	for p, s := range piles {
		for _, c := range split(s) {
			st.piles[p].pushTop(cards.MustParse(c))
			total++
		}
	}
	if total != st.r.deckSize {
		t.Fatalf("arranged %d cards, deck has %d", total, st.r.deckSize)
	}
}

// restOf lists every card not in the given strings, in id order.
func restOf(prog *bc.Program, except ...string) string {
	skip := map[string]bool{}
	for _, s := range except {
		for _, c := range split(s) {
			skip[c] = true
		}
	}
	var out []string
	for _, c := range NewRules(prog).deck {
		if !skip[c.String()] {
			out = append(out, c.String())
		}
	}
	return strings.Join(out, " ")
}

func TestWarTieTriggersWar(t *testing.T) {
	prog := seeds.War()
	prog.Turn[0].TakeOrder = bc.AsPlayed
	st := scenario(t, prog, NewRules(prog).deck)
	p0, p1 := st.r.pileOf(1, 0), st.r.pileOf(1, 1)
	seat0 := "2C 5H KD"
	seat1rest := restOf(prog, seat0, "3C 7S KS")
	arrange(t, st, map[int]string{p0: seat0, p1: seat1rest + " 3C 7S KS"})
	expect(t, st, game.Table, "battle")
	apply(t, st, "battle")
	// KD ties KS: each adds one card face down (5H, 7S) and one up (2C, 3C);
	// 3C wins the six cards, taken as a block under the pile in played order.
	if st.piles[p0].len() != 0 {
		t.Fatalf("seat 0 pile %q", pileString(&st.piles[p0]))
	}
	got := pileString(&st.piles[p1])
	if !strings.HasPrefix(got, "KD KS 5H 2C 7S 3C") {
		t.Fatalf("seat 1 pile bottom = %q", got[:30])
	}
	// Seat 0 is out at the start of the next battle.
	if st.IsTerminal() {
		t.Fatal("game ended before seat 0 was found empty")
	}
	apply(t, st, "battle")
	if !st.IsTerminal() || st.Outcome() != game.Win || st.Winners() != 2 {
		t.Fatalf("outcome %v winners %b", st.Outcome(), st.Winners())
	}
}

func TestWarCannotCompleteWar(t *testing.T) {
	prog := seeds.War()
	st := scenario(t, prog, NewRules(prog).deck)
	p0, p1 := st.r.pileOf(1, 0), st.r.pileOf(1, 1)
	arrange(t, st, map[int]string{p0: "5H KD", p1: restOf(prog, "5H KD KS") + " KS"})
	apply(t, st, "battle")
	// KD ties KS; seat 0 has one card, needs two: it is out at once and
	// seat 1, alone in the war, takes the table.
	if !st.IsTerminal() || st.Outcome() != game.Win || st.Winners() != 2 {
		t.Fatalf("terminal %v outcome %v winners %b", st.IsTerminal(), st.Outcome(), st.Winners())
	}
	if st.CardsTotal() != 52 || st.piles[p1].len() != 51 {
		t.Fatalf("seat 1 holds %d", st.piles[p1].len())
	}
	if r := st.Record(); r.Turns != 1 || r.Moves != 1 || r.Decisions != 0 {
		t.Fatalf("record %+v", r)
	}
}

func TestTurnCapIsUnfinished(t *testing.T) {
	prog := seeds.War()
	prog.TurnCap = 3
	st := New(prog, 5)
	for !st.IsTerminal() {
		if err := st.Apply(game.BattleMove); err != nil {
			t.Fatal(err)
		}
	}
	r := st.Record()
	if st.Outcome() != game.Unfinished || r.Winners != 0 || r.Turns != 3 {
		t.Fatalf("record %+v", r)
	}
}

func TestIllegalMoveIsAnError(t *testing.T) {
	st := New(seeds.Hearts(), 1)
	before := st.Record()
	for _, m := range []game.Move{game.PassMove, game.BattleMove, game.Play(cards.MustParse("AS")), {Kind: 9}} {
		if legal := st.LegalMoves(nil); len(legal) == 1 && legal[0] == m {
			continue
		}
		if err := st.Apply(m); err == nil {
			t.Errorf("Apply(%v) accepted", m)
		}
	}
	if st.Record() != before {
		t.Fatal("a refused move changed the state")
	}
}

func TestResetWithDeckRejectsBadDecks(t *testing.T) {
	st := NewRules(seeds.War()).NewState()
	deck := NewRules(seeds.War()).deck
	bad := append([]cards.Card(nil), deck...)
	bad[1] = bad[0]
	for i, d := range [][]cards.Card{deck[:51], bad} {
		if err := st.ResetWithDeck(0, d); err == nil {
			t.Errorf("deck %d accepted", i)
		}
	}
}

func TestLeaderTracking(t *testing.T) {
	// Hearts with fixed hands: seat 1 takes the first trick with QS (13
	// points; the first-trick point rule is off); the lowest score leads.
	prog := heartsOneHand()
	prog.Turn[0].TrickRules = 0
	deck := dealt(t, prog, [][]string{
		split("2C 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH"),
		split("3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC 2H"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS QS KS AS"),
	})
	st := scenario(t, prog, deck)
	for _, m := range split("2C AC AD QS") {
		apply(t, st, m)
	}
	// Before: all tied (no sole leader). After the trick three seats tie at 0.
	if r := st.Record(); r.LeadChanges != 0 || st.leader() != -1 {
		t.Fatalf("leader %d, record %+v", st.leader(), r)
	}
}
