"""One source of randomness (_random): the mechanisms moved there give the bytes they gave before."""

from __future__ import annotations

from simulacra import _random
from simulacra._random import PrefixHash, derive_seed, rng_for, stable_hash
from simulacra.evaluation import _types
from simulacra.text import deidentify


def test_prefix_hash_is_stable_hash_of_the_joined_name() -> None:
    h = PrefixHash("1234:")
    for parts in (("date-shift",), ("PERSON", "Alice", 3), ()):
        assert h(*parts) == stable_hash("1234:" + ":".join(map(str, parts)))


def test_evaluation_seeds_come_from_random_and_keep_their_values() -> None:
    assert _types.derive_seed is _random.derive_seed and _types.rng_for is _random.rng_for
    # values from before the move (evaluate/_types.py had its own copy): reports keep their numbers
    assert derive_seed(7, "detection", "people") == 1478611589
    assert derive_seed(0) == 2968811710
    assert rng_for(3, "importance").integers(0, 10**9, 3).tolist() == [2542249, 759993, 132901768]


def test_surrogates_keep_their_bytes() -> None:
    text = "Call Alice Smith on 415-555-0132 or alice@corp.com, DOB 04/05/1980."
    # the output before the surrogate hashing moved to _random.PrefixHash
    assert (
        deidentify(text, seed=11) == "Call Jasmin Tucker on 309-992-0394 or jasmin@mcguire-mccann.com, DOB 03/03/1980."
    )


def test_sequential_builders_draw_pythons_sequence_from_random() -> None:
    """The corpus, documents, agent tasks and OpenAPI examples take their generator from ``_random``;
    it is still Python's Mersenne Twister for the seed, so what they wrote for a seed is unchanged."""
    import random

    for seed in (0, 7, 2**40 + 3, "by-name"):
        ours, python = _random.sequential(seed), random.Random(seed)
        assert [ours.random() for _ in range(5)] == [python.random() for _ in range(5)]
        assert ours.choice("abcdefgh") == python.choice("abcdefgh")


def test_no_module_builds_its_own_generator() -> None:
    """``random.Random(...)`` and the process-wide ``random`` functions appear nowhere but ``_random``."""
    import ast
    from pathlib import Path

    import simulacra

    root = Path(simulacra.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "_random.py" and path.parent == root:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import) and any(a.name == "random" for a in node.names):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.ImportFrom) and node.module == "random":
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
