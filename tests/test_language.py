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
