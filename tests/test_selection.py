"""Tournament selection and elitism."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest

from darwindeck.evolution.fitness_full import FitnessMetrics
from darwindeck.evolution.selection import elitism, tournament_selection


@dataclass(frozen=True)
class G:
    """A stand-in genome: selection only needs identity and an optional genome_id."""

    genome_id: str


POP = [G(f"{i:04x}") for i in range(10)]


def test_invalid_loses_every_tournament_against_valid():
    pop = POP[:2]
    # An invalid genome carrying a high fitness still loses.
    scores = [FitnessMetrics(total_fitness=0.9, valid=False, reason="bad"), FitnessMetrics(total_fitness=0.1, valid=True)]
    chosen = tournament_selection(pop, scores, k=200, tournament_size=2, rng=1)
    assert chosen == [pop[1]] * 200


def test_worst_never_wins_and_best_wins_at_the_expected_rate():
    scores = [float(i) for i in range(10)]  # POP[9] best, POP[0] worst
    k = 20_000
    chosen = tournament_selection(POP, scores, k=k, tournament_size=3, rng=123)
    assert POP[0] not in chosen and POP[1] not in chosen  # each loses to 2 distinct betters
    # P(best in a 3-of-10 tournament drawn without replacement) = 1 - C(9,3)/C(10,3) = 0.3.
    p = 1 - math.comb(9, 3) / math.comb(10, 3)
    freq = sum(g is POP[9] for g in chosen) / k
    sd = math.sqrt(p * (1 - p) / k)  # fixed seed; 5 sd cannot flake
    assert abs(freq - p) < 5 * sd


def test_tournament_of_one_is_uniform():
    chosen = tournament_selection(POP, [float(i) for i in range(10)], k=10_000, tournament_size=1, rng=7)
    counts = np.array([sum(g is p for g in chosen) for p in POP])
    assert counts.min() > 800 and counts.max() < 1200  # expected 1000, sd ~30


def test_default_rng_is_reproducible_and_depends_on_scores():
    scores = [FitnessMetrics(total_fitness=i / 10, valid=True) for i in range(10)]
    a = tournament_selection(POP, scores)
    b = tournament_selection(POP, scores)
    assert a == b and len(a) == len(POP)
    other = [FitnessMetrics(total_fitness=(i + 0.5) / 10, valid=True) for i in range(10)]
    draws = [tournament_selection(POP, other, tournament_size=1) for _ in range(2)]
    assert draws[0] == draws[1]
    assert draws[0] != tournament_selection(POP, scores, tournament_size=1)


def test_generator_is_advanced():
    rng = np.random.default_rng(5)
    scores = [float(i) for i in range(10)]
    first = tournament_selection(POP, scores, k=20, rng=rng)
    second = tournament_selection(POP, scores, k=20, rng=rng)
    assert first != second


def test_nan_counts_as_invalid():
    chosen = tournament_selection(POP[:2], [math.nan, -5.0], k=50, tournament_size=2, rng=0)
    assert chosen == [POP[1]] * 50


def test_selection_errors():
    with pytest.raises(ValueError, match="fitness scores"):
        tournament_selection(POP, [1.0])
    with pytest.raises(ValueError, match="empty"):
        tournament_selection([], [], k=3)
    assert tournament_selection([], []) == []
    with pytest.raises(ValueError, match="tournament_size"):
        tournament_selection(POP, [0.0] * 10, tournament_size=0)
    with pytest.raises(TypeError):
        tournament_selection(POP[:1], ["high"])


def test_elitism_orders_valid_first_then_fitness_then_index():
    scores = [
        FitnessMetrics(total_fitness=0.5, valid=True),
        FitnessMetrics(total_fitness=0.9, valid=False, reason="gate"),
        FitnessMetrics(total_fitness=0.7, valid=True),
        FitnessMetrics(total_fitness=0.5, valid=True),
    ]
    assert elitism(POP[:4], scores, 4) == [POP[2], POP[0], POP[3], POP[1]]
    assert elitism(POP[:4], scores, 0) == []
    assert elitism(POP[:3], [0.2, 0.2, 0.1], 2) == [POP[0], POP[1]]
    with pytest.raises(ValueError):
        elitism(POP[:4], scores, 5)
