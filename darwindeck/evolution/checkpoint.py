"""Checkpoints: the complete state of a run, saved so that ``--resume`` continues it exactly.

A checkpoint is one JSON file, ``<run_dir>/checkpoints/gen-NNNNNN.json``, holding the state
*before* generation NNNNNN is evaluated. Loading it runs no code: it is parsed with
``json`` and validated by the pydantic model ``Checkpoint`` (unknown keys are refused,
genomes are validated by the genome schema), so a shared run directory is safe to open.
Fields (docs/evolution.md has an example):

- ``format`` (``"darwindeck-checkpoint"``), ``format_version`` (1);
- ``darwindeck_version``, ``library_version`` (gosim's ``dd_library_version``, or null if
  the driver did not load it), ``created`` (ISO 8601);
- ``config_hash`` (``RunConfig.config_hash``: a resume needs the same settings) and
  ``config`` (the configuration as data);
- ``generation``: the next generation to evaluate (= generations done);
- ``rng``: ``numpy.random.Generator.bit_generator.state`` of the driver's generator (a
  mapping of plain numbers: PCG64's 128-bit state and increment as integers);
- ``population``: the genomes, in order;
- ``fitness``: genome id -> ``FitnessMetrics.to_dict()`` of every genome evaluated so far
  (fitness is reused by id within a run);
- ``hall_of_fame`` (best first) and ``archive`` (by cell): genome, metrics, generation
  (and cell);
- ``counters``: games played, mutation operators applied/rejected, crossover children and
  rejected children.

Files are written atomically (``run_dir.write_atomic``); the newest ``keep`` are kept.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

import darwindeck
from darwindeck.config import RunConfig, describe_validation_error
from darwindeck.evolution.archive import ArchiveEntry
from darwindeck.evolution.crossover import CrossoverStats
from darwindeck.evolution.hall_of_fame import HallOfFameEntry
from darwindeck.evolution.mutation import MutationStats
from darwindeck.genome.schema import Genome

__all__ = [
    "CHECKPOINT_DIR",
    "Checkpoint",
    "CheckpointError",
    "check_compatible",
    "checkpoint_path",
    "latest_checkpoint",
    "list_checkpoints",
    "load_checkpoint",
    "restore_state",
    "save_checkpoint",
    "state_of",
]

CHECKPOINT_DIR = "checkpoints"
FORMAT = "darwindeck-checkpoint"
FORMAT_VERSION = 1
_FILE = re.compile(r"^gen-(\d{6,})\.json$")


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, is invalid, or does not belong to this run; the
    message names the file and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SavedEntry(_Strict):
    """A hall-of-fame member or archive elite."""

    genome: Genome
    metrics: dict[str, Any]
    generation: int = Field(ge=0)
    cell: list[int] | None = None


class Counters(_Strict):
    """Running totals of the run."""

    games_total: int = Field(ge=0)
    mutation_applied: dict[str, int] = Field(default_factory=dict)
    mutation_rejected: dict[str, int] = Field(default_factory=dict)
    crossover_children: int = Field(0, ge=0)
    crossover_rejected: int = Field(0, ge=0)


class Checkpoint(_Strict):
    """The schema of a checkpoint file (module docstring)."""

    format: Literal["darwindeck-checkpoint"] = FORMAT
    format_version: Literal[1] = FORMAT_VERSION
    darwindeck_version: str
    library_version: str | None = None
    created: str
    config_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    config: dict[str, Any]
    generation: int = Field(ge=0)
    rng: dict[str, Any]
    population: list[Genome] = Field(min_length=1)
    fitness: dict[str, dict[str, Any]]
    hall_of_fame: list[SavedEntry]
    archive: list[SavedEntry]
    counters: Counters


def checkpoint_path(run_dir: str | os.PathLike[str], generation: int) -> Path:
    """``<run_dir>/checkpoints/gen-NNNNNN.json`` for the state before ``generation``."""
    return Path(run_dir) / CHECKPOINT_DIR / f"gen-{generation:06d}.json"


def list_checkpoints(run_dir: str | os.PathLike[str]) -> list[tuple[int, Path]]:
    """``(generation, path)`` of every checkpoint file of a run, oldest first."""
    d = Path(run_dir) / CHECKPOINT_DIR
    if not d.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in d.iterdir() if (m := _FILE.match(p.name))]
    return sorted(found)


def latest_checkpoint(run_dir: str | os.PathLike[str]) -> Path:
    """The newest checkpoint of a run. Raises CheckpointError if there is none."""
    found = list_checkpoints(run_dir)
    if not found:
        raise CheckpointError(f"{Path(run_dir)}: no checkpoint in {CHECKPOINT_DIR}/ (is this a darwindeck run directory?)")
    return found[-1][1]


def _metrics_from(data: Mapping[str, Any]) -> Any:
    from darwindeck.evolution.fitness_full import FitnessMetrics

    return FitnessMetrics.from_dict(data)


def _metrics_to(metrics: Any) -> dict[str, Any]:
    if hasattr(metrics, "to_dict"):
        return dict(metrics.to_dict())
    raise TypeError(f"fitness results must have to_dict() to be saved, got {type(metrics).__name__}")


def state_of(ga: Any, library_version: str | None = None) -> Checkpoint:
    """The checkpoint of a ``GeneticAlgorithm`` as it is now (between generations)."""
    cfg: RunConfig = ga.config
    return Checkpoint(
        darwindeck_version=darwindeck.__version__,
        library_version=library_version,
        created=datetime.now().astimezone().isoformat(timespec="seconds"),
        config_hash=cfg.config_hash(),
        config=cfg.model_dump(mode="json"),
        generation=ga.generation,
        rng=ga.rng.bit_generator.state,
        population=list(ga.population),
        fitness={gid: _metrics_to(m) for gid, m in ga.fitness_cache.items()},
        hall_of_fame=[
            SavedEntry(genome=e.genome, metrics=_metrics_to(e.metrics), generation=e.generation)
            for e in ga.hall_of_fame.entries
        ],
        archive=[
            SavedEntry(genome=e.genome, metrics=_metrics_to(e.metrics), generation=e.generation, cell=list(e.cell))
            for e in ga.archive.entries
        ],
        counters=Counters(
            games_total=ga.games_total,
            mutation_applied=dict(ga.mutation_stats.applied),
            mutation_rejected=dict(ga.mutation_stats.rejected),
            crossover_children=ga.crossover_stats.children,
            crossover_rejected=ga.crossover_stats.rejected,
        ),
    )


def save_checkpoint(ga: Any, run_dir: str | os.PathLike[str], library_version: str | None = None, keep: int = 3) -> Path:
    """Write the checkpoint of ``ga`` atomically and delete all but the newest ``keep``
    checkpoint files; return its path.

    Raises darwindeck.run_dir.RunDirectoryError if it cannot be written.
    """
    from darwindeck.run_dir import write_atomic

    path = checkpoint_path(run_dir, ga.generation)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = state_of(ga, library_version).model_dump_json(by_alias=True, exclude_none=False)
    write_atomic(path, text + "\n")
    for _, old in list_checkpoints(run_dir)[:-keep]:
        old.unlink(missing_ok=True)
    return path


def load_checkpoint(path: str | os.PathLike[str]) -> Checkpoint:
    """Read and validate a checkpoint file (JSON; no code runs).

    Raises CheckpointError naming the file: unreadable, not JSON, not a checkpoint, or a
    field that does not validate (the message names the field).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise CheckpointError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"{p}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{p}: not a darwindeck checkpoint (no \"format\": \"{FORMAT}\")")
    try:
        return Checkpoint.model_validate(data)
    except ValidationError as exc:
        raise CheckpointError(f"{p}: {describe_validation_error(exc)}") from None


def check_compatible(ckpt: Checkpoint, config: RunConfig, source: str = "checkpoint") -> None:
    """Raise CheckpointError naming ``source`` and the differing fields if the checkpoint
    was made with settings that change results (``RunConfig.config_hash``)."""
    if ckpt.config_hash != config.config_hash():
        saved = ckpt.config
        now = config.model_dump(mode="json")
        diff = sorted(k for k in set(saved) | set(now) if saved.get(k) != now.get(k) and k != "run_dir")
        raise CheckpointError(
            f"{source}: made with other settings than the run's configuration (config hash "
            f"{ckpt.config_hash[:12]} vs {config.config_hash()[:12]}; fields differing: {', '.join(diff) or '?'})"
        )


def restore_state(ga: Any, ckpt: Checkpoint, source: str = "checkpoint") -> None:
    """Put ``ga`` (built from the run's configuration) in the checkpoint's state.

    Raises CheckpointError naming ``source`` if the checkpoint was made with other
    settings (config hash), or its contents do not fit (population size, generator
    state, archive grid, metrics).
    """
    check_compatible(ckpt, ga.config, source)
    try:
        hof = [HallOfFameEntry(e.genome, _metrics_from(e.metrics), e.generation) for e in ckpt.hall_of_fame]
        archive = []
        for e in ckpt.archive:
            if e.cell is None:
                raise ValueError("an archive entry has no cell")
            archive.append(ArchiveEntry(tuple(e.cell), e.genome, _metrics_from(e.metrics), e.generation))
        fitness = {gid: _metrics_from(m) for gid, m in ckpt.fitness.items()}
        c = ckpt.counters
        ga.restore(
            generation=ckpt.generation,
            population=ckpt.population,
            rng_state=ckpt.rng,
            fitness_cache=fitness,
            hall_of_fame=hof,
            archive=archive,
            games_total=c.games_total,
            mutation_stats=MutationStats(applied=dict(c.mutation_applied), rejected=dict(c.mutation_rejected)),
            crossover_stats=CrossoverStats(children=c.crossover_children, rejected=c.crossover_rejected),
        )
    except (ValueError, TypeError) as exc:
        raise CheckpointError(f"{source}: {exc}") from None
