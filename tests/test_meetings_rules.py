"""Who-met-whom rules on hand-built parses (no model): each test names the parse shape it covers.

The sentences are written for these tests; the parses are the small model's shapes for them,
including its usual slips (a name hung on the verb, a title apart from its name).
"""
from __future__ import annotations

from datetime import date

import pytest

from data_pipeline.nlp import meetings, took_part
from tests.handmade import parse, person_mentions

PUB = date(2023, 3, 15)


def rows(doc) -> list[dict]:
    found = person_mentions(doc)
    got, extra = meetings.extract(doc, found, PUB)
    every = found + extra
    return [dict(r, a=every[r["a"]]["text"], b=every[r["b"]]["text"]) for r in got]


def pairs(doc, status: str = "held") -> set[tuple[frozenset, str]]:
    return {(frozenset((r["a"], r["b"])), r["reason"]) for r in rows(doc) if r["status"] == status}


def pair(a: str, b: str, reason: str) -> tuple[frozenset, str]:
    return frozenset((a, b)), reason


COORDINATED_APPOSITIONS = """
    Envoy          NNP   PROPN  compound   2   Envoy        O
    Lena           NNP   PROPN  compound   2   Lena         B-PERSON
    Brandt         NNP   PROPN  nsubj      16  Brandt       I-PERSON
    ,              ,     PUNCT  punct      2   ,            O
    a              DT    DET    det        6   a            O
    veteran        NN    NOUN   compound   6   veteran      O
    negotiator     NN    NOUN   appos      2   negotiator   O
    ,              ,     PUNCT  punct      6   ,            O
    and            CC    CCONJ  cc         6   and          O
    Omar           NNP   PROPN  compound   10  Omar         B-PERSON
    Haddad         NNP   PROPN  conj       6   Haddad       I-PERSON
    ,              ,     PUNCT  punct      10  ,            O
    the            DT    DET    det        14  the          O
    deputy         NN    NOUN   compound   14  deputy       O
    speaker        NN    NOUN   appos      10  speaker      O
    ,              ,     PUNCT  punct      10  ,            O
    opened         VBD   VERB   ROOT       16  open         O
    talks          NNS   NOUN   dobj       16  talk         O
    .              .     PUNCT  punct      16  .            O
"""


def test_meetings_coordinated_subjects_through_an_apposition():
    # "Envoy A, a veteran negotiator, and B, the deputy speaker, opened talks": B hangs on A's apposition
    assert pairs(parse(COORDINATED_APPOSITIONS)) == {pair("Lena Brandt", "Omar Haddad", "nominal")}


TWO_BY_TWO = """
    Lena           NNP   PROPN  compound   1   Lena         B-PERSON
    Brandt         NNP   PROPN  nsubj      11  Brandt       I-PERSON
    and            CC    CCONJ  cc         1   and          O
    Omar           NNP   PROPN  compound   4   Omar         B-PERSON
    Haddad         NNP   PROPN  conj       1   Haddad       I-PERSON
    ,              ,     PUNCT  punct      1   ,            O
    who            WP    PRON   nsubj      7   who          O
    arrived        VBD   VERB   relcl      1   arrive       O
    with           IN    ADP    prep       7   with         O
    Tom            NNP   PROPN  compound   10  Tom          B-PERSON
    Vance          NNP   PROPN  pobj       8   Vance        I-PERSON
    met            VBD   VERB   ROOT       11  meet         O
    Paulo          NNP   PROPN  compound   13  Paulo        B-PERSON
    Reis           NNP   PROPN  dobj       11  Reis         I-PERSON
    and            CC    CCONJ  cc         13  and          O
    Ines           NNP   PROPN  compound   16  Ines         B-PERSON
    Faria          NNP   PROPN  conj       13  Faria        I-PERSON
    .              .     PUNCT  punct      11  .            O
"""


def test_meetings_coordinated_subjects_and_objects_give_every_cross_pair():
    # "A and B, who arrived with C, met D and E": 4 pairs; C (in the relative clause) and A-B none
    assert pairs(parse(TWO_BY_TWO)) == {
        pair(a, b, "subject-object") for a in ("Lena Brandt", "Omar Haddad") for b in ("Paulo Reis", "Ines Faria")}


COUNTERPART_HUNG_ON_VERB = """
    Lena           NNP   PROPN  compound   1   Lena         B-PERSON
    Brandt         NNP   PROPN  nsubj      2   Brandt       I-PERSON
    met            VBD   VERB   ROOT       2   meet         O
    her            PRP$  PRON   poss       5   her          O
    Chilean        JJ    ADJ    amod       5   chilean      B-NORP
    counterpart    NN    NOUN   dobj       2   counterpart  O
    Omar           NNP   PROPN  compound   7   Omar         B-PERSON
    Haddad         NNP   PROPN  npadvmod   2   Haddad       I-PERSON
    .              .     PUNCT  punct      2   .            O
"""


def test_meetings_counterpart_whose_name_the_model_hung_on_the_verb():
    assert pairs(parse(COUNTERPART_HUNG_ON_VERB)) == {pair("Lena Brandt", "Omar Haddad", "counterpart")}


LETTER = """
    Lena           NNP   PROPN  compound   1   Lena         B-PERSON
    Brandt         NNP   PROPN  nsubj      2   Brandt       I-PERSON
    sent           VBD   VERB   ROOT       2   send         O
    a              DT    DET    det        4   a            O
    letter         NN    NOUN   dobj       2   letter       O
    to             IN    ADP    dative     2   to           O
    Omar           NNP   PROPN  compound   7   Omar         B-PERSON
    Haddad         NNP   PROPN  pobj       5   Haddad       I-PERSON
    .              .     PUNCT  punct      2   .            O
"""


def test_meetings_letter_sent_to_a_dative_preposition():
    [row] = rows(parse(LETTER))
    assert (row["kind"], row["reason"]) == ("message", "message")
    assert {row["a"], row["b"]} == {"Lena Brandt", "Omar Haddad"}


PLURAL_AFTER_STATEMENTS = """
    Lena           NNP   PROPN  compound   1   Lena         B-PERSON
    Brandt         NNP   PROPN  nsubj      2   Brandt       I-PERSON
    praised        VBD   VERB   ROOT       2   praise       O
    the            DT    DET    det        4   the          O
    plan           NN    NOUN   dobj       2   plan         O
    ,              ,     PUNCT  punct      2   ,            O
    and            CC    CCONJ  cc         2   and          O
    Omar           NNP   PROPN  compound   8   Omar         B-PERSON
    Haddad         NNP   PROPN  nsubj      9   Haddad       I-PERSON
    called         VBD   VERB   conj       2   call         O
    it             PRP   PRON   dobj       9   it           O
    fair           JJ    ADJ    oprd       9   fair         O
    .              .     PUNCT  punct      9   .            O
    The            DT    DET    det        15  the          O
    two            CD    NUM    nummod     15  two          O
    {noun}         NNS   NOUN   nsubj      16  {lemma}      O
    {verb}         VBD   VERB   ROOT       16  {verb_lemma} O
    on             IN    ADP    prep       16  on           O
    Friday         NNP   PROPN  pobj       17  Friday       B-DATE
    .              .     PUNCT  punct      16  .            O
"""


def test_meetings_plural_reference_to_the_last_two_people_named():
    doc = parse(PLURAL_AFTER_STATEMENTS.format(noun="ministers", lemma="minister", verb="met", verb_lemma="meet"))
    assert pairs(doc) == {pair("Lena Brandt", "Omar Haddad", "plural-anaphora")}


@pytest.mark.parametrize("noun, lemma, verb, verb_lemma", [
    ("ministers", "minister", "disagreed", "disagree"),  # no interaction: no pair
    ("countries", "country", "met", "meet"),  # countries are not people
])
def test_meetings_plural_reference_needs_people_and_a_trigger(noun, lemma, verb, verb_lemma):
    assert pairs(parse(PLURAL_AFTER_STATEMENTS.format(noun=noun, lemma=lemma, verb=verb, verb_lemma=verb_lemma))) == set()


PLANNED_NOUN = """
    A              DT    DET    det        1   a            O
    meeting        NN    NOUN   nsubjpass  9   meeting      O
    between        IN    ADP    prep       1   between      O
    Lena           NNP   PROPN  compound   4   Lena         B-PERSON
    Brandt         NNP   PROPN  pobj       2   Brandt       I-PERSON
    and            CC    CCONJ  cc         4   and          O
    Omar           NNP   PROPN  compound   7   Omar         B-PERSON
    Haddad         NNP   PROPN  conj       4   Haddad       I-PERSON
    is             VBZ   AUX    auxpass    9   be           O
    {verb}         VBN   VERB   ROOT       9   {lemma}      O
    for            IN    ADP    prep       9   for          O
    June           NNP   PROPN  pobj       10  June         B-DATE
    .              .     PUNCT  punct      9   .            O
"""


@pytest.mark.parametrize("verb, lemma, status", [("planned", "plan", "planned"), ("scheduled", "schedule", "planned"),
                                                 ("postponed", "postpone", "cancelled")])
def test_meetings_event_noun_subject_of_a_planning_verb(verb, lemma, status):
    [row] = rows(parse(PLANNED_NOUN.format(verb=verb, lemma=lemma)))
    assert (row["status"], row["reason"]) == (status, "nominal")


TOOK_PART = """
    Paulo          NNP   PROPN  compound   1   Paulo        B-PERSON
    Reis           NNP   PROPN  nsubj      2   Reis         I-PERSON
    {verb}         VBD   VERB   ROOT       2   {lemma}      O
    Lena           NNP   PROPN  compound   4   Lena         B-PERSON
    Brandt         NNP   PROPN  dobj       2   Brandt       I-PERSON
    .              .     PUNCT  punct      2   .            O
    Tom            NNP   PROPN  compound   7   Tom          B-PERSON
    Vance          NNP   PROPN  nsubj      16  Vance        I-PERSON
    ,              ,     PUNCT  punct      7   ,            O
    the            DT    DET    det        11  the          O
    Canadian       JJ    ADJ    amod       11  canadian     B-NORP
    ambassador     NN    NOUN   appos      7   ambassador   O
    to             IN    ADP    prep       11  to           O
    Peru           NNP   PROPN  pobj       12  Peru         B-GPE
    ,              ,     PUNCT  punct      7   ,            O
    also           RB    ADV    advmod     16  also         O
    took           VBD   VERB   ROOT       16  take         O
    part           NN    NOUN   dobj       16  part         O
    in             IN    ADP    prep       16  in           O
    the            DT    DET    det        20  the          O
    meeting        NN    NOUN   pobj       18  meeting      O
    .              .     PUNCT  punct      16  .            O
"""


@pytest.mark.parametrize("verb, lemma, host", [("received", "receive", "Paulo Reis"), ("met", "meet", "Lena Brandt")])
def test_meetings_also_took_part_pairs_the_joiner_with_the_host_only(verb, lemma, host):
    # no participant's country is stated: the joiner (an ambassador) is taken for the visiting side
    got = pairs(parse(TOOK_PART.format(verb=verb, lemma=lemma)))
    assert got == {pair("Paulo Reis", "Lena Brandt", "subject-object"), pair("Tom Vance", host, "also-took-part")}


def test_meetings_also_took_part_never_pairs_people_of_one_country():
    doc = parse(TOOK_PART.format(verb="received", lemma="receive"))
    # the ambassador's side is the country before "ambassador", not the one after "to"
    assert took_part.phrase_country(doc, 6, 8) == "Canada"
    assert took_part.choose("Canada", [(0, "Canada", True), (1, None, False)]) == [1]
    assert took_part.choose("Canada", [(0, None, True), (1, "Peru", False)]) == [1]
    assert took_part.choose(None, [(0, None, True), (1, None, False)]) == [0]


DATELINE = """
    Lima           NNP   PROPN  npadvmod   9   Lima         B-GPE
    ,              ,     PUNCT  punct      0   ,            O
    3              CD    NUM    nummod     3   3            B-DATE
    May            NNP   PROPN  nmod       5   May          I-DATE
    (              -LRB- PUNCT  punct      5   (            O
    Agency         NNP   PROPN  appos      0   Agency       B-ORG
    ):             :     PUNCT  punct      5   ):           O
    Paulo          NNP   PROPN  compound   8   Paulo        B-PERSON
    Reis           NNP   PROPN  nsubj      9   Reis         I-PERSON
    received       VBD   VERB   ROOT       9   receive      O
    Lena           NNP   PROPN  compound   11  Lena         B-PERSON
    Brandt         NNP   PROPN  dobj       9   Brandt       I-PERSON
    .              .     PUNCT  punct      9   .            O
"""


def test_meetings_dateline_before_a_colon_is_no_subject():
    assert pairs(parse(DATELINE)) == {pair("Paulo Reis", "Lena Brandt", "subject-object")}


FRAMED_STRANDED = """
    Following      VBG   VERB   prep       8   follow       O
    talks          NNS   NOUN   pobj       0   talk         O
    in             IN    ADP    prep       1   in           O
    Lima           NNP   PROPN  pobj       2   Lima         B-GPE
    ,              ,     PUNCT  punct      3   ,            O
    Reis           NNP   PROPN  conj       3   Reis         B-PERSON
    and            CC    CCONJ  cc         5   and          O
    Brandt         NNP   PROPN  conj       5   Brandt       B-GPE
    held           VBD   VERB   ROOT       8   hold         O
    a              DT    DET    det        11  a            O
    press          NN    NOUN   compound   11  press        O
    conference     NN    NOUN   dobj       8   conference   O
    .              .     PUNCT  punct      8   .            O
"""


def test_meetings_talks_framing_a_clause_whose_subjects_the_model_hung_on_the_place():
    # "Following talks in Lima, Reis and Brandt held a press conference": "following" as a participle,
    # both names as conjuncts of "Lima", and "held" without a subject
    assert pairs(parse(FRAMED_STRANDED)) == {pair("Reis", "Brandt", "nominal")}


TALKS_HELD_BETWEEN = """
    Talks          NNS   NOUN   nsubjpass  2   talk         O
    were           VBD   AUX    auxpass    2   be           O
    held           VBN   VERB   ROOT       2   hold         O
    on             IN    ADP    prep       2   on           O
    Sunday         NNP   PROPN  pobj       3   Sunday       B-DATE
    between        IN    ADP    prep       4   between      O
    Lena           NNP   PROPN  nmod       7   Lena         B-ORG
    Brandt         NNP   PROPN  nmod       10  Brandt       I-ORG
    and            CC    CCONJ  cc         7   and          O
    Omar           NNP   PROPN  compound   10  Omar         B-PERSON
    Haddad         NNP   PROPN  pobj       5   Haddad       I-PERSON
    .              .     PUNCT  punct      2   .            O
"""


def test_meetings_talks_held_between_names_the_model_split_and_hung_on_the_date():
    # "between" attached to "Sunday", and the first name a modifier (nmod) of the second
    [row] = rows(parse(TALKS_HELD_BETWEEN))
    assert {row["a"], row["b"]} == {"Lena Brandt", "Omar Haddad"} and row["reason"] == "nominal"


def kp(a: str, b: str, kind: str) -> tuple[frozenset, str]:
    return frozenset((a, b)), kind


# the model's parses of sentences written for these tests, one shape each (frozen: no model needed)
FORMS = [
    # Secretary of State Antony Blinken held talks with Chinese Foreign Minister Wang Yi on Friday.
    ("""
    Secretary      NNP   PROPN  nmod       4   Secretary    O
    of             IN    ADP    prep       0   of           O
    State          NNP   PROPN  pobj       1   State        B-ORG
    Antony         NNP   PROPN  compound   4   Antony       B-PERSON
    Blinken        NNP   PROPN  nsubj      5   Blinken      I-PERSON
    held           VBD   VERB   ROOT       5   hold         O
    talks          NNS   NOUN   dobj       5   talk         O
    with           IN    ADP    prep       6   with         O
    Chinese        JJ    ADJ    amod       10  chinese      B-NORP
    Foreign        NNP   PROPN  compound   10  Foreign      O
    Minister       NNP   PROPN  compound   12  Minister     O
    Wang           NNP   PROPN  compound   12  Wang         B-PERSON
    Yi             NNP   PROPN  pobj       7   Yi           I-PERSON
    on             IN    ADP    prep       5   on           O
    Friday         NNP   PROPN  pobj       13  Friday       B-DATE
    .              .     PUNCT  punct      5   .            O
""", {kp("Antony Blinken", "Wang Yi", "talks")}),
    # Josep Borrell discussed the sanctions package with Annalena Baerbock and Catherine Colonna.
    ("""
    Josep          NNP   PROPN  compound   1   Josep        B-PERSON
    Borrell        NNP   PROPN  nsubj      2   Borrell      I-PERSON
    discussed      VBD   VERB   ROOT       2   discuss      O
    the            DT    DET    det        5   the          O
    sanctions      NNS   NOUN   compound   5   sanction     O
    package        NN    NOUN   dobj       2   package      O
    with           IN    ADP    prep       5   with         O
    Annalena       NNP   PROPN  compound   8   Annalena     B-PERSON
    Baerbock       NNP   PROPN  pobj       6   Baerbock     I-PERSON
    and            CC    CCONJ  cc         8   and          O
    Catherine      NNP   PROPN  compound   11  Catherine    B-PERSON
    Colonna        NNP   PROPN  conj       8   Colonna      I-PERSON
    .              .     PUNCT  punct      2   .            O
""", {kp("Josep Borrell", "Annalena Baerbock", "talks"), kp("Josep Borrell", "Catherine Colonna", "talks")}),
    # Macron spoke during a meeting with his Italian counterpart, Sergio Mattarella.
    ("""
    Macron         NNP   PROPN  nsubj      1   Macron       B-PERSON
    spoke          VBD   VERB   ROOT       1   speak        O
    during         IN    ADP    prep       1   during       O
    a              DT    DET    det        4   a            O
    meeting        NN    NOUN   pobj       2   meeting      O
    with           IN    ADP    prep       4   with         O
    his            PRP$  PRON   poss       8   his          O
    Italian        JJ    ADJ    amod       8   italian      B-NORP
    counterpart    NN    NOUN   pobj       5   counterpart  O
    ,              ,     PUNCT  punct      8   ,            O
    Sergio         NNP   PROPN  compound   11  Sergio       B-PERSON
    Mattarella     NNP   PROPN  appos      8   Mattarella   I-PERSON
    .              .     PUNCT  punct      1   .            O
""", {kp("Macron", "Sergio Mattarella", "meeting")}),
    # Lukashenko met with Xi Jinping shortly after his meeting with Shavkat Mirziyoyev.
    ("""
    Lukashenko     NNP   PROPN  nsubj      1   Lukashenko   B-PERSON
    met            VBD   VERB   ROOT       1   meet         O
    with           IN    ADP    prep       1   with         O
    Xi             NNP   PROPN  compound   4   Xi           B-PERSON
    Jinping        NNP   PROPN  pobj       2   Jinping      I-PERSON
    shortly        RB    ADV    advmod     6   shortly      O
    after          IN    ADP    prep       1   after        O
    his            PRP$  PRON   poss       8   his          O
    meeting        NN    NOUN   pobj       6   meeting      O
    with           IN    ADP    prep       8   with         O
    Shavkat        NNP   PROPN  compound   11  Shavkat      B-PERSON
    Mirziyoyev     NNP   PROPN  pobj       9   Mirziyoyev   I-PERSON
    .              .     PUNCT  punct      1   .            O
""", {kp("Lukashenko", "Xi Jinping", "meeting"), kp("Lukashenko", "Shavkat Mirziyoyev", "meeting")}),
    # A telephone conversation between Joe Biden and Xi Jinping lasted two hours.
    ("""
    A              DT    DET    det        2   a            O
    telephone      NN    NOUN   compound   2   telephone    O
    conversation   NN    NOUN   nsubj      9   conversation O
    between        IN    ADP    prep       2   between      O
    Joe            NNP   PROPN  compound   5   Joe          B-PERSON
    Biden          NNP   PROPN  pobj       3   Biden        I-PERSON
    and            CC    CCONJ  cc         5   and          O
    Xi             NNP   PROPN  compound   8   Xi           B-PERSON
    Jinping        NNP   PROPN  conj       5   Jinping      I-PERSON
    lasted         VBD   VERB   ROOT       9   last         O
    two            CD    NUM    nummod     11  two          B-TIME
    hours          NNS   NOUN   npadvmod   9   hour         I-TIME
    .              .     PUNCT  punct      9   .            O
""", {kp("Joe Biden", "Xi Jinping", "phone_call")}),
    # In a congratulatory message to Mark Rutte, Jens Stoltenberg praised his work.
    ("""
    In             IN    ADP    prep       10  in           O
    a              DT    DET    det        3   a            O
    congratulatory JJ    ADJ    amod       3   congratulatory O
    message        NN    NOUN   pobj       0   message      O
    to             IN    ADP    prep       3   to           O
    Mark           NNP   PROPN  compound   6   Mark         B-PERSON
    Rutte          NNP   PROPN  pobj       4   Rutte        I-PERSON
    ,              ,     PUNCT  punct      10  ,            O
    Jens           NNP   PROPN  compound   9   Jens         B-PERSON
    Stoltenberg    NNP   PROPN  nsubj      10  Stoltenberg  I-PERSON
    praised        VBD   VERB   ROOT       10  praise       O
    his            PRP$  PRON   poss       12  his          O
    work           NN    NOUN   dobj       10  work         O
    .              .     PUNCT  punct      10  .            O
""", {kp("Jens Stoltenberg", "Mark Rutte", "message")}),
    # Talks held between Olaf Scholz and Emmanuel Macron ended without a statement.
    ("""
    Talks          NNS   NOUN   nsubj      8   talk         O
    held           VBN   VERB   acl        0   hold         O
    between        IN    ADP    prep       1   between      O
    Olaf           NNP   PROPN  compound   4   Olaf         B-ORG
    Scholz         NNP   PROPN  pobj       2   Scholz       I-ORG
    and            CC    CCONJ  cc         4   and          O
    Emmanuel       NNP   PROPN  compound   7   Emmanuel     B-PERSON
    Macron         NNP   PROPN  conj       4   Macron       I-PERSON
    ended          VBD   VERB   ROOT       8   end          O
    without        IN    ADP    prep       8   without      O
    a              DT    DET    det        11  a            O
    statement      NN    NOUN   pobj       9   statement    O
    .              .     PUNCT  punct      8   .            O
""", {kp("Olaf Scholz", "Emmanuel Macron", "talks")}),
    # Putin received a delegation led by Ilham Aliyev.
    ("""
    Putin          NNP   PROPN  nsubj      1   Putin        B-PERSON
    received       VBD   VERB   ROOT       1   receive      O
    a              DT    DET    det        3   a            O
    delegation     NN    NOUN   dobj       1   delegation   O
    led            VBN   VERB   acl        3   lead         O
    by             IN    ADP    agent      4   by           O
    Ilham          NNP   PROPN  compound   7   Ilham        B-PERSON
    Aliyev         NNP   PROPN  pobj       5   Aliyev       I-PERSON
    .              .     PUNCT  punct      1   .            O
""", {kp("Putin", "Ilham Aliyev", "meeting")}),
    # A trilateral meeting between Putin, Aliyev and Pashinyan took place in Sochi.
    ("""
    A              DT    DET    det        2   a            O
    trilateral     JJ    ADJ    amod       2   trilateral   O
    meeting        NN    NOUN   nsubj      9   meeting      O
    between        IN    ADP    prep       2   between      O
    Putin          NNP   PROPN  pobj       3   Putin        B-PERSON
    ,              ,     PUNCT  punct      4   ,            O
    Aliyev         NNP   PROPN  conj       4   Aliyev       B-PERSON
    and            CC    CCONJ  cc         6   and          O
    Pashinyan      NNP   PROPN  conj       6   Pashinyan    B-PERSON
    took           VBD   VERB   ROOT       9   take         O
    place          NN    NOUN   dobj       9   place        O
    in             IN    ADP    prep       9   in           O
    Sochi          NNP   PROPN  pobj       11  Sochi        B-GPE
    .              .     PUNCT  punct      9   .            O
""", {kp("Putin", "Aliyev", "meeting"), kp("Putin", "Pashinyan", "meeting"), kp("Aliyev", "Pashinyan", "meeting")}),
    # Pashinyan was received by Putin in the Kremlin.
    ("""
    Pashinyan      NNP   PROPN  nsubjpass  2   Pashinyan    O
    was            VBD   AUX    auxpass    2   be           O
    received       VBN   VERB   ROOT       2   receive      O
    by             IN    ADP    agent      2   by           O
    Putin          NNP   PROPN  pobj       3   Putin        B-PERSON
    in             IN    ADP    prep       2   in           O
    the            DT    DET    det        7   the          O
    Kremlin        NNP   PROPN  pobj       5   Kremlin      B-ORG
    .              .     PUNCT  punct      2   .            O
""", {kp("Putin", "Pashinyan", "meeting")}),
    # Macron met with reporters after talking to Putin.
    ("""
    Macron         NNP   PROPN  nsubj      1   Macron       B-PERSON
    met            VBD   VERB   ROOT       1   meet         O
    with           IN    ADP    prep       1   with         O
    reporters      NNS   NOUN   pobj       2   reporter     O
    after          IN    ADP    prep       1   after        O
    talking        VBG   VERB   pcomp      4   talk         O
    to             IN    ADP    prep       5   to           O
    Putin          NNP   PROPN  pobj       6   Putin        B-PERSON
    .              .     PUNCT  punct      1   .            O
""", {kp("Macron", "Putin", "talks")}),
    # Erdogan shook hands with Assad in Ankara.
    ("""
    Erdogan        NNP   PROPN  nsubj      1   Erdogan      B-PERSON
    shook          VBD   VERB   ROOT       1   shake        O
    hands          NNS   NOUN   dobj       1   hand         O
    with           IN    ADP    prep       1   with         O
    Assad          NNP   PROPN  pobj       3   Assad        B-PERSON
    in             IN    ADP    prep       1   in           O
    Ankara         NNP   PROPN  pobj       5   Ankara       B-GPE
    .              .     PUNCT  punct      1   .            O
""", {kp("Erdogan", "Assad", "meeting")}),
]



@pytest.mark.parametrize("table, expected", FORMS)
def test_meetings_forms_on_frozen_parses(table, expected):
    assert {(frozenset((r["a"], r["b"])), r["kind"]) for r in rows(parse(table)) if r["status"] == "held"} == expected


def test_trigger_candidates_keep_every_trigger_and_joining_verb_and_nothing_else():
    from tests.conftest import parsed

    doc = parsed("Talks/PROPN/nsubj/1/=Talks ended/VERB/ROOT/1/=end ./PUNCT/punct/1 "
                 "Oru/PROPN/nsubj/4/PERSON met/VERB/ROOT/4/=meet Dalo/PROPN/dobj/4/PERSON and/CCONJ/cc/4 "
                 "took/VERB/conj/4/=take part/NOUN/dobj/7 in/ADP/prep/7 a/DET/det/11 dinner/NOUN/pobj/9 "
                 "with/ADP/prep/11 aides/NOUN/pobj/12 ./PUNCT/punct/4")
    assert meetings.trigger_candidates(doc) == [0, 4, 7, 11]  # "Talks" by its lower-cased lemma
    assert meetings.trigger_candidates(doc[0:0].as_doc()) == []
