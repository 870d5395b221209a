"""Ray addresses: their forms, and the quick reachability check that makes a wrong
``--address`` fail in seconds with one line instead of retrying for 14 minutes. Loopback
only: a closed port and a listening socket on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from darwindeck import ray_address
from darwindeck.ray_address import ClusterError, check_reachable, connect_timeout, parse_address

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_ray_in_this_process(monkeypatch):
    """As in a fresh ``darwindeck evolve``: other test modules may have initialised Ray in
    this process, and then the pool uses that Ray and nothing is checked."""
    ray = sys.modules.get("ray")
    if ray is not None:
        monkeypatch.setattr(ray, "is_initialized", lambda: False)


def test_nothing_is_checked_when_ray_is_already_initialised(monkeypatch):
    import ray

    monkeypatch.setattr(ray, "is_initialized", lambda: True)
    assert check_reachable(f"127.0.0.1:{closed_port()}", timeout=5) is None


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_parse_address():
    assert parse_address("auto") is None
    assert parse_address("10.0.0.5:6379") == ("10.0.0.5", 6379)
    assert parse_address("ray://head") == ("head", 10001)
    assert parse_address("ray://head:2000") == ("head", 2000)
    assert parse_address("[::1]:6379") == ("::1", 6379)
    for bad in ("bogus", "head:", "head:99999", "tcp://head:1", "ray://", ":6379"):
        with pytest.raises(ValueError):
            parse_address(bad)


def test_closed_port_fails_at_once():
    port = closed_port()
    start = time.monotonic()
    with pytest.raises(ClusterError) as info:
        check_reachable(f"127.0.0.1:{port}", timeout=5)
    assert time.monotonic() - start < 5
    assert str(info.value) == (
        f"cannot reach the Ray cluster at 127.0.0.1:{port}: connection refused (nothing listens on that port) "
        "(waited up to 5 s; DARWINDECK_CONNECT_TIMEOUT sets the wait)"
    )


def test_listening_port_passes():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert check_reachable(f"127.0.0.1:{port}", timeout=5) == f"127.0.0.1:{port}"


def test_auto_without_a_cluster(monkeypatch):
    import ray._private.services as services

    def none_found(addr, temp_dir):
        raise ConnectionError("Could not find any running Ray instance.")

    monkeypatch.setattr(services, "get_ray_address_from_environment", none_found)
    with pytest.raises(ClusterError, match=r"^--address auto: no running Ray cluster found on this machine"):
        check_reachable("auto", timeout=5)


def test_auto_checks_the_cluster_it_found(monkeypatch):
    import ray._private.services as services

    port = closed_port()
    monkeypatch.setattr(services, "get_ray_address_from_environment", lambda addr, temp_dir: f"127.0.0.1:{port}")
    with pytest.raises(ClusterError, match=rf"at 127\.0\.0\.1:{port} \(found by --address auto\): connection refused"):
        check_reachable("auto", timeout=5)


def test_connect_timeout_from_the_environment(monkeypatch):
    monkeypatch.delenv(ray_address.CONNECT_TIMEOUT_ENV, raising=False)
    assert connect_timeout() == 10
    monkeypatch.setenv(ray_address.CONNECT_TIMEOUT_ENV, "2.5")
    assert connect_timeout() == 2.5
    monkeypatch.setenv(ray_address.CONNECT_TIMEOUT_ENV, "soon")
    with pytest.raises(ClusterError, match="DARWINDECK_CONNECT_TIMEOUT='soon': must be a number of seconds > 0"):
        connect_timeout()


def test_evolve_with_a_wrong_address_fails_in_seconds_and_writes_nothing(tmp_path):
    """The command as a user runs it (its own process: no Ray initialised yet)."""
    port = closed_port()
    run = tmp_path / "run"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    env.pop("RAY_ADDRESS", None)
    launcher = "import sys; from darwindeck.cli import main; sys.exit(main())"
    command = [sys.executable, "-c", launcher, "evolve", "--config", str(ROOT / "configs" / "smoke.yaml"), "--run-dir", str(run)]
    start = time.monotonic()
    proc = subprocess.run(
        [*command, "--address", f"127.0.0.1:{port}"], env=env, capture_output=True, text=True, timeout=120
    )
    assert time.monotonic() - start < 60
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"darwindeck: error: cannot reach the Ray cluster at 127.0.0.1:{port}: connection refused (nothing listens "
        "on that port) (waited up to 10 s; DARWINDECK_CONNECT_TIMEOUT sets the wait)"
    ]
    assert not run.exists()
    proc = subprocess.run([*command, "--address", "bogus"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "darwindeck: error: command line: --address: 'bogus' has no port; write auto, host:port "
        "(e.g. 10.0.0.5:6379) or ray://host:10001"
    )
    assert not run.exists()
