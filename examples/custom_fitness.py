"""A custom fitness style: weigh balance and lead changes above the rest, then evolve.

The same style can live in a configuration file (configs/balanced.yaml, section `fitness`)
or be set on the command line: darwindeck evolve --config configs/laptop.yaml
--set 'fitness.weights={balance: 3, lead_change: 2, completion: 1}'.
Run: python examples/custom_fitness.py [RUN_DIR]
"""

import sys
import tempfile

from darwindeck.config import FitnessStyle, RunConfig
from darwindeck.evolution.evolve import evolve
from darwindeck.evolution.fitness_full import FitnessEvaluator
from darwindeck.genome.seeds import load_seeds

style = FitnessStyle(weights={"balance": 3, "lead_change": 2, "completion": 1}, target_turns=40)

# The style scores a seed differently from the default one (no Ray needed for this part).
for genome in load_seeds():
    default = FitnessEvaluator().evaluate(genome, num_simulations=100, seed=1)
    mine = FitnessEvaluator(style.weights, style.target_turns, style.min_completion).evaluate(
        genome, num_simulations=100, seed=1
    )
    print(f"{genome.name}: default fitness {default.total_fitness:.3f}, balanced style {mine.total_fitness:.3f}")

# A short evolution with that style (a local Ray actor pool).
run_dir = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="darwindeck-custom-") + "/run"
config = RunConfig(
    name="balanced",
    population_size=6,
    generations=2,
    games_per_genome=30,
    tournament_size=2,
    elitism=1,
    hall_of_fame_size=3,
    num_workers=2,
    fitness=style,
    run_dir=run_dir,
)
result = evolve(config)
best = result.hall_of_fame[0]
print(f"best: {best.genome.name} ({best.genome_id}) balanced fitness {best.fitness:.3f} in {result.run_dir.path}")
