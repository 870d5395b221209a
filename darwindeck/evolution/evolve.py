"""One complete evolution run: configuration in, run directory out.

``evolve(config)`` wires the pieces the way ``darwindeck evolve`` does: it checks the seeds,
creates the run directory and writes ``config.yaml``, starts the Ray actor pool (unless an
evaluator is given), subscribes the console, TensorBoard and run-directory loggers to a
``GeneticAlgorithm`` and runs it for ``config.generations`` generations.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from darwindeck.config import RunConfig, with_overrides
from darwindeck.evolution.engine import GeneticAlgorithm, PopulationEvaluator
from darwindeck.evolution.hall_of_fame import HallOfFameEntry
from darwindeck.logging.console import ConsoleLogger
from darwindeck.run_dir import RunDirectory, RunRecorder, check_available, default_run_dir


@dataclass(frozen=True)
class EvolveResult:
    """What a finished run produced.

    Attributes:
        run_dir: the run directory.
        config: the resolved configuration (``run_dir`` filled in), as in ``config.yaml``.
        status: the status dict of the last generation.
        hall_of_fame: the best distinct genomes of the run, best first.
    """

    run_dir: RunDirectory
    config: RunConfig
    status: dict[str, Any]
    hall_of_fame: tuple[HallOfFameEntry, ...]


def resolve_run_dir(config: RunConfig) -> RunConfig:
    """``config`` with ``run_dir`` set: as given, else ``runs/<name>-<timestamp>``."""
    if config.run_dir is not None:
        return config
    return with_overrides(config, run_dir=str(default_run_dir(config.name)))


def make_evaluator(config: RunConfig, progress: bool = False) -> Any:
    """The Ray actor pool of the run: a ``ParallelFitnessEvaluator`` over
    ``FitnessEvaluator``s, with ``config.num_workers`` actors of ``config.cpus_per_actor``
    CPUs on the Ray cluster at ``config.address`` (None: a local Ray, or the one already
    initialised in this process)."""
    from darwindeck.evolution.fitness_full import FitnessEvaluator
    from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator

    return ParallelFitnessEvaluator(
        evaluator_factory=FitnessEvaluator,
        num_workers=config.num_workers,
        cpus_per_actor=config.cpus_per_actor,
        address=config.address,
        progress=progress,
    )


def evolve(
    config: RunConfig,
    evaluator: PopulationEvaluator | None = None,
    stream: TextIO | None = None,
    tensorboard: bool = True,
) -> EvolveResult:
    """Run one evolution and record it in its run directory.

    Args:
        config: the run configuration; a missing ``run_dir`` becomes
            ``runs/<name>-<timestamp>``.
        evaluator: evaluates populations; ``None`` starts the Ray actor pool
            (``make_evaluator``) and shuts it down at the end.
        stream: where the run directory, the TensorBoard command and one progress line per
            generation are printed (default stdout).
        tensorboard: write TensorBoard event files to ``<run_dir>/tensorboard``.

    Returns an ``EvolveResult``. The seeds are loaded before anything is written, so a bad
    seed leaves no run directory behind.

    Raises:
        darwindeck.config.ConfigError: a seed cannot be loaded.
        darwindeck.bindings.errors.LibraryError: no evaluator was given, Ray is local and
            the gosim library cannot be loaded (checked before the run directory is made).
        darwindeck.run_dir.RunDirectoryError: the run directory exists with files in it, or
            cannot be written.
        Whatever the evaluator raises (the run directory then holds the generations done,
            with ``finished: false`` in ``summary.json``).
    """
    config = resolve_run_dir(config)
    seeds = config.seed_genomes()
    check_available(config.run_dir)
    if evaluator is None and config.address is None:
        # The local actors load gosim from this installation: fail before the run
        # directory exists if it cannot be loaded (the error says how to build it).
        from darwindeck.bindings.cgo_bridge import library_version

        library_version()
    run_dir = RunDirectory.create(Path(config.run_dir))
    run_dir.write_config(config)
    out = sys.stdout if stream is None else stream
    print(f"darwindeck: run directory {run_dir.path}", file=out)
    print(f"darwindeck: watch with: tensorboard --logdir {run_dir.tensorboard_dir}", file=out, flush=True)

    owned = evaluator is None
    if evaluator is None:
        evaluator = make_evaluator(config)
    try:
        if owned:
            # Start Ray and every actor now, so that generation 0's evaluation time (and
            # games per second) measures games, not start-up.
            info = evaluator.actor_info()
            versions = sorted({i["library_version"] for i in info})
            print(f"darwindeck: {len(info)} fitness actors ready ({'; '.join(versions)})", file=out, flush=True)
        ga = GeneticAlgorithm(config, evaluator, seeds=seeds)
        ConsoleLogger(ga, stream=stream, generations=config.generations)
        if tensorboard:
            from darwindeck.logging.tensorboard import TensorBoardLogger

            TensorBoardLogger(ga, run_dir.tensorboard_dir)
        RunRecorder(ga, run_dir)
        status = ga.run(config.generations)
    finally:
        if owned:
            evaluator.shutdown()
    return EvolveResult(run_dir, config, status, ga.hall_of_fame.entries)


__all__ = ["EvolveResult", "evolve", "make_evaluator", "resolve_run_dir"]
