"""YAML loading that remembers where every value came from.

``load_yaml`` returns plain Python data plus a ``LineIndex`` mapping each path
(tuple of keys and list positions) to its 1-based line, so validation errors can
say ``shop.yaml:14``.

Every YAML the tool reads (specs, policies, recognizers, evaluation specs) comes
through here, so hostile input is bounded here once: the text may be at most
``MAX_YAML_CHARS`` long, nest at most ``MAX_DEPTH`` levels, use at most
``MAX_ALIASES`` aliases, and aliases may add at most ``MAX_ALIAS_NODES`` nodes
when expanded (a "billion laughs" document is refused in milliseconds instead of
taking the machine's memory). Recursive aliases and control characters are
refused too; each refusal is a ``SpecValidationError`` naming file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulacra.errors import Location, Problem, SpecValidationError

__all__ = ["MAX_ALIASES", "MAX_ALIAS_NODES", "MAX_DEPTH", "MAX_YAML_CHARS", "LineIndex", "load_yaml"]

Path = tuple[Hashable, ...]

#: Largest YAML text accepted (characters): about 6,500 small tables, validated in seconds; the shipped examples are a few KB.
MAX_YAML_CHARS = 1024 * 1024
#: Deepest nesting of mappings and lists (after alias expansion).
MAX_DEPTH = 64
#: Most aliases (``*name``) in one document.
MAX_ALIASES = 1_000
#: Most nodes that alias expansion may add beyond the nodes written in the text.
MAX_ALIAS_NODES = 100_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


class _Budget(Exception):
    """A document beyond the loader's bounds (turned into a located SpecValidationError)."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    """Safe loader; dates stay ISO strings so the spec decides what they mean.

    Composition is bounded: nesting depth and the number of aliases are counted
    as the document is read, before anything is built from it.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self.n_aliases = 0
        self.n_nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.n_aliases += 1
            if self.n_aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _Budget(mark.line + 1, f"more than {MAX_ALIASES} aliases; refusing to expand them")
            return super().compose_node(parent, index)
        self._depth += 1
        self.n_nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _Budget(mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _CParser

    class _FastLoader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml scans, parses and composes (it caps nesting at 1,000 and shares aliased nodes, never
        copying them); every budget is then enforced while the node graph is walked (``_convert``)."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LOADER: type[Any] = _FastLoader
else:  # pragma: no cover - PyYAML without libyaml
    _LOADER = _Loader


@dataclass
class _Walk:
    """State of one conversion: nodes on the current path (recursion check), nodes seen, and the budgets."""

    active: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)
    expanded: int = 0  # visits of a node seen before: what aliases add
    aliases: int = 0
    in_alias: int = 0


def _convert(node: yaml.Node, path: Path, index: LineIndex, loader: Any, walk: _Walk | None = None) -> Any:
    walk = walk if walk is not None else _Walk()
    line = node.start_mark.line + 1
    again = id(node) in walk.seen
    if again:  # reached through an alias: report it where it is used (its key's line) when known
        at = index.lines.get(path, line)
        walk.expanded += 1
        if not walk.in_alias:
            walk.aliases += 1
            if walk.aliases > MAX_ALIASES:
                raise _Budget(at, f"more than {MAX_ALIASES} aliases; refusing to expand them")
        if walk.expanded > MAX_ALIAS_NODES:
            raise _Budget(at, f"aliases expand to more than {MAX_ALIAS_NODES} extra values; refusing to expand them")
    else:
        walk.seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise _Budget(line, f"nesting deeper than {MAX_DEPTH} levels")
    index.lines.setdefault(path, line)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in walk.active:
            raise _Budget(line, "recursive alias: a value that contains itself")
        walk.active.add(id(node))
        walk.in_alias += again
        try:
            return _convert_collection(node, path, index, loader, walk)
        finally:
            walk.active.discard(id(node))
            walk.in_alias -= again
    value = loader.construct_object(node, deep=True)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        _check_text(value, line)
    return value


def _check_text(value: str, line: int) -> None:
    bad = _CONTROL.search(value)
    if bad is not None:
        raise _Budget(
            line, f"control character {ord(bad.group()):#04x} in {value[:40]!r}; specs hold printable text only"
        )


def _convert_collection(node: yaml.Node, path: Path, index: LineIndex, loader: _Loader, walk: _Walk) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _at(index, path, key_node, "a mapping key must be a plain value")
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, str):
                _check_text(key, key_node.start_mark.line + 1)
            if key in out:
                raise _at(index, path, key_node, f"duplicate key '{key}'")
            index.lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, path + (key,), index, loader, walk)
        return out
    return [_convert(v, path + (i,), index, loader, walk) for i, v in enumerate(node.value)]


def _at(index: LineIndex, path: Path, node: yaml.Node, message: str) -> SpecValidationError:
    loc = Location(file=index.file, line=node.start_mark.line + 1)
    return SpecValidationError([Problem(loc, message)])


def load_yaml(text: str, *, file: str | None = None, max_chars: int | None = None) -> tuple[Any, LineIndex]:
    """Parse YAML text; malformed or hostile YAML raises SpecValidationError with file:line.
    ``max_chars``: the largest text accepted (documents written elsewhere, such as OpenAPI ones, run larger)."""
    index = LineIndex(file=file)
    if max_chars is None:  # read at call time (the module's limit, which a test or an embedder may change)
        max_chars = MAX_YAML_CHARS
    if len(text) > max_chars:
        raise SpecValidationError(
            [
                Problem(
                    Location(file=file),
                    f"{len(text):,} characters is larger than the "
                    f"{max_chars:,} a YAML file may have; split it or trim it",
                )
            ]
        )
    loader: _Loader | None = None
    try:
        loader = _LOADER(text)
        node = loader.get_single_node()
        if node is None:
            return None, index
        return _convert(node, (), index, loader), index
    except _Budget as exc:
        raise SpecValidationError([Problem(Location(file=file, line=exc.line), exc.message)]) from None
    except yaml.reader.ReaderError as exc:  # (libyaml counts the position in UTF-8 bytes)
        line = (
            text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
            if _LOADER is not _Loader
            else text.count("\n", 0, exc.position) + 1
        )
        what = f"control character {exc.character:#04x}" if isinstance(exc.character, int) else "undecodable byte"
        raise SpecValidationError(
            [Problem(Location(file=file, line=line), f"{what} is not allowed in YAML ({exc.reason})")]
        ) from None
    except RecursionError:
        raise SpecValidationError([Problem(Location(file=file), "nesting too deep to read")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at: int | None = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        raise SpecValidationError([Problem(Location(file=file, line=at), f"malformed YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise SpecValidationError([Problem(Location(file=file), f"malformed YAML: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
