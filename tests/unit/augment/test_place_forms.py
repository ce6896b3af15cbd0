"""A slot's fill shaped like its source string, as classes planted in generated corpora (several seeds):

- ``place_forms`` (de-identification and augmentation): an organisation named by a place and other words — a club
  called by its town ('<city> United', 'Dynamo <city>'), a newsroom ('<city> Newsroom'), a central bank ('Bank of
  <country>'), a team with a nickname ('<city> <made-up word>') — keeps that form: its surrogate is another world
  place of the same kind on the same side, the general words of organisations' names kept, any other word a
  club's; augmentation fills such slots in that form. Without the option these are companies' names.
- ``keep_place_teams`` (with ``keep_public_places``): an organisation named by a public place alone (a team called
  by its town: 'CHICAGO 71 64') is kept as written, so the place is no longer replaced everywhere because a team
  bears its name ('CHICAGO 1996-08-22' stays), and augmentation fills organisation slots named as a place with
  these teams half the time; organisations named otherwise stay replaced.

No original entity string comes back, the longest shared run stays within the declared one, no near-duplicate is
in the output, and the same seed gives the same bytes."""

from __future__ import annotations

import random
import re

import pytest

from simulacra.augment import EntityGuard, LabelledDoc, augment, deidentify_labelled
from simulacra.augment._corpus import CLUB_AFTER, CLUB_BEFORE, place_run, world_places
from simulacra.text._lexicon import lexicon

TEMPLATES = (
    "{ORG} beat {ORG} 2-1 in {LOC} on Saturday , {PER} said .",
    "{PER} of {ORG} flew to {LOC} for talks with {PER} .",
    "{ORG} said its profit rose in {LOC} .",
    "-- {PER} , {ORG} +44 171 542 7000",
    "{ORG} 3 {ORG} 0",
    "Police in {LOC} arrested two men , {ORG} said .",
)
KEPT = {"United": "first", "Rovers": "first", "Newsroom": "first", "Dynamo": "last", "Bank of": "last"}


def _word(rng: random.Random) -> str:
    return rng.choice("BDGKLMPRSTVZ") + "".join(rng.choice("aeiou") + rng.choice("lmnrstvx") for _ in range(2))


def corpus(seed: int, n: int = 160) -> tuple[list[LabelledDoc], dict[str, str]]:
    """``n`` sentences; each organisation named by a place is recorded with where its place is ('first', 'last').
    The cities are one word of the world gazetteer, the persons and the other organisations made-up words."""
    rng = random.Random(seed)
    lx = lexicon()
    countries = [c for c in lx.countries if c.isascii() and " " not in c]
    cities = [
        c for c in lx.major_cities if c.isascii() and " " not in c and c.lower() not in {x.lower() for x in lx.regions}
    ]
    rng.shuffle(cities)
    org_towns, loc_towns = cities[: len(cities) // 2], cities[len(cities) // 2 :]
    placed: dict[str, str] = {}
    docs = []
    for _ in range(n):
        text, spans, pos = "", [], 0
        for part in re.split(r"(\{\w+\})", rng.choice(TEMPLATES)):
            if part == "{PER}":
                value, label = f"{_word(rng)} {_word(rng)}", "PER"
            elif part == "{LOC}":
                value, label = rng.choice(loc_towns), "LOC"
            elif part == "{ORG}":
                r, town = rng.random(), rng.choice(org_towns)
                if r < 0.5:
                    value = f"{town} {rng.choice(('United', 'Rovers', 'Newsroom'))}"
                elif r < 0.6:
                    value = f"{town} {_word(rng)}s"  # a nickname: not a general word, replaced by a club's
                elif r < 0.75:
                    value = f"Dynamo {town}" if rng.random() < 0.5 else f"Bank of {rng.choice(countries)}"
                else:
                    value = f"{_word(rng)} Corp"
                run = place_run(value.split(), world_places())
                if run is not None:
                    placed[value] = "first" if run[0] == 0 else "last"
                label = "ORG"
            else:
                text += part
                pos += len(part)
                continue
            spans.append((pos, pos + len(value), label))
            text += value
            pos += len(value)
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, placed


def _side(value: str) -> str | None:
    run = place_run(value.split(), world_places())
    return None if run is None else "first" if run[0] == 0 else "last"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_deid_keeps_an_organisation_named_by_a_place_in_its_form(seed: int) -> None:
    docs, placed = corpus(seed)
    assert len(placed) > 40
    on, originals = deidentify_labelled(docs, seed=seed, place_forms=True)
    off, _ = deidentify_labelled(docs, seed=seed)
    kept_form = shaped_off = total = 0
    for real, a, b in zip(docs, on, off, strict=True):
        for (s, e, _), (as_, ae, _), (bs, be, _) in zip(real.spans, a.spans, b.spans, strict=True):
            original = real.text[s:e]
            if original not in placed:
                continue
            total += 1
            fake = a.text[as_:ae]
            assert fake.lower() != original.lower()
            assert _side(fake) == placed[original], (original, fake)  # a world place, on the same side
            words = original.split()
            general = {w: side for w, side in KEPT.items() if original.startswith(w) or original.endswith(w)}
            for w, side in general.items():  # the general words are kept, in their place
                assert fake.endswith(w) if side == "first" else fake.startswith(w), (original, fake)
            if not general:  # a nickname is replaced by a club's word
                other = fake.split()[-1] if placed[original] == "first" else fake.split()[0]
                assert other in (CLUB_AFTER if placed[original] == "first" else CLUB_BEFORE), (original, fake)
                assert words[-1] not in fake
            kept_form += 1
            shaped_off += _side(b.text[bs:be]) == placed[original]
    assert kept_form == total > 60
    assert shaped_off < total / 4  # without the option most are companies' names (the class is real)
    # no organisation's surrogate is or contains an entity string of the corpus (persons are the text engine's own)
    guard = EntityGuard({d.text[s:e] for d in docs for s, e, _ in d.spans})
    assert [f for d in on for s, e, lab in d.spans if lab == "ORG" and not guard.safe(f := d.text[s:e])] == []
    again, _ = deidentify_labelled(docs, seed=seed, place_forms=True)
    assert again == on


@pytest.mark.parametrize("seed", [4, 5])
def test_augment_fills_placed_slots_in_their_form(seed: int) -> None:
    docs, _ = corpus(seed)
    deid, originals = deidentify_labelled(docs, seed=seed, place_forms=True)
    new, report = augment(deid, 300, seed=seed, forbidden=originals, split=False, place_forms=True)
    plain, _ = augment(deid, 300, seed=seed, forbidden=originals, split=False)

    def orgs(out: list[LabelledDoc]) -> list[str]:
        return [d.text[s:e] for d in out for s, e, lab in d.spans if lab == "ORG"]

    shaped = [o for o in orgs(new) if _side(o) is not None]
    shaped_plain = [o for o in orgs(plain) if _side(o) is not None]
    assert len(shaped) > 0.4 * len(orgs(new)) and len(orgs(new)) > 150
    assert len(shaped_plain) < 0.25 * len(orgs(plain))  # without the option they are companies and clubs' towns
    affixes = report.extra["place_forms_affixes"]  # the source's own words beside a place: "Newsroom", "Bank of"...
    assert affixes["first"] >= 3 and affixes["last"] >= 2, affixes
    guard = EntityGuard({d.text[s:e] for d in deid for s, e, lab in d.spans} | originals)
    assert all(guard.safe(d.text) for d in new)
    assert report.longest_shared_ngram <= report.max_shared_ngram_declared and report.near_duplicate_rate == 0
    again, _ = augment(deid, 300, seed=seed, forbidden=originals, split=False, place_forms=True)
    assert [d.text for d in again] == [d.text for d in new]


TEAM_TEMPLATES = (
    "{TEAM} {n} {TEAM} {n}",
    "{TOWN} 1996-08-{n}",
    "{PER} joined {TEAM} from {ORG} in {TOWN} .",
    "Police in {TOWN} said {PER} of {ORG} was held .",
)


def team_corpus(seed: int, n: int = 160) -> tuple[list[LabelledDoc], set[str]]:
    """Teams called by a public city, the same cities as places (datelines), made-up firms and people."""
    rng = random.Random(seed)
    lx = lexicon()
    towns = [c for c in lx.major_cities if c.isascii() and c.replace(" ", "").isalpha()]
    towns = rng.sample(towns, 30)
    docs = []
    for _ in range(n):
        text, spans = "", []
        for part in re.split(r"(\{\w+\})", rng.choice(TEAM_TEMPLATES)):
            value, label = part, None
            if part == "{TEAM}":
                value, label = rng.choice(towns[:20]).upper(), "ORG"
            elif part == "{TOWN}":
                value, label = rng.choice(towns), "LOC"
            elif part == "{ORG}":
                value, label = f"{_word(rng)} Corp", "ORG"
            elif part == "{PER}":
                value, label = f"{_word(rng)} {_word(rng)}", "PER"
            elif part == "{n}":
                value = str(rng.randint(10, 31))
            if label:
                spans.append((len(text), len(text) + len(value), label))
            text += value
        docs.append(LabelledDoc(text, tuple(spans)))
    return docs, {t.lower() for t in towns[:20]}


@pytest.mark.parametrize("seed", [8, 9])
def test_keep_place_teams_keeps_a_team_called_by_its_town_and_the_town(seed: int) -> None:
    docs, teams = team_corpus(seed)
    on, originals = deidentify_labelled(docs, seed=seed, keep_public_places=True, keep_place_teams=True)
    off, off_originals = deidentify_labelled(docs, seed=seed, keep_public_places=True)

    def kept(out: list[LabelledDoc], label: str) -> int:
        return sum(
            a.text[s:e] == b.text[bs:be] and lab == label
            for a, b in zip(docs, out, strict=True)
            for (s, e, lab), (bs, be, _) in zip(a.spans, b.spans, strict=True)
            if a.text[s:e].lower() in teams
        )

    assert kept(off, "ORG") == 0 and kept(off, "LOC") == 0  # a team's town is replaced everywhere without it
    assert kept(on, "ORG") > 50 and kept(on, "LOC") > 20  # with it the team and its town stay
    assert not {o.lower() for o in originals} & teams and {o.lower() for o in off_originals} & teams
    firms = {
        d.text[s:e] for d in docs for s, e, lab in d.spans if lab in ("ORG", "PER") and d.text[s:e].lower() not in teams
    }
    assert firms <= originals  # firms and people are still replaced
    assert all(EntityGuard(originals).safe(d.text) for d in on)
    new, report = augment(
        on, 200, seed=seed, forbidden=originals, split=False, keep_public_places=True, keep_place_teams=True
    )
    orgs = [d.text[s:e] for d in new for s, e, lab in d.spans if lab == "ORG"]
    assert sum(o.lower() in teams for o in orgs) > 0.2 * len(orgs) and report.extra["place_teams_allowed"] > 10
    private = {d.text[s:e] for d in on for s, e, lab in d.spans if d.text[s:e].lower() not in teams and lab != "LOC"}
    assert all(EntityGuard(private | originals).safe(d.text) for d in new)
    assert report.longest_shared_ngram <= report.max_shared_ngram_declared and report.near_duplicate_rate == 0
    plain, _ = augment(on, 200, seed=seed, forbidden=originals, split=False, keep_public_places=True)
    assert not [o for d in plain for s, e, lab in d.spans if lab == "ORG" and (o := d.text[s:e]).lower() in teams]
    again, _ = augment(
        on, 200, seed=seed, forbidden=originals, split=False, keep_public_places=True, keep_place_teams=True
    )
    assert [d.text for d in again] == [d.text for d in new]
