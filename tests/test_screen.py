"""nlp/screen.py: which tokens the per-token rules look at, and the rules that loop over those only (hand-built Docs)."""
from __future__ import annotations

from datetime import date

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

from data_pipeline.nlp import meetings, mentions, screen
from tests.handmade import VOCAB, parse, person_mentions


def _bird(word: str) -> bool:
    return word in ("wren", "finch")


def _short(word: str) -> bool:
    return len(word) <= 3


def test_screen_where_gives_the_matching_tokens_in_order():
    doc = Doc(VOCAB, words=["A", "Wren", "saw", "a", "finch", "and", "a", "WREN"])
    assert screen.where(doc, LOWER, _bird) == [1, 4, 7]


def test_screen_where_answers_each_predicate_on_its_own():
    doc = Doc(VOCAB, words=["wren", "owl", "finch"])
    assert screen.where(doc, LOWER, _bird) == [0, 2]
    assert screen.where(doc, LOWER, _short) == [1]  # the same words, another question: not the first one's memo


def test_screen_where_any_of_several_attributes():
    doc = Doc(VOCAB, words=["They", "met", "twice"], lemmas=["they", "meet", "twice"])
    assert screen.where(doc, [LEMMA, LOWER], "meet".__eq__) == [1]  # the lemma matches, the form does not
    assert screen.where(doc, [LEMMA, LOWER], "met".__eq__) == [1]  # the form matches, the lemma does not
    assert screen.where(doc, [LEMMA, LOWER], "owl".__eq__) == []


def test_screen_where_empty_doc():
    assert screen.where(Doc(VOCAB, words=[]), LOWER, _bird) == []


def test_screen_text_is_the_doc_text_joined_once():
    doc = Doc(VOCAB, words=["Hello", ",", "world"], spaces=[False, True, False])
    assert screen.text(doc) == doc.text == "Hello, world"
    doc.user_data[screen._TEXT] = "kept"
    assert screen.text(doc) == "kept"  # read from the Doc's memo, not joined again


MET_AND_PRAISED = """
Rosa     NNP  PROPN  compound  1   rosa     B-PERSON
Quenby   NNP  PROPN  nsubj     2   quenby   I-PERSON
met      VBD  VERB   ROOT      2   meet     O
Tobias   NNP  PROPN  compound  4   tobias   B-PERSON
Vellum   NNP  PROPN  dobj      2   vellum   I-PERSON
.        .    PUNCT  punct     2   .        O
Rosa     NNP  PROPN  compound  7   rosa     B-PERSON
Quenby   NNP  PROPN  nsubj     8   quenby   I-PERSON
praised  VBD  VERB   ROOT      8   praise   O
Tobias   NNP  PROPN  compound  10  tobias   B-PERSON
Vellum   NNP  PROPN  dobj      8   vellum   I-PERSON
.        .    PUNCT  punct     8   .        O
"""


def test_meetings_screen_keeps_the_trigger_and_skips_a_sentence_without_one():
    doc = parse(MET_AND_PRAISED)
    assert meetings.trigger_candidates(doc) == [2]  # "met"; nothing of the second sentence
    found = person_mentions(doc)
    rows, _ = meetings.extract(doc, found, date(2024, 2, 1))
    assert [(found[r["a"]]["text"], found[r["b"]]["text"], found[r["a"]]["sentence"]) for r in rows] == [
        ("Rosa Quenby", "Tobias Vellum", 0)]  # the skipped sentence really holds no meeting


def test_mentions_untagged_runs_are_cut_by_a_token_of_another_tag():
    doc = parse("""
    Quenby   NNP  PROPN  nsubj  2  quenby  O
    and      CC   CCONJ  cc     0  and     O
    Vellum   NNP  PROPN  conj   0  vellum  O
    Ostrander NNP PROPN  flat   2  ostrander O
    """)
    assert [s.text for s in mentions.untagged_spans(doc, set())] == ["Quenby", "Vellum Ostrander"]


def test_mentions_titled_names_start_only_at_a_capitalised_title():
    doc = parse("""
    Minister  NNP  PROPN  compound  3  minister  O
    Rosa      NNP  PROPN  compound  3  rosa      O
    Anneke    NNP  PROPN  compound  3  anneke    O
    Quenby    NNP  PROPN  nsubj     4  quenby    O
    spoke     VBD  VERB   ROOT      4  speak     O
    """)
    assert [s.text for s in mentions.titled_names(doc)] == ["Rosa Anneke Quenby"]
    lower = parse("""
    minister  NN   NOUN   compound  3  minister  O
    Rosa      NNP  PROPN  compound  3  rosa      O
    Anneke    NNP  PROPN  compound  3  anneke    O
    Quenby    NNP  PROPN  nsubj     4  quenby    O
    spoke     VBD  VERB   ROOT      4  speak     O
    """)
    assert mentions.titled_names(lower) == []


def test_mentions_name_runs_join_at_a_particle():
    doc = parse("""
    Anneke   NNP  PROPN  compound  3  anneke   O
    van      NNP  PROPN  compound  3  van      O
    der      NNP  PROPN  compound  3  der      O
    Quenby   NNP  PROPN  nsubj     4  quenby   O
    spoke    VBD  VERB   ROOT      4  speak    O
    """)
    assert [s.text for s in mentions.name_runs(doc)] == ["Anneke van der Quenby"]


def test_mentions_every_credit_phrase_holds_a_word_the_credit_line_check_needs():
    # credit_line returns False early when the words before a name hold none of "by", ":" or "©"
    assert all("by" in c or ":" in c or "©" in c for c in mentions._CREDIT)


def test_topics_outside_sentences_tests_each_line_once_with_the_same_answers():
    from data_pipeline.topics import context

    text = "Photo: a harbour at dawn. Boats wait.\nThe ministers met twice. They spoke | of | trade.\nFollow | X | Telegram"
    starts = [0, 26, 38, 63, 88]
    sentences = [[s, s + 1] for s in starts]
    assert context.outside_sentences(text, sentences) == {0, 1, 4}  # caption, share row; not prose pipes


def test_screen_where_memo_is_bounded_and_answers_stay_right_after_it_empties(monkeypatch):
    def is_x(s: str) -> bool:
        return s.startswith("x")

    monkeypatch.setattr(screen, "MEMO_LIMIT", 2)
    for words in (["xa", "b", "xc"], ["d", "xe", "f"], ["xa", "g", "h"]):
        doc = Doc(VOCAB, words=words)
        assert screen.where(doc, LOWER, is_x) == [i for i, w in enumerate(words) if w.startswith("x")]
        assert len(screen._MEMO[is_x]) <= 2 + len(set(words))  # emptied once over the limit, then refilled


def test_screen_text_is_doc_text():
    doc = Doc(VOCAB, words=["Hello", ",", "world", "\n\n", "Ärzte", "!"], spaces=[False, True, False, False, True, False])
    assert screen.text(doc) == doc.text == "Hello, world\n\nÄrzte !"
    assert screen.text(Doc(VOCAB, words=[])) == ""
    assert screen.text(Doc(VOCAB, words=["a", "b"], spaces=[True, True])) == "a b "


def test_screen_where_one_attribute_in_a_list_or_by_name():
    doc = Doc(VOCAB, words=["A", "Wren", "saw", "a", "finch", "and", "a", "WREN"])
    assert screen.where(doc, [LOWER], _bird) == screen.where(doc, "LOWER", _bird) == [1, 4, 7]


def test_meeting_evidence_is_the_sentence_text_stripped():
    doc = Doc(VOCAB, words=["  ", "Ann", "met", "Bob", ".", "\n", "Then", "rain", "."],
              spaces=[False, True, True, False, True, False, True, False, False],
              sent_starts=[True, False, False, False, False, False, True, False, False])
    for sent in doc.sents:
        body = sent.text.strip()
        lead = len(sent.text) - len(sent.text.lstrip())
        assert meetings._evidence(sent) == (body, sent.start_char + lead, sent.start_char + lead + len(body))
    assert meetings._evidence(next(iter(doc.sents)))[0] == "Ann met Bob."


def test_via_counterpart_as_read_off_tokens():
    """meetings._via_counterpart (tokens with the lemma found once per Doc) answers as the Token walk does."""
    from data_pipeline.nlp import docview

    doc = parse("""
        Ann NNP PROPN nsubj 1 Ann
        met VBD VERB ROOT 1 meet
        her PRP$ PRON poss 4 her
        Thai JJ ADJ amod 4 Thai
        Counterpart NN NOUN dobj 1 Counterpart
        Bob NNP PROPN appos 4 Bob
        and CC CCONJ cc 4 and
        then RB ADV advmod 9 then
        Cy NNP PROPN nsubj 9 Cy
        left VBD VERB conj 1 leave
        . . PUNCT punct 1 .
    """)

    def walk(tok):
        start = max(tok.sent.start, tok.i - 3)
        return any(t.lemma_.lower() == "counterpart" for t in [tok, tok.head, *tok.children, *doc[start:tok.i]])

    assert [meetings._via_counterpart(t) for t in doc] == [walk(t) for t in doc]
    assert meetings._via_counterpart(doc[5]) and not meetings._via_counterpart(doc[8])
    docview.drop(doc)
    plain = parse("""
        Ann NNP PROPN nsubj 1 Ann
        met VBD VERB ROOT 1 meet
        Bob NNP PROPN dobj 1 Bob
    """)
    assert not any(meetings._via_counterpart(t) for t in plain)
