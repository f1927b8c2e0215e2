"""Where an interaction happened: "in Moscow", "near Moscow", a visited country's capital, the dateline."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from data_pipeline.lexicon.countries import capital_of, country_code, is_capital
from data_pipeline.nlp import docview, screen

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "near", "at", "outside"}
DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z.'\- ]{2,28}[A-Z])\s*(?:,|\(|—|–|-\s)")


def _entity_text(tok: Token) -> str | None:
    if tok.ent_type_ not in PLACE_LABELS:
        return tok.text if tok.pos_ == "PROPN" and country_code(tok.text) else None
    ent = next((e for e in docview.of(tok.doc).ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return None
    text = ent.text
    return re.sub(r"^the\s+", "", text, flags=re.I) if ent.label_ != "FAC" else text


def _prep_place(head: Token, depth: int) -> str | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    place = _entity_text(obj)
                    if place:
                        return place
        if depth and child.dep_ in ("relcl", "acl", "prep", "pobj", "dobj", "appos") \
                and child.lower_ not in PLACE_PREPS:
            got = _prep_place(child, depth - 1)
            if got:
                return got
    return None


def visited_place(trigger: Token) -> str | None:
    """Capital of the country visited ("visited Armenia", "a visit to Armenia"), or the place itself."""
    for child in trigger.children:
        objs = [child] if child.dep_ == "dobj" else [c for c in child.children if c.dep_ == "pobj"] \
            if child.dep_ == "prep" and child.lower_ == "to" else []
        for obj in objs:
            place = _entity_text(obj)
            if place:
                return capital_of(place) or place
    return None


def trigger_place(trigger: Token, anchor: Token, kind: str) -> str | None:
    """Place stated for the interaction, looking at the trigger and then its governing verb."""
    if kind == "visit":
        got = visited_place(trigger)
        if got:
            return got
    return (_prep_place(trigger, 3) or (_prep_place(anchor, 0) if anchor.i != trigger.i else None)
            or _where_clause(anchor) or _during_visit(anchor))


def _where_clause(verb: Token) -> str | None:
    """"visited Moscow, where he met X" → Moscow."""
    if verb.dep_ == "relcl" and any(c.lower_ == "where" for c in verb.children):
        return _entity_text(verb.head)
    return None


def _during_visit(verb: Token) -> str | None:
    """"During his visit to Armenia, X met Y" → the visited country's capital."""
    for child in verb.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in ("visit", "trip", "tour"):
                    return visited_place(obj)
    return None


def dateline_city(doc: Doc) -> str | None:
    """City of an agency dateline ("YEREVAN, AUGUST 11, ARMENPRESS." → "Yerevan")."""
    head = screen.text(doc)[:800]
    for m in DATELINE.finditer(head):
        city = m.group(1).strip().title()
        if capital_of(city) or is_capital(city) or _tagged_place(doc, m.start(1), m.end(1)):
            return city
    return None


def _tagged_place(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in PLACE_LABELS for t in span)
