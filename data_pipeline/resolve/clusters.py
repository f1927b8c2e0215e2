"""Person clusters: full names grouped across the corpus by surname key and compatible given names."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import jellyfish

from data_pipeline.resolve.actors import Actor, holders
from data_pipeline.lexicon.gazetteer import PLACE_HEADS, place_type
from data_pipeline.lexicon.names import NAME_PARTICLES, fold, is_initial, name_words, split_name, surname_key, translit_key
from data_pipeline.resolve.name_match import names_match, surnames_match
from data_pipeline.lexicon.titles import NON_PERSON_HEADS, ORG_HEADS

UNTAGGED = "PROPN"  # label of proper nouns the model did not tag (mentions.untagged_spans)


@lru_cache(maxsize=1 << 16)
def _name_words(text: str) -> tuple[str, ...]:
    """`name_words(text)`, memoised (a tuple: shared between callers): clustering and the surname index ask it of the
    same names and knowledge-base aliases many times a build."""
    return tuple(name_words(text))


@dataclass
class Person:
    """A person cluster while resolving."""

    forms: Counter = field(default_factory=Counter)   # folded multi-word forms → mentions
    surface: Counter = field(default_factory=Counter)  # surface text → mentions
    actor: Actor | None = None
    surnames: set[str] = field(default_factory=set)   # translit keys of surnames
    inner: set[str] = field(default_factory=set)      # keys of other name words after the first (Petro of Gustavo Petro Urrego)
    firsts: set[str] = field(default_factory=set)     # keys of first words (Xi of Xi Jinping, Anwar of Anwar Ibrahim)

    def add_form(self, text: str, n: int = 1) -> None:
        """Count `n` mentions of the full name `text`."""
        self.forms[fold(text)] += n
        self.surface[text] += n
        self.add_parts(text)

    def add_parts(self, text: str) -> None:
        """Index the name words of `text`: surname, inner words and first word."""
        words = _name_words(text)
        if not words:
            return
        self.surnames.add(translit_key(words[-1]))
        self.inner.update(translit_key(w) for w in words[1:-1] if not is_initial(w))
        if len(words) >= 2 and not is_initial(words[0]):
            self.firsts.add(translit_key(words[0]))


def surname_keys(text: str) -> set[str]:
    """Index keys of a name's words after the first: transliteration keys and their metaphones."""
    keys = {translit_key(w) for w in _name_words(text)[1:] if not is_initial(w)} or {surname_key(text)}
    return keys | {"~" + jellyfish.metaphone(k) for k in keys if k}


class SurnameIndex:
    """Person clusters indexed by surname keys, so matching a name looks at a handful of clusters."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)

    def add(self, ci: int, text: str) -> None:
        """Index cluster `ci` under the surname of `text` (and its first word, for names written in the other order)."""
        for k in surname_keys(text):
            self.by_key[k].add(ci)
        words = _name_words(text)
        if len(words) == 2:
            self.by_key["^" + translit_key(words[0])].add(ci)

    def candidates(self, text: str) -> list[int]:
        """Clusters whose surname may be a spelling of the surname of `text`, or whose first word is its last."""
        words = _name_words(text)
        keys = surname_keys(text) | ({"^" + translit_key(words[-1])} if len(words) == 2 else set())
        return sorted(set().union(*(self.by_key.get(k, set()) for k in keys)))


def match_cluster(text: str, clusters: list[Person], index: SurnameIndex) -> tuple[int, str] | None:
    """(cluster, how) of the first cluster whose names all agree with `text`, or None."""
    for ci in index.candidates(text):
        forms = list(clusters[ci].forms)
        hows = [names_match(text, g) for g in forms]
        agree = [g for h, g in zip(hows, forms) if h]
        clashes = [g for h, g in zip(hows, forms) if h is None and clash(text, g)]
        # a clash is fine when a fuller form links both (Tayyip Erdogan ~ Recep Tayyip Erdogan ~ Recep Erdogan)
        if any(not any(names_match(g, h) for h in agree) for g in clashes):
            continue
        hit = next((h for h in hows if h), None)
        if hit:
            return ci, hit
    return None


def cluster_full_names(forms: list[tuple[str, int]], actors: list[Actor]) -> tuple[list[Person], dict[str, tuple[int, str]], SurnameIndex]:
    """Person clusters of full-name forms; form → (cluster index, reason); the surname index."""
    clusters: list[Person] = []
    index = SurnameIndex()
    joined: dict[str, tuple[int, str]] = {}
    for a in sorted((a for a in actors if a.type == "PERSON"), key=lambda a: a.name):
        p = Person(actor=a)
        for n in (a.name, *a.aliases):
            if len(n.split()) >= 2:
                p.forms[fold(n)] += 0
            p.add_parts(n)
            index.add(len(clusters), n)
        clusters.append(p)
    for text, n in forms:
        f = fold(text)
        found = match_cluster(text, clusters, index)
        if found is None:
            clusters.append(Person())
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


def clash(a: str, b: str) -> bool:
    """Two names with the same surname but incompatible given names (Ilham vs Heydar Aliyev)."""
    return surnames_match(split_name(a)[1], split_name(b)[1]) is not None and names_match(a, b) is None


def given_names(candidates: list[dict], actors: list[Actor]) -> set[str]:
    """Transliteration keys of first names seen in PERSON-labelled names or in the knowledge base."""
    out = {translit_key(m["text"].split()[0]) for m in candidates if m["label"] == "PERSON" or m.get("role")}
    out |= {translit_key(n.split()[0]) for a in actors for n in (a.name, *a.aliases) if len(n.split()) >= 2}
    return out


def corpus_surname(cands: list[int], clusters: list[Person], when: date | None,
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


@lru_cache(maxsize=1 << 18)
def person_name_like(text: str) -> bool:
    """Two to five capitalised name words (particles aside) that are not, as a whole or word by word, known places.

    Memoised by text (resolution asks it of every name mention of the corpus).
    """
    words = text.split()
    names = [w for w in words if fold(w) not in NAME_PARTICLES]
    last = fold(words[-1]) if words else ""
    return (2 <= len(names) <= 5 and len(words) <= 7 and all(w[:1].isupper() for w in names)
            and words[0][:1].isupper() and last not in PLACE_HEADS and last not in ORG_HEADS and last not in NON_PERSON_HEADS
            and not place_type(text) and not all(place_type(w) for w in names))


def person_name(c: Person) -> str:
    """Canonical display name: the knowledge base's, else the most frequent multi-word form."""
    if c.actor is not None:
        return c.actor.name
    multi = [(n, s) for s, n in c.surface.items() if len(s.split()) >= 2]
    pool = multi or [(n, s) for s, n in c.surface.items()]
    n, s = max(pool, key=lambda ns: (ns[0], len(ns[1].split()), not ns[1].isupper(), ns[1]))
    return s
