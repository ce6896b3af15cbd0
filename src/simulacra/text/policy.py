"""The de-identification policy: what to find and what to do with each entity type.

::

    # policy.yaml
    default: synthesize            # operator for every type not listed
    min_score: 0.5                 # spans scored below are ignored
    consistency: document          # or corpus: one fake per real entity across all inputs
    locale: en_US                  # pools the fakes come from
    date_order: MDY                # how to read 03/04/2020 (MDY or DMY)
    max_date_shift_days: 365
    ner: true                      # the statistical model for names, organisations, places
    detect: [MONEY]                # extra types that are off by default
    skip: [TIME]                   # types not to look for at all
    entities:
      PERSON: synthesize
      EMAIL: {operator: mask, keep_last: 4}
      US_SSN: redact
      ORGANIZATION: keep
      PHONE: {operator: hash, length: 10}

Operators: ``synthesize`` (realistic consistent fake, the default), ``redact``
(``placeholder``, default ``[{label}]``), ``mask`` (``char``, ``keep_last``;
separators kept), ``hash`` (keyed HMAC-SHA256 hex, key from the environment variable
``hash_key_env``; ``length`` hex characters), ``keep``, and any operator added with
``operators.register_operator`` (its parameters are checked by its own model). The entity
types a policy may name are those of the loaded recognizers (``ENTITY_TYPES`` for the shipped
ones; ``Deidentifier`` adds the labels of custom recognizers).

Errors name the policy file and line, like the spec loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from simulacra.errors import Location, Problem, SpecError, SpecValidationError, did_you_mean
from simulacra.spec.yaml_lines import LineIndex, load_yaml
from simulacra.text.operators import OperatorKind, OperatorParams, operator_kind

__all__ = ["DEFAULT_OFF", "ENTITY_TYPES", "OperatorSpec", "Policy", "load_policy"]

#: every type the shipped recognizers and model report
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON", "ORGANIZATION", "LOCATION", "STREET_ADDRESS", "POSTCODE", "DATE", "TIME", "AGE", "EMAIL", "PHONE",
    "URL", "IP_ADDRESS", "USERNAME", "CREDIT_CARD", "IBAN", "US_SSN", "BANK_ACCOUNT", "ROUTING_NUMBER", "PASSPORT",
    "DRIVER_LICENSE", "MEDICAL_RECORD", "MONEY", "TITLE", "NRP",
)  # fmt: skip
#: types found only when the policy asks for them
DEFAULT_OFF: frozenset[str] = frozenset({"MONEY"})

#: the shipped operators (a registered one is named like them; ``operators.operator_kinds()`` lists all)
OperatorName = Literal["synthesize", "redact", "mask", "hash", "keep"]


class OperatorSpec(BaseModel):
    """One operator (any registered name) and its parameters, checked by the operator's own model.

    The shipped operators' parameters are fields here too (``spec.keep_last``), as before the
    registry; ``spec.params`` is the typed parameters the operator is called with.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    operator: str = "synthesize"
    placeholder: str = "[{label}]"
    char: str = Field("*", min_length=1, max_length=1)
    keep_last: int = Field(0, ge=0)
    length: int = Field(16, ge=4, le=64)
    _params: OperatorParams | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check_operator(self) -> OperatorSpec:
        kind = operator_kind(self.operator)  # ValueError: unknown operator, with 'did you mean'
        fields = type(self).model_fields
        # a shared field at its default is not "given" (a dumped spec carries every field: it must load back)
        given = {
            f for f in self.model_fields_set - {"operator"} if f in fields and getattr(self, f) != fields[f].default
        }
        given |= set(self.model_extra or {})
        wrong = sorted(given - set(kind.params.model_fields))
        if wrong:
            takes = ", ".join(kind.params.model_fields) or "no parameters"
            raise ValueError(f"operator '{self.operator}' takes no {', '.join(wrong)} (it takes {takes})")
        self._params = self.params_for(kind)
        return self

    def params_for(self, kind: OperatorKind) -> OperatorParams:
        """This spec's parameters as ``kind``'s model (ValueError naming the bad ones)."""
        extra = self.model_extra or {}
        shared = type(self).model_fields
        data = {
            f: extra[f] if f in extra else getattr(self, f)
            for f in kind.params.model_fields
            if f in extra or f in shared
        }
        try:
            return kind.params.model_validate(data)
        except ValidationError as e:
            first = e.errors(include_url=False)[0]
            where = ".".join(str(x) for x in first["loc"])
            raise ValueError(f"operator '{kind.name}', {where}: {first['msg']}") from None

    @property
    def params(self) -> OperatorParams:
        """The typed parameters the operator is called with."""
        if self._params is None:
            self._params = self.params_for(operator_kind(self.operator))
        return self._params


class Policy(BaseModel):
    """What to detect and how to rewrite it (see the module docstring for the YAML form)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    default: OperatorSpec = OperatorSpec()
    entities: dict[str, OperatorSpec] = Field(default_factory=dict)
    detect: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()
    min_score: float = Field(0.5, ge=0.0, le=1.0)
    consistency: Literal["document", "corpus"] = "document"
    locale: Literal["en_US", "en_GB", "de_DE", "fr_FR"] = "en_US"
    date_order: Literal["MDY", "DMY"] = "MDY"
    max_date_shift_days: int = Field(365, ge=1, le=3650)
    ner: bool = True
    hash_key_env: str = "SIMULACRA_HASH_KEY"

    @field_validator("default", mode="before")
    @classmethod
    def _short_default(cls, v: Any) -> Any:
        return {"operator": v} if isinstance(v, str) else v

    @field_validator("entities", mode="before")
    @classmethod
    def _short_entities(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: ({"operator": x} if isinstance(x, str) else x) for k, x in v.items()}
        return v

    def operator_for(self, label: str) -> OperatorSpec:
        return self.entities.get(label, self.default)

    def labels(self, known: tuple[str, ...] = ENTITY_TYPES) -> frozenset[str]:
        """The entity types to look for."""
        on = (set(known) - DEFAULT_OFF) | set(self.detect) | {k for k, v in self.entities.items() if k in DEFAULT_OFF}
        return frozenset(on - set(self.skip))

    def check_labels(self, known: tuple[str, ...] = ENTITY_TYPES, index: LineIndex | None = None) -> None:
        """SpecValidationError for entity types no recognizer reports (with 'did you mean')."""
        problems = []
        for field_name, names in (
            ("entities", list(self.entities)),
            ("detect", list(self.detect)),
            ("skip", list(self.skip)),
        ):
            for i, name in enumerate(names):
                if name not in known:
                    path: tuple[Any, ...] = (field_name, name) if field_name == "entities" else (field_name, i)
                    loc = index.location(path) if index is not None else Location()
                    problems.append(Problem(loc, f"unknown entity type '{name}'" + did_you_mean(name, known)))
        if problems:
            raise SpecValidationError(problems)


def load_policy(
    source: str | Path | dict[str, Any] | Policy | None, *, known: tuple[str, ...] = ENTITY_TYPES
) -> Policy:
    """A Policy from a YAML file, a dict, or None (the defaults); every problem reported with file:line."""
    if source is None:
        return Policy()
    if isinstance(source, Policy):
        source.check_labels(known)
        return source
    if isinstance(source, dict):
        data, index = source, LineIndex(file=None)
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SpecError(f"policy file not found: {path}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SpecError(f"cannot read policy file {path}: {exc}") from None
        data, index = load_yaml(text, file=str(path))
        if data is None:
            data = {}
    if not isinstance(data, dict):
        raise SpecValidationError(
            [Problem(Location(file=index.file, line=1), "a policy is a mapping (see docs/deid.md)")]
        )
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbid" or err["type"] == "extra_forbidden":
                name = str(loc[-1])
                parent = OperatorSpec if len(loc) > 1 else Policy
                msg = f"unknown field '{name}'" + did_you_mean(name, list(parent.model_fields))
            elif err["type"] == "literal_error":
                msg = f"{msg} (found {err.get('input')!r})"
            problems.append(Problem(index.location(loc), msg))
        raise SpecValidationError(problems) from None
    policy.check_labels(known, index)
    return policy
