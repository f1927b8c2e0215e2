"""Shared data and the pure functions over it: name folding and transliteration, countries, places, titles, dates.

One module per kind of data, imported by every stage that needs it. The per-article
NLP reads it, so it is part of the parse-cache fingerprint (with `nlp/`).
"""
