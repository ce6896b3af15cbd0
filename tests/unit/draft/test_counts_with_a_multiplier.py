"""A count said with a multiplier ("2.5 million readers", "3 billion calls", "9 thousand game sessions") drafts
the tables a count in digits drafts ("2,500,000 readers"), with the same rows: the multiplier is the count's word,
never the noun's ("million_readers" at a news site, where readers are no catalogue kind of the setting), and a
compound after it keeps its modifier ("game_sessions", not "sessions"). "billion" and "bn" multiply too (a
telco's "2 billion calls" drafted 2 rows). A count above what a table may hold ("40 billion tap events") is the
request's error, naming the table — not a draft that fails to validate ("a bug; please report it")."""

from __future__ import annotations

import pytest

from simulacra.draft import draft
from simulacra.errors import SpecError
from simulacra.spec.model import MAX_ROWS

WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000}
# (setting, [(count, noun)]): settings of several domains, nouns of the catalogue, off the setting's domain,
# compounds and words the catalogue lacks
REQUESTS = [
    ("a news site", [("2.5", "readers"), ("20", "page views")]),
    ("a telco", [("1.5", "subscribers"), ("2", "calls")]),
    ("a game studio", [("1.2", "players"), ("3", "game sessions")]),
    ("a bank", [("4", "transactions"), ("2", "customers")]),
    ("a podcast network", [("3", "listeners"), ("12", "episode downloads")]),
    ("a city transit agency", [("1.5", "riders"), ("40", "tap events")]),
]


def _digits(count: str, mult: int) -> str:
    return f"{round(float(count) * mult):,}"


def _tables(request: str) -> dict[str, int]:
    return {t: spec.get("rows") for t, spec in draft(request).spec["tables"].items()}


@pytest.mark.parametrize("word", list(WORDS))
@pytest.mark.parametrize(("setting", "parts"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_a_multiplied_count_drafts_what_its_digits_draft(setting: str, parts: list[tuple[str, str]], word: str) -> None:
    mult = WORDS[word]
    said = f"{setting}: " + " and ".join(f"{c} {word} {n}" for c, n in parts)
    digits = f"{setting}: " + " and ".join(f"{_digits(c, mult)} {n}" for c, n in parts)
    over = [n for c, n in parts if round(float(c) * mult) > MAX_ROWS]
    if over:  # the request's own error, said the same way in both phrasings
        for request in (said, digits):
            with pytest.raises(SpecError, match="more than a table may hold") as err:
                draft(request)
            assert over[0].split()[-1] in str(err.value) and "a bug" not in str(err.value)
        return
    got, want = _tables(said), _tables(digits)
    assert got == want, (said, digits)
    assert not any(w in t for t in got for w in WORDS), got
    for c, n in parts:
        assert round(float(c) * mult) in got.values(), (n, got)
