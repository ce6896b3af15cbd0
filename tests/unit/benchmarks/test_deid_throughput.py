"""``benchmarks/deid_throughput.py`` (issue 14): its plain-regex baseline finds the spans the patterns-only pipeline
finds, and the script runs end to end on a tiny corpus, so it cannot silently stop running again.

It had stopped at its own check ("patterns-only spans differ from the plain regex loop"): the baseline turned a
``split`` recognizer's list ("Raymond, Frederick and Nunez", ``given_name_list`` and ``founders_list``) into one
span where the pipeline gives one person per name, and it left out the firm found beside its mail domain
("Northwind Traders" beside "@northwind-traders.com") that ``analyze_many`` adds.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from tests.helpers import load_script

from simulacra.text import Deidentifier

GIVEN = ["Anthony", "Frederick", "Maria", "Derek", "Anna", "Andrew", "Hannah", "James", "Linda", "Peter", "Emily"]
SURNAMES = ["Ruiz", "Chen", "Becker", "Vasquez", "Kowalski", "Nunez", "Okafor", "Lindqvist"]
FIRMS = [
    ("Northwind Traders", "northwind-traders.com"),
    ("Contoso Pharma", "contoso-pharma.example"),
    ("Fabrikam", "fabrikam.org"),
]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("deid_throughput")


@pytest.fixture(scope="module")
def patterns_only() -> Deidentifier:
    return Deidentifier({"ner": False}, seed=1)


def _planted(seed: int) -> str:
    """A list of given names, a founders' list of surnames and a firm beside its mail domain, sized by ``seed``."""
    rng = random.Random(seed)
    given = rng.sample(GIVEN, rng.randint(3, 6))
    founders = rng.sample(SURNAMES, rng.randint(2, 5))
    firm, domain = rng.choice(FIRMS)
    return (
        f"Minutes {seed}.\nAt the table: {', '.join(given[:-1])} and {given[-1]}.\n"
        f"It was the brainchild of our founders: {', '.join(founders[:-1])} and {founders[-1]}.\n"
        f"Orders for {firm} go to sales@{domain} or 555-01{seed % 100:02d}.\n"
    )


@pytest.mark.parametrize("seeds", [range(0, 6), range(6, 12), range(40, 47)])
def test_plain_loop_finds_what_the_pipeline_finds(bench, patterns_only, seeds) -> None:  # type: ignore[no-untyped-def]
    texts = [_planted(s) for s in seeds]
    ours = patterns_only.analyze_many(texts)
    assert bench.plain_loop(patterns_only, texts) == ours
    # the planted lists are found one person per name, and the firms beside their domains: the baseline is
    # checked on the spans that once set it apart
    sources = [s.source for spans in ours for s in spans]
    assert sum(src.startswith("founders_list") for src in sources) >= 2 * len(texts)
    assert sum(src.startswith("given_name_list") for src in sources) >= 3
    assert sum(src == "structure.domain_org" for src in sources) == len(texts)


def test_the_script_runs_on_a_tiny_corpus(bench, monkeypatch, capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    argv: list[Any] = ["deid_throughput.py", "--mb", "0.003", "--repeat", "1", "--workers", "2", "--ner", "fast"]
    monkeypatch.setattr(sys, "argv", [*argv, "--real", str(tmp_path / "absent.txt")])
    assert bench.main() == 0
    out = capsys.readouterr().out
    assert "patterns: plain regex loop (baseline)" in out
    assert "(identical spans)" in out
    assert "outputs identical: True" in out
