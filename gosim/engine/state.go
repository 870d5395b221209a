// Package engine is the rules interpreter: it plays a bytecode.Program as a
// game.State. One State is one game, with its own seeded random stream; the
// Program and its Rules are shared, read-only, by every game.
//
// Bookkeeping happens in one place: Apply validates the move, records the
// counters, calls the code of the current step through one switch, checks
// the end conditions and then advances through every step that needs no
// decision (draw phases, if_unable draws, the end of the turn with its skips,
// reversals, extra turns and trick winners) until a decision, a forced move
// or the end. The game loop allocates nothing.
package engine

import (
	"errors"
	"fmt"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/cards"
	"darwindeck/gosim/game"
	"darwindeck/gosim/splitmix"
)

// step is what the game waits for.
type step uint8

const (
	stepOver   step = iota // the game is over
	stepPlay               // a play phase with at least one legal card
	stepTrick              // a trick phase with a card to play
	stepPass               // a play or trick phase without a legal card
	stepBattle             // a battle: the table's forced move
	stepAsk                // an ask phase with a seat and rank to ask for
	stepClaim              // a claim phase with a card to put down
	stepAnswer             // a seat answers the pending claim (x.responder moves)
	stepClimb              // a climb phase: play a set or pass
	stepTurnUp             // a play_top phase: the seat's forced turn-up
	stepStack              // a play phase answering a stacked draw: stack or take it
)

// maxMoves bounds the legal moves of one step: every card of two decks, each
// with four declared suits.
const maxMoves = cards.MaxCards * cards.NumSuits

// State is one game. It implements game.State. The zero State is not usable:
// make one with New or Rules.NewState and Reset.
type State struct {
	r   *Rules
	rng splitmix.Stream

	piles    []pile
	declared [bc.MaxZones]cards.Suit // declared suit of a shared zone, or NoSuit

	cur    int     // seat whose turn it is
	phase  int     // index of the current phase in the turn
	dir    int     // +1 clockwise, -1 after an odd number of reversals
	wait   step    // what the game waits for
	legal  cardSet // cards of the legal moves of a play or trick step (see await)
	nLegal uint32  // number of legal moves of the step

	// PlayableOn's last answer set, valid until the next move (await).
	onSet    cardSet
	onTop    cards.Card
	onActive cards.Suit
	onPhase  int
	onValid  bool
	out      [bc.MaxPlayers]bool
	inGame   int
	started  bool // a turn is in progress (counted when it ends)
	skips    int  // skip effects pending at the end of this turn
	extra    bool // extra_turn pending
	nextLead int  // seat that must move next (a trick winner), or -1

	// The current trick.
	trickLen   int
	trickActs  int
	trickCards [bc.MaxPlayers + 2]cards.Card
	trickSeats [bc.MaxPlayers + 2]int8
	led        bool // a card has been led in this game
	broken     bool // the broken suit has been played to a trick
	trump      cards.Suit
	trumpFixed bool

	scores [bc.MaxPlayers]int32 // incremental scores (static scoring only)
	held   [bc.MaxPlayers]int32 // cards each seat holds in per-player zones

	// Counters of the record.
	turns, moves, decisions, legalSum uint32
	leadChanges, leadSettled          uint32
	lastLeader, lastSole              int
	interactions, repeats             uint32
	actor                             int                   // seat making the move being applied, or -1
	touched                           bool                  // that move moved a card another seat holds or sees
	behindLast                        [bc.MaxPlayers]uint32 // last turn >= 1 each seat was behind
	seen                              [RepeatWindow]uint64  // state hashes of recent sampled turn ends
	seenN                             uint32

	outcome     game.Outcome
	winners     uint8
	firstPlayer int

	trace   *[]Event
	scratch []game.Move

	// Information tracking (knowledge.go). know is nil when off; knowView
	// marks a Determinize world that reads its source's knowledge until
	// its first Apply.
	trackInfo bool
	know      *knowledge
	knowView  bool

	// Version 2 rules (v2.go): per-game public state, counters, the cycle
	// check and the number of random events so far.
	x      ext
	tk     trickState // trick-taking hands (trick.go)
	stats  ClaimStats
	cyc    cycleState
	chance uint32

	m meldState // the melds family (drawchoice.go, knock.go)
	// Betting games (chips.go): stacks, pot and the betting round.
	b betState
	// Captures family (capture.go, simultaneous.go).
	cp capState
}

// New prepares prog and deals game seed. For many games of one program,
// prepare the Rules once and Reset one State per worker instead.
func New(prog *bc.Program, seed uint64) *State {
	s := NewRules(prog).NewState()
	s.Reset(seed)
	return s
}

// NewState allocates a game of these rules; Reset deals it.
func (r *Rules) NewState() *State {
	return &State{
		r:         r,
		piles:     make([]pile, r.numPiles),
		scratch:   make([]game.Move, 0, maxMoves),
		outcome:   game.Ongoing,
		trackInfo: true,
	}
}

// Reset starts a new game with the given seed: the deck is shuffled with the
// seed's random stream into the start zone, the setup steps run, and the
// game advances to its first decision. It allocates nothing.
func (s *State) Reset(seed uint64) {
	s.reset(seed)
	s.shuffle(&s.piles[s.r.base[s.r.prog.Start]])
	s.setup()
}

// ResetWithDeck is Reset with a chosen deal: the start zone receives deck
// with deck[0] on top (dealt first) instead of a shuffled deck. The random
// stream of seed still feeds reshuffles and tie-breaks. deck must be a
// permutation of the program's deck.
func (s *State) ResetWithDeck(seed uint64, deck []cards.Card) error {
	if len(deck) != s.r.deckSize {
		return fmt.Errorf("engine: deck has %d cards, the program's deck %d", len(deck), s.r.deckSize)
	}
	var seen [cards.MaxCards]bool
	for _, c := range deck {
		if !c.Valid() || !s.r.prog.InDeck(c) || seen[c] {
			return fmt.Errorf("engine: card %s is not in the deck or appears twice", c)
		}
		seen[c] = true
	}
	s.reset(seed)
	start := &s.piles[s.r.base[s.r.prog.Start]]
	start.clear()
	for i := len(deck) - 1; i >= 0; i-- {
		start.pushTop(deck[i])
	}
	s.recountHeld()
	s.setup()
	return nil
}

// SetTrace makes the state append every card movement to *events from the
// next Reset on (nil stops tracing).
func (s *State) SetTrace(events *[]Event) { s.trace = events }

func (s *State) reset(seed uint64) {
	r := s.r
	s.rng.Seed(seed)
	for i := range s.piles {
		s.piles[i].clear()
	}
	start := &s.piles[r.base[r.prog.Start]]
	for _, c := range r.deck {
		start.pushTop(c)
	}
	s.recountHeld()
	for i := range s.declared {
		s.declared[i] = cards.NoSuit
	}
	s.cur, s.phase, s.dir, s.wait = 0, 0, 1, stepOver
	s.onValid = false
	s.out = [bc.MaxPlayers]bool{}
	s.inGame = r.players
	s.started, s.skips, s.extra, s.nextLead = false, 0, false, -1
	s.trickLen, s.trickActs, s.led, s.broken = 0, 0, false, false
	s.trump, s.trumpFixed = cards.NoSuit, false
	s.scores = [bc.MaxPlayers]int32{}
	s.turns, s.moves, s.decisions, s.legalSum = 0, 0, 0, 0
	s.leadChanges, s.leadSettled = 0, 0
	s.lastLeader, s.lastSole = -1, -1
	s.interactions, s.repeats, s.seenN, s.actor, s.touched = 0, 0, 0, -1, false
	s.behindLast = [bc.MaxPlayers]uint32{}
	s.outcome, s.winners, s.firstPlayer = game.Ongoing, 0, 0
	if s.trace != nil {
		*s.trace = (*s.trace)[:0]
	}
	s.resetV2()
	s.resetMelds()
	s.resetTricks()
	s.resetBetting()
	s.initKnowledge()
}

// Rules returns the rules the game is played by.
func (s *State) Rules() *Rules { return s.r }

// NumPlayers implements game.State.
func (s *State) NumPlayers() int { return s.r.players }

// CurrentPlayer implements game.State.
func (s *State) CurrentPlayer() int {
	switch s.wait {
	case stepOver:
		return game.Terminal
	case stepBattle:
		return game.Table
	}
	return s.mover()
}

// IsTerminal implements game.State.
func (s *State) IsTerminal() bool { return s.wait == stepOver }

// Outcome implements game.State.
func (s *State) Outcome() game.Outcome { return s.outcome }

// Winners is the bit set of winning seats (bit i: seat i); 0 unless the
// outcome is a win.
func (s *State) Winners() uint8 { return s.winners }

// Returns implements game.State.
func (s *State) Returns(buf []float64) []float64 {
	buf = buf[:0]
	for seat := 0; seat < s.r.players; seat++ {
		v := 0.0
		if s.outcome == game.Win {
			v = -1
			if s.winners&(1<<seat) != 0 {
				v = 1
			}
		}
		buf = append(buf, v)
	}
	return buf
}

// Intn implements game.State.
func (s *State) Intn(n int) int { return s.rng.Intn(n) }

// Clone implements game.State. The clone does not trace.
func (s *State) Clone() game.State { return s.CloneState() }

// CloneState is Clone with the concrete type.
func (s *State) CloneState() *State {
	c := *s
	c.piles = append([]pile(nil), s.piles...)
	c.scratch = make([]game.Move, 0, maxMoves)
	c.trace = nil
	if s.know != nil && !s.knowView {
		c.know = s.know.clone()
	}
	return &c
}

// ErrGameOver is returned by Apply after the end of the game.
var ErrGameOver = errors.New("engine: the game is over")

// Apply implements game.State.
func (s *State) Apply(m game.Move) error {
	if s.wait == stepOver {
		return ErrGameOver
	}
	if s.knowView {
		s.know, s.knowView = nil, false // a world forgets at its first move
	}
	if !s.isLegal(m) {
		return fmt.Errorf("engine: illegal move %v (legal: %v)", m, s.LegalMoves(nil))
	}
	s.moves++
	if s.nLegal > 1 {
		s.decisions++
		s.legalSum += s.nLegal
	}
	chance := s.chance
	defer s.cycleStep(s.nLegal > 1, chance)
	done := true
	s.actor, s.touched = s.cur, false
	declared, trickLen := s.declared, s.trickLen
	switch s.wait {
	case stepPlay:
		s.play(m)
	case stepTrick:
		s.trickPlay(m.Card)
	case stepPass:
		if s.r.prog.Turn[s.phase].Kind == bc.PhaseTrick {
			s.trickPass()
		}
	case stepBattle:
		s.battle()
	case stepPassPick, stepBidTricks, stepOrderUp, stepNameTrump, stepTrumpDiscard:
		done = s.applyTrick(m)
	default:
		done = s.applyV2(m)
	}
	if done {
		s.phase++
	}
	// The move's own effect, before later phases run (docs/fitness.md "interactions").
	if s.touched || s.declared != declared || s.trickLen != trickLen {
		s.interactions++
	}
	s.actor = -1
	if s.checkEnd() {
		return nil
	}
	if done {
		s.advance()
	}
	return nil
}

// advance walks the phases from the current one until a step needs a move
// or the game ends. Phases that need no decision are done here; the end of
// the turn happens here, in one place.
func (s *State) advance() {
	turn := s.r.prog.Turn
	for {
		if s.phase < len(turn) && s.out[s.cur] {
			s.phase = len(turn) // a seat put out mid-turn ends its turn
		}
		if s.phase >= len(turn) {
			if s.endTurn() {
				return
			}
			continue
		}
		ph := &turn[s.phase]
		switch ph.Kind {
		case bc.PhaseDraw:
			if ph.FromPlayer != bc.NoNeighbour {
				s.drawFromNeighbour(ph)
			} else {
				s.draw(ph.From, ph.To, s.cur, int(ph.Count))
			}
			s.phase++
			if s.nextAutomatic() {
				continue // the end is checked after the turn's run of automatic phases
			}
			if s.checkEnd() {
				return
			}
			continue
		case bc.PhasePlay:
			if s.x.pendingDraw > 0 && int(s.x.pendingBy) != s.cur {
				if s.anyStackable(ph) {
					s.awaitV2(stepStack)
					return
				}
				s.takeStack(ph) // nothing to answer with: draw the total, the turn ends
				s.phase = len(turn)
				if s.checkEnd() {
					return
				}
				continue
			}
			set := s.playable(ph)
			if set.empty() {
				if s.know != nil {
					s.learnCannotPlay(ph)
				}
				if ph.DrawFrom != bc.NoZone {
					s.drawUntilPlayable(ph)
					if s.checkEnd() {
						return
					}
					set = s.playable(ph)
				}
			}
			if set.empty() {
				s.await(stepPass, set)
			} else {
				s.await(stepPlay, set)
			}
		case bc.PhaseTrick:
			if s.piles[s.r.pileOf(ph.From, s.cur)].n > 0 {
				s.await(stepTrick, s.trickLegal(ph))
			} else {
				s.await(stepPass, cardSet{})
			}
		case bc.PhaseBattle:
			s.await(stepBattle, cardSet{})
		default:
			if s.advanceV2(ph) {
				return
			}
			if s.nextAutomatic() {
				continue
			}
			if s.checkEnd() {
				return
			}
			continue
		}
		return
	}
}

// endTurn ends the current turn: it counts it, follows the leader, enforces
// the turn cap and picks the next player honouring a trick winner, an extra
// turn, skips and the direction. It reports whether the game ended.
func (s *State) endTurn() bool {
	s.countTurn()
	if int(s.turns) >= s.r.prog.TurnCap {
		s.finish(game.Unfinished, 0)
		return true
	}
	next := s.cur
	switch {
	case s.nextLead >= 0:
		next = s.nextLead
		if s.out[next] {
			next = s.seatAfter(next, s.dir, 1)
		}
	case s.extra && !s.out[s.cur]:
	default:
		next = s.seatAfter(s.cur, s.dir, 1+s.skips)
	}
	s.cur, s.phase = next, 0
	s.skips, s.extra, s.nextLead = 0, false, -1
	s.started = true
	return false
}

// countTurn counts the turn in progress and follows the leader.
func (s *State) countTurn() {
	if !s.started {
		return
	}
	s.started = false
	s.turns++
	s.followLeader()
}

// seatAfter returns the seat n steps from seat in direction dir, counting
// only seats still in the game.
func (s *State) seatAfter(seat, dir, n int) int {
	if s.inGame == 0 {
		return seat
	}
	p := s.r.players
	for n > 0 {
		seat += dir
		if seat >= p {
			seat = 0
		} else if seat < 0 {
			seat = p - 1
		}
		if !s.out[seat] {
			n--
		}
	}
	return seat
}

// shuffle shuffles a pile in place with the game's stream (a random event).
func (s *State) shuffle(p *pile) {
	s.chance++
	shuffleWith(p, &s.rng)
}

// shuffleWith shuffles a pile in place with rng (Fisher-Yates).
func shuffleWith(p *pile, rng game.Rand) {
	for i := p.len() - 1; i > 0; i-- {
		p.swap(i, rng.Intn(i+1))
	}
}
