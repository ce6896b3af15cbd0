"""The checklist runner of the draft request scripts (``benchmarks/draft_*.py``, issue 20): one home for what
each script did on its own copy — pick the drafted table a request's names expect, read a table's foreign keys,
read ``--scale``, and run a check per request, print what held and what was missed, then the totals.

A script holds its requests and its checks only: a check takes a request and its expectations and returns
``[(check name, held), ...]``; :func:`run` prints one line per request (or one per check, :data:`EACH`) and
the totals in the layout the script's figures in ``benchmarks/RESULTS.md`` were printed in. A check that two
scripts share lives here too (:func:`doer_checks`).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import simulacra
from simulacra.draft import draft

#: a check's answer: each expectation by name, and whether it held
Checks = list[tuple[str, bool]]


def pick(tables: dict[str, Any], names: str | set[str] | None) -> str | None:
    """The drafted table a request's names expect: ``a|b`` accepts either, in the order written (a set, in sorted
    order); ``None`` where none is drafted or no name is given."""
    if not names:
        return None
    said = names.split("|") if isinstance(names, str) else sorted(names)
    return next((n for n in said if n in tables), None)


def keys_to(table: dict[str, Any] | None, target: str | None) -> list[str]:
    """The columns of a table's spec that are foreign keys to ``target``, in the order written."""
    if table is None or target is None:
        return []
    return [
        str(name)
        for name, col in table["columns"].items()
        if isinstance(col, dict)
        and col.get("generator") == "foreign_key"
        and str(col.get("references", "")).split(".")[0] == target
    ]


def fk(table: dict[str, Any] | None, target: str | None) -> str | None:
    """The first column of a table's spec that is a foreign key to ``target``, or ``None``."""
    return next(iter(keys_to(table, target)), None)


def key_targets(table: dict[str, Any] | None) -> set[str]:
    """The tables a table's spec has foreign keys to."""
    return {
        str(col.get("references", "")).split(".")[0]
        for col in (table["columns"].values() if table is not None else [])
        if isinstance(col, dict) and col.get("generator") == "foreign_key"
    }


def generates(spec: dict[str, Any], scale: float) -> bool:
    """Whether a drafted spec generates at ``scale`` (seed 1) and its rows validate; a failure is printed, as a
    failed check is reported."""
    try:
        frames = simulacra.generate(spec, seed=1, scale=scale).frames
        simulacra.validate(spec, frames)
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    generate: {type(exc).__name__}: {exc}")
        return False
    return True


def scale_from_args(doc: str | None, default: float) -> float:
    """``--scale`` from the command line: the scale a script generates at (``default`` in its test run)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--scale", type=float, default=default, help=f"generate at this scale ({default:g} in the test run)"
    )
    return float(ap.parse_args().scale)


@dataclass(frozen=True)
class Layout:
    """How :func:`run` prints. ``row`` (fields ``ok``, ``n``, ``request``) and ``missed`` (``missed``) are a
    request's line and the names it missed, or ``None``; ``check`` (``mark``, ``name``) is each check's line, or
    ``None``; ``totals`` (``held``, ``total``, ``share``, ``whole``, ``requests``, ``wall``, ``cpu``, ``note``)
    the last line."""

    row: str | None = "{ok}/{n} {request:.80}"
    missed: str | None = "\n     missed: {missed}"
    check: str | None = None
    totals: str = "\nchecks held {held}/{total}; requests with every check held {whole}/{requests}{note}"


#: one line per request, its missed checks under it (the held-out scripts)
ONE_LINE = Layout()
#: each check on a line of its own, under what the check itself printed of the request
EACH = Layout(
    row=None,
    missed=None,
    check="    {mark} {name}",
    totals="checks held: {held}/{total}; requests with every check: {whole}/{requests}{note}",
)


def run(
    cases: Sequence[tuple[Any, ...]],
    check: Callable[..., Checks],
    *,
    per_request: int | None = None,
    layout: Layout = ONE_LINE,
    note: str = "",
) -> tuple[int, int, int]:
    """Check each case (a request and its expectations, passed to ``check`` as they stand), print as ``layout``
    says, and return (checks held, checks run, requests with every check held).

    ``per_request``: the number of checks each request has; where given, a check that raises is a miss of all of them,
    said as ``draft failed: <error>`` (an older tree may refuse a request); where not, each request counts the
    checks it returned and an error stops the run."""
    held = total = whole = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for request, *rest in cases:
        if per_request is None:
            got = check(request, *rest)
        else:
            try:
                got = check(request, *rest)
            except Exception as exc:  # a draft that fails is a miss of every check, said
                got = [(f"draft failed: {type(exc).__name__}", False)]
        n = len(got) if per_request is None else per_request
        ok = sum(v for _, v in got)
        held, total, whole = held + ok, total + n, whole + (ok == n)
        missed = [name for name, v in got if not v]
        if layout.row is not None:
            line = layout.row.format(ok=ok, n=n, request=request)
            if missed and layout.missed is not None:
                line += layout.missed.format(missed=", ".join(missed))
            print(line)
        if layout.check is not None:
            for name, v in got:
                print(layout.check.format(mark="ok  " if v else "MISS", name=name))
    print(
        layout.totals.format(
            held=held,
            total=total,
            share=held / total if total else 0.0,
            whole=whole,
            requests=len(cases),
            wall=time.perf_counter() - t0,
            cpu=time.process_time() - c0,
            note=note,
        )
    )
    return held, total, whole


def counts_kept(tables: dict[str, Any], counts: dict[str, int]) -> bool:
    """Every count said is the rows of its table (``counts``: table names as :func:`pick` reads them -> rows)."""
    return all((t := pick(tables, names)) is not None and tables[t].get("rows") == n for names, n in counts.items())


def run_held_out(
    doc: str | None, cases: Sequence[tuple[Any, ...]], check: Callable[..., Checks], per_request: int | None = None
) -> tuple[int, int, int]:
    """A held-out script's run: its cases checked at ``--scale`` (0.05, the scale of its test run), one line each."""
    scale = scale_from_args(doc, 0.05)
    note = " (test requests at scale 0.05, run once before and after the rule; another scale: dev)"
    return run(cases, partial(check, scale=scale), per_request=per_request, note=note)


#: a doer-and-act request (``draft_each_doer.py``, ``draft_doer_tense.py``): (request, doers, records, partners or
#: None, stray names, {table names: rows said})
DoerCase = tuple[str, str, str, str | None, list[str], dict[str, int]]


def doer_checks(
    request: str,
    doers: str,
    records: str,
    partners: str | None,
    stray: list[str],
    counts: dict[str, int],
    scale: float = 0.05,
) -> Checks:
    """The five checks of a doer-and-act request: the doers, records and (where said) partners are drafted; no
    stray table; the records are keyed to the doers and partners; every count is kept; the spec generates."""
    spec = draft(request).spec
    tables: dict[str, Any] = spec["tables"]
    d, r = pick(tables, doers), pick(tables, records)
    p = pick(tables, partners) if partners else None
    present = d is not None and r is not None and (partners is None or p is not None)
    targets = key_targets(tables[r]) if r is not None else set()
    keyed = present and d in targets and (partners is None or p in targets)
    return [
        ("tables", present),
        ("no stray", not set(stray) & set(tables)),
        ("keys", keyed),
        ("counts", counts_kept(tables, counts)),
        ("generates", generates(spec, scale)),
    ]
