package engine

import (
	"encoding/binary"

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
// in the number of cards (a few hundred nanoseconds for 52 cards).

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

// stateHash hashes the complete state of the rules (FNV-1a over the bytes,
// then a SplitMix64 finaliser).
func (s *State) stateHash() uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	mix := func(b byte) { h = (h ^ uint64(b)) * prime }
	for i := range s.piles {
		p := &s.piles[i]
		mix(0xff)
		mix(p.n)
		for j := 0; j < p.len(); j++ {
			mix(byte(p.at(j)))
		}
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
	for _, v := range b {
		mix(v)
	}
	x := &s.x
	b = append(b[:0], byte(x.claimRank), byte(x.claimed), x.claimCount, byte(x.claimBy), byte(x.responder),
		byte(x.climbRank), x.climbCount, byte(x.climbLast), x.climbPassed, x.owed, byte(x.penaltyBy),
		x.pendingDraw, x.pendingZone, byte(x.pendingBy), x.dealer, x.hands)
	for i := range s.r.players {
		b = binary.LittleEndian.AppendUint32(b, uint32(x.totals[i]))
	}
	if s.r.bet.on {
		b = binary.LittleEndian.AppendUint64(b, s.betHash())
	}
	for _, v := range b {
		mix(v)
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
