"""The source's clock kept where it was lost (issue 13, 2026-12-04, main): the hours of the day, the weekdays
and the step of date-times, in two paths a user takes.

1. Learned: a child table of events (meetings of a project) whose source holds only some hours of the day —
   office hours, a night shift across midnight, an early shift — fitted and sampled through the API. Prints the
   share of sampled events in the source's hours, on the minute, on or after the parent's day, and the median
   gap between a parent's events against the source's. Then orders of customers on business days (dates):
   the share of sampled orders' and customers' dates on weekdays.
2. Drafted: a single table of visits (weekdays only, 08:00-18:00, quarter hours) inspected and the draft
   generated (`generate` from a reviewed draft). Prints the share of generated values in the hours, on
   weekdays, on the quarter hour.

Generated data (no split applies); seeds 11 and 12, not those of the tests. Run it on two trees side by side:

    PYTHONPATH=/tmp/old/src nice .venv/bin/python benchmarks/event_clock.py   # before
    PYTHONPATH=src nice .venv/bin/python benchmarks/event_clock.py            # after
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

import simulacra
from simulacra.generation.engine import Engine
from simulacra.inspection import inspect
from simulacra.sources import Source
from simulacra.spec.plan import make_plan

SHIFTS = {"office 08-18": (8, 18), "night 21-05": (21, 5), "early 05-13": (5, 13)}
START = np.datetime64("2023-01-02", "D")  # a Monday


def _in(hours: pl.Series, first: int, last: int) -> pl.Series:
    return (hours >= first) & (hours < last) if first < last else (hours >= first) | (hours < last)


def _minutes(rng: np.random.Generator, n: int, first: int, last: int, step: int) -> np.ndarray:
    width = ((last - first) % 24 or 24) * 60 // step
    return first * 60 + rng.integers(0, width, n) * step


def learned(seed: int, name: str) -> str:
    first, last = SHIFTS[name]
    rng = np.random.default_rng(seed)
    n_p = 300
    opened = START + np.sort(rng.integers(0, 500, n_p)).astype("timedelta64[D]")
    counts = rng.integers(1, 9, n_p)
    pidx = np.repeat(np.arange(n_p), counts)
    day = np.concatenate([np.cumsum(rng.integers(0, 6, c)) for c in counts])
    at = opened[pidx].astype("datetime64[m]") + (day * 1440 + _minutes(rng, len(pidx), first, last, 1)).astype(
        "timedelta64[m]"
    )
    folder = Path(tempfile.mkdtemp(prefix="event_clock_"))
    (folder / "src").mkdir()
    pl.DataFrame({"project_id": np.arange(1, n_p + 1), "opened": opened.astype("datetime64[D]")}).write_csv(
        folder / "src" / "projects.csv"
    )
    meetings = pl.DataFrame(
        {"meeting_id": np.arange(1, len(pidx) + 1), "project_id": pidx + 1, "at": at.astype("datetime64[us]")}
    )
    meetings.with_columns(pl.col("at").dt.strftime("%Y-%m-%d %H:%M:%S")).write_csv(folder / "src" / "meetings.csv")
    simulacra.fit(folder / "src", output=folder / "model", seed=seed)
    simulacra.sample(folder / "model", output=folder / "out", format="parquet", seed=seed + 1)
    s = pl.read_parquet(folder / "out" / "meetings.parquet")
    s = s.with_columns(at=s["at"].str.to_datetime() if s["at"].dtype == pl.String else s["at"])
    p = pl.read_parquet(folder / "out" / "projects.parquet")
    p = p.with_columns(opened=p["opened"].str.to_date() if p["opened"].dtype == pl.String else p["opened"])
    j = s.join(p.select("project_id", "opened"), on="project_id")

    def median_gap(f: pl.DataFrame) -> float:
        g = f.sort("project_id", "at").select(pl.col("at").diff().over("project_id").dt.total_minutes() / 1440)
        return float(g.to_series().median() or 0.0)

    inside = float(_in(s["at"].dt.hour(), first, last).mean() or 0.0)
    minute = float((s["at"].dt.second() == 0).mean() or 0.0)
    after = float((j["at"].dt.date() >= j["opened"]).mean() or 0.0)
    return (
        f"| learned | {name} | {seed} | {s.height} | {inside:.4f} | {minute:.4f} | {after:.4f} | "
        f"{median_gap(s):.2f} / {median_gap(meetings):.2f} |"
    )


def weekdays(seed: int) -> str:
    """Orders of customers on business days only (dates), and the customers' own dates: sampled on weekdays."""
    rng = np.random.default_rng(seed)
    n_p = 300
    since = START + rng.integers(0, 600, 3 * n_p).astype("timedelta64[D]")
    since = since[(since.astype(np.int64) + 3) % 7 < 5][:n_p]
    counts = rng.integers(1, 9, n_p)
    pidx = np.repeat(np.arange(n_p), counts)
    day = since[pidx] + np.concatenate([np.cumsum(rng.integers(0, 8, c)) for c in counts]).astype("timedelta64[D]")
    day = day + np.where((day.astype(np.int64) + 3) % 7 == 5, 2, np.where((day.astype(np.int64) + 3) % 7 == 6, 1, 0))
    folder = Path(tempfile.mkdtemp(prefix="event_clock_"))
    (folder / "src").mkdir()
    pl.DataFrame({"customer_id": np.arange(1, n_p + 1), "since": since}).write_csv(folder / "src" / "customers.csv")
    pl.DataFrame({"order_id": np.arange(1, len(pidx) + 1), "customer_id": pidx + 1, "on": day}).write_csv(
        folder / "src" / "orders.csv"
    )
    simulacra.fit(folder / "src", output=folder / "model", seed=seed)
    simulacra.sample(folder / "model", output=folder / "out", format="parquet", seed=seed + 1)
    shares = []
    for table, col in (("orders", "on"), ("customers", "since")):
        s = pl.read_parquet(folder / "out" / f"{table}.parquet")[col]
        s = s.str.to_date() if s.dtype == pl.String else s
        shares.append(f"{float((s.dt.weekday() <= 5).mean() or 0.0):.4f}")
    return f"| learned | business days (dates): orders / customers | {seed} | {len(pidx)} | | | | weekdays {' / '.join(shares)} |"


def drafted(seed: int) -> str:
    rng = np.random.default_rng(seed)
    day = rng.integers(0, 300, 6000)
    day = day[day % 7 < 5][:2000]
    at = START + (day * 1440 + _minutes(rng, len(day), 8, 18, 15)).astype("timedelta64[m]")
    frame = pl.DataFrame({"visit_id": np.arange(1, len(day) + 1), "at": at.astype("datetime64[us]")})
    src = Source(
        location="v", kind="folder", frames={"visits": frame}, primary_keys={"visits": ["visit_id"]}, fingerprint="v"
    )
    out = Engine(make_plan(inspect(src).spec), seed=seed).frames()["visits"]["at"]
    inside = float(_in(out.dt.hour(), 8, 18).mean() or 0.0)
    weekday = float((out.dt.weekday() <= 5).mean() or 0.0)
    quarter = float((out.dt.epoch("s") % 900 == 0).mean() or 0.0)
    return f"| drafted | visits 08-18, weekdays, 15 min | {seed} | {out.len()} | {inside:.4f} | weekdays {weekday:.4f} | on 15 min {quarter:.4f} | |"


def main() -> None:
    t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    print(
        "| path | clock | seed | rows | in the source's hours | on the minute | on/after the parent's day | median gap, days (sample / source) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for seed in (11, 12):
        for name in SHIFTS:
            print(learned(seed, name), flush=True)
        print(weekdays(seed), flush=True)
        print(drafted(seed), flush=True)
    c1 = resource.getrusage(resource.RUSAGE_SELF)
    print(f"wall {time.perf_counter() - t0:.1f} s, CPU {c1.ru_utime - c0.ru_utime + c1.ru_stime - c0.ru_stime:.1f} s")


if __name__ == "__main__":
    main()
