"""Organisation fills never named as a list of partners ('Krueger, Miranda and Parrish'): the English locales'
companies are about 40% of that form, which teaches a tagger that an organisation span runs on over commas and
'and' — a class of label-shape noise, checked on a generated corpus of long organisation slots."""

from __future__ import annotations

import random

from simulacra.augment import LabelledDoc, augment
from simulacra.augment._skeletons import partnership

OPENINGS = ("Shares of", "Analysts at", "Workers at", "A spokesman for", "Lawyers for", "Investors in")
VERBS = ("said talks with", "agreed to buy", "sued", "will merge with", "cut jobs at", "signed a deal with")
ENDINGS = ("on Monday .", ", a spokesman said .", "next week .", "after a strike .", "for the first time .", ".")
FIRMS = ("Acme Trading Group", "Northwind Shipping Lines", "Globex Steel Works", "Initech Data Systems")


def corpus(seed: int, n: int = 120) -> list[LabelledDoc]:
    """Sentences of an opening, an organisation, a verb, an organisation and an ending; the organisations are two
    or three words long (slots filled as companies or the news forms)."""
    rng = random.Random(seed)
    docs = []
    for _ in range(n):
        text, spans = "", []
        for part in (rng.choice(OPENINGS), "{ORG}", rng.choice(VERBS), "{ORG}", rng.choice(ENDINGS)):
            text += " " if text else ""
            if part == "{ORG}":
                part = rng.choice(FIRMS)
                spans.append((len(text), len(text) + len(part), "ORG"))
            text += part
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs


def test_partnership_names_are_recognised() -> None:
    assert partnership("Krueger, Miranda and Parrish")
    assert partnership("Erickson and Sons")
    assert not partnership("Mcneil LLC") and not partnership("Benitez-Melton") and not partnership("Hettner AG")


def test_organisation_fills_are_never_a_list_of_partners() -> None:
    out, report = augment(corpus(3), 400, seed=4, split=False, locales=("en_US", "en_GB"))
    assert report.documents == 400
    orgs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]
    longer = [o for o in orgs if " " in o]
    assert len(longer) > 300  # the long slots were filled (companies among them), so the check has work
    assert [o for o in orgs if "," in o or " and " in o] == []
