"""A list of numeric codes is a closed vocabulary of numbers; measures stay numbers; chunks judge withheld alike.

A type code 10/20/30/99, a status 1..6 with a rare 7, an ISO numeric country code, an HTTP reason 401/403/404/418
were learned as numbers (issue 13): a code under 5 rows was left out or drawn "nearby", so samples held codes the
source never had (25, 402) and lost the rare ones. Planted here over several code lists (3-15 codes, 1-3 rare
codes of 1-4 rows, 200-3,000 rows, several seeds, named or told by their gaps alone) beside true measures (an age,
a quantity, an amount): every code is listed with its share (rare ones too, ``keep_rare``), as integers; every
sampled code is one of the source's and the rare ones are drawn; the measures stay numbers; the source passes its
own draft. And ``validate --chunk-size`` judges the rows a draft withheld over the whole table, so its verdict is
the same at any chunk size.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.errors import DataValidationError
from simulacra.inspection import inspect
from simulacra.sources import Source

#: (table, column, common codes and their weights, the rare codes a test plants)
CODE_LISTS: list[tuple[str, str, dict[int, float], list[int]]] = [
    ("products", "type_code", {10: 0.5, 20: 0.3, 30: 0.2}, [99, 40]),
    ("accounts", "status", {1: 0.3, 2: 0.25, 3: 0.2, 4: 0.1, 5: 0.1, 6: 0.05}, [7]),
    ("addresses", "country", {276: 0.3, 250: 0.2, 840: 0.2, 826: 0.1, 380: 0.1, 724: 0.1}, [56, 208, 752]),
    ("requests", "reason_code", {401: 0.5, 403: 0.3, 404: 0.2}, [418, 451]),
    # twelve codes (more than a handful: learned as numbers before) named like a segment
    ("contracts", "segment", {c: 1.0 for c in (11, 12, 13, 21, 22, 23, 31, 32, 41, 42, 51, 52)}, [61, 77, 88]),
    # no name says it: a department's codes told by their gaps (5 of 881 integers in their range)
    ("staff", "dept", {110: 0.3, 230: 0.25, 310: 0.2, 450: 0.15, 520: 0.1}, [990, 605]),
]


def _frame(which: int, n: int, rare: list[int], seed: int) -> tuple[pl.DataFrame, dict[int, int]]:
    """``n`` rows of one code list's table, its rare codes held by ``rare`` rows each, beside measures."""
    table, col, common, rare_codes = CODE_LISTS[which]
    rng = np.random.default_rng(seed)
    planted = {c: k for c, k in zip(rare_codes, rare, strict=False)}
    n_common = n - sum(planted.values())
    w = np.asarray(list(common.values()))
    codes = list(rng.choice(list(common), n_common, p=w / w.sum())) + [c for c, k in planted.items() for _ in range(k)]
    order = rng.permutation(n)
    return (
        pl.DataFrame(
            {
                "row_id": np.arange(1, n + 1),
                col: [int(codes[i]) for i in order],
                "age": rng.integers(18, 91, n),  # a measure: many values, every integer of its range
                "quantity": rng.geometric(0.25, n).clip(1, 30),  # a count: small integers, a long right tail
                "amount": np.round(rng.gamma(2.0, 40.0, n), 2),
            }
        ),
        planted,
    )


def _draft(frames: dict[str, pl.DataFrame], tmp_path: Path, name: str) -> Path:
    ins = inspect(Source(location="planted", kind="folder", frames=frames, fingerprint=name))
    return ins.write(tmp_path / "draft.yaml")


CASES = [
    (0, 300, [2, 3], 1),
    (1, 200, [1], 2),
    (2, 1500, [4, 1, 2], 3),
    (3, 3000, [1, 3], 4),
    (4, 1200, [2, 1, 4], 5),
    (5, 800, [3, 1], 6),
    (1, 2500, [4], 7),
]


@pytest.mark.parametrize(("which", "n", "rare", "seed"), CASES)
def test_a_numeric_code_list_keeps_its_codes(tmp_path: Path, which: int, n: int, rare: list[int], seed: int) -> None:
    table, col, _, _ = CODE_LISTS[which]
    frame, planted = _frame(which, n, rare, seed)
    frames = {table: frame}
    draft = _draft(frames, tmp_path, f"{table}{n}{seed}")
    spec = simulacra.load_spec(draft)
    drafted = spec.tables[table].columns[col]
    source_codes = set(frame[col].unique().to_list())
    assert drafted.generator == "categorical", drafted
    assert set(drafted.values) == source_codes, "every code listed, rare ones too"
    assert all(type(v) is int for v in drafted.values), "codes written as the source's integers"
    assert getattr(drafted, "keep_rare", False), "not marked for fit to learn its rare codes"
    assert "code list" in (drafted.description or "")  # the evidence, as inspect --explain shows it
    for measure in ("age", "amount"):
        kept = spec.tables[table].columns[measure]
        assert kept.generator != "categorical" and not getattr(kept, "keep_rare", False), (measure, kept)
    assert not getattr(spec.tables[table].columns["quantity"], "keep_rare", False), "a count read as codes"
    simulacra.validate(draft, frames)  # the source passes its own draft (raises naming a failed check)

    model = simulacra.fit(frames, spec=draft, seed=0).model
    scale = 16000 / n  # 16,000 rows: a code 1 row in 3,000 holds is ~5 rows
    got = model.sample(seed=seed, scale=scale)[table]
    assert got[col].dtype.is_integer(), got[col].dtype
    m = got.height
    counts = dict(got[col].value_counts().iter_rows())
    assert set(counts) <= source_codes, f"codes the source does not hold: {sorted(set(counts) - source_codes)}"
    for code, k in dict(frame[col].value_counts().iter_rows()).items():
        p = k / n
        want = p * m
        slack = 4 * math.sqrt(m * p * (1 - p)) + max(3.0, 0.1 * want)  # a binomial's 4 sd and the model's blur
        assert abs(counts.get(code, 0) - want) <= slack, (code, k, n, counts.get(code, 0), round(want, 1))
    for code in planted:
        assert counts.get(code, 0) > 0, f"the rare code {code} ({planted[code]} of {n} rows) never sampled"
    # the measures are still drawn as numbers: an age or an amount the source never held appears
    assert not set(got["amount"].to_list()) <= set(frame["amount"].to_list())


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("age", [18 + k for k in range(14)]),  # every integer of a range: a count or an age
        ("quantity", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        ("nights", [1, 2, 3, 4, 5, 7, 10, 14]),
        ("minutes", [15 * k for k in range(1, 15)]),  # a regular step: a measure rounded, not codes
    ],
)
@pytest.mark.parametrize("named", [True, False])
def test_a_measure_of_few_values_is_no_code_list(tmp_path: Path, name: str, values: list[int], named: bool) -> None:
    """A measure's few values fill their range on its step (its rare tail values aside): no code list, whether
    its name says it is a measure or not."""
    name = name if named else f"v{len(values)}"
    rng = np.random.default_rng(len(values))
    n = 600
    w = np.linspace(2.0, 0.2, len(values))
    drawn = list(rng.choice(values, n - 3, p=w / w.sum())) + [max(values) + 11, max(values) + 11, max(values) + 23]
    frame = pl.DataFrame({"row_id": np.arange(1, n + 1), name: [int(v) for v in drawn]})
    draft = _draft({"t": frame}, tmp_path, f"measure{name}")
    drafted = simulacra.load_spec(draft).tables["t"].columns[name]
    assert not getattr(drafted, "keep_rare", False), drafted
    assert "code list" not in (drafted.description or "")
    simulacra.validate(draft, {"t": frame})


def test_the_same_seed_samples_the_same_codes(tmp_path: Path) -> None:
    frame, _ = _frame(0, 300, [2, 3], 9)
    draft = _draft({"products": frame}, tmp_path, "same")
    a = simulacra.fit({"products": frame}, spec=draft, seed=0).model.sample(seed=4, scale=4)["products"]["type_code"]
    b = simulacra.fit({"products": frame}, spec=draft, seed=0).model.sample(seed=4, scale=4)["products"]["type_code"]
    assert a.to_list() == b.to_list()


def _verdict(draft: Path, data: Path, chunk: int | None, frames: dict[str, pl.DataFrame]) -> tuple[bool, list[str]]:
    """Whether validate passes, and its findings on the ``batch`` column (check, rows failed)."""
    try:
        found = (
            simulacra.validate(draft, frames) if chunk is None else simulacra.validate(draft, data, chunk_size=chunk)
        )
    except DataValidationError as exc:
        return False, sorted(str(p) for p in exc.problems if "batch" in str(p))
    return True, sorted(f"{f.check}: {f.failed}" for f in found if f.column == "batch")


@pytest.mark.parametrize(("n", "tail", "seed"), [(400, 60, 1), (300, 40, 2), (1000, 120, 3)])
def test_chunked_validate_judges_withheld_rows_over_the_whole_table(
    tmp_path: Path, n: int, tail: int, seed: int
) -> None:
    """Codes with a long tail of two-row one-offs: the draft withholds the tail's rows. A table whose outside rows
    are no more than withheld but one value of which sits in 6 rows, spread so no chunk sees 5 of them, fails
    whole; checked 7, 50 or all rows at a time it must fail alike (and the source pass alike)."""
    rng = np.random.default_rng(seed)
    common = list(rng.choice(["A1", "B2", "C3", "D4"], n - tail))
    one_offs = [f"Z{k:03d}" for k in range(tail // 2) for _ in range(2)]
    frame = pl.DataFrame({"row_id": np.arange(1, n + 1), "batch": common + one_offs})
    frame = frame.sample(fraction=1.0, shuffle=True, seed=seed).with_columns(row_id=pl.int_range(1, n + 1))
    draft = _draft({"lots": frame}, tmp_path, f"lots{n}{seed}")
    assert simulacra.load_spec(draft).tables["lots"].columns["batch"].withheld == tail

    # six of the tail's rows, far apart, now hold one value: no more rows outside the list, one value in 6 rows
    tail_rows = np.flatnonzero(frame["batch"].str.starts_with("Z").to_numpy())
    spread = tail_rows[np.linspace(0, len(tail_rows) - 1, 6).round().astype(int)]
    assert np.diff(spread).min() >= 7, "the planted rows must fall in different chunks"
    changed = frame.with_columns(
        batch=pl.when(pl.int_range(0, n).is_in(spread.tolist())).then(pl.lit("Z999")).otherwise(pl.col("batch"))
    )
    for name, data in (("source", frame), ("changed", changed)):
        folder = tmp_path / name
        folder.mkdir()
        data.write_parquet(folder / "lots.parquet")
        verdicts = {chunk: _verdict(draft, folder, chunk, {"lots": data}) for chunk in (None, 7, 50, 100_000)}
        whole = verdicts[None]
        assert whole[0] is (name == "source"), (name, whole)
        for chunk, got in verdicts.items():
            assert got[0] == whole[0], (name, chunk, got, whole)
            if got[0]:
                assert got[1] == whole[1], (name, chunk, got, whole)
