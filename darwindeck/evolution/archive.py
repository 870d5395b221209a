"""A MAP-Elites archive: the best genome found in each cell of a grid of behaviour measures.

Each valid genome is placed by its behaviour, measured from its ``FitnessMetrics``, in one
cell of a grid; a cell keeps the fittest genome that reached it (the first one among equal
fitness). The archive thus holds games that *play* differently (short and long, forced
and decision-rich, balanced and lopsided), whatever their fitness rank in the population.
Source: Mouret & Clune 2015, "Illuminating search spaces by mapping elites",
arXiv:1504.04909.

Measures (``MEASURES``; the run chooses some with ``archive_measures``):

=================  ===================================================  =====================
name               value                                                bin edges
=================  ===================================================  =====================
avg_turns          mean game length in turns                            1,4,8,16,32,64,128,256,512
decision_density   component ``decision_density`` (decisions/moves)     0.1,0.2,...,0.9
balance            component ``balance`` (1 - seat win-share spread)    0.2,0.4,0.6,0.8
first_player_share the first mover's share of the wins (measurement       0.1,...,0.9 (10 bins)
                   ``first_player_share``)
num_players        seats                                                3,4,5,6
=================  ===================================================  =====================

A value below the first edge falls in bin 0, one at or above edge k in bin k+1
(``numpy.searchsorted(edges, value, side="right")``). A genome lacking a measure (no game
won, so no first-player share) is not placed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from darwindeck.genome.schema import Genome

__all__ = ["MEASURES", "ArchiveEntry", "EliteArchive", "Measure"]


@dataclass(frozen=True)
class Measure:
    """One behaviour measure: how to read it from metrics, and its bin edges."""

    name: str
    read: Callable[[Any], float | None]
    edges: tuple[float, ...]

    @property
    def bins(self) -> int:
        """Number of bins (edges + 1)."""
        return len(self.edges) + 1

    def bin(self, metrics: Any) -> int | None:
        """The bin of ``metrics``' value, or None when the value is missing or not finite."""
        value = self.read(metrics)
        if value is None or not math.isfinite(value):
            return None
        return int(np.searchsorted(np.asarray(self.edges), value, side="right"))


def _component(name: str) -> Callable[[Any], float | None]:
    def read(m: Any) -> float | None:
        value = (getattr(m, "components", None) or {}).get(name)
        return None if value is None else float(value)

    return read


def _first_share(m: Any) -> float | None:
    # The seat that moved first in each game (metrics.first_player_win_share), not seat 0:
    # seat 0 deals and usually moves second.
    value = (getattr(m, "measurements", None) or {}).get("first_player_share")
    return None if value is None else float(value)


def _attr(name: str) -> Callable[[Any], float | None]:
    def read(m: Any) -> float | None:
        value = getattr(m, name, None)
        return None if value is None else float(value)

    return read


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("avg_turns", _attr("avg_turns"), (1, 4, 8, 16, 32, 64, 128, 256, 512)),
        Measure("decision_density", _component("decision_density"), tuple(round(0.1 * k, 1) for k in range(1, 10))),
        Measure("balance", _component("balance"), (0.2, 0.4, 0.6, 0.8)),
        Measure("first_player_share", _first_share, tuple(round(0.1 * k, 1) for k in range(1, 10))),
        Measure("num_players", _attr("num_players"), (3, 4, 5, 6)),
    )
}


@dataclass(frozen=True)
class ArchiveEntry:
    """The elite of one cell: the genome, its metrics, its cell and when it got there."""

    cell: tuple[int, ...]
    genome: Genome
    metrics: Any
    generation: int

    @property
    def fitness(self) -> float:
        """The elite's total fitness."""
        return float(self.metrics.total_fitness)

    @property
    def genome_id(self) -> str:
        """The elite's genome id."""
        return self.genome.genome_id


class EliteArchive:
    """A MAP-Elites grid over the named measures.

    Args:
        measures: names from ``MEASURES`` (1 to 3 of them, distinct).

    Raises:
        ValueError: an unknown, repeated or missing measure name (the message lists the
            known ones).
    """

    def __init__(self, measures: Sequence[str]) -> None:
        names = list(measures)
        unknown = [n for n in names if n not in MEASURES]
        if unknown or not 1 <= len(names) <= 3 or len(set(names)) != len(names):
            raise ValueError(
                f"archive measures must be 1-3 distinct names of {', '.join(MEASURES)}; got {names}"
            )
        self.measures = tuple(MEASURES[n] for n in names)
        self._cells: dict[tuple[int, ...], ArchiveEntry] = {}

    @property
    def shape(self) -> tuple[int, ...]:
        """Bins per measure."""
        return tuple(m.bins for m in self.measures)

    @property
    def capacity(self) -> int:
        """Number of cells of the grid."""
        return int(np.prod(self.shape))

    def cell_of(self, metrics: Any) -> tuple[int, ...] | None:
        """The cell of a genome with these metrics, or None if it cannot be placed."""
        cell = []
        for m in self.measures:
            b = m.bin(metrics)
            if b is None:
                return None
            cell.append(b)
        return tuple(cell)

    def add(self, genome: Genome, metrics: Any, generation: int) -> bool:
        """Offer one evaluated genome; return True if it became its cell's elite.

        Invalid genomes and genomes without a cell are refused; a cell's elite is replaced
        only by a strictly fitter genome.
        """
        if not bool(getattr(metrics, "valid", False)):
            return False
        cell = self.cell_of(metrics)
        if cell is None:
            return False
        old = self._cells.get(cell)
        if old is not None and not float(metrics.total_fitness) > old.fitness:
            return False
        self._cells[cell] = ArchiveEntry(cell, genome, metrics, int(generation))
        return True

    def update(self, population: Iterable[Genome], metrics: Iterable[Any], generation: int) -> int:
        """Offer every genome of an evaluated population in order; return how many entered."""
        return sum(self.add(g, m, generation) for g, m in zip(population, metrics))

    def restore(self, entries: Iterable[ArchiveEntry]) -> None:
        """Replace the contents with ``entries`` (from a checkpoint).

        Raises ValueError if a cell does not fit the grid or appears twice."""
        cells: dict[tuple[int, ...], ArchiveEntry] = {}
        for e in entries:
            if len(e.cell) != len(self.shape) or any(not 0 <= c < n for c, n in zip(e.cell, self.shape)):
                raise ValueError(f"archive cell {list(e.cell)} does not fit the grid {list(self.shape)}")
            if e.cell in cells:
                raise ValueError(f"archive cell {list(e.cell)} appears twice")
            cells[e.cell] = e
        self._cells = cells

    @property
    def entries(self) -> tuple[ArchiveEntry, ...]:
        """The elites, in cell order."""
        return tuple(self._cells[c] for c in sorted(self._cells))

    def __len__(self) -> int:
        return len(self._cells)

    @property
    def coverage(self) -> float:
        """Fraction of the cells that hold an elite."""
        return len(self._cells) / self.capacity
