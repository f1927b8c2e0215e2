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
from pathlib import Path

import yaml
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .errors import PipelineError

DEFAULT_TAXONOMY = Path(__file__).resolve().parent.parent / "config" / "topics.yaml"
TOPIC_KEYS = ("description", "phrases", "exclude")
WILDCARD = "*"
_LEMMA_POS = ("NOUN", "VERB", "ADJ")


def sentence_lemmas(doc: Doc) -> list[list[str]]:
    """Lower-cased lemmas of every sentence: all that topic tagging needs from spaCy."""
    return [[t.lemma_.lower() for t in s if not t.is_space] for s in doc.sents]


def sentence_offsets(doc: Doc) -> list[list[list[int]]]:
    """[start, end] char offsets of every token of `sentence_lemmas`, sentence by sentence."""
    return [[[t.idx, t.idx + len(t)] for t in s if not t.is_space] for s in doc.sents]


# ---------------------------------------------------------------- loading


def _line_map(node) -> dict:
    """(topic) and (topic, key) -> 1-based line of that node, for error messages."""
    lines: dict = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for knode, vnode in node.value:
        topic = knode.value
        lines.setdefault((topic,), knode.start_mark.line + 1)
        if isinstance(vnode, yaml.MappingNode):
            for k2, v2 in vnode.value:
                lines.setdefault((topic, k2.value), v2.start_mark.line + 1)
    return lines


def _duplicate_topic(node) -> tuple[str, int] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    seen = set()
    for knode, _ in node.value:
        if knode.value in seen:
            return knode.value, knode.start_mark.line + 1
        seen.add(knode.value)
    return None


def _string_list(value, allow_empty: bool) -> bool:
    return (isinstance(value, list) and (allow_empty or bool(value))
            and all(isinstance(v, str) and v.strip() for v in value))


def check_taxonomy(data, lines: dict, where: str) -> dict[str, dict]:
    """Validate the parsed YAML; raise PipelineError naming the file, line, topic and problem."""
    def fail(line_key: tuple, msg: str):
        line = lines.get(line_key) or lines.get(line_key[:1])
        raise PipelineError(f"{where}:{line}: {msg}" if line else f"{where}: {msg}")

    if not isinstance(data, dict) or not data:
        fail((), "the taxonomy must map topic names to {description, phrases, exclude}")
    out = {}
    for topic, spec in data.items():
        if not isinstance(topic, str) or not topic.strip():
            fail((str(topic),), f"topic name {topic!r} must be a non-empty string")
        if not isinstance(spec, dict):
            fail((topic,), f"topic '{topic}': expected keys description, phrases (and optional exclude)")
        unknown = sorted(set(spec) - set(TOPIC_KEYS))
        if unknown:
            fail((topic, unknown[0]), f"topic '{topic}': unknown key '{unknown[0]}' (allowed: {', '.join(TOPIC_KEYS)})")
        if not isinstance(spec.get("description"), str) or not spec["description"].strip():
            fail((topic, "description"), f"topic '{topic}': `description` must be a non-empty string")
        if not _string_list(spec.get("phrases"), allow_empty=False):
            fail((topic, "phrases"), f"topic '{topic}': `phrases` must be a non-empty list of strings "
                                     "(quote values YAML reads as numbers or yes/no)")
        if spec.get("exclude") is not None and not _string_list(spec["exclude"], allow_empty=True):
            fail((topic, "exclude"), f"topic '{topic}': `exclude` must be a list of strings")
        out[topic.strip()] = {"description": spec["description"].strip(),
                              "phrases": [p.strip() for p in spec["phrases"]],
                              "exclude": [p.strip() for p in spec.get("exclude") or []]}
    return out


def parse_taxonomy(text: str, where: str = "<taxonomy>") -> dict[str, dict]:
    """Parse and check taxonomy YAML text: topic -> {description, phrases, exclude}."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PipelineError(f"{where}{line}: not valid YAML ({problem})") from None
    dup = _duplicate_topic(root)
    if dup:
        raise PipelineError(f"{where}:{dup[1]}: topic '{dup[0]}' is defined twice")
    return check_taxonomy(data, _line_map(root), where)


def load_taxonomy(path: Path = DEFAULT_TAXONOMY) -> dict[str, dict]:
    """Read and check the taxonomy YAML file: topic -> {description, phrases, exclude}."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: cannot read topic taxonomy ({exc})") from None
    return parse_taxonomy(text, str(path))


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class Hit:
    """One phrase match: topic, sentence index and the matched tokens [first, last) in that sentence."""

    topic: str
    sentence: int
    first: int
    last: int
    phrase: str  # the taxonomy phrase that matched


@dataclass
class CompiledTaxonomy:
    """Token patterns of every phrase and exclusion, ready to run on lemma-only Docs."""

    vocab: object
    matcher: Matcher
    excluder: Matcher
    keys: dict[int, tuple[str, str]] = field(default_factory=dict)  # match id -> (topic, phrase)
    descriptions: dict[str, str] = field(default_factory=dict)


def _plurals(lemma: str) -> set[str]:
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return {lemma[:-1] + "ies"}
    return {lemma + "s", lemma + "es"} if lemma.endswith(("s", "x", "ch", "sh")) else {lemma + "s"}


def word_forms(nlp, word: str) -> list[str]:
    """Lemmas a word can take in running text: itself, its noun/verb/adjective lemmas and their plurals."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    forms = {word.lower()}
    if lemmatizer is not None and hasattr(lemmatizer, "rule_lemmatize"):
        for pos in _LEMMA_POS:
            tok = Doc(nlp.vocab, words=[word], pos=[pos])[0]
            forms.update(lem.lower() for lem in lemmatizer.rule_lemmatize(tok))
    # headline Title Case is often tagged PROPN and left uninflected: accept simple plurals too
    forms.update(p for f in list(forms) if f.isalpha() for p in _plurals(f))
    return sorted(forms)


def phrase_pattern(nlp, phrase: str) -> list[dict]:
    """Matcher pattern of one phrase: a lemma set per word, optional hyphens, `*` = at most one word."""
    toks = [t.text for t in nlp.make_doc(phrase) if not t.is_space]
    while toks and toks[0] == WILDCARD:
        toks.pop(0)
    while toks and toks[-1] == WILDCARD:
        toks.pop()
    pattern = []
    for t in toks:
        if t == WILDCARD:
            pattern.append({"OP": "?"})
        elif t == "-":
            pattern.append({"LEMMA": "-", "OP": "?"})
        else:
            pattern.append({"LEMMA": {"IN": word_forms(nlp, t)}})
    return pattern


def compile_taxonomy(nlp, taxonomy: dict[str, dict]) -> CompiledTaxonomy:
    """Turn every phrase and exclusion into Matcher patterns (once per build)."""
    out = CompiledTaxonomy(vocab=nlp.vocab, matcher=Matcher(nlp.vocab), excluder=Matcher(nlp.vocab))
    for topic, spec in taxonomy.items():
        out.descriptions[topic] = spec.get("description", "")
        for phrase in spec.get("phrases", []):
            pattern = phrase_pattern(nlp, phrase)
            if not any("LEMMA" in p for p in pattern):
                raise PipelineError(f"topic '{topic}': phrase {phrase!r} has no word to match")
            key = f"{topic}\x1f{phrase}"
            out.matcher.add(key, [pattern])
            out.keys[nlp.vocab.strings[key]] = (topic, phrase)
        excludes = [p for p in (phrase_pattern(nlp, x) for x in spec.get("exclude") or []) if p]
        if excludes:
            out.excluder.add(topic, excludes)
    return out


def lemma_doc(vocab, sent_lemmas: list[list[str]]) -> tuple[Doc, list[tuple[int, int]]]:
    """A Doc built from cached lemmas (no pipeline run) and each token's (sentence, position)."""
    words, where = [], []
    for s, lemmas in enumerate(sent_lemmas):
        for i, lem in enumerate(lemmas):
            words.append(lem or "_")
            where.append((s, i))
    return Doc(vocab, words=words, lemmas=words), where


def find_hits(sent_lemmas: list[list[str]], compiled: CompiledTaxonomy) -> list[Hit]:
    """Every phrase match inside one sentence, minus sentences an exclusion vetoes for that topic."""
    if not any(sent_lemmas):
        return []
    doc, where = lemma_doc(compiled.vocab, sent_lemmas)
    vetoed = set()
    for match_id, start, end in (compiled.excluder(doc) if len(compiled.excluder) else []):
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
