"""Trick-taking games (docs/genome-tricks.md): the six seeds load, validate, compile, round
trip, play full matches through the binding with Random and Greedy, print exact rulebooks; the
schema rejects bad trick rules naming the field; mutation and crossover reach the new
features and give only valid genomes. Rule-level scenarios with hand-built deals are in
gosim/engine/scenario_trick_test.go."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from darwindeck.bindings.cgo_bridge import simulate_batch
from darwindeck.bindings.records import Outcome
from darwindeck.evolution.crossover import crossover_pair
from darwindeck.evolution.mutation import MutationStats, mutate_genome
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.decompile import decompile
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.rulebook import render_rules
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed

TRICK_SEEDS = ["hearts", "whist", "spades", "oh_hell", "euchre", "knockout_whist"]
PARTNERSHIPS = {"whist", "spades", "euchre"}
RANDOM, GREEDY = 0, 1


@pytest.mark.parametrize("name", TRICK_SEEDS)
def test_seed_compiles_and_round_trips(name):
    g = load_seed(name)
    assert g.tricks is not None
    assert g.turn[0].phase == "trick"
    b = BytecodeCompiler().compile_genome(g)
    assert BytecodeCompiler().compile_genome(decompile(b)) == b
    assert Genome.model_validate(genome_to_data(g)) == g


@pytest.mark.parametrize("name", TRICK_SEEDS)
@pytest.mark.parametrize("ai", [RANDOM, GREEDY])
def test_seed_plays_full_matches(name, ai):
    g = load_seed(name)
    res = simulate_batch(BytecodeCompiler().compile_genome(g), 40, ai_type=ai, random_seed=3, num_threads=2)
    recs = res.records
    assert res.unfinished == 0 and res.draws == 0
    assert np.all(recs["outcome"] == Outcome.WIN)
    assert np.all(recs["cards_total"] == g.deck.size)
    assert np.all(recs["winners"] > 0)
    assert np.all(recs["turns"] > 0)
    if name in PARTNERSHIPS:
        # Partners share their score and win together.
        assert np.all(recs["score"][:, 0] == recs["score"][:, 2])
        assert np.all(recs["score"][:, 1] == recs["score"][:, 3])
        w = recs["winners"]
        assert np.all(((w >> 0) & 1) == ((w >> 2) & 1))
        assert np.all(((w >> 1) & 1) == ((w >> 3) & 1))
    if name == "hearts":
        # A match of several hands: someone reached 100, and each hand gave out 26 points.
        assert np.all(recs["score"][:, :4].max(axis=1) >= 100)
        assert np.all(recs["score"][:, :4].sum(axis=1) % 26 == 0)
        assert recs["turns"].min() > 52
    if name == "knockout_whist":
        # Exactly one seat is left in at the end.
        assert np.all(np.bitwise_count(recs["winners"]) == 1)
    if name == "oh_hell":
        # Ten hands of 10 down to 1 cards: 55 tricks of 4 cards.
        assert np.all(recs["turns"] == 4 * 55)


def test_greedy_beats_random_at_spades():
    """Greedy's side against Random's, both seatings: the bidding count and partner play win
    clearly more than half of 100 matches each way (fixed seeds)."""
    b = BytecodeCompiler().compile_genome(load_seed("spades"))
    won = 0
    for seats, side in (([GREEDY, RANDOM, GREEDY, RANDOM], 0), ([RANDOM, GREEDY, RANDOM, GREEDY], 1)):
        recs = simulate_batch(b, 100, seat_players=seats, random_seed=11, num_threads=2).records
        won += int(np.sum((recs["winners"] >> side) & 1))
    assert won > 140


@pytest.mark.parametrize("name", TRICK_SEEDS)
def test_rulebook_is_exact(name):
    text = render_rules(load_seed(name))
    assert "## Scoring a hand" in text and "## A turn" in text
    expected = {
        "hearts": ["to the left, then to the right, then across, then no passing", "No card worth points may be played",
                   "shoots the moon", "reaches 100"],
        "whist": ["dealer's last card is shown", "beyond its first 6", "partners"],
        "spades": ["a bid of 0 is nil", "Spades are trump", "bags reach 10", "reaches 500"],
        "oh_hell": ["10, 9, 8, 7, 6, 5, 4, 3, 2, 1", "may not bid the number", "exactly its bid scores 10"],
        "euchre": ["order it up", "left bower", "march", "dealer may not pass"],
        "knockout_whist": ["knocked out", "took the most tricks", "7, 6, 5, 4, 3, 2, 1"],
    }[name]
    for phrase in expected:
        assert phrase in text, phrase


def _data(name: str) -> dict:
    return genome_to_data(load_seed(name))


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda d: d.update(players=3), "partnerships"),
        (lambda d: d["tricks"].update(passing={"count": 3, "zone": "hand", "directions": ["left"]}), "passing.zone"),
        (lambda d: d["tricks"].update(passing={"count": 3, "zone": "table", "directions": ["left"]}), "passing.zone"),
        (lambda d: d["tricks"].update(hand_sizes=[14]), "hand_sizes"),
        (lambda d: d["tricks"].pop("trump_choice"), "trump_choice"),
        (lambda d: d["tricks"].update(hand_score={"kind": "contract"}), "hand_score"),
        (lambda d: d["tricks"]["trump_choice"].update(zone="stock"), "trump_choice.zone"),
        (lambda d: d["tricks"]["trump_choice"].pop("zone"), "zone"),
    ],
)
def test_schema_rejects_bad_trick_rules(change, field):
    d = _data("euchre")
    change(d)
    with pytest.raises(ValidationError, match=field.split(".")[0]):
        Genome.model_validate(d)


def test_schema_rejects_bowers_without_trump_and_moon_elsewhere():
    d = _data("hearts")
    d["turn"][0]["bowers"] = True
    with pytest.raises(ValidationError, match="bowers"):
        Genome.model_validate(d)
    d = _data("whist")
    d["tricks"]["hand_score"] = {"kind": "card_points", "moon": True}
    with pytest.raises(ValidationError, match="card_points"):
        Genome.model_validate(d)
    d = _data("whist")
    d["turn"].insert(0, {"phase": "draw", "from": "stock", "to": "hand"})
    with pytest.raises(ValidationError, match="first phase"):
        Genome.model_validate(d)


def test_mutation_reaches_every_trick_feature_and_stays_valid():
    rng = np.random.default_rng(2024)
    stats = MutationStats()
    seen: set = set()
    for name in TRICK_SEEDS:
        g = load_seed(name)
        for _ in range(60):
            m = mutate_genome(g, rng, rate=0.5, stats=stats, weights={"tricks": 2.0, "trick": 1.0})
            BytecodeCompiler().compile_genome(m)  # every mutant compiles
            ph = m.turn[0]
            seen.add(("trump", ph.trump.kind))
            seen.add(("bowers", ph.bowers))
            seen.add(("no_points_first_trick", ph.no_points_first_trick))
            t = m.tricks
            if t is None:
                continue
            seen.add(("score", t.hand_score.kind))
            seen.add(("passing", t.passing is not None))
            seen.add(("bidding", t.bidding is not None))
            seen.add(("nil", t.bidding is not None and t.bidding.nil))
            seen.add(("hook", t.bidding is not None and t.bidding.hook))
            seen.add(("choice", t.trump_choice.kind if t.trump_choice else None))
            seen.add(("knockout", t.knockout))
            seen.add(("partnerships", t.partnerships))
            seen.add(("hand_sizes", bool(t.hand_sizes)))
            g = m
    for kind in ("none", "suit", "turned_up", "dealer_card", "chosen"):
        assert ("trump", kind) in seen, kind
    for kind in ("card_points", "book", "contract", "exact_bid", "euchre", "tricks"):
        assert ("score", kind) in seen, kind
    for choice in ("order_up", "top_taker", "bid_winner", None):
        assert ("choice", choice) in seen, choice
    for feature in ("bowers", "no_points_first_trick", "passing", "bidding", "nil", "hook", "knockout",
                    "partnerships", "hand_sizes"):
        assert (feature, True) in seen and (feature, False) in seen, feature
    assert stats.applied.get("tricks", 0) > 100
    # The section can be dropped too (where the rest of the genome stands without it).
    hearts = load_seed("hearts")
    dropped = [mutate_genome(hearts, rng, rate=0.0, weights={"tricks": 1.0}).tricks is None for _ in range(200)]
    assert any(dropped)


def test_mutants_play_in_gosim():
    rng = np.random.default_rng(7)
    for name in TRICK_SEEDS:
        g = load_seed(name)
        for _ in range(8):
            g = mutate_genome(g, rng, rate=1.0, weights={"tricks": 2.0, "trick": 1.0, "match": 0.5})
            res = simulate_batch(BytecodeCompiler().compile_genome(g), 3, ai_type=GREEDY, random_seed=1)
            assert res.total_games == 3 and np.all(res.records["cards_total"] == g.deck.size)


def test_crossover_carries_trick_rules_with_the_turn():
    rng = np.random.default_rng(5)
    kinds = set()
    for a in TRICK_SEEDS:
        for b in TRICK_SEEDS + ["war", "crazy_eights"]:
            for _ in range(3):
                child = crossover_pair(load_seed(a), load_seed(b), rng)
                BytecodeCompiler().compile_genome(child)
                if child.tricks is not None:
                    kinds.add(child.tricks.hand_score.kind)
                    assert child.turn[0].phase == "trick"
    # Hearts' turn and trick rules can meet another game's deck, setup or scoring, and back.
    assert {"card_points", "book", "contract", "exact_bid", "euchre", "tricks"} <= kinds
