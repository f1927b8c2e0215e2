"""Map a participant token of a Russian parse to the people it names.

A name token is its mention; a title is the name it introduces ("с министром обороны РФ генералом
армии Сергеем Шойгу": the title phrase runs straight into the name, so this is read off the token
order, which survives parse errors); a plural title before coordinated names is all of them
("министры … Сергей Шойгу и Сурен Папикян"); a delegation "во главе с X" is X; "он"/"она" is the
last person named as a subject; a title-only mention ("российский коллега") is itself.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from data_pipeline.nlp.ru.mentions import UNTAGGED, title_phrase
from data_pipeline.nlp.ru.triggers import lemma

PRONOUNS = {"он", "она"}
GROUPS = {"делегация", "группа", "команда", "миссия"}


class Participants:
    """Token → mention indices over one Doc."""

    def __init__(self, doc: Doc, mentions: list[dict]):
        self.doc = doc
        self.mentions = mentions
        self.by_token: dict[int, int] = {}
        self.title_of: dict[int, int] = {}
        order = sorted(range(len(mentions)), key=lambda k: -(mentions[k]["tokens"][1] - mentions[k]["tokens"][0]))
        for k in order:  # the narrowest mention wins a token
            for i in range(*mentions[k]["tokens"]):
                self.by_token[i] = k
        self.names = [k for k, m in enumerate(mentions) if m["label"] == "PERSON" and m["kind"] == "name"]
        for k in self.names:
            for tok in title_phrase(doc, mentions[k]["tokens"][0]):
                self.title_of.setdefault(tok.i, k)

    def coordinated(self, k: int) -> list[int]:
        """Names written after name `k` as "X и Y", "X, Y и Z" (the names only, nothing between)."""
        out, end = [], self.mentions[k]["tokens"][1]
        while True:
            i = end
            while i < len(self.doc) and self.doc[i].text in (",", "и"):
                i += 1
            j = self.by_token.get(i)
            if i == end or j is None or j not in self.names or self.mentions[j]["tokens"][0] != i:
                return out
            out.append(j)
            end = self.mentions[j]["tokens"][1]

    def resolve(self, tok: Token) -> list[tuple[int, float]]:
        """(mention index, confidence penalty) of each person `tok` stands for."""
        k = self.by_token.get(tok.i)
        if k is not None and self.mentions[k]["label"] in ("PERSON", UNTAGGED):
            return [(k, 0.0 if self.mentions[k]["label"] == "PERSON" else 0.1)]
        k = self.title_of.get(tok.i)
        if k is not None:  # a title before "X и Y" is the title of both ("главы МИД … Лавров и Мирзоян")
            return [(k, 0.0)] + [(j, 0.05) for j in self.coordinated(k)]
        low = lemma(tok)
        if low in PRONOUNS and tok.pos_ == "PRON":
            got = self.antecedent(tok)
            return [(got, 0.2)] if got is not None else []
        if low in GROUPS:  # "делегация во главе с X", read off the token order (the parse attaches it anywhere)
            after = [lemma(t) for t in self.doc[tok.i + 1:tok.i + 4]]
            if after[1:] == ["глава", "с"] and tok.i + 4 < len(self.doc):
                return [(i, p + 0.1) for i, p in self.resolve(self.doc[tok.i + 4])]
        for c in tok.children:  # a title with the name in apposition after other words
            if c.dep_ in ("appos", "flat:name", "flat") and c.i > tok.i:
                found = self.resolve(c)
                if found:
                    return [(i, p + 0.05) for i, p in found]
        return []

    def antecedent(self, pron: Token) -> int | None:
        """The last person named as a subject before `pron`, in its sentence or the two before."""
        sents = list(self.doc.sents)
        here = next(n for n, s in enumerate(sents) if s.start <= pron.i < s.end)
        low = sents[max(0, here - 2)].start
        best = None
        for k in self.names:
            m = self.mentions[k]
            if low <= m["tokens"][0] < pron.i and m.get("subject"):
                best = k
        return best
