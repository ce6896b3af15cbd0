"""Where the one-worker de-identification pipeline spends its CPU, by stage and by function (issue 14, speed).

    PYTHONPATH=src .venv/bin/python benchmarks/deid_stage_shares.py            # e-mail and news
    PYTHONPATH=src .venv/bin/python benchmarks/deid_stage_shares.py --only email --top 25

A sampling view: ``deidentify_path`` (one worker, in this process) on a JSONL file of the texts, with a CPU
timer (``signal.setitimer(ITIMER_PROF)``, every ``--interval`` seconds of this process's CPU) that looks at the
Python stack when it fires. A sample counts for the innermost frame on the stack that belongs to a stage
(``STAGES``: the fast tagger's tokenizer, its features of new token strings, its scores and decoding, the pattern
recognizers, the e-mail structure scans, the person context rules, ``ner_cleanup``'s span rules, the
surrogates, reading and writing ...), and for the function running then (its own time: C calls count for the
Python function that made them). Unlike cProfile it adds no cost per call, so the shares are the pipeline's.

Texts (real, read from ../shared/data as ``deid_speed_ab.py`` reads them; development sets, never trained on):
``email`` the Minkov et al. (2005) Enron e-mails, ``news`` CoNLL-2003 dev. Each is run twice in one
process, the first pass with a fresh engine and cold caches (as a run of the CLI meets them), the second warm;
both are reported.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from deid_speed_ab import _READ, DATA  # noqa: E402

# (module file stem, function name or "*") -> stage; looked up from the innermost frame outwards
STAGES: dict[tuple[str, str], str] = {
    ("fast_ner", "tokenize"): "tagger: tokenize",
    ("fast_ner", "_add"): "tagger: features of new token strings",
    ("fast_ner", "tag_many"): "tagger: scores and decoding",
    ("fast_ner", "raw_many"): "tagger: scores and decoding",
    ("fast_ner", "spans_from_tags"): "tagger: scores and decoding",
    ("ner_cleanup", "*"): "ner_cleanup (the tagger's span rules)",
    ("person_context", "*"): "person context rules",
    ("not_person", "*"): "not-person rules",
    ("mail", "*"): "mail parsing",
    ("recognizers", "*"): "pattern recognizers",
    ("_scan", "*"): "pattern recognizers",
    ("structure", "detection_view"): "structure: detection view",
    ("structure", "structural_spans"): "structure: e-mail scans (headers, greetings, sign-offs)",
    ("structure", "refine"): "refine (span rules on all spans)",
    ("structure", "complete_names"): "complete_names (names by prose and position)",
    ("structure", "propagate"): "spread (found once, replaced everywhere)",
    ("structure", "retype"): "spread (found once, replaced everywhere)",
    ("spans", "resolve"): "overlap resolution",
    ("domain_orgs", "*"): "domain organisations",
    ("surrogates", "*"): "surrogate synthesis",
    ("operators", "*"): "surrogate synthesis",
    ("engine", "anonymize"): "rewriting (anonymize's own work)",
    ("files", "*"): "reading and writing files",
    ("runner", "*"): "runner (batches, assembling, writing)",
}


def _stage(frame: FrameType | None) -> str:
    while frame is not None:
        code = frame.f_code
        stem = os.path.basename(code.co_filename).rsplit(".", 1)[0]
        s = STAGES.get((stem, code.co_name)) or STAGES.get((stem, "*"))
        if s is not None:
            return s
        frame = frame.f_back
    return "other"


def _where(frame: FrameType | None) -> str:
    if frame is None:
        return "?"
    code = frame.f_code
    parts = Path(code.co_filename).parts
    short = "/".join(parts[parts.index("simulacra") + 1 :]) if "simulacra" in parts else parts[-1]
    return f"{short}:{code.co_firstlineno}({code.co_name})"


def run(which: str, interval: float, top: int, mb_folder: float = 0.0) -> None:
    ns: dict[str, object] = {}
    exec(_READ, ns)  # noqa: S102 - the benchmark's own reader
    if which == "folder":  # e-mail and news in files of ~1 MB, as ``deid_speed_ab.py --workers-mb`` makes them
        base = ns["read"](DATA, "email") + ns["read"](DATA, "news")  # type: ignore[operator]
        texts, k = [], 0
        while sum(map(len, texts)) < mb_folder * 1e6:
            texts += base[(k % 3) :: 3]
            k += 1
    else:
        texts = ns["read"](DATA, which)  # type: ignore[operator]
    import json

    from simulacra.text import Deidentifier  # noqa: F401 - imported before timing
    from simulacra.text.runner import deidentify_path

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"{which}.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        mb = src.stat().st_size / 1e6
        for label in ("first", "second"):
            stages: Counter[str] = Counter()
            funcs: Counter[str] = Counter()

            def tick(
                _sig: int, frame: FrameType | None, stages: Counter[str] = stages, funcs: Counter[str] = funcs
            ) -> None:
                stages[_stage(frame)] += 1
                funcs[_where(frame)] += 1

            if label == "first":
                from simulacra.text import fast_ner

                fast_ner.load_fast_model.cache_clear()  # a fresh model: its token cache starts empty
            out = Path(tmp) / f"out-{label}"
            old = signal.signal(signal.SIGPROF, tick)
            c, w = time.process_time(), time.perf_counter()
            signal.setitimer(signal.ITIMER_PROF, interval, interval)
            try:
                deidentify_path(src, out, seed=1, workers=1)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0, 0)
                signal.signal(signal.SIGPROF, old)
            cpu, wall = time.process_time() - c, time.perf_counter() - w
            n = sum(stages.values())
            print(
                f"\n## {which} ({mb:.2f} MB, {len(texts)} documents), {label} pass: CPU {cpu:.2f} s, wall {wall:.2f} s, "
                f"{mb / cpu:.3f} MB/s per core, load {os.getloadavg()[0]:.1f}, {n} samples"
            )
            print("\n| stage | share of CPU | CPU s |\n|---|---:|---:|")
            for s, k in stages.most_common():
                print(f"| {s} | {k / n:.1%} | {cpu * k / n:.2f} |")
            print("\n| function (own time, C calls included) | share |\n|---|---:|")
            for f, k in funcs.most_common(top):
                print(f"| `{f}` | {k / n:.1%} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", choices=("email", "news", "folder"), action="append")
    ap.add_argument("--mb", type=float, default=3.0, help="size of the 'folder' text (e-mail and news repeated)")
    ap.add_argument("--interval", type=float, default=0.002, help="seconds of CPU between samples")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    for which in a.only or ("email", "news"):
        run(which, a.interval, a.top, a.mb)


if __name__ == "__main__":
    main()
