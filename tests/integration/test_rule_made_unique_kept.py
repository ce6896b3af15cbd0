"""A composite ``unique`` holding a rule-made column, across parents, kept by the learned sampler (issue 13, learn88).

Planted: shops with orders; the spec makes the orders' ``tag`` by a rule (a pattern of 100 or 260 values, a first
name from a pool of 40, a uuid, a sequence) and declares ``unique (tag, status)`` or ``unique (tag, status, region)``
over the whole table, ``status`` and ``region`` learned. The rows are 0.3 to 0.85 of the set's possible values, so
the rule's first draws repeat but a solution exists: the repeats' tags are made again by their own rule (fresh
values), and the sample is written whole, checked by the sink. Where fewer values exist than rows (no source of
values left) the sink still refuses, naming the set, and nothing is written (written after the fix was drafted:
dev inputs).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.learning import sample
from simulacra.sources import Source
from simulacra.spec import model as m
from simulacra.synth import DatasetSynthesizer

# kind -> (the tag's rule, how many values it makes (None: as many as rows), a pattern its values fit)
RULES: dict[str, tuple[dict[str, Any], int | None, str]] = {
    "one_digit": ({"generator": "pattern", "pattern": "#"}, 10, r"\d"),
    "digits": ({"generator": "pattern", "pattern": "##"}, 100, r"\d\d"),
    "letter_digit": ({"generator": "pattern", "pattern": "?#"}, 260, r"[A-Z]\d"),
    "name": ({"generator": "first_name", "distinct": 40}, 40, r"[A-Z][a-z]+.*"),
    "uuid": ({"generator": "uuid"}, None, r"[0-9a-f-]{36}"),
    "sequence": ({"generator": "sequence", "start": 1000}, None, r"\d+"),
}
STATUSES = ["open", "shipped", "returned"]
REGIONS = ["north", "south"]


def planted(kind: str, fill: float, seed: int, *, wide: bool = False) -> tuple[dict[str, pl.DataFrame], list[str]]:
    """Shops and their orders, ``fill`` of the unique set's possible values as rows; the set."""
    _, n_values, _ = RULES[kind]
    cols = ["tag", "status", "region"] if wide else ["tag", "status"]
    combos = (n_values or 100) * len(STATUSES) * (len(REGIONS) if wide else 1)
    rng = np.random.default_rng(seed * 31 + int(fill * 100))
    n = max(40, round(fill * combos))
    shops = 8 + int(rng.integers(0, 8))
    owner = np.sort(rng.integers(1, shops + 1, n))
    frames = {
        "shops": pl.DataFrame({"shop_id": np.arange(1, shops + 1), "city": rng.choice(["a", "b", "c"], shops)}),
        "orders": pl.DataFrame(
            {
                "order_id": np.arange(1, n + 1),
                "shop_id": owner,
                "status": rng.choice(STATUSES, n, p=[0.4, 0.35, 0.25]),
                "region": rng.choice(REGIONS, n),
                "tag": [f"t{i}" for i in range(n)],
                "amount": np.round(rng.lognormal(3, 0.5, n), 2),
            }
        ),
    }
    return frames, cols


def fitted(kind: str, frames: dict[str, pl.DataFrame], cols: list[str]) -> DatasetSynthesizer:
    spec = inspect(Source(location="shop", kind="folder", frames=frames, fingerprint=f"shop-{kind}")).spec
    data = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["tables"]["orders"]["columns"]["tag"] = dict(RULES[kind][0])
    data.setdefault("constraints", []).append({"table": "orders", "unique": cols})
    return DatasetSynthesizer(seed=0).fit(frames, m.DatasetSpec.model_validate(data))


CASES = [
    ("digits", 0.3, 1),
    ("digits", 0.85, 3),
    ("letter_digit", 0.3, 2),
    ("name", 0.8, 2),
    ("name", 2.0, 1),  # a name made again gains a number: more values than the pool's 40
    ("uuid", 0.6, 1),
    ("sequence", 0.6, 2),
]


@pytest.mark.parametrize(("kind", "fill", "seed"), CASES)
def test_a_unique_set_with_a_rule_made_column_is_written(tmp_path: Path, kind: str, fill: float, seed: int) -> None:
    frames, cols = planted(kind, fill, seed)
    synth = fitted(kind, frames, cols)
    sample(synth, tmp_path / "out", seed=seed, format="csv")
    out = pl.read_csv(tmp_path / "out" / "orders.csv", infer_schema_length=0)
    assert out.height >= frames["orders"].height // 2
    assert out.select(cols).is_duplicated().sum() == 0
    assert all(re.fullmatch(RULES[kind][2], v) for v in out.get_column("tag").to_list())
    assert set(out.get_column("status").unique().to_list()) <= set(STATUSES)


@pytest.mark.parametrize(("kind", "fill", "seed"), [("digits", 0.5, 4), ("name", 0.6, 3)])
def test_a_three_column_set_is_written_the_same_at_every_chunk_size(
    tmp_path: Path, kind: str, fill: float, seed: int
) -> None:
    """``unique (tag, status, region)``: kept, and the same bytes whether the orders are given out in chunks
    of 7 rows or whole (the table is made whole: the set is checked over it)."""
    frames, cols = planted(kind, fill, seed, wide=True)
    synth = fitted(kind, frames, cols)
    assert "['tag', 'status', 'region']" in (synth.piece_blocker("orders") or "")
    for chunk_rows in (7, 100_000):
        sample(synth, tmp_path / f"out{chunk_rows}", seed=seed, format="csv", chunk_rows=chunk_rows)
    first = (tmp_path / "out7" / "orders.csv").read_bytes()
    assert first == (tmp_path / "out100000" / "orders.csv").read_bytes()
    out = pl.read_csv(tmp_path / "out7" / "orders.csv", infer_schema_length=0)
    assert out.select(cols).is_duplicated().sum() == 0


@pytest.mark.parametrize(("kind", "fill", "seed"), [("digits", 1.6, 1), ("one_digit", 1.5, 2)])
def test_no_source_of_values_left_is_refused_naming_the_set(tmp_path: Path, kind: str, fill: float, seed: int) -> None:
    """More rows than the set has values: the repeats the rule and the learned values cannot place are left,
    and the whole-table check refuses the sample, naming the set; nothing is written."""
    frames, cols = planted(kind, fill, seed)
    synth = fitted(kind, frames, cols)
    with pytest.raises(DataValidationError, match="tag, status"):
        sample(synth, tmp_path / "out", seed=seed, format="csv")
    assert not (tmp_path / "out").exists()
