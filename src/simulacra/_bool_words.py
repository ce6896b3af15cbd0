"""The words a boolean column may be written in: one list for every reader (``sources`` coercing a column a
profile calls boolean, ``synth`` learning a column a spec declares boolean), so both accept the same columns."""

from __future__ import annotations

__all__ = ["FALSE_WORDS", "TRUE_WORDS"]

#: (true, false) pairs by position, compared in lower case
TRUE_WORDS = ("true", "t", "yes", "y", "1", "ano", "ja", "oui", "1.0")
FALSE_WORDS = ("false", "f", "no", "n", "0", "ne", "nein", "non", "0.0")
