"""What each rule of ``text/person_edges.py`` buys: exact person spans per part with one rule off at a time.

    PYTHONPATH=src .venv/bin/python benchmarks/deid_edges_ablation.py [--parts random_odd,random_even] [--json OUT]

Rows: ``all`` (every rule on), then each rule switched off alone (``-soft_break``, ``-possessive_quote``,
``-post_nominal``, ``-role``, ``-glued``), then ``none`` (all off: the spans before person_edges). The
parts and their scoring are ``deid_email_parts``'s (read, dev and held-out parts as it names them). A rule is
switched off by replacing its pattern or function in the module for the run, nothing else changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

if not any(Path(p).joinpath("simulacra").is_dir() for p in sys.path if p):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deid_email_parts as parts  # noqa: E402

from simulacra.text import person_edges, structure
from simulacra.text.engine import Deidentifier

_NEVER = re.compile(r"(?!x)x")


@contextmanager
def _patched(obj: object, name: str, value: object) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def _no_glued(text: str, spans: object) -> frozenset[str]:
    return frozenset()


RULES: dict[str, list[tuple[object, str, object]]] = {
    "soft_break": [(person_edges, "_SOFT_BREAK", _NEVER), (person_edges, "_TRAILING_ESCAPE", _NEVER)],
    "possessive_quote": [(person_edges, "_POSSESSIVE", _NEVER), (person_edges, "_CLOSING_QUOTE", _NEVER)],
    "post_nominal": [(person_edges, "_POST_NOMINAL", _NEVER)],
    "role": [(person_edges, "_role_cut", lambda value: None)],
    "glued": [(structure, "glued_thing_words", _no_glued)],
}


def _run(off: list[str], docs: dict[str, list[parts.GoldDocument]]) -> dict[str, object]:
    with ExitStack() as stack:
        for rule in off:
            for obj, name, value in RULES[rule]:
                stack.enter_context(_patched(obj, name, value))
        engine = Deidentifier(None, ner="fast")
        return {p: parts.score(d, engine, None) for p, d in docs.items()}


def _show(r: object) -> str:
    assert isinstance(r, dict)
    return f"{r['tp']}/{r['fp']}/{r['fn']} {r['leak']}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minkov", type=Path, default=parts.SHARED / "enron_names" / "minkov")
    ap.add_argument("--cerec", type=Path, default=parts.SHARED / "enron_names" / "cerec" / "train")
    ap.add_argument("--conll", type=Path, default=parts.SHARED / "conll2003" / "valid.txt")
    ap.add_argument("--presidio", type=Path, default=Path("/tmp/presidio_synth_v2.json"))
    ap.add_argument("--parts", default="minkov_read6,random_odd,random_even")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    docs = {p: parts.load(p, args) for p in args.parts.split(",")}
    rows: list[tuple[str, list[str]]] = [("all", []), *((f"-{r}", [r]) for r in RULES), ("none", list(RULES))]
    report: dict[str, object] = {}
    print(f"{'row':<18}" + "".join(f"{p + ' TP/FP/FN leak':>34}" for p in docs))
    for label, off in rows:
        res = _run(off, docs)
        report[label] = res
        print(f"{label:<18}" + "".join(f"{_show(res[p]):>34}" for p in docs), flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
