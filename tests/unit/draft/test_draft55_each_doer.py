"""'each <doer> <verb> <things> [with a <partner>]': the doer said once, in the singular after 'each' or 'every',
and the partner said after 'with a'/'with an' are tables of their own (named in the plural, counted or not), and
the things — the record of the act — refer to both, made per doer where not counted; the generated keys point at
real rows.

The nouns here are from no benchmark request set (``benchmarks/draft_requests.py``, ``draft_each_doer.py``)."""

from __future__ import annotations

import pytest
from tests.unit.draft.draft_helpers import assert_keys_point_at_rows, assert_record_refers_to

import simulacra
from simulacra.draft import draft

#: (request, doers, the act's record, partner or None)
_EACH = [
    ("a kennel where each groomer washes dogs with a helper", "groomers", "dogs", "helpers"),
    ("a riding stable where every rider schedules rides with a groom", "riders", "rides", "grooms"),
    # a thing sold stands apart from the act: the verb's record (sales) is the one keyed to the doer and partner
    ("a studio where each painter sells canvases with an agent", "painters", "sales", "agents"),
    ("a bakery where each baker bakes loaves", "bakers", "loaves", None),
    (
        "an archive: 30 archivists; each archivist catalogues folders with a volunteer",
        "archivists",
        "folders",
        "volunteers",
    ),
    ("a dojo where each student books lessons with a sensei", "students", "lessons", "senseis"),
]


@pytest.mark.parametrize(("request_", "doers", "records", "partners"), _EACH)
def test_doer_and_partner_are_tables_the_record_refers_to(
    request_: str, doers: str, records: str, partners: str | None
) -> None:
    d = draft(request_)
    tables = d.spec["tables"]
    assert_record_refers_to(tables, records, doers, partners)
    # no table of the verb or of a phrase glued across it
    verb = request_.split(doers[:-1] + " ", 1)[1].split()[0]
    assert not any(verb in name.split("_") for name in tables)
    assert any(doers in line and records in line for line in d.assumptions)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("request_", "doers", "records", "partners"), _EACH[:3] + _EACH[4:5])
def test_generated_records_point_at_real_doers_and_partners(
    request_: str, doers: str, records: str, partners: str | None, seed: int
) -> None:
    spec = draft(request_).spec
    frames = simulacra.generate(spec, seed=seed, scale=0.02).frames
    simulacra.validate(spec, frames)
    assert_keys_point_at_rows(spec, frames, records, [doers] + ([partners] if partners else []))


def test_a_counted_doer_keeps_its_count() -> None:
    spec = draft("an archive: 30 archivists; each archivist catalogues folders with a volunteer").spec
    assert spec["tables"]["archivists"]["rows"] == 30
