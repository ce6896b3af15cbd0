"""Which drafted specs a change moves (issue 20): a digest of the spec of every request the draft benchmarks and tests hold.

A rule added to `simulacra draft` may move specs of requests nobody was looking at. This collects every request
written in `benchmarks/draft_*.py` and `tests/unit/draft/*.py` (a string literal starting "a " or "an " holding a ":"
— how requests are written there), drafts each, and writes the sha256 of its spec (canonical JSON) per request.
Run it on two trees and compare: the requests whose digest moved are the ones to read.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_spec_digests.py before.json
    PYTHONPATH=<other tree>/src .venv/bin/python benchmarks/draft_spec_digests.py after.json
    .venv/bin/python benchmarks/draft_spec_digests.py --compare before.json after.json

The requests are read from this checkout's files (not from the tree on PYTHONPATH), so both runs draft the same
requests. A request that fails to draft is recorded as its error's type and first words, so a new failure shows as a
moved digest too.

`--review` digests what `draft --review` gives instead: the reviewed spec and the lines the review reports (each
request generated in memory, so slower); `--rates` keeps the requests that say a rate ('%', 'one in', 'out of');
`--review-rows N` reviews a larger draft on a sample of about N rows (default 300,000, as `draft --review`).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_spec_digests.py reviewed.json --review --rates
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requests_written(root: Path = ROOT) -> list[str]:
    """Every request string of the draft benchmarks and tests, sorted, once each."""
    files = sorted(root.glob("benchmarks/draft_*.py")) + sorted(root.glob("tests/unit/draft/*.py"))
    found: set[str] = set()
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if text.startswith(("a ", "an ")) and ":" in text and len(text) < 400:
                    found.add(text)
    return sorted(found)


def digest(request: str) -> str:
    """The first 16 hex digits of the sha256 of the drafted spec, or the error it raised."""
    from simulacra.draft import draft

    try:
        spec = draft(request).spec
    except Exception as error:  # a request that stops drafting is a move to report, not a crash of this script
        return f"ERR {type(error).__name__} {str(error)[:80]}"
    canonical = json.dumps(spec, sort_keys=True, default=str).encode()
    return hashlib.sha256(canonical).hexdigest()[:16]


def reviewed_digest(request: str) -> str:
    """The digest of the spec ``draft --review`` writes and of the lines it reports, or the error raised."""
    from simulacra.draft import draft
    from simulacra.draft.review import review_draft

    try:
        reviewed, lines, _ = review_draft(draft(request), seed=0)
    except Exception as error:  # as ``digest``: a failure is a move to report
        return f"ERR {type(error).__name__} {str(error)[:80]}"
    canonical = json.dumps([reviewed.spec, lines], sort_keys=True, default=str).encode()
    return hashlib.sha256(canonical).hexdigest()[:16]


_RATE = re.compile(r"%|\bone in\b|\bin every\b|\bout of\b")


def compare(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Lines naming each request whose digest moved, appeared or went."""
    lines = []
    for request in sorted(set(before) | set(after)):
        old, new = before.get(request), after.get(request)
        if old != new:
            lines.append(f"{old or '(absent)'} -> {new or '(absent)'}  {request[:150]}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, help="where to write the digests (JSON)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--review", action="store_true", help="digest the reviewed spec and the review's lines")
    parser.add_argument("--rates", action="store_true", help="only the requests that say a rate")
    parser.add_argument("--review-rows", type=int, default=None, help="review larger drafts on a sample this big")
    args = parser.parse_args(argv)
    if args.compare:
        before, after = (json.loads(path.read_text(encoding="utf-8")) for path in args.compare)
        moved = compare(before, after)
        print("\n".join(moved))
        print(f"{len(moved)} of {len(set(before) | set(after))} requests moved")
        return 0
    if args.out is None:
        parser.error("give a file to write the digests to, or --compare BEFORE AFTER")
    wall, cpu = time.perf_counter(), time.process_time()
    requests = [r for r in requests_written() if not args.rates or _RATE.search(r)]
    if args.review_rows is not None:
        from simulacra.draft import review

        review.MAX_REVIEW_ROWS = args.review_rows
    digests = {request: (reviewed_digest if args.review else digest)(request) for request in requests}
    args.out.write_text(json.dumps(digests, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    failed = sum(value.startswith("ERR ") for value in digests.values())
    print(
        f"{len(digests)} requests drafted, {failed} failed to draft -> {args.out}; "
        f"{time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
