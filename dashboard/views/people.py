"""People & organisations: the most mentioned, and a profile (aliases, roles over time, mentions over time,
who they met, topics around them, why each spelling was merged)."""
import streamlit as st

from dashboard import charts, state, ui

f = state.filters()
st.title("People & organisations")
opts = state.q("options")
labels = state.labels()
kind = st.segmented_control("Show", ["PERSON", "ORG"], default="PERSON", key="entity_kind",
                            format_func={"PERSON": "people", "ORG": "organisations"}.get) or "PERSON"
top = state.q("top_entities", f, kind, 25)
if top.empty:
    ui.empty("Nobody of this kind is mentioned in the articles matching the filters.")
else:
    st.plotly_chart(charts.top_bar(top, "name", "mentions", "Most mentioned"), key="top_entities")

pool = opts["people"] if kind == "PERSON" else opts["orgs"]
chosen = [i for i in (f.people if kind == "PERSON" else f.orgs)]
ids = list(dict.fromkeys(chosen + top["entity_id"].tolist() + sorted(pool["entity_id"])))
if not ids:
    st.stop()
eid = st.selectbox("Profile of", ids, format_func=lambda i: labels.get(i, i), key="profile", bind="query-params")
ent = state.q("entity", eid)
if ent is None:
    ui.empty("This entity is not in the current build.")
    st.stop()
ui.literal(ent["name"], "h2")
st.text(f"{ent['type']} · {ent['country'] or 'country unknown'} · aliases: "
        + ", ".join(sorted(ent["aliases"] if ent["aliases"] is not None else [])))

c1, c2 = st.columns(2)
with c1:
    over_time = state.q("mentions_over_time", f, eid, "month")
    if over_time.empty:
        ui.empty("No dated mention under these filters.")
    else:
        st.plotly_chart(charts.per_period(over_time, "mentions", "Mentions per month", "month"), key="mentions_time")
with c2:
    around = state.q("topics_around", f, eid)
    if around.empty:
        ui.empty("No topic in the articles that mention them.")
    else:
        st.plotly_chart(charts.top_bar(around, "topic", "articles", "Topics around them"), key="topics_around")

st.subheader("Who they met")
met = state.q("counterparts", f, eid)
if met.empty:
    ui.empty("No meeting event with them matches the filters.")
else:
    ui.table(met, "counterparts", ["day", "counterpart", "kind", "status", "place", "n_articles", "evidence"],
             column_config={"day": st.column_config.DateColumn("date"),
                            "evidence": st.column_config.TextColumn("evidence", width="large")})

r1, r2 = st.columns(2)
with r1:
    st.subheader("Roles over time")
    held = state.q("roles", eid)
    if held.empty:
        ui.empty("No role recorded for them in this build.")
    else:
        ui.table(held, "roles", ["date", "role", "org", "country", "title"],
                 column_config={"date": st.column_config.DateColumn("date")})
with r2:
    st.subheader("Spellings merged")
    why = state.q("resolution", eid)
    if why.empty:
        ui.empty("No merge reasons recorded in this build.")
    else:
        ui.table(why, "resolution")
