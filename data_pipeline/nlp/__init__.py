"""Per-article NLP: exactly the code whose results the parse cache keeps (see `run/cache.py`).

spaCy model loading (`spacy_model`, `attribute_rules`), then `analyse.analyse(doc)`:
mentions, meeting statements (triggers, participants, places, event dates), roles read
off the Doc, sentence lemmas and key phrases. It reads the shared data of `lexicon/` and
nothing else of the pipeline; a test keeps that boundary.
"""
