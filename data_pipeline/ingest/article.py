"""Plain records passed between pipeline stages."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property


def normalise_body(text: str) -> str:
    """Canonical form of a body used for the stable article id."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id_for(text: str) -> str:
    """Stable id: hash of the normalised body text."""
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
    date_evidence: str = ""  # what was seen for the publication date (see ingest/published.py)
    language: str = "en"
    # char ranges of `text` that are not English; masked out before the English model
    foreign_ranges: list[tuple[int, int]] = field(default_factory=list)
    other_paths: list[str] = field(default_factory=list)

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

    # computed once per instance (records are not mutated: stages build new ones with dataclasses.replace);
    # the ingest cache stores both with the record (`derived` / `prime`), so a rebuild recomputes neither
    @cached_property
    def article_id(self) -> str:
        return article_id_for(self.text)

    @cached_property
    def n_words(self) -> int:
        return count_words(self.text)

    def derived(self) -> list:
        """[article_id, n_words]: values computed from the text, worth caching with the record."""
        return [self.article_id, self.n_words]

    def prime(self, derived: list) -> Article:
        """Set `derived()` values computed earlier for this same text (from the ingest cache); returns self."""
        self.__dict__["article_id"], self.__dict__["n_words"] = derived
        return self
