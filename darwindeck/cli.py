"""The ``darwindeck`` command.

Subcommands:

- ``darwindeck evolve --config configs/laptop.yaml [--run-dir DIR] [--seed N]
  [--generations N] [--population N] [--games N] [--workers N] [--address ADDR]``:
  breed card games; flags override the configuration file.
- ``darwindeck schema``: print the JSON Schema of a genome.

A user error (bad configuration, unreadable file, run directory in use, gosim library not
built) prints ``darwindeck: error: ...`` to stderr, without a traceback, and exits with
status 2; an interrupt exits with 130.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from darwindeck.bindings.errors import LibraryError
from darwindeck.config import ConfigError, load_config, with_overrides
from darwindeck.genome.io import GenomeFileError
from darwindeck.run_dir import RunDirectoryError

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


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
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ev = sub.add_parser(
        "evolve",
        help="breed card games from the seed games",
        description="Run a genetic algorithm over card-game rule sets. Flags override the configuration file.",
    )
    ev.add_argument("--config", required=True, metavar="PATH", help="run configuration (YAML), e.g. configs/laptop.yaml")
    ev.add_argument("--run-dir", metavar="DIR", help="run directory (default runs/<name>-<timestamp>); must be new or empty")
    ev.add_argument("--seed", type=_seed, metavar="N", help="run seed")
    ev.add_argument("--generations", type=_positive_int, metavar="N", help="number of generations")
    ev.add_argument("--population", type=_positive_int, metavar="N", help="population size")
    ev.add_argument("--games", type=_positive_int, metavar="N", help="games played per genome")
    ev.add_argument("--workers", type=_positive_int, metavar="N", help="Ray actors (default: one per CPU)")
    ev.add_argument("--address", metavar="ADDR", help="Ray cluster address (default: start a local Ray)")
    ev.set_defaults(func=_cmd_evolve)

    sc = sub.add_parser("schema", help="print the JSON Schema of a genome", description="Print the genome JSON Schema.")
    sc.set_defaults(func=_cmd_schema)
    return parser


def _cmd_evolve(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    config = with_overrides(
        config,
        source="command line",
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

    result = evolve(config)
    if result.hall_of_fame:
        best = result.hall_of_fame[0]
        print(
            f"darwindeck: best genome {best.genome.name} ({best.genome_id}), fitness {best.fitness:.4f}: "
            f"{result.run_dir.best_path}"
        )
    else:
        print("darwindeck: no valid genome was found; see summary.json")
    print(f"darwindeck: hall of fame in {result.run_dir.hall_of_fame_dir}, summary in {result.run_dir.summary_path}")
    return 0


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
    except (ConfigError, GenomeFileError, RunDirectoryError) as exc:
        print(f"darwindeck: error: {' '.join(str(exc).split())}", file=sys.stderr)
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
