"""``benchmarks/augment_ner.py --errors``: each gold mention is counted once, in the class its prediction puts it
(exact, other edges, another type, missed), split by whether the 300 real sentences show its string, and every
prediction that touches no gold mention is spurious. Planted on sentences where each class occurs a known number
of times."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from tests.helpers import load_script

from simulacra.augment import LabelledDoc


def bench() -> ModuleType:
    return load_script("augment_ner")


def test_each_gold_mention_lands_in_one_class_and_spurious_ones_are_counted(tmp_path: Path) -> None:
    m = bench()
    text = "Anna Berg met Otto in Paris for Acme Corp talks ."
    per1, per2, loc, org = (0, 9, "PER"), (14, 18, "PER"), (22, 27, "LOC"), (32, 41, "ORG")
    docs = [LabelledDoc(text, (per1, per2, loc, org))] * 3
    preds = [
        {(0, 9, "PERSON"), (14, 18, "PERSON"), (22, 27, "LOCATION"), (32, 41, "ORGANIZATION")},  # all exact
        {(0, 4, "PERSON"), (14, 18, "LOCATION"), (32, 36, "ORGANIZATION"), (42, 47, "PERSON")},  # edges, type, spurious
        set(),  # every one missed
    ]
    out = m.error_table(lambda docs: preds, docs, {"Paris", "Otto"}, tmp_path / "errors.tsv")
    by = {line.split("(")[0].strip(): line for line in out}
    assert "(6): exact 2, edges 1, as LOC 1, missed 2; unseen 3: exact 1, missed 1; spurious 1" in by["PERSON"], out
    assert "(3): exact 1, missed 2; unseen 0: exact 0, missed 0; spurious 0" in by["LOCATION"], out
    assert "exact 1, edges 1, missed 1; unseen 3: exact 1, missed 1; spurious 0" in by["ORGANIZATION"], out
    rows = (tmp_path / "errors.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 8  # every mention not found exactly: 4 in the second sentence, 4 in the third
    assert {r.split("\t")[1] for r in rows} == {"edges", "as LOC", "missed"}
