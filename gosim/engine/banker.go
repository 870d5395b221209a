package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/hands"
)

// The hit phase and the banker seat (docs/genome-betting.md, "hit" and
// "banker"). Rules of blackjack: pagat.com, "Blackjack"
// (https://www.pagat.com/banking/blackjack.html).
//
// Hit: each seat in the hand, from the dealer's left, draws one card at a
// time (Hit) until it stands (Stand), reaches 21 or busts; a seat already
// at 21 or more (a natural) does not play. The banker is not a seat: its
// hand is the shared banker zone, it draws by a fixed policy (below its
// stands_on total, and on a soft stands_on when hit_soft) and its chips
// are the bank. At the showdown it turns up its hole card and, unless
// every seat has bust, draws; then each seat's stake is settled: a bust
// loses; a natural against a natural is a push; a natural wins
// pays_num:pays_den; a banker natural wins; a banker bust loses; else the
// higher total wins even money, equal totals push. With the poker ranking
// the banker does not draw and the better poker hand wins even money.

// hitDone reports whether a seat's hit phase is over: out of the hand,
// stood, or at 21 points or more.
func (s *State) hitDone(ph *bc.Phase, seat int) bool {
	if !s.inHand(seat) || s.b.done&(1<<seat) != 0 {
		return true
	}
	var buf [cards.MaxCards]cards.Card
	t, _ := hands.Points(s.collect(ph.To, seat, buf[:0]))
	return t >= 21
}

// enterHit begins the hit phase; it reports whether it waits for a move.
func (s *State) enterHit(ph *bc.Phase) bool {
	s.b.done = 0
	return s.nextHitter(ph, s.seatAfter(int(s.x.dealer), 1, 1))
}

// nextHitter sets the actor to the first seat from seat that still plays
// and waits for it, or ends the phase (s.phase moves on) and reports false.
func (s *State) nextHitter(ph *bc.Phase, seat int) bool {
	for i := 0; i < s.r.players; i++ {
		x := (seat + i) % s.r.players
		if !s.hitDone(ph, x) {
			s.b.actor = int8(x)
			s.awaitV2(stepHit)
			return true
		}
	}
	s.b.actor = -1
	return false
}

// hit applies Hit or Stand; it reports whether the phase is over.
func (s *State) hit(ph *bc.Phase, m game.Move) bool {
	a := int(s.b.actor)
	if m.Kind == game.Stand || s.draw(ph.From, ph.To, a, 1) == 0 {
		s.b.done |= 1 << a
	}
	if !s.hitDone(ph, a) {
		s.awaitV2(stepHit)
		return false
	}
	return !s.nextHitter(ph, (a+1)%s.r.players)
}

// settleBanker plays the banker's hand by its policy and settles every
// seat's stake against it; value holds the seats' showdown values.
func (s *State) settleBanker(value *[bc.MaxPlayers]uint32) {
	bt := &s.r.bet
	b := &s.b
	bank := s.r.pileOf(bt.b.Banker, 0)
	s.revealPile(bank)
	var buf [cards.MaxCards]cards.Card
	if bt.rank == bc.RankPoints {
		live := false
		for seat := 0; seat < s.r.players; seat++ {
			live = live || (s.inHand(seat) && value[seat] > 0)
		}
		for live {
			t, soft := hands.Points(s.collect(bt.b.Banker, 0, buf[:0]))
			if t > int(bt.b.StandsOn) || (t == int(bt.b.StandsOn) && !(soft && bt.b.HitSoft)) {
				break
			}
			src := s.r.pileOf(bt.bankDraw, 0)
			if s.piles[src].n == 0 && !s.refill(bt.bankDraw) {
				break
			}
			s.put(src, s.piles[src].len()-1, bank, EvTurnUp, -1, true)
		}
	}
	h := s.collect(bt.b.Banker, 0, buf[:0])
	var dealer uint32
	if bt.rank == bc.RankPoints {
		dealer = pointsValue(h)
	} else {
		dealer = uint32(hands.BestOf(h[:min(len(h), 64)]))
	}
	for seat := 0; seat < s.r.players; seat++ {
		stake := b.committed[seat]
		if stake == 0 {
			continue
		}
		b.committed[seat] = 0
		v := value[seat]
		var win int32 // chips won (negative: the stake is lost)
		switch {
		case bt.rank == bc.RankPoints && v == 0:
			win = -stake // a bust loses, whatever the banker does
		case bt.rank == bc.RankPoints && v&1 == 1 && dealer&1 == 0:
			win = stake * int32(bt.b.PaysNum) / int32(bt.b.PaysDen) // a natural
		case v > dealer:
			win = stake
		case v < dealer:
			win = -stake
		}
		if win < 0 {
			b.bank += stake
		} else {
			b.stack[seat] += stake + win
			b.bank -= win
		}
	}
}
