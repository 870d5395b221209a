package engine

import (
	"fmt"
	"strings"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// rejectionTries is how many uniform deals Determinize tries before it
// falls back to a constrained deal (see redeal).
const rejectionTries = 32

// worldTries is how many deals Determinize tries for a world in which the
// player to move can play exactly when it can in the game.
const worldTries = 100

func (s *State) mustKnow(op string) *knowledge {
	if s.know == nil {
		panic("engine: " + op + " on a state that does not track information (a world after a move, or tracking off)")
	}
	return s.know
}

// InfoString implements game.State.
func (s *State) InfoString(p int) string {
	k := s.mustKnow("InfoString")
	if p < 0 || p >= s.r.players {
		panic(fmt.Sprintf("engine: InfoString of seat %d in a %d-player game", p, s.r.players))
	}
	row := k.row(p)
	var b strings.Builder
	fmt.Fprintf(&b, "seat %d: cur %d phase %d dir %d wait %d out %v in %d started %t skips %d extra %t next %d\n",
		p, s.cur, s.phase, s.dir, s.wait, s.out[:s.r.players], s.inGame, s.started, s.skips, s.extra, s.nextLead)
	fmt.Fprintf(&b, "trick %v %v acts %d led %t broken %t trump %d fixed %t declared %v\n",
		s.trickCards[:s.trickLen], s.trickSeats[:s.trickLen], s.trickActs, s.led, s.broken, s.trump, s.trumpFixed,
		s.declared[:len(s.r.prog.Zones)])
	fmt.Fprintf(&b, "turns %d moves %d outcome %d winners %b first %d\n", s.turns, s.moves, s.outcome, s.winners, s.firstPlayer)
	b.WriteString(s.v2Info())
	b.WriteString(s.meldInfo())
	b.WriteString(s.trickInfo())
	b.WriteString(s.betInfo())
	b.WriteString(s.capturesInfo())
	for i := range s.piles {
		pl := &s.piles[i]
		fmt.Fprintf(&b, "pile %d (zone %d owner %d) %d cards:", i, s.r.pileZone[i], s.r.pileOwner[i], pl.len())
		ordered := s.seesOrder(p, i)
		var located cardSet
		unknown := 0
		for j := 0; j < pl.len(); j++ {
			c := pl.at(j)
			if !row[c].has(i) {
				b.WriteString(" !inconsistent") // never in a real game
			}
			switch {
			case row[c].single() && ordered:
				b.WriteString(" " + c.String())
			case row[c].single():
				located.add(c)
			case ordered:
				b.WriteString(" ?")
			default:
				unknown++
			}
		}
		located.forEach(func(c cards.Card) { b.WriteString(" " + c.String()) })
		if unknown > 0 {
			fmt.Fprintf(&b, " +%d unseen", unknown)
		}
		b.WriteByte('\n')
	}
	b.WriteString("unseen:")
	for _, c := range s.r.deck {
		if !row[c].single() {
			fmt.Fprintf(&b, " %s@%x.%x", c, row[c][1], row[c][0])
		}
	}
	return b.String()
}

// newWorld allocates a state of these rules for Determinize to fill.
func (r *Rules) newWorld() *State {
	return &State{r: r, piles: make([]pile, r.numPiles), scratch: make([]game.Move, 0, maxMoves)}
}

// Determinize implements game.State.
func (s *State) Determinize(p int, rng game.Rand, into game.State) game.State {
	k := s.mustKnow("Determinize")
	if p < 0 || p >= s.r.players {
		panic(fmt.Sprintf("engine: Determinize for seat %d in a %d-player game", p, s.r.players))
	}
	w, _ := into.(*State)
	if w == nil || w == s || w.r != s.r {
		w = s.r.newWorld()
	}
	piles, scratch := w.piles, w.scratch
	*w = *s
	w.piles, w.scratch = piles, scratch
	copy(w.piles, s.piles)
	w.trace = nil
	w.know, w.knowView, w.trackInfo = k, true, false
	w.rng.Seed(rng.Uint64())
	// Whether the player to move holds a legal card is public (it plays or
	// it passes); a world must agree, so worlds that do not are redealt.
	for try := 0; ; try++ {
		w.redeal(k.row(p), p, rng)
		if w.stepConsistent() && w.holdsConsistent() {
			break
		}
		if try == worldTries {
			w.fixStep()
			break
		}
		copy(w.piles, s.piles)
	}
	if w.r.staticPoints {
		w.recomputeScores()
	}
	w.onValid = false
	w.relist()
	return w
}

// redeal deals the cards seat p has not located (row: p's possible piles)
// at random into the places they occupy, each to a pile p considers
// possible for it, then shuffles every pile whose order p cannot see.
//
// It first tries uniform deals (a random permutation of the unseen cards
// over their places) and keeps the first that respects every card's
// possible piles: that is an exact uniform sample of the worlds p cannot
// tell apart. If rejectionTries deals fail (strong inferences, e.g. several
// voids late in a trick game), it deals card by card with augmenting paths
// (Kuhn's matching of cards to pile capacities): always consistent, close
// to uniform but not exactly. Neither reads where an unseen card really is.
func (s *State) redeal(row []pileSet, p int, rng game.Rand) {
	var free [cards.MaxCards]cards.Card
	var slotPile, slotPos [cards.MaxCards]uint8
	n := 0
	for i := range s.piles {
		pl := &s.piles[i]
		for j := 0; j < pl.len(); j++ {
			if c := pl.at(j); !row[c].single() {
				free[n], slotPile[n], slotPos[n] = c, uint8(i), uint8(j)
				n++
			}
		}
	}
	ok := false
	for try := 0; try < rejectionTries && !ok; try++ {
		for i := n - 1; i > 0; i-- {
			j := rng.Intn(i + 1)
			free[i], free[j] = free[j], free[i]
		}
		ok = true
		for i := 0; i < n && ok; i++ {
			ok = row[free[i]].has(int(slotPile[i]))
		}
	}
	if !ok {
		s.matchDeal(row, free[:n], slotPile[:n], rng)
	}
	for i := 0; i < n; i++ {
		s.piles[slotPile[i]].put(int(slotPos[i]), free[i])
	}
	for i := range s.piles {
		s.piles[i].resync()
	}
	for i := range s.piles {
		if !s.seesOrder(p, i) {
			shuffleWith(&s.piles[i], rng)
		}
	}
}

// matchDeal reorders free so that free[i] may be in pile slotPile[i],
// placing the cards in random order, each into a random possible pile with
// room, moving earlier cards along augmenting paths when none has room.
func (s *State) matchDeal(row []pileSet, free []cards.Card, slotPile []uint8, rng game.Rand) {
	n := len(free)
	var room [2 * 64]int         // free places left per pile
	var asg [cards.MaxCards]int8 // pile of each card of free
	for i := 0; i < n; i++ {
		room[slotPile[i]]++
		asg[i] = -1
	}
	np := len(s.piles)
	var visited [2 * 64]bool
	var try func(i int) bool
	try = func(i int) bool {
		off := rng.Intn(np)
		for k := 0; k < np; k++ {
			x := (off + k) % np
			if visited[x] || !row[free[i]].has(x) {
				continue
			}
			visited[x] = true
			if room[x] > 0 {
				room[x]--
				asg[i] = int8(x)
				return true
			}
			for j := 0; j < n; j++ {
				if int(asg[j]) == x && try(j) {
					asg[i] = int8(x)
					return true
				}
			}
		}
		return false
	}
	for i := 0; i < n; i++ {
		visited = [2 * 64]bool{}
		if !try(i) {
			panic("engine: no deal is consistent with a seat's information (inconsistent inference)")
		}
	}
	// Write the cards back in place order: the k-th place of pile x gets
	// the k-th card assigned to x (free is already in random order).
	var placed [cards.MaxCards]cards.Card
	var used [cards.MaxCards]bool
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if !used[j] && int(asg[j]) == int(slotPile[i]) {
				placed[i], used[j] = free[j], true
				break
			}
		}
	}
	copy(free, placed[:n])
}

// recomputeScores recounts the incremental scores from the scoring zone
// (a world may have other cards in a hidden scoring zone).
func (s *State) recomputeScores() {
	r := s.r
	for seat := 0; seat < r.players; seat++ {
		s.scores[seat] = 0
		if r.scoringZone < 0 || r.prog.Zones[r.scoringZone].Owner != bc.PerPlayer {
			continue
		}
		pl := &s.piles[r.base[r.scoringZone]+seat]
		for j := 0; j < pl.len(); j++ {
			s.scores[seat] += int32(r.points[pl.at(j)])
		}
	}
}

// stepConsistent reports whether the step the game waits for agrees with
// the cards: a play step has a legal card, a pass in a play phase has none.
func (s *State) stepConsistent() bool {
	if s.wait != stepPlay && s.wait != stepPass {
		return true
	}
	ph := &s.r.prog.Turn[s.phase]
	if ph.Kind != bc.PhasePlay {
		return true
	}
	return s.anyPlayable(ph) == (s.wait == stepPlay)
}

// fixStep makes a world that disagrees with its step playable: the player
// to move passes if it holds no legal card, plays if it holds one. It is
// the last resort of Determinize, for a seat that is not to move, after
// worldTries deals.
func (s *State) fixStep() {
	if s.wait != stepPlay && s.wait != stepPass || s.r.prog.Turn[s.phase].Kind != bc.PhasePlay {
		return // only a play step depends on the hand; a world that misses a public holding keeps its step
	}
	if s.anyPlayable(&s.r.prog.Turn[s.phase]) {
		s.wait = stepPlay
	} else {
		s.wait = stepPass
	}
}
