"""Exceptions of the gosim binding, one per ``dd_status`` code of the C ABI.

Every fallible gosim call returns a status; :func:`check_status` turns a failure
into the matching :class:`GosimError` subclass carrying Go's message (for bad
bytecode it names the byte offset: ``bytecode: offset 23: ...``). The numeric codes
are the header's ``DD_ERR_*`` defines, never retyped here.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "GosimError",
    "InvalidProgramError",
    "InvalidArgumentError",
    "BufferTooSmallError",
    "InternalError",
    "LibraryError",
    "check_status",
]


class GosimError(Exception):
    """A gosim call failed. ``status`` is the dd_status code, ``message`` Go's text."""

    #: Name of the header's #define for this error's status code.
    status_name = ""

    def __init__(self, status: int, message: str):
        # args stay (status, message) so the exception pickles (Ray sends it between processes).
        super().__init__(status, message)
        self.status = status
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.status_name or 'status'} = {self.status})"


class InvalidProgramError(GosimError, ValueError):
    """The bytecode failed validation; the message names the byte offset and the problem."""

    status_name = "DD_ERR_INVALID_PROGRAM"


class InvalidArgumentError(GosimError, ValueError):
    """An argument other than the program is out of range (game count, threads, seats, ...)."""

    status_name = "DD_ERR_INVALID_ARGUMENT"


class BufferTooSmallError(GosimError):
    """An output buffer was too small for what Go had to write."""

    status_name = "DD_ERR_BUFFER_TOO_SMALL"


class InternalError(GosimError):
    """gosim failed on a valid request (a recovered Go panic); a bug in gosim."""

    status_name = "DD_ERR_INTERNAL"


class LibraryError(ImportError):
    """The gosim library or its header is missing, unreadable, stale or of another ABI."""


_by_status: dict[int, type[GosimError]] = {}


def _status_map() -> tuple[int, dict[int, type[GosimError]]]:
    from ._ffi import DEFINES  # _ffi imports this module, so look up lazily

    if not _by_status:
        for cls in (InvalidProgramError, InvalidArgumentError, BufferTooSmallError, InternalError):
            _by_status[DEFINES[cls.status_name]] = cls
    return DEFINES["DD_OK"], _by_status


def check_status(code: int, errbuf: Any = None) -> None:
    """Return if ``code`` is DD_OK, else raise the GosimError subclass for it.

    ``errbuf`` is the ``char[]`` cdata Go wrote its NUL-terminated message into
    (or None). A code the header does not define means the library and the
    binding disagree about the ABI; that raises AssertionError, never passes.
    """
    ok, by_status = _status_map()
    if code == ok:
        return
    cls = by_status.get(code)
    if cls is None:
        raise AssertionError(f"gosim returned status {code}, which darwindeck.h does not define")
    message = ""
    if errbuf is not None:
        from ._ffi import ffi

        message = ffi.string(errbuf).decode("utf-8", errors="replace")
    raise cls(code, message or "(gosim gave no message)")
