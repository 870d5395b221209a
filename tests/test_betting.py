"""Betting games (docs/genome-betting.md): the three seeds through schema, compiler, rulebook and
gosim; bad genomes and bad bytes rejected with the field or offset named; mutation and
crossover reach every betting feature and give genomes that play to the end."""

from __future__ import annotations

import copy
import struct

import numpy as np
import pytest
from pydantic import ValidationError

from darwindeck.bindings.cgo_bridge import simulate_batch, trace_game, validate_program
from darwindeck.bindings.errors import InvalidProgramError
from darwindeck.bindings.records import EventKind, Outcome
from darwindeck.evolution.crossover import crossover_pair
from darwindeck.evolution.mutation import OPERATORS, MutationStats, mutate_genome
from darwindeck.genome import bytecode as bc
from darwindeck.genome.decompile import decompile
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.rulebook import render_rules
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed

COMPILE = bc.BytecodeCompiler().compile_genome
BETTING_SEEDS = ["five_card_draw", "texas_holdem", "blackjack"]
BETTING_OPS = ["stakes", "betting_structure", "bet_rounds", "draws", "community", "dealer_policy", "hand_ranking"]


@pytest.mark.parametrize("name", BETTING_SEEDS)
@pytest.mark.parametrize("ai", [0, 1])
def test_seed_plays_to_the_end(name, ai):
    genome = load_seed(name)
    program = COMPILE(genome)
    validate_program(program)
    assert COMPILE(decompile(program)) == program
    r = simulate_batch(program, 200, ai, 0, 5).records
    assert np.all(r["cards_total"] == 52)
    assert np.all(r["outcome"] != Outcome.UNFINISHED)
    assert np.all(r["turns"] >= 1)
    scores = r["score"][:, : genome.players].astype(int)
    if genome.betting.banker is None:
        # Chips are conserved between the seats: the score is a seat's final chips.
        assert np.all(scores.sum(axis=1) == genome.players * genome.betting.stack)
    won = r["outcome"] == Outcome.WIN
    assert won.mean() > 0.9
    for row, s in zip(r[won], scores[won]):
        best = s.max()
        assert row["winners"] == sum(1 << i for i in range(genome.players) if s[i] == best)


def test_greedy_beats_random_at_holdem():
    program = COMPILE(load_seed("texas_holdem"))
    r = simulate_batch(program, 200, 0, 0, 9, seat_players=[1, 0, 0, 0]).records
    # Greedy in seat 0 against three random players over 200 matches (fixed seed; measured 0.705).
    # By chance a seat wins 1/4 of them, standard error sqrt(0.25 x 0.75 / 200) = 0.031; 0.4 is
    # about 5 standard errors above chance.
    share = np.mean((r["winners"] & 1) != 0)
    assert share > 0.4, share


def test_rulebooks_state_the_rules():
    text = render_rules(load_seed("blackjack"))
    for words in ("stands on every 17", "natural wins 3:2", "stakes 2 chips", "face down", "bust loses"):
        assert words in text
    text = render_rules(load_seed("texas_holdem"))
    for words in ("small blind of 1", "big blind of 2", "Deal 3 cards face up", "best five-card poker hand",
                  "side pot", "never shown", "limit"):
        assert words in text
    text = render_rules(load_seed("five_card_draw"))
    assert "discards up to 3 cards" in text and "antes 1" in text


def _data(name: str) -> dict:
    return copy.deepcopy(genome_to_data(load_seed(name)))


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d["turn"].reverse(), "turn"),
        (lambda d: d.pop("betting"), "turn[0]"),
        (lambda d: d["end"].__setitem__(0, {"when": "one_left"}), "end"),
        (lambda d: d["betting"].update(small_blind=5, big_blind=2), "small_blind"),
        (lambda d: d["betting"].update(stack=9000), "stack"),
        (lambda d: d["turn"].__setitem__(1, {"phase": "discard_draw", "from": "hand", "to": "hand",
                                            "draw_from": "stock"}), "turn[1]"),
        (lambda d: d["turn"][-1].update(hand="stock"), "turn[3].hand"),
    ],
)
def test_schema_rejects_bad_betting_genomes(change, field):
    data = _data("five_card_draw")
    change(data)
    with pytest.raises(ValidationError) as info:
        Genome.model_validate(data)
    assert field in str(info.value)


def test_schema_rejects_bad_banker():
    data = _data("blackjack")
    data["betting"]["banker"]["stake"] = 3  # 3:2 of 3 chips is not whole
    with pytest.raises(ValidationError, match="whole chips"):
        Genome.model_validate(data)
    data = _data("blackjack")
    data["betting"]["ante"] = 1
    with pytest.raises(ValidationError, match="no ante or blinds"):
        Genome.model_validate(data)
    data = _data("blackjack")
    data["turn"].insert(0, {"phase": "bet"})
    with pytest.raises(ValidationError, match="no bet phases"):
        Genome.model_validate(data)


def _section(program: bytes, tag: int) -> int:
    """Offset of the payload of section ``tag``."""
    off = bc.HEADER_SIZE
    while off < len(program):
        t, _, length = struct.unpack_from("<BBH", program, off)
        if t == tag:
            return off + 4
        off += 4 + length
    raise KeyError(tag)


@pytest.mark.parametrize(
    "field_offset, value, message",
    [
        (0, 0, "stack 0"),  # stack (u16 low byte; 0 chips)
        (8, 9, "structure 9"),
        (11, 0, "max_raises 0"),
        (16, 3, "banker fields must be 0"),  # a stake without a banker
    ],
)
def test_go_rejects_bad_betting_bytes(field_offset, value, message):
    program = bytearray(COMPILE(load_seed("texas_holdem")))
    at = _section(bytes(program), bc.SEC_BETTING) + field_offset
    program[at] = value
    if field_offset == 0:
        program[at + 1] = 0
    with pytest.raises(InvalidProgramError, match=f"offset \\d+: .*{message}"):
        validate_program(bytes(program))


def test_go_rejects_betting_phase_without_betting():
    genome = load_seed("texas_holdem")
    program = COMPILE(genome)
    at = _section(program, bc.SEC_BETTING)
    # Drop the BETTING section: the bet phases, showdown and chips end need it.
    start = at - 4
    length = struct.unpack_from("<H", program, start + 2)[0]
    stripped = bytearray(program[:start] + program[start + 4 + length:])
    struct.pack_into("<II", stripped, 8, len(stripped), struct.unpack_from("<I", program, 12)[0] - 1)
    with pytest.raises(InvalidProgramError, match="need a BETTING section"):
        validate_program(bytes(stripped))


@pytest.mark.parametrize("name", BETTING_SEEDS)
def test_mutation_reaches_betting_features_and_mutants_play(name):
    genome = load_seed(name)
    rng = np.random.default_rng(3)
    stats = MutationStats()
    weights = {op: 1.0 for op in BETTING_OPS}
    mutants = [mutate_genome(genome, rng, rate=0.5, stats=stats, weights=weights) for _ in range(60)]
    applicable = {"five_card_draw": BETTING_OPS[:5] + ["hand_ranking"],
                  "texas_holdem": ["stakes", "betting_structure", "bet_rounds", "community", "hand_ranking"],
                  "blackjack": ["stakes", "betting_structure", "draws", "dealer_policy", "hand_ranking"]}[name]
    for op in applicable:
        assert stats.applied.get(op, 0) > 0, (op, stats.applied)
    for m in mutants[:20]:
        r = simulate_batch(COMPILE(m), 10, 1, 0, 1).records
        assert np.all(r["cards_total"] == 52 * m.deck.decks - len(m.deck.remove) * m.deck.decks)


def test_mutation_makes_betting_games_and_crossover_carries_them():
    hearts, holdem, draw = load_seed("hearts"), load_seed("texas_holdem"), load_seed("five_card_draw")
    rng = np.random.default_rng(4)
    turned = [mutate_genome(hearts, rng, weights={"to_betting": 1.0}) for _ in range(5)]
    assert all(g.betting is not None and g.turn[-1].phase == "showdown" for g in turned)
    for g in turned:
        assert simulate_batch(COMPILE(g), 5, 0, 0, 2).records["outcome"].max() <= Outcome.DRAW
    kids = [crossover_pair(hearts, holdem, rng) for _ in range(30)]
    assert any(k.betting is not None and k != holdem for k in kids)
    kids = [crossover_pair(holdem, draw, rng) for _ in range(30)]
    assert any(k.betting == draw.betting and k.turn == holdem.turn for k in kids)
    assert any(k.betting == holdem.betting and any(p.phase == "discard_draw" for p in k.turn) for k in kids)
    for k in kids:
        validate_program(COMPILE(k))


def test_operators_are_registered():
    for op in BETTING_OPS + ["to_betting"]:
        assert op in OPERATORS


def _hands_of(events):
    """Split a trace into hands: the events between the cards' returns to the deck."""
    hands, cur = [], []
    for ev in events:
        if ev["kind"] == EventKind.COLLECT:
            if cur:
                hands.append(cur)
            cur = []
        else:
            cur.append(ev)
    if cur:
        hands.append(cur)
    return hands


def test_holdem_trace_deals_flop_turn_river_face_up():
    genome = load_seed("texas_holdem")
    board = [z.name for z in genome.zones].index("board")
    hand = [z.name for z in genome.zones].index("hand")
    for game in range(3):
        events = trace_game(COMPILE(genome), game, 1, 4)
        for h in _hands_of(events):
            to_board = [ev for ev in h if ev["to_zone"] == board]
            assert len(to_board) in (0, 3, 4, 5)  # folded out before the flop, or flop, turn, river
            assert all(ev["flags"] & 1 for ev in to_board), "a community card was dealt face down"
            dealt = [ev for ev in h if ev["to_zone"] == hand]
            assert len(dealt) % 2 == 0 and all(not ev["flags"] & 1 for ev in dealt)


def test_blackjack_trace_hole_card_face_down_under_the_up_card():
    genome = load_seed("blackjack")
    dealer = [z.name for z in genome.zones].index("dealer")
    events = trace_game(COMPILE(genome), 0, 1, 2)
    for h in _hands_of(events):
        to_dealer = [ev for ev in h if ev["to_zone"] == dealer]
        assert to_dealer[0]["kind"] == EventKind.TURN_UP and to_dealer[0]["flags"] & 1
        assert to_dealer[1]["kind"] == EventKind.FACE_DOWN and not to_dealer[1]["flags"] & 1
        # The banker's draws, if any, are face up.
        assert all(ev["flags"] & 1 for ev in to_dealer[2:])
