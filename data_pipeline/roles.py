"""Titles and roles: "Armenian Minister of Defense X", "director of the Y Company X", "X, Russia's foreign minister".

`parse_role` turns the words of a title phrase into {role, org, country};
`role_phrase_before` / `role_from_appos` find that phrase around a name in a Doc;
`canonical_role` and `roles_compatible` let a title-only mention ("the Russian
minister") find the person who holds a matching role.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Token

from data_pipeline.lexicon.gazetteer import country_of

# nouns that name a position a person holds
TITLE_NOUNS = {
    "minister", "president", "vice-president", "premier", "chancellor", "spokesman", "spokeswoman",
    "spokesperson", "director", "director-general", "ambassador", "envoy", "secretary", "chairman",
    "chairwoman", "chair", "head", "chief", "commander", "commander-in-chief", "general", "admiral",
    "colonel", "governor", "mayor", "king", "queen", "prince", "emir", "leader", "adviser", "advisor",
    "aide", "representative", "speaker", "counterpart", "senator", "lawmaker", "ceo", "patriarch",
    "prosecutor", "ombudsman", "deputy", "officer", "diplomat", "negotiator", "attaché", "attache",
    "undersecretary", "under-secretary", "president-elect", "marshal", "lieutenant", "captain",
    "fm", "pm", "mp", "gen", "adm", "sen", "amb",
}
# words that qualify a title (Deputy Defense Minister, First Vice Premier)
TITLE_MODIFIERS = {
    "first", "deputy", "vice", "acting", "interim", "former", "prime", "foreign", "defense", "defence",
    "press", "general", "chief", "executive", "senior", "state", "interior", "finance", "economy",
    "economic", "justice", "emergency", "emergencies", "health", "education", "energy", "trade",
    "culture", "affairs", "security", "national", "federal", "special", "presidential", "permanent",
    "assistant", "top", "military", "armed", "forces", "staff", "general's", "lieutenant", "major",
    "supreme", "high", "commissioner", "parliamentary", "parliament", "intelligence", "border", "navy",
    "naval", "air", "army", "development", "industry", "transport", "agriculture", "labour", "labor",
    "territorial", "administration", "policy", "relations", "international", "public", "digital",
}
RANK_WORDS = {"first", "deputy", "vice", "acting", "interim", "former", "assistant", "under"}
# head words of organisation names
ORG_HEADS = {
    "ministry", "company", "corporation", "service", "agency", "committee", "council", "department",
    "office", "bank", "fund", "institute", "university", "center", "centre", "party", "government",
    "parliament", "assembly", "union", "organization", "organisation", "commission", "bureau",
    "directorate", "administration", "court", "kremlin", "cabinet", "embassy", "group", "staff",
    "command", "headquarters", "foundation", "alliance", "army", "navy", "guard", "police", "duma",
    "rosoboronexport", "holding", "concern", "plant", "association", "federation", "authority",
}
_DETS = {"the", "his", "her", "their", "its", "our", "a", "an"}
_LINKS = {"of", "for", "and", "&", "-", "on"}
_HONORIFIC = {"mr", "mrs", "ms", "dr", "sir", "madam", "lord", "lady"}


def is_title_word(word: str) -> bool:
    """Whether `word` is a title noun or title modifier (case-insensitive)."""
    w = word.lower().strip(".")
    return w in TITLE_NOUNS or w in TITLE_MODIFIERS or w in _HONORIFIC


def _is_title_noun(word: str) -> bool:
    return word.lower() in TITLE_NOUNS


def _join(words: list[str]) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(words))


def parse_role(tokens: list) -> dict | None:
    """{role, org, country} from the words (or tokens) of a title phrase, or None when it names no position."""
    words = [w for w in (getattr(t, "text", t) for t in tokens) if w.strip() and w not in ("’s", "'s", ",")]
    while words and words[0].lower() in _DETS:
        words = words[1:]
    if not any(_is_title_noun(w) for w in words):
        return None
    country = next((c for w in words if (c := country_of(w))), None)
    lower = [w.lower() for w in words]
    org: list[str] = []
    role = words
    # "adviser to the president": the position is the adviser's; what follows "to" is where it sits
    if "to" in lower and any(_is_title_noun(w) for w in words[:lower.index("to")]):
        i = lower.index("to")
        role, org = words[:i], [w for w in words[i + 1:] if w.lower() != "the" and not country_of(w)]
        lower = lower[:i]
    # "director of the Rosoboronexport Company": role before "of", organisation after it
    if "of" in lower and not org:
        i = lower.index("of")
        rest = [w for w in words[i + 1:] if w.lower() != "the"]
        if any(w.lower() in ORG_HEADS for w in rest) or (rest and not all(is_title_word(w) or country_of(w) for w in rest)):
            role, org = words[:i], rest
    # "Russian Foreign Ministry spokeswoman": organisation up to its head word, then the title
    heads = [i for i, w in enumerate(role) if w.lower() in ORG_HEADS]
    if not org and heads and any(_is_title_noun(w) for w in role[heads[-1] + 1:]):
        org, role = role[:heads[-1] + 1], role[heads[-1] + 1:]
    role = [w for w in role if not (country_of(w) and not is_title_word(w))]
    if not any(_is_title_noun(w) for w in role):
        return None
    return {"role": _join(role), "org": _join(org) or None, "country": country}


_SYNONYMS = [(r"\bfm\b", "foreign minister"), (r"\bpm\b", "prime minister"), (r"\bdefence\b", "defense"), (r"\b(spokes(man|woman|person)|press secretary)\b", "spokesperson"),
             (r"\bpremier\b", "prime minister"), (r"\badvisor\b", "adviser")]


def org_key(folded: str) -> str:
    """One key for the wordings of an organisation's name.

    "russian ministry of defence", "ministry of defense of russia" and "russian
    defense ministry" all become "russia defense ministry".
    """
    words = [w for w in folded.replace("defence", "defense").split() if w not in ("the", "affairs")]
    country = None
    for n in (3, 2):  # multi-word country names first ("russian federation", "united states")
        for i in range(len(words) - n + 1):
            c = country_of(" ".join(words[i:i + n]))
            if c and country is None:
                country, words = c, words[:i] + words[i + n:]
                break
    country = country or next((c for w in words if (c := country_of(w))), None)
    words = [w for w in words if not country_of(w)]
    s = " ".join(words)
    s = re.sub(r"\bof$", "", s).strip()
    m = re.match(r"^(\w+) of (.+)$", s)
    if m and m.group(1) in ORG_HEADS:
        s = f"{m.group(2)} {m.group(1)}"
    s = re.sub(r"\s+of$", "", s)
    return " ".join(filter(None, [country.lower() if country else "", s]))


_LEADERS = {"president", "prime minister", "chancellor", "king", "queen", "emir", "supreme leader", "leader"}


@lru_cache(maxsize=1 << 14)
def canonical_role(role: str) -> str:
    """Comparable form of a role: "Minister of Foreign Affairs" → "foreign minister".

    Memoised: resolving title-only mentions compares the same few role strings many times.
    """
    s = role.lower()
    for pat, rep in _SYNONYMS:
        s = re.sub(pat, rep, s)
    s = " ".join(w for w in s.split() if w not in ("the", "affairs") and not country_of(w))
    m = re.match(r"^(.*?)\b(\w+) of (.+)$", s)
    if m and _is_title_noun(m.group(2)):
        s = f"{m.group(1)}{m.group(3)} {m.group(2)}"
    return " ".join(s.split())


def roles_compatible(query: str, held: str) -> bool:
    """Whether a title-only reference (`query`) can denote someone holding `held`.

    Same title noun; every qualifier of the query present in the held role; the
    held role adds no rank (a "deputy minister" is not "the minister").
    "counterpart" matches any role.
    """
    q, h = canonical_role(query).split(), canonical_role(held).split()
    if not q or not h:
        return False
    if q[-1] == "counterpart":
        return True
    if q[-1] == "leader" and len(q) == 1:  # "the Russian leader": head of state or government
        return " ".join(h) in _LEADERS
    if q[-1] != h[-1]:
        return False
    extra = set(h[:-1]) - set(q[:-1])
    return set(q[:-1]) <= set(h[:-1]) and not (extra & RANK_WORDS)


def _phrase_ok(tok: Token, persons: set[int]) -> bool:
    """Whether `tok` can belong to a title phrase written before a name."""
    low = tok.lower_
    if tok.i in persons or (tok.ent_type_ == "PERSON" and not is_title_word(tok.text) and not country_of(tok.text)):
        return False
    if is_title_word(tok.text) or country_of(tok.text) or low in ORG_HEADS:
        return True
    if low in _LINKS or low == "the" or tok.tag_ in ("POS", "HYPH"):
        return True
    return tok.text[:1].isupper() and tok.is_alpha and tok.pos_ in ("PROPN", "ADJ", "NOUN")


def role_phrase_before(doc: Doc, start: int, persons: set[int] = frozenset(), limit: int = 14) -> list[Token]:
    """Tokens of the title phrase that directly precedes the name starting at token `start`."""
    sent_start = doc[start].sent.start if start < len(doc) else 0
    out: list[Token] = []
    i = start - 1
    while i >= max(sent_start, start - limit):
        tok = doc[i]
        if tok.lower_ in ("his", "her", "their", "its"):
            out.insert(0, tok)
            break
        if not _phrase_ok(tok, persons):
            break
        out.insert(0, tok)
        i -= 1
    while out and (out[0].lower_ in _LINKS or out[0].tag_ in ("POS", "HYPH")):
        out.pop(0)
    return out


def role_from_appos(root: Token, start: int) -> list[Token]:
    """Title phrase in apposition to a name starting at `start`: "X, Russia's foreign minister," or "his counterpart, X"."""
    for child in root.children:
        if child.dep_ == "appos" and _is_title_noun(child.lemma_):
            return [t for t in child.subtree if not t.is_punct or t.tag_ == "HYPH"]
    head = root.head
    if root.dep_ == "appos" and head is not root and _is_title_noun(head.lemma_):
        return [t for t in head.subtree if t.i < start and not t.is_punct]
    return []


def role_of_name(doc: Doc, start: int, end: int, persons: set[int] = frozenset()) -> dict | None:
    """Role of the person named by tokens [start, end): written before it, else in apposition.

    `persons` holds the tokens of other possible person names, where a title phrase stops.
    """
    before = role_phrase_before(doc, start, persons)
    found = parse_role(before) if before else None
    if found:
        return found
    appos = role_from_appos(doc[start:end].root, start)
    return parse_role(appos) if appos else None
