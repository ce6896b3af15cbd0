"""Which parts of a text the NER model needs to read.

The model costs far more per character than everything else in de-identification,
and most sentences of ordinary prose ("The printer jams again.") cannot hold a
name. A sentence is sent to the model when it has a capitalised word other than a
sentence-initial dictionary word or "I", or a lowercase word that is a known given
name, surname or place and not a dictionary word ("alice", "amman": chat). Runs of
such sentences go to the model together, with the text between them, so it keeps
its context.

On simulacra's dense synthetic benchmark corpus this skips about a tenth of the text
and no labelled name; on sparse prose it skips much more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from simulacra.text.ner_cleanup import is_dictionary_word, is_name_or_place

__all__ = ["name_regions"]

_SENTENCE = re.compile(r"[^\n.!?]+[.!?]*")
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from simulacra.text._lexicon import english_words, lexicon

    return frozenset(english_words()) | frozenset(lexicon().words)


def _could_hold_name(sentence: str) -> bool:
    for i, tok in enumerate(_TOKEN.findall(sentence)):
        if tok.islower():
            # "else", "will", "may" are names somewhere, but in lowercase they are words
            if tok not in _english() and is_name_or_place(tok):
                return True
        elif tok != "I" and not (i == 0 and tok[1:].islower() and is_dictionary_word(tok)):
            return True
    return False


def name_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) runs of ``text[start:end]`` whose sentences could hold a name, in order."""
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text, start, stop):
        if not _could_hold_name(m.group()):
            continue
        if out and not text[out[-1][1] : m.start()].strip():
            out[-1] = (out[-1][0], m.end())  # only separators in between: one region
        else:
            out.append((m.start(), m.end()))
    return out
