"""Run a pipeline: read its input source in chunks, pass them through the steps, write the output folder.

The output is a folder, written whole or not at all (a temp folder beside it, then one atomic swap):

* ``data.parquet``: the rows kept (one row group per chunk that reached the end);
* ``provenance.parquet``: with ``provenance: sidecar``, per row its position in the input and how it was
  made (method, source, spec or model hash, seed, version, steps passed) and its scores;
  ``provenance: columns`` puts the same in ``prov_*`` / ``score_*`` columns of ``data.parquet`` instead;
* ``manifest.json``: the run (version, pipeline hash, seed, sources with licences, steps with
  parameters, the funnel, lineage, warnings);
* ``report.json``: the funnel with examples of what each step removed, and the evaluation against the
  holdout when one is named;
* ``card.md`` and ``card.json``: the dataset card.

Same inputs, seed and chunk size give the same bytes in every file (no clock time is written).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from simulacra._random import stable_hash
from simulacra._version import __version__
from simulacra.curate.config import (
    PipelineConfig,
    SourceConfig,
    StepConfig,
    load_pipeline,
)
from simulacra.curate.steps import ROW, Step, build_step
from simulacra.errors import Location, SinkError, SourceError, SpecError

__all__ = ["Pipeline", "PipelineResult", "run_pipeline"]

DATA_FILE = "data.parquet"
PROVENANCE_FILE = "provenance.parquet"
_EVAL_ROWS = 5000
_NON_COMMERCIAL = ("non-commercial", "noncommercial", "-nc", "nc-", "research only", "research-only")


@dataclass
class PipelineResult:
    """What a run made: where (or the frame, in memory), its manifest, report and card."""

    output: str | None
    manifest: dict[str, Any]
    report: dict[str, Any]
    card: dict[str, Any]
    frame: pl.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(self.manifest["rows"])


class Pipeline:
    """A pipeline, from YAML (a path) or composed in Python (a mapping; a source may be ``{"frame": df}``)."""

    def __init__(
        self, config: PipelineConfig | str | Path | Mapping[str, Any], *, base: str | Path | None = None
    ) -> None:
        self.config = config if isinstance(config, PipelineConfig) else load_pipeline(config, base=base)
        self._cache: dict[str, pl.DataFrame] = {}
        self._plans: dict[str, Any] = {}
        self._meta: dict[str, dict[str, Any]] = {}

    # -- sources ----------------------------------------------------------------------------------
    def _loc(self, line: int | None) -> Location:
        return Location(file=self.config.file, line=line)

    def _path(self, value: str) -> Path:
        p = Path(value)
        return p if p.is_absolute() else self.config.base / p

    def _seed(self, src: SourceConfig) -> int:
        v = src.value if isinstance(src.value, Mapping) else {}
        return int(v.get("seed", self.config.seed))

    def frame(self, name: str) -> pl.DataFrame:
        """A source's rows, in memory (cached)."""
        if name not in self._cache:
            parts = list(self.chunks(name))
            self._cache[name] = pl.concat(parts, how="vertical_relaxed") if parts else pl.DataFrame()
        return self._cache[name]

    def chunks(self, name: str) -> Iterator[pl.DataFrame]:
        """A source's rows in chunks of ``chunk_size`` (without the internal row column)."""
        src = self.config.sources[name]
        size = self.config.chunk_size
        if name in self._cache:
            yield from _slices(self._cache[name], size)
            return
        if src.kind == "from":
            for chunk in self._run_steps(str(src.value), src.steps, name):
                yield chunk.drop(ROW)
            return
        if src.kind == "path":
            path = self._path(str(src.value))
            if path.is_file() and path.suffix == ".parquet":
                import pyarrow.parquet as pq

                self._meta[name] = {"path": str(src.value), "sha256": _file_hash(path), **_lineage_of(path)}
                try:
                    pf = pq.ParquetFile(path)
                    for batch in pf.iter_batches(batch_size=size):
                        yield pl.from_arrow(batch)  # type: ignore[misc]
                except Exception as exc:  # noqa: BLE001
                    raise SourceError(
                        f"{path}: cannot be read ({type(exc).__name__}: {exc})", location=self._loc(src.line)
                    ) from None
                return
            yield from _slices(self._whole(name), size)
            return
        if src.kind == "generate" and (dict(src.value).get("table") or src.table) != "documents":
            yield from self._generated_chunks(src)
            return
        if src.kind == "text_folder":
            folder = self._path(str(src.value))
            if not folder.is_dir():
                raise SourceError(f"source '{name}': {folder} is not a folder", location=self._loc(src.line))
            files = sorted(
                p
                for p in folder.glob(src.glob)
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in (".txt", ".md", ".eml", ".html", ".csv", ".json", "")
            )
            self._meta[name] = {"path": str(src.value), "files": len(files)}
            deid = None
            if src.deid not in (None, False):
                from simulacra.text import Deidentifier

                opts = dict(src.deid) if isinstance(src.deid, Mapping) else {}
                policy = opts.get("policy")
                deid = Deidentifier(
                    str(self._path(policy)) if isinstance(policy, str) else policy,
                    seed=int(opts.get("seed", self.config.seed)),
                    **({"ner": opts["ner"]} if "ner" in opts else {}),
                )
                self._meta[name]["deidentified"] = {
                    "seed": deid.seed,
                    "policy": policy,
                    "ner": opts.get("ner", "default"),
                }
            for lo in range(0, len(files), size):
                part = files[lo : lo + size]
                names = [p.relative_to(folder).as_posix() for p in part]
                texts = [p.read_text(encoding="utf-8", errors="replace") for p in part]
                if deid is not None:  # keyed by the file's name in the folder, as `simulacra deid` keys it
                    texts = [r.text for r in deid.deidentify_many(texts, keys=names)]
                yield pl.DataFrame({"path": names, "text": texts}, schema={"path": pl.String, "text": pl.String})
            return
        yield from _slices(self._whole(name), size)

    def _generate_setup(self, src: SourceConfig) -> tuple[Any, str, float, int]:
        """The plan, table, scale and seed of a generate source (and its manifest entry); nothing generated."""
        from simulacra.spec.load import load_plan, spec_hash

        v = dict(src.value)
        plan = load_plan(self._path(str(v["spec"])))
        table = v.get("table") or src.table or next(iter(plan.tables))
        scale = float(v.get("scale", 1.0)) * float(v.get("factor", 1))
        seed = self._seed(src)
        if table != "documents" and table not in plan.tables:
            raise SpecError(f"source '{src.name}': the spec has no table '{table}'", location=self._loc(src.line))
        self._meta[src.name] = {
            "spec": str(v["spec"]),
            "spec_hash": spec_hash(plan.spec),
            "seed": seed,
            "scale": scale,
            "factor": v.get("factor", 1),
            "table": table,
            "method": "rules",
            "generation": 1,
        }
        if table == "documents":  # each template's version: a hash of its source text (inline or file)
            self._meta[src.name]["templates"] = {
                name: hashlib.sha256(dp.source.encode("utf-8")).hexdigest()[:12]
                for name, dp in sorted(plan.documents.items())
            }
        if src.name not in self._plans:
            self._plans[src.name] = (plan, table, None)
        return plan, table, scale, seed

    def _generated_chunks(self, src: SourceConfig) -> Iterator[pl.DataFrame]:
        """Generate into a temp Parquet folder (the engine writes chunk by chunk), then read the table back by
        row groups: memory stays bounded by the chunk, however many rows are over-generated. The parent tables
        stay readable there for the validity step until the stream ends; then the folder is removed."""
        import shutil
        import tempfile

        import pyarrow.parquet as pq

        from simulacra.pipeline import generate

        plan, table, scale, seed = self._generate_setup(src)
        tmp = Path(tempfile.mkdtemp(prefix="simulacra-pipeline-"))
        try:
            folder = tmp / "data"
            try:
                generate(
                    plan,
                    folder,
                    seed=seed,
                    scale=scale,
                    format="parquet",
                    documents=False,
                    chunk_size=self.config.chunk_size,
                )
            except (SpecError, SourceError):
                raise
            except Exception as exc:  # noqa: BLE001
                raise SourceError(
                    f"source '{src.name}': {type(exc).__name__}: {exc}", location=self._loc(src.line)
                ) from None
            others = {t: folder / f"{t}.parquet" for t in plan.tables if t != table}
            self._plans[src.name] = (plan, table, lambda: {t: pl.read_parquet(p) for t, p in others.items()})
            for batch in pq.ParquetFile(folder / f"{table}.parquet").iter_batches(batch_size=self.config.chunk_size):
                yield pl.from_arrow(batch)  # type: ignore[misc]
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _whole(self, name: str) -> pl.DataFrame:
        src = self.config.sources[name]
        if name in self._cache:
            return self._cache[name]
        try:
            frame = self._read(src)
        except (SpecError, SourceError):
            raise
        except Exception as exc:  # noqa: BLE001
            raise SourceError(f"source '{name}': {type(exc).__name__}: {exc}", location=self._loc(src.line)) from None
        self._cache[name] = frame
        return frame

    def _read(self, src: SourceConfig) -> pl.DataFrame:
        if src.kind == "frame":
            from simulacra._frames import to_polars

            self._meta[src.name] = {"rows": None}
            return to_polars(src.value)
        if src.kind == "generate":  # the documents table (rows stream through _generated_chunks)
            from simulacra.pipeline import generate

            plan, table, scale, seed = self._generate_setup(src)
            res = generate(plan, seed=seed, scale=scale, documents=True)
            return _documents_frame(res.documents)
        if src.kind == "sample":
            from simulacra.learning import sample

            v = dict(src.value)
            model = self._path(str(v["model"]))
            seed = self._seed(src)
            sampled = sample(
                str(model),
                n_rows=v.get("n_rows"),
                scale=float(v.get("scale", 1.0)) * float(v.get("factor", 1)),
                seed=seed,
                table=v.get("table") or src.table,
            )
            frames = sampled.frames or {}
            table = v.get("table") or src.table or next(iter(frames))
            lin = ((_read_json(model / "manifest.json") or {}).get("source") or {}).get("lineage") or {}
            self._meta[src.name] = {
                "model": str(v["model"]),
                "model_hash": _folder_hash(model),
                "seed": seed,
                "table": table,
                "method": "learned",
                "generation": int(lin.get("generation", 1)),
                "fitted_on_synthetic": bool(lin.get("synthetic", False)),
            }
            return frames[table]
        if src.kind == "path":
            path = self._path(str(src.value))
            from simulacra.io import read_dataset

            frames = read_dataset(str(path))
            table = src.table or next(iter(frames))
            if table not in frames:
                raise SourceError(
                    f"source '{src.name}': no table '{table}' in {path} (tables: {', '.join(frames)})",
                    location=self._loc(src.line),
                )
            self._meta[src.name] = {"path": str(src.value), "table": table, **_lineage_of(path)}
            return frames[table]
        return pl.concat(list(self.chunks(src.name)), how="vertical_relaxed")

    # -- steps --------------------------------------------------------------------------------------
    def _reference(self, step: StepConfig) -> pl.DataFrame | None:
        refs = step.refs()
        return self.frame(refs[0]) if refs else None

    def _validity_plan(self, step: StepConfig, input_name: str) -> tuple[Any, str | None, Any]:
        if step.params.get("spec"):
            from simulacra.spec.load import load_plan

            plan = load_plan(self._path(str(step.params["spec"])))
            return plan, step.params.get("table") or next(iter(plan.tables)), None
        name = input_name
        while self.config.sources[name].kind == "from":
            name = str(self.config.sources[name].value)
        if name not in self._plans and self.config.sources[name].kind == "generate":
            self._generate_setup(self.config.sources[name])
        plan, table, _ = self._plans.get(name, (None, None, None))
        # the parents are read when the first chunk is checked (they exist once the source has been generated)
        return plan, step.params.get("table") or table, (lambda: (self._plans[name][2] or (lambda: {}))())

    def _build(self, steps: list[StepConfig], input_name: str, owner: str) -> list[Step]:
        built = []
        for i, st in enumerate(steps):
            plan = table = others = None
            if st.kind == "validity":
                plan, table, others = self._validity_plan(st, input_name)
            seed = stable_hash(f"{self.config.seed}:{owner}:{i}:{st.kind}") & 0xFFFFFFFF
            built.append(
                build_step(
                    st.kind,
                    st.params,
                    label=f"{i + 1}. {st.kind}",
                    where=self._loc(st.line),
                    seed=seed,
                    reference=self._reference(st),
                    plan=plan,
                    table=table,
                    others=others,
                )
            )
        return built

    def _run_steps(
        self, input_name: str, steps: list[StepConfig], owner: str, built: list[Step] | None = None
    ) -> Iterator[pl.DataFrame]:
        objs = built if built is not None else self._build(steps, input_name, owner)

        def numbered() -> Iterator[pl.DataFrame]:
            pos = 0
            for chunk in self.chunks(input_name):
                yield chunk.with_columns(pl.int_range(pos, pos + chunk.height, dtype=pl.Int64).alias(ROW))
                pos += chunk.height

        stream: Iterator[pl.DataFrame] = numbered()
        for step in objs:
            stream = _guard(step, step.run(stream), self._loc(steps[objs.index(step)].line))
        return stream

    # -- the run ------------------------------------------------------------------------------------
    def run(self, output: str | Path | None = None, *, overwrite: bool = False) -> PipelineResult:
        """Run into ``output`` (a folder, written atomically) or, without one, into memory."""
        cfg = self.config
        target = Path(output) if output is not None else (self._path(cfg.output) if cfg.output else None)
        if target is not None and target.exists() and not overwrite:
            raise SinkError(f"{target} exists; pass overwrite=True / --replace to replace it")
        if target is not None and not target.parent.is_dir():
            raise SinkError(f"{target.parent} is not a folder")
        steps = self._build(cfg.steps, cfg.input, "<pipeline>")
        stream = self._run_steps(cfg.input, cfg.steps, "<pipeline>", steps)
        score_cols = [c for s in steps for c in s.score_columns]
        prov_const = self._provenance_constants(steps)
        tmp = None
        writer: Any = None
        self._prov_writer: Any = None
        kept: list[pl.DataFrame] = []
        sample: list[pl.DataFrame] = []
        sampled = 0
        rows = 0
        columns: list[str] | None = None
        try:
            if target is not None:
                from simulacra._fs import make_temp_dir, remove_stale

                remove_stale(target)
                tmp = make_temp_dir(target)
            for chunk in stream:
                data, prov = self._split(chunk, score_cols, prov_const)
                columns = data.columns
                rows += data.height
                if sampled < _EVAL_ROWS:
                    sample.append(
                        data.head(_EVAL_ROWS - sampled).select(
                            [c for c in data.columns if not c.startswith(("prov_", "score_"))]
                        )
                    )
                    sampled += sample[-1].height
                if tmp is None:
                    kept.append(data)
                    continue
                writer = _write(writer, tmp / DATA_FILE, data)
                if prov is not None:
                    self._prov_writer = _write(self._prov_writer, tmp / PROVENANCE_FILE, prov)
            funnel = [s.funnel.as_dict() for s in steps]
            evaluation = self._evaluate(pl.concat(sample, how="vertical_relaxed") if sample else None)
            manifest, warnings = self._manifest(steps, funnel, rows, columns, evaluation, target)
            report = {"name": cfg.name, "rows": rows, "funnel": funnel, "evaluation": evaluation, "warnings": warnings}
            from simulacra.curate.card import build_card, render_card

            card = build_card(manifest, report)
            if tmp is not None:
                for w in (writer, self._prov_writer):
                    if w is not None:
                        w.close()
                if writer is None:  # nothing kept: an empty table with no columns
                    pl.DataFrame().write_parquet(tmp / DATA_FILE)
                _write_text(tmp / "manifest.json", _dumps(manifest))
                _write_text(tmp / "report.json", _dumps(report))
                _write_text(tmp / "card.json", _dumps(card))
                _write_text(tmp / "card.md", render_card(card))
                from simulacra._fs import replace_dir

                replace_dir(tmp, target)  # type: ignore[arg-type]
                tmp = None
        except BaseException:
            for w in (writer, self._prov_writer):
                if w is not None:
                    try:
                        w.close()
                    except Exception:  # noqa: BLE001,S110
                        pass
            if tmp is not None:
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
            raise
        frame = pl.concat(kept, how="vertical_relaxed") if tmp is None and target is None and kept else None
        return PipelineResult(str(target) if target is not None else None, manifest, report, card, frame, warnings)

    def _provenance_constants(self, steps: list[Step]) -> dict[str, Any]:
        name = self.config.input
        while self.config.sources[name].kind == "from":
            name = str(self.config.sources[name].value)
        src = self.config.sources[name]
        return {
            "method": {"generate": "rules", "sample": "learned"}.get(src.kind, src.kind),
            "source": name,
            "seed": self._seed(src) if src.kind in ("generate", "sample") else None,
            "version": __version__,
            "steps": ",".join(s.kind for s in steps),
            "_src": name,
        }

    def _split(
        self, chunk: pl.DataFrame, score_cols: list[str], const: dict[str, Any]
    ) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        mode = self.config.provenance
        meta = self._meta.get(const["_src"], {})
        h = meta.get("spec_hash") or meta.get("model_hash") or meta.get("sha256")
        if mode == "none":
            return chunk.drop([ROW, *score_cols]), None
        prov = pl.DataFrame(
            {
                "prov_row": chunk.get_column(ROW),
                "prov_method": pl.Series([const["method"]] * chunk.height, dtype=pl.Categorical),
                "prov_source": pl.Series([const["source"]] * chunk.height, dtype=pl.Categorical),
                "prov_hash": pl.Series([h] * chunk.height, dtype=pl.Categorical),
                "prov_seed": pl.Series([const["seed"]] * chunk.height, dtype=pl.Int64),
                "prov_version": pl.Series([const["version"]] * chunk.height, dtype=pl.Categorical),
                "prov_steps": pl.Series([const["steps"]] * chunk.height, dtype=pl.Categorical),
                **(
                    {"prov_scenario": chunk.get_column("scenario").cast(pl.String)}
                    if "scenario" in chunk.columns
                    else {}
                ),
                **(
                    {
                        "prov_template": chunk.get_column("template").cast(pl.Categorical),
                        "prov_template_version": chunk.get_column("template")
                        .cast(pl.String)
                        .replace_strict(meta["templates"], default=None, return_dtype=pl.String)
                        .cast(pl.Categorical),
                    }
                    if "template" in chunk.columns and meta.get("templates")
                    else {}
                ),
            }
        ).with_columns([chunk.get_column(c) for c in score_cols])
        if mode == "columns":
            return pl.concat([chunk.drop([ROW, *score_cols]), prov], how="horizontal"), None
        return chunk.drop([ROW, *score_cols]), prov

    def _evaluate(self, sample: pl.DataFrame | None) -> dict[str, Any] | None:
        if self.config.holdout is None or sample is None or sample.height == 0:
            return None
        from simulacra.evaluation import fidelity

        holdout = self.frame(self.config.holdout)
        shared = [c for c in holdout.columns if c in sample.columns]
        h, s = holdout.select(shared).head(_EVAL_ROWS), sample.select(shared)
        out: dict[str, Any] = {
            "holdout": self.config.holdout,
            "holdout_rows": h.height,
            "output_rows_compared": s.height,
            "columns": shared,
        }
        import sklearn.ensemble  # noqa: F401 - threadpoolctl only reaches OpenMP users already loaded
        from threadpoolctl import threadpool_limits

        try:
            with threadpool_limits(limits=1):  # small samples: one thread, no spinning pools on a shared machine
                out["quality"] = round(fidelity.quality_score(h, s), 4)
                auc, _ = fidelity.detection_auc(h, s, seed=self.config.seed, folds=3)
            out["detection_auc"] = round(float(auc), 4)
        except Exception as exc:  # noqa: BLE001 - the card says what could not be measured
            out["error"] = f"{type(exc).__name__}: {exc}"
        return out

    def _manifest(
        self,
        steps: list[Step],
        funnel: list[dict[str, Any]],
        rows: int,
        columns: list[str] | None,
        evaluation: dict[str, Any] | None,
        target: Path | None = None,
    ) -> tuple[dict[str, Any], list[str]]:
        cfg = self.config
        warnings: list[str] = []
        sources = []
        for s in cfg.sources.values():
            meta = {k: v for k, v in self._meta.get(s.name, {}).items() if k != "rows" and not k.startswith("_")}
            lic = s.licence
            entry = {
                "name": s.name,
                "kind": s.kind,
                "real": s.real,
                "licence": lic,
                "rights": s.rights,
                "description": s.description,
                **meta,
            }
            if lic is None or str(lic).strip().lower() in ("", "unknown", "none"):
                warnings.append(f"source '{s.name}': licence unknown; declare licence: (and rights:) for it")
            elif any(t in str(lic).lower() for t in _NON_COMMERCIAL):
                warnings.append(
                    f"source '{s.name}': licence '{lic}' is non-commercial or research only: the output inherits it"
                )
            sources.append(entry)
        used = self._used_sources()
        real_used = [n for n in used if cfg.sources[n].real]
        gens = [int(self._meta.get(n, {}).get("generation", 1)) for n in used if not cfg.sources[n].real]
        generation = max(gens, default=0)
        for n in used:
            m = self._meta.get(n, {})
            if m.get("fitted_on_synthetic"):
                warnings.append(
                    f"source '{n}': its model was fitted on synthetic data (generation {m.get('generation')})"
                )
        if generation >= 2 and not real_used:
            warnings.append(
                f"the input is synthetic data of generation {generation} (made from synthetic data) and no real "
                "source anchors this run: quality drifts across generations; add real data (real: true)"
            )
        lineage = {
            "synthetic": True,
            "generation": generation,
            "real_anchor": real_used,
            "parents": [
                {
                    "name": n,
                    "real": cfg.sources[n].real,
                    "kind": cfg.sources[n].kind,
                    "generation": 0 if cfg.sources[n].real else int(self._meta.get(n, {}).get("generation", 1)),
                    **({"path": self._meta[n]["path"]} if "path" in self._meta.get(n, {}) else {}),
                    # the parent output's folder, relative to this output's (curate.lineage follows it)
                    **(
                        {"dataset": _relative(self._meta[n]["_parent_dir"], target)}
                        if "_parent_dir" in self._meta.get(n, {})
                        else {}
                    ),
                }
                for n in used
            ]
            + list(cfg.parents),
        }
        manifest = {
            "simulacra_version": __version__,
            "kind": "pipeline",
            "name": cfg.name,
            "description": cfg.description,
            "pipeline_hash": hashlib.sha256((cfg.text or _dumps(_config_dict(cfg))).encode()).hexdigest()[:16],
            "seed": cfg.seed,
            "chunk_size": cfg.chunk_size,
            "input": cfg.input,
            "holdout": cfg.holdout,
            "intended_use": cfg.intended_use,
            "limits": cfg.limits,
            "provenance": cfg.provenance,
            "rows": rows,
            "columns": columns or [],
            "sources": sources,
            "steps": [{"step": st.kind, "params": st.params} for st in cfg.steps],
            "funnel": [{k: v for k, v in f.items() if k != "examples"} for f in funnel],
            "lineage": lineage,
            "warnings": warnings,
        }
        return manifest, warnings

    def _used_sources(self) -> list[str]:
        cfg = self.config
        out: list[str] = []

        def add(name: str) -> None:
            if name in out:
                return
            out.append(name)
            s = cfg.sources[name]
            if s.kind == "from":
                add(str(s.value))
            for st in s.steps:
                for r in st.refs():
                    add(r)

        add(cfg.input)
        for st in cfg.steps:
            for r in st.refs():
                add(r)
        if cfg.holdout:
            add(cfg.holdout)
        return out


def run_pipeline(
    pipeline: str | Path | Mapping[str, Any] | PipelineConfig,
    output: str | Path | None = None,
    *,
    overwrite: bool = False,
) -> PipelineResult:
    """Load and run a pipeline (see :class:`Pipeline`)."""
    return Pipeline(pipeline).run(output, overwrite=overwrite)


# -- helpers ------------------------------------------------------------------------------------------
def _guard(step: Step, stream: Iterator[pl.DataFrame], where: Location) -> Iterator[pl.DataFrame]:
    """A step's stream, its data errors (a column that is not there) located at its line."""
    try:
        yield from stream
    except pl.exceptions.ColumnNotFoundError as exc:
        raise SpecError(f"step '{step.kind}': column not found: {str(exc).splitlines()[0]}", location=where) from None
    except KeyError as exc:
        raise SpecError(
            f"step '{step.kind}': column not found: {exc.args[0] if exc.args else exc}", location=where
        ) from None


def _slices(frame: pl.DataFrame, size: int) -> Iterator[pl.DataFrame]:
    for lo in range(0, frame.height, size):
        yield frame.slice(lo, size)


def _documents_frame(docs: list[Any]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "document_id": [d.id for d in docs],
            "template": [d.template for d in docs],
            "format": [d.format for d in docs],
            "source_table": [d.table for d in docs],
            "source_key": [json.dumps(d.key, default=str, sort_keys=True) for d in docs],
            "scenario": [",".join(d.scenarios) for d in docs],
            "text": [d.text for d in docs],
        },
        schema={
            c: pl.String
            for c in ("document_id", "template", "format", "source_table", "source_key", "scenario", "text")
        },
    )


def _write(writer: Any, path: Path, frame: pl.DataFrame) -> Any:
    import pyarrow.parquet as pq

    table = frame.to_arrow()
    if writer is None:
        writer = pq.ParquetWriter(path, table.schema, compression="zstd")
    writer.write_table(table.cast(writer.schema) if table.schema != writer.schema else table)
    return writer


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, default=str, ensure_ascii=False) + "\n"


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _lineage_of(path: Path) -> dict[str, Any]:
    """A dataset's own lineage when it says it is synthetic (a simulacra output's manifest)."""
    for cand in (path / "manifest.json", path.with_name(path.name + ".manifest.json"), path.parent / "manifest.json"):
        m = _read_json(cand) if cand.is_file() else None
        if m and ("lineage" in m or "method" in m):
            gen = int((m.get("lineage") or {}).get("generation", 1))
            return {"generation": gen + 1, "parent_manifest": cand.name, "_parent_dir": str(cand.parent.resolve())}
    return {}


def _relative(folder: str, target: Path | None) -> str:
    """``folder`` as seen from the output folder ``target`` (absolute when there is none, or no relative path)."""
    if target is None:
        return folder
    try:
        return Path(os.path.relpath(folder, target.resolve())).as_posix()
    except ValueError:  # another drive
        return folder


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def _folder_hash(path: Path) -> str | None:
    if not path.is_dir():
        return _file_hash(path) if path.is_file() else None
    h = hashlib.sha256()
    for p in sorted(q for q in path.rglob("*") if q.is_file()):
        h.update(p.relative_to(path).as_posix().encode())
        h.update(_file_hash(p).encode())
    return h.hexdigest()[:16]


def _config_dict(cfg: PipelineConfig) -> dict[str, Any]:
    return {
        "name": cfg.name,
        "seed": cfg.seed,
        "input": cfg.input,
        "sources": {
            n: {
                "kind": s.kind,
                "value": s.value
                if not isinstance(s.value, pl.DataFrame)
                else f"frame:{s.value.height}x{s.value.width}",
            }
            for n, s in cfg.sources.items()
        },
        "steps": [{"step": s.kind, "params": s.params} for s in cfg.steps],
    }
