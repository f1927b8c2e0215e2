"""Topics in the seeds build: coverage, evidence, and a taxonomy edit re-tagging from the cache."""
import pandas as pd

from data_pipeline.topics.taxonomy import DEFAULT_TAXONOMY, load_taxonomy
from data_pipeline.run.build import BuildOptions, build

from conftest import SEEDS


def test_topics_every_seed_article_gets_two_topics(seeds_tables):
    per_article = seeds_tables["topics"].groupby("article_id")["topic"].nunique()
    assert set(per_article.index) == set(seeds_tables["articles"]["article_id"])
    assert per_article.min() >= 2


def test_topics_scores_are_shares_of_sentences(seeds_tables):
    scores = seeds_tables["topics"]["score"]
    assert ((scores > 0) & (scores <= 1)).all()


def test_topics_every_topic_has_evidence_with_its_phrase(seeds_tables):
    text = dict(zip(seeds_tables["articles"]["article_id"], seeds_tables["articles"]["text"]))
    ev = seeds_tables["topic_sentences"]
    tagged = set(zip(seeds_tables["topics"]["article_id"], seeds_tables["topics"]["topic"]))
    assert set(zip(ev["article_id"], ev["topic"])) == tagged
    for row in ev.itertuples():
        assert text[row.article_id][row.start:row.end] == row.sentence
        assert row.phrase and row.phrase in row.sentence


def test_topics_labels_come_from_the_taxonomy(seeds_tables):
    assert set(seeds_tables["topics"]["topic"]) <= set(load_taxonomy())


def test_topics_taxonomy_edit_shows_in_next_build_without_parsing(tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "data"
    first = build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=cache))
    assert first.parsed == 5
    before = pd.read_parquet(out / "topic_sentences.parquet")
    assert "defense officials" not in set(before["topic"])
    edited = tmp_path / "topics.yaml"
    edited.write_text(DEFAULT_TAXONOMY.read_text(encoding="utf-8")
                      + "\ndefense officials:\n  description: defense ministers\n  phrases: [defense minister]\n",
                      encoding="utf-8")
    again = build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=cache, taxonomy=edited))
    assert again.parsed == 0
    after = pd.read_parquet(out / "topic_sentences.parquet")
    officials = after[after["topic"] == "defense officials"]
    assert len(officials) >= 1 and officials["phrase"].str.lower().str.startswith("defense minister").all()
    assert len(after) == len(before) + len(officials)


def test_topics_suggest_command_prints_uncovered_phrases(tmp_path, capsys):
    from data_pipeline import cli

    code = cli.main(["topics", "suggest", str(SEEDS), "--cache-dir", str(tmp_path / "cache"),
                     "--no-progress", "--min-articles", "1", "--top", "5"])
    out = capsys.readouterr().out.splitlines()
    assert code == cli.EXIT_OK and out[0].startswith("phrase") and "precision" in out[0] and 2 < len(out) <= 7
    assert out[-1].startswith("precision: the share")


def test_topics_build_stops_on_a_broken_taxonomy_with_file_and_line(tmp_path, capsys):
    from data_pipeline import cli

    bad = tmp_path / "topics.yaml"
    bad.write_text("energy:\n  description: d\n  phrases: oil\n", encoding="utf-8")
    code = cli.main(["build", str(SEEDS), "--out", str(tmp_path / "data"), "--taxonomy", str(bad), "--no-progress"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED and f"{bad}:3: topic 'energy'" in err
