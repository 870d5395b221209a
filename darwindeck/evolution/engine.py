"""The evolution driver: a genetic algorithm over genomes, as a search algorithm with hooks.

``GeneticAlgorithm.step()`` runs one generation: the population's fitness is evaluated (on
the Ray actor pool, through the evaluator), the generation's status dict is filled, the hall
of fame is updated, and ``_step`` breeds the next population by tournament selection,
elitism, crossover and mutation. Loggers subscribe to ``log_hook`` and
``end_of_run_hook`` (``darwindeck.logging``); this module does no I/O.

Fitness: each generation's new genomes go through the evaluation stages of
``config.fitness_config()`` (``darwindeck.evolution.stages.evaluate_staged``: e.g. random
screening, greedy games, MCTS for the best fraction; by default one stage of
``games_per_genome`` games with ``ai_type`` players). A genome's result is that of the last
stage it reached in the generation it first appeared, cached by ``genome_id`` for the rest
of the run (see ``GeneticAlgorithm._evaluate``).

Determinism: every random choice comes from one ``numpy.random.Generator`` owned by the
driver and seeded from ``config.seed``; a stage's games depend only on the genome, the
settings and the run seed, and which genomes reach a stage only on the fitness of that
generation's new genomes in the stage before; so the same configuration gives the same
sequence of populations, however many actors play the games.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from darwindeck.config import RunConfig
from darwindeck.evolution.archive import EliteArchive
from darwindeck.evolution.crossover import CrossoverStats, crossover_pair
from darwindeck.evolution.distance import FeatureCache, pairwise_distances
from darwindeck.evolution.hall_of_fame import HallOfFame
from darwindeck.evolution.mutation import MutationStats, mutate_genome
from darwindeck.evolution.population import initialize_population
from darwindeck.evolution.selection import elitism, tournament_selection
from darwindeck.evolution.stages import StageReport, evaluate_staged
from darwindeck.genome.schema import Genome

#: Genomes over which the population's mean pairwise distance is measured (the first
#: distinct ones in population order), so the cost per generation stays bounded.
DIVERSITY_SAMPLE = 64

#: Categories of the reasons a genome is invalid (``FitnessMetrics.reason`` prefixes).
GATE_REASONS: dict[str, str] = {
    "compile error": "compile",
    "gosim rejected": "rejected",
    "gosim failed": "failed",
    "completion": "completion",
    "no decisions": "no_decisions",
    "no games": "no_games",
    "trivial": "trivial",
    "first-player advantage": "first_player_advantage",
}


def gate_reason(reason: str) -> str:
    """The category of an invalid genome's reason (a value of ``GATE_REASONS``, else
    ``"other"``)."""
    for prefix, name in GATE_REASONS.items():
        if reason.startswith(prefix):
            return name
    return "other"


class SharedScore:
    """A genome's fitness divided by its niche count, for tournament selection.

    ``niche_count = sum_j sh(d_ij)`` over the valid genomes j of the population (i
    included), with ``sh(d) = 1 - d / radius`` for ``d < radius`` and 0 beyond (fitness
    sharing with alpha = 1; Goldberg & Richardson 1987, "Genetic algorithms with sharing
    for multimodal function optimization", ICGA). Invalid genomes stay invalid.
    """

    __slots__ = ("total_fitness", "valid")

    def __init__(self, total_fitness: float, valid: bool) -> None:
        self.total_fitness = total_fitness
        self.valid = valid

class _GameCounter:
    """Wraps an evaluator and counts the main games its results report (``games``).

    Raises ``ValueError`` when the evaluator returns a wrong number of results."""

    def __init__(self, evaluator: Any) -> None:
        self._evaluator = evaluator
        self.games = 0

    def evaluate_population(self, genomes: Sequence[Genome], num_simulations: int, ai_type: int, seed: int) -> list[Any]:
        results = list(
            self._evaluator.evaluate_population(genomes, num_simulations=num_simulations, ai_type=ai_type, seed=seed)
        )
        if len(results) != len(genomes):
            raise ValueError(f"the evaluator returned {len(results)} results for {len(genomes)} genomes")
        self.games += sum(int(r.games) for r in results)
        return results


# Player types of RunConfig.ai_type, as gosim numbers them (gosim/include/darwindeck.h).
AI_TYPES: dict[str, int] = {"random": 0, "greedy": 1}

StatusHook = Callable[[Mapping[str, Any]], None]


class PopulationEvaluator(Protocol):
    """What the driver needs of an evaluator (``ParallelFitnessEvaluator`` has it)."""

    def evaluate_population(
        self, genomes: Sequence[Genome], num_simulations: int, ai_type: int, seed: int
    ) -> list[Any]:
        """One fitness result per genome, in input order; each has ``total_fitness``,
        ``valid``, ``games`` and ``components``."""
        ...


class GeneticAlgorithm:
    """A generational genetic algorithm over genomes.

    Args:
        config: the run configuration (population size, rates, games per genome, seeds...).
        evaluator: evaluates a list of genomes (``evaluate_population``); results must come
            back in input order, one per genome.
        rng: the generator behind every random choice; ``None`` seeds one from
            ``config.seed``.
        seeds: the genomes the initial population starts from; ``None`` loads
            ``config.seeds`` (which may raise ``darwindeck.config.ConfigError``).

    Attributes:
        population: the current population (list of ``config.population_size`` genomes).
        generation: the number of the generation ``step`` evaluates next (0-based).
        status: the status dict of the last generation stepped ({} before the first).
        hall_of_fame: the best distinct valid genomes evaluated so far.
        log_hook: callables receiving the status dict after every generation.
        end_of_run_hook: callables receiving the last status dict when ``run`` ends.
    """

    def __init__(
        self,
        config: RunConfig,
        evaluator: PopulationEvaluator,
        rng: np.random.Generator | None = None,
        seeds: Sequence[Genome] | None = None,
    ) -> None:
        self.config = config
        self._evaluator = evaluator
        self._rng = np.random.default_rng(config.seed) if rng is None else rng
        self.log_hook: list[StatusHook] = []
        self.end_of_run_hook: list[StatusHook] = []
        self.generation = 0
        self.status: dict[str, Any] = {}
        self.features = FeatureCache()
        self.hall_of_fame = HallOfFame(config.hall_of_fame_size, config.hall_of_fame_min_distance, self.features)
        self.archive = EliteArchive(config.archive_measures)
        self.mutation_stats = MutationStats()
        self.crossover_stats = CrossoverStats()
        self.fitness_config = config.fitness_config()
        self._fitness_cache: dict[str, Any] = {}
        self._games_total = 0
        start = list(config.seed_genomes() if seeds is None else seeds)
        self.population: list[Genome] = initialize_population(
            config.population_size, start, self._rng, mutation_rate=config.mutation_points
        )

    @property
    def rng(self) -> np.random.Generator:
        """The generator behind every random choice of the run."""
        return self._rng

    @property
    def fitness_cache(self) -> dict[str, Any]:
        """Fitness results by genome id, for every genome evaluated in this run."""
        return self._fitness_cache

    @property
    def games_total(self) -> int:
        """Games played in this run so far."""
        return self._games_total

    def restore(
        self,
        *,
        generation: int,
        population: Sequence[Genome],
        rng_state: Mapping[str, Any],
        fitness_cache: Mapping[str, Any],
        hall_of_fame: Sequence[Any],
        archive: Sequence[Any],
        games_total: int,
        mutation_stats: MutationStats,
        crossover_stats: CrossoverStats,
    ) -> None:
        """Put the algorithm in a saved state (``darwindeck.evolution.checkpoint`` reads
        it from a checkpoint): the next ``step`` evaluates ``generation`` exactly as the
        run that saved it would have.

        Raises ValueError if the population size differs from the configuration's or the
        generator state is not one of this generator's kind.
        """
        if len(population) != self.config.population_size:
            raise ValueError(
                f"the saved population has {len(population)} genomes, the configuration "
                f"population_size={self.config.population_size}"
            )
        try:
            self._rng.bit_generator.state = dict(rng_state)
        except (TypeError, ValueError, KeyError) as exc:
            raise ValueError(f"bad random generator state: {exc}") from None
        self.generation = int(generation)
        self.population = list(population)
        self._fitness_cache = dict(fitness_cache)
        self.hall_of_fame.restore(hall_of_fame)
        self.archive.restore(archive)
        self._games_total = int(games_total)
        self.mutation_stats = mutation_stats
        self.crossover_stats = crossover_stats

    # ------------------------------------------------------------------ public

    def step(self) -> dict[str, Any]:
        """Evaluate the current population, record its status, breed the next one, then
        call every ``log_hook`` with the status.

        Returns the status dict of the generation just evaluated, with the keys:
        ``generation``; ``population_size``; ``distinct_genomes``; ``best_fitness``,
        ``mean_fitness``, ``median_fitness``, ``std_fitness``, ``min_fitness`` (fitness in
        [0, 1]); ``fitness_values`` (list, one per genome); ``valid_fraction``;
        ``games_simulated`` and ``games_simulated_total`` (main games of every stage, skill
        games not counted); ``genomes_evaluated`` (genomes whose games were played; the
        others' fitness was known from an earlier generation); ``stages`` (stage name ->
        ``{"genomes": genomes that entered it, "valid": those valid after it, "games": main
        games per genome}``, in stage order; new genomes only); ``evaluation_seconds``
        (wall time of the evaluation);
        ``games_per_second``; ``best_genome`` (Genome), ``best_genome_id``,
        ``best_genome_name``, ``best_components`` (the best genome's fitness components);
        ``hall_of_fame_best_fitness``; ``crossover_rejected`` and ``mutation_rejected``
        (invalid offspring drawn and discarded while breeding the next population);
        ``genomes_per_second``; ``generation_seconds`` (wall time of the whole step);
        ``mean_components`` (component -> mean over the valid genomes);
        ``invalid_reasons`` (category of ``GATE_REASONS`` or ``other`` -> invalid genomes
        with at least one reason of that category: a genome failing two gates counts in
        both);
        ``population_mean_distance``, ``population_min_distance`` (genome distance in
        [0, 1] among the first ``DIVERSITY_SAMPLE`` distinct genomes),
        ``hall_of_fame_min_distance``, ``hall_of_fame_mean_distance``,
        ``hall_of_fame_size``; ``archive_cells``, ``archive_coverage`` (fraction of the
        grid), ``archive_inserted`` (genomes that became a cell's elite this generation),
        ``archive_best_fitness``, ``archive_mean_fitness``; and, when the evaluator
        reports them, ``actors_started``, ``actors_replaced``, ``calls_retried``,
        ``genomes_abandoned`` (counts since the evaluator was built).

        Raises ``ValueError`` if the evaluator returns a wrong number of results; anything
        the evaluator raises propagates (the population is then unchanged).
        """
        population = self.population
        started = time.perf_counter()
        metrics, evaluated, games, reports = self._evaluate(population)
        seconds = time.perf_counter() - started
        self._games_total += games
        self.hall_of_fame.update(population, metrics, self.generation)
        archived = self.archive.update(population, metrics, self.generation)

        status = {"generation": self.generation, **self._population_status(population, metrics)}
        status.update(
            games_simulated=games,
            games_simulated_total=self._games_total,
            genomes_evaluated=evaluated,
            stages={r.name: {"genomes": r.genomes, "valid": r.valid, "games": r.games} for r in reports},
            evaluation_seconds=seconds,
            games_per_second=games / seconds if seconds > 0 else 0.0,
            genomes_per_second=evaluated / seconds if seconds > 0 else 0.0,
            hall_of_fame_best_fitness=self.hall_of_fame.entries[0].fitness if len(self.hall_of_fame) else 0.0,
            hall_of_fame_size=len(self.hall_of_fame),
            archive_cells=len(self.archive),
            archive_coverage=self.archive.coverage,
            archive_inserted=archived,
            archive_best_fitness=max((e.fitness for e in self.archive.entries), default=0.0),
            archive_mean_fitness=float(np.mean([e.fitness for e in self.archive.entries])) if len(self.archive) else 0.0,
        )
        status.update(self._diversity_status(population))
        status.update(self._evaluator_status())

        rejected = (self.crossover_stats.rejected, self.mutation_stats.rejected_total)
        self.population = self._step(population, metrics)
        status["crossover_rejected"] = self.crossover_stats.rejected - rejected[0]
        status["mutation_rejected"] = self.mutation_stats.rejected_total - rejected[1]
        status["generation_seconds"] = time.perf_counter() - started

        self.status = status
        self.generation += 1
        for hook in self.log_hook:
            hook(status)
        return status

    def run(self, generations: int | None = None) -> dict[str, Any]:
        """Step ``generations`` times (default ``config.generations``), then call every
        ``end_of_run_hook`` with the last status, also when a step raised (so loggers close
        their files); return the last status.

        Raises ``ValueError`` for ``generations < 0``, and whatever ``step`` raises.
        """
        n = self.config.generations if generations is None else int(generations)
        if n < 0:
            raise ValueError(f"generations must be >= 0, got {n}")
        try:
            for _ in range(n):
                self.step()
        finally:
            for hook in self.end_of_run_hook:
                hook(self.status)
        return self.status

    # ------------------------------------------------------------------ evaluation

    def _evaluate(self, population: Sequence[Genome]) -> tuple[list[Any], int, int, list[StageReport]]:
        """Fitness of every genome (in population order), the number of genomes whose games
        were played, the number of main games played, and one ``StageReport`` per stage.

        The genomes not seen before in this run (distinct by ``genome_id``, in population
        order) go through the stages of ``fitness_config`` (``evaluate_staged`` with the
        run seed); the others reuse their cached result.

        Cache: only the final result of a genome's staged evaluation is cached, keyed by
        ``genome_id`` alone, and kept for the rest of the run (and in checkpoints). A
        genome is staged once, against the other new genomes of its generation: one that
        stopped at an earlier stage is not promoted later, even if the next generation's
        new genomes are worse. Keying by (genome_id, stage) instead would let a cached
        genome be re-ranked, but then a genome's fitness would change with the population
        around it and elites would be re-played every generation; caching final results
        keeps fitness a function of the generation the genome first appeared in, so runs
        and resumes stay deterministic and each genome's games are played once.

        Raises ``ValueError`` if the evaluator returns a wrong number of results.
        """
        todo: dict[str, Genome] = {}
        for genome in population:
            gid = genome.genome_id
            if gid not in self._fitness_cache and gid not in todo:
                todo[gid] = genome
        counter = _GameCounter(self._evaluator)
        reports: list[StageReport] = []
        results = evaluate_staged(counter, list(todo.values()), self.fitness_config, seed=self.config.seed, reports=reports)
        if len(results) != len(todo):
            raise ValueError(f"the evaluator returned {len(results)} results for {len(todo)} genomes")
        for gid, result in zip(todo, results):
            self._fitness_cache[gid] = result
        return [self._fitness_cache[g.genome_id] for g in population], len(todo), counter.games, reports

    def _diversity_status(self, population: Sequence[Genome]) -> dict[str, Any]:
        """Mean and minimum genome distance among the population's first
        ``DIVERSITY_SAMPLE`` distinct genomes, and the smallest distance between two
        hall-of-fame members (0.0 with fewer than two)."""
        distinct: dict[str, Genome] = {}
        for g in population:
            if len(distinct) >= DIVERSITY_SAMPLE:
                break
            distinct.setdefault(g.genome_id, g)
        d = pairwise_distances(list(distinct.values()), self.features)
        upper = d[np.triu_indices(len(d), k=1)]
        hof = pairwise_distances([e.genome for e in self.hall_of_fame.entries], self.features)
        hof_upper = hof[np.triu_indices(len(hof), k=1)]
        return {
            "population_mean_distance": float(upper.mean()) if upper.size else 0.0,
            "population_min_distance": float(upper.min()) if upper.size else 0.0,
            "hall_of_fame_min_distance": float(hof_upper.min()) if hof_upper.size else 0.0,
            "hall_of_fame_mean_distance": float(hof_upper.mean()) if hof_upper.size else 0.0,
        }

    def _evaluator_status(self) -> dict[str, Any]:
        """Actors of the evaluator's pool, if it reports them (``stats`` of
        ``ParallelFitnessEvaluator``): actors started and replaced since it was built."""
        stats = getattr(self._evaluator, "stats", None)
        if not isinstance(stats, Mapping):
            return {}
        out = {}
        for key in ("actors_started", "actors_replaced", "calls_retried", "genomes_abandoned"):
            if key in stats:
                out[key] = stats[key]
        return out

    @staticmethod
    def _population_status(population: Sequence[Genome], metrics: Sequence[Any]) -> dict[str, Any]:
        fitness = np.array([float(m.total_fitness) for m in metrics], dtype=np.float64)
        best = int(np.argmax(fitness))  # first of equals: population order
        best_genome = population[best]
        valid = [m for m in metrics if m.valid]
        components: dict[str, list[float]] = {}
        for m in valid:
            for name, value in dict(getattr(m, "components", {}) or {}).items():
                components.setdefault(name, []).append(float(value))
        reasons: dict[str, int] = {name: 0 for name in (*GATE_REASONS.values(), "other")}
        for m in metrics:
            if not m.valid:
                texts = tuple(getattr(m, "reasons", ()) or ()) or (str(getattr(m, "reason", "")),)
                for category in {gate_reason(str(t)) for t in texts}:
                    reasons[category] += 1
        return {
            "population_size": len(population),
            "distinct_genomes": len({g.genome_id for g in population}),
            "best_fitness": float(fitness[best]),
            "mean_fitness": float(fitness.mean()),
            "median_fitness": float(np.median(fitness)),
            "std_fitness": float(fitness.std()),
            "min_fitness": float(fitness.min()),
            "fitness_values": fitness.tolist(),
            "valid_fraction": float(np.mean([bool(m.valid) for m in metrics])),
            "best_genome": best_genome,
            "best_genome_id": best_genome.genome_id,
            "best_genome_name": best_genome.name,
            "best_components": dict(metrics[best].components),
            "mean_components": {k: float(np.mean(v)) for k, v in components.items()},
            "invalid_reasons": reasons,
        }

    # ------------------------------------------------------------------ breeding

    def _step(self, population: Sequence[Genome], metrics: Sequence[Any]) -> list[Genome]:
        """The next population: the ``config.elitism`` best genomes unchanged (a valid
        genome always ranks above an invalid one), then children of parents chosen by
        tournament selection on shared fitness (``SharedScore``; plain fitness when
        ``sharing_radius`` is 0), each a crossover of two parents (with probability
        ``crossover_rate``, else a copy of the first) that is then mutated (with probability
        ``mutation_rate``); the last ``round(archive_immigrants * children)`` children are
        instead mutants of archive elites drawn uniformly (when the archive is not empty).
        Every child is valid. No I/O.
        """
        cfg = self.config
        elites = list(elitism(population, metrics, cfg.elitism)) if cfg.elitism else []
        n_children = cfg.population_size - len(elites)
        archive = self.archive.entries
        n_immigrants = int(round(cfg.archive_immigrants * n_children)) if archive else 0
        n_bred = n_children - n_immigrants
        scores = self._shared_scores(population, metrics)
        parents = tournament_selection(
            population, scores, k=2 * n_bred, tournament_size=cfg.tournament_size, rng=self._rng
        )
        weights = cfg.mutation_weights
        children: list[Genome] = []
        for _ in range(n_immigrants):
            elite = archive[int(self._rng.integers(len(archive)))]
            children.append(
                mutate_genome(elite.genome, self._rng, rate=cfg.mutation_points, stats=self.mutation_stats, weights=weights)
            )
        for i in range(n_bred):
            a, b = parents[2 * i], parents[2 * i + 1]
            # Both coins are always drawn, so the stream of draws does not depend on them.
            do_crossover = self._rng.random() < cfg.crossover_rate
            do_mutation = self._rng.random() < cfg.mutation_rate
            child = crossover_pair(a, b, self._rng, stats=self.crossover_stats) if do_crossover else a
            if do_mutation:
                child = mutate_genome(
                    child, self._rng, rate=cfg.mutation_points, stats=self.mutation_stats, weights=weights
                )
            children.append(child)
        return elites + children

    def _shared_scores(self, population: Sequence[Genome], metrics: Sequence[Any]) -> list[Any]:
        """``metrics`` with each valid genome's fitness shared within its niche
        (``SharedScore``); ``metrics`` itself when ``sharing_radius`` is 0."""
        radius = self.config.sharing_radius
        if radius <= 0.0:
            return list(metrics)
        valid = np.array([bool(m.valid) for m in metrics])
        d = pairwise_distances(population, self.features)
        sh = np.where(d < radius, 1.0 - d / radius, 0.0) * valid[np.newaxis, :]
        niche = sh.sum(axis=1)  # >= 1 for a valid genome (d_ii = 0)
        return [
            SharedScore(float(m.total_fitness) / float(niche[i]) if m.valid else float(m.total_fitness), bool(m.valid))
            for i, m in enumerate(metrics)
        ]


__all__ = ["AI_TYPES", "GATE_REASONS", "GeneticAlgorithm", "PopulationEvaluator", "SharedScore", "gate_reason"]
