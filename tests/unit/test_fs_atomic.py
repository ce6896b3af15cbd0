"""The one atomic file write (simulacra._fs.atomic_write): all or nothing, the umask's mode or private."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simulacra import _fs


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_a_write_replaces_the_file_whole_with_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    old = os.umask(0o027)
    try:
        _fs.atomic_write(target, "néw")
    finally:
        os.umask(old)
    assert target.read_text(encoding="utf-8") == "néw"
    assert _mode(target) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temp file left


def test_private_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "mapping.enc"
    _fs.atomic_write(target, b"\x00secret", private=True)
    assert target.read_bytes() == b"\x00secret" and _mode(target) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        _fs.atomic_write_text(target, "lost")
    monkeypatch.undo()
    assert target.read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_the_io_helper_is_the_ground_floors() -> None:
    from simulacra.io import _base

    assert _base.atomic_write_text is _fs.atomic_write_text
