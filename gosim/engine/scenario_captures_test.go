package engine

import (
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/splitmix"
)

// Scenarios of the captures family (docs/genome-captures.md) on the Scopa
// and GOPS seeds and on small programs built for one rule each. The dealer
// is seat 0, so seat 1 receives the first card and moves first. Card ids
// (clubs 0-12, diamonds 13-25, hearts 26-38, spades 39-51, 2 low, ace high
// within a suit) fix the canonical order of the groups.

// Zones of scopa.yaml.
const scStock, scTable, scHand, scWon = 0, 1, 2, 3

// scopaDeal deals seat 0 and seat 1 their three cards and turns table up
// (first named card lowest on the table); the stock holds the other cards
// in id order (the lowest on top).
func scopaDeal(t *testing.T, prog *bc.Program, seat0, seat1, table string) *State {
	t.Helper()
	return scenario(t, prog, dealt(t, prog, [][]string{split(seat0), split(seat1)}, split(table)...))
}

// groupString names the cards the legal capture move takes, in id order.
func groupString(st *State, move string) string {
	for _, m := range st.LegalMoves(nil) {
		if m.String() == move {
			var out []string
			for _, c := range st.CaptureGroup(m, nil) {
				out = append(out, c.String())
			}
			return strings.Join(out, " ")
		}
	}
	return "(not legal)"
}

func wantPile(t *testing.T, st *State, z uint8, seat int, want string) {
	t.Helper()
	if got := pileString(st.pileOfZone(z, seat)); got != want {
		t.Fatalf("zone %d of seat %d holds %q, want %q", z, seat, got, want)
	}
}

func TestScopaCaptureByRank(t *testing.T) {
	st := scopaDeal(t, seeds.Scopa(), "AC AD AH", "5C 2C KC", "5D 2H 3S JH")
	wantPile(t, st, scTable, 0, "5D 2H 3S JH")
	// 5C takes the 5D only (its rank match excludes the sum 2H+3S); 2C
	// takes the 2H; KC (10) has no rank match and two sum groups:
	// 5D+2H+3S and 2H+JH (depth-first over 5D 2H JH 3S, the id order).
	expect(t, st, 1, "capture 2C #0 capture 5C #0 capture KC #0 capture KC #1")
	for move, want := range map[string]string{
		"capture 5C #0": "5D", "capture 2C #0": "2H", "capture KC #0": "5D 2H 3S", "capture KC #1": "2H JH",
	} {
		if g := groupString(st, move); g != want {
			t.Fatalf("%s takes %q, want %q", move, g, want)
		}
	}
	apply(t, st, "capture 5C #0")
	wantPile(t, st, scWon, 1, "5C 5D")
	wantPile(t, st, scTable, 0, "2H 3S JH")
	// Seat 0's aces (1) can capture nothing: each may be trailed.
	expect(t, st, 0, "trail AC trail AD trail AH")
	apply(t, st, "trail AD")
	wantPile(t, st, scTable, 0, "2H 3S JH AD")
	if st.cp.lastCap != 1 {
		t.Fatalf("last capturer %d, want 1", st.cp.lastCap)
	}
}

func TestScopaSumGroupsAreEachLegal(t *testing.T) {
	// QC is worth 9: 7C+2S and 4D+5H both add up to 9, and there is no 9
	// on the table: both groups are legal moves, the player chooses. The
	// sixes take 4D+2S.
	st := scopaDeal(t, seeds.Scopa(), "AC AD AH", "QC 6C 6D", "4D 5H 2S 7C")
	expect(t, st, 1, "capture 6C #0 capture QC #0 capture 6D #0 capture QC #1")
	for move, want := range map[string]string{
		"capture QC #0": "7C 2S", "capture QC #1": "4D 5H", "capture 6C #0": "4D 2S", "capture 6D #0": "4D 2S",
	} {
		if g := groupString(st, move); g != want {
			t.Fatalf("%s takes %q, want %q", move, g, want)
		}
	}
	apply(t, st, "capture QC #1")
	wantPile(t, st, scTable, 0, "2S 7C")
	wantPile(t, st, scWon, 1, "QC 4D 5H")
}

func TestScopaRankMatchTakesPrecedence(t *testing.T) {
	const table = "7D 3H 4S JH"
	// 7C: only the 7D (3H+4S adds up to 7 but the rank match comes first);
	// KC (10): 7D+3H; QC (9) can take nothing and is trailed.
	st := scopaDeal(t, seeds.Scopa(), "AC AD AH", "7C KC QC", table)
	expect(t, st, 1, "capture 7C #0 trail QC capture KC #0")
	if g := groupString(st, "capture 7C #0"); g != "7D" {
		t.Fatalf("7C takes %q", g)
	}
	prog := seeds.Scopa()
	// Without rank_first both 7C groups are legal; without must_capture
	// every card may also be trailed.
	prog.Turn[0].CaptureRules = bc.CaptureRank | bc.CaptureSum
	st = scopaDeal(t, prog, "AC AD AH", "7C KC QC", table)
	expect(t, st, 1, "capture 7C #0 trail 7C trail QC capture KC #0 trail KC capture 7C #1")
	if g := groupString(st, "capture 7C #1"); g != "3H 4S" {
		t.Fatalf("7C #1 takes %q", g)
	}
	// Rank captures only.
	prog.Turn[0].CaptureRules = bc.CaptureRank | bc.MustCapture
	st = scopaDeal(t, prog, "AC AD AH", "7C KC QC", table)
	expect(t, st, 1, "capture 7C #0 trail QC trail KC")
	// Sum captures only: 7C takes 3H+4S.
	prog.Turn[0].CaptureRules = bc.CaptureSum | bc.MustCapture
	st = scopaDeal(t, prog, "AC AD AH", "7C KC QC", table)
	expect(t, st, 1, "capture 7C #0 trail QC capture KC #0")
	if g := groupString(st, "capture 7C #0"); g != "3H 4S" {
		t.Fatalf("7C takes %q by sum", g)
	}
}

func TestScopaSweepAndRedeal(t *testing.T) {
	// AS+2H+3S+4D = 10: the king takes the whole table, a sweep.
	st := scopaDeal(t, seeds.Scopa(), "AC AD AH", "KC 5C 6C", "AS 2H 3S 4D")
	if g := groupString(st, "capture KC #0"); g != "4D 2H 3S AS" { // id order
		t.Fatalf("KC takes %q", g)
	}
	apply(t, st, "capture KC #0")
	if st.pileOfZone(scTable, 0).len() != 0 || st.cp.sweeps[1] != 1 || st.cp.sweeps[0] != 0 {
		t.Fatalf("sweep not counted: sweeps %v", st.cp.sweeps)
	}
	if !strings.Contains(st.InfoString(0), "sweeps [0 1]") {
		t.Fatalf("sweeps are public: %s", st.InfoString(0))
	}
	// The rest of the deal: aces trailed, the 5 and 6 capture or trail.
	for i := 0; i < 5; i++ {
		legal := st.LegalMoves(nil)
		if err := st.Apply(legal[0]); err != nil {
			t.Fatal(err)
		}
	}
	// Both hands were empty: three more cards each, from the stock.
	if a, b, s := st.pileOfZone(scHand, 0).len(), st.pileOfZone(scHand, 1).len(), st.pileOfZone(scStock, 0).len(); a != 3 || b != 3 || s != 40-10-6 {
		t.Fatalf("after the redeal: hands %d and %d, stock %d", a, b, s)
	}
	if st.CurrentPlayer() != 1 {
		t.Fatalf("seat %d to move after the redeal, want 1", st.CurrentPlayer())
	}
}

// tinyCapture is a capture game for the end-of-hand rules: ranks 2, 3 and
// 5 (values 2, 3, 5), one card each and one on the table, no redeal, a
// sweep worth 1, no awards; the hand ends when both hands are empty.
func tinyCapture(flags bc.CapturesFlags) *bc.Program {
	const stock, table, hand, won = 0, 1, 2, 3
	return &bc.Program{
		Players: 2, Decks: 1, RankOrder: bc.AceHigh, Start: stock, RankMask: ranks("2", "3", "5"), TurnCap: 50,
		Zones: []bc.Zone{{Owner: bc.Shared}, {Owner: bc.Shared, Visibility: bc.Public},
			{Owner: bc.PerPlayer, Visibility: bc.OwnerOnly}, {Owner: bc.PerPlayer, Visibility: bc.Public}},
		Setup: []bc.SetupStep{{Op: bc.Deal, From: stock, To: hand, Count: 1, Card: cards.None},
			{Op: bc.TurnUp, From: stock, To: table, Count: 1, Card: cards.None}},
		Turn: []bc.Phase{{Kind: bc.PhaseCapture, From: hand, Table: table, WonTo: won,
			CaptureRules: bc.CaptureRank | bc.CaptureSum | bc.RankFirst | bc.MustCapture}},
		Captures: &bc.Captures{Values: [cards.NumRanks]uint8{2, 3, 0, 5}, SweepPoints: 1, Flags: flags, RedealFrom: bc.NoZone},
		End:      []bc.EndCondition{{Kind: bc.EndCaptureDone, Zone: hand, Result: bc.HighestScoreWins}},
	}
}

func TestNoSweepWithTheLastCard(t *testing.T) {
	for _, tc := range []struct {
		flags   bc.CapturesFlags
		winners uint8
	}{{0, 0b11}, {bc.LastPlaySweeps, 0b01}} {
		prog := tinyCapture(tc.flags)
		st := scenario(t, prog, dealt(t, prog, [][]string{{"5H"}, {"2D"}}, "3C"))
		expect(t, st, 1, "trail 2D")
		apply(t, st, "trail 2D")
		expect(t, st, 0, "capture 5H #0") // 3C+2D, the last card of the hand
		apply(t, st, "capture 5H #0")
		if !st.IsTerminal() || st.Winners() != tc.winners {
			t.Fatalf("flags %d: terminal %t winners %b, want %b (sweeps %v)", tc.flags, st.IsTerminal(), st.Winners(), tc.winners, st.cp.sweeps)
		}
	}
}

func TestLastCapturerTakesTheTable(t *testing.T) {
	for _, takes := range []bool{true, false} {
		flags := bc.CapturesFlags(0)
		if takes {
			flags = bc.LastCapturerTakes
		}
		prog := tinyCapture(flags)
		st := scenario(t, prog, dealt(t, prog, [][]string{{"2H"}, {"5D"}}, "5C"))
		apply(t, st, "capture 5D #0") // a sweep: seat 0 still holds a card
		apply(t, st, "trail 2H")
		if !st.IsTerminal() || st.Winners() != 0b10 || st.Score(1) != 1 {
			t.Fatalf("winners %b, score %d", st.Winners(), st.Score(1))
		}
		if takes {
			wantPile(t, st, scWon, 1, "5D 5C 2H")
			wantPile(t, st, scTable, 0, "")
		} else {
			wantPile(t, st, scWon, 1, "5D 5C")
			wantPile(t, st, scTable, 0, "2H")
		}
	}
}

func TestScopaEndOfHandPoints(t *testing.T) {
	prog := seeds.Scopa()
	st := New(prog, 1)
	const won0, won1 = 4, 5 // pile indices: stock 0, table 1, hands 2-3, won 4-5
	for _, tc := range []struct {
		name, won0, won1 string
		score0, score1   int
	}{
		// Cards 7-9: seat 1. Diamonds 4-2: seat 0. The 7D: seat 0.
		// Primiera 7D 7C 6H AS = 21+21+18+16 = 76 against 7H 7S 6D 6C = 78: seat 1.
		{"each two", "7D 7C 6H AS KD QD JD", "7H 7S 6D 6C 5H 4S 3C 2D 2S", 2, 2},
		// Cards 7-7: nobody. Seat 1 has no club: it cannot win the primiera.
		{"tie and missing suit", "7D 7C 6H AS KD QD JD", "7H 7S 6D 5H 4S 2D 2S", 3, 0},
		// Nothing captured: nobody scores.
		{"empty", "", "", 0, 0},
	} {
		arrange(t, st, map[int]string{0: restOf(prog, tc.won0, tc.won1), won0: tc.won0, won1: tc.won1})
		st.cp.sweeps = [bc.MaxPlayers]uint8{}
		if a, b := st.Score(0), st.Score(1); a != tc.score0 || b != tc.score1 {
			t.Fatalf("%s: scores %d %d, want %d %d", tc.name, a, b, tc.score0, tc.score1)
		}
	}
	st.cp.sweeps[0] = 2 // two sweeps: 2 points more
	if st.Score(0) != 2 {
		t.Fatalf("two sweeps score %d", st.Score(0))
	}
}

// GOPS zones and the bid test helpers.
const gHand, gPrizes, gPrize, gBid, gWon, gDiscard = 1, 2, 3, 4, 5, 6

func TestGOPSBidsStayHiddenUntilAllHaveBid(t *testing.T) {
	st := New(seeds.GOPS(), 5)
	expect(t, st, 0, "bid 2S bid 3S bid 4S bid 5S bid 6S bid 7S bid 8S bid 9S bid 10S bid JS bid QS bid KS bid AS")
	if st.Phase() != game.Bidding || len(st.Prize(nil)) != 1 {
		t.Fatalf("phase %d prize %v", st.Phase(), st.Prize(nil))
	}
	high, low := st.CloneState(), st.CloneState()
	apply(t, high, "bid KS")
	apply(t, low, "bid 2S")
	// Seat 1, the second chooser, sees the same in both games.
	if high.CurrentPlayer() != 1 || low.CurrentPlayer() != 1 {
		t.Fatal("seat 1 must bid second")
	}
	if a, b := high.InfoString(1), low.InfoString(1); a != b {
		t.Fatalf("seat 1's information differs with seat 0's bid:\n%s\n---\n%s", a, b)
	}
	for _, pair := range [][2]string{
		{cardsString(high.Hand(nil)), cardsString(low.Hand(nil))},
		{cardsString(high.Prize(nil)), cardsString(low.Prize(nil))},
		{movesString(high.LegalMoves(nil)), movesString(low.LegalMoves(nil))},
	} {
		if pair[0] != pair[1] {
			t.Fatalf("seat 1's observation differs: %q vs %q", pair[0], pair[1])
		}
	}
	if !strings.Contains(high.InfoString(1), "(zone 4 owner 0) 1 cards: +1 unseen") {
		t.Fatalf("seat 1 should see one unseen card in seat 0's bid pile:\n%s", high.InfoString(1))
	}
	// Determinize for seat 1: seat 0's bid is any of its spades.
	rng := splitmix.New(3)
	count := map[cards.Card]int{}
	const worlds = 260
	for i := 0; i < worlds; i++ {
		w := high.Determinize(1, &rng, nil).(*State)
		bid := w.pileOfZone(gBid, 0)
		if bid.len() != 1 || bid.top().Suit() != cards.Spades {
			t.Fatalf("world bid pile %q", pileString(bid))
		}
		count[bid.top()]++
		if w.InfoString(1) != high.InfoString(1) {
			t.Fatal("world's information differs")
		}
	}
	if len(count) != 13 || count[cards.MustParse("KS")] > 3*worlds/13 {
		t.Fatalf("worlds' bids %v: the true bid KS is favoured or spades are missing", count)
	}
	// Seat 0 itself knows its bid.
	if !strings.Contains(high.InfoString(0), "KS") {
		t.Fatal("seat 0 does not know its own bid")
	}
	// Open bids are seen: the same test tells the two games apart.
	open := seeds.GOPS()
	open.Turn[0].BidRules = bc.BidOpen
	o := New(open, 5)
	oh, ol := o.CloneState(), o.CloneState()
	apply(t, oh, "bid KS")
	apply(t, ol, "bid 2S")
	if oh.InfoString(1) == ol.InfoString(1) {
		t.Fatal("open bids are not seen")
	}
}

func cardsString(cs []cards.Card) string {
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return strings.Join(out, " ")
}

func movesString(ms []game.Move) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.String())
	}
	return strings.Join(out, " ")
}

func TestGOPSRevealAndTies(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tie   bc.BidTie
		rules bc.BidRules
	}{{"discard", bc.TieDiscard, 0}, {"carry over", bc.TieCarryOver, 0}, {"lowest wins", bc.TieDiscard, bc.BidLowestWins}} {
		prog := seeds.GOPS()
		prog.Turn[0].Tie, prog.Turn[0].BidRules = tc.tie, tc.rules
		st := New(prog, 9)
		first := st.pileOfZone(gPrize, 0).top()
		// Round 1: a tie (5S against 5H).
		apply(t, st, "bid 5S")
		apply(t, st, "bid 5H")
		wantPile(t, st, gBid, 0, "")
		wantPile(t, st, gBid, 1, "")
		if !strings.Contains(st.InfoString(1), "5S") || !strings.Contains(st.InfoString(0), "5H") {
			t.Fatal("revealed bids are not public")
		}
		second := st.pileOfZone(gPrize, 0).top()
		switch tc.tie {
		case bc.TieDiscard:
			wantPile(t, st, gPrize, 0, second.String())
			wantPile(t, st, gDiscard, 0, "5S 5H "+first.String())
		case bc.TieCarryOver:
			wantPile(t, st, gPrize, 0, first.String()+" "+second.String())
			wantPile(t, st, gDiscard, 0, "5S 5H")
		}
		// Round 2: KS against 2H: seat 0 wins, unless the lowest wins.
		apply(t, st, "bid KS")
		apply(t, st, "bid 2H")
		winner, loser := 0, 1
		if tc.rules&bc.BidLowestWins != 0 {
			winner, loser = 1, 0
		}
		want := second.String()
		if tc.tie == bc.TieCarryOver {
			want = second.String() + " " + first.String() // both prizes, taken from the top down
		}
		wantPile(t, st, gWon, winner, want)
		wantPile(t, st, gWon, loser, "")
		if st.CardsTotal() != prog.DeckSize() {
			t.Fatal("cards not conserved")
		}
	}
}

// Determinize keeps every seat's information on random capture and bid
// programs (the checks of TestDeterminizeKeepsInformation).
func TestDeterminizeCapturePrograms(t *testing.T) {
	for i := 0; i < 40; i++ {
		prog := progen.RandomCaptures(uint64(i), 150)
		rng := splitmix.New(7)
		var world game.State
		for seed := uint64(0); seed < 3; seed++ {
			st := New(prog, seed)
			for step := 0; !st.IsTerminal(); step++ {
				if step%3 == 0 {
					world = checkDeterminize(t, st, &rng, world)
				}
				mv := st.LegalMoves(nil)
				if err := st.Apply(mv[st.Intn(len(mv))]); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
