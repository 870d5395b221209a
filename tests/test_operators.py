"""Mutation and crossover only produce valid genomes, reproducibly, and really change rules."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from darwindeck.evolution.crossover import CrossoverStats, crossover, crossover_pair
from darwindeck.evolution.mutation import OPERATOR_WEIGHTS, OPERATORS, MutationStats, mutate_genome
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, load_seeds

SEEDS = load_seeds()
COMPILE = BytecodeCompiler().compile_genome


def _revalidate(g: Genome) -> None:
    assert Genome.model_validate(g.model_dump()) == g
    assert COMPILE(g)[:4] == b"DDBC"


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), which=st.integers(0, 2), rate=st.floats(0, 4))
def test_mutants_are_valid(seed: int, which: int, rate: float):
    rng = np.random.default_rng(seed)
    g = SEEDS[which]
    for _ in range(5):
        g = mutate_genome(g, rng, rate=rate)
        _revalidate(g)


def test_mutation_changes_rules_and_counts():
    rng = np.random.default_rng(3)
    stats = MutationStats()
    changed = 0
    for i in range(90):
        parent = SEEDS[i % 3]
        child = mutate_genome(parent, rng, stats=stats)
        changed += COMPILE(child) != COMPILE(parent)
    assert changed >= 80  # a few point mutations may be no-ops on the program
    assert sum(stats.applied.values()) >= 90
    assert set(OPERATORS) == set(OPERATOR_WEIGHTS)


def test_every_operator_family_applies():
    rng = np.random.default_rng(11)
    stats = MutationStats()
    pop = list(SEEDS)
    for i in range(600):
        pop.append(mutate_genome(pop[i % len(pop)], rng, stats=stats))
    assert set(stats.applied) == set(OPERATORS)


def test_mutation_reproducible():
    a = mutate_genome(SEEDS[0], np.random.default_rng(5), rate=3)
    b = mutate_genome(SEEDS[0], np.random.default_rng(5), rate=3)
    assert a == b
    assert mutate_genome(SEEDS[1]) == mutate_genome(SEEDS[1])  # the guide's call, no rng


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), i=st.integers(0, 2), j=st.integers(0, 2))
def test_crossover_children_valid(seed: int, i: int, j: int):
    rng = np.random.default_rng(seed)
    child = crossover_pair(SEEDS[i], SEEDS[j], rng)
    _revalidate(child)


def test_crossover_exchanges_substructures():
    rng = np.random.default_rng(0)
    stats = CrossoverStats()
    by_name = {g.name: g for g in SEEDS}
    war, hearts = by_name["War"], by_name["Hearts"]
    children = [crossover_pair(hearts, war, rng, stats=stats) for _ in range(40)]
    assert stats.children == 40
    # some child takes War's deck/end/setup or turn while keeping Hearts' other parts
    mixed = [c for c in children if c != hearts and c != war]
    assert mixed, "no child differed from both parents"
    assert all(c.players in (2, 4) for c in children)


def test_crossover_list_form():
    kids = crossover(SEEDS, np.random.default_rng(1))
    assert len(kids) == len(SEEDS)
    for k in kids:
        _revalidate(k)


def test_offspring_names_tell_children_apart_and_stay_short():
    from darwindeck.evolution.mutation import crossover_base, lineage_base, offspring_name

    rng = np.random.default_rng(3)
    hearts, war, eights = load_seed("hearts"), load_seed("war"), load_seed("crazy_eights")
    child = mutate_genome(hearts, rng)
    assert child.name == f"Hearts ~{child.genome_id[:6]}"
    assert child.genome_id == child.with_changes(name="Hearts").genome_id  # the name is not in the program
    grandchild = mutate_genome(child, rng)
    assert grandchild.name == f"Hearts ~{grandchild.genome_id[:6]}"  # the suffix is replaced, not added
    mixed = None
    for _ in range(20):
        mixed = crossover_pair(grandchild, war, rng)
        if mixed.genome_id not in (grandchild.genome_id, war.genome_id):
            break
    assert mixed.name == f"Hearts x War ~{mixed.genome_id[:6]}"
    # Names keep at most two ancestors, and at most 64 characters.
    assert crossover_base(mixed.name, eights.name) == "Hearts x Crazy Eights"
    assert crossover_base(mixed.name, "Hearts ~abcdef") == "Hearts"
    assert lineage_base(mixed.name) == "Hearts x War"
    assert len(offspring_name("x" * 80, "0123456789ab")) == 64
    # Deterministic: the same draws give the same names.
    again = mutate_genome(hearts, np.random.default_rng(3))
    assert again.name == child.name and again == child
