"""The dashboard as an ASGI app (`streamlit run dashboard/server.py`): Streamlit plus two checks its config
cannot express. Every HTTP request, not only the WebSocket, must name an allowed host (`server.allowedHosts`;
DNS rebinding), and `/_stcore/metrics` (cache and session statistics) is not served to viewers. A page's HTML
names the element scripts it will need, so the browser loads them during the script run (`preload.py`). The
vendored partial Plotly bundles the charts draw with (`plotlite.py`) and the map's outlines are served at
`<base>/plotlite/<file>`, and Streamlit's own static files from memory (`assets.py`)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse

from dashboard import assets, plotlite, preload
from dashboard.hosts import allowed, blocked_path

JS_DIR = Path(st.__file__).resolve().parent / "static" / "static" / "js"


class Guard:
    """ASGI middleware: 400 for a Host outside `server.allowedHosts`, 404 for the paths viewers may not read."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket"):
            from streamlit import config

            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if not allowed(host, config.get_option("server.allowedHosts")):
                return await _refuse(scope, receive, send, 400, "Unknown host")
            if blocked_path(scope.get("path", "")):
                return await _refuse(scope, receive, send, 404, "Not found")
        return await self.app(scope, receive, send)


async def _refuse(scope, receive, send, status: int, text: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    await PlainTextResponse(text, status_code=status)(scope, receive, send)


def bundle_of(path: str) -> str | None:
    """The vendored file a request path asks for (`…/plotlite/<file>`, a bundle, or `…/plotlite/<folder>/<file>`,
    the map's outlines: a page's relative URL, whatever the base path and page depth), relative to the bundles'
    folder; None for any name the manifest does not list."""
    for name in plotlite.SERVED:
        if path.endswith(f"/{plotlite.BUNDLE_PATH}/{name}"):
            return name
    return None


def content_type(name: str) -> bytes:
    """The Content-Type of a vendored file: a bundle is a script, the map's outlines are JSON."""
    return b"application/json" if name.endswith(".json") else b"text/javascript"


class Bundles:
    """ASGI middleware: GET of a partial Plotly bundle or of the map's outlines answers the vendored file (from
    memory, in one piece, uncompressed as Streamlit's own scripts), cached by the browser for a year (the names carry
    the Plotly version or the outlines' hash)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            name = bundle_of(scope.get("path", ""))
            if name is not None:
                data = assets.body(name, plotlite.BUNDLE_DIR)
                await send({"type": "http.response.start", "status": 200, "headers": [
                    (b"content-type", content_type(name)), (b"content-length", str(len(data)).encode()),
                    (b"cache-control", b"public, max-age=31536000, immutable")]})
                await send({"type": "http.response.body", "body": data if scope["method"] == "GET" else b""})
                return
        return await self.app(scope, receive, send)


class Preload:
    """ASGI middleware: a page's HTML (a GET of a page path) gets `preload.head_tags` in its <head>; the page
    is asked for uncompressed (8 kB) so that it can be edited."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        from streamlit import config

        page = None
        if scope["type"] == "http" and scope.get("method") == "GET":
            page = preload.page_of(scope.get("path", ""), config.get_option("server.baseUrlPath") or "")
        if page is None:
            return await self.app(scope, receive, send)
        scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers") or [] if k != b"accept-encoding"]}
        start: dict = {}
        body: list[bytes] = []

        async def edit(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                return await send(message)
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            headers = list(start.get("headers") or [])
            document = b"".join(body)
            kind = dict(headers)
            if (start.get("status") == 200 and kind.get(b"content-type", b"").startswith(b"text/html")
                    and b"content-encoding" not in kind):
                document = preload.inject(document, preload.head_tags(page, JS_DIR))
                headers = [(k, v) for k, v in headers if k != b"content-length"]
                headers.append((b"content-length", str(len(document)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": document})

        return await self.app(scope, receive, edit)


app = st.App("app.py", middleware=[Middleware(Guard), Middleware(assets.Assets), Middleware(Bundles),
                                   Middleware(Preload)])
