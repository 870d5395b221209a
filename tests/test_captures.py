"""The captures family (docs/genome-captures.md): Scopa and GOPS seeds, the schema's errors,
the compiler and decompiler, the rulebook, games played in gosim and checked from outside the
engine through their traces, statistics with known answers, and the evolution operators that
reach the new features."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

import numpy as np
import pytest
from pydantic import ValidationError

from darwindeck.bindings.cgo_bridge import simulate_batch, trace_game
from darwindeck.bindings.records import EventKind, Outcome, PlayerType
from darwindeck.evolution.crossover import crossover_pair
from darwindeck.evolution.mutation import MutationStats, mutate_genome
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.cards import RANKS, card_id
from darwindeck.genome.decompile import decompile
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.rulebook import render_rules
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, load_seeds

COMPILE = BytecodeCompiler().compile_genome
RANK = lambda c: RANKS[c % 13]  # noqa: E731
SUIT = lambda c: (c % 52) // 13  # noqa: E731


def _data(name: str) -> dict:
    return genome_to_data(load_seed(name))


# ----------------------------------------------------------------------------- seeds


@pytest.mark.parametrize("name", ["scopa", "gops"])
def test_seed_compiles_and_round_trips(name):
    g = load_seed(name)
    b = COMPILE(g)
    assert COMPILE(decompile(b)) == b
    assert Genome.model_validate(genome_to_data(g)) == g


def test_scopa_rulebook_is_exact():
    text = render_rules(load_seed("scopa"))
    for phrase in [
        "ranks A, 2, 3, 4, 5, 6, 7, J, Q, K; 40 cards",
        "Deal 3 cards from stock to each player's hand",
        "Turn up 4 cards from stock onto table.",
        "It captures one card of table of the same rank, or two or more cards of table whose capture values add up to its value.",
        "A card that can take a card of its rank must do so: it may not take a sum.",
        "When several groups can be taken, you choose one.",
        "A card that can capture must capture",
        "Capture values: ace 1, 2 2, 3 3, 4 4, 5 5, 6 6, 7 7, jack 8, queen 9, king 10.",
        "A sweep scores 1 (not with the last card of the hand).",
        "deal 3 cards more to each player from stock",
        "the most diamonds: 1 point",
        "the 7 of diamonds (each copy): 1 point",
        "7 = 21, 6 = 18, ace = 16, 5 = 15, 4 = 14, 3 = 13, 2 = 12, jack, queen, king = 10",
        "the last player to capture takes the cards left on table (not a sweep)",
        "When a total reaches 11 or after 30 hands, the highest total wins.",
    ]:
        assert phrase in text, phrase


def test_gops_rulebook_is_exact():
    text = render_rules(load_seed("gops"))
    for phrase in [
        "39 cards",
        "Take every spade out of stock, keeping their order, and put them into player 0's hand",
        "Take every heart out of stock, keeping their order, and put them into player 1's hand",
        "Take every diamond out of stock, keeping their order, and put them into prizes",
        "turn up the top card of prizes onto prize",
        "puts it face down into their bids; nobody sees another's choice. When all have chosen, the bids are turned up together",
        "The highest bid (by rank) takes every card of prize into its won.",
        "On a tie for the highest bid the prize goes to discards and nobody scores it.",
        "- a king: +13",
        "When every hand is empty, the highest score wins",
    ]:
        assert phrase in text, phrase


# ----------------------------------------------------------------------------- schema


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d.pop("captures"), "a capture phase needs the `captures` section"),
        (lambda d: d["turn"][0].update(by_rank=False, by_sum=False), "at least one of by_rank and by_sum"),
        (lambda d: d["turn"][0].update(won_to="table"), "turn[0].won_to: zone 'table' must be player"),
        (lambda d: d["zones"][1].update(visibility="top_public"), "turn[0].table: zone 'table' must be public"),
        (lambda d: d["zones"][2].update(visibility="hidden"), "turn[0].from: zone 'hand' is hidden; a player chooses a card it can see"),
        (lambda d: d["captures"]["values"].update(K=16), "less than or equal to 15"),
        (lambda d: d["captures"]["awards"].append({"award": "most_suit", "points": 1}), "`suit` is required with most_suit"),
        (lambda d: d["captures"]["awards"].append({"award": "card", "card": "8D"}), "captures.awards[4].card: card 8D is not in the deck"),
        (lambda d: d.update(scoring={"zone": "won", "card_points": [{"card": True, "points": 1}]}), "remove `scoring` or `captures`"),
        (lambda d: d["captures"].update(redeal={"from": "hand", "count": 3}), "captures.redeal.from: zone 'hand' must be shared"),
        (lambda d: d["end"].append({"when": "capture_done", "zone": "table"}), "end[1].zone: zone 'table' must be player"),
    ],
)
def test_scopa_schema_errors_name_the_field(change, message):
    data = _data("scopa")
    change(data)
    with pytest.raises(ValidationError, match=re.escape(message)):
        Genome.model_validate(data)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["zones"][4].update(visibility="public"), "turn[0].bid: zone 'bids' is public"),
        (lambda d: d["zones"][1].update(visibility="hidden"), "turn[0].from: zone 'hand' is hidden"),
        (lambda d: d["setup"][1].update(seat=2), "setup[1].seat: seat 2 does not exist with 2 players"),
        (lambda d: d["setup"][2].update(seat=1), "setup[2].seat: must be 0 for the shared zone"),
        (lambda d: d["turn"][0].update(won_to="bids"), "from, bid and won_to must be three different zones"),
        (lambda d: d["turn"][0].update(discard="prize"), "prize must differ from prize_from and discard"),
        (lambda d: d["turn"][0].update(tie="split"), "turn.0.bid.tie"),
    ],
)
def test_gops_schema_errors_name_the_field(change, message):
    data = _data("gops")
    change(data)
    with pytest.raises(ValidationError, match=re.escape(message)):
        Genome.model_validate(data)


# ----------------------------------------------------------------------------- games from outside


def _value(genome: Genome, c: int) -> int:
    return genome.captures.value(RANK(c))


def _can_capture(genome: Genome, card: int, table: list[int], rank_first: bool) -> list[list[int]]:
    """Every legal group (rank match or sum of 2+ cards) ``card`` may take from ``table``."""
    rank = [[t] for t in table if RANK(t) == RANK(card)]
    if rank and rank_first:
        return rank
    sums = [
        list(g)
        for k in range(2, len(table) + 1)
        for g in itertools.combinations(table, k)
        if sum(_value(genome, t) for t in g) == _value(genome, card)
    ]
    return rank + sums


@pytest.mark.parametrize("ai", [PlayerType.RANDOM, PlayerType.GREEDY])
def test_scopa_traces_follow_the_capture_rules(ai):
    g = load_seed("scopa")
    names = [z.name for z in g.zones]
    table_z, hand_z, won_z, stock_z = (names.index(n) for n in ("table", "hand", "won", "stock"))
    prog = COMPILE(g)
    captures = trails = sweeps_seen = 0
    for game in range(6):
        events, rec = trace_game(prog, game, int(ai), 5, with_record=True)
        assert rec["outcome"] == Outcome.WIN and rec["cards_total"] == 40
        zones: dict[tuple[int, int], list[int]] = defaultdict(list)
        zones[(stock_z, 255)] = list(range(52))
        moves: dict[int, list] = defaultdict(list)
        for ev in events:
            moves[int(ev["move_index"])].append(ev)
        for idx in sorted(moves):
            evs = moves[idx]
            table_before = list(zones[(table_z, 255)])
            for ev in evs:
                src = zones[(int(ev["from_zone"]), int(ev["from_owner"]))]
                src.remove(int(ev["card"]))
                zones[(int(ev["to_zone"]), int(ev["to_owner"]))].append(int(ev["card"]))
            first = evs[0]
            if idx == 0 or first["kind"] != EventKind.PLAY or first["from_zone"] != hand_z:
                continue
            card = int(first["card"])
            legal = _can_capture(g, card, table_before, rank_first=True)
            if first["to_zone"] == table_z:  # a trail: the card could capture nothing
                trails += 1
                assert legal == [], f"{card} trailed but could take {legal}"
                continue
            assert first["to_zone"] == won_z
            captures += 1
            takes = [int(e["card"]) for e in evs[1:] if e["kind"] == EventKind.TAKE and e["from_zone"] == table_z]
            groups = [sorted(gr) for gr in legal]
            # the capture's own group, possibly followed by the last capturer's take of the rest
            assert any(
                sorted(takes[:k]) in groups and sorted(takes[k:]) == sorted(set(table_before) - set(takes[:k]))
                for k in range(1, len(takes) + 1)
            ) or (sorted(takes) in groups), (card, table_before, takes)
            sweeps_seen += int(sorted(takes) == sorted(table_before))
    assert captures > 50 and trails > 10 and sweeps_seen > 0


def test_gops_traces_the_higher_bid_takes_the_prize():
    g = load_seed("gops")
    names = [z.name for z in g.zones]
    bid_z, won_z, prize_z = (names.index(n) for n in ("bids", "won", "prize"))
    prog = COMPILE(g)
    rounds = ties = 0
    for game in range(20):
        events = trace_game(prog, game, 0, 3)
        bids: dict[int, int] = {}
        for ev in events:
            if ev["kind"] == EventKind.PLAY and ev["to_zone"] == bid_z:
                assert not (ev["flags"] & 1), "a secret bid was traced face up"
                bids[int(ev["to_owner"])] = int(ev["card"])
            elif ev["kind"] == EventKind.REVEAL and ev["from_zone"] == bid_z:
                assert ev["flags"] & 1
            elif ev["kind"] == EventKind.TAKE and ev["from_zone"] == prize_z:
                rounds += 1
                v = {s: (("A",) + RANKS[:-1]).index(RANK(c)) for s, c in bids.items()}
                if ev["to_zone"] == won_z:
                    winner = int(ev["to_owner"])
                    assert v[winner] > v[1 - winner], (bids, winner)
                else:
                    ties += 1
                    assert v[0] == v[1]
                bids = {}
    assert rounds == 20 * 13 and ties > 0


def test_both_seeds_play_to_the_end_with_every_player():
    for name in ["scopa", "gops"]:
        g = load_seed(name)
        for ai in (PlayerType.RANDOM, PlayerType.GREEDY):
            r = simulate_batch(COMPILE(g), 300, int(ai), 0, 4).records
            assert np.all(r["outcome"] == Outcome.WIN), name
            assert np.all(r["cards_total"] == g.deck.size)
        r = simulate_batch(COMPILE(g), 4, int(PlayerType.MCTS), 30, 4).records
        assert np.all(r["outcome"] == Outcome.WIN)


def test_scopa_match_reaches_eleven():
    r = simulate_batch(COMPILE(load_seed("scopa")), 400, 0, 0, 8).records
    best = r["score"][:, :2].max(axis=1)
    assert np.all(best >= 11), "a match ended before a player reached 11 (max_hands is 30)"
    # Each hand gives out at most 4 points plus sweeps; the 7 of diamonds is always won, so at
    # least 1 point per hand: a match lasts at most 21 hands.
    assert np.all(r["turns"] <= 21 * 36)


def test_gops_random_play_scores_half_of_the_prizes_each():
    """Derivation: in every round the two random bids are uniform over the 13 ranks and
    independent, so a tie has probability 1/13 and each player wins with probability 6/13;
    by linearity over the prizes (A=1 ... K=13, total 91), E[score] = 91 * 6/13 = 42 for each
    player and E[score0 + score1] = 84. With tie: carry_over nothing is discarded except a
    tie in the last round(s), and the two means are equal by symmetry. Tolerance: 4 standard
    errors of the sample mean over n = 4000 games (fixed seed)."""
    n = 4000
    r = simulate_batch(COMPILE(load_seed("gops")), n, 0, 0, 21).records
    s = r["score"][:, :2].astype(float)
    for x, want in ((s[:, 0], 42.0), (s[:, 1], 42.0), (s.sum(axis=1), 84.0)):
        se = x.std(ddof=1) / np.sqrt(n)
        assert abs(x.mean() - want) < 4 * se, (x.mean(), want, se)
    data = _data("gops")
    data["turn"][0]["tie"] = "carry_over"
    r = simulate_batch(COMPILE(Genome.model_validate(data)), n, 0, 0, 21).records
    d = (r["score"][:, 0] - r["score"][:, 1]).astype(float)
    assert abs(d.mean()) < 4 * d.std(ddof=1) / np.sqrt(n)
    assert r["score"][:, :2].sum(axis=1).mean() > 84  # ties no longer discard prizes


@pytest.mark.parametrize("name", ["scopa", "gops"])
def test_greedy_beats_random(name):
    """Greedy (best group / bid near the prize) against Random, each seat in turn; a sign
    test over 600 games per seating at the 4-sigma level."""
    prog = COMPILE(load_seed(name))
    wins = games = 0
    for seats, greedy in (([1, 0], 0), ([0, 1], 1)):
        r = simulate_batch(prog, 600, 0, 0, 13, seat_players=seats).records
        sole = r["winners"] != 3
        wins += int(np.sum((r["winners"][sole] >> greedy) & 1))
        games += int(np.sum(sole))
    assert wins - games / 2 > 4 * np.sqrt(games) / 2, (wins, games)


# ----------------------------------------------------------------------------- evolution


def test_mutation_reaches_every_captures_feature():
    rng = np.random.default_rng(5)
    stats = MutationStats()
    seen: Counter = Counter()
    for name in ["scopa", "gops", "crazy_eights", "hearts"]:
        seed = g = load_seed(name)
        for _ in range(200):
            child = mutate_genome(g, rng, stats=stats)
            g = child if rng.random() < 0.7 else seed  # lineages of a few generations
            b = COMPILE(child)
            assert COMPILE(decompile(b)) == b
            for ph in child.turn:
                if ph.phase == "capture":
                    seen["capture"] += 1
                    seen[f"by_rank={ph.by_rank}"] += 1
                    seen[f"by_sum={ph.by_sum}"] += 1
                    seen[f"rank_first={ph.rank_first}"] += 1
                    seen[f"must_capture={ph.must_capture}"] += 1
                if ph.phase == "bid":
                    seen["bid"] += 1
                    seen[f"tie={ph.tie}"] += 1
                    seen[f"winner={ph.winner}"] += 1
                    seen[f"bids={ph.bids}"] += 1
            if child.captures is not None:
                seen[f"sweep={child.captures.sweep_points}"] += 1
                seen[f"awards={len(child.captures.awards)}"] += 1
                seen[f"last_play_sweeps={child.captures.last_play_sweeps}"] += 1
            if name in ("crazy_eights", "hearts") and any(p.phase in ("capture", "bid") for p in child.turn):
                seen[f"added to {name}"] += 1
    for op in ["capture", "captures_points", "bid", "capture_structure"]:
        assert stats.applied.get(op, 0) > 0, op
    for feature in [
        "by_rank=False", "by_sum=False", "rank_first=False", "must_capture=False", "tie=carry_over",
        "winner=lowest", "bids=open", "sweep=0", "sweep=2", "awards=3", "awards=5", "last_play_sweeps=True",
        "added to crazy_eights", "added to hearts",
    ]:
        assert seen[feature] > 0, feature


def test_mutants_and_children_play_in_gosim():
    rng = np.random.default_rng(9)
    seeds = load_seeds()
    pool = [load_seed("scopa"), load_seed("gops")]
    for _ in range(40):
        pool.append(mutate_genome(pool[int(rng.integers(len(pool)))], rng, rate=2))
    for _ in range(20):
        pool.append(crossover_pair(pool[int(rng.integers(len(pool)))], seeds[int(rng.integers(len(seeds)))], rng))
    for g in pool:
        r = simulate_batch(COMPILE(g), 8, 1, 0, 2).records
        assert np.all(r["cards_total"] == g.deck.size), g.name
        text = render_rules(g)
        assert text.startswith(f"# {g.name}\n")


def test_crossover_carries_captures():
    rng = np.random.default_rng(3)
    scopa, gops = load_seed("scopa"), load_seed("gops")
    kinds = Counter()
    for other in load_seeds():
        for _ in range(10):
            child = crossover_pair(other, scopa, rng)
            kinds["capture" if child.captures is not None else "none"] += 1
            child = crossover_pair(other, gops, rng)
            kinds["bid" if any(p.phase == "bid" for p in child.turn) else "none"] += 1
    assert kinds["capture"] > 0 and kinds["bid"] > 0


def test_gops_for_three_players():
    """The three-player game of docs/genome-captures.md: the clubs go to the third player."""
    data = _data("gops")
    data["players"] = 3
    data["deck"]["remove"] = []
    data["setup"].insert(2, {"step": "deal_suit", "suit": "C", "from": "stock", "to": "hand", "seat": 2})
    g = Genome.model_validate(data)
    r = simulate_batch(COMPILE(g), 300, 0, 0, 6).records
    assert np.all(r["outcome"] == Outcome.WIN) and np.all(r["cards_total"] == 52)
    assert np.all(r["turns"] == 39)  # 13 rounds of three bids
    assert np.all(r["score"][:, :3].sum(axis=1) <= 91) and np.all(r["score"][:, :3].min(axis=0) >= 0)
    assert (r["score"][:, 2] > 0).mean() > 0.9  # the third seat bids and wins prizes
