"""Russian titles, in the English words the rest of the pipeline compares roles in.

"Министр иностранных дел России" → {role: Foreign Minister, country: Russia}; "секретарь Совета
безопасности" → {role: Secretary, org: Security Council}; "российский коллега" → counterpart.
Read on lemmas; the country comes from the caller (a place or country adjective in the phrase).
"""
from __future__ import annotations

# title noun lemma → English title
TITLE_NOUNS = {
    "министр": "Minister", "президент": "President", "премьер-министр": "Prime Minister",
    "премьер": "Prime Minister", "посол": "Ambassador", "пресс-секретарь": "Press Secretary",
    "представитель": "representative", "секретарь": "Secretary", "начальник": "Chief", "глава": "head",
    "руководитель": "head", "председатель": "Chairman", "канцлер": "Chancellor", "помощник": "aide",
    "советник": "adviser", "спикер": "Speaker", "генсек": "Secretary General", "командующий": "Commander",
    "лидер": "leader", "коллега": "counterpart", "король": "King", "королева": "Queen", "посланник": "envoy",
    "спецпредставитель": "Special Representative", "омбудсмен": "ombudsman", "губернатор": "Governor",
    "мэр": "Mayor", "вице-премьер": "Deputy Prime Minister", "вице-президент": "Vice President",
    "замминистра": "Deputy Minister", "министр-председатель": "Prime Minister", "генерал": "General",
    "генерал-полковник": "General", "маршал": "Marshal", "адмирал": "Admiral", "патриарх": "Patriarch",
    "эмир": "Emir", "шейх": "Sheikh", "депутат": "lawmaker", "сенатор": "Senator", "дипломат": "diplomat",
    "военачальник": "Commander", "замглавы": "deputy head", "генпрокурор": "Prosecutor General",
}
RANKS = {"генерал", "генерал-полковник", "маршал", "адмирал"}  # military ranks: only when no position is named
# lemmas before a title that add rank
QUALIFIERS = {"заместитель": "Deputy", "первый": "First", "вице": "Vice", "временно": "Acting",
              "исполняющий": "Acting", "бывший": "former", "экс": "former", "специальный": "Special",
              "официальный": "official", "постоянный": "Permanent", "генеральный": "General"}
# a ministry or agency named after a title (genitive lemmas) → the English role word and organisation
MINISTRIES = [
    (("иностранный", "дело"), "Foreign", "Ministry of Foreign Affairs"),
    (("мид",), "Foreign", "Ministry of Foreign Affairs"),
    (("внешнеполитический", "ведомство"), "Foreign", "Ministry of Foreign Affairs"),
    (("оборона",), "Defense", "Ministry of Defense"),
    (("минобороны",), "Defense", "Ministry of Defense"),
    (("военный", "ведомство"), "Defense", "Ministry of Defense"),
    (("внутренний", "дело"), "Interior", "Ministry of Internal Affairs"),
    (("мвд",), "Interior", "Ministry of Internal Affairs"),
    (("финансы",), "Finance", "Ministry of Finance"),
    (("экономика",), "Economy", "Ministry of Economy"),
    (("юстиция",), "Justice", "Ministry of Justice"),
    (("энергетика",), "Energy", "Ministry of Energy"),
    (("чрезвычайный", "ситуация"), "Emergency Situations", "Ministry of Emergency Situations"),
    (("мчс",), "Emergency Situations", "Ministry of Emergency Situations"),
]
# organisations a title belongs to (genitive lemmas) → English name
ORGS = [
    (("совет", "безопасность"), "Security Council"),
    (("совбез",), "Security Council"),
    (("генеральный", "штаб"), "General Staff"),
    (("генштаб",), "General Staff"),
    (("правительство",), "Government"),
    (("администрация", "президент"), "Presidential Administration"),
    (("государственный", "дума"), "State Duma"),
    (("госдума",), "State Duma"),
    (("совет", "федерация"), "Federation Council"),
    (("национальный", "собрание"), "National Assembly"),
    (("милли", "меджлис"), "Milli Majlis"),
    (("евросовет",), "European Council"),
    (("европейский", "совет"), "European Council"),
    (("европейский", "комиссия"), "European Commission"),
    (("еврокомиссия",), "European Commission"),
    (("оон",), "United Nations"),
    (("нато",), "NATO"),
    (("одкб",), "CSTO"),
    (("снг",), "CIS"),
    (("президент",), "President"),
]
SPOKESPERSON = {("официальный", "представитель"), ("пресс-секретарь",)}


def _has(seq: tuple[str, ...], lemmas: list[str]) -> bool:
    n = len(seq)
    return any(tuple(lemmas[i:i + n]) == seq for i in range(len(lemmas) - n + 1))


def title_index(lemmas: list[str]) -> int | None:
    """Position of the title noun a phrase is about: the first position, else a rank; None without one."""
    found = [i for i, w in enumerate(lemmas) if w in TITLE_NOUNS]
    positions = [i for i in found if lemmas[i] not in RANKS]
    return (positions or found or [None])[0]


def role(lemmas: list[str], country: str | None = None) -> dict | None:
    """{role, org, country} of a Russian title phrase given by its lemmas, or None when it names no position."""
    i = title_index(lemmas)
    if i is None:
        return None
    head, before, after = lemmas[i], lemmas[:i], lemmas[i + 1:]
    if any(_has(s, lemmas[max(0, i - 1):i + 2]) for s in SPOKESPERSON):
        title = "spokesperson" if head == "представитель" else TITLE_NOUNS[head]
        return {"role": title, "org": _org(after), "country": country}
    words, org = [], None
    ministry = next(((word, name) for seq, word, name in MINISTRIES if _has(seq, after)), None)
    if head in ("министр", "замминистра", "глава", "руководитель") and ministry:
        words, org = [ministry[0], "Minister"], ministry[1]
        if head == "замминистра":
            words.insert(0, "Deputy")
    else:
        words, org = TITLE_NOUNS[head].split(), _org(after)
        if head == "председатель" and org == "Government":
            words, org = ["Prime", "Minister"], None
    quals = [QUALIFIERS[w] for w in before if w in QUALIFIERS and QUALIFIERS[w] not in ("official", "General")]
    if "заместитель" in before and words[0] != "Deputy":
        quals = [q for q in quals if q != "Deputy"] + ["Deputy"]
    return {"role": " ".join(dict.fromkeys(quals + words)), "org": org, "country": country}


def _org(lemmas: list[str]) -> str | None:
    return next((name for seq, name in ORGS if _has(seq, lemmas) and name != "President"), None)


def is_title(lemma: str) -> bool:
    """Whether a lemma is a Russian title noun ("министр", "посол", "коллега")."""
    return lemma in TITLE_NOUNS
