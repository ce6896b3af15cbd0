"""Children counts that follow a parent's column, kept through `inspect` -> reviewed spec -> `generate` (issue 13,
learn93).

Planted databases (generated here, nothing real): a child table whose rows per parent follow a parent's category
(customers' segment, teams' league) or number (customers' income, patients' age, accounts' balance), some with a
grandchild table, and null databases whose counts follow nothing. Each is inspected, its drafted spec written as
YAML, loaded back and generated (seed 7) without `fit`. Printed per database: whether the drafted `rows` holds a
`by` (and `bins`), and `corr`: the Pearson correlation between a parent's number of children and its driver (the
number itself; for a category, its category's mean count in the source), in the source and in the generated
data. `--base SRC` runs the same on another source tree (the branch's base) in a subprocess and prints both.

Split: `dev` databases were written while the change was made (and it was checked against them); `test`
databases were committed before the change and run once before and once after it, nothing tuned on them.

    nice -n 19 env OMP_NUM_THREADS=1 PYTHONPATH=src python benchmarks/learn93_count_dependence.py \\
        --base /tmp/base_learn93/src
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import polars as pl

Db = tuple[dict[str, pl.DataFrame], str, str, str, str]  # frames, parent, child, driver column, parent key


def _children(rng: np.random.Generator, parent_ids: np.ndarray, k: np.ndarray, name: str, fk: str) -> pl.DataFrame:
    pid = np.repeat(parent_ids, k)
    return pl.DataFrame(
        {f"{name}_id": np.arange(1, len(pid) + 1), fk: pid, "amount": np.round(rng.gamma(2.0, 20.0, len(pid)), 2)}
    )


def segment_db(seed: int) -> Db:
    """dev: business customers ~10 orders, retail ~2 (a category); age unrelated."""
    rng = np.random.default_rng(seed)
    n = 600
    seg = rng.choice(["business", "retail"], n, p=[0.3, 0.7])
    ids = np.arange(1, n + 1)
    k = rng.poisson(np.where(seg == "business", 10.0, 2.0))
    parent = pl.DataFrame({"customer_id": ids, "segment": seg, "age": rng.integers(18, 80, n)})
    return {"customers": parent, "orders": _children(rng, ids, k, "order", "customer_id")}, *(
        "customers",
        "orders",
        "segment",
        "customer_id",
    )


def income_db(seed: int) -> Db:
    """dev: orders rising with a customer's income (Poisson, mean income / 8); region unrelated."""
    rng = np.random.default_rng(seed)
    n = 600
    inc = np.round(rng.gamma(4, 10, n), 1)
    ids = np.arange(1, n + 1)
    k = rng.poisson(inc / 8)
    parent = pl.DataFrame({"customer_id": ids, "income": inc, "region": rng.choice(["n", "s"], n)})
    return {"customers": parent, "orders": _children(rng, ids, k, "order", "customer_id")}, *(
        "customers",
        "orders",
        "income",
        "customer_id",
    )


def null_db(seed: int) -> Db:
    """dev/test null: orders Poisson(3) whatever the customer's income or segment."""
    rng = np.random.default_rng(seed)
    n = 700
    ids = np.arange(1, n + 1)
    parent = pl.DataFrame(
        {
            "customer_id": ids,
            "income": np.round(rng.gamma(4, 10, n), 1),
            "segment": rng.choice(["business", "retail"], n),
        }
    )
    k = rng.poisson(3.0, n)
    return {"customers": parent, "orders": _children(rng, ids, k, "order", "customer_id")}, *(
        "customers",
        "orders",
        "income",
        "customer_id",
    )


def clinic_db(seed: int) -> Db:
    """test: visits rising with a patient's age (an integer), prescriptions Poisson(1.5) per visit (3 tables)."""
    rng = np.random.default_rng(seed)
    n = 800
    ids = np.arange(1, n + 1)
    age = rng.integers(0, 91, n)
    k = rng.poisson(0.5 + age / 15)
    parent = pl.DataFrame({"patient_id": ids, "age": age, "sex": rng.choice(["F", "M"], n)})
    visits = _children(rng, ids, k, "visit", "patient_id")
    g = rng.poisson(1.5, visits.height)
    rx = pl.DataFrame(
        {
            "prescription_id": np.arange(1, int(g.sum()) + 1),
            "visit_id": np.repeat(visits.get_column("visit_id").to_numpy(), g),
            "dose": rng.integers(1, 5, int(g.sum())),
        }
    )
    return {"patients": parent, "visits": visits, "prescriptions": rx}, "patients", "visits", "age", "patient_id"


def balance_db(seed: int) -> Db:
    """test: transactions (negative binomial) rising with the log of an account's balance; kind unrelated."""
    rng = np.random.default_rng(seed)
    n = 900
    ids = np.arange(1, n + 1)
    bal = np.round(rng.lognormal(8, 1.2, n), 2)
    mu = np.clip(np.log(bal) - 5, 0.2, None) * 2
    k = rng.negative_binomial(4, 4 / (4 + mu))
    parent = pl.DataFrame({"account_id": ids, "balance": bal, "kind": rng.choice(["current", "savings"], n)})
    return {"accounts": parent, "transactions": _children(rng, ids, k, "transaction", "account_id")}, *(
        "accounts",
        "transactions",
        "balance",
        "account_id",
    )


def league_db(seed: int) -> Db:
    """test: players per team by league (pro 25, amateur 15, youth 8), a grandchild of goals; budget unrelated."""
    rng = np.random.default_rng(seed)
    n = 300
    ids = np.arange(1, n + 1)
    league = rng.choice(["pro", "amateur", "youth"], n)
    k = rng.poisson(np.select([league == "pro", league == "amateur"], [25.0, 15.0], 8.0))
    parent = pl.DataFrame({"team_id": ids, "league": league, "budget": np.round(rng.normal(100, 20, n), 1)})
    players = _children(rng, ids, k, "player", "team_id")
    g = rng.poisson(2.0, players.height)
    goals = pl.DataFrame(
        {
            "goal_id": np.arange(1, int(g.sum()) + 1),
            "player_id": np.repeat(players.get_column("player_id").to_numpy(), g),
            "minute": rng.integers(1, 91, int(g.sum())),
        }
    )
    return {"teams": parent, "players": players, "goals": goals}, "teams", "players", "league", "team_id"


DATABASES: list[tuple[str, str, Callable[[int], Db], list[int], bool]] = [
    # (name, split, make, seeds, has a dependence)
    ("segment", "dev", segment_db, [1, 2], True),
    ("income", "dev", income_db, [1, 2], True),
    ("null", "dev", null_db, [1], False),
    ("clinic_age", "test", clinic_db, [11, 12, 13], True),
    ("balance", "test", balance_db, [11, 12, 13], True),
    ("league", "test", league_db, [11, 12, 13], True),
    ("null", "test", null_db, [11, 12, 13], False),
]


def counts_per_parent(frames: dict[str, pl.DataFrame], parent: str, child: str, key: str) -> np.ndarray:
    got = (
        frames[parent]
        .select(key)
        .join(frames[child].group_by(key).len(), on=key, how="left", maintain_order="left")
        .get_column("len")
    )
    return got.fill_null(0).to_numpy().astype(np.float64)


def driver_corr(
    frames: dict[str, pl.DataFrame], parent: str, child: str, by: str, key: str, means: dict[str, float] | None
) -> float:
    """corr(a parent's children, its driver): the number, or for a category its source mean count."""
    counts = counts_per_parent(frames, parent, child, key)
    values = frames[parent].get_column(by)
    if means is not None:
        x = np.array([means.get(str(v), np.nan) for v in values.cast(pl.String).to_list()], dtype=np.float64)
    else:
        x = values.cast(pl.Float64).to_numpy()
    ok = np.isfinite(x)
    if counts[ok].std() == 0 or x[ok].std() == 0:
        return 0.0
    return float(np.corrcoef(counts[ok], x[ok])[0, 1])


def group_means(frames: dict[str, pl.DataFrame], parent: str, child: str, by: str, key: str) -> dict[str, float]:
    counts = counts_per_parent(frames, parent, child, key)
    values = np.array(frames[parent].get_column(by).cast(pl.String).to_list())
    return {str(v): float(counts[values == v].mean()) for v in np.unique(values)}


def measure(name: str, db: Db, seed: int) -> dict[str, object]:
    from simulacra.inspection import inspect
    from simulacra.pipeline import generate
    from simulacra.sources import ForeignKey, Source
    from simulacra.spec import load_spec

    frames, parent, child, by, key = db
    keys = {t: [f.columns[0]] for t, f in frames.items()}
    fks = [
        ForeignKey(t, c, p, keys[p][0])
        for t, f in frames.items()
        for c in f.columns[1:]
        for p in frames
        if p != t and keys[p][0] == c
    ]
    src = Source(location=name, kind="folder", frames=frames, primary_keys=keys, foreign_keys=fks, fingerprint=name)
    ins = inspect(src)
    spec = load_spec("x.yaml", text=ins.to_yaml())  # the reviewed spec, as written
    out = generate(spec, seed=7).frames
    categorical = frames[parent].schema[by] == pl.String
    means = group_means(frames, parent, child, by, key) if categorical else None
    rows = ins.spec_data["tables"][child]["rows"]
    return {
        "by": rows.get("by"),
        "bins": len(rows.get("bins") or []) + 1 if rows.get("bins") else 0,
        "source": driver_corr(frames, parent, child, by, key, means),
        "generate": driver_corr(out, parent, child, by, key, means),
        "rows": [frames[child].height, out[child].height],
    }


def run_all() -> dict[str, dict[str, object]]:
    return {
        f"{split} {name} seed {s}": measure(name, make(s), s)
        for name, split, make, seeds, _ in DATABASES
        for s in seeds
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", help="another source tree (src folder) to run the same on, printed beside")
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.json:
        print(json.dumps(run_all()))
        return 0
    after = run_all()
    before: dict[str, dict[str, object]] = {}
    if a.base:
        env = {**os.environ, "PYTHONPATH": a.base}
        got = subprocess.run(
            [sys.executable, __file__, "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
        before = json.loads(got.strip().splitlines()[-1])
    print(f"{'database':<26} {'source':>7} {'base':>7} {'this':>7}  drafted (this)")
    for name, r in after.items():
        b = before.get(name, {})
        base = f"{b['generate']:7.3f}" if b else "      -"
        drafted = f"by {r['by']}" + (f", {r['bins']} intervals" if r["bins"] else "") if r["by"] else "no by"
        print(f"{name:<26} {r['source']:7.3f} {base} {r['generate']:7.3f}  {drafted}")
    for split in ("dev", "test"):
        for kind, real in (("dependence", True), ("null", False)):
            keys = [k for k in after if k.startswith(split) and ("null" in k) != real]
            if not keys or not before:
                continue
            mean = {
                w: float(np.mean([float(d[k]["generate"]) for k in keys])) for w, d in (("b", before), ("a", after))
            }  # type: ignore[arg-type]
            src = float(np.mean([float(after[k]["source"]) for k in keys]))  # type: ignore[arg-type]
            print(f"{split} {kind}: mean corr source {src:.3f}, base {mean['b']:.3f}, this {mean['a']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
