package engine

import (
	"encoding/binary"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// The cycle check (docs/genome-v2.md): a game whose complete state repeats
// with no decision and no random event since its earlier occurrence can
// never end, so it ends at once as unfinished.
//
// Between a decision (a move chosen among two or more) or a random event (a
// shuffle, a blind draw, a shuffled insert) and the next, the game is a
// function of its state: every move is forced and the next state depends
// on the current one only. Such a stretch is a sequence x0, x1 = f(x0), ...
// and repeats exactly when it has a cycle. Brent's algorithm finds it with
// one stored state: the tortoise is saved at the steps 1, 2, 4, 8... of the
// stretch; the hare (the current state) is compared with it after every
// move, and a cycle of length L starting at step mu is found within
// 2*max(mu, L) + L moves of the stretch.
//
// States are compared by a 64-bit hash of everything the rules read: every
// pile in order, the seat to move, the phase and step, the direction, the
// seats that are out, pending skips, extra turns and leads, the trick, the
// declared suits and the version 2 state (claims, climbing, penalties,
// stacked draws, match totals). Counters that only grow (turns, moves) are
// left out. Two different states share a hash with probability about
// 2^-64 per comparison, far below any other error of a batch.
//
// Cost: nothing in stretches shorter than cycleWarmup moves (games with
// decisions almost every move never hash); then one hash per move, linear
// in the number of cards (eight cards to a 64-bit word: tens of nanoseconds
// for 52 cards).

// cycleWarmup is the number of forced moves in a stretch before the check
// starts hashing.
const cycleWarmup = 8

// cycleState is Brent's algorithm's memory.
type cycleState struct {
	run      uint32 // forced moves without a random event in this stretch
	power    uint32
	lam      uint32
	tortoise uint64
	started  bool
}

// cycleStep runs after every move: decision says the move was chosen among
// two or more, chance is the count of random events before it.
func (s *State) cycleStep(decision bool, chance uint32) {
	c := &s.cyc
	if decision || s.chance != chance || s.wait == stepOver {
		*c = cycleState{}
		return
	}
	c.run++
	if c.run < cycleWarmup {
		return
	}
	h := s.stateHash()
	if !c.started {
		c.tortoise, c.power, c.lam, c.started = h, 1, 0, true
		return
	}
	c.lam++
	if h == c.tortoise {
		s.x.cycled = true
		s.finish(game.Unfinished, 0)
		return
	}
	if c.lam == c.power {
		c.tortoise, c.power, c.lam = h, c.power*2, 0
	}
}

// stateHash hashes the complete state of the rules: the piles eight cards
// to a word (pile.hash), then the rest of the state gathered into bytes and
// hashed the same way, then a SplitMix64 finaliser.
func (s *State) stateHash() uint64 {
	h := uint64(14695981039346656037)
	for i := range s.piles {
		h = s.piles[i].hash(h)
	}
	var buf [64]byte
	b := buf[:0]
	b = append(b, byte(s.cur), byte(s.phase), byte(s.dir), byte(s.wait), byte(s.skips), byte(s.nextLead+1))
	for i := range s.r.players {
		b = append(b, boolByte(s.out[i]))
	}
	b = append(b, boolByte(s.extra), byte(s.trickLen), byte(s.trickActs), boolByte(s.led), boolByte(s.broken),
		byte(s.trump), boolByte(s.trumpFixed))
	for i := 0; i < s.trickLen; i++ {
		b = append(b, byte(s.trickCards[i]), byte(s.trickSeats[i]))
	}
	for _, d := range s.declared[:len(s.r.prog.Zones)] {
		b = append(b, byte(d))
	}
	h = hashRun(h, b)
	x := &s.x
	b = append(b[:0], byte(x.claimRank), byte(x.claimed), x.claimCount, byte(x.claimBy), byte(x.responder),
		byte(x.climbRank), x.climbCount, byte(x.climbLast), x.climbPassed, x.owed, byte(x.penaltyBy),
		x.pendingDraw, x.pendingZone, byte(x.pendingBy), x.dealer, x.hands,
		byte(s.m.taken), s.m.pending, s.m.upcard, boolByte(s.m.mustDraw)) // melds family
	for i := range s.r.players {
		b = binary.LittleEndian.AppendUint32(b, uint32(x.totals[i]))
	}
	h = hashRun(h, b)
	h = hashRun(h, s.appendCaptures(b[:0]))
	h = hashRun(h, s.appendTricks(b[:0]))
	if s.r.bet.on {
		h = hashRun(h, binary.LittleEndian.AppendUint64(b[:0], s.betHash()))
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// hash folds the pile into h: its length, then its cards from the bottom,
// eight to a little-endian 64-bit word (the last word zero-padded; the
// length makes the padding unambiguous), each word mixed in with a
// multiply and an xor-shift. Equal piles hash alike wherever their bottom
// lies in the ring: War checks for a cycle after almost every move.
func (p *pile) hash(h uint64) uint64 {
	const k = 0x9e3779b97f4a7c15
	h = (h ^ (uint64(p.n) | 0xff00)) * k
	h ^= h >> 29
	start, n := int(p.head), int(p.n)
	if start+n <= pileCap {
		return hashRun(h, p.c[start:start+n])
	}
	// The ring wraps: hash a straight copy, so that equal piles hash alike
	// wherever their bottom lies in the ring.
	var line [pileCap]cards.Card
	first := copy(line[:], p.c[start:])
	copy(line[first:n], p.c[:n-first])
	return hashRun(h, line[:n])
}

// hashRun folds bytes (cards or other state) into h eight at a time (see
// pile.hash).
func hashRun[T ~uint8](h uint64, c []T) uint64 {
	const k = 0x9e3779b97f4a7c15
	for len(c) >= 8 {
		w := uint64(c[0]) | uint64(c[1])<<8 | uint64(c[2])<<16 | uint64(c[3])<<24 |
			uint64(c[4])<<32 | uint64(c[5])<<40 | uint64(c[6])<<48 | uint64(c[7])<<56
		h = (h ^ w) * k
		h ^= h >> 29
		c = c[8:]
	}
	if len(c) > 0 {
		var w uint64
		for i, x := range c {
			w |= uint64(x) << (8 * i)
		}
		h = (h ^ w) * k
		h ^= h >> 29
	}
	return h
}
