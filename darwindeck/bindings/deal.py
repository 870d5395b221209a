"""Play one game from a chosen deck order (``dd_deal_game``): replay and debug a deal.

``deal_game(bytecode, deck, ...)`` puts ``deck`` (card ids, ``deck[0]`` on top, dealt
first) into the game's start zone instead of a shuffle, plays the game to its end with the
given players and returns every card movement with the game's record, like
``cgo_bridge.trace_game``. Memory follows the ABI's rule: Python allocates, Go fills.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._ffi import DEFINES, ffi, load_library
from .cgo_bridge import _ERR_CAP, _INT32_MAX, _int_arg, _program, _seats
from .errors import InvalidArgumentError, check_status
from .records import RECORD_DTYPE, TRACE_DTYPE

__all__ = ["deal_game"]


def deal_game(
    bytecode: bytes,
    deck: Sequence[int],
    ai_type: int = 1,
    random_seed: int = 0,
    *,
    seat_players: Sequence[int] | None = None,
    capacity: int = 4096,
) -> tuple[np.ndarray, np.ndarray]:
    """Play one game of ``bytecode`` dealt from ``deck`` and return ``(events, record)``.

    Args:
        bytecode: the compiled program.
        deck: card ids (``darwindeck.genome.cards.card_id``; ``copy*52 + suit*13 + rank``),
            a permutation of the program's deck, top card first.
        ai_type: player type of every seat (0 random, 1 greedy); MCTS cannot play a deal.
        random_seed: seed of the game's random stream in [0, 2**64) (reshuffles,
            tie-breaks, random players).
        seat_players: one player type per seat instead of ``ai_type``.
        capacity: first buffer size in events; a longer game is replayed into a buffer of
            exactly its size.

    Returns:
        ``events``: read-only array of dtype TRACE_DTYPE, shape ``(n_events,)``, in order;
        ``record``: 0-d RECORD_DTYPE array (the game's record).

    Raises:
        InvalidArgumentError: the deck is not a permutation of the program's deck (Go's
            message names the card), a bad player type or seed.
        InvalidProgramError, InternalError, LibraryError, TypeError: as for
            ``simulate_batch``.
    """
    lib = load_library()
    program, length = _program(bytecode)
    seats, num_seats = _seats(ai_type, seat_players)
    seed = _int_arg("random_seed", random_seed, 0, 2**64 - 1)
    cards = [_int_arg(f"deck[{i}]", c, 0, 255) for i, c in enumerate(deck)]
    if len(cards) > 255:
        raise InvalidArgumentError(DEFINES["DD_ERR_INVALID_ARGUMENT"], f"deck has {len(cards)} cards, at most 104 exist")
    deck_buf = ffi.new("uint8_t[]", cards or [0])
    cap = _int_arg("capacity", capacity, 1, _INT32_MAX)
    n_events = ffi.new("int32_t *")
    record = ffi.new("dd_game_record *")
    err = ffi.new("char[]", _ERR_CAP)

    def call(cap: int):
        events = ffi.new("dd_trace_event[]", cap)
        status = lib.dd_deal_game(
            program, length, seats, num_seats, seed, deck_buf, len(cards), events, cap, n_events, record, err, _ERR_CAP
        )
        return events, status

    events, status = call(cap)
    if status == DEFINES["DD_ERR_BUFFER_TOO_SMALL"] and n_events[0] > cap:
        events, status = call(n_events[0])
    check_status(status, err)
    trace = np.frombuffer(ffi.buffer(events), dtype=TRACE_DTYPE, count=n_events[0])
    trace.flags.writeable = False
    rec = np.frombuffer(ffi.buffer(record), dtype=RECORD_DTYPE)[0:1].reshape(())
    rec.flags.writeable = False
    return trace, rec
