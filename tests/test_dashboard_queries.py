"""The DuckDB query module over small contract-shaped builds, with and without the optional tables."""
from datetime import date

import pytest

from dashboard import queries as q
from dashboard.filters import Filters

from dashboard_corpus import write


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return q.Store(write(tmp_path_factory.mktemp("full") / "data", optional=True))


@pytest.fixture(scope="module")
def old(tmp_path_factory):
    """A build without the optional tables and without meetings.status/event_id and entities.country."""
    out = write(tmp_path_factory.mktemp("old") / "data", optional=False,
                drop={"meetings": ["status", "event_id", "reason"], "entities": ["country"]})
    return q.Store(out)


@pytest.fixture(params=["full", "old"])
def store(request):
    return request.getfixturevalue(request.param)


def test_queries_counts_without_filters(store):
    n = q.counts(store, Filters())
    assert n["articles"] == 3 and n["people"] == 3
    assert n["events"] == 3


def test_queries_events_are_derived_from_meetings_when_the_table_is_absent(old):
    ev = q.events(old, Filters())
    assert len(ev) == 3 and set(ev["status"]) == {"held"}  # missing status reads as held
    assert ev["event_id"].notna().all() and ev["evidence"].str.len().gt(0).all()
    assert "meeting_events" not in old.present


def test_queries_events_use_the_meeting_events_table_when_present(full):
    ev = q.events(full, Filters())
    assert set(ev["event_id"]) == {e for e in ev["event_id"] if e.startswith("ev-")}
    assert "planned" in set(ev["status"])


def test_queries_person_filter_narrows_events_and_articles(store):
    f = Filters(people=("person:eva-falk",))
    assert set(q.events(store, f)["b"]) == {"person:eva-falk"}
    assert q.counts(store, f)["articles"] == 1


def test_queries_kind_status_and_confidence_filters(full):
    assert set(q.events(full, Filters(kinds=("phone_call",)))["kind"]) == {"phone_call"}
    assert set(q.events(full, Filters(statuses=("planned",)))["status"]) == {"planned"}
    assert q.events(full, Filters(min_confidence=0.8))["confidence"].min() >= 0.8
    # articles follow the meeting filters too: only a2 reports a phone call
    assert set(q.search_articles(full, Filters(kinds=("phone_call",)))["article_id"]) == {"a2"}


def test_queries_date_filter_excludes_undated_and_out_of_range(store):
    f = Filters(start=date(2024, 1, 10))
    assert set(q.search_articles(store, f)["article_id"]) == {"a2"}
    assert (q.events(store, f)["day"].dt.date >= date(2024, 1, 10)).all()


def test_queries_country_filter_uses_entity_country_or_place_names(full, old):
    assert set(q.events(full, Filters(countries=("Sweden",)))["event_id"]) == set(q.events(full, Filters())["event_id"])
    assert "Norway" in q.options(old)["countries"]  # a GPE named after a country counts as that country
    assert set(q.search_articles(old, Filters(countries=("Norway",)))["article_id"]) == {"a3"}


def test_queries_source_and_topic_filters_reach_events_through_their_articles(store):
    assert set(q.events(store, Filters(sources=("Agency A",)))["kind"]) == {"meeting"}
    assert len(q.events(store, Filters(topics=("ceasefire",)))) == 2


def test_queries_search_finds_words_case_insensitively_with_filters(store):
    assert set(q.search_articles(store, Filters(), "CEASEFIRE")["article_id"]) == {"a2"}
    assert set(q.search_articles(store, Filters(), "100%")["article_id"]) == {"a3"}
    assert q.search_articles(store, Filters(), "1_0%").empty  # % and _ are not wildcards
    assert q.search_articles(store, Filters(), "'; DROP TABLE articles; --").empty
    assert list(q.search_articles(store, Filters(), "anna berg")["article_id"]) == ["a2", "a1", "a3"]  # newest first
    assert set(q.search_articles(store, Filters(), "Carl D")["article_id"]) == {"a1", "a2"}  # last word: a prefix
    assert set(q.search_articles(store, Filters(people=("person:eva-falk",)), "anna")["article_id"]) == {"a2"}
    assert set(q.search_articles(store, Filters(topics=("ceasefire",)), "anna")["article_id"]) == {"a2"}
    assert set(q.search_articles(store, Filters(sources=("Agency A",)), "anna")["article_id"]) == {"a1"}
    assert q.search_articles(store, Filters(people=("person:nobody",)), "anna").empty
    assert set(q.search_articles(store, Filters(start=date(2024, 1, 1), end=date(2024, 1, 5)), "anna")
               ["article_id"]) == {"a1"}
    assert q.counts(store, Filters())["articles"] == 3


def test_queries_topic_share_counts_and_shares(store):
    share = q.topic_share(store, Filters(), "month")
    row = share[share["topic"] == "arms supplies"].iloc[0]
    assert row["articles"] == 1 and row["total"] == 2 and row["share"] == pytest.approx(0.5)
    only = q.topic_share(store, Filters(topics=("ceasefire",)), "month")
    assert set(only["topic"]) == {"ceasefire"} and only["total"].iloc[0] == 2
    weekly = q.topic_share(store, Filters(), "week")  # a2's week has no arms-supplies article: share 0, not absent
    assert len(weekly) == 4 and (weekly["share"] == 0).sum() == 2


def test_queries_topic_evidence_returns_sentences_for_a_point(store):
    rows = q.topic_evidence(store, Filters(), "arms supplies", date(2024, 1, 1), "month")
    assert list(rows["article_id"]) == ["a1"] and rows["sentence"].iloc[0].startswith("Arms supplies")
    assert q.topic_evidence(store, Filters(), "arms supplies", date(2023, 1, 1), "month").empty


def test_queries_country_matrix_is_symmetric(full):
    grid = q.country_matrix(full, Filters())
    cell = dict(zip(zip(grid["x"], grid["y"]), grid["events"]))
    assert cell[("Norway", "Sweden")] == cell[("Sweden", "Norway")] == 2


def test_queries_profile_parts(full, old):
    assert q.entity(full, "person:anna-berg")["country"] == "Norway"
    assert list(q.roles(full, "person:anna-berg")["role"]) == ["defense minister"]
    assert list(q.resolution(full, "person:anna-berg")["reason"]) == ["surname-in-article"]
    assert q.roles(old, "person:anna-berg").empty and q.resolution(old, "person:anna-berg").empty
    met = q.counterparts(full, Filters(), "person:carl-dorn")
    assert set(met["counterpart"]) == {"Anna Berg", "Eva Falk"}
    assert set(q.topics_around(full, Filters(), "person:eva-falk")["topic"]) == {"ceasefire"}
    over_time = q.mentions_over_time(full, Filters(), "person:anna-berg", "month")
    assert over_time.loc[over_time["period"].notna(), "mentions"].sum() == 2
    assert over_time.loc[over_time["period"].isna(), "mentions"].sum() == 1  # a3 has no publication date


def test_queries_emerging_terms_optional(full, old):
    assert list(q.emerging_terms(full, Filters())["term"]) == ["ceasefire"]
    assert q.emerging_terms(full, Filters(start=date(2024, 3, 1))).empty
    assert q.emerging_terms(old, Filters()).empty


def test_queries_article_reader_parts(store):
    art = q.article(store, "a2")
    ms = q.article_mentions(store, "a2")
    assert all(art["text"][s:e] == t for s, e, t in zip(ms["start"], ms["end"], ms["text"]))
    assert len(q.article_meetings(store, "a2")) == 2
    assert list(q.article_topic_sentences(store, "a2")["topic"]) == ["ceasefire"]
    assert q.article(store, "nope") is None


def test_queries_evidence_links_events_to_sentences_and_articles(store):
    ev = q.events(store, Filters(people=("person:eva-falk",)))
    rows = q.evidence(store, Filters(), tuple(ev["event_id"]))
    assert list(rows["article_id"]) == ["a2"] and rows["evidence"].iloc[0].startswith("Carl Dorn called")


def test_queries_articles_per_period_counts_dated_articles(store):
    weekly = q.articles_per_period(store, Filters(), "week")
    assert weekly["articles"].sum() == 2
    with pytest.raises(ValueError):
        q.articles_per_period(store, Filters(), "day; DROP")


def test_queries_country_matrix_can_follow_a_selection(full):
    ev = q.events(full, Filters(kinds=("phone_call",)))
    grid = q.country_matrix(full, Filters(), tuple(ev["event_id"]))
    assert set(zip(grid["x"], grid["y"])) == {("Sweden", "unknown"), ("unknown", "Sweden")}


def test_queries_events_involving_one_person(store):
    ev = q.events(store, Filters(), involving="person:eva-falk")
    assert len(ev) == 1 and "person:eva-falk" in (ev["a"].iloc[0], ev["b"].iloc[0])


def test_queries_top_entities_follow_a_person_filter(store):
    top = q.top_entities(store, Filters(people=("person:eva-falk",)), "PERSON", 2)
    assert list(zip(top["name"], top["mentions"])) == [("Carl Dorn", 2), ("Anna Berg", 1)]  # tie with Eva: by id


def test_queries_events_for_a_selection_of_people_or_pairs(store):
    assert set(q.events(store, Filters(), people=("person:eva-falk",))["kind"]) == {"phone_call"}
    pair = q.events(store, Filters(), pairs=(("person:carl-dorn", "person:anna-berg"),))
    assert len(pair) == 2 and set(pair["kind"]) == {"meeting"}
    assert len(q.events(store, Filters(), limit=1)) == 1


def test_queries_event_counts(store):
    assert q.event_counts(store, Filters()) == {"events": 3, "dated": 3, "reported": 0, "undrawable": 0, "people": 3}
    assert q.event_counts(store, Filters(kinds=("phone_call",)))["people"] == 2


def test_queries_network_keeps_pairs_among_the_busiest_people(store):
    net = q.network(store, Filters(), 2)  # Carl Dorn (3 events) and Anna Berg (2)
    assert list(zip(net["a"], net["b"], net["events"])) == [("person:anna-berg", "person:carl-dorn", 2)]
    assert sorted(net["kinds"].iloc[0]) == ["meeting"] and len(net["dates"].iloc[0]) == 2
    assert len(q.network(store, Filters(), 10)) == 2


def test_queries_timeline_rows_by_person_pair_and_country(full):
    by_pair = q.timeline(full, Filters(), "pair", rows=1)
    assert set(by_pair["event_id"]) == set(q.events(full, Filters(), pairs=(("person:anna-berg",
                                                                               "person:carl-dorn"),))["event_id"])
    by_person = q.timeline(full, Filters(), "person", rows=1)
    assert set(by_person["who"]) == {"Carl Dorn"} and len(by_person) == 3
    assert len(q.timeline(full, Filters(), "country", points=2)) == 2
    with pytest.raises(ValueError):
        q.timeline(full, Filters(), "day; DROP")


@pytest.mark.parametrize("f", [Filters(), Filters(end=date(2100, 1, 1))], ids=["whole corpus", "dated articles"])
def test_queries_top_entities_and_people_count_match_the_mentions_table(store, f):
    import pandas as pd

    ments = pd.read_parquet(store.path / "mentions.parquet")
    arts = pd.read_parquet(store.path / "articles.parquet")
    ents = pd.read_parquet(store.path / "entities.parquet")
    if f.end:
        ments = ments[ments["article_id"].isin(arts.loc[arts["published"].notna(), "article_id"])]
    people = ments.merge(ents, on="entity_id").query("type == 'PERSON'")
    expected = people.groupby("name").agg(mentions=("start", "size"), articles=("article_id", "nunique"))
    top = q.top_entities(store, f, "PERSON", 10).set_index("name")[["mentions", "articles"]]
    pd.testing.assert_frame_equal(top.sort_index(), expected.sort_index(), check_dtype=False)
    assert q.counts(store, f)["people"] == len(expected)


def test_queries_evidence_carries_the_reason_in_words(full, old):
    from dashboard import labels
    from data_pipeline.nlp.meetings import REASONS

    rows = q.evidence(full, Filters(), tuple(q.events(full, Filters())["event_id"]))
    assert len(rows) and rows["reason"].notna().all()
    assert q.evidence(old, Filters())["reason"].isna().all()  # a build before the column: no reason, no error
    # every code the pipeline writes has its own plain words, not the code spelled out
    assert all(labels.meeting_reason(code) != labels.words(code) for code in REASONS)


def test_queries_search_falls_back_to_memory_when_search_sqlite_is_corrupted(tmp_path):
    from data_pipeline.store import fulltext, serving

    build = write(tmp_path / "data")
    serving.write(build)
    good = q.search_articles(q.Store(build), Filters(), "Oslo")
    (build / fulltext.FILE).write_bytes(b"this is not an sqlite database at all" * 100)
    broken = q.Store(build)
    assert list(q.search_articles(broken, Filters(), "Oslo")["article_id"]) == list(good["article_id"]) == ["a1"]


def test_queries_search_two_surnames_find_articles_holding_both(store):
    assert set(q.search_articles(store, Filters(), "Dorn Berg")["article_id"]) == {"a1", "a2"}
    assert q.search_articles(store, Filters(), '"Dorn Berg"').empty  # quoted: the exact phrase only
    assert set(q.search_articles(store, Filters(), "Falk Oslo")["article_id"]) == set()


def test_queries_name_spellings_and_language_filter(store):
    assert q.name_spellings(store, "berg") == ["Anna Berg"]  # a surname: the person's other spellings
    assert q.name_spellings(store, "Carl Dorn") == []  # the only spelling there is
    assert q.name_spellings(store, "'; DROP TABLE ent; --") == [] and q.name_spellings(store, " ") == []
    assert set(q.options(store)["languages"]) == {"en"}
    assert len(q.search_articles(store, Filters(languages=("en",)))) == 3
    assert q.search_articles(store, Filters(languages=("ru",)), "anna").empty


def test_queries_options_lists_the_most_mentioned_and_counts_them_all(store):
    whole = q.options(store)
    assert whole["totals"]["PERSON"] == len(whole["people"]) >= 2
    assert whole["totals"]["places"] >= len(whole["places"])
    cut = q.options(store, max_entities=1)
    busiest = whole["people"].sort_values(["mentions", "entity_id"], ascending=[False, True]).iloc[0]
    assert cut["people"]["entity_id"].tolist() == [busiest["entity_id"]]
    assert len(cut["places"]) <= 1 and cut["totals"] == whole["totals"]
