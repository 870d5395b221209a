"""The real `tensorboard` server, on a free loopback port, serves a run's scalars: the tags
and values read back over its HTTP API equal what the run logged."""

from __future__ import annotations

import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from darwindeck.config import RunConfig
from darwindeck.evolution.evolve import evolve
from fake_evaluator import FakeEvaluator


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read().decode())


def test_tensorboard_server_serves_the_run(tmp_path):
    run = tmp_path / "run"
    statuses = []
    cfg = RunConfig(run_dir=str(run), population_size=8, generations=3, games_per_genome=5, seed=4)
    result = evolve(cfg, evaluator=FakeEvaluator(), stream=io.StringIO())
    exe = shutil.which("tensorboard", path=str(Path(sys.executable).parent)) or shutil.which("tensorboard")
    if exe is None:
        pytest.skip("the tensorboard command is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "--logdir", str(run / "tensorboard"), "--host", "127.0.0.1", "--port", str(port), "--reload_interval", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        tags = {}
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"tensorboard exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                tags = get_json(base + "/data/plugin/scalars/tags")
                if "." in tags and "fitness/best" in tags["."]:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert "." in tags, f"no run served: {tags}"
        served = set(tags["."])
        for tag in ("fitness/best", "fitness/mean", "archive/coverage", "diversity/population_mean_distance",
                    "validity/valid_fraction", "throughput/games", "components_mean/alpha"):
            assert tag in served, tag
        query = urllib.parse.urlencode({"run": ".", "tag": "fitness/best"})
        points = get_json(f"{base}/data/plugin/scalars/scalars?{query}")
        assert [p[1] for p in points] == [0, 1, 2]
        assert points[-1][2] == pytest.approx(result.status["best_fitness"], rel=1e-6)
        query = urllib.parse.urlencode({"run": ".", "tag": "throughput/games"})
        games = [p[2] for p in get_json(f"{base}/data/plugin/scalars/scalars?{query}")]
        assert games[0] == 8 * 5
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()
