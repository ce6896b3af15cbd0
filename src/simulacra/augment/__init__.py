"""De-identify -> augment: more labelled text in the style of a (de-identified) corpus, with no original entity.

::

    from simulacra.augment import augment, read_corpus

    docs = read_corpus("deid.jsonl")            # {"text", "spans": [{start, end, label}]} per line, or CoNLL
    new, report = augment(docs, 5000, seed=1)   # new LabelledDoc's with exact spans, and what was checked

The offline method mines sentence skeletons with entity slots, recombines them and fills the
slots from the value engine (see ``_skeletons``); with a language-model backend the model writes
new sentences in the style of sampled skeletons, slot markers kept, and the same checks apply.
See docs/augment.md.
"""

from simulacra.augment._corpus import (
    CONLL_LABELS,
    EntityGuard,
    LabelledDoc,
    deidentify_labelled,
    read_corpus,
    to_conll,
    tokenize,
)
from simulacra.augment._run import augment, write_augmented
from simulacra.augment._skeletons import AugmentReport, SkeletonAugmenter, label_family

__all__ = [
    "CONLL_LABELS",
    "AugmentReport",
    "EntityGuard",
    "LabelledDoc",
    "SkeletonAugmenter",
    "augment",
    "deidentify_labelled",
    "label_family",
    "read_corpus",
    "to_conll",
    "tokenize",
    "write_augmented",
]
