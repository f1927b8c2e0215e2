"""Russian lemmas: the pymorphy2 dictionary form that agrees with the tagger's part of speech and features.

Lower-cased, "ё" written "е", as natasha does. Memoised per (word, tag): a corpus repeats its words,
and a dictionary look-up costs about half a millisecond. `phrase_words` and `word_lemmas` are for the
topic taxonomy: a Russian phrase is tokenised as the text is, and each word may take every lemma the
dictionary gives it (no sentence to choose from).
"""
from __future__ import annotations

from functools import lru_cache

from razdel import tokenize

from data_pipeline.nlp.ru.model import load_models


def normal_word(word: str) -> str:
    """Lower case, "ё" as "е"."""
    return word.lower().replace("ё", "е")


def _feats(morph: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in morph.split("|") if "=" in kv)


@lru_cache(maxsize=1 << 17)
def lemma(word: str, pos: str, morph: str) -> str:
    """Lemma of `word` tagged `pos` with UD features `morph` ("Case=Gen|Number=Sing")."""
    if not any(c.isalpha() for c in word):
        return normal_word(word)
    from natasha.morph.lemma import lemmatize

    return lemmatize(load_models().vocab, word, pos, _feats(morph))


@lru_cache(maxsize=1 << 14)
def word_lemmas(word: str) -> tuple[str, ...]:
    """Every lemma the dictionary gives a word out of context, the most likely first (the word itself if none)."""
    low = normal_word(word)
    if not any(c.isalpha() for c in low):
        return (low,)
    out: list[str] = []
    for form in load_models().vocab(low):
        norm = normal_word(form.normal)
        if norm not in out:
            out.append(norm)
    return tuple(out) or (low,)


def phrase_words(phrase: str) -> list[str]:
    """The words of a phrase as the Russian path tokenises text ("военно-техническое сотрудничество" → 2 words)."""
    return [t.text for t in tokenize(phrase)]


def phrase_lemmas(phrase: str) -> list[str]:
    """The most likely lemma of each word of a phrase."""
    return [word_lemmas(w)[0] for w in phrase_words(phrase)]
