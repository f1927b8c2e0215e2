"""What a topic may be read from: the article's own text, and words outside the names of things.

Two rules keep tags explainable. A sentence on a teaser, caption or share line of a saved
page ("• Minister: talks on the border will resume", "Photo: ...") is not the article's own
text, so it never tags the article. And a phrase inside a name counts only when it holds the
name's head, the word that says what the named thing is: "railway" in "Standard Gauge Railway"
is a railway, but "international security" in "International Security Assistance Force" is part
of a force's name, and "security" in "Munich Security Conference" part of a conference's.
Names and their heads come from the parse (`nlp/sentences.name_spans`).
"""
from __future__ import annotations

import re

# a line that opens with a list bullet or arrow is a link teaser (related articles, "more on this")
_BULLET = re.compile(r"^\s*[•◦▪▫►▶➤→·‣⁃●○■□◆◇]")
# caption, credit and share lines of saved pages
_LABEL = re.compile(r"^\s*(?:photo|photos|picture|image|video|caption|credit|source|share|follow us|read more|"
                    r"see also|related|фото|видео|источник|поделиться|читайте также)\b[^:\n]{0,40}:", re.IGNORECASE)
_PIPES = re.compile(r"(?:\S\s*\|\s*){2,}\S")  # "Facebook | X | Telegram": a share or menu row

Names = dict[int, list[tuple[int, int, int]]]  # sentence -> [(first, last, head)] token positions


def _line_at(text: str, start: int) -> str:
    """The whole line of `text` that holds char offset `start`."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", start)
    return text[first:last if last >= 0 else len(text)]


def foreign_line(line: str) -> bool:
    """True for a teaser, caption, credit or share line: page furniture, not the article's own text."""
    return bool(_BULLET.match(line) or _LABEL.match(line) or "|" in line and _PIPES.search(line))


def outside_sentences(text: str, sentences: list[list[int]]) -> set[int]:
    """Indices of sentences (char [start, end)) that lie on teaser, caption or share lines."""
    seen: dict[str, bool] = {}  # the sentences of one paragraph share its line: each line tested once
    out = set()
    for i, (start, _) in enumerate(sentences):
        line = _line_at(text, start)
        got = seen.get(line)
        if got is None:
            got = seen[line] = foreign_line(line)
        if got:
            out.add(i)
    return out


def names_by_sentence(name_spans: list[list]) -> Names:
    """sentence -> [(first, last, head)] of the analysis' `name_spans` ([sentence, first, last, head, label])."""
    out: Names = {}
    for s, first, last, head, _label in name_spans or ():
        out.setdefault(s, []).append((first, last, head))
    return out


def inside_name(first: int, last: int, names: list[tuple[int, int, int]]) -> bool:
    """True when tokens [first, last) lie inside one name without covering its head word."""
    return any(n0 <= first and last <= n1 and not first <= head < last for n0, n1, head in names)
