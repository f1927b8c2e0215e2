"""What a page's HTML asks the browser for before the script runs: the style that keeps loading placeholders
still, and the scripts of the elements the page will show. Streamlit fetches an element's script only when the
element arrives, after the server's script run, and then its imports one level after another; named in the page's
<head> as `modulepreload` with every script they import, they are fetched and compiled while the server runs the
script (bench/RESULTS.md §8, §20). A chart page's partial Plotly bundle (`plotlite.py`, a classic script) is named
the same way, as `preload`, and is run once the server has started the page's script run (§18, §20)."""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

from dashboard import plotlite

# Placeholders stay still: Streamlit's shimmering skeleton, shown while the script runs and while an element's
# script loads, kept a software-compositing browser busy at 60 frames a second (1-9 s of CPU per load, §8)
STILL_PLACEHOLDERS = "<style>[data-testid='stSkeleton']{animation:none!important}</style>"
# What the page will need is asked for once Streamlit has connected and the server runs the page's script (the app's
# connection state turns "CONNECTED" or its script state "running"; 3 s after the load event at the latest). Then the
# scripts of the page's elements and all they import are named as `modulepreload` links, fetched and compiled in
# parallel while the server runs the page (left to Streamlit, they were fetched after the script run, one level of
# imports after another; named in the <head> or at DOMContentLoaded, they competed with Streamlit's own start-up
# and put off its connection). When the browser is next idle, the element scripts are imported (a module runs once:
# the element's own import reuses it) and a chart page's bundle is run (~0.3 s of main-thread CPU). Run at the load
# event instead, the bundle held the main thread while Streamlit was about to open its WebSocket, and the whole
# script run started that much later (§20). The bundle's load is
# registered in `window.__plotlite` as plotlite.js's `bundle()` registers its own, so the chart reuses it (a chart
# that arrives first loads the bundle itself, once). The %s are JSON lists of the module URLs to preload and to
# import, and the bundle's URL (or null).
EARLY_JS = ("<script>(function(p,m,u){function want(){p.forEach(function(x){var l=document.createElement('link');"
            "l.rel='modulepreload';l.crossOrigin='';l.href=x;document.head.appendChild(l)})}"
            "function go(){m.forEach(function(x){import(x).catch(function(){})});if(!u)return;"
            "var L=window.__plotlite=window.__plotlite||{bundles:{},queue:Promise.resolve()};if(L.bundles[u])return;"
            "L.bundles[u]=L.queue=L.queue.then(function(){return new Promise(function(ok,no){"
            "var s=document.createElement('script');s.src=u;s.async=true;s.onload=function(){ok(window.Plotly)};"
            "s.onerror=function(){no(new Error('could not load '+u))};document.head.appendChild(s)})})}"
            "var started=false,seen=new MutationObserver(check);function start(){if(started)return;started=true;"
            "seen.disconnect();want();if(window.requestIdleCallback)requestIdleCallback(go,{timeout:1000});else setTimeout(go,0)}"
            "function check(){var a=document.querySelector('[data-testid=\"stApp\"]');"
            "if(a&&(a.getAttribute('data-test-connection-state')==='CONNECTED'||"
            "a.getAttribute('data-test-script-state')==='running'))start()}"
            "seen.observe(document,{subtree:true,childList:true,attributes:true,"
            "attributeFilter:['data-test-script-state','data-test-connection-state']});"
            "addEventListener('load',function(){setTimeout(start,3000)})})(%s,%s,%s);</script>")
# the pages' URL paths (app.py), "" and "home" being the Overview at the root
PAGES = frozenset({"", "home", "overview", "network", "map", "timeline", "topics", "people", "articles"})
# pages whose first view has a Plotly chart, and the partial bundle it needs (plotlite.BUNDLES)
CHART_PAGES = {"network": "cartesian", "map": "geo", "timeline": "cartesian", "topics": "cartesian"}
# pages whose first view has a data grid (st.dataframe): none now; every page draws its tables in HTML on its first
# view (network, timeline and the articles list until the viewer asks for the grid: ui.rows)
TABLE_PAGES: frozenset[str] = frozenset()
# Streamlit's element scripts (file name before the content hash): the data grid's, and the host element of the
# custom component (plotlite) that draws a chart page's charts
TABLE_SCRIPTS = ("DataFrame", "arrowFormatUtils")
CHART_SCRIPTS = ("BidiComponent",)
# the other elements of a page's first view: the sidebar's (multiselects, the date boxes, "Reset filters"; the
# confidence slider is behind "More filters", sidebar.MORE) and the HTML and "Download CSV" of every page; then each
# page's own
WIDGET_SCRIPTS = ("Multiselect", "TextInput", "Button", "Html", "DownloadButton")
PAGE_SCRIPTS = {"": ("Metric",), "home": ("Metric",), "overview": ("Metric",), "network": ("Checkbox",),
                "map": ("Metric",), "timeline": ("ButtonGroup", "Checkbox"), "topics": ("ButtonGroup",),
                "people": ("ButtonGroup", "Selectbox", "Checkbox"), "articles": ("Checkbox", "Selectbox")}
# Streamlit's entry script, whose imports the page's HTML names already
ENTRY = "index"
# a static import in Streamlit's built scripts: `import"./x.js"` or `…from"./x.js"`
IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.$-]+\.js)"')


def page_of(path: str, base: str = "") -> str | None:
    """The page a request path opens ('' for the root), or None for anything else (assets, probes, API)."""
    base = "/" + base.strip("/") if base.strip("/") else ""
    if base and not (path == base or path.startswith(base + "/")):
        return None
    rest = path[len(base):].strip("/")
    return rest if rest in PAGES else None


def scripts(page: str, js_dir: Path, big_only: bool = False) -> list[str]:
    """File names (under static/js) of the element scripts `page` will need, as this Streamlit build names
    them; none when the build has no such file (a Streamlit upgrade renamed them: nothing is preloaded). With
    `big_only`, only the data grid's and the chart component's, which the page's <head> names."""
    wanted = (TABLE_SCRIPTS if page in TABLE_PAGES else ()) + (CHART_SCRIPTS if page in CHART_PAGES else ())
    if not big_only:
        wanted += WIDGET_SCRIPTS + PAGE_SCRIPTS.get(page, ())
    return [f.name for stem in wanted for f in sorted(js_dir.glob(f"{stem}.*.js"))]


def imports(names: list[str], js_dir: Path) -> list[str]:
    """`names` and every script they import, directly or not (static imports only: what the browser fetches
    before running them), less what Streamlit's entry script imports (the page's HTML names those)."""
    named = set(_closure(_entry(js_dir), js_dir))
    return [n for n in _closure(tuple(names), js_dir) if n not in named]


def _entry(js_dir: Path) -> tuple[str, ...]:
    return tuple(f.name for f in sorted(js_dir.glob(f"{ENTRY}.*.js")))


@functools.lru_cache(maxsize=64)
def _closure(names: tuple[str, ...], js_dir: Path) -> tuple[str, ...]:
    """`names` and their static imports, recursively, in the order first met (files read once per process: a
    Streamlit build's scripts do not change while it serves)."""
    seen: dict[str, None] = {}
    todo = list(names)
    while todo:
        name = todo.pop(0)
        path = js_dir / name
        if name in seen or not path.is_file():
            continue
        seen[name] = None
        todo.extend(IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return tuple(seen)


def bundle(page: str) -> str | None:
    """The partial Plotly bundle's URL (relative to the page) that `page`'s first view draws with, if any."""
    kind = CHART_PAGES.get(page)
    return plotlite.bundle_url(plotlite.BUNDLES[kind]) if kind else None


@functools.lru_cache(maxsize=64)
def head_tags(page: str, js_dir: Path) -> str:
    """The tags to put in the page's <head> (made once per page: a Streamlit build's scripts do not change while it
    serves)."""
    big = scripts(page, js_dir, big_only=True)
    entries = scripts(page, js_dir)
    links = "".join(f'<link rel="modulepreload" crossorigin href="{html.escape(_url(name), quote=True)}">'
                    for name in big)
    chart = bundle(page)
    if chart:
        links += f'<link rel="preload" as="script" href="{html.escape(chart, quote=True)}">'
    if entries or chart:
        later = [_url(name) for name in imports(entries, js_dir) if name not in big]
        links += EARLY_JS % (_js(later), _js([_url(name) for name in entries]), _js(chart))
    return STILL_PLACEHOLDERS + links


def _url(name: str) -> str:
    """The URL of Streamlit's script `name`, relative to a page."""
    return f"./static/js/{name}"


def _js(value) -> str:
    """`value` as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c")


def inject(document: bytes, tags: str) -> bytes:
    """`document` with `tags` just before </head> (unchanged when it has no </head>)."""
    at = document.find(b"</head>")
    return document if at < 0 else document[:at] + tags.encode() + document[at:]
