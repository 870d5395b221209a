"""TensorBoard output of a run: per-generation scalars, a fitness histogram, the best game's
rulebook, and the hyperparameters with the final metrics.

This is the only module of darwindeck that imports tensorboardX. One ``SummaryWriter`` per
run (per process: a resumed run opens a new events file in the same directory) writes, at
step = generation:

- every numeric status entry as a scalar tagged ``group/name`` (``SCALAR_TAGS``; a numeric
  entry not in the table is written as ``status/<key>``); the best genome's fitness
  components as ``components/<name>``, their mean over the valid genomes as
  ``components_mean/<name>`` (every component the metrics provide, up to 14), the count of
  invalid genomes per gate reason as ``validity/<reason>`` (every category of
  ``engine.GATE_REASONS`` and ``other``, over all of a genome's reasons), and per evaluation
  stage the genomes that entered it, those still valid after it and its games per genome as
  ``stages/<stage>/genomes``, ``stages/<stage>/valid``, ``stages/<stage>/games``;
- the fitness of every genome of the population as the histogram ``fitness/population``;
- the best genome of the generation as YAML text under ``best_genome``, and its rulebook
  (``darwindeck.genome.rulebook.render_rules``) under ``best_rulebook`` every
  ``text_interval`` generations and at the last one;
- at the end of a finished run, the hyperparameters with the final metrics
  (``add_hparams``, in the sub-run ``hparams``).

Resume: ``purge_step=g`` makes TensorBoard drop every event of step >= g written before
(by the interrupted process), so each step appears once. Durability: tensorboardX queues
events for a writer thread and its ``flush`` does not drain that queue, so a killed process
can lose events it "flushed". The logger therefore closes its events file (which drains the
queue) every ``sync_interval`` generations, before the run directory's checkpoint of that
generation is written, and opens the next file (suffix ``.genNNNNNN``, its first step) when
the next generation is logged: every step a checkpoint vouches for is on disk.
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
    "valid_fraction": "validity/valid_fraction",
    "population_size": "population/size",
    "distinct_genomes": "population/distinct_genomes",
    "population_mean_distance": "diversity/population_mean_distance",
    "population_min_distance": "diversity/population_min_distance",
    "hall_of_fame_min_distance": "diversity/hall_of_fame_min_distance",
    "hall_of_fame_mean_distance": "diversity/hall_of_fame_mean_distance",
    "hall_of_fame_size": "diversity/hall_of_fame_size",
    "archive_cells": "archive/cells",
    "archive_coverage": "archive/coverage",
    "archive_inserted": "archive/inserted",
    "archive_best_fitness": "archive/best_fitness",
    "archive_mean_fitness": "archive/mean_fitness",
    "games_simulated": "throughput/games",
    "games_simulated_total": "throughput/games_total",
    "games_per_second": "throughput/games_per_second",
    "genomes_per_second": "throughput/genomes_per_second",
    "genomes_evaluated": "throughput/genomes_evaluated",
    "evaluation_seconds": "time/evaluation_seconds",
    "generation_seconds": "time/generation_seconds",
    "crossover_rejected": "variation/crossover_rejected",
    "mutation_rejected": "variation/mutation_rejected",
    "actors_started": "actors/started",
    "actors_replaced": "actors/restarts",
    "calls_retried": "actors/calls_retried",
    "genomes_abandoned": "actors/genomes_abandoned",
}

#: Groups whose values depend on the machine or the process, not on the run's settings:
#: a resumed run equals an uninterrupted one in every other scalar.
TIMING_GROUPS: tuple[str, ...] = ("time", "actors")
TIMING_TAGS: frozenset[str] = frozenset({"throughput/games_per_second", "throughput/genomes_per_second"})

# Mappings of the status written as one scalar per key, under a group.
_MAPPING_GROUPS: dict[str, str] = {
    "best_components": "components",
    "mean_components": "components_mean",
    "invalid_reasons": "validity",
}

# Mappings of the status of one mapping of numbers per name, written as
# ``<group>/<name>/<field>``.
_NESTED_GROUPS: dict[str, str] = {"stages": "stages"}

# Entries that are not scalars of the generation: the step itself.
_NOT_SCALARS = frozenset({"generation"})


def is_timing_tag(tag: str) -> bool:
    """True for scalars that measure time or the machine (``TIMING_GROUPS``,
    ``TIMING_TAGS``)."""
    return tag in TIMING_TAGS or tag.split("/", 1)[0] in TIMING_GROUPS


def _number(value: Any) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def scalar_entries(status: Mapping[str, Any]) -> dict[str, float]:
    """The scalars of one status dict: tag -> value (finite or not, as reported).

    Numbers (not bools) become scalars tagged by ``SCALAR_TAGS`` or ``status/<key>``; the
    mappings of ``_MAPPING_GROUPS`` give ``<group>/<name>``, those of ``_NESTED_GROUPS``
    ``<group>/<name>/<field>``. Other entries are skipped.
    """
    out: dict[str, float] = {}
    for key, value in status.items():
        if key in _NOT_SCALARS or not _number(value):
            continue
        out[SCALAR_TAGS.get(key, f"status/{key}")] = float(value)
    for key, group in _MAPPING_GROUPS.items():
        for name, value in dict(status.get(key) or {}).items():
            if _number(value):
                out[f"{group}/{name}"] = float(value)
    for key, group in _NESTED_GROUPS.items():
        for name, fields in dict(status.get(key) or {}).items():
            for field, value in dict(fields or {}).items():
                if _number(value):
                    out[f"{group}/{name}/{field}"] = float(value)
    return out


def hparam_values(config: Any) -> dict[str, bool | str | float | int]:
    """The configuration's scalar settings as TensorBoard hyperparameters (lists and
    nested sections become their text)."""
    data = config.model_dump(mode="json") if hasattr(config, "model_dump") else dict(config)
    out: dict[str, bool | str | float | int] = {}
    for key, value in data.items():
        if value is None:
            out[key] = "null"
        elif isinstance(value, (bool, str, int, float)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


class TensorBoardLogger(Logger):
    """Writes each generation's status to TensorBoard event files in ``log_dir``.

    Args:
        searcher: the algorithm to watch (``GeneticAlgorithm``).
        log_dir: directory of the event files (created if missing), e.g.
            ``<run_dir>/tensorboard``; watch it with ``tensorboard --logdir <log_dir>``.
        interval: log every ``interval``-th generation.
        text_interval: write the best rulebook every ``text_interval`` generations.
        purge_step: when resuming at generation g: hide events of step >= g written before.
        hparams: hyperparameters written once at the end of a finished run (e.g.
            ``hparam_values(config)``), with the final ``fitness/*``, ``archive/*`` and
            ``diversity/*`` scalars as its metrics; None writes none.
        generations: the run's number of generations (the run is finished when the
            searcher's ``generation`` reaches it; the last generation's rulebook is always
            written).
    """

    def __init__(
        self,
        searcher: Searcher,
        log_dir: str | os.PathLike[str],
        interval: int = 1,
        text_interval: int = 5,
        purge_step: int | None = None,
        hparams: Mapping[str, Any] | None = None,
        generations: int | None = None,
        sync_interval: int = 1,
    ) -> None:
        super().__init__(searcher, interval)
        if sync_interval < 1:
            raise ValueError(f"sync_interval must be >= 1, got {sync_interval}")
        self.sync_interval = int(sync_interval)
        self._purge_step = purge_step
        self._closed = False
        if text_interval < 1:
            raise ValueError(f"text_interval must be >= 1, got {text_interval}")
        self.log_dir = os.fspath(log_dir)
        self.text_interval = int(text_interval)
        self.hparams = None if hparams is None else dict(hparams)
        self.generations = generations
        self._writer: SummaryWriter | None = None
        os.makedirs(self.log_dir, exist_ok=True)

    def _open(self, step: int) -> SummaryWriter:
        """The writer of the current events file, opened at ``step`` if none is open."""
        if self._writer is None:
            # The first step in the suffix keeps file names distinct and in step order.
            self._writer = SummaryWriter(
                logdir=self.log_dir, purge_step=self._purge_step, filename_suffix=f".gen{step:06d}"
            )
            self._purge_step = None  # only the first file of a resumed process purges
        return self._writer

    def _log(self, status: Mapping[str, Any]) -> None:
        if self._closed:
            raise RuntimeError(f"TensorBoardLogger for {self.log_dir} is closed")
        step = int(status["generation"])
        self._open(step)
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
            last = self.generations is not None and step == self.generations - 1
            if step % self.text_interval == 0 or last:
                from darwindeck.genome.rulebook import render_rules

                self._writer.add_text("best_rulebook", f"_{header}_\n\n" + render_rules(genome), global_step=step)
        self._writer.flush()
        if (step + 1) % self.sync_interval == 0:
            self._writer.close()  # drains tensorboardX's queue to the file
            self._writer = None

    def _end_of_run(self, status: Mapping[str, Any]) -> None:
        finished = self.generations is not None and int(getattr(self.searcher, "generation", 0)) >= self.generations
        if not self._closed and self.hparams is not None and finished and status:
            self._open(int(status["generation"]) + 1)
            metrics = {
                tag: value
                for tag, value in scalar_entries(status).items()
                if tag.split("/", 1)[0] in ("fitness", "archive", "diversity") and math.isfinite(value)
            }
            self._writer.add_hparams(self.hparams, metrics, name="hparams", global_step=int(status["generation"]))
        self.close()

    def close(self) -> None:
        """Flush and close the writer; later generations raise RuntimeError. Idempotent."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        self._closed = True
