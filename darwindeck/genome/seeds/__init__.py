"""The classic seed games evolution starts from, as YAML rule sets beside this module.

Each file states the exact variant it plays in its opening comment.
"""

from __future__ import annotations

from pathlib import Path

from darwindeck.genome.io import load_file
from darwindeck.genome.schema import Genome

SEED_DIR = Path(__file__).parent


def seed_names() -> list[str]:
    """Names of the stored seeds (file stems, e.g. ``"war"``), sorted."""
    return sorted(p.stem for p in SEED_DIR.glob("*.yaml"))


def load_seed(name: str) -> Genome:
    """The seed genome called ``name`` (e.g. ``"crazy_eights"``).

    Raises KeyError listing the known seeds if there is none of that name.
    """
    path = SEED_DIR / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"no seed named {name!r}; seeds: {', '.join(seed_names())}")
    return load_file(path)


def load_seeds() -> list[Genome]:
    """Every seed genome, in ``seed_names()`` order."""
    return [load_seed(n) for n in seed_names()]
