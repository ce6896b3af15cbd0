"""Running the README's and examples' commands leaves nothing in the repository root (issue 12: about 20
files did): every output they name lies under out/ (which git ignores) or is a database URL; and the
fast test target runs no server and no browser while `make test` stays whole."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_FLAGS = ("-o", "--output", "--documents", "--json", "--mapping")


def _outputs(markdown: str) -> list[str]:
    found = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            cmd = line.split("#", 1)[0].strip()
            if "simulacra" not in cmd:
                continue
            args = shlex.split(cmd)
            found += [args[i + 1] for i, a in enumerate(args[:-1]) if a in OUTPUT_FLAGS]
    return found


def test_documented_commands_write_under_an_ignored_folder() -> None:
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/out/" in ignored
    for doc in ("README.md", "examples/README.md"):
        outs = _outputs((ROOT / doc).read_text())
        assert outs, doc
        bad = [o for o in outs if not (o.startswith("out/") or "://" in o)]
        assert bad == [], f"{doc}: outputs outside out/: {bad}"


def test_make_test_fast_runs_no_server_and_no_browser() -> None:
    make = (ROOT / "Makefile").read_text()
    fast = re.search(r"^test-fast:.*\n\t(.+)$", make, re.M)
    whole = re.search(r"^test:(.*)\n\t(.+)$", make, re.M)
    assert fast is not None and whole is not None
    assert "postgres" not in fast.group(0).split("\n")[0] and "chromium" not in fast.group(0).split("\n")[0]
    assert '-m "not postgres"' in fast.group(1) and "tests/integration" not in fast.group(1)
    assert "postgres" in whole.group(1) and "chromium" in whole.group(1)
    # the whole suite: no marker or path narrows it; it runs across the machine's cores (tests/_workers.py)
    command = whole.group(2)
    assert (
        "pytest -q" in command
        and " -m " not in command.split("pytest", 1)[1]
        and "tests/" not in command
        and "-n auto" in command
    )
