"""Efficiency of the Ray evaluation pool against plain gosim processes.

    python -m darwindeck.bench.pool [--cores 2] [--games 1000] [--genomes 40] ...

One run measures, on this machine, for the same work (the same genomes, games per genome,
player type and run seeds):

* **serial**: one process, no Ray, evaluating every genome with one gosim thread
  (``FitnessEvaluator.evaluate_program``, as an actor does); its games per second times
  ``cores`` is the ideal;
* **processes**: ``cores`` such processes at once, each on every ``cores``-th genome (what
  the machine gives without Ray);
* **pool**: ``ParallelFitnessEvaluator`` on a local Ray of ``cores`` CPUs, for each
  requested actor shape (``--shapes 1x2,2x1`` means 1 actor of 2 CPUs, 2 actors of 1 CPU).

efficiency = pool games/s / (serial games/s x cores); the second ratio divides by the
processes' games/s instead. Games are counted as genomes x games per genome (a genome's
skill games, if any, are the same extra work everywhere). The pool's results are checked
to be identical to the serial ones. Prints a Markdown table (and ``--json`` writes the
numbers). The gosim library is only loaded in the child processes and the actors.
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def make_population(kind: str, n: int, seed: int) -> list[Any]:
    """``n`` distinct genomes. ``mutants``: mutants of the stored seeds (2 point mutations
    on average; as a GA population, their costs differ a lot). ``variants``: the seeds with
    other turn caps and no other change (costs alike)."""
    import numpy as np

    from darwindeck.evolution.mutation import mutate_genome
    from darwindeck.genome.seeds import load_seeds

    seeds = load_seeds()
    out, ids = [], set()
    rng = np.random.default_rng(seed)
    i = 0
    while len(out) < n:
        base = seeds[i % len(seeds)]
        if kind == "mutants":
            genome = mutate_genome(base, rng, rate=1.0)
        elif kind == "variants":
            genome = base.with_changes(turn_cap=max(20, base.turn_cap - 1 - i // len(seeds)))
        else:
            raise ValueError(f"unknown population kind {kind!r}")
        i += 1
        if genome.genome_id not in ids:
            ids.add(genome.genome_id)
            out.append(genome)
    return out


def _fingerprint(metrics: Any) -> str:
    return struct.pack("<d", metrics.total_fitness).hex() + f":{metrics.valid}:{metrics.seed}"


def serial_worker(args: argparse.Namespace) -> None:
    """Child process: evaluate genomes ``part::parts`` serially; print JSON (seconds, fingerprints)."""
    from darwindeck.evolution.fitness_full import FitnessEvaluator
    from darwindeck.evolution.seeding import genome_seed
    from darwindeck.genome.bytecode import BytecodeCompiler

    genomes = make_population(args.population, args.genomes, args.population_seed)
    mine = list(range(len(genomes)))[args.part :: args.parts]
    compiler, evaluator = BytecodeCompiler(), FitnessEvaluator()
    work = []
    for i in mine:
        bytecode = compiler.compile_genome(genomes[i])
        work.append((i, bytecode, int(genomes[i].players)))
    out, seconds = {}, []
    start = time.perf_counter()
    for run_seed in range(1, args.generations + 1):
        for i, bytecode, players in work:
            t = time.perf_counter()
            m = evaluator.evaluate_program(
                bytecode, players, num_simulations=args.games, ai_type=args.ai_type,
                batch_seed=genome_seed(run_seed, bytecode), num_threads=1,
            )
            seconds.append(time.perf_counter() - t)
            out[f"{run_seed}:{i}"] = _fingerprint(m)
    print(json.dumps({"seconds": time.perf_counter() - start, "genome_seconds": seconds, "results": out}))


def _children(args: argparse.Namespace, parts: int) -> tuple[float, dict[str, str], list[float]]:
    """Run ``parts`` serial workers at once; the slowest one's seconds (start-up excluded),
    the merged fingerprints and every genome's seconds."""
    base = [sys.executable, "-m", "darwindeck.bench.pool", "--serial-worker",
            "--population", args.population, "--genomes", str(args.genomes),
            "--population-seed", str(args.population_seed), "--games", str(args.games),
            "--ai-type", str(args.ai_type), "--generations", str(args.generations), "--parts", str(parts)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))
    procs = [subprocess.Popen([*base, "--part", str(p)], stdout=subprocess.PIPE, env=env, text=True) for p in range(parts)]
    outs = [json.loads(p.communicate()[0]) for p in procs]
    if any(p.returncode for p in procs):
        raise RuntimeError("a serial worker failed")
    results: dict[str, str] = {}
    per_genome: list[float] = []
    for o in outs:
        results.update(o["results"])
        per_genome += o["genome_seconds"]
    # The processes' own time, without interpreter start-up: the slowest one's.
    return max(o["seconds"] for o in outs), results, per_genome


def pool_run(args: argparse.Namespace, actors: int, cpus: int) -> dict[str, Any]:
    from darwindeck.evolution.parallel_fitness import ParallelFitnessEvaluator

    genomes = make_population(args.population, args.genomes, args.population_seed)
    results: dict[str, str] = {}
    with ParallelFitnessEvaluator(num_workers=actors, cpus_per_actor=cpus, progress=False) as pool:
        pool.actor_info()  # every actor up before the clock starts
        wall, calls = 0.0, 0
        for run_seed in range(1, args.generations + 1):
            start = time.perf_counter()
            metrics = pool.evaluate_population(genomes, num_simulations=args.games, ai_type=args.ai_type, seed=run_seed)
            wall += time.perf_counter() - start
            calls += pool.last_run["calls"]
            results.update({f"{run_seed}:{i}": _fingerprint(m) for i, m in enumerate(metrics)})
        busy = pool.stats["busy_seconds"]
    return {"wall": wall, "calls": calls, "busy": busy, "results": results}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m darwindeck.bench.pool", description=__doc__.split("\n\n")[0])
    p.add_argument("--cores", type=int, default=2, help="CPUs given to Ray and serial processes run at once")
    p.add_argument("--games", type=int, default=1000, help="games per genome")
    p.add_argument("--genomes", type=int, default=40, help="genomes in the population")
    p.add_argument("--generations", type=int, default=2, help="evaluations of the population (run seeds 1..N)")
    p.add_argument("--population", choices=("mutants", "variants"), default="mutants")
    p.add_argument("--population-seed", type=int, default=0)
    p.add_argument("--ai-type", type=int, default=1, help="0 random, 1 greedy")
    p.add_argument("--shapes", default="2x1,1x2", help="pool shapes ACTORSxCPUS, comma-separated")
    p.add_argument("--repeat", type=int, default=3, help="rounds; the best time of each side is kept")
    p.add_argument("--json", metavar="PATH", help="also write the numbers as JSON")
    p.add_argument("--serial-worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--part", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--parts", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.serial_worker:
        serial_worker(args)
        return 0

    games = args.genomes * args.games * args.generations
    shapes = [tuple(int(x) for x in shape.lower().split("x")) for shape in args.shapes.split(",")]
    serial_s = procs_s = float("inf")
    best: dict[tuple[int, int], dict[str, Any]] = {}

    import ray

    ray.init(num_cpus=args.cores, include_dashboard=False, logging_level="error",
             runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    try:
        # Best of --repeat rounds, each measuring everything once (interleaved, so that a
        # busy spell of the machine does not favour one side).
        for _ in range(args.repeat):
            seconds, serial_results, per_genome = _children(args, 1)
            serial_s = min(serial_s, seconds)
            seconds, procs_results, _ = _children(args, args.cores)
            procs_s = min(procs_s, seconds)
            if procs_results != serial_results:
                raise AssertionError("the processes' results differ from the serial run")
            for actors, cpus in shapes:
                run = pool_run(args, actors, cpus)
                if run["results"] != serial_results:
                    raise AssertionError(f"pool {actors}x{cpus}: results differ from the serial run")
                if (actors, cpus) not in best or run["wall"] < best[(actors, cpus)]["wall"]:
                    best[(actors, cpus)] = run
    finally:
        ray.shutdown()
    serial_rate, procs_rate = games / serial_s, games / procs_s
    per_genome.sort()
    print(f"work: {args.genomes} {args.population} x {args.games} games x {args.generations} run seeds, "
          f"player type {args.ai_type}; genome seconds (serial): median {per_genome[len(per_genome) // 2]:.3f}, "
          f"max {per_genome[-1]:.3f}, total {sum(per_genome):.1f}", file=sys.stderr)

    rows = []
    for (actors, cpus), run in best.items():
        rate = games / run["wall"]
        rows.append({
            "shape": f"{actors} x {cpus} CPU", "pool_rate": rate, "wall": run["wall"],
            "calls": run["calls"], "mean_call": run["busy"] / max(1, run["calls"]),
            "efficiency": rate / (serial_rate * args.cores), "vs_processes": rate / procs_rate,
        })

    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work on the machine skews everything)")
    print(f"\nSerial (1 process, 1 gosim thread): {serial_rate:,.0f} games/s ({serial_s:.1f} s); "
          f"{args.cores} processes at once: {procs_rate:,.0f} games/s ({procs_s:.1f} s).\n")
    print("| pool (actors x CPUs) | games/s | wall s | calls | mean call s | efficiency vs 1 process x cores | vs processes at once |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['shape']} | {r['pool_rate']:,.0f} | {r['wall']:.1f} | {r['calls']} | {r['mean_call']:.2f} "
              f"| {r['efficiency']:.3f} | {r['vs_processes']:.3f} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "serial_rate": serial_rate,
                                               "processes_rate": procs_rate, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
