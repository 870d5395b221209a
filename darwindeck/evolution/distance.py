"""A distance between genomes: how much of two rule sets differs.

A genome's *features* are the leaves of its canonical structure: every scalar of
``genome.model_dump(mode="json", by_alias=True, exclude_none=True)`` (defaults included,
the ``name`` left out) written as ``path=value``, where the path names the fields and the
list positions on the way (``turn.1.legal.any.0.rank_is=8``); a list of scalars (the deck's
ranks) counts as a set, one feature ``path[]=value`` per entry. Two genomes with the same
rules have the same features, whatever their names; a point mutation changes one to a few
features; a crossover that swaps the turn structure changes dozens.

``genome_distance(a, b)`` is the Jaccard distance of the two feature sets,

    d(a, b) = 1 - |F(a) ∩ F(b)| / |F(a) ∪ F(b)|,

in [0, 1]: 0 for the same rules, 1 for rule sets sharing no feature. It is a metric
(symmetric, zero only for equal feature sets, triangle inequality; Levandowsky & Winter
1971, "Distance between sets", Nature 234). Hall-of-fame and sharing thresholds are in
these units (docs/evolution.md gives typical values: a single point mutation is about
0.01-0.05, War against Hearts about 0.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from darwindeck.genome.schema import Genome

__all__ = ["FeatureCache", "genome_distance", "genome_features", "jaccard_distance", "pairwise_distances"]


def _leaves(value: Any, path: str, out: set[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.add(f"{path}={{}}")
        for key in sorted(value):
            _leaves(value[key], f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        if not value:
            out.add(f"{path}=[]")
        if all(not isinstance(item, (dict, list)) for item in value):
            # A list of scalars (deck ranks) is a set: an entry removed or added changes
            # one feature, not the positions of all that follow.
            for item in value:
                out.add(f"{path}[]={item!r}")
            return
        for i, item in enumerate(value):
            _leaves(item, f"{path}.{i}", out)
    else:
        out.add(f"{path}={value!r}")


def genome_features(genome: Genome) -> frozenset[str]:
    """The feature set of ``genome`` (see the module docstring); the name is not a feature."""
    data = genome.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.pop("name", None)
    out: set[str] = set()
    _leaves(data, "", out)
    return frozenset(out)


def jaccard_distance(a: frozenset[str], b: frozenset[str]) -> float:
    """``1 - |a ∩ b| / |a ∪ b|`` (0.0 for two empty sets)."""
    union = len(a | b)
    return 0.0 if union == 0 else 1.0 - len(a & b) / union


def genome_distance(a: Genome, b: Genome) -> float:
    """The distance in [0, 1] between two genomes (module docstring)."""
    return jaccard_distance(genome_features(a), genome_features(b))


class FeatureCache:
    """Feature sets by ``genome_id``, so that a run computes each genome's features once.

    ``max_size`` bounds the memory (entries beyond it are dropped oldest first); distances
    do not depend on the cache.
    """

    def __init__(self, max_size: int = 20_000) -> None:
        self.max_size = int(max_size)
        self._features: dict[str, frozenset[str]] = {}

    def features(self, genome: Genome) -> frozenset[str]:
        """``genome_features(genome)``, cached by genome id."""
        gid = genome.genome_id
        f = self._features.get(gid)
        if f is None:
            f = genome_features(genome)
            if len(self._features) >= self.max_size:
                self._features.pop(next(iter(self._features)))
            self._features[gid] = f
        return f

    def distance(self, a: Genome, b: Genome) -> float:
        """``genome_distance(a, b)`` from cached features."""
        return jaccard_distance(self.features(a), self.features(b))


def pairwise_distances(genomes: Sequence[Genome], cache: FeatureCache | None = None) -> np.ndarray:
    """The symmetric ``(n, n)`` float64 matrix of distances between ``genomes`` (0 on the
    diagonal)."""
    cache = FeatureCache() if cache is None else cache
    feats = [cache.features(g) for g in genomes]
    n = len(feats)
    out = np.zeros((n, n), dtype=np.float64)
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = jaccard_distance(feats[i], feats[j])
    return out
