"""Loggers subscribed to the driver (fake evaluator): TensorBoard events read back with
tensorboard's reader, the console line, and the rule that only the TensorBoard logger
imports tensorboardX."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from fake_evaluator import FakeEvaluator
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from darwindeck.config import RunConfig
from darwindeck.evolution.engine import GeneticAlgorithm
from darwindeck.logging.console import ConsoleLogger, format_progress
from darwindeck.logging.tensorboard import SCALAR_TAGS, TensorBoardLogger, scalar_entries

REQUIRED_TAGS = {
    "fitness/best",
    "fitness/mean",
    "fitness/std",
    "validity/valid_fraction",
    "throughput/games",
    "throughput/games_per_second",
}


def read_events(log_dir) -> EventAccumulator:
    acc = EventAccumulator(str(log_dir), size_guidance={"scalars": 0, "histograms": 0, "tensors": 0})
    acc.Reload()
    return acc


def test_tensorboard_one_point_per_generation_for_every_scalar(tmp_path):
    ga = GeneticAlgorithm(RunConfig(population_size=6, generations=4, games_per_genome=5), FakeEvaluator())
    statuses = []
    ga.log_hook.append(statuses.append)
    TensorBoardLogger(ga, tmp_path / "tb")
    ga.run()
    acc = read_events(tmp_path / "tb")
    tags = set(acc.Tags()["scalars"])
    assert REQUIRED_TAGS <= tags
    # Every tag of the table except the actor counts (the fake evaluator has no actors).
    assert {t for t in SCALAR_TAGS.values() if not t.startswith("actors/")} <= tags
    assert {"components_mean/alpha", "components/alpha", "validity/other", "validity/completion"} <= tags
    for tag in tags:
        assert [e.step for e in acc.Scalars(tag)] == [0, 1, 2, 3], tag
    best = [e.value for e in acc.Scalars("fitness/best")]
    assert best == pytest.approx([s["best_fitness"] for s in statuses], rel=1e-6)
    games = [e.value for e in acc.Scalars("throughput/games")]
    assert games == [s["games_simulated"] for s in statuses]
    assert [e.step for e in acc.Histograms("fitness/population")] == [0, 1, 2, 3]
    texts = acc.Tensors("best_genome/text_summary")
    assert [e.step for e in texts] == [0, 1, 2, 3]
    last = texts[-1].tensor_proto.string_val[0].decode()
    assert f"name: {statuses[-1]['best_genome_name']}" in last


def test_tensorboard_logger_closes_at_end_of_run(tmp_path):
    ga = GeneticAlgorithm(RunConfig(population_size=4, generations=1, tournament_size=2), FakeEvaluator())
    logger = TensorBoardLogger(ga, tmp_path)
    ga.run()
    with pytest.raises(RuntimeError, match="closed"):
        logger(ga.status)
    logger.close()  # idempotent


def test_scalar_entries_tags_and_skips():
    status = {
        "generation": 3,
        "best_fitness": 0.5,
        "valid_fraction": 1,
        "flag": True,
        "best_genome_name": "Hearts",
        "fitness_values": [0.1, 0.2],
        "new_number": 2.5,
        "best_components": {"balance": 0.25},
    }
    assert scalar_entries(status) == {
        "fitness/best": 0.5,
        "validity/valid_fraction": 1.0,
        "status/new_number": 2.5,
        "components/balance": 0.25,
    }


def test_console_prints_one_line_per_generation():
    out = io.StringIO()
    ga = GeneticAlgorithm(RunConfig(population_size=5, generations=3, games_per_genome=7), FakeEvaluator())
    ConsoleLogger(ga, stream=out, generations=3)
    ga.run()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    # Generations done, 1-based: the last line of a 3-generation run is 3/3.
    assert lines[0].startswith("gen 1/3  best ")
    assert lines[2].startswith("gen 3/3  best ")
    assert all("games/s" in line and "valid" in line for line in lines)


def test_format_progress_fields():
    line = format_progress(
        {
            "generation": 4,
            "best_fitness": 0.61234,
            "mean_fitness": 0.4,
            "valid_fraction": 0.875,
            "games_per_second": 12345.6,
            "evaluation_seconds": 2.04,
            "best_genome_name": "Hearts",
            "best_genome_id": "0123456789ab",
        },
        generations=10,
    )
    assert line == "gen  5/10  best 0.612  mean 0.400  valid  88%  12,346 games/s  2.04 s  best: Hearts (0123456789ab)"


def test_logger_interval():
    ga = GeneticAlgorithm(RunConfig(population_size=4, generations=5, tournament_size=2), FakeEvaluator())
    out = io.StringIO()
    ConsoleLogger(ga, stream=out, interval=2)
    ga.run()
    assert [line.split()[1] for line in out.getvalue().splitlines()] == ["1", "3", "5"]  # generations done
    with pytest.raises(ValueError, match="interval"):
        ConsoleLogger(ga, interval=0)


def test_driver_and_cli_never_import_tensorboardx():
    code = (
        "import sys; import darwindeck.evolution.engine, darwindeck.evolution.evolve, darwindeck.cli, "
        "darwindeck.run_dir, darwindeck.logging; print('tensorboardX' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_stage_sizes_and_gate_counts_become_scalars():
    from darwindeck.logging.tensorboard import scalar_entries

    status = {
        "generation": 0,
        "stages": {"screening": {"genomes": 6, "valid": 4, "games": 10}, "greedy": {"genomes": 2, "valid": 2, "games": 100}},
        "invalid_reasons": {"trivial": 1, "first_player_advantage": 1},
        "best_components": {"skill": 0.25, "drama": 0.5},
    }
    out = scalar_entries(status)
    assert out["stages/screening/genomes"] == 6 and out["stages/greedy/valid"] == 2 and out["stages/greedy/games"] == 100
    assert out["validity/trivial"] == 1 and out["validity/first_player_advantage"] == 1
    assert out["components/skill"] == 0.25 and out["components/drama"] == 0.5
