"""Topics page queries on a hand-written build of 60 articles over 4 months: topic groups, topic × person,
and emerging terms re-tested on the filtered articles, with the articles behind a term."""
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from dashboard import queries as q
from dashboard.filters import Filters
from data_pipeline.store.tables import to_table

MONTHS = [date(2024, m, 1) for m in (1, 2, 3, 4)]
BURST = date(2024, 3, 1)


def _articles():
    """15 articles a month from 3 sources; "Drone strikes" in 6 March articles (all sources) and one article of the
    other months; "Fuel depot" in 5 March articles of one source."""
    rows, terms, topics, mentions = [], [], [], []
    for m, month in enumerate(MONTHS):
        for i in range(15):
            aid = f"a{m}{i:02d}"
            drone = i < (6 if month == BURST else 1)
            text = ("Drone strikes hit the depot. " if drone else "Talks went on. ") + "Anna Berg spoke by telephone."
            rows.append({"article_id": aid, "path": f"{aid}.txt", "title": f"Story {aid}", "source": f"S{i % 3}",
                         "published": month.replace(day=1 + i), "date_source": "header", "language": "en",
                         "text": text, "n_words": len(text.split()), "other_paths": []})
            terms.append({"article_id": aid, "term": "telephone call", "kind": "phrase"})
            if month == BURST and i % 3 == 0:
                terms.append({"article_id": aid, "term": "Fuel depot", "kind": "phrase"})
            if drone:
                terms.append({"article_id": aid, "term": "Drone strikes", "kind": "phrase"})
                topics.append({"article_id": aid, "topic": "military operations and war", "score": 0.5,
                               "group": "security"})
            topics.append({"article_id": aid, "topic": "trade", "score": 0.5, "group": "economy"})
            start = text.find("Anna Berg")
            mentions.append({"article_id": aid, "entity_id": "person:anna-berg", "text": "Anna Berg", "start": start,
                             "end": start + 9, "sentence": 1})
    return rows, terms, topics, mentions


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("topics") / "data"
    out.mkdir()
    articles, terms, topics, mentions = _articles()
    tables = {"articles": articles, "article_terms": terms, "topics": topics, "mentions": mentions,
              "entities": [{"entity_id": "person:anna-berg", "name": "Anna Berg", "type": "PERSON",
                            "aliases": ["Anna Berg"], "country": "Norway"}],
              "meetings": [], "topic_sentences": []}
    for name, rows in tables.items():
        pq.write_table(to_table(name, rows), out / f"{name}.parquet")
    (out / "manifest.json").write_text(json.dumps({"build_id": "topics-test", "counts": {}}), encoding="utf-8")
    return q.Store(out)


def test_topics_groups_come_with_the_topics(store):
    assert q.topic_groups(store) == {"military operations and war": "security", "trade": "economy"}
    share = q.topic_share(store, Filters(), "month")
    assert dict(zip(share["topic"], share["group"])) == {"military operations and war": "security", "trade": "economy"}


def test_topics_by_person_counts_articles_per_topic(store):
    grid = q.topic_person(store, Filters())
    assert dict(zip(grid["topic"], grid["articles"])) == {"military operations and war": 9, "trade": 60}
    assert set(grid["person"]) == {"Anna Berg"}


def test_emerging_terms_follow_the_filters(store):
    found = q.emerging(store, Filters())
    assert not found["sparse"] and found["full_months"] == 4
    terms = found["terms"]
    assert [(t, m) for t, m in zip(terms["term"], terms["month"])] == [("Drone strikes", BURST)]
    assert terms["count"].tolist() == [6] and terms["sources"].tolist() == [3] and terms["score"].iloc[0] >= 2
    # "Fuel depot" has 5 March articles, all from one source: one outlet repeating itself is not a trend
    assert "Fuel depot" not in set(terms["term"])
    # without S0, March keeps 4 drone-strike articles from 2 sources and the other months none: it still rises
    two = q.emerging(store, Filters(sources=("S1", "S2")))["terms"]
    assert two[["term", "count", "sources"]].values.tolist() == [["Drone strikes", 4, 2]]
    # with S0 and S1 the other months keep their single mentions: 4 of 10 against 3 of 30 is no clear rise
    assert q.emerging(store, Filters(sources=("S0", "S1")))["terms"].empty
    assert q.emerging(store, Filters(sources=("S0",)))["sparse"]  # 5 articles a month: too few to test


def test_emerging_terms_say_when_the_dates_leave_too_few_months(store):
    found = q.emerging(store, Filters(start=date(2024, 3, 1), end=date(2024, 4, 30)))
    assert found["sparse"] and found["months"] == 2 and found["terms"].empty


def test_emerging_term_links_to_its_articles_and_sentences(store):
    rows = q.term_articles(store, Filters(), "Drone strikes", BURST)
    assert len(rows) == 6 and set(rows["sentence"]) == {"Drone strikes hit the depot."}
    assert q.term_articles(store, Filters(sources=("S1",)), "Drone strikes", BURST)["source"].eq("S1").all()
