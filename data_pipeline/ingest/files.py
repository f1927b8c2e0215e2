"""Find article files under an input path and turn each into clean, dated Articles (or Skips).

Per file: size/permission/empty/binary checks → decode (UTF-8, else detected: cp1251, latin-1, ...) →
records by format (`formats`) → per record: header date, HTML extraction, clutter filter and page
edges (`clean`), metadata (`metadata`), language (`language`), publication date (`dates`).

Language: an article in another language is kept with its `language` (and not given to the English
model by the build). In an English article, clutter in any language is removed (cookie notices,
translation credits, navigation); a short non-English line at the page edges (before the first /
after the last real paragraph) is site chrome and removed. A genuine non-English paragraph — inside
the body, or a long one anywhere (an appended original, a quoted statement) — stays in `text`, so
nothing the author wrote is lost, and is listed in `foreign_ranges`, which `Article.nlp_text()`
blanks for the English model.
"""
from __future__ import annotations

import errno
import logging
import os
import re
import stat
from pathlib import Path

from data_pipeline import errors
from data_pipeline.ingest import clean, formats, language, metadata
from data_pipeline.ingest.anniversaries import Fact, load_facts
from data_pipeline.ingest.dating import date_record
from data_pipeline.ingest.published import BadDate, split_header
from data_pipeline.errors import Skip
from data_pipeline.ingest.formats import SUPPORTED, Record
from data_pipeline.ingest.article import Article

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NUL = b"\x00"
log = logging.getLogger(__name__)


def discover(root: Path) -> tuple[list[tuple[Path, str]], list[Skip]]:
    """(path to read, name relative to `root`) of every article file under `root`, sorted; and what is not read.

    Folders are walked without following symbolic links. A link to a file inside `root` is read (under
    the link's name); a link leading outside `root`, to nothing, or to a folder is skipped, as are
    unreadable folders and special files (pipes, sockets, devices). Names starting with a dot are
    hidden and ignored. `root` itself may be a link, or a single file (read as given).
    """
    if not root.is_dir():
        return [(root, relative_name(root, root))], []
    found, skips = walk(root)
    return [(Path(path), rel) for path, rel in found], skips


def walk(root: Path) -> tuple[list[tuple[str, str]], list[Skip]]:
    """`discover` with each path as a string: (path, rel) sorted by rel, and what is not read.

    One `os.scandir` per folder and string joins per entry, no `Path` and no `stat` per file (a `Path` per
    entry was most of a listing's cost at 100,000 files); the same files, names, order and skips as `discover`.
    """
    if not root.is_dir():
        return [(os.fspath(root), relative_name(root, root))], []
    base = Path(os.path.realpath(root))
    found: list[tuple[str, str]] = []
    skips: list[Skip] = []
    stack = [(os.fspath(root), "")]  # (folder as scandir names it, its name relative to root with a trailing /)
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = [e for e in it if not e.name.startswith(".")]
        except OSError as exc:
            rel = _printable(prefix[:-1]) if prefix else "."
            skips.append(Skip(f"{rel}/", errors.E_UNREADABLE, f"folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            raw = prefix + entry.name
            rel = raw if raw.isascii() else _printable(raw)
            try:
                if entry.is_symlink():
                    target, skip = _link_target(Path(entry.path), rel, base)
                    found += [(os.fspath(target), rel)] if target else []
                    skips += [skip] if skip else []
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, raw + "/"))
                elif entry.is_file(follow_symlinks=False):
                    found.append((entry.path, rel))
                else:
                    skips.append(Skip(rel, errors.E_NOT_FILE, _kind(entry.stat(follow_symlinks=False).st_mode)))
            except OSError as exc:
                skips.append(Skip(rel, errors.E_UNREADABLE, exc.strerror or str(exc)))
    found.sort(key=lambda f: f[1])
    return found, sorted(skips, key=lambda s: s.path)


def _link_target(link: Path, rel: str, base: Path) -> tuple[Path | None, Skip | None]:
    """(the file a symbolic link leads to, None) when it is a file inside `base`; else (None, the Skip)."""
    target = Path(os.path.realpath(link))
    if not target.exists():
        return None, Skip(rel, errors.E_LINK, "it leads to nothing")
    if target != base and base not in target.parents:
        return None, Skip(rel, errors.E_LINK, "it leads outside the input folder")
    if target.is_dir():
        return None, Skip(rel, errors.E_LINK, "it leads to a folder")
    if not target.is_file():
        return None, Skip(rel, errors.E_NOT_FILE, _kind(target.stat().st_mode))
    return target, None


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a regular file"


def relative_name(path: Path, root: Path) -> str:
    """`path` relative to the input root (the bare name when the input is one file), as printable text.

    Bytes of a name that are not UTF-8 are written as `\\xNN` escapes, so the name can be logged,
    hashed and stored.
    """
    return _printable(path.name if root.is_file() or path == root else path.relative_to(root).as_posix())


def _printable(name: str) -> str:
    """A file name with the bytes that are not UTF-8 written as `\\xNN` escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


# Among legacy encodings that fit equally well, the ones news archives use most come first.
PREFERRED_ENCODINGS = ("cp1252", "latin_1", "cp1251", "cp1250", "iso8859_15", "koi8_r", "iso8859_2", "cp1254")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f]|[^\w\s\x00-\x7f](?=[^\W\d_])")


def _misdecoded(text: str) -> int:
    """Non-ASCII symbols glued to letters ("wspó³pracy"): the mark of a wrong single-byte code page."""
    return len(_SYMBOL_IN_WORD.findall(text))


def decode(data: bytes) -> str:
    """The text of a file's bytes (see `decode_counted`)."""
    return decode_counted(data)[0]


def decode_counted(data: bytes) -> tuple[str, int, int]:
    """(text, invalid UTF-8 bytes replaced, offset of the first) of a file's bytes.

    UTF-8 (with or without BOM) as UTF-8. Text that is mostly UTF-8 with a few invalid bytes (a stray
    cp1252 quote pasted into a UTF-8 file) is still UTF-8, each bad byte replaced by U+FFFD: at least as
    many valid multi-byte characters as invalid bytes. Else the legacy encoding that fits best
    (cp1251, latin-1, cp1250, ...): charset-normalizer proposes the candidates; among the least chaotic,
    the one that glues the fewest symbols into words wins, ties going to the most common news encodings
    (PREFERRED_ENCODINGS).
    """
    try:
        return data.decode("utf-8-sig"), 0, -1
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8-sig", "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if len(_NON_ASCII.findall(text)) - text.count("\ufffd") >= bad:
        return text, bad, first
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnicodeDecodeError("unknown", data, 0, len(data), "no encoding fits")
    floor = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= floor + 0.02]

    def rank(item: tuple[int, object]) -> tuple:
        i, m = item
        pref = PREFERRED_ENCODINGS.index(m.encoding) if m.encoding in PREFERRED_ENCODINGS else len(PREFERRED_ENCODINGS)
        return (_misdecoded(str(m)[:20000]), pref, i)

    return str(min(enumerate(close), key=rank)[1]), 0, -1


def read_bytes(path: Path, rel: str, max_bytes: int) -> tuple[bytes | None, Skip | None]:
    """The file's bytes, or the Skip saying why they cannot be used (too large, unreadable, gone, empty, binary).

    The file is opened without following a symbolic link and must be a regular file when opened, so a
    name swapped for a link or a pipe after discovery is not read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, Skip(rel, errors.E_VANISHED)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, Skip(rel, errors.E_LINK, "it became a symbolic link while the build ran")
        return None, Skip(rel, errors.E_UNREADABLE, exc.strerror or str(exc))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Skip(rel, errors.E_NOT_FILE, _kind(info.st_mode))
        if info.st_size > max_bytes:
            return None, Skip(rel, errors.E_TOO_LARGE, f"{info.st_size} bytes > {max_bytes}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, Skip(rel, errors.E_UNREADABLE, exc.strerror or str(exc))
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after the size check
        return None, Skip(rel, errors.E_TOO_LARGE, f"more than {max_bytes} bytes")
    if not data.strip():
        return None, Skip(rel, errors.E_EMPTY)
    if NUL in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Skip(rel, errors.E_BINARY, f"first NUL at byte {data.index(NUL)}")
    return data, None


def read_file(path: Path, rel: str, max_bytes: int = DEFAULT_MAX_BYTES,
              field_map: dict[str, str] | None = None,
              facts: tuple[Fact, ...] | None = None) -> tuple[list[Article], list[Skip]]:
    """Read one file into articles; problems become Skips naming the file and reason (W_ codes: kept, with a caveat).

    `facts`: dated facts for anniversary dates (None: config/facts.yaml).
    """
    if path.suffix.lower() not in SUPPORTED:
        return [], [Skip(rel, errors.E_FORMAT, path.suffix or "no extension")]
    data, skip = read_bytes(path, rel, max_bytes)
    if skip:
        return [], [skip]
    try:
        content, bad, first = decode_counted(data)
    except UnicodeDecodeError:
        return [], [Skip(rel, errors.E_ENCODING)]
    notes = [Skip(rel, errors.W_BAD_BYTES, f"{bad} byte(s), the first at byte {first}")] if bad else []
    records, skips = formats.read_records(path.suffix, content, rel, field_map)
    facts = load_facts() if facts is None else facts
    articles = []
    for rec in records:
        try:
            got = make_article(rec, facts, notes)
        except Exception as exc:  # a bug on one odd record must not sink the file or the build
            log.debug("%s: ingest failed", rec.path, exc_info=True)
            got = Skip(rec.path, errors.E_FAILED, f"{type(exc).__name__}: {exc}")
        if isinstance(got, Skip):
            skips.append(got)
        else:
            articles.append(got)
    return articles, notes + skips


def _body_lines(lines: list[clean.Line], lang: str) -> tuple[list[clean.Line], list[clean.Line], list[clean.Line]]:
    """(head, body, tail) of a text's lines without clutter (`clean.split_edges`)."""

    def is_body(s: str) -> bool:
        if not clean.is_sentence_like(s) or metadata.is_meta_line(s):
            return False
        return clean.word_count(s) >= clean.LONG_LINE_WORDS or not language.is_foreign(s, lang)

    return clean.split_edges(lines, is_body)


def _article_language(kept: list[clean.Line], max_lines: int = 60) -> str:
    """The language most of the prose of a text's lines without clutter is in (`language.of_article` over the
    first lines)."""
    lines = [ln.text for ln in kept]
    prose = [s for s in lines if clean.is_sentence_like(s)] or lines
    return language.of_article(prose[:max_lines])


def _join_with_ranges(body: list[clean.Line], lang: str) -> tuple[str, list[tuple[int, int]]]:
    text = clean.join_lines(body)
    ranges, pos = [], 0
    for ln in body:
        start = text.index(ln.text, pos)
        pos = start + len(ln.text)
        if lang == "en" and language.is_foreign(ln.text, lang):
            ranges.append((start, pos))
    return text, ranges


def make_article(rec: Record, facts: tuple[Fact, ...] = (), notes: list[Skip] | None = None) -> Article | Skip:
    """One clean, dated Article from a raw record, or the Skip saying why not."""
    fields = dict(rec.fields)
    if fields.get("text") is not None and not isinstance(fields["text"], str):
        return Skip(rec.path, errors.E_NO_TEXT, f"the text field holds {formats.json_type(fields['text'])}, not text")
    raw = fields.get("text") or ""
    header, html = None, None
    if rec.kind == "text":
        try:
            header, raw = split_header(raw)
        except BadDate as exc:
            return Skip(rec.path, errors.E_BAD_DATE, str(exc))
    elif rec.kind == "html":
        html = raw
        page = clean.html_to_text(raw)
        fields = {k: v for k, v in page.items() if v}
        raw = str(fields.get("text") or "")
    elif clean.looks_like_html(raw):
        html = raw
        raw = clean.html_fragment_to_text(raw)
    if not raw.strip():
        return Skip(rec.path, errors.E_NO_TEXT)
    lines = clean.to_lines(raw)  # once: the language, the edges and the date regions all read them
    kept = clean.drop_clutter(lines)
    lang = _article_language(kept)
    head, body, tail = _body_lines(kept, lang)
    body = clean.drop_repeats(body)
    meta = metadata.from_edges([ln.text for ln in head], [ln.text for ln in tail], [ln.text for ln in body[:3]])
    text, foreign = _join_with_ranges(body, lang)
    if not text.strip():
        return Skip(rec.path, errors.E_NO_TEXT)
    title = fields.get("title") or meta.title
    dated = date_record(rec.kind, header, fields, html, raw, text, body, meta.title, facts=facts, lines=lines)
    if notes is not None:  # kept with a caveat: logged by the build and listed in the manifest's `warnings`
        notes += [Skip(rec.path, errors.W_DATE, warning) for warning in dated.warnings]
    return Article(path=rec.path, text=text, title=str(title) if title else None,
                   source=_str(fields.get("source")) or meta.source or meta.site,
                   author=_str(fields.get("author")) or meta.author, url=_str(fields.get("url")),
                   published=dated.when, date_source=dated.source, date_evidence=dated.evidence, language=lang,
                   foreign_ranges=foreign)


# written for `warm_up` (no article of any set): a date header, a dateline, prose whose content words reach the
# language detector, a byline and a line in Russian
WARM_TEXT = (" date 2024-03-05 VIENNA, March 5 (Newswire) - Delegates from eleven countries resumed negotiations on "
             "grain corridors, fertiliser quotas and insurance rules for cargo vessels crossing contested waters.\n\n"
             "Officials expect further rounds before summer, although several delegations remain sceptical.\n\n"
             "Переговоры продолжатся на следующей неделе в Женеве.\n\nBy Jana Novak")


def warm_up() -> None:
    """Read WARM_TEXT as a text file's record: what the first file read in a process loads (the language detector
    and its models, the date lexicon's month tables, the stop words; ~0.2 s) is loaded here, once, before the
    reading processes are forked from this process, instead of in each of them. A failure is only logged: the
    readers then load it all themselves, and report any real error on their own files."""
    try:
        make_article(Record("warm-up", {"text": WARM_TEXT}, "text"), load_facts())
    except Exception:  # noqa: BLE001 - a speed-up must not fail the build
        log.debug("ingest warm-up failed", exc_info=True)


def _str(v: object) -> str | None:
    return str(v).strip() or None if v is not None else None


def dedupe(articles: list[Article]) -> tuple[list[Article], list[Skip]]:
    """One article per distinct body; later copies add their path (and any metadata the first lacks)."""
    seen: dict[str, Article] = {}
    skips: list[Skip] = []
    for art in articles:
        first = seen.get(art.article_id)
        if first is None:
            seen[art.article_id] = art
            continue
        first.other_paths.append(art.path)
        for attr in ("title", "source", "author", "url"):
            if getattr(first, attr) is None and getattr(art, attr) is not None:
                setattr(first, attr, getattr(art, attr))
        if first.published is None and art.published is not None:
            first.published, first.date_source, first.date_evidence = art.published, art.date_source, art.date_evidence
        skips.append(Skip(art.path, errors.E_DUPLICATE, f"same text as {first.path}"))
    return list(seen.values()), skips
