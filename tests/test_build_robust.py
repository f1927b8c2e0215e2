"""One bad record or a changing input never sinks or corrupts a build (issue 15, items 3, 4, 11; issue 13, item 3)."""
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from data_pipeline import cli, errors
from data_pipeline.run import build as B
from data_pipeline.run.build import BuildOptions, build

BODY = ("The agriculture ministers of Ruritania and Freedonia met in Tallinn on Tuesday to discuss grain tariffs. "
        "Both said the meeting was frank.\n")


def _folder(tmp_path: Path, **files: str) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(BODY)
    for name, text in files.items():
        (src / name).write_text(text)
    return src


def _run(src: Path, out: Path, *extra: str) -> int:
    return cli.main(["build", str(src), "--out", str(out), "--no-progress", *extra])


def test_build_placeholder_date_and_a_relative_day_do_not_crash(tmp_path):
    """A record dated 9999-12-31 that says "on Thursday, December 30" (OverflowError in event dates before)."""
    record = {"date": "9999-12-31", "title": "Placeholder date",
              "text": "Finance Minister Lea Marsh met her Freedonian counterpart, Omar Veld, in Tallinn on Thursday, "
                      "December 30, officials said. They agreed to meet again."}
    src = _folder(tmp_path, **{"late.json": json.dumps(record)})
    out = tmp_path / "data"
    assert _run(src, out, "--no-cache") in (cli.EXIT_OK, cli.EXIT_PARTIAL)
    assert len(pd.read_parquet(out / "articles.parquet")) == 2


def test_build_an_article_the_analysis_fails_on_is_skipped_and_the_rest_published(tmp_path, monkeypatch, caplog):
    from data_pipeline.nlp import analyse as A

    real = A.analyse

    def fragile(doc, published):
        if "Tallinn" in doc.text:
            raise ValueError("cannot analyse this one")
        return real(doc, published)

    monkeypatch.setattr(A, "analyse", fragile)
    src = _folder(tmp_path, **{"b.txt": BODY.replace("Tallinn", "Vilnius").replace("grain", "dairy")})
    out = tmp_path / "data"
    assert _run(src, out, "--no-cache") == cli.EXIT_PARTIAL
    (skip,) = json.loads((out / "manifest.json").read_text())["skipped"]
    assert (skip["path"], skip["code"]) == ("good.txt", errors.E_FAILED) and "cannot analyse this one" in skip["detail"]
    assert list(pd.read_parquet(out / "articles.parquet")["path"]) == ["b.txt"]
    assert any(r.getMessage().startswith("good.txt: could not be processed") for r in caplog.records)


@pytest.mark.slow
def test_build_article_longer_than_the_model_limit_is_skipped(tmp_path):
    """Over 1,000,000 characters spaCy refuses a text (E088): that article is skipped, the rest published."""
    para = "The delegations of Ruritania and Freedonia discussed water rights, grain exports and border posts. "
    long = "\n\n".join(f"In round {i} of the talks, " + para * 2 for i in range(1_000_100 // (len(para) * 2) + 1))
    src = _folder(tmp_path, **{"long.txt": long})
    out = tmp_path / "data"
    assert _run(src, out, "--no-cache") == cli.EXIT_PARTIAL
    (skip,) = json.loads((out / "manifest.json").read_text())["skipped"]
    assert (skip["path"], skip["code"]) == ("long.txt", errors.E_TOO_LONG)
    assert list(pd.read_parquet(out / "articles.parquet")["path"]) == ["good.txt"]


def test_build_input_removed_while_reading_publishes_nothing(tmp_path, monkeypatch, capsys):
    from data_pipeline import ingest

    src = _folder(tmp_path, **{f"n{i}.txt": BODY.replace("Tuesday", f"day {i}") for i in range(4)})
    out = tmp_path / "data"
    assert _run(src, out, "--no-cache") == cli.EXIT_OK
    before = json.loads((out / "manifest.json").read_text())["build_id"]
    real = ingest.read_file

    def then_remove(path, *args, **kwargs):
        got = real(path, *args, **kwargs)
        shutil.rmtree(src, ignore_errors=True)  # the folder goes away after the first file
        return got

    monkeypatch.setattr(ingest, "read_file", then_remove)
    assert _run(src, out, "--no-cache") == cli.EXIT_FAILED
    assert "removed or replaced while the build ran; nothing published" in capsys.readouterr().err
    assert json.loads((out / "manifest.json").read_text())["build_id"] == before


def test_build_file_removed_while_reading_is_skipped(tmp_path, monkeypatch):
    from data_pipeline import ingest

    src = _folder(tmp_path, **{"gone.txt": BODY.replace("Tallinn", "Oslo")})
    real = ingest.read_file

    def remove_first(path, *args, **kwargs):
        (src / "gone.txt").unlink(missing_ok=True)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(ingest, "read_file", remove_first)
    res = build(BuildOptions(input=src, out=tmp_path / "data", progress=False, cache_dir=None))
    assert [(s.path, s.code) for s in res.skipped] == [("gone.txt", errors.E_VANISHED)] and res.lost()


# ---- config files: read and checked before anything is parsed ----

@pytest.fixture
def no_parse(monkeypatch):
    """Fail the test if the build gets as far as reading the input."""
    monkeypatch.setattr(B, "read_inputs", lambda *a, **k: pytest.fail("input read before the config was checked"))


@pytest.mark.parametrize("option", ["--actors", "--corrections", "--facts", "--taxonomy"])
def test_build_missing_config_file_stops_before_parsing(tmp_path, capsys, no_parse, option):
    missing = tmp_path / "missing.yaml"
    assert _run(_folder(tmp_path), tmp_path / "data", option, str(missing)) == cli.EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {missing}: ") and "does not exist" in err[0]


@pytest.mark.parametrize("option,text,problem", [
    ("--corrections", "merge: person:a\n", "`merge` must be a list"),
    ("--corrections", "merge: [unclosed\n", "invalid YAML"),
    ("--actors", "actors:\n  - aliases: [X]\n", "an actor needs `name:`"),
    ("--facts", "events:\n  - what: treaty\n", "events[0] needs 'what' and 'date'"),
    ("--facts", "- just a list\n", "expected a mapping"),
    ("--facts", "events: [unclosed\n", "while parsing"),
])
def test_build_malformed_config_file_is_one_line_before_parsing(tmp_path, capsys, no_parse, option, text, problem):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    assert _run(_folder(tmp_path), tmp_path / "data", option, str(bad)) == cli.EXIT_FAILED
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {bad}") and problem in err[0], err


def test_build_verbose_shows_the_traceback_of_a_config_error(tmp_path, capsys, no_parse):
    bad = tmp_path / "bad.yaml"
    bad.write_text("events: [unclosed\n")
    assert _run(_folder(tmp_path), tmp_path / "data", "--facts", str(bad), "--verbose") == cli.EXIT_FAILED
    assert "Traceback" in capsys.readouterr().err


FACTS = """aliases:
  Ruritania: [Ruritania, Ruritanian]
events:
  - what: border treaty
    parties: [Ruritania, Freedonia]
    date: {year}-06-12
"""
ANNIVERSARY = ("Ruritania and Freedonia marked the 25th anniversary of the border treaty on June 12 with a joint "
               "parade, the two foreign ministries said in a statement.\n\nThe ministers met in Tallinn.\n")


def test_build_facts_file_is_in_the_ingest_cache_key(tmp_path):
    """Editing the facts file changes an inferred publication date on a warm rebuild (it was kept stale)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "anniversary.txt").write_text(ANNIVERSARY)
    facts = tmp_path / "facts.yaml"
    opts = BuildOptions(input=src, out=tmp_path / "data", progress=False, cache_dir=tmp_path / "cache", facts=facts)
    published = []
    for year in (1990, 1991):
        facts.write_text(FACTS.format(year=year))
        build(opts)
        row = pd.read_parquet(tmp_path / "data" / "articles.parquet").iloc[0]
        published.append((row["published"], row["date_source"]))
    assert published == [(date(2015, 6, 12), "inferred"), (date(2016, 6, 12), "inferred")]
