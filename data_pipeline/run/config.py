"""Every config file a build reads (taxonomy, facts, actors, corrections), read and checked before any parsing.

A missing or malformed file stops the build with one line naming the file and the problem. Each file is a
build input: the taxonomy is in the key of the cached topic rows, the facts in the key of the ingest cache
(`digest`); actors and corrections act on the corpus-level steps only, which re-run on every build.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml

from data_pipeline.errors import PipelineError
from data_pipeline.ingest.anniversaries import Fact, parse_facts
from data_pipeline.resolve.actors import Actor, parse_actors
from data_pipeline.resolve.corrections import Corrections, parse_corrections
from data_pipeline.topics.taxonomy import parse_taxonomy

T = TypeVar("T")


@dataclass(frozen=True)
class Config:
    """The parsed config of one build."""

    taxonomy: dict[str, dict]
    facts: tuple[Fact, ...] = ()
    actors: list[Actor] = field(default_factory=list)
    corrections: Corrections = field(default_factory=Corrections)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def read_config(path: Path, what: str, parse: Callable[[str, str], T]) -> T:
    """`parse(text, name)` of the file at `path`; PipelineError naming the file when missing, unreadable or malformed."""
    if not path.exists():
        raise PipelineError(f"{path}: {what} file does not exist")
    if not path.is_file():
        raise PipelineError(f"{path}: {what} file is not a regular file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{path}: {what} file is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise PipelineError(f"{path}: cannot read the {what} file ({exc.strerror or exc})") from exc
    try:
        return parse(text, str(path))
    except PipelineError:
        raise
    except (yaml.YAMLError, ValueError) as exc:
        message = _one_line(exc)
        raise PipelineError(message if message.startswith(str(path)) else f"{path}: {message}") from exc


def load_config(taxonomy: Path, facts: Path | None = None, actors: Path | None = None,
                corrections: Path | None = None) -> Config:
    """Read and check every config file (None: that file is not used)."""
    return Config(
        taxonomy=read_config(taxonomy, "taxonomy", parse_taxonomy),
        facts=read_config(facts, "facts", parse_facts) if facts is not None else (),
        actors=read_config(actors, "actors", parse_actors) if actors is not None else [],
        corrections=read_config(corrections, "corrections", parse_corrections) if corrections is not None
        else Corrections())


def digest(value: object) -> str:
    """A stable hash of parsed config (dataclasses, dicts, lists), for cache keys: edits that change nothing parsed,
    such as comments, keep the cache."""
    plain = json.dumps(value, sort_keys=True, default=lambda v: dataclasses.asdict(v)
                       if dataclasses.is_dataclass(v) else str(v))
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:16]
