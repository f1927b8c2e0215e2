"""People & organisations: the most mentioned, and a profile (aliases, roles over time, mentions over time,
who they met, topics around them, why each spelling was merged). Its charts and tables are plain HTML (nothing in
them is clicked but the names, which are links), so the page needs no chart library and no data grid."""
from urllib.parse import urlencode

import streamlit as st

from dashboard import htmlcharts, labels, notices, picker, state, ui

KINDS = {"PERSON": "people", "ORG": "organisations"}

f = state.filters()
st.title("People & organisations")
opts = state.options()
names = state.labels()
kind = st.segmented_control("Show", list(KINDS), default="PERSON", key="entity_kind", format_func=KINDS.get,
                            bind="query-params") or "PERSON"
top = state.top_entities(f, kind, 25)
if top.empty:
    ui.empty(f"No {KINDS[kind][:-1] if kind == 'ORG' else 'person'} is mentioned in the articles matching the filters. "
             + notices.no_articles(f))
else:
    here = {k: st.query_params.get_all(k) for k in st.query_params}
    links = ["?" + urlencode({**here, "profile": [names.get(i) or state.label_of(i)]}, doseq=True)
             for i in top["entity_id"]]
    st.html(htmlcharts.ranked(top["name"].tolist(), top["mentions"].tolist(),
                              f"Most mentioned {KINDS[kind]} (click a name for the profile)", "mention", links))

pool = opts["people"] if kind == "PERSON" else opts["orgs"]
chosen = [i for i in (f.people if kind == "PERSON" else f.orgs)]
ids = list(dict.fromkeys(chosen + top["entity_id"].tolist() + sorted(pool["entity_id"])))
asked, current = st.query_params.get("profile"), st.session_state.get("profile")
if asked and asked != (current and state.label_of(current)) and asked not in {names.get(i) for i in ids}:
    # a link to someone the list does not offer: found in the whole build by label, name or id
    current = state.names().resolve([asked], KINDS).get(asked, current)
    st.session_state["profile"] = current
if current and current not in ids:
    ids.insert(0, current)
if not ids:
    st.stop()


def _open(_kind: str, entity_id: str) -> None:
    st.session_state["profile"] = entity_id


left, right = st.columns([3, 2], vertical_alignment="bottom")
eid = left.selectbox("Profile of", ids, format_func=lambda i: names.get(i) or state.label_of(i), key="profile",
                     bind="query-params")
if len(pool) < opts["totals"].get(kind, 0):
    with right:
        picker.search("find_profile", "Find anyone by name", KINDS, _open,
                      help="Any person or organisation in the build, not only the most mentioned listed: type part "
                           "of a name (case and accents ignored) and choose a match to open the profile.")
ent = state.entity(eid)
if ent is None:
    ui.empty("This entity is not in the current build.")
    st.stop()
ui.literal(ent["name"], "h2")
aliases = sorted(ent["aliases"] if ent["aliases"] is not None else [])
ui.note(f"{labels.entity_type(ent['type'])} · {ent['country'] or 'country not known'} · spellings seen: "
        + (", ".join(aliases) or labels.EMPTY))

c1, c2 = st.columns(2)
with c1:
    over_time = state.mentions_over_time(f, eid, "month")
    dated = over_time[over_time["period"].notna()]
    undated = int(over_time.loc[over_time["period"].isna(), "mentions"].sum())
    if dated.empty:
        ui.empty("No dated mention under these filters.")
    else:
        st.html(htmlcharts.periods(dated, "mentions", "Mentions per month", "month", "mention"))
    if undated:
        ui.note(f"Not on this chart: {labels.plural(undated, 'mention')} in articles without a publication date.")
with c2:
    around = state.topics_around(f, eid)
    if around.empty:
        ui.empty("No topic in the articles that mention them.")
    else:
        st.html(htmlcharts.ranked(around["topic"].tolist(), around["articles"].tolist(), "Topics around them",
                                  "article"))

st.subheader("Who they met")
met = state.counterparts(f, eid)
if met.empty:
    ui.empty(notices.no_events(f) if kind == "PERSON" else "Organisations take part in no meeting event here; "
             "meetings are between people.")
else:
    ui.rows(met, "counterparts", ["date", "reported", "counterpart", "kind", "status", "place", "n_articles",
                                  "evidence"])

r1, r2 = st.columns(2)
with r1:
    st.subheader("Roles over time")
    held = state.roles(eid)
    if held.empty:
        ui.empty("No role recorded for them in this build.")
    else:
        ui.html_table(held.rename(columns={"date": "as_of"}), "roles", ["as_of", "role", "org", "country", "title"])
with r2:
    st.subheader("Spellings merged")
    why = state.resolution(eid)
    if why.empty:
        ui.empty("No merge reasons recorded in this build.")
    else:
        ui.html_table(why.rename(columns={"reason": "merge_reason"}), "resolution", ["surface", "merge_reason", "articles"])
