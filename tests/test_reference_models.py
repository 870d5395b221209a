"""Seed games checked against independent reference models.

A reference model is a small, separate implementation of one seed's exact rules (read
from the seed's own comment, not from the engine) that plays the game with its own random
stream. Where no published statistic exists, agreement between the engine and such a model
on the game's distributions is the check that the engine plays the rules as written.

Old Maid (``seeds/old_maid.yaml``) has no decisions, so its outcome distribution is fixed
by the rules alone. Its seat shares are uneven (the dealer, seat 0, loses about a third of
the games and seat 2 about an eighth): the model shows that this follows from the rules
(seat 0 is dealt 12 cards and the others 13; seat 1 draws first, from seat 2), not from an
engine bug.
"""

from __future__ import annotations

import math
import random

import numpy as np

from darwindeck.bindings.cgo_bridge import simulate_batch
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seed

PLAYERS = 4
ENGINE_GAMES = 20_000
MODEL_GAMES = 10_000


def _discard_pairs(hand: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remove every pair of the same rank and colour (a card pairs at most once)."""
    unpaired: dict[tuple[int, bool], tuple[int, str]] = {}
    for rank, suit in hand:
        key = (rank, suit in "DH")
        if key in unpaired:
            del unpaired[key]
        else:
            unpaired[key] = (rank, suit)
    return list(unpaired.values())


def old_maid_model(rng: random.Random) -> tuple[int, int]:
    """One game of Old Maid as the seed's comment states it; returns (loser seat, turns).

    51 cards (the queen of clubs removed) are dealt one at a time, starting left of the
    dealer (seat 0; "left" is seat + 1); every seat discards its pairs; seat 1 moves
    first; a turn draws one card uniformly at random from the next seat to the left that
    still holds cards and discards the pair it makes; an empty hand is out; the last
    seat holding cards loses.
    """
    deck = [(rank, suit) for suit in "CDHS" for rank in range(13) if (rank, suit) != (10, "C")]
    rng.shuffle(deck)
    hands: list[list[tuple[int, str]]] = [[] for _ in range(PLAYERS)]
    for i, card in enumerate(deck):
        hands[(1 + i) % PLAYERS].append(card)
    hands = [_discard_pairs(h) for h in hands]
    seat, turns = 1, 0
    while sum(1 for h in hands if h) > 1:
        if not hands[seat]:
            seat = (seat + 1) % PLAYERS
            continue
        source = (seat + 1) % PLAYERS
        while not hands[source]:
            source = (source + 1) % PLAYERS
        drawn = hands[source].pop(rng.randrange(len(hands[source])))
        hands[seat] = _discard_pairs(hands[seat] + [drawn])
        turns += 1
        seat = (seat + 1) % PLAYERS
    loser = next(i for i, h in enumerate(hands) if h)
    return loser, turns


def test_old_maid_engine_agrees_with_reference_model():
    rng = random.Random(1)
    model = [old_maid_model(rng) for _ in range(MODEL_GAMES)]
    model_loss = np.bincount([loser for loser, _ in model], minlength=PLAYERS) / MODEL_GAMES
    model_turns = np.array([turns for _, turns in model], dtype=np.float64)

    program = BytecodeCompiler().compile_genome(load_seed("old_maid"))
    records = simulate_batch(program, ENGINE_GAMES, 0, 0, 7).records
    assert (records["outcome"] == 0).all(), "every Old Maid game ends with a loser"
    winners = records["winners"].astype(np.int64)
    engine_loss = np.array([((winners >> s) & 1 == 0).mean() for s in range(PLAYERS)])
    assert np.allclose(engine_loss.sum(), 1.0), "exactly one seat loses each game"

    for seat in range(PLAYERS):
        p = (engine_loss[seat] + model_loss[seat]) / 2
        se = math.sqrt(p * (1 - p) * (1 / ENGINE_GAMES + 1 / MODEL_GAMES))
        assert abs(engine_loss[seat] - model_loss[seat]) < 4 * se, (
            f"seat {seat}: engine loses {engine_loss[seat]:.4f} of games, model {model_loss[seat]:.4f}"
        )
    # The shares are really uneven: seat 0 (dealt 12 cards) loses most, seat 2 least.
    assert model_loss[0] > 0.28 and model_loss[2] < 0.16
    assert engine_loss[0] > 0.28 and engine_loss[2] < 0.16

    engine_turns = records["turns"].astype(np.float64)
    se = math.sqrt(engine_turns.var() / ENGINE_GAMES + model_turns.var() / MODEL_GAMES)
    assert abs(engine_turns.mean() - model_turns.mean()) < 4 * se, (
        f"mean turns: engine {engine_turns.mean():.2f}, model {model_turns.mean():.2f}"
    )
