"""De-identify -> augment, the honest test of usefulness (issue 20).

From 300 real labelled sentences of CoNLL-2003 *train*, train the project's fast tagger
(``training/train_fast_ner.py``'s averaged perceptron, called as is) on

  (a) the 300 real sentences,
  (b) the same 300 de-identified (``simulacra.augment.deidentify_labelled``: the text engine's
      surrogates put in place of the gold PER/LOC/ORG spans, places and organisations keeping their
      kind and shape unless ``--surrogates engine``; labels kept exactly),
  (c) (b) plus sentences from ``simulacra augment`` (offline method) up to 5,000 in all,
  (d) the product's own synthetic corpus (``simulacra.text.corpus.synthetic_documents``, the
      corpus the shipped tagger is trained on), as many documents as (c) has sentences,

and score each: exact-span precision, recall and F1 for PERSON and over PERSON + LOCATION +
ORGANIZATION ("overall"; the tagger has no MISC). Also printed (with 'd'): the shipped fast model
(16,000 synthetic documents) on the same sentences.

Splits (``--score-on``): ``dev-train`` (default) is 2,000 *other* sentences of CoNLL train, none of
the 300, drawn with seed ``--seed + 1``: the split to tune on. ``valid`` is CoNLL-2003 valid.txt
(every sentence): the confirmation, run once when tuning is over, never tuned on.

    .venv/bin/python benchmarks/augment_ner.py                      # dev-train: the split to tune on
    .venv/bin/python benchmarks/augment_ner.py --score-on valid     # the confirmation (once, at the end)
    .venv/bin/python benchmarks/augment_ner.py --epochs 2 --dev-limit 500   # a quick try

Wall and CPU seconds are printed for every step. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from simulacra.augment import LabelledDoc, augment, deidentify_labelled, read_corpus  # noqa: E402 - after sys.path
from simulacra.text.fast_ner import (  # noqa: E402
    allowed_transitions,
    load_fast_model,
    spans_from_tags,
    tokenize,
    viterbi,
)

# ../shared beside the repository (as the other benchmarks read it), or two levels up from a worktree
CONLL = next(
    (
        p / "shared" / "data" / "conll2003"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "data" / "conll2003").is_dir()
    ),
    ROOT.parent / "shared" / "data" / "conll2003",
)
TAGGER_LABELS = {
    "PER": "PERSON",
    "LOC": "LOCATION",
    "ORG": "ORGANIZATION",
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
}


def _trainer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_fast_ner", ROOT / "training" / "train_fast_ner.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    label: str


def sentences_of(docs: list[LabelledDoc]) -> list[LabelledDoc]:
    """CoNLL documents cut into their sentences (one per line), spans moved with them."""
    out: list[LabelledDoc] = []
    for d in docs:
        pos = 0
        for line in d.text.split("\n"):
            a, b = pos, pos + len(line)
            out.append(LabelledDoc(line, tuple((s - a, e - a, lab) for s, e, lab in d.spans if a <= s and e <= b)))
            pos = b + 1
    return [s for s in out if s.text.strip()]


def tagger_spans(d: LabelledDoc) -> list[GoldSpan]:
    return [GoldSpan(s, e, TAGGER_LABELS[lab]) for s, e, lab in d.spans if lab in TAGGER_LABELS]


class Clock:
    def __init__(self) -> None:
        self.w, self.c = time.perf_counter(), time.process_time()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.w:.1f} s wall, {time.process_time() - self.c:.1f} s CPU"


def score(predict, dev: list[LabelledDoc]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    tp: dict[str, int] = {}
    fp: dict[str, int] = {}
    fn: dict[str, int] = {}
    preds = predict(dev)
    for d, pred in zip(dev, preds, strict=True):
        gold = {(s.start, s.end, s.label) for s in tagger_spans(d)}
        for lab in ("PERSON", "LOCATION", "ORGANIZATION", "ALL"):
            g = {x for x in gold if lab in ("ALL", x[2])}
            p = {x for x in pred if lab in ("ALL", x[2])}
            tp[lab] = tp.get(lab, 0) + len(g & p)
            fp[lab] = fp.get(lab, 0) + len(p - g)
            fn[lab] = fn.get(lab, 0) + len(g - p)
    out: dict[str, float] = {}
    for lab in ("PERSON", "LOCATION", "ORGANIZATION", "ALL"):
        p = tp[lab] / max(tp[lab] + fp[lab], 1)
        r = tp[lab] / max(tp[lab] + fn[lab], 1)
        out[f"{lab}_p"], out[f"{lab}_r"], out[f"{lab}_f1"] = p, r, 2 * p * r / max(p + r, 1e-9)
    return out


def error_table(predict, dev: list[LabelledDoc], seen: set[str], examples_to: Path | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Where each gold mention of a type went: found exactly, found with other edges (same type, overlapping),
    typed as another type (same or overlapping words), or missed (nothing predicted on its words); each split by
    whether its string is among the 300 real sentences' (what (a) can know by heart). And the predictions that touch
    no gold mention (spurious), by predicted type."""
    preds = predict(dev)
    rows: dict[str, Counter[str]] = {lab: Counter() for lab in ("PERSON", "LOCATION", "ORGANIZATION")}
    spurious: Counter[str] = Counter()
    examples: list[str] = []
    for d, pred in zip(dev, preds, strict=True):
        gold = [(s.start, s.end, s.label) for s in tagger_spans(d)]
        for s, e, lab in gold:
            known = "seen" if d.text[s:e] in seen else "unseen"
            over = [p for p in pred if p[0] < e and s < p[1]]
            if (s, e, lab) in pred:
                what = "exact"
            elif any(p[2] == lab for p in over):
                what = "edges"
            elif over:
                what = "as " + over[0][2][:3]
            else:
                what = "missed"
            rows[lab][what] += 1
            if what != "exact" and len(examples) < 4000:
                examples.append(f"{lab}\t{what}\t{known}\t{d.text[s:e]}\t{sorted(over)}\t{d.text}")
            rows[lab][f"{known} {what}"] += 1
            rows[lab][known] += 1
        for p in pred:
            if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
                spurious[p[2]] += 1
    if examples_to is not None:
        examples_to.write_text("\n".join(examples) + "\n", encoding="utf-8")
    out = []
    for lab, c in rows.items():
        n = sum(c[k] for k in ("seen", "unseen"))
        parts = [f"{k} {c[k]}" for k in ("exact", "edges", "as PER", "as LOC", "as ORG", "missed") if c[k]]
        un = f"unseen {c['unseen']}: exact {c['unseen exact']}, missed {c['unseen missed']}"
        out.append(f"    {lab} ({n}): {', '.join(parts)}; {un}; spurious {spurious[lab]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--conll", type=Path, default=CONLL, help="folder with CoNLL-2003 train.txt and valid.txt")
    ap.add_argument("--train-sentences", type=int, default=300)
    ap.add_argument("--total", type=int, default=5000, help="sentences in (c): the 300 de-identified + augmented")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--bits", type=int, default=18, help="log2 of the hashed feature space")
    ap.add_argument("--word-dropout", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument(
        "--augment-seed",
        type=int,
        nargs="+",
        default=None,
        help="seed(s) of the augmentation (default: --seed); with several, (c) is trained once per seed and its "
        "mean, standard deviation and range are printed (decide on the mean beyond the spread)",
    )
    ap.add_argument("--max-shared-ngram", type=int, default=6)
    ap.add_argument(
        "--locales",
        nargs="+",
        default=["en_US", "en_GB", "de_DE", "fr_FR"],
        help="where augmentation's fresh names, places and companies come from",
    )
    ap.add_argument(
        "--refill-share",
        type=float,
        default=0.0,
        help="share of augmented sentences that are a de-identified sentence's skeleton with fresh entities",
    )
    ap.add_argument(
        "--surrogates",
        choices=("kind", "engine"),
        default="kind",
        help="de-identification surrogates: kind (places and organisations keep their kind and shape: a country "
        "a country, an acronym an acronym) or engine (the text engine's own, as before)",
    )
    ap.add_argument(
        "--keep-public-places",
        action="store_true",
        help="(b), (c): keep LOCATION spans naming a well-known public place (countries, capitals and big cities, "
        "regions) as written in de-identification and allow them in augmentation; persons, organisations and other "
        "places are still replaced",
    )
    ap.add_argument(
        "--kinds-apart",
        action="store_true",
        help="(c): augmentation fills whose kinds do not cross (organisations with no person's name or place word, "
        "places that are not surnames, persons' names that are not places)",
    )
    ap.add_argument(
        "--keep-misc",
        action="store_true",
        help="(c): the 300's MISC strings (nationalities, events: kept as written by de-identification) allowed in "
        "augmentation, half the MISC slots filled with them",
    )
    ap.add_argument(
        "--place-forms",
        action="store_true",
        help="(b), (c): an organisation named by a place and other words keeps that form in de-identification "
        "('Sheffield United' -> 'Lagos United') and augmentation fills such slots in it",
    )
    ap.add_argument(
        "--keep-place-teams",
        action="store_true",
        help="(b), (c), with --keep-public-places: organisations named by a public place alone (a team called by its "
        "town) kept as written too, and allowed in augmentation",
    )
    ap.add_argument(
        "--table-clubs",
        action="store_true",
        help="(b), (c): in a results or standings line a one-word organisation's surrogate is a world city (a club "
        "called by its town), not a surname firm",
    )
    ap.add_argument(
        "--world-persons",
        action="store_true",
        help="(b), (c): persons' surrogates are names of the person locale (Faker's, the world's) their own names "
        "look like ('Wasim Akram' -> a Pakistani name), not English names for everyone",
    )
    ap.add_argument(
        "--world-fills",
        action="store_true",
        help="(c): augmentation's person fills are names of Faker's person locales in proportion to those the "
        "(de-identified) persons' names look like, not the --locales' own",
    )
    ap.add_argument(
        "--unlisted-persons",
        action="store_true",
        help="(b), (c): a person's surname no word list knows is replaced by an invented one no list knows either "
        "(listed ones by listed names), and augmentation gives as many person fills such a surname as the "
        "de-identified corpus has (half at least)",
    )
    ap.add_argument(
        "--unlisted-orgs",
        action="store_true",
        help="(b), (c): a one-word organisation no word list knows is replaced by an invented name no list knows, and "
        "augmentation fills as many one-word organisation slots with such names as the corpus has",
    )
    ap.add_argument(
        "--firm-names",
        action="store_true",
        help="(b), (c): half the company surrogates and fills of longer organisations are one firm's name in news "
        "form ('Marketon Energy'), not only the locales' companies (surnames, partnerships joined by 'and')",
    )
    ap.add_argument(
        "--vary-numbers",
        action="store_true",
        help="(c): each augmented sentence's numbers drawn anew in their shape (a dateline's date, a score) before "
        "the near-duplicate test, so datelines and results lines are kept in the source's share",
    )
    ap.add_argument("--deid-repeat", type=int, default=1, help="times the 300 de-identified sentences are in (c)")
    ap.add_argument(
        "--conditions",
        default="abcd",
        help="which of (a)-(d) to train (e.g. 'bc' for a quick look); the shipped model's row is printed with 'd'",
    )
    ap.add_argument(
        "--score-on",
        choices=("dev-train", "valid"),
        default="dev-train",
        help="dev-train (default, the split to tune on): --dev-train-sentences other sentences of CoNLL train, "
        "none of the --train-sentences, drawn with seed --seed + 1; valid: CoNLL valid.txt (the confirmation, "
        "run once at the end: never tune on it)",
    )
    ap.add_argument("--dev-train-sentences", type=int, default=2000)
    ap.add_argument(
        "--errors",
        action="store_true",
        help="per condition, where each type's gold mentions went (exact, other edges, another type, missed) and "
        "the spurious predictions (error analysis: run it on dev-train)",
    )
    ap.add_argument(
        "--errors-to",
        type=Path,
        default=None,
        help="with --errors: write each error (tab-separated) to PATH.<cond>.tsv",
    )
    ap.add_argument("--dev-limit", type=int, default=None, help="score on the first N dev sentences only (quick tries)")
    args = ap.parse_args(argv)
    tr = _trainer()

    def log(msg: str) -> None:
        return None

    total = Clock()
    train_all = sentences_of(read_corpus(args.conll / "train.txt", "conll"))
    rng = random.Random(args.seed)
    picked = rng.sample(range(len(train_all)), args.train_sentences)
    real = [train_all[i] for i in picked]
    if args.score_on == "dev-train":
        # held out of the same train.txt: never among the sentences trained on, drawn with another seed
        taken = set(picked)
        rest = [i for i in range(len(train_all)) if i not in taken]
        dev = [train_all[i] for i in sorted(random.Random(args.seed + 1).sample(rest, args.dev_train_sentences))]
        where = f"{len(dev):,} other sentences of train.txt (seed {args.seed + 1}; the 'dev-train' split)"
    else:
        dev = sentences_of(read_corpus(args.conll / "valid.txt", "conll"))
        where = f"{len(dev):,} sentences of valid.txt"
    if args.dev_limit:
        dev = dev[: args.dev_limit]
        where += f", the first {len(dev):,}"
    print(
        f"split: {len(real)} sentences drawn at random (seed {args.seed}) from the {len(train_all):,} of CoNLL-2003 "
        f"train.txt; scored on {where}"
    )

    # how much of what is scored the 300 real sentences show verbatim: what (a) can learn by heart and (c) never sees
    seen = {(d.text[s:e], lab) for d in real for s, e, lab in d.spans}
    for lab in ("PER", "LOC", "ORG"):
        gold = [(d.text[s:e], x) for d in dev for s, e, x in d.spans if x == lab]
        share = sum(g in seen for g in gold) / max(1, len(gold))
        print(f"  {lab} mentions scored: {len(gold):,}, {share:.1%} of them an exact string of the 300 real")
    c = Clock()
    deid, originals = deidentify_labelled(
        real,
        seed=args.seed,
        surrogates=args.surrogates,
        keep_public_places=args.keep_public_places,
        place_forms=args.place_forms,
        keep_place_teams=args.keep_place_teams,
        table_clubs=args.table_clubs,
        world_persons=args.world_persons,
        unlisted_persons=args.unlisted_persons,
        unlisted_orgs=args.unlisted_orgs,
        firm_names=args.firm_names,
    )
    kept = sum(  # PER/LOC/ORG spans left as written (with --keep-public-places: public places)
        d.text[s:e] == r.text[rs:re_]
        for d, r in zip(deid, real, strict=True)
        for (s, e, lab), (rs, re_, _) in zip(d.spans, r.spans, strict=True)
        if lab != "MISC"
    )
    print(
        f"de-identified the {len(real)} sentences ({len(originals)} original strings replaced, {kept} PER/LOC/ORG "
        f"spans kept as written): {c}"
    )

    def augmented(aug_seed: int) -> list[LabelledDoc]:
        c = Clock()
        extra, report = augment(
            deid,
            args.total - len(deid),
            seed=aug_seed,
            max_shared_ngram=args.max_shared_ngram,
            forbidden=originals,
            split=False,
            locales=tuple(args.locales),
            refill_share=args.refill_share,
            keep_public_places=args.keep_public_places,
            kinds_apart=args.kinds_apart,
            keep_misc=args.keep_misc,
            place_forms=args.place_forms,
            keep_place_teams=args.keep_place_teams,
            world_persons=args.world_fills,
            unlisted_persons=args.unlisted_persons,
            vary_numbers=args.vary_numbers,
            unlisted_orgs=args.unlisted_orgs,
            firm_names=args.firm_names,
        )
        print(f"augmented to {args.total:,} sentences (augmentation seed {aug_seed}): {c}")
        print(
            f"  near-duplicates rejected {report.near_duplicate_rejected_rate:.1%} of candidates; in output "
            f"{report.near_duplicate_rate:.1%} (Jaccard >= {report.near_duplicate_threshold}); similarity to source "
            f"{report.similarity_to_source}; longest run of source words {report.longest_shared_ngram} "
            f"(declared max {report.max_shared_ngram_declared}); entity strings checked {report.source_entity_strings}"
            + (f"; {report.extra}" if report.extra else "")
        )
        import re

        leaks = sum(
            1 for d in extra for o in originals if re.search(rf"(?<!\w){re.escape(o)}(?!\w)", d.text, re.IGNORECASE)
        )
        print(f"  original strings found in the augmented text (whole words, any case): {leaks}")
        return extra

    aug_seeds = [args.seed] if args.augment_seed is None else args.augment_seed

    from simulacra.text.corpus import synthetic_documents

    synth = [
        LabelledDoc(d.text, tuple((s.start, s.end, s.label) for s in d.spans))
        for d in synthetic_documents(args.total if "d" in args.conditions else 0, seed=args.seed)
    ]

    conditions: dict[str, object] = {"(a) 300 real": real, "(b) 300 de-identified": deid}
    for aug_seed in aug_seeds:  # (c) built when its turn comes: one augmented set in memory at a time
        tag = "" if len(aug_seeds) == 1 else f", augmentation seed {aug_seed}"
        conditions[f"(c) 300 de-identified + augmented to {args.total:,}{tag}"] = lambda aug_seed=aug_seed: (
            deid * args.deid_repeat + augmented(aug_seed)
        )
    conditions[f"(d) product's synthetic corpus ({args.total:,} documents)"] = synth
    conditions = {k: v for k, v in conditions.items() if k[1] in args.conditions}
    dim = 1 << args.bits
    rows = []
    dev_corpus_texts = [d.text for d in dev]
    for name, built in conditions.items():
        data = built() if callable(built) else built
        c = Clock()
        corpus = tr.Corpus(dim)
        corpus.lexicon = False
        for d in data:
            corpus.add(d.text, tagger_spans(d))
        small_dev = tr.Corpus(dim)
        for d in dev[:50]:
            small_dev.add(d.text, tagger_spans(d))
        w, trans, _ = tr.train(corpus, small_dev, args.epochs, args.seed, log, word_dropout=args.word_dropout)
        allowed = allowed_transitions()
        masked = np.where(allowed, trans, -np.inf)

        def predict(docs: list[LabelledDoc], w=w, masked=masked, dim=dim):  # type: ignore[no-untyped-def]
            out = []
            pc = tr.Corpus(dim)
            pc.lexicon = False
            for d in docs:
                toks, starts, ends = tokenize(d.text)
                if not toks:
                    out.append(set())
                    continue
                pc.add(d.text, [])
                feats, rws, *_ = pc.docs[-1]
                tags = viterbi(tr.emissions(w, feats, rws), masked)
                out.append(set(spans_from_tags(tags, starts, ends)))
            return out

        s = score(predict, dev)
        rows.append((name, len(data), s, str(c)))
        print(
            f"{name}: PERSON F1 {s['PERSON_f1']:.3f}, overall F1 {s['ALL_f1']:.3f} (LOCATION {s['LOCATION_f1']:.3f}, "
            f"ORGANIZATION {s['ORGANIZATION_f1']:.3f}; {c})"
        )
        if args.errors:
            where_to = None if args.errors_to is None else Path(f"{args.errors_to}.{name[1]}.tsv")
            print("\n".join(error_table(predict, dev, {d.text[a:b] for d in real for a, b, _ in d.spans}, where_to)))

    cs = [s for name, _, s, _ in rows if name.startswith("(c)")]
    if len(cs) > 1:  # the decision figure: (c)'s mean over the augmentation seeds, beside its spread
        for key, what in (("PERSON_f1", "PERSON F1"), ("ALL_f1", "overall F1"), ("LOCATION_f1", "LOCATION F1"),
                          ("ORGANIZATION_f1", "ORGANIZATION F1")):  # fmt: skip
            v = np.array([s[key] for s in cs])
            print(
                f"(c) over augmentation seeds {aug_seeds}: {what} mean {v.mean():.3f}, sd {v.std(ddof=1):.3f}, "
                f"range {v.min():.3f}-{v.max():.3f} ({', '.join(f'{x:.3f}' for x in v)})"
            )
    c = Clock()
    if "d" not in args.conditions:
        dev = []
    shipped = load_fast_model()
    toks = [tokenize(t) for t in dev_corpus_texts]

    def predict_shipped(docs: list[LabelledDoc]):  # type: ignore[no-untyped-def]
        tagged = shipped.tag_many([t[0] for t in toks])
        return [set(spans_from_tags(tags, t[1], t[2])) if t[0] else set() for tags, t in zip(tagged, toks, strict=True)]

    if dev:
        s = score(predict_shipped, dev)
        rows.append(("shipped fast model (16,000 synthetic documents)", 16000, s, str(c)))

    print()
    print(
        "| training data | sentences / docs | PERSON P | PERSON R | PERSON F1 | overall P | overall R | overall F1 | time |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, n, s, t in rows:
        print(
            f"| {name} | {n:,} | {s['PERSON_p']:.3f} | {s['PERSON_r']:.3f} | **{s['PERSON_f1']:.3f}** | "
            f"{s['ALL_p']:.3f} | {s['ALL_r']:.3f} | **{s['ALL_f1']:.3f}** | {t} |"
        )
    print(f"\ntotal: {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
