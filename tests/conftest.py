"""Shared fixtures: the seeds built once per session, the real model loaded once."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"  # the scorer, gold files and dev sets, beside the checkout


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """`../shared/eval` (scorer, gold, dev sets). Missing: a skip on a developer's machine, a failure in CI."""
    path = SHARED / "eval"
    if not (path / "score.py").exists():
        message = f"{path} not found: the scorer and gold files must sit beside the checkout"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def scorer(shared_eval):
    """The shared scorer module (`score.score(data_dir, gold_path)`)."""
    spec = importlib.util.spec_from_file_location("score", shared_eval / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def nlp():
    from data_pipeline.nlp.spacy_model import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_data(tmp_path_factory) -> Path:
    """The seeds built into a temporary data directory."""
    from data_pipeline.run.build import BuildOptions, build

    out = tmp_path_factory.mktemp("seeds") / "data"
    build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=None))
    return out


@pytest.fixture(scope="session")
def seeds_tables(seeds_data) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in seeds_data.glob("*.parquet")}


_TAGS = {"PROPN": "NNP", "NOUN": "NN", "VERB": "VBD", "AUX": "VBD", "ADP": "IN", "DET": "DT", "PRON": "PRP",
         "ADJ": "JJ", "ADV": "RB", "CCONJ": "CC", "SCONJ": "IN", "NUM": "CD", "PUNCT": ".", "PART": "RP"}
_NO_SPACE_BEFORE = {".", ",", ";", ":", ")", "'s", "’s", "!", "?"}


def parsed(spec: str, glued: tuple[int, ...] = ()):
    """A hand-built parsed Doc, as spaCy's own tests build them, from "text/POS[:TAG]/dep/head[/LABEL][/=lemma] …".

    `head` is a token index (a ROOT points at itself); tokens with the same entity LABEL next to each
    other form one entity ("B-LABEL" starts a new one); the lemma defaults to the lower-cased text.
    Tokens whose index is in `glued` have no space after them ("Ji", "-" of "Ji-hoon").
    """
    from spacy.tokens import Doc

    words, pos, tags, deps, heads, ents, lemmas = [], [], [], [], [], [], []
    for item in spec.split():
        text, p, dep, head, *rest = item.split("/") if not item.startswith("/") else ["/", *item[1:].split("/")[1:]]
        p, _, tag = p.partition(":")
        label = next((r for r in rest if not r.startswith("=")), None)
        lemma = next((r[1:] for r in rest if r.startswith("=")), text.lower())
        words.append(text)
        pos.append(p)
        tags.append(tag or _TAGS.get(p, "XX"))
        deps.append(dep)
        heads.append(int(head))
        lemmas.append(lemma)
        if label is None:
            ents.append("O")
        elif label.startswith("B-"):
            ents.append(label)
        else:
            ents.append(f"I-{label}" if ents and ents[-1] != "O" and ents[-1][2:] == label else f"B-{label}")
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and i not in glued for i in range(len(words))]
    return Doc(_blank_vocab(), words=words, spaces=spaces, pos=pos, tags=tags, deps=deps, heads=heads,
               lemmas=lemmas, ents=ents)


def _blank_vocab():
    import spacy

    global _VOCAB
    if _VOCAB is None:
        _VOCAB = spacy.blank("en").vocab
    return _VOCAB


_VOCAB = None


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium through Playwright, one per browser-test module."""
    from playwright.sync_api import sync_playwright

    from bench.serve import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
