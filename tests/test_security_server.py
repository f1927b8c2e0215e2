"""The served dashboard refuses foreign Host headers (DNS rebinding) and keeps /_stcore/metrics from viewers.

Starts the real server (dashboard/server.py, the `make run` entry point) on a tiny build; raw HTTP, no browser.
"""
from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlsplit

import pytest

from bench.serve import dashboard
from dashboard_corpus import write


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    with dashboard(write(tmp_path_factory.mktemp("hosts") / "data")) as (base, _):
        yield base


def _status(url: str, path: str, host: str, websocket: bool = False) -> int:
    """The HTTP status line code the server answers to one request sent with `host` as Host header."""
    parts = urlsplit(url)
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}"]
    if websocket:
        key = base64.b64encode(os.urandom(16)).decode()
        lines += ["Upgrade: websocket", "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                  "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: streamlit"]
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as s:
        s.sendall(("\r\n".join(lines + ["Connection: close" if not websocket else "", ""]) + "\r\n").encode())
        head = s.recv(4096).decode("latin-1")
    return int(head.split()[1]) if head.startswith("HTTP/") else 0


def test_security_server_websocket_with_a_foreign_host_is_refused(url):
    assert _status(url, "/_stcore/stream", "127.0.0.1", websocket=True) == 101
    assert _status(url, "/_stcore/stream", "evil.example", websocket=True) != 101


def test_security_server_pages_with_a_foreign_host_are_refused(url):
    assert _status(url, "/", "127.0.0.1") == 200
    assert _status(url, "/", "evil.example") == 400
    assert _status(url, "/_stcore/health", "evil.example:8501") == 400


def test_security_server_metrics_are_not_served(url):
    assert _status(url, "/_stcore/metrics", "127.0.0.1") == 404
