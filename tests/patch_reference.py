"""A reference resolve.patch for tests of the delta build: exact by construction, slow on purpose.

It re-resolves the whole corpus and answers only when no old article's entity ids, roles or reason rows
changed, which is the contract of resolve/'s own `patch`; tests use it to check the delta build's
orchestration apart from the cleverness of the real patch (and the real one when present).
"""
from __future__ import annotations


def with_state(real):
    """resolve.resolve that also returns a state: every article's mentions and date, in input order."""
    def wrapped(docs, dates=None, actors=None, corrections=None):
        res = real(docs, dates=dates, actors=actors, corrections=corrections)
        res.state = {"docs": list(docs), "dates": dict(dates or {})}
        return res
    return wrapped


def exact_patch(real, calls):
    """A resolve.patch that re-resolves everything and answers only when no old article's rows changed."""
    def patch(state, added, removed=(), dates=None, actors=None, corrections=None):
        docs = state["docs"] + [(aid, mentions) for aid, mentions, _ in added]
        when = {**state["dates"], **(dates or {}), **{aid: published for aid, _, published in added}}
        before = real(state["docs"], dates=state["dates"], actors=actors, corrections=corrections)
        after = real(docs, dates=when, actors=actors, corrections=corrections)
        old = {aid for aid, _ in state["docs"]}
        if removed or old & {aid for aid, _, _ in added}:
            calls.append(False)
            return None
        if ({k: v for k, v in after.ids.items() if k[0] in old} != before.ids
                or [r for r in after.roles if r["article_id"] in old] != before.roles
                or [r for r in after.reasons if r["article_id"] in old] != before.reasons):
            calls.append(False)
            return None
        calls.append(True)
        after.ids = {k: v for k, v in after.ids.items() if k[0] not in old}
        after.roles = [r for r in after.roles if r["article_id"] not in old]
        after.reasons = [r for r in after.reasons if r["article_id"] not in old]
        after.state = {"docs": docs, "dates": when}
        return after
    return patch
