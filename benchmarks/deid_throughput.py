"""Throughput of text de-identification (MB/s), side by side with baselines, in one run.

    .venv/bin/python benchmarks/deid_throughput.py            # ~1 MB corpus, 2 workers
    .venv/bin/python benchmarks/deid_throughput.py --mb 4 --workers 4 --repeat 5

Corpus: mixed synthetic documents (news, sports, e-mails, tickets, clinical notes,
HR letters, chat, lists) from ``simulacra.text.corpus`` with a different seed than
the model's training corpus.

Rows printed (single-process rows: median of ``--repeat`` runs, CPU seconds of this
process, so another busy process on the machine skews them less; file rows: wall
seconds, one run each):
  full pipeline, 1 process       patterns + NER + overlap resolution + synthesis
  full pipeline, real news       the full pipeline on CoNLL-2003 dev's detokenised text
                                 (``--real``; skipped when ../shared is absent)
  patterns only, 1 process       the same without the NER model (policy ner: false)
  patterns: plain regex loop     the baseline for the row above: every pattern's regex
                                 run on every text (no shared scans, no prefilters), then
                                 the same resolution and synthesis; its spans are checked
                                 identical to the patterns-only row's
  spaCy NER alone (baseline)     the model's nlp.pipe on the same text, nothing else
  tokenizer as shipped / all     the model's tokenizer beside spaCy's English one with
                                 every special case (the baseline the shipped one trims)
  files: ..., 1 / N workers      deidentify_path on a JSONL file, full pipeline and
                                 patterns only, with 1 and with N workers
and the ratios: full / spaCy-alone (overhead of everything that is not the model),
patterns-only / plain regex loop, workers / one process (scaling), and ms per
sentence next to Presidio's ~7 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import spacy

from simulacra.text import Deidentifier
from simulacra.text._scan import Doc
from simulacra.text.corpus import synthetic_documents
from simulacra.text.domain_orgs import domain_org_spans
from simulacra.text.ner import load_model
from simulacra.text.recognizers import PatternRecognizer, _Pattern
from simulacra.text.runner import deidentify_path
from simulacra.text.spans import Span, span_order
from simulacra.text.structure import detection_view, structural_spans


def corpus(mb: float, seed: int) -> list[str]:
    texts: list[str] = []
    size = 0
    for d in synthetic_documents(10**7, seed=seed):
        texts.append(d.text)
        size += len(d.text.encode())
        if size >= mb * 1e6:
            break
    return texts


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cpu_all() -> float:
    """CPU seconds of this process and of its finished (waited-for) children: workers included."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed_cpu(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Wall seconds and CPU seconds (this process + workers) of one run of ``fn``."""
    c = cpu_all()
    wall = timed(fn)
    return wall, cpu_all() - c


def cpu_median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """Median CPU seconds of ``repeat`` runs of ``fn`` in this process."""
    ts = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        ts.append(time.process_time() - t)
    return statistics.median(ts)


def plain_matches(r: PatternRecognizer, doc: Doc, p: _Pattern, m: re.Match[str]) -> list[Span]:
    """What one match of ``p`` gives, as the recognizer turns it into spans: a ``split`` recognizer's list
    ("Raymond, Frederick and Nunez") is one person per word (``items_of``), any other one span (``span_of``)."""
    if r.split:
        return r.items_of(doc, p, m)
    s = r.span_of(doc, p, m)
    return [] if s is None else [s]


def plain_loop(engine: Deidentifier, texts: list[str]) -> list[list[Span]]:
    """The baseline: each recognizer's regexes over each whole text, as before the shared scans."""
    out = []
    for raw in texts:
        # the same steps around the scan as the engine's ``analyze_many`` (structure view, structural spans,
        # firms beside their mail domains, the raw text for a name's edges), so only the scanning differs
        t = detection_view(raw) if engine.structure else raw
        doc = Doc(t)
        found: list[Span] = []
        for r in engine.recognizers:  # in the engine's order, as ``ScanPlan.find`` reports them
            if not isinstance(r, PatternRecognizer):
                found.extend(r.find(t))  # no regexes of its own to loop over: run as the engine runs it
                continue
            found.extend(s for p in r.patterns for m in p.regex.finditer(t) for s in plain_matches(r, doc, p, m))
        if engine.structure and engine.labels & {"PERSON", "LOCATION"}:
            found.extend(s for s in structural_spans(t) if s.label in engine.labels)
        if engine.structure and "ORGANIZATION" in engine.labels:
            found.extend(domain_org_spans(t))
        out.append(engine._finish(t, found, raw))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=99)
    ap.add_argument("--repeat", type=int, default=3, help="runs per single-process row (median)")
    ap.add_argument(
        "--ner",
        default="spacy",
        choices=("spacy", "fast"),
        help="name tagger of the full pipeline (default spacy: it is compared with spaCy's own nlp.pipe; "
        "benchmarks/deid_fast.py measures both)",
    )
    ap.add_argument(
        "--real",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "shared" / "data" / "conll2003" / "valid.txt",
        help="a CoNLL file whose detokenised text is timed too (real news; skipped if absent)",
    )
    args = ap.parse_args()

    texts = corpus(args.mb, args.seed)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    sentences = sum(t.count(". ") + t.count(".\n") + t.count("\n") + 1 for t in texts)
    print(f"corpus: {len(texts)} documents, {mb:.2f} MB, ~{sentences} sentences/lines, cpu count {os.cpu_count()}")

    full = Deidentifier(seed=1, ner=args.ner)
    fast = Deidentifier({"ner": False}, seed=1)
    nlp = load_model()
    full.deidentify_many(texts[:20])  # warm caches (pools, model)
    list(fast.deidentify_many(texts[:20]))

    # the plain loop must find what the shared scans find, or the comparison means nothing
    plain_spans, ours = plain_loop(fast, texts), fast.analyze_many(texts)
    for i, (a, b) in enumerate(zip(plain_spans, ours, strict=True)):
        assert a == b, (
            f"patterns-only spans differ from the plain regex loop in document {i}: plain loop only "
            f"{sorted(set(a) - set(b), key=span_order)}, patterns-only only {sorted(set(b) - set(a), key=span_order)}"
        )

    def plain_pipeline() -> None:
        for i, (t, spans) in enumerate(zip(texts, plain_loop(fast, texts), strict=True)):
            fast.anonymize(t, spans, key=i)

    t_full = cpu_median(lambda: list(full.deidentify_many(texts)), max(1, args.repeat // 2))
    real: list[str] = []
    if args.real.is_file():
        from simulacra.text.evaluate import read_conll

        real = [d.text for d in read_conll(args.real)]
    real_mb = sum(len(t.encode()) for t in real) / 1e6
    t_real = cpu_median(lambda: list(full.deidentify_many(real)), 1) if real else 0.0
    t_fast = cpu_median(lambda: list(fast.deidentify_many(texts)), args.repeat)
    t_plain = cpu_median(plain_pipeline, args.repeat)
    t_spacy = cpu_median(lambda: list(nlp.pipe(texts, batch_size=32)), max(1, args.repeat // 2))
    # the shipped tokenizer keeps only alphanumeric special cases (training/train_ner.py); spaCy's full set:
    full_tok = spacy.blank("en").tokenizer
    t_tok = cpu_median(lambda: list(nlp.tokenizer.pipe(texts)), args.repeat)
    t_tok_full = cpu_median(lambda: list(full_tok.pipe(texts)), args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
        pol = {"ner": False}
        t_one_file, c_one_file = timed_cpu(
            lambda: deidentify_path(src, Path(tmp) / "one.jsonl", seed=1, workers=1, ner=args.ner)
        )
        t_workers, c_workers = timed_cpu(
            lambda: deidentify_path(src, Path(tmp) / "many.jsonl", seed=1, workers=args.workers, ner=args.ner)
        )
        t_one_fast, c_one_fast = timed_cpu(
            lambda: deidentify_path(src, Path(tmp) / "p1.jsonl", seed=1, workers=1, policy=pol)
        )
        t_many_fast, c_many_fast = timed_cpu(
            lambda: deidentify_path(src, Path(tmp) / "pn.jsonl", seed=1, workers=args.workers, policy=pol)
        )
        same = (Path(tmp) / "one.jsonl").read_bytes() == (Path(tmp) / "many.jsonl").read_bytes() and (
            Path(tmp) / "p1.jsonl"
        ).read_bytes() == (Path(tmp) / "pn.jsonl").read_bytes()

    rows = [
        ("full pipeline, 1 process", t_full),
        ("patterns only, 1 process", t_fast),
        ("patterns: plain regex loop (baseline)", t_plain),
        ("spaCy NER alone (baseline)", t_spacy),
        ("tokenizer as shipped", t_tok),
        ("tokenizer, all English special cases (baseline)", t_tok_full),
        ("files: full, 1 worker (incl. I/O, model load)", t_one_file),
        (f"files: full, {args.workers} workers (incl. spawn)", t_workers),
        ("files: patterns only, 1 worker", t_one_fast),
        (f"files: patterns only, {args.workers} workers", t_many_fast),
    ]
    cpu = {6: c_one_file, 7: c_workers, 8: c_one_fast, 9: c_many_fast}
    print(f"{'run':<48}{'seconds':>10}{'MB/s':>10}{'ms/sentence':>14}{'CPU s (all)':>13}")
    for i, (name, t) in enumerate(rows):
        extra = f"{cpu[i]:>13.2f}" if i in cpu else ""
        print(f"{name:<48}{t:>10.2f}{mb / t:>10.3f}{1000 * t / sentences:>14.3f}{extra}")
    if real:
        print(
            f"{'full pipeline, real news (' + args.real.name + f', {real_mb:.2f} MB)':<48}{t_real:>10.2f}"
            f"{real_mb / t_real:>10.3f}"
        )
    print(f"ratio full / spaCy alone (time): {t_full / t_spacy:.2f}x")
    print(f"ratio tokenizer as shipped / all special cases (speed): {t_tok_full / t_tok:.1f}x")
    print(f"ratio patterns-only speed / full speed: {t_full / t_fast:.1f}x")
    print(f"ratio patterns-only speed / plain regex loop: {t_plain / t_fast:.1f}x (identical spans)")
    print(
        f"ratio {args.workers} workers / 1 worker (speed): full {t_one_file / t_workers:.2f}x, "
        f"patterns only {t_one_fast / t_many_fast:.2f}x; outputs identical: {same}"
    )
    print(
        f"CPU spent by {args.workers} workers / 1 worker (1.0 = no overhead; wall-clock scaling needs that many "
        f"idle cores): full {c_workers / c_one_file:.2f}x, patterns only {c_many_fast / c_one_fast:.2f}x"
    )
    print(
        f"Presidio reference: ~7 ms per sentence; full pipeline here: {1000 * t_full / sentences:.2f} ms "
        f"({7 / (1000 * t_full / sentences):.1f}x faster per sentence)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
