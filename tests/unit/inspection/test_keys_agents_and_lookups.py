"""Two more kinds of key the names hide (issue 13, found on the held-out-like parcel company of
``benchmarks/heldout_logistics.py``), planted in generated data, two seeds each:

* an agent after a past participle: ``parcels.checked_by`` (``approved_by``, ``created_by``) holds ids of the
  clerks who did it, among ``staff`` ids 9001..; found by its values like a role noun (``reviewer``);
* a lookup table named for what it lists: ``parcels.status`` holds the codes of ``status_codes.code`` (six
  codes, too few for text values alone to prove a key), so the draft keys it, and the lookup table is
  referenced reference data whose labels fit copies whole.

Never drafted: ``sorted_by`` words (text, not ids), a ``group_by`` count, a ``status`` column whose values
are not all codes of the lookup table.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.sources import Source

STATUS = ("DLV", "NAH", "NBR", "RTS", "DMG", "HLD")


def _source(frames: dict[str, pl.DataFrame]) -> Source:
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    return Source(location="parcels", kind="folder", frames=frames, primary_keys=pks, foreign_keys=[], fingerprint="p")


def company(seed: int, stray_status: bool = False) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_staff = int(rng.integers(25, 40))
    staff = pl.DataFrame({"staff_id": np.arange(9001, 9001 + n_staff), "depot": rng.integers(1, 9, n_staff)})
    codes = pl.DataFrame(
        {"code": list(STATUS), "label": ["Delivered", "Not home", "Neighbour", "Returned", "Damaged", "Held"]}
    )
    n = 3000
    status = rng.choice(list(STATUS), n, p=[0.7, 0.1, 0.08, 0.05, 0.03, 0.04]).astype(object)
    if stray_status:
        status[rng.choice(n, 200, replace=False)] = "LOST"  # not a code of the lookup table
    parcels = pl.DataFrame(
        {
            "parcel_id": np.arange(1, n + 1),
            "status": status.astype(str),
            "checked_by": rng.integers(9001, 9001 + n_staff, n),
            "approved_by": rng.integers(9001, 9001 + n_staff, n),
            "sorted_by": rng.choice(["size", "postcode", "weight"], n),
            "group_by": rng.integers(1, 30, n),  # a count 1..29: parcels 1..3000 hold it, no key
            "weight_g": rng.integers(100, 20000, n),
        }
    )
    return {"staff": staff, "status_codes": codes, "parcels": parcels}


def _keys(frames: dict[str, pl.DataFrame]) -> dict[tuple[str, str], str]:
    return {(k.table, k.column): k.references for k in inspect(_source(frames)).keys}


@pytest.mark.parametrize("seed", [1, 2])
def test_an_agent_after_a_past_participle_is_a_key_by_its_values(seed: int) -> None:
    keys = _keys(company(seed))
    assert keys.get(("parcels", "checked_by")) == "staff.staff_id"
    assert keys.get(("parcels", "approved_by")) == "staff.staff_id"
    assert ("parcels", "group_by") not in keys and ("parcels", "sorted_by") not in keys
    assert ("parcels", "weight_g") not in keys


@pytest.mark.parametrize("seed", [1, 2])
def test_a_column_named_by_a_lookup_table_keys_its_codes(seed: int) -> None:
    ins = inspect(_source(company(seed)))
    keys = {(k.table, k.column): k for k in ins.keys}
    assert keys[("parcels", "status")].references == "status_codes.code"
    assert "names lookup table 'status_codes'" in (keys[("parcels", "status")].evidence or "")
    # referenced now: the lookup table's labels are listed whole (copied as reference data), not placeholders
    label = ins.spec.tables["status_codes"].columns["label"]
    assert label.generator == "categorical", label
    assert set(label.values) == {"Delivered", "Not home", "Neighbour", "Returned", "Damaged", "Held"}


def test_a_status_with_values_outside_the_lookup_table_is_no_key() -> None:
    assert ("parcels", "status") not in _keys(company(3, stray_status=True))
