"""One progress line per generation, for a terminal."""

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
        f"{status['evaluation_seconds']:.2f} s  best: {status['best_genome_name']} ({status['best_genome_id']})"
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
