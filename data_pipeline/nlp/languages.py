"""Which per-article path analyses an article, by its `language`: spaCy for English, natasha for Russian.

Articles in other languages (Ukrainian, Armenian, Azerbaijani, ...) are kept with their language and
not parsed. The cache keys of a Russian analysis carry the Russian models' versions (`cache_tag`).
"""
from __future__ import annotations

ANALYSED = ("en", "ru")


def analysed(language: str) -> bool:
    """Whether articles in `language` are parsed."""
    return language in ANALYSED


def cache_tag(language: str) -> str:
    """Prefix of the cache key text of an article in `language`: its models' identity ("" for English, whose
    model id is the cache's own version)."""
    if language == "ru":
        from data_pipeline.nlp.ru.model import model_id

        return f"ru\0{model_id()}\0"
    return ""
