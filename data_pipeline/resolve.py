"""Corpus-wide entity resolution over the per-article mention dicts (never Docs).

1. Full person names (two or more words) are clustered across the corpus by
   surname transliteration key plus compatible given names (names.names_match).
2. A one-word name joins the person with that surname in the same article,
   else the only such person in the corpus (or knowledge base).
3. Other mentions are typed by gazetteer, then by majority label.
4. Title-only mentions ("the Russian minister") join the person holding a
   compatible role and country in the article, else the knowledge-base holder.
5. Analyst corrections are applied last. Every (article, mention) that gets an
   entity gets a reason: exact, transliteration, surname-in-article,
   surname-in-corpus, title-role, knowledge-base or correction.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import jellyfish

from . import corrections as fixes_mod
from .actors import Actor, holders
from .gazetteer import PLACE_HEADS, country_of, place_type
from .names import fold, latin_share, names_match, slug, surnames_match, translit_key
from .roles import ORG_HEADS, roles_compatible

Key = tuple[str, int]
UNTAGGED = "PROPN"  # label of proper nouns the model did not tag (mentions.untagged_spans)
_ROLE_WINDOW_DAYS = 400


@dataclass
class Resolution:
    """Entities, the (article, mention) → entity map, roles rows and resolution (why) rows."""

    entities: list[dict]
    ids: dict[Key, str]
    roles: list[dict] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)


@dataclass
class _Person:
    """A person cluster while resolving."""

    forms: Counter = field(default_factory=Counter)   # folded multi-word forms → mentions
    surface: Counter = field(default_factory=Counter)  # surface text → mentions
    actor: Actor | None = None
    surnames: set[str] = field(default_factory=set)   # translit keys of surnames

    def add_form(self, text: str, n: int = 1) -> None:
        self.forms[fold(text)] += n
        self.surface[text] += n
        self.surnames.add(translit_key(fold(text).split()[-1]))


def _words(text: str) -> list[str]:
    return fold(text).split()


def usable(m: dict) -> bool:
    """Whether a mention can name anything: Latin letters, not too long, not lower-case only."""
    text = m["text"]
    return (latin_share(text) >= 0.9 and 0 < len(_words(text)) <= 6
            and any(c.isupper() for c in text) and any(c.isalpha() for c in text))


def person_name_like(text: str) -> bool:
    """Two to four capitalised words that are not, as a whole or word by word, known places or nationalities."""
    words = text.split()
    last = fold(words[-1]) if words else ""
    return (2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)
            and last not in PLACE_HEADS and last not in ORG_HEADS
            and not place_type(text) and not all(place_type(w) for w in words))


def _surname_keys(text: str) -> set[str]:
    """Index keys of a name's surname: its transliteration key and that key's metaphone."""
    k = translit_key(fold(text).split()[-1])
    return {k, "~" + jellyfish.metaphone(k)}


class _Index:
    """Person clusters indexed by surname keys, so matching a name looks at a handful of clusters."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)

    def add(self, ci: int, text: str) -> None:
        for k in _surname_keys(text):
            self.by_key[k].add(ci)

    def candidates(self, text: str) -> list[int]:
        return sorted(set().union(*(self.by_key.get(k, set()) for k in _surname_keys(text))))


def _match_cluster(text: str, clusters: list[_Person], index: _Index) -> tuple[int, str] | None:
    """(cluster, how) of the first cluster whose names all agree with `text`, or None."""
    for ci in index.candidates(text):
        forms = list(clusters[ci].forms)
        hows = [names_match(text, g) for g in forms]
        agree = [g for h, g in zip(hows, forms) if h]
        clashes = [g for h, g in zip(hows, forms) if h is None and _clash(text, g)]
        # a clash is fine when a fuller form links both (Tayyip Erdogan ~ Recep Tayyip Erdogan ~ Recep Erdogan)
        if any(not any(names_match(g, h) for h in agree) for g in clashes):
            continue
        hit = next((h for h in hows if h), None)
        if hit:
            return ci, hit
    return None


def _cluster_full_names(forms: list[tuple[str, int]], actors: list[Actor]) -> tuple[list[_Person], dict[str, tuple[int, str]], _Index]:
    """Person clusters of full-name forms; form → (cluster index, reason); the surname index."""
    clusters: list[_Person] = []
    index = _Index()
    joined: dict[str, tuple[int, str]] = {}
    for a in sorted((a for a in actors if a.type == "PERSON"), key=lambda a: a.name):
        p = _Person(actor=a)
        for n in (a.name, *a.aliases):
            if len(n.split()) >= 2:
                p.forms[fold(n)] += 0
            p.surnames.add(translit_key(fold(n).split()[-1]))
            index.add(len(clusters), n)
        clusters.append(p)
    for text, n in forms:
        f = fold(text)
        found = _match_cluster(text, clusters, index)
        if found is None:
            clusters.append(_Person())
            best, how = len(clusters) - 1, "exact"
        else:
            best, how = found
            actor = clusters[best].actor
            if actor is not None and f in {fold(x) for x in (actor.name, *actor.aliases)}:
                how = "knowledge-base" if f != fold(actor.name) else "exact"
            elif f in clusters[best].forms:
                how = "exact"
        clusters[best].add_form(text, n)
        index.add(best, text)
        joined[f] = (best, how)
    return clusters, joined, index


def _clash(a: str, b: str) -> bool:
    """Two names with the same surname but incompatible given names (Ilham vs Heydar Aliyev)."""
    return surnames_match(a.split()[-1], b.split()[-1]) is not None and names_match(a, b) is None


def _pick_local(cands: list[int], aid: str, at: int, ments: dict, person_of: dict, positions: dict,
                clusters: list[_Person], when: date | None) -> int:
    """Which of several same-surname people in an article a lone surname means.

    Prefer the one with a role stated in the article (or held on the date per the
    knowledge base), then the one named most often, then the nearest before.
    """
    if len(cands) == 1:
        return cands[0]
    roled = {ci for (a, i), ci in person_of.items() if a == aid and ments[a][i].get("role")}
    count = Counter(c for _, c in positions[aid])

    def active(ci: int) -> bool:
        actor = clusters[ci].actor
        return actor is not None and any(r.held_on(when) for r in actor.roles)

    best = max((ci in roled or active(ci), count[ci]) for ci in cands)
    top = [ci for ci in cands if (ci in roled or active(ci), count[ci]) == best]
    return _nearest(top, positions[aid], at)


def _nearest(cands: list[int], positions: list[tuple[int, int]], at: int) -> int:
    """The candidate cluster whose mention is nearest before `at` (else nearest after)."""
    before = [(s, c) for s, c in positions if c in cands and s <= at]
    if before:
        return max(before)[1]
    after = [(s, c) for s, c in positions if c in cands]
    return min(after)[1] if after else sorted(cands)[0]


def resolve(docs: list[tuple[str, list[dict]]], dates: dict[str, date | None] | None = None,
            actors: list[Actor] | None = None, corrections: fixes_mod.Corrections | None = None) -> Resolution:
    """Group the mentions of all articles into entities; see the module docstring for the rules."""
    dates, actors = dates or {}, actors or []
    corrections = corrections or fixes_mod.Corrections()
    ments = {aid: ms for aid, ms in docs}
    order = [aid for aid, _ in docs]

    # 1. full person names
    full_counts: Counter = Counter()
    surface_of: dict[str, Counter] = defaultdict(Counter)
    candidates = [m for aid in order for m in ments[aid]
                  if m.get("kind", "name") == "name" and usable(m) and person_name_like(m["text"])]
    given = _given_names(candidates, actors)
    for m in candidates:
        # a person by label or role, or a mislabelled name whose first word is a known given name
        if m["label"] == "PERSON" or m.get("role") or (
                m["label"] != UNTAGGED and translit_key(m["text"].split()[0]) in given):
            full_counts[fold(m["text"])] += 1
            surface_of[fold(m["text"])][m["text"]] += 1
    # fuller forms first, so "Recep Tayyip Erdogan" is there to join "Tayyip Erdogan" and "Recep Erdogan"
    forms = sorted(full_counts.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))
    clusters, joined, index = _cluster_full_names(
        [(surface_of[f].most_common(1)[0][0], n) for f, n in forms], actors)
    for f, c in surface_of.items():
        clusters[joined[f][0]].surface.update({s: k for s, k in c.items() if s not in clusters[joined[f][0]].surface})

    person_of: dict[Key, int] = {}
    reason: dict[Key, str] = {}
    positions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid in order:
        for i, m in enumerate(ments[aid]):
            if m.get("kind", "name") != "name" or not usable(m) or len(_words(m["text"])) < 2:
                continue
            f = fold(m["text"])
            if f in joined:
                person_of[(aid, i)], reason[(aid, i)] = joined[f]
            elif not place_type(m["text"]) and all(w[:1].isupper() for w in m["text"].split()):
                found = _match_cluster(m["text"], clusters, index)
                if found is not None:
                    person_of[(aid, i)], reason[(aid, i)] = found[0], "transliteration"
            if (aid, i) in person_of:
                positions[aid].append((m["start"], person_of[(aid, i)]))

    # 2. one-word names: surname in the article, else in the corpus / knowledge base
    by_surname: dict[str, set[int]] = defaultdict(set)
    for ci, c in enumerate(clusters):
        for s in c.surnames:
            by_surname[s].add(ci)
    singles: dict[Key, dict] = {}
    for aid in order:
        local = {c for _, c in positions[aid]}
        for i, m in enumerate(ments[aid]):
            if m.get("kind", "name") != "name" or not usable(m) or len(_words(m["text"])) != 1:
                continue
            k = translit_key(m["text"])
            here = sorted(c for c in by_surname.get(k, ()) if c in local)
            gaz = place_type(m["text"])
            if here and (gaz is None or m["label"] == "PERSON"):
                person_of[(aid, i)] = _pick_local(here, aid, m["start"], ments, person_of, positions,
                                                  clusters, dates.get(aid))
                reason[(aid, i)] = "surname-in-article"
                continue
            hit = _corpus_surname(sorted(by_surname.get(k, ())), clusters, dates.get(aid), m.get("role")) \
                if gaz is None else None
            if hit is not None:
                person_of[(aid, i)] = hit
                reason[(aid, i)] = "surname-in-corpus" if sum(clusters[hit].forms.values()) else "knowledge-base"
                continue
            if gaz is None and len(by_surname.get(k, ())) >= 2:
                continue  # a surname several people share, with nothing to choose: no entity rather than a wrong one
            if m["label"] != UNTAGGED:  # an untagged proper noun only ever joins a known person
                singles[(aid, i)] = m

    # 3. lone one-word names and everything else: people only with evidence, else typed by gazetteer/label
    other: dict[Key, tuple[str, str]] = {}   # key → (type, folded name)
    lone: dict[str, list[Key]] = defaultdict(list)
    for key, m in singles.items():
        lone[fold(m["text"])].append(key)
    for f, keys in lone.items():
        ms = [ments[a][i] for a, i in keys]
        gaz = place_type(ms[0]["text"])
        votes = Counter("PERSON" if _person_vote(m) else m["label"] for m in ms)
        # a role, a subject of a verb, or the model calling it a person every time, more than once
        evidence = any(m.get("role") or m.get("subject") for m in ms) or (
            votes["PERSON"] >= 2 and all(m["label"] == "PERSON" for m in ms))
        if gaz is None and votes.most_common(1)[0][0] == "PERSON" and evidence:
            clusters.append(_Person())
            for a, i in keys:
                clusters[-1].surface[ments[a][i]["text"]] += 1
            clusters[-1].surnames.add(translit_key(f))
            for key in keys:
                person_of[key], reason[key] = len(clusters) - 1, "exact"
        else:
            etype = gaz or next((lab for lab, _ in votes.most_common() if lab != "PERSON"), None)
            if etype:
                for key in keys:
                    other[key] = (etype, _place_name(f))
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for aid in order:
        for i, m in enumerate(ments[aid]):
            if (aid, i) in person_of or (aid, i) in other or m.get("kind", "name") != "name" or not usable(m):
                continue
            if (len(_words(m["text"])) == 1 and (aid, i) not in singles) or m["label"] == UNTAGGED:
                continue
            f = _place_name(_strip_the(fold(m["text"])))
            label_votes[f][m["label"]] += 1
            other[(aid, i)] = ("", f)
    for key, (etype, f) in list(other.items()):
        if etype:
            continue
        gaz = place_type(f)
        votes = label_votes[f]
        etype = gaz or next((lab for lab, _ in votes.most_common() if lab != "PERSON"), None)
        if etype is None:
            del other[key]
        else:
            other[key] = (etype, f)

    # 4. roles seen with names, then title-only mentions
    positions = defaultdict(list)
    for (aid, i), ci in sorted(person_of.items()):
        positions[aid].append((ments[aid][i]["start"], ci))
    observations = _role_observations(ments, person_of, dates)
    country = _person_countries(clusters, observations)
    obs_of: dict[int, list[dict]] = defaultdict(list)
    for o in observations:
        obs_of[o["cluster"]].append(o)
    for aid in order:
        for i, m in enumerate(ments[aid]):
            if m.get("kind") != "title" or not m.get("role"):
                continue
            anchor = _anchor_roles(aid, m, ments, person_of, obs_of, country, clusters, dates.get(aid)) \
                if m["role"]["role"].lower().endswith("counterpart") else []
            hit = _resolve_title(aid, m, clusters, positions[aid], obs_of, country, dates.get(aid), actors, anchor)
            if hit is not None:
                ci, why = hit
                person_of[(aid, i)], reason[(aid, i)] = ci, why
    observations = _role_observations(ments, person_of, dates)
    country = _person_countries(clusters, observations)

    return _finish(ments, order, clusters, person_of, reason, other, observations, country, dates, corrections)


def _given_names(candidates: list[dict], actors: list[Actor]) -> set[str]:
    """Transliteration keys of first names seen in PERSON-labelled names or in the knowledge base."""
    out = {translit_key(m["text"].split()[0]) for m in candidates if m["label"] == "PERSON" or m.get("role")}
    out |= {translit_key(n.split()[0]) for a in actors for n in (a.name, *a.aliases) if len(n.split()) >= 2}
    return out


def _corpus_surname(cands: list[int], clusters: list[_Person], when: date | None,
                    role: dict | None = None) -> int | None:
    """The one person a lone surname can mean corpus-wide, or None when it stays ambiguous.

    Among the people named in the texts (else the knowledge base's): the only one,
    else the only one holding a known role on `when` (the role written with the
    name, when there is one: "President Aliyev"), else one named at least three
    times as often as any other.
    """
    seen = [c for c in cands if sum(clusters[c].forms.values())]
    pool = seen or cands
    if len(pool) <= 1:
        return pool[0] if pool else None

    def active(c: int) -> bool:
        actor = clusters[c].actor
        if actor is None:
            return False
        if role:
            return actor in holders([actor], role["role"], role.get("country"), when)
        return when is not None and any(r.held_on(when) for r in actor.roles)

    now = [c for c in pool if active(c)]
    if len(now) == 1:
        return now[0]
    counts = sorted(((sum(clusters[c].forms.values()), c) for c in pool), reverse=True)
    return counts[0][1] if counts[0][0] >= 3 * max(counts[1][0], 1) else None


def _person_vote(m: dict) -> bool:
    """A one-word mention counts as a person vote: labelled PERSON, or a non-place subject with a role."""
    if m["label"] == "PERSON":
        return True
    return m["label"] in ("NORP", "GPE", "LOC") and bool(m.get("subject") or m.get("role"))


def _strip_the(f: str) -> str:
    return f[4:] if f.startswith("the ") else f


def _place_name(f: str) -> str:
    """Folded name of a place, countries under one canonical name (Russian Federation → russia)."""
    c = country_of(f)
    return fold(c) if c and place_type(f) == "GPE" else f


def _role_observations(ments: dict, person_of: dict, dates: dict) -> list[dict]:
    """Every role seen with a resolved person mention: cluster, role dict, article, date, position."""
    out = []
    for (aid, i), ci in person_of.items():
        role = ments[aid][i].get("role")
        if role:
            out.append({"cluster": ci, "key": (aid, i), "aid": aid, "date": dates.get(aid), "start": ments[aid][i]["start"],
                        "title": ments[aid][i].get("kind") == "title", **role})
    return sorted(out, key=lambda o: (o["aid"], o["start"]))


def _person_countries(clusters: list[_Person], observations: list[dict]) -> dict[int, str]:
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


def _holds(ci: int, role: dict, obs: dict[int, list[dict]], country: dict[int, str], when: date | None,
           clusters: list[_Person]) -> bool:
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
        near = when is None or o["date"] is None or abs((o["date"] - when).days) <= _ROLE_WINDOW_DAYS
        if near and (counterpart or roles_compatible(role["role"], o["role"])):
            return True
    actor = clusters[ci].actor
    return actor is not None and actor in holders([actor], role["role"], want, when)


def _anchor_roles(aid: str, m: dict, ments: dict, person_of: dict, obs: dict[int, list[dict]],
                  country: dict[int, str], clusters: list[_Person], when: date | None) -> list[str]:
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


def _resolve_title(aid: str, m: dict, clusters: list[_Person], positions: list[tuple[int, int]],
                   obs: dict[int, list[dict]], country: dict[int, str], when: date | None,
                   actors: list[Actor], anchor: list[str]) -> tuple[int, str] | None:
    """(cluster, reason) of the person a title-only mention denotes, or None.

    A "counterpart" of someone whose role is known means the same role in the
    title's country (the Azerbaijani FM's Armenian counterpart is Armenia's FM).
    """
    role = m["role"]
    local = sorted({c for _, c in positions})
    for q in [{**role, "role": r} for r in anchor] + [role]:
        cands = [c for c in local if _holds(c, q, obs, country, when, clusters)]
        if cands:
            return _nearest(cands, positions, m["start"]), "title-role"
        if q["role"].lower().endswith("counterpart") or not q.get("country"):
            continue
        found = holders(actors, q["role"], q.get("country"), when)
        if len(found) == 1:
            ci = next((i for i, c in enumerate(clusters) if c.actor == found[0]), None)
            return (ci, "knowledge-base") if ci is not None else None
    return None


def _person_name(c: _Person) -> str:
    """Canonical display name: the knowledge base's, else the most frequent multi-word form."""
    if c.actor is not None:
        return c.actor.name
    multi = [(n, s) for s, n in c.surface.items() if len(s.split()) >= 2]
    pool = multi or [(n, s) for s, n in c.surface.items()]
    n, s = max(pool, key=lambda ns: (ns[0], len(ns[1].split()), not ns[1].isupper(), ns[1]))
    return s


def _finish(ments, order, clusters, person_of, reason, other, observations, country, dates, corrections) -> Resolution:
    """Ids, entity rows, corrections, roles and resolution rows."""
    used = sorted(set(person_of.values()))
    ids: dict[Key, str] = {}
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    taken: set[str] = set()
    pid = {}
    for ci in sorted(used, key=lambda c: (_person_name(clusters[c]), c)):
        name = _person_name(clusters[ci])
        eid, n = f"person:{slug(name)}", 2
        while eid in taken:
            eid, n = f"person:{slug(name)}-{n}", n + 1
        taken.add(eid)
        pid[ci] = eid
        names[eid], types[eid], countries[eid] = name, "PERSON", country.get(ci)
    for key, ci in person_of.items():
        ids[key] = pid[ci]
    display: dict[str, Counter] = defaultdict(Counter)
    for key, (etype, f) in other.items():
        eid = f"{etype.lower()}:{slug(f)}"
        ids[key], types[eid] = eid, etype
        reason[key] = "exact"
        display[eid][_strip_article(ments[key[0]][key[1]]["text"])] += 1
    for eid, c in display.items():
        names[eid] = max(c.items(), key=lambda kv: (kv[1], not kv[0].isupper(), kv[0]))[0]
        countries[eid] = country_of(names[eid]) or next((country_of(w) for w in names[eid].split() if country_of(w)), None)
    if not corrections.empty():
        surfaces = {k: ments[k[0]][k[1]]["text"] for k in ids}
        ids, changed = fixes_mod.apply(ids, surfaces, types, corrections)
        for k in changed:
            reason[k] = "correction"
            names.setdefault(ids[k], surfaces[k])
            countries.setdefault(ids[k], None)
    aliases: dict[str, set[str]] = defaultdict(set)
    rows: set[tuple] = set()
    for (aid, i), eid in ids.items():
        m = ments[aid][i]
        if m.get("kind", "name") == "name":
            aliases[eid].add(_strip_article(m["text"]))
        rows.add((eid, m["text"], reason.get((aid, i), "exact"), aid))
    for ci, eid in pid.items():
        if clusters[ci].actor is not None and eid in aliases:
            aliases[eid].update(clusters[ci].actor.aliases)
            aliases[eid].add(clusters[ci].actor.name)
    _drop_shared_surnames(aliases, types)
    entities = [{"entity_id": e, "name": names[e], "type": types[e], "aliases": sorted(aliases[e] | {names[e]}),
                 "country": countries.get(e)} for e in sorted(set(ids.values()))]
    cid = {ci: eid for ci, eid in pid.items()}
    role_rows = {(ids.get(o["key"], cid[o["cluster"]]), o["role"],
                  o.get("org"), o.get("country"), o["aid"], o["date"])
                 for o in observations if not o["title"] and not o["role"].lower().endswith("counterpart")}
    return Resolution(
        entities=entities, ids=ids,
        roles=[dict(zip(("entity_id", "role", "org", "country", "article_id", "date"), r))
               for r in sorted(role_rows, key=lambda r: tuple(str(x) for x in r)) if r[0] in types],
        reasons=[dict(zip(("entity_id", "surface", "reason", "article_id"), r)) for r in sorted(rows)])


def _drop_shared_surnames(aliases: dict[str, set[str]], types: dict[str, str]) -> None:
    """Leave a bare surname out of the aliases when several people in the build bear it.

    "Aliyev" then names neither Ilham nor Heydar Aliyev in `entities`; the
    resolution table still says which one each "Aliyev" mention was taken for.
    """
    bearers: dict[str, set[str]] = defaultdict(set)
    for eid, names in aliases.items():
        if types.get(eid) == "PERSON":
            for n in names:
                if len(n.split()) >= 2:
                    bearers[translit_key(n.split()[-1])].add(eid)
    for eid, names in aliases.items():
        if types.get(eid) == "PERSON":
            aliases[eid] = {n for n in names if len(n.split()) >= 2 or len(bearers[translit_key(n)] - {eid}) == 0}


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
