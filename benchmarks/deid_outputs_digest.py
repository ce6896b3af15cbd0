"""Digests of the de-identified texts and spans of five development sets, for the src tree on PYTHONPATH (issue 14).

A speed change must leave every byte as it was: run this on both trees and compare the lines.

    git archive <commit> src | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/deid_outputs_digest.py --corpus > before.txt
    PYTHONPATH=src .venv/bin/python benchmarks/deid_outputs_digest.py --corpus > after.txt

Sets (all development sets): Minkov e-mails (training parts, tags removed), CEREC seed train, CoNLL-2003
dev, 1,500 generated documents (``synthetic_documents(1500, seed=777)``, 30% ``email_thread``, 30%
``email_casual``, 20% ``email_lists``) and the Presidio synth_dataset_v2 file when ``--presidio`` names it.
Hashed per document: the text, every span (start, end, label, score, source) and where each replacement
sits; with ``--corpus`` also a corpus-consistent run with its mapping records (label, original, fake).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

from simulacra.text import Deidentifier
from simulacra.text.corpus import synthetic_documents
from simulacra.text.evaluate import read_cerec, read_conll, read_presidio

ROOT = Path(__file__).resolve().parents[1]
DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared" / "data"
)


def main() -> None:
    tag = re.compile(r"<true_name>\s?(.*?)\s?</true_name>", re.S)
    files = sorted(p for p in (DATA / "enron_names" / "minkov").glob("*/train/*/*") if p.is_file())
    gen = synthetic_documents(1500, seed=777, weights={"email_thread": 0.3, "email_casual": 0.3, "email_lists": 0.2})
    sets = {
        "minkov": [
            tag.sub(lambda m: m.group(1).strip(), f.read_text(encoding="utf-8", errors="replace")) for f in files
        ],
        "cerec": [d.text for d in read_cerec(DATA / "enron_names/cerec/train")],
        "conll": [d.text for d in read_conll(DATA / "conll2003/valid.txt")],
        "gen": [d.text for d in gen],
    }
    if "--presidio" in sys.argv:
        sets["presidio"] = [d.text for d in read_presidio(sys.argv[sys.argv.index("--presidio") + 1])]
    eng = Deidentifier(seed=1, ner="fast")
    corpus = "--corpus" in sys.argv
    engr = Deidentifier(seed=3, ner="fast", record=True, policy={"consistency": "corpus"}) if corpus else None
    for name, texts in sets.items():
        h = hashlib.sha256()
        c = time.process_time()
        for r in eng.deidentify_many(texts):
            h.update(r.text.encode("utf-8", "surrogatepass") + b"\0")
            h.update(json.dumps([(s.start, s.end, s.label, s.score, s.source) for s in r.spans]).encode() + b"\0")
            h.update(json.dumps(r.output_spans).encode())
        if engr is not None:
            for r in engr.deidentify_many(texts):
                h.update(r.text.encode("utf-8", "surrogatepass") + b"\0")
                h.update(json.dumps([(x.label, x.original, x.surrogate) for x in r.records]).encode())
        print(f"{name:9s} n={len(texts):5d} {h.hexdigest()[:16]} cpu {time.process_time() - c:.2f}", flush=True)


if __name__ == "__main__":
    main()
