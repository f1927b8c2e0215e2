"""Event dates: explicit, relative to the report or to the story's day, across a year boundary, never the article date."""
from __future__ import annotations

from datetime import date

import pytest

from conftest import parsed
from data_pipeline.nlp.analyse import analyse
from data_pipeline.nlp.event_dates import event_date, parse_date, sentence_date

PUB = date(2023, 3, 15)  # a Wednesday
STORY = date(2023, 3, 9)  # the day a story's earlier sentence stated


@pytest.mark.parametrize("text, published, future, expected", [
    ("March 2", PUB, False, (date(2023, 3, 2), "text")),
    ("2 March", PUB, False, (date(2023, 3, 2), "text")),
    ("on Aug. 5, 2021", PUB, False, (date(2021, 8, 5), "text")),
    ("December 28", date(2024, 1, 3), False, (date(2023, 12, 28), "text")),  # last year's December
    ("January 5", date(2023, 12, 29), True, (date(2024, 1, 5), "text")),  # a planned meeting next January
    ("March 20-21", PUB, True, (date(2023, 3, 20), "text")),
    ("yesterday", PUB, False, (date(2023, 3, 14), "relative")),
    ("three days ago", PUB, False, (date(2023, 3, 12), "relative")),
    ("Monday", PUB, False, (date(2023, 3, 13), "relative")),
    ("Tuesday", PUB, False, (date(2023, 3, 14), "relative")),  # "on Tuesday" before a Wednesday dateline
    ("Wednesday", PUB, False, (date(2023, 3, 15), "relative")),  # the day of publication
    ("Friday", PUB, True, (date(2023, 3, 17), "relative")),
    ("earlier in the day", PUB, False, (date(2023, 3, 15), "relative")),  # no day stated: the report's day
    ("the day before", PUB, False, (date(2023, 3, 14), "relative")),
    ("March 2", None, False, (None, "none")),  # no year to anchor it
    ("Monday", None, False, (None, "none")),
    ("last week", PUB, False, (None, "none")),  # a week, not a day
    ("last year", PUB, False, (None, "none")),
    ("September", PUB, False, (None, "none")),
    ("two months", PUB, False, (None, "none")),
    ("that day", PUB, False, (None, "none")),  # which day: the text has not said
])
def test_event_dates_parse(text, published, future, expected):
    assert parse_date(text, published, future) == expected


@pytest.mark.parametrize("text, expected", [
    ("the same day", STORY), ("later that day", STORY), ("earlier in the day", STORY),
    ("the following day", date(2023, 3, 10)), ("the day before", date(2023, 3, 8)),
    ("the previous day", date(2023, 3, 8)), ("two days later", date(2023, 3, 11)),
    ("a week earlier", date(2023, 3, 2)),
])
def test_event_dates_count_from_the_story_day(text, expected):
    assert parse_date(text, PUB, context=STORY) == (expected, "text")


def test_event_dates_on_a_weekday_of_the_trigger_clause():
    doc = parsed("Lee/PROPN/nsubj/1/PERSON met/VERB/ROOT/1/=meet Park/PROPN/dobj/1/PERSON on/ADP/prep/1 "
                 "Tuesday/PROPN/pobj/3/DATE ./PUNCT/punct/1")
    assert event_date(doc[1], doc[1], "held", PUB, (None, "none")) == (date(2023, 3, 14), "relative")


def test_event_dates_never_default_to_the_article_date():
    doc = parsed("Lee/PROPN/nsubj/1/PERSON met/VERB/ROOT/1/=meet Park/PROPN/dobj/1/PERSON ./PUNCT/punct/1")
    for status in ("held", "planned"):
        assert event_date(doc[1], doc[1], status, PUB, (None, "none")) == (None, "none")


def test_event_dates_ignore_a_date_of_another_clause():
    # Lee said on Monday that he had met Park in Paris.
    doc = parsed("Lee/PROPN/nsubj/1/PERSON said/VERB/ROOT/1/=say on/ADP/prep/1 Monday/PROPN/pobj/2/DATE "
                 "that/SCONJ/mark/7 he/PRON/nsubj/7 had/AUX/aux/7 met/VERB:VBN/ccomp/1/=meet "
                 "Park/PROPN/dobj/7/PERSON in/ADP/prep/7 Paris/PROPN/pobj/9/GPE ./PUNCT/punct/1")
    assert event_date(doc[7], doc[7], "held", PUB, (None, "none")) == (None, "none")


def test_event_dates_a_relative_phrase_the_tagger_left_out():
    # Earlier in the day, Kim met Lee.  (no DATE entity at all)
    doc = parsed("Earlier/ADV/advmod/6 in/ADP/prep/0 the/DET/det/3 day/NOUN/pobj/1 ,/PUNCT/punct/6 "
                 "Kim/PROPN/nsubj/6/PERSON met/VERB/ROOT/6/=meet Lee/PROPN/dobj/6/PERSON ./PUNCT/punct/6")
    assert event_date(doc[6], doc[6], "held", PUB, (STORY, "text")) == (STORY, "text")
    assert event_date(doc[6], doc[6], "held", PUB, (None, "none")) == (PUB, "relative")


def test_event_dates_counted_back_from_the_call_that_came_after():
    # The call came four days after Lee had spoken with Park.
    doc = parsed("The/DET/det/1 call/NOUN/nsubj/2 came/VERB/ROOT/2/=come four/NUM/nummod/4/DATE "
                 "days/NOUN/npadvmod/8/DATE after/SCONJ/mark/8 Lee/PROPN/nsubj/8/PERSON had/AUX/aux/8 "
                 "spoken/VERB:VBN/advcl/2/=speak with/ADP/prep/8 Park/PROPN/pobj/9/PERSON ./PUNCT/punct/2")
    assert event_date(doc[8], doc[8], "held", PUB, (PUB, "relative")) == (date(2023, 3, 11), "text")


def test_event_dates_the_day_before_the_story_talks():
    # Lee called on Park the day before the talks.
    doc = parsed("Lee/PROPN/nsubj/1/PERSON called/VERB/ROOT/1/=call on/ADP/prep/1 Park/PROPN/pobj/2/PERSON "
                 "the/DET/det/5/DATE day/NOUN/npadvmod/1/DATE before/ADP/prep/5 the/DET/det/8 "
                 "talks/NOUN:NNS/pobj/6/=talks ./PUNCT/punct/1")
    assert event_date(doc[1], doc[1], "held", PUB, (STORY, "text")) == (date(2023, 3, 8), "text")


def test_event_dates_a_day_after_another_event_is_no_date():
    # Lee phoned Park a day after the results were announced.
    doc = parsed("Lee/PROPN/nsubj/1/PERSON phoned/VERB/ROOT/1/=phone Park/PROPN/dobj/1/PERSON a/DET/det/4/DATE "
                 "day/NOUN/npadvmod/8/DATE after/SCONJ/mark/8 the/DET/det/7 results/NOUN:NNS/nsubjpass/8 "
                 "were/AUX/auxpass/8 announced/VERB:VBN/advcl/1/=announce ./PUNCT/punct/1")
    assert event_date(doc[1], doc[1], "held", PUB, (STORY, "text")) == (None, "none")


@pytest.mark.parametrize("spec, expected", [
    # Kim met Lee on May 3.
    ("Kim/PROPN/nsubj/1 met/VERB/ROOT/1/=meet Lee/PROPN/dobj/1 on/ADP/prep/1 May/PROPN/pobj/3/DATE "
     "3/NUM/nummod/4/DATE ./PUNCT/punct/1", (date(2023, 5, 3), "text")),
    # Kim, who arrived in Rome on Monday, said the talks went well.  (the day of a relative clause)
    ("Kim/PROPN/nsubj/9 ,/PUNCT/punct/0 who/PRON/nsubj/3 arrived/VERB/relcl/0/=arrive in/ADP/prep/3 "
     "Rome/PROPN/pobj/4/GPE on/ADP/prep/3 Monday/PROPN/pobj/6/DATE ,/PUNCT/punct/0 said/VERB/ROOT/9/=say "
     "the/DET/det/11 talks/NOUN:NNS/nsubj/12 went/VERB/ccomp/9/=go well/ADV/advmod/12 ./PUNCT/punct/9",
     (None, "none")),
    # Kim had called Lee on May 3.  (a flashback)
    ("Kim/PROPN/nsubj/2 had/AUX/aux/2 called/VERB:VBN/ROOT/2/=call Lee/PROPN/dobj/2 on/ADP/prep/2 "
     "May/PROPN/pobj/4/DATE 3/NUM/nummod/5/DATE ./PUNCT/punct/2", (None, "none")),
    # Kim and Lee last met on May 3.  (a flashback)
    ("Kim/PROPN/nsubj/4 and/CCONJ/cc/0 Lee/PROPN/conj/0 last/ADV/advmod/4 met/VERB/ROOT/4/=meet on/ADP/prep/4 "
     "May/PROPN/pobj/5/DATE 3/NUM/nummod/6/DATE ./PUNCT/punct/4", (None, "none")),
    # They backed the statement of May 3.  (a date naming a document)
    ("They/PRON/nsubj/1 backed/VERB/ROOT/1/=back the/DET/det/3 statement/NOUN/dobj/1 of/ADP/prep/3 "
     "May/PROPN/pobj/4/DATE 3/NUM/nummod/5/DATE ./PUNCT/punct/1", (None, "none")),
])
def test_event_dates_story_day_of_a_sentence(spec, expected):
    doc = parsed(spec)
    assert sentence_date(doc[:], date(2023, 5, 10), None) == expected


def test_event_dates_end_to_end_in_an_article(nlp):
    text = ("Foreign Minister Anna Berg met her Danish counterpart Lars Holm in Oslo on Tuesday. "
            "Holm also met Defence Minister Sofie Dahl. "
            "Berg and Holm last met in Riga on June 3. "
            "The day before, Berg was received by Prime Minister Erik Lund.")
    got = analyse(nlp(text), date(2023, 9, 13))  # a Wednesday
    surname = [m["text"].split()[-1] for m in got["mentions"]]
    dates = sorted((*sorted((surname[r["a"]], surname[r["b"]])), r["date"]) for r in got["interactions"])
    assert dates == [("Berg", "Holm", "2023-06-03"), ("Berg", "Holm", "2023-09-12"), ("Berg", "Lund", "2023-09-11"),
                     ("Dahl", "Holm", "2023-09-12")]


@pytest.mark.parametrize("text", ["December 30", "Thursday", "tomorrow", "January 3"])
def test_event_dates_at_the_end_of_the_calendar_give_no_date_instead_of_an_error(text):
    """A report dated 9999-12-31 (a placeholder): a relative or yearless date there may not exist."""
    when, _ = parse_date(text, date.max, future=True)
    assert when is None or when <= date.max


def test_event_dates_relative_clause_takes_the_day_of_the_meeting_it_belongs_to():
    # "Lee met Park on Tuesday at the invitation of Kim, who hosted them."
    hosted = parsed("Lee/PROPN/nsubj/1/PERSON met/VERB/ROOT/1/=meet Park/PROPN/dobj/1/PERSON on/ADP/prep/1 "
                    "Tuesday/PROPN/pobj/3/DATE at/ADP/prep/1 the/DET/det/7 invitation/NOUN/pobj/5 of/ADP/prep/7 "
                    "Kim/PROPN/pobj/8/PERSON ,/PUNCT/punct/9 who/PRON/nsubj/12 hosted/VERB/relcl/9/=host "
                    "them/PRON/dobj/12 ./PUNCT/punct/1")
    # "Lee arrived in Rome on Tuesday, where he met Park."
    where = parsed("Lee/PROPN/nsubj/1/PERSON arrived/VERB/ROOT/1/=arrive in/ADP/prep/1 Rome/PROPN/pobj/2/GPE "
                   "on/ADP/prep/1 Tuesday/PROPN/pobj/4/DATE ,/PUNCT/punct/3 where/ADV/advmod/9 he/PRON/nsubj/9 "
                   "met/VERB/relcl/3/=meet Park/PROPN/dobj/9/PERSON ./PUNCT/punct/1")
    assert event_date(hosted[12], hosted[12], "held", PUB, (None, "none")) == (date(2023, 3, 14), "relative")
    assert event_date(where[9], where[9], "held", PUB, (None, "none")) == (date(2023, 3, 14), "relative")


def test_event_dates_relative_clause_in_the_perfect_is_another_time():
    # "Lee arrived in Rome on Tuesday, where he had met Park." / "Lee arrived on Tuesday with Kim, who met Park."
    perfect = parsed("Lee/PROPN/nsubj/1/PERSON arrived/VERB/ROOT/1/=arrive in/ADP/prep/1 Rome/PROPN/pobj/2/GPE "
                     "on/ADP/prep/1 Tuesday/PROPN/pobj/4/DATE ,/PUNCT/punct/3 where/ADV/advmod/10 he/PRON/nsubj/10 "
                     "had/AUX/aux/10/=have met/VERB/relcl/3/=meet Park/PROPN/dobj/10/PERSON ./PUNCT/punct/1")
    other = parsed("Lee/PROPN/nsubj/1/PERSON arrived/VERB/ROOT/1/=arrive on/ADP/prep/1 Tuesday/PROPN/pobj/2/DATE "
                   "with/ADP/prep/1 Kim/PROPN/pobj/4/PERSON ,/PUNCT/punct/5 who/PRON/nsubj/8 met/VERB/relcl/5/=meet "
                   "Park/PROPN/dobj/8/PERSON ./PUNCT/punct/1")
    assert event_date(perfect[10], perfect[10], "held", PUB, (None, "none")) == (None, "none")
    assert event_date(other[8], other[8], "held", PUB, (None, "none")) == (None, "none")
