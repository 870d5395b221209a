package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// cardSet is a set of card ids (two decks fit in 128 bits).
type cardSet [2]uint64

func (c *cardSet) add(x cards.Card)      { c[x>>6] |= 1 << (x & 63) }
func (c *cardSet) has(x cards.Card) bool { return c[x>>6]&(1<<(x&63)) != 0 }
func (c *cardSet) empty() bool           { return c[0]|c[1] == 0 }
func (c *cardSet) forEach(f func(cards.Card)) {
	for w := 0; w < 2; w++ {
		for b := c[w]; b != 0; b &= b - 1 {
			f(cards.Card(w*64 + trailingZeros(b)))
		}
	}
}

// LegalMoves implements game.State. Of two copies of the same face only the
// first deck's copy is listed: they are the same move.
func (s *State) LegalMoves(buf []game.Move) []game.Move {
	buf = buf[:0]
	switch s.wait {
	case stepPass:
		return append(buf, game.PassMove)
	case stepBattle:
		return append(buf, game.BattleMove)
	case stepPlay:
		set := s.playable(&s.r.prog.Turn[s.phase])
		return s.appendCards(buf, &set, true)
	case stepTrick:
		set := s.trickLegal(&s.r.prog.Turn[s.phase])
		return s.appendCards(buf, &set, false)
	case stepOver:
		return buf
	}
	return s.legalV2(buf)
}

// appendCards lists the moves of a set of cards in id order, one per face,
// with four declare moves for a card with the declare_suit effect.
func (s *State) appendCards(buf []game.Move, set *cardSet, effects bool) []game.Move {
	for w := 0; w < 2; w++ {
		for b := set[w]; b != 0; b &= b - 1 {
			c := cards.Card(w*64 + trailingZeros(b))
			if c.Copy() == 1 && set.has(c.Face()) {
				continue
			}
			if effects && s.hasDeclare(c) {
				for su := cards.Suit(0); su < cards.NumSuits; su++ {
					buf = append(buf, game.PlayDeclare(c, su))
				}
				continue
			}
			buf = append(buf, game.Play(c))
		}
	}
	return buf
}

// effectsOf returns the bit set of effect indices that apply to card c.
func (s *State) effectsOf(c cards.Card) uint16 {
	if s.r.staticEffects {
		return s.r.effectMask[c]
	}
	var m uint16
	for i, e := range s.r.prog.Effects {
		if eval(e.Card, c, s, nil) {
			m |= 1 << i
		}
	}
	return m
}

func (s *State) hasDeclare(c cards.Card) bool {
	m := s.effectsOf(c)
	for i, e := range s.r.prog.Effects {
		if m&(1<<i) != 0 && e.Kind == bc.EffectDeclareSuit {
			return true
		}
	}
	return false
}

// playable is the set of cards of the current player's hand that satisfy
// the play phase's legal predicate.
func (s *State) playable(ph *bc.Phase) cardSet {
	var set cardSet
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	for i := 0; i < hand.len(); i++ {
		if c := hand.at(i); eval(ph.Legal, c, s, nil) {
			set.add(c)
		}
	}
	return set
}

func (s *State) anyPlayable(ph *bc.Phase) bool {
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	for i := 0; i < hand.len(); i++ {
		if eval(ph.Legal, hand.at(i), s, nil) {
			return true
		}
	}
	return false
}

// drawUntilPlayable is if_unable: draw one card at a time until a legal card
// is drawn or max_draws cards (0: the whole deck at most) have been drawn.
func (s *State) drawUntilPlayable(ph *bc.Phase) {
	limit := int(ph.MaxDraws)
	if limit == 0 {
		limit = s.r.deckSize
	}
	hand := s.r.pileOf(ph.From, s.cur)
	for i := 0; i < limit; i++ {
		if s.draw(ph.DrawFrom, ph.From, s.cur, 1) == 0 {
			return
		}
		if eval(ph.Legal, s.piles[hand].top(), s, nil) {
			return
		}
	}
}

// play plays a legal move of a play phase and applies the card's effects in
// list order (their predicates read the table as the player saw it).
func (s *State) play(m game.Move) {
	ph := &s.r.prog.Turn[s.phase]
	mask := s.effectsOf(m.Card)
	from, to := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.To, s.cur)
	s.put(from, s.piles[from].index(m.Card), to, EvPlay, s.cur, true)
	for i, e := range s.r.prog.Effects {
		if mask&(1<<i) == 0 {
			continue
		}
		switch e.Kind {
		case bc.EffectDeclareSuit:
			if m.Kind == game.PlayCardDeclareSuit {
				s.declared[ph.To] = m.Suit
				if s.trace != nil {
					s.emit(EvDeclare, s.cur, cards.Card(m.Suit), -1, -1, true)
				}
			}
		case bc.EffectSkip:
			s.skips++
		case bc.EffectReverse:
			if s.inGame == 2 {
				s.skips++
			} else {
				s.dir = -s.dir
			}
		case bc.EffectDraw:
			next := s.seatAfter(s.cur, s.dir, 1)
			s.draw(e.Zone, ph.From, next, int(e.Count))
		case bc.EffectExtraTurn:
			s.extra = true
		case bc.EffectDrawStackable:
			s.stackDraw(e)
		}
	}
}

// trickLegal is the set of cards the current player may play to the trick.
func (s *State) trickLegal(ph *bc.Phase) cardSet {
	var all, other, led cardSet
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	leading := s.trickLen == 0
	for i := 0; i < hand.len(); i++ {
		c := hand.at(i)
		all.add(c)
		if leading {
			if !s.led && ph.FirstLead != cards.None && c.Face() == ph.FirstLead.Face() {
				var only cardSet
				only.add(c)
				return only
			}
			if c.Suit() != ph.BrokenSuit {
				other.add(c)
			}
		} else if c.Suit() == s.trickCards[0].Suit() {
			led.add(c)
		}
	}
	switch {
	case leading && ph.BrokenSuit != cards.NoSuit && !s.broken && !other.empty():
		return other
	case !leading && ph.Follow == bc.FollowSuitIfAble && !led.empty():
		return led
	}
	return all
}

// trickPlay plays card c of the current player to the trick and, when every
// seat in the game has acted, gives the trick to its winner.
func (s *State) trickPlay(c cards.Card) {
	ph := &s.r.prog.Turn[s.phase]
	if s.trickLen == 0 && !s.trumpFixed {
		switch ph.Trump {
		case bc.TrumpSuit:
			s.trump = ph.TrumpSuit
		case bc.TrumpTurnedUp:
			// The trump card is turned up, even from a hidden zone.
			if p := &s.piles[s.r.base[ph.TrumpZone]]; p.n > 0 {
				s.trump = p.top().Suit()
			}
		}
		s.trumpFixed = true
	}
	if s.know != nil {
		s.learnTrickPlay(ph, c)
	}
	from, to := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.TrickZone, s.cur)
	s.move(from, s.piles[from].index(c), to, false, EvPlay, s.cur, true)
	s.led = true
	if c.Suit() == ph.BrokenSuit {
		s.broken = true
	}
	s.trickCards[s.trickLen], s.trickSeats[s.trickLen] = c, int8(s.cur)
	s.trickLen++
	s.trickActs++
	if s.trickActs >= s.inGame {
		s.completeTrick(ph)
	}
}

// trickPass records that the current player, with no card, sat the trick out.
func (s *State) trickPass() {
	s.trickActs++
	if s.trickActs >= s.inGame {
		s.completeTrick(&s.r.prog.Turn[s.phase])
	}
}

// completeTrick gives the trick to the highest trump if any was played, else
// to the highest card of the led suit (the first played of equal cards);
// the winner takes its cards and leads next.
func (s *State) completeTrick(ph *bc.Phase) {
	n := s.trickLen
	s.trickLen, s.trickActs = 0, 0
	if n == 0 {
		return
	}
	best := 0
	for i := 1; i < n; i++ {
		if s.beats(s.trickCards[i], s.trickCards[best], s.trickCards[0].Suit()) {
			best = i
		}
	}
	winner := int(s.trickSeats[best])
	table, won := s.r.pileOf(ph.TrickZone, 0), s.r.pileOf(ph.WonTo, winner)
	for i := 0; i < n && s.piles[table].n > 0; i++ {
		s.put(table, s.piles[table].len()-1, won, EvTake, winner, false)
	}
	s.nextLead = winner
}

// beats reports whether card a beats the best card so far b in a trick led
// with suit led.
func (s *State) beats(a, b cards.Card, led cards.Suit) bool {
	aTrump, bTrump := s.trump != cards.NoSuit && a.Suit() == s.trump, s.trump != cards.NoSuit && b.Suit() == s.trump
	switch {
	case aTrump != bTrump:
		return aTrump
	case !aTrump && a.Suit() != led:
		return false
	case !aTrump && b.Suit() != led:
		return true
	}
	return s.r.rankValue(a) > s.r.rankValue(b)
}

// battle plays one battle for the whole table (docs/genome.md, battle).
func (s *State) battle() {
	ph := &s.r.prog.Turn[s.phase]
	r := s.r
	table := r.pileOf(ph.Table, 0)
	var inWar [bc.MaxPlayers]bool
	var up [bc.MaxPlayers]cards.Card
	contenders := 0
	for seat := 0; seat < r.players; seat++ {
		if s.out[seat] {
			continue
		}
		if s.piles[r.pileOf(ph.From, seat)].n == 0 {
			s.knockOut(seat)
			continue
		}
		inWar[seat] = true
		contenders++
	}
	if contenders < 2 {
		return
	}
	for seat := 0; seat < r.players; seat++ {
		if inWar[seat] {
			p := r.pileOf(ph.From, seat)
			up[seat] = s.move(p, s.piles[p].len()-1, table, false, EvReveal, seat, true)
		}
	}
	winner := -1
	for winner < 0 {
		best, tied := -1, 0
		for seat := 0; seat < r.players; seat++ {
			if !inWar[seat] {
				continue
			}
			v := r.rankValue(up[seat])
			switch {
			case v > best:
				best, tied, winner = v, 1, seat
			case v == best:
				tied++
			}
		}
		if tied == 1 {
			break
		}
		// War: every tied seat adds war_face_down cards face down and one up.
		winner, contenders = -1, 0
		for seat := 0; seat < r.players; seat++ {
			if !inWar[seat] {
				continue
			}
			if r.rankValue(up[seat]) != best {
				inWar[seat] = false
				continue
			}
			p := r.pileOf(ph.From, seat)
			if s.piles[p].len() < int(ph.WarFaceDown)+1 {
				inWar[seat] = false
				s.knockOut(seat)
				continue
			}
			for k := 0; k < int(ph.WarFaceDown); k++ {
				s.move(p, s.piles[p].len()-1, table, false, EvFaceDown, seat, false)
			}
			up[seat] = s.move(p, s.piles[p].len()-1, table, false, EvReveal, seat, true)
			contenders++
			winner = seat
		}
		if contenders == 0 {
			return // nobody could complete the war; the table stays
		}
		if contenders > 1 {
			winner = -1
		}
	}
	if ph.TakeOrder == bc.Shuffled {
		s.shuffle(&s.piles[table])
	}
	// The table's cards go as a block, keeping their order: under the pile
	// (first played at the very bottom) or on top of it (last played on top).
	to := r.pileOf(ph.From, winner)
	for s.piles[table].n > 0 {
		if ph.TakesTo == bc.Bottom {
			s.move(table, s.piles[table].len()-1, to, true, EvTake, winner, false)
		} else {
			s.move(table, 0, to, false, EvTake, winner, false)
		}
	}
}

// knockOut puts a seat out of the game.
func (s *State) knockOut(seat int) {
	if !s.out[seat] {
		s.out[seat] = true
		s.inGame--
	}
}
