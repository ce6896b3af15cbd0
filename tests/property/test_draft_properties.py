"""Any request made of catalogue nouns, counts, rates, locales and unknown nouns drafts a spec that validates
and generates, with the counts asked."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simulacra
from simulacra.draft import draft, load_catalogue

CAT = load_catalogue()
KINDS = sorted(CAT.kinds)
NOUNS = st.sampled_from(KINDS).map(lambda k: CAT.kinds[k])
UNKNOWN = st.sampled_from(["widgets", "gadgets", "turbines", "beehives", "kiosks", "lockers"])
LOCALES = st.sampled_from(["", "; German locale", "; French", "; UK", "; Japanese locale"])


@st.composite
def requests(draw):  # type: ignore[no-untyped-def]
    first = draw(NOUNS)
    # nouns of the setting's domain, or common to every setting: a noun of an unrelated domain is read as an
    # unknown noun on purpose (tests/unit/draft/test_requests_outside_the_catalogue.py)
    fitting = [CAT.kinds[k] for k in KINDS if CAT.kinds[k].domain == first.domain or CAT.kinds[k].common]
    more = draw(st.lists(st.sampled_from(fitting), max_size=3, unique_by=lambda k: k.name))
    kinds = [first, *(k for k in more if k.name != first.name)]
    parts, counted = [], {}
    for k in kinds:
        # a word the kind is read as in any setting ("tickets" needs a cue of support: at a bank it is an unknown
        # noun, by design; "support tickets" is not)
        free = [w for w in k.words if w not in k.needs_cue] or list(k.words)
        word = free[1] if len(free) > 1 else free[0]
        n = draw(st.one_of(st.none(), st.integers(1, 300)))
        parts.append(word if n is None else f"{n:,} {word}")
        if n is not None:
            counted[k.name] = n  # the table of this kind, whatever the request's word names it
    if draw(st.booleans()):
        u = draw(UNKNOWN)
        n = draw(st.integers(1, 200))
        parts.append(f"{n} {u}")
        counted[u] = n
    with_scenario = [k for k in kinds if k.scenarios]
    if with_scenario and draw(st.booleans()):
        k = draw(st.sampled_from(with_scenario))
        sc = draw(st.sampled_from(sorted(k.scenarios)))
        pct = draw(st.sampled_from(["1%", "2.5%", "10%", "one in 20"]))
        parts[-1] += (
            f" with a {pct} {k.scenarios[sc].words[0]} rate"
            if "in" not in pct
            else f", {pct} {k.scenarios[sc].words[0]}"
        )
    setting = CAT.domains[kinds[0].domain][0]
    return f"a {setting}: " + ", ".join(parts) + draw(LOCALES), counted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_any_request_drafts_a_spec_that_validates_and_generates(req) -> None:  # type: ignore[no-untyped-def]
    prompt, counted = req
    d = draft(prompt)  # raises if the draft does not validate
    result = simulacra.generate(d.spec, seed=1, scale=1.0)
    of_kind = {t.get("description", "").split(" (")[0].replace(" ", "_"): name for name, t in d.spec["tables"].items()}
    for what, n in counted.items():
        table = of_kind.get(what, what)  # a catalogue kind's table (named by the request's word), or the unknown noun
        assert result.rows.get(table) == n, (prompt, table, result.rows)
    assert d.assumptions
