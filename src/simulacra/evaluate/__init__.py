"""Deprecated alias of :mod:`simulacra.evaluation`, kept for one release.

The evaluation package used to live here, under the same name as the ``simulacra.evaluate``
function, and swapped its own module class to be callable. It moved to ``simulacra.evaluation``;
``simulacra.evaluate`` is now plainly the function. Old imports (``from simulacra.evaluate import
fidelity``, ``import simulacra.evaluate.privacy``) keep working here with a ``DeprecationWarning``;
nothing inside simulacra imports this module. The class swap below survives only in this alias,
because importing it rebinds ``simulacra.evaluate`` to this module and old callers still call it.
"""

import sys as _sys
import warnings as _warnings
from types import ModuleType as _ModuleType
from typing import Any as _Any

from simulacra import evaluation as _evaluation
from simulacra.evaluation import *  # noqa: F403  (the alias re-exports the package's public names)
from simulacra.evaluation import __all__ as __all__
from simulacra.evaluation import (
    _api,
    _types,
    collapse,
    fidelity,
    metrics,
    multitable,
    privacy,
    report,
    slices,
    spec,
    text,
    utility,
)

_warnings.warn(
    "the package simulacra.evaluate is deprecated: import from simulacra.evaluation "
    "(simulacra.evaluate is the evaluate function)",
    DeprecationWarning,
    stacklevel=2,
)

# `import simulacra.evaluate.fidelity` finds the moved module itself (one module object, not a copy).
for _module in (_api, _types, collapse, fidelity, metrics, multitable, privacy, report, slices, spec, text, utility):
    _sys.modules[f"{__name__}.{_module.__name__.rsplit('.', 1)[1]}"] = _module


class _CallableAlias(_ModuleType):
    """Called, the deprecated alias is the ``evaluate`` function."""

    def __call__(self, *args: _Any, **kwargs: _Any) -> _Any:
        return _evaluation.evaluate(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableAlias
