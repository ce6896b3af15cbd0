"""Foreign keys whose names do not say their parent (issue 13), planted in generated data: found by their values.

Shapes: a procedure's ``surgeon_id`` among staff ids 100.. (staff of several roles; patients 1..n also hold
every surgeon id), a review's ``reviewer`` among user ids 1..n (products 1..10n hold them too: the tightest
parent wins), a match's ``winner`` among player ids, and a self-reference ``employees.manager_id`` among the
employees' ids. Never drafted: codes of a tiny range (``level_id`` 1..5), ids that a parent holds only because
its keys run far past them (``ticket_ref`` 1..150 among orders 1..3,000), a unique column that is a shuffled
copy of the table's own key, dates, and a role-named count among dense keys with too few values.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from simulacra.inspection import inspect
from simulacra.sources import Source


def _source(name: str, frames: dict[str, pl.DataFrame]) -> Source:
    pks = {t: [f.columns[0]] for t, f in frames.items()}
    return Source(location=name, kind="folder", frames=frames, primary_keys=pks, foreign_keys=[], fingerprint=name)


def _keys(frames: dict[str, pl.DataFrame]) -> dict[tuple[str, str], str]:
    ins = inspect(_source("values", frames))
    return {(k.table, k.column): k.references for k in ins.keys}


def _evidence(frames: dict[str, pl.DataFrame], table: str, column: str) -> str:
    ins = inspect(_source("values", frames))
    return next(k.evidence or "" for k in ins.keys if (k.table, k.column) == (table, column))


def hospital(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_staff, n_pat = int(rng.integers(60, 120)), int(rng.integers(400, 700))
    staff = pl.DataFrame(
        {
            "staff_id": np.arange(100, 100 + n_staff),
            "role": rng.choice(["surgeon", "nurse", "physician"], n_staff, p=[0.5, 0.3, 0.2]),
        }
    )
    surgeons = staff.filter(pl.col("role") == "surgeon")["staff_id"].to_numpy()
    patients = pl.DataFrame({"patient_id": np.arange(1, n_pat + 1), "age": rng.integers(1, 99, n_pat)})
    n = 1500
    procedures = pl.DataFrame(
        {
            "procedure_id": np.arange(1, n + 1),
            "patient_id": rng.integers(1, n_pat + 1, n),
            "surgeon_id": rng.choice(surgeons, n),
            "level_id": rng.integers(1, 6, n),  # a code 1..5: never a key, whatever holds it
            "performed_on": [dt.date(2024, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 300, n)],
        }
    )
    return {"staff": staff, "patients": patients, "procedures": procedures}


def reviews(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_users = int(rng.integers(400, 600))  # past 2 x 150: ticket_ref fills no parent's range either
    users = pl.DataFrame({"user_id": np.arange(1, n_users + 1), "country": rng.choice(["de", "fr", "uk"], n_users)})
    products = pl.DataFrame({"product_id": np.arange(1, 10 * n_users + 1), "price": rng.integers(1, 500, 10 * n_users)})
    orders = pl.DataFrame({"order_id": np.arange(1, 3001), "total": rng.integers(5, 900, 3000)})
    n = 2000
    reviewer = rng.integers(1, n_users + 1, n)
    return {
        "users": users,
        "products": products,
        "orders": orders,
        "reviews": pl.DataFrame(
            {
                "review_id": np.arange(1, n + 1),
                "product_id": rng.integers(1, 10 * n_users + 1, n),
                "reviewer": reviewer,
                "ticket_ref": rng.integers(1, 151, n),  # 1..150 inside orders 1..3000: not a key to them
                "stars": rng.integers(1, 6, n),
            }
        ),
    }


def league(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n_players = int(rng.integers(40, 80))
    players = pl.DataFrame(
        {"player_id": np.arange(1000, 1000 + 3 * n_players, 3), "rating": rng.integers(1000, 2800, n_players)}
    )
    ids = players["player_id"].to_numpy()
    n = 900
    a, b = rng.choice(ids, n), rng.choice(ids, n)
    return {
        "players": players,
        "games": pl.DataFrame(
            {
                "game_id": np.arange(1, n + 1),
                "winner": np.where(rng.random(n) < 0.5, a, b),
                "moves": rng.integers(20, 90, n),
            }
        ),
    }


def staff_tree(seed: int) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(300, 500))
    ids = np.arange(1, n + 1)
    managers = rng.choice(ids, int(n * 0.12), replace=False)
    manager = rng.choice(managers, n).astype(float)
    manager[rng.random(n) < 0.03] = np.nan
    manager[np.isin(ids, managers[:3])] = np.nan  # the top of the tree has no manager
    return {
        "employees": pl.DataFrame(
            {
                "employee_id": ids,
                "manager_id": pl.Series(manager).fill_nan(None).cast(pl.Int64),
                "badge_id": rng.permutation(ids),  # a shuffled copy of the key: unique, not a reference
                "salary": rng.integers(30_000, 90_000, n),
            }
        )
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_a_key_the_name_does_not_reveal_is_found_by_its_values(seed: int) -> None:
    keys = _keys(hospital(seed))
    assert keys[("procedures", "surgeon_id")] == "staff.staff_id"
    assert keys[("procedures", "patient_id")] == "patients.patient_id"
    assert ("procedures", "level_id") not in keys
    assert ("procedures", "performed_on") not in keys
    why = _evidence(hospital(seed), "procedures", "surgeon_id")
    assert "found by its values" in why and "by chance with p = " in why


@pytest.mark.parametrize("seed", [1, 2])
def test_the_tightest_parent_wins_and_a_parent_far_wider_than_the_values_is_no_evidence(seed: int) -> None:
    keys = _keys(reviews(seed))
    assert keys[("reviews", "reviewer")] == "users.user_id"  # products 1..10n hold every reviewer too
    assert keys[("reviews", "product_id")] == "products.product_id"
    assert ("reviews", "ticket_ref") not in keys  # orders 1..3000 hold 1..150 only because they run past it
    assert ("reviews", "stars") not in keys


@pytest.mark.parametrize("seed", [1, 2])
def test_a_role_named_key_among_sparse_ids(seed: int) -> None:
    keys = _keys(league(seed))
    assert keys[("games", "winner")] == "players.player_id"
    assert ("games", "moves") not in keys


@pytest.mark.parametrize("seed", [1, 2])
def test_a_self_reference_found_by_its_values(seed: int) -> None:
    frames = staff_tree(seed)
    ins = inspect(_source("tree", frames))
    keys = {(k.table, k.column): k.references for k in ins.keys}
    assert keys[("employees", "manager_id")] == "employees.employee_id"
    assert ("employees", "badge_id") not in keys
    assert ins.spec.tables["employees"].columns["manager_id"].generator == "foreign_key"


def test_too_few_values_among_dense_keys_are_no_key() -> None:
    """19 distinct reviewers among users 1..19 of 20: containment, but no more likely than chance."""
    rng = np.random.default_rng(3)
    frames = {
        "users": pl.DataFrame({"user_id": np.arange(1, 21), "x": rng.integers(0, 9, 20)}),
        "reviews": pl.DataFrame({"review_id": np.arange(1, 301), "reviewer": rng.integers(1, 20, 300)}),
    }
    assert ("reviews", "reviewer") not in _keys(frames)
