"""Russian text → spaCy Doc: razdel tokens and sentences, slovnet morphology, UD syntax and NER, lemmas.

The Doc's text is the article text exactly (whitespace between tokens becomes SPACE tokens, as spaCy
makes them), so every offset is an offset into the text, and the rules that read the Doc use the
spaCy API the English path uses. The models run over all sentences of a chunk of articles at once,
sorted by length (slovnet pads a batch to its longest sentence), then each article gets its Doc back.
"""
from __future__ import annotations

from functools import lru_cache

from razdel import sentenize, tokenize
from spacy.tokens import Doc
from spacy.util import filter_spans

from data_pipeline.nlp.ru.lemmas import lemma
from data_pipeline.nlp.ru.model import RussianModels, load_models

MAX_TOKENS = 120  # longer "sentences" (tables, menus) are cut: the parser's cost grows with the square
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

Token3 = tuple[int, int, str]  # start, end, text


@lru_cache(maxsize=1)
def vocab():
    """The spaCy vocabulary of Russian Docs (Russian lexical attributes; no pipeline)."""
    import spacy

    return spacy.blank("ru").vocab


def segment(text: str) -> tuple[list[Token3], list[tuple[int, int]]]:
    """(tokens, sentences as [first, last) token ranges) of a text; over-long sentences are cut."""
    tokens: list[Token3] = []
    ranges: list[tuple[int, int]] = []
    for sent in sentenize(text):
        first = len(tokens)
        tokens += [(sent.start + t.start, sent.start + t.stop, t.text) for t in tokenize(sent.text)]
        for a in range(first, len(tokens), MAX_TOKENS):
            ranges.append((a, min(a + MAX_TOKENS, len(tokens))))
    return tokens, ranges


def run_sorted(model, items: list[list[str]]) -> list:
    """`model.map` over `items` in order of length, results given back in input order."""
    order = sorted(range(len(items)), key=lambda i: len(items[i]))
    out: list = [None] * len(items)
    for i, markup in zip(order, model.map([items[i] for i in order])):
        out[i] = markup
    return out


def tree(heads: list[int]) -> list[int]:
    """Sentence-relative heads (-1: root) made one tree under the first root; cycles broken at the root."""
    n = len(heads)
    root = next((i for i, h in enumerate(heads) if h < 0 or h >= n), 0)
    out = [root if h < 0 or h >= n else h for h in heads]
    out[root] = root
    for i in range(n):
        seen, j = set(), i
        while j != root and j not in seen:
            seen.add(j)
            j = out[j]
        if j != root:
            out[i] = root
    return out


def _feats(feats: dict) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items()))


def build_doc(text: str, tokens: list[Token3], ranges: list[tuple[int, int]], morphs: list, trees: list,
              spans: list) -> Doc:
    """One Doc from the tokens, per-sentence morphology and syntax markups, and NER spans of `text`."""
    words, spaces, pos, morph, lemmas, heads, deps = [], [], [], [], [], [], []
    where = [0] * len(tokens)  # token number -> Doc position
    cursor = 0

    def filler(gap: str) -> None:  # whitespace (or anything razdel skipped) between tokens
        if words and gap[:1] == " " and not spaces[-1]:
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            pos.append("SPACE" if gap.isspace() else "X")
            morph.append("")
            lemmas.append(gap)
            heads.append(-1)  # attached below, to the word before (or the first word)
            deps.append("dep")

    for (a, b), mk, tr in zip(ranges, morphs, trees):
        head_of = tree([int(t.head_id) - 1 for t in tr.tokens])
        for k in range(a, b):
            start, end, word = tokens[k]
            if start > cursor:
                filler(text[cursor:start])
            where[k] = len(words)
            tag = mk.tokens[k - a]
            words.append(word)
            spaces.append(False)
            pos.append(tag.pos)
            morph.append(_feats(tag.feats))
            lemmas.append(lemma(word, tag.pos, morph[-1]))
            heads.append(k - a)  # sentence-relative for now
            deps.append(tr.tokens[k - a].rel if head_of[k - a] != k - a else "ROOT")
            cursor = end
        for k in range(a, b):
            heads[where[k]] = where[a + head_of[k - a]]
    if cursor < len(text):
        filler(text[cursor:])
    last_word = None
    for i, h in enumerate(heads):  # fillers hang from the word before them, leading ones from the first word
        if h < 0:
            heads[i] = last_word if last_word is not None else next((j for j, x in enumerate(heads) if x >= 0), i)
        elif pos[i] != "SPACE":
            last_word = i
    doc = Doc(vocab(), words=words, spaces=spaces, pos=pos, morphs=morph, lemmas=lemmas, heads=heads, deps=deps)
    ents = [doc.char_span(s.start, s.stop, label=LABELS.get(s.type, s.type), alignment_mode="expand")
            for s in spans]
    doc.ents = filter_spans([e for e in ents if e is not None and len(e)])
    return doc


def parse(texts: list[str], models: RussianModels | None = None) -> list[Doc]:
    """Docs of Russian texts, in order (the models run on all sentences of `texts` together)."""
    models = models or load_models()
    segs = [segment(t) for t in texts]
    sents = [[tokens[k][2] for k in range(a, b)] for tokens, ranges in segs for a, b in ranges]
    morphs = run_sorted(models.morph, sents)
    trees = run_sorted(models.syntax, sents)
    ners = iter(models.ner.map([t for t in texts if t.strip()]))  # the tagger fails on blank text
    docs, k = [], 0
    for text, (tokens, ranges) in zip(texts, segs):
        n = len(ranges)
        spans = next(ners).spans if text.strip() else []
        docs.append(build_doc(text, tokens, ranges, morphs[k:k + n], trees[k:k + n], spans))
        k += n
    return docs

