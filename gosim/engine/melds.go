package engine

import (
	"math/bits"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Melds (docs/genome-melds.md): set and run detection and the deadwood
// optimum. A set is SetMin..SetMax cards of one rank, all of different
// suits; a run is RunMin or more cards of one suit in consecutive ranks,
// the ace low (A-2-3), high (Q-K-A) or either as the rules say, never round
// the corner (K-A-2). Deadwood is the sum of the deadwood values of the
// cards in no meld; the solver finds the arrangement of a hand into
// disjoint melds that minimises it, by an exact depth-first search over the
// melds containing the lowest unplaced card (each partition is visited
// once), pruned by the best deadwood found so far. Everything lives in
// fixed arrays on the caller's stack: the search allocates nothing.
//
// Source of the rules: pagat.com, "Gin Rummy" (melds, deadwood, knocking,
// laying off, gin and undercut).

// maxMeldHand is the number of cards the solver arranges; cards of a larger
// hand beyond it count as deadwood (a Gin hand has at most 11).
const maxMeldHand = game.MeldHandMax

// maxMeldCands bounds the candidate melds of a hand: at most 4 suits x 78
// runs of 3+ in 13 positions plus 13 ranks x 5 sets is below it.
const maxMeldCands = 512

// maxMeldTargets bounds the melds of a knocker a seat lays off onto.
const maxMeldTargets = maxMeldHand / 2

// runPositions is the number of positions of a run: the ace low (0), two
// to king (1..12), the ace high (13).
const runPositions = 14

// meldRules is the prepared MELDS section.
type meldRules struct {
	on      bool
	m       bc.Melds
	sets    bool
	runs    bool
	lowAce  bool
	highAce bool
	values  [cards.NumRanks]int8
}

// prepareMelds prepares the melds family's tables of a program.
func (r *Rules) prepareMelds() {
	p := r.prog.Melds
	if p == nil {
		return
	}
	mr := &r.melds
	mr.on, mr.m = true, *p
	mr.sets, mr.runs = p.Kinds&bc.MeldSets != 0, p.Kinds&bc.MeldRuns != 0
	mr.lowAce = p.Ace == bc.AceLowInRuns || p.Ace == bc.AceBothInRuns
	mr.highAce = p.Ace == bc.AceHighInRuns || p.Ace == bc.AceBothInRuns
	for rk := range mr.values {
		mr.values[rk] = int8(p.Values[rk])
	}
	r.goal = game.HigherIsBetter
	r.leader = leadMeldTotals
}

// leadMeldTotals is the leader measure of a rummy game: the match total plus
// the points of the hand (higher is better).
const leadMeldTotals leaderFamily = 40

// value is the deadwood value of card c.
func (mr *meldRules) value(c cards.Card) int { return int(mr.values[c.Rank()]) }

// runPos is the run position of rank rk with the ace low (for the ace, 0)
// or high (13).
func runPos(rk cards.Rank, high bool) int {
	if rk == cards.Ace {
		if high {
			return runPositions - 1
		}
		return 0
	}
	return int(rk) + 1
}

// posRank is the rank at run position pos.
func posRank(pos int) cards.Rank {
	if pos == 0 || pos == runPositions-1 {
		return cards.Ace
	}
	return cards.Rank(pos - 1)
}

// meld is a candidate meld of a hand: its cards (bit i: hand card i) and
// what it is, for laying off onto it.
type meld struct {
	mask  uint32
	run   bool
	suit  cards.Suit // a run's suit
	rank  cards.Rank // a set's rank
	lo    int8       // a run's lowest position
	hi    int8       // a run's highest position
	suits uint8      // a set's suits (bit per suit)
}

// meldTarget is a meld laid on the table that others may lay off onto.
type meldTarget struct {
	run   bool
	suit  cards.Suit
	rank  cards.Rank
	lo    int8
	hi    int8
	suits uint8
	size  uint8
}

// meldSolver finds the best arrangement of one hand. It is used as a local
// variable (on the stack) and reused for several hands.
type meldSolver struct {
	mr    *meldRules
	hand  [maxMeldHand]cards.Card
	n     int
	extra int // deadwood of cards beyond maxMeldHand

	cands [maxMeldCands]meld
	nc    int
	order [maxMeldCands]int16    // candidates by lowest card index
	first [maxMeldHand + 1]int16 // order[first[i]:first[i+1]]: lowest card i
	// at[suit][pos] is the index of a hand card at that run position, or -1.
	at [cards.NumSuits][runPositions]int8

	chosen  [maxMeldTargets]int16
	depth   int
	dead    uint32
	best    int
	bestSet [maxMeldTargets]int16
	bestN   int
	bestDW  uint32 // deadwood cards of the best arrangement

	// Laying off: the melds laid on the table (nil: no laying off).
	targets  *[maxMeldTargets]meldTarget
	nTargets int

	// solveWithout: the least cost of an arrangement leaving card i
	// unmelded, the largest of them, and the node budget left.
	without [maxMeldHand]int32
	ceiling int32
	budget  int32
}

// withoutBudget bounds the search of solveWithout (every arrangement is
// visited); past it the cards are solved one by one.
const withoutBudget = 20000

// solveWithout fills out[i], for every card i of the loaded hand, with the
// least deadwood of the hand without card i: an arrangement of the hand
// without i is an arrangement of the hand leaving i unmelded, so one
// search over every arrangement gives them all (pruned only when no card
// can improve). A hand with too many arrangements is solved card by card.
func (sv *meldSolver) solveWithout(out *[maxMeldHand]int16) {
	all := uint32(1)<<uint(sv.n) - 1
	for i := 0; i < sv.n; i++ {
		sv.without[i] = 1 << 30
	}
	sv.ceiling, sv.budget, sv.depth, sv.dead = 1<<30, withoutBudget, 0, 0
	if sv.dfsAll(all, 0) {
		for i := 0; i < sv.n; i++ {
			out[i] = int16(int(sv.without[i]) - sv.mr.value(sv.hand[i]) + sv.extra)
		}
		return
	}
	for i := 0; i < sv.n; i++ {
		sv.best, sv.bestN, sv.depth, sv.dead = 1<<30, 0, 0, 0
		sv.dfs(all&^(1<<uint(i)), 0)
		out[i] = int16(sv.best + sv.extra)
	}
}

// dfsAll visits every arrangement of the cards of mask; false when the
// budget ran out.
func (sv *meldSolver) dfsAll(mask uint32, cost int32) bool {
	if sv.budget--; sv.budget < 0 {
		return false
	}
	if cost >= sv.ceiling {
		return true
	}
	if mask == 0 {
		improved := false
		for d := sv.dead; d != 0; d &= d - 1 {
			if i := bits.TrailingZeros32(d); cost < sv.without[i] {
				sv.without[i], improved = cost, true
			}
		}
		if improved {
			sv.ceiling = 0
			for i := 0; i < sv.n; i++ {
				sv.ceiling = max(sv.ceiling, sv.without[i])
			}
		}
		return true
	}
	i := bits.TrailingZeros32(mask)
	for k := sv.first[i]; k < sv.first[i+1]; k++ {
		if m := sv.cands[sv.order[k]].mask; m&^mask == 0 && !sv.dfsAll(mask&^m, cost) {
			return false
		}
	}
	bit := uint32(1) << uint(i)
	sv.dead |= bit
	ok := sv.dfsAll(mask&^bit, cost+int32(sv.mr.value(sv.hand[i])))
	sv.dead &^= bit
	return ok
}

// load puts the cards of hand into the solver and lists its candidate melds.
func (sv *meldSolver) load(mr *meldRules, hand []cards.Card) {
	sv.mr, sv.n, sv.extra, sv.nc, sv.targets, sv.nTargets = mr, 0, 0, 0, nil, 0
	for _, c := range hand {
		if sv.n < maxMeldHand {
			sv.hand[sv.n] = c
			sv.n++
		} else {
			sv.extra += mr.value(c)
		}
	}
	for su := range sv.at {
		for p := range sv.at[su] {
			sv.at[su][p] = -1
		}
	}
	for i := 0; i < sv.n; i++ {
		c := sv.hand[i]
		su := c.Suit()
		if mr.lowAce || c.Rank() != cards.Ace {
			if p := runPos(c.Rank(), false); sv.at[su][p] < 0 {
				sv.at[su][p] = int8(i)
			}
		}
		if mr.highAce && c.Rank() == cards.Ace && sv.at[su][runPositions-1] < 0 {
			sv.at[su][runPositions-1] = int8(i)
		}
	}
	if mr.sets {
		sv.listSets()
	}
	if mr.runs {
		sv.listRuns()
	}
	sv.sortCands()
}

// listSets lists every set: SetMin..SetMax cards of one rank of distinct
// suits (of two copies of a face, the first in the hand).
func (sv *meldSolver) listSets() {
	m := &sv.mr.m
	var idx [cards.NumRanks][cards.NumSuits]int8
	var held [cards.NumRanks]uint8 // suits held of each rank
	for i := 0; i < sv.n; i++ {
		c := sv.hand[i]
		rk, su := c.Rank(), c.Suit()
		if held[rk]&(1<<su) == 0 {
			held[rk] |= 1 << su
			idx[rk][su] = int8(i)
		}
	}
	for rk := cards.Rank(0); rk < cards.NumRanks; rk++ {
		h := held[rk]
		if bits.OnesCount8(h) < int(m.SetMin) {
			continue
		}
		for sub := h; sub != 0; sub = (sub - 1) & h {
			if k := bits.OnesCount8(sub); k < int(m.SetMin) || k > int(m.SetMax) || sv.nc >= maxMeldCands {
				continue
			}
			var mask uint32
			for b := sub; b != 0; b &= b - 1 {
				mask |= 1 << uint(idx[rk][bits.TrailingZeros8(b)])
			}
			sv.cands[sv.nc] = meld{mask: mask, rank: rk, suits: sub}
			sv.nc++
		}
	}
}

// listRuns lists every run of RunMin or more consecutive positions of one
// suit (at most 13 cards: never the ace at both ends).
func (sv *meldSolver) listRuns() {
	minLen := int(sv.mr.m.RunMin)
	for su := cards.Suit(0); su < cards.NumSuits; su++ {
		row := &sv.at[su]
		for lo := 0; lo < runPositions; lo++ {
			var mask uint32
			for hi := lo; hi < runPositions && row[hi] >= 0 && hi-lo < cards.NumRanks; hi++ {
				mask |= 1 << uint(row[hi])
				if hi-lo+1 >= minLen && sv.nc < maxMeldCands {
					sv.cands[sv.nc] = meld{mask: mask, run: true, suit: su, lo: int8(lo), hi: int8(hi)}
					sv.nc++
				}
			}
		}
	}
}

// sortCands orders the candidates by their lowest card (a counting sort).
func (sv *meldSolver) sortCands() {
	var count [maxMeldHand + 1]int16
	for k := 0; k < sv.nc; k++ {
		count[bits.TrailingZeros32(sv.cands[k].mask)+1]++
	}
	for i := 1; i <= maxMeldHand; i++ {
		count[i] += count[i-1]
	}
	sv.first = count
	for k := 0; k < sv.nc; k++ {
		i := bits.TrailingZeros32(sv.cands[k].mask)
		sv.order[count[i]] = int16(k)
		count[i]++
	}
}

// solve finds the least deadwood of the loaded hand (after laying off onto
// sv.targets when set) and the arrangement reaching it: bestSet[:bestN]
// are its melds, bestDW its deadwood cards. It returns the deadwood.
func (sv *meldSolver) solve() int {
	sv.best, sv.bestN, sv.depth, sv.dead, sv.bestDW = 1<<30, 0, 0, 0, 0
	all := uint32(1)<<uint(sv.n) - 1
	sv.dfs(all, 0)
	return sv.best + sv.extra
}

func (sv *meldSolver) dfs(mask uint32, cost int) {
	if cost >= sv.best && sv.targets == nil {
		return // laying off can lower a leaf below its partial cost: no pruning then
	}
	if mask == 0 {
		if sv.targets != nil {
			cost -= sv.layoff(sv.dead, false)
		}
		if cost < sv.best {
			sv.best, sv.bestN, sv.bestDW = cost, sv.depth, sv.dead
			copy(sv.bestSet[:], sv.chosen[:sv.depth])
		}
		return
	}
	i := bits.TrailingZeros32(mask)
	for k := sv.first[i]; k < sv.first[i+1]; k++ {
		id := sv.order[k]
		if m := sv.cands[id].mask; m&^mask == 0 && sv.depth < maxMeldTargets {
			sv.chosen[sv.depth] = id
			sv.depth++
			sv.dfs(mask&^m, cost)
			sv.depth--
		}
	}
	bit := uint32(1) << uint(i)
	sv.dead |= bit
	sv.dfs(mask&^bit, cost+sv.mr.value(sv.hand[i]))
	sv.dead &^= bit
}

// layoff is the deadwood that the cards dead (bits of the hand) can lay off
// onto the targets: runs are extended at either end one card at a time
// (so a card can make room for the next), then sets take the cards of
// their rank and missing suits up to SetMax. With apply the targets are
// extended (the next seat lays off onto them as they now are). With one
// deck this is the most that can be laid off: a card that fits a run and
// a set is laid on the run, where it may also open the way for another.
func (sv *meldSolver) layoff(dead uint32, apply bool) int {
	var t [maxMeldTargets]meldTarget
	copy(t[:sv.nTargets], sv.targets[:sv.nTargets])
	gain := 0
	for k := 0; k < sv.nTargets; k++ {
		tg := &t[k]
		if !tg.run {
			continue
		}
		row := &sv.at[tg.suit]
		for grown := true; grown; {
			grown = false
			if hi := int(tg.hi) + 1; hi < runPositions && hi-int(tg.lo) < cards.NumRanks {
				if i := row[hi]; i >= 0 && dead&(1<<uint(i)) != 0 {
					dead &^= 1 << uint(i)
					gain += sv.mr.value(sv.hand[i])
					tg.hi, grown = int8(hi), true
				}
			}
			if lo := int(tg.lo) - 1; lo >= 0 && int(tg.hi)-lo < cards.NumRanks {
				if i := row[lo]; i >= 0 && dead&(1<<uint(i)) != 0 {
					dead &^= 1 << uint(i)
					gain += sv.mr.value(sv.hand[i])
					tg.lo, grown = int8(lo), true
				}
			}
		}
	}
	for k := 0; k < sv.nTargets; k++ {
		tg := &t[k]
		if tg.run {
			continue
		}
		for d := dead; d != 0; d &= d - 1 {
			i := bits.TrailingZeros32(d)
			c := sv.hand[i]
			if c.Rank() == tg.rank && tg.suits&(1<<c.Suit()) == 0 && tg.size < sv.mr.m.SetMax {
				tg.suits |= 1 << c.Suit()
				tg.size++
				dead &^= 1 << uint(i)
				gain += sv.mr.value(c)
			}
		}
	}
	if apply {
		copy(sv.targets[:sv.nTargets], t[:sv.nTargets])
	}
	return gain
}

// bestTargets writes the melds of the best arrangement as targets and
// returns their number.
func (sv *meldSolver) bestTargets(out *[maxMeldTargets]meldTarget) int {
	for k := 0; k < sv.bestN; k++ {
		m := &sv.cands[sv.bestSet[k]]
		out[k] = meldTarget{run: m.run, suit: m.suit, rank: m.rank, lo: m.lo, hi: m.hi, suits: m.suits,
			size: uint8(bits.OnesCount32(m.mask))}
	}
	return sv.bestN
}

// deadwood is the least deadwood of hand under these rules.
func (mr *meldRules) deadwood(hand []cards.Card) int {
	var sv meldSolver
	sv.load(mr, hand)
	return sv.solve()
}

// deadwoodWithout is solveWithout for hand.
func (mr *meldRules) deadwoodWithout(hand []cards.Card) (out [maxMeldHand]int16) {
	var sv meldSolver
	sv.load(mr, hand)
	sv.solveWithout(&out)
	return out
}

// pileCards copies the cards of pile p, except card skip, into buf and
// returns the filled part.
func pileCards(p *pile, skip cards.Card, buf *[cards.MaxCards]cards.Card) []cards.Card {
	n := 0
	for i := 0; i < p.len(); i++ {
		if c := p.at(i); c != skip {
			buf[n] = c
			n++
		}
	}
	return buf[:n]
}
