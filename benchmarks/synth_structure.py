"""Structure checks a domain expert runs first (issue 13), on Berka and on generated databases, in one run.

For each database: inspect, fit simulacra's default (trees), sample with three seeds, and print
each check's rate on the real data beside its mean rate in the samples (and the worst seed):

* Berka (``../shared/data/berka``; the transactions are a 3 MiB prefix): no false foreign key,
  table sizes at scale 1 (default and ``exact_sizes``), dates inside the observed range, a
  transaction / loan / order-free: on or after its account opened, one disposition type per
  account (``disp (account_id, type)`` unique), referential integrity;
* a generated motorsport-like database (``tests/structure_data.py``: circuits, drivers, races,
  results with positions ordered by time and a car number that is also a driver id): ranks
  1..n per race, one winner per race, the winner has the best time, a driver once per race,
  a car number once per race, points that follow position, no false key on the car number;
* generated accounts/transactions and seasons/races: a transaction after its account opened,
  a race in its season's year; generated ratings: one rating per (user, film);
* generated composite keys (``composite``: grades -> enrolment (student_id, course_id),
  shipments -> order_lines (order_no, line_no); a cross product that is no key): each found,
  each tuple a parent key in the samples;
* generated careers (``careers``): a driver's age on the race day, through race and driver,
  inside the real range (18..42 years).

Berka was inspected while building this, so its figures are dev figures; the generated
databases are made by the script (seeded) and carry the structure by construction. For Berka and
the motorsport database, SDMetrics' multi-table quality of the seed-1 sample is printed too, with the
column types SDV gives (keys ``id``, numbers, dates and times ``datetime``, other text categorical;
names and times left as they are). SDV's HMA is not run here (the optional ``sdv`` package is not
installed in the project environment), so there is no HMA figure beside it.

    PYTHONPATH=src:. .venv/bin/python benchmarks/synth_structure.py [--data ../shared/data/berka]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.structure_data import (  # noqa: E402
    POINTS,
    ages,
    careers,
    composite,
    motorsport,
    one_winner_share,
    order_share,
    periods,
    rank_share,
    ratings,
    tuple_share,
    unique_pair_share,
)

DATA = next(
    (
        p / "shared" / "data" / "berka"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data" / "berka").exists()
    ),
    ROOT.parent / "shared" / "data" / "berka",
)
SEEDS = (1, 2, 3)
Check = Callable[[dict[str, pl.DataFrame]], float]


def after(child: str, col: str, parent: str, pcol: str, key: str = "account_id") -> Check:
    def f(frames: dict[str, pl.DataFrame]) -> float:
        j = frames[child].select(key, col).join(frames[parent].select(key, pl.col(pcol).alias("__p")), on=key)
        return float((j[col].cast(pl.Date) >= j["__p"].cast(pl.Date)).mean() or 0.0)

    return f


def in_range(real: dict[str, pl.DataFrame]) -> Check:
    cols = [(t, c) for t, f in real.items() for c, d in f.schema.items() if d == pl.Date or isinstance(d, pl.Datetime)]

    def f(frames: dict[str, pl.DataFrame]) -> float:
        ok = total = 0
        for t, c in cols:
            s = frames[t][c].drop_nulls()
            ok += int(((s >= real[t][c].min()) & (s <= real[t][c].max())).sum())
            total += s.len()
        return ok / max(total, 1)

    return f


def integrity(model) -> Check:  # type: ignore[no-untyped-def]
    rels = [
        (t, c, lk.table, lk.key)
        for t, tp in model.plan_.tables.items()
        for c, lk in tp.links.items()
        if not lk.self_ref
    ]

    def f(frames: dict[str, pl.DataFrame]) -> float:
        ok = total = 0
        for child, col, parent, key in rels:
            v = frames[child][col].drop_nulls()
            total += v.len()
            ok += int(v.is_in(frames[parent][key].implode()).sum())
        return ok / max(total, 1)

    return f


def size_error(real: dict[str, pl.DataFrame]) -> Check:
    return lambda frames: max(abs(frames[t].height - f.height) / max(f.height, 1) for t, f in real.items())


def sdv_metadata(real: dict[str, pl.DataFrame], spec) -> dict:  # type: ignore[no-untyped-def]
    """SDV's metadata for ``real`` with the column types SDV itself gives (``Metadata.detect_from_dataframes``
    sdtypes: keys ``id``, numbers ``numerical``, dates and times ``datetime``, booleans ``boolean``, other
    text ``categorical``); names and times are left as they are (not dropped, not re-typed), and the keys
    are the spec's."""
    from simulacra.spec import model as m

    tables: dict[str, dict] = {}
    rels: list[dict[str, str]] = []
    for t, frame in real.items():
        ts = spec.tables[t]
        keys = {c for c, cs in ts.columns.items() if isinstance(cs, m.ForeignKeyColumn)}
        pk = ts.primary_key if isinstance(ts.primary_key, str) else None
        cols: dict[str, dict[str, str]] = {}
        for c, d in frame.schema.items():
            if c in keys or c == pk:
                cols[c] = {"sdtype": "id"}
            elif d == pl.Boolean:
                cols[c] = {"sdtype": "boolean"}
            elif d.is_numeric():
                cols[c] = {"sdtype": "numerical"}
            elif d == pl.Date or isinstance(d, pl.Datetime):
                cols[c] = {"sdtype": "datetime"}
            else:
                cols[c] = {"sdtype": "categorical"}
        tables[t] = {"columns": cols, **({"primary_key": pk} if pk else {})}
        for c in keys:
            parent, _, pcol = ts.columns[c].references.partition(".")  # type: ignore[union-attr]
            if pcol == (spec.tables[parent].primary_key if isinstance(spec.tables[parent].primary_key, str) else None):
                rels.append(
                    {
                        "parent_table_name": parent,
                        "parent_primary_key": pcol,
                        "child_table_name": t,
                        "child_foreign_key": c,
                    }
                )
    return {"tables": tables, "relationships": rels}


def sdmetrics_quality(real: dict[str, pl.DataFrame], sample: dict[str, pl.DataFrame], spec) -> float:  # type: ignore[no-untyped-def]
    """SDMetrics' multi-table quality (column shapes, pair trends, cardinality, intertable trends)."""
    import warnings

    meta = sdv_metadata(real, spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the multi-table report's import warns it is deprecated)
        from sdmetrics.reports.multi_table import QualityReport

        rep = QualityReport()
        rep.generate(
            {t: f.to_pandas() for t, f in real.items()}, {t: sample[t].to_pandas() for t in real}, meta, verbose=False
        )
    return float(rep.get_score())


def run(name: str, real: dict[str, pl.DataFrame], spec, checks: dict[str, Check], quality: bool = False) -> None:  # type: ignore[no-untyped-def]
    from simulacra import DatasetSynthesizer

    t0 = time.perf_counter()
    model = DatasetSynthesizer(seed=0).fit(real, spec)
    fit_s = time.perf_counter() - t0
    checks = {
        **checks,
        "referential integrity": integrity(model),
        "largest table size error (default)": size_error(real),
    }
    samples, t1 = [], time.perf_counter()
    for s in SEEDS:
        samples.append(model.sample(seed=s))
    sample_s = (time.perf_counter() - t1) / len(SEEDS)
    exact = [size_error(real)(model.sample(seed=s, exact_sizes=True)) for s in SEEDS]
    print(
        f"\n== {name}: fit {fit_s:.1f} s, sample {sample_s:.1f} s per seed; rows "
        + ", ".join(f"{t} {f.height:,}" for t, f in real.items())
    )
    for note in model.notes_:
        if "lookup table" in note or "learned as a number" in note:
            print(f"  note: {note}")
    print(f"  {'check':58s} {'real':>7s} {'sample':>7s} {'worst':>7s}")
    for label, fn in checks.items():
        vals = [fn(x) for x in samples]
        worst = max(vals) if "error" in label else min(vals)
        print(f"  {label:58s} {fn(real):7.3f} {sum(vals) / len(vals):7.3f} {worst:7.3f}")
    print(
        f"  {'largest table size error (exact_sizes=True)':58s} {0.0:7.3f} {sum(exact) / len(exact):7.3f} {max(exact):7.3f}"
    )
    print(
        "  size error per table (default, seed 1): "
        + ", ".join(f"{t} {(samples[0][t].height - f.height) / max(f.height, 1):+.3f}" for t, f in real.items())
    )
    if quality:  # SDMetrics' score of the seed-1 sample, SDV's column types; CPU beside wall
        t2, c2 = time.perf_counter(), time.process_time()
        q = sdmetrics_quality(real, samples[0], spec)
        print(
            f"  {'SDMetrics multi-table quality (seed 1, SDV column types)':58s} {'':7s} {q:7.3f}"
            f"   ({time.perf_counter() - t2:.1f} s wall, {time.process_time() - c2:.1f} s CPU)"
        )


def structure_found(ins) -> None:  # type: ignore[no-untyped-def]
    from simulacra.spec import model as m

    for t, ts in ins.spec.tables.items():
        for c, cs in ts.columns.items():
            if isinstance(cs, m.RankColumn):
                print(f"  found: {t}.{c} rank per {ts.rows.per} by {cs.by}")  # type: ignore[union-attr]
            if isinstance(cs, m.ForeignKeyColumn) and cs.distinct:
                print(f"  found: {t}.{c} distinct within its {ts.rows.per}")  # type: ignore[union-attr]
    for con in ins.spec.constraints:
        if con.unique:
            print(f"  found: {con.table} unique ({', '.join(con.unique)})")


def main() -> int:
    from simulacra.inspection import inspect
    from simulacra.sources import Source, coerce, read_source

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=DATA)
    args = p.parse_args()

    if args.data.exists():
        t0 = time.perf_counter()
        src = read_source(args.data)
        ins = inspect(src)
        real = coerce(src.frames, ins)
        print(
            f"Berka: read + inspect {time.perf_counter() - t0:.1f} s; keys: "
            + ", ".join(f"{k.table}.{k.column}->{k.references}" for k in ins.keys)
        )
        structure_found(ins)
        run(
            "Berka (dev)",
            real,
            ins.spec,
            {
                "trans on/after its account opened": after("trans_prefix_first3MiB", "date", "account", "date"),
                "loan on/after its account opened": after("loan", "date", "account", "date"),
                "dates inside the observed range": in_range(real),
                "disp (account_id, type) unique": lambda f: unique_pair_share(f["disp"], "account_id", "type"),
            },
            quality=True,
        )
    else:
        print(f"Berka not found at {args.data}: skipped")

    def local(frames: dict[str, pl.DataFrame], name: str):  # type: ignore[no-untyped-def]
        return inspect(Source(location=name, kind="folder", frames=frames, fingerprint=name))

    ms = motorsport(n_races=600, seed=11)
    ins = local(ms, "motorsport")
    false = [
        f"{k.table}.{k.column}"
        for k in ins.keys
        if (k.table, k.column) not in {("races", "circuit_id"), ("results", "race_id"), ("results", "driver_id")}
    ]
    print(f"\nmotorsport (generated): inferred keys {len(ins.keys)}, false keys: {false or 'none'}")
    structure_found(ins)
    run(
        "motorsport (generated)",
        ms,
        ins.spec,
        {
            "positions 1..n within each race": lambda f: rank_share(f["results"]),
            "one winner per race": lambda f: one_winner_share(f["results"]),
            "positions follow race time": lambda f: order_share(f["results"]),
            "a driver once per race": lambda f: unique_pair_share(f["results"], "race_id", "driver_id"),
            "a car number once per race": lambda f: unique_pair_share(f["results"], "race_id", "number"),
            "points follow position (lookup)": lambda f: float(
                (
                    f["results"]["points"].cast(pl.Int64)
                    == f["results"]["position"].replace_strict(POINTS, default=0, return_dtype=pl.Int64)
                ).mean()
                or 0.0
            ),
        },
        quality=True,
    )
    pr = periods(n_accounts=1000, n_seasons=40, seed=11)
    ins = local(pr, "periods")
    run(
        "periods (generated)",
        pr,
        ins.spec,
        {
            "trans on/after its account opened": after("trans", "date", "accounts", "opened"),
            "race inside its season's year": lambda f: float(
                (f["races"]["date"].dt.year() == f["races"]["year"]).mean() or 0.0
            ),
            "dates inside the observed range": in_range(pr),
        },
    )
    rt = ratings(n_users=1000, n_films=400, seed=11)
    ins = local(rt, "ratings")
    structure_found(ins)
    run(
        "ratings (generated)",
        rt,
        ins.spec,
        {
            "one rating per (user, film)": lambda f: unique_pair_share(f["ratings"], "user_id", "film_id"),
        },
    )
    cp = composite(n_students=1000, n_orders=1000, seed=11)
    ins = local(cp, "composite")
    print("\ncomposite (generated): composite keys found: " + "; ".join(k.describe() for k in ins.composite_keys))
    run(
        "composite (generated)",
        cp,
        ins.spec,
        {
            "grade (student_id, course_id) is an enrolment": lambda f: tuple_share(
                f["grades"], f["enrolment"], ["student_id", "course_id"]
            ),
            "shipment (order_no, line_no) is an order line": lambda f: tuple_share(
                f["shipments"], f["order_lines"], ["order_no", "line_no"]
            ),
        },
    )
    cr = careers(n_drivers=1000, n_races=800, seed=11)
    real_ages = ages(cr["results"], cr["races"], cr["drivers"])
    lo, hi = float(real_ages.min()), float(real_ages.max())  # type: ignore[arg-type]
    ins = local(cr, "careers")
    run(
        "careers (generated)",
        cr,
        ins.spec,
        {
            f"driver's age on race day inside {lo:.1f}..{hi:.1f} years": lambda f: float(
                ages(f["results"], f["races"], f["drivers"]).is_between(lo, hi).mean() or 0.0
            ),
            "a driver once per race": lambda f: unique_pair_share(f["results"], "race_id", "driver_id"),
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
