package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// The meld_discard phase, the knock and the end of a rummy hand
// (docs/genome-melds.md; rules after pagat.com, "Gin Rummy").
//
// The player discards one card of the melds hand onto the discard pile
// (PlayCard), or discards it and knocks (Knock) when the deadwood of the
// rest of the hand is at most the knock limit. With keep_taken the card
// taken from the discard pile this turn may not be discarded (unless it is
// the only card). A discard without a knock that leaves at most stock_left
// cards in the stock voids the hand. At a knock the hands are shown: the
// knocker's melds are its best arrangement (the first found by the
// solver's fixed search order among those of least deadwood); every other
// seat, from the knocker's left, arranges its own hand and lays off onto
// the knocker's melds (as extended by the seats before it) so as to leave
// the least deadwood (automatic and optimal with one deck; no laying off
// onto gin). Each is then compared with the knocker (hand points, added to
// the match totals with match play):
//
//   - gin (knocker's deadwood 0): the knocker scores gin_bonus once plus
//     every other seat's deadwood;
//   - a seat's deadwood above the knocker's: the knocker scores the
//     difference;
//   - otherwise (an undercut): that seat scores undercut_bonus plus the
//     knocker's deadwood minus its own.
//
// Seats with positive hand points win the hand (a hand with none is drawn).

// enterMeldDiscard starts a meld_discard phase: it lists the cards whose
// discard allows a knock. It reports true (the phase waits for a move).
func (s *State) enterMeldDiscard(ph *bc.Phase) bool {
	if s.piles[s.r.pileOf(ph.From, s.cur)].n == 0 {
		s.awaitV2(stepPass)
		return true
	}
	s.listKnocks(ph)
	s.awaitV2(stepMeldDiscard)
	return true
}

// discardable is the set of cards the mover may discard.
func (s *State) discardable(ph *bc.Phase) cardSet {
	set := s.piles[s.r.pileOf(ph.From, s.cur)].set
	if ph.KeepTaken && s.m.taken != cards.None && set.count() > 1 {
		var t cardSet
		t.add(s.m.taken)
		set = set.andNot(t)
	}
	return set
}

// listKnocks fills s.m.knockable: the discardable cards whose discard
// leaves a deadwood of at most the knock limit.
func (s *State) listKnocks(ph *bc.Phase) {
	s.m.knockable = cardSet{}
	mr := &s.r.melds
	if !mr.on {
		return
	}
	hand := &s.piles[s.r.pileOf(ph.From, s.cur)]
	set := s.discardable(ph)
	var buf [cards.MaxCards]cards.Card
	var sv meldSolver
	sv.load(mr, pileCards(hand, cards.None, &buf))
	// Without card c the deadwood is at least the hand's least deadwood
	// less c's value: most hands cannot knock with any discard.
	whole := sv.solve()
	limit := int(mr.m.KnockLimit)
	maybe := false
	for i := 0; i < hand.len() && !maybe; i++ {
		maybe = whole-mr.value(hand.at(i)) <= limit
	}
	if !maybe {
		return
	}
	var without [maxMeldHand]int16
	sv.solveWithout(&without)
	for i := 0; i < hand.len(); i++ {
		c := hand.at(i)
		if !set.has(c) || (c.Copy() == 1 && set.has(c.Face())) {
			continue
		}
		d := 0
		if i < maxMeldHand {
			d = int(without[i])
		} else {
			sv.load(mr, pileCards(hand, c, &buf))
			d = sv.solve()
		}
		if d <= limit {
			s.m.knockable.add(c)
		}
	}
}

// meldDiscardMoves lists, by card id, the discard of every discardable card
// (one per face) followed by its knock when allowed.
func (s *State) meldDiscardMoves(buf []game.Move, ph *bc.Phase) []game.Move {
	set := s.discardable(ph)
	for w := 0; w < 2; w++ {
		for b := set[w]; b != 0; b &= b - 1 {
			c := cards.Card(w*64 + trailingZeros(b))
			if c.Copy() == 1 && set.has(c.Face()) {
				continue
			}
			buf = append(buf, game.Play(c))
			if s.m.knockable.has(c) {
				buf = append(buf, game.KnockWith(c))
			}
		}
	}
	return buf
}

// meldDiscard applies a discard or a knock.
func (s *State) meldDiscard(ph *bc.Phase, m game.Move) {
	hand, d := s.r.pileOf(ph.From, s.cur), s.r.pileOf(ph.To, s.cur)
	s.put(hand, s.piles[hand].index(m.Card), d, EvPlay, s.cur, true)
	s.m.taken, s.m.knockable = cards.None, cardSet{}
	if m.Kind == game.Knock {
		s.m.pending, s.m.knocker = meldKnocked, int8(s.cur)
		return
	}
	mr := &s.r.melds
	if mr.m.Stock != bc.NoZone && s.piles[s.r.pileOf(mr.m.Stock, s.cur)].len() <= int(mr.m.StockLeft) {
		s.m.pending = meldVoid
	}
}

// endMeldHand ends the hand on a pending knock or void (from checkEnd). It
// reports true: the caller must stop.
func (s *State) endMeldHand() bool {
	pending := s.m.pending
	s.m.pending = meldNothing
	if pending == meldVoid {
		s.m.stats.Voids++
		return s.conclude(game.Draw, 0)
	}
	s.scoreKnock()
	var winners uint8
	for seat := 0; seat < s.r.players; seat++ {
		if s.m.points[seat] > 0 {
			winners |= 1 << seat
			s.m.won[seat]++
		}
	}
	if winners == 0 {
		return s.conclude(game.Draw, 0)
	}
	return s.conclude(game.Win, winners)
}

// scoreKnock shows the hands after a knock, lays off and scores the hand
// into s.m.points.
func (s *State) scoreKnock() {
	mr := &s.r.melds
	k := int(s.m.knocker)
	var buf [cards.MaxCards]cards.Card
	var sv meldSolver
	sv.load(mr, pileCards(&s.piles[s.r.pileOf(mr.m.Hand, k)], cards.None, &buf))
	kd := sv.solve()
	var targets [maxMeldTargets]meldTarget
	nt := sv.bestTargets(&targets)
	gin := kd == 0
	s.m.stats.Knocks++
	if gin {
		s.m.stats.Gins++
		s.m.points[k] += int32(mr.m.GinBonus)
	}
	for i := 1; i < s.r.players; i++ {
		seat := (k + i) % s.r.players
		if s.out[seat] {
			continue
		}
		sv.load(mr, pileCards(&s.piles[s.r.pileOf(mr.m.Hand, seat)], cards.None, &buf))
		if mr.m.Layoffs && !gin {
			sv.targets, sv.nTargets = &targets, nt
		}
		dd := sv.solve()
		if sv.targets != nil {
			sv.layoff(sv.bestDW, true) // the next seat lays off onto the extended melds
		}
		switch {
		case gin:
			s.m.points[k] += int32(dd)
		case dd > kd:
			s.m.points[k] += int32(dd - kd)
		default:
			s.m.stats.Undercuts++
			s.m.points[seat] += int32(int(mr.m.UndercutBonus) + kd - dd)
		}
	}
}

// handScore is a seat's score of the hand in progress, which a match adds
// to its total: Score, except in a rummy game, whose Score is the match
// total plus the hand's points (so that players see the match standing).
func (s *State) handScore(seat int) int {
	if s.r.melds.on {
		return int(s.m.points[seat])
	}
	return s.Score(seat)
}

// addMeldBonuses adds the box and game bonuses to the match totals when a
// match of a rummy game ends: box_bonus per hand won to every seat, and
// game_bonus to each seat whose total reached the target score.
func (s *State) addMeldBonuses() {
	mr := &s.r.melds
	if !mr.on || s.r.prog.Match == nil {
		return
	}
	target := int32(s.r.prog.Match.TargetScore)
	for seat := 0; seat < s.r.players; seat++ {
		if s.x.totals[seat] >= target {
			s.x.totals[seat] += int32(mr.m.GameBonus)
		}
		s.x.totals[seat] += int32(mr.m.BoxBonus) * int32(s.m.won[seat])
	}
}
