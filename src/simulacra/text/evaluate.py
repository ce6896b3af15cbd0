"""Span-level evaluation of entity detection against a gold corpus.

Corpora: Presidio's evaluation JSON (``presidio``), CoNLL (``token POS chunk tag`` or ``token<TAB>tag`` lines, IOB1 or IOB2
tags, sentences separated by blank lines, documents by ``-DOCSTART-``) and
``spans`` JSONL (one document per line: ``{"text": ..., "spans": [{"start", "end",
"label"}]}``). Token files are detokenised by joining tokens with one space and
sentences with a newline; gold spans get the offsets of their tokens in that text.

Matching rules (also written into the JSON report):

* typed (``per_type``, ``overall``): a predicted span is a true positive when a gold
  span has exactly the same start, end and (mapped) label; ``overall`` is the
  micro-average over all types.
* untyped: a predicted span is correct when it overlaps any gold span, whatever
  the labels; a gold span is found when any predicted span overlaps it. This is
  the entity-agnostic score de-identification is judged by (a name caught as an
  organisation is still removed).

Labels: ``label_map`` maps gold labels onto ours (``PER`` -> ``PERSON``). When a map
is given, gold spans whose label it does not map are ignored; predicted spans
are kept only when their label is one the evaluated gold labels map to (so a
date found in CoNLL, which does not annotate dates, is not counted against us).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulacra.errors import SourceError
from simulacra.text.ner_cleanup import lexicons
from simulacra.text.spans import Span

__all__ = [
    "MATCHING_RULE",
    "PRESIDIO_LABEL_MAP",
    "GoldDocument",
    "evaluate_spans",
    "leak_rate",
    "presidio_address_blocks",
    "read_cerec",
    "read_conll",
    "read_gold",
    "read_presidio",
    "read_spans_jsonl",
    "read_tagged",
]

MATCHING_RULE = {
    "typed": "exact: predicted (start, end, label) equals a gold (start, end, mapped label); micro-averaged over types",
    "untyped": "overlap: a prediction is correct if it overlaps any gold span; a gold span is found if any prediction overlaps it",
    "labels": "gold labels outside --map are ignored; predictions are restricted to the mapped label set",
    "leak": "share of gold entity tokens (whitespace pieces of a gold span, edge punctuation stripped, at least two "
    "letters or digits) found verbatim (same case, not inside a longer word) in the de-identified text; "
    "rate_outside_fakes counts only appearances outside a replacement (a fake that shares a word with a real "
    "name is a coincidence)",
}


@dataclass(frozen=True)
class GoldDocument:
    text: str
    spans: tuple[Span, ...]


def read_conll(path: str | Path) -> list[GoldDocument]:
    """Documents from a CoNLL-style token file (CoNLL-2003, WNUT-17)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{p}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    docs: list[GoldDocument] = []
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    has_docstart = any(line.startswith("-DOCSTART-") for line in lines[:50])

    def flush_sentence() -> None:
        nonlocal current
        if current:
            sentences.append(current)
            current = []

    def flush_doc() -> None:
        flush_sentence()
        if sentences:
            docs.append(_assemble(sentences))
            sentences.clear()

    for lineno, line in enumerate(lines, 1):
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            flush_sentence()
            if not has_docstart:  # WNUT: every message is its own document
                flush_doc()
            continue
        parts = line.split("\t") if "\t" in line else line.split(" ")
        if len(parts) < 2:
            raise SourceError(f"{p}:{lineno}: expected 'token ... tag', found {line[:60]!r}")
        current.append((parts[0], parts[-1].strip()))
    flush_doc()
    return docs


def _assemble(sentences: list[list[tuple[str, str]]]) -> GoldDocument:
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for si, sent in enumerate(sentences):
        if si:
            parts.append("\n")
            pos += 1
        open_label: str | None = None
        open_start = 0
        last_end = pos
        for ti, (tok, tag) in enumerate(sent):
            if ti:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(tok)
            parts.append(tok)
            pos = end
            kind, _, label = tag.partition("-")
            begins = kind == "B" or (kind == "I" and label != open_label)
            if open_label is not None and (kind == "O" or begins):
                spans.append(Span(open_start, last_end, open_label, 1.0, "gold"))
                open_label = None
            if kind in ("B", "I") and open_label is None:
                open_label, open_start = label, start
            last_end = end
        if open_label is not None:
            spans.append(Span(open_start, last_end, open_label, 1.0, "gold"))
    return GoldDocument("".join(parts), tuple(spans))


def read_spans_jsonl(path: str | Path) -> list[GoldDocument]:
    """Documents from JSONL: ``{"text": ..., "spans": [{"start", "end", "label"}]}`` per line."""
    p = Path(path)
    docs: list[GoldDocument] = []
    try:
        fh = p.open(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError(f"{p}: file not found") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                spans = tuple(Span(int(s["start"]), int(s["end"]), str(s["label"]), 1.0, "gold") for s in row["spans"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise SourceError(
                    f'{p}:{lineno}: expected {{"text": str, "spans": [{{start, end, label}}]}}: {exc}'
                ) from None
            bad = [s for s in spans if s.end > len(text)]
            if bad:
                raise SourceError(
                    f"{p}:{lineno}: span {bad[0].start}..{bad[0].end} is past the end of the text ({len(text)} chars)"
                )
            docs.append(GoldDocument(text, spans))
    return docs


_TAG_OPEN = "<true_name>"
_TAG_CLOSE = "</true_name>"


def _files(p: Path) -> list[Path]:
    if p.is_dir():
        return sorted(
            f for f in p.rglob("*") if f.is_file() and not any(x.startswith(".") for x in f.relative_to(p).parts)
        )
    if not p.exists():
        raise SourceError(f"{p}: file not found")
    return [p]


def _read(f: Path) -> str:
    try:
        return f.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f.read_text(encoding="latin-1")


def read_tagged(path: str | Path, label: str = "PERSON") -> list[GoldDocument]:
    """Documents with inline ``<true_name>`` tags (Minkov et al.); a file or a folder of them."""
    docs: list[GoldDocument] = []
    for f in _files(Path(path)):
        docs.append(_untag(_read(f), f, label))
    return docs


def _untag(raw: str, f: Path, label: str) -> GoldDocument:
    out: list[str] = []
    spans: list[Span] = []
    pos = 0  # in raw
    n = 0  # in out
    while True:
        a = raw.find(_TAG_OPEN, pos)
        if a < 0:
            out.append(raw[pos:])
            break
        b = raw.find(_TAG_CLOSE, a)
        if b < 0:
            line = raw.count("\n", 0, a) + 1
            raise SourceError(f"{f}:{line}: <true_name> is never closed")
        out.append(raw[pos:a])
        n += a - pos
        inner = raw[a + len(_TAG_OPEN) : b].strip()
        if _TAG_OPEN in inner:
            line = raw.count("\n", 0, a) + 1
            raise SourceError(f"{f}:{line}: <true_name> opened twice before </true_name>")
        if inner:
            spans.append(Span(n, n + len(inner), label, 1.0, "gold"))
            out.append(inner)
            n += len(inner)
        pos = b + len(_TAG_CLOSE)
        # the annotation put a space between the name and the punctuation after it
        if raw[pos : pos + 1] == " " and raw[pos + 1 : pos + 2] in (",", ".", ";", ":", ")", "/", "'", "?", "!"):
            pos += 1
    return GoldDocument("".join(out), tuple(spans))


_NO_SPACE_BEFORE = frozenset(
    [",", ".", ":", ";", ")", "]", "}", "!", "?", "'s", "n't", "'re", "'ll", "'m", "'ve", "'d", "%"]
)
_NO_SPACE_AFTER = frozenset(["(", "[", "{", "$", "#"])
_GLUE = frozenset(["-", "@", "/"])


def read_cerec(path: str | Path) -> list[GoldDocument]:
    """Documents from CEREC's CoNLL-style columns (a file or a folder of ``.conll`` files)."""
    docs: list[GoldDocument] = []
    for f in _files(Path(path)):
        if f.suffix.lower() not in (".conll", ".txt") and Path(path).is_dir():
            continue
        docs.extend(_cerec_file(f))
    return docs


def _cerec_file(f: Path) -> list[GoldDocument]:
    docs: list[GoldDocument] = []
    parts: list[str] = []
    spans: list[Span] = []
    open_: dict[str, list[int]] = {}
    n = 0
    prev = ""
    line_start = True
    in_doc = False

    def flush() -> None:
        nonlocal parts, spans, open_, n, prev, line_start
        if parts or spans:
            docs.append(GoldDocument("".join(parts).rstrip("\n"), tuple(sorted(spans))))
        parts, spans, open_, n, prev, line_start = [], [], {}, 0, "", True

    for lineno, line in enumerate(_read(f).splitlines(), 1):
        if line.startswith("#begin document"):
            flush()
            in_doc = True
            continue
        if line.startswith("#end document"):
            flush()
            in_doc = False
            continue
        cols = line.split("\t")
        if not line.strip() or len(cols) < 3:
            if not line_start:
                parts.append("\n")
                n += 1
                line_start = True
                prev = ""
            continue
        tok, ent = cols[0], cols[2].strip()  # token, speaker, entity, coreference
        sep = (
            ""
            if line_start or tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER or tok in _GLUE or prev in _GLUE
            else " "
        )
        parts.append(sep + tok)
        start = n + len(sep)
        n = start + len(tok)
        line_start = False
        prev = tok
        if ent in ("-", "_", ""):
            continue
        for mark in {m.strip() for m in ent.split("|")}:
            if not mark:
                continue
            opens, closes = mark.startswith("("), mark.endswith(")")
            lab = mark.strip("()*").rstrip("0123456789*")
            key = mark.strip("()*")
            if not lab:
                raise SourceError(f"{f}:{lineno}: cannot read entity mark {mark!r}")
            if opens and closes:
                spans.append(Span(start, n, lab, 1.0, "gold"))
                if not _named("".join(parts), start, n):
                    spans.pop()
            elif opens:
                open_.setdefault(key, []).append(start)
            elif closes:
                starts = open_.get(key)
                if not starts:
                    raise SourceError(f"{f}:{lineno}: {mark!r} closes a mention that was never opened")
                a = starts.pop()
                if _named("".join(parts), a, n):
                    spans.append(Span(a, n, lab, 1.0, "gold"))
    flush()
    del in_doc
    return docs


_PRONOUNS = frozenset(
    "i me my mine myself we us our ours you your yours he him his she her hers they them their "
    "it its this that these those all everyone everybody someone anyone guys folks".split()
)


_DETERMINERS = frozenset(
    "the a an all these those this that some any every each another other our your their his her my its no both".split()
)
_TITLES = frozenset("mr mrs ms miss dr sr jr prof sir".split())


def _named(text: str, a: int, b: int) -> bool:
    """Whether a CEREC mention is a name (not a pronoun or a common noun phrase).

    CEREC marks every mention of a person: names, pronouns and noun phrases ("Team",
    "The project coordinators", "Account Director", "a Marketer"). A mention is named
    when it holds an address, or, not opening with a determiner or a number, a
    capitalised word that is a known name, initials, or no English word (pronouns and
    titles alone do not count), so a noun phrase capitalised at a line start is left out.
    """
    from simulacra.text._lexicon import DIMINUTIVES

    words = text[a:b].split()
    if not words:
        return False
    if any("@" in w for w in words):
        return True
    first = words[0].strip(".,:;'\"()").lower()
    if first in _DETERMINERS or first[:1].isdigit():
        return False
    dictionary, names = lexicons()[1], lexicons()[3]
    for w in words:
        core = w.strip(".,:;'\"()")
        low = core.lower()
        for suffix in ("'s", "’s"):
            low = low.removesuffix(suffix)
        if not core[:1].isupper() or low in _PRONOUNS or low in _TITLES:
            continue
        if low in names or low in DIMINUTIVES or low not in dictionary or (core.isupper() and 2 <= len(core) <= 3):
            return True
    return False


#: Presidio's entity types onto ours; a type we do not report maps to itself, so its gold spans count as misses
PRESIDIO_LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "ORGANIZATION": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "STREET_ADDRESS": "STREET_ADDRESS",
    "ZIP_CODE": "POSTCODE",
    "DATE_TIME": "DATE",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "DOMAIN_NAME": "URL",
    "URL": "URL",
    "IP_ADDRESS": "IP_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "US_DRIVER_LICENSE": "DRIVER_LICENSE",
    "US_PASSPORT": "PASSPORT",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "TITLE": "TITLE",
    "NRP": "NRP",
}


def read_presidio(path: str | Path) -> list[GoldDocument]:
    """Presidio's evaluation format (presidio-research ``InputSample`` JSON): a list of
    ``{"full_text": ..., "spans": [{"entity_type", "start_position", "end_position"}]}``."""
    p = Path(path)
    try:
        rows = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceError(f"{p}: file not found") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{p}:{exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(rows, list):
        raise SourceError(f"{p}: expected a JSON list of samples, found {type(rows).__name__}")
    docs: list[GoldDocument] = []
    for i, row in enumerate(rows):
        try:
            text = row["full_text"]
            spans = tuple(
                Span(int(s["start_position"]), int(s["end_position"]), str(s["entity_type"]), 1.0, "gold")
                for s in row.get("spans") or ()
            )
            if not isinstance(text, str):
                raise TypeError("full_text is not a string")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SourceError(
                f"{p}: sample {i}: expected {{full_text: str, spans: [{{entity_type, start_position, "
                f"end_position}}]}}: {exc}"
            ) from None
        bad = [s for s in spans if not 0 <= s.start < s.end <= len(text)]
        if bad:
            raise SourceError(
                f"{p}: sample {i}: span {bad[0].start}..{bad[0].end} is outside the text ({len(text)} chars)"
            )
        docs.append(GoldDocument(text, spans))
    return docs


#: the gold labels an address's pieces carry in Presidio's set
_ADDRESS_PIECES = frozenset({"STREET_ADDRESS", "GPE", "LOCATION", "ZIP_CODE"})


def presidio_address_blocks(docs: Sequence[GoldDocument]) -> list[GoldDocument]:
    """Presidio's gold under our address convention: a postal address is one ``STREET_ADDRESS`` span.

    Some of the set's templates label an address written over several lines as one span, others as
    its pieces (house number, street, unit, city, country, postcode: ``{{STREET_ADDRESS}}
    {{STREET_ADDRESS}}\n {{STREET_ADDRESS}}\n {{GPE}}\n {{GPE}} {{STREET_ADDRESS}}``), and a street
    line's house number apart from its street (``{{STREET_ADDRESS}} {{STREET_ADDRESS}}``); the text's
    form is the same. Here a run of address pieces separated only by whitespace and commas that crosses
    a line (and has a street piece) becomes one span, and so do a house number and its street on one
    line (two street pieces one space apart); everything else is left as the set labels it. A second
    view beside the set's own (``deid-eval --address-blocks``), never in its place.
    """
    out: list[GoldDocument] = []
    for d in docs:
        spans = sorted(d.spans, key=lambda s: (s.start, s.end))
        runs: list[list[Span]] = []
        for s in spans:
            prev = runs[-1][-1] if runs else None
            if (
                prev is not None
                and s.label in _ADDRESS_PIECES
                and prev.label in _ADDRESS_PIECES
                and prev.end <= s.start
                and all(c.isspace() or c == "," for c in d.text[prev.end : s.start])
            ):
                runs[-1].append(s)
            else:
                runs.append([s])
        merged: list[Span] = []
        for run in runs:
            a, b = run[0].start, run[-1].end
            if len(run) > 1 and "\n" in d.text[a:b] and any(s.label == "STREET_ADDRESS" for s in run):
                merged.append(Span(a, b, "STREET_ADDRESS", 1.0, "gold"))
                continue
            for s in run:
                last = merged[-1] if merged else None
                if last is not None and s.label == last.label == "STREET_ADDRESS" and d.text[last.end : s.start] == " ":
                    merged[-1] = Span(last.start, s.end, "STREET_ADDRESS", 1.0, "gold")
                else:
                    merged.append(s)
        out.append(GoldDocument(d.text, tuple(merged)))
    return out


def read_gold(path: str | Path, fmt: str) -> list[GoldDocument]:
    if fmt == "conll":
        return read_conll(path)
    if fmt == "spans":
        return read_spans_jsonl(path)
    if fmt in ("tagged", "minkov"):
        return read_tagged(path)
    if fmt == "cerec":
        return read_cerec(path)
    if fmt == "presidio":
        return read_presidio(path)
    raise SourceError(f"unknown corpus format '{fmt}'; expected conll, spans, tagged (Minkov), cerec or presidio")


_LEAK_STRIP = " \t\r\n.,;:!?\"'()[]{}<>*"


def _gold_tokens(text: str, spans: Iterable[tuple[int, int, str]]) -> list[str]:
    toks = []
    for a, b, _ in spans:
        for piece in text[a:b].split():
            t = piece.strip(_LEAK_STRIP)
            if sum(c.isalnum() for c in t) >= 2:
                toks.append(t)
    return toks


def leak_rate(
    gold_texts: Sequence[str],
    gold_spans: Sequence[Sequence[tuple[int, int, str]]],
    outputs: Sequence[str],
    fakes: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> dict[str, object]:
    """Share of gold entity tokens that appear verbatim (same case, whole word) in the output.

    With ``fakes`` (where each output's replacements sit), ``rate_outside_fakes`` also counts
    only the appearances outside a replacement: a fake that happens to share a word with
    a real name ("Michael") is a coincidence, not the original let through.
    """
    import bisect
    import re

    total = leaked = leaked_outside = 0
    for n, (text, spans, out) in enumerate(zip(gold_texts, gold_spans, outputs, strict=True)):
        cache: dict[str, tuple[bool, bool]] = {}
        where = sorted(fakes[n]) if fakes is not None else []
        starts = [a for a, _ in where]

        def in_fake(a: int, b: int, starts: list[int] = starts, where: list[tuple[int, int]] = where) -> bool:
            i = bisect.bisect_right(starts, a) - 1
            return i >= 0 and where[i][0] <= a and b <= where[i][1]

        for t in _gold_tokens(text, spans):
            hit = cache.get(t)
            if hit is None:
                found = [(m.start(), m.end()) for m in re.finditer(r"(?<![\w])" + re.escape(t) + r"(?![\w])", out)]
                hit = cache[t] = (bool(found), any(not in_fake(a, b) for a, b in found))
            total += 1
            leaked += hit[0]
            leaked_outside += hit[1]
    out_: dict[str, object] = {"tokens": total, "leaked": leaked, "rate": round(leaked / total, 4) if total else None}
    if fakes is not None:
        out_["leaked_outside_fakes"] = leaked_outside
        out_["rate_outside_fakes"] = round(leaked_outside / total, 4) if total else None
    return out_


def _prf(tp: int, n_pred: int, n_gold: int, tp_gold: int | None = None) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = (tp if tp_gold is None else tp_gold) / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    f2 = 5 * p * r / (4 * p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "f2": round(f2, 4)}


def _trim(text: str, s: Span) -> tuple[int, int]:
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def evaluate_spans(
    docs: Sequence[GoldDocument],
    predict: Callable[[list[str]], Iterable[Sequence[Span] | Any]],
    *,
    label_map: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """Precision, recall, F1 and F2 per type, overall (typed, exact) and untyped (overlap).

    ``predict`` returns, per text, its spans, or a result with ``spans`` and ``text``
    (the de-identified text, as ``Deidentifier.deidentify_many`` gives): then the
    report also has the leak rate; otherwise ``leak`` says it was not computed.
    """
    mapping = dict(label_map or {})
    gold_docs: list[list[tuple[int, int, str]]] = []
    for d in docs:
        g = []
        for s in d.spans:
            lab = mapping.get(s.label, None if mapping else s.label)
            if lab is not None:
                g.append((*_trim(d.text, s), lab))
        gold_docs.append(g)
    allowed = set(mapping.values()) if mapping else {lab for g in gold_docs for *_, lab in g}
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    u_pred = u_pred_ok = u_gold = u_gold_ok = 0
    preds_iter: Iterator[Sequence[Span]] = iter(predict([d.text for d in docs]))
    outputs: list[str] | None = []
    fakes: list[tuple[tuple[int, int], ...]] = []
    for d, gold in zip(docs, gold_docs, strict=True):
        item = next(preds_iter)
        if hasattr(item, "spans") and hasattr(item, "text"):
            if outputs is not None:
                outputs.append(item.text)
                fakes.append(tuple(getattr(item, "output_spans", ())))
            item = item.spans
        else:
            outputs = None
        pred = [(*_trim(d.text, s), s.label) for s in item if s.label in allowed]
        gold_set = set(gold)
        for gold_span in gold:
            n_gold[gold_span[2]] += 1
        for p in pred:
            n_pred[p[2]] += 1
            if p in gold_set:
                tp[p[2]] += 1
        u_pred += len(pred)
        u_gold += len(gold)
        u_pred_ok += sum(1 for p in pred if any(p[0] < g[1] and g[0] < p[1] for g in gold))
        u_gold_ok += sum(1 for g in gold if any(p[0] < g[1] and g[0] < p[1] for p in pred))
    labels = sorted(set(n_gold) | set(n_pred))
    per_type = {
        lab: {**_prf(tp[lab], n_pred[lab], n_gold[lab]), "support": n_gold[lab], "predicted": n_pred[lab]}
        for lab in labels
    }
    overall = {
        **_prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())),
        "support": sum(n_gold.values()),
        "predicted": sum(n_pred.values()),
    }
    untyped = {**_prf(u_pred_ok, u_pred, u_gold, u_gold_ok), "support": u_gold, "predicted": u_pred}
    leak: dict[str, object] = (
        {"not_computed": "the predictor gave spans only, not de-identified text"}
        if outputs is None
        else leak_rate([d.text for d in docs], gold_docs, outputs, fakes)
    )
    return {
        "documents": len(docs),
        "per_type": per_type,
        "overall": overall,
        "untyped": untyped,
        "leak": leak,
        "label_map": mapping,
        "matching": MATCHING_RULE,
    }
