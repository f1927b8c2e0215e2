"""One worker: the build process only parses; the per-article analysis and the topic rows run in the other process.

At one local worker the build process's spaCy `nlp.pipe` is the build's critical path, and `nlp/analyse.analyse()`
was ~13-15 % of it. Here the build process parses each chunk (`parse_chunk`), packs its Docs as token arrays
(run/docwire.py) and hands them to the one other process of run/overlap.py (the one that read the input files),
which rebuilds the Docs against its own copy of the model's vocabulary, analyses them, computes their topic rows
and sends back what the build keeps (`analyse_tag`); meanwhile the build process parses the next chunk
(`overlap.tagged_behind`). The analyses are the ones `engine.analyse_tag_chunk` gives: the Docs carry every
annotation `analyse()` reads (tests/test_offload.py compares them), and an article whose parse or analysis raises
gets its stand-in (`engine.stand_in`) while the others get their analyses. Russian articles are still analysed in
the build process (natasha), then tagged there too. With a cache, the other process also encodes each analysis as
the cache stores it (`cache.encode_entry`), so its token-level details never travel back to be decoded here.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from data_pipeline import MODEL_NAME
from data_pipeline.ingest.article import Article
from data_pipeline.run import overlap
from data_pipeline.run.cache import encode_entry, split_analysis
from data_pipeline.run.engine import _each_failure_apart, analyse_chunk, failure, paired, stand_in, topics_chunk

if TYPE_CHECKING:  # docwire imports spaCy: only where Docs are packed or rebuilt (a rebuild's build process has none)
    from data_pipeline.run.docwire import Pack

log = logging.getLogger(__name__)

MIN_ARTICLES = 64  # fewer to parse (and no other process already there): all of it here, as before

Item = tuple[str, date | None, str]  # (article_id, publication date, text) of an article of a chunk


@dataclass
class Parsed:
    """A chunk as the parsing process hands it over (also one parsed while the files were read, run/overlap.py): per
    article, its analysis when it is already made (a Russian one, a failure stand-in), else None: its Doc is the
    next one in `docs`."""

    done: list[dict | None]
    docs: Pack | None = None


def parse_chunk(articles: list[Article], batch_size: int) -> Parsed:
    """The articles parsed with this process's model (English: spaCy, Docs packed; Russian: natasha, analysed), in
    input order; an article the parse raises on gets its stand-in and the others their Docs (`_each_failure_apart`)."""
    from data_pipeline.run import docwire

    done: list[dict | None] = [None] * len(articles)
    english = [k for k, a in enumerate(articles) if a.language != "ru"]
    russian = [k for k, a in enumerate(articles) if a.language == "ru"]
    docs = []
    if english:
        from data_pipeline.run.parsing import parsing_model

        nlp = parsing_model()

        def spacy_path(arts: list[Article]) -> list:
            return list(nlp.pipe((a.nlp_text() for a in arts), batch_size=batch_size))

        for k, got in zip(english, _each_failure_apart(spacy_path, [articles[k] for k in english])):
            if isinstance(got, dict):
                done[k] = got
            else:
                docs.append(got)
    if russian:
        for k, analysis in zip(russian, analyse_chunk([articles[k] for k in russian], batch_size)):
            done[k] = analysis
    return Parsed(done, docwire.pack(docs) if docs else None)


def items_of(articles: list[Article]) -> list[Item]:
    """What `analyse_tag` needs of each article besides its Doc."""
    return [(a.article_id, a.published, a.text) for a in articles]


def analyse_tag(parsed: Parsed, items: list[Item], taxonomy_json: str, russian: bool = False,
                details: bool = True) -> list[tuple]:
    """A parsed chunk's results, in input order, as `engine.analyse_tag_chunk` gives them, in the other process:
    (analysis, topic rows) pairs, rows None for an article whose analysis failed. A real analysis comes back without
    its token-level details (only the topic rows read them); `details` (the build has a cache): with
    `cache.encode_entry` of the whole analysis as a third item, for the cache."""
    analyses = parsed.done
    if parsed.docs is not None:
        from data_pipeline.nlp.analyse import analyse
        from data_pipeline.nlp.spacy_model import load_model
        from data_pipeline.run import docwire

        docs = iter(docwire.unpack(parsed.docs, load_model(MODEL_NAME).vocab))
        analyses = [_analysed(analyse, next(docs), published) if an is None else an
                    for an, (_, published, _) in zip(parsed.done, items)]
    rows = topics_chunk([(aid, an, text) for an, (aid, _, text) in zip(analyses, items) if not failure(an)],
                        taxonomy_json, russian)
    out = []
    for an, got in paired(analyses, rows):
        if got is None:
            out.append((an, None))
        else:
            core = split_analysis(an)[0]
            out.append((core, got, encode_entry(an)) if details else (core, got))
    return out


def _analysed(analyse, doc, published: date | None) -> dict:
    """`analyse(doc, published)`, or the stand-in of the exception it raised."""
    try:
        return analyse(doc, published)
    except Exception as exc:  # one article's analysis broke: the others keep theirs
        log.debug("analysis failed", exc_info=True)
        return stand_in(exc)


def wanted(early: overlap.EarlyParse, todo: list[Article]) -> bool:
    """Whether `analysed_behind` is worth its other process: it is there already (it read the files), or enough is
    left to parse to pay for starting one."""
    return early.has_pool or len(todo) >= MIN_ARTICLES


def analysed_behind(early: overlap.EarlyParse, todo: list[Article], keys: dict[str, str], taxonomy_json: str,
                    russian: bool, details: bool) -> Iterator[tuple]:
    """`todo`'s results in order (`analyse_tag`'s), chunk by chunk: each chunk parsed here by `early`'s parse
    (`parse_chunk`; or taken as parsed while the files were read), then analysed and tagged by `early`'s other
    process while this one parses the next."""
    pool = early.pool()

    def submit(part: list[Article], parsed: Parsed):
        return pool.submit(analyse_tag, parsed, items_of(part), taxonomy_json, russian, details)

    return overlap.tagged_behind(early.analysed(todo, keys), submit, lambda _parsed, back: back)
