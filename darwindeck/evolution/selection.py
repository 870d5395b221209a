"""Selection operators: tournament selection and elitism.

Both take the population and its fitness, either ``FitnessMetrics`` (anything with
``valid`` and ``total_fitness``) or plain floats, one per genome in the same order.

Ordering of genomes ("better than"): a valid genome beats every invalid one; among genomes
of equal validity the higher ``total_fitness`` wins; a NaN fitness counts as invalid; ties
go to the lower index in the population. Plain floats are all valid (except NaN).
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np

__all__ = ["elitism", "fitness_keys", "tournament_selection"]

T = TypeVar("T")


def fitness_keys(fitness_scores: Sequence[Any]) -> list[tuple[bool, float]]:
    """``(valid, fitness)`` per genome, comparing as "better than" does (larger is better).

    Raises:
        TypeError: an element is neither a number nor has ``total_fitness``.
    """
    keys = []
    for score in fitness_scores:
        if hasattr(score, "total_fitness"):
            valid, value = bool(getattr(score, "valid", True)), float(score.total_fitness)
        elif isinstance(score, (int, float, np.integer, np.floating)) and not isinstance(score, bool):
            valid, value = True, float(score)
        else:
            raise TypeError(f"a fitness score must be a number or have total_fitness, got {type(score).__name__}")
        if math.isnan(value):
            valid, value = False, -math.inf
        keys.append((valid, value))
    return keys


def _check(population: Sequence[Any], fitness_scores: Sequence[Any]) -> None:
    if len(population) != len(fitness_scores):
        raise ValueError(f"{len(population)} genomes but {len(fitness_scores)} fitness scores")


def _default_rng(population: Sequence[Any], keys: list[tuple[bool, float]]) -> np.random.Generator:
    """A generator seeded from the scores and genome ids: same population, same draws."""
    digest = hashlib.sha256(b"darwindeck/tournament_selection/v1\x00")
    for genome, (valid, value) in zip(population, keys):
        digest.update(struct.pack("<?d", valid, value))
        digest.update(str(getattr(genome, "genome_id", "")).encode())
        digest.update(b"\x00")
    return np.random.default_rng(int.from_bytes(digest.digest()[:16], "little"))


def tournament_selection(
    population: Sequence[T],
    fitness_scores: Sequence[Any],
    k: int | None = None,
    tournament_size: int = 3,
    rng: np.random.Generator | int | None = None,
) -> list[T]:
    """Choose ``k`` parents, each the best of a tournament of ``tournament_size`` genomes.

    Each tournament draws ``tournament_size`` distinct members of the population uniformly
    at random (with replacement between tournaments; within one only if the population is
    smaller than the tournament) and returns its best member by the module's ordering, so
    an invalid genome never wins a tournament that holds a valid one. Larger tournaments
    mean stronger selection pressure. Source: Goldberg & Deb 1991, "A comparative analysis
    of selection schemes used in genetic algorithms"; Miller & Goldberg 1995, "Genetic
    algorithms, tournament selection, and the effects of noise".

    Args:
        population: the genomes, length n >= 1.
        fitness_scores: n ``FitnessMetrics`` or floats, in population order.
        k: number of parents to return (default n).
        tournament_size: genomes per tournament (>= 1; 1 is uniform random choice).
        rng: a ``numpy.random.Generator`` (advanced by the draws), an int seed, or None
            for a generator seeded from the scores and the genomes' ``genome_id``s, so the
            same population and scores always give the same parents.

    Returns:
        A list of ``k`` members of ``population`` (the same objects; a genome may appear
        several times).

    Raises:
        ValueError: lengths differ, the population is empty while ``k > 0``, ``k < 0`` or
            ``tournament_size < 1``.
        TypeError: a fitness score is neither a number nor has ``total_fitness``.
    """
    _check(population, fitness_scores)
    n = len(population)
    k = n if k is None else int(k)
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    if tournament_size < 1:
        raise ValueError(f"tournament_size must be >= 1, got {tournament_size}")
    if k == 0:
        return []
    if n == 0:
        raise ValueError("cannot select from an empty population")
    keys = fitness_keys(fitness_scores)
    if rng is None:
        gen = _default_rng(population, keys)
    elif isinstance(rng, np.random.Generator):
        gen = rng
    else:
        gen = np.random.default_rng(rng)

    # rank[i]: 0 for the best genome; ties broken by lower index (stable sort).
    order = sorted(range(n), key=lambda i: (not keys[i][0], -keys[i][1], i))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)

    replace = tournament_size > n
    winners = []
    for _ in range(k):
        entrants = gen.choice(n, size=tournament_size, replace=replace)
        winners.append(population[int(entrants[np.argmin(rank[entrants])])])
    return winners


def elitism(population: Sequence[T], fitness_scores: Sequence[Any], n: int) -> list[T]:
    """The ``n`` best genomes, best first, to copy unchanged into the next generation.

    Ordering as in the module docstring (valid first, then higher fitness, then lower
    index). Source: De Jong 1975, *An analysis of the behavior of a class of genetic
    adaptive systems* (the elitist strategy).

    Args:
        population: the genomes.
        fitness_scores: ``FitnessMetrics`` or floats, in population order.
        n: how many to keep, 0 <= n <= len(population).

    Returns:
        A list of ``n`` members of ``population``.

    Raises:
        ValueError: lengths differ or ``n`` is outside [0, len(population)].
    """
    _check(population, fitness_scores)
    if not 0 <= n <= len(population):
        raise ValueError(f"elitism needs 0 <= n <= {len(population)}, got {n}")
    keys = fitness_keys(fitness_scores)
    order = sorted(range(len(population)), key=lambda i: (not keys[i][0], -keys[i][1], i))
    return [population[i] for i in order[:n]]
