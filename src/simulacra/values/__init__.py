"""Realistic values, vectorized: names, emails, addresses, phones, companies, IDs.

Pools are built once per locale from Faker's locale *data* (never one Faker call
per value) and sampled with numpy and polars. Each value is a pure function of
(stream key, row index), so any subset of rows gets the values a full run gives.

::

    from simulacra._random import root_stream
    from simulacra.values import VALUE_KINDS, ValueContext

    s = root_stream(7).child("people")
    ctx = ValueContext(rows=np.arange(5), stream=s.child("email"), group_stream=s.child("person"),
                       locale="de_DE", inputs={})
    VALUE_KINDS["email"].generate(ctx, {"unique": True})
"""

from simulacra.values._checks import iban_is_valid, luhn_check_digit, luhn_is_valid
from simulacra.values._kinds import VALUE_KINDS, ValueContext, ValueKind
from simulacra.values._pools import SUPPORTED_LOCALES, LocalePools, locale_pools, town_locales
from simulacra.values._strings import fold_ascii

__all__ = [
    "SUPPORTED_LOCALES",
    "VALUE_KINDS",
    "LocalePools",
    "ValueContext",
    "ValueKind",
    "fold_ascii",
    "iban_is_valid",
    "locale_pools",
    "luhn_check_digit",
    "luhn_is_valid",
    "town_locales",
]
