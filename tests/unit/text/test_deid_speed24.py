"""deid-speed24 (issue 14): the cheap hints that gate four whole-text scans of ``structural_spans`` and one of
``_position_names``.

A hint may say yes where its scan finds nothing, never no where the scan finds a match: on every text of a
class (planted matches in several shapes, near misses, random mixes of the pieces) a match of the scan
implies a hit of its hint; and the gated loop finds exactly the scan's matches (a straightforward reference).
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text import structure as S

PAIRS = [
    ("_KIN_AFTER", "_KIN_HINT"),
    ("_TITLED_INITIALS", "_TITLED_HINT"),
    ("_LOTUS", "_LOTUS_HINT"),
    ("_NUMBER_DASH_NAME", "_NUMBER_DASH_HINT"),
    ("_PATH_NAME", "_PATH_NAME_HINT"),
]

PLANTED = {
    "_KIN_AFTER": ["Dorland & wife", "King and guest", "Ann Lee and family.", "Bob Smith &  kids", "Ed and fiancée"],
    "_TITLED_INITIALS": ["Mr. R. B. Buy", "Ms S. D. Josey", "Dr. J. Smith-Jones", "Mrs. A. McNeil", "Mr  K.O'Hara"],
    "_LOTUS": [
        "Sally Beck\n12/14/2000 10:20 AM",
        "> John Arnold \n> 1/2/01 9:05",
        "Vince J Kaminski\n\t05/11/2001 11:30 PM",
    ],
    "_NUMBER_DASH_NAME": ["ext 3-Tom Hanks.", "713-853-Sally Beck", "2–Molly's", "call 5-Kim"],
    "_PATH_NAME": [
        "EPNG/Blanco/Sally Beck/HOU",
        "x)/Tom McNeil/(ECT)",
        "a/Ann Lee-Smith/b",
        "Corp/Mark Taylor/ECT@ECT",
    ],
}
NEAR = [
    "Dorland wife",
    "Mr. Smith",
    "Dr Jones",
    "Sally Beck 12/14/2000 10:20 AM",
    "x-Tom",
    "3 - Tom",
    "and the wife's",
    "mr. r. b. buy",
    "\n12/14/2000",
    "/Sally Beck",
    "a/Ann lee/b",
    "HOU/ECT",
]


def _texts(name: str, seed: int, n: int = 200) -> list[str]:
    rng = random.Random(seed)
    pieces = PLANTED[name] + NEAR + ["Hi all,", "\n", " ", "Thanks,\nLaura", "\t", "Re: the deal", "&", "and", "7"]
    out = list(PLANTED[name]) + NEAR
    for _ in range(n):
        out.append(rng.choice(["", " ", "\n"]).join(rng.choice(pieces) for _ in range(rng.randint(1, 8))))
    return out


@pytest.mark.parametrize(("scan", "hint"), PAIRS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_match_implies_a_hint(scan: str, hint: str, seed: int) -> None:
    rx: re.Pattern[str] = getattr(S, scan)
    h: re.Pattern[str] = getattr(S, hint)
    for t in _texts(scan, seed):
        gated = list(rx.finditer(t)) if h.search(t) else []
        assert [m.span() for m in gated] == [m.span() for m in rx.finditer(t)], t


@pytest.mark.parametrize(("scan", "hint"), PAIRS)
def test_planted_matches_are_found_and_near_misses_mostly_skipped(scan: str, hint: str) -> None:
    rx: re.Pattern[str] = getattr(S, scan)
    h: re.Pattern[str] = getattr(S, hint)
    for t in PLANTED[scan]:
        assert rx.search(t) is not None and h.search(t) is not None, t
    # the hint is worth its scan: it skips most texts without a match
    misses = [t for t in NEAR if rx.search(t) is None]
    assert sum(h.search(t) is None for t in misses) >= len(misses) // 2


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_structural_spans_same_as_without_the_hints(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [t for name in PLANTED for t in _texts(name, seed, 60)]
    gated = [(S.structural_spans(t), S._position_names(t)) for t in texts]
    everything = re.compile("")  # a hint that always says yes: every scan runs, as before the hints
    for _, hint in PAIRS:
        monkeypatch.setattr(S, hint, everything)
    assert gated == [(S.structural_spans(t), S._position_names(t)) for t in texts]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_body_ends_cached_same_as_the_regex_on_every_text_in_turn(seed: int) -> None:
    # the cache holds the last texts asked: interleaved texts, repeats and a caller that changes the list it got
    # must all see ``_BODY_END``'s starts
    rng = random.Random(seed)
    lines = [
        "Hi Tom,",
        "-----Original Message-----",
        "From: Ann Lee",
        "To: Bob",
        "Sent: Friday",
        "> Ann wrote:",
        "Bill on 12/14/2000 10:20 AM",
        "______",
        "thanks",
        "",
        "  cv",
        "-- brant",
    ]
    texts = ["\n".join(rng.choice(lines) for _ in range(rng.randint(0, 9))) for _ in range(120)]
    for t in texts + texts[::-1] + [rng.choice(texts) for _ in range(60)]:
        want = [m.start() for m in S._BODY_END.finditer(t)]
        got = S._body_ends(t)
        assert got == want, repr(t)
        got.append(-1)  # a caller's change stays in its copy
        assert S._body_ends(t) == want, repr(t)
