"""Print the fitness of the seed games under every style as a Markdown table.

Usage::

    python -m darwindeck.evolution.fitness_table [--games 500] [--seed 42] [--players greedy]
        [--mcts-iterations 200]

Each seed genome is evaluated once per style by ``FitnessEvaluator(style=...).evaluate``
(greedy players by default, with the style's skill games), so the table is reproducible
from (games, seed, players). The table in docs/fitness.md was made with the defaults.
"""

from __future__ import annotations

import argparse
import sys

from darwindeck.evolution.fitness_full import FitnessEvaluator
from darwindeck.evolution.stages import PLAYERS
from darwindeck.evolution.styles import style_names
from darwindeck.genome.seeds import load_seed, seed_names


def table(games: int, seed: int, players: str, mcts_iterations: int) -> str:
    """The Markdown tables: total fitness per (seed, style), then the balanced components."""
    styles = style_names()
    results = {}
    for name in seed_names():
        genome = load_seed(name)
        for style in styles:
            ev = FitnessEvaluator(style=style, mcts_iterations=mcts_iterations)
            results[name, style] = ev.evaluate(genome, games, PLAYERS[players], seed=seed)
    lines = ["| seed | " + " | ".join(styles) + " | gate reasons |", "|---" * (len(styles) + 2) + "|"]
    for name in seed_names():
        cells = [f"{results[name, s].total_fitness:.3f}" for s in styles]
        reasons = sorted({r.split(":")[0] for s in styles for r in results[name, s].reasons})
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {', '.join(reasons) or '—'} |")
    components = list(results[seed_names()[0], "balanced"].components)
    for name in seed_names():
        components += [c for c in results[name, "balanced"].components if c not in components]
    lines += ["", "| component (balanced) | " + " | ".join(seed_names()) + " |", "|---" * (len(seed_names()) + 1) + "|"]
    for c in components:
        cells = [
            f"{results[n, 'balanced'].components[c]:.3f}" if c in results[n, "balanced"].components else "—"
            for n in seed_names()
        ]
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    lines += ["", "| measurement (balanced) | " + " | ".join(seed_names()) + " |", "|---" * (len(seed_names()) + 1) + "|"]
    keys = ["median_turns", "mean_branching", "mean_lead_changes", "first_player_share", "skill_win_rate", "skill_order", "skill_gap", "rules_bytes"]
    for k in keys:
        cells = [
            f"{results[n, 'balanced'].measurements[k]:.3f}" if k in results[n, "balanced"].measurements else "—"
            for n in seed_names()
        ]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m darwindeck.evolution.fitness_table", description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=500, help="main games per genome (default 500)")
    parser.add_argument("--seed", type=int, default=42, help="run seed (default 42)")
    parser.add_argument("--players", choices=sorted(PLAYERS), default="greedy", help="player type of every seat")
    parser.add_argument("--mcts-iterations", type=int, default=200, help="iterations per decision of MCTS players")
    args = parser.parse_args(argv)
    print(table(args.games, args.seed, args.players, args.mcts_iterations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
