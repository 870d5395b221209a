"""A stand-in for the Ray actor pool in driver tests: fitness is a fixed function of the
genome's rules, so results are deterministic and need no Go library."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FakeMetrics:
    """The fields of FitnessMetrics that the driver and loggers read."""

    total_fitness: float
    valid: bool
    games: int
    reason: str = ""
    components: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "total_fitness": self.total_fitness,
            "valid": self.valid,
            "games": self.games,
            "reason": self.reason,
            "components": dict(self.components),
        }


def fake_fitness(genome_id: str) -> FakeMetrics:
    """Fitness in [0, 1) from the id's digits; ids whose value is divisible by 7 are invalid."""
    value = int(genome_id, 16)
    if value % 7 == 0:
        return FakeMetrics(0.0, False, 0, reason="fake: divisible by 7")
    fitness = (value % 10_000) / 10_000
    return FakeMetrics(fitness, True, 0, components={"alpha": fitness, "beta": 1.0 - fitness})


class FakeEvaluator:
    """Has ``evaluate_population`` like ParallelFitnessEvaluator; records every call."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def evaluate_population(self, genomes, num_simulations, ai_type, seed):
        self.calls.append(
            {"ids": [g.genome_id for g in genomes], "num_simulations": num_simulations, "ai_type": ai_type, "seed": seed}
        )
        out = []
        for g in genomes:
            m = fake_fitness(g.genome_id)
            out.append(FakeMetrics(m.total_fitness, m.valid, num_simulations, m.reason, m.components))
        return out

    def shutdown(self) -> None:
        self.calls.append({"shutdown": True})
