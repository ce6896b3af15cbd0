"""Throughput of text de-identification (MB/s), side by side with baselines, in one run.

    .venv/bin/python benchmarks/deid_throughput.py            # ~1 MB corpus, 2 workers
    .venv/bin/python benchmarks/deid_throughput.py --mb 4 --workers 4

Corpus: mixed synthetic documents (news, sports, e-mails, tickets, clinical notes,
HR letters, chat, lists) from ``simulacra.text.corpus`` with a different seed than
the model's training corpus.

Rows printed:
  full pipeline, 1 process     patterns + NER + overlap resolution + synthesis
  patterns only, 1 process     the same without the NER model (policy ner: false)
  spaCy NER alone (baseline)   the model's nlp.pipe on the same text, nothing else
  full pipeline, N workers     deidentify_path on a JSONL file with --workers N
and the ratios: full / spaCy-alone (overhead of everything that is not the model),
workers / one process (scaling), and ms per sentence next to Presidio's ~7 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulacra.text import Deidentifier  # noqa: E402
from simulacra.text.corpus import synthetic_documents  # noqa: E402
from simulacra.text.ner import load_model  # noqa: E402
from simulacra.text.runner import deidentify_path  # noqa: E402


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


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=99)
    args = ap.parse_args()

    texts = corpus(args.mb, args.seed)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    sentences = sum(t.count(". ") + t.count(".\n") + t.count("\n") + 1 for t in texts)
    print(f"corpus: {len(texts)} documents, {mb:.2f} MB, ~{sentences} sentences/lines, cpu count {os.cpu_count()}")

    full = Deidentifier(seed=1)
    fast = Deidentifier({"ner": False}, seed=1)
    nlp = load_model()
    full.deidentify_many(texts[:20])  # warm caches (pools, model)
    list(fast.deidentify_many(texts[:20]))

    t_full = timed(lambda: list(full.deidentify_many(texts)))
    t_fast = timed(lambda: list(fast.deidentify_many(texts)))
    t_spacy = timed(lambda: list(nlp.pipe(texts, batch_size=32)))

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "corpus.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
        t_one_file = timed(lambda: deidentify_path(src, Path(tmp) / "one.jsonl", seed=1, workers=1))
        t_workers = timed(lambda: deidentify_path(src, Path(tmp) / "many.jsonl", seed=1, workers=args.workers))

    rows = [
        ("full pipeline, 1 process", t_full),
        ("patterns only, 1 process", t_fast),
        ("spaCy NER alone (baseline)", t_spacy),
        ("files: full, 1 worker (incl. I/O, model load)", t_one_file),
        (f"files: full, {args.workers} workers (incl. spawn)", t_workers),
    ]
    print(f"{'run':<48}{'seconds':>10}{'MB/s':>10}{'ms/sentence':>14}")
    for name, t in rows:
        print(f"{name:<48}{t:>10.2f}{mb / t:>10.3f}{1000 * t / sentences:>14.3f}")
    print(f"ratio full / spaCy alone (time): {t_full / t_spacy:.2f}x")
    print(f"ratio patterns-only speed / full speed: {t_full / t_fast:.1f}x")
    print(f"ratio {args.workers} workers / 1 worker (speed): {t_one_file / t_workers:.2f}x")
    print(f"Presidio reference: ~7 ms per sentence; full pipeline here: {1000 * t_full / sentences:.2f} ms "
          f"({7 / (1000 * t_full / sentences):.1f}x faster per sentence)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
