"""Mentions in a Russian Doc: named entities with their nominative and Latin forms, roles, title-only references.

Same dicts as the English path (text as written, offsets, sentence, label, kind, tokens, role,
subject) plus `norm`, the nominative ("Сергея Шойгу" → "Сергей Шойгу"), and `latin`, the form
resolution matches on: the English name of a known place ("Москве" → Moscow), else the standard
transliteration ("Sergey Shoygu"). A first name with a patronymic ("Сергей Кужугетович") is the
person of the article with that first name, or nobody.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from data_pipeline.lexicon import ru_places, ru_titles
from data_pipeline.lexicon.translit import to_latin
from data_pipeline.nlp.ru import names
from data_pipeline.nlp.ru.model import load_models

LABELS = {"PERSON", "ORG", "LOC"}
UNTAGGED = "PROPN"  # a proper noun NER left out (the English path's label for it too)
_ARGUMENT_DEPS = {"nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "conj"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
_PATRONYMIC = ("ович", "евич", "овна", "евна", "ична", "инична")
_PHRASE_POS = {"NOUN", "PROPN", "ADJ"}
MAX_TITLE = 12  # tokens of a title phrase before a name


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token."""
    out = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def _case(tok: Token) -> str:
    return (tok.morph.get("Case") or [""])[0]


def _gender(tok: Token) -> str:
    return (tok.morph.get("Gender") or [""])[0]


def name_case(tok: Token) -> str:
    """Case of a name word: the tagger's, corrected by the dictionary (see names.word_case)."""
    return names.word_case(tok.text, _case(tok), _gender(tok))


def person_norm(span: Span, attested: set[str]) -> str:
    """Nominative of a person's name, word by word (initials and indeclinable words kept)."""
    words = [t for t in span if t.text[:1].isalpha() and len(t.text.rstrip(".")) > 1]
    if not words:
        return span.text
    # the words of a name share one case: "Джейхуна Байрамова" is genitive even where the tagger read a
    # nominative; but a nominative the tagger gives every word stands while one word can be one ("Вахе Ованнисян")
    tagged_nom = all(_case(t) in ("", "Nom") for t in words)
    if tagged_nom and any(not (a := names.name_cases(t.text, "")) or "Nom" in a for t in words):
        span_case, case_of = None, {t.i: "Nom" for t in words}
    else:
        case_of = {t.i: name_case(t) for t in words}
        span_case = next((c for c in case_of.values() if c and c != "Nom"), None)
    # and one gender: a first name the dictionary knows tells it ("Марку Рютте": masculine, so not "Рютта")
    span_gender = names.name_gender(words[0].text, span_case or case_of[words[0].i]) if len(words) > 1 else ""
    out = []
    for tok in span:
        if tok not in words:
            out.append(tok.text)
            continue
        case, gender = case_of[tok.i], span_gender or _gender(tok)
        if span_case and case == "Nom" and span_case in names.name_cases(tok.text, ""):
            case, gender = span_case, ""
        cands = names.nominatives(tok.text, case, gender, strict=bool(span_gender) and tok is not words[0])
        if span_case and case == "Nom":  # a stem the article writes in the nominative ("Никола" → "Никол")
            stems = [names.recase(f, tok.text) for f in names.rule_forms(tok.text, "", span_case)]
            cands = (*[f for f in stems if f in attested], *cands)
        chosen = names.choose(cands, attested)
        if chosen == tok.text:  # "Папикяна" read as a nominative while the article writes "Папикян"
            chosen = next((stem for stem in names.stems(tok.text) if stem in attested), chosen)
        out.append(chosen)
    return _join(span, out)


_INITIAL = re.compile(r"\b(\w{1,3})\.(?=\w)")


def _join(span: Span, words: list[str]) -> str:
    """Words of `span` replaced by `words`, with a space after an initial ("В.Путин" → "В. Путин")."""
    return _INITIAL.sub(r"\1. ", "".join(w + span[k].whitespace_ for k, w in enumerate(words)).strip())


@dataclass
class _Tok:
    """The token fields natasha's span normalisation reads."""

    text: str
    pos: str
    feats: dict
    id: str
    head_id: str
    start: int
    stop: int


def place_norm(span: Span, org: bool = False) -> str:
    """Nominative of a place or organisation name (natasha's normalisation, agreement kept)."""
    from natasha.norm import normalize, syntax_normalize

    toks = [_Tok(t.text, t.pos_, t.morph.to_dict(), str(t.i), str(t.head.i if t.head.i != t.i else -1),
                 t.idx, t.idx + len(t)) for t in span if not t.is_space]
    if not toks:
        return span.text
    try:
        return (syntax_normalize if org else normalize)(load_models().vocab, toks)
    except (KeyError, ValueError, TypeError):  # an odd tag the inflector cannot take: keep the text
        return span.text


def _phrase_token(tok: Token) -> bool:
    """A token a title phrase before a name can hold: nouns, adjectives and participles, places."""
    return (tok.pos_ in _PHRASE_POS or "Part" in tok.morph.get("VerbForm")) and tok.ent_type_ != "PERSON" \
        and not tok.is_punct


def title_phrase(doc: Doc, start: int) -> list[Token]:
    """The title phrase written right before the name at `start` ("Министр обороны Армении" Сурен …)."""
    sent_start = doc[start].sent.start
    out: list[Token] = []
    i = start - 1
    while i >= max(sent_start, start - MAX_TITLE):
        tok = doc[i]
        if _phrase_token(tok):
            out.insert(0, tok)
        elif tok.lower_ == "и" and out and i > sent_start and doc[i - 1].ent_type_ in ("LOC", "ORG") \
                and out[0].ent_type_ in ("LOC", "ORG"):
            out.insert(0, tok)  # "министры обороны России и Армении"
        else:
            break
        i -= 1
    first = next((k for k, t in enumerate(out) if ru_titles.is_title(t.lemma_)), None)
    if first is None:
        return []
    while first > 0 and (out[first - 1].pos_ == "ADJ" or out[first - 1].lemma_ in ru_titles.QUALIFIERS):
        first -= 1  # the phrase starts at a title or the adjectives and ranks right before it
    return out[first:]


def phrase_country(tokens: list[Token]) -> str | None:
    """The country a title phrase names: a country (any case) or a country adjective."""
    return next((c for t in tokens if (c := ru_places.country(t.lemma_))), None)


def phrase_role(tokens: list[Token]) -> dict | None:
    """{role, org, country} of a title phrase, in English."""
    words = [t for t in tokens if t.lower_ != "и"]
    return ru_titles.role([t.lemma_ for t in words], phrase_country(words)) if words else None


def _mention(span: Span, label: str, kind: str, sent_of: list[int], role: dict | None, norm: str,
             latin: str) -> dict:
    root = span.root
    return {
        "text": span.text, "start": span.start_char, "end": span.end_char, "sentence": sent_of[span.start],
        "label": label, "kind": kind, "tokens": [span.start, span.end], "role": role,
        "subject": root.dep_ in SUBJECT_DEPS and root.head.pos_ in ("VERB", "AUX"),
        "norm": norm, "latin": latin,
    }


def _person_spans(doc: Doc) -> list[Span]:
    """PERSON entities without surrounding punctuation."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        s, e = ent.start, ent.end
        while s < e and (doc[s].is_punct or doc[s].is_space):
            s += 1
        while e > s and (doc[e - 1].is_punct and doc[e - 1].text != "." or doc[e - 1].is_space):
            e -= 1
        if e > s and any(c.isalpha() for c in doc[s:e].text):
            out.append(doc[s:e])
    return out


def is_patronymic(word: str) -> bool:
    """A patronymic ("Кужугетович", "Гейдаровна") rather than a surname."""
    return word.lower().endswith(_PATRONYMIC)


def extract(doc: Doc) -> list[dict]:
    """Mentions worth resolving, as plain dicts: names in text order, then title-only references."""
    sent_of = sentence_index(doc)
    people = _person_spans(doc)
    attested = {t.text for s in people for t in s if name_case(t) == "Nom"}
    norms = {s.start: person_norm(s, attested) for s in people}
    full = [n for n in norms.values() if len(n.split()) >= 2 and not is_patronymic(n.split()[-1])]
    found: list[tuple[Span, str, str, str]] = []
    for s in people:
        norm = norms[s.start]
        words = norm.split()
        if len(words) >= 2 and is_patronymic(words[-1]):
            # "Сергей Кужугетович": the article's person with that first name
            owner = next((f for f in full if f.split()[0] == words[0]), None)
            if owner is None:
                continue
            norm = owner
        found.append((s, "PERSON", norm, to_latin(norm)))
    for ent in doc.ents:
        if ent.label_ in ("LOC", "ORG") and any(c.isalpha() for c in ent.text) \
                and ent.root.pos_ in ("PROPN", "NOUN", "X"):
            norm = place_norm(ent, org=ent.label_ == "ORG")
            english = ru_places.english_place(norm) if ent.label_ == "LOC" else None
            label = "GPE" if english and (ru_places.country(norm) or english in ru_places.cities().values()) \
                else ent.label_
            latin = english or to_latin(norm)
            if any(c.isalpha() for c in latin):
                found.append((ent, label, norm, latin))
    taken_ents = {i for e in doc.ents for i in range(e.start, e.end)}
    for tok in untagged_names(doc, taken_ents):
        span = doc[tok.i:tok.i + 1]
        norm = person_norm(span, attested)
        found.append((span, UNTAGGED, norm, to_latin(norm)))
    found.sort(key=lambda f: (f[0].start, f[0].end))
    out = []
    taken: set[int] = set()
    for span, label, norm, latin in found:
        role = phrase_role(title_phrase(doc, span.start)) if label in ("PERSON", UNTAGGED) else None
        out.append(_mention(span, label, "name", sent_of, role, norm, latin))
        taken.update(range(span.start, span.end))
    for span in title_spans(doc, taken):
        role = phrase_role(list(span))
        if role:
            out.append(_mention(span, "PERSON", "title", sent_of, role, span.text, to_latin(span.text)))
    return out


def untagged_names(doc: Doc, taken: set[int]) -> list[Token]:
    """One-word names NER missed ("Эрдоган поговорил …"): an animate proper noun in an argument position,
    capitalised, not a place. Labelled UNTAGGED: resolution only ever joins them to people it knows."""
    out = []
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or tok.dep_ not in _ARGUMENT_DEPS:
            continue
        text = tok.text
        if not (text[:1].isupper() and text.isalpha() and not text.isupper() and len(text) > 2):
            continue
        if "Anim" in tok.morph.get("Animacy") and not ru_places.english_place(tok.lemma_) \
                and not ru_titles.is_title(tok.lemma_):
            out.append(tok)
    return out


def title_spans(doc: Doc, taken: set[int]) -> list[Span]:
    """Title-only references: "российский коллега", "армянского министра" (a title with a country adjective).

    Not when a name follows (that title belongs to the name) or the title is plural.
    """
    out = []
    for tok in doc:
        if tok.i in taken or not ru_titles.is_title(tok.lemma_) or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if "Plur" in tok.morph.get("Number") or ru_titles.TITLE_NOUNS[tok.lemma_] in ("General", "Marshal"):
            continue
        nxt = next((t for t in doc[tok.i + 1:tok.sent.end] if not _phrase_token(t) or t.i in taken), None)
        if nxt is not None and nxt.i in taken and nxt.ent_type_ == "PERSON" and all(
                _phrase_token(t) for t in doc[tok.i + 1:nxt.i]):
            continue
        adjs = [c for c in tok.children if c.dep_ == "amod" and ru_places.country(c.lemma_)]
        if not adjs:  # "глава российского МИД": the country adjective of the ministry
            adjs = [a for c in tok.children if c.dep_ == "nmod" and c.i == tok.i + 2
                    for a in c.children if a.dep_ == "amod" and a.i == tok.i + 1 and ru_places.country(a.lemma_)]
        if not adjs and tok.lemma_ != "коллега":
            continue
        start = min([tok.i, *(c.i for c in adjs)])
        end = tok.i + 1
        for c in tok.children:  # genitive complement: "глава российского военного ведомства", "… МИД"
            if c.dep_ == "nmod" and c.i > tok.i and not any(t.ent_type_ == "PERSON" for t in c.subtree):
                end = max(end, c.right_edge.i + 1)
        if end - start <= 6:
            out.append(doc[start:end])
    return out
