"""Surrogates shaped like the sentence they stand in, as a class planted in generated corpora (several seeds):
``table_clubs`` (de-identification): in a results or standings line ('Tranmere 3 Grimsby 2') a one-word
organisation is replaced by a world city (a club called by its town), not by a surname firm; in prose it stays as
before. No organisation's surrogate is an entity string of the corpus, and the same seed gives the same bytes."""

from __future__ import annotations

import random
import re

import pytest

from simulacra.augment import EntityGuard, LabelledDoc, deidentify_labelled
from simulacra.augment._corpus import table_like
from simulacra.text._lexicon import lexicon

TEMPLATES = (
    "{INI} c {INI} b {INI} {n}",
    "{INI} lbw b {PER} {n}",
    "{INI} {w} {w} {n} runs for {ORG} , {INI} {w} {n} .",
    "{w} by {INI} and {INI} , {ORG} {w} {w} {n} in {LOC} .",
    "{PER} said on Monday that {ORG} would {w} {n} {w} in {LOC} .",
    "{ORG} {n} {ORG} {n}",
    "{ORG} {n} {n} {n} {n} {n} {n} {n}",
    "{PER} of {ORG} flew to {LOC} for {w} with {PER} .",
    "{ORG} , the {w} {w} in {LOC} , hired {PER} .",
)
WORDS = tuple("after before during against with without under over near beyond quick slow early late strong "
              "weak bright dark long short new old big small first last open closed high low".split())  # fmt: skip


def _word(rng: random.Random) -> str:
    return rng.choice("BDGKLMPRSTVZ") + "".join(rng.choice("aeiou") + rng.choice("lmnrstvx") for _ in range(2))


def corpus(seed: int, n: int = 200) -> tuple[list[LabelledDoc], set[str]]:
    """``n`` sentences of scorecards, results, standings and prose with made-up names; and the persons planted with
    initials."""
    rng = random.Random(seed)
    towns = [c for c in lexicon().major_cities if c.isascii() and " " not in c]
    initials: set[str] = set()
    docs = []
    for _ in range(n):
        text, spans, pos = "", [], 0
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            if part == "{INI}":
                dots = "".join(f"{rng.choice('ABCDGHJKMPRST')}." for _ in range(1 if rng.random() < 0.8 else 2))
                value, label = f"{dots} {_word(rng)}", "PER"
                initials.add(value)
            elif part == "{PER}":
                value, label = f"{_word(rng)} {_word(rng)}", "PER"
            elif part == "{ORG}":
                value, label = _word(rng), "ORG"
            elif part == "{LOC}":
                value, label = rng.choice(towns), "LOC"
            else:
                text += re.sub(r"\{n\}", lambda _: str(rng.randint(0, 99)), part).replace("{w}", rng.choice(WORDS))
                pos = len(text)
                continue
            spans.append((pos, pos + len(value), label))
            text += value
            pos = len(text)
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, initials


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_table_clubs_replace_a_club_in_a_results_line_by_a_world_city(seed: int) -> None:
    docs, _ = corpus(seed)
    cities = {c.lower() for c in lexicon().major_cities}
    on, originals = deidentify_labelled(docs, seed=seed, table_clubs=True)
    off, _ = deidentify_labelled(docs, seed=seed)
    table = prose = 0
    for real, a, b in zip(docs, on, off, strict=True):
        orgs = [(a.text[s:e], b.text[bs:be]) for (s, e, lab), (bs, be, _) in zip(a.spans, b.spans, strict=True)]
        orgs = [(x, y) for (x, y), (_, _, lab) in zip(orgs, a.spans, strict=True) if lab == "ORG"]
        if not orgs:
            continue
        if table_like(real.text):  # every club of a results or standings line is a world city
            table += len(orgs)
            assert all(x.lower() in cities for x, _ in orgs), (real.text, a.text)
        else:  # prose: as without the option
            prose += len(orgs)
            assert [x for x, _ in orgs] == [y for _, y in orgs], (a.text, b.text)
    assert table > 40 and prose > 30
    off_cities = sum(
        b.text[s:e].lower() in cities
        for r, b in zip(docs, off, strict=True)
        if table_like(r.text)
        for s, e, lab in b.spans
    )
    assert off_cities < table / 2  # without the option most are surname firms
    guard = EntityGuard({d.text[s:e] for d in docs for s, e, _ in d.spans})
    assert [f for d in on for s, e, lab in d.spans if lab == "ORG" and not guard.safe(f := d.text[s:e])] == []
    assert all(EntityGuard(originals).safe(d.text) for d in on if not any(lab == "PER" for *_, lab in d.spans))
    again, _ = deidentify_labelled(docs, seed=seed, table_clubs=True)
    assert again == on


def test_table_like_reads_results_and_standings_not_prose() -> None:
    for line in ("Tranmere 3 Grimsby 2", "Charleroi 4 1 0 3 4 8 3", "Essendon 14.16 ( 100 ) Sydney 12.10 ( 82 )"):
        assert table_like(line), line
    for line in ("Amoco says in talks over Yemen oil acreage .", "Profit rose 12 percent to $ 4.5 million in 1996 ."):
        assert not table_like(line), line
