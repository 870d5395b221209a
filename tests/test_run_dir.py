"""The run directory: atomic writes, refusal to reuse a directory, and what a run leaves on
disk (through ``evolve`` with a fake evaluator, and the CLI's error handling)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
import yaml
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
    # config.yaml is the configuration without run_dir: running it again makes a new run.
    assert load_config(rd.config_path) == cfg.model_copy(update={"run_dir": None})
    assert "run_dir" not in yaml.safe_load(rd.config_path.read_text())
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
    assert summary["error"] == "RuntimeError: actor died"
    assert (tmp_path / "run" / "best.yaml").is_file()


def test_run_failing_before_generation_0_leaves_a_summary(tmp_path):
    class Broken(FakeEvaluator):
        def evaluate_population(self, genomes, **kwargs):
            raise RuntimeError("no actor could start")

    cfg = RunConfig(population_size=5, generations=4, tournament_size=2, run_dir=tmp_path / "run")
    with pytest.raises(RuntimeError):
        evolve(cfg, evaluator=Broken(), stream=io.StringIO())
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["finished"] is False and summary["generations_done"] == 0
    assert summary["generations_planned"] == 4
    assert summary["error"] == "RuntimeError: no actor could start"


def test_actors_without_darwindeck_give_a_cluster_error_and_a_summary(tmp_path, monkeypatch):
    from darwindeck.evolution import evolve as evolve_module
    from darwindeck.evolution.parallel_fitness import EvaluationError
    from darwindeck.ray_address import ClusterError

    class NoDarwindeck(FakeEvaluator):
        def actor_info(self):
            raise EvaluationError(
                "a fitness actor could not be constructed: ... ray.exceptions.RaySystemError: System error: "
                "No module named 'darwindeck'\ntraceback: ..."
            )

        def shutdown(self):
            pass

    monkeypatch.setattr(evolve_module, "_check_ray", lambda address: None)
    monkeypatch.setattr(evolve_module, "make_evaluator", lambda config, progress=False: NoDarwindeck())
    cfg = RunConfig(population_size=4, tournament_size=2, address="auto", run_dir=tmp_path / "run")
    with pytest.raises(ClusterError) as info:
        evolve(cfg, stream=io.StringIO())
    message = str(info.value)
    assert message.startswith("darwindeck is not installed on the cluster's nodes (see cluster/README.md)")
    assert "(No module named 'darwindeck')" in message and "--address auto joins whatever" in message
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["finished"] is False and summary["error"].startswith("ClusterError: darwindeck is not installed")


def test_files_are_0666_less_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", "{}\n")
        os.umask(0o002)
        write_atomic(tmp_path / "b.json", "{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.json").stat().st_mode & 0o777 == 0o664


def test_run_directory_files_are_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        cfg = RunConfig(population_size=4, generations=1, tournament_size=2, run_dir=tmp_path / "run")
        evolve(cfg, evaluator=FakeEvaluator(), stream=io.StringIO())
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "run").rglob("*") if p.is_file()]
    assert any(p.parent.name == "checkpoints" for p in files) and any(p.parent.name == "hall_of_fame" for p in files)
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(0o644)}


def _create_default(args):
    root, barrier = args
    from datetime import datetime

    barrier.wait()
    return str(RunDirectory.create_default("smoke", root=root, now=datetime(2025, 1, 2, 3, 4, 5)).path)


def test_default_run_directories_started_together_are_distinct(tmp_path):
    import multiprocessing

    n = 6
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(n)
        with ctx.Pool(n) as pool:
            paths = pool.map(_create_default, [(str(tmp_path / "runs"), barrier)] * n)
    base = tmp_path / "runs" / "smoke-20250102-030405"
    assert sorted(paths) == sorted([str(base)] + [f"{base}-{i}" for i in range(2, n + 1)])
    for p in paths:
        assert sorted(os.listdir(p)) == ["archive", "hall_of_fame", "tensorboard"]


def test_evolve_without_run_dir_makes_a_new_default_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = RunConfig(name="twice", population_size=4, generations=1, tournament_size=2)
    first = evolve(cfg, evaluator=FakeEvaluator(), stream=io.StringIO())
    # The saved config.yaml runs again as it is (no run_dir in it): a second directory.
    again = load_config(first.run_dir.config_path)
    second = evolve(again, evaluator=FakeEvaluator(), stream=io.StringIO())
    assert first.run_dir.path != second.run_dir.path
    assert first.run_dir.path.parent == second.run_dir.path.parent == Path("runs")
    assert second.run_dir.path.name.startswith("twice-")
    assert first.config.run_dir == first.run_dir.path
    assert [e.genome_id for e in first.hall_of_fame] == [e.genome_id for e in second.hall_of_fame]


def test_seed_genomes_are_copied_and_used_on_resume(tmp_path):
    from darwindeck.evolution.evolve import resume
    from darwindeck.genome.io import dump_yaml
    from darwindeck.genome.seeds import load_seed

    seed_file = tmp_path / "mine.yaml"
    seed_file.write_text(dump_yaml(load_seed("war")))
    cfg = RunConfig(seeds=["hearts", str(seed_file)], population_size=4, generations=1, tournament_size=2,
                    run_dir=tmp_path / "run")
    evolve(cfg, evaluator=FakeEvaluator(), stream=io.StringIO())
    copies = sorted((tmp_path / "run" / "seeds").iterdir())
    assert [p.name for p in copies] == ["00-hearts.yaml", "01-war.yaml"]
    assert load_file(copies[0]) == load_seed("hearts") and load_file(copies[1]) == load_seed("war")
    assert f"seeds[1] of this run: {seed_file}" in copies[1].read_text()
    seed_file.unlink()  # the run no longer needs it
    result = resume(tmp_path / "run", evaluator=FakeEvaluator(), stream=io.StringIO(), set_options=["generations=2"])
    assert result.status["generation"] == 1


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
    assert "command line: --population: Input should be greater than or equal to 2 (got 1)" in capsys.readouterr().err


def test_cli_schema_prints_the_genome_schema(capsys):
    assert cli.main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "darwindeck genome"
    assert "players" in schema["properties"]
