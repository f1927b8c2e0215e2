import pytest

from data_pipeline.ingest import language


@pytest.mark.parametrize("text,want", [
    ("The foreign ministers met in Vienna on Tuesday to discuss the border dispute.", "en"),
    ("Министры иностранных дел встретились во вторник в Вене, чтобы обсудить пограничный спор.", "ru"),
    ("Les ministres des affaires étrangères se sont rencontrés mardi à Vienne pour discuter du conflit.", "fr"),
    ("Die Außenminister trafen sich am Dienstag in Wien, um über den Grenzstreit zu sprechen.", "de"),
    ("12 345 / 678", "und"),
])
def test_language_detect(text, want):
    assert language.detect(text) == want


def test_language_script_of():
    assert language.script_of("Hello world") == "LATIN"
    assert language.script_of("Привет, мир") == "CYRILLIC"
    assert language.script_of("Բարեւ") == "ARMENIAN"
    assert language.script_of("123 !") is None


@pytest.mark.parametrize("text,foreign", [
    ("Следующая новость", True),  # short, but a non-Latin script is never English
    ("Le ministre a rencontré son homologue russe à Moscou mardi dernier.", True),
    ("The minister met his Russian counterpart in Moscow last Tuesday.", False),
    ("On", False),  # too short to call
    ("2024", False),
])
def test_language_is_foreign_to_english(text, foreign):
    assert language.is_foreign(text, "en") is foreign


def test_language_is_foreign_relative_to_article_language():
    ru = "Министры встретились во вторник в Вене и обсудили пограничный спор."
    assert not language.is_foreign(ru, "ru")
    assert language.is_foreign("The ministers met on Tuesday in Vienna and discussed the dispute.", "ru")


@pytest.mark.parametrize("text", [
    # short English items heavy with foreign names: too little English left to call anything else
    "Deputy Premier Ildikó Kovácsné Szűcs received Rəşad Məmmədzadə in Székesfehérvár on Monday.",
    "Talks were held on Friday between Gündüz Əliyev and Zsófia Bárány-Nagy in Gəncə.",
    "Envoy Pieter van der Berg met Sheikh Hamad bin Khalid Al Thani in Doha.",
    # a longer English brief whose names and places read as Azerbaijani or Hungarian
    ("Azerbaijani Deputy Foreign Minister Elnur Məmmədov and Hungarian State Secretary Levente Magyar "
     "discussed transit through Ağdam and Nagykanizsa, and Məmmədov later met Péter Szijjártó in Budapest."),
])
def test_language_names_do_not_make_english_foreign(text):
    assert language.detect(text) in ("en", language.UNDETERMINED)
    assert not language.is_foreign(text, "en")
    assert language.of_article([text]) == "en"


def test_language_content_words_leave_out_names_and_their_particles():
    words = language.content_words("Envoy Pieter van der Berg met Sheikh Hamad bin Khalid al-Thani and the press.")
    assert words == ["met", "and", "the", "press"]


@pytest.mark.parametrize("text,want", [
    ("Bundeskanzler Olaf Scholz hat am Montag in Berlin mit dem polnischen Regierungschef über die Grenze "
     "gesprochen und eine engere Zusammenarbeit angekündigt.", "de"),
    ("El presidente se reunió el martes en Bogotá con su homólogo brasileño para hablar de la frontera "
     "y del comercio entre los dos países.", "es"),
    ("Министр иностранных дел встретился с послом.", "ru"),
])
def test_language_other_languages_still_told(text, want):
    assert language.of_article([text]) == want


def test_language_a_few_foreign_words_never_decide():
    assert language.detect("Gracias, señor presidente.") == language.UNDETERMINED
    assert language.of_article(["Viktor Orbán és Recep Erdoğan."]) == "en"


def test_language_stop_words_are_spacys_list():
    from spacy.lang.en.stop_words import STOP_WORDS

    assert language.stop_words() == frozenset(STOP_WORDS)
    assert {"the", "and", "of"} <= language.stop_words()
