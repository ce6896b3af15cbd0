"""Differential privacy for learned models: mechanisms, a zCDP accountant, a DP synthesizer.

``DPSynthesizer(epsilon=1.0, delta=1e-6, domain=...)`` learns one table under
(ε, δ)-DP (MST-style noisy marginals on a spanning tree); ``simulacra fit --dp-epsilon``
uses it; ``MultiTableDPSynthesizer`` learns a tree of tables under one root (one root row
and its descendants are the individual). What is declared (bounds, bins, categories) and what is released under DP is
described in ``docs/privacy.md``.
"""

from simulacra.dp.accountant import Accountant, epsilon_for, rho_for
from simulacra.dp.domain import ColumnDomain, parse_domain
from simulacra.dp.multi import MultiTableDPSynthesizer
from simulacra.dp.synthesizer import DPSynthesizer, check_budget

__all__ = [
    "Accountant",
    "ColumnDomain",
    "DPSynthesizer",
    "MultiTableDPSynthesizer",
    "check_budget",
    "epsilon_for",
    "parse_domain",
    "rho_for",
]
