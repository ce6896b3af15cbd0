"""deid-speed60's component timings: each lever's plain and fast form on the inputs one Minkov pass gives it (issue 14).

    PYTHONPATH=src .venv/bin/python benchmarks/deid_speed60_parts.py --rounds 5

One pass of ``Deidentifier(seed=1, ner="fast")`` over the Minkov e-mails (read as ``deid_speed_ab.py`` reads them)
records what four pieces are handed: the texts ``ScanPlan.find`` scans, the texts ``_lowercase_list_names`` scans,
the strings ``structure._WORDS.findall`` splits and the ``Doc.words_between`` calls. Then, in this one process and
interleaved round by round (CPU seconds, ``time.process_time``; median and least of ``--rounds``):

* ``_SEMI_ITEM``: main's form (a lookbehind first) against this branch's (the ";" matched), ``finditer`` over the
  texts; the two must find the same items (checked);
* ``_Group.run``: the union filter's stops alone, with the ``which`` match at each, and the whole ``run``; and a
  form that picks the members the ``which`` match names in C (``itertools.compress``; same matches, checked);
* ``_WORDS.findall`` of each span value against a ``lru_cache`` of it (filled afresh each round);
* ``words_between``: main's (each word lowercased) against tokenizing the document's lowercase once (ASCII texts).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from itertools import compress, repeat
from operator import ge, itemgetter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from deid_speed_ab import _READ, DATA  # noqa: E402

SEMI_AS_WRITTEN = re.compile(
    r"(?:(?<=;)|(?<=:))[ \t]*\n?[ \t>]*(?P<name>[a-z][a-z'’\-]+(?:(?:[ ]|[ ]?\n[ \t>]*)[A-Za-z][A-Za-z'’\-]+){1,3})"
    r"(?=[ \t]*(?:;|\n|$))"
)
_first = itemgetter(0)


def capture() -> dict[str, Any]:
    ns: dict[str, Any] = {}
    exec(_READ, ns)  # noqa: S102 - our own code
    texts = ns["read"](str(DATA), "email")
    from simulacra.text import Deidentifier, _scan, recognizers, structure

    got: dict[str, Any] = {"plan": [], "semi": [], "findall": [], "wb": [], "docs": {}}
    find, ll, words, wb = (
        recognizers.ScanPlan.find,
        structure._lowercase_list_names,
        structure._WORDS,
        _scan.Doc.words_between,
    )

    class Words:
        def findall(self, s: str, *a: int) -> list[str]:
            got["findall"].append(s)
            return words.findall(s, *a)

        def __getattr__(self, k: str) -> Any:
            return getattr(words, k)

    def plan_find(self: Any, text: str) -> Any:
        got["plan"].append(text)
        return find(self, text)

    def lists(text: str) -> Any:
        got["semi"].append(text)
        return ll(text)

    def between(self: Any, a: int, b: int, *, first: int | None = None, last: int | None = None) -> Any:
        got["wb"].append((got["docs"].setdefault(self.text, len(got["docs"])), a, b, first, last))
        return wb(self, a, b, first=first, last=last)

    recognizers.ScanPlan.find, structure._lowercase_list_names = plan_find, lists  # type: ignore[method-assign]
    structure._WORDS, _scan.Doc.words_between = Words(), between  # type: ignore[assignment,method-assign]
    try:
        engine = Deidentifier(seed=1, ner="fast")
        list(engine.deidentify_many(texts))
    finally:
        recognizers.ScanPlan.find, structure._lowercase_list_names = find, ll  # type: ignore[method-assign]
        structure._WORDS, _scan.Doc.words_between = words, wb  # type: ignore[method-assign]
    got["engine"] = engine
    got["docs"] = sorted(got["docs"], key=got["docs"].get)
    return got


def run_compress(g: Any, doc: Any) -> None:
    """``_Group.run`` with the members the ``which`` match names picked in C."""
    if g._needs is not None and not any(doc.meets_all(ns) for ns in g._needs):
        return
    text, search = doc.text, g.filter.search
    m = search(text)
    if m is None:
        return
    found, keys, matchers = doc.found, g._keys, g._matchers
    which = g.which.match if g.which is not None else None
    every = range(len(keys))
    ends: dict[int, int] = {}
    while m is not None:
        s = m.start()
        here = compress(every, map(ge, map(_first, which(text, s).regs[1:]), repeat(0))) if which else every
        for i in here:
            key = keys[i]
            if s >= ends.get(key, 0) and (mm := matchers[i](text, s)) is not None:
                found.setdefault(key, []).append(mm)
                ends[key] = mm.end()
        m = search(text, s + 1)


def stops(g: Any, text: str, which: bool) -> int:
    search, n = g.filter.search, 0
    m = search(text)
    while m is not None:
        n += 1
        if which:
            g.which.match(text, m.start())
        m = search(text, m.start() + 1)
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    import os

    from simulacra.text import structure
    from simulacra.text._scan import TOKEN as _TOKEN
    from simulacra.text._scan import Doc

    got = capture()
    plan = got["engine"]._plan
    semi, plain_words, docs = got["semi"], got["findall"], got["docs"]
    for t in semi:  # the fast form finds main's items (its match starts at the ";", one before)
        assert [(m.start(), m.span("name")) for m in SEMI_AS_WRITTEN.finditer(t)] == [
            (m.start() + 1, m.span("name")) for m in structure._SEMI_ITEM.finditer(t)
        ]
    words_rx = re.compile(r"[^\W\d_][\w'’]*")

    @lru_cache(maxsize=1 << 16)
    def cached_words(v: str) -> tuple[str, ...]:
        return tuple(words_rx.findall(v))

    def group_docs() -> list[Any]:
        return [Doc(t, grouped=plan.grouped) for t in got["plan"]]

    def wb_docs() -> list[Any]:
        out = [Doc(t) for t in docs]
        for d in out:
            d.lower, d.is_ascii  # noqa: B018 - per document, outside the timing (the pipeline asks for both)
        return out

    def wb_plain(d: Any, a: int, b: int, first: int | None, last: int | None) -> list[str]:
        words = _TOKEN.findall(d.text, a, b)
        words = words[:first] if first is not None else words
        words = (words[-last:] if last else []) if last is not None else words
        return [w.lower() for w in words]

    def wb_lower(d: Any, a: int, b: int, first: int | None, last: int | None) -> list[str]:
        words = _TOKEN.findall(d.lower if d.is_ascii else d.text, a, b)
        words = words[:first] if first is not None else words
        words = (words[-last:] if last else []) if last is not None else words
        return words if d.is_ascii else [w.lower() for w in words]

    ds = wb_docs()
    assert all(wb_plain(ds[i], a, b, f, k) == wb_lower(ds[i], a, b, f, k) for i, a, b, f, k in got["wb"])
    a_docs, b_docs = group_docs(), group_docs()
    for d in a_docs:
        for g in plan.groups:
            g.run(d)
    for d in b_docs:
        for g in plan.groups:
            run_compress(g, d)
    assert all(
        {k: [m.span() for m in v] for k, v in x.found.items()} == {k: [m.span() for m in v] for k, v in y.found.items()}
        for x, y in zip(a_docs, b_docs, strict=True)
    )

    def timed(prep: Callable[[], Any], body: Callable[[Any], Any]) -> float:
        x = prep()
        c = time.process_time()
        body(x)
        return time.process_time() - c

    def each_group(fn: Callable[[Any, Any], Any]) -> Callable[[Any], None]:
        return lambda ds: [fn(g, d) for d in ds for g in plan.groups]  # type: ignore[func-returns-value]

    cases: list[tuple[str, Callable[[], float]]] = [
        ("_SEMI_ITEM as written (main)", lambda: timed(lambda: semi, lambda ts: [list(SEMI_AS_WRITTEN.finditer(t)) for t in ts])),
        ("_SEMI_ITEM fast form (branch)", lambda: timed(lambda: semi, lambda ts: [list(structure._SEMI_ITEM.finditer(t)) for t in ts])),
        ("_Group.run: filter stops alone", lambda: timed(lambda: got["plan"], lambda ts: [stops(g, t, False) for t in ts for g in plan.groups])),
        ("_Group.run: stops + which", lambda: timed(lambda: got["plan"], lambda ts: [stops(g, t, True) for t in ts for g in plan.groups])),
        ("_Group.run (main)", lambda: timed(group_docs, each_group(lambda g, d: g.run(d)))),
        ("_Group.run, members picked in C", lambda: timed(group_docs, each_group(run_compress))),
        ("_WORDS.findall (main)", lambda: timed(lambda: plain_words, lambda vs: [words_rx.findall(v) for v in vs])),
        ("_WORDS.findall cached", lambda: timed(lambda: (cached_words.cache_clear(), plain_words)[1], lambda vs: [cached_words(v) for v in vs])),
        ("words_between (main)", lambda: timed(wb_docs, lambda ds: [wb_plain(ds[i], a, b, f, k) for i, a, b, f, k in got["wb"]])),
        ("words_between, lowercase once", lambda: timed(wb_docs, lambda ds: [wb_lower(ds[i], a, b, f, k) for i, a, b, f, k in got["wb"]])),
    ]  # fmt: skip
    times: dict[str, list[float]] = {name: [] for name, _ in cases}
    loads = []
    for _ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        for name, fn in cases:
            times[name].append(fn())
    print(
        f"inputs: {len(got['plan'])} texts scanned, {len(semi)} list scans, {len(plain_words)} findall calls "
        f"({len(set(plain_words))} distinct), {len(got['wb'])} words_between calls; "
        f"{sum(stops(g, t, False) for t in got['plan'] for g in plan.groups)} filter stops, group sizes "
        f"{[len(g.members) for g in plan.groups]}; load {min(loads):.1f}-{max(loads):.1f}"
    )
    print("| piece | median ms | least ms |\n|---|---:|---:|")
    for name, v in times.items():
        print(f"| {name} | {statistics.median(v) * 1000:.1f} | {min(v) * 1000:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
