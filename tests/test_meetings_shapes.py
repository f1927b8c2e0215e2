"""Who-met-whom on more of the small model's slips, on hand-built parses (no model).

Each table is the parse shape the model gives for a sentence written for these tests: a coordinated
partner hung under a name inside a title phrase, a given name taking the surname as its object, a
"held talks" read as a noun phrase, a called person read as a predicate, a title phrase ending in a
place, and a plural reference after names the model labelled as organisations.
"""
from __future__ import annotations

from datetime import date

from data_pipeline.nlp import meetings
from tests.handmade import parse, person_mentions

PUB = date(2023, 3, 15)


def held(table: str) -> set[tuple[frozenset, str]]:
    doc = parse(table)
    found = person_mentions(doc)
    got, extra = meetings.extract(doc, found, PUB)
    every = found + extra
    return {(frozenset((every[r["a"]]["text"], every[r["b"]]["text"])), r["reason"])
            for r in got if r["status"] == "held"}


def pair(a: str, b: str, reason: str) -> tuple[frozenset, str]:
    return frozenset((a, b)), reason


def test_meetings_partner_coordinated_with_the_name_closing_a_title_phrase():
    # "Minister of Trade of Peru Ana Quispe and her Chilean counterpart, Tomas Vidal, met on Monday."
    table = """
    Minister     NNP  PROPN  nsubj     15  minister     O
    of           IN   ADP    prep      0   of           O
    Trade        NNP  PROPN  pobj      1   trade        O
    of           IN   ADP    prep      2   of           O
    Peru         NNP  PROPN  compound  6   peru         B-GPE
    Ana          NNP  PROPN  compound  6   ana          B-PERSON
    Quispe       NNP  PROPN  pobj      3   quispe       I-PERSON
    and          CC   CCONJ  cc        6   and          O
    her          PRP$ PRON   poss      10  her          O
    Chilean      JJ   ADJ    amod      10  chilean      B-NORP
    counterpart  NN   NOUN   conj      6   counterpart  O
    ,            ,    PUNCT  punct     10  ,            O
    Tomas        NNP  PROPN  compound  13  tomas        B-PERSON
    Vidal        NNP  PROPN  appos     10  vidal        I-PERSON
    ,            ,    PUNCT  punct     10  ,            O
    met          VBD  VERB   ROOT      15  meet         O
    on           IN   ADP    prep      15  on           O
    Monday       NNP  PROPN  pobj      16  monday       B-DATE
    .            .    PUNCT  punct     15  .            O
    """
    assert held(table) == {pair("Ana Quispe", "Tomas Vidal", "counterpart")}


def test_meetings_given_name_with_the_surname_as_its_object():
    # "Nadia Karam and her counterpart, Ivo Petrak, met in Split." ("Karam" as the object of "Nadia")
    table = """
    Nadia        NNP  PROPN  nsubj     9   nadia        O
    Karam        NNP  PROPN  dobj      0   karam        B-PERSON
    and          CC   CCONJ  cc        1   and          O
    her          PRP$ PRON   poss      4   her          O
    counterpart  NN   NOUN   conj      1   counterpart  O
    ,            ,    PUNCT  punct     4   ,            O
    Ivo          NNP  PROPN  compound  7   ivo          B-PERSON
    Petrak       NNP  PROPN  appos     4   petrak       I-PERSON
    ,            ,    PUNCT  punct     4   ,            O
    met          VBD  VERB   ROOT      9   meet         O
    in           IN   ADP    prep      9   in           O
    Split        NNP  PROPN  pobj      10  split        B-GPE
    .            .    PUNCT  punct     9   .            O
    """
    assert held(table) == {pair("Karam", "Ivo Petrak", "counterpart")}


def test_meetings_held_talks_read_as_a_noun_phrase_and_a_short_name_that_is_also_a_city():
    # "Carlos Lima arrived. Lima held talks with Minister Lena Brandt." ("held" an adjective of "talks")
    table = """
    Carlos       NNP  PROPN  compound  1   carlos       B-PERSON
    Lima         NNP  PROPN  nsubj     2   lima         I-PERSON
    arrived      VBD  VERB   ROOT      2   arrive       O
    .            .    PUNCT  punct     2   .            O
    Lima         NNP  PROPN  npadvmod  5   lima         O
    held         VBD  VERB   amod      6   hold         O
    talks        NNS  NOUN   ROOT      6   talk         O
    with         IN   ADP    prep      6   with         O
    Minister     NNP  PROPN  compound  10  minister     O
    Lena         NNP  PROPN  compound  10  lena         B-PERSON
    Brandt       NNP  PROPN  pobj      7   brandt       I-PERSON
    .            .    PUNCT  punct     6   .            O
    """
    assert held(table) == {pair("Lima", "Lena Brandt", "nominal")}


def test_meetings_called_person_read_as_a_predicate():
    # "Ines Moreau called Karl Lindqvist on Friday." / "The press called Moreau a hero."
    call = """
    Ines         NNP  PROPN  compound  1   ines         B-PERSON
    Moreau       NNP  PROPN  nsubj     2   moreau       I-PERSON
    called       VBD  VERB   ROOT      2   call         O
    Karl         NNP  PROPN  compound  4   karl         B-PERSON
    Lindqvist    NNP  PROPN  oprd      2   lindqvist    I-PERSON
    on           IN   ADP    prep      2   on           O
    Friday       NNP  PROPN  pobj      5   friday       B-DATE
    .            .    PUNCT  punct     2   .            O
    """
    naming = """
    The          DT   DET    det       1   the          O
    press        NN   NOUN   nsubj     2   press        O
    called       VBD  VERB   ROOT      2   call         O
    Moreau       NNP  PROPN  dobj      2   moreau       B-PERSON
    a            DT   DET    det       5   a            O
    hero         NN   NOUN   oprd      2   hero         O
    .            .    PUNCT  punct     2   .            O
    """
    assert held(call) == {pair("Ines Moreau", "Karl Lindqvist", "call")}
    assert held(naming) == set()


def test_meetings_title_phrase_ending_in_a_place_names_the_person_before_it():
    # "Lena Brandt held talks with Chief of Staff Omar Haddad in Lima."
    table = """
    Lena         NNP  PROPN  compound  1   lena         B-PERSON
    Brandt       NNP  PROPN  nsubj     2   brandt       I-PERSON
    held         VBD  VERB   ROOT      2   hold         O
    talks        NNS  NOUN   dobj      2   talk         O
    with         IN   ADP    prep      3   with         O
    Chief        NNP  PROPN  pobj      4   chief        O
    of           IN   ADP    prep      5   of           O
    Staff        NNP  PROPN  compound  9   staff        O
    Omar         NNP  PROPN  compound  9   omar         O
    Haddad       NNP  PROPN  pobj      6   haddad       O
    in           IN   ADP    prep      9   in           O
    Lima         NNP  PROPN  pobj      10  lima         B-GPE
    .            .    PUNCT  punct     2   .            O
    """
    assert held(table) == {pair("Lena Brandt", "Omar Haddad", "nominal")}


def test_meetings_plural_reference_counts_names_labelled_organisations_not_a_city():
    # "Ana Costa, Ivo Petrak and Omar Haddad were in Lima. The three ministers met."
    table = """
    Ana          NNP  PROPN  compound  1   ana          B-PERSON
    Costa        NNP  PROPN  nsubj     8   costa        I-PERSON
    ,            ,    PUNCT  punct     1   ,            O
    Ivo          NNP  PROPN  compound  4   ivo          B-ORG
    Petrak       NNP  PROPN  conj      1   petrak       I-ORG
    and          CC   CCONJ  cc        4   and          O
    Omar         NNP  PROPN  compound  7   omar         B-ORG
    Haddads      NNPS PROPN  conj      4   haddads      I-ORG
    were         VBD  AUX    ROOT      8   be           O
    in           IN   ADP    prep      8   in           O
    Lima         NNP  PROPN  pobj      9   lima         B-ORG
    .            .    PUNCT  punct     8   .            O
    The          DT   DET    det       14  the          O
    three        CD   NUM    nummod    14  three        O
    ministers    NNS  NOUN   nsubj     15  minister     O
    met          VBD  VERB   ROOT      15  meet         O
    .            .    PUNCT  punct     15  .            O
    """
    assert held(table) == {pair("Ana Costa", "Ivo Petrak", "plural-anaphora"),
                           pair("Ana Costa", "Omar Haddads", "plural-anaphora"),
                           pair("Ivo Petrak", "Omar Haddads", "plural-anaphora")}


def test_meetings_title_served_to_someone_keeps_its_name():
    # "Assistant to the President Lena Brandt received Omar Haddad."
    table = """
    Assistant    NNP  PROPN  nsubj     6   assistant    O
    to           IN   ADP    prep      0   to           O
    the          DT   DET    det       5   the          O
    President    NNP  PROPN  compound  5   president    O
    Lena         NNP  PROPN  compound  5   lena         B-PERSON
    Brandt       NNP  PROPN  pobj      1   brandt       I-PERSON
    received     VBD  VERB   ROOT      6   receive      O
    Omar         NNP  PROPN  compound  8   omar         B-PERSON
    Haddad       NNP  PROPN  dobj      6   haddad       I-PERSON
    .            .    PUNCT  punct     6   .            O
    """
    assert held(table) == {pair("Lena Brandt", "Omar Haddad", "subject-object")}


def test_meetings_a_round_of_talks_held_by_coordinated_subjects():
    # "Lena Brandt and Omar Haddad held a round of talks."
    table = """
    Lena         NNP  PROPN  compound  1   lena         B-PERSON
    Brandt       NNP  PROPN  nsubj     5   brandt       I-PERSON
    and          CC   CCONJ  cc        1   and          O
    Omar         NNP  PROPN  compound  4   omar         B-PERSON
    Haddad       NNP  PROPN  conj      1   haddad       I-PERSON
    held         VBD  VERB   ROOT      5   hold         O
    a            DT   DET    det       7   a            O
    round        NN   NOUN   dobj      5   round        O
    of           IN   ADP    prep      7   of           O
    talks        NNS  NOUN   pobj      8   talk         O
    .            .    PUNCT  punct     5   .            O
    """
    assert held(table) == {pair("Lena Brandt", "Omar Haddad", "nominal")}


def test_meetings_title_phrase_ending_in_a_name_with_a_suffix():
    # "Lena Brandt met with Chairman of the Board Omar T. Haddad Jr."
    table = """
    Lena         NNP  PROPN  compound  1   lena         B-PERSON
    Brandt       NNP  PROPN  nsubj     2   brandt       I-PERSON
    met          VBD  VERB   ROOT      2   meet         O
    with         IN   ADP    prep      2   with         O
    Chairman     NNP  PROPN  pobj      3   chairman     O
    of           IN   ADP    prep      4   of           O
    the          DT   DET    det       7   the          O
    Board        NNP  PROPN  nmod      11  board        O
    Omar         NNP  PROPN  compound  11  omar         B-PERSON
    T.           NNP  PROPN  compound  11  t.           I-PERSON
    Haddad       NNP  PROPN  compound  11  haddad       I-PERSON
    Jr.          NNP  PROPN  pobj      5   jr.          I-PERSON
    .            .    PUNCT  punct     2   .            O
    """
    assert held(table) == {pair("Lena Brandt", "Omar T. Haddad Jr.", "subject-object")}
