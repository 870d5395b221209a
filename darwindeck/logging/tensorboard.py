"""TensorBoard output of a run: per-generation scalars, a fitness histogram, the best genome.

This is the only module of darwindeck that imports tensorboardX. One ``SummaryWriter`` per
run writes, at step = generation:

- every numeric status entry as a scalar tagged ``group/name`` (``SCALAR_TAGS``; a numeric
  entry not in the table is written as ``status/<key>``, and each of the best genome's
  fitness components as ``components/<name>``);
- the fitness of every genome of the population as the histogram ``fitness/population``;
- the best genome of the generation as YAML text under ``best_genome``.

The writer is flushed after every generation and closed at the end of the run.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np
from tensorboardX import SummaryWriter

from darwindeck.genome.io import dump_yaml
from darwindeck.logging.logger import Logger, Searcher

SCALAR_TAGS: dict[str, str] = {
    "best_fitness": "fitness/best",
    "mean_fitness": "fitness/mean",
    "median_fitness": "fitness/median",
    "std_fitness": "fitness/std",
    "min_fitness": "fitness/min",
    "hall_of_fame_best_fitness": "fitness/hall_of_fame_best",
    "valid_fraction": "population/valid_fraction",
    "population_size": "population/size",
    "distinct_genomes": "population/distinct_genomes",
    "games_simulated": "throughput/games",
    "games_simulated_total": "throughput/games_total",
    "games_per_second": "throughput/games_per_second",
    "genomes_evaluated": "throughput/genomes_evaluated",
    "evaluation_seconds": "throughput/evaluation_seconds",
    "crossover_rejected": "variation/crossover_rejected",
    "mutation_rejected": "variation/mutation_rejected",
}

# Entries that are not scalars of the generation: the step itself.
_NOT_SCALARS = frozenset({"generation"})


def scalar_entries(status: Mapping[str, Any]) -> dict[str, float]:
    """The scalars of one status dict: tag -> value (finite or not, as reported).

    Numbers (not bools) become scalars tagged by ``SCALAR_TAGS`` or ``status/<key>``; the
    ``best_components`` mapping gives ``components/<name>``. Other entries are skipped.
    """
    out: dict[str, float] = {}
    for key, value in status.items():
        if key in _NOT_SCALARS or isinstance(value, bool) or not isinstance(value, Real):
            continue
        out[SCALAR_TAGS.get(key, f"status/{key}")] = float(value)
    for name, value in dict(status.get("best_components") or {}).items():
        if isinstance(value, Real) and not isinstance(value, bool):
            out[f"components/{name}"] = float(value)
    return out


class TensorBoardLogger(Logger):
    """Writes each generation's status to TensorBoard event files in ``log_dir``.

    Args:
        searcher: the algorithm to watch (``GeneticAlgorithm``).
        log_dir: directory of the event files (created if missing), e.g.
            ``<run_dir>/tensorboard``; watch it with ``tensorboard --logdir <log_dir>``.
        interval: log every ``interval``-th generation.
    """

    def __init__(self, searcher: Searcher, log_dir: str | os.PathLike[str], interval: int = 1) -> None:
        super().__init__(searcher, interval)
        self.log_dir = os.fspath(log_dir)
        self._writer: SummaryWriter | None = SummaryWriter(logdir=self.log_dir)

    def _log(self, status: Mapping[str, Any]) -> None:
        if self._writer is None:
            raise RuntimeError(f"TensorBoardLogger for {self.log_dir} is closed")
        step = int(status["generation"])
        for tag, value in scalar_entries(status).items():
            self._writer.add_scalar(tag, value, global_step=step)
        values = np.asarray(status.get("fitness_values") or [], dtype=np.float64)
        values = values[np.isfinite(values)]
        if values.size:
            self._writer.add_histogram("fitness/population", values, global_step=step)
        genome = status.get("best_genome")
        if genome is not None:
            header = f"{genome.name} ({genome.genome_id}), fitness {status.get('best_fitness', math.nan):.4f}"
            text = dump_yaml(genome, header=header)
            # Markdown code block so TensorBoard keeps the indentation.
            self._writer.add_text("best_genome", "```yaml\n" + text + "```", global_step=step)
        self._writer.flush()

    def close(self) -> None:
        """Flush and close the writer; later generations raise RuntimeError. Idempotent."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
