"""Per-genome seeds derived from the run seed and the canonical program bytes."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from darwindeck.evolution.seeding import genome_seed
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seeds


def test_formula_and_range():
    expected = hashlib.sha256(b"darwindeck/genome_seed/v1\x00" + (5).to_bytes(8, "little") + b"prog").digest()[:8]
    assert genome_seed(5, b"prog") == int.from_bytes(expected, "little")
    assert 0 <= genome_seed(2**64 - 1, b"") < 2**64
    assert genome_seed(np.uint64(5), bytearray(b"prog")) == genome_seed(5, b"prog")


def test_depends_on_rules_and_run_seed_not_on_name():
    seeds = load_seeds()
    compiler = BytecodeCompiler()
    g = seeds[0]
    same_rules = g.with_changes(name="Another name")
    assert genome_seed(1, compiler.compile_genome(g)) == genome_seed(1, compiler.compile_genome(same_rules))
    values = {genome_seed(1, compiler.compile_genome(s)) for s in seeds}
    assert len(values) == len(seeds)
    assert genome_seed(1, compiler.compile_genome(g)) != genome_seed(2, compiler.compile_genome(g))


@pytest.mark.parametrize("bad, exc", [(-1, ValueError), (2**64, ValueError), (1.0, TypeError), (True, TypeError)])
def test_bad_run_seed(bad, exc):
    with pytest.raises(exc):
        genome_seed(bad, b"x")


def test_bad_bytecode():
    with pytest.raises(TypeError):
        genome_seed(0, "text")
