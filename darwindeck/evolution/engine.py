"""The evolution driver: a genetic algorithm over genomes, as a search algorithm with hooks.

``GeneticAlgorithm.step()`` runs one generation: the population's fitness is evaluated (on
the Ray actor pool, through the evaluator), the generation's status dict is filled, the hall
of fame is updated, and ``_step`` breeds the next population by tournament selection,
elitism, crossover and mutation. Loggers subscribe to ``log_hook`` and
``end_of_run_hook`` (``darwindeck.logging``); this module does no I/O.

Determinism: every random choice comes from one ``numpy.random.Generator`` owned by the
driver and seeded from ``config.seed``, and a genome's fitness depends only on its rules,
the settings and the run seed, so the same configuration gives the same sequence of
populations, however many actors play the games.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from darwindeck.config import RunConfig
from darwindeck.evolution.crossover import CrossoverStats, crossover_pair
from darwindeck.evolution.hall_of_fame import HallOfFame
from darwindeck.evolution.mutation import MutationStats, mutate_genome
from darwindeck.evolution.population import initialize_population
from darwindeck.evolution.selection import elitism, tournament_selection
from darwindeck.genome.schema import Genome

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
        self.hall_of_fame = HallOfFame(config.hall_of_fame_size)
        self.mutation_stats = MutationStats()
        self.crossover_stats = CrossoverStats()
        self._fitness_cache: dict[str, Any] = {}
        self._games_total = 0
        start = list(config.seed_genomes() if seeds is None else seeds)
        self.population: list[Genome] = initialize_population(
            config.population_size, start, self._rng, mutation_rate=config.mutation_points
        )

    # ------------------------------------------------------------------ public

    def step(self) -> dict[str, Any]:
        """Evaluate the current population, record its status, breed the next one, then
        call every ``log_hook`` with the status.

        Returns the status dict of the generation just evaluated, with the keys:
        ``generation``; ``population_size``; ``distinct_genomes``; ``best_fitness``,
        ``mean_fitness``, ``median_fitness``, ``std_fitness``, ``min_fitness`` (fitness in
        [0, 1]); ``fitness_values`` (list, one per genome); ``valid_fraction``;
        ``games_simulated`` and ``games_simulated_total`` (games); ``genomes_evaluated``
        (genomes whose games were played; the others' fitness was known from an earlier
        generation); ``evaluation_seconds`` (wall time of the evaluation);
        ``games_per_second``; ``best_genome`` (Genome), ``best_genome_id``,
        ``best_genome_name``, ``best_components`` (the best genome's fitness components);
        ``hall_of_fame_best_fitness``; ``crossover_rejected`` and ``mutation_rejected``
        (invalid offspring drawn and discarded while breeding the next population).

        Raises ``ValueError`` if the evaluator returns a wrong number of results; anything
        the evaluator raises propagates (the population is then unchanged).
        """
        population = self.population
        started = time.perf_counter()
        metrics, evaluated, games = self._evaluate(population)
        seconds = time.perf_counter() - started
        self._games_total += games
        self.hall_of_fame.update(population, metrics, self.generation)

        status = {"generation": self.generation, **self._population_status(population, metrics)}
        status.update(
            games_simulated=games,
            games_simulated_total=self._games_total,
            genomes_evaluated=evaluated,
            evaluation_seconds=seconds,
            games_per_second=games / seconds if seconds > 0 else 0.0,
            hall_of_fame_best_fitness=self.hall_of_fame.entries[0].fitness if len(self.hall_of_fame) else 0.0,
        )

        rejected = (self.crossover_stats.rejected, self.mutation_stats.rejected_total)
        self.population = self._step(population, metrics)
        status["crossover_rejected"] = self.crossover_stats.rejected - rejected[0]
        status["mutation_rejected"] = self.mutation_stats.rejected_total - rejected[1]

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

    def _evaluate(self, population: Sequence[Genome]) -> tuple[list[Any], int, int]:
        """Fitness of every genome (in population order), the number of genomes whose games
        were played, and the number of games played.

        Each distinct genome (by ``genome_id``) is evaluated once per run: its fitness
        depends only on its rules, the settings and the run seed, so a result seen in an
        earlier generation (an elite, a copied parent) is reused.
        """
        todo: dict[str, Genome] = {}
        for genome in population:
            gid = genome.genome_id
            if gid not in self._fitness_cache and gid not in todo:
                todo[gid] = genome
        games = 0
        if todo:
            results = self._evaluator.evaluate_population(
                list(todo.values()),
                num_simulations=self.config.games_per_genome,
                ai_type=AI_TYPES[self.config.ai_type],
                seed=self.config.seed,
            )
            if len(results) != len(todo):
                raise ValueError(f"the evaluator returned {len(results)} results for {len(todo)} genomes")
            for gid, result in zip(todo, results):
                self._fitness_cache[gid] = result
                games += int(result.games)
        return [self._fitness_cache[g.genome_id] for g in population], len(todo), games

    @staticmethod
    def _population_status(population: Sequence[Genome], metrics: Sequence[Any]) -> dict[str, Any]:
        fitness = np.array([float(m.total_fitness) for m in metrics], dtype=np.float64)
        best = int(np.argmax(fitness))  # first of equals: population order
        best_genome = population[best]
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
        }

    # ------------------------------------------------------------------ breeding

    def _step(self, population: Sequence[Genome], metrics: Sequence[Any]) -> list[Genome]:
        """The next population: the ``config.elitism`` best genomes unchanged, then children
        of parents chosen by tournament selection, each a crossover of two parents (with
        probability ``crossover_rate``, else a copy of the first) that is then mutated (with
        probability ``mutation_rate``). Every child is valid. No I/O.
        """
        cfg = self.config
        fitness = [float(m.total_fitness) for m in metrics]
        elites = list(elitism(population, fitness, cfg.elitism)) if cfg.elitism else []
        n_children = cfg.population_size - len(elites)
        parents = tournament_selection(
            population, fitness, k=2 * n_children, tournament_size=cfg.tournament_size, rng=self._rng
        )
        children: list[Genome] = []
        for i in range(n_children):
            a, b = parents[2 * i], parents[2 * i + 1]
            # Both coins are always drawn, so the stream of draws does not depend on them.
            do_crossover = self._rng.random() < cfg.crossover_rate
            do_mutation = self._rng.random() < cfg.mutation_rate
            child = crossover_pair(a, b, self._rng, stats=self.crossover_stats) if do_crossover else a
            if do_mutation:
                child = mutate_genome(child, self._rng, rate=cfg.mutation_points, stats=self.mutation_stats)
            children.append(child)
        return elites + children


__all__ = ["AI_TYPES", "GeneticAlgorithm", "PopulationEvaluator"]
