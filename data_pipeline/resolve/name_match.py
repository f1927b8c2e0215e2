"""Whether two person names are one person's: surnames by transliteration key, given names by similarity.

First names are compared with Jaro-Winkler on top of the transliteration key
(Alexander/Aleksandr), with guards so two people who share a surname (Ilham and
Heydar Aliyev) stay apart. Only corpus-level resolution uses these rules, so
tuning them never invalidates the parse cache.
"""
from __future__ import annotations

import jellyfish
from rapidfuzz.distance import JaroWinkler

from data_pipeline.lexicon.names import fold, is_initial, name_words, translit_key


def first_names_compatible(a: str, b: str) -> bool:
    """Whether two first names can be spellings of one name (Sergei/Sergey, Alexander/Aleksandr)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return True
    if is_initial(a) or is_initial(b):
        return fa[0] == fb[0]
    ka, kb = translit_key(fa), translit_key(fb)
    if ka == kb:
        return True
    if ka[0] != kb[0]:
        return False
    return JaroWinkler.similarity(ka, kb) >= 0.88 and jellyfish.soundex(ka) == jellyfish.soundex(kb)


def surnames_match(a: str, b: str) -> str | None:
    """`exact`, `transliteration` or None: whether two surnames are spellings of one name."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return "exact"
    ka, kb = translit_key(fa), translit_key(fb)
    if ka == kb:
        return "transliteration"
    if min(len(ka), len(kb)) >= 6 and ka[:2] == kb[:2] and ka[-2:] == kb[-2:] and abs(len(ka) - len(kb)) <= 2 and \
            JaroWinkler.similarity(ka, kb) >= 0.9 and jellyfish.metaphone(ka) == jellyfish.metaphone(kb):
        return "transliteration"
    return None


_FATHER_MARKERS = {"oglu", "ogly", "ogli", "qizi", "kyzy", "gizi", "ibn", "bin", "bint"}


def _is_patronymic(words: list[str], i: int) -> bool:
    """Whether given name `i` names the father (Vladimirovich, "Heydar oglu")."""
    w = words[i]
    return (w.endswith(("ovich", "evich", "ovna", "evna", "ichna", "yevich"))
            or (i + 1 < len(words) and words[i + 1] in _FATHER_MARKERS) or w in _FATHER_MARKERS)


def _calls_by_middle_name(ga: list[str], gb: list[str]) -> bool:
    """One given name alone that is the other's middle name, not a patronymic (Tayyip / Recep Tayyip)."""
    short, long_ = (ga, gb) if len(ga) < len(gb) else (gb, ga)
    if len(short) != 1 or len(long_) < 2:
        return False
    return any(first_names_compatible(short[0], w) and not _is_patronymic(long_, i)
               for i, w in enumerate(long_[1:], start=1))


_NASAB = {"bin", "ibn", "bint", "ben"}


def _father(surface: str) -> tuple[str, str] | None:
    """(given name, father's name) of an Arabic name with bin/ibn ("Faisal bin Farhan Al Saud" → faisal, farhan)."""
    words = fold(surface).split()
    for i, w in enumerate(words[1:-1], start=1):
        if w in _NASAB:
            return translit_key(words[0]), translit_key(words[i + 1])
    return None


def _in_order(short: list[str], long_: list[str]) -> bool:
    """Whether the words of `short` after the first appear in `long_` after its first, in order."""
    keys = [translit_key(w) for w in long_[1:]]
    pos = 0
    for w in short[1:]:
        k = translit_key(w)
        while pos < len(keys) and keys[pos] != k:
            pos += 1
        if pos == len(keys):
            return False
        pos += 1
    return True


def names_match(a: str, b: str) -> str | None:
    """`exact`/`transliteration` when two multi-word names are one person's name, else None.

    Surnames must match; the first given names must be compatible (a missing
    middle name is fine, a different first name is not: Ilham vs Heydar Aliyev),
    or the shorter name uses the longer one's middle name (Tayyip / Recep Tayyip Erdogan).
    Beyond that: a shorter name whose words run in order through the longer one (Gustavo Petro /
    Gustavo Petro Urrego, Samia Suluhu / Samia Suluhu Hassan), an Arabic name with the same given
    and father's name (Faisal bin Farhan / Faisal bin Farhan Al Saud), and the same two names in the
    other order (Batmunkh Battsetseg / Battsetseg Batmunkh).
    """
    wa, wb = name_words(a), name_words(b)
    if len(wa) < 2 or len(wb) < 2:
        return None
    how = "exact" if fold(a) == fold(b) else "transliteration"
    ga, sa = wa[:-1], wa[-1]
    gb, sb = wb[:-1], wb[-1]
    if surnames_match(sa, sb) is not None:
        if first_names_compatible(ga[0], gb[0]) or _calls_by_middle_name(ga, gb):
            return how
        return None
    fa, fb = _father(a), _father(b)
    if fa and fb:
        return how if fa == fb else None
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    if len(short) < len(long_) and first_names_compatible(short[0], long_[0]) and not is_initial(short[-1]) \
            and _in_order(short, long_):
        return how
    if len(wa) == len(wb) == 2 and translit_key(wa[0]) == translit_key(wb[1]) and translit_key(wa[1]) == translit_key(wb[0]):
        return how
    return None
