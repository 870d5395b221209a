"""One complete evolution run: configuration in, run directory out; and its resumption.

``evolve(config)`` wires the pieces the way ``darwindeck evolve`` does: it checks the seeds,
creates the run directory and writes ``config.yaml``, starts the Ray actor pool (unless an
evaluator is given), subscribes the console, TensorBoard and run-directory loggers to a
``GeneticAlgorithm`` and runs it for ``config.generations`` generations.

``resume(run_dir)`` (``darwindeck evolve --resume RUN_DIR``) reads the run's
``config.yaml`` and newest checkpoint, puts a new ``GeneticAlgorithm`` in the saved state
and runs the remaining generations: the populations, fitness, hall of fame, archive and
every non-timing TensorBoard scalar equal those of an uninterrupted run, and TensorBoard
shows each step once (the new events file purges the steps the interrupted process wrote
after its checkpoint).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from darwindeck.config import ConfigError, RunConfig, apply_set_options, load_config, with_overrides
from darwindeck.evolution.engine import GeneticAlgorithm, PopulationEvaluator
from darwindeck.evolution.hall_of_fame import HallOfFameEntry
from darwindeck.logging.console import ConsoleLogger, format_summary_table
from darwindeck.run_dir import CONFIG_FILE, RunDirectory, RunDirectoryError, RunRecorder, check_available, default_run_dir


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

    style = config.fitness
    factory = functools.partial(
        FitnessEvaluator, weights=style.weights, target_turns=style.target_turns, min_completion=style.min_completion
    )
    return ParallelFitnessEvaluator(
        evaluator_factory=factory,
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
    progress: bool = False,
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
        progress: show a progress bar of the genomes evaluated in each generation (when
            the actor pool is started here).

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
        # directory exists if it cannot be loaded (the error says how to build it). The
        # check loads it in a child process: the driver never loads gosim.
        from darwindeck.evolution.parallel_fitness import check_library

        check_library()
    run_dir = RunDirectory.create(Path(config.run_dir))
    run_dir.write_config(config)
    return _run(config, run_dir, evaluator, stream, tensorboard, seeds=seeds, progress=progress)


def resume(
    run_dir: str | Path,
    evaluator: PopulationEvaluator | None = None,
    stream: TextIO | None = None,
    tensorboard: bool = True,
    set_options: list[str] | None = None,
    address: str | None = None,
    progress: bool = False,
) -> EvolveResult:
    """Continue an interrupted (or extend a finished) run from its newest checkpoint.

    Args:
        run_dir: the run directory (with ``config.yaml`` and ``checkpoints/``).
        evaluator, stream, tensorboard, progress: as for ``evolve``.
        set_options: ``key=value`` overrides of the saved configuration; only settings
            that do not change results may differ (``generations`` to extend the run,
            ``address``, ``num_workers``, ``cpus_per_actor``), others fail the config hash.
        address: Ray cluster address (overrides the saved one).

    Raises:
        darwindeck.evolution.checkpoint.CheckpointError: no checkpoint, or one that is
            invalid or made with other settings (the message names the file and fields).
        ConfigError: ``config.yaml`` is missing or invalid, or a bad override.
        RunDirectoryError: the directory does not exist.
    """
    from darwindeck.evolution.checkpoint import check_compatible, latest_checkpoint, load_checkpoint

    path = Path(run_dir)
    if not path.is_dir():
        raise RunDirectoryError(f"{path}: no such run directory")
    if not (path / CONFIG_FILE).is_file():
        raise ConfigError(f"{path}: no {CONFIG_FILE}; is this a darwindeck run directory?")
    config = load_config(path / CONFIG_FILE)
    config = apply_set_options(config, list(set_options or []))
    config = with_overrides(config, run_dir=str(path), address=address)
    ckpt_path = latest_checkpoint(path)
    ckpt = load_checkpoint(ckpt_path)
    check_compatible(ckpt, config, str(ckpt_path))  # before any actor starts or file changes
    rd = RunDirectory(path)
    for sub in (rd.hall_of_fame_dir, rd.archive_dir, rd.tensorboard_dir):
        sub.mkdir(exist_ok=True)
    return _run(config, rd, evaluator, stream, tensorboard, checkpoint=(ckpt_path, ckpt), progress=progress)


def _run(
    config: RunConfig,
    run_dir: RunDirectory,
    evaluator: PopulationEvaluator | None,
    stream: TextIO | None,
    tensorboard: bool,
    seeds: list | None = None,
    checkpoint: tuple[Path, Any] | None = None,
    progress: bool = False,
) -> EvolveResult:
    """Build the algorithm (restored from ``checkpoint`` if given), subscribe the loggers,
    run the remaining generations, print the summary table."""
    out = sys.stdout if stream is None else stream
    print(f"darwindeck: run directory {run_dir.path}", file=out)
    print(f"darwindeck: watch with: tensorboard --logdir {run_dir.tensorboard_dir}", file=out, flush=True)

    owned = evaluator is None
    if evaluator is None:
        evaluator = make_evaluator(config, progress=progress)
    library_version = None
    try:
        if owned:
            # Start Ray and every actor now, so that generation 0's evaluation time (and
            # games per second) measures games, not start-up.
            info = evaluator.actor_info()
            versions = sorted({i["library_version"] for i in info})
            library_version = "; ".join(versions)
            print(f"darwindeck: {len(info)} fitness actors ready ({library_version})", file=out, flush=True)
        ga = GeneticAlgorithm(config, evaluator, seeds=seeds if seeds is not None else config.seed_genomes())
        purge_step = None
        if checkpoint is not None:
            from darwindeck.evolution.checkpoint import restore_state

            ckpt_path, ckpt = checkpoint
            restore_state(ga, ckpt, source=str(ckpt_path))
            run_dir.write_config(config)  # generations may have been extended
            if ckpt.library_version and library_version and ckpt.library_version != library_version:
                print(
                    f"darwindeck: warning: checkpoint made with {ckpt.library_version}, the actors run "
                    f"{library_version}; results may differ from the uninterrupted run",
                    file=out,
                )
            purge_step = ga.generation
            print(f"darwindeck: resuming at generation {ga.generation} from {ckpt_path}", file=out, flush=True)
        remaining = max(0, config.generations - ga.generation)
        ConsoleLogger(ga, stream=stream, generations=config.generations)
        if tensorboard:
            from darwindeck.logging.tensorboard import TensorBoardLogger, hparam_values

            TensorBoardLogger(
                ga,
                run_dir.tensorboard_dir,
                text_interval=config.tensorboard_text_interval,
                purge_step=purge_step,
                hparams=hparam_values(config),
                generations=config.generations,
                sync_interval=config.checkpoint_interval,
            )
        RunRecorder(ga, run_dir, library_version=library_version)
        status = ga.run(remaining)
    finally:
        if owned:
            evaluator.shutdown()
    print(format_summary_table(ga), file=out, flush=True)
    return EvolveResult(run_dir, config, status, ga.hall_of_fame.entries)


__all__ = ["EvolveResult", "evolve", "make_evaluator", "resolve_run_dir", "resume"]
