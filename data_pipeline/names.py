"""Name normalisation: folding, Latin transliteration keys and person-name similarity.

`translit_key` maps the common Latin spellings of one Russian/Armenian/Azerbaijani
name to one key (Shoigu/Shoygu, Karapetyan/Karapetian, Dmitry/Dmitriy/Dmitri,
Mikheyev/Mikheev, Khachaturyan/Hachaturian, Dzhabarov/Jabarov). First names are
compared with Jaro-Winkler on top of that (Alexander/Aleksandr), with guards so
two people who share a surname (Ilham and Heydar Aliyev) stay apart.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import JaroWinkler
from unidecode import unidecode

_POSSESSIVE = re.compile(r"[’'`]s?$")  # ’ is folded by unidecode to ' before this runs
# ordered rewrites applied to a folded word (a–z only)
_REWRITES: list[tuple[str, str]] = [
    (r"dzh|dj", "j"),
    (r"shch", "sh"),
    (r"tch", "ch"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"x", "ks"),
    (r"ck", "k"),
    (r"w", "v"),
    (r"ou", "u"),
    (r"y", "i"),           # y/i: Shoygu/Shoigu, Karapetyan/Karapetian, Dmitry/Dmitri
    (r"j(?=[aeiou])", "i"),  # Jevgeni/Yevgeny style; applied after y→i so both land on "i"
    (r"^ie", "e"),         # Yevgeny/Evgeny
    (r"(?<=[aeiou])i(?=e)", ""),  # Mikheyev/Mikheev, Shugayev/Shugaev, Aliyev/Aliev
    (r"(.)\1+", r"\1"),    # double letters: Dmitrii/Dmitri, Aliiev/Aliev
]
_COMPILED = [(re.compile(p), r) for p, r in _REWRITES]


_SCHWA = str.maketrans({"ə": "a", "Ə": "A"})  # Azerbaijani Latin; unidecode would give "@"
_POSSESSIVE_END = re.compile(r"\w[’'`]s?$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Accent-, case-, possessive- and punctuation-insensitive form ("Aliyev’s" → "aliyev")."""
    s = text.strip()
    if not s.isascii():
        s = unidecode(unicodedata.normalize("NFKC", s).translate(_SCHWA))
    if _POSSESSIVE_END.search(s):
        s = _POSSESSIVE.sub("", s)
    return " ".join(_NON_ALNUM.sub(" ", s.lower()).split())


@lru_cache(maxsize=1 << 17)
def translit_key(word: str) -> str:
    """One key for the Latin spelling variants of a single folded name word."""
    s = fold(word).replace(" ", "")
    for pat, rep in _COMPILED:
        s = pat.sub(rep, s)
    return s


def name_key(surface: str) -> str:
    """Transliteration key of a whole name: the keys of its words, space-joined."""
    return " ".join(translit_key(w) for w in fold(surface).split())


def slug(text: str) -> str:
    """Readable id part: `Sergei Shoigu` → `sergei-shoigu`."""
    return fold(text).replace(" ", "-") or "x"


def latin_share(text: str) -> float:
    """Share of the letters of `text` that are Latin script (0 for no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def is_initial(word: str) -> bool:
    """`S.` or `S` — a first-name initial."""
    return bool(re.fullmatch(r"[A-Za-z]\.?", word.strip()))


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


def split_name(surface: str) -> tuple[list[str], str]:
    """(given-name words, surname) of a folded person name."""
    words = fold(surface).split()
    if not words:
        return [], ""
    return words[:-1], words[-1]


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


def names_match(a: str, b: str) -> str | None:
    """`exact`/`transliteration` when two multi-word names are one person's name, else None.

    Surnames must match; the first given names must be compatible (a missing
    middle name is fine, a different first name is not: Ilham vs Heydar Aliyev),
    or the shorter name uses the longer one's middle name (Tayyip / Recep Tayyip Erdogan).
    """
    ga, sa = split_name(a)
    gb, sb = split_name(b)
    how = surnames_match(sa, sb)
    if how is None or not ga or not gb:
        return None
    if not first_names_compatible(ga[0], gb[0]) and not _calls_by_middle_name(ga, gb):
        return None
    if fold(a) == fold(b):
        return "exact"
    return "transliteration"
