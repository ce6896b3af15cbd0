"""YAML loading that remembers where every value came from.

``load_yaml`` returns plain Python data plus a ``LineIndex`` mapping each path
(tuple of keys and list positions) to its 1-based line, so validation errors can
say ``shop.yaml:14``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulacra.errors import Location, Problem, SpecValidationError

__all__ = ["LineIndex", "load_yaml"]

Path = tuple[Hashable, ...]


@dataclass
class LineIndex:
    file: str | None
    lines: dict[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """The line of the longest known prefix of ``path``."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def location(self, path: Path, *, table: str | None = None, column: str | None = None) -> Location:
        return Location(file=self.file, line=self.line(path), table=table, column=column)


class _Loader(yaml.SafeLoader):
    """Safe loader; dates stay ISO strings so the spec decides what they mean."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _convert(node: yaml.Node, path: Path, index: LineIndex, loader: _Loader) -> Any:
    index.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (dict, list)):
                raise _at(index, path, key_node, "a mapping key must be a plain value")
            if key in out:
                raise _at(index, path, key_node, f"duplicate key '{key}'")
            index.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), index, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, path + (i,), index, loader) for i, v in enumerate(node.value)]
    value = loader.construct_object(node, deep=True)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _at(index: LineIndex, path: Path, node: yaml.Node, message: str) -> SpecValidationError:
    loc = Location(file=index.file, line=node.start_mark.line + 1)
    return SpecValidationError([Problem(loc, message)])


def load_yaml(text: str, *, file: str | None = None) -> tuple[Any, LineIndex]:
    """Parse YAML text; malformed YAML raises SpecValidationError with file:line."""
    index = LineIndex(file=file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, index
        return _convert(node, (), index, loader), index
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        raise SpecValidationError([Problem(Location(file=file, line=line), f"malformed YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise SpecValidationError([Problem(Location(file=file), f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
