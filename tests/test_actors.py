"""Actor knowledge base: parsing, schema errors, role holders at a date, suggest round trip."""
from datetime import date

import pytest
import yaml

from data_pipeline.resolve.actors import DEFAULT_ACTORS, holders, load_actors, parse_actors, suggest
from data_pipeline.errors import PipelineError

KB = """
actors:
  - name: Pavel Orlov
    aliases: [Pavel Orloff]
    country: Ruritania
    roles:
      - {role: Defense Minister, country: Ruritania, start: 2019-01-01, end: 2021-12-31}
  - name: Olga Lind
    country: Ruritania
    roles:
      - {role: Defense Minister, country: Ruritania, start: 2022-01-01}
"""


def test_actors_parse_and_holders_at_date():
    kb = parse_actors(KB)
    assert [a.name for a in kb] == ["Pavel Orlov", "Olga Lind"]
    assert kb[0].aliases == ("Pavel Orloff",) and kb[0].roles[0].end == date(2021, 12, 31)
    assert [a.name for a in holders(kb, "defense minister", "Ruritania", date(2020, 6, 1))] == ["Pavel Orlov"]
    assert [a.name for a in holders(kb, "minister", "Ruritania", date(2023, 6, 1))] == ["Olga Lind"]
    assert holders(kb, "foreign minister", "Ruritania", date(2023, 6, 1)) == []


def test_actors_unknown_date_means_current_holder():
    assert [a.name for a in holders(parse_actors(KB), "defense minister", "Ruritania", None)] == ["Olga Lind"]


@pytest.mark.parametrize("text,needle", [
    ("actors:\n  - aliases: [X]\n", ":2: actors[0]: an actor needs `name:`"),
    ("actors:\n  - name: A B\n  - name: C D\n    rank: 3\n", ":3: actors[1]: unknown key"),
    ("actors:\n  - name: A B\n    roles:\n      - {role: President, start: 2020-13-01}\n", "not a date"),
    ("actors: [\n", "invalid YAML"),
])
def test_actors_schema_errors_name_file_and_line(text, needle):
    with pytest.raises(PipelineError, match=None) as err:
        parse_actors(text, "kb.yaml")
    assert str(err.value).startswith("kb.yaml") and needle in str(err.value)


def test_actors_missing_file_is_empty(tmp_path):
    assert load_actors(tmp_path / "none.yaml") == [] and load_actors(None) == []


def test_actors_shipped_starter_set_loads():
    kb = load_actors(DEFAULT_ACTORS)
    assert len(kb) >= 20 and all(a.roles for a in kb)


def test_actors_suggest_writes_the_same_format():
    entities = [{"entity_id": "person:nurlan-abenov", "name": "Nurlan Abenov", "type": "PERSON",
                 "aliases": ["Abenov", "Nurlan Abenov"], "country": "Kazakhstan"},
                {"entity_id": "person:pavel-orlov", "name": "Pavel Orlov", "type": "PERSON", "aliases": [],
                 "country": None},
                {"entity_id": "gpe:astana", "name": "Astana", "type": "GPE", "aliases": [], "country": None}]
    roles = [{"entity_id": "person:nurlan-abenov", "role": "spokesman", "org": "Defense Ministry",
              "country": "Kazakhstan", "article_id": "a1", "date": date(2024, 5, 2)}]
    text = suggest(entities, roles, parse_actors(KB))
    back = parse_actors(text)
    assert [a.name for a in back] == ["Nurlan Abenov"]
    assert back[0].aliases == ("Abenov",) and back[0].roles[0].start == date(2024, 5, 2)
    assert yaml.safe_load(text)["actors"][0]["country"] == "Kazakhstan"


def test_actors_suggest_command_writes_loadable_yaml(seeds_data, tmp_path):
    from data_pipeline.cli import main

    out = tmp_path / "suggested.yaml"
    (tmp_path / "none.yaml").write_text("actors: []\n")
    assert main(["actors", "suggest", "--data", str(seeds_data), "--actors", str(tmp_path / "none.yaml"),
                 "--out", str(out)]) == 0
    found = load_actors(out)
    assert found and all(len(a.name.split()) >= 2 for a in found)


def test_actors_cli_options_have_help():
    from data_pipeline.cli import parser

    text = parser()._subparsers._group_actions[0].choices["build"].format_help()
    for opt in ("--actors", "--no-actors", "--corrections"):
        assert opt in text
