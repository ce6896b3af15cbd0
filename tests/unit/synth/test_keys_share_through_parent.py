"""Partial agreement through a parent (issue 13), planted in generated data: a key's parent agrees with the
row's other key's parent on a share of rows, not all (a surgeon works on the admission's ward in ~90% of
procedures). ``inspect`` drafts ``match`` with ``match_share``; fit → sample keeps the share; an edited share
is honoured; the draws are the same for any run length; ``validate`` checks the share both ways.

Shapes: an enrolment's course of the student's school (85% planted), an order line's product of its order's
store's region (two keys away, 70%), and a procedure's surgeon on its admission's ward (the admission is the
rows' parent, 90%), each with 2 seeds. Before (base 392b6f9): not drafted, and samples agree as chance does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from tests.helpers import plan_of
from tests.unit.synth.test_keys_two_parents import SHAPES, Keys, _agrees, _pick, _source, regions, schools

import simulacra
from simulacra import DatasetSynthesizer
from simulacra.constraints import check_dataset
from simulacra.generation.engine import Engine
from simulacra.inspection import inspect
from simulacra.spec import load_plan


def wards(seed: int, agree: float = 0.9) -> tuple[dict[str, pl.DataFrame], Keys]:
    """Wards, staff of a ward, admissions to a ward, procedures per admission by a surgeon of the admission's
    ward (``agree`` of them; the others anyone's)."""
    rng = np.random.default_rng(seed)
    n_wa, n_st, n_ad = 8, 70, 500
    wa = pl.DataFrame({"ward_id": np.arange(1, n_wa + 1), "beds": rng.integers(10, 40, n_wa)})
    st_wa = np.r_[np.arange(1, n_wa + 1), rng.integers(1, n_wa + 1, n_st - n_wa)]
    # one surgeon per ward first, then surgeons and nurses: only surgeons operate
    role = np.r_[np.full(n_wa, "surgeon"), rng.choice(["surgeon", "nurse"], n_st - n_wa)]
    st = pl.DataFrame({"staff_id": np.arange(1, n_st + 1), "ward_id": st_wa, "role": role})
    ad_wa = rng.integers(1, n_wa + 1, n_ad)
    ad = pl.DataFrame({"admission_id": np.arange(1, n_ad + 1), "ward_id": ad_wa, "days": rng.integers(1, 20, n_ad)})
    adm = np.repeat(np.arange(1, n_ad + 1), rng.integers(1, 5, n_ad))
    surgeons = np.flatnonzero(role == "surgeon")
    pr = pl.DataFrame(
        {
            "procedure_id": np.arange(1, len(adm) + 1),
            "admission_id": adm,
            "surgeon_id": surgeons[_pick(rng, st_wa[surgeons], ad_wa[adm - 1], agree) - 1] + 1,
            "minutes": rng.integers(20, 240, len(adm)),
        }
    )
    keys = [
        ("staff", "ward_id", "wards", "ward_id"),
        ("admissions", "ward_id", "wards", "ward_id"),
        ("procedures", "admission_id", "admissions", "admission_id"),
        ("procedures", "surgeon_id", "staff", "staff_id"),
    ]
    return {"wards": wa, "staff": st, "admissions": ad, "procedures": pr}, keys


WARDS = (
    "procedures",
    "surgeon_id",
    "ward_id",
    "admission_id.ward_id",
    [("surgeon_id", "staff", "staff_id"), ("ward_id", "x", "x")],
    [("admission_id", "admissions", "admission_id"), ("ward_id", "x", "x")],
)
PARTIAL = [
    (lambda seed: schools(seed, agree=0.85), *SHAPES[0][1:]),
    (lambda seed: regions(seed, agree=0.7), *SHAPES[1][1:]),
    (wards, *WARDS),
]


def _with_share(spec: Any, table: str, col: str, share: float) -> Any:
    """The spec with one key's ``match_share`` edited, as a user edits the reviewed draft."""
    t = spec.tables[table]
    c = t.columns[col].model_copy(update={"match_share": share})
    return spec.model_copy(
        update={"tables": {**spec.tables, table: t.model_copy(update={"columns": {**t.columns, col: c}})}}
    )


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize(("make", "child", "col", "pcol", "through", "mine", "theirs"), PARTIAL)
def test_a_share_of_agreement_is_drafted_and_kept(make, child, col, pcol, through, mine, theirs, seed) -> None:  # noqa: ANN001
    frames, keys = make(seed)
    share, _ = _agrees(frames, child, mine, theirs)
    assert 0.6 < share < 0.97
    ins = inspect(_source(child, frames, keys))
    spec = ins.spec.tables[child].columns[col]
    assert spec.match == {pcol: through}  # type: ignore[union-attr]
    assert spec.match_share == pytest.approx(share, abs=1e-4)  # type: ignore[union-attr]
    model = DatasetSynthesizer(seed=0).fit(frames, ins.spec)
    got, held = _agrees(model.sample(seed=seed), child, mine, theirs)
    assert held > 300
    assert abs(got - share) < 4 * np.sqrt(share * (1 - share) / held) + 0.01
    # an edited share is what the sample keeps
    edited = _with_share(ins.spec, child, col, 0.4)
    got, held = _agrees(DatasetSynthesizer(seed=0).fit(frames, edited).sample(seed=seed), child, mine, theirs)
    assert abs(got - 0.4) < 4 * np.sqrt(0.24 / held) + 0.01


@pytest.mark.parametrize(("seed", "agree"), [(1, 1.0), (2, 0.9)])
def test_a_matched_key_takes_the_parents_the_key_references(seed: int, agree: float) -> None:
    """Only surgeons operate: among a ward's staff, the matched key takes its surgeons (by their learned
    references), whether every row agrees (``match``) or a share does; drawn evenly, about half were nurses."""
    frames, keys = wards(seed, agree)
    ins = inspect(_source("roles", frames, keys))
    assert ins.spec.tables["procedures"].columns["surgeon_id"].match  # type: ignore[union-attr]
    out = DatasetSynthesizer(seed=0).fit(frames, ins.spec).sample(seed=seed)
    j = out["procedures"].join(out["staff"], left_on="surgeon_id", right_on="staff_id", how="left")
    assert j.height > 300
    assert float((j["role"] == "surgeon").mean()) >= 0.98  # type: ignore[operator]


def test_a_one_to_one_key_gets_no_share() -> None:
    """Each surgeon operates once (a key naming each parent once, as Berka's disp.client_id): a share drawn
    with repeats would break the one-to-one, so none is drafted though about 90% agree."""
    rng = np.random.default_rng(4)
    n_wa, n_st = 6, 400
    st_wa = rng.integers(1, n_wa + 1, n_st)
    ad_wa = np.where(rng.random(n_st) < 0.9, st_wa, rng.integers(1, n_wa + 1, n_st))  # admission i: surgeon i
    frames = {
        "wards": pl.DataFrame({"ward_id": np.arange(1, n_wa + 1), "beds": rng.integers(10, 40, n_wa)}),
        "staff": pl.DataFrame({"staff_id": np.arange(1, n_st + 1), "ward_id": st_wa}),
        "admissions": pl.DataFrame({"admission_id": np.arange(1, n_st + 1), "ward_id": ad_wa}),
        "procedures": pl.DataFrame(
            {
                "procedure_id": np.arange(1, n_st + 1),
                "admission_id": np.arange(1, n_st + 1),
                "surgeon_id": rng.permutation(n_st) + 1,
            }
        ),
    }
    # the permutation above pairs surgeons at random: pair each admission with its own surgeon instead
    frames["procedures"] = frames["procedures"].with_columns(pl.col("admission_id").alias("surgeon_id"))
    _, keys = wards(4)
    assert _agrees(frames, "procedures", *WARDS[4:])[0] > 0.85
    spec = inspect(_source("one", frames, keys)).spec.tables["procedures"].columns["surgeon_id"]
    assert spec.match_share is None  # type: ignore[union-attr]


def test_agreement_no_better_than_chance_is_not_drafted() -> None:
    """Surgeons picked at random: they agree with the admission's ward as often as pairing at random does."""
    frames, keys = wards(3, agree=0.0)
    spec = inspect(_source("chance", frames, keys)).spec.tables["procedures"].columns["surgeon_id"]
    assert not spec.match  # type: ignore[union-attr]
    assert spec.match_share is None  # type: ignore[union-attr]


def _read(db: Path) -> dict[str, pl.DataFrame]:
    with sqlite3.connect(db) as con:
        names = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        return {n: pl.read_database(f'select * from "{n}"', con) for n in names}


def test_same_draws_for_any_run_length_and_validate_checks_the_share(tmp_path: Path) -> None:
    frames, keys = wards(5)
    ins = inspect(_source("runs", frames, keys))
    share = ins.spec.tables["procedures"].columns["surgeon_id"].match_share  # type: ignore[union-attr]
    assert share is not None
    simulacra.fit(frames, spec=ins.spec, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", tmp_path / "a.db", seed=1, chunk_rows=64)
    simulacra.sample(tmp_path / "model", tmp_path / "b.db", seed=1)
    a, b = _read(tmp_path / "a.db"), _read(tmp_path / "b.db")
    for t in frames:
        assert a[t].equals(b[t]), t
    got, held = _agrees(a, "procedures", *WARDS[4:])
    assert abs(got - share) < 4 * np.sqrt(share * (1 - share) / held) + 0.01
    plan = load_plan(ins.spec)
    mine = [f for f in check_dataset(plan, a) if "surgeon_id matches" in f.check]
    assert len(mine) == 1 and mine[0].ok, mine
    # the same sample against a spec that says 30%: the share check fails, naming table and column
    wrong = _with_share(ins.spec, "procedures", "surgeon_id", 0.3)
    bad = [f for f in check_dataset(load_plan(wrong), a) if "surgeon_id matches" in f.check]
    assert len(bad) == 1 and not bad[0].ok
    assert "30.0% of rows" in bad[0].problem().message and bad[0].column == "surgeon_id"


SPEC = """
tables:
  wards:
    rows: 6
    primary_key: ward_id
    columns:
      ward_id: sequence
  staff:
    rows: 60
    primary_key: staff_id
    columns:
      staff_id: sequence
      ward_id: {generator: foreign_key, references: wards.ward_id}
  admissions:
    rows: 400
    primary_key: admission_id
    columns:
      admission_id: sequence
      ward_id: {generator: foreign_key, references: wards.ward_id}
      surgeon_id: {generator: foreign_key, references: staff.staff_id, match: {ward_id: ward_id}, match_share: SHARE}
"""


@pytest.mark.parametrize("share", [0.3, 0.8])
def test_spec_generation_honours_the_share_for_any_chunk_size(share: float) -> None:
    plan = plan_of(SPEC.replace("SHARE", str(share)))
    f = Engine(plan, chunk_size=37).frames()
    j = f["admissions"].join(
        f["staff"].select("staff_id", pl.col("ward_id").alias("sw")), left_on="surgeon_id", right_on="staff_id"
    )
    assert j.height == 400
    got = float((j["ward_id"] == j["sw"]).mean())  # type: ignore[arg-type]
    assert abs(got - share) < 4 * np.sqrt(share * (1 - share) / 400) + 0.01
    assert f["admissions"].equals(Engine(plan, chunk_size=1000).frames()["admissions"])
    assert all(x.ok for x in check_dataset(plan, f)), [x.check for x in check_dataset(plan, f) if not x.ok]


def test_a_share_without_match_is_refused_naming_the_column() -> None:
    with pytest.raises(Exception, match="match_share") as err:
        plan_of(SPEC.replace("match: {ward_id: ward_id}, match_share: SHARE", "match_share: 0.5"))
    assert "surgeon_id" in str(err.value)
