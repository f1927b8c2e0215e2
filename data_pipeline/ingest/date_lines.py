"""Date stamps and agency datelines: the lines of a text that say when it was published or updated.

A stamp is a short line whose date stands with nothing but times, weekdays, stamp words and a byline
("Published: 3 May 2024, 10:00", "14:48 21.10.2022 (обновлено: 16:05 21.10.2022)", "By Jo Roe | May 3,
2024 | 4 min read"); fields such as "Views: 87", "Print" or "Editor: X" may stand beside it in their own
segments. A headline that mentions a date is not a stamp, nor is a crawl-time widget (weather, exchange
rates, "today"). Each date of a stamp is `published`, or `modified` when an update word precedes it.

A dateline opens the body: "YEREVAN, AUGUST 11, 2021, ARMENPRESS.", "Baku, 1 March 2023 (TDI):",
"Moscow/12.02.21/Turan:", "МОСКВА, 25 марта. /ТАСС/.", "Москва. 28 марта. INTERFAX.RU -". Its date may
lack a year; a month-day alone is never a publication date.
"""
from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from data_pipeline.lexicon.dates import DateMatch, full_dates, month_days, weekday_names

STAMP_WORDS = frozenset("""
published publication posted updated update last modified on at date time dated by am pm gmt utc msk edt est cet
cest pst pdt cdt cst et ist bst eet eest wib jst kst hkt local ago seconds second minutes minute hours hour days
day weeks week mins min hrs read written created originally revision of release released issued filed
veröffentlicht veröffentlichung aktualisiert zuletzt letzte änderung bearbeitet geändert erstellt datum stand um uhr
vom von erschienen publiziert pressemitteilung pressemeldung meldung press
publié publiée mis à jour le par modifié actualisé
publicado actualizado el por fecha
pubblicato aggiornato il da alle ore data
gepubliceerd bijgewerkt op door
опубликовано обновлено изменено дата публикации от в года г время мск
""".split())
BY_WORDS = frozenset({"by", "von", "par", "por", "di", "door", "от", "автор"})
MAX_NAME_WORDS = 4  # a byline name after "by"
UPDATE_WORD = re.compile(r"(?i)(?<!\w)(?:updated?|last (?:updated|modified|edited)|modified|edited|revised"
                         r"|aktualisiert|zuletzt|geändert|änderung|bearbeitet|mis à jour|actualisé|actualizado"
                         r"|aggiornato|bijgewerkt|обновлено|обновлен|изменено)(?!\w)")
# words that say a date is the publication's: "Published:", "Erschienen am", "Publié le", "originally created"
PUBLISHED_WORD = re.compile(r"(?i)(?<!\w)(?:published|posted|veröffentlicht|erschienen|publiziert|erstellt|created"
                            r"|publié|publiée|publicado|publicada|pubblicato|pubblicata|gepubliceerd|опубликовано)(?!\w)")
# crawl-time widgets on the page top: weather, exchange rates, "today"
_WIDGET = re.compile(r"°|\b(?:USD|EUR|RUB|GBP|CNY|JPY|AMD|AZN|KZT|UAH|TRY|GEL|BYN|KGS|UZS)\b\s*[\d.,]+"
                     r"|(?i:(?<!\w)(?:today|сегодня|heute|aujourd'hui|hoy|oggi)(?!\w))")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?::\d{2})?(?!\d)\s*(?:[AaPp]\.?\s?[Mm]\.?)?"
                   r"|\b\d{1,2}\s*[AaPp]\.?[Mm]\b\.?|\b\d{4}\s+(?=GMT|UTC|HKT)")
_ZONE = re.compile(r"\(?\s*(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?|\(\s*[+-]\d{1,2}:?\d{2}\s*\)")
_SEP = re.compile(r"\s*(?:[|·•/–—∙⋅]|\s-\s|\s-$|^-\s)\s*")
_LABEL_FIELD = re.compile(r"^[^\W\d_][\w .'-]{0,25}:\s*\S.{0,40}$")  # "Views: 87", "Editor: huaxia"
_WORDS = re.compile(r"[^\W\d_]+(?:\.[^\W\d_]+)*")
_SLASHED_SHORT = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")  # 03/07/21: day or month first, and which century
MAX_STAMP_CHARS = 160
MAX_STAMP_WORDS = 16


class Stamp(NamedTuple):
    """One date of a stamp line and what it dates."""

    match: DateMatch
    kind: str  # "published" or "modified"
    labelled: bool = False  # a publication word stands before the date ("Published: 3 May 2024")


_PLACE_BEFORE = re.compile(r"^\s*[A-ZА-ЯЁ][\w'’.-]*(?:[ -][A-ZА-ЯЁ][\w'’.-]*){0,2}\s*,\s*$")  # "New York, " + date
_RANGE_BEFORE = re.compile(r"\d{1,2}\.?\s*[-–—]\s*$|\bfrom\s*$", re.IGNORECASE)  # "14. - 20. Januar 2022"
_RUBRIC_BEFORE = re.compile(r"^\s*[A-ZА-ЯЁ][^\W\d_]+\s*$")
_NAME_BEFORE = re.compile(r"^\s*[A-ZА-ЯЁ][\w'’.-]+(?:\s+[A-ZА-ЯЁ][\w'’.-]+){1,2}\s+")
_RELATIVE = re.compile(r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b")
_NAME_AFTER = re.compile(r"^\s*,\s*[A-ZА-ЯЁ][\w'’.-]+(?:\s+[A-ZА-ЯЁ][\w'’.-]+){0,2}\s*$")  # date + ", Jo Roe"


def _stamp_segment(before: str, after: str, weekdays: frozenset[str]) -> bool:
    """True when the rest of a date's segment holds only times, weekdays, stamp words and a byline, a place
    before the date ("New York, 19 September 2023") or a name after it ("1 May 2022, Jo Roe")."""
    if _PLACE_BEFORE.match(before) and not after.strip(" ,.:;"):
        return True
    if _RUBRIC_BEFORE.match(before) and _TIME.match(after.strip()) and _stamp_words_only(after, weekdays):
        return True  # "Politics 24 June 2022 13:47": a section name, then the stamp
    if _NAME_AFTER.match(after) and _stamp_words_only(before, weekdays):
        return True
    name = _NAME_BEFORE.match(before)  # "Maria Lopez 5 minutes ago Tue 3 March 2020 | 10:15 AM"
    if name and _RELATIVE.search(before) and _stamp_words_only(before[name.end():] + " " + after, weekdays):
        return True
    return _stamp_words_only(before + " " + after, weekdays)


def _stamp_words_only(text: str, weekdays: frozenset[str]) -> bool:
    text = _ZONE.sub(" ", _TIME.sub(" ", text))
    name_left = 0
    for w in (w.lower() for w in _WORDS.findall(text)):
        if w in BY_WORDS:
            name_left = MAX_NAME_WORDS
        elif w in STAMP_WORDS or w.rstrip(".") in weekdays:
            name_left = 0
        elif name_left:
            name_left -= 1
        else:
            return False
    return True


def _other_segment(text: str) -> bool:
    """A segment beside a stamp's date: a label field, a byline, a name or a few words of chrome — not a headline."""
    text = text.strip()
    words = _WORDS.findall(text)
    if len(words) <= 3 or _LABEL_FIELD.match(text) or (words and words[0].lower() in BY_WORDS):
        return True
    return len(words) <= 4 and all(w[:1].isupper() for w in words) and not _TIME.match(text)


def stamps(line: str) -> list[Stamp]:
    """The dates of a stamp line, each published or modified; [] when the line is not a stamp."""
    if len(line) > MAX_STAMP_CHARS or len(line.split()) > MAX_STAMP_WORDS:
        return []
    found = [m for m in full_dates(line, short_year=True) if not _SLASHED_SHORT.fullmatch(line[m.start:m.end])]
    if not found or _WIDGET.search(line):
        return []
    weekdays = weekday_names()
    cuts = [0] + [p for m in _SEP.finditer(line) for p in (m.start(), m.end())] + [len(line)]
    segments = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    out, used = [], set()
    for k, dm in enumerate(found):
        seg = next(((s, e) for s, e in segments if s <= dm.start < e), (dm.start, dm.end))
        lo = max(seg[0], found[k - 1].end if k else 0)
        hi = min(max(seg[1], dm.end), found[k + 1].start if k + 1 < len(found) else len(line))
        if _RANGE_BEFORE.search(line[max(0, dm.start - 12):dm.start]) or \
                not _stamp_segment(line[lo:dm.start], line[dm.end:hi], weekdays):
            return []
        used.add(seg)
        before = line[found[k - 1].end if k else 0:dm.start]
        updated = bool(UPDATE_WORD.search(before))
        out.append(Stamp(dm, "modified" if updated else "published",
                         not updated and bool(PUBLISHED_WORD.search(before))))
    if not all(_other_segment(line[s:e]) for s, e in segments if (s, e) not in used and line[s:e].strip()):
        return []
    return out


# a sentence that says when the page was published: "This entry was posted on Monday, May 3rd, 2010 at ...",
# "Dieser Beitrag wurde am 3. Dezember 2011 um 10:00 Uhr veröffentlicht", "Cet article a été publié le ..."
_SAID_BEFORE = re.compile(r"(?i)(?:\b(?:was|were|been)\s+(?:posted|published|written|filed)\s+(?:on\s+)?"
                          r"|\bwurde\b.{0,15}\bam\s+|\ba\s+été\s+publiée?\s+le\s+|\bfue\s+publicad[oa]\s+el\s+)"
                          r"(?:[^\W\d_]+\.?,?\s+)?$")
_SAID_AFTER_DE = re.compile(r"(?i)^[^.!?]{0,60}?\b(?:veröffentlicht|gepostet|geschrieben|publiziert|erstellt|verfasst)\b")
MAX_SENTENCE_CHARS = 400


def said_published(line: str) -> list[DateMatch]:
    """The dates a sentence says the page was published on ("This entry was posted on ...", "Dieser Beitrag
    wurde am ... veröffentlicht"); [] for any other line."""
    if len(line) > MAX_SENTENCE_CHARS:
        return []
    out = []
    for dm in full_dates(line):
        m = _SAID_BEFORE.search(line[max(0, dm.start - 40):dm.start])
        if m and ("wurde" not in m.group(0).lower() or _SAID_AFTER_DE.match(line[dm.end:dm.end + 80])):
            out.append(dm)
    return out


def stamp(line: str) -> date | None:
    """The publication date of a stamp line (its first date not marked as an update), else None."""
    return next((s.match.when for s in stamps(line) if s.kind == "published"), None)


# ----- datelines ------------------------------------------------------------------------------------

_UP = "A-ZА-ЯЁ"
_CITY = rf"(?:[{_UP}][{_UP}.'’ -]{{1,40}}?|[{_UP}][a-zа-яё'’.-]+(?:[ -][{_UP}][a-zа-яё'’.-]+){{0,2}})"
_PLACES = (_CITY, rf"{_CITY},\s*[{_UP}][^\W\d_.'’ -]*(?:[.'’ -]+[^\W\d_]+)*\.?")  # "WASHINGTON, D.C."
_SRC = rf"[{_UP}][\w&.'’ -]{{0,40}}?[\w.]"
_DATE_TEXT = r"[^()/]{3,40}?"


def _dateline_patterns(place: str) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    comma = re.compile(  # YEREVAN, AUGUST 11, 2021, ARMENPRESS. / МОСКВА, 25 марта. /ТАСС/. / ЕРЕВАН, 16 мар — Sputnik.
        rf"^(?P<place>{place})[,.]\s+(?P<date>{_DATE_TEXT})\s*(?:[,/]|\.\s*(?=/)|\.|\s[—–-])\s*/?(?P<src>{_SRC})/?"
        rf"\s*[.:—–-]+(?:\s|$)")
    paren = re.compile(  # XI'AN, May 18 (Xinhua) -- / Baku, 1 March 2023 (TDI): / JAKARTA (Reuters) -
        rf"^(?P<place>{place})(?:,\s*(?P<date1>[^()]{{3,40}}?))?\s*\((?P<src>[^()]{{2,60}}?)"
        rf"(?:\s+[-–—]\s+(?P<date2>[^()]{{4,40}}?))?\)\s*[-–—:]*\s")
    slash = re.compile(  # Moscow/12.02.21/Turan:
        rf"^(?P<place>{place})\s*/\s*(?P<date>\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}})\s*/\s*(?P<src>{_SRC})\s*[:—–-]")
    return comma, paren, slash


# a one-word place first: "TBILISI, MARCH 4, NEWSAGENCY." is not the place "TBILISI, MARCH"
_DATELINES = [_dateline_patterns(place) for place in _PLACES]
_SOURCE_JOINERS = {"of", "and", "&", "/", "-", "the", "de", "for", "news"}


def plausible_source(src: str) -> bool:
    """A short name whose words are capitalised (joiners aside): "Example Wire", "РИА Новости"."""
    words = src.split()
    if not 1 <= len(words) <= 6 or full_dates(src):
        return False
    return src[:1].isupper() and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SOURCE_JOINERS
                                     for w in words)


def _has_date(text: str | None) -> bool:
    return bool(text) and bool(full_dates(text, short_year=True) or month_days(text))


def dateline(paragraph: str, max_chars: int = 400) -> tuple[str | None, str | None]:
    """(source, date text) of a dateline opening `paragraph`; (None, None) when there is none.

    The date text holds a date (a month-day at least); a dateline without one gives (source, None).
    """
    paragraph = paragraph[:max_chars]
    for comma, paren, slash in _DATELINES:
        for pat in (slash, comma):
            m = pat.match(paragraph)
            if m and plausible_source(m.group("src").strip()) and _has_date(m.group("date")):
                return m.group("src").strip(), m.group("date")
        m = paren.match(paragraph)
        if m and plausible_source(m.group("src").strip()):
            when = m.group("date2") or m.group("date1")
            return m.group("src").strip(), when if _has_date(when) else None
    return None, None


class DatelineDate(NamedTuple):
    """What a dateline's date text says: a full date, or only a month and day."""

    full: DateMatch | None
    month_day: tuple[int, int] | None


def dateline_date(text: str | None) -> DatelineDate:
    """The date of a dateline's date text (two-digit years allowed there: "12.02.21")."""
    if not text:
        return DatelineDate(None, None)
    full = full_dates(text, short_year=True)
    if full:
        return DatelineDate(full[0], (full[0].when.month, full[0].when.day))
    md = month_days(text)
    return DatelineDate(None, (md[0][2], md[0][3]) if md else None)
