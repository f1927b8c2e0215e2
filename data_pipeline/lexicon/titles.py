"""Title words: the nouns that name a position, their qualifiers, honorifics and organisation words.

The one title-word list of the pipeline: mention cleaning, role parsing, participant
mapping and resolution all read it. `is_title_word` asks for the words of a title
phrase (role parsing); `never_in_name` for any word that cannot be part of a
person's name (participant mapping).
"""
from __future__ import annotations

# nouns that name a position a person holds
TITLE_NOUNS = {
    "minister", "president", "vice-president", "premier", "chancellor", "spokesman", "spokeswoman",
    "spokesperson", "director", "director-general", "ambassador", "envoy", "secretary", "chairman",
    "chairwoman", "chair", "head", "chief", "commander", "commander-in-chief", "general", "admiral",
    "colonel", "governor", "mayor", "king", "queen", "prince", "emir", "leader", "adviser", "advisor",
    "aide", "representative", "speaker", "counterpart", "senator", "lawmaker", "ceo", "patriarch",
    "prosecutor", "ombudsman", "deputy", "officer", "diplomat", "negotiator", "attaché", "attache",
    "undersecretary", "under-secretary", "president-elect", "marshal", "lieutenant", "captain",
    "counselor", "counsellor", "assistant", "sultan", "sheikh", "sheikha", "shaikh", "chargé", "charge",
    "fm", "pm", "mp", "gen", "adm", "sen", "amb", "brig", "maj", "lt", "col", "capt", "cdr", "cmdr", "sgt", "gov",
    "rep", "pres",
}
# abbreviations that are titles only with their full stop ("Sen. Smith", not "Anjali Sen Gupta")
DOTTED_ONLY = {"sen", "rep", "pres", "gov"}
# qualifiers that begin a written title before a name ("Foreign Minister X", "Acting President X")
OFFICE_QUALIFIERS = {
    "first", "deputy", "vice", "acting", "interim", "former", "prime", "foreign", "defense", "defence",
    "interior", "finance", "economy", "state", "executive",
}
# every word that can qualify a title (Deputy Defense Minister, Minister of Foreign Affairs)
TITLE_MODIFIERS = OFFICE_QUALIFIERS | {
    "press", "general", "chief", "senior", "justice", "emergency", "emergencies", "health", "education",
    "energy", "trade", "economic", "culture", "affairs", "security", "national", "federal", "special",
    "presidential", "permanent", "assistant", "top", "military", "armed", "forces", "staff", "general's",
    "lieutenant", "major", "supreme", "high", "commissioner", "parliamentary", "parliament", "intelligence",
    "border", "navy", "naval", "air", "army", "development", "industry", "transport", "agriculture",
    "labour", "labor", "territorial", "administration", "policy", "relations", "international", "public",
    "digital",
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
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "madam", "lord", "lady", "prof", "sayyid", "sayed", "seyed", "sayyed",
              "mallam", "alhaji", "hajiya", "highness", "excellency", "majesty", "h.e", "h.h", "h.m", "h.r.h", "hon",
              "datuk", "dato", "tun", "shri", "smt", "mme", "mlle", "herr", "frau", "señor", "senor", "sra"}
# positions and relations beyond the formal titles above that describe a person, never name one
PERSON_NOUNS = {
    "counterpart", "colleague", "leader", "official", "member", "partner", "host", "guest", "princess",
    "emperor", "pope", "sheikh", "cardinal", "bishop", "sergeant", "judge", "justice", "attorney", "crown",
    "manager", "coordinator", "commissioner", "rapporteur", "mediator", "delegate", "deputies", "founder",
}
# words inside organisation names ("Federal Security Service", "National Assembly")
ORG_WORDS = ORG_HEADS | {
    "corp", "forces", "troops", "republic", "kingdom", "cooperation", "press", "news", "television", "tv",
    "board", "industries", "industry", "academy", "coalition", "front", "movement", "technical", "military",
    "national", "federal", "international", "security", "affairs",
}


# last words that make a capitalised phrase a thing, not a person ("AA Photo", "Technical Agreement", "Joint Task Force")
NON_PERSON_HEADS = {
    "photo", "photos", "dialogue", "agreement", "readout", "format", "process", "forum", "treaty", "accord",
    "initiative", "declaration", "force", "task", "conference", "summit", "platform", "mechanism", "programme",
    "program", "plan", "strategy", "act", "law", "convention", "charter", "communique", "communiqué",
}


# stems of titles written in another language ("Bundesminister", "Ministre", "Presidente", "Başbakan")
FOREIGN_TITLE_STEMS = ("minist", "präsident", "presiden", "président", "prezyden", "prezident", "sekretär",
                       "secretari", "kanzler", "canciller", "embajador", "ambassadeur", "botschafter", "bakan",
                       "başkan", "gouverneur", "gobernador", "député", "diputad", "senador", "sénateur", "général")


def is_foreign_title(word: str) -> bool:
    """Whether a word is a title or office in another language ("Bundesminister", "Ministro", "Cumhurbaşkanı")."""
    w = word.lower()
    return len(w) >= 5 and any(stem in w for stem in FOREIGN_TITLE_STEMS)


def is_title_word(word: str) -> bool:
    """Whether `word` is a title noun, title modifier or honorific (case-insensitive; "Sen" needs its full stop)."""
    w = word.lower().strip(".")
    if w in DOTTED_ONLY and not word.endswith("."):
        return False
    return w in TITLE_NOUNS or w in TITLE_MODIFIERS or w in HONORIFICS


def is_title_noun(word: str) -> bool:
    """Whether `word` names a position ("minister", "ambassador"), case-insensitive."""
    return word.lower() in TITLE_NOUNS


def never_in_name(word: str) -> bool:
    """Whether `word` (lower case) belongs to a title or an organisation name, never to a person's name."""
    w = word.strip(".")
    return w in TITLE_NOUNS or w in OFFICE_QUALIFIERS or w in HONORIFICS or w in PERSON_NOUNS or w in ORG_WORDS
