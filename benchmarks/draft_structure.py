"""Structure a domain expert checks first, kept from a real source to generated data: inspect → generate
with the state rules (``inspect(state_rules=True)``, the default) beside the same draft without them
(the code before them), and fit → sample, in one run.

Planted sources, made here from a seed (none of them the tests' seeds): a clinic (patients → visits
→ prescriptions: a visit after its patient registered, no prescriptions for cancelled or missed
visits, no fee and no duration for them) and a support desk (tickets → ticket events whose states
follow a machine with a start, loops and two absorbing states, the first event at the ticket's
opening). Per source and way of making data, the share of generated rows (or paths) that keep each
rule, and the CPU seconds of the whole way (inspect/fit + generate/sample).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_structure.py [--seeds 11,12,13] [--scale 1]

The sources are generated, not real data; the rules are planted, so no split applies (these are not
dev or test figures of a real dataset).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

import simulacra
from simulacra.inspection import inspect

MOVES = {
    "new": {"triage": 0.9, "spam": 0.1},
    "triage": {"in_progress": 0.7, "rejected": 0.2, "waiting": 0.1},
    "waiting": {"in_progress": 0.8, "rejected": 0.2},
    "in_progress": {"resolved": 0.85, "waiting": 0.15},
    "resolved": {"closed": 0.9, "reopened": 0.1},
    "reopened": {"in_progress": 1.0},
    "rejected": {"closed": 1.0},
    "spam": {},
    "closed": {},
}


def clinic(path: Path, seed: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    con = sqlite3.connect(path)
    con.executescript(
        """create table patients(id integer primary key, registered_at timestamp, sex text);
        create table visits(id integer primary key, patient_id integer references patients(id), visit_at timestamp,
          status text, duration_min integer, fee real);
        create table prescriptions(id integer primary key, visit_id integer references visits(id), drug text);"""
    )
    n = int(1500 * scale)
    fmt = "%Y-%m-%d %H:%M:%S"
    vid = rid = 0
    for pid in range(1, n + 1):
        reg = dt.datetime(2019, 1, 1) + dt.timedelta(minutes=int(rng.integers(0, 2_000_000)))
        con.execute("insert into patients values (?,?,?)", (pid, reg.strftime(fmt), str(rng.choice(["F", "M"]))))
        t = reg
        for _ in range(int(rng.choice([0, 1, 1, 2, 3, 5]))):
            vid += 1
            t = t + dt.timedelta(days=int(rng.integers(1, 200)), minutes=int(rng.integers(0, 600)))
            status = str(rng.choice(["done", "no_show", "cancelled"], p=[0.85, 0.1, 0.05]))
            dur = int(rng.choice([15, 20, 30, 45])) if status == "done" else None
            fee = round(dur * 2.5 + float(rng.choice([0, 10, 25])), 2) if dur else None
            con.execute("insert into visits values (?,?,?,?,?,?)", (vid, pid, t.strftime(fmt), status, dur, fee))
            if status == "done":
                for _ in range(int(rng.integers(1, 4))):
                    rid += 1
                    drug = str(rng.choice(["AMOX500", "IBU400", "PARA1000", "ATOR20"]))
                    con.execute("insert into prescriptions values (?,?,?)", (rid, vid, drug))
    con.commit()
    con.close()


def desk(path: Path, seed: int, scale: float) -> None:
    rng = np.random.default_rng(seed)
    path.mkdir()
    tickets, events = [], []
    for tid in range(1, int(2000 * scale) + 1):
        at = dt.datetime(2024, 1, 1) + dt.timedelta(minutes=int(rng.integers(0, 525_600)))
        tickets.append((tid, at.strftime("%Y-%m-%d %H:%M:%S"), str(rng.choice(["low", "normal", "high"]))))
        s, step = "new", 1
        while True:
            agent = None if s in ("new", "spam") else str(rng.choice(["ana", "bo", "cy"]))
            events.append((len(events) + 1, tid, step, s, at.strftime("%Y-%m-%d %H:%M:%S"), agent))
            if not MOVES[s] or step >= 30:
                break
            nxt = list(MOVES[s])
            s = str(rng.choice(nxt, p=[MOVES[s][x] for x in nxt]))
            at, step = at + dt.timedelta(minutes=int(rng.integers(5, 3000))), step + 1
    pl.DataFrame(tickets, schema=["ticket_id", "opened_at", "priority"], orient="row").write_csv(path / "tickets.csv")
    pl.DataFrame(events, schema=["event_id", "ticket_id", "seq", "state", "at", "agent"], orient="row").write_csv(
        path / "ticket_events.csv"
    )


def _read(out: Path) -> dict[str, pl.DataFrame]:
    if out.suffix == ".db":
        con = sqlite3.connect(out)
        names = [
            r[0]
            for r in con.execute(
                "select name from sqlite_master where type='table' and name not like '\\_%' escape '\\'"
            )
        ]
        frames = {n: pl.read_database(f'select * from "{n}"', con) for n in names}
        con.close()
        return frames
    return {p.stem: pl.read_csv(p, infer_schema_length=0) for p in out.glob("*.csv")}


def _ts(s: pl.Series) -> pl.Series:
    return s.cast(pl.String).str.replace("T", " ").str.slice(0, 19).str.to_datetime("%Y-%m-%d %H:%M:%S")


def clinic_checks(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    p, v, rx = f["patients"], f["visits"], f["prescriptions"]
    j = v.join(p.select("id", "registered_at"), left_on="patient_id", right_on="id", how="inner")
    empty = pl.col("status").is_in(["no_show", "cancelled"])
    both = v.select(
        (
            (empty & pl.col("fee").is_null() & pl.col("duration_min").is_null())
            | (~empty & pl.col("fee").is_not_null() & pl.col("duration_min").is_not_null())
        ).alias("ok")
    )
    rxj = rx.join(v.select(pl.col("id").alias("visit_id"), "status"), on="visit_id", how="inner")
    return {
        "visit after its patient registered": float((_ts(j["visit_at"]) >= _ts(j["registered_at"])).mean() or 0),
        "fee and duration empty exactly for missed visits": float(both["ok"].mean() or 0),
        "prescriptions only of visits that took place": float((rxj["status"] == "done").mean() or 0),
    }


def desk_checks(f: dict[str, pl.DataFrame]) -> dict[str, float]:
    e = f["ticket_events"].with_columns(pl.col("seq").cast(pl.Int64), pl.col("ticket_id").cast(pl.Int64))
    e = e.sort("ticket_id", "seq")
    paths = e.group_by("ticket_id", maintain_order=True).agg(pl.col("state"))
    pairs = e.select(pl.col("state").alias("a"), pl.col("state").shift(-1).over("ticket_id").alias("b")).drop_nulls()
    valid = [b in MOVES.get(a, {}) for a, b in pairs.iter_rows()]
    agent = e.select((pl.col("agent").is_null() == pl.col("state").is_in(["new", "spam"])).alias("ok"))
    return {
        "path starts at new": float((paths["state"].list.first() == "new").mean() or 0),
        "every move is one the desk makes": float(np.mean(valid)) if valid else 0.0,
        "path ends closed or spam": float(paths["state"].list.last().is_in(["closed", "spam"]).mean() or 0),
        "no agent exactly on new and spam": float(agent["ok"].mean() or 0),
    }


def _cpu() -> float:
    t = time.process_time()
    return t


def run(kind: str, seed: int, scale: float, work: Path) -> list[tuple[str, dict[str, float], float]]:
    src = work / ("clinic.db" if kind == "clinic" else "desk")
    (clinic if kind == "clinic" else desk)(src, seed, scale)
    checks: Callable[[dict[str, pl.DataFrame]], dict[str, float]] = clinic_checks if kind == "clinic" else desk_checks
    suffix = ".db" if kind == "clinic" else ""
    out: list[tuple[str, dict[str, float], float]] = [("source", checks(_read(src)), 0.0)]
    for name, rules in (("draft without state rules", False), ("draft with state rules", True)):
        t0 = _cpu()
        spec = inspect(str(src), state_rules=rules).write(work / f"{name[:5]}{rules}.yaml")
        target = work / f"gen{rules}{suffix}"
        simulacra.generate(spec, target, seed=seed, format=None if suffix else "csv")
        out.append((name, checks(_read(target)), _cpu() - t0))
    t0 = _cpu()
    simulacra.fit(str(src), output=work / "model")
    target = work / f"sample{suffix}"
    simulacra.sample(work / "model", output=target, seed=seed)
    out.append(("fit → sample", checks(_read(target)), _cpu() - t0))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="11,12,13")
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    for kind in ("clinic", "desk"):
        rows: dict[tuple[str, str], list[float]] = {}
        cpu: dict[str, list[float]] = {}
        for seed in [int(s) for s in args.seeds.split(",")]:
            with tempfile.TemporaryDirectory() as tmp:
                for way, found, seconds in run(kind, seed, args.scale, Path(tmp)):
                    for rule, share in found.items():
                        rows.setdefault((rule, way), []).append(share)
                    cpu.setdefault(way, []).append(seconds)
        ways = list(dict.fromkeys(w for _, w in rows))
        rules = list(dict.fromkeys(r for r, _ in rows))
        print(f"\n{kind} (seeds {args.seeds}, scale {args.scale}): share keeping each rule, mean over seeds (min)")
        print("| rule | " + " | ".join(ways) + " |")
        print("|---|" + "---:|" * len(ways))
        for r in rules:
            cells = [f"{np.mean(rows[(r, w)]):.4f} ({min(rows[(r, w)]):.4f})" for w in ways]
            print(f"| {r} | " + " | ".join(cells) + " |")
        print("| CPU s per run (mean) | " + " | ".join(f"{np.mean(cpu[w]):.1f}" for w in ways) + " |")


if __name__ == "__main__":
    main()
