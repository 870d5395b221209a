"""Gates, skill, styles and stages of FitnessEvaluator on hand-made records (no gosim)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from darwindeck.evolution.fitness_full import (
    COMPONENTS,
    PLAYER_GREEDY,
    PLAYER_RANDOM,
    FitnessEvaluator,
    FitnessMetrics,
    SkillBatch,
    skill_from_batches,
)
from darwindeck.evolution.stages import FitnessConfig, StageConfig, evaluate_staged
from darwindeck.evolution.styles import STYLE_DIR, FitnessStyle, StyleError, load_style, style_names

from record_factory import DRAW, UNFINISHED, WIN  # noqa: E402
from record_factory import make_records as _make_records  # noqa: E402


def make_records(n: int, num_players: int = 2, **columns):
    return _make_records(n, num_players, rotate_first=True, **columns)


# ----------------------------------------------------------------------------- gates


def test_first_player_always_wins_is_gated():
    rec = make_records(40, first_player=1, winners=0b10)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert not m.valid and m.total_fitness == 0.0
    assert len(m.reasons) == 1 and m.reasons[0].startswith("first-player advantage")
    assert m.components["fairness"] == 0.0 and m.measurements["first_player_share"] == 1.0
    assert m.raw_fitness > 0.0  # the weighted mean it would have had is kept


def test_first_player_gate_needs_evidence():
    # 3 of 4 won by the first player: 0.75 is above 0.5 + 0.3? no; and 4 games are little
    # evidence: the Wilson lower bound is far below the threshold.
    rec = make_records(4, first_player=0, winners=np.array([1, 1, 1, 2]))
    assert FitnessEvaluator().evaluate_records(rec, 2).valid
    # 10 of 10: gated even with few games
    rec = make_records(10, first_player=0, winners=1)
    assert not FitnessEvaluator().evaluate_records(rec, 2).valid


def test_forced_first_move_win_fails_every_gate_that_applies():
    rec = make_records(20, turns=1, moves=1, decisions=0, legal_moves_sum=0, first_player=1, winners=0b10)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert not m.valid
    kinds = [r.split(":")[0] for r in m.reasons]
    assert kinds == ["no decisions", "trivial", "first-player advantage"]
    assert m.reason == "; ".join(m.reasons)


def test_never_ends_is_gated():
    rec = make_records(10, outcome=UNFINISHED, winners=0, turns=1000)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert not m.valid and m.reasons[0].startswith("completion 0.000")
    assert m.measurements["timeout_rate"] == 1.0
    assert m.components["duration"] == 0.0 and m.components["fairness"] == 0.0


def test_all_draws_are_valid_but_weak():
    rec = make_records(10, outcome=DRAW, winners=0)
    m = FitnessEvaluator().evaluate_records(rec, 2)
    assert m.valid
    assert m.components["decisiveness"] == 0.0 and m.components["balance"] == 0.0
    assert m.components["fairness"] == 0.0 and m.seat_win_shares == ()


def test_few_decisions_gate_from_style():
    rec = make_records(10, decisions=2, legal_moves_sum=4)
    assert FitnessEvaluator().evaluate_records(rec, 2).valid
    strategic = FitnessEvaluator(style="strategic").evaluate_records(rec, 2)
    assert not strategic.valid and strategic.reasons[0].startswith("no decisions: 2.00")


def test_gated_genome_scores_below_every_valid_one():
    good = FitnessEvaluator().evaluate_records(make_records(20, lead_changes=2, lead_settled_turn=40), 2)
    bad = FitnessEvaluator().evaluate_records(make_records(20, first_player=0, winners=1), 2)
    assert good.valid and not bad.valid and good.total_fitness > bad.total_fitness == 0.0


# ----------------------------------------------------------------------------- skill


def test_skill_from_batches_known_values():
    # 2 seats; strong at seat 0 wins 3 of 4, strong at seat 1 wins 4 of 4 (one shared win)
    a = SkillBatch(0, make_records(4, winners=np.array([1, 1, 1, 2])))
    c = SkillBatch(1, make_records(4, winners=np.array([2, 2, 2, 3])))
    s = skill_from_batches([a, c], 2)
    assert s["skill_games"] == 8
    assert s["skill_win_rate"] == pytest.approx((3 + 3.5) / 8)
    assert s["skill_weak_rate"] == pytest.approx((1 + 0.5) / 8)
    assert s["skill_order"] == pytest.approx((6.5 / 8 - 0.5) / 0.5)
    assert s["skill_gap"] == pytest.approx(5 / 8)
    assert skill_from_batches([SkillBatch(0, make_records(0))], 2) is None
    with pytest.raises(ValueError):
        skill_from_batches([SkillBatch(2, make_records(2))], 2)


def test_skill_four_seats_and_draws():
    # strong seat wins 1 of 4 games, 1 is a draw: w = 0.25 = 1/n -> Order 0
    rec = make_records(4, num_players=4, outcome=np.array([WIN, WIN, WIN, DRAW]), winners=np.array([1, 2, 4, 0]))
    s = skill_from_batches([SkillBatch(0, rec)], 4)
    assert s["skill_order"] == pytest.approx(0.0)
    assert s["skill_weak_rate"] == pytest.approx(2 / 3 / 4)


class FakeSimulator:
    """Strong seats (type > 0) win every game; records every call."""

    def __init__(self, num_players: int = 2) -> None:
        self.calls: list[dict] = []
        self.num_players = num_players

    def __call__(self, bytecode, num_games, ai_type, mcts_iterations, random_seed, *, num_threads=1, seat_players=None):
        self.calls.append(dict(games=num_games, ai_type=ai_type, seed=random_seed, seat_players=seat_players))
        rec = make_records(num_games, num_players=self.num_players)
        if seat_players is not None:
            rec["winners"] = 1 << seat_players.index(max(seat_players))

        class Result:
            records = rec

        return Result()


def test_evaluate_program_plays_rotated_skill_games():
    sim = FakeSimulator(3)
    m = FitnessEvaluator(simulator=sim).evaluate_program(b"\x00" * 100, 3, num_simulations=40, ai_type=PLAYER_GREEDY, batch_seed=5)
    assert m.valid and m.seed == 5
    assert [c["seat_players"] for c in sim.calls[1:]] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert all(c["games"] == 14 for c in sim.calls[1:])  # ceil(40 * 1.0 / 3)
    assert len({c["seed"] for c in sim.calls}) == 4
    assert m.components["skill"] == 1.0 and m.measurements["skill_order"] == 1.0
    assert m.measurements["skill_games"] == 42 and m.measurements["skill_player"] == PLAYER_GREEDY
    assert m.components["simplicity"] == 1.0 and m.measurements["rules_bytes"] == 100
    # the same call gives the same numbers, bit for bit
    again = FitnessEvaluator(simulator=FakeSimulator(3)).evaluate_program(b"\x00" * 100, 3, 40, PLAYER_GREEDY, 5)
    assert again == m


def test_small_batches_play_no_skill_games():
    sim = FakeSimulator()
    m = FitnessEvaluator(simulator=sim).evaluate_program(b"x", 2, num_simulations=39, ai_type=PLAYER_GREEDY)
    assert len(sim.calls) == 1 and "skill" not in m.components
    sim = FakeSimulator()
    FitnessEvaluator(simulator=sim, style=FitnessStyle(skill_min_games=5)).evaluate_program(b"x", 2, 5, PLAYER_GREEDY)
    assert len(sim.calls) == 3


def test_random_players_play_no_skill_games():
    sim = FakeSimulator()
    m = FitnessEvaluator(simulator=sim).evaluate_program(b"x", 2, num_simulations=10, ai_type=PLAYER_RANDOM)
    assert len(sim.calls) == 1 and "skill" not in m.components
    sim = FakeSimulator()
    FitnessEvaluator(simulator=sim, weights={"completion": 1.0}).evaluate_program(b"x", 2, 50, PLAYER_GREEDY)
    assert len(sim.calls) == 1  # skill weighs 0: not measured


def test_gated_genome_plays_no_skill_games():
    class Unfinished(FakeSimulator):
        def __call__(self, *args, **kwargs):
            result = super().__call__(*args, **kwargs)
            result.records["outcome"] = UNFINISHED
            result.records["winners"] = 0
            return result

    sim = Unfinished()
    m = FitnessEvaluator(simulator=sim).evaluate_program(b"x", 2, 50, PLAYER_GREEDY)
    assert not m.valid and len(sim.calls) == 1


# ----------------------------------------------------------------------------- metrics object


def test_total_is_weighted_mean_of_measured_components():
    rec = make_records(10, lead_changes=2, lead_settled_turn=25)
    ev = FitnessEvaluator(weights={"completion": 3.0, "duration": 1.0, "skill": 5.0})
    m = ev.evaluate_records(rec, 2)
    # skill was not measured: it is left out of the mean, not counted as 0
    assert m.total_fitness == pytest.approx((3 * 1.0 + 1 * 1.0) / 4)
    assert set(m.components) <= set(COMPONENTS)


def test_metrics_json_round_trip_with_reasons():
    m = FitnessEvaluator().evaluate_records(make_records(10, first_player=0, winners=1), 2)
    back = FitnessMetrics.from_dict(json.loads(json.dumps(m.to_dict())))
    assert back == m and isinstance(back.reasons, tuple) and back.style == "balanced"
    with pytest.raises(ValueError):
        FitnessMetrics.invalid(())


# ----------------------------------------------------------------------------- styles


def test_presets_exist_and_validate():
    assert {"balanced", "strategic", "party", "quick"} <= set(style_names())
    for name in style_names():
        style = load_style(name)
        assert style.name == name and set(style.weights) == set(COMPONENTS)


def test_balanced_file_equals_defaults():
    assert load_style("balanced") == FitnessStyle()


def test_style_errors(tmp_path):
    with pytest.raises(StyleError, match="balanced"):
        load_style("no-such-style")
    bad = tmp_path / "bad.yaml"
    bad.write_text("weights: {fun: 1.0}\n")
    with pytest.raises(StyleError, match="weights"):
        load_style(bad)
    bad.write_text("target_turns: -1\n")
    with pytest.raises(StyleError, match="target_turns"):
        load_style(bad)
    with pytest.raises(ValueError):
        FitnessEvaluator(style="no-such-style")


def test_style_round_trips_through_yaml(tmp_path):
    style = load_style("party")
    path = tmp_path / "party2.yaml"
    path.write_text(style.to_yaml())
    assert load_style(path) == style
    assert (STYLE_DIR / "party.yaml").is_file()


def test_styles_change_the_score():
    rec = make_records(20, turns=20, lead_changes=0, lead_settled_turn=0)
    quick = FitnessEvaluator(style="quick").evaluate_records(rec, 2)
    balanced = FitnessEvaluator(style="balanced").evaluate_records(rec, 2)
    assert quick.components["duration"] == pytest.approx(1.0)  # quick targets 20 turns
    assert quick.total_fitness > balanced.total_fitness
    assert quick.style == "quick"


# ----------------------------------------------------------------------------- stages


class FakePool:
    """evaluate_population from a table of fitness by (genome, stage player type)."""

    def __init__(self, table):
        self.table = table
        self.calls = []

    def evaluate_population(self, genomes, num_simulations, ai_type, seed):
        self.calls.append((list(genomes), num_simulations, ai_type, seed))
        out = []
        for g in genomes:
            value = self.table[g][ai_type]
            if value is None:
                out.append(FitnessMetrics.invalid("gated", games=num_simulations))
            else:
                out.append(FitnessMetrics(total_fitness=value, valid=True, games=num_simulations))
        return out


def test_staged_evaluation_promotes_the_best():
    table = {
        "a": {0: 0.5, 1: 0.6, 2: 0.9},
        "b": {0: None, 1: 0.9, 2: 0.9},  # gated at screening: never goes further
        "c": {0: 0.5, 1: 0.8, 2: 0.1},
        "d": {0: 0.5, 1: 0.7, 2: 0.2},
        "e": {0: 0.5, 1: 0.2, 2: 0.3},
    }
    config = FitnessConfig(
        stages=[
            StageConfig(name="screen", players="random", games=10),
            StageConfig(name="greedy", players="greedy", games=100),
            StageConfig(name="mcts", players="mcts", games=20, fraction=0.5),
        ]
    )
    pool = FakePool(table)
    reports = []
    results = evaluate_staged(pool, list("abcde"), config, seed=7, reports=reports)
    assert [c[0] for c in pool.calls] == [list("abcde"), list("acde"), list("cd")]  # top half of 4
    assert [c[1:] for c in pool.calls] == [(10, 0, 7), (100, 1, 7), (20, 2, 7)]
    assert [r.total_fitness for r in results] == [0.6, 0.0, 0.1, 0.2, 0.2]
    assert not results[1].valid
    assert [(r.name, r.genomes, r.valid) for r in reports] == [("screen", 5, 4), ("greedy", 4, 4), ("mcts", 2, 2)]


def test_stage_ties_break_by_input_order_and_at_least_one_promoted():
    table = {g: {0: 0.5, 1: 0.5, 2: 0.9} for g in "xyz"}
    pool = FakePool(table)
    config = FitnessConfig(
        stages=[
            StageConfig(name="greedy", players="greedy", games=5),
            StageConfig(name="mcts", players="mcts", games=5, fraction=0.01),
        ]
    )
    evaluate_staged(pool, list("xyz"), config)
    assert pool.calls[1][0] == ["x"]


def test_fitness_config_validation():
    with pytest.raises(ValueError, match="first stage"):
        FitnessConfig(stages=[StageConfig(name="s", players="random", games=1, fraction=0.5)])
    with pytest.raises(ValueError, match="no fitness style"):
        FitnessConfig(style="nope")
    with pytest.raises(ValueError, match="distinct"):
        FitnessConfig(stages=[StageConfig(name="s", players="random", games=1)] * 2)
    config = FitnessConfig.model_validate({"style": "party", "stages": [{"name": "g", "players": "greedy", "games": 3}]})
    ev = config.evaluator_factory()()
    assert ev.style.name == "party" and ev.mcts_iterations == 200
    import pickle

    assert pickle.loads(pickle.dumps(config.evaluator_factory()))().style == ev.style
