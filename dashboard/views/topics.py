"""Topics: share of articles per topic over time (click a point for its articles and sentences),
topic × country heatmap, and emerging terms."""
import pandas as pd
import streamlit as st

from dashboard import charts, notices, palette, state, ui

f = state.filters()
st.title("Topics")
c1, c2, c3 = st.columns(3)
period = c1.segmented_control("Period", ["week", "month"], default="month", key="topic_period",
                              bind="query-params") or "month"
value = c2.segmented_control("Show", ["share", "articles"], default="share", key="topic_value",
                             bind="query-params") or "share"
share = state.topic_share(f, period)
sparse = charts.sparse_periods(share, period)
view = c3.segmented_control("View", ["lines", "dots"], default="dots" if sparse else "lines", key="topic_view",
                            bind="query-params") or "lines"
if share.empty:
    ui.empty("No dated article with a topic matches the filters. " + notices.no_articles(f))
else:
    if sparse and view == "lines":
        st.caption(f"Most {period}s here have fewer than 5 articles: shares jump between 0 % and 100 %. "
                   "The dots view shows counts and shares without lines.")
    colours = palette.mapping(state.options()["topics"])
    fig = charts.topic_grid(share, period) if view == "dots" else charts.topic_share(share, period, value, colours)
    chosen = ui.chart(fig, key=f"topic_{view}", on_select="rerun", selection_mode="points")
    points = [p.get("customdata") for p in (chosen.selection.points if chosen else [])]
    points = [p for p in points if isinstance(p, list) and len(p) == 2]
    if points:
        topic, start = points[0]
        ui.literal(f"{topic} · {period} of {start}", "h4")
        proof = state.topic_evidence(f, topic, pd.Timestamp(start).date(), period)
        proof = proof.assign(open=ui.article_link(proof["article_id"], state.shared_params()))
        if proof.empty:
            ui.empty("No matching article has this topic in that period (a share of 0). Click another point.")
        else:
            ui.table(proof, "topic_evidence", ["published", "source", "title", "open", "sentence", "phrase"])
    else:
        st.caption("Click a point to see the articles and sentences behind it.")

left, right = st.columns([3, 2])
with left:
    grid = state.topic_country(f)
    if grid.empty:
        ui.empty("No article with a topic mentions a country under these filters.")
    else:
        ui.chart(charts.matrix(grid, "country", "topic", "articles", "Articles per topic and country"),
                 key="topic_country")
with right:
    terms = state.emerging_terms(f)
    if terms.empty:
        ui.empty("No emerging terms for these dates: a term must rise in a month against the other months, "
                 "so a build with one month, or with few articles per month, has none.")
    else:
        ui.chart(charts.top_bar(terms.head(15), "term", "score", "Emerging terms", integer=False), key="terms")
        st.caption("Score: how far the share of the month's articles that mention the term rises above its share "
                   "in the other months, in standard errors (z-score of the log-odds ratio); 2 or more is a clear rise.")
        ui.table(terms.assign(month=terms["month"].map(lambda m: str(m)[:7])), "emerging_terms")
