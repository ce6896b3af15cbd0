"""Run one smartnoise-synth synthesizer (MST or AIM) on a CSV; called by dp_adult.py in its own venv.

    /work/venvs/dp/bin/python benchmarks/_smartnoise_run.py IN.csv OUT.csv '{"synth": "mst", "epsilon": 1.0, ...}'

Every column arrives already coded as small integers (numbers cut into the same declared
bins simulacra uses), so both sides see the same domain; the result is written back as codes.
"""

from __future__ import annotations

import json
import sys
import time
import warnings


def main() -> None:
    import pandas as pd
    from snsynth import Synthesizer

    src, dst, cfg = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    df = pd.read_csv(src)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.process_time()
        w0 = time.perf_counter()
        extra = {"rounds": cfg["rounds"]} if cfg.get("rounds") else {}
        synth = Synthesizer.create(cfg["synth"], epsilon=cfg["epsilon"], delta=cfg["delta"], verbose=False, **extra)
        out = synth.fit_sample(df, categorical_columns=list(df.columns), preprocessor_eps=0.0, nullable=False)
        wall, cpu = time.perf_counter() - w0, time.process_time() - t0
    out.to_csv(dst, index=False)
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "rows": len(out)}))


if __name__ == "__main__":
    main()
