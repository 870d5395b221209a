package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Simultaneous secret choices: the bid phase (docs/genome-captures.md,
// "bid"). A round starts when a bid phase is entered with no round open:
// one prize card is turned up from prize_from onto the prize zone (on top
// of any prize carried over), and every seat in the game holding cards in
// its hand is a bidder. On its turn each bidder commits one card of its
// hand face down onto the top of its copy of the bid zone; the others see
// that it bid, not which card (the card leaves the hand unseen). When the
// last bidder has committed, every bid is turned up at once and moved to
// the discard zone, and the best bid (highest rank value, or lowest with
// lowest_wins) takes every card of the prize zone to its won zone. A tie
// for the best bid discards the prize (tie: discard) or leaves it for the
// next round's winner (tie: carry_over). With open bidding the bids are
// made face up instead. A seat that is not a bidder, or has bid, passes.
//
// The engine keeps no copy of a bid: the bid is the top card of the
// seat's bid pile, so a Determinize world (in which another seat's bid is
// resampled with its hand) resolves with the world's card.

// enterBid opens a round of this phase if none is open and waits for the
// current seat's bid, or a pass. A bidder that is out of the game, or has
// no card left to bid when its turn comes (another phase took them), drops
// out of the round; when only seats that have bid remain, the round is
// resolved at once.
func (s *State) enterBid(ph *bc.Phase) {
	rd := &s.cp.rounds[s.phase]
	if !rd.open {
		if ph.PrizeFrom != bc.NoZone {
			from := s.r.pileOf(ph.PrizeFrom, 0)
			if s.piles[from].n > 0 {
				s.put(from, s.piles[from].len()-1, s.r.pileOf(ph.Prize, 0), EvTurnUp, -1, true)
			}
		}
		rd.bidders, rd.committed = 0, 0
		for seat := 0; seat < s.r.players; seat++ {
			if !s.out[seat] && s.piles[s.r.pileOf(ph.From, seat)].n > 0 {
				rd.bidders |= 1 << seat
			}
		}
		rd.open = rd.bidders != 0
	}
	me := uint8(1) << s.cur
	for seat := 0; seat < s.r.players; seat++ {
		if s.out[seat] {
			rd.bidders &^= 1 << seat
		}
	}
	if rd.bidders&me != 0 && rd.committed&me == 0 && s.piles[s.r.pileOf(ph.From, s.cur)].n == 0 {
		rd.bidders &^= me
	}
	if rd.open && rd.committed == rd.bidders {
		s.resolveBids(ph)
	}
	if rd.bidders&me == 0 || rd.committed&me != 0 {
		s.awaitV2(stepPass)
		return
	}
	s.awaitCaptures(stepBid)
}

// bidMoves appends a bid of every card of the current seat's hand (one
// per face with two decks), in card order.
func (s *State) bidMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	hand.set.forEach(func(c cards.Card) {
		if c.Copy() == 1 && hand.set.has(c.Face()) {
			return
		}
		buf = append(buf, game.BidCard(c))
	})
	return buf
}

// applyBid commits the bid of m and resolves the round when every bidder
// has bid.
func (s *State) applyBid(ph *bc.Phase, m game.Move) {
	hand, bid := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.Bid, s.cur)
	s.moveAt(hand, s.piles[hand].index(m.Card), bid, -1, EvPlay, s.cur, ph.BidRules&bc.BidOpen != 0)
	rd := &s.cp.rounds[s.phase]
	rd.committed |= 1 << s.cur
	if rd.committed == rd.bidders {
		s.resolveBids(ph)
	}
}

// resolveBids turns every bid up, discards them and gives the prize to the
// best bid (or applies the tie rule); a round without a bid leaves the
// prize where it is.
func (s *State) resolveBids(ph *bc.Phase) {
	x := &s.cp.rounds[s.phase]
	r := s.r
	if x.committed == 0 {
		*x = bidRound{}
		return
	}
	winner, best, tie := -1, 0, false
	for seat := 0; seat < r.players; seat++ {
		if x.committed&(1<<seat) == 0 {
			continue
		}
		p := &s.piles[r.pileOf(ph.Bid, seat)]
		if p.n == 0 {
			continue
		}
		v := r.rankValue(p.top())
		if ph.BidRules&bc.BidLowestWins != 0 {
			v = -v
		}
		switch {
		case winner < 0 || v > best:
			winner, best, tie = seat, v, false
		case v == best:
			tie = true
		}
	}
	discard := r.pileOf(ph.Discard, 0)
	for seat := 0; seat < r.players; seat++ {
		if x.committed&(1<<seat) == 0 {
			continue
		}
		if b := r.pileOf(ph.Bid, seat); s.piles[b].n > 0 {
			s.put(b, s.piles[b].len()-1, discard, EvReveal, seat, true)
			if s.know != nil && s.piles[b].n == 0 {
				s.exclude(&r.deckSet, b) // public: the bid pile is empty again
			}
		}
	}
	prize := r.pileOf(ph.Prize, 0)
	switch {
	case winner >= 0 && !tie:
		won := r.pileOf(ph.WonTo, winner)
		for s.piles[prize].n > 0 {
			s.put(prize, s.piles[prize].len()-1, won, EvTake, winner, true)
		}
	case ph.Tie == bc.TieDiscard:
		for s.piles[prize].n > 0 {
			s.put(prize, s.piles[prize].len()-1, discard, EvTake, -1, true)
		}
	}
	*x = bidRound{}
}

// Prize implements game.Observer.
func (s *State) Prize(buf []cards.Card) []cards.Card {
	buf = buf[:0]
	if s.wait != stepBid {
		return buf
	}
	ph := &s.r.prog.Turn[s.phase]
	p := &s.piles[s.r.pileOf(ph.Prize, 0)]
	switch s.r.prog.Zones[ph.Prize].Visibility {
	case bc.Public:
		for i := 0; i < p.len(); i++ {
			buf = append(buf, p.at(i))
		}
	case bc.TopPublic:
		if p.n > 0 {
			buf = append(buf, p.top())
		}
	}
	return buf
}

// dealSuit is the deal_suit setup step: every card of the suit moves from
// the shared From to the seat's copy of To (the shared To), face up: which
// suit each seat holds is public (GOPS).
func (s *State) dealSuit(st bc.SetupStep) {
	from, to := s.r.pileOf(st.From, 0), s.r.pileOf(st.To, int(st.Seat))
	for i := 0; i < s.piles[from].len(); {
		if c := s.piles[from].at(i); c.Suit() == st.Suit {
			s.put(from, i, to, EvDeal, int(st.Seat), true)
			continue
		}
		i++
	}
}
