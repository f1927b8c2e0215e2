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


# a patched index: the previous base linked, a layer of the changes beside it (fulltext.patch)
BASE = [(10, "Harbour opens", "The new harbour at Keldmouth opened to grain ships.", "e1 c1"),
        (11, "Ferry strike", "Ferry crews struck for a second day over pay.", "e2 t1"),
        (12, None, "Grain prices fell as the harbour reopened.", "e1 t2"),
        (13, "Bridge vote", "The council voted to rebuild the old bridge.", "c1")]


def _search_all(index, word, keys=()):
    return [i for ids in index.newest(word, 0, 1 << 40, keys, chunk=1) for i in ids]


def _as_full(tmp_path, rows):
    folder = tmp_path / f"full-{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    return fulltext.Index.open(fulltext.write(folder, iter(rows)))


def _patched(tmp_path, previous, removed, rows, name):
    build = tmp_path / name
    build.mkdir()
    return build, fulltext.patch(build, previous, removed, iter(rows))


def test_fulltext_patch_links_the_base_and_reads_as_a_full_index(tmp_path, monkeypatch):
    monkeypatch.setattr(fulltext, "COMPACT", 1e9)  # these tiny bases are smaller than any layer
    first = tmp_path / "b1"
    first.mkdir()
    fulltext.write(first, iter(BASE))
    edit = (11, "Ferry strike ends", "Ferry crews ended the strike after a pay deal.", "e2 t1")
    second, paths = _patched(tmp_path, first, [11, 13], [edit, (14, "Grain fair", "A grain fair came.", "t2")], "b2")
    assert [p.name for p in paths] == [fulltext.FILE, fulltext.LAYER]
    assert (second / fulltext.FILE).samefile(first / fulltext.FILE)  # linked, not copied
    third, _ = _patched(tmp_path, second, [14, 10], [(10, "Harbour opens", "The harbour opened late.", "e1")], "b3")
    want = sorted([edit, (14, "Grain fair", "A grain fair came.", "t2"), BASE[0], BASE[2]])
    got = fulltext.Index.open(second / fulltext.FILE)
    assert got.rows() == want
    full = _as_full(tmp_path, want)
    for word, keys in [("grain", ()), ("ferry", ()), ("strike", ()), ("bridge", ()), ("harbour", [["e1"]]),
                       ("pay", [["t1", "t2"]]), ("the", ())]:
        assert _search_all(got, word, keys) == _search_all(full, word, keys), word
    final = sorted([edit, (10, "Harbour opens", "The harbour opened late.", "e1"), BASE[2]])
    assert fulltext.Index.open(third / fulltext.FILE).rows() == final
    assert _search_all(fulltext.Index.open(third / fulltext.FILE), "grain") == [12]
    # the older builds read as they did: their base and layer were never written to
    assert fulltext.Index.open(first / fulltext.FILE).rows() == sorted(BASE)
    assert fulltext.Index.open(second / fulltext.FILE).rows() == want


def test_fulltext_killed_patch_leaves_the_previous_index_and_no_files(tmp_path, monkeypatch):
    monkeypatch.setattr(fulltext, "COMPACT", 1e9)
    first = tmp_path / "b1"
    first.mkdir()
    fulltext.write(first, iter(BASE))
    second, _ = _patched(tmp_path, first, [12], [(12, None, "Grain prices rose.", "t2")], "b2")
    before = {p.name: p.read_bytes() for p in second.iterdir()}

    def rows():
        yield (15, "Half", "Written halfway.", None)
        raise KeyboardInterrupt  # the build killed mid-write

    third = tmp_path / "b3"
    third.mkdir()
    with pytest.raises(KeyboardInterrupt):
        fulltext.patch(third, second, [10], rows())
    assert list(third.iterdir()) == []
    assert {p.name: p.read_bytes() for p in second.iterdir()} == before
    assert [r[0] for r in fulltext.Index.open(second / fulltext.FILE).rows()] == [10, 11, 12, 13]


def test_fulltext_patch_declines_when_the_layer_outgrows_its_base(tmp_path, monkeypatch):
    first = tmp_path / "b1"
    first.mkdir()
    fulltext.write(first, iter(BASE))
    second, paths = _patched(tmp_path, first, [], [(20, "More", "More grain news.", None)], "b2")
    assert paths is not None
    monkeypatch.setattr(fulltext, "COMPACT", 0.0)
    third, paths = _patched(tmp_path, second, [], [(21, "Again", "Again grain news.", None)], "b3")
    assert paths is None and list(third.iterdir()) == []
    missing, paths = _patched(tmp_path, tmp_path / "nowhere", [], [], "b4")
    assert paths is None


def test_fulltext_write_replaces_a_layer(tmp_path):
    first = tmp_path / "b1"
    first.mkdir()
    fulltext.write(first, iter(BASE))
    second, _ = _patched(tmp_path, first, [10], [], "b2")
    fulltext.write(second, iter(BASE[1:]))
    assert not (second / fulltext.LAYER).exists()
    assert [r[0] for r in fulltext.Index.open(second / fulltext.FILE).rows()] == [11, 12, 13]
