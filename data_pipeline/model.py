"""Plain records passed between pipeline stages."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache


def normalise_body(text: str) -> str:
    """Canonical form of a body used for the stable article id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@lru_cache(maxsize=1 << 16)
def article_id_for(text: str) -> str:
    """Stable id: hash of the normalised body text.

    Memoised: a build asks for each article's id many times (`Article.article_id` is a property).
    """
    return hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()[:16]


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass
class Article:
    """One clean, dated article ready for NLP."""

    path: str
    text: str
    title: str | None = None
    source: str | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    date_source: str = "none"
    language: str = "en"
    # char ranges of `text` that are not English; masked out before the English model
    foreign_ranges: list[tuple[int, int]] = field(default_factory=list)
    other_paths: list[str] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return article_id_for(self.text)

    @property
    def n_words(self) -> int:
        return count_words(self.text)

    def nlp_text(self) -> str:
        """`text` with non-English ranges blanked (same length, so offsets stay valid)."""
        if not self.foreign_ranges:
            return self.text
        chars = list(self.text)
        for start, end in self.foreign_ranges:
            for i in range(start, min(end, len(chars))):
                if not chars[i].isspace():
                    chars[i] = " "
        return "".join(chars)
