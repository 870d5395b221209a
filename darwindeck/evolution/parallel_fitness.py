"""Fitness of a whole population on a pool of Ray actors.

``ParallelFitnessEvaluator`` keeps a pool of actors (``FitnessActor``), each of which builds
its ``FitnessEvaluator`` and loads the gosim library once, in its ``__init__``. For each
population the driver

1. compiles every genome to its canonical bytecode (pure Python: the driver never loads
   gosim) and derives the genome's batch seed ``genome_seed(run seed, bytecode)``; a
   genome that does not compile is invalid at once, and genomes with identical rules are
   played once;
2. sends chunks of ``(bytecode, players, batch seed)`` to the actors, at most two chunks in
   flight per actor, collects finished chunks with ``ray.wait`` as they arrive and writes
   each result back at its genome's index, advancing a tqdm bar;
3. resubmits the chunk of an actor that died (``RayActorError``) to a fresh actor, up to
   ``max_retries`` times per chunk.

Only bytecode goes out and only ``FitnessMetrics`` come back. Since every seed comes from
the run seed and the genome's bytes, the results are bitwise identical whatever the number
of actors, the chunking or the order in which chunks finish.
"""

from __future__ import annotations

import collections
import logging
import math
import os
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import ray
from ray.exceptions import RayActorError
from tqdm.auto import tqdm

from darwindeck.evolution.fitness_full import PLAYER_GREEDY, FitnessEvaluator, FitnessMetrics
from darwindeck.evolution.seeding import genome_seed

__all__ = [
    "EvaluationError",
    "FitnessActor",
    "ParallelFitnessEvaluator",
    "evaluate_population",
    "shutdown_default_pool",
]

log = logging.getLogger(__name__)

#: Chunks kept in flight per actor: one running, one queued so the actor never idles.
IN_FLIGHT_PER_ACTOR = 2
#: Chunks per actor a population is cut into when no chunk size is given (load balance).
CHUNKS_PER_ACTOR = 4

# One task of a chunk: (key of the unique program, bytecode, players, batch seed).
_Task = tuple[int, bytes, int, int]


class EvaluationError(RuntimeError):
    """The population could not be evaluated: an actor failed to start (e.g. gosim did not
    load), or actors kept dying on the same chunk."""


class FitnessActor:
    """One evaluation worker: a ``FitnessEvaluator`` and the gosim library, in one process.

    Created only through ``ParallelFitnessEvaluator._start_actor`` (as a Ray actor).

    Args:
        evaluator_factory: builds the evaluator (called once, here).
        simulator_factory: optional; builds the simulator the evaluator plays with
            (``FitnessEvaluator.use_simulator``) instead of gosim through the binding.

    Raises:
        darwindeck.bindings.errors.LibraryError: gosim cannot be loaded (without a
            simulator factory).
    """

    def __init__(
        self,
        evaluator_factory: Callable[[], FitnessEvaluator],
        simulator_factory: Callable[[], Any] | None = None,
    ) -> None:
        self._evaluator = evaluator_factory()
        if simulator_factory is not None:
            simulator = simulator_factory()
            self._evaluator.use_simulator(simulator)
            self._library = f"custom simulator {type(simulator).__qualname__}"
        else:
            from darwindeck.bindings.cgo_bridge import library_version

            self._library = library_version()  # loads gosim once, in this process
        self._info = {"pid": os.getpid(), "hostname": socket.gethostname(), "library_version": self._library}

    def info(self) -> dict[str, Any]:
        """``{"pid": int, "hostname": str, "library_version": str}`` of this actor."""
        return dict(self._info)

    def evaluate_chunk(
        self,
        tasks: list[_Task],
        num_simulations: int,
        ai_type: int,
        use_mcts: bool,
        num_threads: int,
    ) -> list[tuple[int, FitnessMetrics]]:
        """Evaluate each ``(key, bytecode, players, batch_seed)``; returns ``(key, metrics)``.

        A gosim error that is not a genome's fault propagates (Ray re-raises it in the
        driver as the same GosimError subclass)."""
        return [
            (
                key,
                self._evaluator.evaluate_program(
                    bytecode,
                    players,
                    num_simulations=num_simulations,
                    ai_type=ai_type,
                    batch_seed=batch_seed,
                    num_threads=num_threads,
                    use_mcts=use_mcts,
                ),
            )
            for key, bytecode, players, batch_seed in tasks
        ]


_RemoteFitnessActor = ray.remote(FitnessActor)


def _ensure_ray(address: str | None) -> None:
    """Join the Ray cluster at ``address``, or start a local Ray, unless Ray is running."""
    if ray.is_initialized():
        return
    kwargs: dict[str, Any] = {"address": address, "include_dashboard": False, "log_to_driver": True}
    if address is None:
        # A local Ray's workers import darwindeck from where this process found it.
        root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
        kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": path}}
    ray.init(**kwargs)


class _Slot:
    """A place in the pool: the current actor and how many times it was replaced."""

    __slots__ = ("actor", "generation", "in_flight")

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.generation = 0
        self.in_flight = 0


class ParallelFitnessEvaluator:
    """Evaluates populations of genomes on a pool of Ray actors.

    Args:
        evaluator_factory: builds one ``FitnessEvaluator`` per actor (a class or a
            picklable callable; a lambda is fine). Called in the actors, never here.
        num_workers: number of actors; None = the CPUs Ray reports divided by
            ``cpus_per_actor`` (at least 1).
        cpus_per_actor: CPUs reserved per actor (``.options(num_cpus=...)``); also the
            number of gosim threads each actor plays with (results do not depend on it).
        address: Ray cluster to join (``ray.init(address=...)``) if Ray is not initialised
            yet; None starts a local Ray (dashboard off) in that case.
        progress: show a tqdm bar of genomes evaluated.
        simulator_factory: optional; builds a simulator in each actor in place of gosim
            (see ``FitnessEvaluator.use_simulator``).
        seed: run seed used when ``evaluate_population`` gets ``seed=None``.
        chunk_size: genomes per task; None = about ``CHUNKS_PER_ACTOR`` chunks per actor.
        max_retries: how many times a chunk is resubmitted after the actor running it died.

    The actors are started on the first ``evaluate_population`` (or ``actor_info``) call and
    live until ``shutdown()`` (also called on leaving a ``with`` block).
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
    ) -> None:
        if num_workers is not None and num_workers < 1:
            raise ValueError(f"num_workers must be >= 1 or None, got {num_workers}")
        if cpus_per_actor <= 0:
            raise ValueError(f"cpus_per_actor must be > 0, got {cpus_per_actor}")
        if chunk_size is not None and chunk_size < 1:
            raise ValueError(f"chunk_size must be >= 1 or None, got {chunk_size}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries}")
        self.evaluator_factory = evaluator_factory
        self.simulator_factory = simulator_factory
        self.cpus_per_actor = cpus_per_actor
        self.address = address
        self.progress = progress
        self.seed = seed
        self.chunk_size = chunk_size
        self.max_retries = max_retries
        self._requested_workers = num_workers
        self._slots: list[_Slot] = []
        #: Counters since construction: actors started and replaced, chunks resubmitted,
        #: distinct programs played (genomes with identical rules are played once).
        self.stats = {"actors_started": 0, "actors_replaced": 0, "chunks_retried": 0, "programs_evaluated": 0}

    # ------------------------------------------------------------------ actors

    def _start_actor(self) -> Any:
        """The one place actors are created."""
        self.stats["actors_started"] += 1
        return _RemoteFitnessActor.options(num_cpus=self.cpus_per_actor, max_restarts=0).remote(
            self.evaluator_factory, self.simulator_factory
        )

    def _ensure_actors(self) -> list[_Slot]:
        if not self._slots:
            _ensure_ray(self.address)
            n = self._requested_workers
            if n is None:
                cpus = ray.cluster_resources().get("CPU", 1.0)
                n = max(1, int(cpus // self.cpus_per_actor))
            self._slots = [_Slot(self._start_actor()) for _ in range(n)]
        return self._slots

    @property
    def actors(self) -> list[Any]:
        """The actor handles of the pool (starts Ray and the actors if needed)."""
        return [slot.actor for slot in self._ensure_actors()]

    @property
    def num_workers(self) -> int:
        """Number of actors in the pool (starts Ray and the actors if needed)."""
        return len(self._ensure_actors())

    def actor_info(self) -> list[dict[str, Any]]:
        """Per actor: ``{"pid", "hostname", "library_version"}`` (waits for the actors to start).

        Raises:
            darwindeck.bindings.errors.LibraryError: an actor could not load gosim.
        """
        return ray.get([slot.actor.info.remote() for slot in self._ensure_actors()])

    def shutdown(self) -> None:
        """Kill the actors (Ray itself keeps running). The pool restarts on next use."""
        for slot in self._slots:
            ray.kill(slot.actor, no_restart=True)
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
            ``len(genomes)`` ``FitnessMetrics``; a genome that does not compile or that gosim
            rejects is ``valid=False`` with the reason.

        Raises:
            ValueError: ``num_simulations < 1`` or a bad seed.
            EvaluationError: an actor failed to start, or a chunk's actor died more than
                ``max_retries`` times.
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
        with tqdm(
            total=len(genomes),
            desc="fitness",
            unit="genome",
            disable=not self.progress,
            initial=len(genomes) - sum(len(ix) for ix in indices),
        ) as bar:
            for key, metrics in self._run(tasks, num_simulations, player, use_mcts):
                for i in indices[key]:
                    results[i] = metrics
                bar.update(len(indices[key]))
        assert all(r is not None for r in results)
        return results  # type: ignore[return-value]

    def _run(self, tasks: list[_Task], num_simulations: int, ai_type: int, use_mcts: bool):
        """Yield ``(key, metrics)`` for every task as chunks finish on the actors."""
        if not tasks:
            return
        slots = self._ensure_actors()
        size = self.chunk_size or max(1, math.ceil(len(tasks) / (len(slots) * CHUNKS_PER_ACTOR)))
        chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
        queue = collections.deque(range(len(chunks)))
        attempts = [0] * len(chunks)
        pending: dict[Any, tuple[_Slot, int, int]] = {}  # ref -> (slot, slot generation, chunk)
        threads = max(1, int(self.cpus_per_actor))

        while queue or pending:
            for slot in slots:
                while queue and slot.in_flight < IN_FLIGHT_PER_ACTOR:
                    c = queue.popleft()
                    ref = slot.actor.evaluate_chunk.remote(chunks[c], num_simulations, ai_type, use_mcts, threads)
                    pending[ref] = (slot, slot.generation, c)
                    slot.in_flight += 1
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                slot, generation, c = pending.pop(ref)
                try:
                    done = ray.get(ref)
                except RayActorError as exc:
                    if getattr(exc, "actor_init_failed", False):
                        # The evaluator or gosim failed to load: a new actor would too.
                        raise EvaluationError(f"a fitness actor failed to start: {exc}") from exc
                    self._replace(slot, generation, exc)
                    attempts[c] += 1
                    if attempts[c] > self.max_retries:
                        raise EvaluationError(
                            f"chunk of {len(chunks[c])} genomes lost {attempts[c]} actors; last error: {exc}"
                        ) from exc
                    self.stats["chunks_retried"] += 1
                    queue.appendleft(c)
                    continue
                if slot.generation == generation:
                    slot.in_flight -= 1
                yield from done

    def _replace(self, slot: _Slot, generation: int, exc: BaseException) -> None:
        """Put a fresh actor in ``slot`` unless its dead actor was already replaced."""
        if slot.generation != generation:
            return
        log.warning("fitness actor died (%s); starting a replacement", exc)
        ray.kill(slot.actor, no_restart=True)
        slot.actor = self._start_actor()
        slot.generation += 1
        slot.in_flight = 0
        self.stats["actors_replaced"] += 1


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
