"""Requests phrased the ways people relate what they count ('each with', 'per', 'of N each', a participle after
the count, a record of a group's parts) draft a spec that validates and generates, with every count asked kept
where the phrasing says whose it is."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import simulacra
from simulacra.draft import draft, load_catalogue

CAT = load_catalogue()
KINDS = sorted(CAT.kinds)

#: the forms of this stop's draft rules and older ones; the first count is always the first noun's rows in all
FORMS = [
    "{n} {a}, each with {m} {b}",
    "{n} {a}; each of them has {m} {b}",
    "{n} {a} and {m} {b} per {a1}",
    "{n} {a}, {r} {c}, {m} {b} per {c1}",
    "{n} {a} over 2024, {m} {b} a month",
    "{n} {a} with {b} and {c}; {r}% of {b} are late",
    "{n} {a} of {m} {b} each",
    "{n} {a}, {m} {b} each",
    "{n} {a} sold and {c}",
    "{n} {a}; each {a1} has {m} {b}; {b1} attendance records",
    "{n} {a}; each {a1} has {m} {b}; {r},000 {b1} completions",
]


def _word(kind) -> str:  # type: ignore[no-untyped-def]
    free = [w for w in kind.words if w not in kind.needs_cue] or list(kind.words)
    return free[1] if len(free) > 1 else free[0]


@st.composite
def requests(draw):  # type: ignore[no-untyped-def]
    first = CAT.kinds[draw(st.sampled_from(KINDS))]
    fitting = [CAT.kinds[k] for k in KINDS if CAT.kinds[k].domain == first.domain or CAT.kinds[k].common]
    others = [k for k in fitting if k.name != first.name]
    second, third = draw(st.sampled_from(others)), draw(st.sampled_from(others))
    a, b, c = _word(first), _word(second), _word(third)
    if c in (a, b):  # an unknown noun, as a request may name one
        c = draw(st.sampled_from(["widgets", "kiosks", "lockers"]))
    n, m, r = draw(st.integers(2, 60)), draw(st.integers(1, 12)), draw(st.integers(1, 40))
    form = draw(st.sampled_from(FORMS))
    one = {w: (w[:-1] if w.endswith("s") and not w.endswith("ss") else w) for w in (a, b, c)}
    text = form.format(n=n, a=a, b=b, c=c, m=m, r=r, a1=one[a], b1=one[b], c1=one[c])
    setting = CAT.domains[first.domain][0]
    return f"a {setting}: {text}", first.name, n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
# found with --hypothesis-seed=90210: a booking made per its staff had its per key read through the act
@example(("a hr: 2 payrolls; each payroll has 1 candidates; candidate attendance records", "payroll", 2))
def test_a_phrased_request_drafts_a_spec_that_validates_and_generates(req) -> None:  # type: ignore[no-untyped-def]
    prompt, kind, n = req
    d = draft(prompt)  # raises if the draft does not validate
    result = simulacra.generate(d.spec, seed=1, scale=1.0)
    of_kind = {t.get("description", "").split(" (")[0].replace(" ", "_"): name for name, t in d.spec["tables"].items()}
    # the first noun opens the request with its count: its table has those rows, whatever is said after it
    assert result.rows.get(of_kind.get(kind, kind)) == n, (prompt, kind, result.rows)
    assert d.assumptions
