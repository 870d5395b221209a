"""Fitness styles: named presets of component weights, targets and playability gates.

A style is what a designer wants from a game written as numbers. Presets live as YAML in
``configs/styles/`` (``balanced``, ``strategic``, ``party``, ``quick``) and are validated by
``FitnessStyle``; ``load_style("party")`` reads one by name, ``load_style(path)`` reads any
file. ``FitnessStyle()`` with no arguments is the ``balanced`` preset (a test keeps the
YAML file and the defaults equal), so a style is available even without the repository's
``configs/`` directory (an installed wheel). Documented in ``docs/fitness.md``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = [
    "COMPONENTS",
    "STYLE_DIR",
    "FitnessStyle",
    "Gates",
    "load_style",
    "style_names",
    "StyleError",
]

#: Every fitness component, in the order they are reported (docs/fitness.md).
COMPONENTS: tuple[str, ...] = (
    "completion",
    "decisiveness",
    "duration",
    "decision_density",
    "branching",
    "lead_change",
    "uncertainty",
    "drama",
    "closeness",
    "interaction",
    "fairness",
    "balance",
    "skill",
    "simplicity",
)

#: ``configs/styles`` of the source tree this module was imported from.
STYLE_DIR = Path(__file__).resolve().parents[2] / "configs" / "styles"


class StyleError(ValueError):
    """A style name that does not exist, or a style file that does not validate."""


class Gates(BaseModel):
    """Playability gates: a genome failing any of them is invalid (fitness 0, with reasons).

    Attributes:
        min_completion: least fraction of games that must end with a result (the rest hit
            the turn cap).
        min_decisions_per_game: least mean number of real decisions (a choice among >= 2
            legal moves) per game; War has 0.
        max_first_player_advantage: largest tolerated ``share − 1/n`` of the first player's
            win share; the gate compares the lower Wilson bound (at ``confidence_z``) of
            the share, so a few screening games cannot reject a fair game by chance.
        confidence_z: z of that Wilson bound (1.0: one-sided 84%).
        min_turns: least median length, in turns, of the finished games (a game decided
            by its first move is not a game).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_completion: float = Field(0.5, ge=0.0, le=1.0)
    min_decisions_per_game: float = Field(1.0, ge=0.0)
    max_first_player_advantage: float = Field(0.3, ge=0.0, le=1.0)
    confidence_z: float = Field(1.0, ge=0.0, le=5.0)
    min_turns: float = Field(2.0, ge=0.0)


def _default_weights() -> dict[str, float]:
    return {name: 1.0 for name in COMPONENTS}


class FitnessStyle(BaseModel):
    """Weights of the fitness components, the targets they compare with, and the gates.

    Attributes:
        name: the style's name (its file stem for presets).
        description: one line for people.
        weights: component -> weight >= 0 (components left out weigh 0; at least one > 0).
            ``total_fitness`` is the weighted mean of the components measured.
        target_turns: ideal game length in turns (``metric_duration``).
        target_rules_bytes: program size in bytes up to which rules count as simple
            (``metric_simplicity``).
        skill_games: skill games played per main game when the players are greedy or MCTS
            (one strong seat among random ones, the strong seat rotated); 0 turns the skill
            measurement off.
        skill_min_games: skill games are played only for batches of at least this many
            main games: below ~40 games the standard error of Order (about
            ``2·sqrt(w(1−w)/games)`` for 2 seats, 0.16 at 40 games) swamps the differences
            it should rank, and screening batches stay cheap.
        gates: ``Gates``.

    Raises ``pydantic.ValidationError`` on an unknown component, a negative or non-finite
    weight, all weights 0, or a bad target.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("balanced", min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = "every component weighs the same"
    weights: dict[str, float] = Field(default_factory=_default_weights)
    target_turns: float = Field(50.0, gt=0.0)
    target_rules_bytes: float = Field(160.0, gt=0.0)
    skill_games: float = Field(1.0, ge=0.0, le=10.0)
    skill_min_games: int = Field(40, ge=1)
    gates: Gates = Field(default_factory=Gates)

    @field_validator("weights")
    @classmethod
    def _known_weights(cls, weights: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown fitness components {unknown}; known: {list(COMPONENTS)}")
        bad = {k: v for k, v in weights.items() if not (math.isfinite(v) and v >= 0.0)}
        if bad:
            raise ValueError(f"weights must be finite and >= 0, got {bad}")
        if sum(weights.values()) <= 0.0:
            raise ValueError("at least one weight must be > 0")
        return {name: float(weights.get(name, 0.0)) for name in COMPONENTS}

    def to_yaml(self) -> str:
        """The style as YAML that ``load_style`` reads back."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False)


def style_names(directory: Path | None = None) -> list[str]:
    """Names of the preset styles (YAML file stems in ``directory``, default STYLE_DIR), sorted."""
    d = STYLE_DIR if directory is None else Path(directory)
    return sorted(p.stem for p in d.glob("*.yaml")) if d.is_dir() else []


def load_style(style: str | Path | FitnessStyle | None = None, directory: Path | None = None) -> FitnessStyle:
    """A ``FitnessStyle`` from a preset name, a YAML path, or a style (returned as is).

    ``None`` gives the default (balanced) style. A name is looked up as
    ``<directory>/<name>.yaml`` (default ``STYLE_DIR``); ``"balanced"`` falls back to the
    built-in defaults when the file is absent.

    Raises:
        StyleError: no style of that name (the message lists the presets), or the file
            is not valid YAML or does not validate (the message names the field).
    """
    if style is None:
        return FitnessStyle()
    if isinstance(style, FitnessStyle):
        return style
    text = str(style)
    path = Path(text)
    if not (path.suffix in (".yaml", ".yml") or path.is_file()):
        d = STYLE_DIR if directory is None else Path(directory)
        path = d / f"{text}.yaml"
        if not path.is_file():
            if text == "balanced":
                return FitnessStyle()
            raise StyleError(f"no fitness style named {text!r}; styles: {', '.join(style_names(d)) or '(none)'}")
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise StyleError(f"cannot read fitness style {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise StyleError(f"fitness style {path}: expected a mapping, got {type(data).__name__}")
    data.setdefault("name", path.stem)
    try:
        return FitnessStyle.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise StyleError(f"fitness style {path}: {where}: {first['msg']}") from exc
