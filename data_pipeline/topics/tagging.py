"""Topic tagging from an editable taxonomy, matched per sentence on cached lemmas with spaCy's Matcher.

The taxonomy (config/topics.yaml) maps a topic to a description, phrases and
optional exclusions. Phrases are matched on lemmas, so "arms supply" also
finds "arms supplies", "supplying arms", "Arms Supplies". A hyphen inside a
phrase is optional in the text ("cease-fire" finds "cease fire"), and `*`
stands for at most one word ("exchange of * body" finds "exchange of the
bodies"). An `exclude` phrase anywhere in a sentence vetoes that topic for the
sentence. Matching reads only the per-article analysis (lemmas and token
offsets per sentence), so a taxonomy edit never needs spaCy to re-parse.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from data_pipeline.errors import PipelineError


WILDCARD = "*"
_LEMMA_POS = ("NOUN", "VERB")


@dataclass(frozen=True)
class Hit:
    """One phrase match: topic, sentence index and the matched tokens [first, last) in that sentence."""

    topic: str
    sentence: int
    first: int
    last: int
    phrase: str  # the taxonomy phrase that matched


class PhraseSet:
    """Phrases under match keys, found with one PhraseMatcher; `*` gaps are joined after matching."""

    def __init__(self, vocab):
        self.vocab = vocab
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.gapped: dict[int, tuple[list[int], list[int]]] = {}  # key -> (segment keys, max gap after each)
        self.segments: set[int] = set()

    def _add_plain(self, key: str, words: list[str], canon: dict[str, str]) -> int:
        forms = [canon.get(w.lower(), w.lower()) for w in words]
        variants = {tuple(forms)}
        for i in (i for i, w in enumerate(forms) if w == "-"):  # a hyphen is optional in the text
            variants |= {v[:i] + ("",) + v[i + 1:] for v in variants}
        docs = [Doc(self.vocab, words=[w for w in v if w]) for v in sorted(variants)]
        self.matcher.add(key, [d for d in docs if len(d)])
        return self.vocab.strings[key]

    def add(self, key: str, words: list[str], canon: dict[str, str]) -> None:
        """Add one phrase (its tokenised words, `*` standing for at most one word) under `key`."""
        segments, gaps = [[]], []
        for w in words:
            if w != WILDCARD:
                segments[-1].append(w)
            elif segments[-1]:
                segments.append([])
                gaps.append(1)
            elif gaps:
                gaps[-1] += 1
        segments = [seg for seg in segments if seg]
        if len(segments) == 1:
            self._add_plain(key, segments[0], canon)
            return
        ids = [self._add_plain(f"{key}\x1e{i}", seg, canon) for i, seg in enumerate(segments)]
        self.segments.update(ids)
        self.gapped[self.vocab.strings.add(key)] = (ids, gaps[:len(ids) - 1])

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match id, start, end) of every phrase found in `doc`."""
        found = list(self.matcher(doc)) if len(self.matcher) else []
        out = [m for m in found if m[0] not in self.segments]
        if not self.gapped:
            return out
        spans: dict[int, list[tuple[int, int]]] = {}
        for mid, start, end in found:
            spans.setdefault(mid, []).append((start, end))
        for key, (ids, gaps) in self.gapped.items():
            joined = spans.get(ids[0], [])
            for seg, gap in zip(ids[1:], gaps):
                ends_at: dict[int, list[int]] = {}
                for start, end in spans.get(seg, []):
                    ends_at.setdefault(start, []).append(end)
                joined = [(s0, e1) for s0, e0 in joined for g in range(gap + 1) for e1 in ends_at.get(e0 + g, [])]
            out += [(key, s0, e1) for s0, e1 in sorted(set(joined))]
        return out


@dataclass
class CompiledTaxonomy:
    """Phrases and exclusions of every topic, ready to run on Docs of cached lemmas.

    Every lemma a phrase word can take maps to one canonical form (`canon`), so matching
    compares plain strings (fast) instead of testing sets of lemmas token by token.
    """

    vocab: object
    matcher: PhraseSet
    excluder: PhraseSet
    canon: dict[str, str] = field(default_factory=dict)  # lemma -> canonical form of its word
    keys: dict[int, tuple[str, str]] = field(default_factory=dict)  # match id -> (topic, phrase)
    descriptions: dict[str, str] = field(default_factory=dict)


def _plurals(lemma: str) -> set[str]:
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return {lemma[:-1] + "ies"}
    return {lemma + "s", lemma + "es"} if lemma.endswith(("s", "x", "ch", "sh")) else {lemma + "s"}


def word_forms(nlp, word: str) -> list[str]:
    """Lemmas a word can take in running text: itself, its noun and verb lemmas, and plurals of those.

    Adjective rules are left out on purpose: they read "prisoner" and "officer" as comparatives
    ("prison", "office").
    """
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    lower = word.lower()
    forms, nouns = {lower}, {lower}
    if lemmatizer is not None and hasattr(lemmatizer, "rule_lemmatize"):
        for pos in _LEMMA_POS:
            lemmas = {lem.lower() for lem in lemmatizer.rule_lemmatize(Doc(nlp.vocab, words=[word], pos=[pos])[0])}
            forms |= lemmas
            if pos == "NOUN":
                nouns |= lemmas
    # headline Title Case is often tagged PROPN and left uninflected: accept simple plurals too
    forms.update(p for f in nouns if f.isalpha() for p in _plurals(f))
    return sorted(forms)


def _phrase_words(nlp, phrase: str) -> list[str]:
    toks = [t.text for t in nlp.make_doc(phrase) if not t.is_space]
    while toks and toks[0] == WILDCARD:
        toks.pop(0)
    while toks and toks[-1] == WILDCARD:
        toks.pop()
    return toks


def canonical_forms(nlp, words: set[str]) -> dict[str, str]:
    """Lemma -> one canonical form, merging the forms of words that share a lemma ("arms"/"arm")."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for w in sorted(words):
        forms = word_forms(nlp, w)
        for f in forms[1:]:
            a, b = find(forms[0]), find(f)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {f: find(f) for f in parent}


def compile_taxonomy(nlp, taxonomy: dict[str, dict]) -> CompiledTaxonomy:
    """Turn every phrase and exclusion into matcher patterns (once per build)."""
    out = CompiledTaxonomy(vocab=nlp.vocab, matcher=PhraseSet(nlp.vocab), excluder=PhraseSet(nlp.vocab))
    words = {t: {p: _phrase_words(nlp, p) for p in list(spec["phrases"]) + list(spec.get("exclude") or [])}
             for t, spec in taxonomy.items()}
    out.canon = canonical_forms(nlp, {w for ps in words.values() for ws in ps.values() for w in ws
                                      if w not in (WILDCARD, "-")})
    for topic, spec in taxonomy.items():
        out.descriptions[topic] = spec.get("description", "")
        for phrase in spec["phrases"]:
            if not any(w not in (WILDCARD, "-") for w in words[topic][phrase]):
                raise PipelineError(f"topic '{topic}': phrase {phrase!r} has no word to match")
            key = f"{topic}\x1f{phrase}"
            out.matcher.add(key, words[topic][phrase], out.canon)
            out.keys[nlp.vocab.strings[key]] = (topic, phrase)
        for x in spec.get("exclude") or []:
            if any(w not in (WILDCARD, "-") for w in words[topic][x]):
                out.excluder.add(topic, words[topic][x], out.canon)
    return out


def lemma_doc(compiled: CompiledTaxonomy, sent_lemmas: list[list[str]]) -> tuple[Doc, list[tuple[int, int]]]:
    """A Doc of canonical lemma forms (no pipeline run) and each token's (sentence, position)."""
    canon = compiled.canon
    words, where = [], []
    for s, lemmas in enumerate(sent_lemmas):
        for i, lem in enumerate(lemmas):
            words.append(canon.get(lem, lem) or "_")
            where.append((s, i))
    return Doc(compiled.vocab, words=words), where


def find_hits(sent_lemmas: list[list[str]], compiled: CompiledTaxonomy) -> list[Hit]:
    """Every phrase match inside one sentence, minus sentences an exclusion vetoes for that topic."""
    if not any(sent_lemmas):
        return []
    doc, where = lemma_doc(compiled, sent_lemmas)
    vetoed = set()
    for match_id, start, end in compiled.excluder(doc):
        if where[start][0] == where[end - 1][0]:
            vetoed.add((compiled.vocab.strings[match_id], where[start][0]))
    hits = set()
    for match_id, start, end in compiled.matcher(doc):
        (s, first), (s_last, last) = where[start], where[end - 1]
        topic, phrase = compiled.keys[match_id]
        if s == s_last and (topic, s) not in vetoed:
            hits.add(Hit(topic, s, first, last + 1, phrase))
    return sorted(hits, key=lambda h: (h.topic, h.sentence, h.first, -h.last, h.phrase))


def tag(sent_lemmas: list[list[str]], compiled: CompiledTaxonomy) -> dict[str, list[int]]:
    """Topic -> sorted indices of sentences that match one of its phrases (and no exclusion)."""
    out: dict[str, set[int]] = {}
    for h in find_hits(sent_lemmas, compiled):
        out.setdefault(h.topic, set()).add(h.sentence)
    return {t: sorted(s) for t, s in out.items()}


def covers(compiled: CompiledTaxonomy, lemmas: list[str]) -> bool:
    """True when some taxonomy phrase matches inside this lemma sequence (used to skip known terms)."""
    return bool(lemmas) and bool(find_hits([lemmas], compiled))


def article_topics(analysis: dict, text: str, compiled: CompiledTaxonomy, article_id: str) -> tuple[list[dict], list[dict]]:
    """One article's topic rows (share of sentences) and evidence rows (sentence, offsets, matched text)."""
    hits = find_hits(analysis["sent_lemmas"], compiled)
    offsets = analysis["sent_offsets"]
    n = max(len(analysis["sentences"]), 1)
    first_hit: dict[tuple[str, int], Hit] = {}
    for h in hits:  # sorted: earliest, then longest match of each (topic, sentence) first
        first_hit.setdefault((h.topic, h.sentence), h)
    per_topic: dict[str, int] = {}
    evidence = []
    for (topic, s), h in sorted(first_hit.items()):
        per_topic[topic] = per_topic.get(topic, 0) + 1
        start, end = analysis["sentences"][s]
        toks = offsets[s]
        evidence.append({"article_id": article_id, "topic": topic, "sentence": text[start:end],
                         "start": start, "end": end,
                         "phrase": text[toks[h.first][0]:toks[h.last - 1][1]]})
    scores = [{"article_id": article_id, "topic": t, "score": round(k / n, 4)} for t, k in sorted(per_topic.items())]
    return scores, evidence
