"""Which code a cached entry depends on: the per-article packages, and nothing a corpus-level edit touches."""
import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from data_pipeline.run import cache
from data_pipeline.run.cache import CODE_PACKAGES, SHARED, fingerprint, package_files

PACKAGE = Path(cache.__file__).resolve().parents[1]
ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """data_pipeline modules imported anywhere in a file (functions included), as dotted names."""
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("data_pipeline")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            if base.startswith("data_pipeline"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}  # `from pkg import module`
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in modules}


def _file_of(module: str) -> str:
    """The key entry ('nlp/...', 'errors.py') that holds a module."""
    parts = module.split(".")[1:]
    if not parts:
        return "__init__.py"
    if (PACKAGE.joinpath(*parts)).is_dir():
        return "/".join(parts) + "/__init__.py"
    return "/".join(parts) + ".py"


def _covered(entry: str, key: tuple[str, ...]) -> bool:
    return any(entry == part or entry.startswith(part + "/") for part in key)


@pytest.mark.parametrize("table", sorted(CODE_PACKAGES))
def test_cache_key_packages_import_nothing_outside_their_key(table):
    key = SHARED + CODE_PACKAGES[table]
    inside = [p for p in PACKAGE.rglob("*.py") if _covered(str(p.relative_to(PACKAGE)), key)]
    assert inside, table
    leaks = {(str(p.relative_to(PACKAGE)), m) for p in inside for m in _imports(p)
             if not _covered(_file_of(m), key)}
    assert not leaks, f"{table}: per-article code imports modules outside its cache key: {sorted(leaks)}"


def test_cache_parse_key_covers_extraction_and_not_the_corpus_steps():
    files = set(package_files(SHARED + CODE_PACKAGES["analyses"]))
    assert {"nlp/analyse.py", "nlp/mentions.py", "nlp/meetings.py", "lexicon/names.py", "errors.py"} <= files
    assert not any(f.split("/")[0] in ("resolve", "events", "store", "run", "topics") for f in files)
    assert set(CODE_PACKAGES["analyses"]) <= set(CODE_PACKAGES["topic_rows"])  # rows are computed from parses


def test_cache_package_files_walk_subfolders_and_data_files(tmp_path):
    (tmp_path / "nlp" / "lang" / "__pycache__").mkdir(parents=True)
    (tmp_path / "nlp" / "lang" / "rules.py").write_text("X = 1\n")
    (tmp_path / "nlp" / "lang" / "words.txt").write_text("meet\n")
    (tmp_path / "nlp" / "lang" / "__pycache__" / "rules.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "resolve.py").write_text("")
    files = package_files(["nlp"], root=tmp_path)
    assert set(files) == {"nlp/lang/rules.py", "nlp/lang/words.txt"}


def test_cache_fingerprint_changes_with_content_and_version_only():
    files = {"nlp/a.py": b"x = 1\n", "lexicon/b.txt": b"word\n"}
    base = fingerprint("1", files)
    assert fingerprint("1", dict(reversed(files.items()))) == base
    assert fingerprint("1", {**files, "lexicon/b.txt": b"other\n"}) != base
    assert fingerprint("1", {**files, "nlp/c.py": b""}) != base
    assert fingerprint("2", files) != base


@pytest.mark.slow
def test_cache_editing_resolution_then_rebuilding_parses_nothing(tmp_path):
    """A copy of the package, built twice with one cache, a resolution module edited in between."""
    shutil.copytree(PACKAGE, tmp_path / "data_pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "config", tmp_path / "config")
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Foreign Minister Anna Kovacs met her counterpart Jonas Berg in Oslo on Monday.\n")

    def build(out: str) -> str:
        run = subprocess.run([sys.executable, "-m", "data_pipeline", "build", str(corpus), "--out", str(tmp_path / out),
                              "--cache-dir", str(tmp_path / "cache"), "--no-progress"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return run.stdout + run.stderr

    assert "1 parsed" in build("first")
    with (tmp_path / "data_pipeline" / "resolve" / "name_match.py").open("a") as f:
        f.write("\nEDITED = True  # a corpus-level edit\n")
    assert "0 parsed" in build("second")
    with (tmp_path / "data_pipeline" / "nlp" / "meetings.py").open("a") as f:
        f.write("\nEDITED = True  # a per-article edit\n")
    assert "1 parsed" in build("third")
