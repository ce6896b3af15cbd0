"""A fitted model on disk: ``manifest.json`` + ``arrays.npz``, never pickle.

The folder appears whole or not at all (written beside, then renamed). Loading reads
arrays with ``allow_pickle=False`` and refuses formats and versions it does not know.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from simulacra.errors import Location, ModelError, SinkError

__all__ = ["FORMAT", "VERSION", "read_model", "write_model"]

FORMAT = "simulacra-model"
VERSION = 1
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"


def write_model(path: str | Path, manifest: Mapping[str, Any], arrays: Mapping[str, NDArray[np.generic]],
                *, overwrite: bool = False) -> Path:
    target = Path(path)
    if target.exists() and not overwrite:
        if not (target.is_dir() and not any(target.iterdir())):
            raise SinkError(f"{target} already exists (pass overwrite=True / --replace to replace it)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    from simulacra._perms import ordinary

    ordinary(tmp, directory=True)  # the model folder: the umask decides, not mkdtemp's 0700
    try:
        body = {"format": FORMAT, "version": VERSION, **manifest}
        (tmp / MANIFEST).write_text(json.dumps(body, indent=2, sort_keys=False, default=_json_default) + "\n")
        np.savez_compressed(tmp / ARRAYS, **{k: np.ascontiguousarray(v) for k, v in arrays.items()})
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old, target)  # put the previous model back: replacing never loses it
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def read_model(path: str | Path) -> tuple[dict[str, Any], dict[str, NDArray[np.generic]]]:
    folder = Path(path)
    where = Location(file=str(folder / MANIFEST))
    if not (folder / MANIFEST).is_file():
        raise ModelError(f"{folder} is not a saved simulacra model (no {MANIFEST})")
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the model manifest: {exc}", location=where) from exc
    if manifest.get("format") != FORMAT:
        raise ModelError(f"not a simulacra model: format is {manifest.get('format')!r}, expected {FORMAT!r}",
                         location=where)
    if manifest.get("version") != VERSION:
        raise ModelError(f"model format version {manifest.get('version')!r} is not supported by this simulacra "
                         f"(it reads version {VERSION}); refit the model with this version", location=where)
    try:
        with np.load(folder / ARRAYS, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the model arrays: {exc}", location=Location(file=str(folder / ARRAYS))) from exc
    return manifest, arrays


def _json_default(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")
