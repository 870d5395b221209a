"""Staged fitness evaluation: cheap screening first, expensive players for the best only.

The user guide's multi-stage strategy, as one call::

    from darwindeck.evolution.stages import FitnessConfig, evaluate_staged
    config = FitnessConfig(style="strategic")            # default stages below
    pool = ParallelFitnessEvaluator(evaluator_factory=config.evaluator_factory())
    results = evaluate_staged(pool, genomes, config, seed=42)

Stages (``FitnessConfig.stages``; sizes are settings):

1. **screening** — every genome, ``games`` games (default 10) with random players. A genome
   that fails a gate here (cannot be played, never ends, no decisions, forced win) stops
   with that result.
2. **greedy** — the genomes still valid, ``games`` games (default 100) with greedy players,
   plus the skill games (greedy seat among random ones).
3. **mcts** — the best ``fraction`` (default 0.2, at least one) of the genomes still
   valid, ranked by their stage-2 fitness (ties: input order), ``games`` games (default 40,
   the style's ``skill_min_games``) with MCTS players plus MCTS skill games.

Each genome's result is the ``FitnessMetrics`` of the last stage it was evaluated in. The
pool is any object with ``evaluate_population(genomes, num_simulations=, ai_type=, seed=)``
(``ParallelFitnessEvaluator``, or the driver's evaluator); its ``FitnessEvaluator`` must
have been built with this config's style (``config.evaluator_factory()``). Results depend
only on (genomes, config, seed): which genomes reach a stage depends on their fitness in
the previous stage, never on timing or the number of workers.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from darwindeck.evolution.fitness_full import PLAYER_GREEDY, PLAYER_MCTS, PLAYER_RANDOM, FitnessEvaluator, FitnessMetrics
from darwindeck.evolution.styles import FitnessStyle, load_style

__all__ = ["StageConfig", "FitnessConfig", "StageReport", "evaluate_staged", "make_evaluator"]

PLAYERS = {"random": PLAYER_RANDOM, "greedy": PLAYER_GREEDY, "mcts": PLAYER_MCTS}


class StageConfig(BaseModel):
    """One evaluation stage.

    Attributes:
        name: label in reports and logs.
        players: player type of every seat: random, greedy or mcts.
        games: main games per genome (skill games come on top, see ``FitnessStyle.skill_games``).
        fraction: share of the genomes still valid after the previous stage that enter this
            one, the best first (1.0: all). At least one genome enters when any is valid.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    players: Literal["random", "greedy", "mcts"]
    games: int = Field(ge=1, le=10_000_000)
    fraction: float = Field(1.0, gt=0.0, le=1.0)


def _default_stages() -> list[StageConfig]:
    return [
        StageConfig(name="screening", players="random", games=10),
        StageConfig(name="greedy", players="greedy", games=100),
        StageConfig(name="mcts", players="mcts", games=40, fraction=0.2),
    ]


class FitnessConfig(BaseModel):
    """How a genome's fitness is measured: the style and the stages.

    Attributes:
        style: a preset name (``configs/styles/<name>.yaml``), a YAML path, or an inline
            ``FitnessStyle``.
        stages: the stages in order (1 to 5); the first must take every genome
            (``fraction`` 1.0).
        mcts_iterations: search iterations per decision of MCTS players.

    Meant to be carried by the run configuration as one field (docs/fitness.md, "Wiring
    into a run"); the CLI selects the style by name.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    style: str | FitnessStyle = "balanced"
    stages: list[StageConfig] = Field(default_factory=_default_stages, min_length=1, max_length=5)
    mcts_iterations: int = Field(200, ge=1, le=1_000_000)

    @field_validator("style")
    @classmethod
    def _style_exists(cls, style: str | FitnessStyle) -> str | FitnessStyle:
        load_style(style)  # StyleError (a ValueError) names the known styles
        return style

    @model_validator(mode="after")
    def _first_stage_takes_all(self) -> FitnessConfig:
        if self.stages[0].fraction != 1.0:
            raise ValueError(f"the first stage ({self.stages[0].name}) must take every genome (fraction 1.0)")
        names = [s.name for s in self.stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be distinct, got {names}")
        return self

    def resolved_style(self) -> FitnessStyle:
        """The ``FitnessStyle`` named by ``style``."""
        return load_style(self.style)

    def evaluator(self, **kwargs: Any) -> FitnessEvaluator:
        """A ``FitnessEvaluator`` with this style and MCTS iterations (``kwargs`` passed on)."""
        return make_evaluator(self.resolved_style(), self.mcts_iterations, **kwargs)

    def evaluator_factory(self) -> functools.partial:
        """A picklable factory of that evaluator, for ``ParallelFitnessEvaluator(evaluator_factory=...)``.

        The style is resolved here, in the driver, so actors on other machines need no
        ``configs/`` directory.
        """
        return functools.partial(make_evaluator, self.resolved_style(), self.mcts_iterations)


def make_evaluator(style: FitnessStyle | str | Path | None, mcts_iterations: int = 200, **kwargs: Any) -> FitnessEvaluator:
    """``FitnessEvaluator(style=style, mcts_iterations=mcts_iterations, **kwargs)`` (module-level, picklable)."""
    return FitnessEvaluator(style=load_style(style), mcts_iterations=mcts_iterations, **kwargs)


class StageReport(BaseModel):
    """What one stage did: its name, players, games per genome and genomes evaluated."""

    model_config = ConfigDict(frozen=True)

    name: str
    players: str
    games: int
    genomes: int
    valid: int


def _promote(indices: list[int], results: list[FitnessMetrics | None], fraction: float) -> list[int]:
    valid = [i for i in indices if results[i] is not None and results[i].valid]  # type: ignore[union-attr]
    if fraction >= 1.0 or not valid:
        return valid
    k = max(1, math.ceil(fraction * len(valid) - 1e-9))
    ranked = sorted(valid, key=lambda i: (-results[i].total_fitness, i))  # type: ignore[union-attr]
    return sorted(ranked[:k])


def evaluate_staged(
    pool: Any,
    genomes: Sequence[Any],
    config: FitnessConfig | None = None,
    seed: int = 0,
    reports: list[StageReport] | None = None,
) -> list[FitnessMetrics]:
    """Evaluate ``genomes`` through the stages of ``config``; one result per genome, in order.

    Args:
        pool: has ``evaluate_population(genomes, num_simulations=, ai_type=, seed=)``
            returning one ``FitnessMetrics`` per genome in order.
        genomes: the genomes (any objects the pool accepts).
        config: the stages (default ``FitnessConfig()``).
        seed: the run seed, passed to every stage (the players differ between stages, so
            the games do too).
        reports: if given, one ``StageReport`` per stage is appended.

    Returns:
        per genome, the result of the last stage it entered.

    Raises:
        ValueError: the pool returned a different number of results than genomes sent.
        Whatever the pool raises.
    """
    config = FitnessConfig() if config is None else config
    results: list[FitnessMetrics | None] = [None] * len(genomes)
    current = list(range(len(genomes)))
    for k, stage in enumerate(config.stages):
        if k > 0:
            current = _promote(current, results, stage.fraction)
        if not current:
            if reports is not None:
                reports.append(StageReport(name=stage.name, players=stage.players, games=stage.games, genomes=0, valid=0))
            continue
        batch = [genomes[i] for i in current]
        out = pool.evaluate_population(batch, num_simulations=stage.games, ai_type=PLAYERS[stage.players], seed=seed)
        out = list(out)
        if len(out) != len(batch):
            raise ValueError(f"stage {stage.name}: {len(out)} results for {len(batch)} genomes")
        for i, m in zip(current, out):
            results[i] = m
        if reports is not None:
            reports.append(
                StageReport(
                    name=stage.name,
                    players=stage.players,
                    games=stage.games,
                    genomes=len(batch),
                    valid=sum(1 for m in out if m.valid),
                )
            )
    return results  # type: ignore[return-value]
