"""The shipped catalogue of entity kinds (``catalogue.yaml``): loaded once, checked on load."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from simulacra.errors import SpecError

__all__ = ["Catalogue", "Kind", "ScenarioTemplate", "load_catalogue"]


@dataclass(frozen=True)
class ScenarioTemplate:
    name: str
    words: tuple[str, ...]
    rate: float
    description: str
    columns: dict[str, Any]
    labels: dict[str, Any]


@dataclass(frozen=True)
class Kind:
    name: str
    domain: str
    words: tuple[str, ...]
    table: str
    key: str
    rows: int
    columns: dict[str, Any]
    role: str | None = None
    date: str | None = None
    parents: tuple[tuple[str, ...], ...] = ()
    per: dict[str, Any] | None = None
    zero_rate: float = 0.0
    needs: str | None = None
    scenarios: dict[str, ScenarioTemplate] = field(default_factory=dict)
    #: found in most settings (customers, orders, employees): read as itself whatever the request's domain
    common: bool = False
    #: words read as this kind only where a cue of its domain is present ('tickets' at a festival are not
    #: support tickets)
    needs_cue: tuple[str, ...] = ()
    #: column variants by setting: (words of the request, columns they replace), the first whose word the
    #: request has wins (a dental clinic's appointments are for fillings and cleanings)
    settings: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = ()

    def fresh_columns(self) -> dict[str, dict[str, Any]]:
        """The kind's columns as generator mappings (a bare name becomes ``{generator: name}``), copied."""
        return {
            k: ({"generator": v} if isinstance(v, str) else _plain(copy.deepcopy(v))) for k, v in self.columns.items()
        }


def _plain(value: Any) -> Any:
    """YAML dates as ISO strings (the spec takes dates as text)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Catalogue:
    domains: dict[str, tuple[str, ...]]
    kinds: dict[str, Kind]

    def phrases(self) -> dict[str, tuple[str, ...]]:
        """Entity phrase -> kinds it may name (catalogue order)."""
        out: dict[str, list[str]] = {}
        for kind in self.kinds.values():
            for w in kind.words:
                out.setdefault(w, []).append(kind.name)
        return {w: tuple(v) for w, v in out.items()}

    def scenario_phrases(self) -> dict[str, list[tuple[str, str]]]:
        """Scenario phrase -> [(kind, scenario)]."""
        out: dict[str, list[tuple[str, str]]] = {}
        for kind in self.kinds.values():
            for sc in kind.scenarios.values():
                for w in sc.words:
                    out.setdefault(w, []).append((kind.name, sc.name))
        return out

    def role(self, role: str) -> list[str]:
        return [k.name for k in self.kinds.values() if k.role == role]


def _kind(name: str, raw: dict[str, Any], domains: dict[str, Any]) -> Kind:
    where = f"draft catalogue: kind '{name}'"
    try:
        if raw["domain"] not in domains:
            raise SpecError(f"{where}: unknown domain '{raw['domain']}'")
        scenarios = {
            s: ScenarioTemplate(
                s,
                tuple(v["words"]),
                float(v["rate"]),
                str(v.get("description", s)),
                dict(v.get("columns") or {}),
                dict(v.get("labels") or {f"is_{s}": 1}),
            )
            for s, v in (raw.get("scenarios") or {}).items()
        }
        columns = dict(raw["columns"])
        if next(iter(columns)) != raw["key"]:
            raise SpecError(f"{where}: the first column must be its key '{raw['key']}'")
        settings = tuple((tuple(v["words"]), _plain(dict(v["columns"]))) for v in raw.get("settings") or ())
        for words, cols in settings:
            unknown = sorted(set(cols) - set(columns))
            if unknown:
                raise SpecError(f"{where}: setting {list(words)[:3]} replaces columns it lacks: {unknown}")
        return Kind(
            name=name,
            domain=raw["domain"],
            words=tuple(raw["words"]),
            table=raw["table"],
            key=raw["key"],
            rows=int(raw["rows"]),
            columns=columns,
            role=raw.get("role"),
            date=raw.get("date"),
            parents=tuple(tuple(slot) for slot in raw.get("parents") or ()),
            per=raw.get("per"),
            zero_rate=float(raw.get("zero_rate", 0.0)),
            needs=raw.get("needs"),
            scenarios=scenarios,
            common=bool(raw.get("common", False)),
            needs_cue=tuple(raw.get("needs_cue", ())),
            settings=settings,
        )
    except KeyError as exc:
        raise SpecError(f"{where}: missing '{exc.args[0]}'") from None


@lru_cache(maxsize=1)
def load_catalogue() -> Catalogue:
    """The catalogue shipped in ``simulacra/draft/catalogue.yaml``."""
    raw = yaml.safe_load(resources.files("simulacra.draft").joinpath("catalogue.yaml").read_text(encoding="utf-8"))
    domains = {d: tuple(v) for d, v in raw["domains"].items()}
    kinds = {n: _kind(n, v, domains) for n, v in raw["kinds"].items()}
    for k in kinds.values():
        for slot in k.parents:
            for cand in slot:
                if not cand.startswith("@") and cand not in kinds:
                    raise SpecError(f"draft catalogue: kind '{k.name}': unknown parent kind '{cand}'")
        if k.needs and k.needs not in kinds:
            raise SpecError(f"draft catalogue: kind '{k.name}': unknown needed kind '{k.needs}'")
    return Catalogue(domains, kinds)
