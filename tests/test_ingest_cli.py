"""The build command on messy folders: one line per bad input, manifest `skipped`, exit codes."""
import json

from data_pipeline import cli, errors

GOOD = ("The foreign ministers of Ruritania and Freedonia met in Vienna on Tuesday to discuss the border. "
        "Both sides called the talks constructive, officials said.\n")


def test_ingest_cli_bad_inputs_are_reported_and_the_run_goes_on(tmp_path, caplog):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(GOOD)
    (inp / "copy.txt").write_text(GOOD)
    (inp / "empty.txt").write_text("")
    (inp / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (inp / "bad-date.txt").write_text(" date 2021-02-30 " + GOOD)
    (inp / "feed.jsonl").write_text('{"text": "broken\n')
    out = tmp_path / "out"
    rc = cli.main(["build", str(inp), "--out", str(out), "--no-cache", "--no-progress"])
    assert rc == cli.EXIT_PARTIAL  # published, with some files skipped
    skipped = {s["path"]: s["code"] for s in json.loads((out / "manifest.json").read_text())["skipped"]}
    assert skipped == {"blob.txt": errors.E_BINARY, "empty.txt": errors.E_EMPTY, "bad-date.txt": errors.E_BAD_DATE,
                       "feed.jsonl:1": errors.E_BAD_JSON, "good.txt": errors.E_DUPLICATE}
    lines = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    for path, code in skipped.items():  # exactly one line naming the file and the reason
        assert sum(ln.startswith(f"{path}: {errors.MESSAGES[code]}") for ln in lines) == 1, path


def test_ingest_cli_nothing_readable_fails_with_a_message(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("")
    rc = cli.main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--no-progress"])
    assert rc != 0
    assert "no article could be read" in capsys.readouterr().err


def test_ingest_cli_rejects_malformed_field_map(tmp_path, capsys):
    rc = cli.main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--field-map", "body"])
    assert rc == cli.EXIT_USAGE and "NAME=FIELD" in capsys.readouterr().err
