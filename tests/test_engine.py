"""The GA driver with a fake evaluator: status dict, elitism, determinism, fitness reuse,
hall of fame and hooks."""

from __future__ import annotations

import numpy as np
import pytest

from darwindeck.config import RunConfig
from darwindeck.evolution.engine import GeneticAlgorithm
from fake_evaluator import FakeEvaluator, fake_fitness

STATUS_KEYS = {
    "generation",
    "stages",
    "population_size",
    "distinct_genomes",
    "best_fitness",
    "mean_fitness",
    "median_fitness",
    "std_fitness",
    "min_fitness",
    "fitness_values",
    "valid_fraction",
    "games_simulated",
    "games_simulated_total",
    "genomes_evaluated",
    "evaluation_seconds",
    "games_per_second",
    "best_genome",
    "best_genome_id",
    "best_genome_name",
    "best_components",
    "hall_of_fame_best_fitness",
    "crossover_rejected",
    "mutation_rejected",
    "genomes_per_second",
    "generation_seconds",
    "mean_components",
    "invalid_reasons",
    "population_mean_distance",
    "population_min_distance",
    "hall_of_fame_min_distance",
    "hall_of_fame_mean_distance",
    "hall_of_fame_size",
    "archive_cells",
    "archive_coverage",
    "archive_inserted",
    "archive_best_fitness",
    "archive_mean_fitness",
}


def small_config(**changes) -> RunConfig:
    base = dict(population_size=8, generations=3, games_per_genome=5, seed=11, elitism=2, hall_of_fame_size=4)
    base.update(changes)
    return RunConfig(**base)


def ids(population) -> list[str]:
    return [g.genome_id for g in population]


def test_status_dict_is_complete_and_consistent():
    ga = GeneticAlgorithm(small_config(), FakeEvaluator())
    population = list(ga.population)
    status = ga.step()
    assert set(status) == STATUS_KEYS
    expected = np.array([fake_fitness(g.genome_id).total_fitness for g in population])
    assert status["generation"] == 0 and ga.generation == 1 and ga.status is status
    assert status["population_size"] == 8
    assert status["fitness_values"] == pytest.approx(expected.tolist())
    assert status["best_fitness"] == pytest.approx(expected.max())
    assert status["mean_fitness"] == pytest.approx(expected.mean())
    assert status["median_fitness"] == pytest.approx(np.median(expected))
    assert status["std_fitness"] == pytest.approx(expected.std())
    assert status["min_fitness"] == pytest.approx(expected.min())
    valid = [fake_fitness(g.genome_id).valid for g in population]
    assert status["valid_fraction"] == pytest.approx(sum(valid) / len(valid))
    assert status["distinct_genomes"] == len(set(ids(population)))
    assert status["genomes_evaluated"] == status["distinct_genomes"]
    # One stage by default: games_per_genome games with ai_type players, every new genome.
    assert status["stages"] == {"greedy": {"genomes": status["distinct_genomes"], "valid": sum(
        fake_fitness(gid).valid for gid in set(ids(population))), "games": 5}}
    assert status["games_simulated"] == 5 * status["genomes_evaluated"]
    assert status["games_simulated_total"] == status["games_simulated"]
    assert status["evaluation_seconds"] >= 0.0 and status["games_per_second"] >= 0.0
    best = population[int(np.argmax(expected))]
    assert status["best_genome"] is best
    assert (status["best_genome_id"], status["best_genome_name"]) == (best.genome_id, best.name)
    assert status["best_components"] == fake_fitness(best.genome_id).components
    assert status["hall_of_fame_best_fitness"] == pytest.approx(expected.max())
    assert status["crossover_rejected"] >= 0 and status["mutation_rejected"] >= 0


def test_evaluator_gets_config_settings_and_each_genome_once():
    fake = FakeEvaluator()
    ga = GeneticAlgorithm(small_config(ai_type="random", games_per_genome=9, seed=123), fake)
    ga.run(4)
    seen: set[str] = set()
    for call in fake.calls:
        assert (call["num_simulations"], call["ai_type"], call["seed"]) == (9, 0, 123)
        assert len(call["ids"]) == len(set(call["ids"]))
        assert not seen & set(call["ids"]), "a genome was played twice"
        seen |= set(call["ids"])
    assert ga.status["games_simulated_total"] == 9 * len(seen)


def test_elitism_keeps_the_best_unchanged():
    ga = GeneticAlgorithm(small_config(elitism=3), FakeEvaluator())
    for _ in range(3):
        before = list(ga.population)
        ga.step()
        ranked = sorted(before, key=lambda g: -fake_fitness(g.genome_id).total_fitness)
        top = {g.genome_id for g in ranked[:3]}
        assert set(ids(ga.population[:3])) == top
        assert len(ga.population) == 8


def test_best_fitness_never_drops_with_elitism():
    ga = GeneticAlgorithm(small_config(elitism=1), FakeEvaluator())
    best = [ga.step()["best_fitness"] for _ in range(5)]
    assert best == sorted(best)


def test_same_seed_same_populations_other_seed_other_populations():
    def history(seed: int) -> list[list[str]]:
        ga = GeneticAlgorithm(small_config(seed=seed), FakeEvaluator())
        out = [ids(ga.population)]
        for _ in range(3):
            ga.step()
            out.append(ids(ga.population))
        return out

    first = history(5)
    assert history(5) == first
    assert history(6) != first


def test_rng_given_explicitly_is_the_only_source():
    a = GeneticAlgorithm(small_config(seed=1), FakeEvaluator(), rng=np.random.default_rng(99))
    b = GeneticAlgorithm(small_config(seed=2), FakeEvaluator(), rng=np.random.default_rng(99))
    a.step()
    b.step()
    assert ids(a.population) == ids(b.population)


def test_initial_population_starts_with_the_seeds():
    cfg = small_config()
    ga = GeneticAlgorithm(cfg, FakeEvaluator())
    seeds = cfg.seed_genomes()[: cfg.population_size]
    assert ids(ga.population[: len(seeds)]) == ids(seeds)
    assert len(ga.population) == cfg.population_size


def test_hall_of_fame_is_best_distinct_valid_sorted():
    ga = GeneticAlgorithm(small_config(hall_of_fame_size=5, hall_of_fame_min_distance=0.0), FakeEvaluator())
    everything: dict[str, float] = {}
    for _ in range(4):
        for g in ga.population:
            m = fake_fitness(g.genome_id)
            if m.valid:
                everything[g.genome_id] = m.total_fitness
        ga.step()
    hof = ga.hall_of_fame.entries
    assert len(hof) == min(5, len(everything))
    assert len({e.genome_id for e in hof}) == len(hof)
    assert [e.fitness for e in hof] == sorted(everything.values(), reverse=True)[: len(hof)]
    assert all(e.metrics.valid for e in hof)
    assert ga.status["hall_of_fame_best_fitness"] == hof[0].fitness


def test_hooks_get_every_status_and_end_of_run_once():
    ga = GeneticAlgorithm(small_config(), FakeEvaluator())
    logged, ended = [], []
    ga.log_hook.append(logged.append)
    ga.end_of_run_hook.append(ended.append)
    last = ga.run()
    assert [s["generation"] for s in logged] == [0, 1, 2]
    assert ended == [last] and last is logged[-1]


def test_end_of_run_hook_runs_when_evaluation_fails():
    class Failing(FakeEvaluator):
        def evaluate_population(self, genomes, **kwargs):
            if len(self.calls) == 2:
                raise RuntimeError("actor died")
            return super().evaluate_population(genomes, **kwargs)

    ga = GeneticAlgorithm(small_config(generations=5), Failing())
    ended = []
    ga.end_of_run_hook.append(ended.append)
    with pytest.raises(RuntimeError, match="actor died"):
        ga.run()
    assert ga.generation == 2
    assert ended == [ga.status] and ga.status["generation"] == 1


def test_wrong_number_of_results_is_an_error():
    class Short(FakeEvaluator):
        def evaluate_population(self, genomes, **kwargs):
            return super().evaluate_population(genomes, **kwargs)[:-1]

    ga = GeneticAlgorithm(small_config(), Short())
    before = ids(ga.population)
    with pytest.raises(ValueError, match=r"returned \d+ results for \d+ genomes"):
        ga.step()
    assert ids(ga.population) == before and ga.generation == 0


# ------------------------------------------------------------------ staged evaluation

TWO_STAGES = [
    {"name": "screening", "players": "random", "games": 3},
    {"name": "greedy", "players": "greedy", "games": 7, "fraction": 0.5},
]


class StagedFake(FakeEvaluator):
    """A fake whose results say which player type played them: greedy results are the
    fake fitness plus 0.5 (capped below 1), so a genome's stage shows in its fitness."""

    def evaluate_population(self, genomes, num_simulations, ai_type, seed):
        out = super().evaluate_population(genomes, num_simulations, ai_type, seed)
        if ai_type == 1:
            out = [m.replace(total_fitness=min(0.999, m.total_fitness + 0.5)) if m.valid else m for m in out]
        return out


def staged_config(**changes) -> RunConfig:
    from darwindeck.config import validate_config

    base = dict(population_size=8, generations=3, games_per_genome=5, seed=11, elitism=2, hall_of_fame_size=4)
    base.update(changes)
    return validate_config({**base, "fitness": {"style": "party", "stages": TWO_STAGES}})


def test_two_stages_promote_the_best_half_of_the_new_valid_genomes():
    fake = StagedFake()
    ga = GeneticAlgorithm(staged_config(), fake)
    new = list(dict.fromkeys(g.genome_id for g in ga.population))
    status = ga.step()
    screening, greedy = fake.calls
    assert (screening["ids"], screening["num_simulations"], screening["ai_type"], screening["seed"]) == (new, 3, 0, 11)
    valid = [gid for gid in new if fake_fitness(gid).valid]
    best = sorted(valid, key=lambda gid: (-fake_fitness(gid).total_fitness, new.index(gid)))[: -(-len(valid) // 2)]
    assert greedy["ids"] == [gid for gid in new if gid in best]  # input order
    assert (greedy["num_simulations"], greedy["ai_type"]) == (7, 1)
    assert status["stages"] == {
        "screening": {"genomes": len(new), "valid": len(valid), "games": 3},
        "greedy": {"genomes": len(best), "valid": len(best), "games": 7},
    }
    assert status["games_simulated"] == 3 * len(new) + 7 * len(best)
    # Each genome keeps the result of the last stage it reached.
    for gid in new:
        m = ga.fitness_cache[gid]
        assert m.games == (7 if gid in best else 3)


def test_cached_genomes_are_not_staged_again():
    fake = StagedFake()
    ga = GeneticAlgorithm(staged_config(), fake)
    ga.step()
    seen = set(ga.fitness_cache)
    fake.calls.clear()
    status = ga.step()
    staged = [gid for call in fake.calls for gid in call["ids"]]
    assert not seen & set(staged)  # elites and copies reuse their final result
    assert status["stages"]["screening"]["genomes"] == status["genomes_evaluated"]


def test_staged_runs_are_deterministic():
    def run() -> list:
        ga = GeneticAlgorithm(staged_config(generations=4), StagedFake())
        return [(ga.step()["fitness_values"], [g.genome_id for g in ga.population]) for _ in range(4)]

    assert run() == run()


def test_invalid_reasons_count_every_gate_a_genome_failed():
    from darwindeck.evolution.engine import GATE_REASONS
    from darwindeck.evolution.fitness_full import FitnessMetrics

    assert {"trivial", "first_player_advantage"} <= set(GATE_REASONS.values())
    both = FitnessMetrics.invalid(
        ["trivial: median game lasts 1 turns < 2", "first-player advantage: the first player wins 0.9 of 10 won games"]
    )
    one = FitnessMetrics.invalid("no decisions: every move of all 10 games was forced")
    ok = FitnessMetrics(total_fitness=0.5, valid=True)
    status = GeneticAlgorithm._population_status(
        GeneticAlgorithm(small_config(), FakeEvaluator()).population[:3], [both, one, ok]
    )
    reasons = status["invalid_reasons"]
    assert (reasons["trivial"], reasons["first_player_advantage"], reasons["no_decisions"]) == (1, 1, 1)
    assert sum(reasons.values()) == 3 and reasons["other"] == 0
