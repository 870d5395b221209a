"""Derived random seeds: every seed of a run comes from the run seed and canonical bytes.

A genome's games are seeded from the run seed and the genome's canonical program bytes
(``BytecodeCompiler().compile_genome(genome)``), never from an actor id, a process id, a
clock or the order in which results arrive. Two genomes with the same rules (whatever their
names) therefore play the very same games, and a population evaluated on 1 actor or 16 gives
bitwise-identical fitness (docs: DESIGN.md, "Determinism").
"""

from __future__ import annotations

import hashlib
import operator

__all__ = ["SEED_BITS", "genome_seed"]

SEED_BITS = 64
_MAX_SEED = (1 << SEED_BITS) - 1
_DOMAIN = b"darwindeck/genome_seed/v1\x00"


def genome_seed(run_seed: int, bytecode: bytes) -> int:
    """The batch seed for one genome's games.

    ``seed = first 8 bytes (little-endian) of SHA-256(domain || run_seed as 8 bytes LE || bytecode)``

    Args:
        run_seed: the run's seed, an integer in [0, 2**64).
        bytecode: the genome's canonical compiled program (bytes, bytearray or memoryview).

    Returns:
        An integer in [0, 2**64): the ``random_seed`` to pass to ``simulate_batch`` (a uint64).

    Raises:
        TypeError: ``run_seed`` is not an integer (bool is rejected too) or ``bytecode`` is
            not bytes-like.
        ValueError: ``run_seed`` is outside [0, 2**64).
    """
    if isinstance(run_seed, bool):
        raise TypeError("run_seed must be an integer, not bool")
    run_seed = operator.index(run_seed)  # numpy integers welcome, floats rejected
    if not 0 <= run_seed <= _MAX_SEED:
        raise ValueError(f"run_seed must be in [0, 2**64), got {run_seed}")
    if not isinstance(bytecode, (bytes, bytearray, memoryview)):
        raise TypeError(f"bytecode must be bytes, not {type(bytecode).__name__}")
    digest = hashlib.sha256()
    digest.update(_DOMAIN)
    digest.update(run_seed.to_bytes(8, "little"))
    digest.update(bytes(bytecode))
    return int.from_bytes(digest.digest()[:8], "little")
