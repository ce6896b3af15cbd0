"""Write documents into a folder or a zip, with ``index.jsonl`` and ``manifest.json``; atomically.

Files go to a temporary folder (or file) beside the target; ``commit()`` renames it
into place, ``abort()`` removes it. A target that exists is replaced only when it
is a previous documents output (it holds ``index.jsonl``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from simulacra import _fs
from simulacra._perms import ordinary
from simulacra.errors import SinkError

from ._build import Document

__all__ = ["INDEX_FILE", "MANIFEST_FILE", "DocumentWriter", "default_documents_path"]

INDEX_FILE = "index.jsonl"
MANIFEST_FILE = "manifest.json"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same run gives the same bytes


def default_documents_path(output: str) -> Path | None:
    """Where ``generate`` puts documents for an output, named from its full name so two outputs never
    share them: ``shop.db`` -> ``shop.db.documents``, ``shop.duckdb`` -> ``shop.duckdb.documents``,
    a folder ``out/`` -> ``out.documents`` (None for URLs)."""
    if "://" in output:
        return None
    p = Path(output).expanduser()
    return p.parent / f"{p.name}.documents"


def _check_target(target: Path) -> None:
    parent = target.parent
    if not parent.is_dir():
        raise SinkError(f"{target}: the folder {parent} does not exist; expected documents inside an existing folder")
    if target.is_symlink():
        raise SinkError(f"{target}: is a link; expected a new folder or zip for documents")
    if target.suffix.lower() == ".zip":
        if target.exists():
            try:
                with zipfile.ZipFile(target) as z:
                    ok = INDEX_FILE in z.namelist()
            except (OSError, zipfile.BadZipFile):
                ok = False
            if not ok:
                raise SinkError(
                    f"{target}: exists and is not a previous documents zip (no {INDEX_FILE}); refusing to replace it"
                )
        return
    if target.exists():
        if not target.is_dir():
            raise SinkError(f"{target}: exists and is not a folder; expected a folder (or a .zip) for documents")
        entries = os.listdir(target)
        if entries and INDEX_FILE not in entries:
            raise SinkError(
                f"{target}: the folder is not empty and holds no {INDEX_FILE}, so it is not a previous documents "
                "output; refusing to replace it"
            )


class DocumentWriter:
    """Collects documents into a temporary folder or zip; nothing appears at the target before ``commit``."""

    def __init__(self, target: str | Path) -> None:
        self.target = Path(target).expanduser()
        _check_target(self.target)
        self.is_zip = self.target.suffix.lower() == ".zip"
        self.counts: dict[str, int] = {}
        self.spans = 0
        self._lines: list[str] = []
        self._done = False
        try:
            if self.is_zip:
                fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.tmp-", dir=self.target.parent)
                os.close(fd)
                self._tmp = Path(tmp)
                ordinary(self._tmp, directory=False)  # the umask decides, not mkstemp's 0600
                self._zip: zipfile.ZipFile | None = zipfile.ZipFile(self._tmp, "w", compression=zipfile.ZIP_DEFLATED)
            else:
                self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.tmp-", dir=self.target.parent))
                ordinary(self._tmp, directory=True)  # the umask decides, not mkdtemp's 0700
                self._zip = None
        except OSError as e:
            raise SinkError(f"{self.target}: cannot create a temporary file beside it ({e.strerror or e})") from e
        self._dirs: set[Path] = set()

    def add(self, doc: Document) -> None:
        if self._zip is not None:
            info = zipfile.ZipInfo(doc.path, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if doc.format == "pdf" else zipfile.ZIP_DEFLATED
            self._zip.writestr(info, doc.data)
        else:
            path = self._tmp / doc.path
            if path.parent not in self._dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._dirs.add(path.parent)
            try:
                path.write_bytes(doc.data)
            except OSError as e:
                raise SinkError(f"{self.target}: cannot write {doc.path} ({e.strerror or e})") from e
        self._lines.append(json.dumps(doc.index_entry(), ensure_ascii=False, default=str))
        self.counts[doc.template] = self.counts.get(doc.template, 0) + 1
        self.spans += len(doc.spans)

    def finish(self, manifest: dict[str, Any]) -> None:
        """Write the index and the manifest (still in the temporary place)."""
        index = "\n".join(self._lines) + ("\n" if self._lines else "")
        man = json.dumps(
            {**manifest, "documents": dict(self.counts), "spans": self.spans}, indent=2, default=str, ensure_ascii=False
        )
        if self._zip is not None:
            for name, text in ((INDEX_FILE, index), (MANIFEST_FILE, man)):
                self._zip.writestr(
                    zipfile.ZipInfo(name, date_time=_ZIP_TIME), text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED
                )
            self._zip.close()
            self._zip = None
        else:
            (self._tmp / INDEX_FILE).write_text(index, encoding="utf-8")
            (self._tmp / MANIFEST_FILE).write_text(man, encoding="utf-8")

    def commit(self) -> None:
        if self.is_zip:
            _fs.fsync_path(self._tmp)
            os.replace(self._tmp, self.target)
            _fs.fsync_path(self.target.parent, directory=True)
        else:  # the ground floor's folder swap: the old folder is deleted only once the new one is in place
            _fs.replace_dir(self._tmp, self.target)
        self._done = True

    def abort(self) -> None:
        if self._done:
            return
        if self._zip is not None:
            with contextlib.suppress(Exception):
                self._zip.close()
            self._zip = None
        if self._tmp.is_dir():
            shutil.rmtree(self._tmp, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                self._tmp.unlink()
        self._done = True

    def __del__(self) -> None:  # an abandoned writer leaves nothing behind
        with contextlib.suppress(Exception):
            self.abort()
