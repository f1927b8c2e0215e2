import pytest

from data_pipeline.ingest import clean
from data_pipeline.ingest.clean import Line


@pytest.mark.parametrize("line", [
    "Skip to main content", "Advertisement", "ADVERTISEMENT", "Live broadcast", "Select important", "On", "Off",
    "8", "***", "Read more", "Share this article", "Next article", "Следующая новость", "Tags: Moscow, Baku",
    "We use cookies to improve your experience. By continuing to browse you accept our cookie policy.",
    "Этот сайт использует файлы cookie для удобства пользователей",
    "Переведено сервисом «Гугл Переводчик»", "Machine translated by an online service",
    "Photo: Example Agency / Jane Roe", "All rights reserved.", "Click here to subscribe",
    "Sign up for our daily newsletter", "Thank you for reading!",
])
def test_clean_clutter_lines(line):
    assert clean.is_clutter(line)


@pytest.mark.parametrize("line", [
    "The ministers met on Friday in Geneva.",
    "Online services were offline for two days, the ministry said.",
    "Read the full statement below, the spokesman told reporters on Monday.",
    "Tagesschau reported the talks had stalled.",
    "Ontario's premier travelled to Ottawa",
])
def test_clean_real_lines_are_not_clutter(line):
    assert not clean.is_clutter(line)


@pytest.mark.parametrize("line,want", [
    ("The ministers met on Friday in Geneva.", True),
    ("“We will meet again,” she said.", True),
    ("Talks stall as envoys leave Geneva", False),  # a headline
    ("Photo: AP", False),
    ("He declined to comment.", True),  # a short last paragraph is still a paragraph
    (" ".join(["word"] * 25), True),  # long prose without a final full stop
])
def test_clean_sentence_like(line, want):
    assert clean.is_sentence_like(line) is want


def test_clean_split_edges_keeps_every_body_line():
    lines = [Line("Breaking headline here now", 0), Line("First paragraph of the story is here.", 1),
             Line("menu", 2), Line("Second paragraph of the story is here.", 3), Line("Footer link", 4)]
    head, body, tail = clean.split_edges(lines, clean.is_sentence_like)
    assert [ln.text for ln in head] == ["Breaking headline here now"]
    assert [ln.text for ln in body] == ["First paragraph of the story is here.", "menu",
                                        "Second paragraph of the story is here."]
    assert [ln.text for ln in tail] == ["Footer link"]


def test_clean_split_edges_without_prose_keeps_everything():
    lines = [Line("Short note", 0), Line("another one", 1)]
    head, body, tail = clean.split_edges(lines, clean.is_sentence_like)
    assert head == [] and tail == [] and body == lines


def test_clean_to_lines_keeps_blocks_and_unwraps_hard_wrapped_text():
    wrapped = ("The foreign ministers of the two countries met in Vienna on\n"
               "Tuesday to discuss the stalled negotiations over the border and\n"
               "agreed to meet again next month in a neutral capital, officials\n"
               "said after the talks.\n\n"
               "A second paragraph follows here and it is also wrapped at a\n"
               "fixed width by the program that exported it to a text file.")
    lines = clean.to_lines(wrapped)
    assert len(lines) == 2
    assert lines[0].text.startswith("The foreign ministers") and lines[0].text.endswith("after the talks.")
    assert [ln.block for ln in lines] == [0, 1]


def test_clean_to_lines_does_not_join_short_lines():
    lines = clean.to_lines("Skip to main content\nAdvertisement\n\nA real paragraph of the article stands here.")
    assert [ln.text for ln in lines] == ["Skip to main content", "Advertisement",
                                         "A real paragraph of the article stands here."]


def test_clean_drop_repeats_removes_teaser_contained_in_full_paragraph():
    lines = [Line("The minister met his counterpart in Rome on Monday", 0),
             Line("ROME (Agency) The minister met his counterpart in Rome on Monday, officials said.", 1),
             Line("Another paragraph with different words entirely.", 2)]
    kept = clean.drop_repeats(lines)
    assert [ln.block for ln in kept] == [1, 2]


def test_clean_drop_repeats_keeps_first_of_identical_paragraphs():
    same = "The two delegations signed the agreement in the evening."
    kept = clean.drop_repeats([Line(same, 0), Line(same, 1)])
    assert [ln.block for ln in kept] == [0]


def test_clean_join_lines_keeps_block_structure():
    text = clean.join_lines([Line("a b", 0), Line("c d", 0), Line("e f", 2)])
    assert text == "a b\nc d\n\ne f"


def test_clean_html_to_text_extracts_main_text_and_metadata():
    page = ("<html><head><title>Envoys meet | Daily Example</title>"
            "<meta property='og:title' content='Envoys meet in Vienna'>"
            "<meta name='author' content='Jane Roe'>"
            "<meta property='article:published_time' content='2024-05-06T10:00:00Z'></head><body>"
            "<nav><a href='/'>Home</a><a href='/w'>World</a></nav><article><h1>Envoys meet in Vienna</h1>"
            "<p>The envoys of the two countries met in Vienna on Monday to discuss the border dispute.</p>"
            "<p>Both sides described the talks as constructive, according to a joint statement.</p>"
            "</article></body></html>")
    got = clean.html_to_text(page)
    assert "met in Vienna on Monday" in got["text"] and "constructive" in got["text"]
    assert "Home" not in got["text"].split("\n")
    assert got["title"] == "Envoys meet in Vienna"
    assert got["author"] == "Jane Roe"
    assert got["published"] == "2024-05-06"


def test_clean_html_fragment_to_text():
    assert clean.looks_like_html("<p>One paragraph.</p><p>Two <b>bold</b>.</p>")
    text = clean.html_fragment_to_text("<p>One paragraph.</p><p>Two <b>bold</b>.</p><script>x()</script>")
    assert [p.strip() for p in text.split("\n\n") if p.strip()] == ["One paragraph.", "Two bold."]
    assert not clean.looks_like_html("Prices rose 3 < 4 percent.")


@pytest.mark.parametrize("line", ["", "   ", "a", "— – …", "word, word; (word) 12 3.5 _ __ x_y", "tab\tsep\u00a0nbsp\u2028x",
                                  "één twee drie", "слово, ещё слово", " ".join(["w"] * 250)])
def test_clean_word_count_memoised_counts_as_before(line):
    want = sum(1 for tok in line.split() if any(ch.isalnum() for ch in tok))
    assert clean.word_count(line) == min(want, clean.WORD_CAP) == clean.word_count(line)
    assert clean.word_count(line, 3) == min(want, 3)
