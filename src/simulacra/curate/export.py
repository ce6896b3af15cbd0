"""Training and evaluation sets from generated data, whose ground truth is known by construction.

Tasks:

* ``extraction``: a document's text -> the JSON of the fields it mentions (from the spans the templates
  inserted: ``{"customers.email": "a@b.com", ...}``); every answer value is the exact text of a span, so it
  occurs in the text (checked for every pair before anything is written);
* ``classification``: a document's text (or a table's text column) -> its label (the document's scenarios,
  ``none`` when in none; or ``--label COLUMN``);
* ``entities``: text with the exact character spans of every inserted entity (CoNLL BIO tags with
  ``--format conll``);
* ``qa``: a question in words over the database -> the SQL and the answer computed by running it (DuckDB).

Splits are by entity: each example belongs to a group (by default the document's first parent row, e.g. its
ticket; ``group_by="customers"`` uses the customer the document mentions), and a group's split is a seeded
hash of its name, so no group straddles train, validation and test, whatever the order or the number of
examples. A real holdout (``holdout=``: a JSONL of examples in the task's shape) is written apart as
``holdout.*``, never mixed into a training split, and synthetic examples whose input equals a holdout input
are dropped from the splits (counted in ``export.json``).

Formats: ``chat`` (JSONL of ``{"messages": [system, user, assistant]}``), ``jsonl`` and ``parquet``
(Hugging Face ``datasets``-compatible: ``load_dataset("parquet", data_files={"train": ".../train.parquet"})``),
``conll`` and ``docbin`` (spaCy's ``DocBin``, ``.spacy``: ``spacy train`` reads it) for entities.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from simulacra._random import stable_hash
from simulacra._version import __version__
from simulacra.errors import SinkError, SourceError, SpecError, did_you_mean

__all__ = ["FORMATS", "SPLITS", "TASKS", "ExportResult", "export", "qa_examples"]

TASKS = ("extraction", "classification", "entities", "qa")
FORMATS = ("chat", "jsonl", "parquet", "conll", "docbin")
SPLITS = ("train", "validation", "test")
_SYSTEM = {
    "extraction": "Extract every field the document mentions as JSON: field name -> value exactly as written.",
    "classification": "Answer with the label of the text.",
    "entities": 'List every entity in the text as JSON: [{"label", "text", "start", "end"}].',
    "qa": "Answer the question about the database with SQL, then its result.",
}
_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)


@dataclass
class ExportResult:
    output: str
    manifest: dict[str, Any]


# -- reading ----------------------------------------------------------------------------------------
def _documents(dataset: str | Path) -> list[dict[str, Any]]:
    from simulacra.documents import default_documents_path, read_index

    p = Path(dataset)
    candidates = [p] if (p / "index.jsonl").is_file() or p.suffix == ".zip" else []
    d = default_documents_path(str(dataset))
    if d is not None and Path(d).exists():
        candidates.append(Path(d))
    for c in candidates:
        try:
            return list(read_index(c))
        except Exception as exc:  # noqa: BLE001
            raise SourceError(f"{c}: cannot read the documents' index.jsonl ({type(exc).__name__}: {exc})") from None
    raise SourceError(
        f"{dataset}: no documents found (a documents folder or .zip with index.jsonl, or a dataset "
        "with <dataset>.documents beside it); generate them with `simulacra generate` from a spec with documents:"
    )


def _field(span: Mapping[str, Any]) -> str:
    src = span.get("source") or {}
    cols = src.get("columns") or []
    if src.get("table") and len(cols) == 1:
        return f"{src['table']}.{cols[0]}"
    if src.get("table"):
        return f"{src['table']}.{str(span['label']).lower()}"
    return str(span["label"]).lower()


def _key_text(key: Any) -> str:
    if isinstance(key, Mapping):
        return ",".join(f"{k}={key[k]}" for k in sorted(key))
    return str(key)


def _group(doc: Mapping[str, Any], group_by: str | None) -> str:
    if group_by:
        if doc.get("table") == group_by:
            return f"{group_by}:{_key_text(doc.get('key'))}"
        parents = doc.get("parents") or {}
        if group_by in parents:
            return f"{group_by}:{_key_text(parents[group_by])}"
        for s in [*(doc.get("spans") or []), *(doc.get("header_entities") or [])]:
            src = s.get("source") or {}
            if src.get("table") == group_by and src.get("key") is not None:
                return f"{group_by}:{_key_text(src['key'])}"
    parents = doc.get("parents") or {}
    if parents:
        name = sorted(parents)[0]
        return f"{name}:{_key_text(parents[name])}"
    return f"{doc.get('table')}:{_key_text(doc.get('key'))}"


def _examples_from_documents(
    docs: Iterable[Mapping[str, Any]], task: str, group_by: str | None, label: str | None
) -> list[dict[str, Any]]:
    out = []
    for doc in docs:
        text = str(doc.get("text") or "")
        spans = [s for s in doc.get("spans") or [] if 0 <= int(s["start"]) < int(s["end"]) <= len(text)]
        ex: dict[str, Any] = {
            "id": str(doc["id"]),
            "group": _group(doc, group_by),
            "input": text,
            "template": doc.get("template"),
        }
        if task == "extraction":
            fields: dict[str, list[str]] = {}
            for s in spans:
                v = text[int(s["start"]) : int(s["end"])]
                fields.setdefault(_field(s), [])
                if v not in fields[_field(s)]:
                    fields[_field(s)].append(v)
            answer = {k: v[0] if len(v) == 1 else v for k, v in sorted(fields.items())}
            ex["output"] = json.dumps(answer, ensure_ascii=False, sort_keys=True)
            ex["fields"] = answer
        elif task == "classification":
            if label:
                value = (doc.get("labels") or {}).get(label, doc.get(label))
                if value is None:
                    raise SpecError(
                        f"document {doc['id']}: no label '{label}' (labels: {', '.join(doc.get('labels') or {}) or 'none'})"
                    )
                ex["output"] = str(value)
            else:
                ex["output"] = ",".join(sorted(doc.get("scenarios") or [])) or "none"
        else:  # entities
            ents = [
                {
                    "label": s["label"],
                    "start": int(s["start"]),
                    "end": int(s["end"]),
                    "text": text[int(s["start"]) : int(s["end"])],
                }
                for s in sorted(spans, key=lambda s: (int(s["start"]), int(s["end"])))
            ]
            ex["entities"] = ents
            ex["output"] = json.dumps(ents, ensure_ascii=False)
        out.append(ex)
    return out


def _examples_from_table(
    frame: pl.DataFrame, text: str, label: str, group_by: str | None, table: str
) -> list[dict[str, Any]]:
    for c in (text, label, *([group_by] if group_by else [])):
        if c not in frame.columns:
            raise SpecError(f"table '{table}' has no column '{c}'{did_you_mean(c, frame.columns)}")
    key = group_by or frame.columns[0]
    return [
        {"id": f"{table}:{i}", "group": f"{key}:{g}", "input": str(t), "output": str(y)}
        for i, (t, y, g) in enumerate(
            zip(
                frame.get_column(text).to_list(),
                frame.get_column(label).to_list(),
                frame.get_column(key).to_list(),
                strict=True,
            )
        )
        if t is not None and y is not None
    ]


def qa_examples(
    frames: Mapping[str, pl.DataFrame], *, per_table: int = 20, seed: int = 0, spec: Any = None
) -> list[dict[str, Any]]:
    """Questions in words over the tables, each with its SQL and the answer got by running that SQL (DuckDB).

    Per table: its row count; for each text column with few values, how many rows have each value; for each
    numeric column, its total, average, smallest and largest; and for each foreign key (columns named like a
    parent's first column), how many rows each parent has (grouped by that parent: one entity's questions
    stay in one split)."""
    import duckdb

    con = duckdb.connect()
    try:
        for t, f in frames.items():
            con.register(t, f.to_arrow())
        out: list[dict[str, Any]] = []
        keys = {f.columns[0]: t for t, f in frames.items() if f.width}
        for t, f in sorted(frames.items()):
            qs: list[tuple[str, str, str]] = [
                (f"How many rows does the {t} table have?", f'SELECT COUNT(*) FROM "{t}"', f"{t}:*")
            ]
            for c in f.columns:
                s = f.get_column(c)
                if c in keys and keys[c] != t:  # a foreign key to a parent table
                    parent = keys[c]
                    for v in s.drop_nulls().unique(maintain_order=True).head(per_table).to_list():
                        lit = _sql_literal(v)
                        qs.append(
                            (
                                f"How many {t} rows belong to the {parent} row with {c} {v}?",
                                f'SELECT COUNT(*) FROM "{t}" WHERE "{c}" = {lit}',
                                f"{parent}:{c}={v}",
                            )
                        )
                elif s.dtype == pl.String and 1 < s.n_unique() <= 12:
                    for v in sorted(s.drop_nulls().unique().to_list())[:per_table]:
                        qs.append(
                            (
                                f"How many {t} rows have {c} equal to '{v}'?",
                                f'SELECT COUNT(*) FROM "{t}" WHERE "{c}" = {_sql_literal(v)}',
                                f"{t}:{c}",
                            )
                        )
                elif s.dtype.is_numeric() and c not in keys and s.dtype != pl.Boolean:
                    for fn, word in (("SUM", "total"), ("AVG", "average"), ("MIN", "smallest"), ("MAX", "largest")):
                        qs.append(
                            (f"What is the {word} {c} in the {t} table?", f'SELECT {fn}("{c}") FROM "{t}"', f"{t}:{c}")
                        )
            for q, sql, group in qs:
                value = con.execute(sql).fetchone()[0]  # type: ignore[index]
                answer = _answer_text(value)
                out.append(
                    {
                        "id": f"qa:{stable_hash(sql):016x}",
                        "group": group,
                        "input": q,
                        "sql": sql,
                        "answer": answer,
                        "output": json.dumps({"sql": sql, "answer": answer}, ensure_ascii=False),
                    }
                )
        return out
    finally:
        con.close()


def _sql_literal(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _answer_text(v: Any) -> str:
    if v is None:
        return "none"
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


# -- splitting and writing ----------------------------------------------------------------------------
def _split_of(group: str, seed: int, fractions: Sequence[float]) -> str:
    u = (stable_hash(f"{seed}:{group}") >> 11) / float(1 << 53)
    acc = 0.0
    for name, f in zip(SPLITS, fractions, strict=True):
        acc += f
        if u < acc:
            return name
    return SPLITS[-1]


def _check_extraction(examples: Sequence[Mapping[str, Any]]) -> None:
    bad = []
    for ex in examples:
        for k, v in ex.get("fields", {}).items():
            for value in v if isinstance(v, list) else [v]:
                if value not in ex["input"]:
                    bad.append(f"{ex['id']}: {k}={value!r}")
    if bad:
        raise SpecError(f"{len(bad)} extraction answers do not occur in their text (first: {bad[0]})")


def _conll(examples: Sequence[Mapping[str, Any]]) -> str:
    lines = []
    for ex in examples:
        text = ex["input"]
        lines.append(f"# id = {ex['id']}")
        ents = ex.get("entities") or []
        for m in _TOKEN.finditer(text):
            tag = "O"
            for e in ents:
                if e["start"] <= m.start() < e["end"]:
                    inside = any(
                        e["start"] <= p.start() < m.start() for p in _TOKEN.finditer(text, e["start"], m.start())
                    )
                    tag = ("I-" if inside else "B-") + str(e["label"])
                    break
            lines.append(f"{m.group()}\t{tag}")
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def _docbin(examples: Sequence[Mapping[str, Any]], lang: str = "xx") -> bytes:
    """A spaCy DocBin of the texts with their entity spans (overlaps resolved to the longest, as spaCy needs)."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank(lang)
    db = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for ex in examples:
        doc = nlp.make_doc(ex["input"])
        spans = [
            doc.char_span(e["start"], e["end"], label=str(e["label"]), alignment_mode="expand")
            for e in ex.get("entities") or []
        ]
        doc.ents = filter_spans([sp for sp in spans if sp is not None])
        db.add(doc)
    return bytes(db.to_bytes())


def _chat(task: str, ex: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": ex["id"],
        "group": ex["group"],
        "messages": [
            {"role": "system", "content": _SYSTEM[task]},
            {"role": "user", "content": ex["input"]},
            {"role": "assistant", "content": ex["output"]},
        ],
    }


def _records(task: str, examples: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    keep = ("id", "group", "input", "output", "sql", "answer", "template")
    out = []
    for ex in examples:
        r = {k: ex[k] for k in keep if k in ex}
        if task == "entities":
            r["entities"] = ex["entities"]
        out.append(r)
    return out


def _write_split(folder: Path, name: str, task: str, fmt: str, examples: Sequence[Mapping[str, Any]]) -> str:
    if fmt == "conll":
        path = folder / f"{name}.conll"
        path.write_text(_conll(examples), encoding="utf-8")
    elif fmt == "docbin":
        path = folder / f"{name}.spacy"
        path.write_bytes(_docbin(examples))
    elif fmt == "parquet":
        path = folder / f"{name}.parquet"
        recs = _records(task, examples)
        frame = (
            pl.DataFrame(recs, infer_schema_length=None)
            if recs
            else pl.DataFrame(schema={"id": pl.String, "group": pl.String, "input": pl.String, "output": pl.String})
        )
        frame.write_parquet(path, compression="zstd")
    else:
        path = folder / f"{name}.jsonl"
        rows = [_chat(task, ex) for ex in examples] if fmt == "chat" else _records(task, examples)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path.name


def _read_holdout(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        if p.suffix == ".parquet":
            return pl.read_parquet(p).to_dicts()
        return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        raise SourceError(f"{p}: cannot read the holdout ({type(exc).__name__}: {exc})") from None


def export(
    dataset: str | Path,
    output: str | Path,
    *,
    task: str,
    format: str = "jsonl",
    split: Sequence[float] = (0.8, 0.1, 0.1),
    group_by: str | None = None,
    label: str | None = None,
    text: str | None = None,
    table: str | None = None,
    holdout: str | Path | None = None,
    seed: int = 0,
    overwrite: bool = False,
) -> ExportResult:
    """Write train/validation/test (and holdout) files for ``task`` into the folder ``output`` (atomically)."""
    if task not in TASKS:
        raise SpecError(f"unknown task '{task}'{did_you_mean(task, TASKS)}; tasks: {', '.join(TASKS)}")
    if format not in FORMATS:
        raise SpecError(f"unknown format '{format}'{did_you_mean(format, FORMATS)}; formats: {', '.join(FORMATS)}")
    if format in ("conll", "docbin") and task != "entities":
        raise SpecError(f"--format {format} is for --task entities (token labels)")
    if len(split) != 3 or any(f < 0 for f in split) or abs(sum(split) - 1.0) > 1e-6:
        raise SpecError(
            f"split must be three non-negative shares adding up to 1 (train, validation, test), got {list(split)}"
        )
    target = Path(output)
    if target.exists() and not overwrite:
        raise SinkError(f"{target} exists; pass overwrite=True / --replace to replace it")
    if task == "qa" or (task == "classification" and text is not None):
        from simulacra.io import read_dataset

        frames = read_dataset(str(dataset))
        if task == "qa":
            examples = qa_examples(frames, seed=seed)
        else:
            name = table or next(iter(frames))
            if name not in frames:
                raise SpecError(f"no table '{name}'{did_you_mean(name, frames)} in {dataset}")
            if label is None:
                raise SpecError("classification from a table needs --label COLUMN (and --text COLUMN)")
            examples = _examples_from_table(frames[name], text, label, group_by, name)  # type: ignore[arg-type]
    else:
        examples = _examples_from_documents(_documents(dataset), task, group_by, label)
    if task == "extraction":
        _check_extraction(examples)
    held = _read_holdout(holdout) if holdout is not None else []
    held_inputs = {str(h.get("input")) for h in held}
    leaked = [ex for ex in examples if ex["input"] in held_inputs]
    examples = [ex for ex in examples if ex["input"] not in held_inputs]
    by_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for ex in sorted(examples, key=lambda e: str(e["id"])):
        by_split[_split_of(str(ex["group"]), seed, split)].append(ex)
    from simulacra._fs import make_temp_dir, remove_stale, replace_dir

    if not target.parent.is_dir():
        raise SinkError(f"{target.parent} is not a folder")
    remove_stale(target)
    tmp = make_temp_dir(target)
    try:
        files = {s: _write_split(tmp, s, task, format, by_split[s]) for s in SPLITS}
        if held:
            files["holdout"] = _write_split(
                tmp, "holdout", task, format if format not in ("conll", "docbin") else "jsonl", held
            )
        groups = {s: sorted({str(e["group"]) for e in by_split[s]}) for s in SPLITS}
        manifest = {
            "simulacra_version": __version__,
            "kind": "export",
            "task": task,
            "format": format,
            "dataset": str(dataset),
            "seed": seed,
            "split": list(split),
            "group_by": group_by or "first parent of each document",
            "files": files,
            "examples": {s: len(by_split[s]) for s in SPLITS},
            "groups": {s: len(g) for s, g in groups.items()},
            "holdout": {
                "path": str(holdout),
                "examples": len(held),
                "synthetic_dropped_as_equal_to_holdout": len(leaked),
            }
            if holdout is not None
            else None,
            "checks": {
                "groups_in_one_split": len(set().union(*groups.values())) == sum(len(g) for g in groups.values()),
                **({"extraction_values_in_text": True} if task == "extraction" else {}),
            },
        }
        (tmp / "export.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        replace_dir(tmp, target)
    except BaseException:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportResult(str(target), manifest)
