"""Issue 13's structure classes planted in a domain no test or benchmark used before: a cycling stage race.

A seeded generator writes a database of cycling tours to SQLite (plain tables, primary keys, no declared
foreign keys); the product runs on it as a user would, through the CLI: ``simulacra inspect`` drafts a
spec (kept as drafted, no review), ``fit --spec`` and ``sample``. Each planted class is scored on the
source and on the sample (the share of rows, or parents, where it holds), with the CPU seconds the
CLI's processes took beside the wall time.

Planted classes:

* rank 1..n within a parent, consistent with a time column: ``results.rank`` numbers a stage's riders in
  ``finish_time`` order; ``stages.stage_no`` numbers a tour's stages in ``stage_date`` order;
* one row per (parent, value): one entry per (tour, rider); one result per (stage, rider);
* child dates inside the parent's period: a stage's ``stage_date`` between its tour's ``start_date`` and
  ``end_date``;
* an age from a birth date at the event date: ``entries.age_at_start`` from the rider's ``birth_date``
  and the tour's ``start_date``;
* durations as formatted strings: ``finish_time`` ``4:32:10.4``, ``gap`` ``+0:45`` (the time behind the
  stage winner);
* a small lookup table whose keys keep meaning: ``teams`` keyed by a three-letter ``team_code``
  (``riders.team_code`` names one);
* a rare-valued text column: ``results.incident``, null on most rows, a handful of values of which most
  are held by fewer than five rows;
* several parents of one child where one structures the counts: a result has a stage and a rider; a
  stage holds one result per rider its tour entered, so the results per stage follow the tour's field.

    PYTHONPATH=src .venv/bin/python benchmarks/learn96_fresh_db.py --split dev|test [--work DIR]

Split: database seeds 0, 1, 2 are ``dev`` (fixes are made looking at them); seeds 10, 11, 12 are ``test``
(run once before a fix and once after, nothing tuned on them). Each database is sampled once, seed 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_hospital import age, surname, write_sqlite  # noqa: E402
from learn_heldout_db import cli, count_fidelity, read_db, share  # noqa: E402

SPLITS = {"dev": (0, 1, 2), "test": (10, 11, 12)}
TEAMS = (  # code, name, country: the lookup whose keys mean something
    ("ALM", "Almeria Velo", "ESP"),
    ("BRV", "Bravo Cycling", "ITA"),
    ("CMX", "Coromax Pro", "FRA"),
    ("DLT", "Delta Wheels", "NED"),
    ("EVR", "Everest Racing", "GBR"),
    ("FJD", "Fjord Devils", "NOR"),
    ("GLR", "Gloria Team", "BEL"),
    ("HLX", "Helix Sport", "GER"),
    ("KRN", "Kernel Riders", "DEN"),
    ("LMN", "Lumina Velo", "SUI"),
)
NATIONS = ("ESP", "ITA", "FRA", "NED", "GBR", "NOR", "BEL", "GER", "DEN", "SUI", "COL", "AUS")
KINDS = ("flat", "hilly", "mountain", "time trial")
INCIDENTS = (  # rare notes; the first is common, the rest mostly held by fewer than five rows
    ("crash", 0.012),
    ("puncture", 0.006),
    ("illness", 0.002),
    ("mechanical", 0.002),
    ("knee injury", 0.0007),
    ("broken collarbone", 0.0005),
    ("food poisoning", 0.0005),
    ("outside time limit", 0.0005),
)
DATES = {"riders": ("birth_date",), "tours": ("start_date", "end_date"), "stages": ("stage_date",)}
Frames = dict[str, pl.DataFrame]


def clock(tenths: int) -> str:
    """``4:32:10.4``: hours, minutes, seconds and tenths (of ``tenths`` of a second)."""
    s, t = divmod(tenths, 10)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}.{t}"


def behind(seconds: int) -> str:
    """``+0:45``, ``+12:03``: minutes and seconds behind the winner."""
    return f"+{seconds // 60}:{seconds % 60:02d}"


def tour_db(seed: int) -> Frames:
    """A seeded cycling-tour database with every class of the module docstring planted."""
    rng = np.random.default_rng(seed)
    n_riders = int(rng.integers(110, 150))
    team_p = rng.dirichlet(np.full(len(TEAMS), 3.0))
    riders = []
    for rid in range(1, n_riders + 1):
        born = dt.date(1978, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 24)))
        team = TEAMS[int(rng.choice(len(TEAMS), p=team_p))][0]
        riders.append((rid, surname(rng), team, born, str(rng.choice(NATIONS))))
    tours, stages, entries, results = [], [], [], []
    stage_id = entry_id = result_id = 0
    for tid in range(1, int(rng.integers(9, 13)) + 1):
        start = dt.date(2008 + tid, int(rng.integers(4, 10)), int(rng.integers(1, 28)))
        field = sorted(rng.choice(n_riders, int(rng.integers(14, 34)), replace=False).tolist())
        for bib, r in enumerate(field, 1):
            entry_id += 1
            entries.append((entry_id, tid, r + 1, bib, age(riders[r][3], start)))
        day = start
        n_stages = int(rng.integers(4, 12))
        for no in range(1, n_stages + 1):
            if no > 1:
                day += dt.timedelta(days=1 + int(rng.random() < 0.15))  # a rest day now and then
            stage_id += 1
            kind = str(rng.choice(KINDS, p=[0.4, 0.25, 0.2, 0.15]))
            km = round(float(rng.uniform(20, 55) if kind == "time trial" else rng.uniform(140, 230)), 1)
            stages.append((stage_id, tid, no, day, kind, km))
            win = km / float(rng.uniform(38, 46)) * 3600
            spread = {"flat": 20, "hilly": 90, "mountain": 420, "time trial": 150}[kind]
            gaps = np.where(
                rng.random(len(field)) < (0.6 if kind == "flat" else 0.1), 0, rng.exponential(spread, len(field))
            )
            times = win + gaps + rng.uniform(0, 0.9, len(field))  # the tenths part
            times[int(rng.integers(len(field)))] = win
            tenths = np.round(times * 10).astype(np.int64)
            order = np.argsort(tenths, kind="stable")
            lead = int(tenths[order[0]])
            for rank, i in enumerate(order, 1):
                result_id += 1
                u, note = rng.random(), None
                for text, p in INCIDENTS:
                    if u < p:
                        note = text
                        break
                    u -= p
                results.append(
                    (
                        result_id,
                        stage_id,
                        field[i] + 1,
                        rank,
                        clock(int(tenths[i])),
                        behind((int(tenths[i]) - lead) // 10),
                        note,
                    )
                )
        tours.append((tid, f"Tour of the Ridges {2008 + tid}", start, day))
    frame = pl.DataFrame
    return {
        "teams": frame(TEAMS, schema=["team_code", "team_name", "country"], orient="row"),
        "riders": frame(riders, schema=["rider_id", "name", "team_code", "birth_date", "nationality"], orient="row"),
        "tours": frame(tours, schema=["tour_id", "name", "start_date", "end_date"], orient="row"),
        "stages": frame(stages, schema=["stage_id", "tour_id", "stage_no", "stage_date", "kind", "km"], orient="row"),
        "entries": frame(entries, schema=["entry_id", "tour_id", "rider_id", "bib", "age_at_start"], orient="row"),
        "results": frame(
            results,
            schema=["result_id", "stage_id", "rider_id", "rank", "finish_time", "gap", "incident"],
            orient="row",
        ),
    }


def seconds(col: str) -> pl.Expr:
    """A ``H:MM:SS.t`` or ``+M:SS`` text as seconds (null where it is not written so)."""
    parts = pl.col(col).cast(pl.String).str.strip_prefix("+").str.split(":")
    n = parts.list.len()
    h = pl.when(n == 3).then(parts.list.get(0, null_on_oob=True).cast(pl.Float64, strict=False)).otherwise(0.0)
    m = parts.list.get(-2, null_on_oob=True).cast(pl.Float64, strict=False)
    s = parts.list.get(-1, null_on_oob=True).cast(pl.Float64, strict=False)
    return h * 3600 + m * 60 + s


def checks(f: Frames, real: Frames) -> dict[str, float]:
    tours, stages, entries, res, riders, teams = (
        f[t] for t in ("tours", "stages", "entries", "results", "riders", "teams")
    )
    numbered = stages.sort("tour_id", "stage_date", "stage_id").with_columns(
        pl.int_range(1, pl.len() + 1).over("tour_id").alias("__n")
    )
    by_no = stages.sort("tour_id", "stage_no").with_columns(pl.col("stage_date").diff().over("tour_id").alias("__d"))
    ranked = res.with_columns(seconds("finish_time").alias("__t"))
    by_rank = ranked.sort("stage_id", "rank").with_columns(pl.col("__t").diff().over("stage_id").alias("__d"))
    by_time = ranked.sort("stage_id", "__t", "rank").with_columns(
        pl.int_range(1, pl.len() + 1).over("stage_id").alias("__n")
    )
    lead = ranked.group_by("stage_id").agg(pl.col("__t").min().alias("__lead"))
    gaps = ranked.join(lead, on="stage_id").with_columns(seconds("gap").alias("__g"))
    sp = stages.join(tours.select("tour_id", "start_date", "end_date"), on="tour_id")
    ages = entries.join(tours.select("tour_id", "start_date"), on="tour_id").join(
        riders.select("rider_id", "birth_date"), on="rider_id"
    )
    entered = res.join(stages.select("stage_id", "tour_id"), on="stage_id", how="left").join(
        entries.select("tour_id", "rider_id", pl.lit(True).alias("__in")).unique(["tour_id", "rider_id"]),
        on=["tour_id", "rider_id"],
        how="left",
    )
    field = stages.join(entries.group_by("tour_id").len("__field"), on="tour_id", how="left").join(
        res.group_by("stage_id").len("__n"), on="stage_id", how="left"
    )
    src_teams = dict(zip(real["teams"]["team_code"].to_list(), real["teams"]["country"].to_list(), strict=True))
    held = real["results"]["incident"].drop_nulls().value_counts()
    common = held.filter(pl.col("count") >= 5)["incident"].to_list()
    notes = res["incident"].drop_nulls()
    return {
        "rank: stages.stage_no is 1..n per tour": share(numbered["stage_no"] == numbered["__n"]),
        "rank: stage_no follows stage_date": share(by_no["__d"].drop_nulls().dt.total_days() > 0),
        "rank: results.rank is 1..n per stage in finish_time order": share(by_time["rank"] == by_time["__n"]),
        "rank: finish_time rises with rank": share(by_rank["__d"].drop_nulls() >= 0),
        "unique in parent: one entry per (tour, rider)": entries.select("tour_id", "rider_id").n_unique()
        / max(entries.height, 1),
        "unique in parent: one result per (stage, rider)": res.select("stage_id", "rider_id").n_unique()
        / max(res.height, 1),
        "unique in parent: one bib per (tour, bib)": entries.select("tour_id", "bib").n_unique()
        / max(entries.height, 1),
        "period: end_date >= start_date": share(tours["end_date"] >= tours["start_date"]),
        "period: stage_date inside its tour": share(
            (sp["stage_date"] >= sp["start_date"]) & (sp["stage_date"] <= sp["end_date"])
        ),
        "age: age_at_start from birth_date at the tour's start": share(
            ages["age_at_start"] == ages.select(age_expr()).to_series()
        ),
        "format: finish_time like 4:32:10.4": share(
            res["finish_time"].cast(pl.String).str.contains(r"^\d+:\d\d:\d\d\.\d$")
        ),
        "format: gap like +0:45": share(res["gap"].cast(pl.String).str.contains(r"^\+\d+:\d\d$")),
        "format: gap is finish_time behind the stage winner (whole s)": share(
            (gaps["__g"] - (gaps["__t"] - gaps["__lead"]).round(1).floor()).abs() < 0.5
        ),
        "lookup: teams keys are the source's codes": share(teams["team_code"].is_in(list(src_teams))),
        "lookup: team_code -> country as in the source": share(
            teams["country"] == teams["team_code"].replace_strict(src_teams, default=None)
        ),
        "lookup: riders.team_code names a team": share(riders["team_code"].is_in(teams["team_code"].to_list())),
        "rare: results with an incident [value, not share]": share(res["incident"].is_not_null()),
        "rare: incidents a value >= 5 source rows hold": share(notes.is_in(common)) if notes.len() else float("nan"),
        "parents: a result's rider entered the stage's tour": share(entered["__in"].is_not_null()),
        "parents: results per stage == the tour's field": share(field["__n"] == field["__field"]),
        "count: results per stage (1 - TVD)": count_fidelity(
            res, stages, "stage_id", "stage_id", real["results"], real["stages"]
        ),
        "count: results per rider (1 - TVD)": count_fidelity(
            res, riders, "rider_id", "rider_id", real["results"], real["riders"]
        ),
        "count: stages per tour (1 - TVD)": count_fidelity(
            stages, tours, "tour_id", "tour_id", real["stages"], real["tours"]
        ),
        "count: entries per tour (1 - TVD)": count_fidelity(
            entries, tours, "tour_id", "tour_id", real["entries"], real["tours"]
        ),
    }


def age_expr() -> pl.Expr:
    born, on = pl.col("birth_date"), pl.col("start_date")
    before = (on.dt.month() < born.dt.month()) | ((on.dt.month() == born.dt.month()) & (on.dt.day() < born.dt.day()))
    return on.dt.year() - born.dt.year() - before.cast(pl.Int32)


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def one(seed: int, work: Path) -> tuple[dict[str, float], dict[str, float], float, float]:
    """Write database ``seed``, inspect, fit and sample it through the CLI; its checks on source and sample,
    the wall and the child processes' CPU seconds."""
    work.mkdir(parents=True, exist_ok=True)
    db, draft, model, out = work / "tours.db", work / "draft.yaml", work / "model", work / "sample.db"
    write_sqlite(tour_db(seed), db)
    t0, c0 = time.perf_counter(), _cpu()
    for args in (
        ("inspect", str(db), "-o", str(draft), "-q", "--replace"),
        ("fit", str(db), "--spec", str(draft), "-o", str(model), "--replace", "-q", "--seed", "0"),
        ("sample", str(model), "-o", str(out), "--seed", "0", "--replace", "-q"),
    ):
        r = cli(*args)
        if r.returncode:
            sys.exit(f"seed {seed}: {args[0]} failed: {r.stderr[-2000:]}")
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    real = read_db(db, DATES)
    return checks(real, real), checks(read_db(out, DATES), real), wall, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--split", choices=sorted(SPLITS), required=True)
    ap.add_argument("--work", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="learn96_"))
    seeds = SPLITS[args.split]
    runs = {s: one(s, work / f"seed{s}") for s in seeds}
    print(f"\n{args.split} split, database seeds {', '.join(map(str, seeds))} (sample seed 0 each)")
    print("| class: check | " + " | ".join(f"seed {s} real / sample" for s in seeds) + " | sample mean |")
    print("|---|" + "---:|" * (len(seeds) + 1))
    for k in runs[seeds[0]][0]:
        cells = [f"{runs[s][0][k]:.4f} / {runs[s][1][k]:.4f}" for s in seeds]
        print(f"| {k} | " + " | ".join(cells) + f" | {np.nanmean([runs[s][1][k] for s in seeds]):.4f} |")
    for s in seeds:
        print(f"seed {s}: wall {runs[s][2]:.1f} s, CPU {runs[s][3]:.1f} s (inspect+fit+sample processes)")
    print(f"work folder {work}")


if __name__ == "__main__":
    main()
