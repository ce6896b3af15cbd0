"""A table whose aggregates are all counts fills them from its children's counts (``rows_after_counts``), not by
making the children's rows as a sum or a max needs: the same values as the general path (``aggregates``), for
counts drawn per parent, ``by`` a parent column, with zero rates, a count of a child's column, a ``default``, and
several chunk sizes and seeds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from simulacra.generation.engine import Engine
from simulacra.spec.load import load_plan

COUNTS: dict[str, dict[str, Any]] = {
    "poisson": {"count": {"distribution": "poisson", "lam": 2}},
    "zeros": {"count": {"distribution": "poisson", "lam": 3}, "zero_rate": 0.4},
    "by": {
        "count": {"distribution": "categorical", "values": [1, 2], "weights": [0.7, 0.3]},
        "by": "kind",
        "counts": {"b": {"distribution": "fixed", "value": 0}, "c": {"distribution": "poisson", "lam": 5}},
    },
}


def spec(seed: int, counts: dict[str, Any], default: float | None) -> dict[str, Any]:
    n_of = {"generator": "aggregate", "function": "count", "of": "items"}
    return {
        "name": "c",
        "seed": seed,
        "tables": {
            "baskets": {
                "rows": 257,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    "kind": {"generator": "categorical", "values": {"a": 0.5, "b": 0.3, "c": 0.2}},
                    "n": n_of,
                    "n_qty": {**n_of, "of": "items.qty", **({} if default is None else {"default": default})},
                },
            },
            "items": {
                "rows": {"per": "baskets", **counts},
                "columns": {
                    "basket_id": {"generator": "foreign_key", "references": "baskets.id"},
                    "qty": {"generator": "integer", "low": 1, "high": 9},
                },
            },
        },
    }


class TestCountAggregatesFromCounts:
    @pytest.mark.parametrize("seed", [3, 17, 40])
    @pytest.mark.parametrize("shape", sorted(COUNTS))
    @pytest.mark.parametrize("chunk", [7, 50, 1000])
    def test_counts_equal_the_children_made(self, seed: int, shape: str, chunk: int) -> None:
        for default in (None, 7.0):
            e = Engine(load_plan(spec(seed, COUNTS[shape], default)), chunk_size=chunk)
            n = e.n_rows["baskets"]
            for a in range(0, n, chunk):
                got = e.maker.rows_to_counts("baskets", np.arange(a, min(a + chunk, n), dtype=np.int64))
                fast = e.maker.rows_after_counts(got)
                slow = e.maker.aggregates("baskets", got.rows, got.frame, got.fk_idx, got.child_counts, got.scen)
                for c in ("n", "n_qty"):
                    assert fast.frame[c].dtype == slow[c].dtype, (shape, c)
                    assert fast.frame[c].to_list() == slow[c].to_list(), (shape, c, a)
                kids = got.child_counts["items"]
                assert fast.frame["n"].to_list() == kids.tolist()
                want = np.where(kids == 0, 0 if default is None else int(default), kids)
                assert fast.frame["n_qty"].to_list() == want.tolist()

    @pytest.mark.parametrize("seed", [5, 29])
    def test_whole_tables_the_same_in_one_chunk_and_many(self, seed: int) -> None:
        def frames(chunk: int) -> dict[str, Any]:
            e = Engine(load_plan(spec(seed, COUNTS["zeros"], 2.0)), chunk_size=chunk)
            out: dict[str, Any] = {}
            for t, chunks in e.tables():
                out[t] = [f for f in chunks]
            return {t: [r for f in fs for r in f.iter_rows()] for t, fs in out.items()}

        one, many = frames(10_000), frames(13)
        assert one == many
        counted = {}
        for row in one["items"]:
            counted[row[0]] = counted.get(row[0], 0) + 1
        assert [r[2] for r in one["baskets"]] == [counted.get(r[0], 0) for r in one["baskets"]]
