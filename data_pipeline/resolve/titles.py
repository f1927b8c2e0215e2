"""Roles seen with names, people's countries, and title-only mentions resolved to role holders."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from data_pipeline.resolve.actors import Actor, holders
from data_pipeline.resolve.clusters import Person
from data_pipeline.resolve.roles import roles_compatible

ROLE_WINDOW_DAYS = 400  # a role seen in one article counts for articles this many days apart


def nearest(cands: list[int], positions: list[tuple[int, int]], at: int) -> int:
    """The candidate cluster whose mention is nearest before `at` (else nearest after)."""
    before = [(s, c) for s, c in positions if c in cands and s <= at]
    if before:
        return max(before)[1]
    after = [(s, c) for s, c in positions if c in cands]
    return min(after)[1] if after else sorted(cands)[0]


def role_observations(ments: dict, person_of: dict, dates: dict) -> list[dict]:
    """Every role seen with a resolved person mention: cluster, role dict, article, date, position."""
    out = []
    for (aid, i), ci in person_of.items():
        role = ments[aid][i].get("role")
        if role:
            out.append({"cluster": ci, "key": (aid, i), "aid": aid, "date": dates.get(aid), "start": ments[aid][i]["start"],
                        "title": ments[aid][i].get("kind") == "title", **role})
    return sorted(out, key=lambda o: (o["aid"], o["start"]))


def person_countries(clusters: list[Person], observations: list[dict]) -> dict[int, str]:
    """Country of each person: most frequent country in their roles, else the knowledge base's."""
    votes: dict[int, Counter] = defaultdict(Counter)
    for o in observations:
        if o.get("country"):
            votes[o["cluster"]][o["country"]] += 1
    out = {}
    for ci, c in enumerate(clusters):
        if votes[ci]:
            out[ci] = max(votes[ci].items(), key=lambda kv: (kv[1], kv[0]))[0]
        elif c.actor is not None and c.actor.country:
            out[ci] = c.actor.country
    return out


def holds(ci: int, role: dict, obs: dict[int, list[dict]], country: dict[int, str], when: date | None,
           clusters: list[Person]) -> bool:
    """Whether person `ci` is known (text or knowledge base) to hold a role compatible with `role`."""
    want = role.get("country")
    if want and country.get(ci) and country[ci] != want:
        return False
    counterpart = role["role"].lower().endswith("counterpart")
    if counterpart and country.get(ci) != want:
        return False
    for o in obs.get(ci, ()):
        if o.get("title"):
            continue
        near = when is None or o["date"] is None or abs((o["date"] - when).days) <= ROLE_WINDOW_DAYS
        if near and (counterpart or roles_compatible(role["role"], o["role"])):
            return True
    actor = clusters[ci].actor
    return actor is not None and actor in holders([actor], role["role"], want, when)


def anchor_roles(aid: str, m: dict, ments: dict, person_of: dict, obs: dict[int, list[dict]],
                  country: dict[int, str], clusters: list[Person], when: date | None) -> list[str]:
    """Roles of the person a "counterpart" is the counterpart of: the nearest other-country person in the sentence."""
    want = m["role"].get("country")
    near = [(abs(x["start"] - m["start"]), x["start"] > m["start"], person_of[(aid, j)])
            for j, x in enumerate(ments[aid])
            if x["sentence"] == m["sentence"] and x.get("kind", "name") == "name" and (aid, j) in person_of
            and country.get(person_of[(aid, j)]) != want]
    if not near:
        return []
    ci = min(near)[2]
    out = [o["role"] for o in obs.get(ci, ()) if not o.get("title") and not o["role"].lower().endswith("counterpart")]
    actor = clusters[ci].actor
    if actor is not None:
        out += [r.role for r in actor.roles if r.held_on(when)]
    return out


def resolve_title(aid: str, m: dict, clusters: list[Person], positions: list[tuple[int, int]],
                   obs: dict[int, list[dict]], country: dict[int, str], when: date | None,
                   actors: list[Actor], anchor: list[str]) -> tuple[int, str] | None:
    """(cluster, reason) of the person a title-only mention denotes, or None.

    A "counterpart" of someone whose role is known means the same role in the
    title's country (the Azerbaijani FM's Armenian counterpart is Armenia's FM).
    """
    role = m["role"]
    local = sorted({c for _, c in positions})
    for q in [{**role, "role": r} for r in anchor] + [role]:
        cands = [c for c in local if holds(c, q, obs, country, when, clusters)]
        if cands:
            return nearest(cands, positions, m["start"]), "title-role"
        if q["role"].lower().endswith("counterpart") or not q.get("country"):
            continue
        found = holders(actors, q["role"], q.get("country"), when)
        if len(found) == 1:
            ci = next((i for i, c in enumerate(clusters) if c.actor == found[0]), None)
            return (ci, "knowledge-base") if ci is not None else None
    return None
