"""Damaged and hostile saved models are a ModelError (exit 7) naming the file and the array (issue 22, item 4)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.errors import ModelError
from simulacra.synth import _store
from simulacra.synth.tabular import TabularSynthesizer


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(3)
    frame = pl.DataFrame(
        {"age": rng.integers(18, 90, 300), "city": rng.choice(["a", "b", "c"], 300), "score": rng.normal(0, 1, 300)}
    )
    path = tmp_path_factory.mktemp("model") / "model"
    TabularSynthesizer(seed=1).fit(frame).save(path)
    return path


@pytest.fixture
def model(saved: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "model"
    shutil.copytree(saved, copy)
    return copy


def _arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path / "arrays.npz", allow_pickle=False) as npz:
        return {k: npz[k] for k in npz.files}


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    np.savez_compressed(path / "arrays.npz", **arrays)


def _first(arrays: dict[str, np.ndarray]) -> str:
    return sorted(k for k, v in arrays.items() if v.size > 1)[0]


def corrupt_bytes(p: Path) -> str:
    data = bytearray((p / "arrays.npz").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
    (p / "arrays.npz").write_bytes(bytes(data))
    return "cannot read the model arrays"


def empty_file(p: Path) -> str:
    (p / "arrays.npz").write_bytes(b"")
    return "cannot read the model arrays"


def not_a_zip(p: Path) -> str:
    (p / "arrays.npz").write_bytes(b"hello, not a zip at all" * 10)
    return "cannot read the model arrays"


def truncated(p: Path) -> str:
    data = (p / "arrays.npz").read_bytes()
    (p / "arrays.npz").write_bytes(data[: len(data) // 3])
    return "cannot read the model arrays"


def missing_file(p: Path) -> str:
    (p / "arrays.npz").unlink()
    return "arrays file is missing"


def missing_array(p: Path) -> str:
    arrays = _arrays(p)
    name = _first(arrays)
    del arrays[name]
    _write_npz(p, arrays)
    return f"array '{name}' is declared in the manifest but missing"


def extra_array(p: Path) -> str:
    arrays = _arrays(p)
    arrays["evil"] = np.zeros(3)
    _write_npz(p, arrays)
    return "array 'evil' is not declared"


def wrong_dtype(p: Path) -> str:
    arrays = _arrays(p)
    name = _first(arrays)
    arrays[name] = arrays[name].astype(np.int8)
    _write_npz(p, arrays)
    return f"array '{name}' has dtype |i1"


def wrong_shape(p: Path) -> str:
    arrays = _arrays(p)
    name = _first(arrays)
    arrays[name] = np.concatenate([arrays[name].reshape(-1), arrays[name].reshape(-1)])
    _write_npz(p, arrays)
    return f"array '{name}' has shape"


def zip_bomb(p: Path) -> str:
    """A few MB compressed that would allocate gigabytes: refused from the header and the manifest."""
    arrays = _arrays(p)
    name = _first(arrays)
    manifest = json.loads((p / "manifest.json").read_text())
    big = (_store.MAX_MODEL_BYTES // 8) + 1
    manifest["arrays"][name] = {"dtype": "<f8", "shape": [big]}  # the manifest agrees: still bounded
    (p / "manifest.json").write_text(json.dumps(manifest))
    # write the header of a huge array with only a little data behind it (what a zip of zeros looks like)
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "<f8", "fortran_order": False, "shape": (big,)})
    buf.write(b"\0" * 4096)
    with zipfile.ZipFile(p / "arrays.npz", "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for k, v in arrays.items():
            if k != name:
                with zf.open(k + ".npy", "w") as f:
                    np.lib.format.write_array(f, v, allow_pickle=False)
        zf.writestr(name + ".npy", buf.getvalue())
    return "more than the"


def object_array(p: Path) -> str:
    arrays = _arrays(p)
    name = _first(arrays)
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    buf.write(b"cos\nsystem\n(S'true'\ntR.")  # a pickle: must never be run
    with zipfile.ZipFile(p / "arrays.npz", "w") as zf:
        for k, v in arrays.items():
            if k != name:
                with zf.open(k + ".npy", "w") as f:
                    np.lib.format.write_array(f, v, allow_pickle=False)
        zf.writestr(name + ".npy", buf.getvalue())
    return "holds Python objects"


def manifest_missing_field(p: Path) -> str:
    manifest = json.loads((p / "manifest.json").read_text())
    del manifest["params"]
    (p / "manifest.json").write_text(json.dumps(manifest))
    return "no field 'params'"


def manifest_garbage(p: Path) -> str:
    (p / "manifest.json").write_text('{"format": "simulacra-model", "version": 1, "params": [1, 2')
    return "cannot read the model manifest"


def manifest_wrong_types(p: Path) -> str:
    manifest = json.loads((p / "manifest.json").read_text())
    manifest["n_rows"] = "many"
    (p / "manifest.json").write_text(json.dumps(manifest))
    return "cannot be used"


DAMAGE: list[Callable[[Path], str]] = [
    corrupt_bytes,
    empty_file,
    not_a_zip,
    truncated,
    missing_file,
    missing_array,
    extra_array,
    wrong_dtype,
    wrong_shape,
    zip_bomb,
    object_array,
    manifest_missing_field,
    manifest_garbage,
    manifest_wrong_types,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__ for d in DAMAGE])
def test_damaged_model_is_a_model_error_naming_the_file(damage: Callable[[Path], str], model: Path) -> None:
    expected = damage(model)
    with pytest.raises(ModelError) as e:
        TabularSynthesizer.load(model)
    msg = str(e.value)
    assert expected in msg
    assert str(model) in msg
    assert e.value.exit_code == 7


def test_intact_model_loads_and_declares_its_arrays(saved: Path) -> None:
    manifest = json.loads((saved / "manifest.json").read_text())
    arrays = _arrays(saved)
    assert set(manifest["arrays"]) == set(arrays)
    for k, v in arrays.items():
        assert manifest["arrays"][k] == {"dtype": v.dtype.str, "shape": list(v.shape)}
    assert TabularSynthesizer.load(saved).sample(n_rows=5, seed=1).height == 5


def test_models_without_declarations_still_load_and_name_missing_arrays(model: Path) -> None:
    manifest = json.loads((model / "manifest.json").read_text())
    del manifest["arrays"]
    (model / "manifest.json").write_text(json.dumps(manifest))
    assert TabularSynthesizer.load(model).sample(n_rows=3, seed=1).height == 3
    arrays = _arrays(model)
    name = _first(arrays)
    del arrays[name]
    _write_npz(model, arrays)
    with pytest.raises(ModelError, match="no array"):
        TabularSynthesizer.load(model)


@pytest.mark.parametrize("damage", [empty_file, corrupt_bytes, missing_array], ids=lambda d: d.__name__)
def test_cli_sample_exits_7(damage: Callable[[Path], str], tmp_path: Path) -> None:
    frames = tmp_path / "real"
    frames.mkdir()
    rng = np.random.default_rng(0)
    pl.DataFrame({"id": np.arange(200), "x": rng.normal(0, 1, 200)}).write_csv(frames / "t.csv")
    model = tmp_path / "m"
    assert main(["fit", str(frames), "-o", str(model), "-q"]) == 0
    assert main(["sample", str(model), "-o", str(tmp_path / "ok.db")]) == 0  # intact: works
    damage(model)
    assert main(["sample", str(model), "-o", str(tmp_path / "out.db")]) == 7
    assert not (tmp_path / "out.db").exists()
