"""One identity across scripts: Cyrillic name mentions are resolved under the Latin name English text uses.

Before the usual resolution, each Russian mention (it carries its nominative, `norm`, and its
standard transliteration, `latin`) gets the Latin text that the rules match on: the spelling an
English article or the actors knowledge base writes for the same person, when one of the Latin
spellings of the Cyrillic name agrees with it ("Гасанов" → Hasanov, not the Gasanov a
transliteration gives), else the standard transliteration. The Cyrillic text stays the mention's
`surface` (an alias of the entity, the text the mentions table shows) and the reason says which rule
linked it: "transliteration: Шойгу → Shoygu ~ Shoigu".
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import JaroWinkler

from data_pipeline.lexicon.names import fold, translit_key
from data_pipeline.lexicon.translit import has_cyrillic, latin_spellings
from data_pipeline.resolve.name_match import names_match, surnames_match

Key = tuple[str, int]
LOOSE_FIRST_NAME = 0.72  # Jaro-Winkler of first-name keys for a surname only one known person bears


def is_cyrillic_name(m: dict) -> bool:
    """A name mention written in Cyrillic, with the Latin form the Russian path gives."""
    return m.get("kind", "name") == "name" and bool(m.get("latin")) and has_cyrillic(m["text"])


class LatinNames:
    """Latin-script person names of the corpus and knowledge base, by surname key."""

    def __init__(self, names: Iterable[str], known_cyrillic: dict[str, str] | None = None):
        self.known_cyrillic = known_cyrillic or {}  # folded Cyrillic alias in the KB -> the actor's name
        self.by_surname: dict[str, list[str]] = defaultdict(list)
        for n in sorted(set(names)):
            words = n.split()
            if words and not has_cyrillic(n):
                self.by_surname[translit_key(words[-1])].append(n)

    def match(self, spellings: list[str]) -> tuple[str, str] | None:
        """(spelling, Latin name) of the first spelling that names a known person, full name or surname."""
        for s in spellings:
            words = s.split()
            for name in self.by_surname.get(translit_key(words[-1]), ()):
                if len(words) == 1 and len(name.split()) >= 1 and surnames_match(words[0], name.split()[-1]):
                    return s, name.split()[-1]
                if len(words) >= 2 and len(name.split()) >= 2 and names_match(s, name):
                    return s, name
        return self.loose(spellings)

    def loose(self, spellings: list[str]) -> tuple[str, str] | None:
        """A full name whose surname only one known person bears, with a first name that sounds alike though
        no spelling rule links them ("Энтони Блинкен" → Antony Blinken, "Шарль Мишель" → Charles Michel)."""
        for s in spellings:
            words = s.split()
            if len(words) < 2:
                return None
            full = [n for n in self.by_surname.get(translit_key(words[-1]), ()) if len(n.split()) >= 2
                    and surnames_match(words[-1], n.split()[-1])]
            if not full or any(not names_match(a, b) for a in full for b in full if a < b):
                continue  # nobody, or two people with that surname: no guess
            first, known = translit_key(words[0]), translit_key(full[0].split()[0])
            if first and known and JaroWinkler.similarity(first, known) >= LOOSE_FIRST_NAME:
                return s, full[0]
        return None


def latin_person_texts(ms: list[dict]) -> list[str]:
    """The Latin-script PERSON name texts of one article's mentions (what Cyrillic names may align to)."""
    return [m["text"] for m in ms
            if m.get("label") == "PERSON" and m.get("kind", "name") == "name" and not has_cyrillic(m["text"])]


def latin_names(docs: list[tuple[str, list[dict]]], actors: Iterable = (), texts: Iterable[str] = ()) -> LatinNames:
    """The Latin person names that Cyrillic names can be aligned to: PERSON mentions in Latin (of `docs`, and
    `texts` from elsewhere), and the KB."""
    names = [t for _, ms in docs for t in latin_person_texts(ms)] + list(texts)
    people = [a for a in actors if getattr(a, "type", "PERSON") == "PERSON"]
    names += [n for a in people for n in (a.name, *a.aliases)]
    return LatinNames(names, {fold(n): a.name for a in people for n in a.aliases if has_cyrillic(n)})


def align(docs: list[tuple[str, list[dict]]], actors: Iterable = (),
          known: LatinNames | None = None) -> tuple[list[tuple[str, list[dict]]], dict[Key, str]]:
    """Docs whose Cyrillic name mentions read as Latin names, and why each was given its name.

    A mention's dict is copied (the analyses stay as cached): `text` becomes the Latin name,
    `surface` keeps what the article wrote. `known`: the Latin names to align to (default: those
    of `docs` and `actors`). The reading depends on the name and its transliteration only, never
    on which article came first.
    """
    known = known or latin_names(docs, actors)
    memo: dict[tuple[str, str], tuple[str, str]] = {}
    out, why = [], {}
    for aid, ms in docs:
        row = []
        for i, m in enumerate(ms):
            if not is_cyrillic_name(m):
                row.append(m)
                continue
            key = cyrillic_key(m)
            if key not in memo:
                memo[key] = latin_of(key, known)
            text, reason = memo[key]
            row.append({**m, "text": text, "surface": m["text"]})
            why[(aid, i)] = reason.replace("{surface}", m["text"])
        out.append((aid, row))
    return out, why


def cyrillic_key(m: dict) -> tuple[str, str]:
    """What a Cyrillic name mention's Latin reading depends on: its nominative and its transliteration."""
    return m.get("norm") or m["text"], m["latin"]


def latin_of(key: tuple[str, str], known: LatinNames) -> tuple[str, str]:
    """(Latin text, reason template) for a Cyrillic name's `cyrillic_key`."""
    return _latin_of(key[0], key[1], known)


def _latin_of(norm: str, latin: str, known: LatinNames) -> tuple[str, str]:
    """(Latin text, reason) for one Cyrillic name in the nominative."""
    actor = known.known_cyrillic.get(fold(norm))
    if actor is not None:
        return actor, f"knowledge-base: {{surface}} → {actor}"
    hit = known.match(latin_spellings(norm))
    if hit is None:
        return latin, f"transliteration: {{surface}} → {latin}"
    spelling, name = hit
    if fold(spelling) == fold(name):
        return name, f"transliteration: {{surface}} → {name}"
    return name, f"transliteration: {{surface}} → {spelling} ~ {name}"


def surface(m: dict) -> str:
    """What the article wrote for a mention (its Cyrillic text for a Russian name)."""
    return m.get("surface", m["text"])
