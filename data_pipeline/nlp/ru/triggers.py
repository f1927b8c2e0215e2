"""Russian trigger lexicons for who-met-whom statements, and the cues of their status, all on lemmas.

Generic Russian; none names a person, a place or a sentence of any corpus.
"""
from __future__ import annotations

from spacy.tokens import Token

# verb lemma → kind
VERB_KIND = {
    "встретиться": "meeting", "встречаться": "meeting", "увидеться": "meeting", "принять": "meeting",
    "принимать": "meeting", "посетить": "visit", "посещать": "visit", "обсудить": "talks",
    "обсуждать": "talks", "побеседовать": "talks", "беседовать": "talks", "переговорить": "talks",
    "поговорить": "talks", "разговаривать": "talks", "созвониться": "phone_call", "позвонить": "phone_call",
    "провести": None, "проводить": None,  # light verbs: only with a trigger noun (below)
}
# verbs that report a call only "по телефону": "поздравил по телефону X"
PHONE_ONLY_VERBS = {"поздравить", "поблагодарить", "проинформировать"}
# content verbs: an exchange about something, a statement only with a partner or two subjects
WEAK_VERBS = {"обсудить", "обсуждать", "переговорить", "поговорить", "разговаривать", "беседовать", "побеседовать"}
# verbs whose object must be a person ("принял посла"; not "принял участие", "посетил Москву")
OBJECT_VERBS = {"принять", "принимать", "позвонить"}
# noun lemma → kind
NOUN_KIND = {
    "встреча": "meeting", "саммит": "meeting", "аудиенция": "meeting", "переговоры": "talks",
    "беседа": "talks", "консультация": "talks", "разговор": "talks", "диалог": "talks",
    "звонок": "phone_call", "послание": "message", "телеграмма": "message", "письмо": "message",
    "поздравление": "message", "визит": "visit",
}
# nouns that only count with a partner attached ("саммит с X", "диалог с X")
PARTNER_ONLY = {"саммит", "диалог", "аудиенция", "письмо", "поздравление"}
PHONE_WORDS = {"телефонный", "телефон", "видеосвязь", "видеоконференция", "телефонно"}
# verbs whose object noun is the event: "провели переговоры", "имели беседу", "обменялись посланиями"
LIGHT_VERBS = {"провести", "проводить", "иметь", "начать", "продолжить", "завершить", "возобновить",
               "обменяться", "обмениваться", "состояться", "пройти", "проходить", "начаться", "продолжиться",
               "завершиться"}
# verbs whose subject is the event: "переговоры состоялись", "встреча прошла"
EVENT_VERBS = {"состояться", "пройти", "проходить", "начаться", "продолжиться", "завершиться", "предстоять"}
# verbs sending a message noun to a recipient in the dative
SEND_VERBS = {"направить", "направлять", "отправить", "передать", "вручить", "адресовать", "прислать"}
# nouns a trigger hangs from without changing the event: "раунд переговоров", "в ходе встречи"
TRANSPARENT = {"раунд", "тур", "серия", "ход", "рамка", "итог", "время", "поле"}
# "трехсторонняя встреча": every participant met every other one
MULTILATERAL = ("трехсторонний", "четырехсторонний", "пятисторонний", "многосторонний")
# prepositions framing a clause by the event: "в ходе встречи X и Y обсудили …", "на переговорах"
FRAME_CASES = {"в", "на", "во", "после", "по"}

# status cues (lemmas of governing words or modifiers)
PLAN_GOVERNORS = {"планировать", "запланировать", "намереваться", "собираться", "договориться",
                  "условиться", "ожидаться", "ожидать", "предусмотреть", "предусматривать", "назначить",
                  "готовиться", "предстоять", "намечать", "наметить", "решить", "согласиться", "анонсировать"}
HYPOTHETICAL_GOVERNORS = {"мочь", "хотеть", "желать", "готовый", "предложить", "предлагать", "призвать",
                          "призывать", "просить", "попросить", "пригласить", "приглашать", "надеяться",
                          "рассчитывать", "стремиться", "исключить", "исключать", "возможный", "организовать",
                          "добиваться", "требовать", "настаивать", "нужно", "необходимо", "должный",
                          "возможность", "вопрос", "предложение", "приглашение", "идея"}
CANCEL_GOVERNORS = {"отложить", "откладывать", "отменить", "отменять", "отказаться", "отказываться",
                    "сорвать", "сорваться", "перенести", "переносить", "прервать", "приостановить"}
PLANNED_MODS = {"ожидаться", "ожидать", "предстоящий", "запланировать", "планировать", "будущий",
                "следующий", "очередной", "грядущий", "намеченный", "наметить"}
HYPOTHETICAL_MODS = {"возможный", "потенциальный", "гипотетический"}
CANCELLED_MODS = {"отложить", "отменить", "сорвать", "несостояться"}
NEGATIONS = {"не", "ни", "нет"}


def lemma(tok: Token) -> str:
    """The token's lemma, lower case, "ё" as "е"."""
    return tok.lemma_.lower().replace("ё", "е")


def verb_kind(tok: Token) -> str | None:
    """Kind reported by a verb trigger ("встретился", "обсудили по телефону"), or None."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma(tok) in PHONE_ONLY_VERBS:
        return "phone_call" if by_phone(tok) else None
    if VERB_KIND.get(lemma(tok)) is None:
        return None
    kind = VERB_KIND[lemma(tok)]
    if kind == "talks" and by_phone(tok):
        return "phone_call"
    return kind


def by_phone(tok: Token) -> bool:
    """"обсудили по телефону", "в телефонном разговоре": the exchange was a call."""
    for c in tok.children:
        if lemma(c) in PHONE_WORDS:
            return True
        if c.dep_ in ("obl", "nmod") and lemma(c) in ("телефон", "разговор", "видеосвязь") and any(
                lemma(g) in PHONE_WORDS or lemma(g) == "по" for g in c.children):
            return lemma(c) != "разговор" or any(lemma(g) in PHONE_WORDS for g in c.children)
    return False


def noun_kind(tok: Token) -> str | None:
    """Kind reported by a noun trigger ("переговоры", "телефонный разговор", "послание"), or None."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    kind = NOUN_KIND.get(lemma(tok))
    if kind is None:
        return None
    if kind in ("talks", "meeting") and by_phone(tok):
        return "phone_call"
    if lemma(tok) == "звонок" and not by_phone(tok) and not any(lemma(c) == "с" for t in tok.children
                                                                for c in t.children):
        return None
    return kind
