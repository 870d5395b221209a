package engine

import (
	"math"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
)

// Record is the measurements of one game, laid out exactly as the C ABI's
// dd_game_record (60 bytes, little-endian, naturally aligned; ABI 2).
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
	Flags           uint8    // FlagWinnerTrailed | FlagCycle
	Reserved        uint8    // 0
	WinnerLeadTurn  uint32   // last turn at which a winner was strictly behind (0: never)
	Interactions    uint32   // moves that changed another seat's cards or what it sees
	Repeats         uint32   // turn ends whose state equals one of the previous RepeatWindow
	Margin          uint16   // won games: runner-up's standing minus the winner's
	MarginBase      uint16   // won games: |winner's standing| + |runner-up's standing|
}

// Record flags.
const (
	FlagWinnerTrailed uint8 = 1 // a winner was strictly behind at the end of some turn >= 1
	FlagCycle         uint8 = 2 // Repeats > 0
)

// Record returns the game's measurements so far (final once the game is
// over).
func (s *State) Record() Record {
	rec := Record{
		Turns: s.turns, Moves: s.moves, Decisions: s.decisions, LegalMovesSum: s.legalSum,
		LeadChanges: s.leadChanges, LeadSettledTurn: s.leadSettled,
		CardsTotal: uint16(s.CardsTotal()), Outcome: uint8(s.outcome),
		NumPlayers: uint8(s.r.players), Winners: s.winners, FirstPlayer: uint8(s.firstPlayer),
		Interactions: s.interactions, Repeats: s.repeats,
	}
	if s.repeats > 0 {
		rec.Flags |= FlagCycle
	}
	if s.outcome == game.Win {
		for seat := 0; seat < s.r.players; seat++ {
			if s.winners&(1<<seat) != 0 && s.behindLast[seat] > 0 {
				rec.Flags |= FlagWinnerTrailed
				rec.WinnerLeadTurn = max(rec.WinnerLeadTurn, s.behindLast[seat])
			}
		}
		rec.Margin, rec.MarginBase = s.margin()
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

// margin is the final gap on the leader measure between the best winner and
// the best other seat still in the game (any other seat if none is), and
// the sum of their absolute standings; both clamped to uint16.
func (s *State) margin() (uint16, uint16) {
	win, other, found := 0, 0, false
	for pass := 0; pass < 2 && !found; pass++ {
		for seat := 0; seat < s.r.players; seat++ {
			if s.winners&(1<<seat) != 0 || (pass == 0 && s.out[seat]) {
				continue
			}
			if v := s.standing(seat); !found || v < other {
				other, found = v, true
			}
		}
	}
	first := true
	for seat := 0; seat < s.r.players; seat++ {
		if s.winners&(1<<seat) != 0 {
			if v := s.standing(seat); first || v < win {
				win, first = v, false
			}
		}
	}
	if !found || first {
		return 0, 0
	}
	abs := func(v int) int { return max(v, -v) }
	clamp := func(v int) uint16 { return uint16(min(max(v, 0), math.MaxUint16)) }
	return clamp(other - win), clamp(abs(win) + abs(other))
}

// RepeatWindow is how many sampled turn ends a sampled turn end's state is
// compared with to count Repeats; states are sampled every RepeatStride turns,
// so a cycle whose period divides RepeatWindow*RepeatStride (128) turns and
// is at most that long is seen.
const (
	RepeatWindow = 16
	RepeatStride = 8
)

// noteTurnEnd follows, at the end of a turn (turn >= 1), the seats strictly
// behind the best standing v[] (standings of the seats in the game, from
// followLeader), and every RepeatStride turns whether the whole state equals
// one of the last RepeatWindow sampled states.
func (s *State) noteTurnEnd(v *[bc.MaxPlayers]int, best int) {
	if s.turns >= 1 {
		for seat := 0; seat < s.r.players; seat++ {
			if !s.out[seat] && v[seat] > best {
				s.behindLast[seat] = s.turns
			}
		}
	}
	if s.turns%RepeatStride != 0 {
		return
	}
	h := s.stateHash()
	n := min(int(s.seenN), RepeatWindow)
	for i := 0; i < n; i++ {
		if s.seen[i] == h {
			s.repeats++
			break
		}
	}
	s.seen[int(s.seenN)%RepeatWindow] = h
	s.seenN++
}

// touches reports whether a card moving into or out of pile p changes what a
// seat other than the actor holds or sees: p belongs to another seat, or is a
// public (or top-public) shared pile.
func (s *State) touches(p int) bool {
	r := s.r
	if o := r.pileOwner[p]; o != noSeat {
		return int(o) != s.actor
	}
	v := r.prog.Zones[r.pileZone[p]].Visibility
	return v == bc.Public || v == bc.TopPublic
}
