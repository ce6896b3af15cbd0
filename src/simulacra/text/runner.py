"""``deidentify_path``: files and folders in, de-identified files out, optionally in parallel.

Documents from every input file form one stream, cut into batches of about
``batch_chars`` characters (the cut does not depend on the number of workers).
A document longer than ``block_chars`` is cut at line ends into blocks that are
analysed independently (by any worker); their spans are then joined, spread
over the whole document (a name found in one block is replaced in all) and the
document is rewritten in one scope, so its fakes stay consistent. Cost grows
linearly with the size of a document, and progress is reported in bytes.
With ``workers > 1`` this process first does the last batch and times it; if the
rest would take less than about two worker start-ups, it does the rest too.
Otherwise ``workers - 1`` processes and this one share the batches. Where the
platform forks (Linux) and this process runs no other thread, the workers are
forked from it after that first batch: they start with its engine as built and
warmed (imports, model, word lists, name pools, remembered word tests: about
5 CPU seconds per spawned worker, shared copy-on-write instead). Elsewhere they
are spawned, each importing and loading the model once.
Results are put back in order, so the output does not depend on the number of
workers: each document's fakes depend only on the seed and its key (file path
plus line, row or column).
"""

from __future__ import annotations

import gc
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulacra.errors import SimulacraError, SinkError
from simulacra.text.engine import DEFAULT_NER, Deidentifier
from simulacra.text.files import InputFile, atomic_write, list_inputs, load, render
from simulacra.text.policy import Policy, load_policy
from simulacra.text.span_labels import output_labels, write_span_labels
from simulacra.text.spans import Span
from simulacra.text.surrogates import MappingRecord, last_set, pools

__all__ = ["RunSummary", "analyze_batch", "deidentify_path", "run_batch"]

Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


@dataclass(frozen=True)
class RunSummary:
    """What a run did (no original values in it)."""

    files: int
    documents: int
    characters: int
    entities: dict[str, int]
    seconds: float
    skipped: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    mapping_pairs: int | None = None

    @property
    def mb_per_second(self) -> float:
        return self.characters / 1e6 / self.seconds if self.seconds > 0 else 0.0


# --- worker side ------------------------------------------------------------------------

_WORKER: Deidentifier | None = None
#: the engine a forked worker takes over (set in this process just before the fork)
_FORK_ENGINE: Deidentifier | None = None


def _init_worker(policy_json: str, seed: int, record: bool, model: str | None, ner: str = DEFAULT_NER) -> None:
    global _WORKER
    # one thread per process: N processes on N cores, not N x (BLAS/OpenMP threads). Set in the worker
    # itself, so the caller's environment is never touched.
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    _WORKER = Deidentifier(Policy.model_validate_json(policy_json), seed=seed, record=record, model=model, ner=ner)


def _init_forked() -> None:
    """A forked worker: this process's engine, inherited as it was at the fork (nothing loaded again)."""
    global _WORKER
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)
    eng = _FORK_ENGINE
    assert eng is not None
    # start with an empty corpus scope as a spawned worker's new engine would; the rest of the engine
    # (model, word lists, remembered word tests, compiled patterns) holds no document's state
    eng._corpus_mapper = None
    _WORKER = eng


#: (key, text, offset): a whole document (offset -1) or a block of a long one starting at offset
Unit = tuple[str, str, int]
Batch = list[Unit]
#: per unit: (rewritten text, counts, records, None, labels) for a document; (None, {}, [], spans, []) for a block;
#: labels: (start, end, label) of each replacement in the rewritten text (span_labels writes them)
Labels = list[tuple[int, int, str]]
UnitResult = tuple[
    str | None, dict[str, int], list[MappingRecord], list[tuple[int, int, str, float, str]] | None, Labels
]
BatchResult = list[UnitResult]


def _counts(spans: Sequence[Span]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in spans:
        counts[s.label] = counts.get(s.label, 0) + 1
    return counts


def run_batch(batch: Batch, engine: Deidentifier | None = None) -> BatchResult:
    """De-identify one batch of units with ``engine`` (else the worker's engine): whole documents together, blocks
    together; each unit's text, counts, records and labels in batch order."""
    eng = engine if engine is not None else _WORKER
    assert eng is not None
    out: list[UnitResult | None] = [None] * len(batch)
    whole = [i for i, (_, _, off) in enumerate(batch) if off < 0]
    blocks = [i for i, (_, _, off) in enumerate(batch) if off >= 0]
    if whole:
        results = eng.deidentify_many(
            [batch[i][1] for i in whole], keys=[batch[i][0] for i in whole], batch_size=len(whole)
        )
        for i, r in zip(whole, results, strict=True):
            out[i] = (r.text, _counts(r.spans), list(r.records), None, output_labels(r))
    if blocks:
        for i, spans in zip(blocks, eng.analyze_many([batch[i][1] for i in blocks]), strict=True):
            off = batch[i][2]
            out[i] = (None, {}, [], [(s.start + off, s.end + off, s.label, s.score, s.source) for s in spans], [])
    return [r for r in out if r is not None]


def _run_serial(
    batches: Sequence[Batch],
    sizes: Sequence[int],
    engine: Deidentifier,
    done: int,
    total_bytes: int,
    progress: Progress | None,
) -> BatchResult:
    """The batches in this process, in order. Once the first is done the engine is warm (word lists, name
    pools, the tagger's rows, compiled patterns) and every document is read: those objects live to the end
    of the run, so they are frozen out of the cyclic collector (``gc.freeze``), whose full collections would
    otherwise walk them all again and again (a few percent of the CPU); unfrozen at the end. Nothing is
    frozen when the caller froze objects already (theirs are left as they are) or turned the collector off.
    Only speed: no object is freed later or earlier than refcounting frees it, and the output is the same."""
    out: BatchResult = []
    froze = False
    try:
        for b, size in zip(batches, sizes, strict=True):
            out.extend(run_batch(b, engine))
            if not froze and gc.isenabled() and gc.get_freeze_count() == 0:
                gc.freeze()
                froze = True
            done += size
            if progress:
                progress(done, total_bytes)
    finally:
        if froze:
            gc.unfreeze()
    return out


def analyze_batch(batch: Batch, engine: Deidentifier) -> list[list[tuple[int, int, str, float, str]]]:
    """Every unit's spans as ``run_batch`` finds them (whole documents analysed together, blocks together),
    blocks' spans shifted to their document; nothing rewritten (``distribute`` in corpus mode)."""
    out: list[list[tuple[int, int, str, float, str]]] = [[] for _ in batch]
    whole = [i for i, (_, _, off) in enumerate(batch) if off < 0]
    blocks = [i for i, (_, _, off) in enumerate(batch) if off >= 0]
    for group in (whole, blocks):
        if group:
            for i, spans in zip(group, engine.analyze_many([batch[i][1] for i in group]), strict=True):
                off = max(batch[i][2], 0)
                out[i] = [(s.start + off, s.end + off, s.label, s.score, s.source) for s in spans]
    return out


def _rewrite_batch(
    batch: Batch, found: Sequence[Sequence[tuple[int, int, str, float, str]]], engine: Deidentifier
) -> BatchResult:
    """What ``run_batch`` returns, from spans found elsewhere: whole documents rewritten here, in order."""
    out: BatchResult = []
    for (key, text, off), spans in zip(batch, found, strict=True):
        if off < 0:
            r = engine.anonymize(text, [Span(*t) for t in spans], key=key)
            out.append((r.text, _counts(r.spans), list(r.records), None, output_labels(r)))
        else:
            out.append((None, {}, [], list(spans), []))
    return out


def _units(docs: Sequence[tuple[str, str]], block_chars: int) -> list[Unit]:
    from simulacra.text.ner import split_chunks

    units: list[Unit] = []
    for key, text in docs:
        if len(text) <= block_chars:
            units.append((key, text, -1))
        else:
            units.extend((key, text[a:b], a) for a, b in split_chunks(text, block_chars))
    return units


def _batches(units: Sequence[Unit], batch_chars: int) -> Iterator[Batch]:
    batch: Batch = []
    size = 0
    for unit in units:
        batch.append(unit)
        size += len(unit[1])
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _assemble(
    docs: Sequence[tuple[str, str]], units: Sequence[Unit], results: Sequence[UnitResult], engine: Deidentifier
) -> list[tuple[str, dict[str, int], list[MappingRecord], Labels]]:
    """One result per document: blocks of a long document joined, spread and rewritten in its scope."""
    out: list[tuple[str, dict[str, int], list[MappingRecord], Labels]] = []
    j = 0
    for key, text in docs:
        first = results[j]
        if units[j][2] < 0:
            assert first[0] is not None
            out.append((first[0], first[1], first[2], first[4]))
            j += 1
            continue
        found: list[Span] = []
        k = 0
        while j < len(units) and units[j][0] == key and units[j][2] >= 0 and (k == 0 or units[j][2] > 0):
            found.extend(Span(*t) for t in results[j][3] or ())
            j += 1
            k += 1
        r = engine.anonymize(text, engine.join_blocks(text, found), key=key)
        out.append((r.text, _counts(r.spans), list(r.records), output_labels(r)))
    return out


# --- the run ------------------------------------------------------------------------------


def deidentify_path(
    input_path: str | Path,
    output_path: str | Path,
    *,
    policy: Policy | str | Path | dict[str, Any] | None = None,
    seed: int = 0,
    workers: int = 1,
    mapping: str | Path | None = None,
    mapping_key_env: str = "SIMULACRA_MAPPING_KEY",
    field_name: str = "text",
    columns: list[str] | None = None,
    encoding: str = "utf-8",
    corpus_consistent: bool = False,
    replace: bool = False,
    model: str | Path | None = None,
    batch_chars: int = 50_000,
    block_chars: int = 100_000,
    progress: Progress | None = None,
    ner: str = DEFAULT_NER,
    labels: str | Path | None = None,
    distribute: Any = None,
) -> RunSummary:
    """De-identify a file or a folder of files into ``output_path`` (see ``files`` for formats); with ``labels``,
    also a spans JSONL there: each document's rewritten text and the span of every replacement with its entity
    type (``span_labels``), so the de-identified text can train a tagger.

    ``distribute``: run the batches elsewhere (``simulacra.distributed.DaskDeid``): an object whose
    ``map_batches(batches, mode, *, policy_json, seed, record, model, ner)`` yields one result per batch,
    in order — ``mode="rewrite"``: ``run_batch``'s; ``mode="analyze"``: ``analyze_batch``'s, rewritten
    here in order (corpus consistency: the one corpus scope stays in this process). Same bytes either way.
    """
    t0 = time.perf_counter()
    pol = load_policy(policy)
    if corpus_consistent and pol.consistency != "corpus":
        pol = pol.model_copy(update={"consistency": "corpus"})
    src, dst = Path(input_path), Path(output_path)
    if mapping is not None:
        from simulacra.text._secret import env_secret

        env_secret(mapping_key_env, "--mapping")  # fail before the work, not after
    if labels is not None and Path(labels).exists() and not replace:
        raise SinkError(f"{labels}: exists; pass --replace to overwrite it")
    files, skipped = list_inputs(src, dst)
    single = src.is_file()
    if single and dst.exists() and not replace:
        raise SinkError(f"{dst}: exists; pass --replace to overwrite it")
    if not single and dst.exists() and (not dst.is_dir() or (any(dst.iterdir()) and not replace)):
        raise SinkError(f"{dst}: exists and is not an empty folder; pass --replace to write into it")

    loaded: list[InputFile] = []
    for f in files:
        try:
            load(f, field_name=field_name, columns=columns, encoding=encoding)
        except SimulacraError as exc:
            if single:
                raise
            skipped.append((f.path, exc.message))
            continue
        loaded.append(f)

    docs = [(key, text) for f in loaded for key, text in f.documents]
    total = len(docs)
    units = _units(docs, block_chars)
    batches = list(_batches(units, batch_chars))
    sizes = [sum(len(t.encode("utf-8", "surrogatepass")) for _, t, _ in b) for b in batches]
    total_bytes = sum(sizes)
    unit_results: BatchResult = []
    record = mapping is not None
    if progress:
        progress(0, total_bytes)
    t_start = time.perf_counter()
    engine = Deidentifier(pol, seed=seed, record=record, model=model, ner=ner)
    if distribute is not None:
        corpus = pol.consistency == "corpus"
        done = 0
        for b, size, res in zip(
            batches,
            sizes,
            distribute.map_batches(
                batches,
                "analyze" if corpus else "rewrite",
                policy_json=pol.model_dump_json(),
                seed=seed,
                record=record,
                model=str(model) if model else None,
                ner=ner,
            ),
            strict=True,
        ):
            unit_results.extend(_rewrite_batch(b, res, engine) if corpus else res)
            done += size
            if progress:
                progress(done, total_bytes)
    elif workers > 1 and len(batches) > 1:
        # measure before deciding: this process warms up (what a worker's start costs, less
        # the interpreter and imports) and does the last batch; workers only if the rest is long
        _warm(pol)
        # a spawned worker also starts an interpreter and imports (about a second), and loads what
        # this process may have had cached already (the model): never count less than that; a forked
        # one starts with all of it (the fork itself and the pages it then copies: a fraction of a second)
        startup = _FORKED_STARTUP if _can_fork() else max(time.perf_counter() - t_start + 1.0, 2.5 if pol.ner else 1.5)
        t_batch = time.perf_counter()
        last = run_batch(batches[-1], engine)
        per_char = (time.perf_counter() - t_batch) / max(1, sum(len(t) for _, t, _ in batches[-1]))
        if progress:
            progress(sizes[-1], total_bytes)
        rest = batches[:-1]
        if _worth_spawning(sum(len(t) for b in rest for _, t, _ in b) * per_char, startup, workers):
            unit_results = _run_parallel(
                rest, workers, pol, seed, record, model, total_bytes, progress, engine, sizes[-1], sizes[:-1], ner=ner
            )
        else:
            unit_results = _run_serial(rest, sizes[:-1], engine, sizes[-1], total_bytes, progress)
        unit_results.extend(last)
    else:
        unit_results = _run_serial(batches, sizes, engine, 0, total_bytes, progress)
    results = _assemble(docs, units, unit_results, engine)

    # write: every output renders fully in memory first, then each is renamed into place
    entities: dict[str, int] = {}
    records: list[MappingRecord] = []
    outputs: list[str] = []
    i = 0
    rendered: list[tuple[Path, bytes]] = []
    for f in loaded:
        n = len(f.documents)
        texts = [r[0] for r in results[i : i + n]]
        for _, counts, recs, _labels in results[i : i + n]:
            for k, v in counts.items():
                entities[k] = entities.get(k, 0) + v
            records.extend(recs)
        i += n
        rendered.append((f.output, render(f, texts, field_name=field_name)))
    for out, data in rendered:
        try:
            atomic_write(out, data)
        except OSError as exc:
            raise SinkError(f"{out}: cannot write: {exc.strerror or exc}") from None
        outputs.append(str(out))
    if labels is not None:
        write_span_labels(labels, [(k, r[0], r[3]) for (k, _), r in zip(docs, results, strict=True)], replace=replace)
    pairs = None
    if mapping is not None:
        from simulacra.text.mapping import write_mapping

        pairs = write_mapping(mapping, records, key_env=mapping_key_env)
    return RunSummary(
        files=len(loaded),
        documents=total,
        characters=sum(len(t) for _, t in docs),
        entities=dict(sorted(entities.items())),
        seconds=time.perf_counter() - t0,
        skipped=[(str(p), why) for p, why in skipped],
        outputs=outputs,
        mapping_pairs=pairs,
    )


def _run_parallel(
    batches: list[Batch],
    workers: int,
    pol: Policy,
    seed: int,
    record: bool,
    model: str | Path | None,
    total: int,
    progress: Progress | None,
    engine: Deidentifier | None = None,
    finished: int = 0,
    sizes: Sequence[int] | None = None,
    ner: str = DEFAULT_NER,
) -> BatchResult:
    """The batches' results in order, computed by ``workers - 1`` processes and this one.

    The workers are forked from this process with its ``engine`` where ``_can_fork``
    says so (they start at once), else spawned. This process starts on the batches
    at once, from the end of the list, while the workers start up (spawned: the
    interpreter, imports, model load, seconds); one thread per
    worker hands it the next batch from the front as soon as it returns one, so no
    worker waits on this process. Each batch's result depends only on its
    documents, their keys and the seed, never on who computed it.
    """
    size_of = list(sizes) if sizes is not None else [len(b) for b in batches]
    pending = deque(enumerate(batches))
    done: dict[int, BatchResult] = {}
    lock = threading.Lock()
    errors: list[BaseException] = []

    def take(front: bool) -> tuple[int, Batch] | None:
        with lock:
            if errors or not pending:
                return None
            return pending.popleft() if front else pending.pop()

    def feed(ex: ProcessPoolExecutor) -> None:
        try:
            while (job := take(front=True)) is not None:
                done[job[0]] = ex.submit(run_batch, job[1]).result()
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
            errors.append(exc)

    forked = engine is not None and _can_fork()
    if forked:
        global _FORK_ENGINE
        _FORK_ENGINE = engine
        pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=_fork(), initializer=_init_forked)
    else:
        pool = ProcessPoolExecutor(
            max_workers=workers - 1,
            mp_context=_spawn(),
            initializer=_init_worker,
            initargs=(pol.model_dump_json(), seed, record, str(model) if model else None, ner),
        )
    try:
        with pool as ex:
            if forked:
                _start_forked(ex)
            feeders = [threading.Thread(target=feed, args=(ex,), daemon=True) for _ in range(workers - 1)]
            for t in feeders:
                t.start()
            try:
                while (job := take(front=False)) is not None:
                    if engine is None:
                        engine = Deidentifier(pol, seed=seed, record=record, model=model, ner=ner)
                    done[job[0]] = run_batch(job[1], engine)
                    if progress:
                        progress(finished + sum(size_of[i] for i in list(done)), total)
            except BaseException as exc:
                with lock:
                    errors.append(exc)
                raise
            finally:
                for t in feeders:
                    t.join()
            if errors:
                raise errors[0]
    finally:
        _FORK_ENGINE = None
    if progress:
        progress(finished + sum(size_of), total)
    return [r for i in range(len(batches)) for r in done[i]]


def _warm(pol: Policy) -> None:
    """Build what the first document would (surrogate pools, name lists), so it is not timed as work."""
    pools(pol.locale)
    last_set()


def _worth_spawning(seconds: float, startup: float, workers: int) -> bool:
    """Whether ``seconds`` of work left (at this process's measured speed) outweigh starting workers.

    A worker costs ``startup`` seconds (interpreter, imports, model) before its first
    document; below about twice that, the run stays in this process (same output).
    """
    return workers > 1 and seconds > 2 * startup


#: what a forked worker is counted to cost before its first document (``_worth_spawning``), seconds
_FORKED_STARTUP = 0.5


def _can_fork() -> bool:
    """Whether workers may be forked from this process: a platform whose fork is the default and safe
    (Linux), and no other thread running here (a thread holding a lock at the fork would leave it held
    in the child forever); otherwise they are spawned (same output, seconds more per worker)."""
    import multiprocessing
    import sys

    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _start_forked(ex: ProcessPoolExecutor) -> None:
    """Fork the pool's processes now, from this thread, while it is the only one: a fork-context pool
    starts all of its processes on the first submit, before its own manager thread. The objects built so
    far are frozen out of the collector for the fork, so the children's collections do not write to (and
    copy) every page they share with this process."""
    gc.freeze()
    try:
        ex.submit(int).result()
    finally:
        gc.unfreeze()


def _fork() -> Any:
    import multiprocessing

    return multiprocessing.get_context("fork")


def _spawn() -> Any:
    import multiprocessing

    return multiprocessing.get_context("spawn")
