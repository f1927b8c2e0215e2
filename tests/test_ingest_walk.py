"""`ingest.walk` (strings, one scandir per folder) finds what a Path-per-entry walk finds, in the same order."""
import os
from pathlib import Path

import pytest

from data_pipeline import errors, ingest
from data_pipeline.ingest.files import walk

TEXT = "The river ferry between the two towns runs again after the spring floods.\n"


def _reference(root: Path) -> tuple[list[tuple[str, str]], list]:
    """The walk as discover did it before walk: a Path per entry, its name by `ingest.relative_name`."""
    base = Path(os.path.realpath(root))
    found, skips, stack = [], [], [root]
    while stack:
        folder = stack.pop()
        try:
            entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
        except OSError:
            rel = ingest.relative_name(folder, root) if folder != root else "."
            skips.append((f"{rel}/", errors.E_UNREADABLE))
            continue
        for path in entries:
            rel = ingest.relative_name(path, root)
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                inside = target == base or base in target.parents
                if target.is_file() and inside:
                    found.append((str(target), rel))
                else:
                    skips.append((rel, errors.E_LINK))
            elif path.is_dir():
                stack.append(path)
            elif path.is_file():
                found.append((str(path), rel))
            else:
                skips.append((rel, errors.E_NOT_FILE))
    return sorted(found, key=lambda f: f[1]), sorted(skips)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Subfolders three deep, hidden files and folders, links of every kind, a pipe, odd names."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text(TEXT)
    root = tmp_path / "in"
    for sub in ("a", "a/b", "a/b/c", "z", ".hidden-folder", "a/.git"):
        (root / sub).mkdir(parents=True)
    for name in ("top.txt", "a/one.md", "a/b/two.json", "a/b/c/three.txt", "z/last.csv", ".hidden.txt",
                 ".hidden-folder/inside.txt", "a/.git/config.txt", "a/b/Ünïcode ъ.txt", "a-b.txt", "a0.txt",
                 "no-extension", "a/b/c/.swap.txt"):
        (root / name).write_text(TEXT)
    (root / "link-in.txt").symlink_to(root / "a" / "one.md")
    (root / "a" / "link-up.txt").symlink_to(root / "top.txt")
    (root / "link-out.txt").symlink_to(outside / "far.txt")
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "link-folder").symlink_to(root / "a")
    (root / ".hidden-link.txt").symlink_to(outside / "far.txt")
    os.mkfifo(root / "a" / "pipe.txt")
    with open(os.path.join(os.fsencode(root), b"latin1-caf\xe9.txt"), "w") as fh:  # a name that is not UTF-8
        fh.write(TEXT)
    return root


def test_ingest_walk_equals_the_path_walk(tree):
    found, skips = walk(tree)
    assert found == _reference(tree)[0]
    assert sorted((s.path, s.code) for s in skips) == _reference(tree)[1]


def test_ingest_walk_order_names_and_filters(tree):
    found, skips = walk(tree)
    rels = [rel for _, rel in found]
    assert rels == sorted(rels)
    assert rels == ["a-b.txt", "a/b/c/three.txt", "a/b/two.json", "a/b/Ünïcode ъ.txt", "a/link-up.txt", "a/one.md",
                    "a0.txt", "latin1-caf\\xe9.txt", "link-in.txt", "no-extension", "top.txt", "z/last.csv"]
    paths = dict((rel, path) for path, rel in found)
    assert paths["link-in.txt"] == str(tree / "a" / "one.md")  # a link is read at its target, under its own name
    assert paths["a/b/two.json"] == str(tree / "a" / "b" / "two.json")
    assert all(isinstance(p, str) for p in paths.values())
    assert [(s.path, s.code) for s in skips] == [("a/pipe.txt", errors.E_NOT_FILE), ("dangling.txt", errors.E_LINK),
                                                 ("link-folder", errors.E_LINK), ("link-out.txt", errors.E_LINK)]


def test_ingest_discover_is_walk_with_paths(tree):
    files, skips = ingest.discover(tree)
    found, skips_walk = walk(tree)
    assert [(str(p), rel) for p, rel in files] == found and skips == skips_walk
    assert all(isinstance(p, Path) for p, _ in files)


@pytest.mark.parametrize("spelling", ["{root}", "{root}/", "{root}/./", "{root}/a/.."])
def test_ingest_walk_names_do_not_depend_on_how_the_root_is_written(tree, spelling):
    root = Path(spelling.format(root=tree))
    assert [rel for _, rel in walk(root)[0]] == [rel for _, rel in walk(tree)[0]]
    assert walk(root)[0] == _reference(root)[0]


def test_ingest_walk_relative_root(tree, monkeypatch):
    monkeypatch.chdir(tree.parent)
    found, _ = walk(Path("in"))
    assert found == _reference(Path("in"))[0]
    assert ("in/a/one.md", "a/one.md") in found


def test_ingest_walk_one_file(tree):
    assert walk(tree / "a" / "one.md") == ([(str(tree / "a" / "one.md"), "one.md")], [])
    assert ingest.discover(tree / "a" / "one.md") == ([(tree / "a" / "one.md", "one.md")], [])


def test_ingest_walk_unreadable_folders_are_skipped_with_their_name(tree, monkeypatch):
    real = os.scandir
    locked = {os.fspath(tree / "a" / "b"), os.fspath(tree / "z")}

    def scandir(path="."):
        if os.fspath(path) in locked:  # as without read permission (root would read it anyway)
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, skips = walk(tree)
    assert not any(rel.startswith(("a/b/", "z/")) for _, rel in found) and ("a/one.md" in dict(map(reversed, found)))
    got = [(s.path, s.code, s.detail) for s in skips if s.code == errors.E_UNREADABLE]
    assert got == [("a/b/", errors.E_UNREADABLE, "folder: Permission denied"),
                   ("z/", errors.E_UNREADABLE, "folder: Permission denied")]
    locked.add(os.fspath(tree))
    assert [(s.path, s.code) for s in walk(tree)[1]] == [("./", errors.E_UNREADABLE)]


def test_ingest_walk_unreadable_file_is_found_and_left_to_the_reader(tree):
    (tree / "top.txt").chmod(0)
    try:
        assert "top.txt" in [rel for _, rel in walk(tree)[0]]  # discovery does not open files
    finally:
        (tree / "top.txt").chmod(0o644)
