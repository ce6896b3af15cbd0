"""A person said only as the modifier of reviews of an act (issue 20, draft30, draft29's N2): 'passenger
reviews of rides' is no table of people made per ride (2 'passenger' rows a ride). Where the act has people
of its own (learners, customers) they write the reviews and the noun makes no table; else the noun is a table
of its own, about 10 acts each: the act's person where a member of staff serves it (a ride's driver: the
ride refers to its passenger, who reviews it once), else the audience each review is by (a bus journey's).

The settings are from no benchmark request set (``benchmarks/draft_requests.py``) nor a held-out request."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import refs

import simulacra
from simulacra.draft import draft
from simulacra.spec import load_spec

#: (request, the act, the people who take it, 'served' | 'taken' | 'audience', the noun said as a modifier)
_SETTINGS = [
    ("a taxi company: 150 cabs, 200 drivers, 30,000 rides over 2023 and passenger reviews of rides", "rides",
     "passengers", "served", "passenger"),
    ("a cab firm: 90 cabs, 120 drivers, 6,000 trips over 2024 and rider reviews of trips", "trips", "riders",
     "served", "rider"),
    ("a driving school: 500 learners, 30 instructors, 8,000 lessons over 2024 and student reviews of lessons",
     "lessons", "learners", "taken", "student"),
    ("a taxi firm: 2,000 customers, 300 drivers, 50,000 trips over 2024 and passenger reviews of trips", "trips",
     "customers", "taken", "passenger"),
    ("a bus company: 80 buses, 40,000 journeys over 2024 and passenger reviews of journeys", "journeys",
     "passengers", "audience", "passenger"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "act", "people", "how", "said"), _SETTINGS)
def test_the_author_is_a_table_of_people_not_made_per_act(
    request_: str, act: str, people: str, how: str, said: str
) -> None:
    spec = draft(request_).spec
    t = spec["tables"]
    load_spec(spec)
    assert said not in t  # no singular table of people per act
    assert people in t and not isinstance(t[people]["rows"], dict)  # a table of its own, not per act
    assert t["reviews"]["rows"]["per"] == act
    if how == "served":
        assert people in refs(t[act]) and refs(t["reviews"]) == {act}
        assert t[people]["rows"] == t[act]["rows"] // 10
    elif how == "taken":
        assert people in refs(t[act]) and refs(t["reviews"]) == {act}
    else:
        assert people not in refs(t[act]) and refs(t["reviews"]) == {act, people}
        assert t[people]["rows"] == t[act]["rows"] // 10


@pytest.mark.parametrize(("request_", "act", "people", "how", "said"), [s for s in _SETTINGS if s[3] == "served"])
@pytest.mark.parametrize("seed", [3, 8])
def test_a_served_act_is_reviewed_once_by_its_person(
    request_: str, act: str, people: str, how: str, said: str, seed: int
) -> None:
    spec = draft(request_).spec
    spec["tables"][act]["rows"] = 400
    spec["tables"][people]["rows"] = 40
    f = simulacra.generate(spec, seed=seed).frames
    akey = spec["tables"][act]["primary_key"]
    pkey = spec["tables"][people]["primary_key"]
    per = f["reviews"].group_by(akey).len()
    assert per.height > 0 and per["len"].max() == 1  # once per act
    assert 0.3 < per.height / f[act].height < 0.8  # a share of the acts (none of a cancelled one)
    assert f[act][pkey].is_in(f[people][pkey]).all()
