"""The spec features of issue 11: each made by construction, identical across chunk sizes,
and each re-checked by validate, which must catch a planted defect of its class."""

from __future__ import annotations

import datetime

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import plan_of

from simulacra.constraints import check_dataset
from simulacra.generation.engine import Engine

HR = """
seed: 5
tables:
  offices:
    rows: 4
    static: true
    primary_key: office_id
    columns:
      office_id: sequence
  departments:
    rows: 6
    static: true
    primary_key: department_id
    columns:
      department_id: sequence
      name: {generator: categorical, values: [IT, Sales, HR]}
      office_id: {generator: foreign_key, references: offices.office_id}
  employees:
    rows: 120
    primary_key: employee_id
    columns:
      employee_id: sequence
      department_id: {generator: foreign_key, references: departments.department_id}
      office_id: {generator: foreign_key, references: offices.office_id, match: {office_id: department_id.office_id}}
      department: {generator: expression, expr: "departments.name"}
      grade: {generator: integer, low: 1, high: 5}
      manager_id: {generator: foreign_key, references: employees.employee_id, within: department_id, senior: grade}
      iban: {generator: iban, unique: true}
  assets:
    rows: {per: employees, count: {distribution: poisson, lam: 1}}
    primary_key: asset_id
    columns:
      asset_id: {generator: pattern, pattern: "A{seq:05d}"}
      employee_id: {generator: foreign_key, references: employees.employee_id}
  tickets:
    rows: 300
    primary_key: ticket_id
    columns:
      ticket_id: sequence
      reporter_id: {generator: foreign_key, references: employees.employee_id, where: "is_ghost = 0"}
      assignee_id: {generator: foreign_key, references: employees.employee_id, where: "department = 'IT' AND is_ghost = 0"}
      asset_id: {generator: foreign_key, references: assets.asset_id, match: {employee_id: reporter_id}}
      opened_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30}
  events:
    rows:
      per: tickets
      process:
        start: new
        at: opened_at
        max_steps: 8
        states:
          new: {next: {triage: 1}, dwell: {distribution: exponential, mean: 2, unit: hours}}
          triage: {next: {working: 0.8, escalated: 0.2}, dwell: {distribution: fixed, value: 0, unit: hours}}
          escalated: {next: {working: 1}, dwell: {distribution: exponential, mean: 1, unit: days}}
          working: {next: {done: 0.7, working: 0.3}, dwell: {distribution: uniform, low: 1, high: 9, unit: hours}}
          done: {}
        variants:
          outage: {states: {triage: {next: {escalated: 1}}}}
    primary_key: [ticket_id, step]
    columns:
      ticket_id: {generator: foreign_key, references: tickets.ticket_id}
      step: {generator: process, field: step}
      state: {generator: process, field: state}
      previous_state: {generator: process, field: previous}
      at: {generator: process, field: at}
  payments:
    rows: {per: employees, count: {distribution: uniform, low: 2, high: 6}}
    columns:
      employee_id: {generator: foreign_key, references: employees.employee_id}
      amount: {generator: integer, low: 1, high: 100}
      n: {generator: expression, expr: "sibling.position"}
      of: {generator: expression, expr: "sibling.count"}
      delta: {generator: expression, expr: "amount - previous.amount"}
      prev_n: {generator: expression, expr: "previous.n"}
scenarios:
  - {name: ghost, table: employees, count: 4, labels: {is_ghost: 1}, shared: [iban]}
  - {name: outage, table: tickets, share: 0.1, labels: {is_outage: 1}}
  - {name: vip, table: tickets, rate: 0.2, labels: {is_vip: 1}}
"""


def _make(text: str = HR, **kw: object) -> dict[str, pl.DataFrame]:
    return Engine(plan_of(text), **kw).frames()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def hr() -> dict[str, pl.DataFrame]:
    return _make(chunk_size=37)


def _failing(text: str, frames: dict[str, pl.DataFrame]) -> list[str]:
    return [f.check for f in check_dataset(plan_of(text), frames) if not f.ok]


def test_valid_output_passes_every_check(hr: dict[str, pl.DataFrame]) -> None:
    assert _failing(HR, hr) == []


def test_identical_whatever_the_chunk_size(hr: dict[str, pl.DataFrame]) -> None:
    other = _make(chunk_size=1000)
    for t in hr:
        assert hr[t].equals(other[t]), t


# ---------------------------------------------------------------- 1. static tables


def test_static_tables_do_not_grow_with_scale() -> None:
    f = _make(scale=2.0, chunk_size=500)
    assert f["offices"].height == 4 and f["departments"].height == 6
    assert f["employees"].height == 240 and f["tickets"].height == 600
    assert _failing(HR, f) == []


def test_validate_catches_a_static_table_with_a_missing_row(hr: dict[str, pl.DataFrame]) -> None:
    bad = dict(hr, offices=hr["offices"].head(3))
    assert any("static table has 4 rows" in c for c in _failing(HR, bad))


# ---------------------------------------------------------------- 2. exact scenario counts


def test_exact_count_and_share_hold_at_any_scale() -> None:
    for scale in (0.5, 1.0, 3.0):
        f = _make(scale=scale, chunk_size=53)
        assert f["employees"]["is_ghost"].sum() == 4  # count: not scaled
        assert f["tickets"]["is_outage"].sum() == round(0.1 * f["tickets"].height)  # share: exact, scaled
        both = f["tickets"].filter((pl.col("is_outage") == 1) & (pl.col("is_vip") == 1))
        assert both.height == 0  # scenarios never overlap


def test_validate_catches_a_removed_scenario_label(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    first = int(np.flatnonzero(emp["is_ghost"].to_numpy() == 1)[0])
    bad = dict(hr, employees=emp.with_columns(emp["is_ghost"].scatter(first, 0)))
    assert any("scenario 'ghost' has exactly 4 rows" in c for c in _failing(HR, bad))


# ---------------------------------------------------------------- 3. foreign keys to filtered parents


def test_filtered_foreign_keys_point_only_to_matching_parents(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    it = set(emp.filter((pl.col("department") == "IT") & (pl.col("is_ghost") == 0))["employee_id"])
    ghosts = set(emp.filter(pl.col("is_ghost") == 1)["employee_id"])
    t = hr["tickets"]
    assert set(t["assignee_id"].drop_nulls()) <= it and t["assignee_id"].null_count() == 0
    assert not (set(t["reporter_id"]) & ghosts)


def test_filtered_foreign_key_with_no_candidate_is_null() -> None:
    text = HR.replace("where: \"department = 'IT' AND is_ghost = 0\"", "where: \"department = 'Nobody'\"")
    f = _make(text, chunk_size=500)
    assert f["tickets"]["assignee_id"].null_count() == f["tickets"].height


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(threshold=st.integers(0, 60), n=st.integers(1, 80), chunk=st.integers(1, 40))
def test_property_filtered_parents_any_threshold(threshold: int, n: int, chunk: int) -> None:
    text = f"""
    tables:
      p:
        rows: {n}
        primary_key: id
        columns:
          id: sequence
          score: {{generator: integer, low: 0, high: 60}}
      c:
        rows: 50
        columns:
          p_id: {{generator: foreign_key, references: p.id, where: "score >= {threshold}", distribution: zipf}}
    """
    f = Engine(plan_of(text), chunk_size=chunk).frames()
    ok = set(f["p"].filter(pl.col("score") >= threshold)["id"])
    got = f["c"]["p_id"]
    assert set(got.drop_nulls()) <= ok
    assert (got.null_count() == 0) == bool(ok)
    assert f["c"].equals(Engine(plan_of(text), chunk_size=1000).frames()["c"])


def test_validate_catches_an_assignee_outside_it(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    outsider = int(emp.filter(pl.col("department") != "IT")["employee_id"][0])
    t = hr["tickets"]
    bad = dict(hr, tickets=t.with_columns(t["assignee_id"].scatter(0, outsider)))
    assert any(c.startswith("foreign key assignee_id -> employees where") for c in _failing(HR, bad))


# ---------------------------------------------------------------- 4. foreign keys consistent with another


def test_matched_foreign_keys_agree(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"].join(
        hr["departments"].select("department_id", pl.col("office_id").alias("dept_office")), on="department_id"
    )
    assert (emp["office_id"] == emp["dept_office"]).all()
    t = hr["tickets"].join(hr["assets"].rename({"employee_id": "owner"}), on="asset_id", how="left")
    with_asset = t.filter(pl.col("asset_id").is_not_null())
    assert (with_asset["owner"] == with_asset["reporter_id"]).all()
    owners = set(hr["assets"]["employee_id"])
    no_asset = t.filter(pl.col("asset_id").is_null())
    assert not (set(no_asset["reporter_id"]) & owners)  # null only when the reporter has no asset
    assert with_asset.height > 0 and no_asset.height > 0


def test_validate_catches_an_office_that_is_not_the_departments(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    wrong = int(emp["office_id"][0]) % 4 + 1
    bad = dict(hr, employees=emp.with_columns(emp["office_id"].scatter(0, wrong)))
    assert any(c.startswith("foreign key office_id matches") for c in _failing(HR, bad))


# ---------------------------------------------------------------- 5. self-reference within a group


def _check_managers(emp: pl.DataFrame, group: str, senior: str) -> None:
    m = emp.join(
        emp.select(pl.col("employee_id").alias("manager_id"), pl.col(group).alias("mg"), pl.col(senior).alias("ms")),
        on="manager_id",
        how="left",
    )
    has = m.filter(pl.col("manager_id").is_not_null())
    assert (has["mg"] == has[group]).all() and (has["ms"] > has[senior]).all()
    top = m.filter(pl.col("manager_id").is_null())
    for row in top.iter_rows(named=True):  # null only when nobody in the group is more senior
        assert emp.filter((pl.col(group) == row[group]) & (pl.col(senior) > row[senior])).height == 0


def test_manager_in_same_department_and_more_senior(hr: dict[str, pl.DataFrame]) -> None:
    _check_managers(hr["employees"], "department_id", "grade")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 60), groups=st.integers(1, 5), grades=st.integers(1, 4), chunk=st.integers(1, 30))
def test_property_grouped_self_reference(n: int, groups: int, grades: int, chunk: int) -> None:
    text = f"""
    tables:
      e:
        rows: {n}
        primary_key: employee_id
        columns:
          employee_id: sequence
          dept: {{generator: integer, low: 1, high: {groups}}}
          grade: {{generator: integer, low: 1, high: {grades}}}
          manager_id: {{generator: foreign_key, references: e.employee_id, within: dept, senior: grade}}
    """
    f = Engine(plan_of(text), chunk_size=chunk).frames()
    _check_managers(f["e"], "dept", "grade")
    assert _failing(text, f) == []


def test_within_without_senior_takes_an_earlier_row() -> None:
    text = HR.replace("within: department_id, senior: grade}", "within: department_id}")
    emp = _make(text, chunk_size=31)["employees"]
    has = emp.filter(pl.col("manager_id").is_not_null())
    assert (has["manager_id"] < has["employee_id"]).all()


def test_validate_catches_a_manager_from_another_department(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    i = int(np.flatnonzero(emp["manager_id"].is_not_null().to_numpy())[0])
    other = emp.filter(pl.col("department_id") != emp["department_id"][i])["employee_id"][0]
    bad = dict(hr, employees=emp.with_columns(emp["manager_id"].scatter(i, other)))
    assert any("manager_id: same department_id" in c for c in _failing(HR, bad))


# ---------------------------------------------------------------- 6. unique with a scenario's exception


def test_ghosts_share_one_iban_and_everyone_else_is_unique(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    ghosts = emp.filter(pl.col("is_ghost") == 1)["iban"]
    assert ghosts.len() == 4 and ghosts.n_unique() == 1
    others = emp.filter(pl.col("is_ghost") == 0)["iban"]
    assert others.n_unique() == others.len()


def test_shared_value_writes_to_sqlite(tmp_path: object) -> None:
    from simulacra.pipeline import generate, validate

    out = f"{tmp_path}/hr.sqlite"
    generate(plan_of(HR), out)
    assert validate(plan_of(HR), out)


def test_validate_catches_a_ghost_with_its_own_iban_and_a_repeat_among_others(hr: dict[str, pl.DataFrame]) -> None:
    emp = hr["employees"]
    g = int(np.flatnonzero(emp["is_ghost"].to_numpy() == 1)[0])
    bad = dict(hr, employees=emp.with_columns(emp["iban"].scatter(g, "GB00OWN")))
    assert any("rows share one 'iban'" in c for c in _failing(HR, bad))
    normal = np.flatnonzero(emp["is_ghost"].to_numpy() == 0)
    dup = emp.with_columns(emp["iban"].scatter(int(normal[1]), emp["iban"][int(normal[0])]))
    assert any(c.startswith("'iban' unique (except") for c in _failing(HR, dict(hr, employees=dup)))


# ---------------------------------------------------------------- 7. processes


def test_process_paths_are_valid_event_sequences(hr: dict[str, pl.DataFrame]) -> None:
    ev = hr["events"]
    allowed = {
        ("new", "triage"),
        ("triage", "working"),
        ("triage", "escalated"),
        ("escalated", "working"),
        ("working", "done"),
        ("working", "working"),
    }
    assert ev.height > hr["tickets"].height
    firsts = ev.filter(pl.col("step") == 1)
    assert firsts.height == hr["tickets"].height and set(firsts["state"]) == {"new"}
    opened = hr["tickets"].select("ticket_id", "opened_at").join(firsts, on="ticket_id")
    assert (opened["at"] == opened["opened_at"]).all()
    for _, g in ev.group_by("ticket_id", maintain_order=True):
        s = g["state"].to_list()
        assert g["step"].to_list() == list(range(1, len(s) + 1))
        assert all((a, b) in allowed for a, b in zip(s, s[1:]))
        assert g["previous_state"].to_list() == [None] + s[:-1]
        assert g["at"].is_sorted()
        assert s[-1] == "done" or len(s) == 8
    # zero dwell in triage: ties, kept in step order
    tie = ev.with_columns(pl.col("at").shift(1).over("ticket_id").alias("p")).filter(pl.col("at") == pl.col("p"))
    assert tie.height > 0


def test_process_variant_applies_to_the_scenario_rows(hr: dict[str, pl.DataFrame]) -> None:
    ev = hr["events"].join(hr["tickets"].select("ticket_id", "is_outage"), on="ticket_id")
    after_triage = ev.filter(pl.col("previous_state") == "triage")
    outage = after_triage.filter(pl.col("is_outage") == 1)
    assert outage.height == hr["tickets"]["is_outage"].sum() and set(outage["state"]) == {"escalated"}
    base = after_triage.filter(pl.col("is_outage") == 0)
    share = (base["state"] == "escalated").mean()
    assert 0.1 < share < 0.3  # base probability 0.2


def test_process_is_cut_at_max_steps() -> None:
    text = HR.replace("working: {next: {done: 0.7, working: 0.3}", "working: {next: {done: 0.01, working: 0.99}")
    ev = _make(text, chunk_size=500)["events"]
    assert ev.group_by("ticket_id").len()["len"].max() == 8


def test_validate_catches_swapped_states(hr: dict[str, pl.DataFrame]) -> None:
    ev = hr["events"]
    s = ev["state"].to_list()
    s[0], s[1] = s[1], s[0]
    bad = dict(hr, events=ev.with_columns(pl.Series("state", s)))
    failing = _failing(HR, bad)
    assert any("process starts in 'new'" in c for c in failing)
    assert any("declared transitions" in c for c in failing)


def test_validate_catches_time_going_back(hr: dict[str, pl.DataFrame]) -> None:
    ev = hr["events"]
    bad = dict(hr, events=ev.with_columns(ev["at"].scatter(1, ev["at"][0] - datetime.timedelta(days=1))))
    assert any("times never go back" in c for c in _failing(HR, bad))


# ---------------------------------------------------------------- 8. position and lag


def test_position_count_and_previous(hr: dict[str, pl.DataFrame]) -> None:
    p = hr["payments"]
    for _, g in p.group_by("employee_id", maintain_order=True):
        k = g.height
        assert g["n"].to_list() == list(range(1, k + 1)) and set(g["of"]) == {k}
        amounts = g["amount"].to_list()
        assert g["delta"].to_list() == [None] + [b - a for a, b in zip(amounts, amounts[1:])]
        assert g["prev_n"].to_list() == [None] + list(range(1, k))


def test_validate_catches_a_wrong_lag(hr: dict[str, pl.DataFrame]) -> None:
    p = hr["payments"]
    bad = dict(hr, payments=p.with_columns(p["delta"].scatter(1, 10_000)))
    assert any(c.startswith("'delta' = amount - previous.amount") for c in _failing(HR, bad))


def test_a_parent_can_aggregate_its_process_events() -> None:
    text = HR.replace(
        "      opened_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30}\n",
        "      opened_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30}\n"
        "      n_events: {generator: aggregate, function: count, of: events}\n"
        "      last_at: {generator: aggregate, function: max, of: events.at}\n",
    )
    f = _make(text, chunk_size=41)
    n = f["events"].group_by("ticket_id").agg(pl.len().alias("k"), pl.col("at").max().alias("m"))
    j = f["tickets"].join(n, on="ticket_id")
    assert (j["n_events"] == j["k"]).all()
    assert _failing(text, f) == []
    outage = f["events"].join(f["tickets"].filter(pl.col("is_outage") == 1).select("ticket_id"), on="ticket_id")
    assert set(outage.filter(pl.col("previous_state") == "triage")["state"]) == {"escalated"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    w=st.lists(st.floats(0.05, 1.0), min_size=3, max_size=3),
    n=st.integers(1, 60),
    count=st.integers(0, 10),
    chunk=st.integers(1, 25),
    steps=st.integers(1, 6),
)
def test_property_process_and_exact_counts_any_chunking(
    w: list[float], n: int, count: int, chunk: int, steps: int
) -> None:
    count = min(count, n)
    text = f"""
    tables:
      p:
        rows: {n}
        primary_key: id
        columns:
          id: sequence
          t0: {{generator: datetime, start: 2024-01-01, end: 2024-02-01}}
      e:
        rows:
          per: p
          process:
            start: a
            at: t0
            max_steps: {steps}
            states:
              a: {{next: {{a: {w[0]}, b: {w[1]}, z: {w[2]}}}, dwell: {{distribution: exponential, mean: 1, unit: hours}}}}
              b: {{next: {{a: 1, z: 1}}}}
              z: {{}}
        columns:
          p_id: {{generator: foreign_key, references: p.id}}
          step: {{generator: process, field: step}}
          state: {{generator: process, field: state}}
          at: {{generator: process, field: at}}
    scenarios:
      - {{name: s, table: p, count: {count}, labels: {{flag: 1}}}}
    """
    f = Engine(plan_of(text), chunk_size=chunk).frames()
    g = Engine(plan_of(text), chunk_size=997).frames()
    assert f["e"].equals(g["e"]) and f["p"].equals(g["p"])
    assert f["p"]["flag"].sum() == count
    assert f["e"].group_by("p_id").len()["len"].max() <= steps
    assert _failing(text, f) == []


def test_validate_catches_a_cut_path_and_a_wrong_previous_state(hr: dict[str, pl.DataFrame]) -> None:
    ev = hr["events"]
    last = ev.group_by("ticket_id", maintain_order=True).agg(pl.len().alias("k"))
    tid = last.filter(pl.col("k") < 8)["ticket_id"][0]
    cut = ev.filter(~((pl.col("ticket_id") == tid) & (pl.col("state") == "done")))
    failing = _failing(HR, dict(hr, events=cut))
    assert any("process ends in a state without 'next'" in c for c in failing)
    wrong = ev.with_columns(ev["previous_state"].scatter(1, "escalated"))
    assert any("'previous' is the state before" in c for c in _failing(HR, dict(hr, events=wrong)))


def test_process_with_a_null_start_time_has_null_times() -> None:
    text = HR.replace(
        "opened_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30}",
        "opened_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30, null_rate: 0.3}",
    )
    f = _make(text, chunk_size=500)
    j = f["events"].join(f["tickets"].select("ticket_id", "opened_at"), on="ticket_id")
    assert j.height and (j["at"].is_null() == j["opened_at"].is_null()).all()
    assert j["at"].null_count() > 0


def test_rows_per_parent_via_one_of_two_keys_to_it() -> None:
    text = HR.replace(
        """  events:
    rows:""",
        """  requests:
    rows: {per: employees, via: requester_id, count: {distribution: fixed, value: 2}}
    columns:
      requester_id: {generator: foreign_key, references: employees.employee_id}
      approver_id: {generator: foreign_key, references: employees.employee_id, where: "grade = 5"}
      requester_grade: {generator: expression, expr: "requester_id.grade"}
      approver_grade: {generator: expression, expr: "approver_id.grade"}
  events:
    rows:""",
    )
    f = _make(text, chunk_size=29)
    r = f["requests"]
    assert r.height == 2 * f["employees"].height
    assert r["requester_id"].to_list() == [e for e in f["employees"]["employee_id"].to_list() for _ in range(2)]
    assert set(r["approver_grade"]) == {5}
    assert _failing(text, f) == []


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(owners=st.integers(1, 8), n_assets=st.integers(0, 40), n_people=st.integers(1, 30), chunk=st.integers(1, 20))
def test_property_matched_parent_agrees_or_is_null(owners: int, n_assets: int, n_people: int, chunk: int) -> None:
    text = f"""
    tables:
      assets:
        rows: {n_assets}
        primary_key: id
        columns:
          id: sequence
          owner: {{generator: integer, low: 1, high: {owners}}}
      people:
        rows: {n_people}
        columns:
          who: {{generator: integer, low: 1, high: {owners + 2}}}
          asset_id: {{generator: foreign_key, references: assets.id, match: {{owner: who}}}}
    """
    f = Engine(plan_of(text), chunk_size=chunk).frames()
    j = f["people"].join(f["assets"].rename({"id": "asset_id"}), on="asset_id", how="left")
    has = j.filter(pl.col("asset_id").is_not_null())
    assert (has["owner"] == has["who"]).all()
    owned = set(f["assets"]["owner"])
    assert set(j.filter(pl.col("asset_id").is_null())["who"]).isdisjoint(owned)
    assert f["people"].equals(Engine(plan_of(text), chunk_size=1000).frames()["people"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lam=st.floats(0.0, 4.0), n=st.integers(1, 40), chunk=st.integers(1, 15))
def test_property_position_and_lag_any_chunking(lam: float, n: int, chunk: int) -> None:
    text = f"""
    tables:
      p:
        rows: {n}
        primary_key: id
        columns:
          id: sequence
      c:
        rows: {{per: p, count: {{distribution: poisson, lam: {lam}}}}}
        columns:
          p_id: {{generator: foreign_key, references: p.id}}
          x: {{generator: integer, low: 0, high: 9}}
          pos: {{generator: expression, expr: "sibling.position"}}
          prev_x: {{generator: expression, expr: "previous.x"}}
    """
    c = Engine(plan_of(text), chunk_size=chunk).frames()["c"]
    want = c.with_columns(
        pl.int_range(1, pl.len() + 1).over("p_id").alias("w_pos"), pl.col("x").shift(1).over("p_id").alias("w_prev")
    )
    assert want["pos"].to_list() == want["w_pos"].to_list() and want["prev_x"].to_list() == want["w_prev"].to_list()
    assert c.equals(Engine(plan_of(text), chunk_size=1000).frames()["c"])
