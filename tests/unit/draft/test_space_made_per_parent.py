"""A space the request makes per a parent is no venue's fixed set of spaces (issue 20).

"campers book tent pitches" drafted `tent_pitches` made per camper and then, read as a venue's pitches, marked it
`static` (a fixed set that does not grow with --scale): a table made per a parent cannot be both, and the offline
draft failed its own validation ("a bug; please report it"). Now a space made per a parent is left as the request
made it. Several spaces (pitches, studios, rooms, lanes, courts, berths, halls), each request must draft, validate
and generate; no table made per a parent is static.
"""

from __future__ import annotations

import pytest

import simulacra
from simulacra.draft import draft

REQUESTS = [
    "a campsite: 400 campers; campers book tent pitches",
    "a recording business: 120 bands; bands book rehearsal studios",
    "a music school: 300 pupils; pupils book practice rooms",
    "a bowling alley: 900 players; players reserve bowling lanes",
    "a sports centre with 2,000 members; members book squash courts",
    "a marina: 300 sailors; sailors rent boat berths",
    "a conference centre: 80 organisers; organisers book lecture halls",
    "a football club: 60 coaches; coaches book training pitches",
]


@pytest.mark.parametrize("request_text", REQUESTS)
def test_a_space_made_per_a_parent_drafts_validates_and_generates(request_text: str) -> None:
    result = draft(request_text)
    spec = result.spec
    for name, table in spec["tables"].items():
        rows = table["rows"]
        if isinstance(rows, dict) and "per" in rows:
            assert not table.get("static"), f"{name} is made per {rows['per']} and static"
    frames = simulacra.generate(spec, seed=3).frames
    assert set(frames) == set(spec["tables"])
    assert all(frames[t].height > 0 for t in spec["tables"])
