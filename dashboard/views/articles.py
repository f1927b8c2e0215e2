"""Articles: search titles and bodies, pick one, read its clean text with entity mentions highlighted,
and see the meetings and topic sentences it contributed."""
import streamlit as st

from dashboard import labels, notices, reader, state, ui

LISTED = 50  # rows of the first view's HTML list (the grid and the CSV have every match)

f = state.filters()
st.title("Articles")
needle = st.text_input("Search title and text", key="q", bind="query-params",
                       placeholder='words, or a "quoted phrase"')
st.caption('Finds articles holding every word (in any order); a "quoted phrase" must appear as written. Case and '
           "accents are ignored, and the last word may be the start of a word (minist → minister).")
found = state.search_articles(f, needle)
if found.empty:
    ui.empty(("No article holds every one of these words under the filters. " if (needle or "").strip() else "")
             + notices.no_articles(f))
    st.stop()
found = found.assign(title=[reader.headline(t, lead)[0] for t, lead in zip(found["title"], found["lead"])])
st.caption(f"{labels.plural(len(found), 'article')}{' (the newest 500)' if len(found) == 500 else ''}, newest first. "
           "Choose one under “Read” to open it here.")
ids = found["article_id"].tolist()


def _pick(listed: tuple = tuple(ids)) -> None:
    """A row selected in the grid: open that article (`listed`: the grid's rows, as this run drew them)."""
    rows = st.session_state["table_articles"].selection.rows
    if rows:
        st.query_params["article"] = listed[rows[0]]


ui.rows(found, "articles", ["published", "source", "language", "title", "n_words", "meetings", "path"],
        max_rows=LISTED, on_select=_pick, selection_mode="single-row", height=260)
wanted = st.query_params.get("article")
art = state.article(wanted) if wanted else None
if wanted and art is None:
    ui.empty("The linked article is not in the current build; showing the first match instead.")
heads = dict(zip(ids, found["title"]))
days = dict(zip(ids, found["published"].map(ui.fmt_day)))
if art is not None and art["article_id"] not in heads:
    ids = [art["article_id"], *ids]
    heads[art["article_id"]] = reader.headline(art["title"], art["text"])[0]
    days[art["article_id"]] = ui.fmt_day(art["published"])
# The URL names the open article by its id (the links of the other pages do: ui.article_link), so the box is not bound
# to it (a bound box writes its label); the box is made anew (its key) for each article the URL opens.
at = ids.index(art["article_id"]) if art is not None else 0
chosen = st.selectbox("Read", ids, index=at, key=f"read_{ids[at]}",
                      format_func=lambda i: f"{heads[i]} · {days[i] if days[i] != 'unknown' else 'undated'}",
                      help="Any article of the list (type to search the titles); a row selected in the grid opens "
                           "here too.")
if chosen != wanted and (wanted or chosen != ids[0]):
    st.query_params["article"] = chosen
art = state.article(chosen)
aid = art["article_id"]
if aid not in set(found["article_id"]):
    st.caption("This linked article does not match the current search or filters.")

title, derived = reader.headline(art["title"], art["text"])
ui.literal(title, "h2")
if derived:
    ui.note("No headline was found in this article; its first sentence stands in.")
published = ui.fmt_day(art["published"])
evidence = art.get("date_evidence")
ui.note(" · ".join(x for x in (
    f"published {published}" if published != "unknown" else "publication date not known",
    art["source"] or "source not stated", art["author"] or "", f"{art['n_words']:,} words",
    f"file {art['path']}") if x))
if evidence is not None and not labels.is_missing(evidence):
    ui.note(f"Publication date evidence: {evidence}")
mentions = state.article_mentions(aid)
meetings = state.article_meetings(aid)
sentences = state.article_topic_sentences(aid)
text_col, side = st.columns([3, 2])
with text_col:
    st.html(reader.legend())
    st.html(reader.highlight(art["text"], mentions.to_dict("records"), zip(meetings["start"], meetings["end"])))
with side:
    st.subheader("Meetings reported")
    if meetings.empty:
        ui.empty("This article reports no meeting.")
    else:
        cols = ["a_name", "b_name", "kind", "status", "date", "date_source", "place", "evidence"]
        ui.html_table(meetings, "article_meetings", cols + (["reason"] if "reason" in meetings else []))
    st.subheader("Topic sentences")
    if sentences.empty:
        ui.empty("No topic sentence in this article.")
    else:
        ui.html_table(sentences.assign(article_id=aid), "article_topics", ["topic", "sentence", "phrase"])
