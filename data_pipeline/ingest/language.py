"""Language of an article and of each paragraph (lingua), decided on the words that carry a language.

A non-Latin script alone tells that a line is not English. Latin-script text is judged on its
*content words*: names, titles and other capitalised words are left out, and so are the particles
inside names ("van der", "bin", "de la"), because an English brief full of Azerbaijani or Hungarian
names reads as Azerbaijani or Hungarian to a character model. A text is called another language only
on at least MIN_EVIDENCE content words, and only when the whole text does not read as English either
(place and day names carry English too: "Vienna", "Tuesday") and most content words are not English
function words ("met on … and plans to meet on" is English, whatever its trigrams say). With less
evidence it is undetermined, and an undetermined Latin-script article is English, the pipeline's
language.
lingua runs in its low-accuracy (trigram) mode: it loads in a tenth of a second instead of seconds.
Neither lingua nor spaCy is imported with this module: lingua when a text first needs the detector, and
spaCy's English stop-word list is read from its own file without importing spaCy (~0.9 s), so a build
that parses nothing (or parses in another process) never loads spaCy here.
"""
from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from data_pipeline.lexicon.names import NAME_PARTICLES

if TYPE_CHECKING:
    from lingua import Language, LanguageDetector

# Languages analysts here meet most (lingua `Language` member names); a short list keeps detection fast and
# unambiguous.
LANGUAGES = (
    "ENGLISH", "RUSSIAN", "UKRAINIAN", "ARMENIAN", "GEORGIAN",
    "AZERBAIJANI", "TURKISH", "FRENCH", "GERMAN", "SPANISH",
    "ITALIAN", "PORTUGUESE", "DUTCH", "POLISH", "ARABIC",
    "PERSIAN", "URDU", "CHINESE",
)
UNDETERMINED = "und"
DEFAULT = "en"  # what a Latin-script article without evidence of another language is taken for
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")
MIN_EVIDENCE = 6  # content words needed before Latin-script text is given any language
ENGLISH_SHARE = 0.5  # content words that are English function words, from which a text stays English
SAMPLE_CHARS = 3000  # language and script are judged on the start of long texts


@lru_cache(maxsize=None)
def _detector() -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in LANGUAGES)).with_low_accuracy_mode().build()


STOP_WORDS_MODULE = "spacy.lang.en.stop_words"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (spacy/lang/en/stop_words.py, a plain list), without importing spaCy.

    Importing `spacy.lang.en.stop_words` runs spaCy's package `__init__` (~0.9 s): the module file is run on
    its own instead, unless spaCy is imported already. Falls back to the import if the file is not found.
    """
    module = sys.modules.get(STOP_WORDS_MODULE)
    if module is None:
        spec = importlib.util.find_spec("spacy")
        path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py" if spec and spec.origin else None
        if path is None or not path.is_file():
            from spacy.lang.en import stop_words as module
        else:
            own = importlib.util.spec_from_file_location("_data_pipeline_en_stop_words", path)
            module = importlib.util.module_from_spec(own)
            own.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def script_of(text: str) -> str | None:
    """The dominant script of the letters in `text` ("LATIN", "CYRILLIC", ...), None without letters."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():  # the common case, without the per-character loop
        return "LATIN" if _ASCII_LETTER.search(sample) else None
    counts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha():
            if ch < "\u0250":
                name = "LATIN"
            else:
                try:
                    name = unicodedata.name(ch).split(" ", 1)[0]
                except ValueError:
                    continue
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=counts.__getitem__)


_NAME_PREFIXES = ("al-", "el-")  # "al-Sisi": capitalised after the prefix


def content_words(text: str) -> list[str]:
    """The words of `text` that carry its language: no capitalised words, no particles inside names."""
    words = _WORD.findall(text)
    # capitalised words out (one expression, not a call per word: ~80 words a line, every line of every article)
    keep = [not (w[0].isupper() or w[3:4].isupper() and w[:3].lower() in _NAME_PREFIXES) for w in words]
    for i in range(len(words) - 2, -1, -1):  # right to left, so "van der Linden" drops both particles
        if keep[i] and words[i] in NAME_PARTICLES and (not keep[i + 1] or words[i + 1] in NAME_PARTICLES
                                                     and i + 2 < len(words) and not keep[i + 2]):
            keep[i] = False
    return [w for w, k in zip(words, keep) if k]


def english_share(words: list[str]) -> float:
    """Share of `words` that are English function words (spaCy's English stop words)."""
    stops = stop_words()
    return sum(w.lower() in stops for w in words) / len(words) if words else 0.0


def _code(lang: Language | None) -> str:
    return lang.iso_code_639_1.name.lower() if lang is not None else UNDETERMINED


@lru_cache(maxsize=4096)
def detect(text: str) -> str:
    """ISO 639-1 code of `text` ("en", "ru", ...), or "und" when it cannot be told (see the module docstring)."""
    text = text[:SAMPLE_CHARS]
    script = script_of(text)
    if script is None:
        return UNDETERMINED
    if script != "LATIN":
        return _code(_detector().detect_language_of(text))
    words = content_words(text)
    if len(words) < MIN_EVIDENCE:
        return UNDETERMINED
    if english_share(words) >= ENGLISH_SHARE:  # English whatever the detector says: spare it the call
        return "en"
    found = _code(_detector().detect_language_of(" ".join(words)))
    if found != "en" and _code(_detector().detect_language_of(text)) == "en":
        return "en"
    return found


def of_article(lines: list[str]) -> str:
    """The language most of an article's lines are in, weighted by words; Latin script without evidence is English."""
    weight: dict[str, int] = {}
    for s in lines:
        code = detect(s)
        if code != UNDETERMINED:
            weight[code] = weight.get(code, 0) + len(s.split())
    if weight:
        return max(weight, key=lambda c: (weight[c], c == DEFAULT))
    whole = "\n".join(lines)
    found = detect(whole)
    if found == UNDETERMINED and script_of(whole) == "LATIN":
        return DEFAULT
    return found


def is_foreign(text: str, language: str = "en") -> bool:
    """True when `text` is clearly not in `language` (text without enough evidence never is)."""
    text = text[:SAMPLE_CHARS]
    script = script_of(text)
    if script is None:
        return False
    if language == "en" and script != "LATIN":
        return True
    return detect(text) not in (language, UNDETERMINED)
