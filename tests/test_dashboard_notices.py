"""Pages say what they count and why a result is empty."""
from datetime import date

from dashboard import notices
from dashboard.filters import Filters


def test_notices_meeting_filters_explain_smaller_article_counts():
    assert notices.meeting_filters_on_articles(Filters()) is None
    said = notices.meeting_filters_on_articles(Filters(kinds=("phone_call",)))
    assert said and "articles" in said


def test_notices_undated_meetings_are_counted_and_their_treatment_named():
    ev = {"events": 40, "dated": 24, "reported": 12, "undrawable": 4}
    assert "16 meeting events without a stated date" in notices.undated_meetings(ev, Filters())
    kept = notices.undated_meetings(ev, Filters(start=date(2024, 1, 1)))
    assert "reported" in kept
    assert notices.undated_meetings({"reported": 0, "undrawable": 0}, Filters()) is None


def test_notices_empty_results_name_the_active_filters():
    text = notices.no_events(Filters(kinds=("phone_call",), people=("p:1", "p:2"), start=date(2024, 1, 1),
                                     undated_meetings=False))
    assert "phone call" in text and "2 people" in text and "without a stated date" in text
    assert "kind" in notices.no_articles(Filters(kinds=("visit",)))
