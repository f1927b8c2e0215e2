"""Golden test on seeds/: publication dates via the scorer, clean bodies and metadata per the gold file."""
import json
import re

import pytest

from conftest import SEEDS
from data_pipeline.ingest.published import split_header

CLUTTER = ["Skip to main content", "Advertisement", "Live broadcast", "Select important", "On", "Off", "8"]


@pytest.fixture(scope="module")
def gold(shared_eval):
    return {g["file"]: g for g in map(json.loads, (shared_eval / "seeds-gold.jsonl").read_text().splitlines()) if g}


@pytest.fixture(scope="module")
def articles(seeds_tables):
    return seeds_tables["articles"].set_index("path")


def test_ingest_seeds_dates_via_scorer(seeds_data, gold, scorer, shared_eval):
    res = scorer.score(seeds_data, shared_eval / "seeds-gold.jsonl")
    assert res["dates"].get("wrong", 0) == 0 and res["dates"].get("fabricated", 0) == 0
    by_file = {r["file"]: r["date"] for r in res["per_article"]}
    for name in sorted(gold)[:3]:
        assert by_file[name].startswith("correct"), by_file[name]


def test_ingest_seeds_date_sources(articles, gold):
    for name, g in gold.items():
        row = articles.loc[name]
        if g["published"] is None:
            assert row["published"] is None or str(row["published"]) in ("NaT", "None")
            assert row["date_source"] == "none"
        elif g["date_evidence"] == "inferred":
            assert row["date_source"] == "inferred"


def test_ingest_seeds_web_page_text_is_clean(articles):
    page = next(p for p in articles.index if (SEEDS / p).read_text().startswith("Skip to main content"))
    text = articles.loc[page, "text"]
    assert not re.search(r"[\u0400-\u04FF]", text)
    lines = {ln.strip() for ln in text.splitlines()}
    assert not lines & set(CLUTTER)
    assert "cookie" not in text.lower()
    assert articles.loc[page, "title"] and articles.loc[page, "title"] not in text


def test_ingest_seeds_source_and_author_match_gold(articles, gold):
    for name, g in gold.items():
        for col in ("source", "author"):
            if g[col]:
                assert articles.loc[name, col] == g[col], (name, col)


def test_ingest_seeds_every_paragraph_kept(articles):
    for path in articles.index:
        _, body = split_header((SEEDS / path).read_text())
        for line in body.splitlines():
            if len(line.split()) >= 20 and line.rstrip().endswith((".", '"', "”")):
                assert line.strip() in articles.loc[path, "text"], (path, line[:60])
