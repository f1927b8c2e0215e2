"""Mention candidates in one Doc: cleaned named entities plus title-only references.

Fixes the small model's usual span errors: possessives ("Aliyev’s"), leading
non-name words ("Congratulating Karapetyan"), title words inside a person span
("Minister Lavrov"), a person name swallowed by an organisation span ("director
of the Rosoboronexport Company Alexander Mikheyev"), spans across line breaks,
and non-Latin noise. Labels are kept as the model gave them: corpus-level
resolution (resolve.py) decides the final type.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.attrs import LOWER, ORTH, TAG
from spacy.tokens import Doc, Span

from data_pipeline.lexicon import titles
from data_pipeline.nlp import docview, roles
from data_pipeline.nlp.screen import where
from data_pipeline.lexicon.gazetteer import country_of, place_type
from data_pipeline.lexicon.names import GENERATIONAL, NAME_PARTICLES, is_initial, latin_share

KEEP_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
UNTAGGED = "PROPN"  # label of a proper-noun run the model left untagged; resolution only links it to known people
# words before a name that mark a credit line, not a person in the story
_CREDIT = ("reporting by", "editing by", "writing by", "compiled by", "photo by", "photos by", "photo :",
           "photograph by", "credit :", "additional reporting by", "produced by", "©")
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def sentence_index(doc: Doc) -> list[int]:
    """Sentence number of every token (the Doc's view: not to be changed)."""
    return docview.of(doc).sent_of


def trim(span: Span) -> Span:
    """Drop trailing possessive/punctuation and leading punctuation tokens ("Aliyev ’s" → "Aliyev")."""
    start, end = span.start, span.end
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    return span.doc[start:end]


def split_at(span: Span, is_separator) -> list[Span]:
    """The non-empty pieces of `span` between tokens for which `is_separator(token)` holds."""
    pieces, start = [], span.start
    for tok in span:
        if is_separator(tok):
            if tok.i > start:
                pieces.append(span.doc[start:tok.i])
            start = tok.i + 1
    if span.end > start:
        pieces.append(span.doc[start:span.end])
    return pieces


def split_lines(span: Span) -> list[Span]:
    """Pieces of a span between whitespace tokens ("Armenia\\n\\nLavrov" → "Armenia", "Lavrov")."""
    return split_at(span, lambda tok: tok.is_space or "\n" in tok.text)


def _name_token(tok) -> bool:
    """A token that can be part of a person's name: capitalised, alphabetic, not a title or place word."""
    return _name_word(tok.text, tok.is_alpha)


@lru_cache(maxsize=1 << 16)
def _name_word(word: str, is_alpha: bool) -> bool:
    """`_name_token` of a token's text (and its lexical `is_alpha`), memoised: the rules ask it of the same words
    many times per article."""
    text = word.rstrip(".")
    return (text[:1].isupper() and (is_alpha or "-" in text or len(text) == 1)
            and not titles.is_title_word(word) and not titles.is_foreign_title(text) and not country_of(text)
            and text.lower() not in titles.ORG_HEADS)


def _capitalised_title(word: str) -> bool:
    """A token text `titled_names` starts from."""
    return word[:1].isupper() and titles.is_title_word(word)


def _title_noun(low: str) -> bool:
    """A lower-case form `title_spans` starts from."""
    return low in titles.TITLE_NOUNS


def _particle_or_hyphen(text: str) -> bool:
    """A lower-case form (or hyphen) `name_runs` joins at: every other token fails `particle_at` and `hyphen_at`."""
    return text in NAME_PARTICLES or text in _HYPHENS


def _nnp(tag: str) -> bool:
    """The tag of the tokens `untagged_spans` may take."""
    return tag == "NNP"


def strip_person(span: Span) -> Span:
    """A PERSON span without leading words that are not names (titles, verbs, nationalities, a dateline city).

    "ANKARA Mehmet Yilmaz" and "Ayse Kaya ISTANBUL": a city in capitals against a name in title case.
    """
    doc, start, end = span.doc, span.start, span.end
    while start < end and not (_name_token(doc[start]) and (
            doc[start].tag_ in ("NNP", "NNPS") or _foreign_word(doc[start]))) or start + 1 < end and _capital_city(
            doc[start], doc[start + 1]):
        start += 1
    while end - start > 1 and _capital_city(doc[end - 1], doc[end - 2]):
        end -= 1
    return doc[start:end]


def _capital_city(tok, beside) -> bool:
    """A place written in capitals next to a title-case word: a dateline or byline city, not a name part."""
    return tok.is_alpha and len(tok) > 1 and tok.text.isupper() and not beside.text.isupper() and bool(
        place_type(tok.text))


def _foreign_word(tok) -> bool:
    """A word the tagger mistook for an adjective or noun that is no English word ("Anjali"): a name."""
    return not tok.tag_.startswith("VB") and tok.lower_ not in english_lexicon()[0] and not verb_like(tok.text)


def _particle(tok) -> bool:
    """A particle inside a personal name ("van", "der", "bin", "de la", "Al")."""
    return tok.lower_ in NAME_PARTICLES


def _glued(doc: Doc, i: int) -> bool:
    """Whether token `i` is written against the one before it ("Gi-bum", "Al-Sabah")."""
    return i > 0 and doc[i - 1].whitespace_ == "" and "\n" not in doc[i - 1].text


def name_runs(doc: Doc) -> list[Span]:
    """Names held together by particles or hyphens, which the tagger splits or mislabels.

    "Dirk van der Linden", "Faisal bin Farhan Al Saud", "Reem bint Ebrahim Al Hashimy", "Nam Gi-bum":
    capitalised name words joined by lower-case particles or glued hyphens, not a known place. Only
    the neighbours of a particle or hyphen are looked at, so a text without them costs one pass.
    """
    toks = doc  # Token objects made only around a particle or hyphen
    n = len(toks)
    named: dict[int, bool] = {}

    def name_at(i: int) -> bool:
        if i not in named:
            t = toks[i]
            named[i] = t.is_alpha and t.text[:1].isupper() and _name_token(t)
        return named[i]

    def hyphen_at(j: int) -> bool:  # Korean given names: "Gi-bum", "Jae-in"
        return (toks[j].text in ("-", "‑") and 0 < j < n - 1 and not toks[j - 1].whitespace_ and not toks[j].whitespace_
                and _name_piece(toks[j + 1]) and len(toks[j - 1]) <= 5)

    def particle_at(j: int) -> bool:
        return toks[j].lower_ in NAME_PARTICLES and not toks[j].text[:1].isupper()

    out, done = [], 0
    joints = where(doc, LOWER, _particle_or_hyphen)  # a hyphen's lower-case form is itself
    for p in joints:  # every other token fails both particle_at and hyphen_at
        if p < 1 or p < done or not (particle_at(p) or hyphen_at(p)) or not name_at(p - 1):
            continue
        i = p - 1
        while i > done and not toks[i].is_sent_start and name_at(i - 1):
            i -= 1
        j, joined = p, False
        while j < n:
            if hyphen_at(j):
                j, joined = j + 2, True
            elif particle_at(j):
                k = j
                while k < n and particle_at(k):
                    k += 1
                if k < n and name_at(k):
                    j, joined = k + 1, True
                else:
                    break
            elif name_at(j) and not toks[j].is_sent_start:
                j += 1
            else:
                break
        done = max(j, p + 1)
        span = doc[i:j]
        if joined and len(span) <= 8 and not place_type(span.text) and not (i > 0 and toks[i - 1].lower_ in ("the", "a")) \
                and not any(t.lower_ in titles.ORG_WORDS or place_type(t.text) == "NORP" for t in span) \
                and not _one_other_entity(span) and not _place_before_particle(span):
            out.append(span)
    return out


_HYPHENS = ("-", "‑")


def _place_before_particle(span: Span) -> bool:
    """Whether the two or more words before the first particle are a known place ("Rio Grande" of "Rio Grande do Sul")."""
    first = next((t.i for t in span if _particle(t) and not t.text[:1].isupper()), span.end)
    return first > span.start + 1 and bool(place_type(span.doc[span.start:first].text))  # one word: Sebastián, Victoria


def _one_other_entity(span: Span) -> bool:
    """Whether the tagger read the run as one place or organisation across a particle ("Rio Grande do Sul")."""
    return any(t.ent_type_ not in ("", "PERSON") and t.ent_iob_ == "I" for t in span if _particle(t))


def _name_piece(tok) -> bool:
    """The second half of a hyphenated given name ("bum" of "Gi-bum"): short letters."""
    return tok.is_alpha and len(tok) <= 5 and not place_type(tok.text)


def titled_names(doc: Doc) -> list[Span]:
    """Two to four name words right after a title or honorific ("Major General Özkan Ulutaş", "Seyed Abbas Araghchi").

    The tagger often labels only one of them, or calls the first a nationality; after a title the
    whole run is the name, unless it is a place or an organisation.
    """
    out, n = [], len(doc)
    for i in where(doc, ORTH, _capitalised_title):  # the titles only
        t = doc[i]
        if t.i + 1 >= n:
            continue
        j = t.i + 1
        while j < n and j - t.i <= 4 and _name_token(doc[j]) and doc[j].tag_ in ("NNP", "NNPS") \
                and (doc[j].is_alpha or len(doc[j].text.rstrip(".")) == 1) and not place_type(doc[j].text) \
                and "\n" not in doc[j - 1].whitespace_:
            j += 1
        span = doc[t.i + 1:j]
        if 2 <= len(span) <= 4 and all(x.head.i in range(span.start, span.end) or x.i == span.root.i for x in span) \
                and not span[-1].text.rstrip(".").__len__() == 1 and not any(x.lower_ in titles.ORG_WORDS for x in span):
            out.append(span)
    return out


def widen_person(span: Span) -> Span:
    """A PERSON span widened over the given names and suffix the tagger left out ("[Ana] Brnabić", "[Lloyd] J. Austin III")."""
    doc, start, end = span.doc, span.start, span.end
    sent_start = docview.of(doc).sent_start(span.start)
    while start > sent_start:
        t = doc[start - 1]
        if not (_name_token(t) and not titles.never_in_name(t.lower_) and not verb_like(t.text)
                and not _capital_city(t, doc[start])
                and t.dep_ in ("compound", "flat") and start <= t.head.i < end
                and t.ent_type_ in ("", "PERSON") and "\n" not in t.whitespace_):
            break
        start -= 1
    if end < len(doc) and doc[end].lower_.rstrip(".") in GENERATIONAL and doc[end - 1].whitespace_:
        end += 1
    return doc[start:end]


@lru_cache(maxsize=1)
def english_lexicon() -> tuple[frozenset, frozenset]:
    """(English words, English verbs) from the model's lemmatizer tables; empty when unavailable."""
    try:
        from data_pipeline.nlp.spacy_model import load_model

        table = load_model().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        words = frozenset(w for pos in ("adj", "adv", "noun", "verb") for w in table[pos])
        return words, frozenset(table["verb"])
    except Exception:  # noqa: BLE001 - a missing table only switches this filter off
        return frozenset(), frozenset()


def boilerplate_name(span: Span) -> bool:
    """A "name" made of ordinary English words with a verb or function word in it ("Accept All", "Read More")."""
    words, verbs = english_lexicon()
    if not words or len(span) < 2:
        return False
    low = [t.lower_ for t in span]
    return all(w in words or t.is_stop for w, t in zip(low, span)) and any(
        w in verbs or t.is_stop for w, t in zip(low, span))


def _titled_context(span: Span) -> bool:
    """A title word inside the span or in the few tokens before it ("director of the … Company")."""
    doc = span.doc
    before = doc[max(docview.of(doc).sent_start(span.start), span.start - 12):span.start]
    return any(titles.is_title_word(t.text) or t.lower_ in titles.ORG_HEADS for t in [*before, *span])


def person_tail(span: Span) -> tuple[Span, Span] | None:
    """(rest, name) when a non-person span ends in a two-word personal name after a title or organisation.

    The name may have a middle initial and a generational suffix ("... Defense Ramon D. Castillo Jr.").
    """
    end = len(span) - 1 if len(span) and span[-1].lower_.rstrip(".") in GENERATIONAL else len(span)
    start = end - 3 if end >= 3 and is_initial(span[end - 2].text) else end - 2
    if start < 1:
        return None
    words = [t for t in span[start:end] if not is_initial(t.text)]
    if len(words) != 2 or not all(_name_token(t) and t.tag_ == "NNP" and t.is_alpha for t in words):
        return None
    tail = span[start:]
    if place_type(tail.text) or any(place_type(t.text) for t in words):
        return None
    rest = span[:start]
    last = rest[-1]
    if not (titles.is_title_word(last.text) or last.lower_ in titles.ORG_HEADS or country_of(last.text)
            or last.text[:1].isupper()):
        return None
    if not _titled_context(rest):
        return None
    return rest, tail


def _strip_det(span: Span) -> Span:
    start = span.start
    while start < span.end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return span.doc[start:span.end]


def headline(sent: Span) -> bool:
    """A title-case line ("Zelensky Meets Biden At White House"): most words capitalised."""
    words = [t for t in sent if t.is_alpha and not t.is_space]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)


def verb_like(word: str) -> bool:
    """Whether a word is an inflected English verb (meets, says, arrested, agreeing) by the model's verb list."""
    _, verbs = english_lexicon()
    w = word.lower()
    forms = set()  # inflected forms only: base forms (Will, Mark, White) are names too often
    if w.endswith("s"):
        forms |= {w[:-1], w[:-2] if w.endswith("es") else w, w[:-3] + "y" if w.endswith("ies") else w}
    if w.endswith("ed"):
        forms |= {w[:-2], w[:-1], w[:-3] if len(w) > 4 and w[-3] == w[-4] else w}
    if w.endswith("ing"):
        forms |= {w[:-3], w[:-3] + "e"}
    return bool(forms & verbs)


def split_headline_verbs(span: Span) -> list[Span]:
    """Parts of a span between verb-like words, in a headline ("Zelensky Meets Biden" → Zelensky, Biden)."""
    if len(span) < 2 or not headline(docview.of(span.doc).sent(span.start)):
        return [span]
    return split_at(span, lambda tok: tok.is_alpha and verb_like(tok.text))


def clean_spans(ent: Span) -> list[tuple[Span, str]]:
    """The (span, label) mentions one model entity stands for after the fixes above."""
    out = []
    lines = split_lines(ent)
    if ent.label_ == "PERSON":
        lines = [p for line in lines for p in split_headline_verbs(line)]
    for piece in lines:
        span = trim(piece)
        if not len(span) or latin_share(span.text) < 0.9:
            continue
        label = ent.label_
        if label == "PERSON":
            span = strip_person(span)
            if len(span) and span[-1].lower_ in titles.NON_PERSON_HEADS:
                out.append((span, "ORG"))  # "AA Photo", "Technical Agreement", "Readout"
            elif len(span) and not boilerplate_name(span):
                out.append((widen_person(span), label))
            continue
        titled = honorific_name(span)
        if titled is not None:
            out.append((titled, "PERSON"))  # "Mr Tanaka" as FAC, "PM Keo" as ORG: a person, without the title
            continue
        split = person_tail(span)
        if split:
            rest, name = split
            rest = _strip_det(rest)
            if len(rest):
                out.append((rest, label))
            out.append((name, "PERSON"))
            continue
        span = _strip_det(span)
        if len(span):
            out.append((span, label))
    return out


# short title forms that only ever stand before a person's name ("PM Keo", "Gen. Osei"); not "General Motors"
_TITLE_ABBREVIATIONS = {w for w in titles.TITLE_NOUNS if len(w) <= 4 and w not in ("head", "king", "emir", "chair")}


def honorific_name(span: Span) -> Span | None:
    """The name after an honorific or title abbreviation that opens a non-person span ("Mr Tanaka", "PM Keo").

    The model often labels such a span a facility or organisation; the honorific makes it a person,
    and the name without it is the one the person's other mentions share.
    """
    first = span[0].text.lower().rstrip(".")
    if len(span) < 2 or not (first in titles.HONORIFICS or first in _TITLE_ABBREVIATIONS):
        return None
    if not titles.is_title_word(span[0].text):
        return None  # "Sen" without its full stop
    rest = span[1:]
    if len(rest) > 3 or not all(_name_token(t) and t.tag_ in ("NNP", "NNPS") for t in rest) or place_type(rest.text):
        return None
    return rest


def credit_line(span: Span) -> bool:
    """Whether the span follows "Reporting by", "Editing by", "Photo:" and the like (a byline or credit)."""
    doc = span.doc
    start = max(docview.of(doc).sent_start(span.start), span.start - 4)
    before = " ".join(t.lower_ for t in doc[start:span.start] if not t.is_space)
    if "by" not in before and ":" not in before and "©" not in before:
        return False  # every credit phrase holds one of them, and a match needs the whole phrase in `before`
    return any(before.endswith(c) or f"{c} " in before + " " and ";" not in before.split(c)[-1] for c in _CREDIT)


def untagged_spans(doc: Doc, taken: set[int]) -> list[Span]:
    """Runs of one to three capitalised proper nouns the model did not tag ("Minister of Defense Shoigu")."""
    out, run = [], []

    def close() -> None:
        if 1 <= len(run) <= 3:
            out.append(doc[run[0]:run[-1] + 1])
        run.clear()

    for i in where(doc, TAG, _nnp):  # a token of another tag fails `ok`: it only closed the run
        tok = doc[i]
        ok = (tok.i not in taken and tok.tag_ == "NNP" and tok.is_alpha and tok.text[:1].isupper()
              and not tok.text.isupper()
              and not tok.is_stop and _name_token(tok) and not place_type(tok.text) and len(tok.text) > 1)
        if ok and (not run or run[-1] == tok.i - 1):
            run.append(tok.i)
        else:
            close()
            if ok:
                run.append(tok.i)
    close()
    return out


def truncated_end(doc: Doc) -> int:
    """Token index from which a name may be cut off: the last word of a text that stops mid-sentence, else past the end.

    "… and later met Prime Minister Erik" at the end of a truncated page: "Erik" is half a name.
    """
    last = len(doc)
    while last > 0 and (doc[last - 1].is_space or not doc[last - 1].text.strip()):
        last -= 1
    if last == 0 or doc[last - 1].text[-1:] in ".!?\"”’)»…:;" or doc[last - 1].is_punct:
        return len(doc) + 1
    return last - 1


def _mention(span: Span, label: str, kind: str, sent_of: list[int], role: dict | None) -> dict:
    root = span.root
    return {
        "text": span.text,
        "start": span.start_char,
        "end": span.end_char,
        "sentence": sent_of[span.start],
        "label": label,
        "kind": kind,
        "tokens": [span.start, span.end],
        "role": role,
        "subject": root.dep_ in _SUBJECT_DEPS and root.head.pos_ in ("VERB", "AUX"),
    }


def _maybe_person(span: Span, label: str) -> bool:
    """Whether a role should be looked for around the span (it could name a person)."""
    if label == "PERSON":
        return True
    words = [t for t in span if t.tag_ != "HYPH"]
    return len(words) <= 4 and not place_type(span.text) and all(_name_token(t) for t in words)


def title_spans(doc: Doc, taken: set[int], persons: set[int]) -> list[Span]:
    """Definite title-only references ("the Armenian defense minister", "his Russian counterpart").

    `taken` holds the tokens of every named mention, `persons` those of possible person names.
    """
    out = []
    for i in where(doc, LOWER, _title_noun):  # the title nouns only
        tok = doc[i]
        if tok.tag_ not in ("NN", "NNP") or tok.lower_ not in titles.TITLE_NOUNS or tok.i in taken:
            continue
        if tok.dep_ in ("compound", "amod") or any(
                c.dep_ in ("appos", "compound") and c.i in persons for c in tok.children):
            continue
        if tok.i + 1 in persons:
            continue  # a name follows directly: the title is part of a named mention's role
        dets = [c for c in tok.children if c.dep_ in ("det", "poss") and c.i < tok.i]
        if not any(c.lower_ in ("the", "his", "her", "their", "its") or c.ent_type_ == "GPE" for c in dets):
            continue
        start, end = tok.left_edge.i, tok.i + 1
        if any(t.i in persons for c in tok.rights for t in c.subtree):
            continue  # "the Minister of Defense X": the title belongs to the name
        if tok.head.lower_ == "of" and tok.head.head.lower_ in titles.TITLE_NOUNS:
            continue  # nested in another title ("the press secretary of the President")
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ == "of":
                end = c.right_edge.i + 1
        if end - start > 10 or any(i in persons for i in range(start, end)):
            continue
        out.append(trim(doc[start:end]))
    return out


def extract(doc: Doc) -> list[dict]:
    """Mentions worth resolving, as plain dicts (names first, then title-only references)."""
    sent_of = sentence_index(doc)
    found: list[tuple[Span, str]] = []
    for ent in docview.of(doc).ents:
        if ent.label_ in KEEP_LABELS:
            found += clean_spans(ent)
    for run in name_runs(doc) + titled_names(doc):  # a whole name replaces the pieces the tagger made of it
        inside = [(s, lab) for s, lab in found if s.start < run.end and s.end > run.start]
        if any(lab == "PERSON" and s.start <= run.start and s.end >= run.end for s, lab in inside):
            continue  # already one person mention covering it
        found = [(s, lab) for s, lab in found if s.end <= run.start or s.start >= run.end]
        found.append((run, "PERSON"))
    kept, taken, persons = [], set(), set()
    for span, label in sorted(found, key=lambda sl: (sl[0].start, sl[0].end)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        maybe = _maybe_person(span, label)
        if maybe:
            persons.update(range(span.start, span.end))
        kept.append((span, label, maybe))
    for span in untagged_spans(doc, taken):
        persons.update(range(span.start, span.end))
        kept.append((span, UNTAGGED, True))
    kept.sort(key=lambda k: (k[0].start, k[0].end))
    cut = truncated_end(doc)
    kept = [k for k in kept if k[0].end < cut]
    out = [_mention(span, label, "name", sent_of,
                    roles.role_of_name(doc, span.start, span.end, persons) if maybe else None)
           for span, label, maybe in kept if not (maybe and credit_line(span))]
    for span in title_spans(doc, taken, persons):
        role = roles.parse_role(list(span))
        if role and len(span):
            out.append(_mention(span, "PERSON", "title", sent_of, role))
    return out
