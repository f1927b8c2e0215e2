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

Each stage adds the articles' contributions to additive aggregates (aggregates.State), makes the
corpus decisions from the aggregates alone, then links the articles given those decisions; what an
article asked of the corpus (a full name's cluster, a lone surname's bearer, a title's holder) is
kept with its answer. `advance` does this for articles added to a previous state and stops as soon
as an answer an earlier article got would come out otherwise (`patch.patch`); `resolve` is
`advance` from an empty state. No decision depends on the order the articles come in (ties are
broken by text), so adding an article never re-orders anything by itself.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
import logging

from data_pipeline.resolve import corrections as fixes_mod
from data_pipeline.resolve import scripts
from data_pipeline.resolve.actors import Actor
from data_pipeline.resolve.aggregates import State, counter
from data_pipeline.resolve.clusters import UNTAGGED, Person, cluster_full_names, corpus_surname, given_names, match_cluster, person_name, person_name_like
from data_pipeline.lexicon.gazetteer import country_of, place_type
from data_pipeline.lexicon.names import fold, latin_share, slug, surname_key, translit_key
from data_pipeline.lexicon.titles import ORG_HEADS
from data_pipeline.resolve.roles import org_key
from data_pipeline.resolve.titles import anchor_roles, nearest, resolve_title, role_observations

Key = tuple[str, int]
log = logging.getLogger(__name__)


@dataclass
class Resolution:
    """Entities, the (article, mention) → entity map, roles rows and resolution (why) rows."""

    entities: list[dict]
    ids: dict[Key, str]
    roles: list[dict] = field(default_factory=list)
    reasons: list[dict] = field(default_factory=list)
    state: State | None = None  # aggregates and decisions, for `patch.patch` to add articles to


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


# a lone name's surname key, asked of every one-word mention (~20 per article) and of every alias; a corpus repeats
# the same few hundred surfaces, and the key (lexicon.names.surname_key) depends on the text alone
_surname_key = lru_cache(maxsize=1 << 16)(surname_key)


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


class Stale(Exception):
    """A corpus decision that an already-resolved article relied on came out differently: re-link everything."""


@dataclass
class _Pass:
    """What the stages of one pass share: the articles being linked, the decisions, the links made so far."""

    ments: dict[str, list[dict]]
    order: list[str]                      # article ids in input order
    words: dict[str, list[int]]           # per mention: words of a usable name, 0 otherwise
    dates: dict[str, date | None]
    actors: list[Actor]
    clusters: list[Person] = field(default_factory=list)
    sid: list[str] = field(default_factory=list)               # cluster index -> stable cluster id
    person_of: dict[Key, int] = field(default_factory=dict)    # (article, mention) → cluster
    reason: dict[Key, str] = field(default_factory=dict)
    positions: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    other: dict[Key, tuple[str, str]] = field(default_factory=dict)  # (article, mention) → (type, folded name)

    def mentions(self):
        """(article id, mention index, mention) for every mention, in input order."""
        for aid in self.order:
            for i, m in enumerate(self.ments[aid]):
                yield aid, i, m

    def at(self) -> dict[str, int]:
        """Stable cluster id → index in this pass."""
        return {s: i for i, s in enumerate(self.sid)}


def resolve(docs: list[tuple[str, list[dict]]], dates: dict[str, date | None] | None = None,
            actors: list[Actor] | None = None, corrections: fixes_mod.Corrections | None = None) -> Resolution:
    """Group the mentions of all articles into entities; see the module docstring for the rules.

    The result's `state` lets `patch.patch` add articles later without re-linking these.
    """
    actors = list(actors or [])
    res = advance(State(actors=tuple(actors)), docs, dates or {}, actors, corrections or fixes_mod.Corrections())
    assert res is not None  # nothing was resolved before, so no decision can have changed
    return res


def advance(state: State, docs: list[tuple[str, list[dict]]], dates: dict[str, date | None], actors: list[Actor],
            corrections: fixes_mod.Corrections) -> Resolution | None:
    """Resolve `docs` as added to the articles of `state` (updated in place): their rows, all entity rows, the state.

    None when a decision the articles of `state` relied on came out differently with the new
    articles (then `state` is spoiled: resolve the whole corpus instead).
    """
    try:
        return _advance(state, docs, dates, actors, corrections)
    except Stale as why:
        log.info("resolution: a full pass is needed: %s", why)
        return None


def _advance(state: State, docs, dates, actors, corrections) -> Resolution:
    state.articles.update(aid for aid, _ in docs)
    docs, cross_script = _cyrillic(state, docs, actors)  # Cyrillic names read as the Latin name of the person
    st = _Pass(ments={aid: ms for aid, ms in docs}, order=[aid for aid, _ in docs],
               words={aid: [_name_words(m) for m in ms] for aid, ms in docs},
               dates=dates, actors=actors)
    old_pid = state.pid
    index = _full_names(st, state)
    singles = _one_word_names(st, state, index)
    _lone_names_and_others(st, state, singles)
    observations = _title_mentions(st, state)
    for key in cross_script.keys() & st.person_of.keys():
        st.reason[key] = cross_script[key]
    return _finish(st, state, observations, corrections, old_pid)


def _cyrillic(state: State, docs, actors) -> tuple[list, dict[Key, str]]:
    """0. Cyrillic names aligned to the Latin names of the whole corpus; stale when an old one reads otherwise."""
    grown = False
    for _, ms in docs:
        for t in scripts.latin_person_texts(ms):
            grown |= t not in state.latin
            state.latin[t] += 1
    known = scripts.latin_names([], actors, state.latin)
    if grown and any(scripts.latin_of(k, known) != v for k, v in state.cyrillic.items()):
        raise Stale("a Cyrillic name reads as another Latin name")
    for _, ms in docs:
        for m in ms:
            if scripts.is_cyrillic_name(m) and scripts.cyrillic_key(m) not in state.cyrillic:
                state.cyrillic[scripts.cyrillic_key(m)] = scripts.latin_of(scripts.cyrillic_key(m), known)
    return scripts.align(docs, actors, known)


def _representative(surfaces: Counter) -> str:
    """The spelling a full-name form is clustered under: its most frequent, then not all capitals, then the first."""
    return max(surfaces.items(), key=lambda kv: (kv[1], not kv[0].isupper(), kv[0]))[0]


def _full_names(st: _Pass, state: State):
    """1. Full person names clustered across the corpus; each multi-word mention linked to its cluster."""
    for aid in st.order:
        for m, n in zip(st.ments[aid], st.words[aid]):
            if not (n and person_name_like(m["text"])):
                continue
            key, f = translit_key(m["text"].split()[0]), fold(m["text"])
            if m["label"] == "PERSON" or m.get("role"):
                state.given[key] += 1
            # a person by label, role or taking part in a meeting, or a mislabelled name whose first word is a known
            # given name
            if m["label"] == "PERSON" or m.get("role") or m.get("participant"):
                counter(state.strong, f)[m["text"]] += 1
            elif m["label"] != UNTAGGED:
                counter(state.weak.setdefault(key, {}), f)[m["text"]] += 1
    given = {k for k, v in state.given.items() if v} | given_names([], st.actors)
    surface_of: dict[str, Counter] = {f: Counter(c) for f, c in state.strong.items()}
    for key, by_fold in state.weak.items():
        if key in given:
            for f, c in by_fold.items():
                counter(surface_of, f).update(c)
    # fuller forms first, so "Recep Tayyip Erdogan" is there to join "Tayyip Erdogan" and "Recep Erdogan"
    forms = sorted(((f, sum(c.values())) for f, c in surface_of.items()), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))
    clusters, joined, index = cluster_full_names([(_representative(surface_of[f]), n) for f, n in forms], st.actors)
    for f, c in surface_of.items():
        clusters[joined[f][0]].surface.update({s: k for s, k in c.items() if s not in clusters[joined[f][0]].surface})
    st.clusters = clusters
    st.sid = [f"a:{i}" for i, c in enumerate(clusters) if c.actor is not None]
    for f, _ in forms:
        if joined[f][0] == len(st.sid):
            st.sid.append(f"f:{f}")
    assert len(st.sid) == len(clusters)
    parts = {s: (frozenset(c.surnames), frozenset(c.inner), frozenset(c.firsts)) for s, c in zip(st.sid, clusters)}
    if any(parts.get(s, ()) != p for s, p in state.parts.items() if not s.startswith("l:")):
        raise Stale("a person cluster was founded, joined or indexed otherwise")
    state.parts = parts

    def answer(text: str) -> tuple[int, str] | None:
        f = fold(text)
        if f in joined:
            return joined[f]
        if not place_type(text) and person_name_like(text):
            found = match_cluster(text, clusters, index)
            return (found[0], "transliteration") if found is not None else None
        return None

    for text, was in state.multi.items():
        got = answer(text)
        if (got and (st.sid[got[0]], got[1])) != was:
            raise Stale(f"a full name joins another person: {text}")
    for aid, i, m in st.mentions():
        if st.words[aid][i] < 2:
            continue
        got = answer(m["text"])
        state.multi[m["text"]] = got and (st.sid[got[0]], got[1])
        if got is not None:
            st.person_of[(aid, i)], st.reason[(aid, i)] = got
            st.positions[aid].append((m["start"], got[0]))
    return index


def _one_word_names(st: _Pass, state: State, index) -> dict[Key, dict]:
    """2. One-word names: the surname of a person in the article, else in the corpus or knowledge base.

    Returns the one-word mentions left unlinked (for `_lone_names_and_others`).
    """
    by_surname: dict[str, set[int]] = defaultdict(set)
    for ci, c in enumerate(st.clusters):
        for s in c.surnames:
            by_surname[s].add(ci)
    # each surname's people in index order, sorted once (asked of every one-word mention)
    surname_people = {k: sorted(v) for k, v in by_surname.items()}

    def in_corpus(k: str, when: date | None, role: dict | None) -> tuple[str | None, str | None, bool]:
        """(cluster id, reason) of the one person a lone surname means corpus-wide, and whether several bear it."""
        people = surname_people.get(k, ())
        hit = corpus_surname(list(people), st.clusters, when, role)
        if hit is None:
            return None, None, len(people) >= 2
        return st.sid[hit], "surname-in-corpus" if sum(st.clusters[hit].forms.values()) else "knowledge-base", len(people) >= 2

    for (k, when, _), (role, was) in state.surname_q.items():
        if in_corpus(k, when, role) != was:
            raise Stale(f"a lone surname means someone else corpus-wide: {k}")
    at = st.at()
    singles: dict[Key, dict] = {}
    for aid in st.order:
        local = {c for _, c in st.positions[aid]}
        roled = {st.person_of[(aid, i)] for i, m in enumerate(st.ments[aid])
                 if (aid, i) in st.person_of and m.get("role")}
        for i, m in enumerate(st.ments[aid]):
            if st.words[aid][i] != 1:
                continue
            k = _surname_key(m["text"])
            people = surname_people.get(k, ())
            here, why = _local_bearers(k, people, local, st.clusters)
            gaz = place_type(m["text"])
            if here and (gaz is None or m["label"] == "PERSON"):
                st.person_of[(aid, i)] = _pick_local(here, m["start"], roled, st.positions[aid], st.clusters,
                                                     st.dates.get(aid))
                st.reason[(aid, i)] = why
                continue
            if gaz is None:
                role = m.get("role")
                q = (k, st.dates.get(aid), _role_key(role))
                if q not in state.surname_q:
                    state.surname_q[q] = (role, in_corpus(k, st.dates.get(aid), role))
                hit, how, several = state.surname_q[q][1]
                if hit is not None:
                    st.person_of[(aid, i)], st.reason[(aid, i)] = at[hit], how
                    continue
                if several:
                    continue  # a surname several people share, with nothing to choose: no entity rather than a wrong one
            if m["label"] != UNTAGGED:  # an untagged proper noun only ever joins a known person
                singles[(aid, i)] = m
    return singles


def _role_key(role: dict | None):
    """A role dict as a hashable key."""
    return tuple(sorted((k, repr(v)) for k, v in role.items())) if role else None


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


def _top(votes: Counter) -> list[str]:
    """Labels by votes, most first; ties in label order (so the order articles come in never matters)."""
    return [lab for lab, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))]


def _lone_decision(f: str, agg: list) -> tuple:
    """What a lone one-word name is corpus-wide: ("person",), ("other", type) or ("none",)."""
    votes, role_or_subject, n, n_person = agg[0], agg[1], agg[2], agg[3]
    gaz = place_type(next(iter(agg[4])))
    top = _top(votes)
    # a role, a subject of a verb, or the model calling it a person every time, more than once
    evidence = role_or_subject > 0 or (votes["PERSON"] >= 2 and n_person == n)
    if gaz is None and top[0] == "PERSON" and evidence:
        return ("person",)
    etype = gaz or next((lab for lab in top if lab != "PERSON"), None)
    return ("other", etype) if etype else ("none",)


def _lone_names_and_others(st: _Pass, state: State, singles: dict[Key, dict]) -> None:
    """3. Lone one-word names become people only with evidence; the rest are typed by gazetteer, then label."""
    lone: dict[str, list[Key]] = defaultdict(list)
    for key, m in singles.items():
        f = fold(m["text"])
        lone[f].append(key)
        agg = state.lone.get(f) or state.lone.setdefault(f, [Counter(), 0, 0, 0, Counter()])
        agg[0]["PERSON" if _person_vote(m) else m["label"]] += 1
        agg[1] += bool(m.get("role") or m.get("subject"))
        agg[2] += 1
        agg[3] += m["label"] == "PERSON"
        agg[4][m["text"]] += 1
    decisions = {f: _lone_decision(f, agg) for f, agg in state.lone.items()}
    if any(decisions[f] != d for f, d in state.lone_dec.items()):
        raise Stale("a lone name changed type")
    state.lone_dec = decisions
    for f in sorted(f for f, d in decisions.items() if d[0] == "person"):
        p = Person()
        p.surface.update(state.lone[f][4])
        p.surnames.add(translit_key(f))
        st.clusters.append(p)
        st.sid.append(f"l:{f}")
    at = st.at()
    for f, keys in lone.items():
        d = decisions[f]
        for key in keys:
            if d[0] == "person":
                st.person_of[key], st.reason[key] = at[f"l:{f}"], "exact"
            elif d[0] == "other":
                st.other[key] = (d[1], _place_name(f))
    new_votes: dict[str, Counter] = defaultdict(Counter)
    for aid, i, m in st.mentions():
        if (aid, i) in st.person_of or (aid, i) in st.other or not st.words[aid][i]:
            continue
        if (st.words[aid][i] == 1 and (aid, i) not in singles) or m["label"] == UNTAGGED:
            continue
        f = _place_name(_strip_the(fold(m["text"])))
        new_votes[f][m["label"]] += 1
        st.other[(aid, i)] = ("", f)
    for f, c in new_votes.items():
        counter(state.label_votes, f).update(c)
    for f, was in state.label_dec.items():
        if f in new_votes and _label_type(f, state.label_votes[f]) != was:
            raise Stale(f"a name's majority type changed: {f}")
    for f in new_votes:
        state.label_dec[f] = _label_type(f, state.label_votes[f])
    for key, (etype, f) in list(st.other.items()):
        if etype:
            continue
        etype = state.label_dec[f]
        if etype is None:
            del st.other[key]
        else:
            st.other[key] = (etype, f)


def _label_type(f: str, votes: Counter) -> str | None:
    """Type of a place or organisation name: the gazetteer's, else its most voted label other than PERSON."""
    return place_type(f) or next((lab for lab in _top(votes) if lab != "PERSON"), None)


def _title_mentions(st: _Pass, state: State) -> list[dict]:
    """4. Roles seen with names, then title-only mentions resolved to role holders; the role observations."""
    st.positions = defaultdict(list)
    for (aid, i), ci in sorted(st.person_of.items()):
        st.positions[aid].append((st.ments[aid][i]["start"], ci))
    for aid in st.order:
        state.ties.extend(_ties(st, st.positions[aid]))
    changed = set()
    for o in role_observations(st.ments, st.person_of, st.dates):
        s = st.sid[o["cluster"]]
        seen = state.obs.setdefault(s, {})
        at_first = seen.get((o["role"], o["date"]))
        if at_first is None or (o["aid"], o["start"]) < at_first:  # a new role, or one now seen first elsewhere
            seen[(o["role"], o["date"])] = (o["aid"], o["start"])
            changed.add(s)
        if o.get("country"):
            counter(state.country1, s)[o["country"]] += 1
    country = {}
    for ci, (s, c) in enumerate(zip(st.sid, st.clusters)):
        votes = state.country1.get(s)
        if votes:
            country[ci] = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        elif c.actor is not None and c.actor.country:
            country[ci] = c.actor.country
    named = {st.sid[ci]: v for ci, v in country.items()}
    changed |= {s for s in set(named) | set(state.country) if named.get(s) != state.country.get(s)}
    state.country = named
    obs_of: dict[int, list[dict]] = defaultdict(list)
    at = st.at()
    for s, seen in state.obs.items():
        # in the order they were first seen (article id, offset): a counterpart tries its anchor's roles in that order
        obs_of[at[s]] = [{"role": r, "date": d, "title": False} for (r, d), _ in sorted(seen.items(), key=lambda kv: kv[1])]
    _recheck_titles(st, state, changed, obs_of, country)
    for aid, i, m in st.mentions():
        if m.get("kind") != "title" or not m.get("role"):
            continue
        when = st.dates.get(aid)
        anchor = anchor_roles(aid, m, st.ments, st.person_of, obs_of, country, st.clusters, when) \
            if m["role"]["role"].lower().endswith("counterpart") else []
        hit = resolve_title(aid, m, st.clusters, st.positions[aid], obs_of, country, when, st.actors, anchor)
        if hit is not None:
            st.person_of[(aid, i)], st.reason[(aid, i)] = hit
    for aid in st.order:
        ctx = _title_context(st, aid)
        if ctx is not None:
            state.titles[aid] = ctx
            for s in {s for _, s in ctx[1]}:
                state.title_of.setdefault(s, []).append(aid)
    observations = role_observations(st.ments, st.person_of, st.dates)
    for o in observations:
        if o["title"] and o.get("country"):
            counter(state.country2, st.sid[o["cluster"]])[o["country"]] += 1
    return observations


def _ties(st: _Pass, positions: list[tuple[int, int]]) -> list[tuple[str, ...]]:
    """Clusters (ids, in index order) linked at the same offset of an article: `nearest` tells them apart by index."""
    at: dict[int, set[int]] = defaultdict(set)
    for p, ci in positions:
        at[p].add(ci)
    return [tuple(st.sid[c] for c in sorted(cs)) for cs in at.values() if len(cs) > 1]


def _title_context(st: _Pass, aid: str) -> tuple | None:
    """What the title mentions of an article were resolved from and to, for re-checking them later; None if none.

    (date, positions as (start, cluster id), {index: minimal mention} of title and linked name mentions,
    {index: cluster id} of the linked name mentions, {title index: (cluster id, reason) | None}).
    """
    ms = st.ments[aid]
    titles = [i for i, m in enumerate(ms) if m.get("kind") == "title" and m.get("role")]
    if not titles:
        return None
    names = {i: st.sid[st.person_of[(aid, i)]] for i, m in enumerate(ms)
             if m.get("kind", "name") == "name" and (aid, i) in st.person_of}
    keep = {i: {"start": ms[i]["start"], "sentence": ms[i]["sentence"], "kind": ms[i].get("kind", "name"),
                "role": ms[i].get("role")} for i in [*titles, *names]}
    answers = {i: ((st.sid[st.person_of[(aid, i)]], st.reason[(aid, i)]) if (aid, i) in st.person_of else None)
               for i in titles}
    return (st.dates.get(aid), [(p, st.sid[c]) for p, c in st.positions[aid]], keep, names, answers)


_GAP = {"start": -1, "sentence": object(), "kind": "gap"}  # stands for a mention a title context does not need


def _recheck_titles(st: _Pass, state: State, changed: set[str], obs_of: dict, country: dict) -> None:
    """Title mentions of earlier articles naming a person whose roles or country changed: stale if one moves."""
    at = st.at()
    for aid in sorted({a for s in changed for a in state.title_of.get(s, ())}):
        when, positions, keep, names, answers = state.titles[aid]
        ments = [keep.get(i, _GAP) for i in range(max(keep) + 1)]
        person_of = {(aid, i): at[s] for i, s in names.items()}
        local = [(p, at[s]) for p, s in positions]
        for i, was in answers.items():
            m = ments[i]
            anchor = anchor_roles(aid, m, {aid: ments}, person_of, obs_of, country, st.clusters, when) \
                if m["role"]["role"].lower().endswith("counterpart") else []
            hit = resolve_title(aid, m, st.clusters, local, obs_of, country, when, st.actors, anchor)
            if (hit and (st.sid[hit[0]], hit[1])) != was:
                raise Stale(f"a title mention in {aid} names someone else")


def _finish(st: _Pass, state: State, observations: list[dict], corrections: fixes_mod.Corrections,
            old_pid: dict[str, str]) -> Resolution:
    """5. Ids, entity rows, corrections, roles and resolution rows."""
    ments, clusters, reason = st.ments, st.clusters, st.reason
    for ci in st.person_of.values():
        state.links[st.sid[ci]] += 1
    at = st.at()
    used = sorted(at[s] for s, n in state.links.items() if n)
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
        votes = state.country1.get(st.sid[ci], Counter()) + state.country2.get(st.sid[ci], Counter())
        names[eid], types[eid] = name, "PERSON"
        countries[eid] = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else clusters[ci].actor and clusters[ci].actor.country or None
    state.pid = {st.sid[ci]: eid for ci, eid in pid.items()}
    if any(state.pid.get(s) != eid for s, eid in old_pid.items()):
        raise Stale("a person's entity id changed")
    if any([at[s] for s in tie] != sorted(at[s] for s in tie) for tie in state.ties):
        raise Stale("clusters were re-ordered and an article breaks a tie by their order")
    ids: dict[Key, str] = {key: pid[ci] for key, ci in st.person_of.items()}
    for key, (etype, f) in st.other.items():
        eid = f"{etype.lower()}:{slug(f)}"
        ids[key] = eid
        reason[key] = "exact"
        counter(state.display, eid)[_strip_article(ments[key[0]][key[1]]["text"])] += 1
    for eid, c in state.display.items():
        types[eid] = eid.split(":", 1)[0].upper() if eid not in types else types[eid]
        names[eid] = max(c.items(), key=lambda kv: (kv[1], not kv[0].isupper(), kv[0]))[0]
        countries[eid] = country_of(names[eid]) or next((country_of(w) for w in names[eid].split() if country_of(w)), None)
    for (aid, i), eid in ids.items():
        m = ments[aid][i]
        state.mentioned[eid] += 1
        if m.get("kind", "name") == "name":
            counter(state.aliases, eid).update((_strip_article(m["text"]), _strip_article(scripts.surface(m))))
    aliases: dict[str, set[str]] = defaultdict(set, {e: set(c) for e, c in state.aliases.items()})
    present = {e for e, n in state.mentioned.items() if n}
    if not corrections.empty():
        state.corrected = True
        surfaces = {k: scripts.surface(ments[k[0]][k[1]]) for k in ids}
        ids, changed = fixes_mod.apply(ids, surfaces, types, corrections)
        for k in changed:
            reason[k] = "correction"
            names.setdefault(ids[k], surfaces[k])
            countries.setdefault(ids[k], None)
        aliases = defaultdict(set)
        for (aid, i), eid in ids.items():
            m = ments[aid][i]
            if m.get("kind", "name") == "name":
                aliases[eid].update((_strip_article(m["text"]), _strip_article(scripts.surface(m))))
        present = set(ids.values())
    rows = {(eid, scripts.surface(ments[aid][i]), reason.get((aid, i), "exact"), aid) for (aid, i), eid in ids.items()}
    for ci, eid in pid.items():
        if clusters[ci].actor is not None and eid in aliases:
            aliases[eid].update(clusters[ci].actor.aliases)
            aliases[eid].add(clusters[ci].actor.name)
    _drop_shared_surnames(aliases, types)
    entities = [{"entity_id": e, "name": names[e], "type": types[e], "aliases": sorted(aliases[e] | {names[e]}),
                 "country": countries.get(e)} for e in sorted(present)]
    role_rows = {(ids.get(o["key"], pid[o["cluster"]]), o["role"],
                  o.get("org"), o.get("country"), o["aid"], o["date"])
                 for o in observations if not o["title"] and not o["role"].lower().endswith("counterpart")}
    return Resolution(
        entities=entities, ids=ids,
        roles=[dict(zip(("entity_id", "role", "org", "country", "article_id", "date"), r))
               for r in sorted(role_rows, key=lambda r: tuple(str(x) for x in r)) if r[0] in types],
        reasons=[dict(zip(("entity_id", "surface", "reason", "article_id"), r)) for r in sorted(rows)],
        state=state)


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
                    bearers[_surname_key(n)].add(eid)
    for eid, names in aliases.items():
        if types.get(eid) == "PERSON":
            aliases[eid] = {n for n in names if len(n.split()) >= 2 or len(bearers[_surname_key(n)] - {eid}) == 0}


def _strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
