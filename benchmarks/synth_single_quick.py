"""Several ``TabularSynthesizer`` settings on one table of ``synth_single.py``, three figures each (issue 13).

Detection AUC, TSTR/TRTR and the DCR share (``synth_single.py``'s own metric functions, model seed 0),
plus Adult's near-copy rate; quality is left out to spare CPU on a loaded machine. Use ``dev``:

    PYTHONPATH=src python benchmarks/synth_single_quick.py california dev '{"select": false}' '{"select": false, "numeric_prior": 20}'
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth_single as S  # noqa: E402


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    S.DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    name, split = sys.argv[1], sys.argv[2]
    t = S.load(name, split, None)
    trtr = S.tstr(t.train, t.holdout, t.target, t.positive, 0)
    for p in sys.argv[3:]:
        c0 = time.process_time()
        s = S.run_simulacra("trees", t, 0, json.loads(p))[0].select(t.train.columns)
        c1 = time.process_time()
        det = S.detection_auc(t.train, s, 0)
        ratio = S.tstr(s, t.holdout, t.target, t.positive, 0) / trtr
        dcr = S.dcr_share(t.train, t.holdout, s, 0)
        nc = f" near-copy={S.near_copy_rate(t.train, s):.3f}" if name == "adult" else ""
        print(
            f"{name} {split} {p} det={det:.3f} tstr/trtr={ratio:.3f} dcr={dcr:.4f}{nc} fit+sample CPU s={c1 - c0:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
