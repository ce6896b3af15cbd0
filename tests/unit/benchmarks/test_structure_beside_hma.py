"""``benchmarks/synth_structure.py`` beside SDV's HMA (issue 13): the rule that picks the tables HMA is fitted on,
the row cap both methods share, and the printed reason when ``sdv`` cannot be imported (never a silent skip)."""

from __future__ import annotations

import sys
from types import ModuleType

import polars as pl
import pytest
from tests.helpers import load_script


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("synth_structure")


# Berka's shape: (child, key, parent, parent key)
BERKA = [
    ("account", "district_id", "district", "district_id"),
    ("client", "district_id", "district", "district_id"),
    ("disp", "client_id", "client", "client_id"),
    ("disp", "account_id", "account", "account_id"),
    ("card", "disp_id", "disp", "disp_id"),
    ("loan", "account_id", "account", "account_id"),
    ("order", "account_id", "account", "account_id"),
    ("trans", "account_id", "account", "account_id"),
]
ROWS = {
    "district": 77, "account": 4500, "client": 5369, "disp": 5369,
    "card": 892, "loan": 682, "order": 6471, "trans": 49102,
}  # fmt: skip


def test_chain_depth_counts_tables_on_the_longest_chain(bench) -> None:  # type: ignore[no-untyped-def]
    assert bench.chain_depth(ROWS, BERKA) == 4  # district -> client/account -> disp -> card
    assert bench.chain_depth(["account", "trans", "loan"], BERKA) == 2
    assert bench.chain_depth(["trans"], BERKA) == 1
    assert not bench.connected(["trans", "client"], BERKA)
    assert bench.connected(["trans", "account", "loan"], BERKA)


def test_subset_holds_the_most_checks_within_hmas_limits(bench) -> None:  # type: ignore[no-untyped-def]
    needs = {
        "trans after account": ("trans", "account"),
        "loan after account": ("loan", "account"),
        "disp unique": ("disp", "account"),
    }
    got = bench.hma_subset(ROWS, BERKA, needs)
    assert len(got) <= 5 and bench.chain_depth(got, BERKA) <= 2 and bench.connected(got, BERKA)
    assert {"trans", "account", "loan", "disp"} <= set(got)  # every check held
    # the fifth table: another relation (disp -> client) beats none; district would make a chain of 3; client has
    # fewer rows than order, which also adds one relation
    assert got == ("account", "client", "disp", "loan", "trans")
    # a check that cannot fit (a chain of 3) does not stop the rest being held
    needs["card via disp via account"] = ("card", "disp", "account")
    assert {"trans", "account", "loan", "disp"} <= set(bench.hma_subset(ROWS, BERKA, needs))
    # looser limits take the whole chain
    assert set(bench.hma_subset(ROWS, BERKA, needs, max_tables=8, max_depth=4)) == set(ROWS)


def test_cap_cuts_parents_and_their_children_alike(bench) -> None:  # type: ignore[no-untyped-def]
    frames = {
        "account": pl.DataFrame({"account_id": list(range(100))}),
        "trans": pl.DataFrame({"trans_id": list(range(1000)), "account_id": [i % 100 for i in range(1000)]}),
        "loan": pl.DataFrame({"loan_id": [1, 2, 3], "account_id": [5, None, 7]}),
    }
    frames["client"] = pl.DataFrame({"client_id": list(range(50))})
    frames["disp"] = pl.DataFrame({"account_id": list(range(100)), "client_id": [i // 2 for i in range(100)]})
    rels = [
        ("trans", "account_id", "account", "account_id"),
        ("loan", "account_id", "account", "account_id"),
        ("disp", "account_id", "account", "account_id"),
        ("disp", "client_id", "client", "client_id"),
    ]
    got = bench.cap_rows(frames, rels, 10, seed=0)
    assert got["account"].height == 10  # the parent with the most rows is cut
    kept = set(got["account"]["account_id"])
    assert set(got["trans"]["account_id"]) == kept and got["trans"].height == 100
    assert None in got["loan"]["account_id"].to_list()  # a null key stays
    # a child of two parents is cut once (by the account), and the other parent keeps the rows it names
    assert got["disp"].height == 10
    assert set(got["client"]["client_id"]) == set(got["disp"]["client_id"])
    again = bench.cap_rows(frames, rels, 10, seed=0)
    assert all(got[t].equals(again[t]) for t in got)  # seeded: the same rows each time
    assert bench.cap_rows(frames, rels, None)["trans"].height == 1000


def test_hma_not_importable_prints_why(bench, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "sdv", None)  # import sdv raises ImportError whether or not it is installed
    real = {
        "parents": pl.DataFrame({"parent_id": list(range(1, 41)), "size": [float(i % 7) for i in range(40)]}),
        "kids": pl.DataFrame(
            {"kid_id": list(range(1, 201)), "parent_id": [1 + i % 40 for i in range(200)], "v": list(range(200))}
        ),
    }
    from simulacra.inspection import inspect
    from simulacra.sources import Source

    ins = inspect(Source(location="t", kind="folder", frames=real, fingerprint="t"))
    assert bench.relations(ins.spec) == [("kids", "parent_id", "parents", "parent_id")]
    checks = {"kids under a parent": (("kids", "parents"), bench.rel_integrity(bench.relations(ins.spec)))}
    out = bench.beside_hma("tiny", real, ins.spec, checks, ["hma"], None)
    printed = capsys.readouterr().out
    assert out == {}
    assert "hma: skipped: sdv not importable" in printed
    assert "kids 200, parents 40" in printed  # the subset is still chosen and printed
