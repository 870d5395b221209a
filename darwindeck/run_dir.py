"""The run directory: everything one evolution run leaves on disk.

Layout::

    <run_dir>/
      config.yaml                  the resolved configuration (reads back with load_config)
      tensorboard/                 TensorBoard event files (TensorBoardLogger)
      hall_of_fame/NN-<id>.yaml    the best distinct genomes, rank NN (01 = best), fitness in
                                   the comment header; beside each, NN-<id>.md (its
                                   rulebook) and NN-<id>.json (its fitness metrics)
      archive/cell-A-B-<id>.yaml   the MAP-Elites archive: the elite of cell (A, B), with
                                   .md rulebook and .json metrics (cell and measures inside)
      checkpoints/gen-NNNNNN.json  the state before generation NNNNNN (evolution.checkpoint)
      best.yaml                    the best genome of the run
      summary.json                 generations done, timings, final status, hall of fame,
                                   archive

Every file is written atomically (a temporary file in the same directory, fsync, then
``os.replace``), so a crash or an interrupt never leaves a half-written file. A run never
writes into a directory that already holds files.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from darwindeck.config import RunConfig
from darwindeck.evolution.hall_of_fame import HallOfFameEntry
from darwindeck.genome.io import dump_yaml
from darwindeck.logging.logger import Logger, Searcher

CONFIG_FILE = "config.yaml"
TENSORBOARD_DIR = "tensorboard"
HALL_OF_FAME_DIR = "hall_of_fame"
ARCHIVE_DIR = "archive"
BEST_FILE = "best.yaml"
SUMMARY_FILE = "summary.json"
_HALL_OF_FAME_FILE = re.compile(r"^\d{2,}-[0-9a-f]+\.(yaml|md|json)$")
_ARCHIVE_FILE = re.compile(r"^cell(-\d+)+-[0-9a-f]+\.(yaml|md|json)$")


class RunDirectoryError(OSError):
    """The run directory cannot be created or written; the message names the path."""


def default_run_dir(name: str, now: datetime | None = None, root: str | os.PathLike[str] = "runs") -> Path:
    """``<root>/<name>-<YYYYmmdd-HHMMSS>`` for a run started at ``now`` (local time)."""
    now = datetime.now() if now is None else now
    return Path(root) / f"{name}-{now:%Y%m%d-%H%M%S}"


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically: readers see the old file or the whole
    new one, never a part.

    Raises RunDirectoryError naming the path if it cannot be written.
    """
    path = Path(path)
    fd, tmp = -1, None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            fd = -1
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = None
        _fsync_dir(path.parent)
    except OSError as exc:
        raise RunDirectoryError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _json_safe(value: Any) -> Any:
    """Plain JSON data of a status value: non-finite floats become None, genomes their id."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if hasattr(value, "genome_id"):
        return value.genome_id
    return str(value)


def check_available(path: str | os.PathLike[str]) -> None:
    """Check that ``path`` can become a run directory: it does not exist, or is an empty
    directory. Raises RunDirectoryError naming the path otherwise."""
    p = Path(path)
    if p.exists():
        if not p.is_dir():
            raise RunDirectoryError(f"{p}: exists and is not a directory")
        if any(p.iterdir()):
            raise RunDirectoryError(f"{p}: directory is not empty; choose a new run directory")


class RunDirectory:
    """The files of one run under ``path`` (see the module docstring).

    Use ``RunDirectory.create(path)`` to start a run; the constructor only names paths.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @classmethod
    def create(cls, path: str | os.PathLike[str]) -> RunDirectory:
        """Create the run directory (and its parents) with ``hall_of_fame/`` and
        ``tensorboard/`` in it.

        Raises RunDirectoryError if ``path`` exists and is not an empty directory (a run
        never mixes its files with another's), or if it cannot be created.
        """
        p = Path(path)
        check_available(p)
        try:
            p.mkdir(parents=True, exist_ok=True)
            (p / HALL_OF_FAME_DIR).mkdir()
            (p / ARCHIVE_DIR).mkdir()
            (p / TENSORBOARD_DIR).mkdir()
        except OSError as exc:
            raise RunDirectoryError(f"{p}: cannot create the run directory: {exc.strerror or exc}") from None
        return cls(p)

    @property
    def config_path(self) -> Path:
        """``<run_dir>/config.yaml``."""
        return self.path / CONFIG_FILE

    @property
    def tensorboard_dir(self) -> Path:
        """``<run_dir>/tensorboard``: the TensorBoard log directory of the run."""
        return self.path / TENSORBOARD_DIR

    @property
    def hall_of_fame_dir(self) -> Path:
        """``<run_dir>/hall_of_fame``."""
        return self.path / HALL_OF_FAME_DIR

    @property
    def archive_dir(self) -> Path:
        """``<run_dir>/archive``."""
        return self.path / ARCHIVE_DIR

    @property
    def best_path(self) -> Path:
        """``<run_dir>/best.yaml``."""
        return self.path / BEST_FILE

    @property
    def summary_path(self) -> Path:
        """``<run_dir>/summary.json``."""
        return self.path / SUMMARY_FILE

    def write_config(self, config: RunConfig) -> Path:
        """Write the resolved configuration as ``config.yaml``; return its path."""
        header = "# darwindeck run configuration, as resolved for this run (load with load_config)\n"
        write_atomic(self.config_path, header + config.to_yaml())
        return self.config_path

    def write_hall_of_fame(self, entries: list[HallOfFameEntry] | tuple[HallOfFameEntry, ...]) -> list[Path]:
        """Write each member as ``hall_of_fame/NN-<genome_id>.yaml`` (NN = rank, 01 best) and
        remove files of former members; return the paths, best first."""
        paths = []
        keep = set()
        for rank, entry in enumerate(entries, start=1):
            stem = self.hall_of_fame_dir / f"{rank:02d}-{entry.genome_id}"
            header = entry_header(entry, rank)
            self._write_genome_files(stem, entry, header, {"rank": rank})
            paths.append(stem.with_suffix(".yaml"))
            keep |= {stem.name + ext for ext in (".yaml", ".md", ".json")}
        for old in self.hall_of_fame_dir.iterdir():
            if _HALL_OF_FAME_FILE.match(old.name) and old.name not in keep:
                old.unlink(missing_ok=True)
        return paths

    def write_archive(self, entries: Any, measures: list[str]) -> list[Path]:
        """Write each archive elite as ``archive/cell-A-B-<genome_id>.yaml`` (+ ``.md``
        rulebook, ``.json`` metrics) and remove files of former elites; return the YAML
        paths in cell order."""
        self.archive_dir.mkdir(exist_ok=True)
        paths = []
        keep = set()
        for entry in entries:
            cell = "-".join(str(c) for c in entry.cell)
            stem = self.archive_dir / f"cell-{cell}-{entry.genome_id}"
            header = (
                f"archive cell {list(entry.cell)} of ({', '.join(measures)}): {entry.genome.name} "
                f"({entry.genome_id})\nfitness {entry.fitness:.6f}, entered in generation {entry.generation}"
            )
            self._write_genome_files(stem, entry, header, {"cell": list(entry.cell), "measures": list(measures)})
            paths.append(stem.with_suffix(".yaml"))
            keep |= {stem.name + ext for ext in (".yaml", ".md", ".json")}
        for old in self.archive_dir.iterdir():
            if _ARCHIVE_FILE.match(old.name) and old.name not in keep:
                old.unlink(missing_ok=True)
        return paths

    def _write_genome_files(self, stem: Path, entry: Any, header: str, extra: Mapping[str, Any]) -> None:
        """``stem``.yaml (the genome), .md (its rulebook) and .json (its metrics)."""
        from darwindeck.genome.rulebook import render_rules

        write_atomic(stem.with_suffix(".yaml"), dump_yaml(entry.genome, header=header))
        write_atomic(stem.with_suffix(".md"), render_rules(entry.genome) + "\n")
        metrics = entry.metrics.to_dict() if hasattr(entry.metrics, "to_dict") else {}
        info = {
            "genome_id": entry.genome_id,
            "name": entry.genome.name,
            "fitness": entry.fitness,
            "generation": entry.generation,
            **extra,
            "metrics": metrics,
        }
        write_atomic(stem.with_suffix(".json"), json.dumps(_json_safe(info), indent=2) + "\n")

    def write_best(self, entry: HallOfFameEntry) -> Path:
        """Write the run's best genome as ``best.yaml``; return its path."""
        write_atomic(self.best_path, dump_yaml(entry.genome, header=entry_header(entry, 1)))
        return self.best_path

    def write_summary(self, summary: Mapping[str, Any]) -> Path:
        """Write ``summary.json`` (status values made JSON-safe); return its path."""
        write_atomic(self.summary_path, json.dumps(_json_safe(summary), indent=2) + "\n")
        return self.summary_path


def entry_header(entry: HallOfFameEntry, rank: int) -> str:
    """The comment header of a hall-of-fame file: rank, id, fitness and its components."""
    lines = [
        f"hall of fame rank {rank}: {entry.genome.name} ({entry.genome_id})",
        f"fitness {entry.fitness:.6f}, first evaluated in generation {entry.generation}",
    ]
    components = dict(getattr(entry.metrics, "components", {}) or {})
    if components:
        lines.append("components: " + ", ".join(f"{k} {v:.4f}" for k, v in components.items()))
    return "\n".join(lines)


class RunRecorder(Logger):
    """Keeps the run directory up to date as the run goes.

    After every generation in which the hall of fame (or the archive) changed, it rewrites
    ``hall_of_fame/`` and ``best.yaml`` (``archive/``); after every generation and at the
    end of the run it writes ``summary.json`` (``finished`` tells whether all
    ``config.generations`` ran); then, every ``config.checkpoint_interval`` generations and
    after the last, a checkpoint (written last, so that every file it vouches for is
    already on disk).

    Args:
        searcher: the ``GeneticAlgorithm`` of the run (its ``hall_of_fame``, ``archive``,
            ``generation`` and ``config`` are read).
        run_dir: where the files go.
        library_version: gosim's version string, recorded in checkpoints (None: unknown).
        checkpoints: write checkpoints.
    """

    def __init__(
        self,
        searcher: Searcher,
        run_dir: RunDirectory,
        library_version: str | None = None,
        checkpoints: bool = True,
    ) -> None:
        super().__init__(searcher, interval=1)
        self.run_dir = run_dir
        self.library_version = library_version
        self.checkpoints = checkpoints
        self._written: list[str] = []
        self._archive_written: list[tuple[tuple[int, ...], str]] = []
        self._checkpointed = -1
        self._started = datetime.now().astimezone()
        self.last_checkpoint: Path | None = None

    def _log(self, status: Mapping[str, Any]) -> None:
        self._write_hall_of_fame()
        self._write_archive()
        self._write_summary(status)
        cfg = self.searcher.config
        gen = self.searcher.generation
        if gen % cfg.checkpoint_interval == 0 or gen >= cfg.generations:
            self._checkpoint()

    def _end_of_run(self, status: Mapping[str, Any]) -> None:
        self._write_hall_of_fame()
        self._write_archive()
        self._write_summary(status)
        if self.searcher.generation >= self.searcher.config.generations:
            self._checkpoint()

    def _checkpoint(self) -> None:
        from darwindeck.evolution.checkpoint import save_checkpoint

        gen = self.searcher.generation
        if not self.checkpoints or gen == self._checkpointed:
            return
        self.last_checkpoint = save_checkpoint(
            self.searcher, self.run_dir.path, self.library_version, keep=self.searcher.config.keep_checkpoints
        )
        self._checkpointed = gen

    def _write_archive(self) -> None:
        archive = getattr(self.searcher, "archive", None)
        if archive is None:
            return
        key = [(e.cell, e.genome_id) for e in archive.entries]
        if key == self._archive_written:
            return
        self.run_dir.write_archive(archive.entries, list(self.searcher.config.archive_measures))
        self._archive_written = key

    def _write_hall_of_fame(self) -> None:
        entries = self.searcher.hall_of_fame.entries
        ids = [e.genome_id for e in entries]
        if not entries or ids == self._written:
            return
        self.run_dir.write_hall_of_fame(entries)
        self.run_dir.write_best(entries[0])
        self._written = ids

    def _write_summary(self, status: Mapping[str, Any]) -> None:
        searcher = self.searcher
        summary = {
            "name": searcher.config.name,
            "started": self._started.isoformat(timespec="seconds"),
            "updated": datetime.now().astimezone().isoformat(timespec="seconds"),
            "generations_done": searcher.generation,
            "generations_planned": searcher.config.generations,
            "finished": searcher.generation >= searcher.config.generations,
            "last_generation": {k: v for k, v in status.items() if k not in ("best_genome", "fitness_values")},
            "hall_of_fame": [
                {
                    "rank": rank,
                    "genome_id": e.genome_id,
                    "name": e.genome.name,
                    "fitness": e.fitness,
                    "generation": e.generation,
                    "file": f"{HALL_OF_FAME_DIR}/{rank:02d}-{e.genome_id}.yaml",
                    "metrics": e.metrics.to_dict() if hasattr(e.metrics, "to_dict") else None,
                }
                for rank, e in enumerate(searcher.hall_of_fame.entries, start=1)
            ],
            "archive": [
                {
                    "cell": list(e.cell),
                    "genome_id": e.genome_id,
                    "name": e.genome.name,
                    "fitness": e.fitness,
                    "generation": e.generation,
                }
                for e in getattr(getattr(searcher, "archive", None), "entries", ())
            ],
        }
        self.run_dir.write_summary(summary)


__all__ = [
    "RunDirectory",
    "RunDirectoryError",
    "RunRecorder",
    "check_available",
    "default_run_dir",
    "entry_header",
    "write_atomic",
]
