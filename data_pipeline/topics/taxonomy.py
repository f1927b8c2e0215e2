"""The topic taxonomy analysts edit (config/topics.yaml): loading and a schema check that names the line.

A topic has a description, an optional group (security, diplomacy, economy, humanitarian: the
dashboard colours and folds topics by it), English `phrases` and `exclude` phrases, optional
`objects` rules (an action word whose object in the parse is a word of a list: "buy" … "jets")
and optional Russian phrases under `ru`. A malformed file stops the build before any parsing,
with one line naming the file, the line and the problem.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR
from data_pipeline.errors import PipelineError

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same results as safe_load, in C

DEFAULT_TAXONOMY = CONFIG_DIR / "topics.yaml"
TOPIC_KEYS = ("description", "group", "phrases", "exclude", "objects", "ru")
OBJECT_KEYS = ("action", "object")
RU_KEYS = ("phrases", "exclude")
GROUPS = ("security", "diplomacy", "economy", "humanitarian", "other")


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


def _strip(values) -> list[str]:
    return [v.strip() for v in values or []]


def _check_objects(rules, fail) -> list[dict]:
    if not isinstance(rules, list):
        fail("`objects` must be a list of {action: [...], object: [...]}")
    out = []
    for rule in rules:
        if not isinstance(rule, dict) or set(rule) != set(OBJECT_KEYS):
            fail(f"each `objects` rule takes exactly the keys {', '.join(OBJECT_KEYS)}")
        if not (_string_list(rule.get("action"), False) and _string_list(rule.get("object"), False)):
            fail("an `objects` rule needs non-empty `action` and `object` lists of words or phrases")
        out.append({"action": _strip(rule["action"]), "object": _strip(rule["object"])})
    return out


def _check_ru(spec, fail) -> dict:
    if not isinstance(spec, dict) or set(spec) - set(RU_KEYS):
        fail(f"`ru` takes only the keys {', '.join(RU_KEYS)}")
    for key in RU_KEYS:
        if spec.get(key) is not None and not _string_list(spec[key], allow_empty=True):
            fail(f"`ru.{key}` must be a list of strings")
    return {key: _strip(spec.get(key)) for key in RU_KEYS}


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
        if spec.get("group", "other") not in GROUPS:
            fail((topic, "group"), f"topic '{topic}': `group` must be one of {', '.join(GROUPS)}")
        if not _string_list(spec.get("phrases"), allow_empty=False):
            fail((topic, "phrases"), f"topic '{topic}': `phrases` must be a non-empty list of strings "
                                     "(quote values YAML reads as numbers or yes/no)")
        if spec.get("exclude") is not None and not _string_list(spec["exclude"], allow_empty=True):
            fail((topic, "exclude"), f"topic '{topic}': `exclude` must be a list of strings")
        out[topic.strip()] = {
            "description": spec["description"].strip(), "group": spec.get("group", "other"),
            "phrases": _strip(spec["phrases"]), "exclude": _strip(spec.get("exclude")),
            "objects": _check_objects(spec.get("objects") or [],
                                      lambda m: fail((topic, "objects"), f"topic '{topic}': {m}")),
            "ru": _check_ru(spec.get("ru") or {}, lambda m: fail((topic, "ru"), f"topic '{topic}': {m}"))}
    return out


def parse_taxonomy(text: str, where: str = "<taxonomy>") -> dict[str, dict]:
    """Parse and check taxonomy YAML text: topic -> {description, group, phrases, exclude, objects, ru}."""
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
    """Read and check the taxonomy YAML file: topic -> {description, group, phrases, exclude, objects, ru}."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: cannot read topic taxonomy ({exc})") from None
    return parse_taxonomy(text, str(path))
