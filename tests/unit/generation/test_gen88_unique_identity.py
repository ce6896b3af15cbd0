"""Issue 20 (gen88): a single unique column set is enforced without a Python step per row, with the same bytes.

Planted: unique columns of several kinds (a pattern just under the share drawn as a permutation, an integer range
filled to 90 %, a categorical with few spare values, an integer with nulls, a rounded float, a two-column unique
constraint), several seeds and chunk sizes (37 to 333, whole). The vectorised path (``_scan_one`` and the polars
no-repeat check ``_all_new``) is compared with the row-by-row reference scan (``_scan_all``, forced by
monkeypatching), across chunk sizes, and with digests pinned on the base (int 3d3c3f93) before the change; a range
with fewer values than rows is refused, naming the table and column.
"""

from __future__ import annotations

import hashlib
from typing import Any

import polars as pl
import pytest

from simulacra.errors import GenerationError
from simulacra.generation import uniqueness
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

_KINDS: dict[str, dict[str, Any]] = {
    "plate": {"generator": "pattern", "pattern": "[A-Z][0-9]{3}", "unique": True},  # 26,000 values, 1,250 rows
    "seat": {"generator": "integer", "low": 1, "high": 1_389, "unique": True},  # 90 % full
    "tag": {"generator": "categorical", "values": {f"t{i}": 1.0 + i % 3 for i in range(1_500)}, "unique": True},
    "badge": {"generator": "integer", "low": 1, "high": 3_000, "unique": True, "null_rate": 0.2},
    "score": {"generator": "uniform", "low": 0, "high": 30, "round": 2, "unique": True},
}


def _spec(kind: str, seed: int, rows: int = 1_250) -> dict[str, Any]:
    cols: dict[str, Any] = {"id": {"generator": "sequence"}}
    constraints: list[dict[str, Any]] = []
    if kind == "pair":  # two columns unique together: the general scan
        cols["a"] = {"generator": "integer", "low": 1, "high": 40}
        cols["b"] = {"generator": "integer", "low": 1, "high": 40}
        constraints.append({"table": "things", "unique": ["a", "b"]})
    else:
        cols[kind] = _KINDS[kind]
    return {
        "seed": seed,
        "tables": {"things": {"rows": rows, "primary_key": "id", "columns": cols}},
        "constraints": constraints,
    }


def _made(spec: dict[str, Any], chunk: int) -> tuple[pl.DataFrame, dict[str, int]]:
    e = Engine(load_plan(spec), chunk_size=chunk)
    return e.frames()["things"], dict(e.stats.redraws.get("things", {}))


def _digest(df: pl.DataFrame) -> str:
    return hashlib.sha256(df.write_csv().encode()).hexdigest()[:16]


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uniqueness, "_scan_one", uniqueness._scan_all)
    monkeypatch.setattr(uniqueness.UniquenessLedger, "_all_new", lambda *a, **k: False)


_CASES = [(k, s, c) for k in (*_KINDS, "pair") for s in (0, 5) for c in (97, 10_000)]


@pytest.mark.parametrize(("kind", "seed", "chunk"), _CASES)
def test_vectorised_scan_gives_the_row_by_row_values_and_stats(
    kind: str, seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, fast_stats = _made(_spec(kind, seed), chunk)
    col = fast.columns[1]
    full = fast.drop_nulls([c for c in fast.columns if c != "id"])
    assert full.select(pl.exclude("id")).is_duplicated().sum() == 0
    if kind != "score":
        assert fast_stats.get("rows", 0) > 0, (kind, fast_stats)  # repeats were planted and redrawn
    with monkeypatch.context() as mp:
        _row_by_row(mp)
        ref, ref_stats = _made(_spec(kind, seed), chunk)
    assert fast.equals(ref, null_equal=True), (kind, seed, chunk, col)
    assert fast_stats == ref_stats


@pytest.mark.parametrize("kind", [*_KINDS, "pair"])
def test_same_bytes_whatever_the_chunk_size(kind: str) -> None:
    digests = {_digest(_made(_spec(kind, 3), c)[0]) for c in (97, 333, 10_000)}
    assert len(digests) == 1, (kind, digests)


#: digests (sha256 of the CSV, 16 hex) of seed 3, chunk 64, made by the base before the change (int 3d3c3f93)
_PINNED = {
    "plate": "c84f200ca49e77eb",
    "seat": "f194692d2e24f013",
    "tag": "ad730d54bbbae981",
    "badge": "663b4447198c9538",
    "score": "d6dadc28f5aae136",
    "pair": "18501e9561403913",
}


@pytest.mark.parametrize("kind", sorted(_PINNED))
def test_bytes_are_those_made_before_the_change(kind: str) -> None:
    assert _digest(_made(_spec(kind, 3), 64)[0]) == _PINNED[kind]


def _outcome(spec: dict[str, Any], chunk: int) -> str:
    try:
        return _digest(_made(spec, chunk)[0])
    except GenerationError as err:
        assert err.location is not None and (err.location.table, err.location.column) == ("things", "seat")
        assert "too few distinct values" in str(err)
        return f"refused: {err}"


@pytest.mark.parametrize(("rows", "seed", "chunk"), [(300, 1, 37), (300, 2, 10_000), (600, 4, 101)])
def test_a_full_range_ends_the_same_way_as_row_by_row(
    rows: int, seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As many rows as values: every value once, or the redraws run out and the column is named; both paths agree."""
    spec = _spec("seat", seed, rows=rows)
    spec["tables"]["things"]["columns"]["seat"]["high"] = rows
    fast = _outcome(spec, chunk)
    with monkeypatch.context() as mp:
        _row_by_row(mp)
        assert _outcome(spec, chunk) == fast
