"""Learning what simulacra itself writes: found by fitting and sampling the shipped examples.

Two classes of source shape broke learned sampling: a rule-made unique column whose first draw may
repeat (an email made from a person's name; generation redraws it in its uniqueness ledger, learned
sampling did not, so `sample` refused its own output), and a table whose deepest foreign key is
nullable (a ticket's optional asset): drawn per that key, every row with a null was left out of
learning as an "orphan" and every child of those rows with it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from tests.helpers import frames_of, plan_of

from simulacra.cli.main import main
from simulacra.synth.dataset import DatasetSynthesizer

PEOPLE = """
seed: 5
tables:
  customers:
    rows: 3000
    primary_key: id
    columns:
      id: sequence
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      email: {generator: email, group: person, unique: true}
      spend: {generator: lognormal, median: 40, sigma: 0.6}
"""


def test_a_rule_made_unique_column_is_redrawn_where_its_first_draw_repeats() -> None:
    plan = plan_of(PEOPLE)
    model = DatasetSynthesizer(seed=0).fit(frames_of(plan), plan.spec)
    out = model.sample(seed=1)["customers"]
    emails = out["email"]
    assert emails.n_unique() == out.height and emails.null_count() == 0
    numbered = emails.str.contains(r"\d").sum()
    assert 0 < numbered < out.height // 20  # a number only where the name-made address was taken
    assert model.sample(seed=1)["customers"].equals(out)
    # the redraws need the whole table in row order: chunked sampling says so instead of repeating values
    assert "rule-made unique column 'email'" in (model.chunk_blocker() or "")


NULLABLE = """
seed: 3
tables:
  staff:
    rows: 60
    primary_key: staff_id
    columns:
      staff_id: {generator: pattern, pattern: "S-{seq:04d}"}
      name: {generator: full_name}
  assets:
    rows: {per: staff, count: {distribution: poisson, lam: 1.5, min: 1}}
    primary_key: asset_id
    columns:
      asset_id: {generator: pattern, pattern: "A-{seq:05d}"}
      owner_id: {generator: foreign_key, references: staff.staff_id}
      kind: {generator: categorical, values: {laptop: 0.6, phone: 0.4}}
  tickets:
    rows: 500
    primary_key: ticket_id
    columns:
      ticket_id: {generator: pattern, pattern: "T-{seq:05d}"}
      reporter_id: {generator: foreign_key, references: staff.staff_id}
      asset_id: {generator: foreign_key, references: assets.asset_id, null_rate: 0.35}
      priority: {generator: categorical, values: {low: 0.5, high: 0.5}}
  events:
    rows: {per: tickets, count: {distribution: poisson, lam: 3, min: 1}}
    columns:
      ticket_id: {generator: foreign_key, references: tickets.ticket_id}
      step: {generator: integer, low: 1, high: 9}
"""


def test_a_nullable_foreign_key_does_not_decide_what_rows_are_drawn_per(tmp_path: Path) -> None:
    frames = frames_of(plan_of(NULLABLE))
    db = tmp_path / "source.db"
    with sqlite3.connect(db) as con:
        for name, frame in frames.items():
            frame.to_pandas().to_sql(name, con, index=False)
    code = main(["fit", str(db), "-o", str(tmp_path / "model"), "--quiet"])
    assert code == 0
    manifest = json.loads((tmp_path / "model" / "manifest.json").read_text())
    rows = manifest["spec"]["tables"]["tickets"]["rows"]
    assert rows["per"] == "staff"  # not the deeper, nullable assets key
    assert not any("left out of learning" in n for n in manifest.get("notes", []))
    assert main(["sample", str(tmp_path / "model"), "-o", str(tmp_path / "out.db"), "--seed", "2", "--quiet"]) == 0
    with sqlite3.connect(tmp_path / "out.db") as con:
        n, nulls = con.execute("select count(*), sum(asset_id is null) from tickets").fetchone()
        events = con.execute("select count(*) from events").fetchone()[0]
    assert abs(n - 500) <= 10 and 0.25 < nulls / n < 0.45  # the null rows kept, their share learned
    assert events > 2.5 * n  # their children kept too


def test_the_synthesizer_draws_per_the_key_that_covers_every_row_when_the_spec_names_none() -> None:
    """Every reporter files exactly 8 tickets (no spread), the optional asset key varies most: drawn per the
    asset, the 35% of tickets without one would be left out of learning; drawn per the reporter, none is."""
    made = NULLABLE.replace(
        "  tickets:\n    rows: 500\n",
        "  tickets:\n    rows: {per: staff, count: {distribution: categorical, values: [8], weights: [1.0]}}\n",
    )
    assert made != NULLABLE
    frames = frames_of(plan_of(made))
    plan = plan_of(NULLABLE.replace("rows: 500", f"rows: {frames['tickets'].height}"))
    model = DatasetSynthesizer(seed=0).fit(frames, plan.spec)
    tickets = model.tables_["tickets"]
    assert tickets.context_fk == "reporter_id" and tickets.orphans == 0
    out = model.sample(seed=0)
    assert out["tickets"].height == pytest.approx(frames["tickets"].height, rel=0.05)
    assert set(out["tickets"]["asset_id"].drop_nulls().to_list()) <= set(out["assets"]["asset_id"].to_list())
    assert 0.25 < out["tickets"]["asset_id"].null_count() / out["tickets"].height < 0.45
