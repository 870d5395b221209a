"""The cffi binding against the real gosim library: ABI, layouts, errors, zero-copy, determinism."""

from __future__ import annotations

import gc
import pickle
import re
import shutil
import struct
import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from darwindeck.bindings import _ffi
from darwindeck.bindings.cgo_bridge import (
    BatchResult,
    library_version,
    simulate_batch,
    trace_game,
    validate_program,
)
from darwindeck.bindings.errors import (
    BufferTooSmallError,
    GosimError,
    InternalError,
    InvalidArgumentError,
    InvalidProgramError,
    check_status,
)
from darwindeck.bindings.records import (
    ABI_VERSION,
    MAX_SEATS,
    RECORD_DTYPE,
    TRACE_DTYPE,
    EventKind,
    Outcome,
    PlayerType,
    layout_mismatches,
)
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seed, seed_names

ffi = _ffi.ffi
DEFINES = _ffi.DEFINES


@pytest.fixture(scope="module")
def lib():
    return _ffi.load_library()


@pytest.fixture(scope="module")
def programs() -> dict[str, bytes]:
    compiler = BytecodeCompiler()
    return {name: compiler.compile_genome(load_seed(name)) for name in seed_names()}


@pytest.fixture(scope="module")
def war(programs) -> bytes:
    return programs["war"]


def cdef_functions() -> list[str]:
    return list(_ffi.FUNCTIONS)


# --- the ABI ------------------------------------------------------------------------------


def test_cdef_declares_the_documented_functions():
    assert set(cdef_functions()) == {
        "dd_abi_version",
        "dd_record_size",
        "dd_trace_event_size",
        "dd_library_version",
        "dd_validate_program",
        "dd_simulate_batch",
        "dd_trace_game",
        "dd_deal_game",
    }


def test_lib_attribute_is_the_loaded_library(lib):
    assert _ffi.lib is lib is _ffi.load_library()
    assert _ffi.library_path().is_file()


def test_every_cdef_function_resolves_in_the_library(lib):
    for name in cdef_functions():
        func = getattr(lib, name)
        assert ffi.typeof(func).kind == "function", name


@pytest.mark.skipif(shutil.which("nm") is None, reason="nm (binutils) is not installed")
def test_library_exports_exactly_the_cdef_functions():
    out = subprocess.run(
        ["nm", "-D", "--defined-only", str(_ffi.library_path())], capture_output=True, text=True, check=True
    ).stdout
    exported = {line.split()[-1] for line in out.splitlines() if line.split() and line.split()[-1].startswith("dd_")}
    assert exported == set(cdef_functions())


def test_abi_version_matches_header(lib):
    assert lib.dd_abi_version() == ABI_VERSION == DEFINES["DD_ABI_VERSION"]


def test_record_layouts_match_library_and_header(lib):
    assert RECORD_DTYPE.itemsize == lib.dd_record_size() == ffi.sizeof("dd_game_record") == 60
    assert TRACE_DTYPE.itemsize == lib.dd_trace_event_size() == ffi.sizeof("dd_trace_event") == 12
    assert layout_mismatches(RECORD_DTYPE, "dd_game_record") == []
    assert layout_mismatches(TRACE_DTYPE, "dd_trace_event") == []
    assert MAX_SEATS == 6


def test_layout_mismatches_reports_a_wrong_offset():
    fields = {name: RECORD_DTYPE.fields[name] for name in RECORD_DTYPE.names}
    bad = np.dtype(
        {
            "names": list(fields),
            "formats": [f[0] for f in fields.values()],
            "offsets": [f[1] if name != "winners" else 41 for name, f in fields.items()],
            "itemsize": RECORD_DTYPE.itemsize,
        }
    )
    problems = layout_mismatches(bad, "dd_game_record")
    assert any("winners: offset 40, dtype has 41" in p for p in problems), problems


def test_enums_come_from_header_defines():
    assert {m.name: m.value for m in Outcome} == {
        k[len("DD_OUTCOME_") :]: v for k, v in DEFINES.items() if k.startswith("DD_OUTCOME_")
    }
    assert [PlayerType.RANDOM, PlayerType.GREEDY, PlayerType.MCTS] == [0, 1, 2]  # the guide's ai_type
    assert EventKind.DEAL == DEFINES["DD_EV_DEAL"]


def test_library_version_names_abi_and_go(lib):
    version = library_version()
    assert version.startswith("gosim ")
    assert f"abi {ABI_VERSION}" in version
    assert "go1." in version


# --- check_status -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "define, cls",
    [
        ("DD_ERR_INVALID_PROGRAM", InvalidProgramError),
        ("DD_ERR_INVALID_ARGUMENT", InvalidArgumentError),
        ("DD_ERR_BUFFER_TOO_SMALL", BufferTooSmallError),
        ("DD_ERR_INTERNAL", InternalError),
    ],
)
def test_check_status_maps_each_code_to_its_exception(define, cls):
    buf = ffi.new("char[]", b"bytecode: offset 3: boom")
    with pytest.raises(cls) as info:
        check_status(DEFINES[define], buf)
    assert isinstance(info.value, GosimError)
    assert info.value.status == DEFINES[define]
    assert info.value.message == "bytecode: offset 3: boom"
    assert define in str(info.value)


def test_errors_survive_pickling(war):
    with pytest.raises(InvalidProgramError) as info:
        validate_program(war[:20])
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is InvalidProgramError
    assert (clone.status, clone.message, str(clone)) == (info.value.status, info.value.message, str(info.value))


def test_check_status_ok_and_unknown():
    assert check_status(DEFINES["DD_OK"], None) is None
    with pytest.raises(AssertionError, match="status 77"):
        check_status(77, None)


# --- malformed programs -------------------------------------------------------------------


def _set_version(program: bytes, version: int) -> bytes:
    return program[:4] + struct.pack("<H", version) + program[6:]


def _set_total(program: bytes, total: int) -> bytes:
    return program[:8] + struct.pack("<I", total) + program[12:]


MALFORMED = {
    "empty": lambda p: b"",
    "bad magic": lambda p: b"XDBC" + p[4:],
    "truncated header": lambda p: p[:10],
    "truncated section": lambda p: _set_total(p[:-3], len(p) - 3),
    "wrong version": lambda p: _set_version(p, 99),
    "total length disagrees": lambda p: _set_total(p, len(p) + 1),
    "trailing bytes": lambda p: p + b"\x00",
    "garbage": lambda p: bytes(range(256)) * 2,
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_program_raises_positioned_error(case, war):
    program = MALFORMED[case](war)
    for call in (
        lambda: validate_program(program),
        lambda: simulate_batch(program, 10, 0, 0, 1),
        lambda: trace_game(program, 0, 0, 1),
    ):
        with pytest.raises(InvalidProgramError) as info:
            call()
        assert info.value.status == DEFINES["DD_ERR_INVALID_PROGRAM"]
        assert re.match(r"bytecode: offset \d+: \S", info.value.message), info.value.message
    # the process and the library are still fine
    assert simulate_batch(war, 2, 0, 0, 1).total_games == 2


def test_seed_programs_validate(programs):
    for name, program in programs.items():
        assert validate_program(program) is None, name
        assert validate_program(bytearray(program)) is None
        assert validate_program(memoryview(program)) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_are_rejected(data):
    with pytest.raises(InvalidProgramError, match=r"^bytecode: offset \d+: "):
        validate_program(data)


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=200))
def test_random_bytes_behind_a_valid_header_are_rejected(war, data):
    program = war[:8] + struct.pack("<I", 16 + len(data)) + war[12:16] + data
    with pytest.raises(InvalidProgramError, match=r"^bytecode: offset \d+: "):
        validate_program(program)


def test_mutants_are_rejected_or_play_sanely(programs):
    """Flip bytes of the seed programs: each mutant is either rejected or plays to the end."""
    rng = np.random.default_rng(20240601)
    played = rejected = 0
    for program in programs.values():
        for _ in range(80):
            mutant = bytearray(program)
            for pos in rng.integers(16, len(mutant), size=int(rng.integers(1, 4))):
                mutant[pos] = int(rng.integers(0, 256))
            try:
                validate_program(bytes(mutant))
            except InvalidProgramError as exc:
                assert exc.message.startswith("bytecode: offset "), exc.message
                rejected += 1
                continue
            result = simulate_batch(bytes(mutant), 3, 0, 0, 7)
            check_record_invariants(result.records)
            played += 1
    assert played + rejected == 80 * len(programs)
    assert rejected > 0


def test_non_bytes_program_is_a_type_error():
    with pytest.raises(TypeError, match="bytecode must be bytes-like"):
        simulate_batch("DDBC", 1)
    with pytest.raises(TypeError, match="bytecode must be bytes-like"):
        validate_program([1, 2, 3])


def test_any_contiguous_or_strided_byte_buffer_is_a_program(war):
    expected = simulate_batch(war, 5, 0, 0, 3).records.tobytes()
    as_array = np.frombuffer(war, dtype=np.uint8)
    strided = np.repeat(as_array, 2)[::2]  # not contiguous
    for program in (bytearray(war), memoryview(war), as_array, strided, as_array.view(np.int8)):
        assert simulate_batch(program, 5, 0, 0, 3).records.tobytes() == expected


# --- invalid arguments --------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(num_games=-1),
        dict(num_threads=0),
        dict(num_threads=-2),
        dict(seat_players=[0, 0, 0]),  # war has two players
        dict(seat_players=[]),
        dict(ai_type=99),
        dict(ai_type=PlayerType.MCTS, mcts_iterations=-5),
        dict(random_seed=-1),
        dict(random_seed=2**64),
        dict(seat_players=[0, 300]),
    ],
    ids=str,
)
def test_invalid_arguments_raise(war, kwargs):
    args = dict(bytecode=war, num_games=4, ai_type=0, mcts_iterations=0, random_seed=1) | kwargs
    with pytest.raises(InvalidArgumentError) as info:
        simulate_batch(**args)
    assert info.value.status == DEFINES["DD_ERR_INVALID_ARGUMENT"]
    assert info.value.message


def test_invalid_trace_arguments_raise(war):
    with pytest.raises(InvalidArgumentError):
        trace_game(war, -1, 0, 1)
    with pytest.raises(InvalidArgumentError):
        trace_game(war, 0, 0, 1, seat_players=[0, 0, 0])


# --- results ------------------------------------------------------------------------------


def check_record_invariants(records: np.ndarray) -> None:
    assert records.dtype == RECORD_DTYPE
    assert set(np.unique(records["outcome"])) <= {int(o) for o in Outcome}
    n = records["num_players"].astype(np.int64)
    assert ((n >= 2) & (n <= MAX_SEATS)).all()
    win = records["outcome"] == Outcome.WIN
    assert (records["winners"][win] != 0).all()
    assert (records["winners"][~win] == 0).all()
    assert (records["winners"].astype(np.int64) < (1 << n)).all()
    assert (records["first_player"] < n).all()
    assert (records["reserved"] == 0).all()
    # ABI 2 measurements
    assert (records["flags"] & ~np.uint8(3) == 0).all()
    assert ((records["flags"] & 2 != 0) == (records["repeats"] > 0)).all()
    assert (records["interactions"] <= records["moves"]).all()
    assert (records["winner_lead_turn"] <= records["turns"]).all()
    assert ((records["winner_lead_turn"] > 0) == (records["flags"] & 1 != 0)).all()
    assert (records["margin"][~win] == 0).all() and (records["margin_base"][~win] == 0).all()
    assert (records["margin"] <= records["margin_base"]).all()  # b - a <= |a| + |b|
    seat = np.arange(MAX_SEATS)
    assert (records["score"][seat[None, :] >= n[:, None]] == 0).all()
    assert (records["decisions"] <= records["moves"]).all()
    assert (records["legal_moves_sum"] >= 2 * records["decisions"]).all()


@pytest.mark.parametrize("name", seed_names())
def test_seed_batches_are_consistent(programs, name):
    result = simulate_batch(bytecode=programs[name], num_games=200, ai_type=0, mcts_iterations=0, random_seed=42)
    records = result.records
    assert isinstance(result, BatchResult)
    assert records.shape == (200,)
    check_record_invariants(records)
    assert (records["turns"] > 0).all()
    players = int(records["num_players"][0])
    assert (records["num_players"] == players).all()
    assert len(np.unique(records["cards_total"])) == 1  # cards are conserved within a game
    assert result.total_games == 200
    assert result.wins_by_seat.dtype == np.int64 and result.wins_by_seat.shape == (players,)
    for seat in range(players):
        assert result.wins_by_seat[seat] == np.count_nonzero(records["winners"] & (1 << seat))
    assert result.player0_wins == result.wins_by_seat[0]
    assert result.player1_wins == result.wins_by_seat[1]
    assert result.draws == np.count_nonzero(records["outcome"] == Outcome.DRAW)
    assert result.unfinished == np.count_nonzero(records["outcome"] == Outcome.UNFINISHED)
    assert result.draws + result.unfinished + np.count_nonzero(records["outcome"] == Outcome.WIN) == 200
    assert result.avg_turns == pytest.approx(records["turns"].mean())


def test_zero_games_give_an_empty_result(war):
    result = simulate_batch(war, 0, 0, 0, 1)
    assert result.records.shape == (0,) and result.records.dtype == RECORD_DTYPE
    assert (result.total_games, result.player0_wins, result.draws, result.unfinished) == (0, 0, 0, 0)
    assert result.avg_turns == 0.0 and result.wins_by_seat.shape == (0,)


def test_greedy_and_per_seat_players_play(war):
    greedy = simulate_batch(war, 50, PlayerType.GREEDY, 0, 3)
    mixed = simulate_batch(war, 50, 0, 0, 3, seat_players=[PlayerType.RANDOM, PlayerType.GREEDY])
    check_record_invariants(greedy.records)
    check_record_invariants(mixed.records)


def test_records_are_a_view_of_the_buffer_go_filled(war):
    result = simulate_batch(war, 64, 0, 0, 5)
    records = result.records
    assert not records.flags.owndata
    assert not records.flags.writeable
    owner = records.base
    assert isinstance(owner, ffi.buffer)
    assert len(owner) == 64 * RECORD_DTYPE.itemsize
    address = int(ffi.cast("uintptr_t", ffi.from_buffer(owner)))
    assert records.ctypes.data == address
    assert np.shares_memory(records, np.frombuffer(owner, dtype=np.uint8))


def test_records_outlive_the_result(war):
    records = simulate_batch(war, 64, 0, 0, 5).records
    expected = bytes(records.tobytes())
    gc.collect()
    churn = [simulate_batch(war, 64, 0, 0, seed).records for seed in range(20)]  # reuse freed memory
    assert records.tobytes() == expected
    assert len(churn) == 20


def test_same_seed_same_bytes(programs):
    for program in programs.values():
        a = simulate_batch(program, 100, 0, 0, 123).records.tobytes()
        b = simulate_batch(program, 100, 0, 0, 123).records.tobytes()
        assert a == b
    war = programs["war"]
    assert simulate_batch(war, 100, 0, 0, 123).records.tobytes() != simulate_batch(war, 100, 0, 0, 124).records.tobytes()


def test_thread_count_does_not_change_results(programs):
    for program in programs.values():
        one = simulate_batch(program, 150, 0, 0, 99, num_threads=1).records.tobytes()
        two = simulate_batch(program, 150, 0, 0, 99, num_threads=2).records.tobytes()
        many = simulate_batch(program, 150, 0, 0, 99, num_threads=7).records.tobytes()
        assert one == two == many


def test_game_i_does_not_depend_on_batch_size(war):
    small = simulate_batch(war, 10, 0, 0, 8).records
    large = simulate_batch(war, 40, 0, 0, 8).records
    assert small.tobytes() == large[:10].tobytes()


# --- traces -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", seed_names())
def test_trace_replays_the_batch_game(programs, name):
    program = programs[name]
    batch = simulate_batch(program, 6, 0, 0, 77).records
    for index in (0, 5):
        events, record = trace_game(program, index, 0, 77, with_record=True)
        assert events.dtype == TRACE_DTYPE and events.ndim == 1 and len(events) > 0
        assert record.dtype == RECORD_DTYPE and record.shape == ()
        assert record.tobytes() == batch[index].tobytes()
        assert set(np.unique(events["kind"])) <= {int(k) for k in EventKind}
        assert events["kind"][0] in (EventKind.DEAL, EventKind.TURN_UP)
        assert (np.diff(events["move_index"].astype(np.int64)) >= 0).all()
        assert events["move_index"].max() <= record["moves"]


def test_trace_retries_with_a_larger_buffer(war):
    full = trace_game(war, 3, 0, 11)
    assert len(full) > 4
    small = trace_game(war, 3, 0, 11, capacity=1)
    assert small.tobytes() == full.tobytes()
    assert not small.flags.writeable
