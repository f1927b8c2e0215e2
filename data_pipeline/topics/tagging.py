"""Topic tagging per sentence on cached lemmas, with spaCy's PhraseMatcher, read in context.

Phrases of the taxonomy (taxonomy.py) are matched on lemmas, so "arms supply" also finds
"arms supplies", "supplying arms", "Arms Supplies". A hyphen inside a phrase is optional in the
text ("cease-fire" finds "cease fire" and "ceasefire" written as one token), and `*` stands for
at most one word ("exchange of * body" finds "exchange of the bodies"). An `exclude` phrase
vetoes the topic's matches it overlaps ("border" is not read in "beyond its borders"). An
`objects` rule pairs an action word with its object in the parse ("bought ... fighter jets",
"purchase of howitzers", the arcs of `nlp/arcs.py`). A match counts only on the article's own
text and not inside a name (context.py). Matching reads only the per-article analysis, so a
taxonomy edit never needs spaCy to re-parse.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from data_pipeline.errors import PipelineError
from data_pipeline.topics import context

WILDCARD = "*"
_LEMMA_POS = ("NOUN", "VERB")


# ---------------------------------------------------------------- matching


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
            if 0 < i < len(forms) - 1:  # ... and may be kept inside one token ("cease-fire", "военно-технический")
                variants.add(tuple(forms[:i - 1]) + ("".join(forms[i - 1:i + 2]),) + tuple(forms[i + 2:]))
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
            joined = spans.get(ids[0])
            if not joined:
                continue  # no first segment in this Doc: nothing to join (most gapped phrases, most Docs)
            for seg, gap in zip(ids[1:], gaps):
                ends_at: dict[int, list[int]] = {}
                for start, end in spans.get(seg, []):
                    ends_at.setdefault(start, []).append(end)
                joined = [(s0, e1) for s0, e0 in joined for g in range(gap + 1) for e1 in ends_at.get(e0 + g, [])]
            out += [(key, s0, e1) for s0, e1 in sorted(set(joined))]
        return out


@dataclass
class CompiledTaxonomy:
    """Phrases, exclusions and objects rules of every topic, ready to run on Docs of cached lemmas.

    Every lemma a phrase word can take maps to one canonical form (`canon`), so matching
    compares plain strings (fast) instead of testing sets of lemmas token by token.
    """

    vocab: object
    matcher: PhraseSet
    excluder: PhraseSet
    canon: dict[str, str] = field(default_factory=dict)  # lemma -> canonical form of its word
    keys: dict[int, tuple[str, str]] = field(default_factory=dict)  # match id -> (topic, phrase)
    excludes: dict[int, str] = field(default_factory=dict)  # exclusion match id -> topic
    objects: list[tuple[str, str, str]] = field(default_factory=list)  # (topic, action key, object key)
    sides: set[int] = field(default_factory=set)  # match ids of objects-rule sides (not hits themselves)
    descriptions: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


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


def _ru_normal(word: str) -> str:
    """Lower case, "ё" as "е": how the Russian path writes lemmas."""
    return word.lower().replace("ё", "е")


def russian_lemma(word: str) -> str:
    """The lemma of a Russian phrase word: the word itself when the dictionary knows it as a lemma (phrases are
    written in dictionary forms), else its most likely lemma ("мирного" → "мирный")."""
    from data_pipeline.nlp.ru.lemmas import word_lemmas

    lemmas = word_lemmas(word)
    return _ru_normal(word) if _ru_normal(word) in lemmas else lemmas[0]


def _russian_words(phrase: str, ru_lemma: Callable[[str], str] | None) -> list[str]:
    """A Russian phrase's words as lemmas (`ru_lemma`, else as written: phrases are written in base forms)."""
    words = phrase.replace("-", " - ").split()
    return [w if w in (WILDCARD, "-") else (ru_lemma(w) if ru_lemma else _ru_normal(w)) for w in words]


def _phrase_lists(nlp, spec: dict, ru_lemma) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(phrase -> words, exclusion -> words) of one topic, English and Russian together."""
    phrases = {p: _phrase_words(nlp, p) for p in spec["phrases"]}
    phrases.update({p: _russian_words(p, ru_lemma) for p in spec.get("ru", {}).get("phrases", [])})
    excludes = {x: _phrase_words(nlp, x) for x in spec.get("exclude") or []}
    excludes.update({x: _russian_words(x, ru_lemma) for x in spec.get("ru", {}).get("exclude", [])})
    return phrases, excludes


def _words(phrase_words: list[str]) -> list[str]:
    return [w for w in phrase_words if w not in (WILDCARD, "-")]


def taxonomy_plan(nlp, taxonomy: dict[str, dict], ru_lemma: Callable[[str], str] | None = None) -> dict:
    """What compiling the taxonomy needs the model for, as plain lists and dicts: each topic's phrase and exclusion
    words (tokenised; Russian ones lemmatised by `ru_lemma`), its objects rules' words, and the canonical form of
    every lemma a phrase word can take. A process may keep it (run/cache.py: `taxonomy_plan`) and compile from it
    without the tokenizer and lemmatizer, ~2/3 of the compile."""
    lists = {t: _phrase_lists(nlp, spec, ru_lemma) for t, spec in taxonomy.items()}
    rules = {t: [{side: {p: _phrase_words(nlp, p) for p in rule[side]} for side in ("action", "object")}
                 for rule in spec.get("objects") or []] for t, spec in taxonomy.items()}
    english = {w for t, spec in taxonomy.items() for p in list(spec["phrases"]) + list(spec.get("exclude") or [])
               for w in _words(_phrase_words(nlp, p))}
    english |= {w for rs in rules.values() for rule in rs for side in rule.values()
                for ws in side.values() for w in _words(ws)}
    return {"phrases": {t: phrases for t, (phrases, _) in lists.items()},
            "excludes": {t: excludes for t, (_, excludes) in lists.items()},
            "rules": rules, "canon": canonical_forms(nlp, english)}


def compile_taxonomy(nlp, taxonomy: dict[str, dict], ru_lemma: Callable[[str], str] | None = None,
                     plan: dict | None = None) -> CompiledTaxonomy:
    """Turn every phrase, exclusion and objects rule into matcher patterns (once per build).

    `ru_lemma` lemmatises the words of Russian phrases; without it they are matched as written. `plan`: this
    taxonomy's `taxonomy_plan` under this model, when worked out already (the same patterns, sooner).
    """
    plan = plan if plan is not None else taxonomy_plan(nlp, taxonomy, ru_lemma)
    out = CompiledTaxonomy(vocab=nlp.vocab, matcher=PhraseSet(nlp.vocab), excluder=PhraseSet(nlp.vocab))
    out.canon = plan["canon"]
    for topic, spec in taxonomy.items():
        out.descriptions[topic] = spec.get("description", "")
        out.groups[topic] = spec.get("group", "other")
        for phrase, words in plan["phrases"][topic].items():
            if not _words(words):
                raise PipelineError(f"topic '{topic}': phrase {phrase!r} has no word to match")
            key = f"{topic}\x1f{phrase}"
            out.matcher.add(key, words, out.canon)
            out.keys[nlp.vocab.strings[key]] = (topic, phrase)
        for x, words in plan["excludes"][topic].items():
            if _words(words):
                key = f"{topic}\x1fnot\x1f{x}"  # one key per exclusion: gapped ones must not share segments
                out.excluder.add(key, words, out.canon)
                out.excludes[nlp.vocab.strings[key]] = topic
        for i, rule in enumerate(plan["rules"][topic]):
            keys = []
            for side, words_of in rule.items():
                key = f"{topic}\x1fobjects{i}\x1f{side}"
                for phrase, words in words_of.items():
                    if _words(words):
                        out.matcher.add(f"{key}\x1f{phrase}", words, out.canon)
                        mid = nlp.vocab.strings[f"{key}\x1f{phrase}"]
                        out.sides.add(mid)
                        out.keys[mid] = (key, phrase)
                keys.append(key)
            out.objects.append((topic, keys[0], keys[1]))
    return out


def lemma_doc(compiled: CompiledTaxonomy, sent_lemmas: list[list[str]]) -> tuple[Doc, list[tuple[int, int]]]:
    """A Doc of canonical lemma forms (no pipeline run) and each token's (sentence, position)."""
    canon = compiled.canon
    words = [canon.get(lem, lem) or "_" for lemmas in sent_lemmas for lem in lemmas]
    where = [(s, i) for s, lemmas in enumerate(sent_lemmas) for i in range(len(lemmas))]
    return Doc(compiled.vocab, words=words), where


def _object_hits(compiled: CompiledTaxonomy, sides: list[tuple[str, str, int, int, int]],
                 arcs: set[tuple[int, int, int]]) -> set[Hit]:
    """Hits of objects rules: an `action` match governing an `object` match in the parse (an arc between them)."""
    by_side: dict[str, list[tuple[int, int, int, str]]] = {}
    for side, phrase, s, first, last in sides:
        by_side.setdefault(side, []).append((s, first, last, phrase))
    hits = set()
    for topic, action_key, object_key in compiled.objects:
        for s, a0, a1, pa in by_side.get(action_key, []):
            for s2, o0, o1, po in by_side.get(object_key, []):
                if s2 == s and any((s, g, d) in arcs for g in range(a0, a1) for d in range(o0, o1)):
                    first, last = min(a0, o0), max(a1, o1)
                    hits.add(Hit(topic, s, first, last, f"{pa} … {po}" if a0 <= o0 else f"{po} … {pa}"))
    return hits


def find_hits(sent_lemmas: list[list[str]], compiled: CompiledTaxonomy, names: context.Names | None = None,
              skip: set[int] = frozenset(), arcs: list[list[int]] | None = None) -> list[Hit]:
    """Every match inside one sentence, minus those an exclusion of their topic overlaps.

    `names`: sentence -> name spans (context.names_by_sentence); a match inside a name, off its head, is dropped.
    `skip`: sentences that are not the article's own text (context.outside_sentences).
    `arcs`: the analysis' object arcs ([sentence, governor, dependent]) that objects rules read.
    """
    if not any(sent_lemmas):
        return []
    doc, where = lemma_doc(compiled, sent_lemmas)
    vetoes: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for match_id, start, end in compiled.excluder(doc):
        if where[start][0] == where[end - 1][0]:
            vetoes.setdefault((compiled.excludes[match_id], where[start][0]), []).append(
                (where[start][1], where[end - 1][1] + 1))
    names = names or {}
    hits, sides = set(), []
    for match_id, start, end in compiled.matcher(doc):
        (s, first), (s_last, last) = where[start], where[end - 1]
        if s != s_last or s in skip or context.inside_name(first, last + 1, names.get(s, ())):
            continue
        key, phrase = compiled.keys[match_id]
        if match_id in compiled.sides:
            sides.append((key, phrase, s, first, last + 1))
        else:
            hits.add(Hit(key, s, first, last + 1, phrase))
    if sides and arcs:
        hits |= _object_hits(compiled, sides, {tuple(a) for a in arcs})
    kept = [h for h in hits if not any(a < h.last and h.first < b for a, b in vetoes.get((h.topic, h.sentence), ()))]
    return sorted(kept, key=lambda h: (h.topic, h.sentence, h.first, -h.last, h.phrase))


def tag(sent_lemmas: list[list[str]], compiled: CompiledTaxonomy) -> dict[str, list[int]]:
    """Topic -> sorted indices of sentences that match one of its phrases (and no exclusion)."""
    out: dict[str, set[int]] = {}
    for h in find_hits(sent_lemmas, compiled):
        out.setdefault(h.topic, set()).add(h.sentence)
    return {t: sorted(s) for t, s in out.items()}


def covers(compiled: CompiledTaxonomy, lemmas: list[str]) -> bool:
    """True when some taxonomy phrase matches inside this lemma sequence (used to skip known terms)."""
    return bool(lemmas) and bool(find_hits([lemmas], compiled))


def article_hits(analysis: dict, text: str, compiled: CompiledTaxonomy) -> list[Hit]:
    """Every match of one analysed article, read in context: own text only, not inside names, with its arcs."""
    return find_hits(analysis["sent_lemmas"], compiled, context.names_by_sentence(analysis.get("name_spans")),
                     context.outside_sentences(text, analysis["sentences"]), analysis.get("arcs"))


def article_topics(analysis: dict, text: str, compiled: CompiledTaxonomy, article_id: str) -> tuple[list[dict], list[dict]]:
    """One article's topic rows (share of sentences, group) and evidence rows (sentence, offsets, matched text)."""
    offsets = analysis["sent_offsets"]
    hits = article_hits(analysis, text, compiled)
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
    scores = [{"article_id": article_id, "topic": t, "score": round(k / n, 4), "group": compiled.groups.get(t, "other")}
              for t, k in sorted(per_topic.items())]
    return scores, evidence
