"""``keep_public_places``: de-identification keeps LOCATION spans that name a well-known public place and the
augmenter may use them, while persons, organisations, other places and every replaced string stay out.

The corpus is generated: news-like sentences whose places are world countries and capitals (public) or made-up
villages (not public), whose organisations are made-up names or teams called by a public city, and whose people
sometimes carry a public place's name as a surname — the collisions a kept place must never reopen."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from simulacra.augment import EntityGuard, LabelledDoc, augment, deidentify_labelled
from simulacra.augment._public_places import is_public_place
from simulacra.text._lexicon import lexicon

TEMPLATES = (
    "{PER} met officials of {ORG} in {LOC} on Tuesday .",
    "{ORG} beat {ORG} 2-1 in {LOC} , {PER} said .",
    "Police in {LOC} arrested two men near {LOC} , {ORG} said .",
    "{PER} flew from {LOC} to {LOC} for talks with {PER} .",
    "{LOC} 1996-08-30",
)


def _word(rng: random.Random) -> str:
    return rng.choice("BDGKLMPRSTVZ") + "".join(rng.choice("aeiou") + rng.choice("lmnrstvx") for _ in range(2))


def corpus(seed: int, n: int = 150) -> tuple[list[LabelledDoc], set[str], set[str]]:
    """``n`` sentences; the public places planted only as places, and those also planted as a team or surname."""
    rng = random.Random(seed)
    lx = lexicon()
    public = [c for c in (*lx.countries, *lx.major_cities) if c.isascii() and " " not in c and c.isalpha()]
    public = rng.sample(public, 60)
    places, shared = public[:45], public[45:]  # 'shared' are also a team's or a person's name
    first = [x for x in lx.first if x.isascii()]
    last = [x for x in lx.last if x.isascii() and not is_public_place(x)]
    docs = []
    for _ in range(n):
        text, spans, pos = "", [], 0
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            r = rng.random()
            if part == "{PER}":
                value, label = f"{rng.choice(first)} {rng.choice(shared if r < 0.2 else last)}", "PER"
            elif part == "{LOC}":
                pool = shared if r < 0.2 else places if r < 0.7 else None
                value = rng.choice(pool) if pool else _word(rng) + "ville"
                value, label = (value.upper() if rng.random() < 0.2 else value), "LOC"
            elif part == "{ORG}":
                value, label = (rng.choice(shared).upper() if r < 0.3 else _word(rng) + " Corp"), "ORG"
            else:
                text += part
                pos += len(part)
                continue
            spans.append((pos, pos + len(value), label))
            text += value
            pos += len(value)
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, set(places), set(shared)


def test_public_places_are_kept_and_nothing_replaced_comes_back() -> None:
    docs, places, shared = corpus(5)
    out, originals = deidentify_labelled(docs, seed=5, keep_public_places=True)
    low = {p.lower() for p in places}
    for d, o in zip(docs, out, strict=True):
        for (s, e, lab), (os_, oe, olab) in zip(d.spans, o.spans, strict=True):
            assert olab == lab
            before, after = d.text[s:e], o.text[os_:oe]
            if lab == "LOC" and before.lower() in low:
                assert after == before, (before, after)  # a public place named only as a place: kept
            else:
                assert after != before, (lab, before)  # persons, organisations, villages, shared names: replaced
    kept = {d.text[s:e].lower() for d in out for s, e, _ in d.spans}
    assert low & kept  # the option keeps something
    assert not {x.lower() for x in shared} & kept  # a place also named as a team or surname is never kept
    guard = EntityGuard(originals)
    assert all(guard.safe(o.text) for o in out)  # no replaced original anywhere in the output
    assert not {o.lower() for o in originals} & low


def test_without_the_option_every_place_is_replaced() -> None:
    docs, places, _ = corpus(6, n=60)
    out, originals = deidentify_labelled(docs, seed=6)
    assert {d.text[s:e] for d in docs for s, e, lab in d.spans if lab == "LOC"} <= originals
    guard = EntityGuard(originals)
    assert all(guard.safe(o.text) for o in out)


def test_augment_uses_kept_places_and_never_a_replaced_or_private_string() -> None:
    docs, places, shared = corpus(7)
    deid, originals = deidentify_labelled(docs, seed=7, keep_public_places=True)
    new, report = augment(deid, 120, seed=7, forbidden=originals, split=False, keep_public_places=True)
    assert len(new) == 120 and report.entity_leaks == 0
    # replaced originals, and every entity string of the de-identified source that is not a public place
    # (surrogates of persons, organisations and villages), never appear
    private = {
        d.text[s:e] for d in deid for s, e, lab in d.spans if not (lab == "LOC" and is_public_place(d.text[s:e]))
    }
    for guard in (EntityGuard(originals), EntityGuard(private)):
        assert all(guard.safe(d.text) for d in new)
    filled = [d.text[s:e] for d in new for s, e, lab in d.spans if lab == "LOC"]
    low = {d.text[s:e].lower() for d in deid for s, e, _ in d.spans} & {p.lower() for p in places}  # kept ones
    assert sum(f.lower() in low for f in filled) > 0.25 * len(filled)  # half the slots draw the source's places
    again, _ = augment(deid, 120, seed=7, forbidden=originals, split=False, keep_public_places=True)
    assert [d.text for d in again] == [d.text for d in new]  # same seed, same bytes


def test_augment_without_the_option_forbids_the_source_places() -> None:
    docs, places, _ = corpus(8, n=100)
    deid, originals = deidentify_labelled(docs, seed=8, keep_public_places=True)
    new, _ = augment(deid, 80, seed=8, forbidden=originals, split=False)
    guard = EntityGuard({d.text[s:e] for d in deid for s, e, _ in d.spans})
    assert all(guard.safe(d.text) for d in new)  # as before: no entity string of the source, places included


def test_cli_option_allows_the_public_places_and_reports_them(tmp_path: Path) -> None:
    from simulacra.cli.main import main

    docs, places, shared = corpus(9, n=80)
    deid, originals = deidentify_labelled(docs, seed=9, keep_public_places=True)
    src = tmp_path / "deid.jsonl"
    src.write_text(
        "".join(
            json.dumps({"text": d.text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in d.spans]})
            + "\n"
            for d in deid
        )
    )
    for flag, out in (([], tmp_path / "off"), (["--keep-public-places"], tmp_path / "on")):
        assert main(["augment", str(src), "-n", "60", "-o", str(out), "--labels", "--seed", "9", *flag]) == 0
    report = json.loads((tmp_path / "on" / "report.json").read_text())
    assert report["extra"]["public_places_allowed"] > 0
    assert "public_places_allowed" not in json.loads((tmp_path / "off" / "report.json").read_text())["extra"]
    low = {d.text[s:e].lower() for d in deid for s, e, _ in d.spans} & {p.lower() for p in places}  # kept ones
    assert low

    def place_fills(folder: Path) -> int:
        rows = [json.loads(x) for x in (folder / "documents.jsonl").read_text().splitlines()]
        return sum(r["text"][s["start"] : s["end"]].lower() in low for r in rows for s in r["spans"])

    assert place_fills(tmp_path / "off") == 0 and place_fills(tmp_path / "on") > 0
    # every entity string of the corpus but its public places is still refused (the originals need --mapping)
    private = {
        d.text[s:e] for d in deid for s, e, lab in d.spans if not (lab == "LOC" and is_public_place(d.text[s:e]))
    }
    guard = EntityGuard(private)
    assert all(
        guard.safe(json.loads(x)["text"]) for x in (tmp_path / "on" / "documents.jsonl").read_text().splitlines()
    )
