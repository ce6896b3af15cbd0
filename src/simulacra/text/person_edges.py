"""What a person's span takes that is no part of the name: the edges a found name must not cross.

A name found by the tagger or by the e-mail structure often runs into its neighbours: a possessive
(``Osman's x39392 request``), a quote closing a list item (``'Kathy Ridley';``), a post-nominal after a
comma (``Ann Lee, CPA``, ``Rob Roe, Jr.``), the job title that starts the signature's next part
(``Ann Lee President, Acme Builders``), or the quoted-printable soft line break of a name that an 80-column
mail wrapped (``Anne =20`` / ``Lee``): the transport's escaped space ends the line there, and the text's
own convention (names kept whole across a plain line end) does not hold across the escape. Each rule here
only narrows a person's span or cuts it in two; the words it gives up are no name words, so no real name
is left in the output by it, and a cut name's pieces stay persons. One further rule retypes (never drops)
a one-word "person" that the same message writes in glued capitals (``ClickAtHome``, a programme's
mailbox). Everything is stated on the text, never on an evaluation corpus; the word tests are the
structure module's (name lists, the dictionary).

Below (deid-email21), for ``structure.refine`` and the engine: things typed as persons, each retyped (still
rewritten) or, for a holiday's name, dropped (no name); and the one widening here, an honorific after a lone
given name with nothing capitalised after it taken as the surname ("Philip Mayor is"), so that it is rewritten.

Below that (deid-email22), for the engine: names a neighbour's span took, given back — a person leading an
organisation's span ("By Ann Lee Of ACME NEWSWIRES", "Ann Lee Acme Corp." beside "@acme.com"), a sign-off joined to
the name of a Notes reply header ("Kate Kerri Roe @ACME"); an initial's point, a generation's numeral and a
hyphenated surname's second part taken into the name; a free given + family name inside a sentence and a couple's
given name ("Harry & Macey Reasoner") added as persons.

Below those (deid-email23): a "person" led by a word the text writes alone as a place ("Alberta Price Fixing" beside
"into Alberta") and a one-word "person" the text also writes in a path of codes ("EPNG/Blanco/Blanco"), retyped
(still rewritten); a "Last, First" span that is two items of a comma list of names ("Monica, Bryan, & Tori") cut in
two persons; a surname the message's own address spells ("Bobette Riner" beside "bobette.riner@…") taken into the
person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from simulacra.text._scan import fast_compile, scan_matches
from simulacra.text.name_words import any_given_name, common_word, dictionary_word, given_name, known_name, place_word
from simulacra.text.spans import Span

# a quoted-printable line end inside a span: an escaped space or tab before it ("=20"), or a soft break ("=")
_SOFT_BREAK = re.compile(r"[ \t]*(?:=20|=09|=)[ \t]*\r?\n[ \t>]*")
# (the span may also hold the line end after the soft break: "Drew =\n", where the view blanked the "=" and the
# name's rule took the blank and the line end with the name)
_TRAILING_ESCAPE = re.compile(r"[ \t]*=(?:20|09)?[ \t]*(?:\r?\n[ \t>]*)?\Z")
# a firm's name in capitals glued by a dash to the person's in a display name ("PEERLESS OIL-Louis Vasquez")
_FIRM_PREFIX = re.compile(r"[A-Z][A-Z&]+(?:[ ][A-Z][A-Z&]+)*-(?=[A-Z][a-z])")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’]s\Z")
_CLOSING_QUOTE = re.compile(r"(?<=[A-Za-z.])['’]\Z")
# post-nominal letters after a comma: a degree, a licence, a profession's or a generation's mark
_POST_NOMINAL = re.compile(
    r",[ ]?(?:Esq|Jr|Sr|CPA|CPS|CFA|CFP|CLU|PhD|Ph\.D|MD|M\.D|MBA|JD|J\.D|PE|P\.E|RN|DDS|LLM|PMP|CISSP)\.?\Z"
)
# a job title's first word: what starts a signature's role after the name on its line
_ROLE_WORDS = frozenset(
    "president vice director manager chairman chairwoman chair analyst associate assistant counsel attorney "
    "engineer specialist coordinator consultant executive officer supervisor secretary administrator "
    "representative trader principal chief managing ceo cfo coo cto cio vp svp evp avp".split()
)


def role_word(word: str) -> bool:
    """``word`` is a job title's first word ("Senior", "Director", "VP")."""
    return word.lower() in _ROLE_WORDS or word.lower() == "senior"


# three or more capitalised humps glued into one word ("ClickAtHome", "EnronOnLine"): a product or a programme
_GLUED_HUMPS = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+){2,}")
_HUMP = re.compile(r"[A-Z][a-z]+")


def _role_cut(value: str) -> int | None:
    """Where a job title starts inside ``value`` after a full name ("George Roe President, Acme Bui"), or None.

    The role's word stands third or later, capitalised, no name list knows it; the words before it are
    name-shaped. "Will Chief" (two words) and a role word that is a known surname ("Ann Lee Partner"?
    "partner" is no name: the role) are judged by the lists."""
    words = list(re.finditer(r"\S+", value))
    if len(words) < 3:
        return None
    for k in range(2, len(words)):
        w = words[k].group().rstrip(",.;:")
        if not w[:1].isupper():
            return None
        if w.lower() in _ROLE_WORDS and not known_name(w):
            before = value[: words[k - 1].end()].rstrip(",")
            if len(before.split()) >= 2 and all(p[:1].isupper() for p in before.split()):
                return len(before)
            return None
        if "," in words[k - 1].group():
            return None  # a comma ended the name's words: nothing after it is judged here
    return None


# the letters of an office's room code the tagger took with the name before it ("Mike EB" of "Mike EB3328",
# "Toni EB" of "Toni EB 3321"): capitals ending the span, the code's digits right after it
_CODE_LETTERS = re.compile(r"[ \t\n]+[A-Z]{2,3}\Z")
_CODE_DIGITS = re.compile(r" ?\d{3,4}[A-Z]?\b")


def narrow_person(text: str, s: Span, raw: str | None = None) -> list[Span]:
    """``s`` (a PERSON span) without the edges above: one span, the two pieces of a wrapped name, or none
    when nothing name-like is left. ``raw`` is the text before its quoted-printable escapes were blanked
    for detection (``structure.detection_view``: same length, same offsets); the escapes are read there."""
    raw = text if raw is None else raw
    value = raw[s.start : s.end]
    if (c := _CODE_LETTERS.search(value)) is not None and c.start() > 0 and _CODE_DIGITS.match(text, s.end):
        # "Mike EB" before "3328": an office's room code ("with Mike EB3328") split by the tagger; the name only
        return narrow_person(text, replace(s, end=s.start + c.start()), raw)
    if value.count(" ") < 2 and not any(c in value for c in "='’,-"):
        return [s]  # most names: no escape, quote, comma or third word to judge (the common case, kept fast)
    if (f := _FIRM_PREFIX.match(value)) is not None and _named_after(value[f.end() :]):
        # "PEERLESS OIL-Edward A. Maciula": a display name led by its firm in capitals; the person follows the dash
        return narrow_person(text, replace(s, start=s.start + f.end()), raw)
    m = _SOFT_BREAK.search(value)
    if m is not None and m.start() > 0 and m.end() < len(value):
        # "Anne =20\nLee": the escape and the line end are the transport's; each line's name stays a person
        first = replace(s, end=s.start + m.start())
        second = replace(s, start=s.start + m.end())
        return [p for piece in (first, second) for p in narrow_person(text, piece, raw)]
    k = value.find(" > ")
    if k > 0 and text[s.start + k + 1] == " ":
        # "Kelly > Lynch": a reply's quote marker stranded in a re-wrapped display name, blanked in the view
        # (``structure.stranded_quote_marks``); each side stays a person, the marker between them kept
        first = replace(s, end=s.start + k)
        second = replace(s, start=s.start + k + 3)
        return [p for piece in (first, second) for p in narrow_person(text, piece, raw)]
    end = s.end
    if (t := _TRAILING_ESCAPE.search(value)) is not None and t.start() > 0:
        end = s.start + t.start()  # "Timothy =": the soft break's "=" with the surname on the next line
    v = text[s.start : end]
    if (p := _POSSESSIVE.search(v)) is not None and p.start() >= 2:
        end = s.start + p.start()  # "per Osman's request": the name without its possessive
    elif (q := _CLOSING_QUOTE.search(v)) is not None and q.start() >= 2:
        end = s.start + q.start()  # "'Carlos Sole'": the list item's closing quote
    v = text[s.start : end]
    if (n := _POST_NOMINAL.search(v)) is not None and len(v[: n.start()].split()) >= 2:
        end = s.start + n.start()  # "Heather Choate, CPS", "Byron Woertz, Jr.": letters after the name
    v = text[s.start : end]
    if "\n" not in v and (cut := _role_cut(v)) is not None:
        end = s.start + cut  # "George Richards President, Creekside Bui": the signature's role and firm
    if end == s.end:
        return [s]
    return [replace(s, end=end)] if end - s.start >= 2 else []


def _named_after(rest: str) -> bool:
    """``rest`` is a person's name of two words or more opening with a known given name ("Louis Vasquez", "Edward
    A. Maciula"; not "Strategic Initiative" after "VP-", nor "Hachette" alone after "UWP-")."""
    words = rest.split()
    return len(words) >= 2 and _first_name(words[0])


def glued_thing_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """Lowercased one-word person spans written in glued capitals of three or more humps ("ClickAtHome"),
    every hump a dictionary word and no given name ("JoAnnSmith" is a person's mailbox: "Ann" is a given
    name). Read from the spans, not the whole text: the same word in small letters ("Clickathome@ACME") is
    then the same thing."""
    glued = [v for s in spans if s.label == "PERSON" and _GLUED_HUMPS.fullmatch(v := text[s.start : s.end]) is not None]
    if not glued:
        return frozenset()
    return frozenset(
        v.lower() for v in glued if all(dictionary_word(h) and not given_name(h) for h in _HUMP.findall(v))
    )


def glued_thing(text: str, s: Span, things: Sequence[str] | frozenset[str]) -> bool:
    """``s`` is one word the same text writes in glued capitals as a product or programme's name."""
    value = text[s.start : s.end]
    return bool(things) and " " not in value and value.lower() in things


def narrow_people(text: str, spans: Sequence[Span], raw: str | None = None) -> list[Span]:
    """Every PERSON span of ``spans`` through ``narrow_person`` (run after the names are completed, which may
    join or widen them); the others as they are."""
    out: list[Span] = []
    for s in spans:
        out.extend(narrow_person(text, s, raw) if s.label == "PERSON" else (s,))
    return out


# --- things typed as persons, and surnames that are honorifics (deid-email21) ------------------------------------

# a holiday's name: a date's word, never a person ("before Christmas", "Thanksgiving week")
HOLIDAYS = frozenset(
    "christmas xmas thanksgiving easter halloween hanukkah chanukah kwanzaa passover ramadan diwali".split()
)
# an honorific that is also a family name: after a given name, with nothing capitalised after it, the surname
# ("Philip Mayor is a summer intern", "send it to Ann Judge."); before a name it is the title the tagger keeps
_HONORIFIC_SURNAMES = frozenset(
    "mayor judge bishop major prince king dean knight marshal sheriff baron duke earl lord pastor deacon "
    "chancellor governor senator captain colonel general doctor".split()
)
_HONORIFIC_AFTER = re.compile(r"[ ](?P<w>[A-Z][a-z]{2,})(?=[ ]+[a-z]|[ ]*[.,;:!?)]|[ \t]*\r?\n|[ \t]*\Z)")


# a letter drawn out four times or more ("Ahhhhhh", "Soooooo", "SOOoo"): an interjection, spelt as it is said;
# no name writes a letter four times in a row (three: "McGillloway", a typo, and "III", a generation's numeral)
_DRAWN_OUT = re.compile(r"([^\W\d_])\1{3,}", re.IGNORECASE)


def drawn_out(value: str) -> bool:
    """One word with a letter drawn out four times or more in a row ("Ahhhhhhh", "Soooooo", "SOOoo")."""
    return " " not in value and _DRAWN_OUT.search(value) is not None


def holiday(value: str) -> bool:
    """One word, possibly possessive, that names a holiday ("Christmas", "Easter's")."""
    v = value[:-2] if value[-2:] in ("'s", "’s") else value
    return " " not in v and v.lower() in HOLIDAYS


_THING_SUFFIX = re.compile(r"[a-z]{2,}(?:tion|sion|ment|ness|ity|ance|ence|ship)")


def subject_thing(value: str) -> bool:
    """Title-case words of a Subject line whose last word names a thing, not a person: a capitalised dictionary
    word that no name list knows, as a given or a family name, formed as a thing's noun: an abstract noun's
    suffix ("VAR Presentation", "Curve Validation"), a plural of such a noun ("Visa Documents") or a verb's
    "-ing" ("Budget Meeting"). A surname ends a person's words even when it is an English word no
    list knows ("Ken Lay", "Tom Bower", "Louise Kitchen", "Andy Zipper"): the noun's form is what is asked."""
    words = value.split()
    if len(words) < 2 or "\n" in value or "," in value or value.isupper():
        return False
    last = words[-1].rstrip(".:;!?'’")
    if len(last) < 4 or not last[0].isupper() or not last[1:].islower():
        return False
    if not dictionary_word(last) or known_name(last) or any_given_name(last):
        return False
    low = last.lower()
    if _THING_SUFFIX.fullmatch(low):
        return True
    if low.endswith("ing") and len(low) >= 6:
        stem = last[:-3]
        return dictionary_word(stem) and not known_name(stem) and not any_given_name(stem)
    # a plural of such a noun ("Documents", "Presentations"); a plain plural may be a surname ("Childs", "Rollings")
    return low.endswith("s") and _THING_SUFFIX.fullmatch(low[:-1]) is not None


_BRAND_TAIL = re.compile(r"[a-z]{3,}(?![\w@])")


def brand_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """One-word person spans of the tagger, no name list's word, that the same text also glues to a small-letter
    dictionary word ("Dynegy" beside "Dynegydirect", "Acme" beside "Acmeonline"): a firm and its product or site.
    No name is written glued to a word; a known name ("Smith" of "Smithfield") is left alone."""
    cands = {
        v
        for s in spans
        if s.label == "PERSON"
        and s.source == "ner"
        and " " not in (v := text[s.start : s.end])
        and len(v) >= 3
        and v[0].isupper()
        and v[1:].islower()
    }
    if not cands:
        return frozenset()
    out = set()
    size = len(text)
    for v in cands:
        h = text.find(v)
        while h >= 0:  # str.find to each place the word is glued to small letters; a regex per word was slower
            e = h + len(v)
            if e < size and text[e].islower() and (h == 0 or not (text[h - 1].isalnum() or text[h - 1] in "_@./-")):
                m = _BRAND_TAIL.match(text, e)
                if m is not None and dictionary_word(m.group()) and not known_name(v):
                    out.add(v)
                    break
            h = text.find(v, e)
    return frozenset(out)


def honorific_surnames(text: str, spans: Sequence[Span]) -> list[Span]:
    """A lone given name found as a person takes the honorific after it when nothing capitalised follows: the
    honorific is the surname ("Philip Mayor is", "to Ann Judge."); "Philip, Mayor of Houston" and "Ann Judge
    Brown" are left alone. ``spans`` sorted and non-overlapping; the word taken must be free of other spans."""
    out = list(spans)
    n = len(out)
    for i, s in enumerate(out):
        if s.label != "PERSON":
            continue
        m = _HONORIFIC_AFTER.match(text, s.end)
        if m is None or m.group("w").lower() not in _HONORIFIC_SURNAMES:
            continue
        value = text[s.start : s.end]
        if " " in value or not given_name(value):
            continue
        if i + 1 < n and out[i + 1].start < m.end():
            continue  # the word is another span's
        out[i] = replace(s, end=m.end())
    return out


_LINE_START = re.compile(r"(?:\A|\n)[ \t>]*\Z")
_LABEL_VALUE = re.compile(r":[ \t]+\S")


def line_label(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is one capitalised dictionary word that opens its line before a colon with the line's value
    after it ("Topic:\tFundamentals", "Agenda:  Q3 review"): a field's label; a given name may open a chat's
    line so ("Sally: ok") and is left alone."""
    value = text[a:b]
    if not value[:1].isupper() or not value[1:].islower() or len(value) < 3:
        return False
    if _LABEL_VALUE.match(text, b) is None or _LINE_START.search(text, max(0, a - 12), a) is None:
        return False
    return dictionary_word(value) and not any_given_name(value)


# a surname alone on the next line of an address list, after a name that ends in a middle initial at a plain
# line end ("Laine A" / "Powell/Corp/Enron@Enron,"): a line a mailer wrapped before the surname
_SURNAME_NEXT_LINE = re.compile(
    r"[ \t]*\r?\n[ \t>]*(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?=/|,|;|@|[ \t]*\r?\n|[ \t]*\Z)"
)
_ENDS_IN_INITIAL = re.compile(r"\S[ \t]+[A-Z]\.?\Z")


def wrapped_initials(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span ending in a middle initial at a plain line end takes the next line's lone capitalised word
    when an address's office, a list's comma or semicolon, or the line's end follows it ("Laine A" / "Powell/Corp",
    "John M" / "Rose,"): a given name, an initial and no surname is no name's end. The word must be free or a
    person span of its own, or any span of its own before an Exchange address's office (then the two are one). A quoted-printable escape before the line end is
    ``narrow_person``'s (the escape cuts there). ``spans`` sorted and non-overlapping."""
    out: list[Span] = []
    skip = -1
    n = len(spans)
    for i, s in enumerate(spans):
        if i == skip:
            continue
        if s.label == "PERSON" and _ENDS_IN_INITIAL.search(text, s.start, s.end):
            m = _SURNAME_NEXT_LINE.match(text, s.end)
            if m is not None:
                nxt = spans[i + 1] if i + 1 < n else None
                if nxt is None or nxt.start >= m.end("w"):
                    s = replace(s, end=m.end("w"))
                elif (
                    nxt.start == m.start("w")
                    and nxt.end == m.end("w")
                    and (nxt.label == "PERSON" or text[nxt.end : nxt.end + 1] == "/")
                ):
                    # the surname found alone, or typed a place or firm where an Exchange address's office follows
                    # it ("Kyle A" / "Dallas/HOU/ECT"): the address is a person's
                    s = replace(s, end=m.end("w"))
                    skip = i + 1
        out.append(s)
    return out


# --- names that a neighbour's span took, and an initial's point (deid-email22) -----------------------------------

_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|O'[A-Z][a-z]+")
_WORD = re.compile(r"\S+")


def _first_name(word: str) -> bool:
    """A given name of the lists that is no frequent English word ("Stan", "Kerri"; not "Summer", "My")."""
    return word[:1].isupper() and given_name(word) and not common_word(word)


def _surname(word: str) -> bool:
    """A capitalised word that reads as a family name: no given name of the lists, no frequent English word."""
    return _NAME_WORD.fullmatch(word) is not None and not any_given_name(word) and not common_word(word)


_INITIAL_LAST = re.compile(r"\S[ \t]+[A-Z]\Z")


def initial_points(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span that ends in a single capital after a name word takes the point that follows it: the point
    is the initial's ("Joe H. & Alan A.", "Cheryl G. <addr>"), not the sentence's. A ``Last, First I`` span is left
    as it is (lists of that form write the point both ways), and so is a point that starts another abbreviation
    ("H.W."). ``spans`` sorted and non-overlapping."""
    out = list(spans)
    size = len(text)
    for i, s in enumerate(out):
        if s.label != "PERSON" or s.end >= size or text[s.end] != "." or "," in text[s.start : s.end]:
            continue
        if _INITIAL_LAST.search(text, s.start, s.end) is None:
            continue
        if s.end + 1 < size and text[s.end + 1].isalnum():
            continue  # "H.W.": an abbreviation goes on
        if i + 1 < len(out) and out[i + 1].start <= s.end:
            continue
        out[i] = replace(s, end=s.end + 1)
    return out


# a Notes reply header after a name: its address, its @DOMAIN, "on 11/17/2000", or the date opening the next line
_HEADER_TAIL = re.compile(
    r"[ \t]*(?:<[^<>\s]+@|@[A-Z][A-Za-z]+\b|on[ \t]+\d{1,2}/\d{1,2}/\d{2,4})|[ \t]*\r?\n[ \t]*\d{1,2}/\d{1,2}/\d{2,4}"
)


# the free capitalised word after a span (one space; no address, domain or possessive glued to it). It is the
# pattern signoff_headers has run with since deid-email23: a second definition further down replaced a first one
_NEXT_WORD = re.compile(r"[ ](?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w@.'’-])")


def signoff_headers(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span that joins a signature to the name of the Notes reply header after it, on one line, is cut
    in two persons: "Katherine Brown Kathy Nethercutt <kn@acme.org> on 11/17/2000", "Eric Julie Pechersky" + a
    date line, "Kate Kerri Thompson @ACME". Four words: given, family, given, family name (also when the span
    stopped before the last one, which is then taken: it would be left in the output). Three words (a given name,
    then given and family name): only when the text also writes the first given name with another surname (the
    reply's "To: Eric Bass"), so that "Mary Ann Smith <ms@acme.org>" stays one name. ``spans`` sorted and
    non-overlapping."""
    out: list[Span] = []
    skip = -1
    for i, s in enumerate(spans):
        if i == skip:
            continue
        if s.label != "PERSON" or "\n" in text[s.start : s.end]:
            out.append(s)
            continue
        words = list(_WORD.finditer(text, s.start, s.end))
        ws = [w.group() for w in words]
        end = s.end
        if len(ws) == 3 and _first_name(ws[0]) and _surname(ws[1]) and _first_name(ws[2]):
            # "Katherine Brown Kathy" + "Nethercutt <addr>": the header's surname, free or a one-word person
            m = _NEXT_WORD.match(text, s.end)
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            if m is not None and _surname(m.group("w")) and _HEADER_TAIL.match(text, m.end()) is not None:
                if nxt is None or nxt.start >= m.end():
                    end = m.end()
                elif (nxt.start, nxt.end, nxt.label) == (m.start("w"), m.end("w"), "PERSON"):
                    end, skip = m.end(), i + 1
                if end != s.end:
                    out.append(replace(s, end=words[1].end()))
                    out.append(replace(s, start=words[2].start(), end=end))
                    continue
        if _HEADER_TAIL.match(text, s.end) is None:
            out.append(s)
            continue
        cut = None
        if len(ws) == 4 and _first_name(ws[0]) and _surname(ws[1]) and _first_name(ws[2]) and _surname(ws[3]):
            cut = 2
        elif len(ws) == 3 and _first_name(ws[0]) and _first_name(ws[1]) and _surname(ws[2]):
            other = re.compile(rf"\b{re.escape(ws[0])}[ \t]+(?!{re.escape(ws[1])}\b)[A-Z][a-z]+")
            if any(m.start() < s.start or m.start() >= s.end for m in other.finditer(text)):
                cut = 1
        if cut is None:
            out.append(s)
            continue
        out.append(replace(s, end=words[cut - 1].end()))
        out.append(replace(s, start=words[cut].start()))
    return out


_BYLINE = re.compile(r"(?:\A|\n)[ \t>]*By[ \t]+\Z")
_LINE_OPEN = re.compile(r"(?:\A|\n)[ \t>]*\Z")
_DOMAIN = re.compile(r"@((?:[A-Za-z0-9-]+\.)+)[A-Za-z]{2,}\b")


def _mail_domain_words(text: str) -> frozenset[str]:
    """The labels of the text's mail domains, lowercased, less the last ("acme" of "ann@mail.acme.com")."""
    if "@" not in text:
        return frozenset()
    return frozenset(p.lower() for m in _DOMAIN.finditer(text) for p in m.group(1).split(".") if len(p) >= 3)


def people_in_firms(text: str, spans: Sequence[Span]) -> list[Span]:
    """An organisation's span that took the person before it, cut in a person and the rest: a byline "By Ann Lee Of
    ACME NEWSWIRES", a signature line "Ann Lee Acme North America Corp." whose firm word is the text's mail domain
    (``@acme.com``), and a span led by a name (given and family name) that the same text finds as a person
    elsewhere ("Ann Lee Teleconference"). The person's words: a given name first, then capitalised name words
    only; a possessive after them stays out. ``spans`` sorted and non-overlapping."""
    orgs = [s for s in spans if s.label == "ORGANIZATION" and " " in text[s.start : s.end].strip()]
    if not orgs:
        return list(spans)
    domains = _mail_domain_words(text)
    persons = {
        text[s.start : s.end].removesuffix("'s").removesuffix("’s").rstrip("'’")
        for s in spans
        if s.label == "PERSON" and " " in text[s.start : s.end]
    }
    out: list[Span] = []
    is_org = frozenset(orgs)  # a set (Span is frozen, hashed by its fields): ``in`` asked per span, not a list scan
    for s in spans:
        cut = _person_in_firm(text, s, domains, persons) if s in is_org else None
        if cut is None:
            out.append(s)
            continue
        person_end, rest_start = cut
        out.append(Span(s.start, person_end, "PERSON", s.score, "structure.firm_person"))
        if rest_start < s.end and any(c.isupper() for c in text[rest_start : s.end]):
            out.append(replace(s, start=rest_start))
    return out


def _person_in_firm(text: str, s: Span, domains: frozenset[str], persons: set[str]) -> tuple[int, int] | None:
    """(end of the person's words, start of the firm's) inside the organisation span ``s``, or None."""
    words = list(_WORD.finditer(text, s.start, s.end))
    ws = [w.group() for w in words]
    if len(ws) < 2 or not _first_name(ws[0]):
        return None

    def name_run(k: int) -> bool:  # the first k words are a name: a given name, then name words
        return 1 <= k <= 3 and all(_NAME_WORD.fullmatch(w.rstrip("'’")) is not None for w in ws[:k])

    line_open = _LINE_OPEN.search(text, max(0, s.start - 80), s.start) is not None
    if _BYLINE.search(text, max(0, s.start - 80), s.start) is not None:
        for k in range(2, len(ws) - 1):
            if ws[k] in ("Of", "of") and name_run(k):
                return words[k - 1].end(), words[k + 1].start()
    if line_open and domains:
        for k in range(1, min(len(ws), 4)):
            if ws[k].lower().rstrip(".,") in domains:
                if name_run(k) and not any(w.lower() in domains for w in ws[:k]) and (k == 1 or _surname(ws[k - 1])):
                    return words[k - 1].end(), words[k].start()
                break
    for k in (3, 2):
        if k < len(ws) and name_run(k):
            value = text[s.start : words[k - 1].end()]
            bare = value.removesuffix("'s").removesuffix("’s").rstrip("'’")
            if bare in persons and _surname(bare.split()[-1]):
                return s.start + len(bare), words[k].start()
    return None


# a given name and a family name no tagger took, inside a sentence: a small word or a comma before, a small word or
# a stop after ("send comments to Mike Day as soon as")
_FREE_PAIR = fast_compile(r"(?<=[a-z,][ ])(?P<g>[A-Z][a-z]+)[ ](?P<f>[A-Z][a-z]+)(?=[ ]+[a-z]|[.,;:!?)])")
# a given name joined by "&" or "and" to a person's name after it ("Harry & Macey Reasoner"): a couple
_COUPLE = re.compile(r"(?<![\w@.'’-])(?P<g>[A-Z][a-z]+)[ \t]+(?:&|and)[ \t]+\Z")


def free_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Persons no finder took, in two shapes the text states: a given name of the lists (no frequent word) and a
    family name of the lists that is no place, inside a sentence and free of every span ("to Mike Day as soon":
    a surname that is an English word the tagger reads as a word); a given name joined by "&" or "and" to a found
    full name that opens with a given name ("Society/Harry & Macey Reasoner": a couple). ``spans`` sorted and
    non-overlapping; the result too."""
    added: list[Span] = []
    starts = [s.start for s in spans]
    import bisect

    def free(a: int, b: int) -> bool:
        i = bisect.bisect_left(starts, b)
        return i == 0 or spans[i - 1].end <= a

    for m in _FREE_PAIR.finditer(text):
        g, f = m.group("g"), m.group("f")
        before = text[max(0, m.start() - 40) : m.start()].split()
        if not before or not before[-1].rstrip(",").isalpha() or not before[-1].rstrip(",").islower():
            continue  # the word before is no small word ("captain Billie Jean King": a three-word name)
        if _first_name(g) and known_name(f) and not place_word(f) and not place_word(g) and free(m.start(), m.end()):
            added.append(Span(m.start(), m.end(), "PERSON", 0.6, "structure.free_name"))
    for s in spans:
        if s.label != "PERSON" or " " not in text[s.start : s.end]:
            continue
        first = text[s.start : s.end].split()[0]
        if not (_first_name(first) or (any_given_name(first) and not common_word(first))):
            continue
        c = _COUPLE.search(text, max(0, s.start - 40), s.start)
        if c is not None and _first_name(c.group("g")) and free(c.start("g"), c.end("g")):
            added.append(Span(c.start("g"), c.end("g"), "PERSON", 0.6, "structure.couple"))
    if not added:
        return list(spans)
    return sorted([*spans, *added], key=lambda s: s.start)


# what a name's span stopped before: a generation's numeral ("Charles E. Hunter III"; "Sr." before a role is the
# role's, "Irena Roe Sr. Administrative Assistant", and after a comma it is ``narrow_person``'s), the hyphenated second part of a
# family name ("SGandhi-Gupta", "Ann Barker-Bennett"), the next word and what follows neither a letter nor a mark
_NAME_TAIL = re.compile(r"(?P<t>[ ](?:II|III|IV)|-[A-Z][a-z]{2,})(?![\w'’@.-])")


def name_tails(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span of a given or family name takes a generation's numeral after it ("Hunter III", "Roe IV") and
    the hyphenated second part of its last word ("SGandhi-Gupta"), when the text leaves them free: else they are
    left verbatim in the output. A one-letter last word (an initial) takes no hyphen. ``spans`` sorted and
    non-overlapping."""
    out = list(spans)
    for i, s in enumerate(out):
        if s.label != "PERSON":
            continue
        m = _NAME_TAIL.match(text, s.end)
        if m is None or (i + 1 < len(out) and out[i + 1].start < m.end()):
            continue
        last = text[s.start : s.end].split()[-1]
        if m.group("t").startswith("-") and (len(last) < 2 or not last[-1].islower()):
            continue
        if not m.group("t").startswith("-") and len(text[s.start : s.end].split()) < 2:
            continue  # "Pope III"? a lone word and a numeral: left alone
        out[i] = replace(s, end=m.end())
    return out


# a list item's first word before a person's span: after "; " (or a header's label) and the name ending the item
_ITEM_OPEN = re.compile(r"(?:;[ \t]+|(?:\A|\n)(?:To|Cc|Bcc|From):[ \t]+)\Z")
_ITEM_END = re.compile(r"[ \t]*(?:;|,|\r?\n|\Z|[ \t]Cc:|[ \t]Subject:)")
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+)[ ]\Z")  # the capitalised word just before a span


def list_item_given(text: str, spans: Sequence[Span]) -> list[Span]:
    """A ``;`` list of names whose item is a title word and a person's span ("Norma Boddy; Prince McDougal Cc:"): the
    title word is the given name (Prince, Earl, Dean, Major, King are given names too), taken into the person when
    it is free; no title stands before a name in an address list. ``spans`` sorted and non-overlapping."""
    out = list(spans)
    for i, s in enumerate(out):
        if s.label != "PERSON" or " " in text[s.start : s.end] or _ITEM_END.match(text, s.end) is None:
            continue
        m = _WORD_BEFORE.search(text[max(0, s.start - 30) : s.start])
        if m is None:
            continue
        a = s.start - len(m.group(0))
        if m.group(1).lower() not in _HONORIFIC_SURNAMES or _ITEM_OPEN.search(text, max(0, a - 12), a) is None:
            continue
        if i > 0 and out[i - 1].end > a:
            continue  # the word is another span's
        if text.count(";", max(0, a - 200), a) < 2:
            continue  # a list of several items, not one "; " in prose
        out[i] = replace(s, start=a)
    return out


# --- a place's word heading a "person" (deid-email23) -----------------------------------------------------------


def place_headed(value: str, places: frozenset[str] | set[str]) -> bool:
    """A two- or three-word "person" led by a word the same text writes alone as a place ("into Alberta", "in
    Austin") and closed by dictionary words no given name list holds ("Alberta Price Fixing", "Austin Energy Office"):
    the place's thing, not a person. Kept a person it would turn every lone mention of the place back into a person
    (the spread reads a person's words as names), so the place would be rewritten as a name throughout."""
    words = value.split()
    if not 2 <= len(words) <= 3 or words[0] not in places:
        return False
    return all(w[:1].isupper() and w.isalpha() and dictionary_word(w) and not any_given_name(w) for w in words[1:])


# an acronym, a slash, a capitalised word and another slash: a path of codes ("EPNG/Blanco/Blanco meter", a pipeline's
# meter; "TW/Bloomfield/Gallup"); an Exchange address puts the name first ("Ann Lee/HOU/ECT@ECT")
_ACRONYM_PATH = fast_compile(r"(?<![\w/@.])[A-Z]{2,6}/(?P<w>[A-Z][A-Za-z]{2,})/(?P<rest>[^\s@]*)(?=[\s,.;:)]|\Z)")


def path_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """Words (lowercased) that the text writes inside a path of codes led by an acronym ("EPNG/Blanco/Blanco",
    never ending in an address's ``@``): a place or a facility, so a one-word "person" of the same word elsewhere in
    the text ("Currently, Blanco is", "both BLANCO") is that thing too. Only asked when a person span holds one."""
    if "/" not in text:
        return frozenset()
    lone = {text[s.start : s.end].lower() for s in spans if s.label == "PERSON" and " " not in text[s.start : s.end]}
    if not lone:
        return frozenset()
    out = set()
    for m in _ACRONYM_PATH.finditer(text):
        for w in (m.group("w"), *m.group("rest").split("/")):
            if w.lower() in lone and w[:1].isupper():
                out.add(w.lower())
    return frozenset(out)


# --- a "Last, First" that is two items of a comma list (deid-email23) --------------------------------------------

_LAST_FIRST = re.compile(r"(?P<a>[A-Z][a-z'’-]+),[ ](?P<b>[A-Z][a-z'’-]+)")
_LIST_GOES_ON = re.compile(r"[ \t]*,[ \t]*(?:&|and[ ])?")
_FULL_NAME_AFTER = re.compile(r"[ \t]*,[ \t]*(?P<g>[A-Z][a-z]+)[ ][A-Z][a-z'’-]+(?=[ \t]*[,.;]|[ \t]+and[ ])")
_JOIN_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:&|and)[ ]+[A-Z]")
# a field's name opening the line: an address header's ("To:", "X-cc:"), whose lists are "Last, First"; not the
# Subject's, which is free text whose commas list people as prose does ("Subject: Tour - Beth, Blanca, Bob,")
_SUBJECT_LINE = re.compile(r"[ \t>]*(?:[Ss]ubject|SUBJECT):")
_ITEM_BEFORE = re.compile(r"[A-Za-z][\w'’.-]*,[ ]\Z")
_HEADER_LINE = re.compile(r"[ \t>]*(?![Ss]ubject:|SUBJECT:)[A-Za-z][\w-]*:")


def comma_items(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span "A, B" read as "Last, First" that is two items of a list of names written with commas: two
    people, one span each. The list says so by its other items: both words given names and the list going on
    after them ("Beth, Blanca, Bob,", "Tod, Scott, and", "Monica, Bryan, & Tori"), or, after a given name, a full
    name as the next item ("Bryan, Brackhahn, Tom Kimpel,") or a couple's ``&``. A list of "Last, First" names
    alternates surname and given name and is a header's or Outlook's (``;``): a line that holds a ``;`` or opens
    with a field's name (``To:``, ``X-cc:``) is left alone, as is a line the span does not share with its list."""
    out: list[Span] = []
    spans = _full_name_items(text, spans)
    for s in spans:
        m = _LAST_FIRST.fullmatch(text, s.start, s.end) if s.label == "PERSON" else None
        if m is not None:
            ls = text.rfind("\n", 0, s.start) + 1
            le = text.find("\n", s.end)
            line = text[ls : le if le >= 0 else len(text)]
            a, b = m.group("a"), m.group("b")
            if (
                ";" not in line
                and _SUBJECT_LINE.match(line) is not None
                and _ITEM_BEFORE.search(text, max(ls, s.start - 40), s.start) is not None
                and _LIST_GOES_ON.match(text, s.end) is not None
                and text[s.end : s.end + 1] == ","
            ):
                # a Subject's list with an item on each side ("Lake Conroe, Fletch, Dorland,"): names one each, as a
                # "Last, First" list would alternate with ";" or stand alone
                out.append(replace(s, end=m.end("a")))
                out.append(replace(s, start=m.start("b")))
                continue
            if ";" not in line and _HEADER_LINE.match(line) is None and _first_name(a):
                f = _FULL_NAME_AFTER.match(text, s.end)
                if (
                    (_first_name(b) and _LIST_GOES_ON.match(text, s.end) is not None)
                    or (f is not None and _first_name(f.group("g")))
                    or _JOIN_AFTER.match(text, s.end) is not None
                ):
                    out.append(replace(s, end=m.end("a")))
                    out.append(replace(s, start=m.start("b")))
                    continue
        out.append(s)
    return out


# a full name, a comma and a given name: "Kevin Presto, Lloyd" of "Tim Belden, Kevin Presto, Lloyd Will, and"
_FULL_THEN_GIVEN = re.compile(r"(?P<g>[A-Z][a-z]+)[ ](?P<f>[A-Z][a-z'’-]+),[ ](?P<b>[A-Z][a-z]+)")
# the given name's surname after it, where the list's item ends ("Will" of "Lloyd Will, Anthony")
_ITEM_SURNAME = re.compile(r"[ ](?P<w>[A-Z][a-z'’-]+)(?=[ \t]*[,.;:)]|[ \t]+(?:and|&)[ ]|[ \t]*\r?\n|[ \t]*\Z)")
_NOT_SURNAMES = frozenset("jr sr de del della der den da di du la le van von st".split())


def _full_name_items(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span "Given Surname, Given" that is two items of a list of full names written with commas ("Tim
    Belden, Kevin Presto, Lloyd Will, Anthony Dayao and Beth Perlman"), cut at the comma: no name puts a comma after
    a given name and a surname (a "Last, First" name is one surname, then the given names; "Ann Lee, Jr" is a
    post-nominal's). The second item takes its surname after it, where the item ends, and a one-word person span
    there. A header's or Outlook's line (``;``, ``To:``) is left alone (deid-edges27). ``spans`` sorted, no overlap."""
    out: list[Span] = []
    skip = -1
    for i, s in enumerate(spans):
        if i == skip:
            continue
        m = _FULL_THEN_GIVEN.fullmatch(text, s.start, s.end) if s.label == "PERSON" else None
        if m is None or m.group("f").lower() in _NOT_SURNAMES:
            out.append(s)
            continue
        ls = text.rfind("\n", 0, s.start) + 1
        le = text.find("\n", s.end)
        line = text[ls : le if le >= 0 else len(text)]
        if (
            ";" in line
            or _HEADER_LINE.match(line) is not None
            or not (_first_name(m.group("g")) and _first_name(m.group("b")))
        ):
            out.append(s)
            continue
        end = s.end
        w = _ITEM_SURNAME.match(text, s.end)
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if w is not None and w.group("w").lower() not in _NOT_SURNAMES and not _first_name(w.group("w")):
            if nxt is None or nxt.start >= w.end():
                end = w.end()
            elif nxt.label == "PERSON" and (nxt.start, nxt.end) == (w.start("w"), w.end("w")):
                end, skip = w.end(), i + 1  # the surname a list rule found alone ("Will"): the item's
        out.append(replace(s, end=m.end("f")))
        out.append(replace(s, start=m.start("b"), end=end))
    return out


# --- a surname the message's own address spells (deid-email23) ----------------------------------------------------

_ADDRESS_NAME = re.compile(r"(?<![\w.+-])(?P<g>[A-Za-z]{2,})[._](?P<f>[A-Za-z]{2,})@[\w-]+(?:\.[\w-]+)+")
# ``address_surnames``' word: it may end its sentence ("call me or Smith Day." beside smith.day@enron.com), a
# point that no word character follows being no domain's (deid-leak32: the surname was left verbatim)
_SURNAME_AFTER = re.compile(r"[ ](?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w@'’-])(?!\.[\w@])")


@lru_cache(maxsize=2)
def address_name_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``(g.lower(), f.lower())`` of every ``_ADDRESS_NAME`` match in ``text``, in order (``finditer``'s). Asked of
    the same text by ``address_surnames`` and later by ``known_mentions`` (its ``_ADDRESS`` is this pattern): the
    lines with an "@" scanned once per text, not twice (deid94)."""
    return tuple((m.group("g").lower(), m.group("f").lower()) for m in scan_matches(_ADDRESS_NAME, text, shortest=1))


def address_surnames(text: str, spans: Sequence[Span]) -> list[Span]:
    """A one-word person followed by a free capitalised word that the message's own address spells as the
    person's surname (``Bobette Riner Director`` beside ``bobette.riner@ipgdirect.com``): the word is taken into
    the person, so the surname is rewritten with the name. ``spans`` sorted and non-overlapping."""
    if "@" not in text:
        return list(spans)
    pairs = set(address_name_pairs(text))
    if not pairs:
        return list(spans)
    out = list(spans)
    for i, s in enumerate(out):
        value = text[s.start : s.end]
        if s.label != "PERSON" or not value.isalpha() or not value[:1].isupper():
            continue
        m = _SURNAME_AFTER.match(text, s.end)
        if m is None or (value.lower(), m.group("w").lower()) not in pairs:
            continue
        if i + 1 < len(out) and out[i + 1].start < m.end():
            continue  # the word is another span's
        out[i] = replace(s, end=m.end("w"))
    return out


# --- a person's span that runs into a firm's name after it (deid-edges27) -----------------------------------------

# the last word of a firm's or a school's name: a kind of body that needs a proper name before it ("Regus Business
# Centers", "Jones Graduate School"); not a department, desk or team, which a firm's generic words name alone
# ("Legal Department")
_FIRM_HEAD = (
    r"(?:Centers?|Centres?|School|University|College|Institute|Foundation|Society|Association|Group|Partners"
    r"|Associates|Consulting|Services|Solutions|Systems|Bank|Inc|Corp|Corporation|Company|LLC|LLP|Ltd)"
)
# the words on the line right after a span: capitalised words up to a firm's last word ("Business Centers")
_FIRM_RUN = re.compile(r"[ ](?P<run>(?:[A-Z][a-z]+[ ]){0,3})" + _FIRM_HEAD + r"(?![\w'’@&-])\.?")


def _generic_run(run: str) -> bool:
    """Every word of ``run`` is a dictionary word and no given name ("Business", "Graduate", "Energy"): the firm's
    words before its head name no one, so its own name is the word before them."""
    return all(dictionary_word(w) and not given_name(w) for w in run.split())


def firm_tails(text: str, spans: Sequence[Span]) -> list[Span]:
    """A person's span whose last word is the proper name of a firm that follows it on the line, the firm's other
    words generic ("Jodi Barraclough Regus Business Centers", "Prof. Ann Lee Jones Graduate School of Management"):
    the name less that word, the word and the firm's words an organisation. A one-word "person" so followed
    ("Regus Business Centre located at") is the firm. Two words ("Ann Lee Business Centers") are left as they are:
    the text does not say whether "Lee" is hers or the firm's. Not a firm with a proper name of its own ("Mary Ann
    Lee Acme Corp": "Acme" is no dictionary word), nor a given name as the last word. ``spans`` sorted and
    non-overlapping; the organisation never crosses the next span."""
    out = list(spans)
    for i, s in enumerate(out):
        if s.label != "PERSON":
            continue
        value = text[s.start : s.end]
        words = list(_WORD.finditer(text, s.start, s.end))
        if "\n" in value or len(words) == 2 or (m := _FIRM_RUN.match(text, s.end)) is None:
            continue
        if not _generic_run(m.group("run")) or (i + 1 < len(out) and out[i + 1].start < m.end()):
            continue
        last = words[-1].group()
        if _NAME_WORD.fullmatch(last) is None or given_name(last):
            continue
        if len(words) == 1:
            out[i] = replace(s, end=m.end(), label="ORGANIZATION")
            continue
        if not all(_NAME_WORD.fullmatch(w.group()) for w in words[:-1]):
            continue  # "Alexis de Tocqueville Society": a name's particle, not a person's span cut here
        out[i] = replace(s, end=words[-2].end())
        out.insert(i + 1, replace(s, start=words[-1].start(), end=m.end(), label="ORGANIZATION"))
    return out
