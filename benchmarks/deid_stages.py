"""CPU seconds (best of 5) of the tagger's and the rewriting's stages on the Minkov e-mails (issue 14, speed).

Run it on two trees, in turn, to compare them stage by stage (whole-pipeline figures: deid_speed_ab.py):

    PYTHONPATH=/tmp/ds_base/src .venv/bin/python benchmarks/deid_stages.py
    PYTHONPATH=src .venv/bin/python benchmarks/deid_stages.py

Texts: Minkov et al. (2005) Enron e-mails, ``enron_names/minkov/*/train``, tags removed (a development set).
Stages: the pattern recognizers (``ScanPlan.find`` on the detection view); ``fast_ner.tokenize`` of every
text; the tagger's ``tag_many`` in the engine's default batches; ``ner``: the tagger's spans with its span rules
(``find_many``: tokenize, tag, ``clean_span``, ``harmonise``); ``refine`` on its inputs as the engine gives them;
``anonymize`` of the analysed spans; the
whole ``deidentify_many``; ``structural_spans`` (the e-mail structure scans) on the detection view;
``complete_names`` (names by prose and position: possessives, sign-offs, "Ed or me") on its inputs.
``--news``: CoNLL-2003 dev instead (``valid.txt``, a development set). ``--only=patterns,structure``: those
stages alone (names up to the first space). ``--lines``: the pattern stage with and without
``_scan.line_scan``'s windows, interleaved in this process (same spans asserted). ``--scan``: the same for
``complete_names`` with and without ``_scan.scan_matches`` (structure's line-scanned regexes). ``--near``:
the pattern stage with and without the line runs near context words (``PatternRecognizer._near_context``).
``--before=SRC [--rounds=N]``: the stage figures of the src folder SRC and of this checkout, each side in
fresh interpreters in turn, N rounds (default 3), best of each and after / before (the other flags pass on).
``--memo``: ``refine`` and ``ner`` with the word tests (``name_words.WORD_TESTS``, ``ner_cleanup._WORD_TESTS``)
asked afresh against remembered per word, caches cleared before each pass, same process, same spans asserted.
``--standing``: ``refine`` with a regex per lone word against ``structure._standing`` (str.find). ``--ends``:
``complete_names`` with ``_BODY_END.finditer`` and no quote hint against ``_body_ends`` and ``_QUOTED_HINT``.
``--tails``: the pattern stage with and without the digit-line runs (``_scan.digit_line_end``) and the line
scans' tries (``_scan.literal_trie``), same process, interleaved, same spans asserted.
"""

from __future__ import annotations

import inspect
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from simulacra.text import Deidentifier
from simulacra.text import fast_ner as F
from simulacra.text.evaluate import read_conll
from simulacra.text.spans import Span
from simulacra.text.structure import detection_view, structural_spans

ROOT = Path(__file__).resolve().parents[1]
DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared" / "data"
)


def _best(f: Callable[[], object]) -> float:
    b = float("inf")
    for _ in range(5):
        c = time.process_time()
        f()
        b = min(b, time.process_time() - c)
    return b


def _interleaved(before: str, rounds: int) -> None:
    """This script's stage figures for ``before`` (a src folder) and this checkout, each in fresh interpreters
    in turn (A, B, A, B, ...: both see the same load); the best of each side's rounds, and after / before."""
    import os
    import subprocess

    args = [a for a in sys.argv[1:] if not a.startswith(("--before", "--rounds"))]
    sides = {"before": before, "after": str(ROOT / "src")}
    best: dict[str, dict[str, float]] = {k: {} for k in sides}
    for r in range(rounds):
        for side, src in sides.items():
            env = {**os.environ, "PYTHONPATH": src, "OMP_NUM_THREADS": "1"}
            load = os.getloadavg()[0]
            out = (
                subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True)
                .stdout.strip()
                .splitlines()[-1]
            )
            print(f"round {r + 1} {side} (load {load:.1f}): {out}", flush=True)
            for part in out.split(" | "):
                name, _, v = part.rpartition(" ")
                if not name.endswith("MB/s per"):
                    best[side][name] = min(best[side].get(name, float("inf")), float(v))
    print(f"best of {rounds} rounds, CPU s: stage before / after (after / before)")
    for name, b in best["before"].items():
        a = best["after"][name]
        print(f"  {name}: {b:.3f} / {a:.3f} ({a / b:.2f}x)")


def _tails(plan: object, views: list[str]) -> None:
    """The pattern stage with and without deid-speed8's two changes, interleaved 4 rounds in this process, best
    of 4, same spans asserted: the digit-line runs (``_Pattern.tail``) and the line scans' tries
    (``LineScan.hit``, against the flat longest-first list it replaced)."""
    pats = [p for r in plan.recognizers for p in getattr(r, "patterns", ())]  # type: ignore[attr-defined]
    tails = {id(p): p.tail for p in pats}
    scans = {id(p.lines): p.lines for p in pats if p.lines is not None}
    tries = {k: ls.hit for k, ls in scans.items()}
    flat = {k: re.compile("|".join(map(re.escape, ls.strings)), ls.hit.flags) for k, ls in scans.items()}
    times: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(4):
        outs = []
        for on in (False, True):
            for p in pats:
                object.__setattr__(p, "tail", tails[id(p)] if on else None)
            for k, ls in scans.items():
                object.__setattr__(ls, "hit", tries[k] if on else flat[k])
            c = time.process_time()
            outs.append([plan.find(t) for t in views])  # type: ignore[attr-defined]
            times[on].append(time.process_time() - c)
        assert outs[0] == outs[1]
    print(
        f"patterns without digit-line runs and tries {min(times[False]):.3f} | with {min(times[True]):.3f} (best of 4)"
    )


def main() -> None:
    before = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--before=")), None)
    if before is not None:
        rounds = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--rounds=")), 3)
        _interleaved(before, rounds)
        return
    if "--news" in sys.argv:
        texts = [d.text for d in read_conll(DATA / "conll2003" / "valid.txt")]
    else:
        tag = re.compile(r"<true_name>\s?(.*?)\s?</true_name>", re.S)
        files = sorted(p for p in (DATA / "enron_names" / "minkov").glob("*/train/*/*") if p.is_file())
        texts = [tag.sub(lambda m: m.group(1).strip(), f.read_text(encoding="utf-8", errors="replace")) for f in files]
    eng = Deidentifier(seed=1, ner="fast")
    if "--tails" in sys.argv:  # before the analysis below: it needs only the pattern stage
        _tails(eng._plan, [detection_view(t) for t in texts])
        return
    bs = inspect.signature(eng.deidentify_many).parameters["batch_size"].default
    # the inputs of ``complete_names`` (the prose and position rules for names) as the engine gives them
    from simulacra.text import engine as E

    completing: list[tuple[str, list[Span]]] = []
    real = E.complete_names
    E.complete_names = lambda t, s: completing.append((t, list(s))) or real(t, s)  # type: ignore[assignment]
    refining: list[tuple[str, list[Span]]] = []
    real_refine = E.refine
    E.refine = lambda t, s: refining.append((t, list(s))) or real_refine(t, s)  # type: ignore[assignment]
    spans = eng.analyze_many(texts)
    E.complete_names, E.refine = real, real_refine  # type: ignore[assignment]
    docs = [F.tokenize(t)[0] for t in texts]
    model = eng.ner.model  # type: ignore[union-attr]
    views = [detection_view(t) for t in texts]
    plan = eng._plan
    stages: dict[str, Callable[[], object]] = {
        "patterns": lambda: [plan.find(t) for t in views],
        "tokenize": lambda: [F.tokenize(t) for t in texts],
        f"tag (batches of {bs})": lambda: [model.tag_many(docs[i : i + bs]) for i in range(0, len(docs), bs)],
        "ner": lambda: eng.ner.find_many(views),  # type: ignore[union-attr]
        "structure": lambda: [structural_spans(t) for t in views],
        "refine": lambda: [real_refine(t, s) for t, s in refining],
        "complete": lambda: [real(t, s) for t, s in completing],
        "anonymize": lambda: [eng.anonymize(t, s, key=i) for i, (t, s) in enumerate(zip(texts, spans))],
        "whole (deidentify_many)": lambda: list(eng.deidentify_many(texts)),
    }
    if "--lines" in sys.argv:  # the pattern stage with and without the line windows, interleaved, same process
        windowed = [p for r in plan.recognizers for p in getattr(r, "patterns", ()) if p.lines is not None]
        kept = {id(p): p.lines for p in windowed}
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                for p in windowed:
                    object.__setattr__(p, "lines", kept[id(p)] if on else None)
                c = time.process_time()
                outs.append([plan.find(t) for t in views])
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        print(f"patterns without line windows {min(times[False]):.3f} | with {min(times[True]):.3f} (best of 4)")
        return
    if "--near" in sys.argv:  # the pattern stage with and without the context-word line runs, same process
        local = [p for r in plan.recognizers if getattr(r, "requires_context", False) for p in r.patterns if p.local]
        times = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                for p in local:
                    object.__setattr__(p, "local", on)
                c = time.process_time()
                outs.append([plan.find(t) for t in views])
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        print(f"patterns without context line runs {min(times[False]):.3f} | with {min(times[True]):.3f} (best of 4)")
        return
    if "--memo" in sys.argv:  # refine and the tagger's span rules with the word tests remembered or asked afresh
        from simulacra.text import name_words as W
        from simulacra.text import ner_cleanup as N

        words = [getattr(W, name) for name in W.WORD_TESTS] + [getattr(N, name) for name in N._WORD_TESTS]
        # name_words' tests are imported by name into structure and the span rules: swap every module's binding
        kept = {
            (mod, name): f
            for mod in list(sys.modules.values())
            if getattr(mod, "__name__", "").startswith("simulacra.text")
            for name, v in list(vars(mod).items())
            for f in words
            if v is f
        }
        times = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                for (mod, name), f in kept.items():
                    f.cache_clear()  # each pass starts cold: one pass over the corpus, as the pipeline makes it
                    setattr(mod, name, f if on else f.__wrapped__)
                c = time.process_time()
                outs.append(([real_refine(t, s) for t, s in refining], eng.ner.find_many(views)))  # type: ignore[union-attr]
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        for (mod, name), f in kept.items():
            setattr(mod, name, f)
        print(
            f"refine + ner spans, word tests asked afresh {min(times[False]):.3f} | remembered {min(times[True]):.3f}"
        )
        return
    if "--standing" in sys.argv:  # refine's lone words: a regex per word against str.find, same process
        from simulacra.text import structure as S

        refining: list[tuple[str, list[Span]]] = []
        real_refine = E.refine
        E.refine = lambda t, s: refining.append((t, list(s))) or real_refine(t, s)  # type: ignore[assignment]
        eng.analyze_many(texts)
        E.refine = real_refine  # type: ignore[assignment]
        by_find = S._standing

        def by_regex(text: str, w: str) -> list[int]:
            return [m.start() for m in re.finditer(rf"(?<![\w@./-]){re.escape(w)}(?![\w@/-])", text)]

        times = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                S._standing = by_find if on else by_regex  # type: ignore[assignment]
                c = time.process_time()
                outs.append([real_refine(t, s) for t, s in refining])
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        S._standing = by_find
        print(
            f"refine with a regex per lone word {min(times[False]):.3f} | str.find {min(times[True]):.3f} (best of 4)"
        )
        return
    if "--ends" in sys.argv:  # complete_names with _BODY_END.finditer and no quote hint, against now
        from simulacra.text import structure as S

        fast_ends, hint = S._body_ends, S._QUOTED_HINT
        times = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                S._body_ends = fast_ends if on else lambda t: [m.start() for m in S._BODY_END.finditer(t)]  # type: ignore
                S._QUOTED_HINT = hint if on else re.compile("'")  # type: ignore[misc]
                c = time.process_time()
                outs.append([real(t, s) for t, s in completing])
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        S._body_ends, S._QUOTED_HINT = fast_ends, hint  # type: ignore[misc]
        print(
            f"complete with the regex's body ends {min(times[False]):.3f} | _body_ends {min(times[True]):.3f} (best of 4)"
        )
        return
    if "--scan" in sys.argv:  # complete_names with and without _scan.scan_matches's line scans, same process
        from simulacra.text import structure as S

        line_scanned = S.scan_matches
        times = {False: [], True: []}
        for _ in range(4):
            outs = []
            for on in (False, True):
                S.scan_matches = line_scanned if on else lambda p, t, shortest=2: p.finditer(t)  # type: ignore
                c = time.process_time()
                outs.append([real(t, s) for t, s in completing])
                times[on].append(time.process_time() - c)
            assert outs[0] == outs[1]
        S.scan_matches = line_scanned
        print(f"complete without line scans {min(times[False]):.3f} | with {min(times[True]):.3f} (best of 4)")
        return
    only = next((a.split("=", 1)[1].split(",") for a in sys.argv if a.startswith("--only=")), None)
    r = {k: _best(f) for k, f in stages.items() if only is None or k.split(" ")[0] in only}
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    whole = r.get("whole (deidentify_many)")
    print(" | ".join(f"{k} {v:.3f}" for k, v in r.items()) + (f" | {mb / whole:.3f} MB/s per core" if whole else ""))


if __name__ == "__main__":
    main()
