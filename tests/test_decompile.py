"""model -> bytecode -> model: no field is lost on the way to the engine."""

from __future__ import annotations

import numpy as np
import pytest

from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.decompile import DecompileError, decompile
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.seeds import load_seed, load_seeds, seed_names

COMPILE = BytecodeCompiler().compile_genome


def _renamed(genome):
    """The genome with zones named z0, z1, ... and the name `decompiled`, as decompile gives."""
    data = genome_to_data(genome)
    names = {z["name"]: f"z{i}" for i, z in enumerate(data["zones"])}

    def walk(v):
        if isinstance(v, dict):
            return {k: (names.get(x, x) if isinstance(x, str) and k != "name" else walk(x)) for k, x in v.items()}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    data = walk(data)
    data["name"] = "decompiled"
    for z in data["zones"]:
        z["name"] = names.get(z["name"], z["name"])
    return data


@pytest.mark.parametrize("name", seed_names())
def test_seed_round_trip(name):
    g = load_seed(name)
    back = decompile(COMPILE(g))
    assert COMPILE(back) == COMPILE(g)
    expected = _renamed(g)
    got = genome_to_data(back)
    for setup in expected["setup"]:
        setup.pop("count_for", None)  # resolved for the genome's player count at compile time
    assert got["zones"] == expected["zones"] and got["turn"] == expected["turn"]
    assert got["end"] == expected["end"] and got.get("effects") == expected.get("effects")


def test_mutant_round_trips():
    rng = np.random.default_rng(4)
    pop = load_seeds()
    for i in range(200):
        g = mutate_genome(pop[i % len(pop)], rng, rate=2)
        pop.append(g)
        program = COMPILE(g)
        assert COMPILE(decompile(program)) == program


def test_bad_bytes_named():
    with pytest.raises(DecompileError, match="bad magic"):
        decompile(b"nope" * 8)
    program = COMPILE(load_seed("war"))
    with pytest.raises(DecompileError, match="length"):
        decompile(program[:-1])
