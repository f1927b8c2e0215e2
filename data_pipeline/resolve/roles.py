"""Comparing roles across articles: one key per organisation wording, one form per role, and compatibility.

`canonical_role` and `roles_compatible` let a title-only mention ("the Russian
minister") find the person who holds a matching role; `org_key` gives the wordings of
an organisation's name one key. Corpus-level only: tuning them re-parses nothing.
"""
from __future__ import annotations

import re
from functools import lru_cache

from data_pipeline.lexicon.gazetteer import country_of
from data_pipeline.lexicon.titles import ORG_HEADS, RANK_WORDS, is_title_noun

_SYNONYMS = [(r"\bfm\b", "foreign minister"), (r"\bpm\b", "prime minister"), (r"\bdefence\b", "defense"), (r"\b(spokes(man|woman|person)|press secretary)\b", "spokesperson"),
             (r"\bpremier\b", "prime minister"), (r"\badvisor\b", "adviser")]


def org_key(folded: str) -> str:
    """One key for the wordings of an organisation's name.

    "russian ministry of defence", "ministry of defense of russia" and "russian
    defense ministry" all become "russia defense ministry".
    """
    words = [w for w in folded.replace("defence", "defense").split() if w not in ("the", "affairs")]
    country = None
    for n in (3, 2):  # multi-word country names first ("russian federation", "united states")
        for i in range(len(words) - n + 1):
            c = country_of(" ".join(words[i:i + n]))
            if c and country is None:
                country, words = c, words[:i] + words[i + n:]
                break
    country = country or next((c for w in words if (c := country_of(w))), None)
    words = [w for w in words if not country_of(w)]
    s = " ".join(words)
    s = re.sub(r"\bof$", "", s).strip()
    m = re.match(r"^(\w+) of (.+)$", s)
    if m and m.group(1) in ORG_HEADS:
        s = f"{m.group(2)} {m.group(1)}"
    s = re.sub(r"\s+of$", "", s)
    return " ".join(filter(None, [country.lower() if country else "", s]))


_LEADERS = {"president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader", "leader"}


@lru_cache(maxsize=1 << 14)
def canonical_role(role: str) -> str:
    """Comparable form of a role: "Minister of Foreign Affairs" → "foreign minister".

    Memoised: resolving title-only mentions compares the same few role strings many times.
    """
    s = role.lower()
    for pat, rep in _SYNONYMS:
        s = re.sub(pat, rep, s)
    s = " ".join(w for w in s.split() if w not in ("the", "affairs") and not country_of(w))
    m = re.match(r"^(.*?)\b(\w+) of (.+)$", s)
    if m and is_title_noun(m.group(2)):
        s = f"{m.group(1)}{m.group(3)} {m.group(2)}"
    return " ".join(s.split())


def roles_compatible(query: str, held: str) -> bool:
    """Whether a title-only reference (`query`) can denote someone holding `held`.

    Same title noun; every qualifier of the query present in the held role; the
    held role adds no rank (a "deputy minister" is not "the minister").
    "counterpart" matches any role.
    """
    q, h = canonical_role(query).split(), canonical_role(held).split()
    if not q or not h:
        return False
    if q[-1] == "counterpart":
        return True
    if q[-1] == "leader" and len(q) == 1:  # "the Russian leader": head of state or government
        return " ".join(h) in _LEADERS
    if q[-1] != h[-1]:
        return False
    extra = set(h[:-1]) - set(q[:-1])
    return set(q[:-1]) <= set(h[:-1]) and not (extra & RANK_WORDS)
