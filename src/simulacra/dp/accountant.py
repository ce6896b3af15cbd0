"""Privacy accounting in zero-concentrated DP (zCDP), converted to (ε, δ) at the end.

zCDP composes by adding: measurements spending ``ρ₁, ρ₂, …`` together spend ``Σρᵢ``. A
``ρ``-zCDP algorithm is (ε, δ)-DP for every δ > 0 with

    ε(ρ, δ) = inf_{α>1}  αρ + (log(1/δ) + (α−1)·log(1−1/α) − log α) / (α−1)

(Canonne, Kamath & Steinke 2020, Prop. 12; tighter than the classic
``ρ + 2·sqrt(ρ·log(1/δ))`` of Bun & Steinke 2016, which it never exceeds). :func:`rho_for`
inverts it: the largest ρ whose conversion stays within a target (ε, δ).

Some releases are not zCDP but fail with a small probability (a thresholded histogram
lets one rare value through with probability at most its ``δ``); they are recorded as
pure ``delta`` terms, added to the conversion's δ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Accountant", "Spend", "classic_epsilon", "epsilon_for", "rho_for"]


def _eps_at(rho: float, delta: float, alpha: float) -> float:
    return alpha * rho + (math.log(1.0 / delta) + (alpha - 1.0) * math.log1p(-1.0 / alpha) - math.log(alpha)) / (
        alpha - 1.0
    )


def epsilon_for(rho: float, delta: float) -> float:
    """The ε a ``rho``-zCDP algorithm guarantees at ``delta`` (CKS20, minimised over the Rényi order α)."""
    if rho < 0 or not 0 < delta < 1:
        raise ValueError(f"need rho >= 0 and 0 < delta < 1, got rho={rho!r}, delta={delta!r}")
    if rho == 0:
        return 0.0
    # the objective is convex in α on (1, ∞): golden-section search on a bracket wide enough for any ρ used here
    lo, hi = 1.0 + 1e-9, 1.0 + 1e-9 + 2.0 * (1.0 + math.sqrt(math.log(1.0 / delta) / rho))
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = _eps_at(rho, delta, a), _eps_at(rho, delta, b)
    for _ in range(90):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = _eps_at(rho, delta, a)
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = _eps_at(rho, delta, b)
    return max(0.0, min(fa, fb, classic_epsilon(rho, delta)))


def classic_epsilon(rho: float, delta: float) -> float:
    """Bun & Steinke's conversion ``ρ + 2·sqrt(ρ·log(1/δ))`` (looser; kept for hand checks)."""
    return rho + 2.0 * math.sqrt(rho * math.log(1.0 / delta))


def rho_for(epsilon: float, delta: float) -> float:
    """The largest ρ whose (ε, δ) conversion is at most ``epsilon`` at ``delta`` (bisection)."""
    if not (epsilon > 0 and math.isfinite(epsilon)) or not 0 < delta < 1:
        raise ValueError(f"need epsilon > 0 and 0 < delta < 1, got {epsilon!r}, {delta!r}")
    lo, hi = 0.0, max(1.0, epsilon)
    while epsilon_for(hi, delta) <= epsilon:
        hi *= 2.0
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if epsilon_for(mid, delta) <= epsilon:
            lo = mid
        else:
            hi = mid
    return lo


@dataclass(frozen=True)
class Spend:
    """One measurement: what it released, the mechanism, and its cost."""

    component: str
    mechanism: str
    rho: float = 0.0
    delta: float = 0.0  # a pure failure probability (thresholded release), added to the conversion's δ
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "mechanism": self.mechanism,
            "rho": self.rho,
            "delta": self.delta,
            "detail": self.detail,
        }


@dataclass
class Accountant:
    """A budget of ``rho`` zCDP (plus ``delta_extra`` of pure δ) that measurements draw from.

    ``spend`` refuses to go over: the total never exceeds what the target (ε, δ) allows.
    """

    rho: float
    delta_extra: float = 0.0
    spends: list[Spend] = field(default_factory=list)

    def spend(self, component: str, mechanism: str, rho: float = 0.0, *, delta: float = 0.0, detail: str = "") -> float:
        if rho < 0 or delta < 0:
            raise ValueError("a spend cannot be negative")
        if self.rho_spent + rho > self.rho * (1 + 1e-9) or self.delta_spent + delta > self.delta_extra * (1 + 1e-9):
            raise ValueError(f"{component}: the privacy budget would be exceeded")
        self.spends.append(Spend(component, mechanism, rho, delta, detail))
        return rho

    @property
    def rho_spent(self) -> float:
        return math.fsum(s.rho for s in self.spends)

    @property
    def delta_spent(self) -> float:
        return math.fsum(s.delta for s in self.spends)

    def epsilon(self, delta: float) -> float:
        """The ε spent so far at total ``delta`` (the pure δ terms come off it first)."""
        rest = delta - self.delta_spent
        if rest <= 0:
            raise ValueError(f"delta {delta} does not cover the {self.delta_spent} already spent as pure δ")
        return epsilon_for(self.rho_spent, rest)

    def by_component(self, delta: float) -> dict[str, dict[str, float]]:
        """Per component: its ρ, its pure δ, and its share of the run's ε (ε·ρ_c/ρ; ε is not additive, ρ is)."""
        out: dict[str, dict[str, float]] = {}
        for s in self.spends:
            c = out.setdefault(s.component, {"rho": 0.0, "delta": 0.0})
            c["rho"] += s.rho
            c["delta"] += s.delta
        total, eps = self.rho_spent, self.epsilon(delta)
        for c in out.values():
            c["epsilon_share"] = eps * c["rho"] / total if total > 0 else 0.0
        return out

    def summary(self, epsilon: float, delta: float, definition: str) -> dict[str, Any]:
        """What a model records and ``sample`` prints: the guarantee asked for, what was spent, per component
        and per measurement."""
        return {
            "definition": definition,
            "epsilon": epsilon,
            "delta": delta,
            "epsilon_spent": self.epsilon(delta),
            "rho": self.rho_spent,
            "pure_delta": self.delta_spent,
            "components": self.by_component(delta),
            "measurements": [s.to_json() for s in self.spends],
        }
