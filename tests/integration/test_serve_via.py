"""simulacra serve over real HTTP (uvicorn on loopback, httpx): an aggregate over children that point at the
parent through a second foreign key (``via``: an employee's tickets through tickets.assignee_id), made by
generation and kept true in the same transaction on every child create, replace, patch, move and delete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import polars as pl
import pytest
from tests.helpers import frames_of, plan_of
from tests.serve_live import live_server

from simulacra.constraints import check_dataset
from simulacra.errors import SpecValidationError
from simulacra.serve import build_state

SUPPORT = """
name: support_via
seed: 9
tables:
  employees:
    rows: 5
    primary_key: employee_id
    columns:
      employee_id: sequence
      name: first_name
      n_tickets: {generator: aggregate, function: count, of: tickets, via: assignee_id}
      hours: {generator: aggregate, function: sum, of: tickets.hours, via: assignee_id, round: 1}
      longest: {generator: aggregate, function: max, of: tickets.hours, via: assignee_id}
  customers:
    rows: 6
    primary_key: customer_id
    columns:
      customer_id: sequence
      n_tickets: {generator: aggregate, function: count, of: tickets}
  tickets:
    rows: {per: customers, count: {distribution: poisson, lam: 3}}
    primary_key: ticket_id
    columns:
      ticket_id: sequence
      customer_id: {generator: foreign_key, references: customers.customer_id, on_delete: cascade}
      assignee_id: {generator: foreign_key, references: employees.employee_id, null_rate: 0.2}
      hours: {generator: uniform, low: 0.5, high: 8, round: 1}
"""


def test_generation_makes_aggregates_via_a_second_foreign_key() -> None:
    plan = plan_of(SUPPORT)
    frames = frames_of(plan)
    per = (
        frames["tickets"]
        .filter(pl.col("assignee_id").is_not_null())
        .group_by("assignee_id")
        .agg(pl.len().alias("n"), pl.col("hours").sum().alias("h"))
    )
    got = frames["employees"].join(per, left_on="employee_id", right_on="assignee_id", how="left")
    assert got.get_column("n").fill_null(0).to_list() == got.get_column("n_tickets").to_list()
    assert sum(got.get_column("n_tickets")) < frames["tickets"].height  # some tickets have no assignee
    assert got.get_column("hours").to_list() == pytest.approx(got.get_column("h").fill_null(0).round(1).to_list())
    aggs = [f for f in check_dataset(plan, frames) if f.check.startswith("aggregate")]
    assert len(aggs) == 4 and all(f.failed == 0 for f in aggs), aggs
    again = frames_of(plan)
    assert all(again[t].equals(frames[t]) for t in frames)  # the same seed, the same bytes


def test_generate_to_a_database_writes_them_and_validate_checks_them(tmp_path: Path) -> None:
    from simulacra.io import read_dataset
    from simulacra.pipeline import check_streaming, generate

    plan = plan_of(SUPPORT)
    target = tmp_path / "support.db"
    generate(plan, target, chunk_size=4)  # chunks cut through the parents; the same bytes as in memory
    written = read_dataset(target)
    assert written["employees"].equals(frames_of(plan)["employees"])
    for findings in (check_dataset(plan, written), check_streaming(plan, target, chunk_size=3)):
        aggs = [f for f in findings if f.check.startswith("aggregate")]
        assert len(aggs) == 4 and all(f.failed == 0 for f in aggs), aggs
    tampered = written["employees"].with_columns(pl.col("n_tickets") + 1)
    bad = [f for f in check_dataset(plan, {**written, "employees": tampered}) if "n_tickets" in f.check]
    assert bad and bad[0].failed == 5


def test_via_must_name_a_foreign_key_to_the_parent() -> None:
    bad = SUPPORT.replace("of: tickets, via: assignee_id}", "of: tickets, via: assigne_id}", 1)
    with pytest.raises(SpecValidationError, match=r"via: 'tickets.assigne_id' is not a foreign key.*assignee_id"):
        plan_of(bad)
    reads = SUPPORT.replace(
        "      name: first_name\n",
        "      name: first_name\n      busy: {generator: expression, expr: n_tickets > 3}\n",
        1,
    )
    with pytest.raises(SpecValidationError, match="'busy' reads 'n_tickets', an aggregate via a second foreign key"):
        plan_of(reads)


@pytest.fixture(scope="module")
def support() -> Iterator[httpx.Client]:
    state = build_state(plan_of(SUPPORT))
    with live_server(state) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


def _expected(c: httpx.Client) -> None:
    employees = c.get("/employees", params={"limit": 1000}).json()
    customers = c.get("/customers", params={"limit": 1000}).json()
    tickets = c.get("/tickets", params={"limit": 1000}).json()
    for e in employees:
        mine = [t for t in tickets if t["assignee_id"] == e["employee_id"]]
        assert e["n_tickets"] == len(mine), e
        assert e["hours"] == pytest.approx(round(sum(t["hours"] for t in mine), 1), abs=0.051), e
        assert e["longest"] == (max(t["hours"] for t in mine) if mine else None), e
    for cu in customers:
        assert cu["n_tickets"] == sum(t["customer_id"] == cu["customer_id"] for t in tickets), cu


def test_child_writes_keep_aggregates_via_a_second_foreign_key(support: httpx.Client) -> None:
    c = support
    try:
        _expected(c)  # the generated state
        e1, e2 = c.get("/employees", params={"limit": 2}).json()
        r = c.post("/tickets", json={"customer_id": 1, "assignee_id": e1["employee_id"], "hours": 7.5})
        assert r.status_code == 201, r.text
        new = r.json()
        after = c.get(f"/employees/{e1['employee_id']}").json()
        assert after["n_tickets"] == e1["n_tickets"] + 1
        assert after["hours"] == pytest.approx(e1["hours"] + 7.5)
        _expected(c)
        # patch the value, then move the ticket to another assignee: both employees follow
        assert c.patch(f"/tickets/{new['ticket_id']}", json={"hours": 8.0}).status_code == 200
        _expected(c)
        assert c.patch(f"/tickets/{new['ticket_id']}", json={"assignee_id": e2["employee_id"]}).status_code == 200
        _expected(c)
        assert c.get(f"/employees/{e1['employee_id']}").json()["n_tickets"] == e1["n_tickets"]
        assert c.get(f"/employees/{e2['employee_id']}").json()["n_tickets"] == e2["n_tickets"] + 1
        # unassign by a full replace, then assign again
        full = {k: v for k, v in new.items() if k != "ticket_id"} | {"assignee_id": None, "hours": 8.0}
        assert c.put(f"/tickets/{new['ticket_id']}", json=full).status_code == 200
        _expected(c)
        assert c.put(f"/tickets/{new['ticket_id']}", json=full | {"assignee_id": e1["employee_id"]}).status_code == 200
        _expected(c)
        # a refused write (no such employee) changes nothing
        before = c.get("/employees", params={"limit": 1000}).json()
        r = c.patch(f"/tickets/{new['ticket_id']}", json={"assignee_id": 999})
        assert r.status_code == 422 and r.json()["field"] == "assignee_id"
        assert c.get("/employees", params={"limit": 1000}).json() == before
        # delete; and a customer's cascade deletes tickets assigned to employees, whose counts follow
        assert c.delete(f"/tickets/{new['ticket_id']}").status_code == 204
        _expected(c)
        assert c.delete("/customers/2").status_code == 204
        _expected(c)
        # an employee with tickets cannot go (restrict), and a client's value for the aggregate is not taken
        busy = c.get(f"/employees/{e1['employee_id']}").json()
        assert busy["n_tickets"] > 0
        r = c.delete(f"/employees/{e1['employee_id']}")
        assert r.status_code == 409 and "tickets" in r.json()["rule"]
        r = c.post("/employees", json={"name": "Ada", "n_tickets": 50, "hours": 3})
        assert r.status_code == 201 and (r.json()["n_tickets"], r.json()["hours"]) == (0, 0)
        _expected(c)
    finally:
        assert c.post("/_reset").status_code == 200
    _expected(c)
