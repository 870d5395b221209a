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
func (c cardSet) empty() bool            { return c[0]|c[1] == 0 }
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
		return s.appendCards(buf, &s.legal, true)
	case stepTrick:
		return s.appendCards(buf, &s.legal, false)
	case stepOver:
		return buf
	case stepPassPick, stepBidTricks, stepOrderUp, stepNameTrump, stepTrumpDiscard:
		return s.trickMoves(buf)
	}
	return s.legalV2(buf)
}

// await makes the game wait for step w; for a play or trick step, set is
// the cards that may be played. It counts the legal moves once, here, so
// that Apply validates a move and counts a decision without listing them.
func (s *State) await(w step, set cardSet) {
	s.wait, s.legal, s.nLegal, s.onValid = w, set, 1, false
	switch w {
	case stepPlay:
		s.nLegal = s.countCards(&set, true)
	case stepTrick:
		s.nLegal = s.countCards(&set, false)
	}
}

// relist recomputes the legal cards of the step the game waits for, after
// the cards changed under it (a Determinize world).
func (s *State) relist() {
	switch s.wait {
	case stepPlay:
		s.await(stepPlay, s.playable(&s.r.prog.Turn[s.phase]))
	case stepTrick:
		s.await(stepTrick, s.trickLegal(&s.r.prog.Turn[s.phase]))
	case stepAsk, stepClaim, stepAnswer, stepClimb, stepTurnUp, stepStack, stepBet, stepDiscard, stepHit, stepDrawChoice:
		s.awaitV2(s.wait)
	case stepMeldDiscard:
		s.listKnocks(&s.r.prog.Turn[s.phase])
		s.awaitV2(s.wait)
	case stepPassPick, stepBidTricks, stepOrderUp, stepNameTrump, stepTrumpDiscard:
		s.awaitTrick(s.wait)
	case stepCapture, stepBid:
		s.awaitCaptures(s.wait)
	}
}

// countCards is len(appendCards(nil, set, effects)).
func (s *State) countCards(set *cardSet, effects bool) uint32 {
	faces := set.faces()
	if !effects {
		return uint32(faces.count())
	}
	if s.r.staticEffects {
		// Both copies of a face have the same static effects.
		return uint32(faces.count() + 3*faces.and(s.r.declare).count())
	}
	n := 0
	for w := 0; w < 2; w++ {
		for b := set[w]; b != 0; b &= b - 1 {
			c := cards.Card(w*64 + trailingZeros(b))
			if c.Copy() == 1 && set.has(c.Face()) {
				continue
			}
			n++
			if s.hasDeclare(c) {
				n += 3
			}
		}
	}
	return uint32(n)
}

// isLegal reports whether m is one of LegalMoves, without listing them.
func (s *State) isLegal(m game.Move) bool {
	switch s.wait {
	case stepPass:
		return m == game.PassMove
	case stepBattle:
		return m == game.BattleMove
	case stepPlay, stepTrick:
		c := m.Card
		if !c.Valid() || !s.legal.has(c) || (c.Copy() == 1 && s.legal.has(c.Face())) {
			return false
		}
		if s.wait == stepPlay && s.hasDeclare(c) {
			return m.Kind == game.PlayCardDeclareSuit && m.Suit < cards.NumSuits
		}
		return m == game.Play(c)
	case stepOver:
		return false
	case stepPassPick, stepBidTricks, stepOrderUp, stepNameTrump, stepTrumpDiscard:
		return s.isLegalTrick(m)
	}
	return s.isLegalV2(m)
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
	if s.r.staticEffects {
		return s.r.declare.has(c)
	}
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
	return s.legalSet(ph, nil).and(s.piles[s.r.pileOf(ph.From, s.cur)].set)
}

// legalSet is the set of card ids the legal predicate of play phase ph (the
// current phase) accepts now, or with ov's top: from the phase's table when
// it has one (legaltable.go), else evaluated.
func (s *State) legalSet(ph *bc.Phase, ov *override) cardSet {
	if t := s.r.legalTab[s.phase]; t != nil {
		return t.lookup(s, ov)
	}
	if set, ok := s.evalSet(ph.Legal, ov); ok {
		return set
	}
	var set cardSet
	for _, c := range s.r.deck {
		if eval(ph.Legal, c, s, ov) {
			set.add(c)
		}
	}
	return set
}

func (s *State) anyPlayable(ph *bc.Phase) bool { return !s.playable(ph).empty() }

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

// trickLegal is the set of cards the current player may play to the trick:
// the forced first lead if held, else when leading anything but the unbroken
// suit (if the hand has anything else), else when following the led suit
// (its effective suit: a left bower is trump) if able, else the whole hand.
// On the first trick of a hand with the first-trick rule, cards with points
// are taken out of that set unless nothing else is left in it.
func (s *State) trickLegal(ph *bc.Phase) cardSet {
	set := s.trickBase(ph)
	if s.r.tr.noPoints && s.tk.played == 0 {
		if clean := set.andNot(s.r.tr.pointSet); !clean.empty() {
			return clean
		}
	}
	return set
}

// trickBase is trickLegal before the first-trick point rule.
func (s *State) trickBase(ph *bc.Phase) cardSet {
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	all := hand.set
	if s.trickLen > 0 {
		if ph.Follow == bc.FollowSuitIfAble {
			if led := all.and(s.suitMask(s.effSuit(s.trickCards[0]))); !led.empty() {
				return led
			}
		}
		return all
	}
	if !s.led && ph.FirstLead != cards.None {
		if first := all.and(masks.face[ph.FirstLead.Face()]); !first.empty() {
			// Two decks: the copy lowest in the hand is the one to lead.
			for i := 0; i < hand.len(); i++ {
				if c := hand.at(i); first.has(c) {
					var only cardSet
					only.add(c)
					return only
				}
			}
		}
	}
	if ph.BrokenSuit != cards.NoSuit && !s.broken {
		if other := all.andNot(masks.suit[ph.BrokenSuit%cards.NumSuits]); !other.empty() {
			return other
		}
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
	led := s.effSuit(s.trickCards[0])
	for i := 1; i < n; i++ {
		if s.beats(s.trickCards[i], s.trickCards[best], led) {
			best = i
		}
	}
	winner := int(s.trickSeats[best])
	s.creditTrick(winner)
	table, won := s.r.pileOf(ph.TrickZone, 0), s.r.pileOf(ph.WonTo, winner)
	for i := 0; i < n && s.piles[table].n > 0; i++ {
		s.put(table, s.piles[table].len()-1, won, EvTake, winner, false)
	}
	s.nextLead = winner
}

// beats reports whether card a beats the best card so far b in a trick led
// with (effective) suit led: a trump beats any other card, a card of
// another suit than the led suit never wins, else the higher rank wins
// (with bowers, the jacks of the trump colour are the highest trumps).
func (s *State) beats(a, b cards.Card, led cards.Suit) bool {
	as, bs := s.effSuit(a), s.effSuit(b)
	aTrump, bTrump := s.trump != cards.NoSuit && as == s.trump, s.trump != cards.NoSuit && bs == s.trump
	switch {
	case aTrump != bTrump:
		return aTrump
	case !aTrump && as != led:
		return false
	case !aTrump && bs != led:
		return true
	}
	return s.trickRank(a) > s.trickRank(b)
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
