"""Find article files under an input path and turn each into clean Articles (or Skips)."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from . import errors
from .dates import BadDate, split_header
from .errors import Skip
from .model import Article

SUPPORTED = {".txt"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def discover(root: Path) -> list[Path]:
    """Every regular file under `root` (or `root` itself), sorted for a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def relative_name(path: Path, root: Path) -> str:
    if root.is_file():
        return path.name
    return path.relative_to(root).as_posix()


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer detects."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data, 0, len(data), "no encoding fits")
    return str(best)


def read_file(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[Skip]]:
    """Read one file into articles; problems become Skips naming the file and reason."""
    if path.suffix.lower() not in SUPPORTED:
        return [], [Skip(rel, errors.E_FORMAT, path.suffix or "no extension")]
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [], [Skip(rel, errors.E_TOO_LARGE, f"{size} bytes > {max_bytes}")]
        data = path.read_bytes()
    except OSError as exc:
        return [], [Skip(rel, errors.E_UNREADABLE, exc.strerror or str(exc))]
    if not data.strip():
        return [], [Skip(rel, errors.E_EMPTY)]
    if b"\x00" in data:
        return [], [Skip(rel, errors.E_BINARY)]
    try:
        raw = decode(data)
    except UnicodeDecodeError:
        return [], [Skip(rel, errors.E_ENCODING)]
    try:
        published, body = split_header(raw)
    except BadDate as exc:
        return [], [Skip(rel, errors.E_BAD_DATE, str(exc))]
    body = body.strip()
    if not body:
        return [], [Skip(rel, errors.E_NO_TEXT)]
    art = Article(path=rel, text=body, published=published, date_source="header" if published else "none")
    return [art], []


def dedupe(articles: list[Article]) -> tuple[list[Article], list[Skip]]:
    """One article per distinct body; later copies add their path to the first."""
    seen: dict[str, Article] = {}
    skips: list[Skip] = []
    for art in articles:
        first = seen.get(art.article_id)
        if first is None:
            seen[art.article_id] = art
        else:
            first.other_paths.append(art.path)
            skips.append(Skip(art.path, errors.E_DUPLICATE, f"same text as {first.path}"))
    return list(seen.values()), skips


def ingest(root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[list[Article], list[Skip]]]:
    """Yield (articles, skips) per input file under `root`."""
    for path in discover(root):
        yield read_file(path, relative_name(path, root), max_bytes)
