package engine

import "darwindeck/gosim/cards"

// EventKind is the kind of a traced card movement; the values are the C
// ABI's DD_EV_*.
type EventKind uint8

// Event kinds.
const (
	EvDeal      EventKind = 1
	EvTurnUp    EventKind = 2
	EvPlay      EventKind = 3
	EvDraw      EventKind = 4
	EvTake      EventKind = 5 // a trick or battle winner takes a card
	EvReshuffle EventKind = 6 // a card moved from the discard pile back to the stock
	EvReveal    EventKind = 7 // battle: a card turned face up onto the table
	EvFaceDown  EventKind = 8 // battle: a card added face down in a war
	EvDeclare   EventKind = 9 // a suit was declared (Card is the suit)
	// Version 2 movements.
	EvCollect    EventKind = 10 // a card returned to the start zone for the next hand of a match
	EvGive       EventKind = 11 // an asked seat hands a card to the asker (Seat: the giver)
	EvDiscardSet EventKind = 12 // a card of a complete set discarded
	EvClear      EventKind = 13 // a climbing pile cleared away
	EvClaim      EventKind = 14 // a card put face down as part of a claim
)

// Event is one card movement (or suit declaration) of a traced game, laid
// out as dd_trace_event (12 bytes).
type Event struct {
	MoveIndex uint32 // the move that caused it, counting from 1; setup is 0
	Kind      EventKind
	Seat      uint8 // seat acting, or 255
	Card      cards.Card
	FromZone  uint8 // zone index, 255 for none
	FromOwner uint8 // seat owning the zone copy, 255 if shared
	ToZone    uint8
	ToOwner   uint8
	Flags     uint8 // bit 0: face up
}

// FlagFaceUp is Event.Flags bit 0.
const FlagFaceUp = 1

func (s *State) emit(kind EventKind, seat int, c cards.Card, from, to int, faceUp bool) {
	e := Event{MoveIndex: s.moves, Kind: kind, Seat: noSeat, Card: c,
		FromZone: 255, FromOwner: noSeat, ToZone: 255, ToOwner: noSeat}
	if seat >= 0 {
		e.Seat = uint8(seat)
	}
	if from >= 0 {
		e.FromZone, e.FromOwner = s.r.pileZone[from], s.r.pileOwner[from]
	}
	if to >= 0 {
		e.ToZone, e.ToOwner = s.r.pileZone[to], s.r.pileOwner[to]
	}
	if faceUp {
		e.Flags = FlagFaceUp
	}
	*s.trace = append(*s.trace, e)
}
