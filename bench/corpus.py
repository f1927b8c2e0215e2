"""Deterministic generator of realistic wire-style news articles for benchmarks.

`python bench/corpus.py OUT --articles 1000 --seed 7` writes OUT/000000.txt ...
in the input format of the pipeline (` date YYYY-MM-DD ` header, then the body).
Same seed, same files. People are invented (syllable names), a few of them
dominate the news (Zipf), sentences mix meetings, calls, visits, topics and filler.
"""
from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

SYLL = ["ka", "ro", "vi", "len", "dar", "mi", "so", "tan", "bel", "gor", "ni", "sha", "ul", "ve", "zan",
        "ter", "lo", "mar", "ic", "es", "ov", "an", "pel", "du", "ra", "sin", "ko", "bra", "el", "fi"]
FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hassan", "Irina", "Jonas", "Kemal",
         "Lucia", "Marek", "Nadia", "Omar", "Petra", "Rafael", "Sofia", "Tomas", "Vera", "Yusuf", "Zofia",
         "Ahmed", "Bianca", "Chen", "Dmitri", "Ewa", "Felix", "Hana", "Ivan", "Julia", "Karim", "Lena"]
COUNTRIES = [("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Japan", "Japanese", "Tokyo"),
             ("Brazil", "Brazilian", "Brasilia"), ("India", "Indian", "New Delhi"), ("Kenya", "Kenyan", "Nairobi"),
             ("Turkey", "Turkish", "Ankara"), ("Poland", "Polish", "Warsaw"), ("Egypt", "Egyptian", "Cairo"),
             ("Canada", "Canadian", "Ottawa"), ("Mexico", "Mexican", "Mexico City"), ("Italy", "Italian", "Rome"),
             ("Georgia", "Georgian", "Tbilisi"), ("Kazakhstan", "Kazakh", "Astana"), ("Spain", "Spanish", "Madrid"),
             ("Vietnam", "Vietnamese", "Hanoi"), ("Nigeria", "Nigerian", "Abuja"), ("Chile", "Chilean", "Santiago")]
ROLES = ["Foreign Minister", "Defense Minister", "Prime Minister", "President", "Finance Minister",
         "Energy Minister", "Trade Minister", "Interior Minister", "Speaker of Parliament", "Health Minister"]
AGENCIES = ["NEWSWIRE", "Global Press", "Capital Times", "Daily Herald", "World Report"]
TOPICS = {
    "security": ["military cooperation", "border security", "arms control", "joint exercises", "peacekeeping"],
    "economy": ["trade turnover", "foreign investment", "inflation", "customs duties", "the budget deficit"],
    "energy": ["gas supplies", "oil prices", "nuclear power", "a new pipeline", "renewable energy projects"],
    "health": ["vaccine deliveries", "hospital funding", "the pandemic response", "medical supplies"],
    "climate": ["emission targets", "drought relief", "flood protection", "climate finance"],
}
MEET = [
    "{r1} {p1} met with {adj} {r2} {p2} in {city} on {day}.",
    "{p1} held talks with {p2}, the {adj} {r2_l}, in {city}.",
    "{r1} {p1} and {r2} {p2} discussed {t1} and {t2} during the meeting.",
    "{p1} had a telephone conversation with {adj} {r2} {p2} on {day}.",
    "{r1} {p1} received {p2}, who is on an official visit to {country0}.",
    "On {day}, {p1} is scheduled to meet {p2} to discuss {t1}.",
    "{p1} visited {city} last week, where {pron} met {r2} {p2}.",
    "A planned meeting between {p1} and {p2} was postponed, the ministry said.",
    "{r1} {p1} phoned {p2} to congratulate {obj} on the election victory.",
    "{p1} sent a message to {p2} expressing condolences over the victims of the earthquake.",
]
TOPIC = [
    "The sides noted the growth of {t1} and agreed to expand cooperation on {t2}.",
    "According to the statement, {t1} remains a priority for both governments.",
    "Officials said {t1} had risen by {n} percent compared with the same period last year.",
    "{p1} stressed the importance of {t1}, adding that {t2} would be discussed at the next summit.",
    "Experts warn that {t1} could affect {t2} in the coming months.",
    "The agreement covers {t1}, {t2} and several other areas, the {org} said in a statement.",
    "Parliament approved a bill on {t1} by {n} votes to {n2} on {day}.",
]
FILLER = [
    "The meeting was held behind closed doors, and no journalists were allowed in.",
    "Both delegations included senior officials from the ministries of foreign affairs and economy.",
    "Analysts said the talks were a sign of warming relations after years of tension.",
    "The two countries established diplomatic relations more than {n} years ago.",
    "A joint press conference is expected later in the day.",
    "The {org} did not respond to a request for comment.",
    "Local media reported that protesters gathered outside the building during the visit.",
    "The next round of consultations will take place in {city} in {month}.",
    "Earlier this month, the government announced a package of measures worth {n} million dollars.",
    "It was the first visit at this level since {year}.",
]
ORGS = ["foreign ministry", "defense ministry", "presidential press service", "government", "central bank",
        "United Nations", "European Commission", "World Bank"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def people(rng: random.Random, n: int = 400) -> list[tuple[str, str, int]]:
    """Invented people: (full name, role, country index); earlier ones are the news-makers."""
    out = []
    for _ in range(n):
        last = "".join(rng.choice(SYLL) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(["", "ov", "ez", "i", "an"])
        out.append((f"{rng.choice(FIRST)} {last}", rng.choice(ROLES), rng.randrange(len(COUNTRIES))))
    return out


def _pick_person(rng: random.Random, cast: list, power: float = 2.0):
    """Skewed pick: a few people dominate (with power 2 the top 10% appear in ~30% of picks)."""
    return cast[int(len(cast) * rng.random() ** power)]


def article(rng: random.Random, cast: list, published: date) -> str:
    """One article: header, dateline, 11-35 sentences in paragraphs."""
    p1, p2 = _pick_person(rng, cast), _pick_person(rng, cast)
    while p2 is p1:
        p2 = rng.choice(cast)
    topic = rng.choice(list(TOPICS))
    c1, c2 = COUNTRIES[p1[2]], COUNTRIES[p2[2]]
    short = lambda p: p[0].split()[-1]  # noqa: E731 - later references use the surname

    def fill(tpl: str, first: bool) -> str:
        t1, t2 = rng.sample(TOPICS[topic] + TOPICS[rng.choice(list(TOPICS))], 2)
        return tpl.format(
            r1=p1[1], r2=p2[1], r2_l=p2[1].lower(), p1=p1[0] if first else short(p1), p2=p2[0] if first else short(p2),
            adj=c2[1], city=rng.choice([c1[2], c2[2]]), country0=c1[0], day=rng.choice(DAYS), t1=t1, t2=t2,
            n=rng.randint(2, 90), n2=rng.randint(2, 90), org=rng.choice(ORGS), month=rng.choice(MONTHS),
            year=rng.randint(1995, 2020), pron="he", obj="him")

    sents = [fill(rng.choice(MEET), True)]
    for _ in range(rng.randint(10, 34)):
        pool = rng.choices([MEET, TOPIC, FILLER], weights=[2, 4, 4])[0]
        sents.append(fill(rng.choice(pool), False))
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(2, 4)
        paras.append(" ".join(sents[i:i + k]))
        i += k
    dateline = f"{c1[2].upper()}, {MONTHS[published.month - 1].upper()} {published.day}, {rng.choice(AGENCIES)}. "
    return f" date {published.isoformat()} " + dateline + "\n\n".join(paras) + "\n"


def generate(out: Path, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    """Write articles `start`..`start+n-1` of the corpus for `seed` into `out`; same seed, same files."""
    out.mkdir(parents=True, exist_ok=True)
    cast = people(random.Random(seed))
    paths = []
    for i in range(start, start + n):
        rng = random.Random(f"{seed}-{i}")
        published = date(2019, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        path = out / f"{i:06d}.txt"
        path.write_text(article(rng, cast, published), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="folder to write the articles into")
    p.add_argument("--articles", type=int, default=1000, help="how many articles (default: 1000)")
    p.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")
    p.add_argument("--start", type=int, default=0, help="index of the first article (default: 0)")
    a = p.parse_args()
    generate(a.out, a.articles, a.seed, a.start)
    print(f"wrote {a.articles} articles to {a.out}")


if __name__ == "__main__":
    main()
