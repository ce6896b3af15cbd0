"""Fuzz the loaders: random YAML structure and random bytes only ever raise simulacra's own errors
(issue 22, item 10). Bounded in time: a few seconds per property."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulacra.errors import SimulacraError
from simulacra.evaluation.spec import load_evaluation_spec
from simulacra.spec import load_plan
from simulacra.spec.yaml_lines import load_yaml
from simulacra.synth._store import read_model
from simulacra.text.policy import load_policy
from simulacra.text.recognizers import load_recognizers

# a few seconds by default; SIMULACRA_FUZZ_EXAMPLES=2000 for a longer hunt
FAST = settings(
    max_examples=int(os.environ.get("SIMULACRA_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

SPEC_WORDS = [
    "name",
    "tables",
    "rows",
    "columns",
    "primary_key",
    "generator",
    "per",
    "count",
    "distribution",
    "sequence",
    "uuid",
    "categorical",
    "values",
    "foreign_key",
    "references",
    "seed",
    "scenarios",
    "constraints",
    "documents",
    "t",
    "a.id",
    "id",
    "lam",
    "poisson",
    "min",
    "max",
    "<<",
    "entities",
    "operators",
    "recognizers",
    "patterns",
    "label",
    "regex",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(SPEC_WORDS),
    st.text(max_size=12),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(SPEC_WORDS), st.text(max_size=6)), inner, max_size=4),
    ),
    max_leaves=25,
)

# YAML-ish fragments that exercise anchors, aliases, tags, merges, flow and block styles
FRAGMENTS = [
    "&a ",
    "*a",
    "&b [",
    "*b",
    "]",
    "[",
    "{",
    "}",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "<<: *a",
    "!!python/object ",
    "!!binary ",
    "!custom ",
    "? ",
    "|",
    ">",
    "'",
    '"',
    "\\x00",
    "\t",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "#",
    "tables",
    "rows: ",
    "1e12",
    "0x1F",
    ".inf",
    ".nan",
    "~",
    "name: t\n",
    "\x00",
    "\x07",
    "\ufeff",
    "\u2028",
    "é",
]
yamlish = st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)


def _own_errors_only(call: Any) -> None:
    try:
        call()
    except SimulacraError:
        pass


@FAST
@given(trees)
def test_any_structure_as_a_spec_raises_only_our_errors(data: Any) -> None:
    text = yaml.safe_dump({"name": "t", "tables": data}, allow_unicode=True)
    _own_errors_only(lambda: load_plan("fuzz.yaml", text=text))
    _own_errors_only(lambda: load_plan(data if isinstance(data, dict) else {"tables": data}))


@FAST
@given(yamlish)
def test_yaml_fragments_raise_only_our_errors(text: str) -> None:
    _own_errors_only(lambda: load_yaml(text, file="fuzz.yaml"))
    _own_errors_only(lambda: load_plan("fuzz.yaml", text=text))


@FAST
@given(st.binary(max_size=300))
def test_random_bytes_raise_only_our_errors(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    _own_errors_only(lambda: load_yaml(text, file="fuzz.yaml"))
    _own_errors_only(lambda: load_plan("fuzz.yaml", text=text))


@FAST
@given(data=trees, which=st.sampled_from(["policy", "recognizers", "evaluation"]))
def test_other_yaml_loaders_raise_only_our_errors(data: Any, which: str, tmp_path_factory: Any) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    wrapped = {"recognizers": data} if which == "recognizers" else data
    path.write_text(yaml.safe_dump(wrapped, allow_unicode=True), encoding="utf-8")
    loader = {"policy": load_policy, "recognizers": load_recognizers, "evaluation": load_evaluation_spec}[which]
    _own_errors_only(lambda: loader(path))


@FAST
@given(data=st.binary(max_size=400), manifest=trees)
def test_model_folders_with_random_contents_raise_only_model_errors(
    data: bytes, manifest: Any, tmp_path_factory: Any
) -> None:
    folder: Path = tmp_path_factory.mktemp("model")
    body = {"format": "simulacra-model", "version": 1, "arrays": manifest} if isinstance(manifest, dict) else manifest
    (folder / "manifest.json").write_text(json.dumps(body, default=str), encoding="utf-8")
    (folder / "arrays.npz").write_bytes(data)
    _own_errors_only(lambda: read_model(folder))
    # a real npz with random declarations
    np.savez_compressed(folder / "arrays.npz", a=np.arange(3), b=np.zeros((2, 2)))
    _own_errors_only(lambda: read_model(folder))
