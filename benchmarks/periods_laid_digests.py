"""Digests of generate's CSV outputs (gen80, issue 13): the worlds of tests/unit/generation/test_periods_laid.py and
test_periods_per_ancestor.py, and examples/ at scale 0.05; run on two builds and compare (PYTHONPATH picks the build)."""

import hashlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, "tests/unit/generation")
import test_periods_laid as L
import test_periods_per_ancestor as A

from simulacra.pipeline import generate


def dig(spec, **kw):
    with tempfile.TemporaryDirectory() as d:
        generate(spec, Path(d) / "o", format="csv", **kw)
        return hashlib.sha256(b"".join(p.read_bytes() for p in sorted((Path(d) / "o").glob("*.csv")))).hexdigest()[:16]


for w in L.WORLDS:
    for seed in (1, 2, 3):
        print("laid", w, seed, dig(L._world(w, seed)))
for shape in A.SHAPES:
    for seed in (1, 2):
        print("ancestor", shape, seed, dig(A._world(shape, seed)))
for ex in sorted(Path("examples").glob("*/spec.yaml")):
    print("example", ex.parent.name, dig(ex, scale=0.05))
