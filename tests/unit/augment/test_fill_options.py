"""Two augmentation options, each as a class planted in a generated corpus:

- ``kinds_apart``: fills whose kinds do not cross. Without it an organisation slot is often a surname firm or a
  town's club ('Gonzalez', 'Ford, Barton and Shields', 'Preston') and a place slot a town that is also a surname
  ('Houston'), so a tagger learns surnames as organisations and places. With it no organisation fill has a word
  that is a person's name or a place, no place fill a word that is a surname, no person's name a word that is a
  place — judged against the very name pools the augmenter fills people from.
- ``keep_misc``: the source's MISC strings (nationalities, events: not personal data, and left as written by
  de-identification) are allowed in the output and fill MISC slots; one that contains a person's, organisation's or
  place's string of the corpus (or of the mapping) never is.

Persons, organisations and places stay forbidden either way; same seed, same bytes."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from simulacra.augment import EntityGuard, LabelledDoc, SkeletonAugmenter, augment
from simulacra.augment._skeletons import _place_kinds

TEMPLATES = (
    "{PER} of {ORG} met {PER} in {LOC} on Tuesday .",
    "{ORG} beat {ORG} 2-1 in {LOC} , {PER} said .",
    "The {MISC} minister {PER} arrived in {LOC} for the {MISC} .",
    "{PER} , a {MISC} citizen , joined {ORG} last year .",
    "{LOC} police said {PER} had left {LOC} .",
    "{SUR} said on Monday he would stay at {ORG} .",
)
MISC_PUBLIC = ("German", "French", "Olympic Games", "World Cup", "Spanish", "Davis Cup")


def _word(rng: random.Random) -> str:
    return rng.choice("BDGKLMPRSTVZ") + "".join(rng.choice("aeiou") + rng.choice("lmnrstvx") for _ in range(2))


def corpus(seed: int, n: int = 150) -> tuple[list[LabelledDoc], set[str]]:
    """``n`` sentences with made-up people, firms and places, public MISC words, and MISC strings built on a
    person's surname named alone elsewhere in the corpus ('<surname>-era'), which must never come back."""
    rng = random.Random(seed)
    surnames = [_word(rng) for _ in range(40)]
    private_misc: set[str] = set()
    alone: list[str] = []  # surnames the corpus names alone (a PER span of one word)
    docs = []
    for _ in range(n):
        text, spans, pos = "", [], 0
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            if part == "{PER}":
                value, label = f"{_word(rng)} {rng.choice(surnames)}", "PER"
            elif part == "{SUR}":
                value, label = rng.choice(surnames), "PER"
                alone.append(value)
            elif part == "{LOC}":
                value, label = _word(rng) + "ville", "LOC"
            elif part == "{ORG}":
                value, label = (_word(rng) + " Corp" if rng.random() < 0.6 else _word(rng)), "ORG"
            elif part == "{MISC}":
                if alone and rng.random() < 0.2:
                    value = rng.choice(alone) + "-era"
                    private_misc.add(value)
                else:
                    value = rng.choice(MISC_PUBLIC)
                label = "MISC"
            else:
                text += part
                pos += len(part)
                continue
            spans.append((pos, pos + len(value), label))
            text += value
            pos += len(value)
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, private_misc


def _fills(docs: list[LabelledDoc], label: str) -> list[str]:
    return [d.text[s:e] for d in docs for s, e, lab in d.spans if lab == label]


def _words(value: str) -> list[str]:
    return value.lower().replace("-", " ").replace(",", " ").split()


def test_kinds_apart_fills_never_cross_kinds() -> None:
    docs, _ = corpus(3)
    locales = ("en_US", "en_GB")
    pools = SkeletonAugmenter(seed=3, split=False, locales=locales).fit(docs).pools_
    surnames = {w.lower() for w in pools["last"]}
    names = surnames | {w.lower() for w in pools["first"]}
    countries, places = _place_kinds()
    place_words = {p for p in (*countries, *places) if " " not in p}

    def crossings(new: list[LabelledDoc]) -> dict[str, int]:
        return {
            "ORG": sum(any(w in names or w in place_words for w in _words(v)) for v in _fills(new, "ORG")),
            "LOC": sum(any(w in surnames for w in _words(v)) for v in _fills(new, "LOC")),
            "PER": sum(any(w in place_words for w in _words(v)) for v in _fills(new, "PER")),
        }

    plain, _ = augment(docs, 300, seed=3, split=False, locales=locales)
    apart, report = augment(docs, 300, seed=3, split=False, locales=locales, kinds_apart=True)
    before, after = crossings(plain), crossings(apart)
    assert before["ORG"] > 50 and before["PER"] > 0  # the class exists without the option
    assert after == {"ORG": 0, "LOC": 0, "PER": 0}, after
    assert len(_fills(apart, "ORG")) > 100 and report.extra["kinds_apart"] is True
    guard = EntityGuard({d.text[s:e] for d in docs for s, e, _ in d.spans})
    assert all(guard.safe(d.text) for d in apart)  # still no entity string of the source
    assert report.longest_shared_ngram <= report.max_shared_ngram_declared and report.near_duplicate_rate == 0
    again, _ = augment(docs, 300, seed=3, split=False, locales=locales, kinds_apart=True)
    assert [d.text for d in again] == [d.text for d in apart]


def test_keep_misc_fills_with_public_misc_never_a_private_one() -> None:
    docs, private_misc = corpus(4)
    assert private_misc
    new, report = augment(docs, 300, seed=4, split=False, keep_misc=True)
    misc = _fills(new, "MISC")
    from_source = [m for m in misc if m in MISC_PUBLIC]
    assert len(from_source) > 0.25 * len(misc)  # half the MISC slots draw the source's public MISC
    assert report.extra["misc_allowed"] == len(MISC_PUBLIC)
    # persons, organisations, places, and every MISC string built on one of them, never appear
    private = {d.text[s:e] for d in docs for s, e, lab in d.spans if lab != "MISC"} | private_misc
    assert all(EntityGuard(private).safe(d.text) for d in new)
    assert report.longest_shared_ngram <= report.max_shared_ngram_declared and report.near_duplicate_rate == 0
    off, off_report = augment(docs, 300, seed=4, split=False)
    assert not [m for m in _fills(off, "MISC") if m in MISC_PUBLIC]  # without the option MISC stays forbidden
    assert "misc_allowed" not in off_report.extra


def test_cli_flags_reach_the_augmenter(tmp_path: Path) -> None:
    from simulacra.cli.main import main

    docs, _ = corpus(5, n=80)
    src = tmp_path / "src.jsonl"
    src.write_text(
        "".join(
            json.dumps({"text": d.text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in d.spans]})
            + "\n"
            for d in docs
        )
    )
    out = tmp_path / "out"
    args = ["augment", str(src), "-n", "40", "-o", str(out), "--labels", "--seed", "5", "--kinds-apart", "--keep-misc"]
    assert main(args) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["extra"]["kinds_apart"] is True and report["extra"]["misc_allowed"] > 0
