"""BytecodeCompiler: canonical bytes, exact encodings, fixtures for the Go tests."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from pydantic import ValidationError

from darwindeck.genome.bytecode import (
    HEADER_SIZE,
    MAGIC,
    BytecodeCompiler,
    CompileError,
    compile_predicate,
)
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, seed_names

FIXTURES = Path(__file__).resolve().parents[1] / "gosim" / "testdata" / "seeds"
COMPILER = BytecodeCompiler()


def test_header_and_length():
    b = COMPILER.compile_genome(load_seed("war"))
    assert b[:4] == MAGIC
    version, header, total, nsec = struct.unpack_from("<HHII", b, 4)
    assert (version, header, total) == (2, HEADER_SIZE, len(b))
    # War: GAME, ZONES, SETUP, TURN, END
    tags, off = [], HEADER_SIZE
    while off < len(b):
        tag, _, length = struct.unpack_from("<BBH", b, off)
        tags.append(tag)
        off += 4 + length
    assert off == len(b) and tags == [1, 2, 3, 4, 7] and nsec == 5


def test_name_is_not_part_of_program():
    g = load_seed("hearts")
    renamed = g.with_changes(name="Something else")
    assert COMPILER.compile_genome(g) == COMPILER.compile_genome(renamed)
    assert g.genome_id == renamed.genome_id


def test_rule_change_changes_program():
    g = load_seed("crazy_eights")
    assert COMPILER.compile_genome(g) != COMPILER.compile_genome(g.with_changes(players=3))


def test_deal_count_resolved_for_player_count():
    g = load_seed("crazy_eights")
    # setup section: count u8, then op, from, to, count ...
    def deal_count(genome):
        b = COMPILER.compile_genome(genome)
        off = HEADER_SIZE
        while True:
            tag, _, length = struct.unpack_from("<BBH", b, off)
            if tag == 3:
                return b[off + 4 + 1 + 3]
            off += 4 + length
    assert deal_count(g) == 7
    assert deal_count(g.with_changes(players=3)) == 5


def test_predicate_postfix():
    zones = {"stock": 0, "discard": 1, "hand": 2}
    g = load_seed("crazy_eights")
    ops = compile_predicate(g.turn[0].legal, zones)
    # same_rank_as_top(1) same_suit_as_top(1) OR rank_is(8 -> index 6) OR
    assert ops == bytes([5, 6, 1, 7, 1, 10, 0, 2, 6, 10, 0])


def test_predicate_too_deep_rejected_at_validation():
    """The format's limits (64 ops, stack depth 16) are schema errors naming the field, so a
    genome that validates always compiles."""
    data = genome_to_data(load_seed("crazy_eights"))
    pred = {"rank_is": "2"}
    for _ in range(20):
        pred = {"any": [{"suit_is": "H"}, pred]}
    data["turn"][0]["legal"] = pred
    with pytest.raises(ValidationError, match=r"turn\[0\].legal: predicate nests to stack depth 21"):
        Genome.model_validate(data)
    data["turn"][0]["legal"] = {"any": [{"any": [{"rank_is": "2"}] * 8}] * 8}
    with pytest.raises(ValidationError, match="compiles to 127 ops; at most 64"):
        Genome.model_validate(data)


def test_predicate_size_matches_compiler():
    from darwindeck.genome.schema import predicate_size

    g = load_seed("crazy_eights")
    ops = compile_predicate(g.turn[0].legal, {"stock": 0, "discard": 1, "hand": 2})
    assert predicate_size(g.turn[0].legal) == (ops[0], 2)


@pytest.mark.parametrize("name", seed_names())
def test_go_fixtures_up_to_date(name: str):
    """gosim/testdata/seeds/*.ddbc are the compiled seeds; regenerate with
    DARWINDECK_UPDATE_FIXTURES=1 pytest tests/test_compiler.py."""
    b = COMPILER.compile_genome(load_seed(name))
    path = FIXTURES / f"{name}.ddbc"
    if os.environ.get("DARWINDECK_UPDATE_FIXTURES"):
        path.write_bytes(b)
    assert path.read_bytes() == b, f"{path} is stale; regenerate it"
