"""A lone surname with a possessive that a person's pronoun then refers to is a person (deid67, issue 14).

Mail names a colleague by the surname alone, owning something, after a preposition: "Send me stuff on Wolfe's
performance this year and where you would rank him", "Any word on Garrison's promotion? I told him …", "Based on
Okafor's numbers … I asked her". The tagger drops such a word in these shapes (it reads "on X's" as a thing's or
a firm's name), and the given-name rule beside it (``structure._POSSESSIVE_NAME``) asks for a given name, so the
surname stayed verbatim. Here a capitalised word glued to "'s" before a lowercase word is a person where:

* the word is a known name of the shipped lists (``name_words.known_name``) and no frequent or dictionary word,
  place or title, role or calendar word ("Shell's", "Houston's", "Monday's" stay out);
* a person's pronoun (he, him, his, himself, she, her, hers, herself) follows it in the same sentence or the
  next: what the prose says of it is a person's, where a firm's would be "its";
* nothing found covers it, and the message shows no firm by it: no article before it ("the Ritz's"), no firm's
  possessive after it (``not_person.FIRM_POSSESSIVE``: "Dell's acquisition"), no other mention of the word
  typed a firm or a place, and the word is none of the message's firm words (``not_person.firm_words``).

Only words nothing found are added (a span the tagger typed a firm is left as it is: rewritten either way), so
the rule adds recall where a surname leaked and moves no span found before. Stated on the text's form, never on
a corpus.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from simulacra.text._scan import fast_compile
from simulacra.text.name_words import common_word, dictionary_word, known_name, not_a_name_word, place_word
from simulacra.text.not_person import FIRM_POSSESSIVE, firm_words
from simulacra.text.spans import Span

SCORE = 0.9  # a structural rule's score (``structure.STRUCTURE_SCORE``)
# a capitalised word glued to a possessive, then a lowercase word: "on Wolfe's performance"
_POSSESSIVE = fast_compile(r"(?<![\w.@/&'’\-])(?P<name>[A-Z][a-z]{2,}(?:-[A-Z][a-z]{2,})?)['’]s[ ]+(?=[a-z])")
_ARTICLE_BEFORE = re.compile(r"(?:^|[^\w])(?:the|The|a|A|an|An)[ ]+\Z")
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
# a sentence's end: a point, "?" or "!" before a blank, or a blank line
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)|\n[ \t>]*\n")
_LOOK_BEFORE = 12
_THINGS = ("ORGANIZATION", "LOCATION")


def _pronoun_after(text: str, end: int) -> bool:
    """A person's pronoun after ``end``, in the same sentence or the next one."""
    stop = end
    for _ in range(2):
        m = _SENTENCE_END.search(text, stop)
        if m is None:
            stop = len(text)
            break
        stop = m.end()
    return _PRONOUN.search(text, end, stop) is not None


def _name_word(word: str) -> bool:
    return all(
        known_name(w) and not common_word(w) and not dictionary_word(w) and not place_word(w) and not not_a_name_word(w)
        for w in word.split("-")
    )


def possessive_surnames(text: str, spans: Sequence[Span]) -> list[Span]:
    """``spans`` with each lone name before a possessive that a person's pronoun refers to added as a PERSON (see
    the module's docstring). Sorted and non-overlapping in, the same out; no span found moves."""
    if "'" not in text and "’" not in text:
        return list(spans)
    found = []
    for m in _POSSESSIVE.finditer(text):
        a, b = m.span("name")
        if any(s.start < b + 2 and a < s.end for s in spans):
            continue  # found already, whatever its type
        if _ARTICLE_BEFORE.search(text, max(0, a - _LOOK_BEFORE), a):
            continue
        word = m.group("name")
        if not _name_word(word) or not _pronoun_after(text, m.end()):
            continue
        found.append((a, b, word))
    if not found:
        return list(spans)
    firms = firm_words(text, list(spans))
    # the message's words typed a firm or a place, a possessive aside ("Dell's" beside "at Dell")
    typed = {re.split(r"['’]", text[s.start : s.end])[0].lower() for s in spans if s.label in _THINGS}
    added = [
        Span(a, b, "PERSON", SCORE, "possessive.surname")
        for a, b, word in found
        if word.lower() not in firms and word.lower() not in typed and not FIRM_POSSESSIVE.match(text, b)
    ]
    return sorted([*spans, *added], key=lambda s: (s.start, s.end))
