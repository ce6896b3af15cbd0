"""A request drafted at a scale (``draft(..., scale=F)``, ``simulacra draft --scale F``) is a small or large copy of
the data asked for (issue 20, draft53): every table keeps a row (two where one row points at two of them), a fixed
set is not scaled (a league's teams and their fixtures, written ``static`` so ``generate --scale`` keeps them
too), populations are scaled, counts per parent row kept, a catalogue table named without a count follows the
populations said, and each scaled count is said in the assumptions."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

import simulacra
from simulacra.draft import draft, load_catalogue
from simulacra.errors import SpecError


def _heights(spec: dict[str, Any], scale: float = 1.0) -> dict[str, int]:
    frames = simulacra.generate(spec, seed=3, scale=scale).frames
    simulacra.validate(spec, frames)
    return {t: f.height for t, f in frames.items()}


@pytest.mark.parametrize(
    ("request_", "scale", "small"),
    [
        ("a logistics company with 3 warehouses and 900 shipments", 0.1, "warehouses"),
        ("a dental clinic: 1,500 patients, 4 dentists, appointments", 0.05, "dentists"),
        ("a bank with 7 branches and 2,000 accounts", 0.02, "branches"),
        ("an insurer with 9 adjusters, 800 policyholders and claims", 0.03, "adjusters"),
    ],
)
def test_a_small_table_keeps_a_row(request_: str, scale: float, small: str) -> None:
    d = draft(request_, scale=scale)
    tables = d.spec["tables"]
    assert tables[small]["rows"] == 1  # round(n x scale) is 0: one row, said
    assert all(t["rows"] >= 1 for t in tables.values() if isinstance(t["rows"], int))
    assert any(a.startswith(f"{small}:") and "at least one" in a for a in d.assumptions)
    assert _heights(d.spec)[small] == 1


@pytest.mark.parametrize(
    ("request_", "scale", "said"),
    [
        ("a dental clinic: 3,000 patients, 12 dentists, appointments", 0.2, {"patients": 3000, "dentists": 12}),
        ("an online shop with 40,000 customers and 600 products", 0.01, {"customers": 40000, "products": 600}),
        ("a logistics company with 6 warehouses and 30,000 shipments", 3.0, {"warehouses": 6, "shipments": 30000}),
    ],
)
def test_populations_scaled_and_counts_per_parent_kept(request_: str, scale: float, said: dict[str, int]) -> None:
    whole = draft(request_).spec["tables"]
    part = draft(request_, scale=scale).spec["tables"]
    assert set(part) == set(whole)
    for t, n in said.items():
        assert whole[t]["rows"] == n and part[t]["rows"] == max(1, round(n * scale))
    for t, tb in whole.items():
        if isinstance(tb["rows"], dict) and "total" not in tb["rows"]:
            assert part[t]["rows"] == tb["rows"]  # the same count per parent row: the ratio holds


@pytest.mark.parametrize(
    ("request_", "teams", "n"),
    [
        ("a football league of 20 clubs, 500 players, matches between clubs", "clubs", 20),
        ("a hockey league with 12 teams and 300 players; games between teams", "teams", 12),
        ("a rugby league of 8 clubs and 240 players; matches between clubs", "clubs", 8),
    ],
)
@pytest.mark.parametrize("scale", [0.05, 0.2])
def test_a_leagues_teams_are_a_fixed_set(request_: str, teams: str, n: int, scale: float) -> None:
    spec = draft(request_).spec
    assert spec["tables"][teams]["rows"] == n and spec["tables"][teams]["static"] is True
    games = next(t for t in spec["tables"] if t in ("matches", "games"))
    assert spec["tables"][games]["rows"] == n * (n - 1) and spec["tables"][games]["static"] is True
    got = _heights(spec, scale)  # the spec drafted at 1, generated at --scale: the league and its fixtures whole
    assert got[teams] == n and got[games] == n * (n - 1)
    scaled = draft(request_, scale=scale)
    assert scaled.spec["tables"][teams]["rows"] == n
    assert scaled.spec["tables"]["players"]["rows"] == max(1, round(spec["tables"]["players"]["rows"] * scale))
    assert any(a.startswith(f"{teams}:") and f"scale {scale:g}" in a and "fixed set" in a for a in scaled.assumptions)


@pytest.mark.parametrize("n", [5, 10, 30])
def test_a_table_two_keys_point_at_keeps_two(n: int) -> None:
    d = draft(f"a social app with {n} users; users follow other users", scale=0.01)
    assert d.spec["tables"]["users"]["rows"] == 2
    assert any(a.startswith("users:") and "at least two" in a for a in d.assumptions)
    assert _heights(d.spec)["users"] == 2


@pytest.mark.parametrize(
    ("request_", "said", "kind_of_said", "named", "kind_of_named"),
    [
        ("a dental clinic: 100,000 patients, dentists and appointments", 100_000, "patient", "dentists", "dentist"),
        ("an online shop with 5,000 customers, suppliers and orders", 5_000, "customer", "suppliers", "supplier"),
        ("an online shop with 100 customers, products and orders", 100, "customer", "products", "product"),
        ("a hospital with 60 nurses, doctors and patients", 60, "nurse", "doctors", "doctor"),
    ],
)
def test_a_table_named_without_a_count_follows_the_population(
    request_: str, said: int, kind_of_said: str, named: str, kind_of_named: str
) -> None:
    kinds = load_catalogue().kinds
    factor = said / kinds[kind_of_said].rows
    d = draft(request_)
    assert d.spec["tables"][named]["rows"] == max(1, round(kinds[kind_of_named].rows * factor))
    assert any(a.startswith(f"no count asked for {named}:") and "times" in a for a in d.assumptions)


def test_no_count_said_keeps_the_catalogues_defaults() -> None:
    kinds = load_catalogue().kinds
    tables = draft("a dental clinic with patients, dentists and appointments").spec["tables"]
    assert tables["patients"]["rows"] == kinds["patient"].rows and tables["dentists"]["rows"] == kinds["dentist"].rows


@pytest.mark.parametrize("scale", [0.1, 0.003, 2.5])
def test_every_count_is_explained(scale: float) -> None:
    d = draft("a bank with 25 branches, 150,000 accounts and transactions", scale=scale)
    for t in d.spec["tables"]:
        assert any(a.startswith(f"{t}:") and f"scale {scale:g}" in a for a in d.assumptions), t
    assert f"scale {scale:g}" in d.text  # the assumptions are written at the head of the YAML too


@pytest.mark.parametrize(
    ("request_", "child", "parent", "bound"),
    [
        ("a library: 1,200 readers make 4,000 loans, no reader has more than 10 loans", "loans", "readers", 10),
        ("a kennel: 300 breeders and 700 litters; no breeder has more than 6 litters", "litters", "breeders", 6),
        (
            "an aquarium shop: 400 fish keepers and 580 tanks; each fish keeper has at most three tanks",
            "tanks",
            "fish_keepers",
            3,
        ),
    ],
)
@pytest.mark.parametrize("scale", [0.01, 0.13])
def test_a_total_is_scaled_within_its_bound(request_: str, child: str, parent: str, bound: int, scale: float) -> None:
    whole = draft(request_).spec["tables"]
    scaled = draft(request_, scale=scale).spec
    tables = scaled["tables"]
    parents = tables[parent]["rows"]
    assert parents == max(1, round(whole[parent]["rows"] * scale))
    total = tables[child]["rows"]["total"]  # the count said in all, spread over the parents (rows.total)
    assert total == min(max(1, round(whole[child]["rows"]["total"] * scale)), parents * bound)
    got = _heights(scaled)
    assert got[parent] == parents


@pytest.mark.parametrize(("name", "size"), [("months", 12), ("weekdays", 7), ("quarters", 4)])
def test_a_calendar_set_is_not_scaled(name: str, size: int) -> None:
    from simulacra.draft._scaled_counts import scale_counts  # the pass itself: no request drafts a calendar table

    spec: dict[str, Any] = {
        "tables": {
            name: {"rows": size, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}},
            "sales": {"rows": 5000, "primary_key": "id", "columns": {"id": {"generator": "sequence"}}},
        }
    }
    notes: list[str] = []
    scale_counts(spec, 0.01, notes)
    assert spec["tables"][name] == {**spec["tables"][name], "rows": size, "static": True}
    assert spec["tables"]["sales"]["rows"] == 50
    assert any(n.startswith(f"{name}:") and "calendar set" in n for n in notes)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, "half"])
def test_a_scale_that_is_no_size_is_refused(bad: Any) -> None:
    with pytest.raises(SpecError, match="scale"):
        draft("a dental clinic: 2,000 patients", scale=bad)


def test_the_command_drafts_at_a_scale_and_explains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from simulacra.cli.main import main

    out = tmp_path / "league.yaml"
    request_ = "a football league of 24 clubs, 600 players, matches between clubs; 6 warehouses"
    assert main(["draft", request_, "-o", str(out), "--scale", "0.05", "--explain"]) == 0
    text = capsys.readouterr().out
    tables = yaml.safe_load(out.read_text())["tables"]
    assert tables["clubs"]["rows"] == 24 and tables["clubs"]["static"] is True
    assert tables["players"]["rows"] == 30
    assert "players: 600 rows x scale 0.05 = 30" in " ".join(text.split())
    assert main(["draft", request_, "-o", str(tmp_path / "none.yaml"), "--scale", "0"]) == 2  # no size: refused
    assert not (tmp_path / "none.yaml").exists()
