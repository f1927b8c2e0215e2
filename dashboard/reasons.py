"""Why a sentence counts as a meeting, in plain words: the pipeline's reason codes (meetings.reason).

Kept apart and small so the labels module can take it over; an unknown code reads as its words.
"""
from __future__ import annotations

import pandas as pd

REASONS = {
    "subject-object": "one names the other as whom they met, received or called",
    "coordination": "both named together as meeting",
    "counterpart": "the other is named as the counterpart",
    "passive": "one was received, welcomed or briefed by the other",
    "nominal": "talks or a meeting between or with them",
    "possessive": "his, her or their talks or meeting with the other",
    "plural-anaphora": "\"they\" or \"the two …\" stands for both",
    "also-took-part": "took part in the other side's meeting",
    "call": "a phone call between them",
    "message": "a letter or message from one to the other",
}


def words(code) -> str:
    """A reason code in words; empty for none (builds from before the column)."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    return REASONS.get(str(code), str(code).replace("-", " ").replace("_", " "))
