"""The topic taxonomy (config/topics.yaml): an analyst-edited YAML file, read and checked with line numbers.

It maps a topic to a description, phrases and optional exclusions (see `tagging.py`
for how they match). A malformed file stops the build before any parsing, with one
line naming the file, the line and the problem.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR
from data_pipeline.errors import PipelineError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same results as safe_load, in C

DEFAULT_TAXONOMY = CONFIG_DIR / "topics.yaml"
TOPIC_KEYS = ("description", "phrases", "exclude")


def _line_map(node) -> dict:
    """(topic) and (topic, key) -> 1-based line of that node, for error messages."""
    lines: dict = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for knode, vnode in node.value:
        topic = knode.value
        lines.setdefault((topic,), knode.start_mark.line + 1)
        if isinstance(vnode, yaml.MappingNode):
            for k2, v2 in vnode.value:
                lines.setdefault((topic, k2.value), v2.start_mark.line + 1)
    return lines


def _duplicate_topic(node) -> tuple[str, int] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    seen = set()
    for knode, _ in node.value:
        if knode.value in seen:
            return knode.value, knode.start_mark.line + 1
        seen.add(knode.value)
    return None


def _string_list(value, allow_empty: bool) -> bool:
    return (isinstance(value, list) and (allow_empty or bool(value))
            and all(isinstance(v, str) and v.strip() for v in value))


def check_taxonomy(data, lines: dict, where: str) -> dict[str, dict]:
    """Validate the parsed YAML; raise PipelineError naming the file, line, topic and problem."""
    def fail(line_key: tuple, msg: str):
        line = lines.get(line_key) or lines.get(line_key[:1])
        raise PipelineError(f"{where}:{line}: {msg}" if line else f"{where}: {msg}")

    if not isinstance(data, dict) or not data:
        fail((), "the taxonomy must map topic names to {description, phrases, exclude}")
    out = {}
    for topic, spec in data.items():
        if not isinstance(topic, str) or not topic.strip():
            fail((str(topic),), f"topic name {topic!r} must be a non-empty string")
        if not isinstance(spec, dict):
            fail((topic,), f"topic '{topic}': expected keys description, phrases (and optional exclude)")
        unknown = sorted(set(spec) - set(TOPIC_KEYS))
        if unknown:
            fail((topic, unknown[0]), f"topic '{topic}': unknown key '{unknown[0]}' (allowed: {', '.join(TOPIC_KEYS)})")
        if not isinstance(spec.get("description"), str) or not spec["description"].strip():
            fail((topic, "description"), f"topic '{topic}': `description` must be a non-empty string")
        if not _string_list(spec.get("phrases"), allow_empty=False):
            fail((topic, "phrases"), f"topic '{topic}': `phrases` must be a non-empty list of strings "
                                     "(quote values YAML reads as numbers or yes/no)")
        if spec.get("exclude") is not None and not _string_list(spec["exclude"], allow_empty=True):
            fail((topic, "exclude"), f"topic '{topic}': `exclude` must be a list of strings")
        out[topic.strip()] = {"description": spec["description"].strip(),
                              "phrases": [p.strip() for p in spec["phrases"]],
                              "exclude": [p.strip() for p in spec.get("exclude") or []]}
    return out


def parse_taxonomy(text: str, where: str = "<taxonomy>") -> dict[str, dict]:
    """Parse and check taxonomy YAML text: topic -> {description, phrases, exclude}."""
    try:
        # libyaml's loader when PyYAML has it (the pure-Python one took ~0.5 s per build)
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PipelineError(f"{where}{line}: not valid YAML ({problem})") from None
    dup = _duplicate_topic(root)
    if dup:
        raise PipelineError(f"{where}:{dup[1]}: topic '{dup[0]}' is defined twice")
    return check_taxonomy(data, _line_map(root), where)


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict[str, dict]:
    """Read and check the taxonomy YAML file: topic -> {description, phrases, exclude}."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: cannot read topic taxonomy ({exc})") from None
    return parse_taxonomy(text, str(path))


# ---------------------------------------------------------------- matching
