"""Checkpoints and resume: a run killed at a random generation and resumed equals an
uninterrupted run (final population bytes, every non-timing scalar), TensorBoard shows each
step once; bad checkpoints give clear errors and change nothing."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from darwindeck.config import RunConfig
from darwindeck.evolution.checkpoint import (
    CheckpointError,
    latest_checkpoint,
    list_checkpoints,
    load_checkpoint,
)
from darwindeck.evolution.evolve import evolve, resume
from darwindeck.logging.tensorboard import is_timing_tag
from fake_evaluator import FakeEvaluator

ROOT = Path(__file__).resolve().parents[1]
GENERATIONS = 8
CONFIG = dict(population_size=10, generations=GENERATIONS, games_per_genome=5, seed=21, checkpoint_interval=1)

DRIVER = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from darwindeck.config import RunConfig
    from darwindeck.evolution.evolve import evolve
    from fake_evaluator import FakeEvaluator
    evolve(RunConfig(run_dir={run!r}, **{config!r}), evaluator=FakeEvaluator())
    """
)


def scalars(run: Path) -> dict[str, list[tuple[int, float]]]:
    acc = EventAccumulator(str(run / "tensorboard"), size_guidance={"scalars": 0})
    acc.Reload()
    return {tag: [(e.step, e.value) for e in acc.Scalars(tag)] for tag in acc.Tags()["scalars"]}


def final_population_bytes(run: Path) -> bytes:
    ckpt = json.loads(latest_checkpoint(run).read_text())
    assert ckpt["generation"] == GENERATIONS
    return json.dumps(ckpt["population"], sort_keys=True).encode()


def test_killed_and_resumed_run_equals_uninterrupted(tmp_path):
    whole = tmp_path / "whole"
    evolve(RunConfig(run_dir=str(whole), **CONFIG), evaluator=FakeEvaluator(), stream=io.StringIO())

    killed = tmp_path / "killed"
    kill_after = int(np.random.default_rng().integers(1, GENERATIONS - 1))  # a random generation
    script = DRIVER.format(root=str(ROOT), tests=str(ROOT / "tests"), run=str(killed), config=CONFIG)
    env = dict(os.environ, DARWINDECK_FAKE_SECONDS="0.25", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        for line in proc.stdout:
            if line.startswith(f"gen {kill_after}/"):
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=60)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, f"the driver ended by itself (kill after generation {kill_after})"
    done = list_checkpoints(killed)[-1][0]
    assert 1 <= done < GENERATIONS
    summary = json.loads((killed / "summary.json").read_text())
    assert summary["finished"] is False

    out = io.StringIO()
    resume(killed, evaluator=FakeEvaluator(), stream=out)
    assert f"resuming at generation {done}" in out.getvalue()

    assert final_population_bytes(killed) == final_population_bytes(whole)
    a, b = scalars(whole), scalars(killed)
    assert set(a) == set(b)
    for tag in a:
        assert [s for s, _ in b[tag]] == list(range(GENERATIONS)), f"{tag}: steps after resume"
        if not is_timing_tag(tag):
            assert b[tag] == a[tag], tag
    for name in ("summary.json",):
        sa, sb = json.loads((whole / name).read_text()), json.loads((killed / name).read_text())
        assert sa["hall_of_fame"] == sb["hall_of_fame"] and sa["archive"] == sb["archive"]
    assert sorted(p.name for p in (whole / "archive").iterdir()) == sorted(p.name for p in (killed / "archive").iterdir())


def test_resume_extends_a_finished_run(tmp_path):
    short, whole = tmp_path / "short", tmp_path / "whole"
    cfg = dict(CONFIG, generations=3)
    evolve(RunConfig(run_dir=str(short), **cfg), evaluator=FakeEvaluator(), stream=io.StringIO())
    evolve(RunConfig(run_dir=str(whole), **CONFIG), evaluator=FakeEvaluator(), stream=io.StringIO())
    resume(short, evaluator=FakeEvaluator(), stream=io.StringIO(), set_options=[f"generations={GENERATIONS}"])
    assert final_population_bytes(short) == final_population_bytes(whole)
    assert "generations: 8" in (short / "config.yaml").read_text()


def test_checkpoint_is_plain_json_with_the_documented_fields(tmp_path):
    run = tmp_path / "run"
    evolve(RunConfig(run_dir=str(run), keep_checkpoints=2, **dict(CONFIG, generations=4)), evaluator=FakeEvaluator(), stream=io.StringIO())
    assert [g for g, _ in list_checkpoints(run)] == [3, 4]
    data = json.loads(latest_checkpoint(run).read_text())
    assert data["format"] == "darwindeck-checkpoint" and data["format_version"] == 1
    assert set(data) == {
        "format", "format_version", "darwindeck_version", "library_version", "created", "config_hash", "config",
        "generation", "rng", "population", "fitness", "hall_of_fame", "archive", "counters",
    }
    assert data["rng"]["bit_generator"] == "PCG64" and isinstance(data["rng"]["state"]["state"], int)
    assert len(data["population"]) == CONFIG["population_size"]
    assert data["archive"] and all(len(e["cell"]) == 2 for e in data["archive"])
    assert load_checkpoint(latest_checkpoint(run)).generation == 4


def test_bad_checkpoints_are_refused_with_the_reason(tmp_path, capsys):
    from darwindeck import cli

    run = tmp_path / "run"
    evolve(RunConfig(run_dir=str(run), **dict(CONFIG, generations=2)), evaluator=FakeEvaluator(), stream=io.StringIO())
    path = latest_checkpoint(run)
    good = path.read_text()
    before = sorted(p.name for p in run.rglob("*"))

    path.write_text(good[:100])
    with pytest.raises(CheckpointError, match="not valid JSON"):
        resume(run, evaluator=FakeEvaluator(), stream=io.StringIO())
    path.write_text(json.dumps({"py/object": "os.system"}))
    with pytest.raises(CheckpointError, match="not a darwindeck checkpoint"):
        resume(run, evaluator=FakeEvaluator(), stream=io.StringIO())
    data = json.loads(good)
    data["population"][0]["players"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(CheckpointError, match=r"population\.0\.players"):
        resume(run, evaluator=FakeEvaluator(), stream=io.StringIO())
    data = json.loads(good)
    data["unexpected"] = 1
    path.write_text(json.dumps(data))
    assert cli.main(["evolve", "--resume", str(run)]) == 2
    assert "unexpected: Extra inputs are not permitted" in capsys.readouterr().err

    path.write_text(good)
    with pytest.raises(CheckpointError, match="made with other settings.*fields differing: seed"):
        resume(run, evaluator=FakeEvaluator(), stream=io.StringIO(), set_options=["seed=5"])
    assert sorted(p.name for p in run.rglob("*")) == before  # nothing written by a refused resume
