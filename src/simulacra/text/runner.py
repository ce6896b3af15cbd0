"""``deidentify_path``: files and folders in, de-identified files out, optionally in parallel.

Documents from every input file form one stream, cut into batches of about
``batch_chars`` characters. With ``workers > 1`` the batches go to worker
processes (spawned, each loading the model once); results come back in order,
so the output does not depend on the number of workers: each document's fakes
depend only on the seed and its key (file path plus line, row or column).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulacra.errors import SimulacraError, SinkError
from simulacra.text.engine import Deidentifier
from simulacra.text.files import InputFile, atomic_write, list_inputs, load, render
from simulacra.text.policy import Policy, load_policy
from simulacra.text.surrogates import MappingRecord

__all__ = ["RunSummary", "deidentify_path"]

Progress = Callable[[int, int], None]


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


def _init_worker(policy_json: str, seed: int, record: bool, model: str | None) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER = Deidentifier(Policy.model_validate_json(policy_json), seed=seed, record=record, model=model)


Batch = list[tuple[str, str]]
BatchResult = list[tuple[str, dict[str, int], list[MappingRecord]]]


def _run_batch(batch: Batch, engine: Deidentifier | None = None) -> BatchResult:
    eng = engine if engine is not None else _WORKER
    assert eng is not None
    keys = [k for k, _ in batch]
    texts = [t for _, t in batch]
    out: BatchResult = []
    for r in eng.deidentify_many(texts, keys=keys, batch_size=len(texts) or 1):
        counts: dict[str, int] = {}
        for s in r.spans:
            counts[s.label] = counts.get(s.label, 0) + 1
        out.append((r.text, counts, list(r.records)))
    return out


def _batches(docs: Sequence[tuple[str, str]], batch_chars: int) -> Iterator[Batch]:
    batch: Batch = []
    size = 0
    for key, text in docs:
        batch.append((key, text))
        size += len(text)
        if size >= batch_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


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
    batch_chars: int = 200_000,
    progress: Progress | None = None,
) -> RunSummary:
    """De-identify a file or a folder of files into ``output_path`` (see ``files`` for formats)."""
    t0 = time.perf_counter()
    pol = load_policy(policy)
    if corpus_consistent and pol.consistency != "corpus":
        pol = pol.model_copy(update={"consistency": "corpus"})
    src, dst = Path(input_path), Path(output_path)
    if mapping is not None:
        from simulacra.text.mapping import _passphrase

        _passphrase(mapping_key_env)  # fail before the work, not after
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
    results: list[tuple[str, dict[str, int], list[MappingRecord]]] = []
    record = mapping is not None
    if progress:
        progress(0, total)
    batches = list(_batches(docs, batch_chars))
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_spawn(),
                                 initializer=_init_worker,
                                 initargs=(pol.model_dump_json(), seed, record, str(model) if model else None)) as ex:
            for res in ex.map(_run_batch, batches):
                results.extend(res)
                if progress:
                    progress(len(results), total)
    else:
        engine = Deidentifier(pol, seed=seed, record=record, model=model)
        for b in batches:
            results.extend(_run_batch(b, engine))
            if progress:
                progress(len(results), total)

    # write: every output renders fully in memory first, then each is renamed into place
    entities: dict[str, int] = {}
    records: list[MappingRecord] = []
    outputs: list[str] = []
    i = 0
    rendered: list[tuple[Path, bytes]] = []
    for f in loaded:
        n = len(f.documents)
        texts = [r[0] for r in results[i : i + n]]
        for _, counts, recs in results[i : i + n]:
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


def _spawn() -> Any:
    import multiprocessing

    return multiprocessing.get_context("spawn")
