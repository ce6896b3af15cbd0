"""The rules of a row a domain expert checks first, found in a source by brute force and measured in its learned
sample (issue 13): generate a shipped example → fit → sample, then per rule the share of rows keeping it.

Classes, found here by a scan of its own (not ``inspect``'s detectors), on the source's declared keys:

* elapsed: a number equal (within one step of its rounding) to the time between two dates of its row, in
  seconds, minutes, hours or days, rounded to 0..3 decimals or cut to whole units, on ≥ 99% of rows;
* comparison: a 0/1 or boolean column equal to ``a op b`` of two numbers or dates of its row on ≥ 99.9% of
  rows, each value of the flag on ≥ 10 rows;
* count: a parent's integer column equal to the number of its children through a key, on every row;
* through parent: a child's key equal to its parent's key into the same table wherever it is not empty
  (share of the child's non-empty rows); with its nulls decided by a category of the row (share of rows
  whose null-ness is the category's usual one).

    PYTHONPATH=src python benchmarks/learn_row_rules.py [--examples hr,shop,bank] [--seed 1] [--scale 1]

Generated data: the examples named are held-out-like (no class was tuned on them); support is the dev set.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl
import yaml

import simulacra
from simulacra.examples import example_path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from learn_examples import _read as read_tables  # noqa: E402  (every table of a SQLite file, as stored)

UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
OPS = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b}


def _read(path: Path) -> dict[str, pl.DataFrame]:
    frames = read_tables(path)
    out = {}
    for n, f in frames.items():  # SQLite holds dates as text: parse the ones that read as dates
        cols = []
        for c in f.columns:
            s = f.get_column(c)
            if s.dtype == pl.String and s.drop_nulls().len() and s.drop_nulls()[0][:1].isdigit():
                try:
                    d = s.str.to_datetime(strict=False)
                except pl.exceptions.ComputeError:  # not dates
                    d = s.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", strict=False)
                if d.null_count() == s.null_count():
                    s = d
            cols.append(s)
        out[n] = pl.DataFrame(cols)
    return out


def _share(mask: pl.Series) -> float:
    mask = mask.drop_nulls()
    return float(mask.mean() or 0) if mask.len() else float("nan")


def _keys(spec: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(child, column, parent, parent key) of the example's declared foreign keys."""
    out = []
    for t, tab in spec["tables"].items():
        for c, col in tab["columns"].items():
            if isinstance(col, dict) and col.get("generator") == "foreign_key" and "." in col["references"]:
                pt, pk = col["references"].split(".")
                out.append((t, c, pt, pk))
    return out


def _numbers(f: pl.DataFrame, keys: set[str]) -> list[str]:
    return [c for c in f.columns if f.schema[c].is_numeric() and c not in keys]


def _dates(f: pl.DataFrame) -> list[str]:
    return [c for c in f.columns if f.schema[c] == pl.Date or isinstance(f.schema[c], pl.Datetime)]


def elapsed_rate(f: pl.DataFrame, rule: tuple[str, str, str, int, str, int], exact: bool = False) -> float:
    """Rows within one step of the rounding (date-times written to whole seconds move a rounded number by
    one); ``exact``: within a quarter step."""
    c, a, b, unit, how, d = rule
    x = (f[b].cast(pl.Datetime("us")) - f[a].cast(pl.Datetime("us"))).dt.total_microseconds() / (unit * 1e6)
    want = x.floor() if how == "floor" else x.round(d)
    return _share((want - f[c].cast(pl.Float64)).abs() <= 10.0 ** (-d) * (0.25 if exact else 1.01))


def comparison_rate(f: pl.DataFrame, rule: tuple[str, str, str, str]) -> float:
    c, a, op, b = rule
    x, y = f[a], f[b]
    if x.dtype.is_numeric():
        x, y = x.cast(pl.Float64), y.cast(pl.Float64)
    else:
        x, y = x.cast(pl.Datetime("us")), y.cast(pl.Datetime("us"))
    return _share(OPS[op](x, y) == f[c].cast(pl.Boolean))


def find(frames: dict[str, pl.DataFrame], spec: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(class, label, rule) of each rule the source keeps."""
    keys = _keys(spec)
    keycols = {(t, c) for t, c, _, _ in keys} | {(pt, pk) for _, _, pt, pk in keys}
    found: list[tuple[str, str, Any]] = []
    for t, f in frames.items():
        nums = _numbers(f, {c for tt, c in keycols if tt == t})
        dates = _dates(f)
        for c in nums:
            if f[c].n_unique() < 3:
                continue
            best = None
            for a, b in itertools.permutations(dates, 2):
                for uname, unit in UNITS.items():
                    for how, d in [("floor", 0), *(("round", k) for k in range(4))]:
                        rule = (c, a, b, unit, how, d)
                        if elapsed_rate(f, rule) < 0.99:
                            continue
                        r = elapsed_rate(f, rule, exact=True)
                        if best is None or r > best[0]:
                            best = (r, rule, f"{t}.{c} = {uname} from {a} to {b} ({how} {d})")
            if best:
                found.append(("elapsed", best[2], (t, best[1])))
        for c in f.columns:
            v = f[c].drop_nulls()
            if v.n_unique() != 2 or not (
                f.schema[c] == pl.Boolean or (f.schema[c].is_integer() and set(v.to_list()) <= {0, 1})
            ):
                continue
            ones = int(v.cast(pl.Int64).sum())
            if min(ones, v.len() - ones) < 10:
                continue
            ops = [o for o in nums if o != c and f[o].n_unique() > 2]
            for group in (ops, dates):
                for a, b in itertools.combinations(group, 2):
                    for op in OPS:
                        rule = (c, a, op, b)
                        held = (
                            f.filter(pl.col(a).is_not_null() & pl.col(b).is_not_null())[c].drop_nulls().cast(pl.Int64)
                        )
                        if held.len() < 0.999 * v.len() or min(held.sum(), held.len() - held.sum()) < 10:
                            continue  # the flag holds values where the comparison cannot, or one value only
                        if comparison_rate(f, rule) >= 0.999 and not any(
                            r[2][1][0] == c for r in found if r[2][0] == t
                        ):
                            found.append(("comparison", f"{t}.{c} = {a} {op} {b}", (t, rule)))
    for t, c, pt, pk in keys:  # counts
        for pc in _numbers(frames[pt], {pk}):
            if not frames[pt].schema[pc].is_integer():
                continue
            if count_rate(frames, (t, c, pt, pk, pc)) == 1.0:
                found.append(("count", f"{pt}.{pc} = number of {t} by {c}", (t, c, pt, pk, pc)))
    # keys through a parent: a child's column named as its parent's key into another table (a rule-made key
    # in the example's spec, a `case` on the row, is no declared key)
    for t, f2, p, pk in keys:
        for t3, k, tt, _ in keys:
            if t3 != p or tt in (t, p) or k not in frames[t].columns or k == f2:
                continue
            rule = (t, k, f2, p, pk, k)
            if through_rate(frames, rule)[0] >= 0.99:
                found.append(("through parent", f"{t}.{k} = {p}.{k} via {f2} (where not empty)", rule))
                cat = null_category(frames[t], k)
                if cat is not None:
                    found.append(("nulls by category", f"{t}.{k} empty by {cat[0]}", (t, k, cat)))
    return found


def count_rate(frames: dict[str, pl.DataFrame], rule: tuple[str, str, str, str, str]) -> float:
    t, c, pt, pk, pc = rule
    n = frames[t].group_by(c).len().rename({c: pk}).with_columns(pl.col(pk).cast(frames[pt].schema[pk]))
    j = frames[pt].join(n, on=pk, how="left").with_columns(pl.col("len").fill_null(0))
    return _share(j[pc] == j["len"])


def through_rate(frames: dict[str, pl.DataFrame], rule: tuple[str, str, str, str, str, str]) -> tuple[float, int]:
    t, c, f2, p, pk, k = rule
    theirs = frames[p].select(pl.col(pk).cast(frames[t].schema[f2]).alias(f2), pl.col(k).alias("__theirs"))
    j = frames[t].join(theirs, on=f2, how="inner")
    j = j.filter(pl.col(c).is_not_null())
    return _share(j[c] == j["__theirs"]), j.height


def null_category(f: pl.DataFrame, c: str) -> tuple[str, dict[str, bool]] | None:
    """A text category of the row (2..20 values) whose values say where ``c`` is empty, on >= 99% of rows:
    (the category, each value's usual side: empty or not)."""
    for k in f.columns:
        if f.schema[k] != pl.String or k == c or not 2 <= f[k].n_unique() <= 20:
            continue
        g = f.group_by(k).agg(pl.col(c).is_null().mean().alias("s"))
        usual = {str(v): bool(s >= 0.5) for v, s in g.iter_rows()}
        if len(set(usual.values())) == 2 and null_rate_by(f, (None, c, (k, usual))) >= 0.99:
            return k, usual
    return None


def null_rate_by(f: pl.DataFrame, rule: tuple[Any, str, tuple[str, dict[str, bool]]]) -> float:
    _, c, (k, usual) = rule
    side = f[k].cast(pl.String).replace_strict(usual, default=None, return_dtype=pl.Boolean)
    return _share(f[c].is_null() == side)


def rate(kind: str, rule: Any, frames: dict[str, pl.DataFrame]) -> float:
    if kind == "elapsed":
        return elapsed_rate(frames[rule[0]], rule[1])
    if kind == "comparison":
        return comparison_rate(frames[rule[0]], rule[1])
    if kind == "count":
        return count_rate(frames, rule)
    if kind == "through parent":
        return through_rate(frames, rule)[0]
    return null_rate_by(frames[rule[0]], rule)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", default="hr,shop,bank")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for ex in args.examples.split(","):
            spec = yaml.safe_load(Path(example_path(ex)).read_text())
            src = work / f"{ex}.db"
            simulacra.generate(example_path(ex), src, seed=7, scale=args.scale, documents=False)
            t0 = time.process_time()
            simulacra.fit(str(src), output=work / f"{ex}.model", seed=args.seed)
            simulacra.sample(work / f"{ex}.model", output=work / f"{ex}.out.db", seed=args.seed + 2)
            cpu = time.process_time() - t0
            real, got = _read(src), _read(work / f"{ex}.out.db")
            rules = find(real, spec)
            print(f"{ex}: {len(rules)} rule(s) in the source; fit + sample CPU {cpu:.1f} s")
            for kind, label, rule in rules:
                print(f"  {kind:18} {label:70} source {rate(kind, rule, real):.3f}  sample {rate(kind, rule, got):.3f}")


if __name__ == "__main__":
    main()
