"""The copy guard lives apart from the model: a shared model folder is no membership oracle.

A model rejects sampled rows equal to identifying training rows by keeping 64-bit hashes of those rows. With
the hashes anyone can test whether a guessed whole row was in the training data, so they are written to a
private ``copy_guard.npz`` (0600) beside ``manifest.json`` and ``arrays.npz``; the rest can be shared. A model
loaded without its guard samples, rejects no copies, and says so (privacy note, notes, the CLI's warning).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.io import read_manifest
from simulacra.synth.dataset import DatasetSynthesizer
from simulacra.synth.tabular import TabularSynthesizer


def _table(seed: int, n: int = 1500) -> pl.DataFrame:
    """Four columns whose combinations are mostly rare: many rows identify someone."""
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "town": rng.choice([f"t{i}" for i in range(12)], n),
            "age": rng.integers(18, 90, n),
            "grade": rng.choice(["A", "B", "C", "D"], n, p=[0.4, 0.3, 0.2, 0.1]),
            "score": rng.normal(50, 10, n).round(1),
        }
    )


def _uint64_arrays(file: Path) -> list[np.ndarray]:
    with np.load(file, allow_pickle=False) as npz:
        return [npz[k] for k in npz.files if npz[k].dtype == np.uint64]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_part_holds_no_training_row_hash(seed: int, tmp_path: Path) -> None:
    frame = _table(seed)
    synth = TabularSynthesizer(seed=seed).fit(frame)
    synth.save(tmp_path / "m")
    table = synth.table_
    hashes = table.row_hashes(frame.select(table.columns))
    assert len(table.copy_hashes) > 100  # the guard is not empty: this test can fail
    assert np.isin(table.copy_hashes, hashes).all()
    for arr in _uint64_arrays(tmp_path / "m" / "arrays.npz"):
        assert not np.isin(arr, hashes).any(), "a training row's hash is in the shareable arrays.npz"
    assert not np.isin(table.near_hashes, _uint64_arrays(tmp_path / "m" / "arrays.npz") or [[]]).any()
    guard = tmp_path / "m" / "copy_guard.npz"
    assert stat.S_IMODE(os.stat(guard).st_mode) == 0o600
    with zipfile.ZipFile(guard) as zf:
        assert sorted(zf.namelist()) == ["t.copy_hashes.npy", "t.near_hashes.npy"][: len(zf.namelist())]
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert manifest["copy_guard"]["file"] == "copy_guard.npz"
    assert manifest["copy_guard"]["arrays"]["t.copy_hashes"]["shape"] == [len(table.copy_hashes)]


def test_guard_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        TabularSynthesizer(seed=1).fit(_table(5)).save(tmp_path / "m")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "m" / "copy_guard.npz").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "m" / "arrays.npz").st_mode) == 0o666  # an ordinary output


def test_same_data_and_seed_same_bytes_guard_included(tmp_path: Path) -> None:
    frame = _table(7)
    for i in (1, 2):
        TabularSynthesizer(seed=3).fit(frame).save(tmp_path / f"m{i}")
    for name in ("manifest.json", "arrays.npz", "copy_guard.npz"):
        assert (tmp_path / "m1" / name).read_bytes() == (tmp_path / "m2" / name).read_bytes(), name


def test_loaded_with_guard_samples_as_fitted_without_it_says_so(tmp_path: Path) -> None:
    frame = _table(11)
    synth = TabularSynthesizer(seed=2).fit(frame)
    synth.save(tmp_path / "m")
    loaded = TabularSynthesizer.load(tmp_path / "m")
    assert not loaded.table_.guard_absent
    assert np.array_equal(loaded.table_.copy_hashes, synth.table_.copy_hashes)
    assert loaded.sample(800, seed=5).equals(synth.sample(800, seed=5))
    assert loaded.manifest()["privacy"]["copy_rejection"] is True

    shared = tmp_path / "shared"  # what a user hands on: the folder without the private file
    shared.mkdir()
    for name in ("manifest.json", "arrays.npz"):
        shutil.copy(tmp_path / "m" / name, shared / name)
    bare = TabularSynthesizer.load(shared)
    assert bare.table_.guard_absent and not len(bare.table_.copy_hashes) and bare.table_.near_redraw == 0.0
    privacy = bare.manifest()["privacy"]
    assert privacy["copy_rejection"] is False and privacy["copy_rejection_note"].startswith("absent")
    assert privacy["near_copies"].startswith("absent")
    again = bare.sample(800, seed=5)
    assert again.height == 800 and again.equals(bare.sample(800, seed=5))


def test_cli_sample_without_guard_warns_and_the_card_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _table(13, 1200).write_csv(tmp_path / "people.csv")
    model = tmp_path / "model"
    assert main(["fit", str(tmp_path / "people.csv"), "-o", str(model), "--seed", "1", "-q"]) == 0
    assert (model / "copy_guard.npz").is_file()
    assert main(["sample", str(model), "-o", str(tmp_path / "a.db"), "-q"]) == 0
    assert "copy guard absent" not in capsys.readouterr().err
    assert not any("copy guard" in n for n in read_manifest(str(tmp_path / "a.db"))["notes"])

    (model / "copy_guard.npz").unlink()
    assert main(["sample", str(model), "-o", str(tmp_path / "b.db"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "warning: copy guard absent (people)" in err
    card = read_manifest(str(tmp_path / "b.db"))
    assert any(n.startswith("copy guard absent") for n in card["notes"])
    assert "absent" in json.dumps(card["privacy"])


def test_old_models_with_hashes_in_arrays_still_load(tmp_path: Path) -> None:
    """A model saved before the guard was kept apart (its hashes inside arrays.npz) loads with its guard."""
    frame = _table(17)
    synth = TabularSynthesizer(seed=4).fit(frame)
    synth.save(tmp_path / "m")
    folder = tmp_path / "m"
    manifest = json.loads((folder / "manifest.json").read_text())
    with np.load(folder / "arrays.npz", allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    with np.load(folder / "copy_guard.npz", allow_pickle=False) as npz:
        arrays.update({k: npz[k] for k in npz.files})
    manifest["arrays"].update(manifest.pop("copy_guard")["arrays"])
    manifest["table"].pop("guard")
    (folder / "copy_guard.npz").unlink()
    np.savez_compressed(folder / "arrays.npz", **arrays)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    old = TabularSynthesizer.load(folder)
    assert not old.table_.guard_absent
    assert np.array_equal(old.table_.copy_hashes, synth.table_.copy_hashes)
    assert old.sample(500, seed=8).equals(synth.sample(500, seed=8))


def test_dataset_model_keeps_every_tables_guard_apart(tmp_path: Path) -> None:
    rng = np.random.default_rng(19)
    src = tmp_path / "src"
    src.mkdir()
    people = _table(19, 400).with_row_index("person_id", offset=1).with_columns(pl.col("person_id").cast(pl.Int64))
    people.write_csv(src / "people.csv")
    pl.DataFrame(
        {
            "visit_id": np.arange(1, 1601),
            "person_id": rng.integers(1, 401, 1600),
            "ward": rng.choice([f"w{i}" for i in range(9)], 1600),
            "cost": rng.gamma(2.0, 150.0, 1600).round(2),
            "urgent": rng.choice(["yes", "no"], 1600),
        }
    ).write_csv(src / "visits.csv")
    assert main(["fit", str(src), "-o", str(tmp_path / "m"), "--seed", "1", "-q"]) == 0
    synth = DatasetSynthesizer.load(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "manifest.json").read_text())
    guarded = {k.split("/")[0] for k in manifest["copy_guard"]["arrays"]}
    assert guarded == {"people", "visits"}
    shared = _uint64_arrays(tmp_path / "m" / "arrays.npz")
    for t, tm in synth.tables_.items():
        assert len(tm.learned.copy_hashes), t
        assert not any(np.isin(arr, tm.learned.copy_hashes).any() for arr in shared), t
    (tmp_path / "m" / "copy_guard.npz").unlink()
    bare = DatasetSynthesizer.load(tmp_path / "m")
    assert any(n.startswith("copy guard absent (people, visits)") for n in bare.notes_)


def test_a_damaged_guard_is_a_model_error_naming_it(tmp_path: Path) -> None:
    from simulacra.errors import ModelError

    TabularSynthesizer(seed=1).fit(_table(23)).save(tmp_path / "m")
    guard = tmp_path / "m" / "copy_guard.npz"
    guard.write_bytes(guard.read_bytes()[:200])
    with pytest.raises(ModelError, match="copy_guard.npz"):
        TabularSynthesizer.load(tmp_path / "m")
