"""Genome distance, hall of fame by clearing, fitness sharing and the MAP-Elites archive."""

from __future__ import annotations

import numpy as np
import pytest

from darwindeck.config import RunConfig
from darwindeck.evolution.archive import MEASURES, EliteArchive
from darwindeck.evolution.distance import genome_distance, genome_features, pairwise_distances
from darwindeck.evolution.engine import GeneticAlgorithm, gate_reason
from darwindeck.evolution.fitness_full import FitnessMetrics
from darwindeck.evolution.hall_of_fame import HallOfFame
from darwindeck.evolution.mutation import lineage_base, mutate_genome
from darwindeck.genome.seeds import load_seed, load_seeds
from fake_evaluator import FakeEvaluator


def test_distance_is_a_metric_on_rules_not_names():
    war, hearts, eights = load_seed("war"), load_seed("hearts"), load_seed("crazy_eights")
    assert genome_distance(war, war.with_changes(name="Renamed")) == 0.0
    assert genome_features(war) == genome_features(war.with_changes(name="Other"))
    d = pairwise_distances([war, hearts, eights])
    assert np.allclose(d, d.T) and np.all(np.diag(d) == 0)
    assert np.all(d[~np.eye(3, dtype=bool)] > 0.5)  # the seeds are far apart
    assert d[0, 1] <= d[0, 2] + d[2, 1] + 1e-12  # triangle inequality
    rng = np.random.default_rng(3)
    mutant = mutate_genome(hearts, rng, rate=0.0)
    assert 0.0 < genome_distance(hearts, mutant) < 0.15  # one point mutation is close


def test_hall_of_fame_min_distance_keeps_members_apart():
    hearts = load_seed("hearts")
    rng = np.random.default_rng(5)
    family = [hearts] + [mutate_genome(hearts, rng, rate=0.0) for _ in range(10)]
    others = [load_seed(n) for n in ("crazy_eights", "war")]
    population = family + others
    metrics = [FitnessMetrics(total_fitness=0.9 - 0.001 * i, valid=True) for i in range(len(family))]
    metrics += [FitnessMetrics(total_fitness=0.5, valid=True) for _ in others]
    plain = HallOfFame(5)
    plain.update(population, metrics, 0)
    assert all(lineage_base(e.genome.name) == "Hearts" for e in plain.entries)  # near-copies fill it
    apart = HallOfFame(5, min_distance=0.2)
    apart.update(population, metrics, 0)
    entries = apart.entries
    assert entries[0].genome is hearts
    d = pairwise_distances([e.genome for e in entries])
    assert np.all(d[np.triu_indices(len(entries), 1)] >= 0.2)
    assert {"War", "Crazy Eights"} <= {e.genome.name for e in entries}


def test_archive_cells_and_replacement():
    archive = EliteArchive(["avg_turns", "decision_density"])
    assert archive.shape == (10, 10) and archive.capacity == 100
    g = load_seed("war")
    m = FitnessMetrics(total_fitness=0.4, valid=True, avg_turns=20.0, components={"decision_density": 0.35})
    assert archive.cell_of(m) == (4, 3)
    assert archive.add(g, m, 0)
    worse = FitnessMetrics(total_fitness=0.4, valid=True, avg_turns=30.0, components={"decision_density": 0.31})
    assert not archive.add(load_seed("hearts"), worse, 1)  # ties keep the incumbent
    better = FitnessMetrics(total_fitness=0.6, valid=True, avg_turns=30.0, components={"decision_density": 0.31})
    assert archive.add(load_seed("hearts"), better, 2)
    assert len(archive) == 1 and archive.entries[0].genome.name == "Hearts" and archive.coverage == 0.01
    assert not archive.add(g, FitnessMetrics.invalid("completion 0.1 < 0.5", avg_turns=5.0), 3)
    assert not EliteArchive(["first_player_share"]).add(g, FitnessMetrics(total_fitness=1.0, valid=True), 0)
    with pytest.raises(ValueError, match="archive measures must be 1-3 distinct names of avg_turns"):
        EliteArchive(["avg_turns", "avg_turns"])
    assert set(MEASURES) >= {"avg_turns", "decision_density", "balance", "first_player_share"}


def test_driver_keeps_diversity_and_fills_the_archive():
    cfg = RunConfig(population_size=16, generations=6, games_per_genome=5, seed=2, hall_of_fame_min_distance=0.1)
    ga = GeneticAlgorithm(cfg, FakeEvaluator())
    status = ga.run()
    hof = [e.genome for e in ga.hall_of_fame.entries]
    d = pairwise_distances(hof)
    assert len(hof) == cfg.hall_of_fame_size and np.all(d[np.triu_indices(len(hof), 1)] >= 0.1)
    assert status["hall_of_fame_min_distance"] >= 0.1
    assert len(ga.archive) == status["archive_cells"] >= 10
    assert 0 < status["population_mean_distance"] <= 1


def test_sharing_lowers_crowded_genomes_only():
    cfg = RunConfig(population_size=4, tournament_size=2, elitism=1, sharing_radius=0.3)
    ga = GeneticAlgorithm(cfg, FakeEvaluator(), seeds=load_seeds())
    hearts = load_seed("hearts")
    population = [hearts, hearts, load_seed("war"), load_seed("crazy_eights")]
    metrics = [FitnessMetrics(total_fitness=0.8, valid=True)] * 2 + [
        FitnessMetrics(total_fitness=0.6, valid=True),
        FitnessMetrics.invalid("no decisions: forced"),
    ]
    shared = ga._shared_scores(population, metrics)
    assert [s.total_fitness for s in shared] == pytest.approx([0.4, 0.4, 0.6, 0.0])
    assert [s.valid for s in shared] == [True, True, True, False]


def test_gate_reason_categories():
    assert gate_reason("completion 0.2 < 0.5: 8 of 10 games hit the turn cap") == "completion"
    assert gate_reason("no decisions: every move of all 10 games was forced") == "no_decisions"
    assert gate_reason("compile error: x") == "compile"
    assert gate_reason("something new") == "other"


def test_first_player_share_is_the_first_movers_not_seat_zeros():
    archive = EliteArchive(["first_player_share"])
    # Seat 0 (the dealer) won 80% but usually moved second: the first mover won 30%.
    m = FitnessMetrics(total_fitness=0.5, valid=True, seat_win_shares=(0.8, 0.2), measurements={"first_player_share": 0.3})
    assert archive.cell_of(m) == (3,)
    assert archive.cell_of(FitnessMetrics(total_fitness=0.5, valid=True, seat_win_shares=(0.8, 0.2))) is None


def test_new_gate_reason_categories():
    assert gate_reason("trivial: median game lasts 1 turns < 2") == "trivial"
    assert gate_reason("first-player advantage: the first player wins 0.900 of 40 won games") == "first_player_advantage"
