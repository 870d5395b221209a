package engine

import (
	"math"

	bc "darwindeck/gosim/bytecode"
)

// Record is the measurements of one game, laid out exactly as the C ABI's
// dd_game_record (44 bytes, little-endian, naturally aligned).
type Record struct {
	Turns           uint32   // turns taken: player turns plus battles
	Moves           uint32   // moves applied, forced ones included
	Decisions       uint32   // moves chosen among >= 2 legal moves
	LegalMovesSum   uint32   // sum of legal-move counts over decisions
	LeadChanges     uint32   // times the sole leader changed (the first leader not counted)
	LeadSettledTurn uint32   // last turn at which the leader (or its absence) changed
	Score           [6]int16 // final score per seat; seats >= NumPlayers are 0
	CardsTotal      uint16   // cards in all zones at the end
	Outcome         uint8    // game.Outcome: 0 win, 1 draw, 2 unfinished
	NumPlayers      uint8    // real seats
	Winners         uint8    // bit i: seat i won
	FirstPlayer     uint8    // seat that moved first
	Reserved        uint16   // 0
}

// Record returns the game's measurements so far (final once the game is
// over).
func (s *State) Record() Record {
	rec := Record{
		Turns: s.turns, Moves: s.moves, Decisions: s.decisions, LegalMovesSum: s.legalSum,
		LeadChanges: s.leadChanges, LeadSettledTurn: s.leadSettled,
		CardsTotal: uint16(s.CardsTotal()), Outcome: uint8(s.outcome),
		NumPlayers: uint8(s.r.players), Winners: s.winners, FirstPlayer: uint8(s.firstPlayer),
	}
	for seat := 0; seat < s.r.players && seat < bc.MaxPlayers; seat++ {
		v := s.recordScore(seat)
		rec.Score[seat] = int16(max(math.MinInt16, min(math.MaxInt16, v)))
	}
	return rec
}

// CardsTotal counts the cards in every zone copy; it equals the deck size
// after every move (cards are conserved).
func (s *State) CardsTotal() int {
	n := 0
	for i := range s.piles {
		n += s.piles[i].len()
	}
	return n
}
