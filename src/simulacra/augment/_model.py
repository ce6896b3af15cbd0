"""Augmentation with a language-model backend: the model writes sentences in the style of sampled skeletons,
slot markers kept; slots are filled and every check of the offline method applies."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import numpy as np

from simulacra.augment._corpus import LabelledDoc, word_spans
from simulacra.augment._skeletons import AugmentReport, Key, SkeletonAugmenter
from simulacra.errors import GenerationError

__all__ = ["PROMPT_VERSION", "generate_with_model"]

PROMPT_VERSION = "augment-v1"
PER_REQUEST = 10
EXAMPLES = 8
_MARK = re.compile(r"\[([A-Z_]{2,20})(?::([123]))?\]")


def _skeleton_text(keys: list[Key]) -> str:
    out: list[str] = []
    for i, k in enumerate(keys):
        if i and k[-1]:
            out.append(" ")
        out.append(f"[{k[1]}]" if k[0] == "s" else str(k[1]))
    return "".join(out)


def _parse(line: str, labels: set[str], split: bool) -> list[Key] | None:
    """A line with [LABEL] markers -> skeleton keys; None when it has an unknown marker or too few tokens."""
    keys: list[Key] = []

    def words(a: int, b: int) -> None:
        for w, at in word_spans(line, a, b, split):
            keys.append(("w", w, bool(keys) and at > 0 and line[at - 1].isspace()))

    pos = 0
    for m in _MARK.finditer(line):
        if m.group(1) not in labels:
            return None
        words(pos, m.start())
        keys.append(
            (
                "s",
                m.group(1),
                int(m.group(2) or 2),
                "",
                bool(keys) and m.start() > 0 and line[m.start() - 1].isspace(),
            )
        )
        pos = m.end()
    words(pos, len(line))
    return keys if len(keys) >= 3 else None


def generate_with_model(
    aug: SkeletonAugmenter, n_documents: int, client: Any
) -> tuple[list[LabelledDoc], AugmentReport]:
    rng = np.random.default_rng(np.random.SeedSequence([aug.seed, 0xB1]))
    labels = set(aug.labels_)
    skeletons = aug.skeletons_
    report = AugmentReport(
        f"model {client.config.model} (prompt {PROMPT_VERSION}): sentences written in the style of "
        "sampled skeletons, slots filled by the value engine",
        aug.seed,
        source_documents=aug.n_docs_,
        source_sentences=len(aug.src_shingles_),
        source_skeleton_shapes=aug.shapes_,
        near_duplicate_threshold=aug.near_duplicate,
        max_shared_ngram_declared=aug.max_shared_ngram,
        source_entity_strings=len(aug.forbidden_strings_),
    )
    report.extra = {"model": client.config.model, "prompt_version": PROMPT_VERSION}
    rejected: Counter[str] = Counter()
    out: list[LabelledDoc] = []
    sims: list[float] = []
    ents: Counter[str] = Counter()
    longest = 0
    rounds = 0
    max_rounds = 10 + 3 * (n_documents // PER_REQUEST + 1)
    while len(out) < n_documents:
        rounds += 1
        if rounds > max_rounds:
            raise GenerationError(
                f"augment (model): made {len(out):,} of {n_documents:,} documents in {max_rounds} "
                f"requests (rejected: {dict(rejected)})"
            )
        picks = rng.choice(len(skeletons), size=min(EXAMPLES, len(skeletons)), replace=False)
        examples = "\n".join(_skeleton_text(skeletons[int(i)]) for i in picks)
        messages = [
            {
                "role": "system",
                "content": "You write new sentences for a labelled text corpus. Keep entity markers "
                "such as [PER] or [LOC] exactly as markers; never write a real name in their "
                "place. Write new sentences, not copies or close paraphrases.",
            },
            {
                "role": "user",
                "content": f"Examples (markers: {', '.join(sorted(labels))}):\n{examples}\n\n"
                f"Write {PER_REQUEST} new sentences in the same style, one per line, "
                "with markers where entities go.",
            },
        ]
        reply = client.complete(messages, seed=aug.seed * 1_000_003 + rounds, purpose=PROMPT_VERSION)
        for line in reply.text.splitlines():
            line = line.strip().lstrip("-*0123456789.) ").strip()
            if not line or len(out) >= n_documents:
                continue
            report.candidates += 1
            keys = _parse(line, labels, aug.split)
            if keys is None:
                rejected["unparsable_or_unknown_marker"] += 1
                continue
            sim = aug._similarity(keys)
            if sim >= aug.near_duplicate:
                rejected["near_duplicate"] += 1
                continue
            rendered = aug._render([keys], rng)
            if rendered is None:
                rejected["no_safe_value"] += 1
                continue
            doc, words = rendered
            if aug._leaks(doc.text):
                rejected["source_entity"] += 1
                continue
            if any(aug._shares_long_ngram(w) for w in words):
                rejected["shared_ngram"] += 1
                continue
            out.append(doc)
            sims.append(sim)
            ents.update(lab for _, _, lab in doc.spans)
            longest = max([longest, *(aug._longest_shared(w) for w in words)])
    report.documents = report.sentences = len(out)
    report.entities = dict(sorted(ents.items()))
    report.rejected = dict(sorted(rejected.items()))
    report.near_duplicate_rejected_rate = round(rejected["near_duplicate"] / max(1, report.candidates), 4)
    report.near_duplicate_rate = round(sum(s >= aug.near_duplicate for s in sims) / max(1, len(sims)), 4)
    if sims:
        arr = np.array(sims)
        report.similarity_to_source = {
            "mean": round(float(arr.mean()), 4),
            "max": round(float(arr.max()), 4),
            "share_at_or_above_0.5": round(float((arr >= 0.5).mean()), 4),
        }
    report.longest_shared_ngram = longest
    return out, report
