"""Corpus-wide entity resolution: group mention surfaces into entities with stable ids."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from unidecode import unidecode


def name_key(surface: str) -> str:
    """Accent-, case- and punctuation-insensitive key of a surface form."""
    s = unidecode(surface).lower()
    s = re.sub(r"['’`]s\b", "", s)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def slug(text: str) -> str:
    return name_key(text).replace(" ", "-") or "x"


def resolve(docs: list[tuple[str, list[dict]]]) -> tuple[list[dict], dict[tuple[str, int], str]]:
    """Group mentions of all articles into entities.

    `docs` is [(article_id, mentions)]. Returns (entities, {(article_id, mention index): entity_id}).
    A one-word person mention joins the full name ending in it in the same article,
    else the only full name in the corpus ending in it.
    """
    labels: dict[str, Counter] = defaultdict(Counter)
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for _, ments in docs:
        for m in ments:
            k = name_key(m["text"])
            if k:
                labels[k][m["label"]] += 1
                surfaces[k][m["text"]] += 1
    full_by_last: dict[str, set[str]] = defaultdict(set)
    for k, c in labels.items():
        if c.most_common(1)[0][0] == "PERSON" and " " in k:
            full_by_last[k.rsplit(" ", 1)[1]].add(k)

    canon: dict[tuple[str, int], str] = {}
    for aid, ments in docs:
        local_full = {name_key(m["text"]) for m in ments if " " in name_key(m["text"])}
        for i, m in enumerate(ments):
            k = name_key(m["text"])
            if not k:
                continue
            if " " not in k and k in full_by_last:
                here = [f for f in full_by_last[k] if f in local_full]
                cands = here or sorted(full_by_last[k])
                if len(here) == 1 or (not here and len(cands) == 1):
                    k = cands[0]
            canon[(aid, i)] = k

    by_article = dict(docs)
    members: dict[str, set[str]] = defaultdict(set)
    for (aid, i), k in canon.items():
        members[k].add(name_key(by_article[aid][i]["text"]))
    entities, ids = [], {}
    for k in sorted(members):
        vote = Counter()
        alias = Counter()
        for member in sorted(members[k]):  # sorted: set order varies between processes
            vote.update(labels[member])
            alias.update(surfaces[member])
        etype = vote.most_common(1)[0][0]
        name = max(surfaces[k].items(), key=lambda kv: (kv[1], kv[0]))[0] if surfaces[k] else k
        eid = f"{etype.lower()}:{slug(k)}"
        ids[k] = eid
        entities.append({"entity_id": eid, "name": name, "type": etype,
                         "aliases": sorted(alias), "country": None})
    return entities, {key: ids[k] for key, k in canon.items()}
