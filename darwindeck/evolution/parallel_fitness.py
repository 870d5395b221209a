"""Fitness of a whole population on a pool of Ray actors.

``ParallelFitnessEvaluator`` keeps a pool of actors (``FitnessActor``). Each actor reserves
``cpus_per_actor`` CPUs, builds its ``FitnessEvaluator`` and loads the gosim library once,
in its constructor, and plays every batch with exactly that many gosim worker threads
(``GOMAXPROCS`` is set to the same number before the library loads). The driver never loads
gosim: it only compiles genomes (pure Python) and moves bytes and results.

For each population the driver

1. compiles every genome to its canonical bytecode and derives the genome's batch seed
   ``genome_seed(run seed, bytecode)``; a genome that does not compile is invalid at once,
   and genomes with identical rules are played once;
2. cuts the work into calls of several genomes each, sized from the measured cost of a game
   so that a call takes about ``target_call_seconds`` (0.5 s), and never more than half of
   an actor's share of what is left, so the last calls are small and actors finish
   together even when genomes differ a lot in cost (guided self-scheduling: idle actors
   pull the next call);
3. keeps two calls in flight per actor, collects results with ``ray.wait`` as they arrive,
   writes each at its genome's index and advances a tqdm bar (in the driver);
4. survives failures. An actor that dies (killed, out of memory, node lost) or whose call
   runs longer than ``call_timeout`` seconds (it is then killed) is replaced by a new actor;
   the calls it had queued are put back as they were, and the genomes of the call it was
   running are retried one per call, so that the genome at fault can be told apart. A
   genome whose single-genome call loses its actor more than ``max_retries`` times is
   marked invalid with the reason instead of stalling the run. A replacement that cannot
   be placed (its node is gone and the cluster is full) does not hold anything up: the
   other actors take the work.

Determinism: every seed comes from the run seed and the genome's bytes, never from the
actor, the chunking, the number of gosim threads or the order of completion, so the
results are bitwise identical on 1 or 100 actors, with or without actor failures (a
genome marked invalid after repeated failures excepted, of course).
"""

from __future__ import annotations

import collections
import hashlib
import logging
import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import RayActorError, RayTaskError
from tqdm.auto import tqdm

from darwindeck.evolution.fitness_full import PLAYER_GREEDY, PLAYER_MCTS, FitnessEvaluator, FitnessMetrics
from darwindeck.evolution.seeding import genome_seed

__all__ = [
    "EvaluationError",
    "check_library",
    "FitnessActor",
    "ParallelFitnessEvaluator",
    "evaluate_population",
    "shutdown_default_pool",
]

log = logging.getLogger(__name__)

#: Calls kept in flight per actor: one running, one queued behind it so the actor never
#: waits for the driver.
IN_FLIGHT_PER_ACTOR = 2
#: Default duration of one call in seconds (the chunk size is derived from it).
TARGET_CALL_SECONDS = 0.5
#: A call may run this many times its expected duration (from the measured cost of a
#: game) when that is longer than ``call_timeout``.
TIMEOUT_FACTOR = 20.0
#: At each new population, the weight of what was measured before is multiplied by this.
_COST_DECAY = 0.5

# One genome's work: (key of the unique program, bytecode, players, batch seed).
_Task = tuple[int, bytes, int, int]


class EvaluationError(RuntimeError):
    """The population could not be evaluated: no actor could be started (e.g. the cluster
    has no free CPU), or actors kept dying while starting."""


def _original(exc: BaseException) -> BaseException:
    """The exception an actor raised, without Ray's wrapper (clean message, same type)."""
    cause = getattr(exc, "cause", None) if isinstance(exc, RayTaskError) else None
    return cause if isinstance(cause, BaseException) else exc


class FitnessActor:
    """One evaluation worker: a ``FitnessEvaluator`` and the gosim library, in one process.

    Created only through ``ParallelFitnessEvaluator`` (as a Ray actor holding
    ``cpus_per_actor`` CPUs).

    Args:
        evaluator_factory: builds the evaluator (called once, here).
        simulator_factory: optional; builds the simulator the evaluator plays with
            (``FitnessEvaluator.use_simulator``) instead of gosim through the binding.
        num_threads: gosim worker threads per batch (>= 1); ``GOMAXPROCS`` is set to it
            before gosim loads, so the process runs no more Go threads than its CPUs.

    A failure while starting (gosim does not load, the factory raises) is kept and raised
    again by every method, so the driver sees the original exception (e.g.
    ``darwindeck.bindings.errors.LibraryError``) rather than a dead actor.
    """

    def __init__(
        self,
        evaluator_factory: Callable[[], FitnessEvaluator],
        simulator_factory: Callable[[], Any] | None = None,
        num_threads: int = 1,
    ) -> None:
        import psutil

        self._process = psutil.Process()
        self._num_threads = int(num_threads)
        self._startup_error: BaseException | None = None
        self._info: dict[str, Any] = {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "node_id": ray.get_runtime_context().get_node_id() if ray.is_initialized() else None,
            "num_threads": self._num_threads,
        }
        # The Go runtime reads GOMAXPROCS once, when the library is loaded.
        os.environ["GOMAXPROCS"] = str(self._num_threads)
        try:
            self._evaluator = evaluator_factory()
            if simulator_factory is not None:
                simulator = simulator_factory()
                self._evaluator.use_simulator(simulator)
                self._info.update(
                    library_version=f"custom simulator {type(simulator).__qualname__}",
                    library_path=None,
                    library_sha256=None,
                )
            else:
                from darwindeck.bindings._ffi import library_path
                from darwindeck.bindings.cgo_bridge import library_version

                version = library_version()  # loads gosim once, in this process
                path = library_path()
                self._info.update(
                    library_version=version,
                    library_path=str(path),
                    library_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                )
        except Exception as exc:  # re-raised by every call; see the class docstring
            self._startup_error = exc

    def _check_started(self) -> None:
        if self._startup_error is not None:
            raise self._startup_error

    def info(self) -> dict[str, Any]:
        """What this actor is and how much memory it holds now.

        Returns:
            ``{"pid": int, "hostname": str, "node_id": str (Ray node, hex), "num_threads":
            int (gosim threads), "library_version": str, "library_path": str | None,
            "library_sha256": str | None (hex digest of the library file),
            "rss_bytes": int (resident memory of the process, bytes)}``.

        Raises:
            the exception that stopped the actor from starting, if any.
        """
        self._check_started()
        return dict(self._info, rss_bytes=int(self._process.memory_info().rss))

    def evaluate_chunk(
        self,
        tasks: list[_Task],
        num_simulations: int,
        ai_type: int,
        use_mcts: bool,
    ) -> list[tuple[int, FitnessMetrics, float]]:
        """Evaluate each ``(key, bytecode, players, batch_seed)`` of one call.

        Returns:
            ``(key, metrics, seconds)`` per task, in task order; ``seconds`` is the wall time
            of that genome's evaluation in this actor.

        Raises:
            darwindeck.bindings.errors.GosimError: an error that is not a genome's fault
                (Ray re-raises it in the driver as the same GosimError subclass).
        """
        self._check_started()
        out = []
        for key, bytecode, players, batch_seed in tasks:
            start = time.perf_counter()
            metrics = self._evaluator.evaluate_program(
                bytecode,
                players,
                num_simulations=num_simulations,
                ai_type=ai_type,
                batch_seed=batch_seed,
                num_threads=self._num_threads,
                use_mcts=use_mcts,
            )
            out.append((key, metrics, time.perf_counter() - start))
        return out


_RemoteFitnessActor = ray.remote(FitnessActor)


def _ensure_ray(address: str | None, dashboard: bool = False) -> None:
    """Join the Ray cluster at ``address`` (``"auto"``, ``"host:port"``, ``"ray://..."``),
    or start a local Ray when ``address`` is None, unless Ray is already initialised in
    this process. The dashboard of a local Ray is off unless ``dashboard``."""
    if ray.is_initialized():
        return
    kwargs: dict[str, Any] = {"address": address, "log_to_driver": True}
    if address is None:
        kwargs["include_dashboard"] = dashboard
        # A local Ray's workers import darwindeck from where this process found it.
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": path}}
    ray.init(**kwargs)


_CHECK_SCRIPT = """
import sys
from darwindeck.bindings.cgo_bridge import library_version
from darwindeck.bindings.errors import LibraryError
try:
    print(library_version())
except LibraryError as exc:
    sys.stderr.write(str(exc))
    sys.exit(3)
"""


def check_library(timeout: float = 120.0) -> str:
    """Check that gosim loads here, without loading it in this process: a short-lived
    child Python process (this interpreter, this checkout first on its path) loads it.

    Use it in a driver before starting work that local actors will do (the Go runtime
    must not be loaded in the driver). Takes about a second.

    Returns:
        the library's version string, e.g. ``"gosim 0.1.0 abi 2 bytecode 1 go1.27.3"``.

    Raises:
        darwindeck.bindings.errors.LibraryError: the library cannot be loaded (the child's
            message, which says how to rebuild it), or the child failed otherwise or did
            not finish within ``timeout`` seconds.
    """
    from darwindeck.bindings.errors import LibraryError

    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p))
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHECK_SCRIPT], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise LibraryError(f"checking the gosim library took more than {timeout:g} s") from exc
    if proc.returncode == 3:
        raise LibraryError(proc.stderr.strip())
    if proc.returncode != 0:
        raise LibraryError(f"checking the gosim library failed (exit status {proc.returncode}):\n{proc.stderr[-2000:]}")
    return proc.stdout.strip()


class _Slot:
    """A place in the pool: its current actor, whether that actor has started, and the
    calls sent to it, oldest (the one running) first."""

    __slots__ = ("index", "actor", "ready", "ready_ref", "calls", "busy_seconds", "start_failures")

    def __init__(self, index: int) -> None:
        self.index = index
        self.actor: Any = None
        self.ready = False
        self.ready_ref: Any = None
        self.calls: collections.deque[_Call] = collections.deque()
        self.busy_seconds = 0.0
        self.start_failures = 0


class _Call:
    """One ``evaluate_chunk`` call in flight."""

    __slots__ = ("ref", "slot", "keys", "started", "limit")

    def __init__(self, ref: Any, slot: _Slot, keys: list[int], started: float | None, limit: float | None) -> None:
        self.ref = ref
        self.slot = slot
        self.keys = keys
        #: When the actor began it (time.monotonic, as seen by the driver); None while queued.
        self.started = started
        #: Seconds it may run before its actor is killed (None: no limit).
        self.limit = limit


class ParallelFitnessEvaluator:
    """Evaluates populations of genomes on a pool of Ray actors.

    Args:
        evaluator_factory: builds one ``FitnessEvaluator`` per actor (a class or a
            picklable callable; a lambda is fine). Called in the actors, never here.
        num_workers: number of actors; None = the cluster's CPUs (``ray.cluster_resources``)
            divided by ``cpus_per_actor``, at least 1. With 1, every genome is played on one
            actor, one after another in input order (serial, for debugging; gosim still
            runs outside this process).
        cpus_per_actor: CPUs k reserved per actor (``.options(num_cpus=k)``); each actor
            plays with max(1, int(k)) gosim threads (results do not depend on it).
        address: Ray cluster to join if Ray is not initialised yet: ``"auto"``, a
            ``host:port`` or a ``ray://`` address; None starts a local Ray.
        progress: show a tqdm bar of genomes evaluated (in this process).
        simulator_factory: optional; builds a simulator in each actor in place of gosim
            (see ``FitnessEvaluator.use_simulator``).
        seed: run seed used when ``evaluate_population`` gets ``seed=None``.
        chunk_size: genomes per call; None = sized from the measured cost so that a call
            takes about ``target_call_seconds`` (see the module docstring).
        max_retries: how many times a genome is retried, alone, after losing its actor
            before it is marked invalid.
        call_timeout: seconds a call may run before its actor is killed and the call is
            handled as an actor death; once the cost of a game is measured, a call may also
            run ``TIMEOUT_FACTOR`` (20) times its expected duration if that is longer. None =
            no limit. Raise it for very slow evaluations (MCTS players, huge games).
        start_timeout: seconds to wait for any actor to be ready when none is (e.g. every
            CPU of the cluster is taken) before raising ``EvaluationError``.
        target_call_seconds: wanted duration of one call in seconds (> 0).
        dashboard: start the Ray dashboard when this pool starts a local Ray.

    The actors are started on the first ``evaluate_population`` (or ``actor_info``) call and
    live until ``shutdown()`` (also called on leaving a ``with`` block).

    Raises:
        ValueError: an argument is out of range.
    """

    def __init__(
        self,
        evaluator_factory: Callable[[], FitnessEvaluator] = FitnessEvaluator,
        num_workers: int | None = None,
        cpus_per_actor: float = 1,
        address: str | None = None,
        progress: bool = True,
        simulator_factory: Callable[[], Any] | None = None,
        seed: int = 0,
        chunk_size: int | None = None,
        max_retries: int = 3,
        call_timeout: float | None = 600.0,
        start_timeout: float = 300.0,
        target_call_seconds: float = TARGET_CALL_SECONDS,
        dashboard: bool = False,
    ) -> None:
        if num_workers is not None and num_workers < 1:
            raise ValueError(f"num_workers must be >= 1 or None, got {num_workers}")
        if cpus_per_actor <= 0:
            raise ValueError(f"cpus_per_actor must be > 0, got {cpus_per_actor}")
        if chunk_size is not None and chunk_size < 1:
            raise ValueError(f"chunk_size must be >= 1 or None, got {chunk_size}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        if call_timeout is not None and call_timeout <= 0:
            raise ValueError(f"call_timeout must be > 0 or None, got {call_timeout}")
        if start_timeout <= 0:
            raise ValueError(f"start_timeout must be > 0, got {start_timeout}")
        if target_call_seconds <= 0:
            raise ValueError(f"target_call_seconds must be > 0, got {target_call_seconds}")
        self.evaluator_factory = evaluator_factory
        self.simulator_factory = simulator_factory
        self.cpus_per_actor = cpus_per_actor
        self.num_threads = max(1, int(cpus_per_actor))
        self.address = address
        self.progress = progress
        self.seed = seed
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self.call_timeout = call_timeout
        self.start_timeout = start_timeout
        self.target_call_seconds = target_call_seconds
        self.dashboard = dashboard
        self._requested_workers = num_workers
        self._slots: list[_Slot] = []
        #: Per player type: [seconds, games] measured so far (older populations weigh less);
        #: their ratio is the estimated cost of a game.
        self._cost: dict[int, list[float]] = {}
        #: Counters since construction: actors started and replaced, calls sent, calls put
        #: back after their actor died, calls that timed out, genomes retried alone,
        #: genomes given up on (invalid after repeated failures), distinct programs played
        #: (genomes with identical rules are played once), and seconds the actors spent
        #: evaluating (sum over actors).
        self.stats: dict[str, float] = {
            "actors_started": 0,
            "actors_replaced": 0,
            "calls": 0,
            "calls_retried": 0,
            "calls_timed_out": 0,
            "genomes_isolated": 0,
            "genomes_abandoned": 0,
            "programs_evaluated": 0,
            "busy_seconds": 0.0,
        }
        #: The last ``evaluate_population``: genomes, distinct programs, games and calls,
        #: its wall time (``wall_seconds``), the seconds actors spent evaluating
        #: (``busy_seconds``, summed) and the same per pool slot (``busy_seconds_by_actor``).
        self.last_run: dict[str, Any] = {}

    # ------------------------------------------------------------------ actors

    def _start_actor(self, slot: _Slot) -> None:
        """Put a new actor in ``slot``; the one place actors are created."""
        self.stats["actors_started"] += 1
        slot.actor = _RemoteFitnessActor.options(num_cpus=self.cpus_per_actor, max_restarts=0).remote(
            self.evaluator_factory, self.simulator_factory, self.num_threads
        )
        slot.ready = False
        slot.ready_ref = slot.actor.info.remote()

    def _ensure_actors(self) -> list[_Slot]:
        if not self._slots:
            _ensure_ray(self.address, self.dashboard)
            n = self._requested_workers
            if n is None:
                cpus = ray.cluster_resources().get("CPU", 1.0)
                n = max(1, int(cpus // self.cpus_per_actor))
            self._slots = [_Slot(i) for i in range(n)]
            for slot in self._slots:
                self._start_actor(slot)
        return self._slots

    @property
    def actors(self) -> list[Any]:
        """The actor handles of the pool (starts Ray and the actors if needed)."""
        return [slot.actor for slot in self._ensure_actors()]

    @property
    def busy_actors(self) -> list[Any]:
        """Handles of the actors that have calls in flight now (empty between evaluations)."""
        return [slot.actor for slot in self._slots if slot.calls]

    @property
    def num_workers(self) -> int:
        """Number of actors in the pool (starts Ray and the actors if needed)."""
        return len(self._ensure_actors())

    def actor_info(self) -> list[dict[str, Any]]:
        """``FitnessActor.info()`` of every actor that is up, in pool order: pid, hostname,
        Ray node id, gosim threads, library version, path and SHA-256, resident memory.

        Waits up to ``start_timeout`` seconds for the actors to start; actors that could
        not be placed by then (e.g. the cluster is full) are left out, with a warning.

        Raises:
            darwindeck.bindings.errors.LibraryError: an actor could not load gosim (or
                whatever else stopped it from starting).
            EvaluationError: no actor started within ``start_timeout``.
        """
        slots = self._ensure_actors()
        waiting = {slot.ready_ref: slot for slot in slots if not slot.ready}
        deadline = time.monotonic() + self.start_timeout
        while waiting and time.monotonic() < deadline:
            done, _ = ray.wait(list(waiting), num_returns=1, timeout=max(0.0, deadline - time.monotonic()))
            for ref in done:
                self._handle_ready(waiting.pop(ref), ref)
            waiting = {slot.ready_ref: slot for slot in slots if not slot.ready}
        up = [slot for slot in slots if slot.ready]
        if not up:
            raise EvaluationError(self._no_actor_message())
        if len(up) < len(slots):
            log.warning("%d of %d fitness actors are not up after %.0f s", len(slots) - len(up), len(slots), self.start_timeout)
        try:
            return ray.get([slot.actor.info.remote() for slot in up])
        except RayTaskError as exc:
            raise _original(exc) from None

    def _handle_ready(self, slot: _Slot, ref: Any) -> None:
        """The start-up call of ``slot``'s actor finished: mark it ready, or replace an
        actor that died while starting.

        Raises:
            the actor's start-up exception (e.g. LibraryError); EvaluationError if actors
            keep dying while starting or Ray could not construct one.
        """
        if slot.ready or ref != slot.ready_ref:
            return
        try:
            ray.get(ref)
        except RayTaskError as exc:
            raise _original(exc) from None
        except RayActorError as exc:
            if getattr(exc, "actor_init_failed", False):
                raise EvaluationError(f"a fitness actor could not be constructed: {exc}") from exc
            slot.start_failures += 1
            if slot.start_failures > self.max_retries + 1:
                raise EvaluationError(
                    f"fitness actors died {slot.start_failures} times in a row while starting; last error: {exc}"
                ) from exc
            log.warning("fitness actor died while starting (%s); starting another", exc)
            self._replace(slot)
            return
        slot.ready = True
        slot.ready_ref = None
        slot.start_failures = 0

    def _replace(self, slot: _Slot) -> None:
        """Kill ``slot``'s actor (if it still runs) and start a new one in its place."""
        try:
            ray.kill(slot.actor, no_restart=True)
        except Exception as exc:  # the actor is gone already  # pragma: no cover
            log.debug("ray.kill of a dead actor: %s", exc)
        slot.calls.clear()
        self.stats["actors_replaced"] += 1
        self._start_actor(slot)

    def _no_actor_message(self) -> str:
        resources = ray.cluster_resources()
        available = ray.available_resources()
        return (
            f"no fitness actor is up after waiting {self.start_timeout:.0f} s: each needs "
            f"{self.cpus_per_actor} CPUs; the cluster has {resources.get('CPU', 0)} CPUs, "
            f"{available.get('CPU', 0)} free"
        )

    def shutdown(self) -> None:
        """Kill the actors (Ray itself keeps running). The pool restarts on next use."""
        for slot in self._slots:
            try:
                ray.kill(slot.actor, no_restart=True)
            except Exception as exc:  # pragma: no cover
                log.debug("ray.kill at shutdown: %s", exc)
        self._slots = []

    def __enter__(self) -> ParallelFitnessEvaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    # ------------------------------------------------------------------ evaluation

    def evaluate_population(
        self,
        genomes: Sequence[Any],
        num_simulations: int = 1000,
        use_mcts: bool = False,
        ai_type: int | None = None,
        seed: int | None = None,
    ) -> list[FitnessMetrics]:
        """Fitness of every genome, in input order.

        Args:
            genomes: the population (``darwindeck.genome.schema.Genome``s).
            num_simulations: games played per genome (>= 1).
            use_mcts: play every seat with MCTS (skill measurement).
            ai_type: player type of every seat (0 random, 1 greedy, 2 MCTS); None = greedy.
            seed: run seed in [0, 2**64); None = the pool's ``seed``. Genome i plays with
                batch seed ``genome_seed(seed, bytecode_i)``.

        Returns:
            ``len(genomes)`` ``FitnessMetrics``; a genome that does not compile, that gosim
            rejects, or whose evaluation lost its actor more than ``max_retries`` times is
            ``valid=False`` with the reason.

        Raises:
            ValueError: ``num_simulations < 1`` or a bad seed.
            EvaluationError: no actor could be started (see ``start_timeout``).
            darwindeck.bindings.errors.LibraryError: the actors cannot load gosim.
            darwindeck.bindings.errors.GosimError: an error that is not a genome's fault,
                raised in an actor (e.g. an unavailable player type).
        """
        from darwindeck.genome.bytecode import BytecodeCompiler, CompileError

        if num_simulations < 1:
            raise ValueError(f"num_simulations must be >= 1, got {num_simulations}")
        run_seed = self.seed if seed is None else seed
        player = PLAYER_GREEDY if ai_type is None else int(ai_type)

        results: list[FitnessMetrics | None] = [None] * len(genomes)
        compiler = BytecodeCompiler()
        by_program: dict[bytes, int] = {}  # bytecode -> key of the unique program
        indices: list[list[int]] = []  # key -> genome indices with that program
        tasks: list[_Task] = []
        for i, genome in enumerate(genomes):
            try:
                bytecode = compiler.compile_genome(genome)
            except CompileError as exc:
                results[i] = FitnessMetrics.invalid(f"compile error: {exc}", num_players=int(genome.players))
                continue
            key = by_program.get(bytecode)
            if key is None:
                key = by_program[bytecode] = len(tasks)
                tasks.append((key, bytecode, int(genome.players), genome_seed(run_seed, bytecode)))
                indices.append([])
            indices[key].append(i)

        self.stats["programs_evaluated"] += len(tasks)
        start, calls = time.monotonic(), self.stats["calls"]
        busy = [slot.busy_seconds for slot in self._slots]
        with tqdm(
            total=len(genomes),
            desc="fitness",
            unit="genome",
            disable=not self.progress,
            initial=len(genomes) - sum(len(ix) for ix in indices),
        ) as bar:
            for key, metrics in self._run(tasks, num_simulations, player, use_mcts):
                for i in indices[key]:
                    if results[i] is not None:  # pragma: no cover - guarded in _run
                        raise AssertionError(f"genome {i} was evaluated twice")
                    results[i] = metrics
                bar.update(len(indices[key]))
        missing = [i for i, r in enumerate(results) if r is None]
        if missing:  # pragma: no cover - _run yields every key exactly once
            raise AssertionError(f"no result for genomes {missing}")
        by_actor = [slot.busy_seconds - (busy[i] if i < len(busy) else 0.0) for i, slot in enumerate(self._slots)]
        self.last_run = {
            "genomes": len(genomes),
            "programs": len(tasks),
            "games": len(tasks) * num_simulations,
            "calls": self.stats["calls"] - calls,
            "wall_seconds": time.monotonic() - start,
            "busy_seconds": sum(by_actor),
            "busy_seconds_by_actor": by_actor,
        }
        return results  # type: ignore[return-value]

    # -- the scheduler ---------------------------------------------------------------

    def _chunk_size(self, cost_key: int, num_simulations: int, queued: int, ready_actors: int) -> int:
        """Genomes for the next call: about ``target_call_seconds`` of work, at most half of
        an actor's share of the ``queued`` genomes; 1 until a game's cost is known."""
        if self.chunk_size is not None:
            return self.chunk_size
        per_game = self._seconds_per_game(cost_key)
        if per_game is None:
            return 1
        wanted = int(self.target_call_seconds / max(per_game * num_simulations, 1e-9))
        share = math.ceil(queued / (IN_FLIGHT_PER_ACTOR * max(1, ready_actors)))
        return max(1, min(wanted, share))

    def _seconds_per_game(self, cost_key: int) -> float | None:
        """Estimated seconds per game for this player type; None before any measurement."""
        seconds, games = self._cost.get(cost_key, (0.0, 0.0))
        return seconds / games if games > 0 else None

    def _measure(self, cost_key: int, num_simulations: int, seconds: list[float]) -> None:
        cost = self._cost.setdefault(cost_key, [0.0, 0.0])
        cost[0] += sum(seconds)
        cost[1] += len(seconds) * num_simulations

    def _run(
        self, tasks: list[_Task], num_simulations: int, ai_type: int, use_mcts: bool
    ) -> Iterator[tuple[int, FitnessMetrics]]:
        """Yield ``(key, metrics)`` exactly once for every task, as calls finish."""
        if not tasks:
            return
        slots = self._ensure_actors()
        cost_key = PLAYER_MCTS if use_mcts else ai_type
        if cost_key in self._cost:
            self._cost[cost_key] = [x * _COST_DECAY for x in self._cost[cost_key]]
        queue: collections.deque[int] = collections.deque(range(len(tasks)))
        alone: set[int] = set()  # keys that go one per call (their call lost its actor)
        failures: dict[int, list[str]] = collections.defaultdict(list)
        done: set[int] = set()
        pending: dict[Any, _Call] = {}
        stalled_since: float | None = None

        def submit(slot: _Slot) -> None:
            ready_actors = sum(1 for s in slots if s.ready)
            size = self._chunk_size(cost_key, num_simulations, len(queue), ready_actors)
            keys = [queue.popleft()]
            if keys[0] not in alone:
                while queue and len(keys) < size and queue[0] not in alone:
                    keys.append(queue.popleft())
            ref = slot.actor.evaluate_chunk.remote([tasks[k] for k in keys], num_simulations, ai_type, use_mcts)
            limit = self.call_timeout
            per_game = self._seconds_per_game(cost_key)
            if limit is not None and per_game is not None:
                limit = max(limit, TIMEOUT_FACTOR * per_game * num_simulations * len(keys))
            call = _Call(ref, slot, keys, None if slot.calls else time.monotonic(), limit)
            slot.calls.append(call)
            pending[ref] = call
            self.stats["calls"] += 1

        def finish(call: _Call, value: list[tuple[int, FitnessMetrics, float]]) -> Iterator[tuple[int, FitnessMetrics]]:
            slot = call.slot
            if call in slot.calls:
                slot.calls.remove(call)
            if slot.calls and slot.calls[0].started is None:
                slot.calls[0].started = time.monotonic()
            seconds = [s for _, _, s in value]
            slot.busy_seconds += sum(seconds)
            self.stats["busy_seconds"] += sum(seconds)
            self._measure(cost_key, num_simulations, seconds)
            for key, metrics, _ in value:
                if key not in done:
                    done.add(key)
                    yield key, metrics

        def lose_actor(slot: _Slot, error: str, timed_out: bool) -> Iterator[tuple[int, FitnessMetrics]]:
            """``slot``'s actor is dead (or was killed for a timeout): keep the results it
            delivered, put its other calls back, retry the running call's genomes alone."""
            calls = list(slot.calls)
            for call in calls:
                pending.pop(call.ref, None)
            running: _Call | None = None
            requeue: list[int] = []
            for call in calls:
                if running is None:
                    finished, _ = ray.wait([call.ref], timeout=0)
                    if finished:
                        try:
                            value = ray.get(call.ref)
                        except RayActorError:
                            pass
                        except RayTaskError as exc:
                            raise _original(exc) from None
                        else:
                            yield from finish(call, value)
                            continue
                    running = call
                else:
                    requeue.extend(call.keys)
            self._replace(slot)
            if running is not None:
                self.stats["calls_retried"] += 1
                if len(running.keys) > 1:
                    alone.update(running.keys)
                    self.stats["genomes_isolated"] += len(running.keys)
                    requeue = running.keys + requeue
                else:
                    (key,) = running.keys
                    alone.add(key)
                    failures[key].append(error)
                    if len(failures[key]) > self.max_retries:
                        self.stats["genomes_abandoned"] += 1
                        done.add(key)
                        _, _, players, batch_seed = tasks[key]
                        what = "did not finish in time" if timed_out else "lost its actor"
                        log.error("giving up on a genome whose evaluation %s %d times", what, len(failures[key]))
                        yield key, FitnessMetrics.invalid(
                            f"evaluation failed {len(failures[key])} times (actor died or call timed out); "
                            f"last: {failures[key][-1]}",
                            num_players=players,
                            seed=batch_seed,
                        )
                    else:
                        requeue = running.keys + requeue
            queue.extendleft(reversed([k for k in requeue if k not in done]))

        try:
            while len(done) < len(tasks):
                now = time.monotonic()
                for slot in slots:
                    while slot.ready and queue and len(slot.calls) < IN_FLIGHT_PER_ACTOR:
                        submit(slot)
                starting = {slot.ready_ref: slot for slot in slots if not slot.ready}
                if pending or any(slot.ready for slot in slots):
                    stalled_since = None
                elif stalled_since is None:
                    stalled_since = now
                elif now - stalled_since > self.start_timeout:
                    raise EvaluationError(self._no_actor_message())

                timeout: float | None = None
                deadlines = [
                    s.calls[0].started + s.calls[0].limit
                    for s in slots
                    if s.calls and s.calls[0].started is not None and s.calls[0].limit is not None
                ]
                if deadlines:
                    timeout = max(0.0, min(deadlines) - now)
                if stalled_since is not None:
                    left = max(0.0, stalled_since + self.start_timeout - now)
                    timeout = left if timeout is None else min(timeout, left)
                waitable = list(pending) + list(starting)
                finished, rest = ray.wait(waitable, num_returns=1, timeout=timeout) if waitable else ([], [])
                if finished and rest:
                    more, _ = ray.wait(rest, num_returns=len(rest), timeout=0)
                    finished += more

                for ref in finished:
                    if ref in starting:
                        self._handle_ready(starting[ref], ref)
                        continue
                    call = pending.pop(ref, None)
                    if call is None:  # dropped when its actor was lost in this round
                        continue
                    try:
                        value = ray.get(ref)
                    except RayActorError as exc:
                        pending[ref] = call  # lose_actor handles every call of the slot
                        log.warning("fitness actor %d died (%s); replacing it", call.slot.index, exc)
                        yield from lose_actor(call.slot, f"actor died: {type(exc).__name__}", timed_out=False)
                        continue
                    except RayTaskError as exc:
                        raise _original(exc) from None
                    yield from finish(call, value)

                now = time.monotonic()
                for slot in slots:
                    head = slot.calls[0] if slot.calls else None
                    if head is None or head.started is None or head.limit is None or now - head.started <= head.limit:
                        continue
                    self.stats["calls_timed_out"] += 1
                    log.warning(
                        "fitness actor %d: a call of %d genomes ran over %.1f s; killing the actor",
                        slot.index, len(head.keys), head.limit,
                    )
                    ray.kill(slot.actor, no_restart=True)
                    yield from lose_actor(slot, f"call timed out after {head.limit:g} s", timed_out=True)
        finally:
            # After an error, calls still in flight are abandoned (their results dropped).
            for slot in slots:
                slot.calls.clear()


_default_pool: ParallelFitnessEvaluator | None = None


def shutdown_default_pool() -> None:
    """Kill the actors of the pool behind the module-level ``evaluate_population``."""
    global _default_pool
    if _default_pool is not None:
        _default_pool.shutdown()
        _default_pool = None


def evaluate_population(
    genomes: Sequence[Any],
    num_simulations: int = 1000,
    use_mcts: bool = False,
    ai_type: int | None = None,
    seed: int | None = None,
) -> list[FitnessMetrics]:
    """``ParallelFitnessEvaluator().evaluate_population(...)`` on a pool kept for the process.

    The pool (default ``FitnessEvaluator``, one actor per CPU) is started on the first call
    and reused by later ones until ``shutdown_default_pool()``; arguments and errors as in
    ``ParallelFitnessEvaluator.evaluate_population``.
    """
    global _default_pool
    if _default_pool is None:
        _default_pool = ParallelFitnessEvaluator()
    return _default_pool.evaluate_population(
        genomes, num_simulations=num_simulations, use_mcts=use_mcts, ai_type=ai_type, seed=seed
    )
