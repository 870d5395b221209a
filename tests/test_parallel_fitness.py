"""The Ray actor pool: the user guide's calls, determinism across actor counts, actor
death, and the rule that the driver process never loads gosim.

Every pool is shut down at the end of its test: the session's Ray has 2 CPUs and each actor
holds one for its lifetime.
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from darwindeck.bindings._ffi import LIBRARY_PATH
from darwindeck.bindings.errors import InvalidArgumentError, LibraryError
from darwindeck.bindings.records import RECORD_DTYPE
from darwindeck.evolution import parallel_fitness
from darwindeck.evolution.fitness_full import FitnessEvaluator, FitnessMetrics
from darwindeck.evolution.parallel_fitness import EvaluationError, ParallelFitnessEvaluator
from darwindeck.evolution.seeding import genome_seed
from darwindeck.genome.bytecode import BytecodeCompiler
from darwindeck.genome.seeds import load_seeds
from pool_helpers import CRASH_STATUS, mutants, trouble_factory

ROOT = Path(__file__).resolve().parents[1]
GAMES = 30


@pytest.fixture(scope="module")
def seeds():
    genomes = load_seeds()
    assert {g.name for g in genomes} >= {"War", "Crazy Eights", "Hearts"}
    return genomes


@pytest.fixture(scope="module")
def population(seeds):
    """The seeds and a few variants of them (other turn caps: other programs)."""
    variants = [g.with_changes(turn_cap=g.turn_cap // (i + 2)) for i, g in enumerate(seeds) if g.name != "War"]
    return list(seeds) + variants


def fingerprint(results: list[FitnessMetrics]) -> list[tuple]:
    """Exact bits of every float, and the rest of each result."""
    return [(struct.pack("<d", m.total_fitness), m.to_dict()) for m in results]


def test_guide_example_runs_as_written(ray_session, seeds):
    evaluator = ParallelFitnessEvaluator(
        evaluator_factory=lambda: FitnessEvaluator(),
        num_workers=None,  # None = auto-detect (recommended)
    )
    try:
        genomes = seeds
        fitness_results = evaluator.evaluate_population(
            genomes,
            num_simulations=GAMES,  # Games per genome
            use_mcts=False,
        )
        assert evaluator.num_workers == 2  # the session's Ray has 2 CPUs
        assert len(fitness_results) == len(genomes)
        for genome, metrics in zip(genomes, fitness_results):
            print(f"{genome.genome_id}: fitness={metrics.total_fitness:.3f}")
            assert isinstance(metrics, FitnessMetrics)
            assert metrics.games == GAMES
            assert 0.0 <= metrics.total_fitness <= 1.0
        by_name = dict(zip((g.name for g in genomes), fitness_results))
        # War has no decisions at all: invalid by the gate, with the reason.
        assert not by_name["War"].valid and by_name["War"].reason.startswith("no decisions")
        assert by_name["Crazy Eights"].valid, by_name["Crazy Eights"].reason
        assert by_name["Crazy Eights"].total_fitness > 0.0

        # The multi-stage calls of the guide (ai_type and seed keywords).
        quick = evaluator.evaluate_population(genomes, num_simulations=10, ai_type=0)
        promising = [g for g, r in zip(genomes, quick) if r.valid]
        assert promising
        full = evaluator.evaluate_population(promising, num_simulations=GAMES, ai_type=1, seed=42)
        assert all(r.seed == genome_seed(42, BytecodeCompiler().compile_genome(g)) for g, r in zip(promising, full))

        # Every actor loaded gosim itself, once, in its own process.
        info = evaluator.actor_info()
        assert len({i["pid"] for i in info}) == 2 and os.getpid() not in {i["pid"] for i in info}
        assert all(i["library_version"].startswith("gosim") for i in info)
    finally:
        evaluator.shutdown()


def test_module_level_evaluate_population(ray_session, seeds):
    try:
        results = parallel_fitness.evaluate_population(seeds, num_simulations=10, ai_type=0, seed=42)
        again = parallel_fitness.evaluate_population(seeds, num_simulations=10, ai_type=0, seed=42)
        assert fingerprint(results) == fingerprint(again)
        other_seed = parallel_fitness.evaluate_population(seeds, num_simulations=10, ai_type=0, seed=43)
        assert [m.seed for m in other_seed] != [m.seed for m in results]
    finally:
        parallel_fitness.shutdown_default_pool()


def test_one_two_and_three_actors_give_identical_results(ray_session, population):
    runs = []
    # 3 actors of half a CPU each fit in the session's 2 CPUs.
    for workers, cpus, chunk in ((1, 1, None), (2, 1, 1), (2, 1, 3), (3, 0.5, None)):
        with ParallelFitnessEvaluator(
            num_workers=workers, cpus_per_actor=cpus, chunk_size=chunk, progress=False, seed=7
        ) as pool:
            runs.append(pool.evaluate_population(population, num_simulations=GAMES))
            assert pool.num_workers == workers
    assert all(fingerprint(run) == fingerprint(runs[0]) for run in runs[1:])
    assert any(m.valid for m in runs[0]) and len(runs[0]) == len(population)

    # The same as FitnessEvaluator.evaluate one genome at a time (run in a Ray worker, as
    # this process must not load gosim).
    @ray_session.remote(num_cpus=1)
    def serial(genomes):
        evaluator = FitnessEvaluator()
        return [evaluator.evaluate(g, num_simulations=GAMES, seed=7) for g in genomes]

    assert fingerprint(ray_session.get(serial.remote(population))) == fingerprint(runs[0])


def test_identical_rules_are_played_once(ray_session, seeds):
    crazy = next(g for g in seeds if g.name == "Crazy Eights")
    renamed = crazy.with_changes(name="Crazy Eights, renamed")
    with ParallelFitnessEvaluator(num_workers=1, progress=False) as pool:
        results = pool.evaluate_population([crazy, renamed, crazy], num_simulations=GAMES)
        assert pool.stats["programs_evaluated"] == 1
    assert results[0] == results[1] == results[2]


def test_killed_actor_mid_run_still_yields_all_results(ray_session, population):
    with ParallelFitnessEvaluator(num_workers=2, progress=False, seed=3) as pool:
        reference = pool.evaluate_population(population, num_simulations=GAMES)

    def slow_factory():
        class SlowEvaluator(FitnessEvaluator):
            def evaluate_program(self, *args, **kwargs):
                time.sleep(0.25)  # keep a chunk in flight long enough to be killed
                return super().evaluate_program(*args, **kwargs)

        return SlowEvaluator()

    pool = ParallelFitnessEvaluator(evaluator_factory=slow_factory, num_workers=2, chunk_size=1, progress=False, seed=3)
    try:
        pool.actor_info()  # both actors up before the clock starts
        out: dict = {}
        worker = threading.Thread(
            target=lambda: out.update(results=pool.evaluate_population(population, num_simulations=GAMES))
        )
        worker.start()
        time.sleep(0.4)  # each actor is in its second chunk
        victim = pool.actors[0]
        ray_session.kill(victim, no_restart=True)
        worker.join(timeout=120)
        assert not worker.is_alive()
        assert pool.stats["actors_replaced"] >= 1 and pool.stats["calls_retried"] >= 1
        assert pool.actors[0] is not victim
        assert fingerprint(out["results"]) == fingerprint(reference)
    finally:
        pool.shutdown()


def test_custom_simulator_factory(ray_session, seeds):
    """A simulator from ``simulator_factory`` replaces gosim in the actors."""
    hearts = next(g for g in seeds if g.name == "Hearts")
    genomes = [hearts.with_changes(turn_cap=100 + i) for i in range(4)]

    def make_simulator():
        def simulate(bytecode, num_games, ai_type, mcts_iterations, random_seed, *, num_threads=1, seat_players=None):
            return plausible_batch(num_games, random_seed)

        return simulate

    with ParallelFitnessEvaluator(simulator_factory=make_simulator, num_workers=2, progress=False) as pool:
        assert all(i["library_version"].startswith("custom simulator") for i in pool.actor_info())
        results = pool.evaluate_population(genomes, num_simulations=50)
    local = FitnessEvaluator(simulator=make_simulator())
    expected = [local.evaluate(g, num_simulations=50) for g in genomes]
    assert fingerprint(results) == fingerprint(expected)
    assert all(m.valid for m in results)


def test_errors_that_are_not_the_genomes_fault_are_raised(ray_session, seeds):
    with pytest.raises(ValueError, match="num_simulations"):
        ParallelFitnessEvaluator(num_workers=1).evaluate_population(seeds, num_simulations=0)
    with ParallelFitnessEvaluator(num_workers=1, progress=False) as pool:
        with pytest.raises(InvalidArgumentError, match="player type 7"):
            pool.evaluate_population(seeds[:1], num_simulations=5, ai_type=7)


def test_driver_process_never_loads_libgosim(ray_session):
    """A fresh driver process runs the guide's example and finds no libgosim in its own
    memory map, while its actors have it in theirs."""
    script = textwrap.dedent(
        """
        import ray
        ray.init(address=ADDRESS)
        from darwindeck.evolution.fitness_full import FitnessEvaluator
        from darwindeck.evolution.parallel_fitness import EvaluationError, ParallelFitnessEvaluator
        from darwindeck.genome.seeds import load_seeds

        evaluator = ParallelFitnessEvaluator(evaluator_factory=lambda: FitnessEvaluator(), num_workers=1)
        results = evaluator.evaluate_population(load_seeds(), num_simulations=5, use_mcts=False)
        assert len(results) == len(load_seeds())
        pid = evaluator.actor_info()[0]["pid"]
        with open(f"/proc/{pid}/maps") as f:
            assert "libgosim" in f.read(), "the actor has not loaded gosim"
        evaluator.shutdown()
        with open("/proc/self/maps") as f:
            assert "libgosim" not in f.read(), "the driver loaded gosim"
        print("driver clean")
        """
    ).replace("ADDRESS", repr(ray_session.get_runtime_context().gcs_address))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "driver clean" in proc.stdout


def test_program_rejected_by_gosim_is_invalid_not_raised(ray_session, seeds):
    """A program gosim's validator rejects gives valid=False with Go's message (run in a
    Ray worker: this process must not load gosim)."""
    good = BytecodeCompiler().compile_genome(seeds[0])

    @ray_session.remote(num_cpus=1)
    def play(program):
        return FitnessEvaluator().evaluate_program(program, seeds[0].players, num_simulations=5, batch_seed=1)

    truncated, corrupt = ray_session.get([play.remote(good[: len(good) // 2]), play.remote(b"\x00" * 64)])
    for m in (truncated, corrupt):
        assert not m.valid and m.total_fitness == 0.0
        assert m.reason.startswith("gosim rejected the program: bytecode:"), m.reason
    assert ray_session.get(play.remote(good)).games == 5


def test_actor_info_reports_library_hash_threads_and_memory(ray_session):
    with ParallelFitnessEvaluator(num_workers=2, progress=False) as pool:
        info = pool.actor_info()
    digest = hashlib.sha256(LIBRARY_PATH.read_bytes()).hexdigest()
    assert len(info) == 2 and len({i["pid"] for i in info}) == 2
    for i in info:
        assert i["library_sha256"] == digest and i["library_path"] == str(LIBRARY_PATH)
        assert i["num_threads"] == 1
        assert 10 * 2**20 < i["rss_bytes"] < 4 * 2**30  # bytes
        assert i["node_id"] == ray_session.get_runtime_context().get_node_id()


def test_calls_hold_several_genomes_and_actors_share_uneven_work(ray_session):
    """Genomes of very different cost (some 20x the others) end up balanced: no actor
    finishes much before the other, and calls carry several genomes once costs are known."""
    hearts = next(g for g in load_seeds() if g.name == "Hearts")
    genomes = [hearts.with_changes(turn_cap=100 + i) for i in range(60)]

    with ParallelFitnessEvaluator(
        simulator_factory=costly_simulator, num_workers=2, progress=False, target_call_seconds=0.4
    ) as pool:
        pool.evaluate_population(genomes[:4], num_simulations=10)  # learn the cost of a game
        pool.evaluate_population(genomes, num_simulations=10)
        run = pool.last_run
    assert run["programs"] == 60 and run["calls"] < 40  # several genomes per call
    busy = run["busy_seconds_by_actor"]
    heavy = 0.3  # seconds, the most a single genome costs
    # Which genomes are heavy depends on their seeds, which the pool cannot know in advance,
    # and each actor has up to two calls queued; so the split is checked for what the pool
    # guarantees: both actors carry a substantial share (no more than three quarters on
    # one), and the run takes no longer than an even split plus a call's worth of work.
    slack = 0.25 + 0.2 * sum(busy) / 2
    assert max(busy) <= 0.75 * sum(busy), busy
    assert run["wall_seconds"] <= sum(busy) / 2 + heavy + slack + 0.75, run


def costly_simulator():
    """A simulator whose cost depends on the batch seed: the main batch of 1 genome in 4
    sleeps 0.3 s, of the others 0.015 s (skill batches, with ``seat_players``, do not
    sleep); the records are those of a plausible 4-player game."""

    def simulate(bytecode, num_games, ai_type, mcts_iterations, random_seed, *, num_threads=1, seat_players=None):
        if seat_players is None:
            time.sleep(0.3 if random_seed % 4 == 0 else 0.015)
        return plausible_batch(num_games, random_seed)

    return simulate


def plausible_batch(num_games: int, random_seed: int):
    """A stand-in for simulate_batch's result: ``.records`` of shape (num_games,) and
    RECORD_DTYPE, of a plausible 4-player game, drawn from ``random_seed``."""
    rng = np.random.default_rng(random_seed)
    rec = np.zeros(num_games, dtype=RECORD_DTYPE)
    rec["num_players"] = 4
    rec["turns"] = rng.integers(20, 80, num_games)
    rec["moves"] = rec["turns"]
    rec["decisions"] = rng.integers(1, 20, num_games)
    rec["legal_moves_sum"] = rec["decisions"] * 3
    rec["winners"] = 1 << rng.integers(0, 4, num_games)

    class Result:
        records = rec

    return Result()


def test_a_genome_that_kills_its_actor_is_marked_invalid(ray_session):
    genomes = mutants(8, seed=1)
    with ParallelFitnessEvaluator(num_workers=2, progress=False, seed=5) as pool:
        reference = pool.evaluate_population(genomes, num_simulations=GAMES)
    poison = BytecodeCompiler().compile_genome(genomes[3])
    with ParallelFitnessEvaluator(
        evaluator_factory=trouble_factory(poison=poison), num_workers=2, progress=False, seed=5, max_retries=2
    ) as pool:
        results = pool.evaluate_population(genomes, num_simulations=GAMES)
        # Tried alone 3 times (1 + max_retries), each time killing its actor.
        assert pool.stats["genomes_abandoned"] == 1 and pool.stats["actors_replaced"] >= 3
        again = pool.evaluate_population(genomes[:3], num_simulations=GAMES)  # the pool still works
    bad = results[3]
    assert not bad.valid and bad.total_fitness == 0.0
    assert bad.reason.startswith("evaluation failed 3 times") and "actor died" in bad.reason, bad.reason
    others = [i for i in range(len(genomes)) if i != 3]
    assert fingerprint([results[i] for i in others]) == fingerprint([reference[i] for i in others])
    assert fingerprint(again) == fingerprint(reference[:3])


def test_a_call_over_the_timeout_is_handled_like_a_death(ray_session):
    genomes = mutants(5, seed=2)
    with ParallelFitnessEvaluator(num_workers=2, progress=False, seed=5) as pool:
        reference = pool.evaluate_population(genomes, num_simulations=GAMES)
    hang = BytecodeCompiler().compile_genome(genomes[1])
    with ParallelFitnessEvaluator(
        evaluator_factory=trouble_factory(hang=hang),
        num_workers=2,
        progress=False,
        seed=5,
        max_retries=1,
        call_timeout=1.5,
    ) as pool:
        start = time.monotonic()
        results = pool.evaluate_population(genomes, num_simulations=GAMES)
        assert time.monotonic() - start < 30
        # Tried 1 + max_retries times alone (and once before that with another genome, if
        # they shared its first call).
        assert 2 <= pool.stats["calls_timed_out"] <= 3 and pool.stats["genomes_abandoned"] == 1
    assert not results[1].valid and "timed out after 1.5 s" in results[1].reason, results[1].reason
    others = [0, 2, 3, 4]
    assert fingerprint([results[i] for i in others]) == fingerprint([reference[i] for i in others])


def test_an_actor_exiting_mid_call_is_replaced(ray_session, tmp_path):
    """An actor process that exits (os._exit) inside a call: its work is redone elsewhere."""
    genomes = mutants(10, seed=3)
    with ParallelFitnessEvaluator(num_workers=2, progress=False, seed=9) as pool:
        reference = pool.evaluate_population(genomes, num_simulations=GAMES)
    (tmp_path / "exit").touch()
    with ParallelFitnessEvaluator(
        evaluator_factory=trouble_factory(token_dir=str(tmp_path)), num_workers=2, progress=False, seed=9
    ) as pool:
        results = pool.evaluate_population(genomes, num_simulations=GAMES)
        assert pool.stats["actors_replaced"] == 1 and pool.stats["genomes_abandoned"] == 0
    assert not (tmp_path / "exit").exists() and len(list(tmp_path.glob("taken-by-*"))) == 1
    assert fingerprint(results) == fingerprint(reference)
    assert CRASH_STATUS  # the status the actor exited with (see pool_helpers)


def test_actors_that_cannot_load_gosim_raise_library_error(ray_session, seeds):
    with ParallelFitnessEvaluator(evaluator_factory=missing_library_evaluator, num_workers=1, progress=False) as pool:
        with pytest.raises(LibraryError, match="cannot load the gosim shared library"):
            pool.evaluate_population(seeds, num_simulations=5)


def missing_library_evaluator():
    """A FitnessEvaluator in an actor whose gosim library path points nowhere."""
    os.environ["DARWINDECK_LIBGOSIM"] = "/nonexistent/libgosim.so"
    return FitnessEvaluator()


def test_no_room_for_any_actor_raises_after_start_timeout(ray_session, seeds):
    # Each actor wants 3 CPUs; the session's Ray has 2.
    pool = ParallelFitnessEvaluator(num_workers=1, cpus_per_actor=3, start_timeout=2, progress=False)
    try:
        start = time.monotonic()
        with pytest.raises(EvaluationError, match="no fitness actor is up after waiting 2 s"):
            pool.evaluate_population(seeds, num_simulations=5)
        assert time.monotonic() - start < 20
    finally:
        pool.shutdown()


def test_actor_memory_stays_flat_over_many_generations(ray_session):
    """60 generations of 12 genomes x 100 games on one actor: its resident memory after
    the last is within 5% of what it was after the 20th (the first ones warm it up)."""
    genomes = mutants(12, seed=4)
    with ParallelFitnessEvaluator(num_workers=1, progress=False) as pool:
        for generation in range(60):
            pool.evaluate_population(genomes, num_simulations=100, seed=generation)
            if generation == 19:
                (warm,) = pool.actor_info()
        (last,) = pool.actor_info()
    assert last["pid"] == warm["pid"]
    growth = last["rss_bytes"] / warm["rss_bytes"] - 1
    assert growth < 0.05, f"actor memory grew by {growth:.1%}: {warm['rss_bytes']} -> {last['rss_bytes']} bytes"


def test_check_library_loads_gosim_in_a_child_process(monkeypatch):
    version = parallel_fitness.check_library()
    assert version.startswith("gosim ")  # (other test modules load gosim in this process)
    monkeypatch.setenv("DARWINDECK_LIBGOSIM", "/nonexistent/libgosim.so")
    with pytest.raises(LibraryError, match="cannot load the gosim shared library"):
        parallel_fitness.check_library()
