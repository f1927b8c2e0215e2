"""Topic matching in context: exclusions that veto what they overlap, objects rules on the parse, names,
own text, Russian phrases and the taxonomy's new keys. Sentences written for these tests."""
import pytest

from data_pipeline.errors import PipelineError
from data_pipeline.nlp.analyse import analyse
from data_pipeline.topics import context, tagging
from data_pipeline.topics.taxonomy import parse_taxonomy


def _topics(nlp, yaml_text, text):
    compiled = tagging.compile_taxonomy(nlp, parse_taxonomy(yaml_text))
    scores, evidence = tagging.article_topics(analyse(nlp(text), None), text, compiled, "a1")
    return {r["topic"] for r in scores}, evidence


BORDER = "border:\n  description: d\n  phrases: [border]\n  exclude: ['beyond * border', border region]\n"


def test_topics_exclusion_vetoes_only_the_match_it_overlaps(nlp):
    found, evidence = _topics(nlp, BORDER, "The painter is famous far beyond its borders, and the border with Chad "
                                           "is closed.")
    assert found == {"border"} and [e["phrase"] for e in evidence] == ["border"]


@pytest.mark.parametrize("text", ["The singer is loved well beyond its borders.",
                                  "Farmers in the border region sold more maize."])
def test_topics_exclusion_keeps_a_sense_out(nlp, text):
    assert _topics(nlp, BORDER, text)[0] == set()


def test_topics_gapped_exclusions_of_one_topic_do_not_mix(nlp):
    yaml_text = ("war:\n  description: d\n  phrases: [war]\n"
                 "  exclude: ['prevent * * * war', 'avoid * war', world war]\n")
    assert _topics(nlp, yaml_text, "Both ministers want to prevent a wider regional war.")[0] == set()
    assert _topics(nlp, yaml_text, "Veterans of the Second World War were honoured.")[0] == set()
    assert _topics(nlp, yaml_text, "The war entered its third year.")[0] == {"war"}


OBJECTS = ("arms:\n  description: d\n  phrases: [arms deal]\n"
           "  objects:\n    - action: [buy, purchase, procure, delivery]\n      object: [fighter jet, howitzer, tank]\n")


@pytest.mark.parametrize("text, phrase", [
    ("Jakarta agreed to purchase 24 French fighter jets next year.", "purchase 24 French fighter jets"),
    ("The ministry will procure additional self-propelled howitzers.", "procure additional self-propelled howitzers"),
    ("Manila bought two radars and four tanks from Seoul.", "bought two radars and four tanks"),
    ("The delivery of the first howitzers is due in May.", "delivery of the first howitzers"),
])
def test_topics_objects_rule_finds_acquisitions_no_phrase_lists(nlp, text, phrase):
    found, evidence = _topics(nlp, OBJECTS, text)
    assert found == {"arms"} and evidence[0]["phrase"] == phrase


@pytest.mark.parametrize("text", [
    "The airline will purchase new seats, and the air force flew its fighter jets.",
    "In order to stop the tanks, engineers bought concrete blocks.",
    "The pilots bought houses near the base where the fighter jets are kept.",
    "Farmers who bought land near the range complained about the tanks.",
])
def test_topics_objects_rule_needs_the_word_to_be_the_object(nlp, text):
    assert _topics(nlp, OBJECTS, text)[0] == set()


SECURITY = "security:\n  description: d\n  phrases: [international security, collective security, railway, security]\n"


@pytest.mark.parametrize("text, expected", [
    ("The minister thanked the International Security Assistance Force for its work.", set()),
    ("Delegates flew home from the Munich Security Conference on Sunday.", set()),
    ("Both leaders discussed international security at length.", {"security"}),
    ("The Standard Gauge Railway will reach the coast in 2027.", {"security"}),
])
def test_topics_phrase_inside_a_name_counts_only_on_its_head(nlp, text, expected):
    assert _topics(nlp, SECURITY, text)[0] == expected


def test_topics_inside_name_needs_the_head_outside_the_match():
    names = [(2, 7, 6)]  # tokens 2..6 are one name whose head is token 6
    assert context.inside_name(3, 5, names) and not context.inside_name(5, 7, names)
    assert not context.inside_name(1, 3, names)  # reaches out of the name


def test_topics_teasers_captions_and_share_rows_are_not_the_articles_text(nlp):
    text = ("Ministers met in Ankara on Monday to discuss trade.\n\n"
            "Photo: a ceasefire monitor at the line.\n\n"
            "Share: Facebook | X | Telegram | ceasefire\n\n"
            "• Ceasefire violated again near the lake, ministry says\n")
    yaml_text = "truce:\n  description: d\n  phrases: [ceasefire]\ntrade:\n  description: d\n  phrases: [trade]\n"
    assert _topics(nlp, yaml_text, text)[0] == {"trade"}


def test_topics_russian_phrases_match_lemmas(nlp):
    tax = parse_taxonomy("peace:\n  description: d\n  phrases: [peace talks]\n  ru:\n    phrases: [мирный договор]\n")
    assert tagging.tag([["стороны", "обсудить", "мирный", "договор", "."]],
                       tagging.compile_taxonomy(nlp, tax)) == {"peace": [0]}
    lemmas = {"мирного": "мирный", "договора": "договор"}
    comp = tagging.compile_taxonomy(nlp, parse_taxonomy(
        "peace:\n  description: d\n  phrases: [peace talks]\n  ru:\n    phrases: [мирного договора]\n"),
        ru_lemma=lambda w: lemmas.get(w.lower(), w.lower()))
    assert tagging.tag([["проект", "мирный", "договор"]], comp) == {"peace": [0]}


def test_topics_hyphenated_phrase_matches_one_token(nlp):
    comp = tagging.compile_taxonomy(nlp, parse_taxonomy(
        "mtc:\n  description: d\n  phrases: [cease-fire]\n  ru:\n    phrases: [военно-технический]\n"))
    assert tagging.tag([["the", "cease-fire", "hold"], ["военно-технический", "сотрудничество"]], comp) == {"mtc": [0, 1]}


@pytest.mark.parametrize("yaml_text, needle", [
    ("t:\n  description: d\n  phrases: [x]\n  group: weather\n", "`group` must be one of"),
    ("t:\n  description: d\n  phrases: [x]\n  objects: [{action: [a]}]\n", "exactly the keys action, object"),
    ("t:\n  description: d\n  phrases: [x]\n  objects: [{action: [a], object: []}]\n", "non-empty `action` and `object`"),
    ("t:\n  description: d\n  phrases: [x]\n  ru: {words: [a]}\n", "`ru` takes only"),
])
def test_topics_taxonomy_checks_the_new_keys(yaml_text, needle):
    with pytest.raises(PipelineError, match=needle):
        parse_taxonomy(yaml_text, "topics.yaml")


def test_topics_russian_phrase_words_are_dictionary_lemmas():
    assert tagging.russian_lemma("мирного") == "мирный"
    assert tagging.russian_lemma("Вооружённый") == "вооруженный"  # kept as written, "ё" as the Russian path writes it
