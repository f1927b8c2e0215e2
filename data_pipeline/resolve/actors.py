"""Actor knowledge base: a YAML file of people with aliases, country and dated roles.

It adds precision (canonical names, roles held at a date); resolution works
without it. `suggest` writes what a build discovered in the same format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from data_pipeline import CONFIG_DIR
from data_pipeline.errors import PipelineError
from data_pipeline.lexicon.names import fold
from data_pipeline.resolve.name_match import names_match
from data_pipeline.resolve.roles import roles_compatible

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # same results as safe_load, in C

DEFAULT_ACTORS = CONFIG_DIR / "actors.yaml"
_ACTOR_KEYS = {"name", "aliases", "country", "type", "roles"}
_ROLE_KEYS = {"role", "org", "country", "start", "end"}


@dataclass(frozen=True)
class Role:
    """A position held, with optional organisation, country and dates."""

    role: str
    org: str | None = None
    country: str | None = None
    start: date | None = None
    end: date | None = None

    def held_on(self, when: date | None) -> bool:
        """Whether the role was held on `when` (unknown date: only roles still held)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Actor:
    """One known actor: canonical name, other spellings, country, roles."""

    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    type: str = "PERSON"
    roles: tuple[Role, ...] = field(default_factory=tuple)


def _date(value, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise PipelineError(f"{where}: not a date (YYYY-MM-DD): {value!r}") from exc


def _role(raw, where: str) -> Role:
    if not isinstance(raw, dict) or not raw.get("role"):
        raise PipelineError(f"{where}: a role needs at least `role:`")
    unknown = set(raw) - _ROLE_KEYS
    if unknown:
        raise PipelineError(f"{where}: unknown key(s) {sorted(unknown)}; allowed {sorted(_ROLE_KEYS)}")
    return Role(role=str(raw["role"]), org=raw.get("org"), country=raw.get("country"),
                start=_date(raw.get("start"), where), end=_date(raw.get("end"), where))


def parse_actors(text: str, source: str = "actors.yaml") -> list[Actor]:
    """Actors from YAML text; a schema error names the file, line and key."""
    try:
        # libyaml's loader when PyYAML has it (the pure-Python one took ~0.5 s per build)
        root = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise PipelineError(f"{source}: invalid YAML: {exc}") from exc
    except ValueError as exc:  # an impossible date such as 2020-13-01
        raise PipelineError(f"{source}: not a date (YYYY-MM-DD): {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("actors", []), list):
        raise PipelineError(f"{source}: expected a mapping with an `actors:` list")
    items = data.get("actors") or []
    nodes = next((v.value for k, v in root.value if k.value == "actors"), []) if root is not None else []
    out = []
    for n, raw in enumerate(items):
        line = nodes[n].start_mark.line + 1 if n < len(nodes) else "?"
        where = f"{source}:{line}: actors[{n}]"
        if not isinstance(raw, dict) or not raw.get("name"):
            raise PipelineError(f"{where}: an actor needs `name:`")
        unknown = set(raw) - _ACTOR_KEYS
        if unknown:
            raise PipelineError(f"{where}: unknown key(s) {sorted(unknown)}; allowed {sorted(_ACTOR_KEYS)}")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list):
            raise PipelineError(f"{where}: `aliases` must be a list")
        out.append(Actor(name=str(raw["name"]), aliases=tuple(str(a) for a in aliases),
                         country=raw.get("country"), type=str(raw.get("type") or "PERSON").upper(),
                         roles=tuple(_role(r, f"{where}.roles[{i}]") for i, r in enumerate(raw.get("roles") or []))))
    return out


def load_actors(path: Path | None) -> list[Actor]:
    """Actors from a YAML file; none when `path` is None or missing."""
    if path is None or not Path(path).exists():
        return []
    return parse_actors(Path(path).read_text(encoding="utf-8"), str(path))


def holders(actors: list[Actor], role: str, country: str | None, when: date | None) -> list[Actor]:
    """Actors holding a role compatible with `role` (in `country`, when given) on `when`."""
    out = []
    for a in actors:
        for r in a.roles:
            c = r.country or a.country
            if roles_compatible(role, r.role) and r.held_on(when) and (country is None or c == country):
                out.append(a)
                break
    return out


def suggest(entities: list[dict], roles: list[dict], known: list[Actor] = ()) -> str:
    """YAML (same format as the knowledge base) of discovered persons, aliases and roles."""
    known_forms = [n for a in known for n in (a.name, *a.aliases)]
    by_entity: dict[str, list[dict]] = {}
    for r in roles:
        by_entity.setdefault(r["entity_id"], []).append(r)
    actors = []
    for e in sorted(entities, key=lambda e: e["entity_id"]):
        if e["type"] != "PERSON" or any(_same_name(e["name"], k) for k in known_forms):
            continue
        item = {"name": e["name"]}
        aliases = sorted(a for a in e.get("aliases") or [] if a != e["name"])
        if aliases:
            item["aliases"] = aliases
        if e.get("country"):
            item["country"] = e["country"]
        seen, rs = set(), []
        for r in sorted(by_entity.get(e["entity_id"], []), key=lambda r: (str(r.get("date")), r["role"])):
            key = (r["role"], r.get("org"), r.get("country"))
            if key in seen:
                continue
            seen.add(key)
            rs.append({k: v for k, v in (("role", r["role"]), ("org", r.get("org")), ("country", r.get("country")),
                                         ("start", r.get("date"))) if v is not None})
        if rs:
            item["roles"] = rs
        actors.append(item)
    header = ("# Discovered by `python -m data_pipeline actors suggest`: review, then copy into config/actors.yaml.\n"
              "# A role's `start` is the first article date it was seen with; set the real dates when you know them.\n")
    return header + yaml.dump({"actors": actors}, Dumper=_NoAliases, sort_keys=False, allow_unicode=True,
                              default_flow_style=False)


class _NoAliases(yaml.SafeDumper):
    """YAML dumper that writes repeated values out instead of as &anchors."""

    def ignore_aliases(self, data) -> bool:
        return True


def _same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b) or names_match(a, b) is not None
