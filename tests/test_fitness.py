"""Fitness metrics on hand-made game records with known answers (no gosim needed)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from darwindeck.bindings.records import RECORD_DTYPE, Outcome
from darwindeck.evolution.fitness_full import (
    COMPONENTS,
    FitnessEvaluator,
    FitnessMetrics,
    metric_balance,
    metric_branching,
    metric_duration,
    seat_win_shares,
)

from record_factory import DRAW, UNFINISHED, WIN, make_records  # noqa: E402,F401


def test_all_unfinished_is_invalid_with_reason():
    rec = make_records(20, outcome=UNFINISHED, winners=0, turns=5000)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert not m.valid
    assert m.total_fitness == 0.0
    assert "completion" in m.reason and "20 of 20 games hit the turn cap" in m.reason
    assert m.completion_rate == 0.0
    assert m.components["duration"] == 0.0  # unfinished games have no duration


def test_completion_threshold_is_a_gate():
    outcome = np.array([UNFINISHED] * 6 + [WIN] * 4)
    rec = make_records(10, outcome=outcome, winners=np.where(outcome == WIN, [1, 2, 1, 2, 1, 2, 1, 2, 1, 2], 0))
    assert not FitnessEvaluator(min_completion=0.5).evaluate_records(rec, 2).valid
    m = FitnessEvaluator(min_completion=0.4).evaluate_records(rec, 2)
    assert m.valid and m.completion_rate == pytest.approx(0.4)


def test_no_decisions_is_invalid():
    rec = make_records(8, decisions=0, legal_moves_sum=0)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert not m.valid
    assert m.reason.startswith("no decisions")
    assert m.components["decision_density"] == 0.0 and m.components["branching"] == 0.0


def test_empty_batch_is_invalid():
    m = FitnessEvaluator().evaluate_records(np.zeros(0, dtype=RECORD_DTYPE), 3)
    assert not m.valid and m.reason == "no games were played" and m.games == 0


def test_known_values_for_a_simple_batch():
    # Every game: 50 turns (the target), 60 moves, 30 decisions with 4 legal moves each,
    # 2 lead changes, the winner last behind at turn 25, 15 interactions, runner-up 1 card
    # behind; half the winners trailed; wins alternate between the two seats.
    rec = make_records(
        10,
        lead_changes=2,
        lead_settled_turn=40,
        winner_lead_turn=25,
        interactions=15,
        margin=1,
        margin_base=1,
        flags=np.arange(10) % 2,
    )
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert m.valid, m.reason
    c = m.components
    # Records alone (no skill games, no program size) measure every other component.
    assert set(c) == set(COMPONENTS) - {"skill", "simplicity"}
    assert c["completion"] == 1.0
    assert c["decisiveness"] == 1.0
    assert c["fairness"] == pytest.approx(1.0)
    assert c["decision_density"] == pytest.approx(0.5)
    assert c["branching"] == pytest.approx(0.5)  # 4 legal moves = the half-saturation point
    assert c["duration"] == pytest.approx(1.0)
    assert c["lead_change"] == pytest.approx(0.5)  # 2 changes per game = the half point
    assert c["uncertainty"] == pytest.approx(0.5)  # winner_lead_turn / turns, not lead_settled_turn
    assert c["drama"] == pytest.approx(0.5)
    assert c["closeness"] == pytest.approx(0.5)
    assert c["interaction"] == pytest.approx(0.25)
    assert c["balance"] == pytest.approx(1.0)
    assert m.total_fitness == pytest.approx(sum(c.values()) / len(c))
    assert m.seat_win_shares == (0.5, 0.5)
    assert m.avg_turns == 50.0 and m.avg_decisions == 30.0 and m.games == 10
    assert m.measurements["cycle_rate"] == 0.0


def test_abi1_records_score_without_the_new_components():
    fields = [n for n in RECORD_DTYPE.names if n not in ("flags", "winner_lead_turn", "interactions", "repeats", "margin", "margin_base")]
    old = make_records(10, lead_settled_turn=25)[fields]
    m = FitnessEvaluator().evaluate_records(old, 2)
    assert m.valid and not {"drama", "closeness", "interaction"} & set(m.components)
    assert m.components["uncertainty"] == pytest.approx(0.5)  # falls back to lead_settled_turn


def test_cycles_are_reported():
    rec = make_records(4, repeats=np.array([0, 3, 0, 1]), flags=np.array([0, 2, 0, 2]))
    assert FitnessEvaluator().evaluate_records(rec, 2).measurements["cycle_rate"] == 0.5


def test_uint32_sums_do_not_overflow():
    big = np.uint32(4_000_000_000)
    rec = make_records(4, turns=big, moves=big, decisions=big // 2, legal_moves_sum=big)
    m = FitnessEvaluator(target_turns=4e9).evaluate_records(rec, 2)
    # 4 * 4e9 overflows uint32 (and 2e9 * 4 > 2**32); computed in float64 it does not.
    assert m.components["branching"] == pytest.approx(1.0 / 4.0)  # b = 2 -> 1 / (1 + 3)
    assert m.components["decision_density"] == pytest.approx(0.5)
    assert m.components["duration"] == pytest.approx(1.0)
    assert m.avg_turns == pytest.approx(4e9)


def test_duration_is_per_game_not_batch_sum():
    # 100 games of exactly the target length: a batch total (5000 turns) compared with the
    # target would score near 0; per game it is 1.
    rec = make_records(100, turns=50)
    assert FitnessEvaluator(target_turns=50).evaluate_records(rec, 2).components["duration"] == pytest.approx(1.0)
    # Half the games at the target, half at twice it: mean of 1 and exp(-1/2).
    turns = np.array([50] * 5 + [100] * 5, dtype=np.float64)
    finished = np.ones(10, dtype=bool)
    assert metric_duration(turns, finished, 50) == pytest.approx((1 + math.exp(-0.5)) / 2)
    # Games of 0 turns score 0, unfinished games are left out.
    turns = np.array([0.0, 50.0, 5000.0])
    assert metric_duration(turns, np.array([True, True, False]), 50) == pytest.approx(0.5)


def test_branching_saturates():
    d = np.array([10.0])
    assert metric_branching(d, np.array([20.0])) == pytest.approx(1 / 4)  # b = 2
    assert metric_branching(d, np.array([400.0])) == pytest.approx(39 / 42)  # b = 40
    assert metric_branching(np.zeros(1), np.zeros(1)) == 0.0


def test_balance_one_seat_always_wins_is_zero():
    rec = make_records(12, num_players=3, winners=0b001)
    m = FitnessEvaluator().evaluate_records(rec, 3)
    assert m.components["balance"] == 0.0
    assert m.seat_win_shares == (1.0, 0.0, 0.0)


def test_balance_uses_max_deviation():
    # 4 seats with win shares 0.4, 0.2, 0.2, 0.2: max deviation 0.15 of a possible 0.75.
    shares = np.array([0.4, 0.2, 0.2, 0.2])
    assert metric_balance(shares) == pytest.approx(1 - 0.15 / 0.75)
    assert metric_balance(np.zeros(4)) == 0.0  # no game won


def test_shared_wins_split_between_winners():
    outcome = np.array([WIN, WIN, DRAW, UNFINISHED])
    winners = np.array([0b11, 0b01, 0, 0], dtype=np.uint8)
    shares = seat_win_shares(outcome, winners, 2)
    assert shares.tolist() == [0.75, 0.25]


def test_records_are_checked():
    ev = FitnessEvaluator()
    with pytest.raises(ValueError, match="num_players"):
        ev.evaluate_records(make_records(3, num_players=2), 4)
    with pytest.raises(ValueError, match="winners"):
        ev.evaluate_records(make_records(3, winners=0b100), 2)
    with pytest.raises(ValueError, match="structured"):
        ev.evaluate_records(np.zeros(3), 2)


def test_weights():
    rec = make_records(10, lead_changes=0, lead_settled_turn=0)
    only_completion = FitnessEvaluator(weights={"completion": 1.0}).evaluate_records(rec, 2)
    assert only_completion.total_fitness == 1.0
    with pytest.raises(ValueError, match="unknown fitness components"):
        FitnessEvaluator(weights={"fun": 1.0})
    with pytest.raises(ValueError, match="> 0"):
        FitnessEvaluator(weights={"completion": 0.0})


def test_metrics_round_trip_json():
    m = FitnessEvaluator().evaluate_records(make_records(6, lead_changes=1), 2)
    text = json.dumps(m.to_dict())
    back = FitnessMetrics.from_dict(json.loads(text))
    assert back == m
    with pytest.raises(ValueError, match="unknown keys"):
        FitnessMetrics.from_dict({**m.to_dict(), "extra": 1})


def test_uncertainty_is_over_won_games():
    # a draw has no winner: it does not pull uncertainty towards 0
    outcome = np.array([WIN, WIN, DRAW, DRAW])
    rec = make_records(4, outcome=outcome, winners=np.where(outcome == WIN, [1, 2, 0, 0], 0), winner_lead_turn=[25, 50, 0, 0])
    assert FitnessEvaluator().evaluate_records(rec, 2).components["uncertainty"] == pytest.approx(0.75)
