"""Corpus-wide entity resolution over the per-article mention dicts (never Docs).

0. Cyrillic names (Russian articles) are read as the Latin name English text or the knowledge base
   gives the same person, else as their standard transliteration (scripts.align).
1. Full person names (two or more words) are clustered across the corpus by
   surname transliteration key plus compatible given names (names.names_match).
2. A one-word name joins the person with that surname in the same article,
   else the only such person in the corpus (or knowledge base).
3. Other mentions are typed by gazetteer, then by majority label.
4. Title-only mentions ("the Russian minister") join the person holding a
   compatible role and country in the article, else the knowledge-base holder.
5. Analyst corrections are applied last. Every (article, mention) that gets an
   entity gets a reason: exact, transliteration, surname-in-article,
   given-name-in-article, surname-in-corpus, title-role, knowledge-base or correction; a Cyrillic
   name's reason names the spelling it was read as ("transliteration: Шойгу → Shoygu ~ Shoigu").
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from data_pipeline.resolve import corrections as fixes_mod
from data_pipeline.resolve import scripts
from data_pipeline.resolve.actors import Actor
from data_pipeline.resolve.clusters import UNTAGGED, Person, cluster_full_names, corpus_surname, given_names, match_cluster, person_name, person_name_like
from data_pipeline.lexicon.gazetteer import country_of, place_type
from data_pipeline.lexicon.names import fold, latin_share, slug, surname_key, translit_key
from data_pipeline.lexicon.titles import ORG_HEADS
from data_pipeline.resolve.roles import org_key
from data_pipeline.resolve.titles import anchor_roles, nearest, person_countries, resolve_title, role_observations

Key = tuple[str, int]


@dataclass
class Resolution:
    """Entities, the (article, mention) → entity map, roles rows and resolution (why) rows."""

    entities: list[dict]
    ids: dict[Key, str]
    roles: list[dict] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)


def _words(text: str) -> list[str]:
    return fold(text).split()


@lru_cache(maxsize=1 << 18)
def usable_words(text: str) -> int:
    """Words of `text` when it can name anything (Latin letters, not too long, not lower-case only), else 0.

    Memoised by surface text: a corpus repeats the same names hundreds of thousands of
    times, and resolution asks this of every mention in several passes.
    """
    n = len(text.split())  # "Al-Sabah" is one word of a name
    ok = (0 < n <= 7 and len(_words(text)) <= 10 and any(c.isupper() for c in text) and any(c.isalpha() for c in text)
          and latin_share(text) >= 0.9)
    return n if ok else 0


def usable(m: dict) -> bool:
    """Whether a mention can name anything: Latin letters, not too long, not lower-case only."""
    return usable_words(m["text"]) > 0


def _name_words(m: dict) -> int:
    """Words of a usable name mention; 0 for title mentions and unusable ones."""
    return usable_words(m["text"]) if m.get("kind", "name") == "name" else 0


def _pick_local(cands: list[int], at: int, roled: set[int], positions: list[tuple[int, int]],
                clusters: list[Person], when: date | None) -> int:
    """Which of several same-surname people in an article a lone surname means.

    Prefer the one with a role stated in the article (or held on the date per the
    knowledge base), then the one named most often, then the nearest before.
    """
    if len(cands) == 1:
        return cands[0]
    count = Counter(c for _, c in positions)

    def active(ci: int) -> bool:
        actor = clusters[ci].actor
        return actor is not None and any(r.held_on(when) for r in actor.roles)

    best = max((ci in roled or active(ci), count[ci]) for ci in cands)
    top = [ci for ci in cands if (ci in roled or active(ci), count[ci]) == best]
    return nearest(top, positions, at)


@dataclass
class _State:
    """What the resolution stages share: the mentions, and the person clusters and links built so far."""

    ments: dict[str, list[dict]]
    order: list[str]                      # article ids in input order
    words: dict[str, list[int]]           # per mention: words of a usable name, 0 otherwise
    dates: dict[str, date | None]
    actors: list[Actor]
    clusters: list[Person] = field(default_factory=list)
    person_of: dict[Key, int] = field(default_factory=dict)    # (article, mention) → cluster
    reason: dict[Key, str] = field(default_factory=dict)
    positions: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    other: dict[Key, tuple[str, str]] = field(default_factory=dict)  # (article, mention) → (type, folded name)

    def mentions(self):
        """(article id, mention index, mention) for every mention, in input order."""
        for aid in self.order:
            for i, m in enumerate(self.ments[aid]):
                yield aid, i, m


def resolve(docs: list[tuple[str, list[dict]]], dates: dict[str, date | None] | None = None,
            actors: list[Actor] | None = None, corrections: fixes_mod.Corrections | None = None) -> Resolution:
    """Group the mentions of all articles into entities; see the module docstring for the rules."""
    docs, cross_script = scripts.align(docs, actors or [])  # Cyrillic names read as the Latin name of the person
    st = _State(ments={aid: ms for aid, ms in docs}, order=[aid for aid, _ in docs],
                words={aid: [_name_words(m) for m in ms] for aid, ms in docs},
                dates=dates or {}, actors=actors or [])
    _full_names(st)
    singles = _one_word_names(st)
    _lone_names_and_others(st, singles)
    observations, country = _title_mentions(st)
    for key in cross_script.keys() & st.person_of.keys():
        st.reason[key] = cross_script[key]
    return _finish(st, observations, country, corrections or fixes_mod.Corrections())


def _full_names(st: _State) -> None:
    """1. Full person names clustered across the corpus; each multi-word mention linked to its cluster."""
    full_counts: Counter = Counter()
    surface_of: dict[str, Counter] = defaultdict(Counter)
    candidates = [m for aid in st.order for m, n in zip(st.ments[aid], st.words[aid])
                  if n and person_name_like(m["text"])]
    given = given_names(candidates, st.actors)
    for m in candidates:
        # a person by label, role or taking part in a meeting, or a mislabelled name whose first word is a known
        # given name
        if m["label"] == "PERSON" or m.get("role") or m.get("participant") or (
                m["label"] != UNTAGGED and translit_key(m["text"].split()[0]) in given):
            full_counts[fold(m["text"])] += 1
            surface_of[fold(m["text"])][m["text"]] += 1
    # fuller forms first, so "Recep Tayyip Erdogan" is there to join "Tayyip Erdogan" and "Recep Erdogan"
    forms = sorted(full_counts.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))
    clusters, joined, index = cluster_full_names(
        [(surface_of[f].most_common(1)[0][0], n) for f, n in forms], st.actors)
    for f, c in surface_of.items():
        clusters[joined[f][0]].surface.update({s: k for s, k in c.items() if s not in clusters[joined[f][0]].surface})
    st.clusters = clusters
    for aid, i, m in st.mentions():
        if st.words[aid][i] < 2:
            continue
        f = fold(m["text"])
        if f in joined:
            st.person_of[(aid, i)], st.reason[(aid, i)] = joined[f]
        elif not place_type(m["text"]) and person_name_like(m["text"]):
            found = match_cluster(m["text"], clusters, index)
            if found is not None:
                st.person_of[(aid, i)], st.reason[(aid, i)] = found[0], "transliteration"
        if (aid, i) in st.person_of:
            st.positions[aid].append((m["start"], st.person_of[(aid, i)]))


def _one_word_names(st: _State) -> dict[Key, dict]:
    """2. One-word names: the surname of a person in the article, else in the corpus or knowledge base.

    Returns the one-word mentions left unlinked (for `_lone_names_and_others`).
    """
    by_surname: dict[str, set[int]] = defaultdict(set)
    for ci, c in enumerate(st.clusters):
        for s in c.surnames:
            by_surname[s].add(ci)
    # each surname's people in index order, sorted once (asked of every one-word mention)
    surname_people = {k: sorted(v) for k, v in by_surname.items()}
    singles: dict[Key, dict] = {}
    for aid in st.order:
        local = {c for _, c in st.positions[aid]}
        roled = {st.person_of[(aid, i)] for i, m in enumerate(st.ments[aid])
                 if (aid, i) in st.person_of and m.get("role")}
        for i, m in enumerate(st.ments[aid]):
            if st.words[aid][i] != 1:
                continue
            k = surname_key(m["text"])
            people = surname_people.get(k, ())
            here, why = _local_bearers(k, people, local, st.clusters)
            gaz = place_type(m["text"])
            if here and (gaz is None or m["label"] == "PERSON"):
                st.person_of[(aid, i)] = _pick_local(here, m["start"], roled, st.positions[aid], st.clusters,
                                                     st.dates.get(aid))
                st.reason[(aid, i)] = why
                continue
            hit = corpus_surname(list(people), st.clusters, st.dates.get(aid), m.get("role")) if gaz is None else None
            if hit is not None:
                st.person_of[(aid, i)] = hit
                st.reason[(aid, i)] = "surname-in-corpus" if sum(st.clusters[hit].forms.values()) else "knowledge-base"
                continue
            if gaz is None and len(people) >= 2:
                continue  # a surname several people share, with nothing to choose: no entity rather than a wrong one
            if m["label"] != UNTAGGED:  # an untagged proper noun only ever joins a known person
                singles[(aid, i)] = m
    return singles


def _local_bearers(k: str, people, local: set[int], clusters: list[Person]) -> tuple[list[int], str]:
    """The people named in full in this article whom a one-word name `k` can mean, and why.

    Their surname first; else another name word after the first ("Vargas" of Camilo Vargas Ortega);
    else their first word, for people called by it ("Xi" of Xi Jinping, "Anwar" of Anwar Ibrahim).
    """
    here = [c for c in people if c in local]
    if here:
        return here, "surname-in-article"
    inner = sorted(c for c in local if k in clusters[c].inner)
    if inner:
        return inner, "surname-in-article"
    firsts = sorted(c for c in local if k in clusters[c].firsts)
    return (firsts, "given-name-in-article") if len(firsts) == 1 else ([], "")


def _lone_names_and_others(st: _State, singles: dict[Key, dict]) -> None:
    """3. Lone one-word names become people only with evidence; the rest are typed by gazetteer, then label."""
    lone: dict[str, list[Key]] = defaultdict(list)
    for key, m in singles.items():
        lone[fold(m["text"])].append(key)
    for f, keys in lone.items():
        ms = [st.ments[a][i] for a, i in keys]
        gaz = place_type(ms[0]["text"])
        votes = Counter("PERSON" if _person_vote(m) else m["label"] for m in ms)
        # a role, a subject of a verb, or the model calling it a person every time, more than once
        evidence = any(m.get("role") or m.get("subject") for m in ms) or (
            votes["PERSON"] >= 2 and all(m["label"] == "PERSON" for m in ms))
        if gaz is None and votes.most_common(1)[0][0] == "PERSON" and evidence:
            st.clusters.append(Person())
            for a, i in keys:
                st.clusters[-1].surface[st.ments[a][i]["text"]] += 1
            st.clusters[-1].surnames.add(translit_key(f))
            for key in keys:
                st.person_of[key], st.reason[key] = len(st.clusters) - 1, "exact"
        else:
            etype = gaz or next((lab for lab, _ in votes.most_common() if lab != "PERSON"), None)
            if etype:
                for key in keys:
                    st.other[key] = (etype, _place_name(f))
    label_votes: dict[str, Counter] = defaultdict(Counter)
    for aid, i, m in st.mentions():
        if (aid, i) in st.person_of or (aid, i) in st.other or not st.words[aid][i]:
            continue
        if (st.words[aid][i] == 1 and (aid, i) not in singles) or m["label"] == UNTAGGED:
            continue
        f = _place_name(_strip_the(fold(m["text"])))
        label_votes[f][m["label"]] += 1
        st.other[(aid, i)] = ("", f)
    for key, (etype, f) in list(st.other.items()):
        if etype:
            continue
        gaz = place_type(f)
        votes = label_votes[f]
        etype = gaz or next((lab for lab, _ in votes.most_common() if lab != "PERSON"), None)
        if etype is None:
            del st.other[key]
        else:
            st.other[key] = (etype, f)


def _title_mentions(st: _State) -> tuple[list[dict], dict[int, str]]:
    """4. Roles seen with names, then title-only mentions resolved to role holders; (role observations, countries)."""
    st.positions = defaultdict(list)
    for (aid, i), ci in sorted(st.person_of.items()):
        st.positions[aid].append((st.ments[aid][i]["start"], ci))
    observations = role_observations(st.ments, st.person_of, st.dates)
    country = person_countries(st.clusters, observations)
    obs_of: dict[int, list[dict]] = defaultdict(list)
    for o in observations:
        obs_of[o["cluster"]].append(o)
    for aid, i, m in st.mentions():
        if m.get("kind") != "title" or not m.get("role"):
            continue
        when = st.dates.get(aid)
        anchor = anchor_roles(aid, m, st.ments, st.person_of, obs_of, country, st.clusters, when) \
            if m["role"]["role"].lower().endswith("counterpart") else []
        hit = resolve_title(aid, m, st.clusters, st.positions[aid], obs_of, country, when, st.actors, anchor)
        if hit is not None:
            st.person_of[(aid, i)], st.reason[(aid, i)] = hit
    observations = role_observations(st.ments, st.person_of, st.dates)
    return observations, person_countries(st.clusters, observations)


def _person_vote(m: dict) -> bool:
    """A one-word mention counts as a person vote: labelled PERSON, or a non-place subject with a role."""
    if m["label"] == "PERSON":
        return True
    return m["label"] in ("NORP", "GPE", "LOC") and bool(m.get("subject") or m.get("role"))


def _strip_the(f: str) -> str:
    return f[4:] if f.startswith("the ") else f


@lru_cache(maxsize=1 << 16)
def _place_name(f: str) -> str:
    """Folded name of a place or organisation under one canonical key.

    Russian Federation → russia; Russian Ministry of Defence → russia defense ministry.
    Memoised (asked for every place and organisation mention).
    """
    c = country_of(f)
    if c and place_type(f) == "GPE":
        return fold(c)
    if any(w in ORG_HEADS for w in f.split()):
        return org_key(f)
    return f


def _finish(st: _State, observations: list[dict], country: dict[int, str],
            corrections: fixes_mod.Corrections) -> Resolution:
    """5. Ids, entity rows, corrections, roles and resolution rows."""
    ments, clusters, reason = st.ments, st.clusters, st.reason
    used = sorted(set(st.person_of.values()))
    ids: dict[Key, str] = {}
    names: dict[str, str] = {}
    types: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    taken: set[str] = set()
    pid = {}
    for ci in sorted(used, key=lambda c: (person_name(clusters[c]), c)):
        name = person_name(clusters[ci])
        eid, n = f"person:{slug(name)}", 2
        while eid in taken:
            eid, n = f"person:{slug(name)}-{n}", n + 1
        taken.add(eid)
        pid[ci] = eid
        names[eid], types[eid], countries[eid] = name, "PERSON", country.get(ci)
    for key, ci in st.person_of.items():
        ids[key] = pid[ci]
    display: dict[str, Counter] = defaultdict(Counter)
    for key, (etype, f) in st.other.items():
        eid = f"{etype.lower()}:{slug(f)}"
        ids[key], types[eid] = eid, etype
        reason[key] = "exact"
        display[eid][_strip_article(ments[key[0]][key[1]]["text"])] += 1
    for eid, c in display.items():
        names[eid] = max(c.items(), key=lambda kv: (kv[1], not kv[0].isupper(), kv[0]))[0]
        countries[eid] = country_of(names[eid]) or next((country_of(w) for w in names[eid].split() if country_of(w)), None)
    if not corrections.empty():
        surfaces = {k: scripts.surface(ments[k[0]][k[1]]) for k in ids}
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
            aliases[eid].add(_strip_article(scripts.surface(m)))  # the Cyrillic text of a Russian mention
        rows.add((eid, scripts.surface(m), reason.get((aid, i), "exact"), aid))
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
                    bearers[surname_key(n)].add(eid)
    for eid, names in aliases.items():
        if types.get(eid) == "PERSON":
            aliases[eid] = {n for n in names if len(n.split()) >= 2 or len(bearers[surname_key(n)] - {eid}) == 0}


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
