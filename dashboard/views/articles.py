"""Articles: search titles and bodies, pick one, read its clean text with entity mentions highlighted,
and see the meetings and topic sentences it contributed."""
import streamlit as st

from dashboard import reader, state, ui

f = state.filters()
st.title("Articles")
needle = st.text_input("Search title and text", key="q", bind="query-params", placeholder="a word or a phrase")
found = state.q("search_articles", f, needle)
if found.empty:
    ui.empty("No article matches the search and the filters.")
    st.stop()
st.caption(f"{len(found)} article(s){' (first 500)' if len(found) == 500 else ''}. Select a row to read it.")
picked = ui.table(found, "articles", ["published", "source", "language", "title", "n_words", "meetings", "path"],
                  column_config={"published": st.column_config.DateColumn("published"),
                                 "title": st.column_config.TextColumn("title", width="large")},
                  on_select="rerun", selection_mode="single-row", height=260)
rows = picked.selection.rows if picked else []
if rows:
    st.query_params["article"] = found.iloc[rows[0]]["article_id"]
wanted = st.query_params.get("article")
art = state.q("article", wanted) if wanted else None
if wanted and art is None:
    ui.empty("The linked article is not in the current build; showing the first match instead.")
if art is None:
    art = state.q("article", found.iloc[0]["article_id"])
aid = art["article_id"]
if aid not in set(found["article_id"]):
    st.caption("This linked article does not match the current search or filters.")

ui.literal(art["title"] or art["path"], "h2")
st.text(" · ".join(str(x) for x in (ui.fmt_day(art["published"]), art["source"] or "source unknown",
                                     art["author"] or "", f"{art['n_words']} words", art["path"]) if x))
mentions = state.q("article_mentions", aid)
meetings = state.q("article_meetings", aid)
sentences = state.q("article_topic_sentences", aid)
text_col, side = st.columns([3, 2])
with text_col:
    st.html(reader.legend())
    st.html(reader.highlight(art["text"], mentions.to_dict("records"), zip(meetings["start"], meetings["end"])))
with side:
    st.subheader("Meetings reported")
    if meetings.empty:
        ui.empty("This article reports no meeting.")
    else:
        ui.table(meetings, "article_meetings", ["a_name", "b_name", "kind", "status", "date", "place", "evidence"],
                 column_config={"a_name": "person", "b_name": "counterpart",
                                "date": st.column_config.DateColumn("date"),
                                "evidence": st.column_config.TextColumn("evidence", width="large")})
    st.subheader("Topic sentences")
    if sentences.empty:
        ui.empty("No topic sentence in this article.")
    else:
        ui.table(sentences, "article_topics", ["topic", "sentence", "phrase"])
