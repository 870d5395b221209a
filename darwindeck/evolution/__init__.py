"""Evolution: fitness of a genome, selection, variation and the GA driver.

Fitness evaluation (``fitness_full``) runs on a pool of Ray actors (``parallel_fitness``);
selection (``selection``) and variation run in the driver.
"""
