"""Name pools whose concentration is believable (issue 13): a listed name at its share of the people, a tail.

Measured through the value kinds (``first_name``, ``last_name``), per 1,000 people, in every locale: the most
common surname no more than about 1.5% of people (US census 2010: Smith 0.83%), the ten most common under
8%, and 650-850 distinct surnames per 1,000 people (Faker's lists alone gave 360-500).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from simulacra._random import root_stream
from simulacra.values import SUPPORTED_LOCALES, VALUE_KINDS, ValueContext, locale_pools

ROOT = root_stream(20261205).child("names-test")


def draw(kind: str, locale: str, n: int, seed: int, **inputs: pl.Series) -> pl.Series:
    rows = np.arange(n, dtype=np.int64) + seed * 1_000_003
    c = ValueContext(rows, ROOT.child(kind, seed), ROOT.child("person", seed), locale, inputs)
    return VALUE_KINDS[kind].generate(c, {})


def profile(values: pl.Series) -> tuple[float, float, int]:
    counts = np.sort(values.value_counts().get_column("count").to_numpy())[::-1]
    n = float(values.len())
    return counts[0] / n, counts[:10].sum() / n, len(counts)


class TestConcentrationPerThousandPeople:
    """1,000 draws of a name kind look like 1,000 people of the locale, for several seeds."""

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    @pytest.mark.parametrize("seed", [1, 2, 3])
    def test_surnames(self, locale: str, seed: int) -> None:
        top1, top10, distinct = profile(draw("last_name", locale, 1000, seed))
        assert top1 <= 0.02, (locale, top1)  # Faker's weights alone: Smith 2.2% (en_US), 2.9% (en_GB)
        assert top10 <= 0.08, (locale, top10)
        assert distinct >= 600, (locale, distinct)  # Faker's lists alone: 360-500

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    @pytest.mark.parametrize("gender", ["F", "M"])
    def test_first_names(self, locale: str, gender: str) -> None:
        given = pl.Series([gender] * 1000, dtype=pl.String)
        top1, top10, distinct = profile(draw("first_name", locale, 1000, 5, gender=given))
        assert top1 <= 0.05, (locale, gender, top1)  # en_US boys of the 1960s alone: Michael 4.8%
        assert top10 <= 0.27, (locale, gender, top10)
        assert distinct >= 225, (locale, gender, distinct)  # Faker's lists alone: 88-630

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    def test_same_seed_same_names(self, locale: str) -> None:
        a, b = draw("last_name", locale, 500, 9), draw("last_name", locale, 500, 9)
        assert a.to_list() == b.to_list()
        assert draw("last_name", locale, 500, 10).to_list() != a.to_list()


class TestPopulationShares:
    """The pools' shares: the list at the share it covers, a tail below the rarest listed name."""

    @pytest.mark.parametrize(
        ("locale", "name", "share", "rel"),
        [("en_US", "Smith", 0.00828, 0.2), ("en_GB", "Smith", 0.011, 0.02)],
    )
    def test_anchor_names_at_their_census_share(self, locale: str, name: str, share: float, rel: float) -> None:
        # en_US: the kin lists are a little short to carry 62% of people below the rarest listed name, so the
        # list keeps a little more (coverage 0.44 for 0.38): Smith 0.95%, not 0.83% (Faker's weights: 2.2%)
        pool = locale_pools(locale).people.last
        values = pool.values.to_list()
        got = float(pool.probabilities()[values.index(name)])
        assert share * 0.999 <= got <= share * (1 + rel)  # 0.999: the 2**20-entry table rounds

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    @pytest.mark.parametrize("which", ["last", "first_female", "first_male"])
    def test_tail_never_outranks_the_list(self, locale: str, which: str) -> None:
        from simulacra.values._names import population_names

        names = population_names(locale, which)
        w = np.asarray(names.weights)
        assert w.sum() == pytest.approx(1.0)
        assert len(names.items) > 1.5 * names.listed  # a tail there is
        assert w[names.listed :].max() <= w[: names.listed].min() * (1 + 1e-9)
        assert len(set(names.items)) == len(names.items)

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    def test_tail_first_names_keep_one_gender(self, locale: str) -> None:
        p = locale_pools(locale).people
        female, male = set(p.first_female.values.to_list()), set(p.first_male.values.to_list())
        listed = locale_pools(locale)
        both_listed = set(listed.first_female.values.to_list()) & set(listed.first_male.values.to_list())
        assert female & male <= both_listed  # only names Faker itself lists for both

    @pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
    @pytest.mark.parametrize("which", ["last", "first_female", "first_male"])
    def test_tail_names_are_one_capitalised_word(self, locale: str, which: str) -> None:
        from simulacra.values._names import population_names

        names = population_names(locale, which)
        tail = names.items[names.listed :]
        bad = [x for x in tail if not (x[:1].isupper() and x.replace("-", "").replace("'", "").isalpha())]
        assert bad == []
        if locale.startswith("en_"):
            assert all(x.isascii() for x in tail)
