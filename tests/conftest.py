"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def ray_session():
    """One local Ray instance (2 CPUs, dashboard off) for every test of the session that
    needs Ray; shut down at the end. Yields the ``ray`` module. If Ray is already running
    in this process it is used as is and left running."""
    import ray

    if ray.is_initialized():
        yield ray
        return
    # Workers import darwindeck from this checkout, and test helper modules from tests/
    # (functions and classes defined at a test module's top level are pickled by name).
    path = os.pathsep.join(p for p in (str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")) if p)
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    try:
        yield ray
    finally:
        ray.shutdown()
