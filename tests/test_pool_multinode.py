"""A real two-node Ray cluster on this machine: ``ray start --head`` and a second raylet
joining it (``ray start --address``), each with 1 CPU, on loopback, in private temporary
directories and ports, with a token of their own. ``darwindeck evolve --address`` runs on
it twice: once undisturbed, once with the second raylet stopped after the first generation
(its actor dies; the replacement cannot be placed, as the head's only CPU is taken, so the
head's actor finishes the run). Both runs must use both nodes, and give the same result.

Only the processes this module starts are stopped (by pid); the session's Ray is left alone.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
RAY = Path(sys.executable).with_name("ray")
GENERATIONS = 4

pytestmark = pytest.mark.slow


def free_ports(n: int) -> list[int]:
    """``n`` distinct TCP ports free on 127.0.0.1 right now."""
    sockets, ports = [], []
    try:
        while len(ports) < n:
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in sockets:
            s.close()
    return ports


class Cluster:
    """Two raylets started with ``ray start --block`` (one process each, stopped with
    SIGTERM, which shuts down that node's Ray processes)."""

    def __init__(self) -> None:
        # Short path: Ray's unix sockets live under it (108-byte limit).
        self.dir = Path(tempfile.mkdtemp(prefix="ddmn-", dir="/tmp"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
        env.update(
            RAY_AUTH_MODE="token",
            RAY_AUTH_TOKEN=secrets.token_hex(32),
            RAY_USAGE_STATS_ENABLED="0",
            # Stopping a node shuts it down at once (no drain while its actor lives on).
            RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S="0",
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        )
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        (self.gcs, *self.head_ports), self.worker_ports = free_ports(10), free_ports(8)
        self.address = f"127.0.0.1:{self.gcs}"

    def _node_args(self, ports: list[int], name: str) -> list[str]:
        nm, om, agent, agent_grpc, rt, metrics, wmin = ports[:7]
        return [
            "--block",
            "--node-ip-address=127.0.0.1",
            "--num-cpus=1",
            f"--temp-dir={self.dir / name}",
            f"--node-manager-port={nm}",
            f"--object-manager-port={om}",
            f"--dashboard-agent-listen-port={agent}",
            f"--dashboard-agent-grpc-port={agent_grpc}",
            f"--runtime-env-agent-port={rt}",
            f"--metrics-export-port={metrics}",
            f"--min-worker-port={wmin}",
            f"--max-worker-port={wmin + 40}",
        ]

    def _start(self, name: str, args: list[str]) -> None:
        log = open(self.dir / f"{name}.log", "w")
        self.procs[name] = subprocess.Popen(
            [str(RAY), "start", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_head(self) -> None:
        client, dashboard, *node = self.head_ports
        self._start(
            "head",
            [
                "--head",
                f"--port={self.gcs}",
                f"--ray-client-server-port={client}",
                "--include-dashboard=false",
                f"--dashboard-port={dashboard}",
                *self._node_args(node, "head"),
            ],
        )

    def start_worker(self) -> None:
        # Worker ports well apart from the head's worker range.
        self._start("worker", [f"--address={self.address}", *self._node_args(self.worker_ports, "worker")])

    def stop(self, name: str, timeout: float = 60) -> None:
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def log(self, name: str) -> str:
        return (self.dir / f"{name}.log").read_text(errors="replace")[-3000:]

    def alive_nodes(self, want: int, timeout: float = 90) -> int:
        """Wait until the cluster has ``want`` alive nodes; return the count seen last."""
        script = textwrap.dedent(
            f"""
            import time, ray
            ray.init(address={self.address!r}, logging_level="error")
            deadline = time.monotonic() + {timeout}
            while True:
                n = sum(1 for node in ray.nodes() if node["Alive"])
                if n == {want} or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            print("ALIVE", n, int(ray.cluster_resources().get("CPU", 0)))
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", script], env=self.env, capture_output=True, text=True, timeout=timeout + 60
        )
        lines = [line for line in out.stdout.splitlines() if line.startswith("ALIVE")]
        assert lines, out.stderr[-3000:] + "\nhead log:\n" + self.log("head")
        return int(lines[-1].split()[1])

    def close(self) -> None:
        for name in ("worker", "head"):
            self.stop(name)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster():
    c = Cluster()
    try:
        c.start_head()
        c.start_worker()
        assert c.alive_nodes(2) == 2, c.log("worker")
        yield c
    finally:
        c.close()


def evolve_command(cluster: Cluster, run_dir: Path) -> list[str]:
    config = yaml.safe_load((ROOT / "configs" / "smoke.yaml").read_text())
    # Random players (no skill games): a generation takes about a second on two actors, so
    # the stop after generation 0 lands mid-run.
    config.update(
        population_size=12, generations=GENERATIONS, games_per_genome=600, ai_type="random", seed=13, num_workers=None
    )
    path = run_dir.parent / f"{run_dir.name}.yaml"
    path.write_text(yaml.safe_dump(config))
    launcher = "import sys; from darwindeck.cli import main; sys.exit(main())"
    return [sys.executable, "-c", launcher, "evolve", "--config", str(path), "--run-dir", str(run_dir), "--address", cluster.address]


def comparable(run_dir: Path) -> dict:
    """What must not depend on failures: the last generation's statistics (without
    timings and pool counters) and the hall of fame with every genome's metrics."""
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["finished"] and summary["generations_done"] == GENERATIONS
    volatile = ("seconds", "per_second", "actors_", "calls_", "genomes_abandoned")
    last = {k: v for k, v in summary["last_generation"].items() if not any(w in k for w in volatile)}
    return {"last_generation": last, "hall_of_fame": summary["hall_of_fame"]}


def test_evolve_on_two_raylets_survives_losing_one(cluster, tmp_path):
    reference = subprocess.run(
        evolve_command(cluster, tmp_path / "calm"), env=cluster.env, capture_output=True, text=True, timeout=300
    )
    assert reference.returncode == 0, reference.stderr[-3000:]
    assert "2 fitness actors ready" in reference.stdout  # one per node: each node has 1 CPU

    proc = subprocess.Popen(
        evolve_command(cluster, tmp_path / "storm"),
        env=cluster.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout = []
    try:
        for line in proc.stdout:
            stdout.append(line)
            if line.startswith("gen ") and "worker" in cluster.procs and cluster.procs["worker"].poll() is None:
                cluster.stop("worker")  # generation 1 is being evaluated now
        proc.wait(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read()
    assert proc.returncode == 0, stderr[-3000:]
    text = "".join(stdout)
    assert "2 fitness actors ready" in text
    assert cluster.procs["worker"].returncode is not None
    assert cluster.alive_nodes(1, timeout=30) == 1

    summary = json.loads((tmp_path / "storm" / "summary.json").read_text())
    assert summary["last_generation"]["actors_replaced"] >= 1, summary["last_generation"]
    assert comparable(tmp_path / "storm") == comparable(tmp_path / "calm")
