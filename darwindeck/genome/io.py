"""Reading and writing genomes as YAML or JSON files.

The pydantic models in ``darwindeck.genome.schema`` are the only schema: these functions
parse text with PyYAML's safe loader (no code runs on load) and validate it, and dump a
genome so that ``load_yaml(dump_yaml(g)) == g``.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from darwindeck.genome.schema import Genome



class GenomeFileError(ValueError):
    """A genome file that cannot be read, parsed or validated; the message names the file."""


def load_yaml(text: str, source: str = "<string>") -> Genome:
    """Parse and validate a genome from YAML (or JSON) text.

    Raises GenomeFileError naming ``source`` and, for validation errors, every bad field.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise GenomeFileError(f"{source}: not valid YAML: {exc}") from None
    except RecursionError:
        raise GenomeFileError(f"{source}: nested too deeply to be a genome") from None
    if not isinstance(data, dict):
        raise GenomeFileError(f"{source}: a genome is a mapping, got {type(data).__name__}")
    try:
        return Genome.model_validate(data)
    except ValidationError as exc:
        raise GenomeFileError(f"{source}: invalid genome:\n{describe_errors(exc)}") from None
    except RecursionError:
        raise GenomeFileError(f"{source}: nested too deeply to be a genome") from None


def describe_errors(exc: ValidationError) -> str:
    """One line per error: the field's location and pydantic's message, without input dumps."""
    lines = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"  {loc}: {msg}")
    return "\n".join(lines)


def load_file(path: str | os.PathLike[str]) -> Genome:
    """Read and validate a genome file (YAML or JSON). Raises GenomeFileError."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise GenomeFileError(f"{p}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise GenomeFileError(f"{p}: not UTF-8 text (byte {exc.start}): a genome is a YAML or JSON file") from None
    return load_yaml(text, source=str(p))


def genome_to_data(genome: Genome, mode: str = "python") -> dict:
    """The genome as plain data (aliases such as ``from``, no unset optional fields).

    ``mode="json"`` gives JSON-compatible data (mapping keys become strings).
    """
    return genome.model_dump(mode=mode, by_alias=True, exclude_none=True)


def dump_yaml(genome: Genome, header: str = "") -> str:
    """YAML text of a genome; ``header`` lines are written first as ``#`` comments."""
    lines = "".join(f"# {line}\n" for line in header.splitlines()) if header else ""
    body = yaml.safe_dump(genome_to_data(genome), sort_keys=False, default_flow_style=None, width=100)
    return lines + body
