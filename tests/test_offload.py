"""One worker: Docs parsed here, analysed and tagged in the other process (run/docwire.py, run/offload.py)."""
import multiprocessing as mp
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from data_pipeline.ingest.article import Article
from data_pipeline.run import docwire, offload
from data_pipeline.run.cache import encode_entry, split_analysis
from data_pipeline.run.engine import analyse_tag_chunk, canonical_taxonomy, failure
from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY, load_taxonomy

TOKEN_VIEW = ("text", "whitespace_", "tag_", "pos_", "lemma_", "norm_", "dep_", "ent_iob_", "ent_type_",
              "ent_kb_id_", "is_sent_start")


def _view(doc: Doc) -> list[tuple]:
    return [tuple(getattr(t, a) for a in TOKEN_VIEW) + (str(t.morph), t.head.i) for t in doc]


def _parsed_doc(vocab: Vocab) -> Doc:
    words = ["Mayor", "Ines", "Brandt", "opened", "the", "new", "bridge", ".", "Crowds", "cheered", "."]
    doc = Doc(vocab, words=words, spaces=[True, True, True, True, True, True, False, True, True, False, False],
              tags=["NNP", "NNP", "NNP", "VBD", "DT", "JJ", "NN", ".", "NNS", "VBD", "."],
              pos=["PROPN", "PROPN", "PROPN", "VERB", "DET", "ADJ", "NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"],
              morphs=["Number=Sing", "Number=Sing", "Number=Sing", "Tense=Past|VerbForm=Fin", "Definite=Def",
                      "Degree=Pos", "Number=Sing", "PunctType=Peri", "Number=Plur", "Tense=Past|VerbForm=Fin",
                      "PunctType=Peri"],
              lemmas=["Mayor", "Ines", "Brandt", "open", "the", "new", "bridge", ".", "crowd", "cheer", "."],
              heads=[2, 2, 3, 3, 6, 6, 3, 3, 9, 9, 9],
              deps=["compound", "compound", "nsubj", "ROOT", "det", "amod", "dobj", "punct", "nsubj", "ROOT",
                    "punct"],
              ents=["O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O", "O"])
    doc[4].norm_ = "teh-norm"  # a token-level norm that differs from the word's
    return doc


def test_docwire_round_trip_into_a_fresh_vocab_keeps_every_annotation():
    doc = _parsed_doc(Vocab())
    sentenced = Doc(doc.vocab, words=["Rain", ".", "Then", "sun", "."], sent_starts=[True, False, True, False, False])
    fresh = Vocab()  # knows none of the strings: they travel in the pack
    back = docwire.unpack(docwire.pack([doc, sentenced]), fresh)
    assert [_view(d) for d in back] == [_view(doc), _view(sentenced)]
    assert [d.text for d in back] == [doc.text, sentenced.text]
    assert [(s.start, s.end) for s in back[0].sents] == [(0, 8), (8, 11)]
    assert [(s.start, s.end) for s in back[1].sents] == [(0, 2), (2, 5)]
    assert [(e.text, e.label_) for e in back[0].ents] == [("Ines Brandt", "PERSON")]
    assert back[0][4].norm_ == "teh-norm"  # a token-level norm travels


def test_docwire_empty_docs_and_empty_packs():
    vocab = Vocab()
    docs = [Doc(vocab, words=[]), _parsed_doc(vocab), Doc(vocab, words=[])]
    back = docwire.unpack(docwire.pack(docs), Vocab())
    assert [len(d) for d in back] == [0, 11, 0] and _view(back[1]) == _view(docs[1])
    assert docwire.unpack(docwire.pack([]), Vocab()) == []


def test_docwire_refuses_what_it_cannot_carry():
    doc = _parsed_doc(Vocab())
    doc.spans["extra"] = [Span(doc, 0, 2, label="X")]
    with pytest.raises(ValueError, match="span groups"):
        docwire.pack([doc])


TEXTS = [
    "Foreign Minister Aiko Tanabe met her Chilean counterpart, Rodrigo Salas, in Lima on Tuesday to discuss "
    "lithium exports.\nThe two ministers signed a memorandum on mining standards.",
    "Tanabe later spoke by phone with Canada's trade envoy, Marc Delorme, about tariffs on steel.",
    "NAIROBI, March 3 (Staff) - Kenya's energy regulator said on Friday it would review the tariff for "
    "geothermal power after protests in Nakuru.",
    "The council of Westbrook voted 7-2 against the new parking levy.\n\nResidents had gathered outside "
    "the town hall since dawn; some carried signs reading \"No levy\".",
    "In a statement, Governor Lucia Ferraz's office said she had held talks with the leaders of three unions "
    "last week, and would meet them again on 14 June.",
    "",
    "Shares of Orvik Holdings fell 4% after the company's chief executive, Daniel Sorensen, resigned.",
]


def _articles() -> list[Article]:
    return [Article(path=f"own{n}.txt", text=t, published=date(2024, 5, n + 1)) for n, t in enumerate(TEXTS)]


def _generated(tmp_path, n: int) -> list[Article]:
    from bench.corpus import generate

    return [Article(path=p.name, text=p.read_text(encoding="utf-8"), published=date(2021, 2, 3))
            for p in generate(tmp_path / "gen", n, seed=11)]


def _taxonomy_json() -> str:
    return canonical_taxonomy(load_taxonomy(DEFAULT_TAXONOMY))


@pytest.mark.slow
def test_offload_analyses_in_another_process_equal_the_in_process_ones(tmp_path):
    arts = [a for a in _articles() if a.text] + _generated(tmp_path, 40)
    tax = _taxonomy_json()
    # the other process is forked, as the build's is, before anything here parses these texts: the strings they
    # add to this process's vocabulary reach it only in the packs
    with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
        pool.submit(os.getpid).result()
        expected = analyse_tag_chunk(arts, 16, tax, details=True)
        got = []
        for k in range(0, len(arts), 16):
            part = arts[k:k + 16]
            got += pool.submit(offload.analyse_tag, offload.parse_chunk(part, 16), offload.items_of(part), tax,
                               False, True).result()
    assert len(got) == len(expected) == len(arts)
    assert not any(failure(an) for an, _ in expected)
    for (core, rows, entry), (full, want_rows) in zip(got, expected):
        assert core == split_analysis(full)[0] and rows == want_rows
        assert entry == encode_entry(full)  # the bytes the cache would store
    assert any(an["interactions"] for an, _ in expected) and any(an["mentions"] for an, _ in expected)


def test_offload_without_details_sends_back_the_core_and_rows_only():
    arts = [a for a in _articles() if a.text][:3]
    tax = _taxonomy_json()
    got = offload.analyse_tag(offload.parse_chunk(arts, 4), offload.items_of(arts), tax, False, False)
    expected = analyse_tag_chunk(arts, 4, tax, details=False)
    assert got == expected and all(len(g) == 2 for g in got)


class _Refusing:
    """A model whose pipe raises on any batch holding a text with `word` (one article that breaks its batch)."""

    def __init__(self, nlp, word: str):
        self.nlp, self.word = nlp, word

    def pipe(self, texts, batch_size=16):
        texts = list(texts)
        if any(self.word in t for t in texts):
            raise ValueError(f"cannot parse {self.word}")
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_offload_an_article_whose_parse_raises_gets_its_stand_in(monkeypatch):
    from data_pipeline.run import parsing

    arts = [a for a in _articles() if a.text]
    real = parsing.parsing_model()
    monkeypatch.setattr(parsing, "parsing_model", lambda: _Refusing(real, "Westbrook"))
    parsed = offload.parse_chunk(arts, 16)
    bad = [k for k, a in enumerate(arts) if "Westbrook" in a.text]
    assert [k for k, d in enumerate(parsed.done) if d is not None] == bad
    assert failure(parsed.done[bad[0]]) == "ValueError: cannot parse Westbrook"
    assert len(parsed.docs.lengths) == len(arts) - 1


def test_offload_an_article_whose_analysis_raises_gets_the_stand_in_the_engine_gives(monkeypatch):
    from data_pipeline.nlp import analyse as analyse_module

    real = analyse_module.analyse

    def fussy(doc, published):
        if "levy" in doc.text:
            raise OverflowError("date value out of range")
        return real(doc, published)

    monkeypatch.setattr(analyse_module, "analyse", fussy)
    arts = [a for a in _articles() if a.text]
    tax = _taxonomy_json()
    got = offload.analyse_tag(offload.parse_chunk(arts, 16), offload.items_of(arts), tax, False, False)
    expected = analyse_tag_chunk(arts, 16, tax, details=False)
    assert got == expected
    failed = [k for k, (an, rows) in enumerate(got) if failure(an)]
    assert failed == [k for k, a in enumerate(arts) if "levy" in a.text] and got[failed[0]][1] is None
    assert sum(rows is not None for _, rows in got) == len(arts) - 1


def test_offload_chunks_analysed_while_reading_are_tagged_as_they_are():
    arts = [a for a in _articles() if a.text][:2]
    tax = _taxonomy_json()
    analysed = [an for an, _ in analyse_tag_chunk(arts, 4, tax, details=True)]
    got = offload.analyse_tag(offload.Parsed(analysed), offload.items_of(arts), tax, False, True)
    assert got == [(split_analysis(an)[0], rows, encode_entry(an))
                   for an, rows in analyse_tag_chunk(arts, 4, tax, details=True)]


def _write_notes(folder, n: int) -> None:
    folder.mkdir()
    for k in range(n):
        (folder / f"memo{k:02d}.txt").write_text(
            f"Published 2023-06-{k % 27 + 1:02d}\nThe harbour authority of Veldt met on Monday, memo {k}. Its chair, "
            f"Oskar Lindahl, said berth {k + 4} would reopen in spring after talks with Mayor Irma Salo.\n")


def _cache_rows(cache_dir) -> dict:
    db = sqlite3.connect(cache_dir / "analyses.sqlite")
    try:
        return {t: sorted(db.execute(f"SELECT key, data FROM {t}")) for t in ("analyses", "analysis_details")}
    finally:
        db.close()


def _logged_analyse_tag(*args):
    """offload.analyse_tag, noting the process it runs in."""
    with open(os.environ["ANALYSED_BY"], "a") as fh:
        fh.write(f"{os.getpid()}\n")
    return _real_analyse_tag(*args)


_real_analyse_tag = offload.analyse_tag


@pytest.mark.slow
def test_build_offloaded_with_a_cache_equals_the_plain_run_and_fills_the_same_cache(tmp_path, monkeypatch):
    from data_pipeline.run import build as B

    _write_notes(tmp_path / "in", 12)  # too few files for a reading process: one is started for the analysis
    monkeypatch.setattr(offload, "MIN_ARTICLES", 4)
    monkeypatch.setattr(offload, "analyse_tag", _logged_analyse_tag)
    monkeypatch.setenv("ANALYSED_BY", str(tmp_path / "analysed-by"))
    opts = B.BuildOptions(input=tmp_path / "in", out=tmp_path / "a", progress=False, cache_dir=tmp_path / "c1",
                          batch_size=2)
    moved = B.build(opts)
    analysed_by = (tmp_path / "analysed-by").read_text().split()
    assert len(analysed_by) == 6 and str(os.getpid()) not in analysed_by  # every chunk, in the other process
    again = B.build(B.BuildOptions(**{**opts.__dict__, "out": tmp_path / "a2"}))
    assert again.parsed == 0 and again.build_id == moved.build_id
    monkeypatch.setattr(B, "early_parse", lambda *a, **k: None)
    plain = B.build(B.BuildOptions(**{**opts.__dict__, "out": tmp_path / "b", "cache_dir": tmp_path / "c2"}))
    assert moved.build_id == plain.build_id and moved.parsed == plain.parsed == 12
    assert _cache_rows(tmp_path / "c1") == _cache_rows(tmp_path / "c2")
    assert len(_cache_rows(tmp_path / "c1")["analysis_details"]) == 12
