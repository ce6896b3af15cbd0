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
names and times left as they are).

Beside SDV's HMA (``--methods simulacra,hma``; HMA runs only where ``sdv`` imports, else the run prints why
and goes on): per database, HMA is fitted on the table subset its free version accepts (at most 5 tables, a
longest parent -> child chain of at most 2 tables, connected), chosen by a stated rule (``hma_subset``: the most
checks held, then the most relations, then the fewest rows); keys to tables outside the subset are dropped,
``--cap N`` keeps at most N rows of the subset's largest parent table (seeded; the cut spreads through the
relations) for both methods alike. Simulacra is fitted on the same rows; both are sampled at scale 1 and scored
with the same checks and SDMetrics' multi-table quality under the same metadata, with fit / sample wall and CPU
time and the ratio. ``sdv`` is under the Business Source License: never a dependency of the package; install it
in a separate environment (benchmarks/RESULTS.md, "learn-hma").

    PYTHONPATH=src:. .venv/bin/python benchmarks/synth_structure.py [--data ../shared/data/berka]
        [--databases berka,motorsport,generated] [--methods simulacra,hma] [--seeds 1,2,3] [--cap N]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Sequence
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
    return rel_integrity(rels)


def size_error(real: dict[str, pl.DataFrame]) -> Check:
    return lambda frames: max(abs(frames[t].height - f.height) / max(f.height, 1) for t, f in real.items())


def relations(spec, tables=None) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(child, column, parent, key) for each single-column foreign key whose parent column is the parent's
    primary key (the relations SDV's metadata can hold), between two of ``tables`` (default: all)."""
    from simulacra.spec import model as m

    keep = set(spec.tables) if tables is None else set(tables)
    out = []
    for t in sorted(keep):
        for c, cs in spec.tables[t].columns.items():
            if isinstance(cs, m.ForeignKeyColumn):
                parent, _, pcol = cs.references.partition(".")
                ppk = spec.tables[parent].primary_key if parent in spec.tables else None
                if parent in keep and parent != t and pcol == ppk:
                    out.append((t, c, parent, pcol))
    return out


def sdv_metadata(real: dict[str, pl.DataFrame], spec) -> dict:  # type: ignore[no-untyped-def]
    """SDV's metadata for ``real`` with the column types SDV itself gives (``Metadata.detect_from_dataframes``
    sdtypes: keys ``id``, numbers ``numerical``, dates and times ``datetime``, booleans ``boolean``, other
    text ``categorical``); names and times are left as they are (not dropped, not re-typed), and the keys
    are the spec's."""
    from simulacra.spec import model as m

    tables: dict[str, dict] = {}
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
    rels = [
        {"parent_table_name": p, "parent_primary_key": k, "child_table_name": t, "child_foreign_key": c}
        for t, c, p, k in relations(spec, real)
    ]
    return {"tables": tables, "relationships": rels}


def sdmetrics_quality(
    real: dict[str, pl.DataFrame], sample: dict[str, pl.DataFrame], spec, parts: dict | None = None
) -> float:  # type: ignore[no-untyped-def]
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
    if parts is not None:  # each property's score (column shapes, pair trends, cardinality, intertable trends)
        parts.update(dict(zip(rep.get_properties()["Property"], rep.get_properties()["Score"], strict=True)))
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


# --- beside SDV's HMA (optional: ``sdv`` is under the Business Source License, never a dependency) ---------------

HMA_MAX_TABLES, HMA_MAX_DEPTH = 5, 2  # what SDV's free HMASynthesizer accepts (its refusal, in RESULTS.md)
Needed = dict[str, tuple[tuple[str, ...], Check]]  # check label -> (the tables it reads, the check)


def chain_depth(tables: Iterable[str], rels: list[tuple[str, str, str, str]]) -> int:
    """Tables on the longest parent -> child chain among ``tables`` (1: no relation between them)."""
    keep = set(tables)
    parents: dict[str, set[str]] = {t: set() for t in keep}
    for child, _, parent, _ in rels:
        if child in keep and parent in keep:
            parents[child].add(parent)
    memo: dict[str, int] = {}

    def up(t: str, seen: frozenset[str]) -> int:
        if t not in memo:
            memo[t] = 1 + max((up(p, seen | {t}) for p in parents[t] if p not in seen), default=0)
        return memo[t]

    return max((up(t, frozenset()) for t in keep), default=0)


def connected(tables: Iterable[str], rels: list[tuple[str, str, str, str]]) -> bool:
    """Whether the relations join ``tables`` into one piece (SDV's metadata refuses disjoint tables)."""
    keep = set(tables)
    edges = [(c, p) for c, _, p, _ in rels if c in keep and p in keep]
    seen, todo = set(), [min(keep)] if keep else []
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo += [b for a, b in edges if a == t] + [a for a, b in edges if b == t]
    return seen == keep


def hma_subset(
    rows: dict[str, int],
    rels: list[tuple[str, str, str, str]],
    needs: dict[str, tuple[str, ...]],
    max_tables: int = HMA_MAX_TABLES,
    max_depth: int = HMA_MAX_DEPTH,
) -> tuple[str, ...]:
    """The tables HMA is fitted on. Of the connected sets of at most ``max_tables`` tables whose longest
    parent -> child chain holds at most ``max_depth`` tables, the one holding the most checks (a check is held
    when every table it reads is in the set), then the most relations, then the fewest rows (HMA's time goes
    with them), then the first by name."""
    best: tuple[tuple[int, int, int], tuple[str, ...]] | None = None
    names = sorted(rows)
    for k in range(1, min(max_tables, len(names)) + 1):
        for combo in itertools.combinations(names, k):
            if chain_depth(combo, rels) > max_depth or not connected(combo, rels):
                continue
            held = sum(set(ts) <= set(combo) for ts in needs.values())
            inside = sum(c in combo and p in combo for c, _, p, _ in rels)
            key = (held, inside, -sum(rows[t] for t in combo))
            if best is None or key > best[0]:  # combinations come in name order: the first wins a tie
                best = (key, combo)
    if best is None:
        raise ValueError("no table set fits HMA's limits")
    return best[1]


def cap_rows(
    frames: dict[str, pl.DataFrame], rels: list[tuple[str, str, str, str]], cap: int | None, seed: int = 0
) -> dict[str, pl.DataFrame]:
    """At most ``cap`` rows (a seeded sample) of the parent table with the most rows; the cut then spreads: a table
    keeps its rows under kept parents (and rows with a null key), and a parent reached only from below keeps the rows
    its kept children name. Every relation stays whole, and a child of two parents is cut once, not twice."""
    parents = {t for _, _, t, _ in rels if t in frames}
    if cap is None or not parents:
        return dict(frames)
    anchor = max(sorted(parents), key=lambda t: frames[t].height)
    out = {anchor: frames[anchor].sample(n=min(cap, frames[anchor].height), seed=seed).sort(frames[anchor].columns[0])}
    while len(out) < len(frames):
        moved = False
        for t in sorted(set(frames) - set(out)):
            f = frames[t]
            ups = [(col, p, key) for c, col, p, key in rels if c == t and p in out]
            downs = [(c, col, key) for c, col, p, key in rels if p == t and c in out]
            if ups:
                for col, p, key in ups:
                    f = f.filter(pl.col(col).is_null() | pl.col(col).is_in(out[p][key].implode()))
            elif downs:
                named = pl.concat([out[c][col].drop_nulls().cast(f[key].dtype) for c, col, key in downs])
                f = f.filter(pl.col(downs[0][2]).is_in(named.implode()))
            else:
                continue
            out[t], moved = f, True
        if not moved:  # a table no relation reaches: left whole
            out.update({t: frames[t] for t in frames if t not in out})
    return {t: out[t] for t in frames}


def sdv_missing() -> str | None:
    """Why HMA cannot run here (``None`` when ``sdv`` imports)."""
    try:
        import sdv  # noqa: F401
    except ImportError as e:
        return f"sdv not importable ({e}); install it in a separate environment (benchmarks/RESULTS.md, learn-hma)"
    return None


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def fit_sample(method: str, sub: dict[str, pl.DataFrame], spec, meta: dict, seeds: Sequence[int]):  # type: ignore[no-untyped-def]
    """(samples, {fit_s, fit_cpu, sample_s, sample_cpu}); the sample times are per sample."""
    if method == "simulacra":
        from simulacra import DatasetSynthesizer

        w, c = _clock()
        model = DatasetSynthesizer(seed=0).fit(sub, spec)
        w1, c1 = _clock()
        samples = [model.sample(seed=s) for s in seeds]
        w2, c2 = _clock()
    else:  # SDV's HMA with the same metadata that scores both
        import warnings

        from sdv.metadata import Metadata
        from sdv.multi_table import HMASynthesizer

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # dates go as datetime64[ns]: SDV 2.0 / RDT 2.0 sample every datetime64[ms] column as 1970-01-01
            data = {
                t: f.with_columns(
                    pl.col(c).cast(pl.Datetime("ns"))
                    for c, d in f.schema.items()
                    if d == pl.Date or isinstance(d, pl.Datetime)
                ).to_pandas()
                for t, f in sub.items()
            }
            w, c = _clock()
            model = HMASynthesizer(Metadata.load_from_dict(meta), verbose=False)
            model.fit(data)
            w1, c1 = _clock()
            # SDV's sample takes no seed: its draws after reset_sampling are fixed, so "seed" i is the i-th draw.
            model.reset_sampling()
            draw = getattr(model, "sample_scale", None)  # SDV 2.0; before it, sample(scale=...)
            drawn = [draw(scale=1.0) if draw else model.sample(scale=1.0) for _ in seeds]
            w2, c2 = _clock()
        samples = [
            {
                t: pl.from_pandas(d[t]).with_columns(
                    [pl.col(col).cast(dt, strict=False) for col, dt in f.schema.items() if col in d[t].columns]
                )
                for t, f in sub.items()
            }
            for d in drawn
        ]
    n = max(len(seeds), 1)
    return samples, {"fit_s": w1 - w, "fit_cpu": c1 - c, "sample_s": (w2 - w1) / n, "sample_cpu": (c2 - c1) / n}


def rel_integrity(rels: list[tuple[str, str, str, str]]) -> Check:
    def f(frames: dict[str, pl.DataFrame]) -> float:
        ok = total = 0
        for child, col, parent, key in rels:
            v = frames[child][col].drop_nulls()
            total += v.len()
            ok += int(v.is_in(frames[parent][key].implode()).sum())
        return ok / max(total, 1)

    return f


def beside_hma(
    name: str, real: dict[str, pl.DataFrame], spec, checks: Needed, methods: Sequence[str], cap: int | None
) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """Fit each method on the table subset HMA accepts (``hma_subset``), the same capped rows for both; print the
    subset's checks, SDMetrics quality (same metadata) and fit/sample wall and CPU time side by side."""
    from simulacra.inspection import inspect
    from simulacra.sources import Source
    from simulacra.spec import model as m

    rels = relations(spec)
    subset = hma_subset({t: f.height for t, f in real.items()}, rels, {k: v[0] for k, v in checks.items()})
    outside = {
        t: [
            c
            for c, cs in spec.tables[t].columns.items()
            if isinstance(cs, m.ForeignKeyColumn) and cs.references.partition(".")[0] not in subset
        ]
        for t in subset
    }
    sub = cap_rows({t: real[t].drop(outside[t]) for t in subset}, relations(spec, subset), cap)
    ins = inspect(Source(location=f"{name}-hma-subset", kind="folder", frames=sub, fingerprint=f"{name}-subset"))
    sub_rels = relations(ins.spec)
    held = {k: v for k, v in checks.items() if set(v[0]) <= set(subset)}
    print(
        f"\n== {name}: beside SDV HMA on the subset it accepts (<= {HMA_MAX_TABLES} tables, chains <= "
        f"{HMA_MAX_DEPTH} tables; most checks, then relations, then fewest rows): "
        + ", ".join(f"{t} {sub[t].height:,}" for t in subset)
        + (f" (rows capped: <= {cap:,} per parent table, seeded)" if cap else "")
    )
    print(
        "  dropped keys to tables outside: "
        + (", ".join(f"{t}.{c}" for t, cs in outside.items() for c in cs) or "none")
    )
    print("  relations (inspected on the subset): " + ", ".join(f"{c}.{k}->{p}" for c, k, p, _ in sub_rels))
    if set(sub_rels) != set(relations(spec, subset)):
        print(f"  note: the full inspection's relations on these tables were {relations(spec, subset)}")
    meta = sdv_metadata(sub, ins.spec)
    scored = {
        **{k: v[1] for k, v in held.items()},
        "dates inside the observed range": in_range(sub),
        "referential integrity": rel_integrity(sub_rels),
        "largest table size error (scale 1)": size_error(sub),
    }
    results: dict[str, dict] = {}
    for method in methods:
        if method == "hma" and (why := sdv_missing()):
            print(f"  hma: skipped: {why}")
            continue
        try:
            samples, times = fit_sample(method, sub, ins.spec, meta, SEEDS)
        except Exception as e:  # HMA refusing a schema is a figure, not a crash of the whole run
            print(f"  {method}: failed: {type(e).__name__}: {str(e)[:300]}")
            continue
        vals = {k: [fn(x) for x in samples] for k, fn in scored.items()}
        dates = [
            f"{t}.{c} {samples[0][t][c].min()}..{samples[0][t][c].max()} ({sub[t][c].min()}..{sub[t][c].max()})"
            for t, f in sub.items()
            for c, d in f.schema.items()
            if d == pl.Date or isinstance(d, pl.Datetime)
        ]
        print(f"  {method}: dates in the first sample (real): " + ("; ".join(dates) or "none"))
        w, c = _clock()
        parts: dict = {}
        q = sdmetrics_quality(sub, samples[0], ins.spec, parts)
        print(f"  {method}: SDMetrics properties: " + ", ".join(f"{k} {v:.3f}" for k, v in parts.items()))
        results[method] = {"vals": vals, "times": times, "quality": q, "score_s": _clock()[0] - w}
    if not results:
        return results
    ms = list(results)
    print(f"  {'check (mean over samples; worst)':52s} {'real':>7s} " + " ".join(f"{x:>17s}" for x in ms))
    for k, fn in scored.items():
        cells = []
        for x in ms:
            v = results[x]["vals"][k]
            worst = max(v) if "error" in k else min(v)
            cells.append(f"{sum(v) / len(v):7.3f} ({worst:7.3f})")
        print(f"  {k:52s} {fn(sub):7.3f} " + " ".join(f"{cell:>17s}" for cell in cells))
    print(
        f"  {'SDMetrics multi-table quality (first sample)':52s} {'':7s} "
        + " ".join(f"{results[x]['quality']:17.3f}" for x in ms)
    )
    for what in ("fit", "sample"):
        print(
            f"  {what + ' s wall (CPU)' + (' per sample' if what == 'sample' else ''):52s} {'':7s} "
            + " ".join(
                f"{results[x]['times'][what + '_s']:8.1f} ({results[x]['times'][what + '_cpu']:6.1f})" for x in ms
            )
        )
    if "simulacra" in results and "hma" in results:
        a, b = results["simulacra"]["times"], results["hma"]["times"]
        print(
            f"  HMA / simulacra: fit CPU {b['fit_cpu'] / max(a['fit_cpu'], 1e-9):.1f}x, sample CPU "
            f"{b['sample_cpu'] / max(a['sample_cpu'], 1e-9):.1f}x; quality {results['simulacra']['quality']:.3f} "
            f"vs {results['hma']['quality']:.3f}"
        )
    return results


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
    p.add_argument(
        "--methods", default="simulacra,hma", help="beside the full run: simulacra and/or hma on HMA's subset"
    )
    p.add_argument("--databases", default="berka,motorsport,generated", help="berka, motorsport, generated (the rest)")
    p.add_argument("--seeds", default="1,2,3", help="sample seeds (HMA: its first, second, ... draw)")
    p.add_argument(
        "--cap", type=int, default=None, help="at most N rows per parent table of HMA's subset, for both methods"
    )
    args = p.parse_args()
    global SEEDS
    SEEDS = tuple(int(x) for x in args.seeds.split(","))
    methods = [x for x in args.methods.split(",") if x]
    dbs = set(args.databases.split(","))

    if "berka" in dbs and args.data.exists():
        t0 = time.perf_counter()
        src = read_source(args.data)
        ins = inspect(src)
        real = coerce(src.frames, ins)
        print(
            f"Berka: read + inspect {time.perf_counter() - t0:.1f} s; keys: "
            + ", ".join(f"{k.table}.{k.column}->{k.references}" for k in ins.keys)
        )
        structure_found(ins)
        berka: Needed = {
            "trans on/after its account opened": (
                ("trans_prefix_first3MiB", "account"),
                after("trans_prefix_first3MiB", "date", "account", "date"),
            ),
            "loan on/after its account opened": (("loan", "account"), after("loan", "date", "account", "date")),
            "disp (account_id, type) unique": (
                ("disp", "account"),
                lambda f: unique_pair_share(f["disp"], "account_id", "type"),
            ),
        }
        if "simulacra" in methods:
            run(
                "Berka (dev)",
                real,
                ins.spec,
                {**{k: v[1] for k, v in berka.items()}, "dates inside the observed range": in_range(real)},
                quality=True,
            )
        beside_hma("Berka (dev)", real, ins.spec, berka, methods, args.cap)
    elif "berka" in dbs:
        print(f"Berka not found at {args.data}: skipped")

    def local(frames: dict[str, pl.DataFrame], name: str):  # type: ignore[no-untyped-def]
        return inspect(Source(location=name, kind="folder", frames=frames, fingerprint=name))

    if "motorsport" in dbs:
        ms = motorsport(n_races=600, seed=11)
        ins = local(ms, "motorsport")
        false = [
            f"{k.table}.{k.column}"
            for k in ins.keys
            if (k.table, k.column) not in {("races", "circuit_id"), ("results", "race_id"), ("results", "driver_id")}
        ]
        print(f"\nmotorsport (generated): inferred keys {len(ins.keys)}, false keys: {false or 'none'}")
        structure_found(ins)
        race = ("results", "races")  # checks grouped by race read results.race_id: races must be in
        motor: Needed = {
            "positions 1..n within each race": (race, lambda f: rank_share(f["results"])),
            "one winner per race": (race, lambda f: one_winner_share(f["results"])),
            "positions follow race time": (race, lambda f: order_share(f["results"])),
            "a driver once per race": (
                (*race, "drivers"),
                lambda f: unique_pair_share(f["results"], "race_id", "driver_id"),
            ),
            "a car number once per race": (race, lambda f: unique_pair_share(f["results"], "race_id", "number")),
            "points follow position (lookup)": (
                ("results",),
                lambda f: float(
                    (
                        f["results"]["points"].cast(pl.Int64)
                        == f["results"]["position"].replace_strict(POINTS, default=0, return_dtype=pl.Int64)
                    ).mean()
                    or 0.0
                ),
            ),
        }
        if "simulacra" in methods:
            run("motorsport (generated)", ms, ins.spec, {k: v[1] for k, v in motor.items()}, quality=True)
        beside_hma("motorsport (generated)", ms, ins.spec, motor, methods, args.cap)
    if "generated" not in dbs or "simulacra" not in methods:
        return 0
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
