"""An event table whose states follow a machine is drafted as a process, and generated paths follow it.

Drafted column by column, an event log (a ticket: new → triage → … → closed) had its states drawn
one row at a time: tickets closed before they were opened, paths that stop in the middle. The
inspector now reads the machine from the data — the start state, the moves and their shares, the
absorbing states, the time spent in each state, the parent date the first event happens at — and
drafts ``rows: {per, process}``; `generate` then makes paths that `validate` checks move by move.

Planted here: machines drawn from a seed (state names, number of states, moves, dwell times), with
and without a step column and a previous-state column, with dates as text; and logs that must
not be read as a process (paths cut short, a first event not at the parent's date, states that
follow no machine).
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
from simulacra.inspection import inspect

_WORDS = ["draft", "queued", "review", "approved", "shipped", "held", "billed", "paid", "void", "returned", "archived"]


def _machine(rng: np.random.Generator) -> tuple[str, dict[str, dict[str, float]]]:
    """A random machine: a chain of 4-7 states with side moves, ending in 1-2 absorbing states."""
    k = int(rng.integers(4, 8))
    names = [str(w) for w in rng.choice(_WORDS, k, replace=False)]
    ends = names[-2:] if rng.random() < 0.5 else names[-1:]
    moves: dict[str, dict[str, float]] = {e: {} for e in ends}
    body = [n for n in names if n not in ends]
    for i, s in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else ends[0]
        opts = {nxt: 0.8}
        if rng.random() < 0.5:
            opts[str(rng.choice(ends))] = opts.get(str(rng.choice(ends)), 0) + 0.2
        elif i > 0:
            opts[body[i - 1]] = 0.2  # a loop back
        total = sum(opts.values())
        moves[s] = {k2: v / total for k2, v in opts.items()}
    return body[0], moves


def _log(
    seed: int, *, step: bool, previous: bool, cut: bool = False, late_start: bool = False, shuffle: bool = False
) -> tuple[list[list[Any]], list[list[Any]], dict[str, Any]]:
    rng = np.random.default_rng(seed)
    start, moves = _machine(rng)
    parents, events = [], []
    for pid in range(1, 301):
        t0 = dt.datetime(2024, 1, 1) + dt.timedelta(minutes=int(rng.integers(0, 400_000)))
        parents.append([pid, t0.strftime("%Y-%m-%d %H:%M:%S"), str(rng.choice(["web", "shop", "phone"]))])
        s, t, prev = start, t0 + (dt.timedelta(minutes=5) if late_start else dt.timedelta()), None
        n = 0
        while True:
            n += 1
            row = [len(events) + 1, pid]
            row += [n] if step else []
            row += [s, t.strftime("%Y-%m-%d %H:%M:%S")]
            row += [prev] if previous else []
            events.append(row)
            if not moves[s] or n >= 25 or (cut and pid % 7 == 0 and n >= 2):
                break
            nxt = list(moves[s])
            prev, s = s, str(rng.choice(nxt, p=np.array([moves[s][x] for x in nxt])))
            t = t + dt.timedelta(minutes=float(rng.lognormal(np.log(90), 0.7)))
    if shuffle:  # states that follow no machine: the same values, drawn at random
        states = [e[3 if step else 2] for e in events]
        rng.shuffle(states)
        for e, s in zip(events, states, strict=True):
            e[3 if step else 2] = s
    return parents, events, {"start": start, "moves": moves}


def _folder(tmp: Path, parents: list[list[Any]], events: list[list[Any]], *, step: bool, previous: bool) -> Path:
    folder = tmp / "src"
    folder.mkdir()
    with (folder / "orders.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["order_id", "placed_at", "channel"])
        w.writerows(parents)
    with (folder / "order_events.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            ["event_id", "order_id"]
            + (["step_no"] if step else [])
            + ["status", "at"]
            + (["from_status"] if previous else [])
        )
        w.writerows(events)
    return folder


@pytest.mark.parametrize(("seed", "step", "previous"), [(1, True, False), (2, False, True), (3, True, True)])
def test_a_machine_is_drafted_and_generated_paths_follow_it(
    tmp_path: Path, seed: int, step: bool, previous: bool
) -> None:
    parents, events, truth = _log(seed, step=step, previous=previous)
    src = _folder(tmp_path, parents, events, step=step, previous=previous)
    result = inspect(src)
    rows = result.spec_data["tables"]["order_events"]["rows"]
    proc = rows["process"]
    assert proc["start"] == truth["start"] and proc["at"] == "placed_at"
    seen = {s: set(m.get("next", {})) for s, m in proc["states"].items()}
    for s, nxt in seen.items():
        assert nxt <= set(truth["moves"][s])  # no move the machine does not have
    assert {s for s, n in seen.items() if not n} <= {s for s, m in truth["moves"].items() if not m}
    cols = result.spec_data["tables"]["order_events"]["columns"]
    assert cols["status"] == {"generator": "process", "field": "state", "description": cols["status"]["description"]}
    assert cols["at"]["field"] == "at"
    if step:
        assert cols["step_no"]["field"] == "step"
    if previous:
        assert cols["from_status"]["field"] == "previous"

    spec = result.write(tmp_path / "draft.yaml")
    simulacra.validate(spec, src)  # the draft holds on its own source
    out = tmp_path / "gen"
    simulacra.generate(spec, out, seed=seed, format="parquet")
    simulacra.validate(spec, out)  # start, moves, absorbing ends, times in order, first time at the parent's
    e = pl.read_parquet(out / "order_events.parquet")
    assert e.height > 300
    pairs = e.sort("order_id", "at", "event_id").select(
        pl.col("status").alias("a"), pl.col("status").shift(-1).over("order_id").alias("b")
    )
    for a, b in pairs.drop_nulls().unique().iter_rows():
        assert b in truth["moves"][a], (a, b)


@pytest.mark.parametrize(
    "how", [{"cut": True}, {"late_start": True}, {"shuffle": True}], ids=["cut-short", "late-start", "no-machine"]
)
def test_logs_that_are_not_a_finished_process_stay_plain(tmp_path: Path, how: dict[str, bool]) -> None:
    parents, events, _ = _log(4, step=True, previous=False, **how)
    src = _folder(tmp_path, parents, events, step=True, previous=False)
    rows = inspect(src).spec_data["tables"]["order_events"]["rows"]
    assert "process" not in rows, rows


def test_fit_refuses_a_reviewed_spec_with_a_process_before_learning(tmp_path: Path) -> None:
    """`fit --spec draft.yaml` used to learn such a spec, then `sample` stopped with an internal error."""
    from simulacra.errors import SpecError

    parents, events, _ = _log(5, step=True, previous=False)
    src = _folder(tmp_path, parents, events, step=True, previous=False)
    spec = inspect(src).write(tmp_path / "draft.yaml")
    with pytest.raises(SpecError, match="table 'order_events': its rows are a process"):
        simulacra.fit(src, output=tmp_path / "model", spec=spec)
    assert not (tmp_path / "model").exists()  # nothing half-written
