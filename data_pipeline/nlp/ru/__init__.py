"""The Russian per-article path: natasha's models into spaCy Docs, then the English path's analysis contract.

`parse` (razdel, slovnet morphology, UD syntax, NER; pymorphy2 lemmas) → `mentions` (nominative and
Latin forms, roles in English) → `meetings` (statements from the UD parse; `participants`, `triggers`,
`event_dates`) → `analyse`. `lemmas` also lemmatises taxonomy phrases for topic tagging.
"""
