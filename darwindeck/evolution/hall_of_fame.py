"""The hall of fame: the best distinct genomes a run has evaluated so far.

Genomes are distinct by ``genome_id`` (their compiled rules), so a renamed copy of a member
does not take a second place. Only valid genomes enter. Members are ordered by fitness,
best first; ties keep the one found first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from darwindeck.genome.schema import Genome


@dataclass(frozen=True)
class HallOfFameEntry:
    """One member: the genome, its fitness metrics and when it was first evaluated.

    Attributes:
        genome: the rule set.
        metrics: its ``FitnessMetrics`` (``total_fitness`` in [0, 1], ``components``, ...).
        generation: the generation (0-based) in which it was first evaluated.
    """

    genome: Genome
    metrics: Any
    generation: int

    @property
    def fitness(self) -> float:
        """The member's total fitness."""
        return float(self.metrics.total_fitness)

    @property
    def genome_id(self) -> str:
        """The member's genome id (12 hex digits of its program's SHA-256)."""
        return self.genome.genome_id


class HallOfFame:
    """The ``size`` best distinct valid genomes seen so far.

    Raises:
        ValueError: ``size < 1``.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"hall of fame size must be >= 1, got {size}")
        self.size = int(size)
        self._entries: list[HallOfFameEntry] = []

    def update(self, population: Sequence[Genome], metrics: Sequence[Any], generation: int) -> bool:
        """Offer every valid genome of an evaluated population; return True if the members
        changed.

        Raises:
            ValueError: ``population`` and ``metrics`` differ in length.
        """
        if len(population) != len(metrics):
            raise ValueError(f"{len(population)} genomes but {len(metrics)} fitness results")
        known = {e.genome_id for e in self._entries}
        candidates = list(self._entries)
        for genome, m in zip(population, metrics):
            if not m.valid or genome.genome_id in known:
                continue
            known.add(genome.genome_id)
            candidates.append(HallOfFameEntry(genome, m, generation))
        # sorted() is stable: among equal fitness the member found first stays ahead.
        best = sorted(candidates, key=lambda e: -e.fitness)[: self.size]
        changed = [e.genome_id for e in best] != [e.genome_id for e in self._entries]
        self._entries = best
        return changed

    @property
    def entries(self) -> tuple[HallOfFameEntry, ...]:
        """The members, best first."""
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries)
