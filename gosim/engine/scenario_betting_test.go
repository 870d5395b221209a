package engine

import (
	"fmt"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/progen"
	"darwindeck/gosim/internal/seeds"
	"darwindeck/gosim/splitmix"
)

// Rule-level tests of betting games with hand-built deals
// (docs/genome-betting.md). dealt() hands seat 1 the first card (the dealer
// is seat 0); the cards after the hands are the stock, top first.

func stacks(st *State) []int32 { return append([]int32(nil), st.b.stack[:st.r.players]...) }

func wantStacks(t *testing.T, st *State, want ...int32) {
	t.Helper()
	got := stacks(st)
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("stacks %v, want %v", got, want)
		}
	}
}

// oneRound is a 3-player poker game with one limit betting round of 40
// chips and a showdown of five-card hands, no ante or blinds.
func oneRound() *bc.Program {
	p := seeds.FiveCardDraw()
	p.Players = 3
	p.Turn = []bc.Phase{p.Turn[0], p.Turn[3]}
	b := *p.Betting
	b.Ante, b.Bet = 0, 40
	p.Betting = &b
	return p
}

func TestSidePotsWithTwoAllIns(t *testing.T) {
	prog := oneRound()
	deck := dealt(t, prog, [][]string{
		split("2C 3D 5H 8S 9C"), // seat 0: nine high, the worst
		split("AC AD AH AS 4C"), // seat 1: four aces, the best
		split("KC KD KH QS QC"), // seat 2: kings full, second
	})
	st := scenario(t, prog, deck)
	st.b.stack = [bc.MaxPlayers]int32{100, 10, 30}
	total := st.ChipsTotal()
	expect(t, st, 1, "check bet 10") // 40 capped at the stack: all in
	apply(t, st, "bet 10")
	expect(t, st, 2, "fold call bet 30")
	apply(t, st, "bet 30")
	// Nobody else can bet: seat 0 may only call or fold.
	expect(t, st, 0, "fold call")
	apply(t, st, "call")
	// Main pot 3 x 10 to seat 1; side pot 2 x 20 to seat 2 (seat 1 is not
	// in it); seat 0 loses its 30. The next hand has begun.
	if st.HandsDealt() != 1 {
		t.Fatalf("hands dealt %d", st.HandsDealt())
	}
	wantStacks(t, st, 70, 30, 40)
	if st.ChipsTotal() != total {
		t.Fatalf("chips %d, had %d", st.ChipsTotal(), total)
	}
}

func TestSplitPotOddChipFromDealersLeft(t *testing.T) {
	prog := oneRound()
	b := *prog.Betting
	b.Ante = 1
	prog.Betting = &b
	deck := dealt(t, prog, [][]string{
		split("2C 3D 5H 8S 9C"), // seat 0: nine high
		split("AC KD QH JS 9D"), // seat 1: ace high
		split("AD KC QS JH 9H"), // seat 2: the same ace high
	})
	st := scenario(t, prog, deck)
	// Antes 3; seat 1 bets 40, seat 2 calls, seat 0 folds: pot 83.
	apply(t, st, "bet 40")
	apply(t, st, "call")
	expect(t, st, 0, "fold call bet 80")
	apply(t, st, "fold")
	// 83 split: 41 each and the odd chip to seat 1, left of the dealer.
	// Stacks 99-40+42 and 99-40+41, less the next hand's antes.
	wantStacks(t, st, 98, 100, 99)
}

func TestFoldWinNeverReachesTheShowdown(t *testing.T) {
	prog := seeds.FiveCardDraw()
	deck := dealt(t, prog, [][]string{
		split("AC AD AH AS KC"),   // seat 0: four aces
		split("2C 3D 5H 8S 9C"),   // seat 1: nine high
		split("KD KH QS QC QD"),   // seat 2
		split("JC JD JH 10S 10C"), // seat 3
	})
	st := scenario(t, prog, deck)
	expect(t, st, 1, "check bet 2")
	apply(t, st, "bet 2")
	apply(t, st, "fold")
	apply(t, st, "fold")
	expect(t, st, 0, "fold call bet 4")
	// Just before the last fold nobody but seat 1 knows seat 1's cards.
	if c := cards.MustParse("9C"); st.know.row(0)[c].single() {
		t.Fatal("seat 0 knows seat 1's 9C before any showdown")
	}
	apply(t, st, "fold")
	// Seat 1's nine high takes the antes and its bet back, without a
	// showdown that four aces would win: 100 - 1 - 2 + 6, then the next
	// hand's ante.
	wantStacks(t, st, 98, 102, 98, 98)
	if st.HandsDealt() != 1 {
		t.Fatalf("hands dealt %d", st.HandsDealt())
	}
}

func TestDrawToImprove(t *testing.T) {
	prog := seeds.FiveCardDraw()
	deck := dealt(t, prog, [][]string{
		split("2C 3D 5H 8S 9C"),
		split("AC AD 7H 4S 3C"), // seat 1 keeps its aces
		split("KD KH QS QC QD"),
		split("JC JD JH 10S 10C"),
	}, "AH", "AS", "6D", "6H", "6S")
	st := scenario(t, prog, deck)
	for i := 0; i < 4; i++ {
		apply(t, st, "check")
	}
	// Seat 1 first: stand pat or throw 1, 2 or 3 of its 5 cards.
	if st.CurrentPlayer() != 1 || len(st.LegalMoves(nil)) != 1+5+10+10 {
		t.Fatalf("seat %d with %d discard moves; want seat 1 with 26", st.CurrentPlayer(), len(st.LegalMoves(nil)))
	}
	// The hand in card-id order (clubs, diamonds, hearts, spades) is
	// 3C AC AD 7H 4S: bits 0, 3 and 4 throw 3C 7H 4S.
	apply(t, st, "discard 3:11001")
	const hand, discard = 1, 2
	if got := pileString(st.pileOfZone(hand, 1)); got != "AC AD AH AS 6D" {
		t.Fatalf("seat 1 hand after the draw = %s", got)
	}
	if got := pileString(st.pileOfZone(discard, 0)); got != "3C 7H 4S" {
		t.Fatalf("discards = %s", got)
	}
	// The discards went face down: seat 1 knows where they are, seat 2 does not.
	if c := cards.MustParse("7H"); !st.know.row(1)[c].single() || st.know.row(2)[c].single() {
		t.Fatal("the discarded 7H is known to the wrong seats")
	}
	if st.CurrentPlayer() != 2 {
		t.Fatalf("seat %d draws next, want 2", st.CurrentPlayer())
	}
	apply(t, st, "discard 0:0") // stand pat
	apply(t, st, "discard 0:0")
	apply(t, st, "discard 0:0")
	expect(t, st, 1, "check bet 4") // the second round bets the big bet
}

func TestHoldemBlindsAndOrder(t *testing.T) {
	prog := seeds.TexasHoldem()
	deck := dealt(t, prog, [][]string{
		split("2C 3D"), split("AC AD"), split("KD KH"), split("JC JD"),
	}, "2H", "7S", "9D", "4C", "5C")
	st := scenario(t, prog, deck)
	// Seat 1 posted the small blind, seat 2 the big; seat 3 acts first.
	wantStacks(t, st, 200, 199, 198, 200)
	expect(t, st, 3, "fold call bet 4")
	apply(t, st, "call")
	apply(t, st, "call")
	apply(t, st, "call")
	// The big blind has the option.
	expect(t, st, 2, "check bet 4")
	apply(t, st, "check")
	const board = 2
	if got := pileString(st.pileOfZone(board, 0)); got != "2H 7S 9D" {
		t.Fatalf("flop = %s", got)
	}
	// After the flop the seat left of the dealer acts first.
	expect(t, st, 1, "check bet 2")
	for i := 0; i < 4; i++ {
		apply(t, st, "check")
	}
	expect(t, st, 1, "check bet 4") // the turn: the big bet
	if got := pileString(st.pileOfZone(board, 0)); got != "2H 7S 9D 4C" {
		t.Fatalf("board after the turn = %s", got)
	}
	for i := 0; i < 8; i++ {
		apply(t, st, "check")
	}
	// Showdown: the aces of seat 1 win the 8 chips; then the next hand's
	// blinds (dealer seat 1: seat 2 small, seat 3 big).
	wantStacks(t, st, 198, 206, 197, 196)
}

func TestHeadsUpDealerPostsTheSmallBlind(t *testing.T) {
	prog := seeds.TexasHoldem()
	prog.Players = 2
	deck := dealt(t, prog, [][]string{split("2C 3D"), split("AC AD")})
	st := scenario(t, prog, deck)
	wantStacks(t, st, 199, 198)
	expect(t, st, 0, "fold call bet 4") // the dealer acts first before the flop
	apply(t, st, "call")
	expect(t, st, 1, "check bet 4")
	apply(t, st, "check")
	expect(t, st, 1, "check bet 2") // and last after it
}

func TestPotLimitMenu(t *testing.T) {
	prog := seeds.TexasHoldem()
	b := *prog.Betting
	b.Structure = bc.PotLimit
	prog.Betting = &b
	deck := dealt(t, prog, [][]string{split("2C 3D"), split("AC AD"), split("KD KH"), split("JC JD")})
	st := scenario(t, prog, deck)
	// To call 2 into a pot of 3: the minimum raise to 4 (half the pot
	// after the call, 2 + 5/2, is below it) and the pot, 2 + 5.
	expect(t, st, 3, "fold call bet 4 bet 7")
	apply(t, st, "bet 7")
	// Seat 0: to call 7 into 10: minimum 7 + 5, half 7 + 17/2, pot 7 + 17.
	expect(t, st, 0, "fold call bet 12 bet 15 bet 24")
}

// blackjack returns the seed with n players.
func blackjack(n int) *bc.Program {
	p := seeds.Blackjack()
	p.Players = n
	return p
}

func TestBlackjackDealerHitsBelow17AndPlayersBust(t *testing.T) {
	prog := blackjack(2)
	deck := dealt(t, prog, [][]string{
		split("10C 8D"), // seat 0: 18
		split("10H 6D"), // seat 1: hard 16
	}, "10S", "6C", "KC", "5D") // dealer 10 up, 6 down; then the stock
	st := scenario(t, prog, deck)
	expect(t, st, 1, "hit stand")
	apply(t, st, "hit") // KC: 26, bust
	expect(t, st, 0, "hit stand")
	apply(t, st, "stand")
	// The dealer's 16 draws 5D: 21. Seat 0's 18 loses, seat 1 had bust.
	wantStacks(t, st, 96, 96) // 100 - 2, and the next hand's stake
}

func TestBlackjackDealerBustsAndBustedPlayersStillLose(t *testing.T) {
	prog := blackjack(2)
	deck := dealt(t, prog, [][]string{
		split("10C 2D"), // seat 0: 12
		split("10H 6D"), // seat 1: 16
	}, "10S", "6C", "KC", "9D")
	st := scenario(t, prog, deck)
	apply(t, st, "hit")   // seat 1 takes KC: bust
	apply(t, st, "stand") // seat 0 stands on 12
	// The dealer's 16 takes 9D: bust. Seat 0 wins 2; seat 1 lost anyway.
	wantStacks(t, st, 102-2, 98-2)
}

func TestBlackjackSoft17AndNatural(t *testing.T) {
	for _, hitSoft := range []bool{false, true} {
		prog := blackjack(2)
		b := *prog.Betting
		b.HitSoft = hitSoft
		prog.Betting = &b
		deck := dealt(t, prog, [][]string{
			split("10C 8D"), // seat 0: 18
			split("AH KD"),  // seat 1: a natural, does not play
		}, "AS", "6C", "4D") // dealer A up, 6 down: soft 17
		st := scenario(t, prog, deck)
		expect(t, st, 0, "hit stand")
		apply(t, st, "stand")
		// The natural is paid 3:2 (3 chips on a stake of 2). Standing on
		// soft 17 the dealer loses to 18; hitting it, A 6 4 makes 21.
		if hitSoft {
			wantStacks(t, st, 98-2, 103-2)
		} else {
			wantStacks(t, st, 102-2, 103-2)
		}
	}
}

func TestBlackjackNaturalAgainstNaturalPushes(t *testing.T) {
	prog := blackjack(2)
	deck := dealt(t, prog, [][]string{
		split("10C 10D"), // seat 0: 20
		split("AH KD"),   // seat 1: a natural
	}, "AS", "QC") // dealer natural
	st := scenario(t, prog, deck)
	apply(t, st, "stand")
	// The dealer's natural beats 20 and pushes the natural.
	wantStacks(t, st, 98-2, 100-2)
}

func TestBankerHoleCardIsHidden(t *testing.T) {
	prog := blackjack(2)
	deck := dealt(t, prog, [][]string{split("10C 2D"), split("10H 6D")}, "10S", "6C")
	st := scenario(t, prog, deck)
	up, hole := cards.MustParse("10S"), cards.MustParse("6C")
	for seat := 0; seat < 2; seat++ {
		if !st.know.row(seat)[up].single() || st.know.row(seat)[hole].single() {
			t.Fatalf("seat %d: the up card must be known and the hole card not", seat)
		}
	}
	if v := st.Betting(); v.BankerUp != up {
		t.Fatalf("banker up card %v, want 10S", v.BankerUp)
	}
}

// Determinize on random betting programs: every seat's information is
// kept (no hole card, folded hand or face-down discard leaks into a world)
// and worlds play on to the end.
func TestDeterminizeBettingPrograms(t *testing.T) {
	n := 40
	if testing.Short() {
		n = 10
	}
	for i := 0; i < n; i++ {
		prog := progen.RandomBetting(uint64(1000+i), 10)
		prog.TurnCap = 1000 // worlds are played to the end within 8 moves per turn
		t.Run(fmt.Sprint(i), func(t *testing.T) {
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
		})
	}
}

// The observation shows only what the player to move may see: a hidden
// board (cards could reach it face down) and a face-down hand stay unseen.
func TestBettingObservationHidesFaceDownCards(t *testing.T) {
	prog := seeds.TexasHoldem()
	prog.Zones = append([]bc.Zone(nil), prog.Zones...)
	const hand, board = 1, 2
	deck := dealt(t, prog, [][]string{split("2C 3D"), split("AC AD"), split("KD KH"), split("JC JD")},
		"2H", "7S", "9D")
	st := scenario(t, prog, deck)
	for i := 0; i < 4; i++ {
		apply(t, st, map[bool]string{true: "check", false: "call"}[i == 3])
	}
	if v := st.Betting(); v.BoardN != 3 || v.Board[0] != cards.MustParse("2H") || len(st.Hand(nil)) != 2 {
		t.Fatalf("public board %v (%d), hand %v", v.Board, v.BoardN, st.Hand(nil))
	}
	prog.Zones[board].Visibility = bc.Hidden
	prog.Zones[hand].Visibility = bc.Hidden
	st = scenario(t, prog, deck)
	for i := 0; i < 4; i++ {
		apply(t, st, map[bool]string{true: "check", false: "call"}[i == 3])
	}
	if v := st.Betting(); v.BoardN != 0 || len(st.Hand(nil)) != 0 {
		t.Fatalf("hidden board shows %d cards, face-down hand %v", v.BoardN, st.Hand(nil))
	}
}

// At a showdown the hands still in are turned up for everyone and a
// folded hand never is (the last hand of a match: knowledge is kept).
func TestShowdownRevealsOnlyHandsStillIn(t *testing.T) {
	prog := oneRound()
	b := *prog.Betting
	b.MaxHands = 1
	prog.Betting = &b
	deck := dealt(t, prog, [][]string{
		split("2C 3D 5H 8S 9C"), // seat 0 folds
		split("AC AD AH AS 4C"),
		split("KC KD KH QS QC"),
	})
	st := scenario(t, prog, deck)
	apply(t, st, "bet 40")
	apply(t, st, "call")
	apply(t, st, "fold")
	if !st.IsTerminal() {
		t.Fatal("the one-hand match did not end")
	}
	for seat := 0; seat < 3; seat++ {
		if c := cards.MustParse("KH"); !st.know.row(seat)[c].single() {
			t.Fatalf("seat %d did not see seat 2's shown KH", seat)
		}
	}
	if c := cards.MustParse("9C"); st.know.row(1)[c].single() || st.know.row(2)[c].single() {
		t.Fatal("seat 0's folded 9C was shown")
	}
	wantStacks(t, st, 100, 140, 60)
	if st.Winners() != 1<<1 {
		t.Fatalf("winners %b", st.Winners())
	}
}

// An all-in raise short of a full raise does not reopen the betting: the
// seat that bet before it may only call or fold; a seat yet to act may
// still raise.
func TestShortAllInDoesNotReopenBetting(t *testing.T) {
	prog := oneRound()
	deck := dealt(t, prog, [][]string{
		split("2C 3D 5H 8S 9C"),
		split("AC AD AH AS 4C"),
		split("KC KD KH QS QC"),
	})
	st := scenario(t, prog, deck)
	st.b.stack = [bc.MaxPlayers]int32{100, 100, 50}
	apply(t, st, "bet 40")
	expect(t, st, 2, "fold call bet 50") // all in: 10 more, short of a full raise of 40
	apply(t, st, "bet 50")
	expect(t, st, 0, "fold call bet 90") // seat 0 has not acted: it may raise
	apply(t, st, "call")
	expect(t, st, 1, "fold call") // seat 1 bet before the short raise
	apply(t, st, "call")
	// Seat 1's four aces take the pot of 3 x 50.
	wantStacks(t, st, 50, 200, 0)
}

func TestNoLimitMenuAddsAllIn(t *testing.T) {
	prog := seeds.TexasHoldem()
	b := *prog.Betting
	b.Structure = bc.NoLimit
	prog.Betting = &b
	deck := dealt(t, prog, [][]string{split("2C 3D"), split("AC AD"), split("KD KH"), split("JC JD")})
	st := scenario(t, prog, deck)
	// The pot-limit sizes (to 4 and to 7) and all 200 chips.
	expect(t, st, 3, "fold call bet 4 bet 7 bet 200")
	apply(t, st, "bet 200")
	// Seat 0 has no more than the 200 to call: it calls all in or folds.
	expect(t, st, 0, "fold call")
}
