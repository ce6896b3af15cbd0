"""Fills of the kinds news writes: longer organisations are clubs, ministries, newsrooms and corporations besides
firms — yet never one the source names, even when the source names exactly those forms.

The corpus is generated: news-like sentences whose organisations are planted in the very forms the fills take
('Finance Ministry', 'Leeds United'), so the guard has the most to refuse where the fills pull."""

from __future__ import annotations

import random
from collections import Counter

from simulacra.augment import EntityGuard, LabelledDoc, augment

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
