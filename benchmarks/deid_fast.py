"""The fast tagger beside the spaCy model: speed and quality of the whole de-identification pipeline, one run.

    .venv/bin/python benchmarks/deid_fast.py                 # needs ../shared/data (CoNLL-2003, enron_names)
    .venv/bin/python benchmarks/deid_fast.py --no-workers    # skip the 1-vs-2 worker rows

Texts (real, read from ../shared/data, never shipped, never trained on):
  news   CoNLL-2003 dev (``valid.txt``), detokenised as ``simulacra deid-eval`` reads it
  email  the Minkov et al. (2005) Enron emails in ``enron_names/minkov/*/train`` (the
         training parts; the held-out parts are kept apart), ``<true_name>`` tags removed

Speed rows: the full pipeline (patterns + names/places/organisations + span rules +
synthesis: ``Deidentifier.deidentify_many``) with ``ner="spacy"`` and ``ner="fast"``,
MB/s per core = MB / CPU seconds of this process (``time.process_time``; wall seconds
beside it). "first pass" starts from a fresh engine (the fast tagger's per-token cache
empty; models and name pools loaded beforehand); "second pass" repeats the same text
(the cache warm: what a long run over similar text sees).

Quality rows: span-level scores from ``simulacra.text.evaluate.evaluate_spans`` (what
``simulacra deid-eval`` prints): CoNLL dev PER/LOC/ORG P/R/F1; Enron person P/R/F1
(exact span and label) and the leak rate: the share of gold person-name words (two
letters or more) found verbatim, as a whole word, anywhere in the de-identified
output of the same email (an upper bound: a word may also occur there for another reason).

Workers: ``deidentify_path`` on a JSONL file of the email and news texts repeated to
``--worker-mb``, fast tagger, 1 vs 2 workers (wall seconds; outputs compared).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulacra.text import Deidentifier  # noqa: E402
from simulacra.text.evaluate import GoldDocument, evaluate_spans, read_conll  # noqa: E402
from simulacra.text.spans import Span  # noqa: E402

# ../shared/data beside the checkout (or beside a folder above it, for a worktree)
DATA = next(
    (p / "shared" / "data" for p in Path(__file__).resolve().parents[1:] if (p / "shared" / "data").is_dir()),
    Path(__file__).resolve().parents[2] / "shared" / "data",
)
_TAG = re.compile(r"<true_name>\s?(.*?)\s?</true_name>", re.S)


def read_minkov(root: Path) -> list[GoldDocument]:
    """Minkov-style emails: text with inline ``<true_name>…</true_name>``, as (text, PERSON spans)."""
    docs = []
    for f in sorted(p for p in root.glob("*/train/*/*") if p.is_file()):
        raw = f.read_text(encoding="utf-8", errors="replace")
        out: list[str] = []
        spans = []
        pos = n = 0
        for m in _TAG.finditer(raw):
            out.append(raw[pos : m.start()])
            n += m.start() - pos
            name = m.group(1).strip()
            if name:
                spans.append(Span(n, n + len(name), "PERSON"))
            out.append(name)
            n += len(name)
            pos = m.end()
        out.append(raw[pos:])
        docs.append(GoldDocument("".join(out), tuple(spans)))
    return docs


def mb_of(texts: list[str]) -> float:
    return sum(len(t.encode()) for t in texts) / 1e6


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


_WORDS = re.compile(r"[^\W\d_]{2,}")


def leak_rate(docs: list[GoldDocument], outputs: list[str]) -> tuple[float, int]:
    leaked = total = 0
    for d, out in zip(docs, outputs, strict=True):
        present = set(_WORDS.findall(out))
        for s in d.spans:
            for w in _WORDS.findall(d.text[s.start : s.end]):
                total += 1
                leaked += w in present
    return leaked / max(total, 1), total


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--no-workers", action="store_true")
    ap.add_argument("--worker-mb", type=float, default=3.0)
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    news = read_conll(args.data / "conll2003" / "valid.txt")
    email = read_minkov(args.data / "enron_names" / "minkov")
    corpora = {"news (CoNLL-2003 dev)": news, "email (Enron, Minkov train parts)": email}
    print(f"cpu count {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
    for name, docs in corpora.items():
        print(f"{name}: {len(docs)} documents, {mb_of([d.text for d in docs]):.2f} MB")
    results: dict[str, object] = {}

    print("\n## speed: full pipeline (patterns + NER + span rules + synthesis), 1 process")
    print(f"{'corpus':<36}{'tagger':<8}{'pass':<8}{'CPU s':>8}{'wall s':>8}{'MB/s/core':>11}")
    outputs: dict[tuple[str, str], list[str]] = {}
    for tagger in ("spacy", "fast"):
        for name, docs in corpora.items():
            texts = [d.text for d in docs]
            mb = mb_of(texts)
            engine = Deidentifier(seed=1, ner=tagger)
            engine.deidentify("Warm up: Alice Smith of Acme Corp in Paris, 415-555-0132.")  # pools, models
            for label in ("first", "second"):
                got: list[str] = []
                cpu, wall = timed(lambda e=engine, t=texts, g=got: g.extend(r.text for r in e.deidentify_many(t)))
                outputs[(tagger, name)] = got
                print(f"{name:<36}{tagger:<8}{label:<8}{cpu:>8.2f}{wall:>8.2f}{mb / cpu:>11.3f}")
                results[f"speed/{tagger}/{name}/{label}"] = {
                    "cpu_s": round(cpu, 3),
                    "wall_s": round(wall, 3),
                    "mb_per_cpu_s": round(mb / cpu, 3),
                    "mb": round(mb, 3),
                }

    print("\n## where the time goes (CPU s, second pass over the same text)")
    fast = Deidentifier(seed=1, ner="fast")
    bare = Deidentifier({"ner": False}, seed=1)
    for name, docs in corpora.items():
        texts = [d.text for d in docs]
        mb = mb_of(texts)
        fast.ner.find_many(texts)  # warm the per-token cache, as a long run would be
        list(bare.deidentify_many(texts))
        for label, fn in (
            ("fast tagger alone (tokens -> spans)", lambda t=texts: fast.ner.raw_many(t)),
            ("fast tagger + span rules", lambda t=texts: fast.ner.find_many(t)),
            ("patterns + synthesis, no NER", lambda t=texts: list(bare.deidentify_many(t))),
        ):
            cpu, wall = timed(fn)
            print(f"{name:<36}{label:<38}{cpu:>8.2f} s{mb / cpu:>9.3f} MB/s")
            results[f"parts/{name}/{label}"] = {"cpu_s": round(cpu, 3), "mb_per_cpu_s": round(mb / cpu, 3)}

    print("\n## quality (span level, exact span and label)")
    maps = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
    for tagger in ("spacy", "fast"):
        engine = Deidentifier(seed=1, ner=tagger)
        rep = evaluate_spans(news, engine.analyze_many, label_map=maps)
        row = {k: rep["per_type"][k] for k in ("PERSON", "LOCATION", "ORGANIZATION")}  # type: ignore[index]
        results[f"quality/{tagger}/conll-dev"] = row
        print(
            f"CoNLL-2003 dev, {tagger:<6}"
            + "  ".join(f"{k[:3]} {r['precision']:.3f}/{r['recall']:.3f}/{r['f1']:.3f}" for k, r in row.items())
        )
    for tagger in ("spacy", "fast"):
        engine = Deidentifier(seed=1, ner=tagger)
        rep = evaluate_spans(email, engine.analyze_many)
        per = rep["per_type"]["PERSON"]  # type: ignore[index]
        leak, n_words = leak_rate(email, outputs[(tagger, "email (Enron, Minkov train parts)")])
        results[f"quality/{tagger}/enron-minkov-train"] = {**per, "leak_rate": round(leak, 4), "gold_words": n_words}
        print(
            f"Enron (Minkov train), {tagger:<6}PERSON {per['precision']:.3f}/{per['recall']:.3f}/{per['f1']:.3f}"
            f"  name words left verbatim {leak:.1%} of {n_words}"
        )

    if not args.no_workers:
        from simulacra.text.runner import deidentify_path

        base = [d.text for d in email] + [d.text for d in news]
        texts: list[str] = []
        while mb_of(texts) < args.worker_mb:
            texts.extend(base)
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.jsonl"
            src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
            walls = {}
            for n in (1, 2):
                dst = Path(tmp) / f"out{n}.jsonl"
                t = time.perf_counter()
                deidentify_path(src, dst, seed=1, workers=n, ner="fast")
                walls[n] = time.perf_counter() - t
            same = (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / "out2.jsonl").read_bytes()
        mb = mb_of(texts)
        print(
            f"\n## workers (fast tagger, {mb:.2f} MB JSONL, wall): 1 worker {walls[1]:.2f} s ({mb / walls[1]:.2f} MB/s), "
            f"2 workers {walls[2]:.2f} s ({mb / walls[2]:.2f} MB/s): {walls[1] / walls[2]:.2f}x; outputs identical: {same}"
        )
        results["workers"] = {
            "mb": round(mb, 3),
            "wall_1": round(walls[1], 3),
            "wall_2": round(walls[2], 3),
            "identical": same,
        }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
