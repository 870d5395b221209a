// Package splitmix provides SplitMix64, the small, fast, seedable random stream
// that every game of gosim draws from, and the derivation of per-game seeds from
// a batch seed.
//
// One Stream belongs to one game: the deal, every reshuffle, every tie-break and
// every random player choice come from it, so a game is a function of its seed.
package splitmix

import "math/bits"

// golden is the SplitMix64 increment (2^64 divided by the golden ratio, odd).
const golden = 0x9e3779b97f4a7c15

// Mix is the SplitMix64 output function: a bijective avalanche of x.
func Mix(x uint64) uint64 {
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Derive returns the seed of game index of a batch seeded with seed: output
// number index (counting from 0) of a SplitMix64 stream seeded with seed. It
// depends only on (seed, index), never on which worker plays the game.
func Derive(seed uint64, index uint64) uint64 {
	return Mix(seed + (index+1)*golden)
}

// Stream is a SplitMix64 generator. The zero value is a valid stream seeded
// with 0. A Stream is a value: copying it copies the position in the stream.
type Stream struct {
	state uint64
}

// New returns a stream seeded with seed.
func New(seed uint64) Stream { return Stream{state: seed} }

// Seed restarts the stream at seed.
func (s *Stream) Seed(seed uint64) { s.state = seed }

// Uint64 returns the next 64 random bits.
func (s *Stream) Uint64() uint64 {
	s.state += golden
	return Mix(s.state)
}

// Intn returns a uniform integer in [0, n). It panics if n <= 0, which is a
// programming error (callers pass the length of a non-empty list).
func (s *Stream) Intn(n int) int {
	if n <= 0 {
		panic("splitmix: Intn with n <= 0")
	}
	// Lemire's multiply-and-reject: unbiased, usually one multiplication.
	bound := uint64(n)
	hi, lo := bits.Mul64(s.Uint64(), bound)
	if lo < bound {
		threshold := -bound % bound
		for lo < threshold {
			hi, lo = bits.Mul64(s.Uint64(), bound)
		}
	}
	return int(hi)
}
