"""The base of every logger: subscribe to a search algorithm's hooks, act on its status.

A logger is built with the searcher it watches; it appends itself to ``searcher.log_hook``
(called with the status dict after every generation) and its ``close`` to
``searcher.end_of_run_hook`` (called once when ``run`` ends, also after an error).
Subclasses implement ``_log(status)``; the algorithm itself never does I/O.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, Protocol


class Searcher(Protocol):
    """What a logger needs of a search algorithm: its two hook lists."""

    log_hook: list[Callable[[Mapping[str, Any]], None]]
    end_of_run_hook: list[Callable[[Mapping[str, Any]], None]]


class Logger(ABC):
    """Calls ``_log(status)`` for every ``interval``-th generation of ``searcher``.

    Args:
        searcher: the algorithm to subscribe to (e.g. ``GeneticAlgorithm``).
        interval: log generations 0, interval, 2*interval, ... (>= 1).

    Raises:
        ValueError: ``interval < 1``.
    """

    def __init__(self, searcher: Searcher, interval: int = 1) -> None:
        if interval < 1:
            raise ValueError(f"interval must be >= 1, got {interval}")
        self.searcher = searcher
        self.interval = int(interval)
        searcher.log_hook.append(self)
        searcher.end_of_run_hook.append(self._end_of_run)

    def __call__(self, status: Mapping[str, Any]) -> None:
        if int(status.get("generation", 0)) % self.interval == 0:
            self._log(status)

    @abstractmethod
    def _log(self, status: Mapping[str, Any]) -> None:
        """Record one generation's status (keys as in ``GeneticAlgorithm.step``)."""

    def _end_of_run(self, status: Mapping[str, Any]) -> None:
        self.close()

    def close(self) -> None:
        """Release what the logger holds (files, writers); safe to call twice."""
