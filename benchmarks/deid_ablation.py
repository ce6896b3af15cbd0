"""What each stage of name detection adds, on CoNLL-2003 (dev and train), in one run.

    .venv/bin/python benchmarks/deid_ablation.py [--model DIR] [--conll FILE ...]

Rows (PERSON precision / recall / F1 typed-exact, and untyped recall over all three types):
  model alone            the spaCy model's entities as they come (baseline)
  + span rules           ner_cleanup.clean_span on each entity (boundaries, common words, retyping)
  + document harmony     ner_cleanup.harmonise: one label per name, repeats found too (shipped)

The model was trained on synthetic text only. CoNLL-2003 dev was looked at while the
rules were written; train was not (scores only), so it is the fairer check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from simulacra.text.evaluate import evaluate_spans, read_conll
from simulacra.text.ner import NerRecognizer, load_model
from simulacra.text.spans import Span

LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "conll2003"


def raw(model: str | None):  # type: ignore[no-untyped-def]
    nlp = load_model(model)

    def predict(texts: list[str]) -> list[list[Span]]:
        return [
            [Span(e.start_char, e.end_char, e.label_, 0.6, "ner") for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=64)
        ]

    return predict


def staged(model: str | None, *, harmony: bool):  # type: ignore[no-untyped-def]
    return NerRecognizer(model, harmony=harmony).find_many


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=None)
    ap.add_argument("--conll", nargs="*", type=Path, default=[SHARED / "valid.txt", SHARED / "train.txt"])
    args = ap.parse_args()
    rows = [
        ("model alone", raw(args.model)),
        ("+ span rules", staged(args.model, harmony=False)),
        ("+ document harmony (shipped)", staged(args.model, harmony=True)),
    ]
    for path in args.conll:
        if not path.is_file():
            print(f"{path}: not found, skipped")
            continue
        docs = read_conll(path)
        print(f"\n{path.name}: {len(docs)} documents")
        print(f"{'stage':<22}{'PER P':>8}{'PER R':>8}{'PER F1':>8}{'LOC F1':>8}{'ORG F1':>8}{'untyped R':>11}")
        for name, predict in rows:
            r = evaluate_spans(docs, predict, label_map=LABELS)
            per, typed = r["untyped"], r["per_type"]  # type: ignore[index]
            p = typed.get("PERSON", {})  # type: ignore[union-attr]
            print(
                f"{name:<30}{p.get('precision', 0):>8.3f}{p.get('recall', 0):>8.3f}{p.get('f1', 0):>8.3f}"
                f"{typed.get('LOCATION', {}).get('f1', 0):>8.3f}{typed.get('ORGANIZATION', {}).get('f1', 0):>8.3f}"
                f"{per['recall']:>11.3f}"
            )  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
