package engine

import (
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
)

// Chips of betting games (docs/genome-betting.md). Chips are not cards:
// every seat's stack, the chips it has put in this hand and the bank are
// integers kept in betState, a fixed-size value copied with the State.
// The pot is the sum of committed; stacks + committed + bank is constant
// for the whole match (ChipsTotal). The files betting.go, community.go,
// showdown.go and banker.go hold the phases.

// Engine steps of betting games.
const (
	stepBet     step = 30 // a betting round: b.actor folds, checks, calls, bets or raises
	stepDiscard step = 31 // drawing to improve: b.actor discards up to n cards and draws
	stepHit     step = 32 // b.actor hits or stands
)

// betState is the chips and betting state of a game; all of it is public.
type betState struct {
	stack     [bc.MaxPlayers]int32 // chips behind
	committed [bc.MaxPlayers]int32 // chips put in this hand (pot or stake)
	round     [bc.MaxPlayers]int32 // chips put in this betting round
	bank      int32                // the banker's chips

	folded uint8 // seats that folded this hand
	allIn  uint8 // seats with no chips left behind
	acted  uint8 // seats that acted since the last bet or raise
	done   uint8 // seats done in the current discard or hit phase

	actor    int8  // seat to move in a betting, discard or hit step
	bigBlind int8  // seat that posted the big blind this hand, or -1
	curBet   int32 // the highest round bet
	minRaise int32 // the smallest raise allowed (the last raise's size)
	raises   uint8 // bets and raises in this round
	rounds   uint8 // betting rounds begun this hand

	handOver bool   // the hand is decided (fold win or showdown done)
	hands    uint16 // hands finished
}

// betRules is what the betting rules need of the program.
type betRules struct {
	on       bool
	b        bc.Betting
	hand     uint8 // the showdown's hand zone
	board    uint8 // the showdown's board zone, or NoZone
	rank     bc.HandRank
	banker   bool
	bankDraw uint8 // zone the banker draws from: the first hit phase's, else the deck's start
	bank0    int32 // the bank's chips at the start
}

// prepareBetting fills r.bet from the program (after prepareV2).
func (r *Rules) prepareBetting() {
	p := r.prog
	if p.Betting == nil {
		return
	}
	bt := &r.bet
	bt.on, bt.b = true, *p.Betting
	bt.bankDraw = p.Start
	for i := len(p.Turn) - 1; i >= 0; i-- {
		ph := &p.Turn[i]
		switch ph.Kind {
		case bc.PhaseShowdown:
			bt.hand, bt.board, bt.rank = ph.From, ph.To, ph.Rank
		case bc.PhaseHit:
			bt.bankDraw = ph.From
		}
	}
	bt.banker = bt.b.Banker != bc.NoZone
	if bt.banker {
		// Enough for the bank never to run short: every seat winning every
		// hand at the best payout (at most 2:1).
		bt.bank0 = int32(r.players) * int32(bt.b.MaxHands) * int32(bt.b.Stake) * 2
	}
	r.leader, r.goal = leadHighestScore, game.HigherIsBetter
}

// resetBetting gives every seat its starting stack (a new game).
func (s *State) resetBetting() {
	s.b = betState{actor: -1, bigBlind: -1}
	if !s.r.bet.on {
		return
	}
	for seat := 0; seat < s.r.players; seat++ {
		s.b.stack[seat] = int32(s.r.bet.b.Stack)
	}
	s.b.bank = s.r.bet.bank0
}

// startBetHand begins a hand of a betting game before its setup deals:
// seats that cannot stake are out, the dealer button moves past them, and
// antes, blinds or stakes are posted.
func (s *State) startBetHand() {
	bt := &s.r.bet
	if !bt.on {
		return
	}
	b := &s.b
	b.committed, b.round = [bc.MaxPlayers]int32{}, [bc.MaxPlayers]int32{}
	b.folded, b.allIn, b.acted, b.done = 0, 0, 0, 0
	b.actor, b.bigBlind, b.curBet, b.minRaise, b.raises, b.rounds = -1, -1, 0, 0, 0, 0
	b.handOver = false
	for seat := 0; seat < s.r.players; seat++ {
		if !s.canPlayOn(seat) {
			s.knockOut(seat)
		}
	}
	if s.inGame == 0 {
		return
	}
	if s.out[s.x.dealer] {
		s.x.dealer = uint8(s.seatAfter(int(s.x.dealer), 1, 1))
	}
	dealer := int(s.x.dealer)
	if bt.banker {
		for seat := 0; seat < s.r.players; seat++ {
			if !s.out[seat] {
				s.putIn(seat, int32(bt.b.Stake), false)
			}
		}
		return
	}
	if bt.b.Ante > 0 {
		for seat := 0; seat < s.r.players; seat++ {
			if !s.out[seat] {
				s.putIn(seat, int32(bt.b.Ante), false)
			}
		}
	}
	if bt.b.BigBlind > 0 && s.inGame >= 2 {
		// Heads-up the dealer posts the small blind (pagat.com, "Poker
		// betting": the dealer is the small blind when two play).
		sb := s.seatAfter(dealer, 1, 1)
		if s.inGame == 2 {
			sb = dealer
		}
		bb := s.seatAfter(sb, 1, 1)
		s.putIn(sb, int32(bt.b.SmallBlind), true)
		s.putIn(bb, int32(bt.b.BigBlind), true)
		b.bigBlind = int8(bb)
		b.curBet = max(b.round[sb], b.round[bb])
	}
}

// canPlayOn reports whether a seat can take part in a hand: it has chips
// (a banker game: at least the stake).
func (s *State) canPlayOn(seat int) bool {
	if s.r.bet.banker {
		return s.b.stack[seat] >= int32(s.r.bet.b.Stake)
	}
	return s.b.stack[seat] > 0
}

// putIn moves up to n chips of a seat's stack into the hand (into the
// betting round too when inRound); a seat left with none is all in. It
// returns the chips moved.
func (s *State) putIn(seat int, n int32, inRound bool) int32 {
	b := &s.b
	n = min(n, b.stack[seat])
	b.stack[seat] -= n
	b.committed[seat] += n
	if inRound {
		b.round[seat] += n
	}
	if b.stack[seat] == 0 {
		b.allIn |= 1 << seat
	}
	return n
}

// pot is every chip put in this hand.
func (s *State) pot() int32 {
	var n int32
	for _, c := range s.b.committed[:s.r.players] {
		n += c
	}
	return n
}

// inHand reports whether a seat is still in the hand (in the game, not
// folded).
func (s *State) inHand(seat int) bool {
	return !s.out[seat] && s.b.folded&(1<<seat) == 0
}

// seatsInHand counts the seats still in the hand.
func (s *State) seatsInHand() int {
	n := 0
	for seat := 0; seat < s.r.players; seat++ {
		if s.inHand(seat) {
			n++
		}
	}
	return n
}

// concludeBetHand ends a decided hand: an uncontested pot goes to the last
// seat in, the turn is counted, and the match ends (chips end condition,
// turn cap) or the next hand is dealt. It reports true: the caller stops.
func (s *State) concludeBetHand() bool {
	b := &s.b
	b.handOver = false
	if pot := s.pot(); pot > 0 && !s.r.bet.banker {
		for seat := 0; seat < s.r.players; seat++ {
			if s.inHand(seat) {
				b.stack[seat] += pot // a fold win: no showdown
				break
			}
		}
		b.committed = [bc.MaxPlayers]int32{}
	}
	b.round = [bc.MaxPlayers]int32{}
	s.countTurn()
	b.hands++
	if int(s.turns) >= s.r.prog.TurnCap {
		s.finish(game.Unfinished, 0)
		return true
	}
	if s.matchOver() {
		s.finishChips()
		return true
	}
	s.newHand()
	return true
}

// matchOver is the chips end condition: at most one seat can play on (a
// banker game: none), a seat reached the target, or max_hands were played.
func (s *State) matchOver() bool {
	bt := &s.r.bet
	alive := 0
	for seat := 0; seat < s.r.players; seat++ {
		if s.canPlayOn(seat) {
			alive++
		}
		if bt.b.Target > 0 && s.b.stack[seat] >= int32(bt.b.Target) {
			return true
		}
	}
	if alive == 0 || (alive == 1 && !bt.banker) {
		return true
	}
	return int(s.b.hands) >= int(bt.b.MaxHands)
}

// finishChips ends the match: the seats with the most chips win; if every
// seat has as many, it is a draw.
func (s *State) finishChips() {
	var set uint8
	var best int32
	for seat := 0; seat < s.r.players; seat++ {
		v := s.b.stack[seat]
		switch {
		case set == 0 || v > best:
			set, best = 1<<seat, v
		case v == best:
			set |= 1 << seat
		}
	}
	if set == uint8(1)<<s.r.players-1 {
		s.finish(game.Draw, 0)
		return
	}
	s.finish(game.Win, set)
}

// ChipsTotal is every chip of the game: stacks, chips put in, and the
// bank. It is constant over a match (chips are conserved); 0 in games
// without chips.
func (s *State) ChipsTotal() int {
	n := int(s.b.bank)
	for seat := 0; seat < s.r.players; seat++ {
		n += int(s.b.stack[seat]) + int(s.b.committed[seat])
	}
	return n
}

// Chips is a seat's stack (chips not put in).
func (s *State) Chips(seat int) int { return int(s.b.stack[seat]) }

// HandsDealt is the number of hands of a betting game finished so far.
func (s *State) HandsDealt() int { return int(s.b.hands) }

// betMover is the seat deciding a betting family step.
func (s *State) betMover() int { return int(s.b.actor) }

// isBetStep reports whether the game waits for a betting family step.
func (s *State) isBetStep() bool {
	return s.wait == stepBet || s.wait == stepDiscard || s.wait == stepHit
}

// nextSeatFrom returns the first seat from seat (included) in seating
// order for which ok holds, or -1.
func (s *State) nextSeatFrom(seat int, ok func(int) bool) int {
	for i := 0; i < s.r.players; i++ {
		x := (seat + i) % s.r.players
		if ok(x) {
			return x
		}
	}
	return -1
}

// betHash mixes the betting state into a 64-bit hash (the cycle check).
func (s *State) betHash() uint64 {
	b := &s.b
	h := uint64(14695981039346656037)
	mix := func(v int64) {
		for k := 0; k < 4; k++ {
			h = (h ^ uint64(byte(v>>(8*k)))) * 1099511628211
		}
	}
	for seat := 0; seat < s.r.players; seat++ {
		mix(int64(b.stack[seat]))
		mix(int64(b.committed[seat]))
		mix(int64(b.round[seat]))
	}
	mix(int64(b.folded) | int64(b.allIn)<<8 | int64(b.acted)<<16 | int64(b.done)<<24)
	mix(int64(b.actor) | int64(b.raises)<<8 | int64(b.rounds)<<16)
	mix(int64(b.curBet))
	mix(int64(b.minRaise))
	mix(int64(b.hands))
	return h
}

// betInfo is the betting state for InfoString (all of it is public).
func (s *State) betInfo() string {
	if !s.r.bet.on {
		return ""
	}
	return fmt.Sprintf("bet %+v\n", s.b)
}

// betHand appends the cards of the player to move's hand (the showdown's
// hand zone), bottom to top.
func (s *State) betHand(buf []cards.Card) []cards.Card {
	if s.r.prog.Zones[s.r.bet.hand].Visibility == bc.Hidden {
		return buf // a face-down hand: not even its owner sees it
	}
	p := &s.piles[s.r.pileOf(s.r.bet.hand, s.mover())]
	for i := 0; i < p.len(); i++ {
		buf = append(buf, p.at(i))
	}
	return buf
}

// Betting implements game.Observer.
func (s *State) Betting() game.BetView {
	bt := &s.r.bet
	v := game.BetView{On: bt.on, BankerUp: cards.None}
	if !bt.on || s.wait == stepOver {
		return v
	}
	seat := s.mover()
	if seat < 0 || seat >= s.r.players {
		return v
	}
	v.Chips, v.Pot = int(s.b.stack[seat]), int(s.pot())
	v.ToCall = int(min(s.b.curBet-s.b.round[seat], s.b.stack[seat]))
	v.InHand = s.seatsInHand()
	v.Poker = bt.rank == bc.RankPoker
	if bt.board != bc.NoZone {
		// Only what everyone sees of the board: all of a public zone, the
		// top of a top_public one (other phases may put cards there face down).
		p := &s.piles[s.r.pileOf(bt.board, 0)]
		from := p.len()
		switch s.r.prog.Zones[bt.board].Visibility {
		case bc.Public:
			from = 0
		case bc.TopPublic:
			from = max(0, p.len()-1)
		}
		for i := from; i < p.len() && v.BoardN < len(v.Board); i++ {
			v.Board[v.BoardN] = p.at(i)
			v.BoardN++
		}
	}
	if bt.banker {
		vis := s.r.prog.Zones[bt.b.Banker].Visibility
		if p := &s.piles[s.r.pileOf(bt.b.Banker, 0)]; p.n > 0 && (vis == bc.TopPublic || vis == bc.Public) {
			v.BankerUp = p.top() // the up card lies on the hole card
		}
		v.StandsOn = int(bt.b.StandsOn)
	}
	return v
}
