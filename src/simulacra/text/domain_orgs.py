"""An organisation named by its own mail domain: ``Northwind Traders`` beside ``anna@northwind-traders.com``.

A signature's firm (``Anna Kowalski | Logistics Manager | Northwind Traders``) is often a phrase no tagger
knows, while the message's addresses spell it as their domain. A capitalised run of words that is exactly the
first label of a company domain of the same text (its words joined by nothing, ``-``, ``_`` or ``.``) is that
firm. Free-mail domains say nothing of a firm; a one-word label that is a known given or family name may be a
person's own domain (``kaminski.net``) and is left to the other rules. The surrogate mapper then names the fake
firm after the fake domain (``Whitehead-Ellis`` beside ``@whitehead-ellis.info``), so the two stay one firm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simulacra.text.ner_cleanup import given_and_family
from simulacra.text.spans import Span
from simulacra.text.surrogates import FREE_MAIL, last_set

__all__ = ["DOMAIN_ORG_SCORE", "domain_label_words", "domain_org_spans"]

#: just above the policy's floor (0.5): the firm is taken only where no recogniser or the tagger claims its words.
#: Scored as the structure's spans (0.9), "DOW JONES" cut a person span the rules had run over it ("By Cheryl
#: Devoe Kim Of DOW JONES NEWSWIRES") and left "Devoe" in the output (Minkov random_odd, read part: 51 -> 52)
DOMAIN_ORG_SCORE = 0.55
_DOMAIN = re.compile(r"@([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)")
_LABEL_SPLIT = re.compile(r"[-_.]+")


def domain_label_words(domain: str) -> tuple[str, ...]:
    """The words of a domain's first label, lower-cased: ``northwind-traders.com`` -> ('northwind', 'traders')."""
    return tuple(w for w in _LABEL_SPLIT.split(domain.lower().split(".", 1)[0]) if w)


def _company_labels(text: str) -> dict[str, tuple[str, ...]]:
    """Each company domain's first label (as the text's words run together) and its words."""
    out: dict[str, tuple[str, ...]] = {}
    for m in _DOMAIN.finditer(text):
        domain = m.group(1).lower()
        if domain in FREE_MAIL or domain.count(".") > 3:
            continue
        words = domain_label_words(domain)
        if words and all(w.isalpha() and len(w) >= 3 for w in words):
            out["".join(words)] = words
    return out


def _a_name(word: str) -> bool:
    given, family = given_and_family()
    return word in given or word in family or word in last_set()


_NON_SPACE = re.compile(r"\S+")
# a run of one to four capitalised words (or all-capitals), not inside an address, a URL or a path
_RUN = re.compile(r"(?<![\w@./\\-])((?:[A-Z][A-Za-z&']*)(?:[ \t]+(?:[A-Z][A-Za-z&']*)){0,3})(?![\w@-]|\.[A-Za-z0-9])")


def domain_org_spans(text: str) -> list[Span]:
    """ORGANIZATION spans for the runs of capitalised words that spell a company domain of ``text``."""
    if "@" not in text:
        return []
    labels = _company_labels(text)
    if not labels:
        return []
    out: list[Span] = []
    # only where a label's first letters stand capitalised (a cheap find, then the run read from there)
    heads = sorted({label[:4] for label in labels})
    starts = _head_starts(heads, text)
    end = -1
    for p in starts:
        if p < end:
            continue
        m = _RUN.match(text, p)
        if m is None:
            continue
        words = [(w.start(), w.end(), w.group(0)) for w in _NON_SPACE.finditer(m.group(1))]
        found = _spelled(words, labels)
        if found is not None:
            i, j = found  # the longest run of the words that spells a label ("Northwind Traders Inc")
            a, b = m.start(1) + words[i][0], m.start(1) + words[j - 1][1]
            out.append(Span(a, b, "ORGANIZATION", DOMAIN_ORG_SCORE, "structure.domain_org"))
            end = b
    return out


def _head_starts(heads: Iterable[str], text: str) -> list[int]:
    """Where ``re.finditer(re.escape(head), text, re.IGNORECASE)`` matches, for every head, sorted and distinct.

    On an ASCII text with ASCII heads that is where its lowercase holds the head's (non-overlapping, as
    ``finditer``), found with ``str.find``: each document's heads are new strings (a label's first letters),
    so the ``re`` call compiled a pattern for nearly every one (the module's cache rarely holds them).
    Other texts keep the ``re`` call: its case folding also matches a few non-ASCII letters (the Kelvin
    sign, a dotless i) that lowercasing does not.
    """
    if not text.isascii():
        return sorted({h.start() for head in heads for h in re.finditer(re.escape(head), text, re.IGNORECASE)})
    low = text.lower()
    out: set[int] = set()
    for head in heads:
        if not head.isascii():
            out.update(h.start() for h in re.finditer(re.escape(head), text, re.IGNORECASE))
            continue
        head = head.lower()
        if not head:
            out.update(range(len(text) + 1))  # an empty pattern matches at every position
            continue
        p = low.find(head)
        while p >= 0:
            out.add(p)
            p = low.find(head, p + len(head))
    return sorted(out)


def _spelled(words: list[tuple[int, int, str]], labels: dict[str, tuple[str, ...]]) -> tuple[int, int] | None:
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            spelled = labels.get("".join(w for _, _, w in words[i : i + size]).lower())
            if spelled is not None and not (len(spelled) == 1 and _a_name(spelled[0])):
                return i, i + size
    return None
