"""The cffi binding to gosim, the Go simulator (a thin layer over gosim/include/darwindeck.h).

Public entry points live in :mod:`darwindeck.bindings.cgo_bridge` (``simulate_batch``,
``validate_program``, ``trace_game``, ``library_version``); record layouts and the
header's constants in :mod:`~darwindeck.bindings.records`; exceptions in
:mod:`~darwindeck.bindings.errors`. Importing this package reads the header but does
not load the shared library: that happens on the first call into gosim.
"""

from .cgo_bridge import BatchResult, library_version, simulate_batch, trace_game, validate_program
from .errors import (
    BufferTooSmallError,
    GosimError,
    InternalError,
    InvalidArgumentError,
    InvalidProgramError,
    LibraryError,
)
from .records import RECORD_DTYPE, TRACE_DTYPE, EventKind, Outcome, PlayerType

__all__ = [
    "BatchResult",
    "simulate_batch",
    "validate_program",
    "trace_game",
    "library_version",
    "GosimError",
    "InvalidProgramError",
    "InvalidArgumentError",
    "BufferTooSmallError",
    "InternalError",
    "LibraryError",
    "RECORD_DTYPE",
    "TRACE_DTYPE",
    "Outcome",
    "PlayerType",
    "EventKind",
]
