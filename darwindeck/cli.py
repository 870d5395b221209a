"""The ``darwindeck`` command.

Subcommands:

- ``darwindeck evolve --config configs/laptop.yaml [--set key=value ...] [--style NAME]
  [--run-dir DIR] [--seed N] [--generations N] [--population N] [--games N] [--workers N]
  [--address ADDR]``: breed card games; flags and ``--set`` override the configuration file
  (``--style`` sets ``fitness.style`` to a preset of ``configs/styles/``).
- ``darwindeck evolve --resume RUN_DIR [--set generations=N] [--address ADDR]``: continue
  a run from its newest checkpoint, exactly as if it had not stopped.
- ``darwindeck simulate GENOME [--games N] [--players greedy,random] [--seed N]
  [--style NAME] [--trace [--game I]] [--deal FILE]``: play a genome (a file or a seed's
  name) and report per-seat win rates with 95% intervals, lengths and fitness (under the
  style NAME, default balanced); ``--trace`` prints one game
  move by move, ``--deal`` plays a given deck order instead of a shuffle.
- ``darwindeck rules GENOME``: print the rulebook (markdown).
- ``darwindeck seeds``: list the seed games.
- ``darwindeck schema``: print the JSON Schema of a genome.
- ``darwindeck bench``: measure gosim's speed (docs/benchmarks.md).
- ``darwindeck --version``: darwindeck's version and the gosim library's (if it loads).

A user error (bad configuration, unreadable or invalid file, run directory in use,
checkpoint that does not fit, gosim library not built, Ray cluster unreachable or without
darwindeck) prints ``darwindeck: error: ...`` to stderr, without a traceback, and exits with
status 2; an interrupt exits with 130.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from darwindeck.bindings.errors import GosimError, LibraryError
from darwindeck.config import (
    ConfigError,
    apply_set_options,
    is_genome_path,
    load_config,
    with_overrides,
    with_style,
)
from darwindeck.genome.io import GenomeFileError
from darwindeck.evolution.checkpoint import CheckpointError
from darwindeck.evolution.styles import style_names
from darwindeck.ray_address import ClusterError
from darwindeck.run_dir import RunDirectoryError

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


class UsageError(ValueError):
    """A bad combination of flags or a bad value (the message says which)."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _int(text: str) -> int:
    """An integer flag whose range the run configuration checks (so the flag and the
    configuration file accept the same values, and the error names the flag)."""
    try:
        return int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None


#: ``darwindeck evolve`` flags that set a field of the run configuration: field -> flag.
EVOLVE_FLAGS = {
    "run_dir": "--run-dir",
    "seed": "--seed",
    "generations": "--generations",
    "population_size": "--population",
    "games_per_genome": "--games",
    "num_workers": "--workers",
    "address": "--address",
}


def version_text() -> str:
    """``darwindeck X.Y.Z`` and, on a second line, the gosim library's version and path, or
    why it does not load (never raises)."""
    import darwindeck

    lines = [f"darwindeck {darwindeck.__version__}"]
    try:
        from darwindeck.bindings.cgo_bridge import library_version

        lines.append(f"gosim library: {library_version()}")
    except Exception as exc:  # a missing or broken library must not break --version
        detail = [line for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
        lines.append("gosim library: not loaded:")
        lines += ["  " + line for line in detail]
    return "\n".join(lines)


class _VersionAction(argparse.Action):
    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(version_text())
        parser.exit()


def _seed(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``darwindeck`` with its ``evolve`` and ``schema`` subcommands."""
    parser = argparse.ArgumentParser(prog="darwindeck", description="Design new card games by evolution.")
    parser.add_argument(
        "--version", action=_VersionAction, help="print darwindeck's version and the gosim library's, then exit"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ev = sub.add_parser(
        "evolve",
        help="breed card games from the seed games",
        description="Run a genetic algorithm over card-game rule sets. Flags override the configuration file.",
    )
    ev.add_argument("--config", metavar="PATH", help="run configuration (YAML), e.g. configs/laptop.yaml")
    ev.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a field (YAML value; repeatable), e.g. --set population_size=48 --set fitness.target_turns=80",
    )
    ev.add_argument(
        "--style",
        metavar="NAME",
        help=f"fitness style: a preset of configs/styles/ ({', '.join(style_names())}); sets fitness.style, "
        "keeping the configuration's stages and any weights/target_turns/min_completion overrides",
    )
    ev.add_argument("--resume", metavar="RUN_DIR", help="continue the run in RUN_DIR from its newest checkpoint")
    ev.add_argument("--run-dir", metavar="DIR", help="run directory (default runs/<name>-<timestamp>); must be new or empty")
    # Ranges are the configuration's (docs/configuration.md); errors name the flag.
    ev.add_argument("--seed", type=_int, metavar="N", help="run seed, in [0, 2^64)")
    ev.add_argument("--generations", type=_int, metavar="N", help="number of generations (>= 1)")
    ev.add_argument("--population", type=_int, metavar="N", help="population size (>= 2)")
    ev.add_argument("--games", type=_int, metavar="N", help="games played per genome (>= 1)")
    ev.add_argument("--workers", type=_int, metavar="N", help="Ray actors (>= 1; default: one per CPU)")
    ev.add_argument(
        "--address",
        metavar="ADDR",
        help="Ray cluster to join: host:port, ray://host:10001, or auto (the cluster running on this "
        "machine, whatever it is); default: start a local Ray",
    )
    ev.set_defaults(func=_cmd_evolve)

    si = sub.add_parser(
        "simulate",
        help="play a genome and report win rates, lengths and fitness",
        description="Play GENOME (a genome file or a seed's name) and report per-seat win rates with 95%% "
        "Wilson intervals, game lengths and fitness metrics.",
    )
    si.add_argument("genome", metavar="GENOME", help="genome file (.yaml/.json) or seed name (see `darwindeck seeds`)")
    si.add_argument("--games", type=_positive_int, default=1000, metavar="N", help="games to play (default 1000)")
    si.add_argument(
        "--players", default="greedy", metavar="TYPES", help="player type of every seat, or one per seat: greedy,random"
    )
    si.add_argument("--seed", type=_seed, default=0, metavar="N", help="batch seed (default 0)")
    si.add_argument(
        "--style",
        default="balanced",
        metavar="NAME",
        help=f"fitness style the metrics are scored with ({', '.join(style_names())}; default balanced)",
    )
    si.add_argument("--trace", action="store_true", help="print one game move by move in card notation")
    si.add_argument("--game", type=int, default=0, metavar="I", help="with --trace: the game of the batch to print (default 0)")
    si.add_argument("--deal", metavar="FILE", help="play one game from this deck order (card names, top first) and trace it")
    si.set_defaults(func=_cmd_simulate)

    ru = sub.add_parser("rules", help="print a genome's rulebook", description="Print the rulebook of GENOME as markdown.")
    ru.add_argument("genome", metavar="GENOME", help="genome file (.yaml/.json) or seed name")
    ru.set_defaults(func=_cmd_rules)

    se = sub.add_parser("seeds", help="list the seed games", description="List the seed games evolution starts from.")
    se.set_defaults(func=_cmd_seeds)

    sc = sub.add_parser("schema", help="print the JSON Schema of a genome", description="Print the genome JSON Schema.")
    sc.set_defaults(func=_cmd_schema)

    from darwindeck.bench import engine as bench

    be = sub.add_parser("bench", help="measure gosim's speed (docs/benchmarks.md)", description=bench.DESCRIPTION)
    bench.add_arguments(be)
    be.set_defaults(func=_cmd_bench)
    return parser


def load_genome(entry: str):
    """A genome from a file path or a seed's name. Raises GenomeFileError naming the file
    (missing, unreadable, invalid) or the unknown seed (with the known names)."""
    from darwindeck.genome.io import load_file
    from darwindeck.genome.seeds import load_seed, seed_names

    if is_genome_path(entry) or Path(entry).exists():
        return load_file(entry)
    if entry in seed_names():
        return load_seed(entry)
    raise GenomeFileError(
        f"{entry}: no such genome file, and no seed of that name (seeds: {', '.join(seed_names())})"
    )


def _cmd_evolve(args: argparse.Namespace) -> int:
    if args.resume:
        given = [
            f for f in ("config", "style", "run_dir", "seed", "population", "games", "workers") if getattr(args, f) is not None
        ]
        if given:
            raise UsageError(
                f"--resume continues a run with its saved configuration; drop --{given[0].replace('_', '-')} "
                "(use --set generations=N to extend it)"
            )
        from darwindeck.evolution.evolve import resume

        overrides = list(args.set) + ([f"generations={args.generations}"] if args.generations is not None else [])
        result = resume(args.resume, set_options=overrides, address=args.address, progress=True)
        _print_result(result)
        return 0
    if not args.config:
        raise UsageError("evolve needs --config PATH (or --resume RUN_DIR)")
    config = load_config(args.config)
    config = apply_set_options(config, args.set)
    if args.style is not None:
        config = with_style(config, args.style)
    if args.games is not None and config.fitness.stages is not None:
        raise UsageError(
            f"--games {args.games}: this configuration evaluates in fitness.stages "
            f"({', '.join(s.name for s in config.fitness.stages)}), which set their own games; "
            "change them with --set fitness.stages=[...]"
        )
    config = with_overrides(
        config,
        source="command line",
        labels=EVOLVE_FLAGS,
        run_dir=args.run_dir,
        seed=args.seed,
        generations=args.generations,
        population_size=args.population,
        games_per_genome=args.games,
        num_workers=args.workers,
        address=args.address,
    )
    # Imported here so that `darwindeck schema` and --help never import Ray.
    from darwindeck.evolution.evolve import evolve

    result = evolve(config, progress=True)
    _print_result(result)
    return 0


def _print_result(result) -> None:
    if result.hall_of_fame:
        best = result.hall_of_fame[0]
        print(
            f"darwindeck: best genome {best.genome.name} ({best.genome_id}), fitness {best.fitness:.4f}: "
            f"{result.run_dir.best_path}"
        )
    else:
        print("darwindeck: no valid genome was found; see summary.json")
    print(f"darwindeck: hall of fame in {result.run_dir.hall_of_fame_dir}, summary in {result.run_dir.summary_path}")
    print(f"darwindeck: continue or extend with: darwindeck evolve --resume {result.run_dir.path} --set generations=N")


def _cmd_simulate(args: argparse.Namespace) -> int:
    from darwindeck import simulate as sim
    from darwindeck.genome.bytecode import BytecodeCompiler

    if args.style not in style_names():
        raise UsageError(f"--style: no fitness style named {args.style!r}; styles: {', '.join(style_names())}")
    genome = load_genome(args.genome)
    try:
        seats = sim.parse_players(args.players, genome.players)
    except ValueError as exc:
        raise UsageError(f"--players: {exc}") from None
    names = [next(k for k, v in sim.PLAYER_TYPES.items() if v == t) for t in seats]
    bytecode = BytecodeCompiler().compile_genome(genome)
    if args.deal:
        from darwindeck.bindings.deal import deal_game

        try:
            deck = sim.read_deal(args.deal, genome)
        except ValueError as exc:
            raise UsageError(f"--deal: {exc}") from None
        events, record = deal_game(bytecode, deck, random_seed=args.seed, seat_players=seats)
        print(f"{genome.name} ({genome.genome_id}): one game dealt from {args.deal}, players {', '.join(names)}")
        print(sim.format_trace(genome, events, record))
        return 0
    from darwindeck.bindings.cgo_bridge import simulate_batch, trace_game
    from darwindeck.evolution.fitness_full import FitnessEvaluator

    result = simulate_batch(bytecode, args.games, 0, 0, args.seed, seat_players=seats)
    metrics = FitnessEvaluator(style=args.style).evaluate_records(result.records, genome.players, program_size=len(bytecode))
    print(sim.simulation_report(genome, result.records, names, metrics))
    if args.trace:
        if not 0 <= args.game < args.games:
            raise UsageError(f"--game {args.game}: the batch has games 0..{args.games - 1}")
        events, record = trace_game(bytecode, args.game, random_seed=args.seed, seat_players=seats, with_record=True)
        print(f"\ngame {args.game} of the batch (seed {args.seed}):")
        print(sim.format_trace(genome, events, record))
    return 0


def _cmd_rules(args: argparse.Namespace) -> int:
    from darwindeck.genome.rulebook import render_rules

    print(render_rules(load_genome(args.genome)))
    return 0


def _cmd_seeds(args: argparse.Namespace) -> int:
    from darwindeck.genome.seeds import load_seed, seed_names

    print(f"{'seed':<16} {'game':<20} {'players':>7}  {'id':<12}  phases")
    for name in seed_names():
        g = load_seed(name)
        phases = ", ".join(p.phase for p in g.turn)
        print(f"{name:<16} {g.name:<20} {g.players:>7}  {g.genome_id:<12}  {phases}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from darwindeck.bench import engine as bench

    return bench.main(args)


def _cmd_schema(args: argparse.Namespace) -> int:
    from darwindeck.genome.schema import Genome

    print(json.dumps(Genome.model_json_schema(), indent=2))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``darwindeck`` command with ``argv`` (default ``sys.argv[1:]``); return the
    exit status (0 success, 2 user error, 130 interrupted). argparse exits itself on bad
    flags (status 2)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, GenomeFileError, RunDirectoryError, UsageError, CheckpointError, ClusterError) as exc:
        print(f"darwindeck: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_USER_ERROR
    except GosimError as exc:
        print(f"darwindeck: error: gosim: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except LibraryError as exc:
        # An installation problem, not a bug: the message lists what was tried and how to
        # build the library, one item a line.
        print(f"darwindeck: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("darwindeck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of our output went away (`darwindeck schema | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
