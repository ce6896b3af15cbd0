"""Organisations' longer names in news form (``firm_names``), as a class planted in generated corpora (several seeds
and shapes): the locales' companies that kind surrogates and augmentation fills of longer organisations were drawn
from are persons' surnames and partnerships of them ('Bullock Inc', 'Krueger, Miranda and Parrish'); a tagger trained
on them learns that surnames and lists of them are firms. With the option half of those are one firm's name as news
writes it (a coined or English word and a firm's word: 'Marketon Energy'). No entity string of the corpus in the
output, exact spans, the same seed the same bytes."""

from __future__ import annotations

import random
import re

import pytest

from simulacra.augment import LabelledDoc, augment, deidentify_labelled
from simulacra.augment._corpus import coined_org_names, listed, news_firm_names
from simulacra.text._lexicon import lexicon
from simulacra.text.corpus import ORG_TAIL

TEMPLATES = (
    "Shares in {ORG} rose {n} percent after {PER} said the {w} deal was done .",
    "{PER} , the {w} chief of {ORG} , flew to {LOC} on {d} .",
    "{ORG} and {ORG} agreed a {w} merger in {LOC} .",
    "{ORG} said on {d} it would buy {ORG} for {n} million dollars .",
    "{LOC} {n}-{n}-{n}",
)
WORDS = tuple("quick slow early late strong weak bright dark long short new old big small open high".split())
DAYS = ("Monday", "Tuesday", "Friday")
PARTNERSHIP = re.compile(r",|&|\band\b")


def _made_up(rng: random.Random) -> str:
    return "".join(rng.choice(("zu", "vek", "qar", "tox", "lyb", "mir", "dro", "gen")) for _ in range(3)).capitalize()


def corpus(seed: int, n: int = 150) -> tuple[list[LabelledDoc], set[str]]:
    """``n`` sentences whose organisations are two or three words (a made-up word, a surname, a firm's word, or a
    partnership of surnames), in shapes drawn by the seed; and the organisations planted."""
    rng = random.Random(seed)
    surnames = [w for w in lexicon().last if w.isalpha() and w.isascii()][:400]
    towns = [c for c in lexicon().major_cities if c.isascii() and " " not in c][:60]
    planted: set[str] = set()
    docs = []
    for _ in range(n):
        text, spans = "", []
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            if part == "{ORG}":
                shape = rng.randrange(3)
                if shape == 0:
                    value = f"{_made_up(rng)} {rng.choice(ORG_TAIL)}"
                elif shape == 1:
                    value = f"{rng.choice(surnames)} {rng.choice(surnames)} {rng.choice(('Bank', 'Group', 'Motors'))}"
                else:
                    value = f"{rng.choice(surnames)} and {rng.choice(surnames)}"
                planted.add(value)
                label = "ORG"
            elif part == "{PER}":
                value, label = f"{_made_up(rng)} {rng.choice(surnames)}", "PER"
            elif part == "{LOC}":
                value, label = rng.choice(towns), "LOC"
            else:
                text += (
                    part.replace("{n}", str(rng.randint(1, 99)))
                    .replace("{d}", rng.choice(DAYS))
                    .replace("{w}", rng.choice(WORDS))
                )
                continue
            spans.append((len(text), len(text) + len(value), label))
            text += value
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, planted


def _check_spans(docs: list[LabelledDoc]) -> None:
    """Every span inside its text, on word edges, not overlapping the next."""
    for d in docs:
        end = 0
        for s, e, _ in sorted(d.spans):
            assert end <= s < e <= len(d.text)
            assert d.text[s:e] == d.text[s:e].strip() and d.text[s:e]
            assert (s == 0 or not d.text[s - 1].isalnum()) and (e == len(d.text) or not d.text[e].isalnum())
            end = e


class TestNewsFirmNames:
    def test_one_firm_each_coined_or_english_and_a_firm_s_word(self) -> None:
        names = news_firm_names()
        coined = set(coined_org_names())
        assert len(names) == len(set(names)) == 3000
        assert names == news_firm_names.__wrapped__()  # the same names on every run
        for name in names:
            head, tail = name.split(" ")
            assert tail in ORG_TAIL and not PARTNERSHIP.search(name)
            assert head in coined or (listed(head) and head.isalpha())
        share = sum(n.split(" ")[0] in coined for n in names) / len(names)
        assert 0.4 < share < 0.6

    def test_coined_words_are_in_no_list(self) -> None:
        rng = random.Random(5)
        for word in rng.sample(coined_org_names(), 300):
            assert not listed(word) and 4 <= len(word) <= 10 and word.isalpha(), word


class TestDeidentifiedFirms:
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_half_the_company_surrogates_are_news_firms(self, seed: int) -> None:
        docs, planted = corpus(seed)
        on, originals = deidentify_labelled(docs, seed=seed, firm_names=True)
        off, _ = deidentify_labelled(docs, seed=seed)
        firms = set(news_firm_names())

        def orgs(out: list[LabelledDoc]) -> list[str]:
            return [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]

        fakes = orgs(on)
        assert len(fakes) == len(orgs(docs)) > 40
        share = sum(f in firms for f in fakes) / len(fakes)
        assert 0.2 < share < 0.8, share
        assert not any(f in firms for f in orgs(off))
        # labels kept, spans exact, no original left
        for d, r in zip(on, docs, strict=True):
            assert [lab for *_, lab in d.spans] == [lab for *_, lab in r.spans]
        _check_spans(on)
        text = " ".join(d.text for d in on)
        for o in planted:
            assert o in originals and o not in text
        again, _ = deidentify_labelled(docs, seed=seed, firm_names=True)
        assert again == on


class TestAugmentedFirms:
    @pytest.mark.parametrize("seed", [4, 5, 6])
    def test_longer_organisation_fills_hold_news_firms(self, seed: int) -> None:
        docs, _ = corpus(seed)
        deid, originals = deidentify_labelled(docs, seed=seed, firm_names=True)
        new, report = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals, firm_names=True)
        plain, _ = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals)
        firms = set(news_firm_names())

        def longer(out: list[LabelledDoc]) -> list[str]:
            return [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG" and " " in d.text[s:e]]

        fills = longer(new)
        assert len(fills) > 40
        share = sum(f in firms for f in fills) / len(fills)
        assert 0.1 < share < 0.6, share  # half the company fills, which are half the longer organisation fills
        assert not any(f in firms for f in longer(plain))
        assert report.extra["firm_names"] is True
        _check_spans(new)
        text = " ".join(d.text for d in new)
        for o in originals:  # no replaced original, as whole words
            assert not re.search(rf"(?<!\w){re.escape(o)}(?!\w)", text, re.IGNORECASE), o
        assert report.longest_shared_ngram <= 4 and report.near_duplicate_rate == 0
        again, _ = augment(deid, 200, seed=seed, max_shared_ngram=4, forbidden=originals, firm_names=True)
        assert again == new
