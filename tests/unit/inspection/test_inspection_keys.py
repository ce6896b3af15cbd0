"""Primary and foreign key inference: inclusion, uniqueness, names, specificity; cycles."""

from __future__ import annotations

import polars as pl

from simulacra.inspection._keys import break_cycles, infer_foreign_keys, infer_primary_keys
from simulacra.sources import ForeignKey


def test_primary_keys_by_name_first_column_or_declared() -> None:
    frames = {
        "users": pl.DataFrame({"name": ["a", "b"], "user_id": [10, 20]}),
        "district": pl.DataFrame({"A1": [1, 2, 3], "A2": ["x", "y", "z"]}),
        "log": pl.DataFrame({"level": ["x", "x"], "msg": ["a", "a"]}),
        "declared": pl.DataFrame({"a": [1, 1], "b": [1, 2]}),
        "one": pl.DataFrame({"code": ["X"], "v": [1.0]}),
    }
    keys, evidence, notes = infer_primary_keys(frames, {"declared": ["a", "b"]})
    assert keys == {"users": ["user_id"], "district": ["A1"], "declared": ["a", "b"], "one": ["code"]}
    assert "named like the table's key" in evidence["users"] and "first column" in evidence["district"]
    assert evidence["declared"] == "declared in the source"
    assert any("single row" in n for n in notes)


def _accounts(n: int = 60) -> pl.DataFrame:
    ids = [7 + 37 * i for i in range(n)]  # sparse keys: 1 in 37
    return pl.DataFrame({"account_id": ids, "district_id": [1 + i % 20 for i in range(n)]})


def test_fk_by_name_and_inclusion_and_without_name_via_specificity() -> None:
    accounts = _accounts()
    frames = {
        "district": pl.DataFrame({"A1": list(range(1, 21)), "A2": [f"d{i}" for i in range(20)]}),
        "account": accounts,
        "loan": pl.DataFrame(
            {"loan_id": list(range(40)), "acct": accounts["account_id"][:40], "duration": [12, 24, 36, 48, 60] * 8}
        ),
    }
    pks = {"district": ["A1"], "account": ["account_id"], "loan": ["loan_id"]}
    fks, notes = infer_foreign_keys(frames, pks, [])
    got = {(f.table, f.column): f for f in fks}
    # district_id names table 'district' although the key column is A1
    d = got[("account", "district_id")]
    assert (d.ref_table, d.ref_column, d.declared) == ("district", "A1", False)
    assert "inclusion 100% of 60 values" in (d.evidence or "") and "names table 'district'" in (d.evidence or "")
    # no name match, but 40 sparse keys cannot all match by chance
    a = got[("loan", "acct")]
    assert a.ref_table == "account" and "no name match" in (a.evidence or "") and "p < 1e-12" in (a.evidence or "")
    # 12..60 lies in the dense 1..20? no (60 > 20), and a dense range proves nothing anyway
    assert ("loan", "duration") not in got
    assert ("loan", "loan_id") not in got  # the table's own key needs an exact name match
    assert 0.9 <= d.confidence <= 1.0 and 0.9 <= a.confidence <= 1.0


def test_dense_small_ranges_need_a_name() -> None:
    frames = {
        "district": pl.DataFrame({"A1": list(range(1, 78))}),
        "loan": pl.DataFrame({"loan_id": list(range(100)), "duration": [12, 24, 36, 48, 60] * 20}),
    }
    fks, _ = infer_foreign_keys(frames, {"district": ["A1"], "loan": ["loan_id"]}, [])
    assert fks == []


def test_orphans_are_counted_and_low_inclusion_is_a_note() -> None:
    parents = pl.DataFrame({"customer_id": list(range(1, 1001))})
    few = list(range(1, 1001)) * 2
    few[5] = 5000  # one orphan row in 2,000
    many = [i if i % 4 else 9000 + i for i in range(1, 401)]  # 25% orphans
    frames = {
        "customer": parents,
        "orders": pl.DataFrame({"order_id": list(range(2000)), "customer_id": few}),
        "refunds": pl.DataFrame({"refund_id": list(range(400)), "customer_id": many}),
    }
    pks = {"customer": ["customer_id"], "orders": ["order_id"], "refunds": ["refund_id"]}
    fks, notes = infer_foreign_keys(frames, pks, [])
    o = next(f for f in fks if f.table == "orders")
    assert "1 orphan row(s)" in (o.evidence or "") and o.confidence < 1.0
    assert not any(f.table == "refunds" for f in fks)
    assert any("refunds.customer_id" in n and "75.0%" in n for n in notes)


def test_declared_keys_are_kept_and_not_re_inferred() -> None:
    frames = {"a": pl.DataFrame({"id": [1, 2]}), "b": pl.DataFrame({"id": [1, 2, 3], "a_id": [1, 2, 2]})}
    declared = [ForeignKey("b", "a_id", "a", "id")]
    fks, _ = infer_foreign_keys(frames, {"a": ["id"], "b": ["id"]}, declared)
    assert fks == declared


def test_self_reference_by_name() -> None:
    frames = {
        "employee": pl.DataFrame(
            {"employee_id": list(range(1, 31)), "manager_employee_id": [None] + [1 + i // 5 for i in range(29)]}
        )
    }
    fks, _ = infer_foreign_keys(frames, {"employee": ["employee_id"]}, [])
    assert [(f.column, f.ref_table) for f in fks] == [("manager_employee_id", "employee")]


def test_cycles_are_broken_at_the_weakest_edge() -> None:
    keys = [
        ForeignKey("a", "b_id", "b", "id", declared=False, confidence=0.99),
        ForeignKey("b", "c_id", "c", "id", declared=True),
        ForeignKey("c", "a_id", "a", "id", declared=False, confidence=0.9),
        ForeignKey("c", "c_id", "c", "id", declared=False, confidence=0.9),
    ]  # a self reference is no cycle
    kept, dropped, notes = break_cycles(keys)
    assert dropped == [keys[2]]
    assert keys[3] in kept and len(kept) == 3
    assert "cycle" in notes[0] and "c.a_id" in notes[0]
