"""Streamlit's own hashed static files (scripts, styles, fonts under `static/static/`) answered from memory in one
piece: Streamlit's file handler reads each on worker threads in 64 kB chunks, and a browser's first visit asks for
~60 of them (~4 MB) while the same process runs the page's script (bench/RESULTS.md §8.1, §20). The bytes, type and
cache header are those Streamlit sends; a conditional or range request is left to Streamlit."""
from __future__ import annotations

import functools
import mimetypes
from pathlib import Path

import streamlit as st

STATIC_DIR = Path(st.__file__).resolve().parent / "static"
FOLDERS = ("js", "css", "media")
MAX_AGE = 365 * 24 * 60 * 60            # Streamlit's own for hashed files: a year, immutable
# a request that Streamlit answers differently from a plain 200 (304, 206): left to it
CONDITIONAL = (b"range", b"if-none-match", b"if-modified-since", b"if-range")


@functools.lru_cache(maxsize=4)
def names(static_dir: Path = STATIC_DIR) -> frozenset[str]:
    """The served files' paths under `static_dir` ("static/js/x.js"), listed once: a build's files do not change."""
    return frozenset(f"static/{folder}/{f.name}" for folder in FOLDERS
                     for f in (static_dir / "static" / folder).glob("*") if f.is_file())


def asset_of(path: str, base: str = "", static_dir: Path = STATIC_DIR) -> str | None:
    """The static file a request path asks for ("static/js/x.js"), or None (not one of Streamlit's files)."""
    base = "/" + base.strip("/") if base.strip("/") else ""
    if not path.startswith(base + "/"):
        return None
    rest = path[len(base) + 1:]
    return rest if rest in names(static_dir) else None


def content_type(name: str) -> str:
    """The Content-Type Streamlit's file handler (starlette's) sends for `name`."""
    kind = mimetypes.guess_type(name)[0] or "text/plain"
    return kind + "; charset=utf-8" if kind.startswith("text/") else kind


@functools.lru_cache(maxsize=1024)
def body(name: str, static_dir: Path = STATIC_DIR) -> bytes:
    """The bytes of a served file, read once per process."""
    return (static_dir / name).read_bytes()


def plain(headers) -> bool:
    """True when a request's headers ask for the whole file, unconditionally."""
    return not any(k.lower() in CONDITIONAL for k, _ in headers or [])


class Assets:
    """ASGI middleware: a plain GET of one of Streamlit's static files is answered from memory in one body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") == "GET" and plain(scope.get("headers")):
            from streamlit import config

            name = asset_of(scope.get("path", ""), config.get_option("server.baseUrlPath") or "")
            if name is not None:
                data = body(name)
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", content_type(name).encode()), (b"content-length", str(len(data)).encode()),
                    (b"cache-control", f"public, immutable, max-age={MAX_AGE}".encode())]})
                await send({"type": "http.response.body", "body": data})
                return
        return await self.app(scope, receive, send)
