"""A firm spelled as its own mail domain is that firm, and its fake is named after the fake domain.

Found on a hand-written Outlook message: ``Anna Kowalski | Logistics Manager | Northwind Traders`` kept its firm
while ``anna@northwind-traders.com`` became ``@whitehead-ellis.info``. Planted: made-up firms of one to three
words (no tagger knows them), their domains joined by nothing, ``-`` or ``.``, in signatures and prose.
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text.domain_orgs import domain_org_spans
from simulacra.text.engine import Deidentifier

_SYLLABLES = ["vor", "tal", "quen", "bri", "mox", "dar", "lin", "zef", "kor", "pim", "sel", "tru"]


_TRADES = ["Traders", "Logistics", "Analytics", "Freight", "Foods", "Labs", "Robotics", "Textiles"]


def _firm(rng: random.Random) -> list[str]:
    """A made-up name and a trade word ("Vortal Freight"): a firm no tagger knows."""
    return ["".join(rng.sample(_SYLLABLES, 2)).capitalize(), rng.choice(_TRADES)]


def _message(seed: int) -> tuple[str, str, str]:
    rng = random.Random(seed)
    words = _firm(rng)
    firm = " ".join(words)
    domain = rng.choice(["", "-"]).join(w.lower() for w in words) + rng.choice([".com", ".io", ".co.uk"])
    text = (
        f"From: Ann Moss <ann.moss@{domain}>\nTo: Lee Park <lee@example-partner.org>\n\n"
        f"Hi Lee,\n\nthe {firm} team will ship on Friday.\n\nAnn Moss | Buyer | {firm}\nann.moss@{domain}\n"
    )
    return text, firm, domain


def test_a_firm_spelled_as_its_domain_is_rewritten_as_the_fake_domains_firm() -> None:
    """Typed a firm (by the domain rule, or by the tagger), the firm's fake is the fake domain's firm; typed
    otherwise by the tagger (a place), it is still rewritten: never left as it was."""
    as_firm = 0
    for seed in range(8):
        text, firm, domain = _message(seed)
        d = Deidentifier(seed=seed)
        out = d.deidentify(text).text
        assert firm not in out and domain not in out, out
        if not any(s.label == "ORGANIZATION" and text[s.start : s.end] == firm for s in d.analyze(text)):
            continue
        as_firm += 1
        found = re.search(r"<[^@>]+@([^>]+)>", out.split("\n")[0])
        assert found is not None, out
        fake_firm = "-".join(w.capitalize() for w in found.group(1).split(".")[0].split("-"))
        assert out.count(fake_firm) == 2, (out, fake_firm)
    assert as_firm >= 4  # most of these made-up firms are read as firms


def test_what_is_no_firm_of_a_domain_is_not_taken_for_one() -> None:
    text = (
        "From: tom@gmail.com\nCc: vince@johnson.net, ops@enron-online.com\n\n"
        "Gmail is down. Johnson said so; see https://www.enron-online.com/EnronOnline and ops@enron-online.com.\n"
    )
    found = [text[s.start : s.end] for s in domain_org_spans(text)]
    assert "Gmail" not in found  # free mail names no firm
    assert not any("@" in f or "/" in f for f in found)  # never inside an address or a URL
    assert found == [] or all(f in ("Enron Online",) for f in found)


@pytest.mark.parametrize("seed", range(3))
def test_a_person_named_like_no_domain_is_untouched(seed: int) -> None:
    rng = random.Random(100 + seed)
    words = _firm(rng)
    text = f"From: x@{'-'.join(w.lower() for w in words)}.com\n\nMaria Lopez called.\n"
    assert [text[s.start : s.end] for s in domain_org_spans(text)] == []
