"""Exact person spans per part of the e-mail dev sets, so a rule read on one part is judged on another.

    PYTHONPATH=src .venv/bin/python benchmarks/deid_email_parts.py [--parts all] [--json OUT]
                                                                   [--errors PART --errors-out FILE]
                                                                   [--leaks PART --leaks-out FILE]

Parts (Minkov's files in ``read_gold``'s order, i.e. sorted paths; CEREC's training threads):

  minkov_read6     Minkov's first half (622 of 1,245 files, all EnronMeetings): read by round six
  minkov_meet2     the other 107 EnronMeetings files (Minkov's second half; never read)
  random_odd       EnronRandom files at odd indexes (0-based, sorted paths): round seven's reading set
  random_even      EnronRandom files at even indexes: held out until stop 47, now split in two:
  random_even_a    random_even's files at even indexes among them (0, 4, 8, … of EnronRandom): read from stop 47
  random_even_b    random_even's files at odd indexes among them (2, 6, 10, …): held out (counted only, never read)
  cerec            CEREC's training threads: held out until stop 47, now split in two:
  cerec_a          CEREC's threads at even indexes (sorted paths): read from stop 47
  cerec_b          CEREC's threads at odd indexes: held out (counted only, never read)
  conll            CoNLL-2003 dev, PER only (read for new false positives of a rule)
  presidio         Presidio's synth v2 PERSON (``--presidio FILE``; read for new false positives)

Per part: exact PERSON TP / FP / FN, precision, recall (``deid-eval``'s typed matching rule: a
predicted span, whitespace trimmed, equals a gold span's start, end and label) and the leak rate of
gold person tokens (``evaluate.leak_rate``). ``--errors PART`` writes that part's false positives and
misses, one per line with their line of text, for error analysis: use it only on a part that is read.
``--leaks PART`` writes that part's leaked gold person tokens (as ``leak_rate`` counts them), one per line:
why it survived (``deid_error_classes.leak_why``: found whole here but the word stands elsewhere, found in
part, typed as another entity, missed and the span's form), whether every verbatim copy in the output lies
inside a replacement (the surrogate side: a fake reusing the word) or one lies outside, the token, and its
line. Held-out parts are refused, as with ``--errors``.
Run with ``PYTHONPATH`` set to another checkout's ``src`` to count the same parts on that code.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if not any(Path(p).joinpath("simulacra").is_dir() for p in sys.path if p):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from deid_error_classes import STRIP, SUBJECT, fp_class, leak_why  # noqa: E402  (the same classes)

from simulacra.text.engine import Deidentifier, DeidResult
from simulacra.text.evaluate import GoldDocument, _files, _trim, leak_rate, read_gold, read_tagged

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PARTS = (
    "minkov_read6",
    "minkov_meet2",
    "random_odd",
    "random_even",
    "random_even_a",
    "random_even_b",
    "cerec",
    "cerec_a",
    "cerec_b",
    "conll",
    "presidio",
)
# random_even and cerec hold their read halves (_a) from stop 47 on, so they are counted, never read, whole.
HELD_OUT = ("minkov_meet2", "random_even", "random_even_b", "cerec", "cerec_b")


def minkov_parts(root: Path) -> dict[str, list[Path]]:
    files = _files(root)
    half = len(files) // 2  # round six's split: the first 622 of 1,245
    first, second = files[:half], files[half:]
    random = [f for f in second if "EnronRandom" in str(f)]
    return {
        "minkov_read6": first,
        "minkov_meet2": [f for f in second if "EnronRandom" not in str(f)],
        "random_odd": random[1::2],
        "random_even": random[0::2],
        "random_even_a": random[0::4],
        "random_even_b": random[2::4],
    }


def load(part: str, args: argparse.Namespace) -> list[GoldDocument]:
    if part.startswith(("minkov", "random")):
        return [d for f in minkov_parts(args.minkov)[part] for d in read_tagged(f)]
    if part == "cerec":
        return read_gold(args.cerec, "cerec")
    if part in ("cerec_a", "cerec_b"):
        threads = [f for f in _files(args.cerec) if f.suffix.lower() in (".conll", ".txt")]
        return [d for f in threads[0 if part == "cerec_a" else 1 :: 2] for d in read_gold(f, "cerec")]
    if part == "conll":
        docs = read_gold(args.conll, "conll")
        return [GoldDocument(d.text, tuple(s for s in d.spans if s.label == "PER")) for d in docs]
    if part == "presidio":
        if args.presidio is None or not args.presidio.exists():
            raise SystemExit("--presidio FILE is needed for the presidio part (Presidio's synth v2 JSON)")
        return read_gold(args.presidio, "presidio")
    raise SystemExit(f"unknown part '{part}'; expected one of {', '.join(PARTS)}")


PERSON_GOLD = {"PER", "PERSON", "P"}


def _line(text: str, a: int) -> str:
    s = text.rfind("\n", 0, a) + 1
    e = text.find("\n", a)
    return text[s : e if e >= 0 else len(text)]


def miss_class(text: str, a: int, b: int, spans: list[tuple[int, int, str]]) -> str:
    """Why a gold person was not found exactly: what the pipeline found over it, then its form."""
    over = [(x, y, lab) for x, y, lab in spans if x < b and a < y]
    person = [(x, y) for x, y, lab in over if lab == "PERSON"]
    if person:
        x, y = person[0]
        if len(person) > 1:
            return "edge: split in two persons"
        return (
            "edge: found wider"
            if x <= a and b <= y
            else "edge: found narrower"
            if a <= x and y <= b
            else "edge: shifted"
        )
    if over:
        return f"typed {over[0][2]}"
    v = text[a:b]
    if v.islower():
        return "missed: lowercase"
    if v.isupper() and len(v) > 2:
        return "missed: all caps"
    if SUBJECT.match(_line(text, a)):
        return "missed: subject line"
    return "missed: one word" if len(v.split()) == 1 else "missed: several words"


def leak_rows(n: int, text: str, gold: list[tuple[int, int, str]], r: DeidResult) -> list[str]:
    """Each leaked gold token (``leak_rate``'s count: every gold occurrence whose word stands verbatim, whole,
    same case, in the output) with why it survived and where its output copies sit."""
    pred = [(*_trim(text, s), s.label) for s in r.spans]
    fakes = sorted(r.output_spans)
    rows = []
    for x, y, _ in gold:
        for m in re.finditer(r"\S+", text[x:y]):
            t = m.group().strip(STRIP)
            if sum(c.isalnum() for c in t) < 2:
                continue
            found = [(a.start(), a.end()) for a in re.finditer(r"(?<![\w])" + re.escape(t) + r"(?![\w])", r.text)]
            if not found:
                continue
            inside = all(any(fa <= a and b <= fb for fa, fb in fakes) for a, b in found)
            side = "only inside a replacement" if inside else "outside a replacement"
            why = leak_why(t, (x, y), text, pred)
            rows.append(f"LEAK\t{why}\t{side}\t{n}\t{t!r}\t{text[x:y]!r}\t{_line(text, x).strip()[:160]!r}")
    return rows


def score(
    docs: Sequence[GoldDocument], engine: Deidentifier, errors: list[str] | None, leaks: list[str] | None = None
) -> dict[str, object]:
    results = list(engine.deidentify_many([d.text for d in docs]))
    tp = fp = fn = 0
    golds: list[list[tuple[int, int, str]]] = []
    for n, (d, r) in enumerate(zip(docs, results, strict=True)):
        gold = {(*_trim(d.text, s), "PERSON") for s in d.spans if s.label in PERSON_GOLD}
        golds.append(sorted(gold))
        pred = {(*_trim(d.text, s), "PERSON") for s in r.spans if s.label == "PERSON"}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if errors is not None:
            spans = [(*_trim(d.text, s), s.label) for s in r.spans]
            for a, b, _ in sorted(pred - gold):
                why = fp_class(d.text, a, b, [(x, y) for x, y, _ in gold])
                errors.append(f"FP\t{why}\t{n}\t{d.text[a:b]!r}\t{_line(d.text, a).strip()[:160]!r}")
            for a, b, _ in sorted(gold - pred):
                why = miss_class(d.text, a, b, spans)
                errors.append(f"FN\t{why}\t{n}\t{d.text[a:b]!r}\t{_line(d.text, a).strip()[:160]!r}")
        if leaks is not None:
            leaks.extend(leak_rows(n, d.text, sorted(gold), r))
    leak = leak_rate([d.text for d in docs], golds, [r.text for r in results])
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return {
        "documents": len(docs),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(p, 3),
        "recall": round(rc, 3),
        "f1": round(2 * p * rc / (p + rc), 3) if p + rc else 0.0,
        "leak": f"{leak['leaked']} of {leak['tokens']}",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minkov", type=Path, default=SHARED / "enron_names" / "minkov")
    ap.add_argument("--cerec", type=Path, default=SHARED / "enron_names" / "cerec" / "train")
    ap.add_argument("--conll", type=Path, default=SHARED / "conll2003" / "valid.txt")
    ap.add_argument("--presidio", type=Path, default=Path("/tmp/presidio_synth_v2.json"))
    ap.add_argument("--parts", default="all", help=f"comma-separated, of {', '.join(PARTS)}; or all")
    ap.add_argument("--ner", default="fast")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--errors", default=None, help="write this part's false positives and misses")
    ap.add_argument("--errors-out", type=Path, default=Path("/tmp/deid_email_parts_errors.tsv"))
    ap.add_argument("--leaks", default=None, help="write this part's leaked gold person tokens, with why")
    ap.add_argument("--leaks-out", type=Path, default=Path("/tmp/deid_email_parts_leaks.tsv"))
    args = ap.parse_args(argv)
    parts = PARTS if args.parts == "all" else tuple(p.strip() for p in args.parts.split(","))
    for read in (args.errors, args.leaks):
        if read is not None and read in HELD_OUT:
            raise SystemExit(f"part '{read}' is held out: it is counted, never read")
    engine = Deidentifier(None, ner=args.ner)
    report: dict[str, object] = {}
    print(f"{'part':<14}{'docs':>6}{'TP':>7}{'FP':>7}{'FN':>7}{'P':>8}{'R':>8}{'F1':>8}  leak  (cpu s)")
    for part in parts:
        errors: list[str] | None = [] if part == args.errors else None
        leaks: list[str] | None = [] if part == args.leaks else None
        docs = load(part, args)
        t = time.process_time()
        r = score(docs, engine, errors, leaks)
        r["cpu_s"] = round(time.process_time() - t, 1)
        report[part] = r
        print(
            f"{part:<14}{r['documents']:>6}{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}{r['precision']:>8.3f}"
            f"{r['recall']:>8.3f}{r['f1']:>8.3f}  {r['leak']}  ({r['cpu_s']})",
            flush=True,
        )
        if errors is not None:
            args.errors_out.write_text("\n".join(errors) + "\n", encoding="utf-8")
        if leaks is not None:
            args.leaks_out.write_text("\n".join(leaks) + "\n", encoding="utf-8")
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
