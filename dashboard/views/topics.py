"""Topics: share of articles per topic over time (click a point for its articles and sentences),
topic × country heatmap, and emerging terms."""
import pandas as pd
import streamlit as st

from dashboard import charts, notices, palette, state, ui

f = state.filters()
st.title("Topics")
period = st.segmented_control("Period", ["week", "month"], default="month", key="topic_period",
                              bind="query-params") or "month"
share = state.topic_share(f, period)
if share.empty:
    ui.empty("No dated article with a topic matches the filters. " + notices.no_articles(f))
else:
    colours = palette.mapping(state.options()["topics"])
    chosen = ui.chart(charts.topic_share(share, period, colours), key="topic_share", on_select="rerun",
                      selection_mode="points")
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
        ui.empty("No emerging terms in this build for the selected dates.")
    else:
        ui.chart(charts.top_bar(terms.head(15), "term", "score", "Emerging terms", integer=False), key="terms")
        ui.table(terms.assign(month=terms["month"].map(lambda m: str(m)[:7])), "emerging_terms")
