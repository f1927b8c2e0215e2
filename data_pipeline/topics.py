"""Topic tagging from an editable taxonomy, matched on sentence lemmas."""
from __future__ import annotations

from pathlib import Path

import yaml
from spacy.tokens import Doc

from .errors import PipelineError

DEFAULT_TAXONOMY = Path(__file__).resolve().parent.parent / "config" / "topics.yaml"


def sentence_lemmas(doc: Doc) -> list[list[str]]:
    """Lower-cased lemmas of every sentence: all that topic tagging needs from spaCy."""
    return [[t.lemma_.lower() for t in s if not t.is_space] for s in doc.sents]


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict[str, dict]:
    """Read the taxonomy YAML: topic -> {description, phrases, exclude}."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PipelineError(f"{path}: cannot read topic taxonomy ({exc})") from None
    if not isinstance(data, dict):
        raise PipelineError(f"{path}: the taxonomy must map topic names to their phrases")
    return data


def _phrase_lemmas(nlp, phrases: list[str]) -> list[list[str]]:
    return [[t.lemma_.lower() for t in d] for d in nlp.pipe(phrases)]


def _contains(seq: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def compile_taxonomy(nlp, taxonomy: dict[str, dict]) -> dict[str, tuple[list[list[str]], list[list[str]]]]:
    """Lemmatise every phrase once: topic -> (phrase lemma lists, exclusion lemma lists)."""
    return {
        topic: (_phrase_lemmas(nlp, [str(p) for p in spec.get("phrases", [])]),
                _phrase_lemmas(nlp, [str(p) for p in spec.get("exclude", []) or []]))
        for topic, spec in taxonomy.items()
    }


def tag(sent_lemmas: list[list[str]], compiled) -> dict[str, list[int]]:
    """Topic -> indices of sentences that match one of its phrases (and no exclusion)."""
    hits: dict[str, list[int]] = {}
    for n, lemmas in enumerate(sent_lemmas):
        for topic, (phrases, excludes) in compiled.items():
            if any(_contains(lemmas, p) for p in phrases) and not any(_contains(lemmas, x) for x in excludes):
                hits.setdefault(topic, []).append(n)
    return hits
