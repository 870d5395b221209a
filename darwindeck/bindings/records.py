"""numpy mirrors of the C ABI's fixed-size records, and the header's constants.

``RECORD_DTYPE`` mirrors ``dd_game_record`` (one finished game) and ``TRACE_DTYPE``
mirrors ``dd_trace_event`` (one card movement), field for field, with explicit byte
offsets, little-endian. At import both are checked against the struct layout cffi
computes from the header, so a header change that is not mirrored here fails loudly
instead of misreading memory. The enums below are built from the header's
``#define``s (read through cffi), not retyped.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from ._ffi import DEFINES, ffi

__all__ = [
    "RECORD_DTYPE",
    "TRACE_DTYPE",
    "MAX_SEATS",
    "NO_SEAT",
    "ABI_VERSION",
    "Outcome",
    "PlayerType",
    "EventKind",
]


def _enum(name: str, prefix: str) -> type[IntEnum]:
    members = {key[len(prefix) :]: value for key, value in DEFINES.items() if key.startswith(prefix)}
    if not members:
        raise ImportError(f"darwindeck.h defines no {prefix}* constants")
    return IntEnum(name, sorted(members.items(), key=lambda item: item[1]), module=__name__)


#: dd_game_record.outcome: WIN, DRAW, UNFINISHED (turn cap reached).
Outcome = _enum("Outcome", "DD_OUTCOME_")
#: Player type of a seat: RANDOM, GREEDY, MCTS (the guide's ai_type 0, 1, 2).
PlayerType = _enum("PlayerType", "DD_PLAYER_")
#: dd_trace_event.kind: DEAL, TURN_UP, PLAY, DRAW, TAKE, RESHUFFLE, REVEAL, FACE_DOWN, DECLARE.
EventKind = _enum("EventKind", "DD_EV_")

ABI_VERSION: int = DEFINES["DD_ABI_VERSION"]
NO_SEAT: int = DEFINES["DD_NO_SEAT"]

# dd_game_record, byte for byte (offset, type); see gosim/include/darwindeck.h.
_RECORD_FIELDS = [
    ("turns", 0, "<u4"),  # player turns plus battles
    ("moves", 4, "<u4"),  # moves applied, forced ones included
    ("decisions", 8, "<u4"),  # moves chosen among >= 2 legal moves
    ("legal_moves_sum", 12, "<u4"),  # sum of legal-move counts over decisions
    ("lead_changes", 16, "<u4"),  # times the sole leader changed
    ("lead_settled_turn", 20, "<u4"),  # turn after which the final leader kept the lead
    ("score", 24, ("<i2", (6,))),  # final per-seat score; seats >= num_players are 0
    ("cards_total", 36, "<u2"),  # cards in all zones at the end
    ("outcome", 38, "u1"),  # Outcome
    ("num_players", 39, "u1"),  # real seats in this game
    ("winners", 40, "u1"),  # bitmask of winning seats (bit i = seat i)
    ("first_player", 41, "u1"),  # seat that moved first
    ("flags", 42, "u1"),  # DD_FLAG_WINNER_TRAILED | DD_FLAG_CYCLE
    ("reserved", 43, "u1"),  # 0
    ("winner_lead_turn", 44, "<u4"),  # won games: last turn a winner was strictly behind (0: never)
    ("interactions", 48, "<u4"),  # moves that changed another seat's cards or what it sees
    ("repeats", 52, "<u4"),  # turn ends repeating one of the previous 16 (cycles)
    ("margin", 56, "<u2"),  # won games: runner-up's standing minus the winner's
    ("margin_base", 58, "<u2"),  # won games: |winner's standing| + |runner-up's standing|
]
_RECORD_SIZE = 60  # 58 + 2, and a multiple of the struct's 4-byte alignment

# dd_trace_event, byte for byte.
_TRACE_FIELDS = [
    ("move_index", 0, "<u4"),  # index of the move that caused it; setup is 0
    ("kind", 4, "u1"),  # EventKind
    ("seat", 5, "u1"),  # seat acting, or NO_SEAT
    ("card", 6, "u1"),  # card id: copy*52 + suit*13 + rank (docs/bytecode.md)
    ("from_zone", 7, "u1"),  # zone index, 255 for none
    ("from_owner", 8, "u1"),  # seat owning the zone copy, NO_SEAT if shared
    ("to_zone", 9, "u1"),
    ("to_owner", 10, "u1"),
    ("flags", 11, "u1"),  # bit 0: face up
]
_TRACE_SIZE = 12


def _dtype(fields: list, itemsize: int) -> np.dtype:
    return np.dtype(
        {
            "names": [name for name, _, _ in fields],
            "offsets": [offset for _, offset, _ in fields],
            "formats": [fmt for _, _, fmt in fields],
            "itemsize": itemsize,
        }
    )


#: One game record per element; itemsize == sizeof(dd_game_record).
RECORD_DTYPE = _dtype(_RECORD_FIELDS, _RECORD_SIZE)
#: One trace event per element; itemsize == sizeof(dd_trace_event).
TRACE_DTYPE = _dtype(_TRACE_FIELDS, _TRACE_SIZE)
#: Length of dd_game_record.score: the most seats a game can have.
MAX_SEATS: int = RECORD_DTYPE["score"].shape[0]


def layout_mismatches(dtype: np.dtype, ctype: str) -> list[str]:
    """Differences between a numpy dtype and the C struct cffi parsed from the header.

    Compares field names and order, byte offsets, sizes, array lengths, signedness
    and total size; returns one line per difference (empty when they agree).
    """
    problems = []
    fields = ffi.typeof(ctype).fields
    c_names = [name for name, _ in fields]
    if list(dtype.names) != c_names:
        problems.append(f"{ctype}: fields {c_names}, dtype has {list(dtype.names)}")
    for name, field in fields:
        if name not in dtype.fields:
            continue
        sub, offset = dtype.fields[name][:2]
        if offset != field.offset:
            problems.append(f"{ctype}.{name}: offset {field.offset}, dtype has {offset}")
        if sub.itemsize != ffi.sizeof(field.type):
            problems.append(f"{ctype}.{name}: {ffi.sizeof(field.type)} bytes, dtype has {sub.itemsize}")
        ctype_item = field.type.item if field.type.kind == "array" else field.type
        base = sub.base if sub.shape else sub
        if field.type.kind == "array" and sub.shape != (field.type.length,):
            problems.append(f"{ctype}.{name}: length {field.type.length}, dtype has shape {sub.shape}")
        signed = not ctype_item.cname.startswith("uint")
        if (base.kind == "i") != signed:
            problems.append(f"{ctype}.{name}: {ctype_item.cname}, dtype has {base}")
    if dtype.itemsize != ffi.sizeof(ctype):
        problems.append(f"sizeof({ctype}) is {ffi.sizeof(ctype)}, dtype itemsize is {dtype.itemsize}")
    return problems


_problems = layout_mismatches(RECORD_DTYPE, "dd_game_record") + layout_mismatches(TRACE_DTYPE, "dd_trace_event")
if _problems:
    raise ImportError("darwindeck.bindings.records is out of date with darwindeck.h:\n  " + "\n  ".join(_problems))
del _problems
