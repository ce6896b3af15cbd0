"""Codes of capitals keep their shape and the characters every one of them shares.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): every aircraft's tail number
starts ``D-A`` (``D-AVLT``), and a sample drew all five letters anew (``U-ONZL``: no German registration);
airports' unique IATA codes (``BRE``) were written as placeholders ``iata 1``, since no code repeats and
only codes with digits were made by shape. Planted over several code shapes, table sizes and seeds: the
learned sample's codes (fit) and the draft's generated ones (inspect → generate) hold the source's shape
with its fixed characters.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
SHAPES = [  # fixed part, free capitals, regex the sample must match
    ("D-A", 3, r"D-A[A-Z]{3}"),
    ("HB-J", 2, r"HB-J[A-Z]{2}"),
    ("", 3, r"[A-Z]{3}"),
]


def _codes(rng: np.random.Generator, fixed: str, free: int, n: int) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        out.add(fixed + "".join(rng.choice(LETTERS, free)))
    return sorted(out, key=lambda _: rng.random())


def _frames(fixed: str, free: int, n: int, seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    fleet = pl.DataFrame(
        {
            "unit_id": np.arange(1, n + 1),
            "code": _codes(rng, fixed, free, n),
            "since": rng.integers(2000, 2024, n),
        }
    )
    return {"fleet": fleet}  # learned, not a lookup table copied as reference data


@pytest.mark.parametrize("shape", SHAPES, ids=[s[2] for s in SHAPES])
@pytest.mark.parametrize(("n", "seed"), [(12, 0), (40, 5), (200, 9)])
def test_learned_and_drafted_codes_keep_the_shape(shape: tuple[str, int, str], n: int, seed: int) -> None:
    fixed, free, rx = shape
    frames = _frames(fixed, free, n, seed)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{rx}{n}{seed}"))
    col = ins.spec.tables["fleet"].columns["code"]
    assert "placeholder" not in (col.description or ""), col
    drafted = simulacra.generate(ins.spec, seed=seed).frames["fleet"]["code"]
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)["fleet"]["code"]
    for codes in (drafted, out):
        ok = [bool(re.fullmatch(rx, str(c))) for c in codes.to_list()]
        assert sum(ok) / len(ok) >= 0.99, codes.head(5).to_list()
    copied = set(out.to_list()) & set(frames["fleet"]["code"].to_list())
    # drawn anew, not copied: no more source codes than random codes of the shape would hit
    assert len(copied) <= 2 * n * n / 26**free + 3, copied


def test_a_lookup_tables_capital_codes_stay_listed() -> None:
    """A referenced lookup table's codes (a subject's ``MAT``) are its labels: listed as they are, not a shape."""
    rng = np.random.default_rng(1)
    codes = ["MAT", "ENG", "SCI", "HIS", "GEO", "ART", "MUS", "FRE"]
    subjects = pl.DataFrame({"subject_id": np.arange(1, 9), "code": codes})
    classes = pl.DataFrame({"class_id": np.arange(1, 201), "subject_id": rng.integers(1, 9, 200)})
    frames = {"subjects": subjects, "classes": classes}
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="lookup-codes"))
    col = ins.spec.tables["subjects"].columns["code"]
    assert col.generator == "categorical" and set(col.values) == set(codes), col
