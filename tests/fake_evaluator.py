"""A stand-in for the Ray actor pool in driver tests: fitness is a fixed function of the
genome's rules, so results are deterministic and need no Go library. Results are real
``FitnessMetrics`` (a plain dataclass; importing it loads no library)."""

from __future__ import annotations

import os
import time

from darwindeck.evolution.fitness_full import FitnessMetrics


def fake_fitness(genome_id: str, games: int = 0) -> FitnessMetrics:
    """Fitness in [0, 1) from the id's digits; ids whose value is divisible by 7 are
    invalid. Decision density and game length (turns) are other digits of the id, so the
    archive sees a spread of behaviours."""
    value = int(genome_id, 16)
    if value % 7 == 0:
        return FitnessMetrics.invalid("fake: divisible by 7", games=games, num_players=2)
    fitness = (value % 10_000) / 10_000
    density = ((value >> 20) % 1000) / 1000
    turns = float(2 + (value >> 30) % 300)
    return FitnessMetrics(
        total_fitness=fitness,
        valid=True,
        components={"alpha": fitness, "beta": 1.0 - fitness, "decision_density": density},
        games=games,
        num_players=2,
        avg_turns=turns,
    )


class FakeEvaluator:
    """Has ``evaluate_population`` like ParallelFitnessEvaluator; records every call.

    ``DARWINDECK_FAKE_SECONDS`` (environment) makes each call sleep that long, so that a
    test can interrupt a run in the middle."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.delay = float(os.environ.get("DARWINDECK_FAKE_SECONDS", "0") or 0)

    def evaluate_population(self, genomes, num_simulations, ai_type, seed):
        self.calls.append(
            {"ids": [g.genome_id for g in genomes], "num_simulations": num_simulations, "ai_type": ai_type, "seed": seed}
        )
        if self.delay:
            time.sleep(self.delay)
        return [fake_fitness(g.genome_id, num_simulations) for g in genomes]

    def shutdown(self) -> None:
        self.calls.append({"shutdown": True})
