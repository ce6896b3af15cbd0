"""A label the rank decides, with more than 60 values (a seat ``12C`` for each seat number), is a lookup on it.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): a booking's seat is its seat number's
row and letter (``seat_idx`` 10 is ``3C``), up to 130 seats. A function of a rank was drafted only up to 60
values, so the seat was learned beside its number and 10% of sampled seats were another number's (two
bookings of a flight could share a seat). Planted over label shapes, seats per row, the largest parent and
seeds: drafted as a lookup on the rank, kept on every sampled row; a label with as many values that the rank
does not decide is not.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.inspection import inspect
from simulacra.sources import Source

SHAPES = [  # letters of a row, largest group, label maker
    ("ACDF", 130, "{row}{letter}"),
    ("ABCDEF", 180, "{row}{letter}"),
    ("AB", 90, "B-{row:02d}{letter}"),
]


def _label(idx: int, letters: str, form: str) -> str:
    row, k = divmod(idx - 1, len(letters))
    return form.format(row=row + 1, letter=letters[k])


def _frames(letters: str, top: int, form: str, seed: int, decided: bool = True) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_parent = 90
    counts = rng.integers(top // 3, top + 1, n_parent)
    rows = []
    for p, c in enumerate(counts, start=1):
        at = np.sort(rng.integers(0, 10**6, int(c)))
        for i, t in enumerate(at, start=1):
            label = _label(i, letters, form) if decided else _label(int(rng.integers(1, top + 1)), letters, form)
            rows.append((p, int(t), i, label))
    kids = pl.DataFrame(rows, schema=["trip_id", "booked_s", "seat_idx", "seat"], orient="row")
    kids = kids.sample(fraction=1.0, shuffle=True, seed=seed).with_row_index("booking_id", offset=1)
    trips = pl.DataFrame({"trip_id": np.arange(1, n_parent + 1), "km": rng.integers(90, 1800, n_parent)})
    return {"trips": trips, "bookings": kids.with_columns(pl.col("booking_id").cast(pl.Int64))}


@pytest.mark.parametrize("shape", SHAPES, ids=[s[0] + str(s[1]) for s in SHAPES])
@pytest.mark.parametrize("seed", [0, 5])
def test_a_seat_map_of_the_rank_is_a_lookup_and_kept(shape: tuple[str, int, str], seed: int) -> None:
    letters, top, form = shape
    frames = _frames(letters, top, form, seed)
    assert frames["bookings"]["seat"].n_unique() > 60
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=f"{shape}{seed}"))
    col = ins.spec.tables["bookings"].columns["seat"]
    assert col.generator == "lookup" and col.key == "seat_idx", col
    out = simulacra.DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed + 1)["bookings"]
    want = [_label(int(i), letters, form) for i in out["seat_idx"].to_list()]
    assert float((out["seat"] == pl.Series(want)).mean()) >= 0.99  # type: ignore[arg-type]
    assert not out.select("trip_id", "seat").is_duplicated().any()


def test_a_label_the_rank_does_not_decide_is_no_lookup() -> None:
    frames = _frames("ACDF", 130, "{row}{letter}", 2, decided=False)
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint="undecided"))
    assert ins.spec.tables["bookings"].columns["seat"].generator != "lookup"
