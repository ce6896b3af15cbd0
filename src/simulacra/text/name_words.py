"""Name words: which words are, may be or are never (part of) a person's name, asked of one word at a time.

The word lists come from :mod:`simulacra.text._lexicon` (Faker's locale data and an English dictionary), read
through :mod:`simulacra.text.ner_cleanup`; the predicates here answer for a single word ("Will": a common word
and a given name; "Houston": a place) and are shared by the structural rules (:mod:`simulacra.text.structure`)
and the span rules beside them (``person_context``, ``person_edges``, ``not_person``, ...).

Every predicate is a pure function of its word (the lists are loaded once and never change) and remembers its
answers (:data:`WORD_TESTS` names them), since the rules ask the same words again and again.
"""

from __future__ import annotations

import re
from functools import lru_cache

from simulacra.text._lexicon import DIMINUTIVES, english_words, lexicon
from simulacra.text.ner_cleanup import (
    FUNCTION_WORDS,
    NOT_NAMES,
    descriptors,
    given_and_family,
    lexicons,
    more_given,
    towns,
)

__all__ = [
    "CALENDAR_WORDS",
    "DAY_WORD",
    "DAY_WORD_RE",
    "FIELD_LABELS",
    "MONTH_WORD",
    "NAME_TITLES",
    "NEVER_PEOPLE",
    "NOT_PERSON_WORDS",
    "SIGNOFF_WORD",
    "WORD_TESTS",
    "any_given_name",
    "common_word",
    "dictionary_word",
    "first_name",
    "given_name",
    "known_name",
    "name_like",
    "name_sets",
    "not_a_name_word",
    "place_word",
]

#: words that make a display name a group, a product or a company rather than a person
NOT_PERSON_WORDS = frozenset(
    "enron outlook yahoo hotmail aol gmail msn lotus notes exchange microsoft google team group groups desk "
    "announcements announcement mailbox mail undisclosed recipients recipient administrator admin postmaster "
    "support help helpdesk service services corp corporation inc llc ltd co company department dept office "
    "committee board news newsletter calendar conference room center centre research trading all everyone "
    "shop store sales billing orders order info noreply no-reply webmaster daemon mailer list staff hr payroll "
    "system systems operations ops it security network".split()
)
#: mail plumbing and products the model takes for people
NEVER_PEOPLE = frozenset(
    "enron outlook yahoo hotmail aol gmail msn lotus exchange ect hou ees corp na enronxgate ene "
    "blackberry palm intranet internet email e-mail fyi asap eol pst pdt est edt cst cdt mst mdt gmt utc bst cet "
    "cest ist jst aest".split()
)
#: labels of identifier fields ("SSN", "Acct", "Ticket"): the word before a number, never a name
FIELD_LABELS = frozenset(
    "iban swift bic ssn sin nhs tin ein vat npi mrn dob acct account routing aba sort sku ref order invoice po "
    "id pin cvv cvc exp zip postcode phone tel fax mobile cell email url ip passport license licence "
    "policy claim member patient case ticket".split()
)
#: a sign-off or greeting word before a comma is no surname ("Cheers,\nSimulacra Shop" is no "Last, First")
SIGNOFF_WORD = re.compile(
    r"thanks|thank|thx|thanx|thanxs|thnx|thks|regards|best|cheers|sincerely|yours|love|rgds|ciao|later|hi|hello|hey|dear"
    r"|greetings|morning|afternoon|evening|welcome|congratulations|congrats",
    re.IGNORECASE,
)

#: a month's name or short form, which a tagger reads as a given name ("Jan", "May", "June"); structure says
#: what beside it makes it a date's part ("Jan 2002", "15 May")
MONTH_WORD = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August"
    r"|September|October|November|December)\.?",
    re.IGNORECASE,
)
#: a weekday's name or short form (a pattern's text), which a tagger reads as a person's word ("Thurs")
DAY_WORD = (
    r"(?:Mon|Tue|Tues|Wed|Weds|Thu|Thur|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
)
#: :data:`DAY_WORD` alone, maybe with its point, in any case
DAY_WORD_RE = re.compile(DAY_WORD + r"\.?", re.IGNORECASE)
#: months and weekdays written out, lowercased
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
#: titles and roles that stand before a name without being part of it, lowercased
NAME_TITLES = frozenset(
    "mr mrs ms miss dr prof sir jr sr ii iii iv md phd esq coach judge president senator mayor rev father "
    "captain general manager director chairman vice".split()
)


@lru_cache(maxsize=1)
def name_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, family names), lowercased: the name lists every predicate here reads."""
    return given_and_family()


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent words, dictionary words), lowercased, names included ("will", "power", "an")."""
    frequent = frozenset(w.lower() for w in lexicon().words) | FUNCTION_WORDS
    return frequent, frozenset(w.lower() for w in english_words()) | frequent


#: the word predicates below are pure functions of one word (the word lists are loaded once and never change), and
#: refine, complete_names and the span rules ask them of the same words again and again: answered once per word
_word_memo = lru_cache(maxsize=1 << 16)
#: the remembering predicates, by name (a benchmark turns their memory off to time it)
WORD_TESTS = (
    "common_word",
    "dictionary_word",
    "given_name",
    "any_given_name",
    "place_word",
    "known_name",
    "first_name",
)


@_word_memo
def common_word(word: str) -> bool:
    """A frequent English word, even when it is also a name ("Will", "An", "Mark")."""
    w = word.lower().strip(".,'’")
    return w in _vocabulary()[0]


@_word_memo
def dictionary_word(word: str) -> bool:
    """A dictionary word (or its plural, past or -ing form), even when it is also a name ("Power")."""
    w = word.lower().strip(".,'’")
    words = _vocabulary()[1]
    return w in words or any(
        w.endswith(suf) and len(w) - len(suf) >= 3 and w[: len(w) - len(suf)] + add in words
        for suf, add in (("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))
    )


@_word_memo
def given_name(word: str) -> bool:
    """A given name of the name lists (short forms no dictionary has included: "Doug"), in any case."""
    return word.lower().strip(".'’") in name_sets()[0]


@_word_memo
def any_given_name(word: str) -> bool:
    """A given name of the lists or of the widened list alone ("Patti": a Sicilian town, and a given name)."""
    w = word.lower().strip(".'’")
    return w in name_sets()[0] or w in more_given()


@_word_memo
def place_word(word: str) -> bool:
    """A place the lists know (country, major city, region or town), as written, in any case."""
    w = word.lower()
    return w in lexicons()[2] or w in towns()


@_word_memo
def known_name(word: str) -> bool:
    """A given or a family name of the name lists, in any case."""
    w = word.lower().strip(".'’")
    given, family = name_sets()
    return w in given or w in family


@_word_memo
def first_name(word: str) -> bool:
    """A known given name, one only the widened list knows ("Geoff", "Sharron"), or a diminutive ("Rod",
    "Ned"), in any case."""
    w = word.lower().strip(".")
    return given_name(w) or w in DIMINUTIVES or w in _EXTRA_SHORT or w in more_given()


#: short forms Faker's lists and DIMINUTIVES miss that colleagues sign with ("Rod", "Ned")
_EXTRA_SHORT = frozenset(("rod", "ned", "bob", "bill", "rob", "will", "dan", "sal", "mo", "hal"))


def not_a_name_word(word: str) -> bool:
    """A word that is never a person's name, whatever its case: a title or role ("Mr", "Director"), a
    nationality or descriptor, a month or weekday, a word of a group, product or mail system ("Team",
    "Outlook"), a field label ("SSN") or a word the cleaner never takes for a name."""
    w = word.lower()
    return (
        w in NAME_TITLES
        or w in descriptors()
        or w in CALENDAR_WORDS
        or w in NOT_PERSON_WORDS
        or w in NEVER_PEOPLE
        or w in FIELD_LABELS
        or w in NOT_NAMES
    )


_NAME_LIKE_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*,?")


def name_like(value: str, *, lone_ok: bool) -> bool:
    """``value`` reads as a person's name (1-4 name words; a lone word must be a known or unusual name)."""
    words = value.split()
    if not 1 <= len(words) <= 5 or any(any(c.isdigit() for c in w) for w in words):
        return False
    lows = [w.lower().strip(".,'’\"()") for w in words]
    if any(w in NOT_PERSON_WORDS or w in NEVER_PEOPLE for w in lows):
        return False
    if not all(_NAME_LIKE_WORD.fullmatch(w) for w in words):
        return False
    if len(words) == 1:
        w = words[0].strip(".,")
        if len(w) < 2 and not lone_ok:
            return False
        if w.islower():
            return given_name(w)
        return known_name(w) or (lone_ok and not common_word(w)) or (not dictionary_word(w) and len(w) > 2)
    # several words: at least one capitalised, no common lowercase word among them
    if not any(w[:1].isupper() for w in words):
        return all(known_name(w) for w in words)
    return not any(
        w[:1].islower() and w.lower() not in ("de", "van", "von", "la", "le", "da", "di", "del") for w in words
    )
