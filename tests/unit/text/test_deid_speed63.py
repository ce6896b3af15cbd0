"""deid63 (issue 14, speed): per-call work in the surrogates done once, with the same answers as the plain code.

A speed change only. Each fast form is compared with the plain form it replaces (kept here as written on main) on
planted inputs of several shapes, sizes and seeds: a group word's pool, a short given name's full form in a scope,
whether a fake shares a word with the document's real names, and where a mail domain's label may be spelled out.
"""

from __future__ import annotations

import random

import pytest
from tests.deid63_as_written import group_as_written, head_starts_as_written, pool_as_written

from simulacra.text import domain_orgs, surrogates
from simulacra.text._groups import GROUP_KINDS
from simulacra.text.surrogates import SurrogateMapper, _fake_words, _shares_word

SEEDS = (1, 2, 3)


# --- SurrogateMapper.group: the pool of one kind and number, built once -----------------------------------------
# (main's form, the pool built on every call, lives in tests/deid63_as_written.py: the benchmark times it too)


def _group_words(rng: random.Random, n: int) -> list[str]:
    """Group words of every kind in several cases and spacings, plus words no kind knows."""
    words = [w for ws in GROUP_KINDS.values() for w in ws]
    out = []
    for _ in range(n):
        w = rng.choice(words + ["Martian", "Swiss", "Chinese", "Lakers", "Pass", "xyz"])
        shape = rng.randrange(4)
        if shape == 1:
            w = w.upper()
        elif shape == 2:
            w = w.lower()
        elif shape == 3:
            w = w.replace(" ", "  ")
        out.append(w)
    return out


def test_group_pool_is_built_once_per_kind_and_number() -> None:
    pool = surrogates._group_pool  # absent on main: the pool was built inline on every call
    pool.cache_clear()
    m = SurrogateMapper(seed=1, scope="doc:1")
    words = _group_words(random.Random(0), 300)
    for w in words:
        m.group(w)
    kinds = {surrogates.group_kind(w) for w in words} - {None}
    assert pool.cache_info().misses <= 2 * len(kinds)
    assert pool.cache_info().hits > 100


@pytest.mark.parametrize("kind", sorted(GROUP_KINDS))
@pytest.mark.parametrize("plural", [False, True])
def test_group_pool_equals_the_inline_pool(kind: str, plural: bool) -> None:
    word = "Swedes" if plural else "Swede"  # only the number is read from the word
    assert surrogates._group_pool(kind, plural) == pool_as_written(word, kind)


@pytest.mark.parametrize("seed", SEEDS)
def test_group_fakes_equal_mains(seed: int) -> None:
    rng = random.Random(seed)
    for scope in range(20):
        words = _group_words(rng, rng.randint(1, 40))
        fast = SurrogateMapper(seed=seed, scope=f"doc:{scope}")
        plain = SurrogateMapper(seed=seed, scope=f"doc:{scope}")
        assert [fast.group(w) for w in words] == [group_as_written(plain, w) for w in words]


# --- SurrogateMapper._short_of: the one longer given name of the scope a key starts ------------------------------


def _short_of_as_written(m: SurrogateMapper, key: str) -> str | None:
    if len(key) < 3 or key in m._first:
        return None
    longer = [g for g in m._first if len(g) > len(key) and g.startswith(key)]
    return longer[0] if len(longer) == 1 else None


_GIVEN = ["rajesh", "raj", "rajeev", "mike", "michael", "michelle", "chris", "christopher", "christine", "al",
          "alan", "alexander", "alexandra", "zoë", "zoey", "jo", "joanne", "jon", "jonathan", "ed", "edward", "eddie"]  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_short_of_equals_mains(seed: int) -> None:
    rng = random.Random(seed)
    asked = found = 0
    for _ in range(200):
        m = SurrogateMapper(seed=seed, scope="doc")
        for g in rng.sample(_GIVEN, rng.randint(0, len(_GIVEN))):
            m._first[g] = g.title()
        keys = [g[: rng.randint(1, len(g) + 1)] for g in _GIVEN] + ["", "x", "rajeshwar", "michaels"]
        for k in keys:
            got = m._short_of(k)
            assert got == _short_of_as_written(m, k), (k, sorted(m._first))
            asked += 1
            found += got is not None
    assert found > 100 and asked - found > 100  # both answers planted


# --- _shares_word: a set test, not a generator -------------------------------------------------------------------


def _shares_word_as_written(fake: str, words: set[str]) -> bool:
    if fake in words:
        return True
    return any(w in words for w in _fake_words(fake))


@pytest.mark.parametrize("seed", SEEDS)
def test_shares_word_equals_mains(seed: int) -> None:
    rng = random.Random(seed)
    vocab = ["reed", "brown", "marquez", "may", "lee", "o", "zoë", "smith-jones", "van", "der", "1st", "x"]
    hits = misses = 0
    for _ in range(600):
        fake = rng.choice([" ", ", ", " and ", "-", "'", "  "]).join(rng.sample(vocab, rng.randint(1, 4)))
        words = set(rng.sample(vocab, rng.randint(0, 5))) | ({fake} if rng.random() < 0.1 else set())
        got = _shares_word(fake, words)
        assert got == _shares_word_as_written(fake, words), (fake, words)
        hits += got
        misses += not got
    assert hits > 100 and misses > 100


# --- domain_orgs: a label's head found with str.find on the lowercase, not a pattern compiled per head -----------
# (main's form lives in tests/deid63_as_written.py beside group's)


_HEAD_PIECES = ["north", "NORTH", "North", "NoRtH", "wind", "abab", "ababab", "aaaa", "aaaaaaa", "kilo", "Kilo",
                "\u212ailo", "k\u0131lo", "\u0130stanbul", "istanbul", "\u017fils", "sils", "ße", "SS", " ", "\n", "@",
                "-", ".", "Traders", "trad", "x1", "  ", "é", "Ærø"]  # fmt: skip
_HEADS = ["nort", "wind", "abab", "aaaa", "kilo", "ista", "sils", "trad", "ss", "aaa", "k\u0131lo", "\u212ailo"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("ascii_only", [True, False])
def test_head_starts_equal_mains(seed: int, ascii_only: bool) -> None:
    rng = random.Random(seed)
    pieces = [p for p in _HEAD_PIECES if p.isascii()] if ascii_only else _HEAD_PIECES
    found = 0
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        heads = rng.sample(_HEADS, rng.randint(1, 5))
        got = domain_orgs._head_starts(heads, text)  # absent on main
        assert got == head_starts_as_written(heads, text), (heads, text)
        found += len(got)
    assert found > 1000


def test_head_starts_are_not_overlapping_like_finditer() -> None:
    assert domain_orgs._head_starts(["aaaa"], "aaaaaaaaa") == [0, 4]
    assert domain_orgs._head_starts(["abab"], "xABABab") == [1]
    assert domain_orgs._head_starts([""], "ab") == [0, 1, 2]


def _mail(rng: random.Random) -> str:
    """An e-mail whose signature names a firm its addresses spell as their domain, in several forms."""
    firm = rng.choice([["Northwind", "Traders"], ["Kilo", "Systems"], ["Abab", "Abab"], ["Sils", "Maria", "Group"]])
    sep = rng.choice(["", "-", "_", "."])
    tld = rng.choice(["com", "co.uk", "net", "de"])
    domain = sep.join(w.lower() for w in firm) + "." + tld
    case = rng.choice([str, str.upper, str.lower])
    lines = [
        f"From: Anna Kowalski <anna@{domain}>",
        f"To: bob@{rng.choice([domain, 'gmail.com', 'ab-ab.org'])}",
        "",
        rng.choice(["Hi Bob,", "Bob -", "Dear all,"]),
        f"We at {case(' '.join(firm))} {rng.choice(['agree', 'will call', 'say no'])}.",
        rng.choice(["", "K\u0131lo Systems and \u212ailo Systems too.", "\u0130stanbul office."]),
        f"Anna Kowalski | Manager | {' '.join(firm)}{rng.choice(['', ' Inc', ' Ltd'])}",
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", SEEDS)
def test_domain_org_spans_equal_mains(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    texts = [_mail(rng) for _ in range(150)]
    fast = [domain_orgs.domain_org_spans(t) for t in texts]
    monkeypatch.setattr(domain_orgs, "_head_starts", head_starts_as_written)
    assert fast == [domain_orgs.domain_org_spans(t) for t in texts]
    assert sum(map(len, fast)) > 100  # firms planted and found
