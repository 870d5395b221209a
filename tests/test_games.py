"""The three seed games through the binding: rules checked from outside the engine.

Each traced game is replayed card by card in Python from its events (deal, play, draw,
take, reshuffle); the replay checks that every card leaves a zone that holds it, that the
52 cards are conserved, and game-specific rules: follow suit and trick winners in Hearts,
matching plays in Crazy Eights, and the outcome of War against its turn cap.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pytest

from darwindeck.bindings.cgo_bridge import simulate_batch, trace_game, validate_program
from darwindeck.bindings.records import EventKind, Outcome
from darwindeck.evolution.mutation import mutate_genome
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seed, load_seeds

COMPILE = BytecodeCompiler().compile_genome
SUIT = lambda c: (c % 52) // 13  # noqa: E731
RANK = lambda c: c % 13  # noqa: E731


class Replay:
    """Zones rebuilt from a trace: (zone, owner) -> multiset of cards."""

    def __init__(self, genome):
        self.zones: dict[tuple[int, int], Counter] = defaultdict(Counter)
        start = [z.name for z in genome.zones].index(genome.deck.start)
        self.zones[(start, 255)] = Counter(range(52 * genome.deck.decks))
        self.names = [z.name for z in genome.zones]

    def apply(self, ev) -> None:
        if ev["kind"] == EventKind.DECLARE:
            return
        src = self.zones[(int(ev["from_zone"]), int(ev["from_owner"]))]
        card = int(ev["card"])
        assert src[card] > 0, f"card {card} moved from {self.names[ev['from_zone']]} that does not hold it"
        src[card] -= 1
        self.zones[(int(ev["to_zone"]), int(ev["to_owner"]))][card] += 1

    def held(self, zone: str, owner: int) -> list[int]:
        return list(self.zones[(self.names.index(zone), owner)].elements())

    def total(self) -> int:
        return sum(sum(c.values()) for c in self.zones.values())


@pytest.mark.parametrize("name", ["war", "crazy_eights", "hearts"])
def test_records_conserve_cards_and_never_win_when_capped(name):
    genome = load_seed(name)
    res = simulate_batch(COMPILE(genome), 500, 1, 0, 11)
    r = res.records
    assert np.all(r["cards_total"] == 52)
    assert np.all(r["num_players"] == genome.players)
    capped = r["outcome"] == Outcome.UNFINISHED
    assert np.all(r["winners"][capped] == 0), "a turn-capped game recorded a winner"
    assert np.all(r["winners"][r["outcome"] == Outcome.WIN] != 0)
    assert np.all(r["turns"][capped] == genome.turn_cap)
    assert res.total_games == 500 and np.all(r["turns"] > 0)


def test_war_turn_cap_is_unfinished_not_a_win():
    war = load_seed("war").with_changes(turn_cap=20)  # far too short for War to end
    r = simulate_batch(COMPILE(war), 300, 0, 0, 3).records
    assert np.mean(r["outcome"] == Outcome.UNFINISHED) > 0.95
    assert np.all(r["winners"][r["outcome"] == Outcome.UNFINISHED] == 0)
    assert np.all(r["decisions"] == 0)  # War has no decisions


@pytest.mark.parametrize("game", range(25))
def test_hearts_follow_suit_and_trick_winner(game):
    genome = load_seed("hearts")
    events = trace_game(COMPILE(genome), game, 0, 2026)
    rp = Replay(genome)
    trick: list[tuple[int, int]] = []  # (seat, card)
    broken = False
    for ev in events:
        kind = ev["kind"]
        if kind == EventKind.PLAY:
            seat, card = int(ev["seat"]), int(ev["card"])
            hand = rp.held("hand", seat)
            if not trick:
                if SUIT(card) == 2 and not broken:
                    assert all(SUIT(c) == 2 for c in hand), "hearts led before broken"
            else:
                led = SUIT(trick[0][1])
                if SUIT(card) != led:
                    assert not any(SUIT(c) == led for c in hand), f"seat {seat} did not follow suit"
            broken = broken or SUIT(card) == 2
            trick.append((seat, card))
        elif kind == EventKind.TAKE:
            if trick:
                led = SUIT(trick[0][1])
                winner = max((RANK(c), s) for s, c in trick if SUIT(c) == led)[1]
                assert int(ev["to_owner"]) == winner, "trick went to the wrong seat"
                trick = []
        rp.apply(ev)
    assert rp.total() == 52
    assert all(not rp.held("hand", s) for s in range(4))
    first_play = next(ev for ev in events if ev["kind"] == EventKind.PLAY)
    assert int(first_play["card"]) == 0  # the two of clubs leads


@pytest.mark.parametrize("game", range(25))
def test_crazy_eights_plays_match(game):
    genome = load_seed("crazy_eights")
    events, record = trace_game(COMPILE(genome), game, 1, 7, with_record=True)
    rp = Replay(genome)
    top = None
    declared = None
    for ev in events:
        kind = ev["kind"]
        if kind == EventKind.TURN_UP:
            top = int(ev["card"])
        elif kind == EventKind.DECLARE:
            declared = int(ev["card"])
        elif kind == EventKind.PLAY:
            card = int(ev["card"])
            active = declared if declared is not None else SUIT(top)
            assert RANK(card) == 6 or RANK(card) == RANK(top) or SUIT(card) == active, "illegal play"
            top, declared = card, None
        rp.apply(ev)
    assert rp.total() == 52
    if record["outcome"] == Outcome.WIN:
        winner = int(np.log2(int(record["winners"])))
        assert rp.held("hand", winner) == []


def test_mutants_pass_go_validation_and_play():
    rng = np.random.default_rng(99)
    pop = load_seeds()
    for i in range(60):
        g = mutate_genome(pop[i % len(pop)], rng, rate=2)
        pop.append(g)
        program = COMPILE(g)
        validate_program(program)
        r = simulate_batch(program, 20, 1, 0, i).records
        assert np.all(r["cards_total"] == g.deck.size)
        assert np.all(r["turns"] <= g.turn_cap)
