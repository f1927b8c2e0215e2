from datetime import date

import pytest

from data_pipeline.ingest.date_lines import dateline, dateline_date, said_published, stamp, stamps


@pytest.mark.parametrize("line,want", [
    ("Maria Lopez 5 minutes ago Tue 3rd March 2020 | 10:15 AM", date(2020, 3, 3)),
    ("Published: 12 May 2023, 14:05 GMT", date(2023, 5, 12)),
    ("07.09.2022, 11:20", date(2022, 9, 7)),
    ("June 3,2019 08:40", date(2019, 6, 3)),
    ("Wire: Northwind | 2022-06-01 10:11:12 | Editor: kim", date(2022, 6, 1)),  # fields beside the stamp
    ("05.06.2016 09:30 / Views: 12 / Print", date(2016, 6, 5)),
    ("Sofia, 4 June 2019", date(2019, 6, 4)),  # a place and a date
    ("2. März 2021, Anna Berger", date(2021, 3, 2)),  # a date and a name
    ("By Jo Roe | May 3, 2024 · 4 min read", date(2024, 5, 3)),
    ("Posted on 2015-04-05 by kai | Leave a comment", date(2015, 4, 5)),
    ("lundi 9 décembre 2019 à 09h08", date(2019, 12, 9)),
    ("12 СЕН 2021, 10:05", date(2021, 9, 12)),
    ("09:41 17.05.2021 (обновлено: 11:02 17.05.2021)", date(2021, 5, 17)),
    ("Экономика 3 Мая 2021 13:47 (UTC +03:00)", date(2021, 5, 3)),  # a section name, then the stamp
    ("Summit to open on March 5, 2025 in Vienna", None),  # a headline that mentions a date is not a stamp
    ("Published today", None),
    ("Friday, May 9, 2025 | Avalon +18°C | USD 90.10 | EUR 99.20", None),  # a crawl-time widget
    ("Сегодня: 3 мая 2024, пятница", None),  # "today": the day the page was saved
    ("03.05.2024 | 11:02 Цены на хлеб выросли в столице", None),  # a news-feed item: date and headline
    ("Meeting agenda for 21.02.2020, 19 Uhr", None),
    ("Weekly report 14. - 20. Januar 2022", None),  # a range is no stamp
    ("17.03.21 / 4 Kommentare", date(2021, 3, 17)),  # a two-digit year in a stamp
    ("Von: Ada Kern | 09.11.22", date(2022, 11, 9)),
    ("posted by lena on 04/06/19, 09:12 pm", None),  # slashed, two digits: which is the day, which century
    ("Release notes 2.10.19", None),  # a version number is no stamp
])
def test_date_lines_stamp(line, want):
    assert stamp(line) == want


def test_date_lines_stamps_tell_publication_from_update():
    got = stamps("3 Feb 2021 06:32PM (Updated: 4 Feb 2021 09:10AM)")
    assert [(s.match.when, s.kind) for s in got] == [(date(2021, 2, 3), "published"), (date(2021, 2, 4), "modified")]
    assert [s.kind for s in stamps("Last updated: 07/27/2016")] == ["modified"]
    assert [s.kind for s in stamps("Aktualisiert am 06. Mär. 2023")] == ["modified"]
    assert stamp("Updated on March 4, 2022") is None  # an update is no publication date
    got = stamps("Last updated 04 Jun 2020, originally created 17 Jun 2019")
    assert [(s.kind, s.labelled) for s in got] == [("modified", False), ("published", True)]
    assert [s.labelled for s in stamps("Erschienen am: 01.11.2023 | Rubrik: Lyrik")] == [True]
    assert [s.labelled for s in stamps("By Jo Roe | May 3, 2024")] == [False]


@pytest.mark.parametrize("para,want", [
    ("TBILISI, MARCH 4, NEWSAGENCY. The prime minister met the envoy.", ("NEWSAGENCY", "MARCH 4")),
    ("KYIV, May 2, 2023, Example Wire: The talks ended.", ("Example Wire", "May 2, 2023")),
    ("BAKU (Example News / Wire Service - 3rd May, 2022) The president received the envoy.",
     ("Example News / Wire Service", "3rd May, 2022")),
    ("LONDON, March 3 (Wirecorp) - Britain said on Monday.", ("Wirecorp", "March 3")),
    ("PARIS (AFP) — The French president met his counterpart.", ("AFP", None)),
    ("MOSCOW, April 3. /TASS/. The minister said talks would go on.", ("TASS", "April 3")),
    ("BEIJING, April 3 (Xinhua) -- The envoy arrived on Thursday.", ("Xinhua", "April 3")),
    ("Valletta, 2 June 2021 (Wirepress): The minister said talks would go on.", ("Wirepress", "2 June 2021")),
    ("Oslo/05.06.20/Nordwire: The envoys met on Friday.", ("Nordwire", "05.06.20")),
    ("КАЗАНЬ, 14 мая. /ТАСС/. Министр провел встречу.", ("ТАСС", "14 мая")),
    ("Казань. 14 мая. INTERFAX.RU - Министр провел встречу.", ("INTERFAX.RU", "14 мая")),
    ("КАЗАНЬ, 14 мая — РИА Новости. Министр провел встречу.", ("РИА Новости", "14 мая")),
    ("Russia (the largest country) said on Monday it would talk.", (None, None)),
    ("NATO, April 3, said it would talk.", (None, None)),
    ("KYIV, May 2, Ukraine's army said on Monday. It added more.", (None, None)),
    ("TBILISI (the capital of Georgia) hosted the talks on Monday.", (None, None)),
    ("The minister met the envoy in Tbilisi on March 4.", (None, None)),
])
def test_date_lines_dateline(para, want):
    assert dateline(para) == want


def test_date_lines_dateline_date():
    assert dateline_date("05.06.20").full.when == date(2020, 6, 5)  # two-digit years are read in a dateline
    got = dateline_date("14 мая")
    assert got.full is None and got.month_day == (5, 14)
    assert dateline_date(None) == (None, None)


@pytest.mark.parametrize("line,want", [
    ("This entry was posted on Tuesday, March 2nd, 2010 at 9:15 am and is filed under Garden.", date(2010, 3, 2)),
    ("Dieser Beitrag wurde am Freitag, 5. Juni 2015 um 08:10 Uhr veröffentlicht und unter Technik abgelegt.",
     date(2015, 6, 5)),
    ("Die Notiz wurde am 7. Mai 2012 von Ole geschrieben.", date(2012, 5, 7)),
    ("Cet article a été publié le 4 avril 2018 dans la rubrique Société.", date(2018, 4, 4)),
    ("Die Brücke wurde am 5. Juni 2015 eröffnet.", None),  # an event, not the page
    ("The bridge was opened on 5 June 2015 by the mayor.", None),
])
def test_date_lines_said_published(line, want):
    assert [dm.when for dm in said_published(line)] == ([want] if want else [])

