"""Go-level simulation: compile a genome to bytecode and play a batch of games in gosim.

Run: python examples/simulate_batch.py
"""

from darwindeck.bindings.cgo_bridge import simulate_batch
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seed

genome = load_seed("crazy_eights")

# Compile genome to bytecode
compiler = BytecodeCompiler()
bytecode = compiler.compile_genome(genome)

results = simulate_batch(
    bytecode=bytecode,
    num_games=1000,      # Optimal batch size
    ai_type=0,           # 0=Random, 1=Greedy, 2=MCTS (ISMCTS; needs mcts_iterations > 0)
    mcts_iterations=0,   # search iterations per decision of MCTS players (ai_type=2), e.g. 200
    random_seed=42,      # For reproducibility
)

print("Total games:", results.total_games)
print("Player 0 wins:", results.player0_wins)
print("Player 1 wins:", results.player1_wins)
print("Draws:", results.draws)
print("Average turns:", round(results.avg_turns, 1))
# Per-game records: a numpy structured array over the buffer Go filled (no copy).
print("Fields:", ", ".join(results.records.dtype.names))
