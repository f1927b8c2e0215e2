"""The dashboard as an ASGI app (`streamlit run dashboard/server.py`): Streamlit plus two checks its config
cannot express. Every HTTP request, not only the WebSocket, must name an allowed host (`server.allowedHosts`;
DNS rebinding), and `/_stcore/metrics` (cache and session statistics) is not served to viewers."""
from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse

from dashboard.hosts import allowed, blocked_path


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


app = st.App("app.py", middleware=[Middleware(Guard)])
