"""Sense filters of the shipped taxonomy (config/topics.yaml) on sentences written for these tests: a word of a
topic used in another sense, or inside the name of an event, does not tag the sentence."""
import pytest

from data_pipeline.nlp.analyse import analyse
from data_pipeline.topics import tagging
from data_pipeline.topics.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def shipped(nlp):
    return tagging.compile_taxonomy(nlp, load_taxonomy())


def _topics(nlp, compiled, text):
    scores, _ = tagging.article_topics(analyse(nlp(text), None), text, compiled, "a1")
    return {r["topic"] for r in scores}


@pytest.mark.parametrize("text, topic, expected", [
    ("The minister spoke at the Baltic Conference on Maritime Security in Riga.", "regional security", False),
    ("Security in the region has worsened since the spring.", "regional security", True),
    ("The swap freed forty detainees, who can now return to their homes.", "refugees and return", False),
    ("Negotiators discussed the right of return for the villagers who fled in 1994.", "refugees and return", True),
    ("The plan foresees the return of displaced families to the valley.", "refugees and return", True),
])
def test_topics_senses_of_the_shipped_taxonomy(nlp, shipped, text, topic, expected):
    assert (topic in _topics(nlp, shipped, text)) is expected


@pytest.mark.parametrize("lemmas, expected", [
    (["министр", "выступить", "на", "конференция", "по", "международный", "безопасность", "."], False),
    (["делегация", "прибыть", "на", "форум", "по", "региональный", "безопасность", "."], False),
    (["стороны", "обсудить", "угроза", "безопасность", "в", "регион", "."], True),
])
def test_topics_senses_russian_conference_names_are_not_security(shipped, lemmas, expected):
    # Russian writes the words of a conference's name in lower case, so no name span covers them
    assert ("regional security" in tagging.tag([lemmas], shipped)) is expected


@pytest.mark.parametrize("text, topic, expected", [
    ("The senator and his Republican allies blocked the budget.", "alliances and integration", False),
    ("The mayor has told allies that she will run again.", "alliances and integration", False),
    ("Estonia asked its allies for more air defence.", "alliances and integration", True),
    ("Lawmakers called the staff cuts a national security threat.", "regional security", False),
    ("Smuggling networks are a threat to the security of the region.", "regional security", True),
])
def test_topics_senses_a_politicians_allies_and_national_security(nlp, shipped, text, topic, expected):
    assert (topic in _topics(nlp, shipped, text)) is expected
