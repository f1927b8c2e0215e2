"""Nominative forms of Russian names ("Сергея Шойгу" → "Сергей Шойгу", "Захаровой" → "Захарова").

A name word's case and gender come from the tagger (it reads the sentence). The dictionary
(pymorphy2) inflects the names it knows (Name, Surn, Patr; Geox for places) in that case back to the
nominative; for the foreign surnames it does not know ("Мирзояна", "Шольца") the inflection endings
are stripped by rule. When the article also writes a candidate form in the nominative, that wins.
"""
from __future__ import annotations

from functools import lru_cache

from data_pipeline.nlp.ru.model import load_models

NAME_GRAMS = {"Name", "Surn", "Patr", "Geox"}  # first names are often place names too (Арарат)
PLACE_GRAMS = {"Geox", "Name", "Surn"}
# (ending, replacement) by (gender, case) for words the dictionary does not know: surnames in -ов/-ин,
# -ский, and consonant stems ("Мирзоян", "Шольц"); the first that applies is the likeliest
_RULES: dict[tuple[str, str], list[tuple[str, str]]] = {
    ("Masc", "Gen"): [("ского", "ский"), ("цкого", "цкий"), ("ого", "ый"), ("ля", "ль"), ("я", "й"), ("а", "")],
    ("Masc", "Acc"): [("ского", "ский"), ("цкого", "цкий"), ("ого", "ый"), ("ля", "ль"), ("я", "й"), ("а", "")],
    ("Masc", "Dat"): [("скому", "ский"), ("цкому", "цкий"), ("лю", "ль"), ("ю", "й"), ("у", "")],
    ("Masc", "Ins"): [("ским", "ский"), ("цким", "цкий"), ("овым", "ов"), ("евым", "ев"), ("иным", "ин"),
                      ("ыным", "ын"), ("лем", "ль"), ("ем", "й"), ("ем", ""), ("ом", "")],
    ("Masc", "Loc"): [("ском", "ский"), ("ле", "ль"), ("е", "")],
    ("Fem", "Gen"): [("ской", "ская"), ("цкой", "цкая"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"),
                     ("ы", "а"), ("и", "а")],
    ("Fem", "Dat"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("е", "а")],
    ("Fem", "Acc"): [("скую", "ская"), ("ову", "ова"), ("еву", "ева"), ("ину", "ина"), ("у", "а")],
    ("Fem", "Ins"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("ой", "а")],
    ("Fem", "Loc"): [("ской", "ская"), ("овой", "ова"), ("евой", "ева"), ("иной", "ина"), ("е", "а")],
}
_CONSONANT_STEM = set("бвгджзклмнпрстфхцчшщ")
_VOWELS = set("аеёиоуыэюя")


def recase(form: str, like: str) -> str:
    """`form` written with the capitals of `like` (Title case per hyphen part, or upper case)."""
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))
    return form


def restore_yo(form: str, word: str) -> str:
    """`form` with the "ё" that `word` is written with, where the dictionary wrote "е" ("Мирзиёев")."""
    low = word.lower()
    k = low.find("ё")
    if k < 0 or k >= len(form) or form[k] != "е" or form[:k] != low[:k]:
        return form
    return form[:k] + "ё" + form[k + 1:]


def rule_forms(word: str, gender: str, case: str) -> list[str]:
    """Nominatives that stripping the ending of `word` by rule can give, the likeliest first."""
    low = word.lower()
    out = []
    for genders in ([gender] if gender in ("Masc", "Fem") else ["Masc", "Fem"]):
        for end, rep in _RULES.get((genders, case), []):
            stem = low[:len(low) - len(end)]
            if rep == "й" and stem[-1:] not in _VOWELS:
                continue  # "Андрея" → Андрей, but "Мерцем" → Мерц
            if low.endswith(end) and len(stem) >= 2 and (rep or stem[-1] in _CONSONANT_STEM):
                out.append(stem + rep)
                break
    return out


@lru_cache(maxsize=1 << 15)
def nominatives(word: str, case: str, gender: str, place: bool = False, strict: bool = False) -> tuple[str, ...]:
    """Candidate nominative forms of one name word in `case` (UD: Gen, Dat, ...), the likeliest first.

    `strict`: `gender` is sure (a first name told it), so readings of the other gender are not taken.
    """
    if case in ("", "Nom") or not word[:1].isalpha():
        return (word,)
    grams = PLACE_GRAMS if place else NAME_GRAMS
    forms = [f for f in load_models().vocab(word.lower())
             if f.feats.get("Case") == case and grams & f.tag.grammemes and f.feats.get("Number") != "Plur"]
    agree = [f for f in forms if not gender or f.feats.get("Gender") in (gender, None)]
    # an inflecting reading before an indeclinable one ("Марку" is Марк's dative, not a name "Марку")
    agree.sort(key=lambda f: "Fixd" in f.tag.grammemes)
    found: list[str] = []
    for form in agree if strict else agree or forms:
        nom = form.inflect({"Nom"})
        found.append(nom.word if nom is not None else form.normal)
    found += rule_forms(word, gender, case)
    out = []
    for f in [*found, word.lower()]:
        f = recase(restore_yo(f, word), word)
        if f not in out:
            out.append(f)
    return tuple(out)


@lru_cache(maxsize=1 << 15)
def name_cases(word: str, gender: str) -> tuple[str, ...]:
    """Cases the dictionary allows `word` as a name of `gender` ("Джейхуном": Ins), the likeliest first."""
    out: list[str] = []
    for form in load_models().vocab(word.lower()):
        case = form.feats.get("Case")
        if case and NAME_GRAMS & form.tag.grammemes and form.feats.get("Number") != "Plur" and (not gender or form.feats.get("Gender") in (gender, None)) \
                and case not in out:
            out.append(case)
    return tuple(out)


@lru_cache(maxsize=1 << 15)
def name_gender(word: str, case: str) -> str:
    """Gender of a first name the dictionary knows in `case` ("Марку": Masc), "" when unknown or both."""
    genders = {f.feats.get("Gender") for f in load_models().vocab(word.lower())
               if "Name" in f.tag.grammemes and f.feats.get("Case") == case and "Fixd" not in f.tag.grammemes}
    return genders.pop() if len(genders) == 1 and None not in genders else ""


def word_case(word: str, tagged: str, gender: str) -> str:
    """The tagger's case, unless the dictionary knows the name and never in that case (the tagger
    often reads an unknown name as a nominative: "с министром … Джейхуном Байрамовым")."""
    allowed = name_cases(word, gender) or name_cases(word, "")  # the tagger's gender can be wrong too
    return tagged if not allowed or tagged in allowed else allowed[0]


_ENDINGS = ("ами", "ому", "ого", "ым", "ом", "ем", "ой", "ей", "а", "у", "е", "я", "ю", "ы", "и")


def stems(word: str) -> list[str]:
    """`word` without one inflection ending each way it can lose one ("Папикяна" → "Папикян")."""
    return [word[:-len(e)] for e in _ENDINGS if word.lower().endswith(e) and len(word) - len(e) >= 3]


def choose(cands: tuple[str, ...], attested: set[str]) -> str:
    """The candidate the article also writes in the nominative, else the likeliest."""
    return next((c for c in cands if c in attested), cands[0])
