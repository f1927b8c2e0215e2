"""Map a participant token of the parse to a mention index ("his counterpart, X" → X).

The NER of the small model misses or mislabels names; when a participant is a proper
name that no mention covers (or only a wider non-person span covers), the hook
`Participants.name_mention` adds a mention dict with `"source": "meetings"`, in the
same format as `mentions.extract`, so corpus-level resolution decides its type.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from data_pipeline.lexicon.gazetteer import country_of, place_type
from data_pipeline.lexicon.names import GENERATIONAL
from data_pipeline.lexicon.titles import never_in_name
from data_pipeline.nlp import docview

PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
FIRST_PERSON = {"i", "me", "my"}
SAY_VERBS = {"say", "tell", "add", "write", "note", "recall", "tweet", "post", "declare", "stress", "state",
             "explain", "announce", "confirm", "report", "insist", "remark"}
GROUPS = {"delegation", "team", "mission"}
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
               "saturday", "sunday"}
NON_PERSON_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                     "QUANTITY", "EVENT", "LAW", "LANGUAGE", "WORK_OF_ART", "PRODUCT"}


def is_title_word(tok: Token) -> bool:
    """A title or organisation word ("Minister", "Ministry", "counterpart"), in any inflection."""
    return never_in_name(tok.lower_) or never_in_name(tok.lemma_.lower())


def _name_like(tok: Token) -> bool:
    text = tok.text
    return (tok.pos_ == "PROPN" and text[:1].isupper() and text.replace("-", "").replace("'", "").isalpha()
            and not is_title_word(tok) and tok.lower_ not in MONTHS_DAYS and not text.isupper() or
            tok.pos_ == "PROPN" and text.isupper() and len(text) > 3 and tok.ent_type_ == "PERSON")


def name_chain(tok: Token) -> tuple[int, int] | None:
    """Token range of the proper name ending at `tok` ("Sergey Shoigu"), without titles or a country before it."""
    if not _name_like(tok):
        return None
    start = tok.i
    sent_start = docview.of(tok.doc).sent_start(tok.i)
    while start > sent_start and tok.i - start < 3 and _name_like(tok.doc[start - 1]) \
            and not country_of(tok.doc[start - 1].text) \
            and tok.doc[start - 1].head.i in range(start - 1, tok.i + 1):
        start -= 1
    return start, tok.i + 1


def _name_words(text: str) -> bool:
    """Every word of a mention could be part of a personal name ("Laurent Dufresne", not "Foreign Ministry")."""
    return all(w[:1].isupper() and not never_in_name(w.lower()) and not country_of(w) for w in text.split())


class Participants:
    """Token → mention index lookups over one Doc, adding mentions for names NER missed."""

    def __init__(self, doc: Doc, mentions: list[dict]):
        self.doc = doc
        self.mentions = mentions
        self.extra: list[dict] = []
        self.by_token: dict[int, int] = {}
        self.sent_of = docview.of(doc).sent_of  # sentence number of every token
        # words of multi-word names (the model's PERSON, or a name it called an organisation), to recognise a
        # surname the tagger took for a common noun, and a short form that is also a place name ("Fu", "Pan")
        names = [m["text"].split() for m in mentions if m.get("kind", "name") == "name" and len(m["text"].split()) > 1
                 and (m["label"] == "PERSON" or m["label"] not in NON_PERSON_LABELS and _name_words(m["text"]))]
        self.surnames = {words[-1] for words in names}
        self.name_words = {w for words in names for w in words}
        # the narrowest mention wins a token
        order = sorted(range(len(mentions)), key=lambda k: -(mentions[k]["tokens"][1] - mentions[k]["tokens"][0]))
        for idx in order:
            for i in range(*mentions[idx]["tokens"]):
                self.by_token[i] = idx

    def mention(self, idx: int) -> dict:
        """The mention dict at `idx` (an original one or one this lookup added)."""
        n = len(self.mentions)
        return self.mentions[idx] if idx < n else self.extra[idx - n]

    def name_mention(self, start: int, end: int) -> int | None:
        """Mention index for the name at tokens [start, end), adding one when none fits."""
        covering = self.by_token.get(end - 1)
        if covering is not None:
            m = self.mention(covering)
            s, e = m["tokens"]
            wider = s < start or e > end
            if not wider or m["label"] == "PERSON" or end - start < 2:
                return covering
        elif end - start < 2 and self.doc[start].ent_type_ in NON_PERSON_LABELS:
            return None
        span = self.doc[start:end]
        if place_type(span.text) and not (end - start == 1 and span.text in self.name_words):
            return None  # "the South Caucasus": a place, never a participant; "Fu" after "Fu Guoqiang" is the name
        label = span.root.ent_type_ if span.root.ent_type_ and span.root.ent_type_ not in NON_PERSON_LABELS \
            and covering is None else "PERSON"
        self.extra.append({
            "text": span.text, "start": span.start_char, "end": span.end_char,
            "sentence": self.sent_of[start], "label": label, "kind": "name",
            "tokens": [start, end], "source": "meetings",
        })
        idx = len(self.mentions) + len(self.extra) - 1
        for i in range(start, end):
            self.by_token[i] = idx
        return idx

    def resolve(self, tok: Token) -> tuple[int | None, float]:
        """(mention index, confidence penalty) of the participant headed by `tok`."""
        if tok.pos_ != "PROPN" or is_title_word(tok):  # "his counterpart, X"; not "MOSCOW (Sputnik)"
            for child in tok.children:
                if child.dep_ == "appos":
                    got, pen = self.resolve(child)
                    if got is not None:
                        return got, pen
        if tok.lower_ in PRONOUNS:
            return self.antecedent(tok), 0.2
        if tok.lower_ in FIRST_PERSON:
            speaker = self.speaker(tok)
            return (self.resolve(speaker)[0], 0.2) if speaker is not None else (None, 0.0)
        if tok.lemma_.lower() in GROUPS:
            for acl in tok.children:
                if acl.dep_ == "acl" and acl.lemma_.lower() in ("lead", "head"):
                    for agent in acl.children:
                        for obj in agent.children if agent.dep_ == "agent" else []:
                            return self.resolve(obj)[0], 0.1
        nxt = self.doc[tok.i + 1] if tok.i + 1 < docview.of(self.doc).sent_end(tok.i) else None
        if nxt is not None and nxt.head.i == tok.i and nxt.dep_ in ("dobj", "npadvmod", "flat") and _name_like(tok) \
                and _name_like(nxt):
            return self.resolve(nxt)  # "Layla Mansour" parsed as "Layla" with the object "Mansour"
        chain = name_chain(tok)
        if chain is not None:
            return self.name_mention(*chain), 0.0
        if tok.text in self.surnames and tok.i not in self.by_token and not is_title_word(tok):
            # a surname mis-tagged as a common noun
            return self.name_mention(tok.i, tok.i + 1), 0.1
        if tok.pos_ in ("NOUN", "PROPN") and is_title_word(tok):
            inner = self._name_inside(tok)
            if inner is None:
                inner = self._name_after(tok)
            if inner is not None:
                return inner, 0.1
        if tok.i in self.by_token:
            return self.by_token[tok.i], 0.05
        return None, 0.0

    def _name_inside(self, title: Token) -> int | None:
        """The name closing a title phrase ("director of the X Company Alexander Mikheyev")."""
        # cut clauses and people coordinated with the title; a common noun joined to the title's words
        # ("Representative for X and the crisis in Y Z") is still the title's phrase
        cut = {t.i for c in title.children if c.dep_ in ("cc", "relcl", "acl", "punct") or c.dep_ == "conj" and (
            c.pos_ == "PROPN" and not is_title_word(c)) for t in c.subtree}
        # a title joined by "and" is another person's when this title has a name of its own ("director of X A
        # and director of Y B"); else both titles are one person's ("Deputy PM and Minister of Foreign Affairs Z")
        titles = [c for c in title.children if c.dep_ == "conj" and is_title_word(c)]
        inner = {t.i for c in titles for t in c.subtree}
        if any(_name_like(t) for t in title.subtree if t.i > title.i and t.i not in inner and t.i not in cut):
            cut |= inner
        cut |= {t.i for c in title.subtree if c.dep_ in ("relcl", "acl") for t in c.subtree}  # "X, who is in Y"
        # "Minister of X A and his counterpart B": B, coordinated with the name closing the title, is another person
        cut |= {t.i for c in title.subtree if c.dep_ == "conj" and c.i != title.i and c.head.i != title.i and _name_like(c.head)
                for t in c.subtree}
        cut |= {t.i for p in title.subtree if p.dep_ == "prep" and p.lower_ not in ("of", "for", "in", "to") for t in p.subtree}
        toks = [t for t in title.subtree if t.i > title.i and not t.is_punct and t.i not in cut]
        # the last name of the phrase, past a trailing date or place ("… in Georgia X Y on Wednesday")
        last = next((t for t in reversed(toks) if _name_like(t) and not (
            t.ent_type_ in ("GPE", "LOC", "FAC") and place_type(t.text))), None)
        if last is None or last.i - title.i > 30 or any(
                t.i > last.i and t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME", "GPE", "LOC")
                and t.lower_.rstrip(".") not in GENERATIONAL for t in toks):  # "… Charles Q. Brown Jr."
            return None
        path = last
        while path.i != title.i:
            if path.dep_ not in ("pobj", "prep", "compound", "appos", "flat", "conj"):
                return None
            path = path.head
        chain = name_chain(last)
        if chain is None:
            return None
        covering = self.by_token.get(last.i)
        if chain[1] - chain[0] < 2 and (covering is None or self.mention(covering)["label"] != "PERSON"):
            return None
        return self.name_mention(*chain)

    def _name_after(self, title: Token) -> int | None:
        """The name written right after a title that the model parsed apart ("his counterpart X Y" with
        X Y hung on the verb)."""
        end, sent_end = title.i + 1, docview.of(self.doc).sent_end(title.i)
        while end < sent_end and _name_like(self.doc[end]) and end - title.i <= 6:
            end += 1
        if end == title.i + 1:
            return None
        chain = name_chain(self.doc[end - 1])
        return self.name_mention(*chain) if chain is not None else None

    def speaker(self, tok: Token) -> Token | None:
        """Who says a quote holding `tok` ("“I met him,” X said" → X)."""
        root = docview.of(tok.doc).sent(tok.i).root
        path = [tok, *tok.ancestors]
        if root.lemma_.lower() not in SAY_VERBS or not any(t.dep_ in ("ccomp", "parataxis") for t in path):
            return None
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj in path or subj.lower_ in FIRST_PERSON:
            return None
        return subj

    def antecedent(self, pron: Token) -> int | None:
        """The most recent name subject before `pron`, in this or the two previous sentences."""
        here = self.sent_of[pron.i]
        best = None
        for i in range(pron.i - 1, -1, -1):
            if self.sent_of[i] < here - 2:
                break
            tok = self.doc[i]
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN":
                idx, _ = self.resolve(tok) if tok.lower_ not in PRONOUNS else (None, 0)
                if idx is not None and self.mention(idx)["label"] not in NON_PERSON_LABELS:
                    best = idx
                    break
        return best
