"""deid63's two component changes timed on their own, the forms interleaved in one process (issue 14, speed).

    PYTHONPATH=src .venv/bin/python benchmarks/deid_speed63_parts.py --rounds 5

* ``domain_orgs.domain_org_spans`` over the Minkov e-mails (as ``deid_speed_ab.py`` reads them): the branch's
  ``_head_starts`` (``str.find`` on the lowercased ASCII text) against main's form (one ``re.finditer`` with
  ``re.IGNORECASE`` per head; the ``re`` module's cache is cleared before each round, as a pass over new
  documents meets new heads);
* ``SurrogateMapper.group`` over the NRP spans the engine finds in CoNLL-2003 dev, one fresh mapper per
  document: the branch's pool built once per kind and number against main's pool built on every call.

CPU milliseconds (``time.process_time``), median and least of ``--rounds``; each pair is checked to give the same.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.deid63_as_written: main's forms, the oracle

from deid_speed_ab import _READ, DATA  # noqa: E402
from tests.deid63_as_written import group_as_written, head_starts_as_written  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    ns: dict[str, object] = {}
    exec(_READ, ns)  # noqa: S102 - our own code
    email = ns["read"](str(DATA), "email")  # type: ignore[operator]
    news = ns["read"](str(DATA), "news")  # type: ignore[operator]
    from simulacra.text import Deidentifier, domain_orgs
    from simulacra.text.surrogates import SurrogateMapper

    fast_heads = domain_orgs._head_starts
    nrp = [
        [t[s.start : s.end] for s in spans if s.label == "NRP"]
        for t, spans in zip(news, Deidentifier(seed=1, ner="fast").analyze_many(news), strict=True)
    ]

    def orgs(form) -> list[object]:  # type: ignore[no-untyped-def]
        domain_orgs._head_starts = form
        re.purge()
        return [domain_orgs.domain_org_spans(t) for t in email]

    def groups(fn) -> list[list[str]]:  # type: ignore[no-untyped-def]
        out = []
        for i, words in enumerate(nrp):
            m = SurrogateMapper(seed=1, scope=f"doc:{i}")
            out.append([fn(m, w) for w in words])
        return out

    pieces = {
        "domain_org_spans, main (re per head)": lambda: orgs(head_starts_as_written),
        "domain_org_spans, branch (str.find)": lambda: orgs(fast_heads),
        "group, main (pool per call)": lambda: groups(group_as_written),
        "group, branch (pool once)": lambda: groups(SurrogateMapper.group),
    }
    times: dict[str, list[float]] = {k: [] for k in pieces}
    results: dict[str, object] = {}
    for _ in range(args.rounds):
        for name, fn in pieces.items():
            c = time.process_time()
            results[name] = fn()
            times[name].append(1000 * (time.process_time() - c))
    domain_orgs._head_starts = fast_heads
    names = list(pieces)
    print(f"{sum(map(len, nrp))} NRP spans in {len(nrp)} news documents; {len(email)} e-mails")
    print(
        f"same: domain_org_spans {results[names[0]] == results[names[1]]}, group {results[names[2]] == results[names[3]]}"
    )
    for name in names:
        print(f"{name:<42}{statistics.median(times[name]):>9.1f} ms median{min(times[name]):>9.1f} ms least")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
