"""Reading real-world inputs: every format, bad input reported and skipped, the run going on."""
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from data_pipeline import errors, ingest
from data_pipeline.run.build import BuildOptions, read_inputs

BODY = ("The foreign ministers of Ruritania and Freedonia met in Vienna on Tuesday to discuss the border.\n\n"
        "Both sides called the talks constructive and agreed to meet again next month, officials said.\n")


def read(path: Path, **kw):
    return ingest.read_file(path, path.name, **kw)


def codes(skips):
    return [s.code for s in skips]


def test_ingest_plain_text_with_header_date(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2022-03-04 " + BODY)
    (art,), skips = read(p)
    assert skips == [] and art.published == date(2022, 3, 4) and art.date_source == "header"
    assert art.text.startswith("The foreign ministers") and art.path == "a.txt" and art.language == "en"


def test_ingest_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    arts, skips = read(tmp_path / "empty.txt")
    assert arts == [] and codes(skips) == [errors.E_EMPTY] and skips[0].path == "empty.txt"


def test_ingest_binary_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"PK\x03\x04\x00\x00binary\x00data")
    arts, skips = read(tmp_path / "blob.txt")
    assert arts == [] and codes(skips) == [errors.E_BINARY]


def test_ingest_cp1251_is_decoded_not_skipped(tmp_path):
    ru = ("Министры иностранных дел двух стран встретились во вторник в Вене, чтобы обсудить пограничный спор. "
          "Стороны назвали переговоры конструктивными и договорились встретиться снова в следующем месяце.")
    (tmp_path / "ru.txt").write_bytes(ru.encode("cp1251"))
    (art,), skips = read(tmp_path / "ru.txt")
    assert skips == [] and "Министры иностранных дел" in art.text
    assert art.language == "ru"  # kept, with its language; the build gives only English to the model


def test_ingest_latin1_is_decoded_not_skipped(tmp_path):
    text = ("The café owners of Zürich and São Paulo met the minister, who said the façade of the "
            "old ministry would be restored before the summit in Genève next month.")
    (tmp_path / "l1.txt").write_bytes(text.encode("latin-1"))
    (art,), skips = read(tmp_path / "l1.txt")
    assert skips == [] and "café owners of Zürich and São Paulo" in art.text


def test_ingest_over_size_limit(tmp_path):
    (tmp_path / "big.txt").write_text(BODY * 50)
    arts, skips = read(tmp_path / "big.txt", max_bytes=1000)
    assert arts == [] and codes(skips) == [errors.E_TOO_LARGE]
    assert ingest.DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_ingest_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(BODY)
    if os.geteuid() == 0:  # root reads anything: make the open itself fail as it would for a user
        real = os.open

        def denied(path, *args, **kwargs):
            if Path(path) == p:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", denied)
    else:
        p.chmod(0)
    try:
        arts, skips = read(p)
    finally:
        p.chmod(0o644)
    assert arts == [] and codes(skips) == [errors.E_UNREADABLE] and "Permission denied" in skips[0].message()


def test_ingest_malformed_json_line_keeps_the_rest(tmp_path):
    lines = [json.dumps({"title": "First", "text": BODY, "date": "2023-05-06"}), '{"text": "broken',
             json.dumps({"headline": "Third", "body": BODY.replace("Tuesday", "Friday")})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    arts, skips = read(tmp_path / "feed.jsonl")
    assert [a.path for a in arts] == ["feed.jsonl:1", "feed.jsonl:3"]
    assert [a.title for a in arts] == ["First", "Third"]
    assert arts[0].published == date(2023, 5, 6) and arts[1].published is None
    assert [(s.path, s.code) for s in skips] == [("feed.jsonl:2", errors.E_BAD_JSON)]


def test_ingest_impossible_header_date(tmp_path):
    (tmp_path / "bad.txt").write_text(" date 2021-02-30 " + BODY)
    arts, skips = read(tmp_path / "bad.txt")
    assert arts == [] and codes(skips) == [errors.E_BAD_DATE] and "2021-02-30" in skips[0].message()


def test_ingest_same_article_under_two_names(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "copy.txt").write_text("Advertisement\n" + BODY + "\nRead more\n")
    arts, skips = read_inputs(BuildOptions(input=tmp_path, out=tmp_path / "out", progress=False))
    assert len(arts) == 1 and arts[0].path == "a.txt" and arts[0].other_paths == ["sub/copy.txt"]
    assert [(s.path, s.code) for s in skips] == [("sub/copy.txt", errors.E_DUPLICATE)]


def test_ingest_csv_rows(tmp_path):
    (tmp_path / "x.csv").write_text('headline,content,published,link\n'
                                    f'"Envoys meet","{BODY}",2024-01-02,https://example.org/a\n')
    (art,), skips = read(tmp_path / "x.csv")
    assert skips == [] and art.path == "x.csv:2" and art.title == "Envoys meet"
    assert art.published == date(2024, 1, 2) and art.date_source == "header" and art.url == "https://example.org/a"


def test_ingest_json_field_map_and_html_body(tmp_path):
    obj = {"kicker": "Envoys meet", "story_html": "<p>" + BODY.replace("\n\n", "</p><p>") + "</p>"}
    (tmp_path / "a.json").write_text(json.dumps(obj))
    (art,), _ = read(tmp_path / "a.json", field_map={"story_html": "text", "kicker": "title"})
    assert art.title == "Envoys meet" and "<p>" not in art.text and "constructive" in art.text


def test_ingest_html_page(tmp_path):
    paras = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n") if p.strip())
    (tmp_path / "page.html").write_text(
        "<html><head><title>Envoys meet in Vienna</title><meta name='author' content='Jane Roe'>"
        "<meta property='article:published_time' content='2024-05-06'></head><body><nav>Home</nav>"
        f"<article><h1>Envoys meet in Vienna</h1><p>Advertisement</p>{paras}</article></body></html>")
    (art,), skips = read(tmp_path / "page.html")
    assert skips == [] and art.title == "Envoys meet in Vienna" and art.author == "Jane Roe"
    assert art.published == date(2024, 5, 6) and art.text.startswith("The foreign ministers")
    assert "Advertisement" not in art.text


def test_ingest_web_page_text_loses_clutter_and_keeps_paragraphs(tmp_path):
    page = ("Skip to main content\nAdvertisement\n\nEnvoys meet in Vienna to ease border tensions\n"
            "Envoys: talks were useful\n12\nSelect important\nOn\nOff\n\n" + BODY +
            "\nПереведено сервисом «Онлайн Переводчик»\n\nLive broadcast\nСледующая новость\n"
            "Мы используем файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь с их использованием\n")
    (tmp_path / "page.txt").write_text(page)
    (art,), _ = read(tmp_path / "page.txt")
    assert art.title == "Envoys meet in Vienna to ease border tensions"
    assert not re.search(r"[А-Яа-я]", art.text)
    assert art.text == BODY.strip()


def test_ingest_foreign_paragraph_inside_body_is_kept_but_masked(tmp_path):
    quote = "Мы готовы продолжить переговоры в любое время, заявил министр журналистам после встречи."
    paras = BODY.strip().split("\n\n")
    (tmp_path / "q.txt").write_text("\n\n".join([paras[0], quote, paras[1]]))
    (art,), _ = read(tmp_path / "q.txt")
    assert quote in art.text and art.language == "en"
    (start, end), = art.foreign_ranges
    assert art.text[start:end] == quote
    assert "Мы" not in art.nlp_text() and len(art.nlp_text()) == len(art.text)


def test_ingest_latin_script_foreign_quote_is_masked_but_a_name_heavy_paragraph_is_not(tmp_path):
    quote = ("« Nous sommes prêts à reprendre les discussions dès que possible », a déclaré le ministre aux "
             "journalistes après la rencontre.")
    names = ("Deputy Minister Gülşən Əhmədova, Ambassador Zoltán Kőrösi-Bánfalvi and Secretary Nguyễn Thị "
             "Hằng attended the signing ceremony.")
    paras = BODY.strip().split("\n\n")
    (tmp_path / "f.txt").write_text("\n\n".join([paras[0], quote, names, paras[1]]))
    (art,), _ = read(tmp_path / "f.txt")
    assert art.language == "en"
    assert [art.text[s:e] for s, e in art.foreign_ranges] == [quote]
    assert names in art.nlp_text()


def test_ingest_metadata_from_byline_dateline_and_credit(tmp_path):
    (tmp_path / "m.txt").write_text(
        "example-news.org\nEnvoys meet in Vienna to ease border tensions\n\n"
        "Maria Lopez 5 minutes ago Tue 3rd March 2020 | 10:15 AM\n\n"
        "VIENNA (Example Wire) " + BODY + "\nPierre © example-news.org\n")
    (art,), _ = read(tmp_path / "m.txt")
    assert (art.title, art.author, art.source) == ("Envoys meet in Vienna to ease border tensions", "Maria Lopez",
                                                   "Example Wire")
    assert art.published == date(2020, 3, 3) and art.date_source == "text"
    assert "Maria Lopez" not in art.text and "©" not in art.text


def test_ingest_dateline_month_day_never_takes_the_stamps_year(tmp_path):
    # the dateline's May 1 is the filing day; joined to the stamp's year it would be a date no line states
    (tmp_path / "d.txt").write_text("Posted: 2 May 2023\n\nTBILISI, MAY 1, NEWSAGENCY. " + BODY)
    (art,), _ = read(tmp_path / "d.txt")
    assert (art.published, art.date_source, art.source) == (date(2023, 5, 2), "text", "NEWSAGENCY")


def test_ingest_month_day_without_year_is_no_date(tmp_path):
    (tmp_path / "n.txt").write_text("TBILISI, MAY 1, NEWSAGENCY. " + BODY + "\nThe next round is on June 3.\n")
    (art,), _ = read(tmp_path / "n.txt")
    assert (art.published, art.date_source) == (None, "none")


def test_ingest_non_english_article_is_kept_with_its_language(tmp_path):
    fr = ("Les ministres des affaires étrangères se sont rencontrés mardi à Vienne pour discuter de la frontière. "
          "Les deux parties ont qualifié les discussions de constructives.")
    (tmp_path / "fr.txt").write_text(fr)
    (art,), _ = read(tmp_path / "fr.txt")
    assert art.language == "fr" and art.text == fr


def test_ingest_unsupported_extension(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    arts, skips = read(tmp_path / "x.pdf")
    assert arts == [] and codes(skips) == [errors.E_FORMAT]


@pytest.mark.parametrize("text,encoding", [
    ("The café owners of Zürich and São Paulo met the minister in Genève.", "latin-1"),
    ("Minister spotkał się z ambasadorem w Łodzi. Rozmowy dotyczyły współpracy i źródeł energii.", "cp1250"),
    ("Министры иностранных дел двух стран встретились во вторник в Вене.", "cp1251"),
    ("Plain text.", "utf-8-sig"),
])
def test_ingest_decode_legacy_encodings(text, encoding):
    assert ingest.decode(text.encode(encoding)) == text


def test_ingest_long_foreign_paragraph_at_the_end_is_kept_but_masked(tmp_path):
    original = ("Министры иностранных дел двух стран встретились во вторник в Вене, чтобы обсудить пограничный "
                "спор, и договорились продолжить переговоры в следующем месяце в нейтральной столице, сообщили "
                "официальные лица после встречи.")
    extra = "\nThe next round of talks is planned for the spring in a neutral capital, diplomats said.\n\n"
    (tmp_path / "o.txt").write_text(BODY + extra + original + "\n\nСледующая новость\n")
    (art,), _ = read(tmp_path / "o.txt")
    assert art.text.endswith(original) and "Следующая" not in art.text
    (start, end), = art.foreign_ranges
    assert art.text[start:end] == original


# ---- hardening (issue 15) ----

def test_ingest_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    """One cp1252 quote pasted into a UTF-8 file: the rest is still read as UTF-8, the byte replaced and reported."""
    text = ("The mayor of Kraków met the envoy from Malmö on Friday. "
            "Both called the meeting \x93useful\x94 and agreed to meet again in Gdańsk next spring.\n")
    raw = text.encode("utf-8").replace(b"\xc2\x93", b"\x93").replace(b"\xc2\x94", b"\x94")
    (tmp_path / "k.txt").write_bytes(raw)
    (art,), notes = read(tmp_path / "k.txt")
    assert "The mayor of Kraków met the envoy from Malmö" in art.text and "Gdańsk" in art.text
    assert "\ufffduseful\ufffd" in art.text and art.language == "en"
    assert [(n.code, n.warning) for n in notes] == [(errors.W_BAD_BYTES, True)]
    first = raw.index(b"\x93")
    assert notes[0].detail == f"2 byte(s), the first at byte {first}"


@pytest.mark.parametrize("text,encoding", [
    ("Посол Руритании встретился с мэром Риги в пятницу; ЕЁ ПРЕСС-СЛУЖБА назвала встречу полезной.", "cp1251"),
    ("Le maire de Besançon a reçu l'émissaire à l'hôtel de ville.", "latin-1"),
])
def test_ingest_legacy_text_is_not_taken_for_broken_utf8(text, encoding):
    assert ingest.decode(text.encode(encoding)) == text


def test_ingest_nul_byte_anywhere_means_binary(tmp_path):
    (tmp_path / "late.txt").write_bytes(BODY.encode() * 1000 + b"\x00" + BODY.encode())
    arts, skips = read(tmp_path / "late.txt")
    assert arts == [] and codes(skips) == [errors.E_BINARY] and len(BODY.encode()) * 1000 > 65536


@pytest.mark.parametrize("value,kind", [(True, "a boolean"), (42, "a number")])
def test_ingest_json_text_that_is_not_text_is_skipped(tmp_path, value, kind):
    (tmp_path / "a.json").write_text(json.dumps({"title": "Envoys meet", "text": value}))
    arts, skips = read(tmp_path / "a.json")
    assert arts == [] and codes(skips) == [errors.E_NO_TEXT] and skips[0].detail == f"the text field holds {kind}, not text"


def test_ingest_json_flag_named_like_a_text_field_gives_way_to_the_text(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"article": True, "body": BODY}))
    (art,), skips = read(tmp_path / "a.json")
    assert skips == [] and art.text.startswith("The foreign ministers")


def test_ingest_file_name_with_a_newline_cannot_forge_a_log_line(tmp_path, caplog):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.txt").write_text(BODY)
    (tmp_path / "in" / "x.txt\nWARNING: all good.txt").write_text("")
    with caplog.at_level("WARNING"):
        arts, skips = read_inputs(BuildOptions(input=tmp_path / "in", out=tmp_path / "out", progress=False,
                                               cache_dir=None))
    (skip,) = skips
    assert skip.message() == "'x.txt\\nWARNING: all good.txt': file is empty"
    assert "\n" not in skip.message()


def test_ingest_file_name_that_is_not_utf8_is_read_and_named(tmp_path):
    """A name in a legacy encoding (bytes that are not UTF-8) is read, and shown with escapes."""
    folder = os.fsencode(tmp_path / "in")
    os.mkdir(folder)
    with open(os.path.join(folder, b"\xc4\xee\xea\xf3\xec\xe5\xed\xf2.txt"), "w") as fh:
        fh.write(BODY)
    for cache in (None, tmp_path / "cache"):
        arts, skips = read_inputs(BuildOptions(input=tmp_path / "in", out=tmp_path / "out", progress=False,
                                               cache_dir=cache))
        assert skips == [] and [a.path for a in arts] == ["\\xc4\\xee\\xea\\xf3\\xec\\xe5\\xed\\xf2.txt"]
        arts[0].path.encode("utf-8")  # storable as text (parquet) and hashable (cache keys)


def test_ingest_warm_up_text_reaches_the_detector_the_date_and_the_edges(monkeypatch):
    """`ingest.warm_up` is only worth its cost if its text goes where a first file goes: the language detector
    (Latin content words and another script), a header date, a byline at the edge."""
    from data_pipeline.ingest import files, language
    from data_pipeline.ingest.anniversaries import load_facts
    from data_pipeline.ingest.formats import Record

    asked, real = [], language._detector()

    class Spy:
        def detect_language_of(self, text):
            asked.append(language.script_of(text))
            return real.detect_language_of(text)

    monkeypatch.setattr(language, "_detector", lambda: Spy())
    language.detect.cache_clear()
    art = files.make_article(Record("warm-up", {"text": files.WARM_TEXT}, "text"), load_facts())
    language.detect.cache_clear()
    assert art.language == "en" and art.published == date(2024, 3, 5) and art.author == "Jana Novak"
    assert "Переговоры" not in art.text  # a short line in another script at the edge: not body
    assert {"LATIN", "CYRILLIC"} <= set(asked)


def test_ingest_warm_up_changes_no_article(tmp_path):
    """Reading after the warm-up gives what reading without it gives (it only fills memos of pure functions)."""
    from data_pipeline.ingest import files, language

    (tmp_path / "a.txt").write_text(" date 2023-06-01 Ministers met in Quito on Monday to discuss fishing quotas, "
                                    "port fees and the new coastal patrol agreement.\n\nLos ministros firmaron un "
                                    "acuerdo sobre cuotas de pesca y tasas portuarias en Quito el lunes pasado.\n\n"
                                    "Further talks are planned for the autumn, officials said.", encoding="utf-8")
    language.detect.cache_clear()
    before = ingest.read_file(tmp_path / "a.txt", "a.txt")
    language.detect.cache_clear()
    files.warm_up()
    assert ingest.read_file(tmp_path / "a.txt", "a.txt") == before
