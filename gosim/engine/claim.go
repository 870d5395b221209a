package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Bluffing: the claim phase and the answers of the other seats
// (docs/genome-v2.md, "claim").
//
// The claimed rank follows the deck's ranks from the ace: A, 2, 3 ... K, A
// (ranks not in the deck are left out). A claim puts Count cards of one rank
// of the player's choice face down on the shared pile; the claim states that
// they are of the claimed rank. The other seats in the game answer in turn
// order from the claimer's left (CurrentPlayer is the seat answering); the
// first challenge turns the claim's cards up and ends the answers. End
// conditions wait until the answers are complete.

// claimMoves lists Claim{rank, count} for every rank held and every count
// from 1 to max_count that the player holds of it.
func (s *State) claimMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	held := rankCounts(&s.piles[s.r.pileOf(ph.From, s.cur)])
	for rk := cards.Rank(0); rk < cards.NumRanks; rk++ {
		for n := 1; n <= int(held[rk]) && n <= int(ph.Count); n++ {
			buf = append(buf, game.ClaimCards(rk, n))
		}
	}
	return buf
}

// claim puts the claim's cards face down on the pile, moves the claim
// sequence on and asks the first other seat for its answer.
func (s *State) claim(ph *bc.Phase, m game.Move) {
	x := &s.x
	from, to := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.To, s.cur)
	n := s.takeCards(from, to, m.Rank, int(m.Count), EvClaim, s.cur, false, true)
	x.claimed, x.claimCount, x.claimBy = x.claimRank, uint8(n), int8(s.cur)
	s.stats.Claims++
	if m.Rank != x.claimed {
		s.stats.Bluffs++
	}
	x.claimRank = s.nextClaimRank(x.claimRank)
	x.responder = int8(s.nextResponder(s.cur))
	if x.responder >= 0 {
		s.awaitV2(stepAnswer)
	} else {
		x.claimCount, x.claimBy = 0, -1
	}
}

// nextClaimRank is the rank claimed after rk.
func (s *State) nextClaimRank(rk cards.Rank) cards.Rank {
	v := &s.r.v2
	for i := 0; i < v.claimRanks; i++ {
		if cards.Rank(v.claimOrder[i]) == rk {
			return cards.Rank(v.claimOrder[(i+1)%v.claimRanks])
		}
	}
	return cards.Rank(v.claimOrder[0])
}

// nextResponder is the seat in the game after seat (in play direction) that
// answers the pending claim, or -1 when the answers have gone round.
func (s *State) nextResponder(seat int) int {
	if s.inGame < 2 {
		return -1
	}
	next := s.seatAfter(seat, s.dir, 1)
	if next == int(s.x.claimBy) || next == seat {
		return -1
	}
	return next
}

// answer applies a challenge or an acceptance of the pending claim. It
// reports whether the claim is complete.
func (s *State) answer(ph *bc.Phase, m game.Move) bool {
	x := &s.x
	if m.Kind == game.Accept {
		x.responder = int8(s.nextResponder(int(x.responder)))
		if x.responder >= 0 {
			return false
		}
		x.claimCount, x.claimBy = 0, -1
		return true
	}
	s.stats.Challenges++
	pile := s.r.pileOf(ph.To, s.cur)
	bluff := false
	p := &s.piles[pile]
	for i := p.len() - int(x.claimCount); i < p.len(); i++ {
		bluff = bluff || p.at(i).Rank() != x.claimed
	}
	loser := int(x.responder)
	if bluff {
		loser = int(x.claimBy)
		s.stats.Caught++
	}
	hand := s.r.pileOf(ph.From, loser)
	// The claim's cards are turned up and go first, seen by everyone; the
	// rest of the pile follows face down.
	for k := 0; k < int(x.claimCount); k++ {
		s.move(pile, s.piles[pile].len()-1, hand, false, EvTake, loser, true)
	}
	s.movePile(pile, hand, EvTake, loser, false)
	x.claimCount, x.claimBy, x.responder = 0, -1, -1
	return true
}
