// Package player holds the artificial players: Random, Greedy and ISMCTS
// (docs/players.md). A player sees a game only through game.State: its
// legal moves, the observation of the seat to move and, for ISMCTS, worlds
// sampled by Determinize. It never imports the rules (package engine) and
// never reads a card its seat may not see.
package player

import "darwindeck/gosim/game"

// Player chooses a move.
type Player interface {
	// Choose returns one of legal, the non-empty legal moves of st for the
	// seat to move. Random choices draw from st.Intn, the game's stream.
	Choose(st game.State, legal []game.Move) game.Move
}

// Random chooses uniformly among the legal moves.
type Random struct{}

// Choose implements Player.
func (Random) Choose(st game.State, legal []game.Move) game.Move {
	return legal[st.Intn(len(legal))]
}
