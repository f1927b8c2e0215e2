"""The full-text index: every word AND-ed, "quoted phrases" exact, prefix on the last word, newest first,
nothing parsed as syntax."""
import pytest

from data_pipeline.store import fulltext

ROWS = [(0, "Old news", "Sergei Shoigu met Suren Papikyan in Moscow.", "e1 e2 c1"),
        (4, "Новости", "Сергей Шойгу провел переговоры с Суреном Папикяном.", "e1 e2"),
        (1, None, "The ministers discussed a ceasefire. Shoigu said nothing.", "e1 t1"),
        (2, "Café talks", "Talks on the border crisis continued; the CEASEFIRE held.", "t1 t2"),
        (3, "Crisis border", "A border; then a crisis.", None)]


@pytest.fixture(scope="module")
def index():
    return fulltext.Index.in_memory(ROWS)


def _all(index, text, lo=0, hi=3, keys=(), chunk=1_000, also=()):
    return [i for ids in index.newest(text, lo, hi, keys, chunk, also=also) for i in ids]


def test_fulltext_finds_words_case_and_accent_insensitively_newest_first(index):
    assert _all(index, "ceasefire") == [2, 1]
    assert _all(index, "SHOIGU") == [1, 0]
    assert _all(index, "cafe") == [2]  # the title counts, and é matches e


def test_fulltext_words_are_anded_in_any_order_and_field(index):
    assert _all(index, "border crisis") == [3, 2]  # both words, in any order
    assert _all(index, "crisis border") == [3, 2]
    assert _all(index, "shoigu moscow") == [0]
    assert _all(index, "cafe ceasefire") == [2]  # one word in the title, the other in the text
    assert _all(index, "shoigu ceasefire moscow") == []


def test_fulltext_quoted_phrases_keep_word_order_and_the_last_word_may_be_a_prefix(index):
    assert _all(index, '"border crisis"') == [2]
    assert _all(index, '"crisis border"') == [3]
    assert _all(index, "minist") == [1]
    assert _all(index, "border cri") == [3, 2]
    assert _all(index, '"border cri"') == []  # a closed phrase is exact
    assert _all(index, '"the ministers" shoig') == [1]


def test_fulltext_terms_split_phrases_words_and_the_prefix():
    assert fulltext.terms('Aliyev "Sochi agreements" put') == [(["Aliyev"], False), (["Sochi", "agreements"], False),
                                                              (["put"], True)]
    assert fulltext.terms('"unclosed phrase') == [(["unclosed"], False), (["phrase"], True)]
    assert fulltext.terms("   ") == []


def test_fulltext_ranges_and_chunks(index):
    assert _all(index, "shoigu", lo=1, hi=3) == [1]
    assert list(index.newest("border", 0, 3, chunk=1)) == [[3], [2]]
    assert list(index.newest("the", 0, 3, chunk=1, growth=2)) == [[3], [2, 1]]


def test_fulltext_keys_narrow_a_search_to_articles_with_a_filter_value(index):
    assert _all(index, "shoigu", keys=[["e1"]]) == [1, 0]
    assert _all(index, "shoigu", keys=[["e1"], ["t1", "t2"]]) == [1]  # groups AND, tokens in a group OR
    assert _all(index, "ceasefire", keys=[["c1"]]) == []
    assert _all(index, "ceasefire", keys=[[]]) == []  # an empty group (unknown value) matches nothing
    assert _all(index, "e1") == []  # keys are not searched as words
    with pytest.raises(ValueError):
        fulltext.key("x", 1)


def test_fulltext_other_spellings_of_a_name_match_whole_words(index):
    assert _all(index, "Shoigu", hi=4) == [1, 0]
    assert _all(index, "Shoigu", hi=4, also=["Шойгу", "Сергей Шойгу"]) == [4, 1, 0]
    assert _all(index, "шойгу", hi=4, also=["Shoigu"]) == [4, 1, 0]
    assert _all(index, "Shoigu", hi=4, keys=[["e2"]], also=["Шойгу"]) == [4, 0]
    assert _all(index, "Moscow", hi=4, also=["Сурен"]) == [0]  # other spellings are whole words, not prefixes
    expr = fulltext.match_expression("x", also=['a" OR b', "NEAR(c)"])
    assert expr.count('"') == 6 and "NEAR(" not in expr  # viewer text and aliases only ever as quoted words


@pytest.mark.parametrize("hostile", ['"', "NEAR(a b)", "a OR b", "col:x", "*", "'; DROP TABLE fts; --", "^x", ""])
def test_fulltext_viewer_text_is_never_fts_syntax(index, hostile):
    expr = fulltext.match_expression(hostile)
    assert expr is None or (expr.startswith('{title text} : ("') and expr.count('"') % 2 == 0)
    _all(index, hostile)  # runs without a syntax error
    assert fulltext.match_expression("x", [[hostile, "e1"]]) == '{title text} : ("x"*) AND keys : (e1)'


def test_fulltext_write_builds_a_file_index(tmp_path):
    path = fulltext.write(tmp_path, iter(ROWS))
    opened = fulltext.Index.open(path)
    assert _all(opened, "ceasefire") == [2, 1]
    assert not list(tmp_path.glob(".*tmp*"))
