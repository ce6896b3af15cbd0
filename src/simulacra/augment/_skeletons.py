"""Offline augmentation: mine sentence skeletons with entity slots, recombine them, fill slots with fresh values.

Method (``fit`` then ``generate``):

1. every sentence of the corpus becomes a *skeleton*: its words, with each entity span replaced by a
   slot (label and width in words); skeletons are grouped by *shape* (the labels of their slots);
2. new skeletons are walked from an order-2 Markov chain over skeleton tokens (back-off to order 1), so
   sentences recombine at shared words; a step that would repeat more than ``max_shared_ngram`` words of
   the source in a row is not taken; the chain keeps the corpus's share of sentences with entities;
3. a skeleton too close to a source skeleton (Jaccard similarity of word 3-grams >= ``near_duplicate``)
   is rejected;
4. slots are filled with fresh values from the value engine (names, places, companies of the
   locales given) and the world gazetteer (countries, capitals, big cities), consistent within a document (a
   person introduced by full name is later called by the same surname); a slot keeps the kind and shape read
   from its own text (upper case, an acronym, a country, an organisation named as a place); no value that is, or contains, an entity string of the source (or of the de-identification
   mapping given) is ever used;
5. every document is checked again on its final words: no source entity string, no n-gram of the source
   longer than ``max_shared_ngram`` words; a document failing either is dropped and counted.

Same corpus, parameters and seed -> the same documents, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from simulacra.augment._corpus import (
    CLUB_AFTER,
    CLUB_BEFORE,
    ORG_FORM_WORDS,
    WORLD_MIN_NAMES,
    EntityGuard,
    LabelledDoc,
    Token,
    acronym,
    invented_surnames,
    listed,
    name_locales,
    news_firm_names,
    news_spellings,
    place_run,
    sentences,
    tokenize,
    with_firms,
    world_names,
    world_places,
)
from simulacra.augment._numbers import is_number, vary_number
from simulacra.augment._public_places import canonical_place, is_public_place
from simulacra.errors import GenerationError, SourceError

__all__ = ["AugmentReport", "SkeletonAugmenter", "label_family"]

METHOD = "offline: sentence skeletons with entity slots, recombined by an order-2 Markov chain, slots filled by the value engine"

BIG_PLACES = 150  # a locale's biggest towns that LOCATION and one-word ORGANIZATION slots are filled from
#: one-word LOCATION slot: a country, a world city (capitals, big cities), a big town of the locales, a region
LOC1_MIX = (0.4, 0.35, 0.15, 0.1)
#: longer LOCATION slot: a world city, a country, a big town of the locales
LOCN_MIX = (0.45, 0.3, 0.25)
#: an organisation slot that stood for an acronym ('EU', 'NATO'; its surrogate keeps the shape) is filled with one
ACRONYMS = True
#: a slot keeps its kind, read from its (de-identified) text: a country is filled with a country, an organisation
#: named as a place (a team called by its town) with a place
KIND_KEYS = True
#: with ``keep_public_places``: the share of LOCATION slots filled with a public place the source names (in the
#: source's proportions; the rest are filled as without the option, public places now among the values)
SOURCE_PLACE_SHARE = 0.5
#: with ``keep_misc``: the share of MISC slots filled with a MISC string the source names (in the source's
#: proportions; the rest are demonyms and event forms as without the option)
SOURCE_MISC_SHARE = 0.5
#: with ``place_forms``: the share of 'placed' organisation slots whose words besides the place are drawn from the
#: source's own such words ('Newsroom', 'Bank of'); the rest from a club's (CLUB_AFTER / CLUB_BEFORE)
SOURCE_FORM_SHARE = 0.5
#: with ``world_persons``: the share of PERSON slots filled with a name of the world's (one of Faker's person locales,
#: drawn in proportion to the locales the corpus's own persons' names look like, its given name and surname
#: together) rather than one of the ``locales``' own
WORLD_PERSON_SHARE = 1.0
#: with ``unlisted_persons``: the share of PERSON fills whose surname is one no word list knows (``invented_surnames``)
#: is the corpus's own share of PERSON slots whose last word no list knows, at least this
UNLISTED_SHARE = 0.5


@cache
def _place_kinds() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased country names and place names (the world gazetteer and the locales' towns) that tell a slot's
    kind from its text."""
    from simulacra.text._lexicon import lexicon
    from simulacra.values import locale_pools

    lx = lexicon()
    towns = [t for loc in ("en_US", "en_GB", "de_DE", "fr_FR") for t in locale_pools(loc).places.city.values.to_list()]
    countries = frozenset(c.lower() for c in lx.countries)
    places = frozenset(c.lower() for c in (*lx.cities, *lx.major_cities, *lx.regions, *towns))
    return countries, places


BOS = ("<s>",)
EOS = ("</s>",)
Key = tuple[Any, ...]  # ("w", text, space) | ("s", label, width, upper case, space) | BOS | EOS

_DEMONYMS = (
    "Albanian",
    "Algerian",
    "Argentine",
    "Armenian",
    "Australian",
    "Austrian",
    "Belgian",
    "Bolivian",
    "Brazilian",
    "Bulgarian",
    "Cameroonian",
    "Canadian",
    "Chilean",
    "Chinese",
    "Colombian",
    "Croatian",
    "Cuban",
    "Cypriot",
    "Czech",
    "Danish",
    "Dutch",
    "Ecuadorian",
    "Egyptian",
    "Estonian",
    "Ethiopian",
    "Finnish",
    "Georgian",
    "Ghanaian",
    "Greek",
    "Hungarian",
    "Icelandic",
    "Indonesian",
    "Iranian",
    "Irish",
    "Jamaican",
    "Kenyan",
    "Latvian",
    "Lebanese",
    "Lithuanian",
    "Malaysian",
    "Mexican",
    "Moroccan",
    "Nigerian",
    "Norwegian",
    "Pakistani",
    "Peruvian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Serbian",
    "Slovak",
    "Slovenian",
    "Swedish",
    "Thai",
    "Tunisian",
    "Turkish",
    "Ukrainian",
    "Uruguayan",
    "Venezuelan",
    "Vietnamese",
    "Zambian",
)
#: a longer ORGANIZATION slot: the kinds news names besides firms — clubs called by their town, ministries and
#: national bodies, a town's newsroom or exchange, a surname's corporation (general forms, none read from a corpus)
_ORG_FORMS = (
    "{t} United",
    "{t} City",
    "{t} Rovers",
    "{t} Athletic",
    "{t} Wanderers",
    "{t} Rangers",
    "Finance Ministry",
    "Foreign Ministry",
    "Defence Ministry",
    "Interior Ministry",
    "{c} Football Association",
    "{c} Olympic Committee",
    "Bank of {c}",
    "{t} Stock Exchange",
    "{t} Newsroom",
    "{t} Police",
    "{s} Corp",
    "{s} Holdings",
    "{s} Group",
    "{s} Bank",
)
#: a longer ORGANIZATION slot is one of _ORG_FORMS with this probability (else a company of the locales)
ORG_FORMS_SHARE = 0.5
#: clubs' names that stand alone as one word (``CLUB_SUFFIX``'s 'Dynamo', not its 'City')
_CLUB_NAMES = frozenset(
    ("Celtic", "Dynamo", "Lokomotiv", "Spartak", "Sporting", "Borussia", "Eintracht", "Fortuna", "Vitesse", "Ajax")
)
_EVENTS = (
    "{c} Open",
    "{c} Cup",
    "{c} Masters",
    "{d} Grand Prix",
    "{c} Marathon",
    "{d} Championship",
    "{c} Classic",
    "{d} League",
)


def label_family(label: str) -> str:
    """PERSON, LOCATION, ORGANIZATION, MISC or the label itself (CoNLL's PER/LOC/ORG, spaCy's GPE...)."""
    u = label.upper()
    return {
        "PER": "PERSON",
        "PERSON": "PERSON",
        "NAME": "PERSON",
        "LOC": "LOCATION",
        "LOCATION": "LOCATION",
        "GPE": "LOCATION",
        "CITY": "LOCATION",
        "COUNTRY": "LOCATION",
        "ORG": "ORGANIZATION",
        "ORGANIZATION": "ORGANIZATION",
        "COMPANY": "ORGANIZATION",
        "MISC": "MISC",
        "NORP": "MISC",
    }.get(u, u)


@dataclass
class AugmentReport:
    """What was made and the guarantees checked on it."""

    method: str
    seed: int
    documents: int = 0
    sentences: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    source_documents: int = 0
    source_sentences: int = 0
    source_skeleton_shapes: int = 0
    candidates: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    near_duplicate_threshold: float = 0.0
    near_duplicate_rejected_rate: float = 0.0
    near_duplicate_rate: float = 0.0  # accepted sentences at or above the threshold (0 by construction)
    similarity_to_source: dict[str, float] = field(default_factory=dict)
    max_shared_ngram_declared: int = 0
    longest_shared_ngram: int = 0
    source_entity_strings: int = 0
    entity_leaks: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def _shingles(keys: Sequence[Key]) -> frozenset[Key]:
    norm = [k[:2] if k[0] == "s" else (k[0], str(k[1]).lower()) for k in keys]
    if len(norm) < 3:
        return frozenset([tuple(norm)])
    return frozenset(tuple(norm[i : i + 3]) for i in range(len(norm) - 2))


def _key(
    t: Token,
    kinds: tuple[frozenset[str], frozenset[str]] | None = None,
    forms: bool = False,
) -> Key:
    """A word, or a slot with its label, width, shape and space. The shape keeps the case of what the slot stood
    for ('BRUSSELS' in a headline stays upper case: 'upper'), an organisation's acronym form ('acronym') and, with
    ``kinds`` (country names, place names), its kind: a country ('country'), a team called by its town
    ('place'), read from the (de-identified) slot's own text. With ``forms``, an organisation named by a place and
    other words ('Lagos United', 'Sporting Lima', 'Bank of Peru'): 'placed', 'first' or 'last' (where its place is)
    and 'pcountry' when the place is a country."""
    if t.label is None:
        return ("w", t.text, t.space)
    parts = []
    fam = label_family(t.label)
    low = " ".join(t.text.lower().split())
    if ACRONYMS and fam == "ORGANIZATION" and acronym(t.text):
        parts.append("acronym")
    elif kinds is not None and fam == "ORGANIZATION" and (low in kinds[1] or low in kinds[0]):
        parts.append("place")
    elif forms and fam == "ORGANIZATION" and (run := _placed(t.text)) is not None:
        parts += ["placed", "first" if run[0] == 0 else "last", *(["pcountry"] if run[2] == 0 else [])]
    elif kinds is not None and fam == "LOCATION" and low in kinds[0]:
        parts.append("country")
    if any(c.isalpha() for c in t.text) and t.text.isupper():
        parts.append("upper")
    return ("s", t.label, t.width, "|".join(parts), t.space)


def _placed(text: str) -> tuple[int, int, int] | None:
    """Where an organisation's name of several words names a world place (``place_run`` over the gazetteer's
    countries, regions, cities)."""
    words = text.split()
    return place_run(words, world_places()) if len(words) > 1 else None


class SkeletonAugmenter:
    """Learns sentence skeletons from a labelled corpus and writes new labelled documents."""

    def __init__(
        self,
        *,
        seed: int = 0,
        max_shared_ngram: int = 6,
        near_duplicate: float = 0.7,
        forbidden: Iterable[str] = (),
        split: bool = True,
        locales: Sequence[str] = ("en_US", "en_GB"),
        max_sentence_words: int = 80,
        refill_share: float = 0.0,
        keep_public_places: bool = False,
        kinds_apart: bool = False,
        keep_misc: bool = False,
        place_forms: bool = False,
        keep_place_teams: bool = False,
        world_persons: bool = False,
        unlisted_persons: bool = False,
        vary_numbers: bool = False,
        unlisted_orgs: bool = False,
        firm_names: bool = False,
    ) -> None:
        if max_shared_ngram < 1:
            raise GenerationError(f"max_shared_ngram must be at least 1, found {max_shared_ngram}")
        if not 0 < near_duplicate <= 1:
            raise GenerationError(f"near_duplicate must be in (0, 1], found {near_duplicate}")
        if not 0 <= refill_share <= 1:
            raise GenerationError(f"refill_share must be in [0, 1], found {refill_share}")
        self.refill_share = float(refill_share)
        self.keep_public_places = bool(keep_public_places)
        self.kinds_apart = bool(kinds_apart)
        self.keep_misc = bool(keep_misc)
        self.place_forms = bool(place_forms)
        self.keep_place_teams = bool(keep_place_teams)
        self.world_persons = bool(world_persons)
        self.unlisted_persons = bool(unlisted_persons)
        self.vary_numbers = bool(vary_numbers)
        self.unlisted_orgs = bool(unlisted_orgs)
        self.firm_names = bool(firm_names)
        self.seed = int(seed)
        self.max_shared_ngram = int(max_shared_ngram)
        self.near_duplicate = float(near_duplicate)
        self.extra_forbidden = [f for f in forbidden if f and f.strip()]
        self.split = split
        self.locales = tuple(locales)
        self.max_sentence_words = max_sentence_words

    # -- fit ---------------------------------------------------------------------------------------------
    def fit(self, docs: Sequence[LabelledDoc]) -> SkeletonAugmenter:
        if not docs:
            raise SourceError("augment: the corpus has no document")
        L = self.max_shared_ngram + 1
        self.trans2_: dict[Key, Counter[Key]] = {}
        self.trans1_: dict[Key, Counter[Key]] = {}
        self.skel_ngrams_: set[tuple[str, ...]] = set()
        self.src_ngrams_: list[set[tuple[str, ...]]] = [set() for _ in range(L + 1)]  # by length
        self.shingle_index_: dict[Key, list[int]] = {}
        self.src_shingles_: list[frozenset[Key]] = []
        self.doc_lengths_: list[int] = []
        self.skeletons_: list[list[Key]] = []
        self.doc_skeletons_: list[list[list[Key]]] = []  # each source document's sentences (for refilling)
        shapes: set[tuple[str, ...]] = set()
        with_slots = 0
        newline_docs = 0
        entity_strings: set[str] = set(self.extra_forbidden)
        labels: Counter[str] = Counter()
        kinds = _place_kinds() if KIND_KEYS else None
        public: Counter[str] = Counter()  # public places the source names (keep_public_places): not forbidden
        teams: Counter[str] = Counter()  # organisations named by a public place alone (keep_place_teams): the same
        misc: Counter[str] = Counter()  # MISC strings the source names (keep_misc): not forbidden
        affixes: Counter[tuple[str, str]] = Counter()  # place_forms: the words beside a 'placed' name's place
        looks: Counter[str] = Counter()  # world_persons: the person locales the corpus's persons' names look like
        persons_unlisted: list[bool] = []  # unlisted_persons: whether each person's surname is in no word list
        orgs_unlisted: list[bool] = []  # unlisted_orgs: whether each one-word organisation is in no word list
        for d in docs:
            for s, e, lab in d.spans:
                text = d.text[s:e]
                if self.world_persons and label_family(lab) == "PERSON":
                    looks.update(name_locales(text))
                if self.unlisted_persons and label_family(lab) == "PERSON" and text.split():
                    persons_unlisted.append(not listed(text.split()[-1]))
                if self.unlisted_orgs and label_family(lab) == "ORGANIZATION" and len(text.split()) == 1:
                    if not acronym(text):
                        orgs_unlisted.append(not listed(text))
                if self.keep_public_places and label_family(lab) == "LOCATION" and is_public_place(text):
                    public[canonical_place(text)] += 1
                elif self.keep_place_teams and label_family(lab) == "ORGANIZATION" and is_public_place(text):
                    teams[canonical_place(text)] += 1
                elif self.keep_misc and label_family(lab) == "MISC":
                    misc[" ".join(text.split())] += 1
                else:
                    entity_strings.add(text)
            sents = sentences(tokenize(d, split=self.split))
            self.doc_lengths_.append(len(sents))
            self.doc_skeletons_.append([])
            newline_docs += int(any(t.newline for t in tokenize(d, split=self.split)))
            for sent in sents:
                keys = [_key(t, kinds, self.place_forms) for t in sent]
                for t, k in zip(sent, keys, strict=True):
                    if k[0] == "s" and "placed" in str(k[3]).split("|"):
                        words = t.text.split()
                        i, j, _ = _placed(t.text) or (0, 0, 0)
                        for where, part in (("last", words[:i]), ("first", words[j:])):
                            if part and all(w.lower() in ORG_FORM_WORDS for w in part):
                                affixes[(where, " ".join(part))] += 1
                self.skeletons_.append(keys)
                self.doc_skeletons_[-1].append(keys)
                slots = [k for k in keys if k[0] == "s"]
                labels.update(k[1] for k in slots)
                with_slots += bool(slots)
                shapes.add(tuple(k[1] for k in slots))
                seq = [BOS, BOS, *keys, EOS]
                for i in range(2, len(seq)):
                    self.trans2_.setdefault((seq[i - 2], seq[i - 1]), Counter())[seq[i]] += 1
                    self.trans1_.setdefault(seq[i - 1], Counter())[seq[i]] += 1
                run: list[str] = []
                for k in keys:
                    if k[0] == "s":
                        run = []
                        continue
                    run.append(k[1])
                    if len(run) >= L:
                        self.skel_ngrams_.add(tuple(run[-L:]))
                sh = _shingles(keys)
                idx = len(self.src_shingles_)
                self.src_shingles_.append(sh)
                for shingle in sh:
                    self.shingle_index_.setdefault(shingle, []).append(idx)
            for sent in sentences(tokenize(d, slots=False, split=self.split)):
                words = [t.text for t in sent]
                for n in range(1, L + 1):
                    for i in range(len(words) - n + 1):
                        self.src_ngrams_[n].add(tuple(words[i : i + n]))
        self.slot_share_ = with_slots / max(1, len(self.src_shingles_))
        # a walk ends after 3 tokens at least; with vary_numbers after as few as the source's shortest sentence (2 at
        # least): a dateline ('[LOC] 1996-08-22') is new once its date is
        self.min_words_ = max(2, min([3, *(len(k) for k in self.skeletons_)])) if self.vary_numbers else 3
        self.newline_ = newline_docs > len(docs) / 2
        self.shapes_ = len(shapes)
        self.labels_ = dict(sorted(labels.items()))
        self.n_docs_ = len(docs)
        # forbidden: every entity string of the source (and of the mapping), as whole words, case aside
        self.guard_ = EntityGuard(entity_strings)
        self.forbidden_strings_ = entity_strings
        # a public place is not forbidden unless it is (or contains) a forbidden string: a replaced original, or
        # the text of a span that is not a public place (a team's surrogate called by its town)
        self.public_: dict[tuple[bool, bool], tuple[list[str], np.ndarray]] = {}
        countries = _place_kinds()[0]
        for one in (True, False):
            for country in (True, False):
                vals = [
                    v
                    for v in sorted(public)
                    if self._safe(v) and (len(v.split()) == 1) == one and (v.lower() in countries) == country
                ]
                if vals:
                    w = np.array([public[v] for v in vals], dtype=float)
                    self.public_[(one, country)] = (vals, w / w.sum())
        # keep_place_teams: the organisations named by a public place alone, by width ('Chicago', 'New York')
        self.teams_: dict[bool, tuple[list[str], np.ndarray]] = {}
        for one in (True, False):
            vals = [v for v in sorted(teams) if self._safe(v) and (len(v.split()) == 1) == one]
            if vals:
                w = np.array([teams[v] for v in vals], dtype=float)
                self.teams_[one] = (vals, w / w.sum())
        # the same for MISC strings (nationalities, languages, events): never one that is or contains a forbidden
        # string (a replaced person's, organisation's or place's name: 'Thatcher era' when 'Thatcher' was replaced)
        self.misc_: dict[bool, tuple[list[str], np.ndarray]] = {}
        for one in (True, False):
            vals = [v for v in sorted(misc) if self._safe(v) and (len(v.split()) == 1) == one]
            if vals:
                w = np.array([misc[v] for v in vals], dtype=float)
                self.misc_[one] = (vals, w / w.sum())
        # place_forms: the general words the source's 'placed' organisations carry beside their place, by where the
        # place is ('first': 'Newsroom', 'United'; 'last': 'Bank of'); never one that is a forbidden string
        self.affixes_: dict[str, tuple[list[str], np.ndarray]] = {}
        for where in ("first", "last"):
            vals = [a for (w, a), _ in sorted(affixes.items()) if w == where and self._safe(a)]
            if vals:
                w = np.array([affixes[(where, a)] for a in vals], dtype=float)
                self.affixes_[where] = (vals, w / w.sum())
        self.looks_ = looks
        self.unlisted_share_ = max(UNLISTED_SHARE, sum(persons_unlisted) / max(1, len(persons_unlisted)))
        self.org_unlisted_share_ = sum(orgs_unlisted) / max(1, len(orgs_unlisted))
        self._build_pools()
        return self

    def _safe(self, value: str) -> bool:
        """Whether ``value`` neither is nor contains (as whole words, case aside) an entity string of the source."""
        return self.guard_.safe(value)

    def _build_pools(self) -> None:
        from simulacra.values import locale_pools

        first: list[str] = []
        last: list[str] = []
        cities: list[str] = []
        countries: list[str] = []
        companies: list[str] = []
        streets: list[str] = []
        words: list[str] = []
        big: list[str] = []
        regions: list[str] = []
        for loc in self.locales:
            p = locale_pools(loc)
            towns = p.places.city.values.to_list()
            big += [towns[int(i)] for i in np.argsort(-p.places.city.probabilities(), kind="stable")[:BIG_PLACES]]
            regions += p.places.state.unique(maintain_order=True).to_list()
            first += p.first_values.to_list()
            last += p.last.values.to_list()
            cities += p.places.city.values.to_list()
            if loc.startswith("en") or loc == self.locales[-1] and not countries:
                countries += p.countries.values.to_list()  # English names for an English corpus ('Poland')
            companies += p.companies.values.to_list()[:3000]
            streets += p.streets.values.to_list()[:2000]
            words += p.words_capitalized.to_list()

        def clean(values: list[str]) -> list[str]:
            seen: dict[str, None] = {}
            for v in values:
                if v and v not in seen and self._safe(v):
                    seen[v] = None
            return list(seen)

        self.pools_: dict[str, list[str]] = {
            "first": clean(first),
            "last": clean(last),
            "city": clean(cities),
            "country": clean(countries),
            "company": clean(companies),
            "street": clean(streets),
            "word": clean(words),
            "demonym": clean(list(_DEMONYMS)),
        }
        if self.firm_names:  # half the companies one firm's name in news form, not a partnership of surnames
            self.pools_["company"] = list(with_firms(self.pools_["company"], clean(list(news_firm_names()))))
        for name, pool in self.pools_.items():
            if not pool:
                raise GenerationError(f"augment: every value of the '{name}' pool is an entity of the source corpus")
        self.pools_["city1"] = [c for c in self.pools_["city"] if " " not in c and "-" not in c] or self.pools_["city"]
        self.pools_["country1"] = [c for c in self.pools_["country"] if " " not in c] or self.pools_["country"]
        # places news writes about: each locale's biggest towns (the gazetteer's population), not its small ones
        self.pools_["big"] = clean(big) or self.pools_["city"]
        self.pools_["big1"] = [c for c in self.pools_["big"] if " " not in c and "-" not in c] or self.pools_["city1"]
        self.pools_["region"] = clean(regions) or self.pools_["country"]
        # the world gazetteer (the text engine's lexicon, read from Faker's data), accents dropped as news wires
        # do; never a source entity (clean)
        from simulacra.text._lexicon import lexicon

        lx = lexicon()
        ascii_words = news_spellings
        self.pools_["wcountry"] = clean(ascii_words(lx.countries)) or self.pools_["country"]
        self.pools_["wcity"] = clean(ascii_words(lx.major_cities)) or self.pools_["big"]
        self.pools_["wregion"] = clean(ascii_words(lx.regions)) or self.pools_["region"]
        for name in ("wcountry", "wcity"):
            self.pools_[name + "1"] = [c for c in self.pools_[name] if " " not in c and "-" not in c] or self.pools_[
                name
            ]
        if self.unlisted_persons or self.unlisted_orgs:  # surnames no word list knows, none refused
            self.pools_["unlisted"] = clean(list(invented_surnames()))
            if not self.pools_["unlisted"]:
                raise GenerationError("augment: unlisted_persons: every invented surname is refused")
        # world_persons: each person locale's names, none refused; a locale with too few left out
        self.world_: list[tuple[str, list[str], list[str]]] = []
        if self.world_persons:
            for loc, firsts, lasts in world_names():
                f, la = clean(list(firsts)), clean(list(lasts))
                if len(f) >= WORLD_MIN_NAMES and len(la) >= WORLD_MIN_NAMES:
                    self.world_.append((loc, f, la))
            if not self.world_:
                raise GenerationError("augment: world_persons: every person locale's names are refused")
            # in proportion to the locales the corpus's persons look like (every locale alike when none does)
            w = np.array([float(self.looks_.get(loc, 0.0)) for loc, _, _ in self.world_])
            self.world_p_ = w / w.sum() if w.sum() > 0 else np.full(len(w), 1 / len(w))
        if self.kinds_apart:  # general words for organisations: English ones for an English corpus, as countries
            english = [w for loc in self.locales if loc.startswith("en") for w in locale_pools(loc).words_capitalized]
            self._kinds_apart_pools(clean, english or words)

    def _kinds_apart_pools(self, clean: Any, words: list[str]) -> None:
        """Fill pools whose kinds do not cross (``kinds_apart``): a person's name with no word that is a place, a
        place with no word that is a surname, an organisation with no word that is a person's name or a place.
        Built beside the plain pools (names ending ``_k``); de-identification's surrogates are not touched."""
        from simulacra.text.corpus import CLUB_SUFFIX, ORG_KINDS, ORG_TAIL, ORG_WORDS

        countries, places = _place_kinds()
        place_words = {p for p in (*countries, *places) if " " not in p}
        # the names the fills themselves give people (the locales' pools): what a place fill must not read as
        surnames = {w.lower() for w in self.pools_["last"]}
        names = surnames | {w.lower() for w in self.pools_["first"]}

        def words_of(v: str) -> list[str]:
            return [w for w in v.lower().replace("-", " ").replace(",", " ").split() if w]

        def without(values: list[str], banned: set[str]) -> list[str]:
            kept = [v for v in values if not any(w in banned for w in words_of(v))]
            return kept or values  # an empty pool keeps its plain values (never fewer kinds of slot)

        for name in ("first", "last"):
            self.pools_[name + "_k"] = without(self.pools_[name], place_words)
        for name in ("wcountry", "wcountry1", "wcity", "wcity1", "big", "big1", "region"):
            self.pools_[name + "_k"] = without(self.pools_[name], surnames)
        # organisations from general English words: a party or an agency ('National Alliance'), a firm named by a
        # common word ('Harbour Industries'), a club's one-word name ('Dynamo'); none a person's name or a place word
        banned = names | place_words | {d.lower() for d in _DEMONYMS}
        common = [w for w in words if w.isalpha() and len(w) >= 4 and w.lower() not in banned]
        common = clean(sorted(set(common)))
        clubs = clean([c for c in CLUB_SUFFIX if c in _CLUB_NAMES and c.lower() not in banned])
        self.pools_["org1_k"] = clean(clubs * 20 + common) or self.pools_["big1"]
        longer = [f"{a} {b}" for a in ORG_WORDS for b in ORG_KINDS]
        longer += [f"{w} {t}" for w in common for t in ORG_TAIL[::3]]
        longer += [f"{m} Ministry" for m in ("Finance", "Foreign", "Defence", "Interior", "Justice", "Trade")]
        self.pools_["orgn_k"] = clean(without(longer, banned)) or self.pools_["company"]

    # -- generate ----------------------------------------------------------------------------------------
    def _walk(self, rng: np.random.Generator, want_slot: bool) -> list[Key] | None:
        L = self.max_shared_ngram + 1
        ctx = (BOS, BOS)
        keys: list[Key] = []
        run: list[str] = []
        while True:
            counter = self.trans2_.get(ctx) or self.trans1_.get(ctx[1])
            if not counter:
                return None
            options = list(counter)
            weights = np.array([counter[o] for o in options], dtype=float)
            order = np.argsort(-(rng.random(len(options)) ** (1.0 / weights)), kind="stable")
            chosen: Key | None = None
            for j in order:
                o = options[int(j)]
                if o == EOS:
                    if len(keys) < self.min_words_:
                        continue
                    chosen = o
                    break
                if o[0] == "w" and len(run) + 1 >= L and tuple([*run[-(L - 1) :], o[1]]) in self.skel_ngrams_:
                    continue
                chosen = o
                break
            if chosen is None:
                return None
            if chosen == EOS:
                break
            keys.append(chosen)
            run = [] if chosen[0] == "s" else [*run, chosen[1]]
            ctx = (ctx[1], chosen)
            if len(keys) > self.max_sentence_words:
                return None
        if want_slot != any(k[0] == "s" for k in keys):
            return None
        return keys

    def _varied(self, keys: list[Key], rng: np.random.Generator) -> list[Key]:
        """With ``vary_numbers``, the skeleton's numbers redrawn in their shape (``vary_number``: a dateline's date
        another date, a score another score), before the near-duplicate test: a formulaic line (a dateline, a results
        or standings row) is no longer the very skeleton of a source line, and the source's figures are not
        repeated. Without it, ``keys`` as they are (and no draw: the same bytes as before)."""
        if not self.vary_numbers:
            return keys
        return [("w", vary_number(str(k[1]), rng), k[2]) if k[0] == "w" and is_number(str(k[1])) else k for k in keys]

    def _similarity(self, keys: Sequence[Key]) -> float:
        sh = _shingles(keys)
        cands: set[int] = set()
        for s in sh:
            cands.update(self.shingle_index_.get(s, ()))
        best = 0.0
        for c in cands:
            other = self.src_shingles_[c]
            inter = len(sh & other)
            if inter:
                best = max(best, inter / len(sh | other))
        return best

    def _pick(self, rng: np.random.Generator, pool: str) -> str:
        values = self.pools_[pool]
        return values[int(rng.integers(len(values)))]

    def _placed_fill(self, shape: Sequence[str], rng: np.random.Generator) -> str:
        """An organisation named by a place and other words ('placed' shape): a world city or a big town (a country
        for 'pcountry') with the source's own words beside it or a club's, on the same side of the place."""
        k = "_k" if self.kinds_apart else ""
        place = self._pick(
            rng, ("wcountry1" if "pcountry" in shape else "wcity1" if rng.random() < 0.5 else "big1") + k
        )
        where = "first" if "first" in shape else "last"
        if where in self.affixes_ and rng.random() < SOURCE_FORM_SHARE:
            vals, w = self.affixes_[where]
            affix = vals[int(rng.choice(len(vals), p=w))]
        else:
            words = CLUB_AFTER if where == "first" else CLUB_BEFORE
            affix = words[int(rng.integers(len(words)))]
        return f"{place} {affix}" if where == "first" else f"{affix} {place}"

    def _fill(self, label: str, width: int, rng: np.random.Generator, memory: dict[str, list[Any]]) -> str:
        fam = label_family(label)
        people = memory.setdefault("people", [])
        k = "_k" if self.kinds_apart else ""  # the pools whose kinds do not cross
        if fam == "PERSON":
            pick = self._pick
            if self.world_persons and rng.random() < WORLD_PERSON_SHARE:  # one locale's given names and surnames
                _, firsts, lasts = self.world_[int(rng.choice(len(self.world_), p=self.world_p_))]

                def pick(rng: np.random.Generator, pool: str) -> str:
                    values = firsts if pool.startswith("first") else lasts
                    return values[int(rng.integers(len(values)))]

            if self.unlisted_persons:
                plain = pick

                def pick(rng: np.random.Generator, pool: str) -> str:  # a surname no list knows, at a share
                    if pool.startswith("last") and rng.random() < self.unlisted_share_:
                        return self._pick(rng, "unlisted")
                    return plain(rng, pool)

            if width == 1:
                if people and rng.random() < 0.6:
                    return str(people[int(rng.integers(len(people)))][1])
                return pick(rng, "last" + k) if rng.random() < 0.75 else pick(rng, "first" + k)
            first, last = pick(rng, "first" + k), pick(rng, "last" + k)
            people.append((first, last))
            if width >= 3:
                return f"{first} {pick(rng, 'first' + k)} {last}"
            return f"{first} {last}"
        if fam == "LOCATION":  # world places news writes about: countries, capitals and big cities, regions
            r = rng.random()
            if width == 1:
                a, b, c, _ = np.cumsum(LOC1_MIX)
                pool = "wcountry1" if r < a else "wcity1" if r < b else "big1" if r < c else "region"
                return self._pick(rng, pool + k)
            a, b, _ = np.cumsum(LOCN_MIX)
            return self._pick(rng, ("wcity" if r < a else "wcountry" if r < b else "big") + k)
        if fam == "ORGANIZATION" and self.kinds_apart:  # no person's name, no place word
            return self._pick(rng, "org1_k" if width == 1 else "orgn_k")
        if fam == "ORGANIZATION":  # a surname firm or a club named after its (big) town; else a news form or a company
            if width == 1 and self.unlisted_orgs and rng.random() < self.org_unlisted_share_:
                return self._pick(rng, "unlisted")  # a name no list knows, as the corpus's own share ('Gencor')
            if width == 1:
                return self._pick(rng, "last") if rng.random() < 0.5 else self._pick(rng, "big1")
            if ORG_FORMS_SHARE and rng.random() < ORG_FORMS_SHARE:
                form = _ORG_FORMS[int(rng.integers(len(_ORG_FORMS)))]
                town = self._pick(rng, "wcity1" if rng.random() < 0.5 else "big1")
                return form.format(t=town, c=self._pick(rng, "wcountry"), s=self._pick(rng, "last"))
            return self._pick(rng, "company")
        if fam == "MISC":
            if self.keep_misc and rng.random() < SOURCE_MISC_SHARE and (width == 1) in self.misc_:
                vals, w = self.misc_[width == 1]
                return vals[int(rng.choice(len(vals), p=w))]
            if width == 1:
                return self._pick(rng, "demonym")
            pattern = _EVENTS[int(rng.integers(len(_EVENTS)))]
            return pattern.format(c=self._pick(rng, "city1"), d=self._pick(rng, "demonym"))
        if fam in ("DATE", "TIME"):
            day = dt.date(2000, 1, 1) + dt.timedelta(days=int(rng.integers(9000)))
            return (
                day.strftime("%d %B %Y")
                if fam == "DATE"
                else f"{int(rng.integers(24)):02d}:{int(rng.integers(60)):02d}"
            )
        if fam == "EMAIL":
            return f"{self._pick(rng, 'first').lower()}.{self._pick(rng, 'last').lower()}@example.com".replace(" ", "")
        if fam == "PHONE":
            return "+1 555 " + "".join(str(int(d)) for d in rng.integers(0, 10, 7))
        if fam in ("STREET_ADDRESS", "ADDRESS"):
            return f"{int(rng.integers(1, 200))} {self._pick(rng, 'street')}"
        if fam == "URL":
            return f"https://www.{self._pick(rng, 'last').lower()}.example.com"
        if fam == "AGE":
            return str(int(rng.integers(18, 90)))
        if fam in ("ID", "US_SSN", "CREDIT_CARD", "IBAN", "MEDICAL_RECORD", "PASSPORT", "POSTCODE"):
            return "".join(str(int(d)) for d in rng.integers(0, 10, 8))
        return self._pick(rng, "word")

    def _render(self, sents: list[list[Key]], rng: np.random.Generator) -> tuple[LabelledDoc, list[list[str]]] | None:
        memory: dict[str, list[Any]] = {}
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        words_by_sentence: list[list[str]] = []
        pos = 0
        for si, keys in enumerate(sents):
            words: list[str] = []
            if si:
                parts.append("\n" if self.newline_ else " ")
                pos += 1
            for ti, k in enumerate(keys):
                space = ti > 0 and bool(k[-1])
                if space:
                    parts.append(" ")
                    pos += 1
                if k[0] == "s":
                    value = ""
                    for _ in range(20):
                        shape = str(k[3] or "").split("|")
                        if (
                            self.keep_public_places
                            and label_family(str(k[1])) == "LOCATION"
                            and rng.random() < SOURCE_PLACE_SHARE
                            and (int(k[2]) == 1, "country" in shape) in self.public_
                        ):
                            vals, w = self.public_[(int(k[2]) == 1, "country" in shape)]
                            value = vals[int(rng.choice(len(vals), p=w))]
                        elif (
                            "place" in shape
                            and label_family(str(k[1])) == "ORGANIZATION"
                            and (int(k[2]) == 1) in self.teams_
                            and rng.random() < SOURCE_PLACE_SHARE
                        ):
                            vals, w = self.teams_[int(k[2]) == 1]
                            value = vals[int(rng.choice(len(vals), p=w))]
                        elif "acronym" in shape:
                            value = "".join(chr(65 + int(c)) for c in rng.integers(0, 26, int(rng.integers(2, 5))))
                        elif "placed" in shape:
                            value = self._placed_fill(shape, rng)
                        elif "place" in shape or "country" in shape:
                            one = "1" if int(k[2]) == 1 else ""
                            r = rng.random()
                            pool = "wcountry" if "country" in shape else "wcity" if r < 0.6 else "big"
                            value = self._pick(rng, pool + one + ("_k" if self.kinds_apart else ""))
                        else:
                            value = self._fill(str(k[1]), int(k[2]), rng, memory)
                        value = value.upper() if "upper" in shape else value
                        if self._safe(value):
                            break
                    else:
                        return None
                    spans.append((pos, pos + len(value), str(k[1])))
                    words += [t.text for t in tokenize(LabelledDoc(value), slots=False, split=self.split)]
                else:
                    value = str(k[1])
                    words.append(value)
                parts.append(value)
                pos += len(value)
            words_by_sentence.append(words)
        return LabelledDoc("".join(parts), tuple(spans)), words_by_sentence

    def _leaks(self, text: str) -> bool:
        return not self._safe(text)

    def _shares_long_ngram(self, words: Sequence[str]) -> bool:
        L = self.max_shared_ngram + 1
        grams = self.src_ngrams_[L]
        return any(tuple(words[i : i + L]) in grams for i in range(len(words) - L + 1))

    def _longest_shared(self, words: Sequence[str]) -> int:
        best = 0
        L = self.max_shared_ngram + 1
        for i in range(len(words)):
            n = best + 1
            while n <= L and i + n <= len(words) and tuple(words[i : i + n]) in self.src_ngrams_[n]:
                best = n
                n += 1
        return best

    def generate(self, n_documents: int, *, max_attempts: int | None = None) -> tuple[list[LabelledDoc], AugmentReport]:
        """``n_documents`` new labelled documents and the report of what was checked."""
        if not hasattr(self, "trans2_"):
            from simulacra.errors import NotFittedError

            raise NotFittedError("augment: call fit(corpus) before generate")
        if n_documents < 0:
            raise GenerationError(f"augment: the number of documents must be 0 or more, found {n_documents}")
        rng = np.random.default_rng(np.random.SeedSequence([self.seed, 0xA0]))
        report = AugmentReport(
            METHOD,
            self.seed,
            source_documents=self.n_docs_,
            source_sentences=len(self.src_shingles_),
            source_skeleton_shapes=self.shapes_,
            near_duplicate_threshold=self.near_duplicate,
            max_shared_ngram_declared=self.max_shared_ngram,
            source_entity_strings=len(self.forbidden_strings_),
        )
        rejected: Counter[str] = Counter()
        budget = max_attempts if max_attempts is not None else 200 * max(1, n_documents) + 1000
        out: list[LabelledDoc] = []
        sims: list[float] = []
        labels: Counter[str] = Counter()
        longest = 0
        n_sent = 0
        refilled = 0
        while len(out) < n_documents:
            if self.refill_share and rng.random() < self.refill_share:
                # a source document's own (de-identified) skeletons with fresh entities: exempt from the
                # near-duplicate and shared n-gram rules by design, still checked for every source entity string
                if budget <= 0:
                    raise GenerationError(
                        f"augment: made {len(out):,} of {n_documents:,} documents before running out of attempts "
                        f"(rejected: {dict(rejected)})"
                    )
                budget -= 1
                report.candidates += 1
                src = self.doc_skeletons_[int(rng.integers(len(self.doc_skeletons_)))]
                if not any(k[0] == "s" for keys in src for k in keys):
                    rejected["refill_without_slot"] += 1
                    continue
                again = self._render([self._varied(keys, rng) for keys in src], rng)
                if again is None or self._leaks(again[0].text):
                    rejected["no_safe_value" if again is None else "source_entity"] += 1
                    continue
                out.append(again[0])
                refilled += 1
                n_sent += len(src)
                labels.update(lab for _, _, lab in again[0].spans)
                continue
            k = int(self.doc_lengths_[int(rng.integers(len(self.doc_lengths_)))])
            sents: list[list[Key]] = []
            sent_sims: list[float] = []
            while len(sents) < k:
                if budget <= 0:
                    raise GenerationError(
                        f"augment: made {len(out):,} of {n_documents:,} documents before running out of attempts "
                        f"(rejected: {dict(rejected)}); the corpus may be too small or too repetitive for "
                        f"--max-shared-ngram {self.max_shared_ngram} and --near-duplicate {self.near_duplicate}"
                    )
                budget -= 1
                report.candidates += 1
                keys = self._walk(rng, bool(rng.random() < self.slot_share_))
                if keys is None:
                    rejected["dead_end_or_shape"] += 1
                    continue
                keys = self._varied(keys, rng)
                sim = self._similarity(keys)
                if sim >= self.near_duplicate:
                    rejected["near_duplicate"] += 1
                    continue
                sents.append(keys)
                sent_sims.append(sim)
            rendered = self._render(sents, rng)
            if rendered is None:
                rejected["no_safe_value"] += 1
                continue
            doc, words_by_sentence = rendered
            if self._leaks(doc.text):
                rejected["source_entity"] += 1
                continue
            if any(self._shares_long_ngram(w) for w in words_by_sentence):
                rejected["shared_ngram"] += 1
                continue
            out.append(doc)
            sims += sent_sims
            n_sent += len(sents)
            labels.update(lab for _, _, lab in doc.spans)
            longest = max([longest, *(self._longest_shared(w) for w in words_by_sentence)])
        report.documents = len(out)
        report.sentences = n_sent
        report.entities = dict(sorted(labels.items()))
        report.rejected = dict(sorted(rejected.items()))
        report.near_duplicate_rejected_rate = round(rejected["near_duplicate"] / max(1, report.candidates), 4)
        report.near_duplicate_rate = round(sum(s >= self.near_duplicate for s in sims) / max(1, len(sims)), 4)
        if sims:
            arr = np.array(sims)
            report.similarity_to_source = {
                "mean": round(float(arr.mean()), 4),
                "p95": round(float(np.quantile(arr, 0.95)), 4),
                "max": round(float(arr.max()), 4),
                "share_at_or_above_0.5": round(float((arr >= 0.5).mean()), 4),
            }
        report.longest_shared_ngram = longest
        if self.keep_public_places:  # public places of the source allowed in the output (not checked as leaks)
            report.extra["public_places_allowed"] = sum(len(v) for v, _ in self.public_.values())
        if self.keep_misc:  # MISC strings of the source allowed in the output
            report.extra["misc_allowed"] = sum(len(v) for v, _ in self.misc_.values())
        if self.kinds_apart:
            report.extra["kinds_apart"] = True
        if self.place_forms:
            report.extra["place_forms_affixes"] = {w: len(v) for w, (v, _) in self.affixes_.items()}
        if self.firm_names:
            report.extra["firm_names"] = True
        if self.unlisted_orgs:
            report.extra["org_unlisted_share"] = round(self.org_unlisted_share_, 4)
        if self.unlisted_persons:
            report.extra["unlisted_surnames"] = len(self.pools_["unlisted"])
            report.extra["unlisted_share"] = round(self.unlisted_share_, 4)
        if self.world_persons:
            report.extra["world_person_locales"] = {
                loc: round(float(p), 3) for (loc, _, _), p in zip(self.world_, self.world_p_, strict=True) if p > 0
            }
        if self.keep_place_teams:  # organisations named by a public place of the source allowed in the output
            report.extra["place_teams_allowed"] = sum(len(v) for v, _ in self.teams_.values())
        if self.vary_numbers:
            report.extra["vary_numbers"] = True
        if self.refill_share:
            report.extra["refill_share"] = self.refill_share
            report.extra["refilled_documents"] = refilled  # source skeletons refilled (not in the similarity figures)
        report.entity_leaks = 0  # documents with a source entity string were dropped above (counted in 'rejected')
        return out, report
