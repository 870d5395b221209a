package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Phase implements game.Observer.
func (s *State) Phase() game.PhaseKind {
	if s.wait == stepOver {
		return game.NoPhase
	}
	if k, ok := s.trickPhaseKind(); ok {
		return k
	}
	switch s.r.prog.Turn[s.phase].Kind {
	case bc.PhasePlay:
		return game.Shedding
	case bc.PhaseTrick:
		return game.Trick
	case bc.PhaseBattle:
		return game.Battling
	case bc.PhaseAsk:
		return game.Asking
	case bc.PhaseClaim:
		if s.wait == stepAnswer {
			return game.Answering
		}
		return game.Claiming
	case bc.PhaseClimb:
		return game.Climbing
	case bc.PhasePlayTop:
		return game.TurningUp
	case bc.PhaseDrawChoice:
		return game.MeldDrawing
	case bc.PhaseMeldDiscard:
		return game.MeldDiscarding
	case bc.PhaseBet:
		return game.Betting
	case bc.PhaseDiscardDraw:
		return game.Drawing
	case bc.PhaseHit:
		return game.Hitting
	case bc.PhaseCapture:
		return game.Capturing
	case bc.PhaseBid:
		return game.Bidding
	}
	return game.NoPhase
}

// Hand implements game.Observer.
func (s *State) Hand(buf []cards.Card) []cards.Card {
	buf = buf[:0]
	if s.wait == stepOver || s.wait == stepBattle {
		return buf
	}
	if s.isBetStep() {
		return s.betHand(buf)
	}
	ph := &s.r.prog.Turn[s.phase]
	if s.r.prog.Zones[ph.From].Visibility == bc.Hidden {
		return buf // a face-down pile: not even its owner sees it
	}
	p := &s.piles[s.r.pileOf(ph.From, s.mover())]
	for i := 0; i < p.len(); i++ {
		buf = append(buf, p.at(i))
	}
	return buf
}

// PileTop implements game.Observer.
func (s *State) PileTop() (cards.Card, cards.Suit, bool) {
	if s.wait == stepOver || s.r.prog.Turn[s.phase].Kind != bc.PhasePlay {
		return cards.None, cards.NoSuit, false
	}
	return s.topOf(s.r.prog.Turn[s.phase].To, nil)
}

// PlayableOn implements game.Observer.
func (s *State) PlayableOn(c, top cards.Card, active cards.Suit) bool {
	if s.wait == stepOver || s.r.prog.Turn[s.phase].Kind != bc.PhasePlay {
		return false
	}
	ph := &s.r.prog.Turn[s.phase]
	ov := override{zone: ph.To, top: top, active: active}
	// A player asks about every card of its hand for each candidate top:
	// the set of cards playable on (top, active) is computed once and kept
	// until the next question about another top or the next move.
	if !s.onValid || s.onTop != top || s.onActive != active || s.onPhase != s.phase {
		var set cardSet
		if t := s.r.legalTab[s.phase]; t != nil {
			set = t.lookup(s, &ov)
		} else {
			var ok bool
			if set, ok = s.evalSet(ph.Legal, &ov); !ok {
				return eval(ph.Legal, c, s, &ov)
			}
		}
		s.onSet, s.onTop, s.onActive, s.onPhase, s.onValid = set, top, active, s.phase, true
	}
	return c.Valid() && s.onSet.has(c)
}

// CardEffects implements game.Observer.
func (s *State) CardEffects(c cards.Card) game.Effect {
	var out game.Effect
	m := s.effectsOf(c)
	for i, e := range s.r.prog.Effects {
		if m&(1<<i) != 0 {
			out |= 1 << (e.Kind - 1)
		}
	}
	return out
}

// TrickCards implements game.Observer.
func (s *State) TrickCards(buf []cards.Card) []cards.Card {
	return append(buf[:0], s.trickCards[:s.trickLen]...)
}

// TrumpSuit implements game.Observer: the trump of the current trick once
// it is known to everyone (a turned-up trump is fixed when the first trick
// is led).
func (s *State) TrumpSuit() cards.Suit {
	if s.trumpFixed {
		return s.trump
	}
	if s.wait != stepOver {
		if ph := &s.r.prog.Turn[s.phase]; ph.Kind == bc.PhaseTrick && ph.Trump == bc.TrumpSuit {
			return ph.TrumpSuit
		}
		if ph := &s.r.prog.Turn[s.phase]; ph.Kind == bc.PhaseTrick && ph.Trump == bc.TrumpTurnedUp {
			// A turned-up card in a zone everyone sees is known before the first lead.
			z := ph.TrumpZone
			if v := s.r.prog.Zones[z].Visibility; v == bc.Public || v == bc.TopPublic {
				if p := &s.piles[s.r.base[z]]; p.n > 0 {
					return p.top().Suit()
				}
			}
		}
	}
	return cards.NoSuit
}

// RankValue implements game.Observer.
func (s *State) RankValue(c cards.Card) int { return s.r.rankValue(c) }

// CardPoints implements game.Observer.
func (s *State) CardPoints(c cards.Card) int {
	if s.r.scoringZone < 0 || !c.Valid() {
		return 0
	}
	if s.r.staticPoints {
		return int(s.r.points[c])
	}
	total := 0
	for _, e := range s.r.prog.Scoring.Entries {
		if eval(e.Card, c, s, nil) {
			total += int(e.Points)
		}
	}
	return total
}

// ScoreGoal implements game.Observer.
func (s *State) ScoreGoal() game.Goal { return s.r.goal }
