"""Codes ending in a check digit (ISBNs, account codes) are codes with their layout, not phone numbers.

Found by the library probe (``benchmarks/heldout_library.py``, issue 13): ``titles.isbn`` (``978-5-131-62193-3``)
was read as personal data "written like phone numbers" and sampled as ``+44116 496 0542``: no ISBN left.
A phone number's last group never holds a lone digit; a check digit does. Planted over several layouts,
fixed prefixes and seeds: the column is drafted as a pattern, a sample keeps the layout and the prefix,
and phone columns without a phone name are still phones.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.inspection._profile import profile_column
from simulacra.sources import Source

LAYOUTS = [  # groups of digits; a fixed prefix group first where the code has one
    ("isbn", "978", (1, 3, 5, 1)),
    ("isbn13", "979", (2, 4, 3, 1)),
    ("isbn10", "", (1, 4, 4, 1)),
    ("account_code", "", (2, 6, 1)),
    ("ref", "40", (3, 4, 1)),
]


def _codes(prefix: str, groups: tuple[int, ...], n: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    out: set[str] = set()
    while len(out) < n:
        parts = ["".join(str(d) for d in rng.integers(0, 10, g)) for g in groups]
        out.add("-".join([prefix, *parts] if prefix else parts))
    return sorted(out, key=lambda _: rng.random())


def _regex(prefix: str, groups: tuple[int, ...]) -> str:
    body = "-".join(rf"\d{{{g}}}" for g in groups)
    return f"^{prefix}-{body}$" if prefix else f"^{body}$"


@pytest.mark.parametrize("layout", LAYOUTS, ids=[x[0] for x in LAYOUTS])
@pytest.mark.parametrize("seed", [0, 5, 9])
def test_a_code_with_a_check_digit_is_not_a_phone(layout: tuple[str, str, tuple[int, ...]], seed: int) -> None:
    name, prefix, groups = layout
    codes = _codes(prefix, groups, 300, seed)
    assert profile_column("items", pl.Series(name, codes)).pii_kind != "phone"
    frames = {
        "items": pl.DataFrame(
            {"item_id": np.arange(1, 301), name: codes, "year": np.random.default_rng(seed).integers(1950, 2020, 300)}
        )
    }
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{name}{seed}"))
    assert ins.spec.tables["items"].columns[name].generator == "pattern"
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)["items"][name]
    rx = re.compile(_regex(prefix, groups))
    assert sum(bool(rx.match(v)) for v in out.to_list()) >= 0.99 * out.len(), out.head(3).to_list()


@pytest.mark.parametrize("seed", [0, 1])
def test_phone_numbers_without_a_phone_name_are_still_phones(seed: int) -> None:
    rng = np.random.default_rng(seed)

    def d(k: int) -> str:
        return "".join(str(x) for x in rng.integers(0, 10, k))

    makers = [
        lambda: f"+44 20 {d(4)} {d(4)}",
        lambda: f"({d(3)}) {d(3)}-{d(4)}",
        lambda: f"0161 {d(3)} {d(4)}",
        lambda: f"{d(3)}-{d(3)}-{d(4)} x{d(3)}",
        lambda: f"+49 30 {d(7)}",
        lambda: f"01 {d(2)} {d(2)} {d(2)} {d(2)}",
    ]
    values = [makers[i % len(makers)]() for i in range(240)]
    assert profile_column("people", pl.Series("contact", values)).pii_kind == "phone"
