"""Fitness on real games played by gosim: the classic seeds score clearly above genomes
built to be degenerate, under every style; results do not depend on the thread count."""

from __future__ import annotations

import pytest
import yaml

from darwindeck.evolution.fitness_full import PLAYER_GREEDY, PLAYER_RANDOM, FitnessEvaluator
from darwindeck.evolution.styles import FitnessStyle
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed

GAMES = 200


def _variant(name: str, deal: int, legal, **changes) -> Genome:
    """Crazy Eights with another deal size and play rule."""
    data = yaml.safe_load(yaml.safe_dump(load_seed("crazy_eights").model_dump(by_alias=True, exclude_none=True)))
    data["name"] = name
    data["setup"][0] = {"step": "deal", "from": "stock", "to": "hand", "count": deal}
    data["turn"][0]["legal"] = legal
    data.update(changes)
    return Genome.model_validate(data)


@pytest.fixture(scope="module")
def degenerate() -> dict[str, Genome]:
    return {
        # one card each, any card playable: the first player sheds it on move 1
        "forced_first_move_win": _variant("forced first-move win", 1, True),
        # two cards each, any card playable: the first player always sheds first
        "first_player_always_wins": _variant("first player always wins", 2, True),
        # nothing is ever playable: the turn cap ends every game
        "never_ends": _variant("never ends", 7, {"not": True}, turn_cap=200),
        "no_decisions": load_seed("war"),
    }


@pytest.mark.parametrize("style", ["balanced", "strategic", "party", "quick"])
def test_seeds_beat_degenerate_genomes(style, degenerate):
    ev = FitnessEvaluator(style=style)
    seeds = {name: ev.evaluate(load_seed(name), GAMES, PLAYER_GREEDY, seed=11) for name in ("crazy_eights", "hearts")}
    for name, m in seeds.items():
        assert m.valid, (style, name, m.reasons)
        assert m.total_fitness > 0.5, (style, name, m.total_fitness)
    for name, genome in degenerate.items():
        m = ev.evaluate(genome, GAMES, PLAYER_GREEDY, seed=11)
        assert not m.valid and m.total_fitness == 0.0, (style, name)
        assert m.reasons, name
        assert min(s.total_fitness for s in seeds.values()) > m.total_fitness + 0.5


def test_gate_reasons_name_the_fault(degenerate):
    ev = FitnessEvaluator()
    reasons = {name: ev.evaluate(g, GAMES, PLAYER_RANDOM, seed=3).reasons for name, g in degenerate.items()}
    assert any(r.startswith("first-player advantage") for r in reasons["forced_first_move_win"])
    assert any(r.startswith("trivial") for r in reasons["forced_first_move_win"])
    assert reasons["first_player_always_wins"] == tuple(
        r for r in reasons["first_player_always_wins"] if r.startswith("first-player advantage")
    )
    assert reasons["never_ends"][0].startswith("completion 0.000")
    assert reasons["no_decisions"] == ("no decisions: every move of all 200 games was forced",)


def test_skill_greedy_beats_random_on_seeds():
    ev = FitnessEvaluator()
    for name in ("crazy_eights", "hearts"):
        m = ev.evaluate(load_seed(name), GAMES, PLAYER_GREEDY, seed=5)
        # measured: greedy wins ~62% of 2-seat Crazy Eights and ~60% of 4-seat Hearts
        assert m.measurements["skill_order"] > 0.1, (name, m.measurements)
        assert m.measurements["skill_gap"] > 0.1


def test_fitness_is_independent_of_threads():
    hearts = load_seed("hearts")
    ev = FitnessEvaluator(style="strategic")
    one = ev.evaluate(hearts, 100, PLAYER_GREEDY, seed=9, num_threads=1)
    four = ev.evaluate(hearts, 100, PLAYER_GREEDY, seed=9, num_threads=4)
    assert one == four
    assert one.to_dict() == FitnessEvaluator(style="strategic").evaluate(hearts, 100, PLAYER_GREEDY, seed=9).to_dict()



def test_mcts_stage_measures_skill_with_mcts():
    """Stage 3's path: MCTS in every seat, then MCTS seats among random ones."""
    style = FitnessStyle(skill_min_games=4)
    ev = FitnessEvaluator(mcts_iterations=30, style=style)
    m = ev.evaluate(load_seed("crazy_eights"), 4, ai_type=0, seed=2, use_mcts=True)
    assert m.valid, m.reasons
    assert m.measurements["skill_player"] == 2 and m.measurements["skill_games"] == 4
    assert "skill" in m.components
    again = FitnessEvaluator(mcts_iterations=30, style=style)
    assert m == again.evaluate(load_seed("crazy_eights"), 4, seed=2, use_mcts=True, num_threads=2)


def test_staged_evaluation_on_seeds():
    from darwindeck.evolution.stages import FitnessConfig, StageConfig, StageReport, evaluate_staged

    config = FitnessConfig(
        style=FitnessStyle(skill_min_games=4),
        mcts_iterations=30,
        stages=[
            StageConfig(name="screening", players="random", games=10),
            StageConfig(name="greedy", players="greedy", games=50),
            StageConfig(name="mcts", players="mcts", games=4, fraction=0.5),
        ],
    )

    class LocalPool:
        def __init__(self):
            self.evaluator = config.evaluator()

        def evaluate_population(self, genomes, num_simulations, ai_type, seed):
            return [self.evaluator.evaluate(g, num_simulations, ai_type, seed=seed) for g in genomes]

    genomes = [load_seed(n) for n in ("war", "crazy_eights", "hearts")]
    reports: list[StageReport] = []
    results = evaluate_staged(LocalPool(), genomes, config, seed=1, reports=reports)
    assert [(r.genomes, r.valid) for r in reports] == [(3, 2), (2, 2), (1, 1)]
    assert not results[0].valid and results[0].games == 10  # War stops at screening
    players = [r.measurements.get("skill_player") for r in results[1:]]
    assert sorted(players) == [1.0, 2.0]  # one reached the MCTS stage
