"""Resolution on the seeds: invariants of the tables, and the scorer's persons figures without the knowledge base."""
from conftest import SEEDS

REASONS = {"exact", "transliteration", "surname-in-article", "given-name-in-article", "surname-in-corpus", "title-role",
           "knowledge-base", "correction"}


def test_resolve_seeds_every_mention_explained(seeds_tables):
    res, ments = seeds_tables["resolution"], seeds_tables["mentions"]
    assert set(res["reason"]) <= REASONS
    explained = set(zip(res["entity_id"], res["surface"], res["article_id"]))
    assert set(zip(ments["entity_id"], ments["text"], ments["article_id"])) <= explained


def test_resolve_seeds_no_noise_entities(seeds_tables):
    ents = seeds_tables["entities"]
    for name in ents["name"]:
        assert name.isascii() and "cookie" not in name.lower()
    people = ents[ents["type"] == "PERSON"]
    for name in people["name"]:
        assert not name.split()[0].lower().endswith("ing"), name


def test_resolve_seeds_roles_point_at_people(seeds_tables):
    roles, ents = seeds_tables["roles"], seeds_tables["entities"]
    assert len(roles)
    types = dict(zip(ents["entity_id"], ents["type"]))
    assert all(types[e] == "PERSON" for e in roles["entity_id"])
    people = ents[ents["type"] == "PERSON"]
    assert people["country"].notna().mean() > 0.5


def test_resolve_seeds_title_only_mentions_resolved(seeds_tables):
    res = seeds_tables["resolution"]
    titles = res[res["reason"] == "title-role"]
    assert len(titles) and all(s.split()[0].lower() in ("the", "his", "her") for s in titles["surface"])


def test_resolve_seeds_scorer_without_knowledge_base(tmp_path, scorer, shared_eval):
    from data_pipeline.run.build import BuildOptions, build

    score, gold = scorer, shared_eval / "seeds-gold.jsonl"
    out = tmp_path / "data"
    build(BuildOptions(input=SEEDS, out=out, progress=False, cache_dir=None, actors=None))
    got = score.score(out, gold)
    assert got["persons"]["f1"] >= 0.95
    assert got["fragmentation"]["mean"] == 1.0
    assert got["conflated"] == []
