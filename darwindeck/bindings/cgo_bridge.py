"""Python calls into gosim: play a batch of games, validate a program, trace one game.

Each wrapper converts its arguments to C types, makes one gosim call and one
:func:`~darwindeck.bindings.errors.check_status`. Memory follows the ABI's rule
"caller allocates, callee fills": Python allocates the output arrays with cffi,
Go writes into them, and the numpy results are views of that memory (no copy).

Example (the user guide's call)::

    from darwindeck.bindings.cgo_bridge import simulate_batch
    results = simulate_batch(bytecode=bytecode, num_games=1000, ai_type=0,
                             mcts_iterations=0, random_seed=42)
    results.player0_wins, results.avg_turns, results.records["turns"]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._ffi import DEFINES, ffi, load_library
from .errors import InvalidArgumentError, check_status
from .records import RECORD_DTYPE, TRACE_DTYPE, Outcome

__all__ = ["BatchResult", "simulate_batch", "validate_program", "library_version", "trace_game"]

_ERR_CAP = 1024  # bytes for Go's error message, NUL included
_INT32_MAX = 2**31 - 1


def _program(bytecode: Any) -> tuple[Any, int]:
    """A ``const uint8_t *`` over the caller's bytes (no copy if contiguous) and its length."""
    if isinstance(bytecode, str):
        raise TypeError("bytecode must be bytes-like (bytes, bytearray, memoryview, uint8 array), not str")
    try:
        view = memoryview(bytecode)
    except TypeError:
        raise TypeError(f"bytecode must be bytes-like (bytes, bytearray, memoryview), not {type(bytecode).__name__}") from None
    if not view.c_contiguous:
        view = memoryview(view.tobytes())
    view = view.cast("B")
    return ffi.from_buffer("uint8_t[]", view), view.nbytes


def _int_arg(name: str, value: Any, lo: int, hi: int) -> int:
    """An integer argument within the range of its C type, else InvalidArgumentError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    value = int(value)
    if not lo <= value <= hi:
        raise InvalidArgumentError(DEFINES["DD_ERR_INVALID_ARGUMENT"], f"{name} = {value} is outside [{lo}, {hi}]")
    return value


def _seats(ai_type: int, seat_players: Sequence[int] | None) -> tuple[Any, int]:
    """The seat_players array and num_seats of the ABI (1 seat type means every seat)."""
    if seat_players is None:
        types = [_int_arg("ai_type", ai_type, 0, 255)]
    else:
        types = [_int_arg(f"seat_players[{i}]", t, 0, 255) for i, t in enumerate(seat_players)]
    return ffi.new("uint8_t[]", types), len(types)


def _batch(bytecode: Any, ai_type: int, seat_players: Sequence[int] | None, mcts_iterations: int, random_seed: int):
    """C arguments naming a batch: program, length, seat types, seat count, MCTS iterations, seed."""
    program, length = _program(bytecode)
    seats, num_seats = _seats(ai_type, seat_players)
    iterations = _int_arg("mcts_iterations", mcts_iterations, -(2**31), _INT32_MAX)
    seed = _int_arg("random_seed", random_seed, 0, 2**64 - 1)
    return program, length, seats, num_seats, iterations, seed


@dataclass(frozen=True, eq=False)
class BatchResult:
    """The games of one :func:`simulate_batch` call.

    ``records`` is a read-only numpy array of shape ``(total_games,)`` and dtype
    :data:`~darwindeck.bindings.records.RECORD_DTYPE`, one element per game in
    game-index order; it is a view of the buffer Go filled (its ``base`` keeps that
    buffer alive). The aggregates are computed from it:

    * ``total_games``: number of games (= ``num_games``).
    * ``wins_by_seat``: int64 array of shape ``(num_players,)``; element i counts the
      games seat i won (a game with several winners counts for each).
    * ``player0_wins``, ``player1_wins``: ``wins_by_seat[0]``, ``wins_by_seat[1]``.
    * ``draws``: games the rules ended with no winner (``Outcome.DRAW``).
    * ``unfinished``: games stopped by the turn cap (``Outcome.UNFINISHED``), not in ``draws``.
    * ``avg_turns``: mean of ``records["turns"]`` in turns per game (0.0 for no games).
    """

    records: np.ndarray
    total_games: int = field(init=False)
    wins_by_seat: np.ndarray = field(init=False)
    player0_wins: int = field(init=False)
    player1_wins: int = field(init=False)
    draws: int = field(init=False)
    unfinished: int = field(init=False)
    avg_turns: float = field(init=False)

    def __post_init__(self) -> None:
        records = self.records
        set_ = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731 (frozen)
        seats = int(records["num_players"].max()) if len(records) else 0
        winners = records["winners"]
        wins = np.array([np.count_nonzero(winners & (1 << seat)) for seat in range(seats)], dtype=np.int64)
        wins.flags.writeable = False
        outcome = records["outcome"]
        set_("total_games", len(records))
        set_("wins_by_seat", wins)
        set_("player0_wins", int(wins[0]) if seats > 0 else 0)
        set_("player1_wins", int(wins[1]) if seats > 1 else 0)
        set_("draws", int(np.count_nonzero(outcome == Outcome.DRAW)))
        set_("unfinished", int(np.count_nonzero(outcome == Outcome.UNFINISHED)))
        set_("avg_turns", float(records["turns"].mean()) if len(records) else 0.0)

    def __repr__(self) -> str:
        return (
            f"BatchResult(total_games={self.total_games}, wins_by_seat={self.wins_by_seat.tolist()}, "
            f"draws={self.draws}, unfinished={self.unfinished}, avg_turns={self.avg_turns:.2f})"
        )


def simulate_batch(
    bytecode: bytes,
    num_games: int,
    ai_type: int = 0,
    mcts_iterations: int = 0,
    random_seed: int = 0,
    *,
    num_threads: int = 1,
    seat_players: Sequence[int] | None = None,
) -> BatchResult:
    """Play ``num_games`` games of a compiled program in gosim.

    Args:
        bytecode: the program (``BytecodeCompiler().compile_genome(genome)``): bytes or any
            buffer of bytes (bytearray, memoryview, uint8 numpy array).
        num_games: games to play, >= 0 (0 gives an empty result; negative is rejected).
        ai_type: player type of every seat (``PlayerType``: 0 random, 1 greedy, 2 MCTS);
            ignored when ``seat_players`` is given.
        mcts_iterations: search iterations per decision of MCTS seats.
        random_seed: batch seed in [0, 2**64); game i plays with a seed derived from
            (random_seed, i), so results do not depend on ``num_threads``.
        num_threads: worker goroutines, >= 1.
        seat_players: one player type per seat, as many as the program has players.

    Returns:
        a :class:`BatchResult`; ``records`` has shape ``(num_games,)`` and dtype RECORD_DTYPE.

    Raises:
        TypeError: bytecode is not bytes-like or an integer argument is not an int.
        InvalidProgramError: the program fails validation (message names the byte offset).
        InvalidArgumentError: num_games, num_threads, a player type or the seat count is
            out of range.
        InternalError: gosim failed (a recovered panic).
        LibraryError: the library cannot be loaded or is stale.
    """
    lib = load_library()
    program, length, seats, num_seats, iterations, seed = _batch(
        bytecode, ai_type, seat_players, mcts_iterations, random_seed
    )
    games = _int_arg("num_games", num_games, -(2**31), _INT32_MAX)
    threads = _int_arg("num_threads", num_threads, -(2**31), _INT32_MAX)
    buffer = ffi.new("dd_game_record[]", max(games, 0))
    err = ffi.new("char[]", _ERR_CAP)
    status = lib.dd_simulate_batch(
        program, length, games, seats, num_seats, iterations, seed, threads, buffer, err, _ERR_CAP
    )
    check_status(status, err)
    records = np.frombuffer(ffi.buffer(buffer), dtype=RECORD_DTYPE)
    records.flags.writeable = False
    return BatchResult(records)


def validate_program(bytecode: bytes) -> None:
    """Check a compiled program without playing it.

    Returns None for a valid program. Raises InvalidProgramError with Go's
    positioned message (``bytecode: offset N: ...``) otherwise, TypeError if
    ``bytecode`` is not bytes-like, LibraryError if gosim cannot be loaded.
    """
    lib = load_library()
    program, length = _program(bytecode)
    err = ffi.new("char[]", _ERR_CAP)
    check_status(lib.dd_validate_program(program, length, err, _ERR_CAP), err)


def library_version() -> str:
    """The loaded library's version string, e.g. ``"gosim 0.1.0 abi 2 bytecode 1 go1.27.3"``.

    Raises LibraryError if gosim cannot be loaded.
    """
    lib = load_library()
    buf = ffi.new("char[]", 256)
    written = lib.dd_library_version(buf, len(buf))  # bytes written, NUL excluded; cannot fail
    if not 0 < written < len(buf):
        raise AssertionError(f"dd_library_version wrote {written} bytes into a {len(buf)}-byte buffer")
    return ffi.string(buf).decode("utf-8", errors="replace")


def trace_game(
    bytecode: bytes,
    game_index: int,
    ai_type: int = 0,
    random_seed: int = 0,
    *,
    mcts_iterations: int = 0,
    seat_players: Sequence[int] | None = None,
    capacity: int = 4096,
    with_record: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Replay game ``game_index`` of a batch and return its card movements.

    The batch is identified by the same (bytecode, ai_type or seat_players,
    mcts_iterations, random_seed) given to :func:`simulate_batch`; the replayed game
    is the one that batch plays at that index.

    Returns:
        a read-only numpy array of dtype TRACE_DTYPE and shape ``(n_events,)``, in the
        order the events happened (a view of the buffer Go filled). With
        ``with_record=True``, a pair ``(events, record)`` where ``record`` is a
        0-d RECORD_DTYPE array equal to ``simulate_batch(...).records[game_index]``.
        ``capacity`` is the first buffer size in events; a game with more events is
        replayed once more into a buffer of exactly its size.

    Raises:
        InvalidProgramError, InvalidArgumentError (e.g. a negative game_index),
        InternalError, TypeError, LibraryError: as for :func:`simulate_batch`.
    """
    lib = load_library()
    program, length, seats, num_seats, iterations, seed = _batch(
        bytecode, ai_type, seat_players, mcts_iterations, random_seed
    )
    index = _int_arg("game_index", game_index, -(2**31), _INT32_MAX)
    cap = _int_arg("capacity", capacity, 1, _INT32_MAX)
    n_events = ffi.new("int32_t *")
    record = ffi.new("dd_game_record *")
    err = ffi.new("char[]", _ERR_CAP)

    def call(cap: int) -> tuple[Any, int]:
        events = ffi.new("dd_trace_event[]", cap)
        status = lib.dd_trace_game(
            program, length, seats, num_seats, iterations, seed, index, events, cap, n_events, record, err, _ERR_CAP
        )
        return events, status

    events, status = call(cap)
    if status == DEFINES["DD_ERR_BUFFER_TOO_SMALL"] and n_events[0] > cap:
        cap = n_events[0]
        events, status = call(cap)
    check_status(status, err)
    trace = np.frombuffer(ffi.buffer(events), dtype=TRACE_DTYPE, count=n_events[0])
    trace.flags.writeable = False
    if not with_record:
        return trace
    rec = np.frombuffer(ffi.buffer(record), dtype=RECORD_DTYPE)[0:1].reshape(())
    rec.flags.writeable = False
    return trace, rec
