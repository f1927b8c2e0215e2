"""The Russian models: natasha's news models (slovnet morphology, UD syntax, NER on navec embeddings).

All of them ship inside the `natasha` wheel (PyPI), so nothing is downloaded at run time. Loaded
once per process (about a second); `model_id` names the versions for cache keys and the manifest.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from data_pipeline.errors import PipelineError

PACKAGES = ("natasha", "slovnet", "navec", "razdel", "pymorphy2-dicts-ru")
INSTALL_HINT = ("the Russian models are not installed: `pip install natasha==1.6.0` (or `make install`) "
                "brings them")
# sentences per slovnet batch: batches are padded to their longest sentence, so sentences are sorted by
# length first and large batches cost little padding (3x faster than natasha's default of 8)
BATCH = 64


@dataclass(frozen=True)
class RussianModels:
    """The loaded natasha components."""

    morph: object   # slovnet morphology tagger (UD POS and features)
    syntax: object  # slovnet UD dependency parser
    ner: object     # slovnet NER (PER, LOC, ORG)
    vocab: object   # pymorphy2 dictionary (lemmas, name inflection)


def load_models() -> RussianModels:
    """The natasha models, loaded once per process; a PipelineError saying how to install them if missing."""
    return _load()


@lru_cache(maxsize=1)
def _load() -> RussianModels:
    try:
        # natasha first: importing it (through yargy) makes pymorphy2 work on Python 3.11
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser
    except ImportError as exc:
        raise PipelineError(INSTALL_HINT) from exc
    emb = NewsEmbedding()
    models = RussianModels(NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb), MorphVocab())
    for tagger in (models.morph, models.syntax):
        tagger.batch_size = tagger.infer.encoder.batch_size = BATCH
    return models


@lru_cache(maxsize=1)
def model_id() -> str:
    """`ru_natasha-<versions>`: changes whenever a package that shapes the Russian analysis changes."""
    try:
        versions = [metadata.version(p) for p in PACKAGES]
    except metadata.PackageNotFoundError as exc:
        raise PipelineError(INSTALL_HINT) from exc
    return "ru_natasha-" + "-".join(versions)
