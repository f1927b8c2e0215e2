"""Dates of restated meetings (nlp/restated.py) and the joiner's side by the likeness of names (took_part)."""
from __future__ import annotations

from data_pipeline.nlp import restated, took_part


def row(a: int, b: int, when: str | None, kind: str = "meeting", status: str = "held", vague: bool = False,
        headline: bool = False, evidence: str = "They talked.") -> dict:
    return {"a": a, "b": b, "date": when, "date_source": "text" if when else "none", "kind": kind, "status": status,
            "evidence": evidence, "_vague": vague, "_headline": headline}


NAMES = {0: "Okafor", 1: "Novak", 2: "Ruth Okafor", 3: "Berg"}


def key(i: int) -> str:
    return NAMES[i].split()[-1].lower()


def test_restated_meeting_takes_the_date_stated_before_it():
    rows = [row(2, 1, "2023-03-10"), row(0, 1, None, kind="talks")]
    restated.inherit_dates(rows, key)
    assert [r["date"] for r in rows] == ["2023-03-10", "2023-03-10"]
    assert "_vague" not in rows[1] and "_headline" not in rows[1]


def test_restated_meeting_keeps_no_date_for_another_pair_kind_or_time():
    rows = [row(2, 1, "2023-03-10"), row(0, 3, None), row(0, 1, None, kind="phone_call"),
            row(0, 1, None, vague=True), row(0, 1, None, evidence="They met again in Rome."),
            row(0, 1, None, status="planned")]
    restated.inherit_dates(rows, key)
    assert [r["date"] for r in rows] == ["2023-03-10", None, None, None, None, None]


def test_restated_headline_takes_the_one_date_given_after_it():
    one = [row(0, 1, None, headline=True), row(2, 1, "2023-03-10")]
    two = [row(0, 1, None, headline=True), row(2, 1, "2023-03-10"), row(2, 1, "2022-06-01")]
    body = [row(0, 1, None), row(2, 1, "2023-03-10")]
    for rows in (one, two, body):
        restated.inherit_dates(rows, key)
    assert (one[0]["date"], two[0]["date"], body[0]["date"]) == ("2023-03-10", None, None)


def test_took_part_joiner_sides_with_the_name_written_like_theirs():
    assert took_part.by_likeness("Tran Thi Mai", [(0, "Nguyen Van Long"), (1, "Olaf Berg")]) == [1]
    assert took_part.by_likeness("Tran Thi Mai", [(0, "Olaf Berg"), (1, "Nguyen Van Long")]) == [0]
    assert took_part.by_likeness("Zaur Əliyev", [(0, "Guðrún Sigurðardóttir"), (1, "Rəşad Məmmədli")]) == [0]


def test_took_part_joiner_gets_no_side_when_names_do_not_tell():
    assert took_part.by_likeness("Joao Ferreira", [(0, "Carla Mendes"), (1, "Ivan Petrov")]) == []
    assert took_part.by_likeness("Tran Thi Mai", [(0, "Nguyen Van Long"), (1, "Olaf Berg"), (2, "Li Wei")]) == []
