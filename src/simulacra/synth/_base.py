"""The synthesizer base: introspectable parameters and registration by method name.

Every synthesizer takes its parameters as keyword arguments of ``__init__`` and can report them
(``get_params``), change them (``set_params``, checked as ``__init__`` checks them) and make an
unfitted copy of itself (``clone``) — scikit-learn's estimator convention. A single-table method
is registered by name (``register_synthesizer``) and made with ``make_synthesizer(method, **params)``;
its contract is ``fit(frame) -> self`` and ``sample(n_rows, *, seed=None) -> frame`` with learned
state in attributes ending in ``_``, which ``simulacra.testing.check_synthesizer`` checks.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

__all__ = [
    "BaseSynthesizer",
    "SynthesizerKind",
    "make_synthesizer",
    "register_synthesizer",
    "synthesizer_methods",
]

S = TypeVar("S", bound="BaseSynthesizer")


class BaseSynthesizer:
    """Parameters of ``__init__`` made introspectable; subclasses keep their own ``fit``/``sample``."""

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [
            p.name
            for p in sig.parameters.values()
            if p.name != "self" and p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]

    def _get_param(self, name: str) -> Any:
        """The value of one ``__init__`` parameter (an attribute of the same name, by default)."""
        return getattr(self, name)

    def get_params(self) -> dict[str, Any]:
        """The ``__init__`` parameters as given (copies: changing them does not change the synthesizer)."""
        return {name: copy.deepcopy(self._get_param(name)) for name in self._param_names()}

    def set_params(self: S, **params: Any) -> S:
        """Change parameters (checked as ``__init__`` checks them); learned state is kept until the next fit."""
        names = self._param_names()
        unknown = sorted(set(params) - set(names))
        if unknown:
            raise ValueError(
                f"{type(self).__name__}: unknown parameter(s) {', '.join(unknown)}; expected some of {', '.join(names)}"
            )
        merged = {**self.get_params(), **params}
        type(self).__init__(self, **merged)
        return self

    def clone(self: S) -> S:
        """An unfitted synthesizer with the same parameters."""
        return type(self)(**self.get_params())


@dataclass(frozen=True)
class SynthesizerKind:
    """One single-table method: its name (the ``method=`` value), factory and one line on what it does."""

    name: str
    factory: Callable[..., BaseSynthesizer]
    description: str = ""


_METHODS: dict[str, SynthesizerKind] = {}


def register_synthesizer(
    name: str, factory: Callable[..., BaseSynthesizer], *, description: str = "", replace: bool = False
) -> SynthesizerKind:
    """Register a single-table method; a name already taken is an error unless ``replace=True``."""
    if not name or not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"synthesizer method names are words ('trees', 'my_gan'), got {name!r}")
    if name in _METHODS and not replace:
        raise ValueError(f"synthesizer method '{name}' is already registered (pass replace=True to replace it)")
    kind = SynthesizerKind(name, factory, description)
    _METHODS[name] = kind
    return kind


def synthesizer_methods() -> dict[str, SynthesizerKind]:
    """The registered single-table methods, by name, in registration order."""
    return dict(_METHODS)


def make_synthesizer(method: str, **params: Any) -> BaseSynthesizer:
    """A new synthesizer of a registered method, with ``params`` for its ``__init__``."""
    kind = _METHODS.get(method)
    if kind is None:
        from simulacra.errors import did_you_mean

        raise ValueError(
            f"unknown synthesizer method '{method}'{did_you_mean(method, list(_METHODS))}; "
            f"expected one of {', '.join(_METHODS)}"
        )
    return kind.factory(**params)
