"""One-word organisations no word list knows (``unlisted_orgs``), as a class planted in generated corpora (several
seeds and shares): news names many clubs and firms by a word no list holds ('Gencor', 'Servette', 'Glentoran'),
while kind surrogates and fills of one-word organisations are surnames and towns, all listed: a tagger trained on
them learns that an unlisted capitalised word is a person (whose surnames are invented at the corpus's share with
``unlisted_persons``). With the option de-identification replaces such an organisation by an invented name no list
knows, a listed one as before, and augmentation gives the corpus's share of one-word organisation fills such a
name. No entity string of the corpus in the output, the same seed the same bytes."""

from __future__ import annotations

import random
import re

import pytest

from simulacra.augment import LabelledDoc, augment, deidentify_labelled
from simulacra.augment._corpus import invented_surnames, listed
from simulacra.text._lexicon import lexicon

TEMPLATES = (
    "{ORG} beat {ORG} {n}-{n} in {LOC} on {d} .",
    "{ORG} {n} {ORG} {n}",
    "Shares in {ORG} rose {n} percent after {PER} said the {w} deal was done .",
    "{PER} , the {w} chief of {ORG} , flew to {LOC} .",
    "{ORG} signed {PER} from {ORG} for the {w} season .",
)
WORDS = tuple("quick slow early late strong weak bright dark long short new old big small open high".split())
DAYS = ("Monday", "Tuesday", "Friday")


def _made_up(rng: random.Random) -> str:
    """A one-word name no list knows: syllables of no language."""
    return "".join(rng.choice(("zu", "vek", "qar", "tox", "lyb", "mir", "dro", "gen")) for _ in range(3)).capitalize()


def corpus(seed: int, share: float, n: int = 160) -> tuple[list[LabelledDoc], set[str], set[str]]:
    """``n`` sentences whose one-word organisations are made up at the share ``share`` (else a surname of the
    lexicon); and the made-up and listed organisations planted."""
    rng = random.Random(seed)
    surnames = [w for w in lexicon().last if w.isalpha() and w.isascii()][:400]
    towns = [c for c in lexicon().major_cities if c.isascii() and " " not in c][:60]
    made, known = set(), set()
    docs = []
    for _ in range(n):
        text, spans = "", []
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            if part == "{ORG}":
                if rng.random() < share:
                    value = _made_up(rng)
                    made.add(value)
                else:
                    value = rng.choice(surnames)
                    known.add(value)
                label = "ORG"
            elif part == "{PER}":
                value, label = f"{_made_up(rng)} {rng.choice(surnames)}", "PER"
            elif part == "{LOC}":
                value, label = rng.choice(towns), "LOC"
            else:
                text += (
                    part.replace("{n}", str(rng.randint(0, 9)))
                    .replace("{d}", rng.choice(DAYS))
                    .replace("{w}", rng.choice(WORDS))
                )
                continue
            spans.append((len(text), len(text) + len(value), label))
            text += value
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, made, known


def _orgs(docs: list[LabelledDoc], real: list[LabelledDoc]) -> list[tuple[str, str]]:
    """(original, surrogate) of each one-word organisation."""
    return [
        (r.text[rs:re_], d.text[s:e])
        for d, r in zip(docs, real, strict=True)
        for (s, e, lab), (rs, re_, _) in zip(d.spans, r.spans, strict=True)
        if lab == "ORG"
    ]


@pytest.mark.parametrize(("seed", "share"), [(1, 0.3), (2, 0.5), (3, 0.7)])
def test_unlisted_organisations_stay_unlisted_and_listed_stay_listed(seed: int, share: float) -> None:
    docs, made, known = corpus(seed, share)
    on, originals = deidentify_labelled(docs, seed=seed, unlisted_orgs=True)
    off, _ = deidentify_labelled(docs, seed=seed)
    pairs = _orgs(on, docs)
    invented = set(invented_surnames())
    assert sum(o in made for o, _ in pairs) > 20 and sum(o in known for o, _ in pairs) > 20
    for original, fake in pairs:
        assert fake != original and fake not in made | known
        if original in made:
            assert not listed(fake), (original, fake)
        else:  # a listed one as before: a surname firm or a town's club, never an invented name
            assert fake not in invented, (original, fake)
    # without the option no organisation becomes an invented name
    assert not any(f in invented for _, f in _orgs(off, docs))
    assert made <= originals


@pytest.mark.parametrize(("seed", "share"), [(4, 0.3), (5, 0.6)])
def test_augmented_organisations_keep_the_corpus_s_share_of_unlisted_names(seed: int, share: float) -> None:
    docs, made, known = corpus(seed, share)
    deid, originals = deidentify_labelled(docs, seed=seed, unlisted_orgs=True)
    invented = set(invented_surnames())
    one = [d.text[s:e] for d in deid for s, e, lab in d.spans if lab == "ORG" and " " not in d.text[s:e]]
    want = sum(o in invented for o in one) / len(one)  # the made-up ones, now invented names
    new, report = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals, unlisted_orgs=True)
    plain, _ = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals)

    def share_of(out: list[LabelledDoc]) -> float:
        fills = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG" and " " not in d.text[s:e]]
        return sum(f in invented for f in fills) / len(fills)

    # the share read (names no list knows: the invented ones, and a few big towns no list holds) and filled
    assert want <= report.extra["org_unlisted_share"] < want + 0.3
    assert share_of(new) > 0.6 * want and share_of(plain) == 0
    text = " ".join(d.text for d in new)
    for o in originals:  # no replaced original, as whole words
        assert not re.search(rf"(?<!\w){re.escape(o)}(?!\w)", text, re.IGNORECASE), o
    assert report.longest_shared_ngram <= 4 and report.near_duplicate_rate == 0
    again, _ = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals, unlisted_orgs=True)
    assert again == new
