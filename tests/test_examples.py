"""The examples in examples/ run as written."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from darwindeck.genome.seeds import seed_names

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_simulate_batch_example(capsys):
    runpy.run_path(str(EXAMPLES / "simulate_batch.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "Total games: 1000" in out
    wins = [int(line.split(":")[1]) for line in out.splitlines() if line.startswith("Player")]
    assert sum(wins) > 900  # Crazy Eights nearly always ends with a winner


@pytest.mark.usefixtures("ray_session")
def test_parallel_evaluation_example(capsys):
    runpy.run_path(str(EXAMPLES / "parallel_evaluation.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert out.count("fitness=") == len(seed_names()) and "War" in out and "Hearts" in out
    for line in out.splitlines():  # an invalid genome says why
        assert ("valid=False" in line) == (" reason: " in line), line


@pytest.mark.usefixtures("ray_session")
def test_evolution_loop_example(capsys):
    runpy.run_path(str(EXAMPLES / "evolution_loop.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines()] == [f"Generation {g}" for g in range(3)]


@pytest.mark.usefixtures("ray_session")
def test_custom_fitness_example(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.argv", ["custom_fitness.py", str(tmp_path / "run")])
    runpy.run_path(str(EXAMPLES / "custom_fitness.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert out.count("balanced style") == len(seed_names()) and "best: " in out
    assert "balance: 3" in (tmp_path / "run" / "config.yaml").read_text()


@pytest.mark.usefixtures("ray_session")
def test_cluster_run_example_on_the_session_ray(capsys, tmp_path, monkeypatch):
    config = str(EXAMPLES.parent / "configs" / "smoke.yaml")
    monkeypatch.setattr("sys.argv", ["cluster_run.py", "local", config, f"run_dir={tmp_path / 'run'}", "generations=1"])
    runpy.run_path(str(EXAMPLES / "cluster_run.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "hall of fame: " in out and (tmp_path / "run" / "checkpoints" / "gen-000001.json").is_file()
