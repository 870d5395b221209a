"""Evaluators that misbehave on purpose, for the actor-pool tests (pickled by name: the
session's Ray puts tests/ on the workers' PYTHONPATH).

``TroubleEvaluator`` is a real ``FitnessEvaluator`` (gosim) that can also sleep before each
genome (so that work stays in flight long enough to be disturbed), exit its process when a
token file appears (a crash in the middle of a call), exit on one given program (a genome
that kills every actor it runs on), or hang on one given program (a call that never ends).
None of this changes the fitness of a genome it does evaluate.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

import numpy as np

from darwindeck.evolution.fitness_full import FitnessEvaluator
from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.seeds import load_seeds

#: Exit status of an actor process that a token or a poison program made exit.
CRASH_STATUS = 41


class TroubleEvaluator(FitnessEvaluator):
    """``FitnessEvaluator`` plus trouble; see the module docstring.

    Args:
        delay: seconds slept before each genome.
        token_dir: directory watched for a file named ``exit``; the first actor to rename it
            (atomic: exactly one wins) exits with ``CRASH_STATUS`` before playing.
        poison: a program on which the process exits with ``CRASH_STATUS``.
        hang: a program on which the call sleeps for an hour.
    """

    def __init__(
        self,
        delay: float = 0.0,
        token_dir: str | None = None,
        poison: bytes | None = None,
        hang: bytes | None = None,
    ) -> None:
        super().__init__()
        self.delay = delay
        self.token_dir = Path(token_dir) if token_dir else None
        self.poison = poison
        self.hang = hang

    def evaluate_program(self, bytecode, num_players, **kwargs):
        if self.delay:
            time.sleep(self.delay)
        if self.token_dir is not None:
            try:
                os.rename(self.token_dir / "exit", self.token_dir / f"taken-by-{os.getpid()}")
            except FileNotFoundError:
                pass
            else:
                os._exit(CRASH_STATUS)
        if self.poison is not None and bytes(bytecode) == self.poison:
            os._exit(CRASH_STATUS)
        if self.hang is not None and bytes(bytecode) == self.hang:
            time.sleep(3600)
        return super().evaluate_program(bytecode, num_players, **kwargs)


def trouble_factory(**kwargs) -> functools.partial:
    """A picklable ``evaluator_factory`` building ``TroubleEvaluator(**kwargs)``."""
    return functools.partial(TroubleEvaluator, **kwargs)


def mutants(n: int, seed: int = 0) -> list:
    """``n`` distinct valid genomes: mutants of the stored seeds (deterministic)."""
    rng = np.random.default_rng(seed)
    seeds = load_seeds()
    out, ids = [], set()
    while len(out) < n:
        genome = mutate_genome(seeds[len(out) % len(seeds)], rng, rate=2.0)
        if genome.genome_id not in ids:
            ids.add(genome.genome_id)
            out.append(genome)
    return out
