"""A fitted model on disk: ``manifest.json`` + ``arrays.npz`` (+ a private ``copy_guard.npz``), never pickle.

The folder appears whole or not at all (written beside, then renamed). Loading reads
arrays with ``allow_pickle=False`` and refuses formats and versions it does not know.

The manifest declares every array (``arrays: {name: {dtype, shape}}``). Before an array
is decompressed its header is checked against that declaration, and the total size
against ``MAX_MODEL_BYTES``; a damaged, truncated, empty or tampered file, a missing
or unexpected array, a wrong dtype or shape — each is a ``ModelError`` (exit 7)
naming the file and the array. Models saved before declarations existed are still
read (headers bounded by size, missing arrays named when asked for).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import zipfile
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from simulacra import _fs
from simulacra.errors import Location, ModelError, SimulacraError, SinkError

__all__ = [
    "FORMAT",
    "GUARD",
    "MAX_MODEL_BYTES",
    "VERSION",
    "guarded_load",
    "is_guard_array",
    "read_model",
    "write_model",
]

FORMAT = "simulacra-model"
VERSION = 1
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"
#: The copy guard: hashes of identifying training rows (exact and near copies), kept apart from the rest of the
#: model and private (0600). With them anyone can test whether a guessed whole row was in the training data, so
#: a model folder shared without this file carries no such oracle; sampling without it rejects no copies and
#: says so (docs/learn.md, "Models on disk").
GUARD = "copy_guard.npz"
_GUARD_SUFFIXES = (".copy_hashes", ".near_hashes")


def is_guard_array(name: str) -> bool:
    """Whether an array of a model belongs to the copy guard (kept in :data:`GUARD`, not :data:`ARRAYS`)."""
    return name.endswith(_GUARD_SUFFIXES)


#: Most bytes all arrays of one model may take once loaded (a zip of zeros cannot make sample allocate more).
MAX_MODEL_BYTES = 1024 * 1024 * 1024
#: Largest manifest.json read.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024


def write_model(
    path: str | Path, manifest: Mapping[str, Any], arrays: Mapping[str, NDArray[np.generic]], *, overwrite: bool = False
) -> Path:
    target = Path(path)
    if target.parent.is_dir():  # first finish a replacement a killed run left half done, so `exists` is true
        _fs.remove_stale(target)
    if target.exists() and not overwrite:
        if not (target.is_dir() and not any(target.iterdir())):
            raise SinkError(f"{target} already exists (pass overwrite=True / --replace to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _fs.make_temp_dir(target)
    from simulacra._perms import ordinary

    ordinary(tmp, directory=True)  # the model folder: the umask decides, not mkdtemp's 0700
    try:
        public = {k: v for k, v in arrays.items() if not is_guard_array(k)}
        # an empty guard (no identifying rows, copies allowed, a copula) is no file at all
        guard = {k: v for k, v in arrays.items() if is_guard_array(k) and np.size(v)}
        body = {
            "format": FORMAT,
            "version": VERSION,
            **manifest,
            "arrays": _declare(public),
            **({"copy_guard": {"file": GUARD, "arrays": _declare(guard)}} if guard else {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(body, indent=2, sort_keys=False, default=_json_default) + "\n")
        _save_arrays(tmp / ARRAYS, public)
        if guard:
            _save_arrays(tmp / GUARD, guard, private=True)
        _fs.replace_dir(tmp, target)  # one atomic step; the previous model is deleted only once the new one is in place
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _declare(arrays: Mapping[str, NDArray[np.generic]]) -> dict[str, dict[str, Any]]:
    return {k: {"dtype": np.asarray(v).dtype.str, "shape": list(np.shape(v))} for k, v in arrays.items()}


def _save_arrays(file: Path, arrays: Mapping[str, NDArray[np.generic]], *, private: bool = False) -> None:
    """``arrays`` as one compressed .npz; a private file is created owner-only, never readable by others first."""
    from simulacra._perms import PRIVATE_FILE

    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE if private else 0o666)
    if private:
        os.fchmod(fd, PRIVATE_FILE)  # the umask may only take bits away; this one must be exactly 0600
    with os.fdopen(fd, "wb") as fh:
        # numpy's stub types **kwds alongside allow_pickle: bool, so a dict of arrays cannot be unpacked into it
        np.savez_compressed(fh, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})  # type: ignore[arg-type]


class _Arrays(dict[str, Any]):
    """The model's arrays; asking for one that is not there is a ModelError naming it."""

    file: str = ARRAYS

    def __missing__(self, key: str) -> Any:
        raise ModelError(
            f"the model has no array {key!r}; the model is damaged or from another version",
            location=Location(file=self.file),
        )


class _Manifest(dict[str, Any]):
    """A manifest mapping; a missing field is a ModelError naming it."""

    file: str = MANIFEST

    def __missing__(self, key: str) -> Any:
        raise ModelError(
            f"the manifest has no field {key!r}; the model is damaged or from another version",
            location=Location(file=self.file),
        )


def read_model(path: str | Path) -> tuple[dict[str, Any], dict[str, NDArray[np.generic]]]:
    folder = Path(path)
    where = Location(file=str(folder / MANIFEST))
    if not folder.exists():
        with contextlib.suppress(OSError):
            _fs.recover(folder)  # a replacement killed half way: finish it (the new model was complete)
    if not (folder / MANIFEST).is_file():
        raise ModelError(f"{folder} is not a saved simulacra model (no {MANIFEST})")
    try:
        size = (folder / MANIFEST).stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise ModelError(
                f"{size:,} bytes is larger than the {MAX_MANIFEST_BYTES:,} a manifest may have", location=where
            )

        def hook(d: dict[str, Any]) -> _Manifest:
            out = _Manifest(d)
            out.file = str(folder / MANIFEST)
            return out

        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"), object_hook=hook)
    except (OSError, ValueError, RecursionError) as exc:
        raise ModelError(f"cannot read the model manifest: {exc}", location=where) from None
    if not isinstance(manifest, dict):
        raise ModelError("the manifest is not a JSON object", location=where)
    if manifest.get("format") != FORMAT:
        raise ModelError(
            f"not a simulacra model: format is {manifest.get('format')!r}, expected {FORMAT!r}", location=where
        )
    if manifest.get("version") != VERSION:
        raise ModelError(
            f"model format version {manifest.get('version')!r} is not supported by this simulacra "
            f"(it reads version {VERSION}); refit the model with this version",
            location=where,
        )
    declared = manifest.get("arrays")
    if declared is not None and not isinstance(declared, dict):
        raise ModelError("'arrays' must map each array's name to its dtype and shape", location=where)
    arrays = _read_arrays(folder / ARRAYS, declared)
    guard = manifest.get("copy_guard")
    if guard is not None:
        if not isinstance(guard, dict) or guard.get("file") != GUARD or not isinstance(guard.get("arrays"), dict):
            raise ModelError(f"'copy_guard' must name {GUARD!r} and declare its arrays", location=where)
        if (folder / GUARD).is_file():  # absent: a model shared without its guard samples with no copy rejection
            arrays.update(_read_arrays(folder / GUARD, guard["arrays"]))
    return manifest, arrays


def _read_arrays(file: Path, declared: Mapping[str, Any] | None) -> dict[str, NDArray[np.generic]]:
    """Every array of ``file``, each header checked against its declaration before its data is read."""
    from numpy.lib import format as npformat

    name = "?"

    def fail(message: str) -> ModelError:
        return ModelError(message, location=Location(file=str(file)))

    out = _Arrays()
    out.file = str(file)
    total = 0
    try:
        with zipfile.ZipFile(file) as zf:
            members = {info.filename.removesuffix(".npy"): info for info in zf.infolist()}
            if declared is not None:
                missing = sorted(set(declared) - set(members))
                if missing:
                    raise fail(
                        f"array {missing[0]!r} is declared in the manifest but missing"
                        + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "")
                    )
                extra = sorted(set(members) - set(declared))
                if extra:
                    raise fail(f"array {extra[0]!r} is not declared in the manifest")
            for name, info in members.items():
                with zf.open(info) as f:
                    version = npformat.read_magic(f)
                    if version == (1, 0):
                        shape, fortran, dtype = npformat.read_array_header_1_0(f)
                    elif version == (2, 0):
                        shape, fortran, dtype = npformat.read_array_header_2_0(f)
                    else:
                        raise fail(f"array {name!r}: unsupported .npy version {version}")
                    if dtype.hasobject:
                        raise fail(f"array {name!r} holds Python objects; models never hold pickled data")
                    if declared is not None:
                        want = declared[name]
                        if not isinstance(want, dict) or "dtype" not in want or "shape" not in want:
                            raise fail(f"array {name!r}: the manifest's declaration needs dtype and shape")
                        if np.dtype(want["dtype"]) != dtype:
                            raise fail(f"array {name!r} has dtype {dtype.str}, the manifest declares {want['dtype']}")
                        if tuple(want["shape"]) != tuple(shape):
                            raise fail(
                                f"array {name!r} has shape {tuple(shape)}, the manifest declares {tuple(want['shape'])}"
                            )
                    nbytes = int(np.prod(shape, dtype=np.float64)) * dtype.itemsize
                    total += nbytes
                    if total > MAX_MODEL_BYTES:
                        raise fail(
                            f"array {name!r}: the arrays would take {total:,} bytes, more than the "
                            f"{MAX_MODEL_BYTES:,} a model may have"
                        )
                    data = np.empty(shape, dtype=dtype, order="F" if fortran else "C")
                    _read_exact(f, data)
                    if f.read(1):
                        raise fail(f"array {name!r} has more data than its header says")
                    out[name] = data
    except ModelError:
        raise
    except FileNotFoundError:
        raise fail("the model's arrays file is missing") from None
    except (
        OSError,
        ValueError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
        KeyError,
        TypeError,
        NotImplementedError,
        SyntaxError,
        RuntimeError,
    ) as exc:
        what = f"array {name!r}: " if name != "?" else ""
        raise fail(
            f"{what}cannot read the model arrays ({type(exc).__name__}: {str(exc).strip() or 'damaged'}); "
            "the file is damaged — refit or restore the model"
        ) from None
    return out


def _read_exact(f: Any, data: NDArray[np.generic]) -> None:
    """Fill ``data`` from ``f`` (no copy); EOFError when the stream ends early."""
    # numpy's stubs give ndarray __buffer__ only for Python >= 3.12; an ndarray is a buffer on 3.11 too
    view = memoryview(data.reshape(-1, order="A").view(np.uint8)) if data.size else memoryview(b"")  # type: ignore[arg-type]
    done = 0
    while done < len(view):
        n = f.readinto(view[done : done + (1 << 24)])
        if not n:
            raise EOFError(f"the array data ends {len(view) - done:,} bytes early")
        done += n


_F = TypeVar("_F", bound=Callable[..., Any])


def guarded_load(func: _F) -> _F:
    """Decorate a ``load(cls, path)``: anything unexpected in a damaged model becomes a ModelError naming it."""

    @functools.wraps(func)
    def wrapper(cls: Any, path: str | Path, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(cls, path, *args, **kwargs)
        except SimulacraError:
            raise
        except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
            raise ModelError(
                f"the saved model cannot be used ({type(exc).__name__}: {exc}); it is damaged or from "
                "another version — refit it",
                location=Location(file=str(Path(path) / MANIFEST)),
            ) from None

    return wrapper  # type: ignore[return-value]


def _json_default(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")
