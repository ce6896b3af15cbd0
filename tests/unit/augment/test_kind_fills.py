"""Surrogates and fills keep the kind and shape of the entity they stand for (a country a country, an acronym an
acronym, a city a world city), never put an original back, and are the same for the same seed.

The corpus is generated: news-like sentences whose places are drawn from half of the world gazetteer's
countries and cities, whose organisations are made-up acronyms and one-word names or teams called by their
town, and whose people have names of many nationalities, so the originals cover much of what a fill could be drawn from."""

from __future__ import annotations

import random
import re

import pytest

from simulacra.augment import EntityGuard, LabelledDoc, augment, deidentify_labelled
from simulacra.text._lexicon import lexicon
from simulacra.values import locale_pools

TEMPLATES = (
    "{PER} met officials of {ORG} in {LOC} on Tuesday .",
    "{ORG} said its profit rose in {LOC} , {PER} told reporters .",
    "Police in {LOC} arrested two men , {ORG} said .",
    "{PER} of {ORG} flew to {LOC} for talks with {PER} .",
    "Exports from {LOC} to {LOC} rose 4 percent , {ORG} said .",
    "{LOC} 1996-08-30",
    "{PER} said {ORG} would cut jobs in {LOC} next year .",
    "Talks between {ORG} and {ORG} resumed in {LOC} .",
)


def _acronym(rng: random.Random) -> str:
    return "".join(rng.choice("BCDFGHJKLMNPRSTVWXZ") for _ in range(rng.randint(2, 4)))  # no word of the text


def _word(rng: random.Random) -> str:
    return rng.choice("BDGKLMPRSTVZ") + "".join(rng.choice("aeiou") + rng.choice("lmnrstvx") for _ in range(2))


def corpus(seed: int, n: int = 160) -> tuple[list[LabelledDoc], dict[str, str]]:
    """``n`` sentences and the kind of each entity string planted: country, city, acronym, org1 or person."""
    rng = random.Random(seed)
    lx = lexicon()
    countries = [c for c in lx.countries if c.isascii() and " " not in c]
    cities = [
        c for c in lx.major_cities if c.isascii() and " " not in c and c.lower() not in {x.lower() for x in lx.regions}
    ]
    countries = rng.sample(countries, len(countries) // 2)
    cities = rng.sample(cities, len(cities))
    cities, clubs = cities[: len(cities) // 2], cities[len(cities) // 2 :]  # teams called by their town
    places = {x.lower() for x in (*lx.cities, *lx.major_cities, *lx.countries, *lx.regions)}
    places |= {x.lower() for x in locale_pools("en_US").places.city.values.to_list()}
    first = [x for x in lx.first if x.isascii()]
    last = [x for x in lx.last if x.isascii()]
    kinds: dict[str, str] = {}
    docs = []
    for _ in range(n):
        template = rng.choice(TEMPLATES)
        text, spans, pos = "", [], 0
        for part in re.split(r"(\{\w+\})", template):
            if part == "{PER}":
                value, label, kind = f"{rng.choice(first)} {rng.choice(last)}", "PER", "person"
            elif part == "{LOC}":
                kind = rng.choice(("country", "city"))
                value, label = rng.choice(countries if kind == "country" else cities), "LOC"
            elif part == "{ORG}":
                kind = rng.choice(("acronym", "org1", "club"))
                value = _acronym(rng) if kind == "acronym" else rng.choice(clubs) if kind == "club" else _word(rng)
                while kind == "org1" and value.lower() in places:
                    value = _word(rng)
                label = "ORG"
            else:
                text += part
                pos += len(part)
                continue
            if kinds.setdefault(value, kind) != kind:  # a made-up name that is also a place: leave it out
                value, label = "Reuters", "ORG"
            spans.append((pos, pos + len(value), label))
            text += value
            pos += len(value)
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, kinds


@pytest.fixture(scope="module")
def planted() -> tuple[list[LabelledDoc], dict[str, str], list[LabelledDoc], set[str]]:
    docs, kinds = corpus(7)
    deid, originals = deidentify_labelled(docs, seed=7)
    return docs, kinds, deid, originals


def _world() -> tuple[set[str], set[str], set[str]]:
    lx = lexicon()
    return {c.lower() for c in lx.countries}, {c.lower() for c in lx.major_cities}, {r.lower() for r in lx.regions}


def test_deid_surrogates_keep_the_kind_and_shape_of_what_they_replace(planted) -> None:
    docs, kinds, deid, _ = planted
    countries, cities, _ = _world()
    seen: dict[str, int] = {}
    for real, fake in zip(docs, deid, strict=True):
        assert [lab for *_, lab in real.spans] == [lab for *_, lab in fake.spans]
        for (s, e, _), (fs, fe, _) in zip(real.spans, fake.spans, strict=True):
            original, surrogate = real.text[s:e], fake.text[fs:fe]
            kind = kinds.get(original)
            if kind is None:
                continue
            seen[kind] = seen.get(kind, 0) + 1
            assert surrogate.lower() != original.lower()
            if kind == "country":
                assert surrogate.lower() in countries, (original, surrogate)
            elif kind in ("city", "club"):  # a capital or big city of the world, not a small town
                assert surrogate.lower() in cities, (original, surrogate)
            elif kind == "acronym":
                assert surrogate.isalpha() and surrogate.isupper() and len(surrogate) == len(original), (
                    original,
                    surrogate,
                )
            elif kind == "org1":
                assert " " not in surrogate and not surrogate.isupper(), (original, surrogate)
    assert min(seen.get(k, 0) for k in ("country", "city", "acronym", "org1", "club", "person")) >= 15, seen


def test_deid_surrogates_never_put_back_an_original_of_another_document(planted) -> None:
    docs, _, deid, originals = planted
    guard = EntityGuard(originals)
    fakes = [d.text[s:e] for d in deid for s, e, lab in d.spans if lab != "MISC"]
    assert len(fakes) > 300
    assert [f for f in fakes if not guard.safe(f)] == []
    for d in deid:  # and as whole words of the text, any case
        for o in originals:
            assert not re.search(rf"(?<!\w){re.escape(o)}(?!\w)", d.text, re.IGNORECASE), (o, d.text)


def test_augment_fills_keep_the_kind_of_their_slot_and_bring_no_original_back(planted) -> None:
    _, _, deid, originals = planted
    out, report = augment(deid, 400, seed=3, forbidden=originals, split=False)
    assert report.documents == 400
    countries, cities, regions = _world()
    places = countries | cities | regions
    for loc in ("en_US", "en_GB"):
        p = locale_pools(loc)
        places |= {v.lower() for v in p.places.city.values.to_list()} | {v.lower() for v in p.places.state.to_list()}
    orgs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]
    locs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "LOC"]
    people = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "PER"]
    assert len(orgs) > 100 and len(locs) > 100 and len(people) > 100
    # the acronyms of the corpus (kept as acronyms by its surrogates) are filled with acronyms
    acronyms = [o for o in orgs if re.fullmatch(r"[A-Z]{2,5}", o)]
    assert len(acronyms) > len(orgs) / 5, orgs[:40]
    assert [v for v in locs if v.lower() not in places] == []
    assert len({v.lower() for v in locs} & cities) > 20  # world cities, not only the locales' towns
    guard = EntityGuard(originals)
    assert [d.text for d in out if not guard.safe(d.text)] == []
    for d in out:
        for s, e, _ in d.spans:
            assert d.text[s:e].strip() == d.text[s:e] and d.text[s:e]


def test_same_seed_same_surrogates_and_fills_another_seed_others() -> None:
    docs, _ = corpus(11, n=60)
    a, oa = deidentify_labelled(docs, seed=5)
    b, ob = deidentify_labelled(docs, seed=5)
    c, _ = deidentify_labelled(docs, seed=6)
    assert a == b and oa == ob and a != c
    x, _ = augment(a, 80, seed=2, forbidden=oa, split=False)
    y, _ = augment(b, 80, seed=2, forbidden=ob, split=False)
    z, _ = augment(a, 80, seed=9, forbidden=oa, split=False)
    assert x == y and x != z


SPORTS = (
    "{O} beat {O} {n}-{m} in {L} on {d} .",
    "{O} drew with {O} in {L} on {d} , the league said .",
    "Police in {L} arrested {n} fans after {O} lost to {O} .",
    "{O} , who play in {L} , signed a striker from {O} for {n} million .",
    "Fans of {O} travelled to {L} to watch the match against {O} .",
    "{O} coach said his side had played well in {L} despite losing to {O} .",
    "{O} lead the table by {n} points after a win over {O} in {L} .",
    "Rain in {L} delayed the start of the game between {O} and {O} by {n} minutes .",
)


def test_a_slot_keeps_the_kind_read_from_its_text_country_or_team_called_by_its_town() -> None:
    """A corpus whose places are all countries and whose organisations are mostly teams called by their town
    (as a de-identified sports page is): the fills keep those kinds, not the default mix."""
    rng = random.Random(3)
    lx = lexicon()
    countries = [c for c in lx.countries if c.isascii() and " " not in c]
    towns = [c for c in lx.major_cities if c.isascii() and " " not in c]
    docs = []
    days = ("Sunday", "Monday", "Friday", "Saturday", "Tuesday")
    for _ in range(160):
        text, spans = "", []
        for part in re.split(r"(\{\w\})", rng.choice(SPORTS)):
            value, label = part, None
            if part == "{O}":  # nine teams called by their town in ten
                value, label = rng.choice(towns) if rng.random() < 0.9 else _word(rng), "ORG"
            elif part == "{L}":
                value, label = rng.choice(countries), "LOC"
            elif part in ("{n}", "{m}"):
                value = str(rng.randint(0, 9))
            elif part == "{d}":
                value = rng.choice(days)
            if label:
                spans.append((len(text), len(text) + len(value), label))
            text += value
        docs.append(LabelledDoc(text, tuple(spans)))
    out, _ = augment(docs, 150, seed=1, split=False)
    countries_low, cities, regions = _world()
    places = countries_low | cities | regions
    for loc in ("en_US", "en_GB"):  # the locales' big towns
        places |= {v.lower() for v in locale_pools(loc).places.city.values.to_list()}
    orgs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]
    locs = [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "LOC"]
    assert len(orgs) > 100 and len(locs) > 50
    assert sum(o.lower() in places for o in orgs) > 0.8 * len(orgs)
    assert sum(v.lower() in countries_low for v in locs) > 0.95 * len(locs)
