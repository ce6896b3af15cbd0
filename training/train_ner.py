"""Train the shipped NER model (PERSON, ORGANIZATION, LOCATION) on synthetic text only.

    .venv/bin/python training/train_ner.py                      # writes src/simulacra/text/model
    .venv/bin/python training/train_ner.py --docs 3000 --epochs 2 --out /tmp/ner   # a quick try

The corpus comes from ``simulacra.text.corpus.synthetic_documents`` (templates filled
with names, places and organisations of many locales; spans known by construction).
No real text is used: CoNLL-2003 and WNUT-17 are evaluation sets only
(``simulacra deid-eval``).

The pipeline is a blank English spaCy pipeline with one ``ner`` component on its own
small hash-embedding CNN (no pretrained vectors — nothing is downloaded). It is
written with ``nlp.to_disk``: config.cfg, meta.json, the tokenizer's JSON-like msgpack,
and the model weights as msgpack arrays (no pickle).

Reproducible (two runs give byte-identical weights; ~5 minutes on one core): the corpus
is drawn from ``random.Random(seed)`` over word lists in a fixed order; shuffling uses
another ``random.Random(seed)``; thinc's and numpy's generators are seeded through
``spacy.util.fix_random_seed`` — global state, which is acceptable in this
stand-alone script (the library never does it). One thread is used.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.util import compounding, fix_random_seed, minibatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from simulacra.text.corpus import synthetic_documents  # noqa: E402

LABELS = ("PERSON", "ORGANIZATION", "LOCATION")


def ner_config(width: int, depth: int, embed_size: int, hidden: int) -> dict[str, object]:
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": hidden,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": width,
                "depth": depth,
                "embed_size": embed_size,
                "window_size": 1,
                "maxout_pieces": 3,
                "subword_features": True,
            },
        }
    }


def examples(nlp: spacy.Language, n: int, seed: int, email_share: float = 0.0) -> tuple[list[Example], int]:
    out: list[Example] = []
    dropped = 0
    # the e-mail threads' share of the corpus, the other families keeping their relative weights
    weights = {"email_thread": email_share / max(1e-9, 1 - email_share)} if email_share > 0 else None
    for d in synthetic_documents(n, seed=seed, weights=weights):
        doc = nlp.make_doc(d.text)
        ents = []
        for s in d.spans:
            span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict")
            if span is None:
                dropped += 1
                continue
            ents.append((s.start, s.end, s.label))
        out.append(Example.from_dict(doc, {"entities": ents}))
    return out, dropped


def score(nlp: spacy.Language, dev: list[Example]) -> dict[str, float]:
    tp = fp = fn = 0
    for ex, doc in zip(dev, nlp.pipe([e.reference.text for e in dev], batch_size=256), strict=True):
        gold = {(e.start_char, e.end_char, e.label_) for e in ex.reference.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / max(p + r, 1e-9)}


def _shrink_strings(path: Path, nlp: spacy.Language) -> None:
    """Keep only the strings the pipeline needs (labels, tokenizer rules), not every training word.

    Hash embeddings look words up by hash, so the training vocabulary is dead weight
    (and it would ship synthetic names in the package for no reason).
    """
    keep = set(LABELS) | {"O", "B", "I", "L", "U", "-", ""}
    for move in ("B", "I", "L", "U"):
        keep |= {f"{move}-{lab}" for lab in LABELS}
    for text in nlp.tokenizer.rules or {}:
        keep.add(text)
    path.write_text(json.dumps(sorted(k for k in keep if k)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=16000, help="synthetic training documents")
    ap.add_argument("--dev-docs", type=int, default=800)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20240521)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--embed-size", type=int, default=6000)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.15)
    ap.add_argument(
        "--email-share",
        type=float,
        default=0.0,
        help="share of synthetic e-mail threads (headers, quoting, sign-offs) in the corpus; "
        "0 reproduces the shipped model",
    )
    ap.add_argument(
        "--all-tokenizer-rules",
        action="store_true",
        help="keep spaCy's English special cases with punctuation (slower tokenizer)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "simulacra" / "text" / "model")
    args = ap.parse_args(argv)

    fix_random_seed(args.seed)
    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    if not args.all_tokenizer_rules:
        # special cases with punctuation ("Mr.", "don't") send text through spaCy's slower matcher
        # pass: keeping only letter-and-digit ones makes tokenising ~1.9x faster and names do not need them
        nlp.tokenizer.rules = {k: v for k, v in (nlp.tokenizer.rules or {}).items() if k.isalnum()}
    ner = nlp.add_pipe("ner", config=ner_config(args.width, args.depth, args.embed_size, args.hidden))
    for label in LABELS:
        ner.add_label(label)
    if not 0.0 <= args.email_share < 1.0:
        ap.error("--email-share must be in [0, 1)")
    train, dropped = examples(nlp, args.docs, args.seed, args.email_share)
    dev, _ = examples(nlp, args.dev_docs, args.seed + 1, args.email_share)
    print(
        f"corpus: {len(train)} train docs, {len(dev)} dev docs, {dropped} misaligned spans dropped "
        f"({time.perf_counter() - t0:.1f} s)",
        flush=True,
    )

    optimizer = nlp.initialize(lambda: train[:2000])
    shuffle = random.Random(args.seed)
    history = []
    for epoch in range(args.epochs):
        shuffle.shuffle(train)
        losses: dict[str, float] = {}
        for batch in minibatch(train, size=compounding(8.0, 64.0, 1.001)):
            nlp.update(batch, drop=args.dropout, sgd=optimizer, losses=losses)
        dev_scores = score(nlp, dev)
        history.append(
            {
                "epoch": epoch + 1,
                "loss": round(float(losses.get("ner", 0.0)), 1),
                **{k: round(v, 4) for k, v in dev_scores.items()},
            }
        )
        print(
            f"epoch {epoch + 1}: loss {losses.get('ner', 0.0):.1f}, synthetic dev {dev_scores} "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )

    nlp.meta.update(
        {
            "name": "simulacra_deid_ner",
            "version": "0.1.0",
            "description": "PERSON/ORGANIZATION/LOCATION tagger trained only on simulacra's synthetic corpus",
            "license": "Apache-2.0",
            "training": {
                "docs": args.docs,
                "epochs": args.epochs,
                "seed": args.seed,
                "width": args.width,
                "depth": args.depth,
                "embed_size": args.embed_size,
                "hidden": args.hidden,
                "dropout": args.dropout,
                "all_tokenizer_rules": args.all_tokenizer_rules,
                "email_share": args.email_share,
                "history": history,
                "seconds": round(time.perf_counter() - t0, 1),
            },
        }
    )
    nlp.to_disk(args.out)
    _shrink_strings(args.out / "vocab" / "strings.json", nlp)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB) in {time.perf_counter() - t0:.0f} s")
    print(json.dumps(history[-1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
