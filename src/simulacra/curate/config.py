"""A pipeline declared in YAML: sources, steps, provenance and card; validated with file:line before any work.

::

    name: support-tickets
    seed: 7
    sources:
      tickets:  {generate: {spec: spec.yaml, table: tickets, factor: 2}, licence: Apache-2.0}
      real:     {path: real_tickets.parquet, real: true, licence: proprietary}
    input: tickets
    steps:
      - dedupe:  {columns: [subject, topic], threshold: 0.8, against: real}
      - privacy: {against: real, min_distance: 0.01}

Every problem (an unknown step or parameter, a source that is not declared, sources that depend on one another
in a cycle) is reported with the line it is on, all at once, as a :class:`SpecValidationError`; nothing is run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulacra.errors import (
    Location,
    Problem,
    SpecError,
    SpecValidationError,
    did_you_mean,
)
from simulacra.spec.yaml_lines import LineIndex, load_yaml

__all__ = ["KINDS", "STEPS", "PipelineConfig", "SourceConfig", "StepConfig", "load_pipeline"]

#: source kinds and the parameters each takes
KINDS: dict[str, set[str]] = {
    "generate": {"spec", "table", "scale", "factor", "seed"},
    "sample": {"model", "table", "n_rows", "scale", "factor", "seed"},
    "path": set(),  # a string: a file or dataset folder
    "text_folder": set(),  # a string: a folder of text files (a de-identified corpus, rendered documents)
    "from": set(),  # a string: another source, then this source's own ``steps``
    "frame": set(),  # Python only: a polars DataFrame given to Pipeline
}
_SOURCE_KEYS = {
    *KINDS,
    "table",
    "licence",
    "license",
    "rights",
    "real",
    "description",
    "steps",
    "glob",
    "parents",
    "deid",
}

#: step names, their parameters, and which of them name a source
STEPS: dict[str, set[str]] = {
    "dedupe": {"text", "columns", "exact", "threshold", "num_perm", "shingle", "against", "within", "memory_mb"},
    "privacy": {"against", "min_distance", "columns", "quasi_identifiers", "k", "text", "ngram"},
    "validity": {"spec", "table"},
    "score": {"name", "detectability", "text", "language", "callable", "against", "columns"},
    "filter": {"column", "score", "min", "max"},
    "keep_best": {"n", "by", "order"},
    "balance": {"column", "distribution", "n_rows"},
    "cap": {"column", "max"},
    "semantic": {"text", "threshold", "ngram", "against", "within"},
}
_TOP_KEYS = {
    "name",
    "seed",
    "chunk_size",
    "sources",
    "input",
    "steps",
    "holdout",
    "provenance",
    "intended_use",
    "limits",
    "description",
    "parents",
    "output",
}


@dataclass
class StepConfig:
    kind: str
    params: dict[str, Any]
    line: int | None
    path: tuple[Any, ...] = ()  # where it is declared (for locating problems)

    def refs(self) -> list[str]:
        out = []
        for key in ("against",):
            v = self.params.get(key)
            if isinstance(v, str):
                out.append(v)
        det = self.params.get("detectability")
        if isinstance(det, Mapping) and isinstance(det.get("against"), str):
            out.append(det["against"])
        return out


@dataclass
class SourceConfig:
    name: str
    kind: str
    value: Any
    table: str | None = None
    licence: str | None = None
    rights: str | None = None
    real: bool = False
    description: str | None = None
    glob: str = "**/*"
    deid: Any = None  # text_folder: de-identify each file as it is read (true, or {seed, policy, ner})
    steps: list[StepConfig] = field(default_factory=list)
    parents: list[Any] = field(default_factory=list)
    line: int | None = None


@dataclass
class PipelineConfig:
    name: str
    sources: dict[str, SourceConfig]
    input: str
    steps: list[StepConfig]
    seed: int = 0
    chunk_size: int = 50_000
    holdout: str | None = None
    provenance: str = "none"
    intended_use: str | None = None
    limits: list[str] = field(default_factory=list)
    description: str | None = None
    parents: list[Any] = field(default_factory=list)
    output: str | None = None
    base: Path = Path(".")
    file: str | None = None
    text: str | None = None  # the YAML text as read (hashed into the manifest)


def _loc(index: LineIndex, path: tuple[Any, ...]) -> Location:
    return index.location(path)


def _steps(raw: Any, path: tuple[Any, ...], index: LineIndex, problems: list[Problem]) -> list[StepConfig]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem(_loc(index, path), "steps must be a list"))
        return []
    out = []
    for i, item in enumerate(raw):
        p = (*path, i)
        if isinstance(item, str):
            item = {item: {}}
        if not isinstance(item, Mapping) or len(item) != 1:
            problems.append(Problem(_loc(index, p), "a step is one mapping: `- name: {parameters}`"))
            continue
        ((kind, params),) = item.items()
        if kind not in STEPS:
            problems.append(
                Problem(
                    _loc(index, p),
                    f"unknown step '{kind}'{did_you_mean(str(kind), STEPS)}; steps: {', '.join(sorted(STEPS))}",
                )
            )
            continue
        params = {} if params is None else params
        if not isinstance(params, Mapping):
            problems.append(Problem(_loc(index, (*p, kind)), f"step '{kind}' takes a mapping of parameters"))
            continue
        for key in params:
            if key not in STEPS[kind]:
                problems.append(
                    Problem(
                        _loc(index, (*p, kind, key)),
                        f"step '{kind}' has no parameter '{key}'"
                        f"{did_you_mean(str(key), STEPS[kind])}; it takes {', '.join(sorted(STEPS[kind]))}",
                    )
                )
        out.append(StepConfig(str(kind), dict(params), index.line((*p, kind)), p))
    return out


def load_pipeline(source: str | Path | Mapping[str, Any], *, base: str | Path | None = None) -> PipelineConfig:
    """Read and check a pipeline (a YAML path or a mapping); every problem raised at once, with its line."""
    text: str | None = None
    if isinstance(source, Mapping):
        data, index = dict(source), LineIndex(file=None)
        root = Path(base) if base is not None else Path(".")
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SpecError(f"pipeline file not found: {source}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read pipeline file {source}: {exc}") from None
        data, index = load_yaml(text, file=str(source))
        root = Path(base) if base is not None else path.parent
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise SpecValidationError(
            [Problem(Location(file=index.file, line=1), "a pipeline is a mapping with sources: and steps:")]
        )
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(Problem(_loc(index, (key,)), f"unknown key '{key}'{did_you_mean(str(key), _TOP_KEYS)}"))
    sources: dict[str, SourceConfig] = {}
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, Mapping) or not raw_sources:
        problems.append(Problem(_loc(index, ("sources",)), "a pipeline needs sources: a mapping of name -> source"))
        raw_sources = {}
    for name, spec in raw_sources.items():
        p = ("sources", name)
        if isinstance(spec, str):
            spec = {"path": spec}
        if not isinstance(spec, Mapping):
            problems.append(Problem(_loc(index, p), f"source '{name}' must be a mapping"))
            continue
        for key in spec:
            if key not in _SOURCE_KEYS:
                problems.append(
                    Problem(
                        _loc(index, (*p, key)),
                        f"source '{name}': unknown key '{key}'{did_you_mean(str(key), _SOURCE_KEYS)}",
                    )
                )
        kinds = [k for k in KINDS if k in spec]
        if len(kinds) != 1:
            problems.append(
                Problem(
                    _loc(index, p),
                    f"source '{name}' needs exactly one of "
                    f"{', '.join(k for k in KINDS if k != 'frame')} (found {len(kinds)})",
                )
            )
            continue
        kind = kinds[0]
        value = spec[kind]
        if KINDS[kind]:
            if not isinstance(value, Mapping):
                problems.append(Problem(_loc(index, (*p, kind)), f"source '{name}': {kind} takes a mapping"))
                continue
            for key in value:
                if key not in KINDS[kind]:
                    problems.append(
                        Problem(
                            _loc(index, (*p, kind, key)),
                            f"source '{name}': {kind} has no parameter '{key}'{did_you_mean(str(key), KINDS[kind])}",
                        )
                    )
            need = "spec" if kind == "generate" else "model"
            if need not in value:
                problems.append(Problem(_loc(index, (*p, kind)), f"source '{name}': {kind} needs '{need}'"))
        elif kind != "frame" and not isinstance(value, str):
            problems.append(Problem(_loc(index, (*p, kind)), f"source '{name}': {kind} takes a string"))
            continue
        if spec.get("deid") not in (None, False) and kind != "text_folder":
            problems.append(Problem(_loc(index, (*p, "deid")), f"source '{name}': deid is for a text_folder source"))
        if isinstance(spec.get("deid"), Mapping):
            for key in spec["deid"]:
                if key not in ("seed", "policy", "ner"):
                    problems.append(
                        Problem(
                            _loc(index, (*p, "deid", key)),
                            f"source '{name}': deid has no parameter '{key}' (it takes seed, policy, ner)",
                        )
                    )
        steps = _steps(spec.get("steps"), (*p, "steps"), index, problems)
        if steps and kind != "from":
            problems.append(
                Problem(_loc(index, (*p, "steps")), f"source '{name}': only a source made 'from' another has steps")
            )
        sources[str(name)] = SourceConfig(
            name=str(name),
            kind=kind,
            value=value,
            table=spec.get("table") or (value.get("table") if isinstance(value, Mapping) else None),
            licence=spec.get("licence", spec.get("license")),
            rights=spec.get("rights"),
            real=bool(spec.get("real", False)),
            description=spec.get("description"),
            glob=str(spec.get("glob", "**/*")),
            deid=spec.get("deid"),
            steps=steps,
            parents=list(spec.get("parents") or []),
            line=index.line(p),
        )
    steps = _steps(data.get("steps"), ("steps",), index, problems)
    first = next((s.name for s in sources.values() if not s.real), None)
    input_name = data.get("input", first)
    if input_name is None:
        problems.append(Problem(_loc(index, ("sources",)), "no source to run the steps over: name one with input:"))
    provenance = data.get("provenance", "none")
    if provenance not in ("none", "columns", "sidecar"):
        problems.append(
            Problem(_loc(index, ("provenance",)), f"provenance is none, columns or sidecar, not '{provenance}'")
        )
    # references: every name must be a source; no cycles
    refs: dict[str, list[tuple[str, tuple[Any, ...]]]] = {"<pipeline>": []}
    for s in sources.values():
        r = refs.setdefault(s.name, [])
        if s.kind == "from":
            r.append((str(s.value), ("sources", s.name, "from")))
        for st in s.steps:
            r += [(x, st.path) for x in st.refs()]
    if input_name is not None:
        refs["<pipeline>"].append((str(input_name), ("input",)))
    for st in steps:
        refs["<pipeline>"] += [(x, st.path) for x in st.refs()]
    holdout = data.get("holdout")
    if holdout is not None:
        refs["<pipeline>"].append((str(holdout), ("holdout",)))
    for targets in refs.values():
        for target, p in targets:
            if target not in sources:
                problems.append(
                    Problem(
                        _loc(index, p),
                        f"source '{target}' is not declared{did_you_mean(target, sources)}"
                        f" (sources: {', '.join(sources) or 'none'})",
                    )
                )
    problems += _cycles(refs, sources, index)
    problems += _missing_inputs(sources, root, index)
    if problems:
        raise SpecValidationError(problems)
    return PipelineConfig(
        name=str(data.get("name") or (Path(index.file).stem if index.file else "pipeline")),
        sources=sources,
        input=str(input_name),
        steps=steps,
        seed=int(data.get("seed", 0)),
        chunk_size=int(data.get("chunk_size", 50_000)),
        holdout=holdout,
        provenance=str(provenance),
        intended_use=data.get("intended_use"),
        limits=list(data.get("limits") or []),
        description=data.get("description"),
        parents=list(data.get("parents") or []),
        output=data.get("output"),
        base=root,
        file=index.file,
        text=text,
    )


def _missing_inputs(sources: Mapping[str, SourceConfig], root: Path, index: LineIndex) -> list[Problem]:
    """Files and folders the sources name that are not there (checked before anything runs)."""
    problems = []
    for s in sources.values():
        key: tuple[str, ...]
        if s.kind in ("path", "text_folder"):
            target, key = str(s.value), (s.kind,)
        elif s.kind in ("generate", "sample") and isinstance(s.value, Mapping):
            field = "spec" if s.kind == "generate" else "model"
            key = (s.kind, field)
            target = str(s.value.get(field, ""))
        else:
            continue
        if "://" in target:
            continue  # a database URL: checked when it is read
        p = Path(target) if Path(target).is_absolute() else root / target
        ok = p.is_dir() if s.kind == "text_folder" else p.exists()
        if not ok:
            problems.append(
                Problem(
                    _loc(index, ("sources", s.name, *key)),
                    f"source '{s.name}': {target} not found"
                    + (f" (looked in {root})" if not Path(target).is_absolute() else ""),
                )
            )
    return problems


def _cycles(
    refs: dict[str, list[tuple[str, tuple[Any, ...]]]], sources: Mapping[str, SourceConfig], index: LineIndex
) -> list[Problem]:
    """A source that depends on itself, through 'from' or a step's 'against'."""
    state: dict[str, int] = {}
    problems: list[Problem] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target, p in refs.get(node, []):
            if target not in sources:
                continue
            if state.get(target) == 1:
                cycle = [*trail[trail.index(target) :], target] if target in trail else [node, target]
                problems.append(
                    Problem(_loc(index, p), f"sources depend on one another in a cycle: {' -> '.join(cycle)}")
                )
            elif state.get(target) is None:
                visit(target, [*trail, target])
        state[node] = 2

    for name in [*sources, "<pipeline>"]:
        if state.get(name) is None:
            visit(name, [name])
    return problems
