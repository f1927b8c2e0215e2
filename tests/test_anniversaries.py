from datetime import date

import pytest

from data_pipeline.ingest.anniversaries import Fact, infer_from_anniversary, infer_from_text, load_facts

FACTS = (Fact("diplomatic relations", (("Ruritania", "Strelsau"), ("Freedonia", "Freedonian")), "1990-06-15"),
         Fact("founding", (("Example League",),), "1950"))


@pytest.mark.parametrize("text,want", [
    ("On June 15 the two ministers marked the 10th anniversary of diplomatic relations between Strelsau and "
     "Freedonia.", date(2000, 6, 15)),
    ("Ministers exchanged messages on June 14, on the eve of the 20th anniversary of diplomatic relations between "
     "Ruritania and Freedonia.", date(2010, 6, 14)),
    ("The envoy spoke of the fifth anniversary of diplomatic relations between Ruritania and Freedonia. "
     "Celebrations took place on June 15.", date(1995, 6, 15)),
    # no day stated: a year alone is not a publication date
    ("The 10th anniversary of diplomatic relations between Ruritania and Freedonia was marked.", None),
    # the parties must both be named
    ("On June 15 they marked the 10th anniversary of diplomatic relations with Freedonia.", None),
    ("Next year is the 30th anniversary of diplomatic relations between Ruritania and Freedonia, on June 15.", None),
    ("On March 2 the Example League celebrated its 70th anniversary of founding.", date(2020, 3, 2)),
])
def test_anniversaries_infer_from_facts(text, want):
    assert infer_from_anniversary(text, FACTS) == want


@pytest.mark.parametrize("text,month_day,want", [
    # a birthday counted "today" from a birth date in the same sentence
    ("The mayor, who was born on 2 March 1961 in Lindau, turns 60 today, his office said.", None, date(2021, 3, 2)),
    ("Ministers marked the 25th anniversary of the founding of the port authority. The authority was founded "
     "on 7 May 1996 by a decree.", (5, 7), date(2021, 5, 7)),
    ("Министры отметили 20-летие подписания договора о дружбе. Договор о дружбе был подписан 9 июня 2003 года.",
     (6, 9), date(2023, 6, 9)),
    # the dateline's day differs from the counted date's: no inference
    ("Ministers marked the 25th anniversary of the founding of the port authority. The authority was founded "
     "on 7 May 1996 by a decree.", (5, 8), None),
    # a date in the counting sentence is the occasion, not the origin
    ("The talks on 14 March 2015 marked the 5th anniversary of the accord.", (3, 14), None),
    # no anniversary counted at all
    ("The authority was founded on 7 May 1996 by a decree.", (5, 7), None),
    # born on a day, but nothing says the birthday is today
    ("The mayor, who was born on 2 March 1961, turned 60 last spring.", None, None),
])
def test_anniversaries_infer_from_text(text, month_day, want):
    assert infer_from_text(text, month_day) == want


def test_anniversaries_load_facts(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("aliases:\n  Ruritania: [Ruritania, Strelsau]\n"
                    "events:\n  - what: independence\n    parties: [Ruritania]\n    date: 1901-02-03\n")
    (fact,) = load_facts(path)
    assert fact.parties == (("Ruritania", "Strelsau"),) and fact.year == 1901 and fact.month_day == (2, 3)


def test_anniversaries_load_facts_rejects_bad_dates(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text("events:\n  - what: independence\n    date: 3 Feb 1901\n")
    with pytest.raises(ValueError, match="YYYY"):
        load_facts(path)


def test_anniversaries_default_facts_file_is_valid():
    facts = load_facts()
    assert facts and all(f.what and 1000 < f.year < 2100 for f in facts)
