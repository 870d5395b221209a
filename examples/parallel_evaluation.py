"""Python-level parallel evaluation: ParallelFitnessEvaluator plays every genome's games on a
pool of Ray actors (one per CPU) and returns one FitnessMetrics per genome, in order.

Run: python examples/parallel_evaluation.py   (starts a local Ray instance if none is running)
"""

from darwindeck.evolution.fitness_full import FitnessEvaluator
from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator
from darwindeck.genome.seeds import load_seeds

# Create parallel evaluator with auto-detected CPU count
evaluator = ParallelFitnessEvaluator(
    evaluator_factory=lambda: FitnessEvaluator(),
    num_workers=None,  # None = auto-detect (recommended)
)

# Evaluate population (genomes are spread over the actors)
genomes = load_seeds()
fitness_results = evaluator.evaluate_population(
    genomes,
    num_simulations=200,  # Games per genome
    use_mcts=False,
)

# fitness_results is a list of FitnessMetrics, one per genome; an invalid genome (fitness 0)
# says why in metrics.reason (e.g. too few games finished within the turn cap).
for genome, metrics in zip(genomes, fitness_results):
    line = f"{genome.genome_id} {genome.name}: fitness={metrics.total_fitness:.3f} valid={metrics.valid}"
    if not metrics.valid:
        line += f" reason: {metrics.reason}"
    print(line)
