"""A learned event table whose states follow a machine keeps it: fit → sample makes only the source's moves.

The learned model drew an event table's states one row at a time from trees (given the row before)
and its number of events per parent apart from them: on a support desk 2.4% of sampled moves were
ones the source never makes and 11% of paths stopped mid-process. Now each parent's path is drawn
from the machine read at fit, given its number of events: it starts as the source's paths do, takes
only observed moves, and ends in a state never left, exactly at its last event.

Planted here, from seeds: machines of 4-8 states with random names, loops back, side exits to one
or two absorbing states, random shares; with and without a column holding the state left; a parent
category and an agent column beside the state; and sources where 5-20% of cases are still open (their paths
stop early), whose samples stop as often, where the source's paths stop.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import simulacra

_WORDS = [
    "opened", "queued", "review", "approved", "packed", "held", "billed", "paid", "void", "returned",
    "archived", "assigned", "waiting", "escalated", "closed", "merged", "spam", "triaged",
]  # fmt: skip


def _machine(rng: np.random.Generator) -> tuple[str, dict[str, dict[str, float]]]:
    k = int(rng.integers(4, 9))
    names = [str(w) for w in rng.choice(_WORDS, k, replace=False)]
    ends = names[-2:] if rng.random() < 0.5 else names[-1:]
    body = [n for n in names if n not in ends]
    moves: dict[str, dict[str, float]] = {e: {} for e in ends}
    for i, s in enumerate(body):
        opts = {body[i + 1] if i + 1 < len(body) else ends[0]: float(rng.uniform(0.5, 0.9))}
        if i > 0 and rng.random() < 0.6:
            opts[body[int(rng.integers(0, i))]] = float(rng.uniform(0.05, 0.3))  # a loop back
        if rng.random() < 0.5:
            end = str(rng.choice(ends))
            opts[end] = opts.get(end, 0.0) + float(rng.uniform(0.05, 0.3))  # a side exit
        total = sum(opts.values())
        moves[s] = {t: v / total for t, v in opts.items()}
    return body[0], moves


def _source(
    tmp: Path, seed: int, *, previous: bool, still_open: bool = False
) -> tuple[Path, str, dict[str, dict[str, float]]]:
    rng = np.random.default_rng(seed)
    start, moves = _machine(rng)
    open_share = float(rng.uniform(0.05, 0.2)) if still_open else 0.0
    parents: list[list[Any]] = []
    events: list[list[Any]] = []
    for pid in range(1, 401):
        t = dt.datetime(2024, 1, 1) + dt.timedelta(minutes=int(rng.integers(0, 500_000)))
        parents.append([pid, t.strftime("%Y-%m-%d %H:%M:%S"), str(rng.choice(["web", "shop", "phone"]))])
        s, prev, n = start, None, 0
        cut = int(rng.integers(2, 6)) if rng.random() < open_share else 0  # a case still open after `cut` events
        while True:
            n += 1
            row = [len(events) + 1, pid, s, t.strftime("%Y-%m-%d %H:%M:%S"), str(rng.choice(["ana", "bo", "cy"]))]
            events.append(row + ([prev] if previous else []))
            if not moves[s] or n >= 500 or n == cut:
                break
            nxt = list(moves[s])
            prev, s = s, str(rng.choice(nxt, p=np.array([moves[s][x] for x in nxt])))
            t += dt.timedelta(minutes=float(rng.lognormal(np.log(120), 0.8)))
    folder = tmp / f"src{seed}"
    folder.mkdir()
    with (folder / "cases.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case_id", "opened_at", "channel"])
        w.writerows(parents)
    with (folder / "case_events.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event_id", "case_id", "state", "at", "agent"] + (["from_state"] if previous else []))
        w.writerows(events)
    return folder, start, moves


@pytest.mark.parametrize(
    ("seed", "previous", "still_open"), [(21, False, False), (22, True, False), (23, False, True), (24, True, True)]
)
def test_sampled_paths_keep_the_machine(tmp_path: Path, seed: int, previous: bool, still_open: bool) -> None:
    folder, start, moves = _source(tmp_path, seed, previous=previous, still_open=still_open)
    model = simulacra.fit(str(folder), output=tmp_path / "model")
    frames = simulacra.sample(tmp_path / "model", seed=seed).frames
    assert frames is not None
    e = frames["case_events"].sort("case_id", "at", "event_id")
    paths = e.group_by("case_id", maintain_order=True).agg(pl.col("state"))
    pairs = e.select(pl.col("state").alias("a"), pl.col("state").shift(-1).over("case_id").alias("b")).drop_nulls()
    assert paths.height > 300 and pairs.height > 300
    absorbing = {s for s, m in moves.items() if not m}
    starts = float((paths["state"].list.first() == start).mean() or 0)
    valid = float(np.mean([b in moves[a] for a, b in pairs.iter_rows()]))
    source = pl.read_csv(folder / "case_events.csv").group_by("case_id", maintain_order=True).agg(pl.col("state"))
    finished = float(source["state"].list.last().is_in(list(absorbing)).mean() or 0)
    stopped = set(source["state"].list.last().to_list())
    # paths stop where the source's stop (a final state, or a state cases were still open in), as often
    ends = float(paths["state"].list.last().is_in(list(stopped)).mean() or 0)
    done = float(paths["state"].list.last().is_in(list(absorbing)).mean() or 0)
    assert abs(done - finished) <= 0.05, (done, finished)
    # an absorbing state only as a path's last event: the events per parent are its path's
    mid = float(
        e.with_columns(pl.col("state").shift(-1).over("case_id").is_not_null().alias("more"))
        .select((pl.col("state").is_in(list(absorbing)) & pl.col("more")).mean())
        .item()
    )
    assert starts >= 0.99 and valid >= 0.99 and ends >= 0.99 and mid <= 0.01, (starts, valid, ends, mid)
    if previous:
        same = e.select(pl.col("from_state").eq_missing(pl.col("state").shift(1).over("case_id")).mean()).item()
        assert same >= 0.99
    # the other columns are still drawn with the row
    assert e["agent"].n_unique() == 3 and model.spec.tables["case_events"] is not None
