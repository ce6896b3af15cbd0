"""Ordering tables stays linear in the tables and their references however many paths join them (review63).

A link table drawn through its events (a result's rider among the entries of its stage's tour, learn100) is made
after those events unless the events need it; that question was asked by walking every path of references, which
doubles with each layer of a lattice of tables (each of a layer referencing both of the layer before): 2^40 walks
for 40 layers. A spec read from an unknown database can be such a lattice; loading it must not hang.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from simulacra.spec import load_plan


@contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    def late(*_: Any) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _lattice(layers: int) -> dict[str, Any]:
    tables: dict[str, Any] = {
        "tours": {"rows": 3, "primary_key": "tour_id", "columns": {"tour_id": {"generator": "sequence"}}},
        "riders": {"rows": 20, "primary_key": "rider_id", "columns": {"rider_id": {"generator": "sequence"}}},
    }
    for k in range(layers):
        for side in "ab":
            cols: dict[str, Any] = {"id": {"generator": "sequence"}}
            if k:
                cols |= {f"up_{s}": {"generator": "foreign_key", "references": f"layer{k - 1}{s}.id"} for s in "ab"}
            tables[f"layer{k}{side}"] = {"rows": 2, "primary_key": "id", "columns": cols}
    last = layers - 1
    tables["entries"] = {
        "rows": {"per": "tours", "count": {"distribution": "fixed", "value": 4}},
        "primary_key": "entry_id",
        "columns": {
            "entry_id": {"generator": "sequence"},
            "tour_id": {"generator": "foreign_key", "references": "tours.tour_id"},
            "rider_id": {"generator": "foreign_key", "references": "riders.rider_id", "distinct": True},
        },
    }
    tables["stages"] = {
        "rows": {"per": "tours", "count": {"distribution": "fixed", "value": 2}},
        "primary_key": "stage_id",
        "columns": {
            "stage_id": {"generator": "sequence"},
            "tour_id": {"generator": "foreign_key", "references": "tours.tour_id"},
            **{f"l_{s}": {"generator": "foreign_key", "references": f"layer{last}{s}.id"} for s in "ab"},
        },
    }
    tables["results"] = {
        "rows": {"per": "stages", "count": {"distribution": "fixed", "value": 2}},
        "primary_key": "result_id",
        "columns": {
            "result_id": {"generator": "sequence"},
            "stage_id": {"generator": "foreign_key", "references": "stages.stage_id"},
            "rider_id": {
                "generator": "foreign_key",
                "references": "entries.rider_id",
                "match": {"tour_id": "stage_id.tour_id"},
            },
        },
    }
    return {"seed": 1, "tables": tables}


@pytest.mark.parametrize("layers", [2, 40])
def test_a_lattice_of_references_orders_quickly_and_links_after_their_events(layers: int) -> None:
    t0 = time.process_time()
    with _at_most(20):
        plan = load_plan(_lattice(layers))
    assert time.process_time() - t0 < 10
    order = list(plan.order)
    assert order.index("stages") < order.index("entries") < order.index("results"), order
    for k in range(1, layers):  # every layer after the one it references
        for s in "ab":
            assert order.index(f"layer{k - 1}{s}") < order.index(f"layer{k}a"), order
