"""Streamlit's static files answered from memory: the same bytes, type and cache header as Streamlit's own handler,
only for its files, and conditional or range requests still answered by Streamlit."""
from __future__ import annotations

import re
import urllib.request

import pytest

from dashboard import assets


def test_assets_asset_of_knows_streamlits_files_only(tmp_path):
    for folder in assets.FOLDERS:
        (tmp_path / "static" / folder).mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc.js").write_text("x")
    (tmp_path / "static" / "media" / "font.x1.woff2").write_bytes(b"\0")
    (tmp_path / "index.html").write_text("<html>")
    assets.names.cache_clear()
    assert assets.asset_of("/static/js/index.abc.js", "", tmp_path) == "static/js/index.abc.js"
    assert assets.asset_of("/news/static/media/font.x1.woff2", "/news/", tmp_path) == "static/media/font.x1.woff2"
    for path, base in [("/static/js/other.js", ""), ("/index.html", ""), ("/network/static/js/index.abc.js", ""),
                       ("/static/js/../../index.html", ""), ("/static/js/index.abc.js", "news"),
                       ("/newsstatic/js/index.abc.js", "news"), ("/static/js/", ""), ("static/js/index.abc.js", "")]:
        assert assets.asset_of(path, base, tmp_path) is None, path
    assets.names.cache_clear()


def test_assets_types_and_plain_requests():
    assert assets.content_type("static/css/index.x.css") == "text/css; charset=utf-8"
    assert assets.content_type("static/media/f.x.woff2") == "font/woff2"
    assert assets.plain([(b"accept", b"*/*"), (b"host", b"localhost")])
    assert not assets.plain([(b"Range", b"bytes=0-10")]) and not assets.plain([(b"if-none-match", b'"x"')])


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    from bench.serve import dashboard
    from dashboard_corpus import write

    with dashboard(write(tmp_path_factory.mktemp("assets") / "data")) as (base, _):
        yield base


def _get(url: str, **headers) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


@pytest.mark.slow
def test_assets_served_as_streamlit_serves_them(url):
    _, _, page = _get(url + "/")
    names = re.findall(rb'(?:src|href)="\./(static/(?:js|css|media)/[^"]+)"', page)
    assert len(names) > 10
    for name in [n.decode() for n in names[:6]] + [n.decode() for n in names if n.endswith(b".css")]:
        mine = _get(f"{url}/{name}")  # from memory
        theirs = _get(f"{url}/{name}", **{"If-None-Match": '"not-this"'})  # Streamlit's own handler
        assert mine[0] == theirs[0] == 200 and mine[2] == theirs[2] and len(mine[2]) > 0
        for header in ("content-type", "cache-control", "content-length"):
            assert mine[1][header] == theirs[1][header], (name, header)
        assert "etag" not in mine[1] and "etag" in theirs[1]  # the first answer did not come from Streamlit
    status, headers, part = _get(f"{url}/{names[0].decode()}", Range="bytes=0-9")
    assert status == 206 and len(part) == 10  # a range is still Streamlit's
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(f"{url}/static/js/index.js", Host="evil.example")
    assert refused.value.code == 400  # the host check comes first
