"""A spec a language model writes is scaled by ``draft --scale F`` as the rule-based draft is (issue 20, draft57).

The model is shown the request's counts as asked (the offline start at scale 1) and its answer, once it validates,
is scaled by the one rule of ``_scaled_counts``: populations times F (at least one row, two where one row points at
two), fixed sets (``static``, a calendar set) kept, counts per parent row kept, a total scaled within its bound. The
replies below are what a model might answer, in several shapes: root tables only, ranges per parent, a total over
a bound, a static catalogue beside a calendar, a chain of three, one child per month of a parent's period, two keys
to one table, and counts written oddly ("'300'", 80.0, ``static: 'yes'``) that the loader reads as numbers. No model
runs here: the scripted server replays them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.unit.draft.draft_helpers import SEQUENCE_COLUMN
from tests.unit.draft.draft_helpers import fk_column as _fk
from tests.unit.draft.draft_helpers import spec_table as _t
from tests.unit.scripted_llm import ScriptedServer, answer

import simulacra
from simulacra.draft import Draft, draft
from simulacra.errors import SpecError, SpecValidationError
from simulacra.llm import BackendConfig, ChatClient

SCALES = (0.1, 1.0, 10.0)


SEQ = SEQUENCE_COLUMN
PER = {"distribution": "categorical"}

#: shape -> (request, the model's spec, {table: rows at 0.1, at 1, at 10} for the tables of a number of rows,
#: {table: total at 0.1, 1, 10} for the totals, the fixed sets)
SHAPES: dict[str, tuple[str, dict[str, Any], dict[str, tuple[int, int, int]], dict[str, tuple[int, ...]], set[str]]] = {
    "roots": (
        "a web shop with 300 customers, 80 products, 3 warehouses and 900 orders",
        {
            "customers": _t(300, {"customer_id": SEQ, "name": "full_name"}),
            "products": _t(80, {"product_id": SEQ, "price": {"generator": "integer", "low": 1, "high": 90}}),
            "warehouses": _t(3, {"warehouse_id": SEQ, "city": "city"}),
            "orders": _t(
                900,
                {
                    "order_id": SEQ,
                    "customer_id": _fk("customers.customer_id"),
                    "product_id": _fk("products.product_id"),
                    "warehouse_id": _fk("warehouses.warehouse_id"),
                },
            ),
        },
        {"customers": (30, 300, 3000), "products": (8, 80, 800), "warehouses": (1, 3, 30), "orders": (90, 900, 9000)},
        {},
        set(),
    ),
    "ranges": (
        "a clinic with 120 patients; each patient has 1 to 4 appointments, each with 0 to 2 prescriptions",
        {
            "patients": _t(120, {"patient_id": SEQ, "name": "full_name"}),
            "appointments": _t(
                {"per": "patients", "count": {**PER, "values": [1, 2, 3, 4]}},
                {"appointment_id": SEQ, "patient_id": _fk("patients.patient_id")},
            ),
            "prescriptions": _t(
                {"per": "appointments", "count": {**PER, "values": [0, 1, 2]}},
                {"prescription_id": SEQ, "appointment_id": _fk("appointments.appointment_id")},
            ),
        },
        {"patients": (12, 120, 1200)},
        {},
        set(),
    ),
    "total": (
        "a vet practice with 4 vets and 14 owners with 35 pets, two or three pets each",
        {
            "vets": _t(4, {"vet_id": SEQ, "name": "full_name"}),
            "owners": _t(14, {"owner_id": SEQ, "vet_id": _fk("vets.vet_id")}),
            "pets": _t(
                {"per": "owners", "count": {**PER, "values": [2, 3]}, "total": 35},
                {"pet_id": SEQ, "owner_id": _fk("owners.owner_id")},
            ),
        },
        # at 0.1 one owner: 4 pets (35 x 0.1, rounded) is more than one owner may have: 3
        {"vets": (1, 4, 40), "owners": (1, 14, 140)},
        {"pets": (3, 35, 350)},
        set(),
    ),
    "static": (
        "a retailer selling to 200 customers in 20 countries, 600 sales by month",
        {
            "countries": _t(20, {"country_id": SEQ, "code": "country_code"}, static=True),
            "months": _t(12, {"month_id": SEQ}),
            "customers": _t(200, {"customer_id": SEQ, "country_id": _fk("countries.country_id")}),
            "sales": _t(
                600,
                {"sale_id": SEQ, "customer_id": _fk("customers.customer_id"), "month_id": _fk("months.month_id")},
            ),
        },
        {"countries": (20, 20, 20), "months": (12, 12, 12), "customers": (20, 200, 2000), "sales": (60, 600, 6000)},
        {},
        {"countries", "months"},
    ),
    "chain": (
        "a utility with 20 regions, 3 to 5 substations in each, 12 monthly readings per substation",
        {
            "regions": _t(20, {"region_id": SEQ, "name": "city"}),
            "substations": _t(
                {"per": "regions", "count": {**PER, "values": [3, 4, 5]}},
                {"substation_id": SEQ, "region_id": _fk("regions.region_id")},
            ),
            "readings": _t(
                {"per": "substations", "count": {"distribution": "fixed", "value": 12}},
                {"reading_id": SEQ, "substation_id": _fk("substations.substation_id")},
            ),
        },
        {"regions": (2, 20, 200)},
        {},
        set(),
    ),
    "months": (
        "a letting agent with 40 leases, a rent invoice for each month of a lease",
        {
            "leases": _t(
                40,
                {
                    "lease_id": SEQ,
                    "start_date": {"generator": "date", "start": "2023-01-01", "end": "2023-12-31"},
                    "end_date": {
                        "generator": "date",
                        "after": "start_date",
                        "offset": {"distribution": "uniform", "low": 60, "high": 300, "unit": "days"},
                    },
                },
            ),
            "rent_invoices": _t(
                {
                    "per": "leases",
                    "count": {"distribution": "poisson", "lam": 6},
                    "months": {"column": "month", "start": "start_date", "end": "end_date", "until": "2024-12-01"},
                },
                {
                    "invoice_id": SEQ,
                    "lease_id": _fk("leases.lease_id"),
                    "month": {"generator": "date", "start": "2023-01-01", "end": "2024-12-31"},
                },
            ),
        },
        {"leases": (4, 40, 400)},
        {},
        set(),
    ),
    "two_keys": (
        "a league of 6 clubs playing 300 matches, home and away",
        {
            "clubs": _t(6, {"club_id": SEQ, "name": "company"}),
            "matches": _t(300, {"match_id": SEQ, "home_id": _fk("clubs.club_id"), "away_id": _fk("clubs.club_id")}),
        },
        # at 0.1 the clubs are 0.6, rounded 1: two, as each match points at two of them
        {"clubs": (2, 6, 60), "matches": (30, 300, 3000)},
        {},
        set(),
    ),
    "odd": (
        "a bookshop with 300 members, 80 titles, 20 genres and 250 loans over the members",
        {
            "genres": _t(20, {"genre_id": SEQ}, static="yes"),
            "members": _t("300", {"member_id": SEQ, "name": "full_name"}),
            "titles": _t(80.0, {"title_id": SEQ, "genre_id": _fk("genres.genre_id")}),
            "loans": _t(
                {"per": "members", "count": {**PER, "values": [0, 1, 2]}, "total": "250"},
                {"loan_id": SEQ, "member_id": _fk("members.member_id"), "title_id": _fk("titles.title_id")},
            ),
        },
        {"genres": (20, 20, 20), "members": (30, 300, 3000), "titles": (8, 80, 800)},
        {"loans": (25, 250, 2500)},
        {"genres"},
    ),
}


def _reply(shape: str) -> str:
    spec = {"name": shape, "seed": 0, "locale": "en_US", "tables": SHAPES[shape][1]}
    return "```yaml\n" + yaml.safe_dump(spec, sort_keys=False) + "```"


def _draft(server: ScriptedServer, shape: str, scale: float) -> tuple[Draft, list[dict[str, Any]]]:
    server.script.play(answer(_reply(shape), model="replayed-1"))
    with ChatClient(BackendConfig(url=server.url, model="replayed-1", timeout_s=5.0, backoff_s=0.01)) as c:
        d = draft(SHAPES[shape][0], client=c, repair_rounds=0, scale=scale)
    return d, list(server.script.requests)


@pytest.fixture(scope="module")
def drafted(llm_server: ScriptedServer) -> dict[tuple[str, float], tuple[Draft, list[dict[str, Any]]]]:
    """Every shape drafted at every scale once (the tests only read them)."""
    return {(shape, s): _draft(llm_server, shape, s) for shape in SHAPES for s in SCALES}


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_models_counts_follow_the_scale(drafted: dict[Any, Any], shape: str, scale: float) -> None:
    d, _ = drafted[shape, scale]
    _, said, rows, totals, fixed = SHAPES[shape]
    i = SCALES.index(scale)
    tables = d.spec["tables"]
    assert set(tables) == set(said)
    for name, want in rows.items():
        assert tables[name]["rows"] == want[i], (name, tables[name]["rows"])
        assert (tables[name].get("static") is True) == (name in fixed), name
    for name, table in said.items():
        if isinstance(table["rows"], dict):  # made per parent: the same count per parent row at every scale
            got = dict(tables[name]["rows"])
            assert got.pop("total", None) == (totals[name][i] if name in totals else None)
            assert got == {k: v for k, v in table["rows"].items() if k != "total"}


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_scaled_spec_generates_whole(drafted: dict[Any, Any], shape: str, scale: float) -> None:
    d, _ = drafted[shape, scale]
    _, said, rows, totals, fixed = SHAPES[shape]
    i = SCALES.index(scale)
    frames = simulacra.generate(d.spec, seed=5).frames
    simulacra.validate(d.spec, frames)  # keys point at rows that exist, counts as written
    for name, want in rows.items():
        assert frames[name].height == want[i]
    for name, want_total in totals.items():
        assert frames[name].height == want_total[i]
    for name, table in said.items():
        count = table["rows"] if isinstance(table["rows"], dict) else None
        if count is None:
            continue
        parent = count["per"]
        key = next(c for c, v in table["columns"].items() if v == _fk(f"{parent}.{said[parent]['primary_key']}"))
        per = Counter(frames[name][key].to_list())
        parents = frames[parent]
        children = [per.get(k, 0) for k in parents[said[parent]["primary_key"]].to_list()]
        if "months" in count:  # one child per month of the parent's period, at every scale
            m = count["months"]
            months = [
                (e.year - b.year) * 12 + e.month - b.month + 1
                for b, e in zip(parents[m["start"]].to_list(), parents[m["end"]].to_list(), strict=True)
            ]
            assert children == months, (name, scale)
        else:
            values = count["count"].get("values") or [count["count"]["value"]]
            assert min(children) >= min(values) and max(children) <= max(values), (name, scale)
    # a fixed set stays whole when the drafted spec is generated at another --scale too
    small = simulacra.generate(d.spec, seed=5, scale=0.5).frames
    for name in fixed:
        assert small[name].height == rows[name][i]


def test_the_model_is_asked_the_same_at_every_scale(drafted: dict[Any, Any]) -> None:
    for shape in SHAPES:
        asked = [drafted[shape, s][1] for s in SCALES]
        assert len(asked[0]) == 1
        assert asked[0][0]["messages"] == asked[1][0]["messages"] == asked[2][0]["messages"], shape


@pytest.mark.parametrize("shape", ["ranges", "odd"])
def test_the_same_seed_gives_the_same_bytes(llm_server: ScriptedServer, drafted: dict[Any, Any], shape: str) -> None:
    again, _ = _draft(llm_server, shape, 10.0)
    assert again.text == drafted[shape, 10.0][0].text
    one = simulacra.generate(again.spec, seed=9).frames
    two = simulacra.generate(drafted[shape, 10.0][0].spec, seed=9).frames
    assert all(one[t].equals(two[t]) for t in one)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_each_scaled_count_is_said_with_the_scale(drafted: dict[Any, Any], shape: str) -> None:
    d, _ = drafted[shape, 10.0]
    _, said, rows, totals, fixed = SHAPES[shape]
    notes = " ".join(d.assumptions)
    assert d.assumptions[0].startswith("written by the model 'replayed-1'")
    for name, want in rows.items():
        if name in fixed:
            assert f"{name}: {want[1]:,} rows at scale 10 as at 1: a fixed set, not scaled (static)" in notes
        else:
            assert f"{name}: {want[1]:,} rows x scale 10 = {want[2]:,}" in notes
    for name, want_total in totals.items():
        assert f"{name}: {want_total[1]:,} rows in all x scale 10 = {want_total[2]:,}" in notes
    for a in d.assumptions:  # the YAML's header lists them, so the file says its scale too
        assert " ".join(a.split()) in " ".join(line.lstrip("# ") for line in d.text.splitlines()[:40])


def test_a_scale_beyond_what_a_column_holds_is_said(llm_server: ScriptedServer) -> None:
    spec = {
        "name": "badges",
        "tables": {
            "staff": _t(
                300, {"staff_id": SEQ, "badge": {"generator": "integer", "low": 1, "high": 999, "unique": True}}
            )
        },
    }
    llm_server.script.play(*[answer("```yaml\n" + yaml.safe_dump(spec) + "```") for _ in range(2)])
    with ChatClient(BackendConfig(url=llm_server.url, model="replayed-1", timeout_s=5.0)) as c:
        assert (
            draft("a company with 300 staff badges", client=c, repair_rounds=0).spec["tables"]["staff"]["rows"] == 300
        )
        with pytest.raises(SpecValidationError, match=r"validates as written but not at --scale 10: .*staff"):
            draft("a company with 300 staff badges", client=c, repair_rounds=0, scale=10)
    spec["tables"]["staff"] = _t(9_000_000_000, {"staff_id": SEQ})
    llm_server.script.play(answer("```yaml\n" + yaml.safe_dump(spec) + "```"))
    with (
        ChatClient(BackendConfig(url=llm_server.url, model="replayed-1", timeout_s=5.0)) as c,
        pytest.raises(SpecError, match="more than a table may hold") as err,
    ):
        draft("a company with 9 billion staff", client=c, repair_rounds=0, scale=10)
    assert err.value.location is not None and err.value.location.table == "staff"


def test_the_command_explains_a_models_counts_at_a_scale(
    llm_server: ScriptedServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulacra.cli.main import main

    llm_server.script.play(answer(_reply("static"), model="replayed-1"))
    out = tmp_path / "shop.yaml"
    args = ["draft", SHAPES["static"][0], "-o", str(out), "--scale", "10", "--explain"]
    assert main([*args, "--backend", llm_server.url, "--model", "replayed-1", "--repair-rounds", "0"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    tables = yaml.safe_load(out.read_text())["tables"]
    assert tables["customers"]["rows"] == 2000 and tables["countries"]["rows"] == 20
    assert "customers: 200 rows x scale 10 = 2,000" in text
    assert "countries: 20 rows at scale 10 as at 1: a fixed set, not scaled (static)" in text
    assert "months: 12 rows, a calendar set: the same at every --scale (static)" in text
