"""Players through the binding: MCTS (player type 2) per seat, determinism, strength.

Needs the gosim library (darwindeck/_lib/libgosim.so); build it with
``cd gosim && go build -buildmode=c-shared -o ../darwindeck/_lib/libgosim.so ./cmd/libgosim``.
"""

from math import comb

import numpy as np
import pytest

from darwindeck.bindings.cgo_bridge import simulate_batch
from darwindeck.bindings.errors import InvalidArgumentError
from darwindeck.bindings.records import PlayerType
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.io import genome_to_data
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed

RANDOM, GREEDY, MCTS = int(PlayerType.RANDOM), int(PlayerType.GREEDY), int(PlayerType.MCTS)


def hearts_one_hand():
    """One hand of Hearts (the seed before match play: no passing, no first-trick point
    rule, no moon, no match): a deal's points measure play, at a tenth of a match's cost."""
    data = genome_to_data(load_seed("hearts"))
    for key in ("match", "tricks"):
        data.pop(key)
    data["zones"] = [z for z in data["zones"] if z["name"] != "passed"]
    data["turn"][0].pop("no_points_first_trick", None)
    data["turn_cap"] = 200
    return Genome.model_validate(data)


@pytest.fixture(scope="module")
def programs():
    compiler = BytecodeCompiler()
    progs = {name: compiler.compile_genome(load_seed(name)) for name in ("war", "crazy_eights", "hearts")}
    progs["hearts_hand"] = compiler.compile_genome(hearts_one_hand())
    return progs


def one_sided_binomial_p(wins: int, games: int) -> float:
    """P(X >= wins) for X ~ Binomial(games, 1/2): the exact one-sided p-value."""
    return sum(comb(games, k) for k in range(wins, games + 1)) / 2**games


@pytest.mark.parametrize("name", ["war", "crazy_eights", "hearts"])
def test_mcts_is_selectable_per_seat_on_every_seed(programs, name):
    players = 4 if name == "hearts" else 2
    seats = [MCTS] + [RANDOM, GREEDY] * (players // 2)
    seats = seats[:players]
    result = simulate_batch(programs[name], 6, mcts_iterations=20, random_seed=3, seat_players=seats)
    assert result.total_games == 6
    assert (result.records["moves"] > 0).all()
    assert (result.records["num_players"] == players).all()


def test_every_seat_mcts_through_ai_type(programs):
    result = simulate_batch(programs["crazy_eights"], 4, ai_type=MCTS, mcts_iterations=25, random_seed=9)
    assert result.player0_wins + result.player1_wins + result.draws + result.unfinished >= 4


def test_mcts_is_deterministic_across_threads(programs):
    args = dict(mcts_iterations=40, random_seed=123, seat_players=[MCTS, GREEDY])
    one = simulate_batch(programs["crazy_eights"], 16, num_threads=1, **args)
    again = simulate_batch(programs["crazy_eights"], 16, num_threads=1, **args)
    many = simulate_batch(programs["crazy_eights"], 16, num_threads=7, **args)
    assert one.records.tobytes() == again.records.tobytes() == many.records.tobytes()


def test_mcts_needs_iterations(programs):
    with pytest.raises(InvalidArgumentError, match="mcts iterations"):
        simulate_batch(programs["crazy_eights"], 2, mcts_iterations=0, seat_players=[MCTS, RANDOM])


def test_mcts_seat_beats_random_at_crazy_eights(programs):
    """ISMCTS (100 iterations) against Random, 150 games in each seat (300 in all).

    Test: exact one-sided binomial test of the MCTS seat's wins against a fair
    coin (draws and unfinished games count as losses), p < 0.01. The seeds are
    fixed, so the outcome is too.
    """
    games = 150
    c8 = programs["crazy_eights"]
    first = simulate_batch(c8, games, mcts_iterations=100, random_seed=11, num_threads=2, seat_players=[MCTS, RANDOM])
    second = simulate_batch(c8, games, mcts_iterations=100, random_seed=12, num_threads=2, seat_players=[RANDOM, MCTS])
    wins = int(first.wins_by_seat[0] + second.wins_by_seat[1])
    p = one_sided_binomial_p(wins, 2 * games)
    assert p < 0.01, f"MCTS won {wins} of {2 * games} games against Random (one-sided p = {p:.3g})"
    assert np.all(first.records["cards_total"] == 52)


def test_mcts_seat_beats_greedy_at_hearts(programs):
    """ISMCTS (300 iterations) against three Greedy seats at one hand of Hearts, duplicate deals.

    Each of 40 deals (batch seed 21: game i has the same cards in every batch) is played
    four times, the MCTS seat rotated through the four seats. A deal's margin is the mean,
    over its four games, of the Greedy seats' mean points minus the MCTS seat's points.
    Test: exact one-sided sign test over the deals (deals with margin 0 dropped) against
    a fair coin, p < 0.01. The seeds are fixed, so the outcome is too.
    """
    deals, hearts = 40, programs["hearts_hand"]
    margins = np.zeros(deals)
    for seat in range(4):
        seats = [GREEDY] * 4
        seats[seat] = MCTS
        result = simulate_batch(hearts, deals, mcts_iterations=300, random_seed=21, num_threads=2, seat_players=seats)
        score = result.records["score"][:, :4].astype(float)
        others = (score.sum(axis=1) - score[:, seat]) / 3
        margins += (others - score[:, seat]) / 4
    better, worse = int((margins > 0).sum()), int((margins < 0).sum())
    p = one_sided_binomial_p(better, better + worse)
    assert p < 0.01, f"MCTS did better on {better} deals, worse on {worse} (one-sided p = {p:.3g}, mean margin {margins.mean():.2f})"
