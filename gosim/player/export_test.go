package player

import "darwindeck/gosim/game"

// NewCheatingISMCTS returns an ISMCTS that searches copies of the true
// state instead of determinized worlds: it sees every hidden card. It
// exists only in tests, to show that the honesty test can tell.
func NewCheatingISMCTS(iterations int) *ISMCTS {
	m := NewISMCTS(iterations)
	m.sample = func(st game.State, _ int, _ game.Rand, _ game.State) game.State { return st.Clone() }
	return m
}

// Rewards returns the rewards ISMCTS backs up for the world w, one per seat.
func (m *ISMCTS) Rewards(w game.State) []float64 {
	m.rewards(w)
	return append([]float64(nil), m.reward...)
}
