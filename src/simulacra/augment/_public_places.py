"""Well-known public places: names that identify no person, which de-identify -> augment may keep as written.

A place such as 'Germany', 'Moscow' or 'U.S.' is public knowledge, not personal data: a tagger trained on text
where every country and capital was replaced never sees the places news names most. With ``keep_public_places``
(``deidentify_labelled`` and ``augment``), a LOCATION span whose whole text is one of these is kept verbatim;
persons, organisations and every other place are still replaced, and a place string that is also replaced
elsewhere in the corpus (a team called by its town, 'CHICAGO' as an organisation) is never kept.

What counts as public is shipped with simulacra, never read from the corpus: the text engine's world gazetteer
(countries and their common English names, capitals and big cities from Faker's data) and, with ``REGIONS``, the
states, provinces and counties of Faker's locales. Case and accents aside ('MOSCOW', 'Zurich')."""

from __future__ import annotations

from functools import cache

__all__ = ["REGIONS", "canonical_place", "is_public_place", "public_places"]

#: also count the locales' states, provinces and regions ('California', 'Punjab') as public
REGIONS = True


def _norm(text: str) -> str:
    from simulacra.text._lexicon import strip_accents

    return " ".join(strip_accents(text).lower().split())


@cache
def _spellings(regions: bool) -> dict[str, str]:
    from simulacra.augment._corpus import news_spellings
    from simulacra.text._lexicon import lexicon

    lx = lexicon()
    out: dict[str, str] = {}
    for name in news_spellings([*lx.countries, *lx.major_cities, *(lx.regions if regions else ())]):
        out.setdefault(_norm(name), name)
    return out


def public_places() -> frozenset[str]:
    """Normalised (lower case, accents dropped, spaces collapsed) names of the well-known public places."""
    return frozenset(_spellings(REGIONS))


def is_public_place(text: str) -> bool:
    """Whether ``text`` is, as a whole, the name of a well-known public place (case and accents aside)."""
    return _norm(text) in _spellings(REGIONS)


def canonical_place(text: str) -> str:
    """The gazetteer's spelling of a public place ('NEW YORK' -> 'New York'; 'U.S.' stays 'U.S.')."""
    return _spellings(REGIONS)[_norm(text)]
