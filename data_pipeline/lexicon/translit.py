"""Cyrillic names in Latin letters: the standard transliteration, and the spellings English text uses.

`to_latin` is iuliia's Wikipedia scheme, the way English Wikipedia writes Russian names
("Сергей Шойгу" → "Sergey Shoygu"): the display name of a person the corpus names only in Cyrillic.
`latin_spellings` adds how English text writes names that Russian spells by sound: Г for H
("Гасанов" → Hasanov), Ш for Sch/Ch ("Шольц" → Scholz, "Мишель" → Michel), К for C ("Макрон" →
Macron), Ц for Z, Ж for J. Each spelling is then compared like any Latin spelling (names.translit_key
folds Shoygu/Shoigu, Gadzhiyev/Hajiyev), so the matching rules stay one set for both scripts.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

import iuliia

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# one Latin rendering per letter: the base of the variant spellings below (to_latin is iuliia's)
_BASE = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                 ["a", "b", "v", "g", "d", "e", "yo", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
                  "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
_BASE["дж"] = "dzh"
# renderings of names from other languages that Russian writes by sound
_ALTERNATIVES = {"г": ("h",), "ш": ("sch", "ch"), "к": ("c",), "ц": ("z", "tz", "c"), "ж": ("j",),
                 "х": ("h", "ch"), "ю": ("u", "ju"), "я": ("ia", "ja"), "ё": ("o", "e"), "дж": ("j", "c")}
MAX_SPELLINGS = 16  # per word: letters with alternatives beyond this many combinations keep their base


def has_cyrillic(text: str) -> bool:
    """Whether `text` contains a Cyrillic letter."""
    return bool(_CYRILLIC.search(text))


@lru_cache(maxsize=1 << 16)
def to_latin(text: str) -> str:
    """Standard Latin form of Cyrillic text (Wikipedia scheme); Latin text is returned unchanged."""
    return iuliia.WIKIPEDIA.translate(text) if has_cyrillic(text) else text


@lru_cache(maxsize=1 << 16)
def word_spellings(word: str) -> tuple[str, ...]:
    """Latin spellings of one Cyrillic word, the standard one first (lower case)."""
    low = word.lower()
    if not has_cyrillic(low):
        return (low,)
    letters = re.findall(r"дж|.", low, flags=re.S)
    options = [(_BASE.get(c, c),) + _ALTERNATIVES.get(c, ()) for c in letters]
    out = [to_latin(low).lower()]
    combos = 1
    for k, opts in enumerate(options):  # keep the product small: alternatives on the first letters only
        if combos * len(opts) > MAX_SPELLINGS:
            options[k] = opts[:1]
        combos *= len(options[k])
    for parts in product(*options):
        s = "".join(parts)
        if s not in out:
            out.append(s)
    return tuple(out)


def latin_spellings(name: str, limit: int = 32) -> list[str]:
    """Latin spellings of a Cyrillic name, the standard transliteration first, in Title case."""
    words = name.split()
    if not words or not has_cyrillic(name):
        return [name]
    out = []
    for combo in product(*(word_spellings(w) for w in words)):
        s = " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in combo)
        if s not in out:
            out.append(s)
        if len(out) >= limit:
            break
    return out
