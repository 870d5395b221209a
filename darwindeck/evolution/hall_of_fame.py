"""The hall of fame: the best distinct genomes a run has evaluated so far.

Genomes are distinct by ``genome_id`` (their compiled rules), so a renamed copy of a member
does not take a second place, and, with ``min_distance > 0``, by the genome distance
(``darwindeck.evolution.distance``): the members are chosen greedily, best first, each at
least ``min_distance`` from every better member ("clearing", Pétrowski 1996, "A clearing
procedure as a niching method for genetic algorithms", ICEC), so near-copies of a good game
do not fill the hall. Only valid genomes enter. Members are ordered by fitness, best first;
ties keep the one found first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from darwindeck.evolution.distance import FeatureCache
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

    Args:
        size: number of members (>= 1).
        min_distance: least genome distance in [0, 1] between two members (0: distinct ids
            suffice).
        cache: feature cache shared with the driver (optional).

    Raises:
        ValueError: ``size < 1`` or ``min_distance`` outside [0, 1].
    """

    def __init__(self, size: int, min_distance: float = 0.0, cache: FeatureCache | None = None) -> None:
        if size < 1:
            raise ValueError(f"hall of fame size must be >= 1, got {size}")
        if not 0.0 <= min_distance <= 1.0:
            raise ValueError(f"hall of fame min_distance must be in [0, 1], got {min_distance}")
        self.size = int(size)
        self.min_distance = float(min_distance)
        self._cache = FeatureCache() if cache is None else cache
        self._entries: list[HallOfFameEntry] = []

    def restore(self, entries: Sequence[HallOfFameEntry]) -> None:
        """Replace the members with ``entries`` (best first, from a checkpoint)."""
        self._entries = list(entries)

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
        best: list[HallOfFameEntry] = []
        for entry in sorted(candidates, key=lambda e: -e.fitness):
            if len(best) == self.size:
                break
            if self.min_distance > 0.0 and any(
                self._cache.distance(entry.genome, other.genome) < self.min_distance for other in best
            ):
                continue
            best.append(entry)
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
