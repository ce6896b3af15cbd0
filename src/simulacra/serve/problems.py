"""Refusals as RFC 9457 problem details (``application/problem+json``).

Every refusal names what was wrong: the ``field`` (a column or parameter), the ``rule``
it broke and the offending ``value``. Several problems of one request are listed in
``errors`` (the first is also given at the top level).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response

__all__ = ["PROBLEM_JSON", "ApiProblem", "Issue", "problem_response"]

PROBLEM_JSON = "application/problem+json"

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _shown(value: Any) -> Any:
    """The offending value, cut short so that a huge input never comes back whole."""
    if isinstance(value, str) and len(value) > 200:
        return value[:200] + "…"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, default=str)
        return value if len(text) <= 200 else text[:200] + "…"
    return value


@dataclass(frozen=True)
class Issue:
    """One thing wrong with a request."""

    field: str | None
    rule: str
    value: Any = None
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"field": self.field, "rule": self.rule, "value": _shown(self.value)}
        out["detail"] = self.text()
        return out

    def text(self) -> str:
        if self.detail:
            return self.detail
        where = f"{self.field}: " if self.field else ""
        return f"{where}{self.rule} (got {json.dumps(_shown(self.value), default=str, ensure_ascii=False)})"


@dataclass
class ApiProblem(Exception):
    """A request refused: raised anywhere in the handlers, answered as problem+json."""

    status: int
    issues: list[Issue] = field(default_factory=list)
    title: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def one(
        cls, status: int, field_: str | None, rule: str, value: Any = None, detail: str | None = None
    ) -> ApiProblem:
        return cls(status, [Issue(field_, rule, value, detail)])

    def body(self, instance: str | None = None) -> dict[str, Any]:
        first = self.issues[0] if self.issues else None
        out: dict[str, Any] = {
            "type": "about:blank",
            "title": self.title or _TITLES.get(self.status, "Error"),
            "status": self.status,
        }
        if first is not None:
            out["detail"] = "; ".join(i.text() for i in self.issues[:5]) + (
                f"; and {len(self.issues) - 5} more" if len(self.issues) > 5 else ""
            )
            out.update({"field": first.field, "rule": first.rule, "value": _shown(first.value)})
            out["errors"] = [i.as_dict() for i in self.issues]
        if instance:
            out["instance"] = instance
        return out


def problem_response(problem: ApiProblem, instance: str | None = None) -> Response:
    text = json.dumps(problem.body(instance), default=str, ensure_ascii=False)
    return Response(text, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers)
