"""The run configuration: what one evolution run does, as a validated pydantic model.

A run is described by a YAML file (``configs/laptop.yaml``) read with ``load_config``; the
``darwindeck evolve`` flags override single fields. ``RunConfig`` is frozen and rejects
unknown keys; every validation error names the field and the bad value
(docs/configuration.md gives the meaning and the default of every field).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, Strict, ValidationError, field_validator, model_validator

from darwindeck.evolution.stages import FitnessConfig, StageConfig
from darwindeck.evolution.styles import COMPONENTS, load_style, style_names
from darwindeck.evolution.styles import FitnessStyle as Style
from darwindeck.genome.io import GenomeFileError, load_file
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, seed_names

MAX_SEED = (1 << 64) - 1
#: Fields that do not change a run's results (left out of ``RunConfig.config_hash``).
RESULT_NEUTRAL_FIELDS = ("generations", "run_dir", "address", "num_workers", "cpus_per_actor")
GENOME_FILE_SUFFIXES = (".yaml", ".yml", ".json")
_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
#: A weight: a number (an int is fine), never a boolean or a string.
StrictWeight = Annotated[float, Strict()]


class ConfigError(ValueError):
    """A run configuration that cannot be read or is invalid; the message names the file
    (when there is one), the field and the bad value."""


def _default_seeds() -> list[str]:
    return seed_names()


def is_genome_path(entry: str) -> bool:
    """True if a ``seeds`` entry is a path to a genome file rather than a stored seed's name."""
    return entry.lower().endswith(GENOME_FILE_SUFFIXES) or "/" in entry or os.sep in entry


class FitnessSettings(BaseModel):
    """How a run measures fitness: the style, the evaluation stages and the MCTS budget,
    plus optional overrides of the style (the keys of the configurations written before
    styles existed).

    The driver turns it into a ``darwindeck.evolution.stages.FitnessConfig`` with
    ``RunConfig.fitness_config()``. Fields (docs/configuration.md, "fitness"):

    - ``style``: a preset name (a file stem of ``configs/styles/``, e.g. ``party``), a path
      to a style YAML file, or an inline style (a mapping with the fields of
      ``darwindeck.evolution.styles.FitnessStyle``). Default ``balanced``.
    - ``stages``: the evaluation stages in order (1 to 5, ``StageConfig``: name, players,
      games, fraction; the first takes every genome), or null (the default): one stage of
      ``games_per_genome`` games with ``ai_type`` players.
    - ``mcts_iterations``: search iterations per decision of MCTS players (stages with
      ``players: mcts``).
    - ``weights``, ``target_turns`` (turns), ``min_completion`` (fraction): when set, they
      replace the style's weights (left-out components weigh 0), ideal game length and
      completion gate; null keeps the style's.

    Raises ``pydantic.ValidationError`` (one line per bad field via ``validate_config``)
    for an unknown style name (the message lists the presets), an invalid inline style, a
    bad stage list, or a bad override.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    style: str | Style = Field("balanced", description="preset name, style YAML path, or inline style")
    stages: Annotated[list[StageConfig], Field(min_length=1, max_length=5)] | None = Field(
        None, description="evaluation stages; null: one stage of games_per_genome games with ai_type players"
    )
    mcts_iterations: int = Field(200, ge=1, le=1_000_000, strict=True)
    weights: dict[str, StrictWeight] | None = Field(
        None, description="component -> weight >= 0 replacing the style's (left-out components weigh 0)"
    )
    target_turns: float | None = Field(None, gt=0.0, strict=True, description="ideal game length in turns")
    min_completion: float | None = Field(
        None, ge=0.0, le=1.0, strict=True, description="a genome below this completion rate is invalid"
    )

    @field_validator("style", mode="before")
    @classmethod
    def _inline_style(cls, style: Any) -> Any:
        # An inline style is validated here so that its errors name its fields (not both
        # branches of the str | FitnessStyle union).
        if isinstance(style, dict):
            try:
                return Style.model_validate(style)
            except ValidationError as exc:
                raise ValueError(f"inline style: {describe_validation_error(exc)}") from None
        if not isinstance(style, (str, Style)):
            raise ValueError(
                "write a style name (" + ", ".join(style_names()) + "), a path to a style YAML file, "
                f"or a mapping of style fields; got {type(style).__name__} {style!r}"
            )
        return style

    @field_validator("style")
    @classmethod
    def _known_style(cls, style: str | Style) -> str | Style:
        if isinstance(style, str):
            if not style.strip():
                raise ValueError(f"the style is empty; styles: {', '.join(style_names())}")
            load_style(style)  # StyleError (a ValueError) lists the preset names
        return style

    @field_validator("weights")
    @classmethod
    def _known_components(cls, weights: dict[str, float] | None) -> dict[str, float] | None:
        if weights is None:
            return None
        unknown = sorted(set(weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown fitness components {unknown}; known: {', '.join(COMPONENTS)}")
        bad = {k: v for k, v in weights.items() if not (v >= 0.0 and v < float("inf"))}
        if bad:
            raise ValueError(f"weights must be finite and >= 0, got {bad}")
        if sum(weights.values()) <= 0:
            raise ValueError("at least one fitness weight must be > 0")
        return weights

    @model_validator(mode="after")
    def _valid_stages(self) -> FitnessSettings:
        if self.stages is not None:
            # FitnessConfig's own checks: 1-5 stages, distinct names, the first takes all.
            try:
                FitnessConfig(style=self.resolved_style(), stages=self.stages, mcts_iterations=self.mcts_iterations)
            except ValidationError as exc:
                raise ValueError(describe_validation_error(exc)) from None
        return self

    def resolved_style(self) -> Style:
        """The style these settings measure with: ``style`` loaded (``load_style``) with
        ``weights``, ``target_turns`` and ``min_completion`` applied when set.

        Raises ``darwindeck.evolution.styles.StyleError`` if a named style's file has gone
        or no longer validates."""
        base = load_style(self.style)
        changes: dict[str, Any] = {}
        if self.weights is not None:
            changes["weights"] = dict(self.weights)
        if self.target_turns is not None:
            changes["target_turns"] = float(self.target_turns)
        if self.min_completion is not None:
            changes["gates"] = {**base.gates.model_dump(), "min_completion": float(self.min_completion)}
        if not changes:
            return base
        return Style.model_validate({**base.model_dump(), **changes})


#: The name of ``FitnessSettings`` before styles and stages existed (kept for code that
#: builds ``RunConfig(fitness=FitnessStyle(weights=..., target_turns=...))``). Not the
#: style itself: that is ``darwindeck.evolution.styles.FitnessStyle``.
FitnessStyle = FitnessSettings


class RunConfig(BaseModel):
    """Every setting of one evolution run (docs/configuration.md).

    Raises ``pydantic.ValidationError`` on construction when a field is invalid; use
    ``load_config`` or ``validate_config`` to get a one-line ``ConfigError`` instead.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Numbers are strict: YAML's `true` is not 1, "3" is not 3 (an int is a valid float).
    name: str = Field("run", pattern=_NAME_PATTERN)
    seeds: list[str] = Field(default_factory=_default_seeds, min_length=1)
    population_size: int = Field(24, ge=2, le=100_000, strict=True)
    generations: int = Field(10, ge=1, le=1_000_000, strict=True)
    games_per_genome: int = Field(200, ge=1, le=10_000_000, strict=True)
    ai_type: Literal["random", "greedy"] = "greedy"
    seed: int = Field(0, ge=0, le=MAX_SEED, strict=True)
    tournament_size: int = Field(3, ge=1, strict=True)
    elitism: int = Field(2, ge=0, strict=True)
    crossover_rate: float = Field(0.7, ge=0.0, le=1.0, strict=True)
    mutation_rate: float = Field(0.9, ge=0.0, le=1.0, strict=True)
    mutation_points: float = Field(1.0, ge=0.0, le=20.0, strict=True)
    mutation_weights: dict[str, StrictWeight] | None = None
    hall_of_fame_size: int = Field(10, ge=1, le=1000, strict=True)
    hall_of_fame_min_distance: float = Field(0.1, ge=0.0, le=1.0, strict=True)
    sharing_radius: float = Field(0.15, ge=0.0, le=1.0, strict=True)
    archive_measures: list[str] = Field(default_factory=lambda: ["avg_turns", "decision_density"])
    archive_immigrants: float = Field(0.15, ge=0.0, le=1.0, strict=True)
    checkpoint_interval: int = Field(1, ge=1, strict=True)
    keep_checkpoints: int = Field(3, ge=1, strict=True)
    tensorboard_text_interval: int = Field(5, ge=1, strict=True)
    fitness: FitnessSettings = Field(default_factory=FitnessSettings)
    num_workers: int | None = Field(None, ge=1, strict=True)
    cpus_per_actor: float = Field(1.0, gt=0.0, strict=True)
    address: str | None = None
    run_dir: Path | None = None
    #: Where the ``seeds`` entries were written (the configuration file, ``--set``...),
    #: named in seed-loading errors; not a field.
    _source: str | None = PrivateAttr(default=None)

    @field_validator("seeds")
    @classmethod
    def _known_seeds(cls, seeds: list[str]) -> list[str]:
        known = seed_names()
        for i, entry in enumerate(seeds):
            if not entry or not entry.strip():
                raise ValueError(f"entry {i} is empty")
            if not is_genome_path(entry) and entry not in known:
                raise ValueError(
                    f"entry {i}: no seed named {entry!r} (seeds: {', '.join(known)}; "
                    f"or give a path to a genome file ending in {'/'.join(GENOME_FILE_SUFFIXES)})"
                )
        return seeds

    @field_validator("mutation_weights")
    @classmethod
    def _known_operators(cls, weights: dict[str, float] | None) -> dict[str, float] | None:
        if weights is not None:
            from darwindeck.evolution.mutation import operator_probabilities

            operator_probabilities(weights)  # ValueError names the unknown operator
        return weights

    @field_validator("archive_measures")
    @classmethod
    def _known_measures(cls, measures: list[str]) -> list[str]:
        from darwindeck.evolution.archive import EliteArchive

        EliteArchive(measures)  # ValueError lists the known measures
        return measures

    @field_validator("address")
    @classmethod
    def _valid_address(cls, address: str | None) -> str | None:
        if address is None:
            return None
        if not address.strip():
            raise ValueError("address is empty; leave it out (null) to start a local Ray")
        from darwindeck.ray_address import parse_address

        parse_address(address)  # ValueError names the accepted forms
        return address.strip()

    @model_validator(mode="after")
    def _fits_population(self) -> RunConfig:
        if self.elitism >= self.population_size:
            raise ValueError(
                f"elitism={self.elitism} must be less than population_size={self.population_size} "
                "(at least one child per generation)"
            )
        if self.tournament_size > self.population_size:
            raise ValueError(
                f"tournament_size={self.tournament_size} must not exceed "
                f"population_size={self.population_size}"
            )
        return self

    def stage_list(self) -> list[StageConfig]:
        """The evaluation stages of a generation: ``fitness.stages``, or (when null) one
        stage named after ``ai_type`` of ``games_per_genome`` games with ``ai_type``
        players."""
        if self.fitness.stages is not None:
            return list(self.fitness.stages)
        return [StageConfig(name=self.ai_type, players=self.ai_type, games=self.games_per_genome)]

    def fitness_config(self) -> FitnessConfig:
        """The ``FitnessConfig`` the driver evaluates with: the resolved style
        (``fitness.resolved_style()``, inline, so actors need no ``configs/``), the stages of
        ``stage_list()`` and ``fitness.mcts_iterations``.

        Raises ``darwindeck.evolution.styles.StyleError`` if a named style's file has gone
        or no longer validates since the configuration was checked."""
        return FitnessConfig(
            style=self.fitness.resolved_style(), stages=self.stage_list(), mcts_iterations=self.fitness.mcts_iterations
        )

    def seed_genomes(self) -> list[Genome]:
        """The seed genomes of ``seeds``, in order: stored seeds by name, others read from
        their genome file (relative paths against the current directory).

        Raises ConfigError naming where the entry was written (the configuration file, when
        the configuration was loaded from one), the entry and its file, e.g.
        ``configs/mine.yaml: seeds[0]: /home/me/game.yaml: no such file``.
        """
        genomes = []
        for i, entry in enumerate(self.seeds):
            try:
                genomes.append(load_file(entry) if is_genome_path(entry) else load_seed(entry))
            except (GenomeFileError, KeyError) as exc:
                where = f"{self._source}: " if self._source else ""
                raise ConfigError(f"{where}seeds[{i}]: {' '.join(str(exc).split())}") from None
        return genomes

    def __eq__(self, other: object) -> bool:
        # Settings only: where the configuration came from (``source``) does not matter.
        if not isinstance(other, RunConfig):
            return NotImplemented
        return self.__dict__ == other.__dict__

    @property
    def source(self) -> str | None:
        """Where ``seeds`` was written: the configuration file's path, ``--set`` or
        ``command line``; None for a configuration built in Python."""
        return self._source

    def config_hash(self) -> str:
        """SHA-256 (hex) of the settings that decide the run's results: every field except
        ``generations`` (a resumed run may be extended), ``run_dir``, ``address``,
        ``num_workers`` and ``cpus_per_actor`` (results do not depend on where games are
        played), with ``fitness.style`` replaced by the style's contents (a named preset
        edited since gives another hash).

        Raises ``darwindeck.evolution.styles.StyleError`` if a named style's file has gone
        or no longer validates."""
        data = self.model_dump(mode="json", exclude=set(RESULT_NEUTRAL_FIELDS))
        # The style's contents decide results, not its name: a preset edited since the run
        # started must not pass for the same settings.
        data["fitness"]["style"] = load_style(self.fitness.style).model_dump(mode="json")
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_yaml(self, exclude: set[str] | None = None) -> str:
        """The configuration as YAML text that ``load_config`` reads back to an equal model
        (fields in ``exclude`` left out: they then take their defaults)."""
        return yaml.safe_dump(self.model_dump(mode="json", exclude=exclude), sort_keys=False)


def describe_validation_error(exc: ValidationError, labels: dict[str, str] | None = None) -> str:
    """One line naming every bad field of a pydantic error: ``field: message (got value)``.

    ``labels`` maps a top-level field to the name the user wrote it with (a command-line
    flag): ``{"population_size": "--population"}`` gives ``--population: ...``."""
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        if loc and labels and loc[0] in labels:
            loc[0] = labels[loc[0]]
        field = ".".join(loc)
        msg = err["msg"].removeprefix("Value error, ")
        got = "" if err["type"] in ("missing", "value_error") else f" (got {err['input']!r})"
        parts.append(f"{field}: {msg}{got}" if field else f"{msg}{got}")
    return "; ".join(parts)


def validate_config(data: Any, source: str = "config", labels: dict[str, str] | None = None) -> RunConfig:
    """A RunConfig from plain data (a mapping of field to value); ``source`` is recorded
    as ``RunConfig.source`` (named when a seed cannot be loaded).

    Raises ConfigError ``"<source>: <field>: <message> (got <value>)"`` for each bad field
    (a field in ``labels`` is shown by its label, see ``describe_validation_error``).
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a run configuration is a mapping of fields, got {type(data).__name__}")
    try:
        config = RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {describe_validation_error(exc, labels)}") from None
    config._source = source
    return config


def _keep_source(old: RunConfig, new: RunConfig) -> RunConfig:
    """``new`` (an override of ``old``) names ``old``'s source for seeds it did not change."""
    if new.seeds == old.seeds:
        new._source = old._source
    return new


def load_config(path: str | os.PathLike[str]) -> RunConfig:
    """Read and validate a run configuration file (YAML).

    ``name`` defaults to the file's stem (``configs/laptop.yaml`` gives ``laptop``). Relative
    genome-file paths in ``seeds`` are taken relative to the configuration file's directory
    and stored absolute, and so is a relative style path (``fitness.style`` ending in
    ``.yaml``/``.yml``); ``run_dir`` stays as written (relative to the current directory).

    Raises ConfigError naming the file (cannot read, not YAML, not a mapping) and, for an
    invalid value, the field and the value.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p}: not valid YAML: {' '.join(str(exc).split())}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{p}: a run configuration is a mapping of fields, got {type(data).__name__}")
    if "name" not in data:
        data["name"] = re.sub(r"[^A-Za-z0-9_.-]+", "-", p.stem).strip("-.") or "run"
    seeds = data.get("seeds")
    if isinstance(seeds, list):
        data["seeds"] = [
            str((p.parent / s).resolve()) if isinstance(s, str) and is_genome_path(s) and not Path(s).is_absolute() else s
            for s in seeds
        ]
    fitness = data.get("fitness")
    if isinstance(fitness, dict) and isinstance(fitness.get("style"), str):
        style = fitness["style"]
        if style.lower().endswith((".yaml", ".yml")) and not Path(style).is_absolute():
            data["fitness"] = {**fitness, "style": str((p.parent / style).resolve())}
    return validate_config(data, source=str(p))


def with_style(config: RunConfig, name: str, source: str = "--style") -> RunConfig:
    """``config`` with ``fitness.style`` set to the preset ``name`` (the other fitness
    settings, including any ``weights``/``target_turns``/``min_completion`` overrides,
    are kept and still apply on top of the preset).

    Raises ConfigError ``"<source>: no fitness style named 'x'; styles: balanced, ..."``
    when ``name`` is not a file stem of ``configs/styles/``."""
    known = style_names()
    if name not in known:
        raise ConfigError(f"{source}: no fitness style named {name!r}; styles: {', '.join(known) or '(none)'}")
    data = config.model_dump(mode="json")
    data["fitness"]["style"] = name
    return _keep_source(config, validate_config(data, source=source))


def parse_set_option(text: str) -> tuple[str, Any]:
    """One ``--set key=value`` override: the key and the value read as YAML (``3``, ``0.5``,
    ``null``, ``[war, hearts]``, ``{weights: {balance: 2}}``). A dotted key
    (``fitness.target_turns=80``) sets a field of a nested section.

    Raises ConfigError naming the option when there is no ``=``, the key is empty or the
    value is not YAML.
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ConfigError(f"--set {text!r}: write key=value, e.g. --set population_size=48")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError as exc:
        raise ConfigError(f"--set {key}: the value is not valid YAML: {' '.join(str(exc).split())}") from None
    return key, value


def apply_set_options(config: RunConfig, options: list[str], source: str = "--set") -> RunConfig:
    """``config`` with every ``key=value`` of ``options`` applied in order, validated once.

    Raises ConfigError naming the option (unknown key, bad value: pydantic's message
    names the field)."""
    if not options:
        return config
    data = config.model_dump(mode="json")
    for text in options:
        key, value = parse_set_option(text)
        parts = key.split(".")
        target = data
        for part in parts[:-1]:
            if part not in target or not isinstance(target[part], dict):
                raise ConfigError(f"--set {key}: {part!r} is not a section of the configuration")
            target = target[part]
        target[parts[-1]] = value
    return _keep_source(config, validate_config(data, source=source))


def with_overrides(
    config: RunConfig, source: str = "command line", labels: dict[str, str] | None = None, **overrides: Any
) -> RunConfig:
    """A validated copy of ``config`` with the given fields replaced; ``None`` values are
    ignored (a flag that was not given).

    Raises ConfigError naming ``source``, the field (by its label in ``labels``, e.g. the
    flag that set it) and the value if the result is invalid.
    """
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return config
    data = config.model_dump(mode="json")
    data.update(changes)
    return _keep_source(config, validate_config(data, source=source, labels=labels))


__all__ = [
    "ConfigError",
    "FitnessSettings",
    "FitnessStyle",
    "apply_set_options",
    "parse_set_option",
    "RunConfig",
    "describe_validation_error",
    "is_genome_path",
    "load_config",
    "validate_config",
    "with_overrides",
    "with_style",
]
