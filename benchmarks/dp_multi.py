"""Berka (PKDD'99 bank) as a tree of tables under DP: account -> loan, order, trans.

The individual is one account with its loans, standing orders and transactions (the
``trans`` prefix file: 49,102 rows, 1993-01 .. 1994-03). Side by side in one run: simulacra's
multi-table DP at each ε and simulacra's default (non-DP) synthesizer on the same tables.
Measured against the tables fitted (no holdout: these are fidelity figures, and nothing
was tuned on them):

* children per account, per child table: total variation distance (TVD) between the real,
  unclipped distribution of counts and the synthetic one (0 ideal);
* each table's columns: mean one-way TVD over the learned columns (numbers binned on the
  declared edges, categories as they are);
* rows per table; wall and CPU seconds of fit + sample.

Bounds, bins, category lists and ``max_children`` are declared below from the data
description (Financial_Data_description.pdf: its documented code values; one loan per
account at most; amounts in CZK) and round guesses, not read from the rows; the partner
bank codes are not listed there and are released under DP. The share of rows clipped by
``max_children`` is printed.

    .venv/bin/python benchmarks/dp_multi.py [--eps 1,3,10] [--data /work/shared/data/berka] [--dp-caps 0.9]
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

import simulacra

LINKS = {"loan": 1, "order": 5, "trans": 40}  # max_children per account (declared)
DOMAIN: dict[str, Any] = {
    "tables": {
        "account": {
            "columns": {
                "date": {"bounds": ["1993-01-01", "1997-12-31"], "bins": 20},
                "frequency": {"categories": ["POPLATEK MESICNE", "POPLATEK TYDNE", "POPLATEK PO OBRATU"]},
                "district_id": "skip",
            }
        },
        "loan": {
            "max_children": LINKS["loan"],
            "columns": {
                "date": {"bounds": ["1993-01-01", "1998-12-31"], "bins": 12},
                "amount": {"bounds": [0, 600000], "bins": 12},
                "duration": {"categories": [12, 24, 36, 48, 60]},
                "payments": {"bounds": [0, 10000], "bins": 10},
                "status": {"categories": ["A", "B", "C", "D"]},
            },
        },
        "order": {
            "max_children": LINKS["order"],
            "columns": {
                "amount": {"bounds": [0, 15000], "edges": [0, 500, 1000, 2000, 3000, 5000, 8000, 15000]},
                "k_symbol": {"categories": ["POJISTNE", "SIPO", "LEASING", "UVER"]},
                "bank_to": "released",
                "account_to": "skip",
            },
        },
        "trans": {
            "max_children": LINKS["trans"],
            "columns": {
                "date": {"bounds": ["1993-01-01", "1994-03-31"], "bins": 15},
                "amount": {"bounds": [0, 90000], "edges": [0, 100, 500, 1000, 2000, 5000, 10000, 20000, 90000]},
                "balance": {"bounds": [-10000, 150000], "bins": 16},
                "type": {"categories": ["PRIJEM", "VYDAJ"]},
                "operation": {"categories": ["VYBER KARTOU", "VKLAD", "PREVOD Z UCTU", "VYBER", "PREVOD NA UCET"]},
                "k_symbol": {"categories": ["POJISTNE", "SLUZBY", "UROK", "SANKC. UROK", "SIPO", "DUCHOD", "UVER"]},
                "bank": "released",
                "account": "skip",
            },
        },
    }
}


def _tvd(a: pl.Series, b: pl.Series, edges: list[float] | None) -> float:
    def dist(s: pl.Series) -> dict[Any, float]:
        if edges is not None:
            x = s.drop_nulls()
            if x.dtype == pl.Date:
                x = x.cast(pl.Int64)
            codes = np.searchsorted(np.asarray(edges[1:-1]), x.cast(pl.Float64).to_numpy(), side="right").tolist()
            vals: list[Any] = codes + [None] * s.null_count()
        else:
            vals = s.cast(pl.String).to_list()
        n = max(len(vals), 1)
        out: dict[Any, float] = {}
        for v in vals:
            out[v] = out.get(v, 0.0) + 1.0 / n
        return out

    p, q = dist(a), dist(b)
    return 0.5 * sum(abs(p.get(k, 0.0) - q.get(k, 0.0)) for k in set(p) | set(q))


def _edges(table: str, col: str) -> list[float] | None:
    from simulacra.dp.domain import parse_domain

    entry = DOMAIN["tables"].get(table, {}).get("columns", {}).get(col)
    if isinstance(entry, dict) and "bounds" in entry:
        return list(parse_domain({col: entry})[col].edges)
    return None


def _children(frames: dict[str, pl.DataFrame], child: str) -> pl.Series:
    parents = frames["account"].select("account_id")
    per = frames[child].group_by("account_id").len()
    return parents.join(per, on="account_id", how="left").get_column("len").cast(pl.Int64).fill_null(0)


def _score(real: dict[str, pl.DataFrame], syn: dict[str, pl.DataFrame]) -> dict[str, float]:
    out = {}
    for child in LINKS:
        out[f"{child}/account TVD"] = _tvd(_children(real, child), _children(syn, child), None)
    for t, f in real.items():
        cols = [
            c for c in f.columns if c in syn[t].columns and not c.endswith("_id") and c not in ("account", "account_to")
        ]
        out[f"{t} cols TVD"] = (
            float(np.mean([_tvd(f[c], syn[t][c], _edges(t, c)) for c in cols])) if cols else float("nan")
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eps", default="1,3,10")
    ap.add_argument("--data", default="/work/shared/data/berka")
    ap.add_argument(
        "--dp-caps",
        type=float,
        default=None,
        help="also run each ε with order and trans max_children chosen under DP at this quantile (upper 200)",
    )
    args = ap.parse_args()
    data = Path(args.data)
    tmp = Path(tempfile.mkdtemp(prefix="dp_multi_"))
    src = tmp / "berka"
    src.mkdir()
    for t in ("account", "loan", "order"):
        (src / f"{t}.asc").symlink_to(data / f"{t}.asc")
    (src / "trans.asc").symlink_to(data / "trans_prefix_first3MiB.asc")
    from simulacra.inspection import inspect
    from simulacra.sources import coerce, read_source

    s = read_source(str(src))
    real = coerce(s.frames, inspect(s))
    for child, cap in LINKS.items():
        n = _children(real, child)
        clipped = int((n - cap).clip(lower_bound=0).sum())
        print(
            f"{child}: {real[child].height:,} rows, {clipped:,} ({clipped / real[child].height:.1%}) beyond max_children {cap}"
        )
    rows = []
    runs: list[tuple[str, dict[str, Any]]] = [("simulacra trees (no DP)", {})]
    runs += [
        (f"simulacra DP eps={float(e):g}", {"dp_epsilon": float(e), "dp_domain": DOMAIN}) for e in args.eps.split(",")
    ]
    if args.dp_caps is not None:
        auto = copy.deepcopy(DOMAIN)
        for t in ("order", "trans"):
            auto["tables"][t]["max_children"] = {"quantile": args.dp_caps, "upper": 200}
        runs += [
            (
                f"simulacra DP eps={float(e):g}, max_children by DP (q={args.dp_caps:g})",
                {"dp_epsilon": float(e), "dp_domain": auto},
            )
            for e in args.eps.split(",")
        ]
    for name, kw in runs:
        w, c = time.perf_counter(), time.process_time()
        res = simulacra.fit(str(src), seed=0, **kw)
        syn = simulacra.sample(res.model, seed=1).frames
        assert syn is not None
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        sc = _score(real, syn)
        rows.append((name, sc, {t: f.height for t, f in syn.items()}, wall, cpu))
        print(name, {k: round(v, 3) for k, v in sc.items()}, f"wall {wall:.1f}s cpu {cpu:.1f}s", flush=True)
        if "dp_epsilon" in kw:
            print("  max_children:", {lk.child: lk.cap for lk in res.model.links_})  # type: ignore[union-attr]
    keys = list(rows[0][1])
    print("\n| method | " + " | ".join(keys) + " | rows (account/loan/order/trans) | wall s | CPU s |")
    print("|---" * (len(keys) + 4) + "|")
    for name, sc, n, wall, cpu in rows:
        counts = "/".join(f"{n[t]:,}" for t in ("account", "loan", "order", "trans"))
        print(f"| {name} | " + " | ".join(f"{sc[k]:.3f}" for k in keys) + f" | {counts} | {wall:.1f} | {cpu:.1f} |")
    base = rows[0][1]
    for name, sc, *_ in rows[1:]:
        ratio = np.mean([sc[k] / base[k] for k in keys if base[k] > 0])
        print(f"{name}: mean TVD ratio to no-DP {ratio:.2f}x")


if __name__ == "__main__":
    main()
