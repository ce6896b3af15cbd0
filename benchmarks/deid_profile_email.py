"""cProfile of one warm de-identification pass over the Minkov e-mails, sorted by own time (issue 14, speed).

    PYTHONPATH=src .venv/bin/python benchmarks/deid_profile_email.py --top 45

``Deidentifier(seed=1, ner="fast").deidentify_many`` over the e-mails as ``deid_speed_ab.py`` reads them: a warm-up
of five, a first pass timed plainly (CPU seconds), then a second pass under cProfile (process-time timer). cProfile
adds a cost to every call (the profiled pass takes several times the plain one), so a function's own time is
inflated by its call count: read it as a ranking of where pure-Python work sits, not as seconds saved.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from deid_speed_ab import _READ, DATA  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=45)
    ap.add_argument("--sort", default="tottime")
    args = ap.parse_args()
    ns: dict[str, object] = {}
    exec(_READ, ns)  # noqa: S102 - our own code
    texts = ns["read"](str(DATA), "email")  # type: ignore[operator]
    from simulacra.text import Deidentifier

    d = Deidentifier(seed=1, ner="fast")
    list(d.deidentify_many(texts[:5]))
    c = time.process_time()
    list(d.deidentify_many(texts))
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"first pass: {time.process_time() - c:.2f} CPU s for {mb:.2f} MB")
    pr = cProfile.Profile(time.process_time)
    pr.enable()
    list(d.deidentify_many(texts))
    pr.disable()
    pstats.Stats(pr).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
