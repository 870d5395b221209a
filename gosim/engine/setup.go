package engine

import (
	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
)

// setup runs the setup steps on the dealt start zone, picks the first
// player, checks the end conditions and advances to the first move.
func (s *State) setup() {
	r := s.r
	s.startBetHand() // betting games: seats out of chips leave, stakes are posted
	dealer := int(s.x.dealer)
	first := s.seatAfter(dealer, 1, 1) // left of the dealer
	for _, st := range r.prog.Setup {
		switch st.Op {
		case bc.Deal:
			s.deal(st)
		case bc.TurnUp:
			from, to := r.pileOf(st.From, 0), r.pileOf(st.To, 0)
			for k := 0; k < int(st.Count) && s.piles[from].n > 0; k++ {
				s.put(from, s.piles[from].len()-1, to, EvTurnUp, -1, true)
			}
		case bc.SetupDealDown:
			s.dealDown(st)
		case bc.DealSuit:
			s.dealSuit(st)
		case bc.DiscardSets:
			for i := 1; i <= r.players; i++ {
				s.discardSets(st.From, st.To, int(st.Count), st.Match, (dealer+i)%r.players)
			}
		case bc.FirstPlayer:
			switch st.Rule {
			case bc.LeftOfDealer:
				first = s.seatAfter(dealer, 1, 1)
			case bc.Dealer:
				first = dealer
			case bc.HolderOf:
				seat := s.holder(st.Card)
				if seat >= 0 {
					first = seat
				}
				if s.know != nil {
					s.learnHolder(st.Card, seat)
				}
			}
		}
	}
	first = s.beginTrickHand(first)
	s.cur, s.firstPlayer = first, first
	s.followLeader()
	if s.checkEnd() {
		return
	}
	s.started = true
	if s.startPrelude() {
		return // a pass, bid or trump decision comes first (trick.go)
	}
	s.advance()
}

// deal deals one card at a time round the table from the seat left of the
// dealer; it stops when the source is empty.
func (s *State) deal(st bc.SetupStep) {
	r := s.r
	from := r.pileOf(st.From, 0)
	count := s.dealCount(st) // -1: all
	for round := 0; count < 0 || round < count; round++ {
		for i := 1; i <= r.players; i++ {
			if s.piles[from].n == 0 {
				return
			}
			seat := (int(s.x.dealer) + i) % r.players
			if s.knockedOut(seat) || s.out[seat] {
				continue // a seat knocked out of a trick match, or out of a betting match, is dealt no cards
			}
			to := r.pileOf(st.To, seat)
			s.noteDealt(seat, s.put(from, s.piles[from].len()-1, to, EvDeal, seat, false))
		}
	}
}

// holder returns the seat holding a card of c's face in a per-player zone,
// searching from the seat left of the dealer, or -1.
func (s *State) holder(c cards.Card) int {
	r := s.r
	for i := 1; i <= r.players; i++ {
		seat := (int(s.x.dealer) + i) % r.players
		for z, zone := range r.prog.Zones {
			if zone.Owner != bc.PerPlayer {
				continue
			}
			p := &s.piles[r.base[z]+seat]
			for k := 0; k < p.len(); k++ {
				if p.at(k).Face() == c.Face() {
					return seat
				}
			}
		}
	}
	return -1
}

// put moves the card at position pos of pile from into pile to where the
// destination zone inserts cards: on top, at the bottom, or (shuffled) at a
// uniformly random position drawn from the game's stream.
func (s *State) put(from, pos, to int, kind EventKind, seat int, faceUp bool) cards.Card {
	switch s.r.prog.Zones[s.r.pileZone[to]].Insert {
	case bc.Bottom:
		return s.moveAt(from, pos, to, 0, kind, seat, faceUp)
	case bc.InsertShuffled:
		n := s.piles[to].len()
		if from == to {
			n--
		}
		s.chance++
		at := s.rng.Intn(n + 1)
		if at == n {
			at = -1
		}
		return s.moveAt(from, pos, to, at, kind, seat, faceUp)
	}
	return s.moveAt(from, pos, to, -1, kind, seat, faceUp)
}

// zoneBottom reports whether cards added to pile p go to its bottom.
func (s *State) zoneBottom(p int) bool {
	return s.r.pileAtBot[p]
}

// move moves the card at position pos (from the bottom) of pile from onto
// pile to (its bottom if bottom).
func (s *State) move(from, pos, to int, bottom bool, kind EventKind, seat int, faceUp bool) cards.Card {
	at := -1
	if bottom {
		at = 0
	}
	return s.moveAt(from, pos, to, at, kind, seat, faceUp)
}

// moveAt moves the card at position pos (from the bottom) of pile from into
// pile to at position at from the bottom (-1: on top), keeping scores and
// declared suits right and tracing it. Every card movement of the game
// goes through here.
func (s *State) moveAt(from, pos, to, at int, kind EventKind, seat int, faceUp bool) cards.Card {
	r := s.r
	src := &s.piles[from]
	var c cards.Card
	topChanged := false
	switch {
	case pos == src.len()-1:
		c, topChanged = src.popTop(), true
	case pos == 0:
		c = src.popBottom()
	default:
		c = src.removeAt(pos)
	}
	if o := r.pileOwner[from]; o != noSeat {
		s.held[o]--
	} else if topChanged {
		s.declared[r.pileZone[from]] = cards.NoSuit
	}
	dst := &s.piles[to]
	onTop := at < 0 || at >= dst.len()
	switch {
	case onTop:
		dst.pushTop(c)
		if r.pileOwner[to] == noSeat {
			s.declared[r.pileZone[to]] = cards.NoSuit
		}
	case at == 0:
		dst.pushBottom(c)
	default:
		dst.insertAt(at, c)
	}
	if s.x.holds[0]|s.x.holds[1]|s.x.holds[2]|s.x.holds[3]|s.x.holds[4]|s.x.holds[5] != 0 {
		s.forgetHold(from, c)
	}
	if o := r.pileOwner[to]; o != noSeat {
		s.held[o]++
	}
	if s.actor >= 0 && !s.touched {
		s.touched = s.touches(from) || s.touches(to)
	}
	if r.staticPoints {
		if int(r.pileZone[from]) == r.scoringZone {
			s.scores[r.pileOwner[from]] -= int32(r.points[c])
		}
		if int(r.pileZone[to]) == r.scoringZone {
			s.scores[r.pileOwner[to]] += int32(r.points[c])
		}
	}
	if s.know != nil {
		s.observeMove(c, from, to, onTop, faceUp, topChanged)
	}
	if s.trace != nil {
		if faceUp || kind == EvDeal || kind == EvDraw || kind == EvTake {
			v := r.prog.Zones[r.pileZone[to]].Visibility
			faceUp = faceUp || v == bc.Public || v == bc.TopPublic
		}
		s.emit(kind, seat, c, from, to, faceUp)
	}
	return c
}

// draw moves up to n cards from seat's copy of zone from to its copy of zone
// to, refilling an empty source by the stock rule. It returns how many
// cards were drawn.
func (s *State) draw(fromZone, toZone uint8, seat, n int) int {
	from, to := s.r.pileOf(fromZone, seat), s.r.pileOf(toZone, seat)
	if from == to {
		return 0
	}
	drawn := 0
	for ; drawn < n; drawn++ {
		if s.piles[from].n == 0 && !s.refill(fromZone) {
			break
		}
		s.put(from, s.piles[from].len()-1, to, EvDraw, seat, false)
	}
	return drawn
}

// refill applies the stock rule to an empty zone z: every card of the
// reshuffle zone except its top keep_top is shuffled into z. It reports
// whether z now has cards.
func (s *State) refill(z uint8) bool {
	st := s.r.prog.Stock
	if st == nil || st.Zone != z {
		return false
	}
	switch st.WhenEmpty {
	case bc.EndHand:
		s.x.stockOut = true // checkEnd ends the hand
		return false
	case bc.PassDraw:
		return false
	}
	from, to := s.r.pileOf(st.ReshuffleFrom, 0), s.r.pileOf(z, 0)
	n := s.piles[from].len() - int(st.KeepTop)
	for i := 0; i < n; i++ {
		s.move(from, 0, to, false, EvReshuffle, -1, false)
	}
	s.shuffle(&s.piles[to])
	return s.piles[to].n > 0
}
