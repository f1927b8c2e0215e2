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


def test_notices_network_size_says_why_fewer_people_are_drawn_than_the_slider_asks():
    assert notices.network_size(30, 30, 30) == ""  # everyone drawn: nothing to say
    assert notices.network_size(200, 80, 80) == " (the network shows the 80 busiest)"
    fewer = notices.network_size(200, 80, 75)
    assert "75 people" in fewer and "80 busiest" in fewer and "met another" in fewer
