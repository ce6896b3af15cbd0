"""Every table shape at a small ``--scale``: no table the spec fills is silently emptied (issue 20, gen82).

A count the spec gives a table in all (``rows: N``, ``rows.total``) is N times the scale, rounded, but a positive
count never rounds to none: a 3-row ``regions`` table at ``--scale 0.1`` keeps 1 row, so the rows that point at it
have something to point at. Static tables keep their size; tables made per a parent follow the parents; ``--scale
0`` still makes nothing. Planted here over the shapes a spec has (roots, a sized child with a key, children per
parent, a total over parents, chains of three tables, a static parent, two roots under one child), tables of 1 to 5
rows, scales 0.001 to 0.5, two sets of table names a seed for each: the sizes are the rule's, every key resolves,
and the same seed gives the same bytes. ``generate``, the size estimate and a learned model's ``sample`` share
the rule."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml
from tests.helpers import frames_of

from simulacra.cli.main import main
from simulacra.generation._budget import estimate_output
from simulacra.spec import load_plan

SCALES = [0.001, 0.01, 0.05, 0.1, 0.2, 0.5]
NAMES = [("regions", "stores", "sales", "channels"), ("leagues", "clubs", "players", "sponsors")]
SHAPES = ["sized_child", "per_parent", "total", "chain_sized", "chain_mixed", "static_parent", "two_roots"]
#: each child's count per parent where it is made per one: at least 1, so no parent is left childless by the draw
PER = {"distribution": "poisson", "lam": 3, "min": 1, "max": 6}
REACH = (1, 6)


def _table(rows: Any, keys: dict[str, str], *, static: bool = False) -> dict[str, Any]:
    cols: dict[str, Any] = {"id": {"generator": "sequence"}}
    cols.update({c: {"generator": "foreign_key", "references": f"{t}.id"} for c, t in keys.items()})
    cols["x"] = {"generator": "normal", "mean": 0, "std": 1}
    out: dict[str, Any] = {"rows": rows, "primary_key": "id", "columns": cols}
    if static:
        out["static"] = True
    return out


def spec_of(shape: str, names: tuple[str, str, str, str], small: int) -> dict[str, Any]:
    """A spec of ``shape`` whose root (``names[0]``) has ``small`` rows; the rest tens to hundreds."""
    a, b, c, d = names
    t: dict[str, Any] = {a: _table(small, {}, static=shape == "static_parent")}
    if shape in ("sized_child", "static_parent"):
        t[b] = _table(120, {f"{a}_id": a})
    elif shape == "per_parent":
        t[b] = _table({"per": a, "count": PER}, {f"{a}_id": a})
    elif shape == "total":
        t[b] = _table({"per": a, "count": PER, "total": 3 * small}, {f"{a}_id": a})
    elif shape == "chain_sized":
        t[b] = _table(2 + small, {f"{a}_id": a})
        t[c] = _table(300, {f"{b}_id": b})
    elif shape == "chain_mixed":
        t[b] = _table({"per": a, "count": PER}, {f"{a}_id": a})
        t[c] = _table({"per": b, "count": PER, "total": 6 * small}, {f"{b}_id": b})
    elif shape == "two_roots":
        t[d] = _table(small + 1, {})
        t[c] = _table(200, {f"{a}_id": a, f"{d}_id": d})
    else:
        raise AssertionError(shape)
    return {"tables": t}


def expected_sized(n: int, scale: float) -> int:
    """What the rule gives a sized table (written out here, not read from the code under test)."""
    whole = round(n * scale)
    return 1 if whole == 0 and n * scale > 0 else whole


def check_keys(spec: dict[str, Any], frames: dict[str, pl.DataFrame]) -> None:
    """Every foreign key of every row is set and names a row of its table."""
    for name, table in spec["tables"].items():
        for col, c in table["columns"].items():
            if c["generator"] != "foreign_key":
                continue
            parent = c["references"].split(".")[0]
            values = frames[name][col]
            assert values.null_count() == 0, (name, col)
            assert values.is_in(frames[parent]["id"].implode()).all(), (name, col, frames[parent].height)


def digest(frames: dict[str, pl.DataFrame]) -> str:
    h = hashlib.sha256()
    for name in sorted(frames):
        h.update(name.encode() + frames[name].write_csv().encode())
    return h.hexdigest()


@pytest.mark.parametrize("names", NAMES, ids=lambda n: n[0])
@pytest.mark.parametrize("shape", SHAPES)
def test_no_table_is_emptied_and_every_key_resolves(shape: str, names: tuple[str, str, str, str]) -> None:
    for small in range(1, 6):
        spec = spec_of(shape, names, small)
        for scale in SCALES:
            seed = small + len(names[0])  # a seed per size and names
            frames = frames_of(spec, seed=seed, scale=scale)
            at = (shape, small, scale, seed)
            for name, table in spec["tables"].items():
                rows = table["rows"]
                got = frames[name].height
                assert got >= 1, (*at, name, "emptied")
                if table.get("static"):
                    assert got == rows, (*at, name)
                elif isinstance(rows, int):
                    assert got == expected_sized(rows, scale), (*at, name)
                elif "total" in rows:
                    parents = frames[rows["per"]].height
                    want = min(max(expected_sized(rows["total"], scale), parents * REACH[0]), parents * REACH[1])
                    assert got == want, (*at, name)
                else:  # per a parent, at least one each
                    assert got >= frames[rows["per"]].height, (*at, name)
            check_keys(spec, frames)


@pytest.mark.parametrize("shape", SHAPES)
def test_same_seed_same_bytes(shape: str) -> None:
    spec = spec_of(shape, NAMES[0], 3)
    for scale in (0.01, 0.1, 0.5):
        a, b = frames_of(spec, seed=5, scale=scale), frames_of(spec, seed=5, scale=scale)
        assert digest(a) == digest(b), (shape, scale)
        # and the chunking changes nothing, the small tables included
        c = frames_of(spec, seed=5, scale=scale, chunk_size=2)
        assert digest(a) == digest(c), (shape, scale)


@pytest.mark.parametrize("shape", SHAPES)
def test_scale_0_still_makes_nothing(shape: str) -> None:
    spec = spec_of(shape, NAMES[1], 4)
    frames = frames_of(spec, seed=1, scale=0.0)
    for name, table in spec["tables"].items():
        want = table["rows"] if table.get("static") else 0
        assert frames[name].height == want, (shape, name)
    check_keys(spec, frames)


def test_a_zero_count_stays_zero_and_larger_scales_round_as_before() -> None:
    spec = spec_of("sized_child", NAMES[0], 5)
    spec["tables"]["extras"] = _table(0, {})
    for scale, want in ((0.001, 1), (0.1, 1), (0.3, 2), (0.5, 2), (0.7, 4), (2.5, 12)):  # 5 x 0.5 = 2.5: to even
        frames = frames_of(spec, seed=1, scale=scale)
        assert frames["regions"].height == want, scale
        assert frames["extras"].height == 0, scale


@pytest.mark.parametrize("shape", SHAPES)
def test_the_size_estimate_follows_the_same_rule(shape: str) -> None:
    spec = spec_of(shape, NAMES[0], 2)
    plan = load_plan(spec)
    for scale in SCALES:
        est = estimate_output(plan, {}, scale)
        frames = frames_of(plan, seed=1, scale=scale)
        for name, table in spec["tables"].items():
            rows = table["rows"]
            if isinstance(rows, int):
                assert est.rows[name] == frames[name].height, (shape, scale, name)
            elif "total" in rows:
                assert est.rows[name] == expected_sized(rows["total"], scale) >= 1, (shape, scale, name)


@pytest.fixture(scope="module")
def learned() -> tuple[dict[str, Any], Any]:
    from simulacra import DatasetSynthesizer

    spec = spec_of("chain_sized", NAMES[1], 3)
    frames = frames_of(spec, seed=2)
    # no table copied as a lookup (a referenced table of a few rows is, by default: kept whole at any scale)
    return spec, DatasetSynthesizer(seed=0, reference=[]).fit(frames, load_plan(spec))


@pytest.mark.parametrize("exact", [False, True])
def test_a_learned_model_samples_every_table_at_a_small_scale(learned: tuple[dict[str, Any], Any], exact: bool) -> None:
    spec, model = learned
    for scale in (0.01, 0.1, 0.2):
        a = model.sample(seed=3, scale=scale, exact_sizes=exact)
        assert a["leagues"].height == expected_sized(3, scale), scale  # 3 x 0.1 was 0: nothing to belong to
        for name in spec["tables"]:
            assert a[name].height >= 1, (scale, name, exact)
        check_keys(spec, a)
        assert digest(a) == digest(model.sample(seed=3, scale=scale, exact_sizes=exact))


def test_generate_cli_keeps_a_small_table(tmp_path: Path) -> None:
    spec = spec_of("chain_sized", NAMES[0], 3)
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    out = tmp_path / "out"
    assert main(["generate", str(path), "-o", str(out), "--format", "csv", "--scale", "0.1", "--seed", "4", "-q"]) == 0
    frames = {t: pl.read_csv(out / f"{t}.csv") for t in spec["tables"]}
    assert {t: f.height for t, f in frames.items()} == {"regions": 1, "stores": 1, "sales": 30}
    check_keys(spec, frames)
