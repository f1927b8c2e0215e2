"""Name normalisation: folding, Latin transliteration keys, slugs and name parts.

`translit_key` maps the common Latin spellings of one Russian/Armenian/Azerbaijani
name to one key (Shoigu/Shoygu, Karapetyan/Karapetian, Dmitry/Dmitriy/Dmitri,
Mikheyev/Mikheev, Khachaturyan/Hachaturian, Dzhabarov/Jabarov). Deciding whether
two names are one person's is resolution's job (`resolve/name_match.py`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# lower-case words inside personal names ("Dirk van der Linden", "Mohammed bin Salman", "María de la Cruz")
NAME_PARTICLES = frozenset({
    "van", "von", "der", "den", "ten", "ter", "de", "del", "della", "dela", "la", "le", "du", "da", "das", "do",
    "dos", "di", "y", "e", "zu", "bin", "bint", "ibn", "al", "el", "ul", "abu", "ould", "ben",
})
_POSSESSIVE = re.compile(r"[’'`]s?$")  # ’ is folded by unidecode to ' before this runs
# ordered rewrites applied to a folded word (a–z only)
_REWRITES: list[tuple[str, str]] = [
    (r"dzh|dj|zh", "j"),  # Dzhabarov/Jabarov, Zhaparov/Japarov, Djuro/Juro
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


GENERATIONAL = frozenset({"jr", "sr", "jnr", "snr", "ii", "iii", "iv"})  # "Marcos Jr.", "Austin III"
_FOLD_EXTRA = str.maketrans({"đ": "dj", "Đ": "Dj"})  # Serbo-Croatian: Đuro is written Djuro


def name_words(surface: str) -> list[str]:
    """The folded words of a person name that identify it, in order.

    Particles ("van der", "bin", "de la", a glued "Al-") and a generational suffix ("Jr.", "III")
    are left out; a hyphenated name is one word ("Amir-Abdollahian" → "amirabdollahian", as it is
    also spelled).
    """
    from data_pipeline.lexicon.titles import is_title_word  # titles imports nothing back

    raws = surface.translate(_FOLD_EXTRA).split()
    while len(raws) > 2 and is_title_word(raws[0]):  # "Sheikh Abdullah bin Zayed", "Sayyid Badr bin Hamad"
        raws = raws[1:]
    out = []
    for raw in raws:
        parts = [fold(x) for x in raw.split("-")]
        while len(parts) > 1 and parts[0] in NAME_PARTICLES:  # Al-Sabah, el-Sisi
            parts = parts[1:]
        word = "".join(p.replace(" ", "") for p in parts)
        if word and word not in NAME_PARTICLES:
            out.append(word)
    while len(out) > 1 and out[-1] in GENERATIONAL:
        out.pop()
    return out


def split_name(surface: str) -> tuple[list[str], str]:
    """(given-name words, surname) of a person name, by `name_words`."""
    words = name_words(surface)
    if not words:
        return [], ""
    return words[:-1], words[-1]


def surname_key(surface: str) -> str:
    """Transliteration key of a name's surname ("" without one)."""
    _, last = split_name(surface)
    return translit_key(last) if last else ""
