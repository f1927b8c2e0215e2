"""Analyst corrections (merge ids, split an alias off, reject, retype), applied on every build.

They act on the resolution's mention → entity map, so they survive rebuilds as
long as the ids they name are still produced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR
from data_pipeline.errors import PipelineError
from data_pipeline.lexicon.names import fold, slug

DEFAULT_CORRECTIONS = CONFIG_DIR / "corrections.yaml"
_KEYS = {"merge", "split", "reject", "retype"}


@dataclass
class Corrections:
    """Parsed corrections file."""

    merge: list[list[str]] = field(default_factory=list)
    split: list[dict] = field(default_factory=list)
    reject: list[str] = field(default_factory=list)
    retype: dict[str, str] = field(default_factory=dict)

    def empty(self) -> bool:
        """True when there is nothing to apply."""
        return not (self.merge or self.split or self.reject or self.retype)


def parse_corrections(text: str, source: str = "corrections.yaml") -> Corrections:
    """Corrections from YAML text; a schema error names the file and key."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise PipelineError(f"{source}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PipelineError(f"{source}: expected a mapping with keys {sorted(_KEYS)}")
    unknown = set(data) - _KEYS
    if unknown:
        raise PipelineError(f"{source}: unknown key(s) {sorted(unknown)}; allowed {sorted(_KEYS)}")
    merge = data.get("merge") or []
    if not all(isinstance(g, list) and len(g) >= 2 for g in merge):
        raise PipelineError(f"{source}: `merge` must be a list of lists of two or more entity ids")
    split = data.get("split") or []
    for n, s in enumerate(split):
        if not isinstance(s, dict) or not s.get("entity") or not s.get("alias"):
            raise PipelineError(f"{source}: split[{n}] needs `entity:` and `alias:` (optional `new_id:`)")
    reject = data.get("reject") or []
    if not isinstance(reject, list):
        raise PipelineError(f"{source}: `reject` must be a list of entity ids")
    retype = data.get("retype") or {}
    if not isinstance(retype, dict):
        raise PipelineError(f"{source}: `retype` must map entity ids to types (PERSON, ORG, GPE, ...)")
    return Corrections(merge=[[str(x) for x in g] for g in merge], split=list(split),
                       reject=[str(x) for x in reject], retype={str(k): str(v).upper() for k, v in retype.items()})


def load_corrections(path: Path | None) -> Corrections:
    """Corrections from a YAML file; none when `path` is None or missing."""
    if path is None or not Path(path).exists():
        return Corrections()
    return parse_corrections(Path(path).read_text(encoding="utf-8"), str(path))


def apply(ids: dict, surfaces: dict, types: dict[str, str], fixes: Corrections) -> tuple[dict, set]:
    """Apply corrections in place of `ids` ((article, mention) → entity id) and `types`.

    `surfaces` maps each (article, mention) key to its surface text. Returns the
    new ids map and the set of keys whose entity a correction changed.
    """
    ids, changed = dict(ids), set()
    for group in fixes.merge:
        keep, rest = group[0], set(group[1:])
        for k, eid in ids.items():
            if eid in rest:
                ids[k] = keep
                changed.add(k)
        if keep not in types:
            types[keep] = next((types[e] for e in group if e in types), "PERSON")
    for s in fixes.split:
        target, alias = str(s["entity"]), fold(str(s["alias"]))
        new_id = str(s.get("new_id") or f"{types.get(target, 'PERSON').lower()}:{slug(s['alias'])}")
        for k, eid in ids.items():
            if eid == target and fold(surfaces[k]) == alias:
                ids[k] = new_id
                changed.add(k)
        types.setdefault(new_id, types.get(target, "PERSON"))
    for old, new_type in fixes.retype.items():
        new_id = f"{new_type.lower()}:{old.split(':', 1)[-1]}"
        for k, eid in ids.items():
            if eid == old:
                ids[k] = new_id
                changed.add(k)
        types[new_id] = new_type
    rejected = set(fixes.reject)
    ids = {k: e for k, e in ids.items() if e not in rejected}
    return ids, changed
