"""A capitalised word right after an honorific is a person's surname (deid99, issue 14).

"I will call Mr. Banks first thing", "Dr. Bloom will talk about:", "Please ask Mrs. Branch to sign it": the
tagger reads a surname that is also an English word ("Banks", "Bloom", "Branch", "Black") as a word, a firm or
nothing, and the spreading rules type "Mr. X" a person only where X was found as a person elsewhere in the message.
Alone, the surname stood verbatim beside the rewritten honorific (73 of 201 word-surnames of the surrogate pool
after "Mr." on int; the dev parts' "Dr. Bloom" typed ORGANIZATION).

Here, on the text's own form, the word after ``Mr``, ``Mrs``, ``Ms``, ``Dr``, ``Prof`` or ``Mister`` (a point or
not, then one space) is a person where:

* it is title-case letters (a hyphened pair, ``Mc``/``Mac``/``O'`` forms too), not glued to an address, a path or
  a code (``@``, ``/``, ``&``, ``_``, digits, a ``.`` then a letter);
* it is no word that is never a person's name (a title or role: "Mr. President", "Dr. Director"; a month, a
  weekday, a group's or mail system's word: ``name_words.not_a_name_word``), except (deid100) a title, role,
  descriptor or field-label word that the name lists know as a family name ("Mr. King", "Mrs. Bishop", "Dr.
  Pope", "Mr. Case", "Ms. French") with no role context after it (a title-case word: "Dr. Judge Wapner"; "of":
  "Mr. Prince of Wales"); months, weekdays, a greeting's and a group's words stay out ("Dr. May 5", "Mr. Best");
* it is no question word ("Dr. Who", "Dr. No": a show's or a book's title; deid100);
* for ``Dr`` only: no title-case word stands right before it ("Wacker Dr. Houston": a street's "Drive") and the
  word after is no known place.

Where no span covers the word, a PERSON span over it is added (the honorific keeps its own TITLE span); a span the
tagger typed a firm, a place or a nationality ("Mrs. French") exactly over the word is retyped PERSON. Any other span there is left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text.name_words import (
    CALENDAR_WORDS,
    NEVER_PEOPLE,
    NOT_PERSON_WORDS,
    name_sets,
    not_a_name_word,
    place_word,
)
from simulacra.text.ner_cleanup import NOT_NAMES
from simulacra.text.spans import Span, mark_person
from simulacra.text.structure import STRUCTURE_SCORE

SCORE = STRUCTURE_SCORE  # a structural rule's score
_SOURCE = "titled.surname"
_TITLED = re.compile(
    r"(?<![\w.@/\-])(?P<t>Mr|Mrs|Ms|Dr|Prof|Mister)\.?[ ]"
    r"(?P<w>(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    r"(?![\w@&/\-]|\.\w|['’](?!s\b))"
)
# a title-case word right before "Dr": a street's name before its "Drive"
_STREET_BEFORE = re.compile(r"[A-Z][a-z]+[ ]\Z")
_THINGS = ("ORGANIZATION", "LOCATION", "NRP")  # "Mrs. French", "Mr. English": no nationality after an honorific


# after the title word, what makes it a role: a title-case word (the name it stands before: "Dr. Judge Wapner")
# or "of" ("Mr. Prince of Wales")
_ROLE_AFTER = re.compile(r"[ ](?:[A-Z][a-z]|of[ ])")
# a question word after the honorific is a show's or a book's title ("Dr. Who", "Dr. No"): no surname
_NOT_SURNAMES = frozenset("who what when where why how no yes".split())


def _title_surname(text: str, m: re.Match[str]) -> bool:
    """A title, role or descriptor word ``not_a_name_word`` excludes that is also a family name ("Mr. King",
    "Mrs. Bishop", "Dr. Pope", "Mr. Case", "Ms. French"), with no role context after it (deid100)."""
    w = m.group("w").lower()
    if w in CALENDAR_WORDS or w in NOT_PERSON_WORDS or w in NEVER_PEOPLE or w in NOT_NAMES:
        return False  # "Dr. May 5", "Mr. Best" (a greeting's word), "Ms. Sales": never taken
    return w in name_sets()[1] and _ROLE_AFTER.match(text, m.end("w")) is None


def _is_surname(text: str, m: re.Match[str]) -> bool:
    w = m.group("w")
    if w.lower() in _NOT_SURNAMES:
        return False
    if not_a_name_word(w) and not _title_surname(text, m):
        return False
    if m.group("t") == "Dr":
        a = m.start("t")
        if _STREET_BEFORE.search(text, max(0, a - 30), a) or place_word(w):
            return False
    return True


def titled_surnames(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with the word after an honorific as PERSON (see the module's docstring). Sorted and
    non-overlapping in, the same out."""
    out = list(spans)
    if "M" not in text and "D" not in text and "P" not in text:
        return out
    changed = False
    for m in _TITLED.finditer(text):
        if not _is_surname(text, m):
            continue
        a, b = m.span("w")

        def same_word(s: Span, ab: tuple[int, int] = (a, b)) -> bool:  # a thing's span exactly over the word
            return s.label in _THINGS and (s.start, s.end) == ab

        changed |= mark_person(out, a, b, SCORE, _SOURCE, same_word)
    return sorted(out, key=lambda s: (s.start, s.end)) if changed else out
