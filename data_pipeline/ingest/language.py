"""Language of an article and of each paragraph (lingua), built once and restricted for speed.

A non-Latin script alone tells that a line is not English. Otherwise lingua decides, in its
low-accuracy (trigram) mode: it ranks sentence-length text correctly, loads in a tenth of a second
instead of seconds, and lines under MIN_WORDS words are never judged at all.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages analysts here meet most; a short list keeps detection fast and unambiguous.
LANGUAGES = (
    Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN, Language.ARMENIAN, Language.GEORGIAN,
    Language.AZERBAIJANI, Language.TURKISH, Language.FRENCH, Language.GERMAN, Language.SPANISH,
    Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH, Language.POLISH, Language.ARABIC,
    Language.PERSIAN, Language.URDU, Language.CHINESE,
)
UNDETERMINED = "und"
_ASCII_LETTER = re.compile(r"[A-Za-z]")
MIN_WORDS = 4  # shorter Latin-script lines are too short to call
SAMPLE_CHARS = 3000  # language and script are judged on the start of long texts


@lru_cache(maxsize=None)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


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


def _code(lang: Language | None) -> str:
    return lang.iso_code_639_1.name.lower() if lang is not None else UNDETERMINED


@lru_cache(maxsize=4096)
def detect(text: str) -> str:
    """ISO 639-1 code of `text` ("en", "ru", ...), or "und" when it cannot be told."""
    text = text[:SAMPLE_CHARS]
    if script_of(text) is None:
        return UNDETERMINED
    return _code(_detector().detect_language_of(text))


def is_foreign(text: str, language: str = "en") -> bool:
    """True when `text` is clearly not in `language` (too short or letterless text never is)."""
    text = text[:SAMPLE_CHARS]
    script = script_of(text)
    if script is None:
        return False
    if language == "en" and script != "LATIN":
        return True
    if script == "LATIN" and len(text.split()) < MIN_WORDS:
        return False
    found = detect(text)
    return found not in (language, UNDETERMINED)
