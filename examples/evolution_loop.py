"""A genetic algorithm written out by hand: evaluate, select, cross over, mutate.

`darwindeck evolve` runs the same loop with elitism, a hall of fame, TensorBoard logging and a
run directory; this script shows the parts. Run: python examples/evolution_loop.py
"""

from darwindeck.evolution.crossover import crossover
from darwindeck.evolution.fitness_full import FitnessEvaluator
from darwindeck.evolution.mutation import mutate_genome
from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator
from darwindeck.evolution.population import initialize_population
from darwindeck.evolution.selection import tournament_selection

# Initialize parallel evaluator
parallel_eval = ParallelFitnessEvaluator(
    evaluator_factory=lambda: FitnessEvaluator()
)

# Evolutionary loop
population = initialize_population(size=12)

for generation in range(3):
    # Parallel fitness evaluation (this is the expensive part)
    fitness_scores = parallel_eval.evaluate_population(
        population,
        num_simulations=100
    )

    # Selection, crossover, mutation (fast, runs serially)
    parents = tournament_selection(population, fitness_scores)
    offspring = crossover(parents)
    population = [mutate_genome(child) for child in offspring]

    # Progress reporting
    best_fitness = max(f.total_fitness for f in fitness_scores)
    print(f"Generation {generation}: best={best_fitness:.3f}")
