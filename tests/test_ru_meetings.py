"""Russian who-met-whom statements on small sentences written for these tests, with the real natasha models."""
from __future__ import annotations

from datetime import date

import pytest

from data_pipeline.nlp.ru.analyse import analyse_texts

PUB = date(2025, 3, 12)  # a Wednesday


def rows(text: str, published: date | None = PUB) -> list[dict]:
    """Interaction rows with the participants' nominative names in place of mention indices."""
    an = analyse_texts([(text, published)])[0]
    ms = an["mentions"]
    return [dict(r, a=ms[r["a"]]["norm"], b=ms[r["b"]]["norm"]) for r in an["interactions"]]


def pairs(found: list[dict]) -> set[tuple[frozenset, str, str]]:
    return {(frozenset((r["a"], r["b"])), r["kind"], r["status"]) for r in found}


def pair(a: str, b: str, kind: str, status: str = "held") -> tuple[frozenset, str, str]:
    return frozenset((a, b)), kind, status


@pytest.mark.parametrize("text, expected", [
    ("Глава МИД Турции Хакан Фидан встретился в Анкаре с министром иностранных дел Ирана Аббасом Аракчи.",
     {pair("Хакан Фидан", "Аббас Аракчи", "meeting")}),
    ("Президент Казахстана Касым-Жомарт Токаев провел телефонный разговор с президентом Узбекистана "
     "Шавкатом Мирзиёевым.", {pair("Касым-Жомарт Токаев", "Шавкат Мирзиёев", "phone_call")}),
    ("Премьер-министр Грузии Ираклий Кобахидзе принял в Тбилиси посла Германии Петера Фишера.",
     {pair("Ираклий Кобахидзе", "Петер Фишер", "meeting")}),
    ("Министр обороны Белоруссии Виктор Хренин был принят президентом Александром Лукашенко.",
     {pair("Виктор Хренин", "Александр Лукашенко", "meeting")}),
    ("Канцлер Германии Фридрих Мерц и президент Франции Эммануэль Макрон обсудили по телефону торговлю.",
     {pair("Фридрих Мерц", "Эммануэль Макрон", "phone_call")}),
    ("Антонио Гутерриш направил послание генеральному секретарю НАТО Марку Рютте.",
     {pair("Антонио Гутерриш", "Марк Рютте", "message")}),
    ("Министры финансов Армении и Грузии Вахе Ованнисян и Лаша Хуцишвили провели переговоры в Ереване.",
     {pair("Вахе Ованнисян", "Лаша Хуцишвили", "talks")}),
    ("Вчера Алексей Оверчук провел консультации с вице-премьером Армении Мгером Григоряном.",
     {pair("Алексей Оверчук", "Мгер Григорян", "talks")}),
    ("Встреча Шавката Мирзиёева и Касым-Жомарта Токаева прошла в Ташкенте.",
     {pair("Шавкат Мирзиёев", "Касым-Жомарт Токаев", "meeting")}),
    ("Владимир Зеленский провел трехстороннюю встречу с Эммануэлем Макроном и Фридрихом Мерцем.",
     {pair("Владимир Зеленский", "Эммануэль Макрон", "meeting"), pair("Владимир Зеленский", "Фридрих Мерц", "meeting"),
      pair("Эммануэль Макрон", "Фридрих Мерц", "meeting")}),
    ("Посол Франции Оливье Гайяр принял делегацию во главе с депутатом Андреем Климовым.",
     {pair("Оливье Гайяр", "Андрей Климов", "meeting")}),
    ("Эрдоган поговорил по телефону с Владимиром Путиным.",  # a surname NER missed
     {pair("Эрдоган", "Владимир Путин", "phone_call")}),
    ("По итогам переговоров Шавкат Мирзиёев и Касым-Жомарт Токаев подписали совместное заявление.",
     {pair("Шавкат Мирзиёев", "Касым-Жомарт Токаев", "talks")}),
    ("Владимир Путин поздравил по телефону Александра Лукашенко с днем рождения.",
     {pair("Владимир Путин", "Александр Лукашенко", "phone_call")}),
    ("Ранее глава российского МИД провел переговоры со своим армянским коллегой Араратом Мирзояном.",
     {pair("глава российского МИД", "Арарат Мирзоян", "talks")}),  # a title-only mention, resolved later
])
def test_ru_meetings_held(text, expected):
    assert pairs(rows(text)) == expected


@pytest.mark.parametrize("text, status", [
    ("Ожидается, что в следующий вторник Реджеп Эрдоган проведет переговоры с Ильхамом Алиевым.", "planned"),
    ("Касым-Жомарт Токаев посетит Москву и встретится с Владимиром Путиным.", "planned"),
    ("Встреча Шавката Мирзиёева и Касым-Жомарта Токаева была отложена.", "cancelled"),
])
def test_ru_meetings_status(text, status):
    assert {r["status"] for r in rows(text)} == {status}


@pytest.mark.parametrize("text", [
    "Александр Лукашенко может встретиться с Касым-Жомартом Токаевым в Минске.",
    "Джозеп Боррель не встретился с Сергеем Лавровым.",
    "Там он мог бы встретиться с Владимиром Путиным, заявил Дмитрий Песков.",
    "Эммануэль Макрон и Фридрих Мерц так и не встретились.",
    "Россия готова организовать встречу Хакана Фидана и Аббаса Аракчи.",
    "Владимир Путин поздравил Александра Лукашенко с днем рождения.",
    "Ираклий Кобахидзе принял участие в форуме вместе с Никол Пашиняном.",
])
def test_ru_meetings_not_held(text):
    assert not [r for r in rows(text) if r["status"] == "held"]


def test_ru_meetings_dates_and_place():
    found = rows("25 января 2024 года Хакан Фидан встретился в Анкаре с Аббасом Аракчи. "
                 "В тот же день Фидан провел телефонный разговор с Сергеем Лавровым. "
                 "В пятницу Аракчи встретился с Ильхамом Алиевым.")
    by_pair = {frozenset((r["a"], r["b"])): r for r in found}
    first = by_pair[frozenset(("Хакан Фидан", "Аббас Аракчи"))]
    assert (first["date"], first["date_source"], first["place"]) == ("2024-01-25", "text", "Ankara")
    assert by_pair[frozenset(("Фидан", "Сергей Лавров"))]["date"] == "2024-01-25"
    friday = by_pair[frozenset(("Аракчи", "Ильхам Алиев"))]
    assert (friday["date"], friday["date_source"]) == ("2025-03-07", "relative")


def test_ru_meetings_relative_day_before_and_undated_publication():
    found = rows("Накануне Сурен Папикян встретился с Себастьеном Лекорню.")
    assert found[0]["date"] == "2025-03-11"
    assert rows("Накануне Сурен Папикян встретился с Себастьеном Лекорню.", published=None)[0]["date"] is None


def test_ru_meetings_related_headline_after_body_is_not_a_statement():
    text = ("Хакан Фидан встретился с Аббасом Аракчи в Анкаре.\n\n"
            "Читайте также\nЛукашенко и Токаев провели переговоры\n")
    assert pairs(rows(text)) == {pair("Хакан Фидан", "Аббас Аракчи", "meeting")}


def test_ru_meetings_abbreviation_is_no_dateline():
    found = rows("Глава МИД России Сергей Лавров встретился с госсекретарем США Энтони Блинкеном.")
    assert [r["place"] for r in found] == [None]
    found = rows("МОСКВА, 12 марта. Сергей Лавров встретился с Энтони Блинкеном.")
    assert [r["place"] for r in found] == ["Moscow"]
