"""Every metric of darwindeck.evolution.metrics on hand-made arrays with known answers,
edge cases included (no games, zero decisions, one-move games, all draws, one seat always
winning)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from darwindeck.evolution import metrics as mx

WIN, DRAW, UNF = mx.OUTCOME_WIN, mx.OUTCOME_DRAW, mx.OUTCOME_UNFINISHED
f = lambda *xs: np.array(xs, dtype=np.float64)  # noqa: E731
b = lambda *xs: np.array(xs, dtype=bool)  # noqa: E731
o = lambda *xs: np.array(xs, dtype=np.uint8)  # noqa: E731


def test_completion_and_decisiveness():
    outcome = o(WIN, WIN, DRAW, UNF)
    assert mx.metric_completion(outcome) == 0.75
    assert mx.metric_decisiveness(outcome) == pytest.approx(2 / 3)  # timeouts are not draws
    # all draws: complete, never decisive
    assert mx.metric_completion(o(DRAW, DRAW)) == 1.0
    assert mx.metric_decisiveness(o(DRAW, DRAW)) == 0.0
    # nothing finished, nothing played
    assert mx.metric_decisiveness(o(UNF, UNF)) == 0.0
    assert mx.metric_completion(o()) == 0.0 and mx.metric_decisiveness(o()) == 0.0


def test_decision_density_edges():
    assert mx.metric_decision_density(f(0, 0), f(10, 0)) == 0.0  # zero decisions, a 0-move game
    assert mx.metric_decision_density(f(1, 3), f(1, 6)) == pytest.approx((1.0 + 0.5) / 2)  # one-move game
    assert mx.metric_decision_density(f(), f()) == 0.0


def test_branching_known_values():
    assert mx.metric_branching(f(10), f(40)) == pytest.approx(0.5)  # 4 legal moves per decision
    assert mx.metric_branching(f(0, 0), f(0, 0)) == 0.0
    # pooled over the batch, not per game: (2 + 38) legal moves over 2 decisions -> b = 20
    assert mx.metric_branching(f(1, 1), f(2, 38)) == pytest.approx(19 / 22)


def test_duration_target_and_edges():
    t = f(50, 25, 100, 0)
    fin = b(True, True, True, True)
    expect = (1 + math.exp(-0.5) * 2 + 0) / 4
    assert mx.metric_duration(t, fin, 50) == pytest.approx(expect)
    assert mx.metric_duration(t, b(False, False, False, False), 50) == 0.0
    with pytest.raises(ValueError):
        mx.metric_duration(t, fin, 0)


def test_lead_change_and_uncertainty():
    fin = b(True, True, False)
    assert mx.metric_lead_change(f(0, 2, 100), fin) == pytest.approx(0.25)
    # settled at the start (0), at half, and an unfinished game left out
    assert mx.metric_uncertainty(f(0, 10, 5), f(20, 20, 5), fin) == pytest.approx(0.25)
    # a one-turn game settled at turn 1 counts 1; a 0-turn game counts 0; capped at 1
    assert mx.metric_uncertainty(f(1, 0, 9), f(1, 0, 3), b(True, True, True)) == pytest.approx(2 / 3)


def test_drama_and_closeness():
    won = b(True, True, True, False)
    assert mx.metric_drama(b(True, False, False, True), won) == pytest.approx(1 / 3)
    assert mx.metric_drama(b(True), b(False)) == 0.0  # no game won (all draws)
    # shedding: runner-up left with 1 card (margin 1, base 1) -> 0.5; a tie-break win -> 1
    assert mx.metric_closeness(f(1, 0), f(1, 4), b(True, True)) == pytest.approx(0.75)
    assert mx.metric_closeness(f(9), f(9), b(False)) == 0.0


def test_interaction():
    assert mx.metric_interaction(f(5, 0), f(10, 0)) == pytest.approx(0.25)
    assert mx.metric_interaction(f(), f()) == 0.0


def test_seat_shares_balance_single_winner():
    outcome = o(WIN, WIN, WIN, WIN)
    winners = o(1, 1, 1, 1)
    shares = mx.seat_win_shares(outcome, winners, 2)
    assert shares.tolist() == [1.0, 0.0]
    assert mx.metric_balance(shares) == 0.0
    assert mx.metric_balance(mx.seat_win_shares(outcome, o(1, 2, 1, 2), 2)) == 1.0
    assert mx.metric_balance(mx.seat_win_shares(o(DRAW, DRAW), o(0, 0), 2)) == 0.0  # all draws


def test_first_player_share_and_fairness():
    outcome = o(WIN, WIN, WIN, DRAW)
    winners = o(0b01, 0b10, 0b11, 0)
    first = o(0, 0, 1, 0)
    share, m = mx.first_player_win_share(outcome, winners, first)
    assert m == 3 and share == pytest.approx((1 + 0 + 0.5) / 3)
    assert mx.metric_fairness(0.5, 10, 2) == 1.0
    assert mx.metric_fairness(1.0, 10, 2) == 0.0  # first player always wins
    assert mx.metric_fairness(0.0, 10, 2) == 0.0  # first player never wins
    assert mx.metric_fairness(0.5, 10, 4) == pytest.approx(1 - 0.25 / 0.75)
    assert mx.metric_fairness(0.1, 10, 4) == pytest.approx(0.4)
    assert mx.metric_fairness(0.7, 0, 2) == 0.0  # nothing won
    assert mx.first_player_win_share(o(DRAW), o(0), o(0)) == (0.0, 0)
    with pytest.raises(ValueError):
        mx.metric_fairness(0.5, 3, 1)


def test_skill_order_and_gap():
    assert mx.skill_order(1.0, 2) == 1.0
    assert mx.skill_order(0.5, 2) == 0.0
    assert mx.skill_order(0.0, 4) == pytest.approx(-1 / 3)
    assert mx.skill_order(0.25 + 0.75 / 2, 4) == pytest.approx(0.5)
    assert mx.skill_gap(0.7, 0.3) == pytest.approx(0.4)
    with pytest.raises(ValueError):
        mx.skill_order(1.5, 2)
    with pytest.raises(ValueError):
        mx.skill_order(0.5, 1)


def test_simplicity():
    assert mx.metric_simplicity(100, 160) == 1.0
    assert mx.metric_simplicity(320, 160) == pytest.approx(math.exp(-0.5))
    assert mx.metric_simplicity(0, 160) == 1.0
    with pytest.raises(ValueError):
        mx.metric_simplicity(10, 0)


def test_wilson_bounds():
    low, high = mx.wilson_bounds(10, 10, 1.0)
    assert low == pytest.approx(10 / 11) and high == pytest.approx(1.0)
    assert mx.wilson_bounds(0, 0, 1.0) == (0.0, 1.0)
    low, high = mx.wilson_bounds(50, 100, 1.96)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)
    with pytest.raises(ValueError):
        mx.wilson_bounds(11, 10, 1.0)


def test_saturate_and_log_closeness():
    assert mx.saturate(2.0, 2.0) == 0.5
    assert mx.log_closeness(f(0, 50, 100), 50).tolist() == pytest.approx([0.0, 1.0, math.exp(-0.5)])
    with pytest.raises(ValueError):
        mx.saturate(1.0, 0.0)
