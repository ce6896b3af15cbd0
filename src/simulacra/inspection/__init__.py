"""Inspection: what a real source holds, as evidence and as a spec draft to review.

::

    from simulacra.inspection import inspect

    result = inspect("tests/data/berka_sample")
    result.primary_keys          # {'account': ['account_id'], ..., 'district': ['A1']}
    for fk in result.keys:       # declared and inferred foreign keys, with evidence
        print(fk.describe())
    result.columns["client", "birth_number"].pii_kind   # 'national_id'
    result.write("berka.yaml")   # the spec `simulacra generate` runs, with comments

Classification uses the values *and* the names; key inference uses value
inclusion, uniqueness and name similarity (see ``simulacra.inspection._keys``).
"""

from ._inspect import Inspection, inspect
from ._keys import INCLUSION
from ._profile import ColumnKind, ColumnProfile, profile_column
from ._spec import MAX_CATEGORIES, MIN_COUNT

#: the name ``simulacra.inspect_source`` exports (``inspect`` alone would shadow the stdlib module)
inspect_source = inspect

__all__ = [
    "INCLUSION",
    "MAX_CATEGORIES",
    "MIN_COUNT",
    "ColumnKind",
    "ColumnProfile",
    "Inspection",
    "inspect",
    "inspect_source",
    "profile_column",
]
