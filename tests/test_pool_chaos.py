"""Chaos: a small evolution run whose fitness actors are killed in the middle of every
generation gives exactly the fitness values of the same run left alone.

Two kinds of death: ``ray.kill`` of a random actor that has calls in flight, and an actor
process that exits by itself (``os._exit``) at the start of a genome, triggered by a token
file that the first actor to see it takes. Each generation is disturbed once, after its
first call has come back, so the kill always lands in the middle of the generation.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from darwindeck.config import load_config, with_overrides
from darwindeck.evolution.engine import GeneticAlgorithm
from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator
from pool_helpers import trouble_factory

ROOT = Path(__file__).resolve().parents[1]
GENERATIONS = 4
#: Seconds each genome's evaluation sleeps first, so a generation (about 12 genomes on 2
#: actors) lasts long enough to be disturbed half way.
DELAY = 0.05


@pytest.fixture(scope="module")
def config():
    base = load_config(ROOT / "configs" / "smoke.yaml")
    return with_overrides(base, population_size=12, generations=GENERATIONS, games_per_genome=60, seed=11)


class ChaosEvaluator:
    """Wraps a pool; in each ``evaluate_population``, once the first call of the generation
    has returned, either ``ray.kill``s a random busy actor (``mode="kill"``) or drops the
    token that makes the next genome's actor exit (``mode="exit"``)."""

    def __init__(self, pool: ParallelFitnessEvaluator, mode: str, token_dir: Path, seed: int) -> None:
        self.pool = pool
        self.mode = mode
        self.token = token_dir / "exit"
        self.rng = random.Random(seed)
        self.strikes = 0
        self.missed = 0  # generations that ended before the token was taken

    def evaluate_population(self, genomes, num_simulations, ai_type, seed):
        stop = threading.Event()
        striker = threading.Thread(target=self._strike, args=(stop,))
        striker.start()
        try:
            return self.pool.evaluate_population(genomes, num_simulations=num_simulations, ai_type=ai_type, seed=seed)
        finally:
            stop.set()
            striker.join()
            if self.token.exists():
                self.token.unlink()
                self.missed += 1

    def _strike(self, stop: threading.Event) -> None:
        import ray

        busy_before = self.pool.stats["busy_seconds"]
        while not stop.is_set():
            busy = self.pool.busy_actors
            if busy and self.pool.stats["busy_seconds"] > busy_before:
                if self.mode == "kill":
                    ray.kill(self.rng.choice(busy), no_restart=True)
                else:
                    self.token.touch()
                self.strikes += 1
                return
            time.sleep(0.002)


def run(config, evaluator) -> list[tuple]:
    """Per generation: the fitness values, best genome id and total games."""
    ga = GeneticAlgorithm(config, evaluator)
    record: list[tuple] = []
    ga.log_hook.append(lambda s: record.append((s["fitness_values"], s["best_genome_id"], s["games_simulated_total"])))
    ga.run()
    return record


@pytest.fixture(scope="module")
def undisturbed(ray_session, config, tmp_path_factory):
    token_dir = tmp_path_factory.mktemp("no-chaos")
    with ParallelFitnessEvaluator(
        evaluator_factory=trouble_factory(delay=DELAY, token_dir=str(token_dir)), num_workers=2, progress=False
    ) as pool:
        record = run(config, pool)
        assert pool.stats["actors_replaced"] == 0
    assert len(record) == GENERATIONS
    return record


@pytest.mark.parametrize("mode", ["kill", "exit"])
def test_actor_deaths_in_every_generation_change_nothing(ray_session, config, undisturbed, mode, tmp_path):
    pool = ParallelFitnessEvaluator(
        evaluator_factory=trouble_factory(delay=DELAY, token_dir=str(tmp_path)), num_workers=2, progress=False
    )
    chaos = ChaosEvaluator(pool, mode, tmp_path, seed=len(mode))
    try:
        record = run(config, chaos)
        assert chaos.strikes == GENERATIONS and chaos.missed == 0
        assert pool.stats["actors_replaced"] == GENERATIONS
        assert pool.stats["genomes_abandoned"] == 0
    finally:
        pool.shutdown()
    if mode == "exit":
        assert len(list(tmp_path.glob("taken-by-*"))) == GENERATIONS  # one process exited per generation
    assert record == undisturbed  # bitwise: Python float equality
