// Command libgosim is the C shared library of gosim: it exports every
// function of include/darwindeck.h. Build it with
//
//	go build -buildmode=c-shared -o ../darwindeck/_lib/libgosim.so ./cmd/libgosim
//
// Every export validates its pointers, lengths and counts, recovers any panic
// into DD_ERR_INTERNAL with the panic's message, writes error messages
// NUL-terminated into the caller's err buffer, and keeps no Go pointer into
// C memory (nor C pointer) after it returns. Records and trace events are
// written directly into the caller's arrays.
package main

/*
#include <stdint.h>
#include "../../include/darwindeck.h"

// Pointer types spelled as the header spells them, so that the prototypes
// cgo generates for the exports agree with the header's.
typedef const uint8_t dd_cbyte;
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	bc "darwindeck/gosim/bytecode"
	"darwindeck/gosim/simulation"
)

// Version of the library, reported by dd_library_version.
const libraryVersion = "0.1.0"

// The Go records and events must have exactly the C layout.
var (
	_ [unsafe.Sizeof(C.dd_game_record{}) - unsafe.Sizeof(simulation.Record{})]byte
	_ [unsafe.Sizeof(simulation.Record{}) - unsafe.Sizeof(C.dd_game_record{})]byte
	_ [unsafe.Sizeof(C.dd_trace_event{}) - unsafe.Sizeof(simulation.Event{})]byte
	_ [unsafe.Sizeof(simulation.Event{}) - unsafe.Sizeof(C.dd_trace_event{})]byte
	_ [unsafe.Offsetof(C.dd_game_record{}.cards_total) - unsafe.Offsetof(simulation.Record{}.CardsTotal)]byte
	_ [unsafe.Offsetof(simulation.Record{}.CardsTotal) - unsafe.Offsetof(C.dd_game_record{}.cards_total)]byte
	_ [unsafe.Offsetof(C.dd_game_record{}.flags) - unsafe.Offsetof(simulation.Record{}.Flags)]byte
	_ [unsafe.Offsetof(simulation.Record{}.Flags) - unsafe.Offsetof(C.dd_game_record{}.flags)]byte
	_ [unsafe.Offsetof(C.dd_game_record{}.winner_lead_turn) - unsafe.Offsetof(simulation.Record{}.WinnerLeadTurn)]byte
	_ [unsafe.Offsetof(simulation.Record{}.WinnerLeadTurn) - unsafe.Offsetof(C.dd_game_record{}.winner_lead_turn)]byte
	_ [unsafe.Offsetof(C.dd_game_record{}.margin_base) - unsafe.Offsetof(simulation.Record{}.MarginBase)]byte
	_ [unsafe.Offsetof(simulation.Record{}.MarginBase) - unsafe.Offsetof(C.dd_game_record{}.margin_base)]byte
	_ [unsafe.Offsetof(C.dd_trace_event{}.flags) - unsafe.Offsetof(simulation.Event{}.Flags)]byte
	_ [unsafe.Offsetof(simulation.Event{}.Flags) - unsafe.Offsetof(C.dd_trace_event{}.flags)]byte
)

// status is a dd_status code with its message.
type status struct {
	code int32
	msg  string
}

func (s *status) fail(code int32, format string, args ...any) {
	s.code, s.msg = code, fmt.Sprintf(format, args...)
}

// finish writes the message of a failed status into err and returns the
// code. It recovers a panic of the export into DD_ERR_INTERNAL.
func (s *status) finish(err *C.char, errCap C.int32_t, code *C.int32_t) {
	if r := recover(); r != nil {
		s.fail(C.DD_ERR_INTERNAL, "gosim: internal error: %v", r)
	}
	*code = C.int32_t(s.code)
	if s.code != C.DD_OK {
		writeString(err, errCap, s.msg)
	}
}

// writeString copies msg into buf (cap bytes), truncated and NUL-terminated.
// It returns the number of bytes written, NUL excluded.
// traceBufferOK checks a caller's event buffer: cap >= 0, events non-NULL when
// cap > 0, n_events non-NULL. On failure it records DD_ERR_INVALID_ARGUMENT in s.
func traceBufferOK(s *status, events *C.dd_trace_event, capacity C.int32_t, nEvents *C.int32_t) bool {
	switch {
	case capacity < 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "cap %d is negative", int32(capacity))
	case capacity > 0 && events == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "events is NULL with cap %d", int32(capacity))
	case nEvents == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "n_events is NULL")
	default:
		return true
	}
	return false
}

func writeString(buf *C.char, capacity C.int32_t, msg string) int {
	if buf == nil || capacity <= 0 {
		return 0
	}
	dst := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(capacity))
	n := copy(dst[:len(dst)-1], msg)
	dst[n] = 0
	return n
}

//export dd_abi_version
func dd_abi_version() C.int32_t { return C.DD_ABI_VERSION }

//export dd_record_size
func dd_record_size() C.int32_t { return C.int32_t(unsafe.Sizeof(simulation.Record{})) }

//export dd_trace_event_size
func dd_trace_event_size() C.int32_t { return C.int32_t(unsafe.Sizeof(simulation.Event{})) }

//export dd_library_version
func dd_library_version(buf *C.char, capacity C.int32_t) C.int32_t {
	v := fmt.Sprintf("gosim %s abi %d bytecode %d %s", libraryVersion, C.DD_ABI_VERSION, bc.Version, runtime.Version())
	return C.int32_t(writeString(buf, capacity, v))
}

// program validates the program pointer and length and decodes it.
func program(s *status, p *C.dd_cbyte, n C.int64_t) *bc.Program {
	switch {
	case n < 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "program_len %d is negative", int64(n))
		return nil
	case p == nil && n > 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "program is NULL with program_len %d", int64(n))
		return nil
	case int64(n) > 1<<24:
		s.fail(C.DD_ERR_INVALID_PROGRAM, "bytecode: offset 8: program of %d bytes is larger than any valid program", int64(n))
		return nil
	}
	var buf []byte
	if n > 0 {
		// Copy: the program is read by many goroutines and must not be a
		// view of caller memory after the call returns.
		buf = C.GoBytes(unsafe.Pointer(p), C.int(n))
	}
	prog, err := bc.Decode(buf)
	if err != nil {
		s.fail(C.DD_ERR_INVALID_PROGRAM, "%v", err)
		return nil
	}
	return prog
}

// config validates the seat player types and builds a simulation config.
func config(s *status, prog *bc.Program, seats *C.dd_cbyte, numSeats C.int32_t, mcts C.int32_t, seed C.uint64_t, threads C.int32_t) (simulation.Config, bool) {
	switch {
	case numSeats != 1 && int(numSeats) != prog.Players:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "num_seats %d, want 1 or the program's %d players", int32(numSeats), prog.Players)
		return simulation.Config{}, false
	case seats == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "seat_players is NULL")
		return simulation.Config{}, false
	case threads < 1:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "num_threads %d, want at least 1", int32(threads))
		return simulation.Config{}, false
	case mcts < 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "mcts_iterations %d is negative", int32(mcts))
		return simulation.Config{}, false
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(seats)), int(numSeats))
	cfg := simulation.Config{MCTSIterations: int(mcts), Seed: uint64(seed), Workers: min(int(threads), 256)}
	for _, t := range raw {
		cfg.Seats = append(cfg.Seats, simulation.AIType(t))
	}
	return cfg, true
}

// simError maps a simulation error to a status.
func simError(s *status, err error) {
	if errors.Is(err, simulation.ErrInvalidArgument) {
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "%v", err)
		return
	}
	s.fail(C.DD_ERR_INTERNAL, "%v", err)
}

//export dd_validate_program
func dd_validate_program(p *C.dd_cbyte, n C.int64_t, err *C.char, errCap C.int32_t) (code C.int32_t) {
	var s status
	defer s.finish(err, errCap, &code)
	program(&s, p, n)
	return
}

//export dd_simulate_batch
func dd_simulate_batch(p *C.dd_cbyte, n C.int64_t, numGames C.int32_t,
	seats *C.dd_cbyte, numSeats C.int32_t, mcts C.int32_t, seed C.uint64_t, threads C.int32_t,
	records *C.dd_game_record, err *C.char, errCap C.int32_t) (code C.int32_t) {
	var s status
	defer s.finish(err, errCap, &code)
	prog := program(&s, p, n)
	if prog == nil {
		return
	}
	cfg, ok := config(&s, prog, seats, numSeats, mcts, seed, threads)
	if !ok {
		return
	}
	switch {
	case numGames < 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "num_games %d is negative", int32(numGames))
		return
	case numGames > 0 && records == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "records is NULL with num_games %d", int32(numGames))
		return
	case numGames == 0:
		return
	}
	out := unsafe.Slice((*simulation.Record)(unsafe.Pointer(records)), int(numGames))
	if e := simulation.Simulate(prog, cfg, out); e != nil {
		simError(&s, e)
	}
	return
}

//export dd_trace_game
func dd_trace_game(p *C.dd_cbyte, n C.int64_t, seats *C.dd_cbyte, numSeats C.int32_t,
	mcts C.int32_t, seed C.uint64_t, gameIndex C.int32_t,
	events *C.dd_trace_event, capacity C.int32_t, nEvents *C.int32_t,
	record *C.dd_game_record, err *C.char, errCap C.int32_t) (code C.int32_t) {
	var s status
	defer s.finish(err, errCap, &code)
	prog := program(&s, p, n)
	if prog == nil {
		return
	}
	cfg, ok := config(&s, prog, seats, numSeats, mcts, seed, 1)
	if !ok {
		return
	}
	switch {
	case gameIndex < 0:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "game_index %d is negative", int32(gameIndex))
		return
	case !traceBufferOK(&s, events, capacity, nEvents):
		return
	}
	rec, evs, e := simulation.Trace(prog, cfg, int(gameIndex))
	if e != nil {
		simError(&s, e)
		return
	}
	if record != nil {
		*(*simulation.Record)(unsafe.Pointer(record)) = rec
	}
	*nEvents = C.int32_t(len(evs))
	if capacity > 0 {
		copy(unsafe.Slice((*simulation.Event)(unsafe.Pointer(events)), int(capacity)), evs)
	}
	if len(evs) > int(capacity) {
		s.fail(C.DD_ERR_BUFFER_TOO_SMALL, "the game has %d trace events, the buffer holds %d", len(evs), int32(capacity))
	}
	return
}

func main() {}
