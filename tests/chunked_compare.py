"""The chunked metrics of an ``evaluate --chunked-only`` report against one process's (shared by the tests of
``evaluation.partitioned`` on each kind of input): bit for bit for counts, to 1e-12 for Pearson's r."""

from __future__ import annotations

import json
import math
from typing import Any

from simulacra.evaluation import Report
from simulacra.evaluation.chunked import CHUNKED

SPEC = {"n_attacks": 40, "detection_folds": 2}
HEADLINES = ("quality", "column_shapes", "column_pair_trends", "exact_match_rate", "dcr_share", "nndr")
PEARSON = ("quality", "column_pair_trends")


def _results(report: Report) -> dict[tuple[str, tuple[str, ...]], dict[str, Any]]:
    d = json.loads(json.dumps(report.to_dict()))
    return {(m["metric"], tuple(m.get("columns") or ())): m for m in d["metrics"] if m["metric"] in CHUNKED}


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return bool(a == b)


def _assert_same(one: Report, got: Report) -> None:
    want, have = _results(one), _results(got)
    assert have.keys() == want.keys()
    # every chunked metric ran (both pair kinds; DCR and NNDR where there is a holdout)
    held = one.inputs["tables"]["data"]["holdout_rows"]
    # (one table: no relation between tables to count)
    single = set(CHUNKED) - {"referential_integrity", "cardinality"}
    assert {k[0] for k in have} == single - (set() if held else {"dcr_share", "nndr"})
    for key, m in want.items():
        if key[0] == "correlation_similarity":  # Pearson's r from sums over partitions
            assert _close(have[key], m), key
        else:
            assert json.dumps(have[key], sort_keys=True) == json.dumps(m, sort_keys=True), key
    assert set(got.summary) == {k for k in HEADLINES if k in one.summary}
    for k in got.summary:
        same = _close if k in PEARSON else (lambda a, b: a == b)
        assert same(got.summary[k], one.summary[k]) and same(got.scores[k], one.scores[k]), k
    assert got.columns == one.columns  # the column kinds and reasons, decided from partial counts


RELATIONS = ("referential_integrity", "cardinality")


def _by_table(report: Report) -> dict[tuple[str, str | None, tuple[str, ...]], dict[str, Any]]:
    d = json.loads(json.dumps(report.to_dict()))
    return {
        (m["metric"], m.get("table"), tuple(m.get("columns") or ())): m for m in d["metrics"] if m["metric"] in CHUNKED
    }


def assert_same_tables(one: Report, got: Report) -> None:
    """``_assert_same`` for inputs of several tables: every table's chunked metrics and the relation metrics."""
    want, have = _by_table(one), _by_table(got)
    assert have.keys() == want.keys()
    assert {k[0] for k in have} >= set(RELATIONS) | {"ks_complement", "exact_match_rate", "dcr_share"}
    for key, m in want.items():
        if key[0] == "correlation_similarity":  # Pearson's r from sums over partitions
            assert _close(have[key], m), key
        else:
            assert json.dumps(have[key], sort_keys=True) == json.dumps(m, sort_keys=True), key
    assert set(got.summary) == {k for k in (*HEADLINES, *RELATIONS) if k in one.summary}
    for k in got.summary:
        same = _close if k in PEARSON else (lambda a, b: a == b)
        assert same(got.summary[k], one.summary[k]) and same(got.scores[k], one.scores[k]), k
    assert got.columns == one.columns  # the column kinds and reasons per table (relation keys are keys)
    assert got.inputs["tables"] == one.inputs["tables"]
    assert got.sections["relations"] == one.sections["relations"]
