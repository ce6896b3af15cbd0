"""What a model writes explicitly is never overridden by a rule run on its answer (issue 20, draft58).

After the model's answer validates, ``draft`` runs rules on it: the counts are read as the loader reads them, the
calendar sets (a root table named ``months``, ``weekdays``... of no more rows than the set) are marked ``static``,
the counts are scaled by ``--scale``, the provenance is written into the spec. A rule may fill what the model left
out; where the model chose explicitly (``static: false`` on a calendar set, a description of its own) the choice is
kept, and the notes (``--explain``) say that the rule's default was not applied. The counts the model wrote are
changed by the scale asked only: at scale 1 every field the model wrote comes back as written.

The replies below are what a model might answer, in several shapes: calendar sets of several names and sizes
written ``static: false`` (once as ``'no'``, which the loader reads as false) beside one left unset (the rule
fills it), explicit per-parent counts, totals and ``static: true``, generator parameters of several kinds, and a
description of the model's own. No model runs here: the scripted server replays them, at scales 0.1, 1 and 10.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from tests.unit.draft.draft_helpers import SEQUENCE_COLUMN
from tests.unit.draft.draft_helpers import fk_column as _fk
from tests.unit.draft.draft_helpers import spec_table as _t
from tests.unit.scripted_llm import ScriptedServer, answer

import simulacra
from simulacra.draft import Draft, draft
from simulacra.llm import BackendConfig, ChatClient

SCALES = (0.1, 1.0, 10.0)


SEQ = SEQUENCE_COLUMN

#: shape -> (request, the model's spec (its tables, and a description where it wrote one),
#: {table: rows at 0.1, 1, 10}, {table: static as it must come back}, the calendar sets written static: false)
SHAPES: dict[str, tuple[str, dict[str, Any], dict[str, tuple[int, int, int]], dict[str, bool], set[str]]] = {
    "calendar_false": (
        "a cafe chain selling 600 coffees by month, weekday and hour of the day",
        {
            "tables": {
                "months": _t(12, {"month_id": SEQ}, static=False),
                "weekdays": _t(7, {"weekday_id": SEQ}, static=False),
                "hours_of_day": _t(24, {"hour_id": SEQ}, static="no"),
                "sales": _t(
                    600,
                    {
                        "sale_id": SEQ,
                        "month_id": _fk("months.month_id"),
                        "weekday_id": _fk("weekdays.weekday_id"),
                        "hour_id": _fk("hours_of_day.hour_id"),
                        "price": {"generator": "normal", "mean": 3.5, "std": 0.8, "min": 1.0, "max": 9.0},
                    },
                ),
            }
        },
        # the model chose the calendar sets to be a sample (not static): they scale like any count
        {"months": (1, 12, 120), "weekdays": (1, 7, 70), "hours_of_day": (2, 24, 240), "sales": (60, 600, 6000)},
        {"months": False, "weekdays": False, "hours_of_day": False},
        {"months", "weekdays", "hours_of_day"},
    ),
    "some_of_a_set": (
        "a sales team with 3 quarters of targets, 5 targets per quarter, and 40 reps over the days of the week",
        {
            "tables": {
                "quarters": _t(
                    3, {"quarter_id": SEQ, "label": {"generator": "categorical", "values": ["Q1", "Q2", "Q3"]}}
                ),
                "days_of_week": _t(5, {"day_id": SEQ}, static=False),
                "targets": _t(
                    {"per": "quarters", "count": {"distribution": "fixed", "value": 5}},
                    {
                        "target_id": SEQ,
                        "quarter_id": _fk("quarters.quarter_id"),
                        "amount": {"generator": "integer", "low": 1000, "high": 9000},
                    },
                ),
                "reps": _t(40, {"rep_id": SEQ, "day_id": _fk("days_of_week.day_id")}),
            }
        },
        # quarters left unset: the rule fills static (3 of the 4 quarters, the same at every scale)
        {"quarters": (3, 3, 3), "days_of_week": (1, 5, 50), "reps": (4, 40, 400)},
        {"quarters": True, "days_of_week": False},
        {"days_of_week"},
    ),
    "explicit_counts": (
        "a grocer with 20 regions, 2 or 3 stores in each, 50 stores in all, and deliveries to each store",
        {
            "tables": {
                "regions": _t(20, {"region_id": SEQ, "name": "city"}, static=True),
                "stores": _t(
                    {"per": "regions", "count": {"distribution": "categorical", "values": [2, 3]}, "total": 50},
                    {
                        "store_id": SEQ,
                        "region_id": _fk("regions.region_id"),
                        "opened": {"generator": "date", "start": "2015-01-01", "end": "2022-12-31"},
                    },
                ),
                "deliveries": _t(
                    {"per": "stores", "count": {"distribution": "poisson", "lam": 4}},
                    {
                        "delivery_id": SEQ,
                        "store_id": _fk("stores.store_id"),
                        "weight": {"generator": "lognormal", "median": 120.0, "sigma": 0.4, "min": 5.0},
                    },
                ),
                "quarters": _t(4, {"quarter_id": SEQ}, static=True),
            }
        },
        # explicit static: true kept (regions are not a calendar set; the quarters are, and say so already)
        {"regions": (20, 20, 20), "quarters": (4, 4, 4)},
        {"regions": True, "quarters": True},
        set(),
    ),
    "described": (
        "a gym with 200 members and their visits by month",
        {
            "description": "Members of one gym and their monthly visits (written by the model).",
            "tables": {
                "months": _t(6, {"month_id": SEQ}, static=False),
                "members": _t(200, {"member_id": SEQ, "name": "full_name"}),
                "visits": _t(
                    {"per": "members", "count": {"distribution": "categorical", "values": [0, 1, 2, 3]}},
                    {
                        "visit_id": SEQ,
                        "member_id": _fk("members.member_id"),
                        "month_id": _fk("months.month_id"),
                        "minutes": {"generator": "integer", "low": 20, "high": 120},
                    },
                ),
            },
        },
        {"months": (1, 6, 60), "members": (20, 200, 2000)},
        {"months": False},
        {"months"},
    ),
}

#: how the loader reads what a model may write oddly (the rules read the count as read, not as written)
AS_READ = {"no": False, "yes": True}


def _spec(shape: str) -> dict[str, Any]:
    return {"name": shape, "seed": 0, "locale": "en_US", **SHAPES[shape][1]}


def _draft(server: ScriptedServer, shape: str, scale: float) -> Draft:
    server.script.play(answer("```yaml\n" + yaml.safe_dump(_spec(shape), sort_keys=False) + "```", model="replayed-1"))
    with ChatClient(BackendConfig(url=server.url, model="replayed-1", timeout_s=5.0, backoff_s=0.01)) as c:
        return draft(SHAPES[shape][0], client=c, repair_rounds=0, scale=scale)


@pytest.fixture(scope="module")
def drafted(llm_server: ScriptedServer) -> dict[tuple[str, float], Draft]:
    """Every shape drafted at every scale once (the tests only read them)."""
    return {(shape, s): _draft(llm_server, shape, s) for shape in SHAPES for s in SCALES}


def _changed(written: Any, got: Any, path: str = "") -> list[str]:
    """The paths of what the model wrote that came back other than as written (a value the loader reads as
    another, such as ``'no'`` for false, counted as written); what the draft added is not listed."""
    if isinstance(written, dict) and isinstance(got, dict):
        out: list[str] = []
        for k, v in written.items():
            out += _changed(v, got[k], f"{path}.{k}") if k in got else [f"{path}.{k} (dropped)"]
        return out
    if isinstance(written, str) and written in AS_READ:
        written = AS_READ[written]
    return [] if written == got and type(written) is type(got) else [f"{path}: {written!r} -> {got!r}"]


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_what_the_model_wrote_comes_back_but_the_counts_the_scale_changes(
    drafted: dict[Any, Draft], shape: str, scale: float
) -> None:
    d = drafted[shape, scale]
    written = _spec(shape)
    written.pop("description", None)  # kept with the provenance after it: its own test below
    changed = _changed(written, d.spec)
    # only the counts of a number of rows, or a total, not written static may move, and only at another scale
    allowed = set()
    if scale != 1:
        for name, table in written["tables"].items():
            if isinstance(table["rows"], int) and not SHAPES[shape][3].get(name, False):
                allowed.add(f".tables.{name}.rows: {table['rows']!r} -> {d.spec['tables'][name]['rows']!r}")
            elif isinstance(table["rows"], dict) and "total" in table["rows"]:
                t = table["rows"]["total"]
                allowed.add(f".tables.{name}.rows.total: {t!r} -> {d.spec['tables'][name]['rows']['total']!r}")
    assert [c for c in changed if c not in allowed] == [], (shape, scale)


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_static_as_written_and_the_rows_it_gives(drafted: dict[Any, Draft], shape: str, scale: float) -> None:
    d = drafted[shape, scale]
    _, written, rows, static, _ = SHAPES[shape]
    i = SCALES.index(scale)
    tables = d.spec["tables"]
    for name, want in static.items():
        assert tables[name].get("static") is want, (name, tables[name].get("static"))
    for name, want_rows in rows.items():
        assert tables[name]["rows"] == want_rows[i], (name, tables[name]["rows"])
    for name, table in written["tables"].items():  # made per parent: per and count as written at every scale
        if isinstance(table["rows"], dict):
            assert {k: v for k, v in tables[name]["rows"].items() if k != "total"} == {
                k: v for k, v in table["rows"].items() if k != "total"
            }


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_kept_choice_is_said_in_the_notes(drafted: dict[Any, Draft], shape: str, scale: float) -> None:
    d = drafted[shape, scale]
    _, written, _, _, kept = SHAPES[shape]
    notes = " ".join(d.assumptions)
    header = " ".join(line.lstrip("# ") for line in d.text.splitlines() if line.startswith("#"))
    for name in kept:
        n = written["tables"][name]["rows"]
        said = f"{name}: {n} rows, a calendar set, written static: false by the model: kept"
        assert said in notes, (name, d.assumptions)
        assert said in header
        assert f"{name}: {n} rows, a calendar set: the same at every --scale (static)" not in notes
    for name, table in written["tables"].items():  # a calendar set the model left unset: the rule fills it
        if name not in kept and name in ("quarters", "months", "weekdays") and "static" not in table:
            assert f"{name}: {table['rows']} rows, a calendar set: the same at every --scale (static)" in notes


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_models_description_is_kept_beside_the_provenance(drafted: dict[Any, Draft], shape: str) -> None:
    d = drafted[shape, 1.0]
    said = SHAPES[shape][1].get("description")
    got = d.spec["description"]
    assert "Drafted by `simulacra draft` (model replayed-1, prompt draft-v1) from: " in got
    if said is None:  # nothing written: the provenance fills it
        assert got.startswith("Drafted by")
    else:
        assert got.startswith(said), got
        assert any("description" in a and "kept" in a for a in d.assumptions), d.assumptions


@pytest.mark.parametrize("scale", [0.1, 10.0])
@pytest.mark.parametrize("shape", ["calendar_false", "described"])
def test_the_kept_spec_generates_as_written(drafted: dict[Any, Draft], shape: str, scale: float) -> None:
    d = drafted[shape, scale]
    _, _, rows, _, _ = SHAPES[shape]
    frames = simulacra.generate(d.spec, seed=3).frames
    simulacra.validate(d.spec, frames)
    for name, want in rows.items():
        assert frames[name].height == want[SCALES.index(scale)]
    # written static: false, so `generate --scale` scales the calendar set too
    half = simulacra.generate(d.spec, seed=3, scale=0.5).frames
    for name in SHAPES[shape][4]:
        assert half[name].height < frames[name].height or frames[name].height == 1


def test_the_same_answer_gives_the_same_bytes(llm_server: ScriptedServer, drafted: dict[Any, Draft]) -> None:
    for shape in ("calendar_false", "described"):
        assert _draft(llm_server, shape, 10.0).text == drafted[shape, 10.0].text
