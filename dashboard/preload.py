"""What a page's HTML asks the browser for before the script runs: the style that keeps loading placeholders
still, and the scripts of the elements the page will show. Streamlit fetches an element's script (Plotly's is
4.7 MB) only when the element arrives, after the server's script run; named in the page's <head> as
`modulepreload`, they are fetched and compiled while the server runs the script (bench/RESULTS.md §8). A chart
page's partial Plotly bundle (`plotlite.py`, a classic script) is named the same way, as `preload`, and is also
run as soon as the browser is idle after the page's load, i.e. while the server runs the script (§18)."""
from __future__ import annotations

import html
import json
from pathlib import Path

from dashboard import plotlite

# Placeholders stay still: Streamlit's shimmering skeleton, shown while the script runs and while an element's
# script loads, kept a software-compositing browser busy at 60 frames a second (1-9 s of CPU per load, §8)
STILL_PLACEHOLDERS = "<style>[data-testid='stSkeleton']{animation:none!important}</style>"
# What the page will need is run when the browser is first idle after the page's load event, i.e. while the server
# runs the page's script, instead of once the elements have arrived (§18): the element scripts are imported (they
# were only fetched and compiled by `modulepreload`; a module runs once, so the element's own import reuses it), and
# a chart page's bundle is run (~0.3 s of main-thread CPU). The bundle's load is registered in `window.__plotlite`
# as plotlite.js's `bundle()` registers its own, so the chart reuses it (a chart that arrives first loads the bundle
# itself, once). The %s are a JSON list of module URLs and the bundle's URL (or null).
EARLY_JS = ("<script>(function(m,u){function go(){m.forEach(function(x){import(x).catch(function(){})});if(!u)return;"
            "var L=window.__plotlite=window.__plotlite||{bundles:{},queue:Promise.resolve()};if(L.bundles[u])return;"
            "L.bundles[u]=L.queue=L.queue.then(function(){return new Promise(function(ok,no){"
            "var s=document.createElement('script');s.src=u;s.async=true;s.onload=function(){ok(window.Plotly)};"
            "s.onerror=function(){no(new Error('could not load '+u))};document.head.appendChild(s)})})}"
            "addEventListener('load',function(){if(window.requestIdleCallback)requestIdleCallback(go,{timeout:1500});"
            "else setTimeout(go,0)})})(%s,%s);</script>")
# the pages' URL paths (app.py), "" and "home" being the Overview at the root
PAGES = frozenset({"", "home", "overview", "network", "map", "timeline", "topics", "people", "articles"})
# pages whose first view has a Plotly chart, and the partial bundle it needs (plotlite.BUNDLES)
CHART_PAGES = {"network": "cartesian", "map": "geo", "timeline": "cartesian", "topics": "cartesian"}
# pages whose first view has a data grid (st.dataframe); the others draw their tables in HTML (network and timeline
# until the viewer asks for the grid: ui.rows)
TABLE_PAGES = frozenset({"articles"})
# Streamlit's element scripts (file name before the content hash): the data grid's, and the host element of the
# custom component (plotlite) that draws a chart page's charts
TABLE_SCRIPTS = ("DataFrame", "arrowFormatUtils")
CHART_SCRIPTS = ("BidiComponent",)


def page_of(path: str, base: str = "") -> str | None:
    """The page a request path opens ('' for the root), or None for anything else (assets, probes, API)."""
    base = "/" + base.strip("/") if base.strip("/") else ""
    if base and not (path == base or path.startswith(base + "/")):
        return None
    rest = path[len(base):].strip("/")
    return rest if rest in PAGES else None


def scripts(page: str, js_dir: Path) -> list[str]:
    """File names (under static/js) of the element scripts `page` will need, as this Streamlit build names
    them; none when the build has no such file (a Streamlit upgrade renamed them: nothing is preloaded)."""
    wanted = (TABLE_SCRIPTS if page in TABLE_PAGES else ()) + (CHART_SCRIPTS if page in CHART_PAGES else ())
    return [f.name for stem in wanted for f in sorted(js_dir.glob(f"{stem}.*.js"))]


def bundle(page: str) -> str | None:
    """The partial Plotly bundle's URL (relative to the page) that `page`'s first view draws with, if any."""
    kind = CHART_PAGES.get(page)
    return plotlite.bundle_url(plotlite.BUNDLES[kind]) if kind else None


def head_tags(page: str, js_dir: Path) -> str:
    """The tags to put in the page's <head>."""
    modules = [f"./static/js/{name}" for name in scripts(page, js_dir)]
    links = "".join(f'<link rel="modulepreload" crossorigin href="{html.escape(url, quote=True)}">' for url in modules)
    chart = bundle(page)
    if chart:
        links += f'<link rel="preload" as="script" href="{html.escape(chart, quote=True)}">'
    if modules or chart:
        links += EARLY_JS % (_js(modules), _js(chart))
    return STILL_PLACEHOLDERS + links


def _js(value) -> str:
    """`value` as a JavaScript literal that is safe inside a <script> element."""
    return json.dumps(value).replace("<", "\\u003c")


def inject(document: bytes, tags: str) -> bytes:
    """`document` with `tags` just before </head> (unchanged when it has no </head>)."""
    at = document.find(b"</head>")
    return document if at < 0 else document[:at] + tags.encode() + document[at:]
