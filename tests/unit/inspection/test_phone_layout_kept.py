"""Phone numbers all written in one layout are sampled in that layout, with fresh digits.

Found by the mobile operator probe (``benchmarks/learn_heldout_telecom.py``, issue 13): every ``msisdn`` was
``07700 900123``-shaped, the draft said ``generator: phone`` and the samples held ``(398)754-3652``,
``+1-951-558-3204``: 0% in the source's layout. Planted over four layouts (UK mobile, German landline with a
country code, US with parentheses, French pairs), table and column names, sizes and seeds: the sample keeps the
layout, copies no number, keeps the numbers unique where the source's are; numbers in many layouts stay phones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

Digits = Callable[[int], str]

#: (table, column, a number's maker from a digit-run maker, the layout as a regex)
LAYOUTS: list[tuple[str, str, Callable[[Digits], str], str]] = [
    ("subscribers", "msisdn", lambda d: f"07{d(3)} {d(6)}", r"^07\d{3} \d{6}$"),
    ("members", "phone", lambda d: f"+49 30 {d(7)}", r"^\+49 30 \d{7}$"),
    ("clients", "contact_phone", lambda d: f"({d(3)}) {d(3)}-{d(4)}", r"^\(\d{3}\) \d{3}-\d{4}$"),
    ("patients", "telephone", lambda d: f"0{d(1)} {d(2)} {d(2)} {d(2)} {d(2)}", r"^0\d \d\d \d\d \d\d \d\d$"),
]


def _numbers(rng: np.random.Generator, make: Callable[[Digits], str], n: int) -> list[str]:
    def d(k: int) -> str:
        return "".join(str(x) for x in rng.integers(0, 10, k))

    out: list[str] = []
    while len(out) < n:
        v = make(d)
        if v not in out:
            out.append(v)
    return out


def _frames(table: str, column: str, numbers: list[str], seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed + 100)
    n = len(numbers)
    return {
        table: pl.DataFrame(
            {
                f"{table[:-1]}_id": np.arange(1, n + 1),
                column: numbers,
                "joined": [dt.date(2021, 1, 1) + dt.timedelta(days=int(k)) for k in rng.integers(0, 700, n)],
                "tier": rng.choice(["gold", "silver", "bronze"], n).tolist(),
            }
        )
    }


@pytest.mark.parametrize(("layout", "n", "seed"), [(0, 300, 1), (1, 120, 2), (2, 450, 3), (3, 80, 4), (0, 60, 5)])
def test_one_layout_is_sampled_in_that_layout(layout: int, n: int, seed: int) -> None:
    table, column, make, rx = LAYOUTS[layout]
    numbers = _numbers(np.random.default_rng(seed), make, n)
    frames = _frames(table, column, numbers, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{table}{seed}{n}"))
    assert ins.columns[(table, column)].pii_kind == "phone"  # still personal data: never copied
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)[table][column]
    shaped = out.str.contains(rx).mean()
    assert shaped == 1.0, (shaped, out.head(4).to_list())
    assert not out.is_in(numbers).any(), "a source number copied"
    assert out.n_unique() == out.len(), "a number twice where the source has each once"


def test_the_same_seed_samples_the_same_numbers() -> None:
    table, column, make, _ = LAYOUTS[0]
    frames = _frames(table, column, _numbers(np.random.default_rng(9), make, 200), 9)
    spec = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="same")).spec
    a = simulacra.DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=3)[table][column]
    b = simulacra.DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=3)[table][column]
    assert a.to_list() == b.to_list()


@pytest.mark.parametrize("seed", [0, 1])
def test_numbers_in_many_layouts_stay_the_locale_phones(seed: int) -> None:
    rng = np.random.default_rng(seed)
    makers = [make for _, _, make, _ in LAYOUTS]
    numbers = [x for i in range(200) for x in _numbers(rng, makers[i % len(makers)], 1)]
    frames = _frames("contacts", "phone", numbers, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"mixed{seed}"))
    col = ins.spec.tables["contacts"].columns["phone"]
    assert col.generator == "phone"
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)["contacts"]["phone"]
    assert not out.is_in(numbers).any()
    assert not all(re.match(LAYOUTS[0][3], v) for v in out.to_list())
