"""One complete evolution run: configuration in, run directory out; and its resumption.

``evolve(config)`` wires the pieces the way ``darwindeck evolve`` does: it checks the seeds,
the Ray address (a quick TCP check, ``darwindeck.ray_address``) or the gosim library (local
Ray), creates the run directory, writes ``config.yaml``, the seed genomes (``seeds/``) and a
first ``summary.json``, starts the Ray actor pool (unless an evaluator is given; its
evaluators use the run's fitness style, ``RunConfig.fitness_config()``), subscribes
the console, TensorBoard and run-directory loggers to a ``GeneticAlgorithm`` and runs it for
``config.generations`` generations. If the run fails, ``summary.json`` says so
(``finished: false`` and ``error``).

``resume(run_dir)`` (``darwindeck evolve --resume RUN_DIR``) reads the run's
``config.yaml`` and newest checkpoint, puts a new ``GeneticAlgorithm`` in the saved state
and runs the remaining generations: the populations, fitness, hall of fame, archive and
every non-timing TensorBoard scalar equal those of an uninterrupted run, and TensorBoard
shows each step once (the new events file purges the steps the interrupted process wrote
after its checkpoint).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from darwindeck.config import ConfigError, RunConfig, apply_set_options, load_config, with_overrides
from darwindeck.evolution.engine import GeneticAlgorithm, PopulationEvaluator
from darwindeck.evolution.hall_of_fame import HallOfFameEntry
from darwindeck.logging.console import ConsoleLogger, format_summary_table
from darwindeck.ray_address import ClusterError, check_reachable
from darwindeck.run_dir import CONFIG_FILE, RunDirectory, RunDirectoryError, RunRecorder, check_available

#: How a fitness actor that cannot import darwindeck fails (Ray's message).
_NOT_INSTALLED = "No module named 'darwindeck"


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


def create_run_dir(config: RunConfig) -> tuple[RunConfig, RunDirectory]:
    """Create the run directory of ``config``: ``run_dir`` if set (it must not exist or be
    empty), else a new ``runs/<name>-<YYYYmmdd-HHMMSS>[-N]`` (never one another run took).
    Returns ``config`` with ``run_dir`` set, and the directory.

    Raises RunDirectoryError if the directory is in use or cannot be created.
    """
    if config.run_dir is not None:
        return config, RunDirectory.create(Path(config.run_dir))
    run_dir = RunDirectory.create_default(config.name)
    return with_overrides(config, run_dir=str(run_dir.path)), run_dir


def make_evaluator(config: RunConfig, progress: bool = False) -> Any:
    """The Ray actor pool of the run: a ``ParallelFitnessEvaluator`` over
    ``FitnessEvaluator``s built by ``config.fitness_config().evaluator_factory()`` (the
    run's style, resolved here with its overrides, and ``fitness.mcts_iterations``; a
    picklable ``functools.partial``), with ``config.num_workers`` actors of
    ``config.cpus_per_actor`` CPUs on the Ray cluster at ``config.address`` (None: a local
    Ray, or the one already initialised in this process).

    Raises ``darwindeck.evolution.styles.StyleError`` if the configuration's named style
    file has gone or no longer validates."""
    from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator

    return ParallelFitnessEvaluator(
        evaluator_factory=config.fitness_config().evaluator_factory(),
        num_workers=config.num_workers,
        cpus_per_actor=config.cpus_per_actor,
        address=config.address,
        progress=progress,
    )


def describe_fitness(config: RunConfig) -> str:
    """One line saying how the run measures fitness: the style (with ``+ overrides`` when
    weights, target turns or the completion gate are replaced) and the stages, e.g.
    ``style party; stages: screening (random, 10 games) -> greedy (greedy, 100 games, best 20%)``."""
    f = config.fitness
    style = config.fitness_config().style
    if not isinstance(f.style, str):
        name = f"inline {style.name!r}"
    elif f.style.lower().endswith((".yaml", ".yml")):
        name = f"{style.name} ({f.style})"
    else:
        name = f.style
    overridden = [k for k in ("weights", "target_turns", "min_completion") if getattr(f, k) is not None]
    parts = []
    for stage in config.stage_list():
        share = "" if stage.fraction >= 1.0 else f", best {100 * stage.fraction:g}%"
        parts.append(f"{stage.name} ({stage.players}, {stage.games} games{share})")
    mcts = any(stage.players == "mcts" for stage in config.stage_list())
    return (
        f"style {name}"
        + (f" + {', '.join(overridden)}" if overridden else "")
        + f"; stages: {' -> '.join(parts)}"
        + (f"; {f.mcts_iterations} MCTS iterations per decision" if mcts else "")
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

    Returns an ``EvolveResult``. The seeds, the run directory's availability and the Ray
    address or the gosim library are checked before anything is written, so these errors
    leave no run directory behind. From then on ``summary.json`` exists; a failure records
    its ``error`` there (with ``finished: false``) before it propagates.

    Raises:
        darwindeck.config.ConfigError: a seed cannot be loaded.
        darwindeck.ray_address.ClusterError: no Ray cluster answers at ``config.address``
            within ``DARWINDECK_CONNECT_TIMEOUT`` seconds (default 10), or its nodes cannot
            import darwindeck.
        darwindeck.bindings.errors.LibraryError: no evaluator was given, Ray is local and
            the gosim library cannot be loaded.
        darwindeck.run_dir.RunDirectoryError: the run directory exists with files in it, or
            cannot be written.
        Whatever the evaluator raises (the run directory then holds the generations done,
            with ``finished: false`` and the ``error`` in ``summary.json``).
    """
    seeds = config.seed_genomes()
    if config.run_dir is not None:
        check_available(config.run_dir)
    if evaluator is None:
        _check_ray(config.address)
    config, run_dir = create_run_dir(config)
    try:
        run_dir.write_config(config)
        run_dir.write_seeds(config.seeds, seeds)
        run_dir.write_start(config)
    except BaseException as exc:
        _record_error(run_dir, exc)
        raise
    return _run(config, run_dir, evaluator, stream, tensorboard, seeds=seeds, progress=progress)


def _check_ray(address: str | None) -> None:
    """Fail fast, before a run directory exists: a cluster address must answer
    (``check_reachable``); with a local Ray, the gosim library must load (the error says how
    to build it; it is loaded in a child process, the driver never loads gosim)."""
    if check_reachable(address) is None and address is None:
        from darwindeck.evolution.parallel_fitness import check_library

        check_library()


def _record_error(run_dir: RunDirectory, exc: BaseException) -> None:
    """Note in ``summary.json`` why the run stopped (never raises: the original error
    matters more)."""
    if isinstance(exc, KeyboardInterrupt):
        text = "interrupted"
    else:
        text = " ".join(f"{type(exc).__name__}: {exc}".split())[:2000]
    try:
        run_dir.record_error(text)
    except Exception:  # pragma: no cover - the disk is gone; keep the original error
        pass


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
    config = with_overrides(config, run_dir=str(path), address=address, labels={"address": "--address"})
    ckpt_path = latest_checkpoint(path)
    ckpt = load_checkpoint(ckpt_path)
    check_compatible(ckpt, config, str(ckpt_path))  # before any actor starts or file changes
    rd = RunDirectory(path)
    # The copies made when the run started (the seed files may have changed since).
    seeds = rd.read_seeds() or config.seed_genomes()
    if evaluator is None:
        _check_ray(config.address)
    for sub in (rd.hall_of_fame_dir, rd.archive_dir, rd.tensorboard_dir):
        sub.mkdir(exist_ok=True)
    return _run(
        config, rd, evaluator, stream, tensorboard, seeds=seeds, checkpoint=(ckpt_path, ckpt), progress=progress
    )


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
    print(f"darwindeck: fitness {describe_fitness(config)}", file=out, flush=True)

    try:
        return _run_in(config, run_dir, evaluator, stream, tensorboard, seeds, checkpoint, progress, out)
    except BaseException as exc:
        _record_error(run_dir, exc)
        raise


def _start_actors(evaluator: Any, address: str | None) -> list[dict[str, Any]]:
    """Start Ray and every actor of the pool (so that generation 0's evaluation time
    measures games, not start-up); return their ``actor_info``.

    Raises ClusterError when the cluster cannot be joined or its nodes lack darwindeck.
    """
    from darwindeck.evolution.parallel_fitness import EvaluationError

    where = f"the Ray cluster at {address}" if address else "the local Ray"
    try:
        return evaluator.actor_info()
    except ConnectionError as exc:
        raise ClusterError(f"cannot reach {where}: {' '.join(str(exc).split())}") from None
    except (EvaluationError, ModuleNotFoundError) as exc:
        text = str(exc)
        if _NOT_INSTALLED in text:
            start = text.rindex(_NOT_INSTALLED)
            reason = text[start : text.find("'", start + len(_NOT_INSTALLED)) + 1]
            raise ClusterError(
                f"darwindeck is not installed on the cluster's nodes (see cluster/README.md): the fitness "
                f"actors on {where} cannot import it ({reason})"
                + ("; --address auto joins whatever Ray cluster runs on this machine" if address == "auto" else "")
            ) from None
        raise


def _run_in(
    config: RunConfig,
    run_dir: RunDirectory,
    evaluator: PopulationEvaluator | None,
    stream: TextIO | None,
    tensorboard: bool,
    seeds: list | None,
    checkpoint: tuple[Path, Any] | None,
    progress: bool,
    out: TextIO,
) -> EvolveResult:
    owned = evaluator is None
    if evaluator is None:
        evaluator = make_evaluator(config, progress=progress)
    library_version = None
    try:
        if owned:
            info = _start_actors(evaluator, config.address)
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


__all__ = ["EvolveResult", "create_run_dir", "describe_fitness", "evolve", "make_evaluator", "resume"]
