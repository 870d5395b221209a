"""The run directory: atomic writes, refusal to reuse a directory, and what a run leaves on
disk (through ``evolve`` with a fake evaluator, and the CLI's error handling)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from fake_evaluator import FakeEvaluator

from darwindeck import cli
from darwindeck.config import RunConfig, load_config
from darwindeck.evolution.evolve import evolve
from darwindeck.genome.io import load_file
from darwindeck.run_dir import RunDirectory, RunDirectoryError, default_run_dir, write_atomic


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "a.yaml"
    write_atomic(path, "one\n")
    write_atomic(path, "two\n")
    assert path.read_text() == "two\n"
    assert os.listdir(tmp_path) == ["a.yaml"]


def test_write_atomic_failure_names_the_path(tmp_path):
    target = tmp_path / "missing-dir" / "a.yaml"
    with pytest.raises(RunDirectoryError, match=r"missing-dir/a\.yaml: cannot write"):
        write_atomic(target, "x")


def test_create_refuses_a_used_directory(tmp_path):
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("precious")
    with pytest.raises(RunDirectoryError, match="not empty"):
        RunDirectory.create(used)
    assert os.listdir(used) == ["keep.txt"]
    afile = tmp_path / "file"
    afile.write_text("")
    with pytest.raises(RunDirectoryError, match="not a directory"):
        RunDirectory.create(afile)
    empty = tmp_path / "empty"
    empty.mkdir()
    rd = RunDirectory.create(empty)
    assert sorted(os.listdir(rd.path)) == ["archive", "hall_of_fame", "tensorboard"]


def test_default_run_dir_is_name_and_timestamp():
    from datetime import datetime

    assert default_run_dir("laptop", datetime(2025, 1, 2, 3, 4, 5)) == Path("runs/laptop-20250102-030405")


def test_evolve_leaves_config_hall_of_fame_best_and_summary(tmp_path):
    cfg = RunConfig(name="t", population_size=6, generations=3, games_per_genome=4, run_dir=tmp_path / "run")
    fake = FakeEvaluator()
    out = io.StringIO()
    result = evolve(cfg, evaluator=fake, stream=out)
    rd = result.run_dir
    assert rd.path == tmp_path / "run"
    assert load_config(rd.config_path) == cfg
    lines = out.getvalue().splitlines()
    assert lines[0] == f"darwindeck: run directory {rd.path}"
    assert lines[1] == f"darwindeck: watch with: tensorboard --logdir {rd.tensorboard_dir}"
    assert sum(line.startswith("gen ") for line in lines) == 3
    assert {"shutdown": True} not in fake.calls  # the caller owns a given evaluator

    files = sorted(rd.hall_of_fame_dir.glob("*.yaml"))
    assert [f.name for f in files] == [f"{i:02d}-{e.genome_id}.yaml" for i, e in enumerate(result.hall_of_fame, 1)]
    for f in files:  # each member also has its rulebook and its metrics
        assert f.with_suffix(".md").read_text().startswith("# ")
        assert json.loads(f.with_suffix(".json").read_text())["genome_id"] == f.stem.split("-", 1)[1]
    for f, entry in zip(files, result.hall_of_fame):
        genome = load_file(f)
        assert genome == entry.genome and genome.genome_id == entry.genome_id
        assert f"fitness {entry.fitness:.6f}" in f.read_text()
    assert load_file(rd.best_path) == result.hall_of_fame[0].genome

    summary = json.loads(rd.summary_path.read_text())
    assert summary["finished"] is True and summary["generations_done"] == 3
    assert summary["last_generation"]["generation"] == 2
    assert [h["genome_id"] for h in summary["hall_of_fame"]] == [e.genome_id for e in result.hall_of_fame]
    assert list(rd.tensorboard_dir.iterdir()), "no TensorBoard events"
    leftovers = [p for p in rd.path.rglob("*.tmp")]
    assert leftovers == []


def test_evolve_with_a_bad_seed_writes_nothing(tmp_path):
    cfg = RunConfig(seeds=["war", str(tmp_path / "absent.yaml")], population_size=4, run_dir=tmp_path / "run")
    with pytest.raises(Exception, match=r"seeds\[1\]"):
        evolve(cfg, evaluator=FakeEvaluator())
    assert not (tmp_path / "run").exists()


def test_failed_run_records_what_was_done(tmp_path):
    class Failing(FakeEvaluator):
        def evaluate_population(self, genomes, **kwargs):
            if len(self.calls) == 2:
                raise RuntimeError("actor died")
            return super().evaluate_population(genomes, **kwargs)

    cfg = RunConfig(population_size=5, generations=4, tournament_size=2, run_dir=tmp_path / "run")
    with pytest.raises(RuntimeError):
        evolve(cfg, evaluator=Failing(), stream=io.StringIO())
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["finished"] is False and summary["generations_done"] == 2
    assert (tmp_path / "run" / "best.yaml").is_file()


def test_cli_user_errors_are_one_line_and_touch_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("population_size: 0\n")
    assert cli.main(["evolve", "--config", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"darwindeck: error: {bad}: population_size: Input should be greater than or equal to 2 (got 0)"

    used = tmp_path / "used"
    used.mkdir()
    (used / "x").write_text("mine")
    good = tmp_path / "good.yaml"
    good.write_text("population_size: 4\ngenerations: 1\ntournament_size: 2\n")
    assert cli.main(["evolve", "--config", str(good), "--run-dir", str(used)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert os.listdir(used) == ["x"]

    assert cli.main(["evolve", "--config", str(good), "--population", "1"]) == 2
    assert "command line: population_size" in capsys.readouterr().err


def test_cli_schema_prints_the_genome_schema(capsys):
    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "darwindeck genome"
    assert "players" in schema["properties"]
