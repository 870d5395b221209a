"""One progress line per generation, and a summary table at the end, for a terminal."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, TextIO

from darwindeck.logging.logger import Logger, Searcher


def format_progress(status: Mapping[str, Any], generations: int | None = None) -> str:
    """The progress line of one generation's status, e.g.
    ``gen  3/10  best 0.612  mean 0.441  valid  92%  1,234 games/s  4.10 s  best: Hearts (1a2b3c4d5e6f)``.

    ``generations`` (the run's total) is shown after the generation number when given.
    Raises KeyError if the status lacks one of the keys shown.
    """
    gen = int(status["generation"])
    width = len(str(generations)) if generations else 3
    counter = f"{gen:>{width}d}/{generations}" if generations else f"{gen:>3d}"
    return (
        f"gen {counter}  best {status['best_fitness']:.3f}  mean {status['mean_fitness']:.3f}  "
        f"valid {100 * status['valid_fraction']:3.0f}%  {status['games_per_second']:,.0f} games/s  "
        f"{status['evaluation_seconds']:.2f} s"
        + (f"  archive {status['archive_cells']}" if "archive_cells" in status else "")
        + (f"  div {status['population_mean_distance']:.2f}" if "population_mean_distance" in status else "")
        + f"  best: {status['best_genome_name']} ({status['best_genome_id']})"
    )


class ConsoleLogger(Logger):
    """Prints ``format_progress(status)`` for every ``interval``-th generation.

    Args:
        searcher: the algorithm to watch.
        stream: where lines go (default ``sys.stdout``); flushed after every line.
        generations: the run's total number of generations, shown in each line.
        interval: print every ``interval``-th generation.
    """

    def __init__(
        self,
        searcher: Searcher,
        stream: TextIO | None = None,
        generations: int | None = None,
        interval: int = 1,
    ) -> None:
        super().__init__(searcher, interval)
        self.stream = stream
        self.generations = generations

    def _log(self, status: Mapping[str, Any]) -> None:
        stream = self.stream if self.stream is not None else sys.stdout
        print(format_progress(status, self.generations), file=stream, flush=True)


def format_summary_table(searcher: object) -> str:
    """The end-of-run table: one row per hall-of-fame member (rank, genome id, name,
    fitness, mean game length in turns, generation first seen, genome distance to the
    nearest better member), then the archive's size and coverage.

    ``searcher`` is a ``GeneticAlgorithm`` (its ``hall_of_fame``, ``archive`` and
    ``features`` are read). Plain text, fixed-width columns.
    """
    entries = list(getattr(searcher, "hall_of_fame", ()) or ())
    lines = ["", "hall of fame"]
    if not entries:
        lines.append("  (empty: no valid genome was found)")
    else:
        cache = getattr(searcher, "features", None)
        header = f"  {'rank':>4}  {'genome':<12}  {'name':<24}  {'fitness':>7}  {'turns':>7}  {'gen':>4}  {'nearest':>7}"
        lines += [header, "  " + "-" * (len(header) - 2)]
        for rank, e in enumerate(entries, start=1):
            better = entries[: rank - 1]
            if better and cache is not None:
                nearest = f"{min(cache.distance(e.genome, b.genome) for b in better):7.3f}"
            else:
                nearest = f"{'-':>7}"
            turns = getattr(e.metrics, "avg_turns", None)
            turns_text = f"{turns:7.1f}" if isinstance(turns, (int, float)) else f"{'-':>7}"
            name = e.genome.name if len(e.genome.name) <= 24 else e.genome.name[:23] + "~"
            lines.append(
                f"  {rank:>4}  {e.genome_id:<12}  {name:<24}  {e.fitness:7.4f}  {turns_text}  {e.generation:>4}  {nearest}"
            )
    archive = getattr(searcher, "archive", None)
    if archive is not None:
        names = ", ".join(m.name for m in archive.measures)
        lines.append(
            f"archive: {len(archive)} of {archive.capacity} cells over ({names}), coverage {100 * archive.coverage:.1f}%"
        )
    return "\n".join(lines)
