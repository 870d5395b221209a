"""The initial population: seed genomes plus mutants of them."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seeds


def initialize_population(
    size: int,
    seeds: Sequence[Genome] | None = None,
    rng: np.random.Generator | None = None,
    mutation_rate: float = 1.0,
) -> list[Genome]:
    """A population of ``size`` valid genomes: each seed once, then mutants of the seeds
    taken in turn (seed i, seed i+1, ...), so every seed family is represented equally.

    Args:
        size: number of genomes (>= 1). With fewer than ``len(seeds)`` only the first seeds
            are used.
        seeds: starting genomes; ``None`` loads the classic seeds (War, Crazy Eights, Hearts).
        rng: source of every random choice; ``None`` uses ``numpy.random.default_rng(0)`` so
            the call is reproducible.
        mutation_rate: passed to ``mutate_genome`` (expected extra point mutations).

    Raises ValueError if ``size`` < 1 or there are no seeds.
    """
    if size < 1:
        raise ValueError(f"population size must be >= 1, got {size}")
    seeds = list(load_seeds() if seeds is None else seeds)
    if not seeds:
        raise ValueError("initialize_population needs at least one seed genome")
    rng = np.random.default_rng(0) if rng is None else rng
    population = seeds[:size]
    i = 0
    while len(population) < size:
        population.append(mutate_genome(seeds[i % len(seeds)], rng, rate=mutation_rate))
        i += 1
    return population
