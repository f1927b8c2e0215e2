from datetime import date

from data_pipeline.ingest.text_dates import opening_dateline, resolve_by_month_day, text_candidates


def whens(cands):
    return [(c.when, c.source, c.kind) for c in cands]


def test_text_dates_stamp_at_the_top():
    cands, _ = text_candidates(["14.03.2021, 08:05", "Home | World"], [], ["The envoys met on Friday."])
    assert whens(cands) == [(date(2021, 3, 14), "text", "published")]


def test_text_dates_top_stamp_beats_a_related_list_at_the_end():
    cands, _ = text_candidates(["9 May 2022 | 10:00"], ["Other stories", "8 May 2022", "Ministers meet"], [])
    assert whens(cands) == [(date(2022, 5, 9), "text", "published")]


def test_text_dates_end_stamp_without_one_at_the_top():
    cands, _ = text_candidates(["Ministry of Ports"], ["Photo: the harbour", "05.06.2016 09:30 / Views: 12 / Print"],
                               [])
    assert whens(cands) == [(date(2016, 6, 5), "text", "published")]


def test_text_dates_update_kept_apart():
    cands, _ = text_candidates(["3 Feb 2021 06:32PM (Updated: 4 Feb 2021 09:10AM)"], [], [])
    assert whens(cands) == [(date(2021, 2, 3), "text", "published"), (date(2021, 2, 4), "text", "modified")]


def test_text_dates_dateline_with_and_without_a_year():
    cands, md = text_candidates([], [], ["Valletta, 2 June 2021 (Wirepress) — The ministers agreed."])
    assert whens(cands) == [(date(2021, 6, 2), "dateline", "published")] and md == (6, 2)
    cands, md = text_candidates([], [], ["КАЗАНЬ, 14 мая. /ТАСС/. Министр провел встречу."])
    assert cands == [] and md == (5, 14)  # a month-day alone is no date


def test_text_dates_dateline_settles_an_ambiguous_stamp():
    cands, _ = text_candidates(["04/05/2024 21:15"], [], ["Lisbon, April 5 (Wirepress) – The ministers met."])
    assert whens(cands) == [(date(2024, 4, 5), "text", "published")] and cands[0].alt is None
    cands, _ = text_candidates(["04/05/2024 21:15"], [], ["The ministers met."])
    assert cands[0].alt == date(2024, 4, 5)  # still ambiguous: the decision drops it unless confirmed


def test_text_dates_opening_dateline_none():
    assert opening_dateline(["The ministers met on Friday."]) == (None, None)
    assert resolve_by_month_day([], (1, 2)) == []
