"""Language of an article and of each paragraph (lingua), built once and restricted for speed.

Non-Latin scripts are decided by the script itself (Cyrillic text is never English);
Latin-script text goes to lingua's fast trigram detector first and, only when that one does
not say English confidently, to the slower high-accuracy detector.
"""
from __future__ import annotations

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
MIN_WORDS = 4  # shorter Latin-script lines are too short to call
CONFIDENT = 0.6


@lru_cache(maxsize=None)
def _detector(high_accuracy: bool) -> LanguageDetector:
    builder = LanguageDetectorBuilder.from_languages(*LANGUAGES)
    if not high_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def script_of(text: str) -> str | None:
    """The dominant script of the letters in `text` ("LATIN", "CYRILLIC", ...), None without letters."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
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
    script = script_of(text)
    if script is None:
        return UNDETERMINED
    if script == "LATIN":
        fast = _detector(False).compute_language_confidence_values(text)
        if fast and fast[0].language == Language.ENGLISH and fast[0].value >= CONFIDENT:
            return "en"
    return _code(_detector(True).detect_language_of(text))


def is_foreign(text: str, language: str = "en") -> bool:
    """True when `text` is clearly not in `language` (too short or letterless text never is)."""
    script = script_of(text)
    if script is None:
        return False
    if language == "en" and script != "LATIN":
        return True
    if script == "LATIN" and len(text.split()) < MIN_WORDS:
        return False
    found = detect(text)
    return found not in (language, UNDETERMINED)
