// Package simulation plays batches of games of one program and writes one
// Record per game. Game i of a batch is played with the seed
// splitmix.Derive(batch seed, i), so a batch's records are identical for
// any number of worker goroutines.
package simulation

import (
	"errors"
	"fmt"
	"sync"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/player"
	"darwindeck/gosim/splitmix"
)

// Record is one finished game, laid out as the C ABI's dd_game_record.
type Record = engine.Record

// Event is one traced card movement, laid out as dd_trace_event.
type Event = engine.Event

// AIType is a kind of player; the values are the C ABI's DD_PLAYER_*.
type AIType int

// Player types.
const (
	AIRandom AIType = 0
	AIGreedy AIType = 1
	AIMCTS   AIType = 2
)

// ErrInvalidArgument is wrapped by every error about the caller's
// arguments (as opposed to the program).
var ErrInvalidArgument = errors.New("invalid argument")

// Config says how a batch is played.
type Config struct {
	// Seats holds one player type per seat, or a single type for every
	// seat.
	Seats []AIType
	// MCTSIterations is the number of ISMCTS iterations per decision of
	// MCTS seats; at least 1 when a seat is MCTS.
	MCTSIterations int
	// Seed is the batch seed.
	Seed uint64
	// Workers is the number of goroutines (>= 1); results do not depend on it.
	Workers int
}

// Simulate plays len(records) games of prog and writes game i's record to
// records[i]. It validates the configuration before playing.
func Simulate(prog *bc.Program, cfg Config, records []Record) error {
	if err := checkConfig(prog, cfg); err != nil {
		return err
	}
	rules := engine.NewRules(prog)
	workers := min(cfg.Workers, max(len(records), 1))
	if workers == 1 {
		newTable(rules, cfg).playRange(records, 0, 1)
		return nil
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			newTable(rules, cfg).playRange(records, w, workers)
		}(w)
	}
	wg.Wait()
	return nil
}

// Trace replays game index of the batch (prog, cfg) and returns its record
// and every card movement.
func Trace(prog *bc.Program, cfg Config, index int) (Record, []Event, error) {
	if err := checkConfig(prog, cfg); err != nil {
		return Record{}, nil, err
	}
	if index < 0 {
		return Record{}, nil, fmt.Errorf("%w: game index %d is negative", ErrInvalidArgument, index)
	}
	t := newTable(engine.NewRules(prog), cfg)
	events := make([]Event, 0, 256)
	t.st.SetTrace(&events)
	rec := t.play(splitmix.Derive(cfg.Seed, uint64(index)))
	return rec, events, nil
}

func checkConfig(prog *bc.Program, cfg Config) error {
	if prog == nil {
		return fmt.Errorf("%w: nil program", ErrInvalidArgument)
	}
	if cfg.Workers < 1 {
		return fmt.Errorf("%w: %d workers, want at least 1", ErrInvalidArgument, cfg.Workers)
	}
	if n := len(cfg.Seats); n != 1 && n != prog.Players {
		return fmt.Errorf("%w: %d seat player types for a %d-player program, want 1 or %d",
			ErrInvalidArgument, n, prog.Players, prog.Players)
	}
	for i, t := range cfg.Seats {
		switch t {
		case AIRandom, AIGreedy:
		case AIMCTS:
			if cfg.MCTSIterations < 1 {
				return fmt.Errorf("%w: seat %d is MCTS with %d mcts iterations, want at least 1", ErrInvalidArgument, i, cfg.MCTSIterations)
			}
		default:
			return fmt.Errorf("%w: seat %d: unknown player type %d (0 random, 1 greedy, 2 MCTS)", ErrInvalidArgument, i, t)
		}
	}
	if cfg.MCTSIterations < 0 {
		return fmt.Errorf("%w: mcts iterations %d is negative", ErrInvalidArgument, cfg.MCTSIterations)
	}
	return nil
}

// table is one worker: a reusable game and a player per seat.
type table struct {
	st      *engine.State
	seed    uint64
	players []player.Player
	buf     []game.Move
}

func newTable(r *engine.Rules, cfg Config) *table {
	n := r.Program().Players
	t := &table{st: r.NewState(), seed: cfg.Seed, players: make([]player.Player, n), buf: make([]game.Move, 0, 512)}
	search := false
	for seat := range t.players {
		kind := cfg.Seats[0]
		if len(cfg.Seats) > 1 {
			kind = cfg.Seats[seat]
		}
		switch kind {
		case AIGreedy:
			t.players[seat] = player.NewGreedy()
		case AIMCTS:
			t.players[seat] = player.NewISMCTS(cfg.MCTSIterations)
			search = true
		default:
			t.players[seat] = player.Random{}
		}
	}
	// Only searching players need to know who knows what.
	t.st.SetInfoTracking(search)
	return t
}

// playRange plays games first, first+stride, ... of records.
func (t *table) playRange(records []Record, first, stride int) {
	for i := first; i < len(records); i += stride {
		records[i] = t.play(splitmix.Derive(t.seed, uint64(i)))
	}
}

// play plays one game to its end. A move the engine refuses would be a bug
// of a player; it panics so that the C boundary reports it.
func (t *table) play(seed uint64) Record {
	st := t.st
	st.Reset(seed)
	for !st.IsTerminal() {
		t.buf = st.LegalMoves(t.buf)
		m := t.buf[0]
		if len(t.buf) > 1 {
			m = t.players[st.CurrentPlayer()].Choose(st, t.buf)
		}
		if err := st.Apply(m); err != nil {
			panic(fmt.Sprintf("simulation: %v", err))
		}
	}
	return st.Record()
}

func fmtErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidArgument}, args...)...)
}
