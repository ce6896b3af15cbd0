"""A statement's total by month whose fixed part is kept two steps away, and whose month is written as text other
than ISO (issue 13, learn76): a bill's amount = its subscription's plan's fee (``plans.monthly_fee``, the
subscription only naming its plan) + that month's call costs, its period ``04/2023``, ``2023/04``, ``Apr 2023`` or
``April 2023``. Planted in three generated worlds (bills/subscriptions/plans, rent invoices/leases/unit types,
payslips/employees/grades) of 40 to 300 parents and several seeds, written to SQLite and run as a user does:
``inspect`` drafts a ``tally`` whose fixed side goes ``via`` the parent, the source validates (in memory and
streamed), and fit -> sample writes each sampled statement as its sum. A fee that is not the lookup's: no rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import yaml
from tests.unit.synth.sqlite_helpers import read_frames as read
from tests.unit.synth.sqlite_helpers import write_frames

import simulacra
from simulacra.constraints import check_dataset
from simulacra.errors import SpecValidationError
from simulacra.inspection import inspect
from simulacra.pipeline import check_streaming
from simulacra.spec import load_plan, load_spec
from simulacra.spec.model import ConstraintSpec, DatasetSpec


@dataclass(frozen=True)
class World:
    """Names of one planted world: lookup (its key, its fee), parent (its key, its link), statement, events."""

    lookup: str
    lkey: str
    fee: str
    parent: str
    key: str
    statement: str
    month: str
    total: str
    events: str
    on: str
    amount: str


BILLS = World("plans", "plan_id", "monthly_fee", "subscriptions", "subscription_id", "bills", "period", "amount",
              "calls", "started_at", "cost")  # fmt: skip
RENT = World("unit_types", "unit_type_id", "base_rent", "leases", "lease_id", "invoices", "billing_month",
             "total_due", "charges", "charged_on", "charge")  # fmt: skip
PAY = World("grades", "grade_id", "base_pay", "employees", "employee_id", "payslips", "pay_month", "gross",
            "overtime", "worked_on", "pay")  # fmt: skip

#: the month texts ``inspect`` reads as a month (``MONTH_FORMATS`` less ISO, which learn69 reads)
FORMS = ("%m/%Y", "%Y/%m", "%b %Y", "%B %Y")


def plant(w: World, seed: int, parents: int, form: str, *, fee_of: str = "lookup") -> dict[str, pl.DataFrame]:
    """A lookup of 4-6 fees, ``parents`` parents each naming one, 2..14 consecutive months each with a statement
    (its month written in ``form``) and Poisson(3) events; the total = the lookup's fee + the month's events
    (``fee_of`` 'own': a fee drawn per parent and kept nowhere, a look-alike)."""
    rng = np.random.default_rng(seed)
    fees = rng.choice([6.0, 7.5, 12.0, 22.5, 30.0, 45.25], int(rng.integers(4, 7)), replace=False)
    lrows = [{w.lkey: i + 1, "label": f"tier {i + 1}", w.fee: float(f)} for i, f in enumerate(fees)]
    prows, srows, erows = [], [], []
    for p in range(1, parents + 1):
        start = int(rng.integers(0, 24))
        tier = int(rng.integers(0, len(fees)))
        prows.append({w.key: p, w.lkey: tier + 1, "opened": dt.date(2022, 1, 1) + dt.timedelta(days=start * 30)})
        fixed = float(fees[tier]) if fee_of == "lookup" else round(float(rng.uniform(5, 50)), 2)
        for k in range(int(rng.integers(2, 15))):
            y, m = 2022 + (start + k) // 12, (start + k) % 12 + 1
            spent = 0.0
            for _ in range(int(rng.poisson(3))):
                when = dt.date(y, m, int(rng.integers(1, 29)))
                value = round(float(rng.gamma(1.5, 4.0)), 2)
                spent += value
                erows.append({"event_id": len(erows) + 1, w.key: p, w.on: when, w.amount: value})
            srows.append(
                {
                    "statement_id": len(srows) + 1,
                    w.key: p,
                    w.month: dt.date(y, m, 1).strftime(form),
                    w.total: round(spent + fixed, 2),
                }
            )
    return {
        w.lookup: pl.DataFrame(lrows),
        w.parent: pl.DataFrame(prows),
        w.statement: pl.DataFrame(srows),
        w.events: pl.DataFrame(erows),
    }


def write(w: World, frames: dict[str, pl.DataFrame], path: Path) -> Path:
    """The frames as a SQLite database, every key declared."""
    return write_frames(path, frames, {w.key: w.parent, w.lkey: w.lookup})


def added_up(w: World, frames: dict[str, pl.DataFrame], form: str) -> float:
    """Share of statements whose total is the lookup's fee of their parent + the sum of its events in their
    month, computed here apart from the rule's arithmetic (the month text parsed with ``form`` itself)."""
    spent = frames[w.events].group_by(w.key, pl.col(w.on).cast(pl.String).str.slice(0, 7).alias("__m"))
    spent = spent.agg(pl.col(w.amount).sum().alias("__s"))
    month = pl.col(w.month).str.strptime(pl.Date, form, strict=True).dt.strftime("%Y-%m")
    s = frames[w.statement].with_columns(month.alias("__m"))
    j = s.join(spent, on=[w.key, "__m"], how="left")
    fee = frames[w.parent].select(w.key, w.lkey).join(frames[w.lookup].select(w.lkey, w.fee), on=w.lkey)
    j = j.join(fee, on=w.key, how="left")
    return float(
        j.select(((pl.col(w.total) - pl.col("__s").fill_null(0.0) - pl.col(w.fee)).abs() < 0.006).mean()).item()
    )


def _rules(spec: DatasetSpec, w: World) -> dict[str, ConstraintSpec]:
    return {str(c.tally): c for c in spec.constraints if c.table == w.statement and c.tally is not None}


CASES = [
    (BILLS, 1, 60, "%m/%Y"),
    (BILLS, 2, 200, "%b %Y"),
    (RENT, 3, 40, "%Y/%m"),
    (RENT, 4, 150, "%B %Y"),
    (PAY, 5, 80, "%b %Y"),
    (PAY, 6, 300, "%m/%Y"),
]


@pytest.mark.parametrize(("w", "seed", "parents", "form"), CASES, ids=lambda v: getattr(v, "statement", v))
def test_a_fee_two_steps_away_is_drafted_validated_and_sampled(
    tmp_path: Path, w: World, seed: int, parents: int, form: str
) -> None:
    frames = plant(w, seed, parents, form)
    assert added_up(w, frames, form) == 1.0
    db = write(w, frames, tmp_path / "src.db")
    draft = inspect(db).write(tmp_path / "src.yaml")
    rules = _rules(load_spec(draft), w)
    assert set(rules) == {w.total}, rules
    sides = rules[w.total].sides or []
    assert rules[w.total].of == w.events and len(sides) == 2
    assert sides[0].month == {w.month: w.on} and sides[0].sum == w.amount
    fee = sides[1]
    assert fee.of == w.lookup and fee.sum == w.fee and fee.match == {w.key: w.key}
    assert fee.via is not None and fee.via.table == w.parent and fee.via.match == {w.lkey: w.lkey}
    assert "a total by month" in draft.read_text()
    simulacra.validate(draft, db)  # raises naming a failed check
    simulacra.fit(db, spec=draft, output=tmp_path / "model", seed=0)
    simulacra.sample(tmp_path / "model", tmp_path / "out.db", seed=seed)
    out = read(tmp_path / "out.db")
    assert out[w.events].height > 0 and out[w.statement].height > 0
    # the sampled months are written as the source's (else the test's own parsing would fail: strict)
    assert added_up(w, out, form) >= 0.99
    assert out[w.events][w.amount].n_unique() > 10
    simulacra.validate(draft, tmp_path / "out.db")


@pytest.mark.parametrize("form", FORMS)
def test_each_month_text_is_read_by_the_rule_and_streamed(tmp_path: Path, form: str) -> None:
    """Each of the four month texts: drafted, and a streamed ``validate`` (chunks of 50 rows) finds what the
    in-memory one finds, on the source and on a bill a cent off (row 9)."""
    frames = plant(BILLS, 8, 60, form)
    db = write(BILLS, frames, tmp_path / "src.db")
    draft = inspect(db).write(tmp_path / "src.yaml")
    assert set(_rules(load_spec(draft), BILLS)) == {BILLS.total}
    plan = load_plan(load_spec(draft))
    source = read(db)
    off = source[BILLS.statement].with_columns(pl.col(BILLS.total) + 0.01 * (pl.int_range(pl.len()) == 9))
    for name, data in (("good", source), ("bad", {**source, BILLS.statement: off})):
        folder = tmp_path / name
        folder.mkdir()
        for t, f in data.items():
            f.write_csv(folder / f"{t}.csv")
        streamed = [f for f in check_streaming(plan, folder, chunk_size=50) if f.check.startswith("amount =")]
        whole = [f for f in check_dataset(plan, data) if f.check.startswith("amount =")]
        assert [(f.failed, f.first_row) for f in streamed] == [(f.failed, f.first_row) for f in whole]
        assert len(whole) == 1 and whole[0].failed == (name == "bad") and "via subscriptions" in whole[0].check


@pytest.mark.parametrize(
    ("w", "form"), [(BILLS, "%m/%Y"), (RENT, "%B %Y"), (PAY, "%Y/%m")], ids=lambda v: getattr(v, "statement", v)
)
def test_a_fee_that_is_not_the_lookups_gets_no_rule(tmp_path: Path, w: World, form: str) -> None:
    frames = plant(w, 11, 120, form, fee_of="own")
    draft = inspect(write(w, frames, tmp_path / "src.db")).write(tmp_path / "src.yaml")
    assert not _rules(load_spec(draft), w)


SPEC = """
tables:
  plans:
    rows: 3
    primary_key: plan_id
    columns: {plan_id: sequence, fee: {generator: uniform, low: 5, high: 30}}
  subs:
    rows: 5
    primary_key: sub_id
    columns:
      sub_id: sequence
      plan_id: {generator: foreign_key, references: plans.plan_id}
  calls:
    rows: 30
    columns:
      sub_id: {generator: foreign_key, references: subs.sub_id}
      at: {generator: date, start: '2023-01-01', end: '2023-12-31'}
      cost: {generator: uniform, low: 0, high: 3}
  bills:
    rows: 10
    columns:
      sub_id: {generator: foreign_key, references: subs.sub_id}
      period: {generator: date, start: '2023-01-01', end: '2023-12-31'}
      amount: {generator: uniform, low: 0, high: 50}
constraints:
  - {table: bills, tally: amount, of: calls, sides: [{match: {sub_id: sub_id}, month: {period: at}, sum: cost}, FEE]}
"""


def test_a_fee_via_its_parent_loads_and_says_its_path() -> None:
    fee = "{of: plans, via: {table: subs, match: {plan_id: plan_id}}, match: {sub_id: sub_id}, sum: fee}"
    plan = load_plan(yaml.safe_load(SPEC.replace("FEE", fee)))
    con = plan.spec.constraints[0]
    assert "plans (via subs, plan_id = plan_id)'s fee" in con.tally_text()


@pytest.mark.parametrize(
    ("via", "word", "column"),
    [
        (
            "{table: subz, match: {plan_id: plan_id}}",
            "tally side via unknown table 'subz' (did you mean 'subs'?)",
            None,
        ),
        ("{table: bills, match: {plan_id: plan_id}}", "goes via a third table, not 'bills' itself", None),
        ("{table: plans, match: {plan_id: plan_id}}", "goes via a third table, not 'plans' itself", None),
        ("{table: subs, match: {}}", "links it to 'plans' on one column or more", None),
        ("{table: subs, match: {plan: plan_id}}", "unknown column 'subs.plan' (did you mean 'plan_id'?)", "plan"),
        ("{table: subs, match: {plan_id: plan}}", "unknown column 'plans.plan' (did you mean 'plan_id'?)", "plan"),
    ],
)
def test_a_malformed_via_is_refused_where_it_is(via: str, word: str, column: str | None) -> None:
    """One problem each, located at the rule's table (and the column it names)."""
    fee = "{of: plans, via: VIA, match: {sub_id: sub_id}, sum: fee}".replace("VIA", via)
    with pytest.raises(SpecValidationError) as err:
        load_plan(yaml.safe_load(SPEC.replace("FEE", fee)))
    [problem] = err.value.problems
    assert word in problem.message, problem.message
    assert problem.location.table == "bills" and problem.location.column == column
