package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/game"
)

// Betting rounds (docs/genome-betting.md, "bet"). A bet phase is one
// betting round inside the hand; the decision passes between the seats
// (b.actor is the player to move) until every seat still in the hand and
// not all in has acted since the last bet or raise and matched the highest
// bet. The first round of a hand with blinds starts left of the big blind
// (the big blind acts last and may raise); later rounds start left of the
// dealer. A seat that folds leaves the hand; when one seat is left it wins
// the pot at once, without a showdown.
//
// Moves: Fold (only when there is something to call), Check (nothing to
// call), Call (match the highest bet, all in if short), Bet (bet or raise
// to Amount). Limit: the one size, Bet x the phase's size, above the
// highest bet. Pot limit: a menu of up to three raise-to totals in
// increasing order: the minimum raise (the last raise's size, at least the
// big blind or the bet), half the pot and the whole pot (the pot counted
// after the call), each capped at the seat's chips (all in). No limit: the
// pot-limit menu and all the seat's chips (at most 4 sizes). At most
// max_raises bets and raises per round. An all-in raise smaller than a full
// raise (the limit size; pot limit: the last full raise) does not reopen
// the betting: a seat that acted since the last full raise may then only
// call or fold (Robert's Rules of Poker, "All-in bets", the full-bet rule).

// enterBet begins a betting round; it reports whether it waits for a move.
func (s *State) enterBet(ph *bc.Phase) bool {
	b := &s.b
	if b.rounds > 0 {
		b.round = [bc.MaxPlayers]int32{}
		b.curBet = 0
	}
	b.rounds++
	b.raises, b.acted = 0, 0
	b.minRaise = s.betSize(ph)
	if bb := int32(s.r.bet.b.BigBlind); bb > b.minRaise && s.r.bet.b.Structure != bc.Limit {
		b.minRaise = bb
	}
	first := s.seatAfter(int(s.x.dealer), 1, 1)
	if b.rounds == 1 && b.bigBlind >= 0 {
		first = s.seatAfter(int(b.bigBlind), 1, 1)
	}
	b.actor = int8(s.nextSeatFrom(first, s.mustAct))
	if b.actor < 0 {
		s.phase++
		return false
	}
	s.awaitV2(stepBet)
	return true
}

// betSize is the fixed bet of a limit round (or the minimum pot-limit bet).
func (s *State) betSize(ph *bc.Phase) int32 {
	if s.r.bet.b.Structure == bc.Limit {
		return int32(s.r.bet.b.Bet) * int32(ph.Count)
	}
	return int32(s.r.bet.b.Bet)
}

// canAct reports whether a seat may still bet: in the hand with chips.
func (s *State) canAct(seat int) bool {
	return s.inHand(seat) && s.b.allIn&(1<<seat) == 0
}

// mustAct reports whether a seat has to act in the current round: it can
// act, and it has not acted since the last raise or it faces a bet; a
// seat that is the only one able to act and owes nothing does not.
func (s *State) mustAct(seat int) bool {
	b := &s.b
	if !s.canAct(seat) {
		return false
	}
	owes := b.round[seat] < b.curBet
	if owes {
		return true
	}
	if b.acted&(1<<seat) != 0 {
		return false
	}
	return s.othersCanAct(seat)
}

// othersCanAct reports whether a seat other than seat can still bet.
func (s *State) othersCanAct(seat int) bool {
	for o := 0; o < s.r.players; o++ {
		if o != seat && s.canAct(o) {
			return true
		}
	}
	return false
}

// betMoves appends the legal moves of the seat to act, sorted by Key.
func (s *State) betMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	b := &s.b
	a := int(b.actor)
	toCall := b.curBet - b.round[a]
	if toCall > 0 {
		buf = append(buf, betMove(game.Fold, 0, 0))
	} else {
		buf = append(buf, betMove(game.Check, 0, 0))
	}
	if toCall > 0 {
		buf = append(buf, betMove(game.Call, 0, 0))
	}
	if b.raises >= s.r.bet.b.MaxRaises || b.stack[a] <= toCall || !s.othersCanAct(a) || b.acted&(1<<a) != 0 {
		return buf // a seat that acted since the last full raise may only call or fold
	}
	all := b.round[a] + b.stack[a] // the most this seat can bet to
	var menu [4]int32
	n := 0
	if s.r.bet.b.Structure == bc.Limit {
		menu[0], n = b.curBet+s.betSize(ph), 1
	} else {
		after := s.pot() + toCall
		menu[0], menu[1], menu[2], n = b.curBet+b.minRaise, b.curBet+after/2, b.curBet+after, 3
		if s.r.bet.b.Structure == bc.NoLimit {
			menu[3], n = all, 4
		}
	}
	idx := uint8(0)
	last := int32(-1)
	for i := 0; i < n; i++ {
		to := min(menu[i], all)
		if i > 0 && menu[i] < menu[0] {
			continue // half the pot below the minimum raise
		}
		if to <= b.curBet || to <= last {
			continue
		}
		buf = append(buf, betMove(game.Bet, idx, to))
		idx++
		last = to
	}
	return buf
}

func betMove(k game.MoveKind, count uint8, amount int32) game.Move {
	return game.Move{Kind: k, Card: 255, Suit: 255, Count: count, Amount: amount}
}

// bet applies a legal betting move. It reports whether the round is over.
func (s *State) bet(m game.Move) bool {
	b := &s.b
	a := int(b.actor)
	switch m.Kind {
	case game.Fold:
		b.folded |= 1 << a
		if s.seatsInHand() == 1 {
			b.handOver = true
			return true
		}
	case game.Check:
		b.acted |= 1 << a
	case game.Call:
		s.putIn(a, b.curBet-b.round[a], true)
		b.acted |= 1 << a
		s.touched = true
	case game.Bet:
		s.putIn(a, m.Amount-b.round[a], true)
		raise := m.Amount - b.curBet
		b.curBet = m.Amount
		b.raises++
		if raise >= b.minRaise { // a full raise reopens the betting
			b.minRaise = raise
			b.acted = 1 << a
		} else { // an all-in short of a full raise: who acted may only call or fold
			b.acted |= 1 << a
		}
		s.touched = true
	}
	next := s.nextSeatFrom((a+1)%s.r.players, s.mustAct)
	if next < 0 {
		b.actor = -1
		return true
	}
	b.actor = int8(next)
	s.awaitV2(stepBet)
	return false
}
