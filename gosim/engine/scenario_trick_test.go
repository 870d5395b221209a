package engine

import (
	"fmt"
	"math"
	"strings"
	"testing"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/internal/seeds"
)

// Rule-level scenarios of trick-taking hands (docs/genome-tricks.md): each
// fixes the deal (dealt gives seat 1, 2, 3, 0 one card each per round, the
// dealer being seat 0), names every card played and checks the player to
// move, the legal moves and the trick winners.

const (
	tkHand, tkWon = 1, 3
)

// checkTrickSums checks that the tricks credited add up to the tricks played.
func checkTrickSums(t *testing.T, st *State) {
	t.Helper()
	sum := 0
	for seat := 0; seat < st.r.players; seat++ {
		sum += int(st.tk.tricks[seat])
	}
	if sum != int(st.tk.played) {
		t.Fatalf("tricks credited %v add up to %d, %d played", st.tk.tricks, sum, st.tk.played)
	}
}

func TestWhistTrumpOffSuitOvertrumpAndLeader(t *testing.T) {
	prog := seeds.Whist()
	prog.Match.TargetScore = 100 // the match goes on after the first hand
	deck := dealt(t, prog, [][]string{
		split("AC KC QC JC 10C 9C 8C 7C 6C 5C 4C 3C 2S"), // dealer: the last card, 2S, is shown
		split("2C 3S 4S 5S 6S 7S 8S 9S 2D 3D 4D 5D 6D"),
		split("7D 8D 9D 10D JD QD KD AD 2H 3H 4H 5H 6H"),
		split("7H 8H 9H 10H JH QH KH AH 10S JS QS KS AS"),
	})
	st := scenario(t, prog, deck)
	if st.trump != cards.Spades || st.TrumpSuit() != cards.Spades {
		t.Fatalf("trump %v, want spades (the dealer's last card)", st.trump)
	}
	// Everyone knows the dealer holds the 2S.
	for p := 0; p < 4; p++ {
		if row := st.know.row(p); !row[cards.MustParse("2S")].single() {
			t.Fatalf("seat %d does not know where the shown trump card is", p)
		}
	}
	expect(t, st, 1, "2C 2D 3D 4D 5D 6D 3S 4S 5S 6S 7S 8S 9S") // left of the dealer leads anything
	apply(t, st, "2C")
	apply(t, st, "AD") // off suit: never wins, however high
	apply(t, st, "AH")
	expect(t, st, 0, "3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC") // must follow clubs
	apply(t, st, "3C")
	if st.tk.tricks[0] != 1 || st.CurrentPlayer() != 0 {
		t.Fatalf("3C should take the trick and lead: tricks %v, to move %d", st.tk.tricks, st.CurrentPlayer())
	}
	checkTrickSums(t, st)
	apply(t, st, "AC")
	apply(t, st, "3S") // a trump beats the led suit
	if w, _ := st.TrickWinning(); w != 1 {
		t.Fatalf("winning card index %d, want 1 (the trump)", w)
	}
	apply(t, st, "2H")
	apply(t, st, "10S") // over-trump
	if st.tk.tricks[3] != 1 || st.CurrentPlayer() != 3 {
		t.Fatalf("10S should over-trump and lead: tricks %v, to move %d", st.tk.tricks, st.CurrentPlayer())
	}
	if got := pileString(st.pileOfZone(tkWon, 3)); got != "10S 2H 3S AC" {
		t.Fatalf("seat 3 won %q", got)
	}
	checkTrickSums(t, st)
	// Partners share tricks.
	if st.Score(1) != 1 || st.Score(3) != 1 || st.Score(0) != 1 || st.Score(2) != 1 {
		t.Fatalf("side tricks %d %d %d %d, want 1 each", st.Score(0), st.Score(1), st.Score(2), st.Score(3))
	}
	// Play the hand out: every trick is credited at once and 13 are played.
	var buf []game.Move
	for st.HandsPlayed() == 0 {
		buf = st.LegalMoves(buf)
		if st.tk.played == 12 && st.trickLen == 3 {
			checkTrickSums(t, st)
		}
		if err := st.Apply(buf[0]); err != nil {
			t.Fatal(err)
		}
		if st.HandsPlayed() == 0 {
			checkTrickSums(t, st)
		}
	}
	tot := st.x.totals
	if tot[0] != tot[2] || tot[1] != tot[3] || tot[0]+tot[1] == 0 {
		t.Fatalf("totals %v: partners must share, and 13 tricks give one side a score", tot)
	}
	// The dealer rotates: seat 1 dealt, seat 2 leads, trump is seat 1's last card.
	if st.x.dealer != 1 || st.CurrentPlayer() != 2 {
		t.Fatalf("dealer %d, to move %d; want 1 and 2", st.x.dealer, st.CurrentPlayer())
	}
	if ex := st.tk.exposed; !st.pileOfZone(tkHand, 1).set.has(ex) || st.trump != ex.Suit() {
		t.Fatalf("shown card %v not in the new dealer's hand or not trump (%v)", ex, st.trump)
	}
}

func TestHeartsFirstTrickPointsOnlyWhenUnavoidable(t *testing.T) {
	prog := heartsOneHand()
	deck := dealt(t, prog, [][]string{
		split("2C 3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS KS AS 2H"),
		split("QS 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH"),
	})
	st := scenario(t, prog, deck)
	apply(t, st, "2C")
	apply(t, st, "2D")
	// Void in clubs with points and other cards: no heart, no QS.
	expect(t, st, 2, "2S 3S 4S 5S 6S 7S 8S 9S 10S JS KS AS")
	apply(t, st, "2S")
	// Void in clubs with nothing but points: anything.
	expect(t, st, 3, "3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH QS")
	apply(t, st, "QS")
	if st.Score(0) != 13 || st.CurrentPlayer() != 0 {
		t.Fatalf("seat 0 should take the QS and lead: score %d, to move %d", st.Score(0), st.CurrentPlayer())
	}
	// After the first trick points may be played: seat 2 may now throw its heart.
	apply(t, st, "3C")
	apply(t, st, "3D")
	expect(t, st, 2, "2H 3S 4S 5S 6S 7S 8S 9S 10S JS KS AS")
}

func TestHeartsPassingRotatesAndIsPrivate(t *testing.T) {
	prog := seeds.Hearts()
	deck := dealt(t, prog, [][]string{
		split("3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC 2H"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS QS KS AS"),
		split("2C 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH"),
	})
	st := scenario(t, prog, deck)
	if st.Phase() != game.Passing || st.CurrentPlayer() != 1 || len(st.LegalMoves(nil)) != 13 {
		t.Fatalf("want seat 1 passing one of 13 cards, got phase %d seat %d", st.Phase(), st.CurrentPlayer())
	}
	picks := map[int][]string{1: {"AD", "KD", "QD"}, 2: {"AS", "KS", "QS"}, 3: {"2C", "AH", "KH"}, 0: {"AC", "KC", "2H"}}
	for _, seat := range []int{1, 2, 3, 0} {
		for _, c := range picks[seat] {
			if st.CurrentPlayer() != seat {
				t.Fatalf("seat %d to pass, want %d", st.CurrentPlayer(), seat)
			}
			apply(t, st, "pass "+c)
		}
		if seat == 1 {
			// Seat 1's choices are its own: seat 3 does not know them.
			if st.know.row(3)[cards.MustParse("AD")].single() {
				t.Fatal("seat 3 knows where seat 1 put the AD")
			}
		}
	}
	// First hand: to the left. Seat 0 received seat 3's 2C and leads it.
	for seat, from := range map[int]int{2: 1, 3: 2, 0: 3, 1: 0} {
		hand := st.pileOfZone(tkHand, seat).set
		for _, c := range picks[from] {
			if !hand.has(cards.MustParse(c)) {
				t.Fatalf("seat %d did not receive %s from seat %d", seat, c, from)
			}
		}
	}
	expect(t, st, 0, "2C")
	if st.tk.exposed != cards.None {
		t.Fatalf("the dealer's last card %v is noted (public) in a game without a dealer-card trump", st.tk.exposed)
	}
	// The passer and the receiver know where the QS is; seat 1 does not.
	qs := cards.MustParse("QS")
	if !st.know.row(2)[qs].single() || !st.know.row(3)[qs].single() || st.know.row(1)[qs].single() {
		t.Fatal("knowledge of the passed QS is wrong")
	}
	for _, line := range strings.Split(st.InfoString(1), "\n") {
		if strings.HasPrefix(line, "pile") && strings.Contains(line, " QS") {
			t.Fatalf("seat 1's view shows the QS: %s", line)
		}
	}
	// The next hand passes to the right.
	st.x.hands = 1
	if st.passDir() != bc.PassRight || st.passTarget(0) != 3 {
		t.Fatalf("hand 2 passes %v, seat 0 to %d", st.passDir(), st.passTarget(0))
	}
	st.x.hands = 2
	if st.passTarget(0) != 2 {
		t.Fatal("hand 3 passes across")
	}
	st.x.hands = 3
	if st.passDir() != bc.PassNone {
		t.Fatal("hand 4 does not pass")
	}
}

// arrangeWon puts the named cards into the seats' won piles and every other
// card into the stock, then recounts.
func arrangeWon(t *testing.T, st *State, won map[int]string) {
	t.Helper()
	for i := range st.piles {
		st.piles[i].clear()
	}
	used := map[cards.Card]bool{}
	for seat, s := range won {
		for _, c := range split(s) {
			card := cards.MustParse(c)
			used[card] = true
			st.piles[st.r.pileOf(tkWon, seat)].pushTop(card)
		}
	}
	for _, c := range st.r.deck {
		if !used[c] {
			st.piles[st.r.base[0]].pushTop(c)
		}
	}
	st.recountHeld()
	st.recomputeScores()
}

func TestHeartsShootingTheMoon(t *testing.T) {
	st := New(seeds.Hearts(), 1)
	arrangeWon(t, st, map[int]string{2: "2H 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH QS", 0: "2C 3C"})
	st.scoreHand()
	if want := [bc.MaxPlayers]int32{26, 26, 0, 26}; st.tk.handPts != want {
		t.Fatalf("moon: hand points %v, want %v", st.tk.handPts, want)
	}
	arrangeWon(t, st, map[int]string{2: "2H 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH QS", 1: "AH"})
	st.scoreHand()
	if want := [bc.MaxPlayers]int32{0, 1, 25, 0}; st.tk.handPts != want {
		t.Fatalf("no moon: hand points %v, want %v", st.tk.handPts, want)
	}
}

func TestSpadesContractNilAndBags(t *testing.T) {
	st := New(seeds.Spades(), 1)
	st.tk.bids = [bc.MaxPlayers]int8{3, 0, 4, 2, -1, -1}
	st.tk.tricks = [bc.MaxPlayers]uint8{4, 1, 3, 5}
	st.tk.played = 13
	st.scoreHand()
	// Side 0+2: bid 7, took 7: 70. Side 1+3: a failed nil (-100) and 2 bid, 5 taken: 20 + 3 bags.
	if want := [bc.MaxPlayers]int32{70, -77, 70, -77}; st.tk.handPts != want {
		t.Fatalf("hand points %v, want %v", st.tk.handPts, want)
	}
	if st.tk.bags[1] != 3 || st.tk.bags[0] != 0 {
		t.Fatalf("bags %v", st.tk.bags)
	}
	// Ten bags cost 100; a made nil scores 100; a set contract loses 10 a trick.
	st.tk.bags[1] = 9
	st.tk.bids = [bc.MaxPlayers]int8{5, 0, 4, 2, -1, -1}
	st.tk.tricks = [bc.MaxPlayers]uint8{4, 0, 3, 6}
	st.scoreHand()
	if want := [bc.MaxPlayers]int32{-90, 100 + 24 - 100, -90, 100 + 24 - 100}; st.tk.handPts != want {
		t.Fatalf("hand points %v, want %v", st.tk.handPts, want)
	}
	if st.tk.bags[1] != 3 {
		t.Fatalf("bags after the penalty %d, want 3", st.tk.bags[1])
	}
}

func TestSpadesNilBidAndBrokenSpades(t *testing.T) {
	prog := seeds.Spades()
	deck := dealt(t, prog, [][]string{
		split("2C 3C 4C 5C 6C 7C 8C 9C 10C JC QC KC AC"),
		split("2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD"),
		split("2H 3H 4H 5H 6H 7H 8H 9H 10H JH QH KH AH"),
		split("2S 3S 4S 5S 6S 7S 8S 9S 10S JS QS KS AS"),
	})
	st := scenario(t, prog, deck)
	if st.Phase() != game.BiddingTricks || st.CurrentPlayer() != 1 {
		t.Fatalf("want seat 1 bidding, got phase %d seat %d", st.Phase(), st.CurrentPlayer())
	}
	expect(t, st, 1, "bid 0 bid 1 bid 2 bid 3 bid 4 bid 5 bid 6 bid 7 bid 8 bid 9 bid 10 bid 11 bid 12 bid 13")
	apply(t, st, "bid 0")
	apply(t, st, "bid 2")
	apply(t, st, "bid 13")
	apply(t, st, "bid 1")
	if b, ok := st.BidOf(1); !ok || b != 0 {
		t.Fatal("seat 1's nil bid is not public")
	}
	// Seat 1 leads; it holds only diamonds. Seat 3 holds only spades: it may lead them.
	expect(t, st, 1, "2D 3D 4D 5D 6D 7D 8D 9D 10D JD QD KD AD")
}

func TestOhHellHookAndExactScore(t *testing.T) {
	st := New(seeds.OhHell(), 5)
	if st.tk.handSize != 10 || st.pileOfZone(tkHand, 0).n != 10 {
		t.Fatalf("first hand deals %d cards", st.tk.handSize)
	}
	apply(t, st, "bid 3")
	apply(t, st, "bid 2")
	apply(t, st, "bid 1")
	// The dealer may not bid 4: the bids would add up to the 10 tricks.
	expect(t, st, 0, "bid 0 bid 1 bid 2 bid 3 bid 5 bid 6 bid 7 bid 8 bid 9 bid 10")
	st.tk.bids = [bc.MaxPlayers]int8{2, 3, 0, 1, -1, -1}
	st.tk.tricks = [bc.MaxPlayers]uint8{2, 4, 0, 4}
	st.scoreHand()
	if want := [bc.MaxPlayers]int32{12, 0, 10, 0}; st.tk.handPts != want {
		t.Fatalf("hand points %v, want %v", st.tk.handPts, want)
	}
	// The second hand deals one card fewer.
	st.x.hands = 1
	st.newHand()
	if st.tk.handSize != 9 || st.pileOfZone(tkHand, 2).n != 9 {
		t.Fatalf("second hand deals %d cards", st.pileOfZone(tkHand, 2).n)
	}
}

func TestEuchreOrderUpAndBowers(t *testing.T) {
	prog := seeds.Euchre()
	deck := dealt(t, prog, [][]string{
		split("QH 10H JC AD KD"),
		split("JD 10C QC KC AC"),
		split("JH 9C 9D 10D QD"),
		split("AH KH 9S 10S JS"),
	}, "9H")
	st := scenario(t, prog, deck)
	expect(t, st, 1, "trump H no trump call")
	apply(t, st, "trump H")
	// The dealer took the 9H (everyone saw it) and discards one of six.
	expect(t, st, 0, "discard JC discard KD discard AD discard 9H discard 10H discard QH")
	apply(t, st, "discard KD")
	if st.tk.makers != 1 || st.trump != cards.Hearts {
		t.Fatalf("makers %d trump %v", st.tk.makers, st.trump)
	}
	expect(t, st, 1, "10C QC KC AC JD")
	apply(t, st, "10C")
	expect(t, st, 2, "9C")
	apply(t, st, "9C")
	apply(t, st, "9S")
	expect(t, st, 0, "JC") // the jack of clubs is not a bower with hearts trump
	apply(t, st, "JC")
	apply(t, st, "AD")
	// Diamonds led: the JD is a heart now, so seat 1 is void in diamonds.
	expect(t, st, 1, "QC KC AC JD")
	apply(t, st, "QC")
	expect(t, st, 2, "9D 10D QD")
	apply(t, st, "9D")
	apply(t, st, "AH") // trump on a diamond lead wins
	if st.CurrentPlayer() != 3 {
		t.Fatalf("the trump should win: to move %d", st.CurrentPlayer())
	}
	apply(t, st, "KH")
	expect(t, st, 0, "9H 10H QH")
	apply(t, st, "9H")
	// Hearts led: the left bower must follow as a heart.
	expect(t, st, 1, "JD")
	apply(t, st, "JD")
	expect(t, st, 2, "JH")
	apply(t, st, "JH")
	// The right bower beats the left bower, which beats the ace and king.
	if st.CurrentPlayer() != 2 || st.tk.tricks != [bc.MaxPlayers]uint8{1, 0, 1, 1} {
		t.Fatalf("to move %d, tricks %v", st.CurrentPlayer(), st.tk.tricks)
	}
	checkTrickSums(t, st)
}

func TestEuchreSecondRoundSticksTheDealer(t *testing.T) {
	st := New(seeds.Euchre(), 3)
	up := st.piles[st.r.base[4]].top()
	for i := 0; i < 4; i++ {
		apply(t, st, "no trump call")
	}
	// The turned card went down, everyone saw it; its suit may not be named now.
	if st.piles[st.r.base[4]].n != 0 || !st.know.row(2)[up].single() {
		t.Fatal("the turned card should be turned down, seen by all")
	}
	for i := 0; i < 3; i++ {
		for _, m := range st.LegalMoves(nil) {
			if m.Kind == game.OrderUp && m.Suit == up.Suit() {
				t.Fatalf("the turned-down suit %v may be named", up.Suit())
			}
		}
		apply(t, st, "no trump call")
	}
	if st.CurrentPlayer() != 0 || len(st.LegalMoves(nil)) != 3 {
		t.Fatalf("the dealer must name one of three suits: %v", st.LegalMoves(nil))
	}
}

func TestEuchreScoring(t *testing.T) {
	st := New(seeds.Euchre(), 1)
	st.tk.played = 5
	for _, c := range []struct {
		makers int8
		tricks [bc.MaxPlayers]uint8
		want   [bc.MaxPlayers]int32
	}{
		{1, [bc.MaxPlayers]uint8{1, 2, 1, 1}, [bc.MaxPlayers]int32{0, 1, 0, 1}},
		{1, [bc.MaxPlayers]uint8{0, 3, 0, 2}, [bc.MaxPlayers]int32{0, 2, 0, 2}}, // march
		{0, [bc.MaxPlayers]uint8{1, 2, 1, 1}, [bc.MaxPlayers]int32{0, 2, 0, 2}}, // euchred
	} {
		st.tk.makers, st.tk.tricks = c.makers, c.tricks
		st.scoreHand()
		if st.tk.handPts != c.want {
			t.Fatalf("makers %d tricks %v: points %v, want %v", c.makers, c.tricks, st.tk.handPts, c.want)
		}
	}
}

func TestKnockoutWhistKnocksOutAndTopTakerNamesTrump(t *testing.T) {
	st := New(seeds.KnockoutWhist(), 2)
	if st.trump == cards.NoSuit || st.piles[st.r.base[4]].n != 1 {
		t.Fatal("the first hand's trump is the turned-up card")
	}
	st.tk.tricks = [bc.MaxPlayers]uint8{3, 0, 4, 0}
	st.tk.played = 7
	if st.scoreHand() {
		t.Fatal("two seats are left: the match goes on")
	}
	if st.tk.knocked != 0b1010 || st.tk.prevTop != 2 {
		t.Fatalf("knocked %b, top taker %d", st.tk.knocked, st.tk.prevTop)
	}
	st.x.hands = 1
	st.newHand()
	for seat, want := range []int{6, 0, 6, 0} {
		if n := st.pileOfZone(tkHand, seat).n; int(n) != want {
			t.Fatalf("seat %d holds %d cards, want %d", seat, n, want)
		}
	}
	if st.Phase() != game.ChoosingTrump || st.CurrentPlayer() != 2 || len(st.LegalMoves(nil)) != 4 {
		t.Fatalf("the top taker names one of four suits: phase %d seat %d", st.Phase(), st.CurrentPlayer())
	}
	apply(t, st, "trump D")
	if st.trump != cards.Diamonds || st.out[1] != true || st.inGame != 2 {
		t.Fatalf("trump %v, out %v", st.trump, st.out)
	}
	st.tk.tricks = [bc.MaxPlayers]uint8{6, 0, 0, 0}
	st.tk.played = 6
	if !st.scoreHand() || st.outcome != game.Win || st.winners != 1 {
		t.Fatalf("the last seat in wins: outcome %d winners %b", st.outcome, st.winners)
	}
}

// binom is C(n, k) as a float64 (exact for the sizes used here).
func binom(n, k int) float64 {
	v := 1.0
	for i := 1; i <= k; i++ {
		v = v * float64(n-k+i) / float64(i)
	}
	return v
}

// Deal statistics of the Whist seed's deal against exact combinatorics.
// The suit-pattern probabilities of a 13-card hand from 52 are the published
// figures of Wikipedia, "Contract bridge probabilities" (hand patterns:
// 4-4-3-2 21.5512%, 5-3-3-2 15.5168%, 4-3-3-3 10.5361%, 5-4-3-1 12.9307%);
// the chance that a hand holds no heart (the Hearts leader's "all but
// hearts" case, and a void in a named suit) is C(39,13)/C(52,13) = 1.2792%.
// 20000 deals, 80000 hands, fixed seeds: the standard error of a rate near
// 0.2 is 0.0014 (hands of one deal are slightly dependent), so the
// tolerance is 5 standard errors of each figure.
func TestWhistDealMatchesCombinatorics(t *testing.T) {
	prog := seeds.Whist()
	r := NewRules(prog)
	st := r.NewState()
	st.SetInfoTracking(false)
	patterns := map[string]int{}
	noHeart, hands := 0, 0
	for seed := uint64(0); seed < 20000; seed++ {
		st.Reset(seed)
		for seat := 0; seat < 4; seat++ {
			var n [cards.NumSuits]int
			p := st.pileOfZone(tkHand, seat)
			if p.n != 13 {
				t.Fatalf("seat %d holds %d cards", seat, p.n)
			}
			for i := 0; i < p.len(); i++ {
				n[p.at(i).Suit()]++
			}
			if n[cards.Hearts] == 0 {
				noHeart++
			}
			for i := range n {
				for j := i + 1; j < len(n); j++ {
					if n[j] > n[i] {
						n[i], n[j] = n[j], n[i]
					}
				}
			}
			patterns[fmt.Sprintf("%d-%d-%d-%d", n[0], n[1], n[2], n[3])]++
			hands++
		}
	}
	within := func(name string, got int, p float64) {
		t.Helper()
		rate := float64(got) / float64(hands)
		se := math.Sqrt(p * (1 - p) / float64(hands))
		if math.Abs(rate-p) > 5*se {
			t.Errorf("%s: %.5f of %d hands, published %.5f (tolerance %.5f)", name, rate, hands, p, 5*se)
		}
	}
	within("4-4-3-2", patterns["4-4-3-2"], 0.215512)
	within("5-3-3-2", patterns["5-3-3-2"], 0.155168)
	within("4-3-3-3", patterns["4-3-3-3"], 0.105361)
	within("5-4-3-1", patterns["5-4-3-1"], 0.129307)
	within("no heart", noHeart, binom(39, 13)/binom(52, 13))
}
