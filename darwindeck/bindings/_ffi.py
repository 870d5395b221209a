"""The one owner of the cffi ``ffi`` and the gosim ``lib``.

The cdef is the text between ``/* BEGIN CDEF */`` and ``/* END CDEF */`` of gosim's
hand-written C header, read at import: from ``gosim/include/darwindeck.h`` when the
package runs from a source tree (editable install), else from the copy the wheel ships
in ``darwindeck/_lib``. The shared library is opened in ABI mode (``ffi.dlopen``) on
first use of ``lib``, never at import, so importing darwindeck does not need it.
Loading checks the library's ABI version and record sizes against the header and the
numpy dtypes; any failure raises :class:`~darwindeck.bindings.errors.LibraryError`
naming every path tried and how to rebuild.

The Go runtime does not survive ``fork()``: load the library in the process that uses
it (a Ray actor's ``__init__``), not in a parent that forks workers afterwards.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

import cffi

from .errors import LibraryError

__all__ = ["ffi", "lib", "load_library", "library_path", "DEFINES", "FUNCTIONS", "HEADER_PATH", "LIBRARY_PATH", "CDEF"]

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # .../darwindeck
_SOURCE_HEADER = _PACKAGE_DIR.parent / "gosim" / "include" / "darwindeck.h"
_SHIPPED_HEADER = _PACKAGE_DIR / "_lib" / "darwindeck.h"

#: Where the build hook puts the library (in the source tree for editable installs).
LIBRARY_PATH = _PACKAGE_DIR / "_lib" / "libgosim.so"
#: Environment variable naming another library to load instead (for gosim development).
LIBRARY_ENV = "DARWINDECK_LIBGOSIM"

_BEGIN, _END = "/* BEGIN CDEF */", "/* END CDEF */"

#: True when running from a source tree (editable install): the header is gosim's own.
FROM_SOURCE_TREE = _SOURCE_HEADER.is_file()
HEADER_PATH = _SOURCE_HEADER if FROM_SOURCE_TREE else _SHIPPED_HEADER


def _rebuild_hint() -> str:
    if FROM_SOURCE_TREE:
        root = _PACKAGE_DIR.parent
        return (
            "Rebuild it from the repository root:\n"
            f"    cd {root} && pip install -e . --no-deps\n"
            "or, with Go on PATH (the dev extra installs it in the venv):\n"
            f"    cd {root / 'gosim'} && go build -buildmode=c-shared -o ../darwindeck/_lib/libgosim.so ./cmd/libgosim"
        )
    return "Reinstall darwindeck (pip install --force-reinstall --no-deps darwindeck) to get a matching library."


def _read_cdef(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LibraryError(
            f"cannot read the gosim C header {path}: {exc}. "
            f"Looked for {_SOURCE_HEADER} (source tree) and {_SHIPPED_HEADER} (installed wheel).\n" + _rebuild_hint()
        ) from exc
    begin, end = text.find(_BEGIN), text.find(_END)
    if begin < 0 or end < begin:
        raise LibraryError(f"{path}: no '{_BEGIN}' ... '{_END}' region to read the cdef from")
    return text[begin + len(_BEGIN) : end]


CDEF = _read_cdef(HEADER_PATH)
ffi = cffi.FFI()
ffi.cdef(CDEF)
#: Names of the functions the cdef declares; load_library checks the library exports each.
FUNCTIONS: tuple[str, ...] = tuple(re.findall(r"\b(dd_\w+)\s*\(", CDEF))

# The header's "#define NAME <integer>" constants. cffi exposes them on any library
# opened with this ffi; the process's own symbol table is always loaded, so this
# reads them without touching gosim.
_constants = ffi.dlopen(None)
DEFINES: dict[str, int] = {name: getattr(_constants, name) for name in dir(_constants) if name.startswith("DD_")}
del _constants

_lock = threading.Lock()
_lib: Any = None
_loaded_path: Path | None = None


def _candidates() -> list[Path]:
    override = os.environ.get(LIBRARY_ENV)
    return [Path(override)] if override else [LIBRARY_PATH]


def _check(candidate: Any, path: Path) -> None:
    from .records import RECORD_DTYPE, TRACE_DTYPE  # records imports this module

    missing = []
    for name in FUNCTIONS:
        try:
            getattr(candidate, name)
        except AttributeError:
            missing.append(name)
    if missing:
        raise LibraryError(
            f"{path} is not a gosim library of this ABI: it does not export {', '.join(missing)}.\n" + _rebuild_hint()
        )
    abi = candidate.dd_abi_version()
    record_size = candidate.dd_record_size()
    event_size = candidate.dd_trace_event_size()
    expected = DEFINES["DD_ABI_VERSION"]
    if abi != expected:
        raise LibraryError(
            f"{path} has ABI version {abi}, but {HEADER_PATH} declares DD_ABI_VERSION {expected}: "
            "the library is stale.\n" + _rebuild_hint()
        )
    if record_size != RECORD_DTYPE.itemsize or record_size != ffi.sizeof("dd_game_record"):
        raise LibraryError(
            f"{path} writes {record_size}-byte game records, but RECORD_DTYPE has {RECORD_DTYPE.itemsize} bytes "
            f"and the header's dd_game_record {ffi.sizeof('dd_game_record')}.\n" + _rebuild_hint()
        )
    if event_size != TRACE_DTYPE.itemsize or event_size != ffi.sizeof("dd_trace_event"):
        raise LibraryError(
            f"{path} writes {event_size}-byte trace events, but TRACE_DTYPE has {TRACE_DTYPE.itemsize} bytes "
            f"and the header's dd_trace_event {ffi.sizeof('dd_trace_event')}.\n" + _rebuild_hint()
        )


def load_library() -> Any:
    """Open gosim once per process and return its cffi ``lib``.

    Thread-safe; later calls return the same object. Raises
    :class:`~darwindeck.bindings.errors.LibraryError` listing every path tried
    (and why each failed) when no usable library is found, or when the library's
    ABI version or record sizes disagree with the header.
    """
    global _lib, _loaded_path
    if _lib is not None:
        return _lib
    with _lock:
        if _lib is not None:
            return _lib
        failures = []
        for path in _candidates():
            try:
                candidate = ffi.dlopen(str(path))
            except OSError as exc:
                failures.append(f"  {path}: {exc}")
                continue
            _check(candidate, path)
            _lib, _loaded_path = candidate, path
            return _lib
        raise LibraryError(
            "cannot load the gosim shared library; tried:\n" + "\n".join(failures) + "\n" + _rebuild_hint()
        )


def library_path() -> Path:
    """Path of the gosim library this process uses (loading it if needed)."""
    load_library()
    assert _loaded_path is not None
    return _loaded_path


def __getattr__(name: str) -> Any:
    # `from darwindeck.bindings._ffi import lib` loads the library on that first use.
    if name == "lib":
        return load_library()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
