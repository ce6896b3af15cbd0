"""The forms a user types a verb in (issue 20, draft56): one home for telling a past or a present form of a verb by
the word alone.

The draft has no verb lexicon (its WordNet data holds nouns only), so a verb is told by its ending ("graded",
"inspects") and, for the past forms no ending makes ("taught", "drew", "rode", "saw"), by the table below — the
exceptions WordNet's morphy lists for verbs, the common ones a request for data says of people at work.
"""

from __future__ import annotations

#: a verb -> its past where no ending makes it ("teach": taught); a past that is also a common noun or another
#: word first ("bit", "won", "lay", "felt") is left out: read as a verb it would split nouns said in a row
IRREGULAR_PAST: dict[str, str] = {
    "bring": "brought",
    "build": "built",
    "buy": "bought",
    "catch": "caught",
    "choose": "chose",
    "do": "did",
    "draw": "drew",
    "drive": "drove",
    "eat": "ate",
    "feed": "fed",
    "fight": "fought",
    "find": "found",
    "fly": "flew",
    "get": "got",
    "give": "gave",
    "grow": "grew",
    "hold": "held",
    "keep": "kept",
    "lead": "led",
    "leave": "left",
    "lend": "lent",
    "lose": "lost",
    "make": "made",
    "meet": "met",
    "pay": "paid",
    "ride": "rode",
    "run": "ran",
    "see": "saw",
    "seek": "sought",
    "sell": "sold",
    "send": "sent",
    "shoot": "shot",
    "sing": "sang",
    "spend": "spent",
    "steal": "stole",
    "submit": "submitted",
    "sweep": "swept",
    "take": "took",
    "teach": "taught",
    "tell": "told",
    "think": "thought",
    "throw": "threw",
    "wear": "wore",
    "weave": "wove",
    "write": "wrote",
}

#: an irregular past -> its verb ("taught": teach)
VERB_OF_PAST: dict[str, str] = {past: verb for verb, past in IRREGULAR_PAST.items()}

#: words ending like a verb's form that say no act ("was", "has", "is", "needed", "used")
NO_ACT = frozenset({"was", "has", "had", "is", "does", "this", "thus", "plus", "less", "us", "yes", "needed", "used"})


def past_form(word: str) -> bool:
    """A past form of a verb: an irregular one ("taught", "rode") or one in -ed ("graded", "inspected")."""
    if word in VERB_OF_PAST:
        return True
    if len(word) <= 5 and word.endswith("eed"):
        return False  # need, feed, seed, speed: a verb's bare form or a noun, no past
    return word.isalpha() and len(word) >= 4 and word not in NO_ACT and word.endswith("ed")


def third_person(word: str) -> bool:
    """A third-person present form by its ending ("inspects", "fixes"; not "-ss", "-us", "-is")."""
    if not word.isalpha() or word in NO_ACT or len(word) < 4:
        return False
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))
