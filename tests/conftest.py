"""Shared fixtures: a real PostgreSQL server started for the test session.

``postgres_url`` (session): a server on 127.0.0.1 with trust auth on loopback and a
database; ``postgres_db`` (per test): a fresh database on that server, dropped after.
Without PostgreSQL binaries the tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin; "
    "install them, e.g. `apt-get install postgresql` (Debian/Ubuntu) or `brew install postgresql` (macOS)"
)
SUPERUSER = "postgres"


def _pg_bindir() -> Path | None:
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int("".join(ch for ch in p.split("/")[-2] if ch.isdigit()) or 0),
    )
    for d in reversed(candidates):
        if os.access(os.path.join(d, "initdb"), os.X_OK) and os.access(os.path.join(d, "pg_ctl"), os.X_OK):
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user() -> tuple[list[str], str | None]:
    """The command prefix to run PostgreSQL as an unprivileged user (it refuses root)."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
        user = "postgres"
    except KeyError:
        user = "simulacra-pg"
        try:
            pwd.getpwnam(user)
        except KeyError:
            subprocess.run(["useradd", "--system", "--no-create-home", user], check=True, capture_output=True)
    runuser = shutil.which("runuser")
    prefix = [runuser, "-u", user, "--"] if runuser else ["su", user, "-s", "/bin/sh", "-c"]
    return prefix, user


def _run(prefix: list[str], args: list[str]) -> subprocess.CompletedProcess[str]:
    if prefix and prefix[0] == "su":
        import shlex

        args = [shlex.join(args)]
    return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def running_postgres() -> Iterator[str]:
    """Start a throwaway PostgreSQL server; yield a URL for its ``simulacra`` database."""
    bindir = _pg_bindir()
    if bindir is None:
        raise FileNotFoundError(INSTALL_HINT)
    prefix, user = _as_user()
    root = Path(tempfile.mkdtemp(prefix="simulacra-pg-"))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    if user is not None:
        info = pwd.getpwnam(user)
        for p in (root, sock):
            os.chown(p, info.pw_uid, info.pw_gid)
    started = False
    try:
        r = _run(
            prefix,
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
        )
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{r.stdout}\n{r.stderr}")
        for _attempt in range(3):
            port = _free_port()
            opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -F -c full_page_writes=off"
            r = _run(
                prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", opts, "start"]
            )
            if r.returncode == 0:
                started = True
                break
        if not started:
            text = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{r.stdout}\n{r.stderr}\n{text[-2000:]}")
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={port} user={SUPERUSER} dbname=postgres", autocommit=True) as con:
            con.execute("CREATE DATABASE simulacra")
        yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}/simulacra"
    finally:
        if started:
            _run(prefix, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(root, ignore_errors=True)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: the cores this process may use, not the host's (see tests/_workers.py)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist reads the variable itself
    from tests._workers import auto_workers

    return auto_workers()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a real PostgreSQL server started for this test session."""
    if _pg_bindir() is None:
        if _in_ci():
            pytest.fail(f"CI=true and {INSTALL_HINT}", pytrace=False)
        pytest.skip(INSTALL_HINT)
    with running_postgres() as url:
        yield url


@pytest.fixture
def postgres_db(postgres_url: str) -> Iterator[str]:
    """URL of a fresh, empty database on the session's server, dropped after the test."""
    import psycopg

    base, _, _ = postgres_url.rpartition("/")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
