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
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from darwindeck.genome.io import GenomeFileError, load_file
from darwindeck.genome.schema import Genome
from darwindeck.genome.seeds import load_seed, seed_names

MAX_SEED = (1 << 64) - 1
#: Fields that do not change a run's results (left out of ``RunConfig.config_hash``).
RESULT_NEUTRAL_FIELDS = ("generations", "run_dir", "address", "num_workers", "cpus_per_actor")
GENOME_FILE_SUFFIXES = (".yaml", ".yml", ".json")
_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class ConfigError(ValueError):
    """A run configuration that cannot be read or is invalid; the message names the file
    (when there is one), the field and the bad value."""


def _default_seeds() -> list[str]:
    return seed_names()


def is_genome_path(entry: str) -> bool:
    """True if a ``seeds`` entry is a path to a genome file rather than a stored seed's name."""
    return entry.lower().endswith(GENOME_FILE_SUFFIXES) or "/" in entry or os.sep in entry


class FitnessStyle(BaseModel):
    """How fitness is measured (``darwindeck.evolution.fitness_full.FitnessEvaluator``):
    component weights, the ideal game length and the completion gate."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[str, float] | None = Field(
        None, description="component -> weight >= 0 (left-out components weigh 0); null: all 1"
    )
    target_turns: float = Field(50.0, gt=0.0, description="ideal game length in turns")
    min_completion: float = Field(0.5, ge=0.0, le=1.0, description="a genome below this completion rate is invalid")

    @field_validator("weights")
    @classmethod
    def _known_components(cls, weights: dict[str, float] | None) -> dict[str, float] | None:
        if weights is None:
            return None
        from darwindeck.evolution.fitness_full import COMPONENTS

        unknown = sorted(set(weights) - set(COMPONENTS))
        if unknown:
            raise ValueError(f"unknown fitness components {unknown}; known: {', '.join(COMPONENTS)}")
        bad = {k: v for k, v in weights.items() if not (v >= 0.0 and v < float("inf"))}
        if bad:
            raise ValueError(f"weights must be finite and >= 0, got {bad}")
        if sum(weights.values()) <= 0:
            raise ValueError("at least one fitness weight must be > 0")
        return weights


class RunConfig(BaseModel):
    """Every setting of one evolution run (docs/configuration.md).

    Raises ``pydantic.ValidationError`` on construction when a field is invalid; use
    ``load_config`` or ``validate_config`` to get a one-line ``ConfigError`` instead.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field("run", pattern=_NAME_PATTERN)
    seeds: list[str] = Field(default_factory=_default_seeds, min_length=1)
    population_size: int = Field(24, ge=2, le=100_000)
    generations: int = Field(10, ge=1, le=1_000_000)
    games_per_genome: int = Field(200, ge=1, le=10_000_000)
    ai_type: Literal["random", "greedy"] = "greedy"
    seed: int = Field(0, ge=0, le=MAX_SEED)
    tournament_size: int = Field(3, ge=1)
    elitism: int = Field(2, ge=0)
    crossover_rate: float = Field(0.7, ge=0.0, le=1.0)
    mutation_rate: float = Field(0.9, ge=0.0, le=1.0)
    mutation_points: float = Field(1.0, ge=0.0, le=20.0)
    mutation_weights: dict[str, float] | None = None
    hall_of_fame_size: int = Field(10, ge=1, le=1000)
    hall_of_fame_min_distance: float = Field(0.1, ge=0.0, le=1.0)
    sharing_radius: float = Field(0.15, ge=0.0, le=1.0)
    archive_measures: list[str] = Field(default_factory=lambda: ["avg_turns", "decision_density"])
    archive_immigrants: float = Field(0.15, ge=0.0, le=1.0)
    checkpoint_interval: int = Field(1, ge=1)
    keep_checkpoints: int = Field(3, ge=1)
    tensorboard_text_interval: int = Field(5, ge=1)
    fitness: FitnessStyle = Field(default_factory=FitnessStyle)
    num_workers: int | None = Field(None, ge=1)
    cpus_per_actor: float = Field(1.0, gt=0.0)
    address: str | None = None
    run_dir: Path | None = None

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
    def _nonempty_address(cls, address: str | None) -> str | None:
        if address is not None and not address.strip():
            raise ValueError("address is empty; leave it out (null) to start a local Ray")
        return address

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

    def seed_genomes(self) -> list[Genome]:
        """The seed genomes of ``seeds``, in order: stored seeds by name, others read from
        their genome file (relative paths against the current directory).

        Raises ConfigError naming the entry whose file cannot be read or is not a genome.
        """
        genomes = []
        for i, entry in enumerate(self.seeds):
            try:
                genomes.append(load_file(entry) if is_genome_path(entry) else load_seed(entry))
            except (GenomeFileError, KeyError) as exc:
                raise ConfigError(f"seeds[{i}]: {exc}") from None
        return genomes

    def config_hash(self) -> str:
        """SHA-256 (hex) of the settings that decide the run's results: every field except
        ``generations`` (a resumed run may be extended), ``run_dir``, ``address``,
        ``num_workers`` and ``cpus_per_actor`` (results do not depend on where games are
        played)."""
        data = self.model_dump(mode="json", exclude=set(RESULT_NEUTRAL_FIELDS))
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def to_yaml(self) -> str:
        """The configuration as YAML text that ``load_config`` reads back to an equal model."""
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False)


def describe_validation_error(exc: ValidationError) -> str:
    """One line naming every bad field of a pydantic error: ``field: message (got value)``."""
    parts = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        got = "" if err["type"] in ("missing", "value_error") else f" (got {err['input']!r})"
        parts.append(f"{field}: {msg}{got}" if field else f"{msg}{got}")
    return "; ".join(parts)


def validate_config(data: Any, source: str = "config") -> RunConfig:
    """A RunConfig from plain data (a mapping of field to value).

    Raises ConfigError ``"<source>: <field>: <message> (got <value>)"`` for each bad field.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a run configuration is a mapping of fields, got {type(data).__name__}")
    try:
        return RunConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {describe_validation_error(exc)}") from None


def load_config(path: str | os.PathLike[str]) -> RunConfig:
    """Read and validate a run configuration file (YAML).

    ``name`` defaults to the file's stem (``configs/laptop.yaml`` gives ``laptop``). Relative
    genome-file paths in ``seeds`` are taken relative to the configuration file's directory
    and stored absolute; ``run_dir`` stays as written (relative to the current directory).

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
    return validate_config(data, source=str(p))


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
    return validate_config(data, source=source)


def with_overrides(config: RunConfig, source: str = "command line", **overrides: Any) -> RunConfig:
    """A validated copy of ``config`` with the given fields replaced; ``None`` values are
    ignored (a flag that was not given).

    Raises ConfigError naming ``source``, the field and the value if the result is invalid.
    """
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return config
    data = config.model_dump(mode="json")
    data.update(changes)
    return validate_config(data, source=source)


__all__ = [
    "ConfigError",
    "FitnessStyle",
    "apply_set_options",
    "parse_set_option",
    "RunConfig",
    "describe_validation_error",
    "is_genome_path",
    "load_config",
    "validate_config",
    "with_overrides",
]
