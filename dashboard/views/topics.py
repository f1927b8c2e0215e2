"""Topics: articles per topic over time, grouped (click a point for its articles and sentences), topic × country
and topic × person heatmaps (plain HTML: nothing to click in them), and emerging terms re-tested on the filtered
articles (click a term for its articles)."""
import pandas as pd
import streamlit as st

from dashboard import charts, figures, htmlcharts, notices, periods, plotlite, state, ui

f = state.filters()
st.title("Topics")
c1, c2, c3 = st.columns(3)
monthly = state.topic_share(f, "month")
usual = periods.default(monthly)   # months when they are few; quarters or years over a long span
period = c1.segmented_control("Period", list(periods.PERIODS), default=usual, key="topic_period",
                              bind="query-params") or usual
value = c2.segmented_control("Show", ["share", "articles"], default="share", key="topic_value",
                             bind="query-params") or "share"
share = state.topic_share(f, period)
sparse = charts.sparse_periods(share, period)
view = c3.segmented_control("View", ["lines", "dots"], default="dots" if sparse else "lines", key="topic_view",
                            bind="query-params") or "lines"
if share.empty:
    ui.empty("No dated article with a topic matches the filters. " + notices.no_articles(f))
else:
    if period == usual != "month":
        st.caption(f"{periods.span_note(monthly, period)} Pick month above for one point per month.")
    if sparse and view == "lines":
        st.caption(f"Most {period}s here have fewer than 5 articles: shares jump between 0 % and 100 %. "
                   "The dots view shows counts and shares without lines.")
    chosen = ui.chart(figures.topics(f, period, value, view == "dots"), key=f"topic_{view}", on_select="rerun",
                      selection_mode="points")
    points = [p.get("customdata") for p in plotlite.points(chosen)]
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
        st.caption("Click a point to see the articles and sentences behind it. Topics are grouped in the legend "
                   "(security, diplomacy, economy, humanitarian); click a name to hide or show it.")

by = st.segmented_control("Topics by", ["country", "person"], default="country", key="topic_by",
                          bind="query-params") or "country"
if by == "country":
    grid = state.topic_country(f)
    if grid.empty:
        ui.empty("No article with a topic mentions a country under these filters.")
    else:
        st.html(htmlcharts.heatmap(grid, "country", "topic", "articles", "Articles per topic and country", "article"))
else:
    grid = state.topic_person(f)
    if grid.empty:
        ui.empty("No article with a topic mentions a person under these filters.")
    else:
        st.html(htmlcharts.heatmap(grid, "person", "topic", "articles",
                                   "Articles per topic and person (the 15 people in most articles with a topic)",
                                   "article"))

st.subheader("Emerging terms")
found = state.emerging(f)
terms = found["terms"]
if found["sparse"]:
    ui.empty(f"Too few articles to tell what is emerging: the test compares each month with the others and needs "
             f"at least 3 months of 10 or more articles; the filtered articles fill {found['full_months']} such "
             f"month(s) of {found['months']} dated month(s). Widen the dates or the filters.")
elif terms.empty:
    ui.empty("No term rises clearly in any month of the filtered articles: each needs 3 or more articles from "
             "2 or more sources in its month and a score of 2 or more.")
else:
    shown = terms.head(15).assign(label=[f"{t} ({pd.Timestamp(m):%b %Y})" for t, m in zip(terms["term"].head(15),
                                                                                        terms["month"].head(15))],
                                  key=[[t, pd.Timestamp(m).date().isoformat()] for t, m in
                                       zip(terms["term"].head(15), terms["month"].head(15))])
    chosen = ui.chart(charts.top_bar(shown, "label", "score", "Emerging terms of the filtered articles "
                                            "(click a bar for its articles)", ids="key", integer=False),
                             key="terms", on_select="rerun", selection_mode="points", static=True)
    st.caption("Score: how far the share of a month's articles that name the term rises above its share in the "
               "other months, in standard errors (the log-odds ratio with a prior set to the term's rate in the "
               "whole filtered set, so two mentions in a small month are not a trend). 2 or more is a clear rise. "
               "Terms are noun phrases and names, never readout words; a term found in most months is this "
               "corpus' background and counts only when it doubles. The sidebar filters apply.")
    picked = [p.get("customdata") for p in plotlite.points(chosen)]
    picked = [p for p in picked if isinstance(p, list) and len(p) == 2]
    if picked:
        term, month = picked[0]
        ui.literal(f"{term} · {pd.Timestamp(month):%B %Y}", "h4")
        rows = state.term_articles(f, term, pd.Timestamp(month).date())
        rows = rows.assign(open=ui.article_link(rows["article_id"], state.shared_params()))
        ui.table(rows, "term_articles", ["published", "source", "title", "open", "sentence"])
    ui.html_table(terms.assign(month=terms["month"].map(lambda m: str(m)[:7])), "emerging_terms")
