package main

/*
#include <stdint.h>
#include "../../include/darwindeck.h"

typedef const uint8_t dd_cbyte;
*/
import "C"

import (
	"fmt"
	"unsafe"

	"darwindeck/gosim/cards"
	"darwindeck/gosim/engine"
	"darwindeck/gosim/game"
	"darwindeck/gosim/player"
	"darwindeck/gosim/simulation"
)

// dealPlayers builds one player per seat from the seat types (1 type for
// every seat, or one per seat). Only random and greedy players can play a
// fixed deal.
func dealPlayers(s *status, n int, seats *C.dd_cbyte, numSeats C.int32_t) []player.Player {
	switch {
	case seats == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "seat_players is NULL")
		return nil
	case numSeats != 1 && int(numSeats) != n:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "num_seats %d, want 1 or the program's %d players", int32(numSeats), n)
		return nil
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(seats)), int(numSeats))
	out := make([]player.Player, n)
	for seat := range out {
		kind := raw[0]
		if numSeats > 1 {
			kind = raw[seat]
		}
		switch simulation.AIType(kind) {
		case simulation.AIRandom:
			out[seat] = player.Random{}
		case simulation.AIGreedy:
			out[seat] = player.NewGreedy()
		default:
			s.fail(C.DD_ERR_INVALID_ARGUMENT, "seat %d: player type %d cannot play a fixed deal (0 random, 1 greedy)", seat, kind)
			return nil
		}
	}
	return out
}

// dd_deal_game plays one game of program from a chosen deck order instead of
// a shuffle (engine.State.ResetWithDeck): deck[0..deck_len) holds card ids,
// deck[0] on top of the start zone (dealt first); it must be a permutation of
// the program's deck. seed seeds the game's random stream (reshuffles,
// tie-breaks, random players). Events and record are written as by
// dd_trace_game, including the DD_ERR_BUFFER_TOO_SMALL protocol.
//
//export dd_deal_game
func dd_deal_game(p *C.dd_cbyte, n C.int64_t, seats *C.dd_cbyte, numSeats C.int32_t,
	seed C.uint64_t, deck *C.dd_cbyte, deckLen C.int32_t,
	events *C.dd_trace_event, capacity C.int32_t, nEvents *C.int32_t,
	record *C.dd_game_record, err *C.char, errCap C.int32_t) (code C.int32_t) {
	var s status
	defer s.finish(err, errCap, &code)
	prog := program(&s, p, n)
	if prog == nil {
		return
	}
	switch {
	case deckLen < 0 || deckLen > cards.MaxCards:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "deck_len %d, want 0..%d", int32(deckLen), cards.MaxCards)
		return
	case deckLen > 0 && deck == nil:
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "deck is NULL with deck_len %d", int32(deckLen))
		return
	case !traceBufferOK(&s, events, capacity, nEvents):
		return
	}
	players := dealPlayers(&s, prog.Players, seats, numSeats)
	if players == nil {
		return
	}
	order := make([]cards.Card, int(deckLen))
	if deckLen > 0 {
		for i, b := range unsafe.Slice((*byte)(unsafe.Pointer(deck)), int(deckLen)) {
			order[i] = cards.Card(b)
		}
	}
	st := engine.NewRules(prog).NewState()
	evs := make([]engine.Event, 0, 256)
	st.SetTrace(&evs)
	if e := st.ResetWithDeck(uint64(seed), order); e != nil {
		s.fail(C.DD_ERR_INVALID_ARGUMENT, "%v", e)
		return
	}
	buf := make([]game.Move, 0, 512)
	for !st.IsTerminal() {
		buf = st.LegalMoves(buf)
		m := buf[0]
		if len(buf) > 1 {
			m = players[st.CurrentPlayer()].Choose(st, buf)
		}
		if e := st.Apply(m); e != nil {
			panic(fmt.Sprintf("deal: %v", e))
		}
	}
	if record != nil {
		*(*simulation.Record)(unsafe.Pointer(record)) = st.Record()
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
