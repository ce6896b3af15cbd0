"""Fills of the kinds news writes. Place fills follow the world's spread (GeoNames' populations): big countries and
cities are written often, small ones rarely — yet never one the source corpus names, even when the source names
exactly the biggest ones. Longer organisations are clubs, ministries, newsrooms and corporations besides firms —
yet never one the source names.

The corpus is generated: news-like sentences whose places are the world's most populous countries and cities
(the names a population-weighted draw favours most), so the guard has the most to refuse where the draw pulls
hardest."""

from __future__ import annotations

import random
from collections import Counter

from simulacra.augment import EntityGuard, LabelledDoc, augment
from simulacra.values._world import world_places

OPENINGS = ("Officials in", "Police in", "Traders in", "The president of", "Exports from", "Farmers in")
MIDDLES = (
    "said talks with",
    "would send troops to",
    "rose 4 percent against",
    "arrested two men from",
    "signed a trade deal with",
    "criticised the plan of",
)
ENDINGS = ("on Monday .", ", a spokesman said .", "next week .", "after a raid .", "for the first time .", ".")


def corpus(seed: int, planted: list[str], n: int = 120, label: str = "LOC") -> list[LabelledDoc]:
    """``n`` sentences of an opening, an entity, a middle, an entity and an ending, the entities (``label``) drawn
    from ``planted``."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        text, spans = "", []
        for part in (rng.choice(OPENINGS), "{LOC}", rng.choice(MIDDLES), "{LOC}", rng.choice(ENDINGS)):
            text += " " if text else ""
            if part == "{LOC}":
                part = rng.choice(planted)
                spans.append((len(text), len(text) + len(part), label))
            text += part
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs


def test_the_world_places_data_is_whole_and_sorted_by_population() -> None:
    wp = world_places()
    assert len(wp.countries) > 200 and len(wp.cities) > 5000 and sum(wp.capital) > 150
    assert list(wp.country_population) == sorted(wp.country_population, reverse=True)
    assert {"China", "India", "Brazil", "Nigeria"} <= set(wp.countries[:10])
    caps = {c for c, cap in zip(wp.cities, wp.capital, strict=True) if cap}
    assert {"Paris", "Tokyo", "Nairobi", "Lima"} <= caps


def test_place_fills_follow_population_and_never_name_a_source_place() -> None:
    wp = world_places()
    ascii_countries = [c for c in wp.countries if c.isascii() and " " not in c]
    ascii_cities = [c for c, cap in zip(wp.cities, wp.capital, strict=True) if c.isascii() and " " not in c and cap]
    planted = ascii_countries[:12] + ascii_cities[:12]  # the biggest: what the weighted draw favours most
    docs = corpus(4, planted)
    out, report = augment(docs, 600, seed=8, split=False)
    assert report.documents == 600
    guard = EntityGuard(set(planted))
    assert [d.text for d in out if not guard.safe(d.text)] == []
    locs = Counter(d.text[s:e] for d in out for s, e, lab in d.spans if lab == "LOC")
    assert sum(locs.values()) > 500
    # the next-biggest countries (not planted) are written far more often than the smallest ones: a flat draw
    # over ~250 countries gives each about the same count
    big = set(ascii_countries[12:40])
    small = set(ascii_countries[-60:])
    n_big = sum(n for v, n in locs.items() if v in big)
    n_small = sum(n for v, n in locs.items() if v in small)
    assert n_big > 4 * max(1, n_small), (n_big, n_small, locs.most_common(20))
    # and big cities of the world beyond the lexicon's list are among the fills
    cities = {c for c in wp.cities}
    assert len({v for v in locs if v in cities}) > 30


def test_longer_organisations_take_the_forms_news_names_and_never_a_source_one() -> None:
    planted = ["Finance Ministry", "Foreign Ministry", "Leeds United", "Tokyo Stock Exchange", "Smith Holdings"]
    planted += ["Interior Ministry", "Paris Newsroom", "Chelsea Rovers"]
    docs = corpus(5, planted, label="ORG")
    out, report = augment(docs, 400, seed=6, split=False)
    assert report.documents == 400
    guard = EntityGuard(set(planted))
    assert [d.text for d in out if not guard.safe(d.text)] == []
    orgs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]
    assert len(orgs) > 300
    tails = Counter(o.split()[-1] for o in orgs if " " in o)
    # clubs, ministries and corporations, not only the locales' firms ('Smith, Jones and Brown', 'Lee LLC')
    assert tails["Ministry"] > 10 and tails["United"] + tails["City"] + tails["Rovers"] > 10, tails.most_common(20)
    assert tails["Corp"] + tails["Holdings"] + tails["Group"] + tails["Bank"] > 10, tails.most_common(20)
    forms = sum(tails[t] for t in ("Ministry", "United", "City", "Rovers", "Athletic", "Wanderers", "Rangers"))
    assert forms < len(orgs) * 0.6  # a share of the fills, firms of the locales still among them
