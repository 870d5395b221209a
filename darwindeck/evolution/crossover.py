"""Crossover: children that take whole sub-structures of rules from two parents.

A child starts as a copy of parent ``a`` and receives from parent ``b`` one or more whole
sub-structures: the deck, the setup, the turn (its phases together with the effects, the
captures section and the meld rules that act on them, and the trick-taking hand rules,
``tricks``, that go with its trick phase), the stock rule, the scoring, the end conditions, the
captures section (card values, sweeps, end-of-hand awards) alone, or the meld rules alone
(between two rummy games). Zones that ``b``'s
sub-structure names and ``a`` lacks are brought over with it (repair). A child that still
does not validate is rejected and another exchange is drawn; after ``max_attempts``
rejections the child is a copy of ``a``. ``CrossoverStats`` counts rejected children so the
driver can log them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from darwindeck.evolution.mutation import _renamed, _validate, crossover_base, default_rng, offspring_name
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.schema import Genome

# Groups of top-level fields exchanged together.
SUBSTRUCTURES: dict[str, tuple[str, ...]] = {
    "deck": ("deck",),
    "setup": ("setup", "players"),
    "turn": ("turn", "effects", "captures", "melds", "tricks"),  # hand rules travel with the turn
    "stock": ("stock",),
    "scoring": ("scoring",),
    "end": ("end", "turn_cap", "match"),
    # Betting games (docs/genome-betting.md): the chips and stakes alone, or a whole family of
    # rules (turn, end, betting, scoring or captures) so that a betting game and another can exchange them.
    "betting": ("betting",),
    "family": ("turn", "effects", "end", "match", "scoring", "betting", "captures"),
    "captures": ("captures",),
    "melds": ("melds",),
}


@dataclass
class CrossoverStats:
    """Children produced and children rejected (invalid) by crossover."""

    children: int = 0
    rejected: int = 0


def _zone_names(value: Any, known: set[str], out: set[str]) -> None:
    """Collect every string in ``value`` that names a zone in ``known``."""
    if isinstance(value, str):
        if value in known:
            out.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            _zone_names(v, known, out)
    elif isinstance(value, list):
        for v in value:
            _zone_names(v, known, out)


def crossover_pair(
    a: Genome,
    b: Genome,
    rng: np.random.Generator | None = None,
    max_attempts: int = 20,
    stats: CrossoverStats | None = None,
) -> Genome:
    """One valid child of parents ``a`` and ``b`` (see the module docstring).

    Args:
        a, b: parents (unchanged).
        rng: source of every random choice; ``None`` seeds one from both parents' programs.
        max_attempts: exchanges drawn before falling back to a copy of ``a``.
        stats: if given, counts the child and each rejected draw.

    Returns a valid Genome; never raises for valid parents. A child with rules of its own
    is named after its parents' first ancestors and itself, ``"Hearts x War ~3c54a7"``
    (``crossover_base``, ``offspring_name``); a child with the rules of a parent is that
    parent.
    """
    if rng is None:
        rng = default_rng(b, salt=b"crossover" + a.genome_id.encode())
    da, db = genome_to_data(a), genome_to_data(b)
    b_zones = {z["name"]: z for z in db["zones"]}
    names = list(SUBSTRUCTURES)
    if stats is not None:
        stats.children += 1
    for _ in range(max_attempts):
        child = copy.deepcopy(da)
        k = 1 + int(rng.integers(2))
        picked = rng.choice(len(names), size=k, replace=False)
        for idx in picked:
            for key in SUBSTRUCTURES[names[int(idx)]]:
                if key in db:
                    child[key] = copy.deepcopy(db[key])
                else:
                    child.pop(key, None)
        # repair: bring over zones named by b's parts that the child lacks
        used: set[str] = set()
        _zone_names({k: v for k, v in child.items() if k != "zones"}, set(b_zones), used)
        have = {z["name"] for z in child["zones"]}
        for name in sorted(used - have):
            child["zones"].append(copy.deepcopy(b_zones[name]))
        genome = _validate(child)
        if genome is not None:
            if genome.genome_id == a.genome_id:
                return a
            if genome.genome_id == b.genome_id:
                return b
            return _renamed(genome, offspring_name(crossover_base(a.name, b.name), genome.genome_id))
        if stats is not None:
            stats.rejected += 1
    return a


def crossover(
    parents: Sequence[Genome],
    rng: np.random.Generator | None = None,
    stats: CrossoverStats | None = None,
) -> list[Genome]:
    """Children of consecutive pairs of ``parents`` (``crossover(parents)``).

    Pairs (0, 1), (2, 3), ... each give two children (one with each parent as the base), so
    the result has as many genomes as ``parents``; an odd last parent is copied. Every
    child is valid.
    """
    out: list[Genome] = []
    for i in range(0, len(parents) - 1, 2):
        a, b = parents[i], parents[i + 1]
        out.append(crossover_pair(a, b, rng, stats=stats))
        out.append(crossover_pair(b, a, rng, stats=stats))
    if len(parents) % 2:
        out.append(parents[-1])
    return out
