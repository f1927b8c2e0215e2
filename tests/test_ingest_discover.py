"""Discovery never reads outside the input folder, and says what it leaves out (issue 15, items 2 and 6)."""
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from data_pipeline import cli, errors, ingest

BODY = ("The trade envoys of Ruritania and Freedonia met in Lisbon on Monday to settle the fishing quotas. "
        "Both delegations said the talks would continue in the autumn.\n")
SECRET = "root:x:0:0:the administrator of this machine:/root:/bin/bash\n"


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder with one article and links of every kind; a secret file outside it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text(SECRET * 5)
    (outside / "folder").mkdir()
    (outside / "folder" / "other.txt").write_text(BODY.replace("Lisbon", "Porto"))
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(BODY)
    (src / "passwd.txt").symlink_to(outside / "passwd.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "linked-folder").symlink_to(outside / "folder")
    (src / "alias.txt").symlink_to(src / "sub" / "a.txt")  # inside the input: read, under its own name
    (src / "sub-again").symlink_to(src / "sub")  # a folder inside the input: not followed (no loops)
    return src, outside


def test_ingest_discover_links(tmp_path):
    src, _ = _tree(tmp_path)
    files, skips = ingest.discover(src)
    assert [rel for _, rel in files] == ["alias.txt", "sub/a.txt"]
    assert {(s.path, s.code, s.detail) for s in skips} == {
        ("passwd.txt", errors.E_LINK, "it leads outside the input folder"),
        ("dangling.txt", errors.E_LINK, "it leads to nothing"),
        ("linked-folder", errors.E_LINK, "it leads outside the input folder"),
        ("sub-again", errors.E_LINK, "it leads to a folder")}


def test_ingest_build_never_publishes_a_file_outside_the_input(tmp_path, capsys):
    src, _ = _tree(tmp_path)
    out = tmp_path / "data"
    assert cli.main(["build", str(src), "--out", str(out), "--no-cache", "--no-progress"]) == cli.EXIT_PARTIAL
    texts = " ".join(pd.read_parquet(out / "articles.parquet")["text"])
    assert "administrator" not in texts and "Porto" not in texts and "Lisbon" in texts
    skipped = {s["path"]: s["code"] for s in json.loads((out / "manifest.json").read_text())["skipped"]}
    assert skipped == {"passwd.txt": errors.E_LINK, "dangling.txt": errors.E_LINK, "linked-folder": errors.E_LINK,
                       "sub-again": errors.E_LINK, "sub/a.txt": errors.E_DUPLICATE}


def test_ingest_link_swapped_in_after_discovery_is_not_read(tmp_path):
    src, outside = _tree(tmp_path)
    files, _ = ingest.discover(src)
    path, rel = next(f for f in files if f[1] == "sub/a.txt")
    path.unlink()
    path.symlink_to(outside / "passwd.txt")
    arts, skips = ingest.read_file(path, rel)
    assert arts == [] and [s.code for s in skips] == [errors.E_LINK]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_ingest_named_pipe_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    os.mkfifo(tmp_path / "feed.txt")
    files, skips = ingest.discover(tmp_path)
    assert [rel for _, rel in files] == ["a.txt"]
    assert [(s.path, s.code, s.detail) for s in skips] == [("feed.txt", errors.E_NOT_FILE, "a named pipe")]


def test_ingest_unreadable_subfolder_is_reported(tmp_path, monkeypatch, capsys):
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "locked" / "b.txt").write_text(BODY.replace("Lisbon", "Riga"))
    (tmp_path / "in" / "a.txt").write_text(BODY)
    locked = tmp_path / "in" / "locked"
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:  # as for a folder without read permission (root would read it anyway)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skips = ingest.discover(tmp_path / "in")
    assert [rel for _, rel in files] == ["a.txt"]
    assert [(s.path, s.code) for s in skips] == [("locked/", errors.E_UNREADABLE)]
    assert skips[0].message() == "locked/: cannot be read (permissions or I/O error) (folder: Permission denied)"
    out = tmp_path / "data"
    rc = cli.main(["build", str(tmp_path / "in"), "--out", str(out), "--no-cache", "--no-progress"])
    assert rc == cli.EXIT_PARTIAL
    assert [s["path"] for s in json.loads((out / "manifest.json").read_text())["skipped"]] == ["locked/"]
