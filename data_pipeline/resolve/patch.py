"""Resolve added articles against the previous build's resolution state, without re-linking the old articles.

Usage (the delta build): keep `resolve(...).state` from the full pass (`aggregates.dumps`/`loads`
store it). On the next build call

    res = patch(state, added=[(article_id, mentions, published), ...], removed=[], dates=None,
                actors=config.actors, corrections=config.corrections)

`res is None` means "resolve the whole corpus" (`resolve.resolve`); the state passed in is spoiled
either way (it is updated in place: load a fresh copy to patch again). Otherwise `res.ids` holds
the entity id of every mention of the added articles, `res.roles` and `res.reasons` their rows,
`res.entities` the complete entity rows of the whole corpus and `res.state` the state for the next
build; the rows of every old article are unchanged, so the previous build's rows plus these equal a
full pass over the final corpus, exactly.

It is None when a decision that an old article relied on came out differently with the new
articles (a cluster founded, joined or re-indexed otherwise, a changed vote winner, a lone surname
now meaning someone else, a title mention now naming another holder, a changed entity id, …),
when articles are removed or an old article id comes again (an edit), when the knowledge base
differs from the state's, and when analyst corrections are in force (they rename entities corpus-wide).
"""
from __future__ import annotations

from datetime import date

from data_pipeline.resolve.actors import Actor
from data_pipeline.resolve.aggregates import State
from data_pipeline.resolve.corrections import Corrections
from data_pipeline.resolve.entities import Resolution, advance


def patch(state: State | None, added: list[tuple[str, list[dict], date | None]], removed=(),
          dates: dict[str, date | None] | None = None, actors: list[Actor] | None = None,
          corrections: Corrections | None = None) -> Resolution | None:
    """The resolution of `added` on top of `state` (see the module docstring), or None: resolve in full."""
    actors = list(actors or [])
    ids = [aid for aid, _, _ in added]
    if (state is None or removed or state.corrected or (corrections is not None and not corrections.empty())
            or tuple(actors) != state.actors or len(set(ids)) != len(ids) or state.articles.intersection(ids)):
        return None
    when = {**(dates or {}), **{aid: published for aid, _, published in added}}
    return advance(state, [(aid, ms) for aid, ms, _ in added], when, actors, Corrections())
