"""A build over English and Russian articles (written for this test): one person across scripts, Russian meetings."""
from __future__ import annotations

import pandas as pd
import pytest

from data_pipeline.run.build import BuildOptions, build

ARTICLES = {
    "en.txt": "date 2025-03-12\nTurkish Foreign Minister Hakan Fidan met Azerbaijani Foreign Minister "
              "Jeyhun Bayramov in Ankara on Tuesday. Fidan said the talks were productive.\n",
    "ru.txt": "date 2025-03-14\nМинистр иностранных дел Турции Хакан Фидан провел в четверг телефонный разговор "
              "с министром обороны России Андреем Белоусовым. Стороны обсудили ситуацию в регионе.\n\n"
              "Накануне Фидан встретился в Баку с президентом Азербайджана Ильхамом Алиевым.\n",
    "uk.txt": "date 2025-03-14\nМіністр закордонних справ України Андрій Сибіга провів телефонну розмову з "
              "міністром закордонних справ Туреччини Хаканом Фіданом. Сторони обговорили безпеку в регіоні.\n",
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pd.DataFrame]:
    root = tmp_path_factory.mktemp("ru-build")
    for name, text in ARTICLES.items():
        (root / "in").mkdir(exist_ok=True)
        (root / "in" / name).write_text(text, encoding="utf-8")
    build(BuildOptions(input=root / "in", out=root / "out", progress=False, cache_dir=root / "cache"))
    return {p.stem: pd.read_parquet(p) for p in (root / "out").glob("*.parquet")}


def test_ru_build_languages_kept_and_only_english_and_russian_parsed(tables):
    langs = dict(zip(tables["articles"]["path"], tables["articles"]["language"]))
    assert langs == {"en.txt": "en", "ru.txt": "ru", "uk.txt": "uk"}
    uk = tables["articles"].loc[tables["articles"]["path"] == "uk.txt", "article_id"].iloc[0]
    assert not (tables["mentions"]["article_id"] == uk).any()


def test_ru_build_one_person_across_scripts(tables):
    ents = tables["entities"].set_index("entity_id")
    fidan = [e for e in ents.index if "fidan" in e]
    assert fidan == ["person:hakan-fidan"]
    assert {"Hakan Fidan", "Хакан Фидан", "Фидан"} <= set(ents.loc["person:hakan-fidan", "aliases"])
    mentioned = tables["mentions"][tables["mentions"]["entity_id"] == "person:hakan-fidan"]
    assert {"Hakan Fidan", "Хакан Фидан", "Фидан", "Fidan"} <= set(mentioned["text"])  # as written
    assert ents.loc["person:andrei-belousov", "name"] == "Andrei Belousov"  # the knowledge base's name


def test_ru_build_resolution_reasons_name_the_rule(tables):
    res = tables["resolution"]
    why = dict(zip(res["surface"], res["reason"]))
    assert why["Хакан Фидан"] == "transliteration: Хакан Фидан → Khakan Fidan ~ Hakan Fidan"
    assert why["Андреем Белоусовым"].startswith("knowledge-base: Андреем Белоусовым → Andrei Belousov")


def test_ru_build_russian_meetings_with_dates(tables):
    m = tables["meetings"]
    rows = {(r.a, r.b): r for r in m.itertuples()}
    call = rows[("person:andrei-belousov", "person:hakan-fidan")]
    assert (call.kind, call.status, str(call.date)[:10]) == ("phone_call", "held", "2025-03-13")
    visit = rows[("person:hakan-fidan", "person:ilham-aliyev")]
    assert (visit.kind, str(visit.date)[:10], visit.place) == ("meeting", "2025-03-13", "Baku")
    assert ("person:hakan-fidan", "person:jeyhun-bayramov") in rows  # the English article's meeting
