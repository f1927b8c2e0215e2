"""Who-met-whom extraction end to end with the real model, on small sentences written for these tests.

Rule tests on parse shapes are in test_meetings_rules.py (hand-built Docs).
"""
from __future__ import annotations

from datetime import date

import pytest

from data_pipeline.nlp import meetings, mentions

PUB = date(2023, 3, 15)  # a Wednesday


def extract(nlp, text: str, published: date | None = PUB) -> list[dict]:
    """Rows with the participants' mention texts in place of indices."""
    doc = nlp(text)
    found = mentions.extract(doc)
    rows, extra = meetings.extract(doc, found, published)
    every = found + extra
    return [dict(r, a=every[r["a"]]["text"], b=every[r["b"]]["text"]) for r in rows]


def pairs(rows: list[dict]) -> set[tuple[frozenset, str, str]]:
    return {(frozenset((r["a"], r["b"])), r["kind"], r["status"]) for r in rows}


def pair(a: str, b: str, kind: str, status: str = "held") -> tuple[frozenset, str, str]:
    return frozenset((a, b)), kind, status


@pytest.mark.parametrize("text, expected", [
    ("Chancellor Olaf Scholz met with Polish President Andrzej Duda in Warsaw.",
     {pair("Olaf Scholz", "Andrzej Duda", "meeting")}),
    ("Finnish Prime Minister Sanna Marin met Norwegian Prime Minister Jonas Gahr Store.",
     {pair("Sanna Marin", "Jonas Gahr Store", "meeting")}),
    ("Emmanuel Macron and Olaf Scholz discussed energy prices.",
     {pair("Emmanuel Macron", "Olaf Scholz", "talks")}),
    ("The treaty was drafted after a July 14 meeting between Recep Tayyip Erdogan and Vladimir Putin in Sochi.",
     {pair("Recep Tayyip Erdogan", "Vladimir Putin", "meeting")}),
    ("“Trade is growing,” said Orban to his Serbian counterpart Aleksandar Vucic, during talks in Budapest.",
     {pair("Orban", "Aleksandar Vucic", "talks")}),
    ("Kamala Harris met Emmanuel Macron and Olaf Scholz.",
     {pair("Kamala Harris", "Emmanuel Macron", "meeting"), pair("Kamala Harris", "Olaf Scholz", "meeting")}),
    ("King Charles received Joe Biden at Windsor Castle.", {pair("Charles", "Joe Biden", "meeting")}),
    ("Emperor Naruhito hosted Justin Trudeau.", {pair("Naruhito", "Justin Trudeau", "meeting")}),
    ("Narendra Modi visited Vladimir Putin.", {pair("Narendra Modi", "Vladimir Putin", "visit")}),
    ("Erdogan called Zelensky on Monday.", {pair("Erdogan", "Zelensky", "phone_call")}),
    ("Erdogan spoke by telephone with Ilham Aliyev on Tuesday.", {pair("Erdogan", "Ilham Aliyev", "phone_call")}),
    ("The decision was announced by Antonio Guterres in a letter to Volodymyr Zelensky.",
     {pair("Antonio Guterres", "Volodymyr Zelensky", "message")}),
    ("Antonio Tajani and Giorgia Meloni held talks in Rome.", {pair("Antonio Tajani", "Giorgia Meloni", "talks")}),
    ("Rishi Sunak talked to Joe Biden by phone.", {pair("Rishi Sunak", "Joe Biden", "phone_call")}),
    ("Macron had dinner with Scholz at the Elysee.", {pair("Macron", "Scholz", "meeting")}),
    ("Blinken sat down with Wang Yi on the sidelines of the summit.", {pair("Blinken", "Wang Yi", "meeting")}),
    ("“I met with Putin yesterday,” Trump said.", {pair("Trump", "Putin", "meeting")}),
    ("Putin sent a telegram to Lukashenko.", {pair("Putin", "Lukashenko", "message")}),
    ("Scholz and Macron spoke by phone on Sunday.", {pair("Scholz", "Macron", "phone_call")}),
])
def test_meetings_forms(nlp, text, expected):
    assert pairs(extract(nlp, text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Olaf Scholz will meet Andrzej Duda next week.", {pair("Olaf Scholz", "Andrzej Duda", "meeting", "planned")}),
    ("Antony Blinken is expected to hold talks with Wang Yi in Beijing.",
     {pair("Antony Blinken", "Wang Yi", "talks", "planned")}),
    ("Erdogan has agreed to meet Putin in Sochi.", {pair("Erdogan", "Putin", "meeting", "planned")}),
    ("Viktor Orban refused to meet Volodymyr Zelensky.",
     {pair("Viktor Orban", "Volodymyr Zelensky", "meeting", "cancelled")}),
    ("Emmanuel Macron postponed his meeting with Olaf Scholz.",
     {pair("Emmanuel Macron", "Olaf Scholz", "meeting", "cancelled")}),
    ("Orban refused to hold talks with Zelensky.", {pair("Orban", "Zelensky", "talks", "cancelled")}),
    ("Ahead of his meeting with Xi Jinping, Biden spoke to reporters.",
     {pair("Biden", "Xi Jinping", "meeting", "planned")}),
])
def test_meetings_status(nlp, text, expected):
    assert pairs(extract(nlp, text)) == expected


@pytest.mark.parametrize("text", [
    "Joe Biden did not meet Xi Jinping.",
    "Joe Biden could meet Xi Jinping in November.",
    "If Putin met Zelensky, the war might end.",
    "Biden never called Putin.",
    "Biden wants to meet Xi Jinping.",
    "Putin called Macron's proposal naive.",
    "Zelensky called for talks with Putin.",
    "Scholz pushed for a meeting with Xi.",
    "Erdogan offered to host talks between Putin and Zelensky.",
    "No meeting between Biden and Putin is planned.",
    "Biden and Putin have not met since Geneva.",
    "Joe Biden and Xi Jinping both attended the summit in Bali.",
])
def test_meetings_negated_hypothetical_or_cooccurring_is_no_meeting(nlp, text):
    assert extract(nlp, text) == []


def test_meetings_place_from_preposition_and_visited_country(nlp):
    rows = extract(nlp, "Chancellor Olaf Scholz met with Polish President Andrzej Duda in Warsaw.")
    assert rows[0]["place"] == "Warsaw"
    rows = extract(nlp, "A trilateral meeting between Putin, Aliyev and Pashinyan took place in Sochi.")
    assert {r["place"] for r in rows} == {"Sochi"}
    rows = extract(nlp, "During his visit to Armenia, Lavrov met Nikol Pashinyan.")
    met = [r for r in rows if r["b"] == "Nikol Pashinyan" or r["a"] == "Nikol Pashinyan"]
    assert met and met[0]["place"] == "Yerevan"


def test_meetings_place_from_dateline_for_same_day_report(nlp):
    text = "BERLIN, MARCH 15, DPA. Olaf Scholz met with Andrzej Duda to discuss border security."
    rows = extract(nlp, text)
    assert rows and rows[0]["place"] == "Berlin"


def test_meetings_evidence_offsets_point_at_the_sentence(nlp):
    text = "The summit ended early. Kamala Harris met Emmanuel Macron on Tuesday. Talks went on."
    rows = extract(nlp, text)
    assert len(rows) == 1
    r = rows[0]
    assert text[r["start"]:r["end"]] == r["evidence"] == "Kamala Harris met Emmanuel Macron on Tuesday."
    assert 0 < r["confidence"] <= 1


def test_meetings_dates_explicit_relative_or_none(nlp):
    [explicit] = extract(nlp, "The deal followed a March 2 meeting between Olaf Scholz and Andrzej Duda.")
    assert (explicit["date"], explicit["date_source"]) == ("2023-03-02", "text")
    [relative] = extract(nlp, "Kamala Harris met Emmanuel Macron yesterday.")
    assert (relative["date"], relative["date_source"]) == ("2023-03-14", "relative")
    [default] = extract(nlp, "Kamala Harris met Emmanuel Macron.")
    assert (default["date"], default["date_source"]) == (None, "none")  # the article date is only `reported`
    [vague] = extract(nlp, "Kamala Harris met Emmanuel Macron last month.")
    assert (vague["date"], vague["date_source"]) == (None, "none")
    [unknown] = extract(nlp, "Kamala Harris met Emmanuel Macron.", published=None)
    assert (unknown["date"], unknown["date_source"]) == (None, "none")


def test_meetings_narrative_date_carries_to_a_then_clause(nlp):
    text = ("On March 9, the minister arrived in Rome for a two-day visit. "
            "Antonio Tajani then discussed migration with Giorgia Meloni.")
    [row] = extract(nlp, text)
    assert row["date"] == "2023-03-09"


def test_meetings_adds_a_mention_for_a_name_ner_missed(nlp):
    doc = nlp("Shoygu met with Armenian Defense Minister Seyran Ohanian.")
    found = mentions.extract(doc)
    rows, extra = meetings.extract(doc, found, PUB)
    assert rows
    for m in extra:
        assert m["source"] == "meetings" and m["kind"] == "name"
        assert doc.text[m["start"]:m["end"]] == m["text"]
    every = found + extra
    assert {every[rows[0]["a"]]["text"], every[rows[0]["b"]]["text"]} == {"Shoygu", "Seyran Ohanian"}


def test_meetings_topic_of_a_briefing_is_no_meeting_with_the_listener(nlp):
    text = "Antonio Guterres met Sergei Lavrov. Guterres later phoned Volodymyr Zelensky to brief him on the talks."
    got = pairs(extract(nlp, text))
    assert pair("Guterres", "Volodymyr Zelensky", "phone_call") in got
    assert not any("Sergei Lavrov" in p and "Guterres" in p for p, _, _ in got)


def test_meetings_earlier_in_the_day_and_also_take_the_narrative_date(nlp):
    text = ("Vladimir Putin on Monday received Li Shangfu in the Kremlin. "
            "Earlier in the day, Li held negotiations with his counterpart Sergei Shoigu. "
            "Li also met Valentina Matviyenko.")
    rows = extract(nlp, text)
    assert rows and {r["date"] for r in rows} == {"2023-03-13"}
