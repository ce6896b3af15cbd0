"""Structure as evidence: e-mail conventions that say "this is a name", and rules that tidy spans.

Real e-mail is not news prose. A display name in a ``From:`` or ``X-To:`` header, the
name in an Exchange address (``Vince J Kaminski/HOU/ECT@ECT``), the word after
``Hi``, the line under ``Thanks,`` and the name in "On ..., Jeff Smith wrote:"
are names because of where they stand, whatever the model thinks of the words.
``structural_spans`` finds them (score 0.9, above the model's 0.6), line by line,
in time linear in the text.

``refine`` then removes what is never an entity (mail plumbing and identifiers a
user did not ask to treat) and ``propagate`` spreads what was found once to every
other place it appears in the document:

* identifiers (SSN, card, phone, IBAN, account numbers) in every format of their
  digits: ``536-22-8417`` found once makes ``536228417`` and ``536 22 8417``
  entities too, wherever they are;
* a person's name: each of its words (``Sarah`` of ``Dr. Sarah O'Connor``), in
  any case (``sarah``, ``SARAH``) when it is no common English word, is a person
  wherever it stands alone, and a word the model typed otherwise becomes a person
  (in capitals also on a line all in capitals: ``SHEARER NAMED AS CAPTAIN``);
* an organisation, a place or a group (``Air France``, ``Tripoli``): the same string
  wherever else it stands, whole words, also in capitals (``LONDON`` / ``London``),
  when it reads as a name and was typed one way (``_entity_spread``).

Everything here is stated on the text, never on an evaluation corpus.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from simulacra.text._lexicon import US_STATES as _US_STATES
from simulacra.text._scan import fast_compile, hinted_lines, scan_matches
from simulacra.text.name_words import DAY_WORD as _DAY_WORD
from simulacra.text.name_words import DAY_WORD_RE as _DAY_WORD_RE
from simulacra.text.name_words import FIELD_LABELS as _FIELD_LABELS
from simulacra.text.name_words import MONTH_WORD as _MONTH_WORD
from simulacra.text.name_words import NAME_TITLES as _NAME_TITLES
from simulacra.text.name_words import NEVER_PEOPLE as _NEVER_PEOPLE
from simulacra.text.name_words import NOT_PERSON_WORDS as _NOT_PERSON_WORDS
from simulacra.text.name_words import SIGNOFF_WORD as _SIGNOFF_WORD
from simulacra.text.name_words import any_given_name as _any_given
from simulacra.text.name_words import common_word as _common
from simulacra.text.name_words import dictionary_word as _dictionary
from simulacra.text.name_words import first_name as _first_name
from simulacra.text.name_words import given_name as _given
from simulacra.text.name_words import known_name as _known_name
from simulacra.text.name_words import name_like as _name_like
from simulacra.text.name_words import name_sets as _names
from simulacra.text.name_words import not_a_name_word as _not_a_name_word
from simulacra.text.name_words import place_word as _place
from simulacra.text.ner_cleanup import FUNCTION_WORDS, NOT_NAMES, countries, lexicons
from simulacra.text.not_person import (
    firm_by_context,
    firm_by_reference,
    firm_words,
    heads_an_organisation,
    known_place,
    listed_with_places,
    organisation_heads,
    person_evidence,
    place_by_state,
    place_spread_covers,
    place_with_state,
    state_abbreviation_at,
    surname_after,
)
from simulacra.text.person_context import (
    given_and_surname,
    glued_people,
    greeting_name,
    person_by_context,
    place_not_person,
)
from simulacra.text.person_edges import (
    brand_words,
    drawn_out,
    glued_thing,
    glued_thing_words,
    holiday,
    line_label,
    path_words,
    place_headed,
    role_word,
    subject_thing,
)
from simulacra.text.spans import Occupied, Span

__all__ = ["complete_names", "detection_view", "propagate", "refine", "retype", "structural_spans"]

STRUCTURE_SCORE = 0.9
SPREAD_SCORE = 0.65

# header fields whose value is a list of people (display names, addresses)
_NAME_FIELDS = (
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "sender",
    "x-from",
    "x-to",
    "x-cc",
    "x-bcc",
    "sent by",
    "resent-from",
    "resent-to",
    "attendees",
    "author",
    "organizer",
    "delivered-to",
    "return-path",
    "required attendees",
    "optional attendees",
)
# header lines whose content is plumbing: nothing in them is a name
_PLUMBING_FIELDS = (
    "content-type",
    "content-transfer-encoding",
    "mime-version",
    "content-disposition",
    "x-mailer",
    "x-mimeole",
    "x-ms-has-attach",
    "x-ms-tnef-correlator",
    "x-priority",
    "content-id",
    "x-simulacra-template",
    "importance",
    "x-msmail-priority",
)

#: a header line whose value lists people (From, To, Cc, X-cc, Sent by, ...), quoted or indented; its field and value
NAME_HEADER = re.compile(
    r"^(?P<indent>[ \t]*(?:>[ \t]?)*[ \t]*)(?P<field>"
    + "|".join(re.escape(f) for f in sorted(_NAME_FIELDS, key=len, reverse=True))
    + r")[ \t]*:[ \t]*(?P<value>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_PLUMBING = re.compile(
    r"^[ \t>]*(?:"
    + "|".join(re.escape(f) for f in _PLUMBING_FIELDS)
    + r"|message-id|in-reply-to|references)[ \t]*:.*(?:\n[ \t]+\S.*)*$",
    re.IGNORECASE | re.MULTILINE,
)
# Enron's mailbox headers: the owner's name in a folder path, an origin and a file name
_OWNER = re.compile(
    r"^[ \t]*(?P<field>X-Folder|X-Origin|X-FileName)[ \t]*:[ \t]*(?P<value>[^\n]*)$", re.IGNORECASE | re.MULTILINE
)
_MIME_BOUNDARY = re.compile(r"^--[-=_.A-Za-z0-9+/:]{8,}$", re.MULTILINE)
_NAME_WORD = r"[A-Z][a-zA-Z'’\-]*\.?"
_NAME_RUN = rf"{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,3}}"
# the office part of an Exchange / Lotus Notes address ("/HOU/ECT@ECT", "@ENRON"): never a name
# (and a Notes domain of two words that the office path ends in: "/Enron Communications@Enron Communications")
_OFFICE_CODE = re.compile(
    r"(?:/[A-Z][A-Za-z_]{1,15})*/(?P<unit>[A-Z][A-Za-z&]{1,15}[ ][A-Z][A-Za-z&]{1,15})@(?P=unit)\b"
    r"|(?:/[A-Z][A-Za-z_]{1,15})+(?:@[A-Z_]{2,})?\b|@[A-Z_]{2,}\b"
)
# "On Mon, Jan 1, 2001 at 10:00 AM, Jeff Smith <jeff@x.com> wrote:" / "Jeff Smith wrote:"
_WROTE = re.compile(rf"(?:^|(?<=[,:] ))(?P<name>{_NAME_RUN})[ ]*(?:<[^>\n]*>|\([^)\n]*\))?[ ]*wrote:", re.MULTILINE)
# a greeting: "Hi Jeff,", "Dear Ms. Smith:", "Hello Sally and Bob -", "Jeff -"
_GREETING = re.compile(
    r"^[ \t>]*(?:hi|hello|hey|dear|hiya|morning|good morning|good afternoon|greetings|thanks|thank you)"
    r"[ \t,]+(?P<names>[^\n,:;!.\-]{1,60}?)[ \t]*(?:[,:;!\-]|$)",
    re.IGNORECASE | re.MULTILINE,
)
# a sign-off, with the name on its line ("Thanks, Vince") or the next ("Regards,\nSally Beck")
_SIGNOFF = re.compile(
    r"^[ \t>]*(?:thanks(?: again| so much| a lot)?|thank you|thx|thanx|thanxs|thnx|thks|many thanks|regards|best regards|kind regards|"
    r"warm regards|best|cheers|sincerely|yours|yours truly|talk soon|take care|later|love|rgds|"
    r"best wishes|all the best|ciao)[ \t]*[,!.\-]*[ \t]*(?P<same>[^\n]{0,40}?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DASH_NAME = re.compile(
    r"(?:^[ \t>]*|(?<=[.!?)] ))[-–—~]{1,3}[ \t]?(?P<name>[A-Za-z][A-Za-z'’.]{0,20}(?: [A-Z][A-Za-z'’.]{0,20})?)[ \t]*$",
    re.MULTILINE,
)
# its last dash, the name and the line's end: every match holds it, on few lines of a text (hyphens mid-line
# do not), so the costly scan (its lookbehind tried at every position) runs on those lines alone
_DASH_NAME_HINT = re.compile(r"[-–—~][ \t]?[A-Za-z][A-Za-z'’.]{0,20}(?: [A-Z][A-Za-z'’.]{0,20})?[ \t]*$", re.MULTILINE)
_dash_names = hinted_lines(_DASH_NAME, _DASH_NAME_HINT)
# Lotus Notes forward header: a name alone on its line, the date and time under it
_LOTUS = re.compile(
    rf"^[ \t>]*(?P<name>{_NAME_RUN})[ \t]*\n[ \t>]*\d{{1,2}}/\d{{1,2}}/\d{{2,4}} \d{{1,2}}:\d{{2}}", re.MULTILINE
)
# "Jim:  The draft memo", "Mark," at the start of a line: a greeting without "Hi"
_NAME_OPENER = re.compile(r"(?:\A|\n[ \t>]*\n)[ \t>]*(?P<name>[A-Z][a-z]+)[ \t]*[:,](?:[ \t]+(?=\S)|[ \t]*\n)")
# a line that is only a given name (a sign-off at the end of a message), maybe before a MIME boundary
_NAME_LINE = re.compile(
    r"^[ \t>]*(?P<name>[A-Z][a-z]+(?:[ ][A-Z]\.?)?(?:[ ][A-Z][a-z'’\-]+)?)[ \t]*(?:-{2,}=_\S*|"
    r"(?:x|ext\.?|tel:?|phone:?)?[ ]?\(?\d[\d() .\-]{5,})?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
# the numbers after a name on its line that are a row of scores, not a phone number: columns of one or two digits
_SCORE_ROW = re.compile(r"(?:[ \t]+\d{1,2}){3,}[ \t]*")
# "Reves, Brant; Diamond, Russell;" (an Outlook recipient list, maybe wrapped). Here and below, what must not
# stand before a name's first capital is tested after it, "[A-Z](?<![^...][A-Z])": the same test, and a
# pattern that starts with a character class lets the regex engine skip to the capitals in C (2-3x faster)
_LAST_FIRST_LIST = re.compile(
    r"(?P<name>[A-Z](?<![^\n; \t][A-Z])[A-Za-z'’\-]+(?:[ ](?:Jr|Sr|II|III|IV)\.?)?,[ \t]?\n?[ \t]*[A-Z][a-z]+"
    r"(?:[ ][A-Z][a-z]*\.?)?)(?=[ \t]*(?:\([^)\n]*\))?[ \t]*(?:;|$|(?:Subject|Cc|Sent|To|From|Date):))",
    re.MULTILINE,
)
# "SBeck", "DLeff" (an initial glued to a surname), "K.Roper", "R.Buy"
_INITIAL_SURNAME = re.compile(r"(?P<name>[A-Z](?<![\w.@/][A-Z])(?:\.?[ ]?[A-Z][a-z]{2,}|[A-Z][a-z]{2,}))(?![\w@/])")
# a list of initials glued to surnames ("w/BHall, HShively, SNeal", "DLeff, JDietrich & K.Roper"): two or more
# of them side by side, or one after "w/", are people whatever the surname
_GLUED = r"(?:[A-Z][A-Z][a-z]{2,}|[A-Z]\.[A-Z][a-z]{2,})"
_GLUED_LIST = fast_compile(
    rf"(?<![\w.@])(?:(?<!/)|(?<=w/))(?:{_GLUED}(?:[ \t]*(?:,|&|and)[ \t]*\n?[ \t>]*{_GLUED})+|(?<=w/){_GLUED}|(?<=w/ ){_GLUED})"
    r"(?![\w@/])"
)
_GLUED_ONE = re.compile(_GLUED)
# a schedule: a name in capitals beside a time range ("10:15 - 11:00<TAB>RICK CAUSEY", "RICK CAUSEY 10:15 - 11:00")
_KIN_AFTER = re.compile(
    r"(?<![\w'’.@/-])(?P<name>[A-Z][a-z'’\-]+(?:[ ][A-Z][a-z'’\-]+)?)[ ]+(?:&|and)[ ]+"
    r"(?:wife|husband|spouse|guest|fianc[eé]e?|date|family|kids|children)\b"
)
_TITLED_INITIALS = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr)\.?[ ]+(?P<name>(?:[A-Z]\.[ ]?){1,3}(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+))"
    r"(?![\w@'’-])"
)
_SLOT = r"\d{1,2}:\d{2}[ ]?(?:[AaPp]\.?[Mm]\.?)?[ \t]*[-–][ \t]*\d{1,2}:\d{2}[ ]?(?:[AaPp]\.?[Mm]\.?)?"
_CAPS_NAME = r"[A-Z][A-Z'’\-]+(?:[ ][A-Z]\.?)?[ ][A-Z][A-Z'’\-]+"
_SLOT_HINT = re.compile(r"\d:\d{2}[ ]?(?:[AaPp]\.?[Mm]\.?)?[ \t]*[-–][ \t]*\d")
_SCHEDULE = re.compile(
    rf"(?:{_SLOT}[ \t]+(?P<after>{_CAPS_NAME})(?![\w])|(?<![\w])(?P<before>{_CAPS_NAME})[ \t]+{_SLOT})"
)
# a first name in lowercase in a subject line ("Subject: Dinner craig", "Subject: lunch w/ doug")
_SUBJECT = re.compile(r"^[ \t>]*Subject:[^\n]*$", re.MULTILINE | re.IGNORECASE)
# "w/Mike Roberts", "w/ JDietrich"
# a name glued to an item's number by a dash: "Item 3-Darrell and Terry to review", "4-Don Powell's query"
_NUMBER_DASH_NAME = re.compile(
    r"(?<=\d[-–])(?P<name>[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})(?=['’]s\b|[ ,.;:)/]|$)", re.MULTILINE
)
# phone extensions in brackets after a name, one or a list: "(Sharron x37094)", "(mercy x35082/tammie x34220/Holly
# x57893)": whom to call about a meeting
_EXTENSIONS = re.compile(
    r"\((?P<items>[ ]?[A-Za-z][a-z]{2,11}[ ]+[xX]\d{4,5}(?:[ ]?/[ ]?[A-Za-z][a-z]{2,11}[ ]+[xX]\d{4,5})*)[ ]?\)"
)
_EXTENSION_ITEM = re.compile(r"(?P<name>[A-Za-z][a-z]{2,11})[ ]+[xX]\d{4,5}")
_WITH = fast_compile(rf"\bw/[ ]?(?P<name>{_NAME_RUN})")
# a name in a table cell or a list: "Tim Belden<TAB>Ben Glisan", "Contact:  Bryan Aubuchon 713-345-8446"
# (the name comes first so the regex engine skips to capitals; where the cell starts is checked by _cell_start)
_CELL = re.compile(
    r"(?P<name>[A-Z](?<![^\s,>][A-Z])[a-z]+(?:[ ][A-Z]\.?)?[ ][A-Z][a-zA-Z'’\-]+)"
    r"(?=[ \t]*(?:\t|  |,|;|$|\d{3}[-. ]\d|\(\d{3}\)| x\d| ext))",
    re.MULTILINE,
)
# a row of names side by side, one or two spaces apart ("Rick Buy Bill Bradford", "KEN LAY GREG WHALLEY"):
# an attendee list or a signature block pasted flat; the row is cut into names at the known given names
_NAME_ROW = re.compile(
    r"^[ \t>]*(?:(?![Ss]ubject)[A-Za-z][A-Za-z]{1,14}(?:[ ][A-Za-z]{2,14})?:[ \t]+)?(?P<row>[A-Z][A-Za-z'’\-]*\.?(?:[ \t]{1,8}[A-Z][A-Za-z'’\-]*\.?){3,})",
    re.MULTILINE,
)
_ROW_TOKEN = re.compile(r"[A-Z][A-Za-z'’\-]*\.?")
_ROW_PARTICLES = frozenset(("st.", "st", "de", "la", "van", "von", "del", "du", "le", "da", "di"))
_ROW_SUFFIXES = frozenset(("jr.", "jr", "sr.", "sr", "ii", "iii", "iv"))
# an Outlook list in which some names are typed in lowercase ("bond; rita pearson-schwandt; Robert Finney;").
# The ";" or ":" before the item is matched, not looked behind at: a scan that opens with a character class is
# skipped to in C, one that opens with a lookbehind is tried at every position (3x the time). The match starts
# one character early (``_lowercase_list_names`` adds it back), and no item ends on a ";" or ":" (it ends on a
# letter), so ``finditer`` finds the same items
_SEMI_ITEM = re.compile(
    r"[;:][ \t]*\n?[ \t>]*(?P<name>[a-z][a-z'’\-]+(?:(?:[ ]|[ ]?\n[ \t>]*)[A-Za-z][A-Za-z'’\-]+){1,3})"
    r"(?=[ \t]*(?:;|\n|$))"
)
# a name wrapped over a line end in a list or in prose: "..., Rod\n Hayslett, ...", "phone Mike \nDay?"
_WRAPPED_NAME = re.compile(
    r"(?P<given>[A-Z](?<![\w@./\-][A-Z])(?<!\d [A-Z])[a-z]+)[ \t]*(?:=20)?[ \t]*\n[ \t>]{0,4}(?P<last>[A-Z][a-z][A-Za-z'’\-]+)"
    r"(?=[ \t]*(?:[,;.?!)(/]|\n|$|[ \t][a-z(]))"
)
# cheap scans (each starts with a literal or a small class, which the regex engine skips to in C):
# the costly name patterns run only on a short window before each hit.
# Exchange / Lotus Notes addresses: "Vince J Kaminski/HOU/ECT@ECT", "Sally Beck@ENRON", "John Arnold/HOU/ECT"
_EXCHANGE_HINT = fast_compile(
    r"(?:/[A-Z]{2,6}){2,}\b|@[A-Z_]{2,}\b|(?:/[A-Z][A-Za-z&]{1,14}){1,3}@[A-Z][A-Za-z]{1,14}\b"
)
# the end of the line before a wrapped Exchange address: "..., Stuart =20\n" + "Zisman/HOU/ECT@ECT"
_WRAPPED_GIVEN = re.compile(
    r"(?:^|(?<=[,;:]\s)|(?<=[,;:]))[ \t]*(?P<given>[A-Z][a-z]+(?:[ ][A-Z]\.?|[ ](?P<middle>[A-Z][a-z]+))?)"
    r"[ \t]*(?:=20|=)?[ \t]*\n[ \t>]*\Z",
    re.MULTILINE,
)
# a line of a Notes header block that opens with a given name carried there by a re-wrap, then the sender column's
# date or time before the recipient column ("Ed 10/25/2000           Clark/PDX/ECT@ECT, Bill")
_REWRAPPED_GIVEN = re.compile(
    r"[ \t>]*(?P<given>[A-Z][a-z]+)[ \t]+(?:(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}:\d\d(?:[ ]?[AP]M)?)[ \t]+)+"
)
# a given name written before an office's room code, as meeting subjects name whom to meet and where
# ("Interview ... with Mike EB3328 (JB)", "Mtg w/ Sally EB 3321"): the code is no name, the word before it is
# (cheap scan: the code first; its letters capitals only, 3-4 digits, an optional wing letter)
_ROOM_CODE = fast_compile(r"\b[A-Z]{2,3} ?\d{3,4}[A-Z]?\b")
_GIVEN_BEFORE_CODE = re.compile(r"(?:(?<=[^\w@./\-])|^)(?P<given>[A-Z][a-z]+)(?:[ \t]*\n)?[ \t]+\Z")
# the words that tie a person to a meeting; a given name that is also a common word ("Will", "May") counts only after one
_MEET_WORD = re.compile(r"(?:\b(?:with|w/|and|for|to|cc)|[&,/])[ \t]*\Z", re.IGNORECASE)
# a header field name glued to a name on a flattened header line ("Subject: Lunch w/Mark Kearns Mime-Version: 1.0")
_HEADER_TAIL = re.compile(
    r"[ \t]+(?:Mime-Version|Content-Type|Content-Transfer-Encoding|Subject|Cc|Bcc|X-\w+)\b.*\Z",
    re.IGNORECASE | re.DOTALL,
)
_EXCHANGE_BEFORE = re.compile(
    rf"(?<![\w./@&\-])(?P<name>{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,3}})(?:/[A-Za-z&_]{{1,15}})*\Z"
)
# a phone extension after a name: "Cathy x36898", "John Walt ext. 5-7107", "(Joanie x31769)"
_EXTENSION_HINT = fast_compile(r"[ \t]+(?:x|ext\.?[ ]?)\d[\d.\-]{3,6}\b")
_NAME_RUN_BEFORE = re.compile(rf"(?P<name>{_NAME_RUN})\Z")
# "Springfield, IL 62704": a place, a state and a ZIP code
_CITY_STATE_ZIP = re.compile(
    r"\b(?P<city>[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2}),[ ]?(?P<state>[A-Z]{2})[ ]+\d{5}(?:-\d{4})?\b"
)
_STATE_ZIP_HINT = re.compile(r",[ ]?[A-Z]{2}[ ]+\d{5}")
_WEEKDAY = re.compile(
    r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\.?,?[ \t]{1,4}$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_][\w'’]*")

_CLOSING_AFTER = re.compile(r"[ \t]*[,!]*[ \t]*\n")

# a month's or a weekday's name or short form, which a tagger reads as a given name ("Jan", "May", "June") or a
# person's word ("Thurs"), and what beside it makes it a date's part: a year or a day number after a month
# ("Jan 2002", "Mar 15th"), a day number before it ("15 May"); a time of day after a weekday ("Thurs AM"), or
# another weekday listed beside it ("Weds., Thurs", "Tues/Thurs")
_YEAR_OR_DAY_AFTER = re.compile(r"\.?,?[ \t]{1,3}(?:(?:19|20)\d\d|[0-3]?\d(?:st|nd|rd|th)?)(?![\w:/.\-]|,\d)")
_DAY_NUMBER_BEFORE = re.compile(r"(?<![\w.,/:\-])[0-3]?\d(?:st|nd|rd|th)?[ ]\Z")
_TIME_AFTER = re.compile(r"\.?,?[ ]{1,3}(?:AM|PM|a\.m\.|p\.m\.)(?!\w)|\.?[ ]?(?:[-/&]|,|and)[ ]?" + _DAY_WORD + r"\b")
_DAY_BEFORE = re.compile(r"(?<!\w)" + _DAY_WORD + r"\.?[ ]?(?:[-/&,]|and)[ ]?\Z", re.IGNORECASE)


# the apostrophe and "t" of a negation ("don't", "isn't", "can't"), the apostrophe often a quoted-printable escape
# of a Windows quote ("don=01,t", "won=92t"): the word before is a verb's, never a name
_NOT_AFTER = re.compile(r"(?:=[0-9A-F]{2},?|['’`])t(?![\w'’])")


def _negation_word(text: str, s: Span) -> bool:
    """``s`` is one word ending in "n" that a negation's "'t" follows ("Don=01,t expect", "if you don=01,t")."""
    value = text[s.start : s.end]
    return value[-1:] in ("n", "N") and " " not in value and _NOT_AFTER.match(text, s.end) is not None


# a person's span that ends on a surname's particle after a name word ("Mike De La", "Todd Van"), and the
# capitalised word right after it on its line: the surname the particle belongs to ("Rosa", "Poppel")
_PARTICLE_END = re.compile(
    r"[A-Za-z][ ](?:[Dd]e|[Dd]el|[Dd]ella|[Dd]er|[Dd]en|[Dd]a|[Dd]i|[Dd]u|[Ll]a|[Ll]e|[Vv]an|[Vv]on)\Z"
)
_SURNAME_AFTER = re.compile(r"[ ](?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+)(?![\w@/'’])")


def _date_word(text: str, s: Span) -> bool:
    """``s`` is one word, a month's or a weekday's name beside a date's part (see ``_MONTH_WORD``): "Jan 2002",
    "15 May", "Thurs AM", "Weds., Thurs". A person called June or May is named so without a number after her."""
    value = text[s.start : s.end]
    if _MONTH_WORD.fullmatch(value):
        return bool(
            _YEAR_OR_DAY_AFTER.match(text, s.end) or _DAY_NUMBER_BEFORE.search(text, max(0, s.start - 6), s.start)
        )
    if _DAY_WORD_RE.fullmatch(value):
        return bool(_TIME_AFTER.match(text, s.end) or _DAY_BEFORE.search(text, max(0, s.start - 12), s.start))
    return False


_SIGNOFF_STOP = frozenset("all team everyone folks guys again so much a lot you for in advance".split())

_DIGIT_LABELS = frozenset(
    {
        "US_SSN",
        "CREDIT_CARD",
        "PHONE",
        "IBAN",
        "BANK_ACCOUNT",
        "ROUTING_NUMBER",
        "PASSPORT",
        "DRIVER_LICENSE",
        "MEDICAL_RECORD",
    }
)


_QP_ESCAPE = re.compile(r"=(?:09|20|3D|A0)|=(?=\r?\n)")


def detection_view(text: str) -> str:
    """``text`` with quoted-printable debris (``=20``, ``=09``, soft line ends) blanked, same length.

    Spans are found on this view and rewritten in the original, so ``=09Ben Glisan`` reads
    as a tab and a name. Texts with fewer than two such escapes are returned as they are. A reply's
    quote marker stranded inside a display name is blanked too (``stranded_quote_marks``).
    """
    if "=" in text and len(_QP_ESCAPE.findall(text, 0, 200_000)) >= 2:
        text = _QP_ESCAPE.sub(lambda m: " " * len(m.group()), text)
    marks = stranded_quote_marks(text)
    if marks:
        chars = list(text)
        for i in marks:
            chars[i] = " "
        text = "".join(chars)
    return text


# a reply's quote marker left inside a line when a quoted header was re-wrapped: the display name
# '"Ed & Jan\n> Boykin "' joined into '"Ed & Jan > Boykin "' before its address (cheap scan: the marker first)
_STRANDED_MARK = re.compile(r"(?<=[A-Za-z.] )>(?= [A-Z][a-z])")
_DISPLAY_NAME = re.compile(r'"(?P<name>[^"\n<>]{0,60}>[^"\n<>]{0,60})"[ \t]*\n?[ \t>]*<[^<>\s@]+@')


def stranded_quote_marks(text: str) -> list[int]:
    """Offsets of ``>`` quote markers stranded between two words of a display name before its address
    (``"Kelly > Lynch " <klynch@…>``): the quoting's, not the name's. A ``>`` in prose (``Price > Cost``)
    or in a name with no address after it is left."""
    if "> " not in text or '"' not in text:
        return []
    out: list[int] = []
    for m in _STRANDED_MARK.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        q = text.rfind('"', line_start, m.start())
        if q < 0:
            continue
        d = _DISPLAY_NAME.match(text, q)
        if d is not None and d.start("name") <= m.start() < d.end("name"):
            out.append(m.start())
    return out


def _span(
    text: str, a: int, b: int, label: str = "PERSON", score: float = STRUCTURE_SCORE, source: str = "structure"
) -> Span | None:
    while a < b and text[a] in " \t\"'<(,;":
        a += 1
    while b > a and text[b - 1] in " \t\"'>),;:":
        b -= 1
    if b - a < 2 and not (b - a == 1 and text[a].isupper()):
        return None
    return Span(a, b, label, score, source)


_NEXT_FIELD = re.compile(r"[ \t]+(?:Sent|Date|Subject|To|Cc|Bcc|From)[ \t]*:")
_ON_BEHALF = re.compile(r"[ \t]+on[ \t]+behalf[ \t]+of[ \t]+", re.IGNORECASE)
# a header field's name that a flattened header runs into the name before it ("Meyn, Jim Sent:\tMonday")
_FIELD_AFTER_NAME = re.compile(r"[ \t]+(?:Sent|Date|Subject|To|Cc|Bcc|From)\Z")


def _lower_name(piece: str) -> bool:
    """A name typed in lowercase in a recipient list ("alban caillemer", "annette Hoener"): 2-3 words, the first
    a known given name."""
    words = piece.split()
    return (
        2 <= len(words) <= 3
        and words[0].islower()
        and all(re.fullmatch(r"[A-Za-z][a-z'’\-]+", w) for w in words)
        and _given(words[0])
        and not any(w in _NOT_PERSON_WORDS or w in _NEVER_PEOPLE for w in words)
    )


# ``_header_names``'s patterns, compiled once (it runs on every header value of every message)
_HEADER_ITEM = re.compile(r"[^;]+")
_LOTUS_ON_DATE = re.compile(r"\s+on\s+\d{1,2}/\d{1,2}/\d{2,4}.*$")
_ANGLE_PART = re.compile(r"<[^>]*>")
_BARE_ADDRESS = re.compile(r"\S+@\S+")
_BRACKET_NOTE = re.compile(r"\([^()]*\)")
_COMMA_PART = re.compile(r"[^,]+")


def _blank(m: re.Match[str]) -> str:
    """A match's text as spaces (the offsets kept)."""
    return " " * len(m.group())


def _header_names(text: str, a: int, b: int) -> list[Span]:
    """Person spans in a header value ``text[a:b]``: display names, "Last, First", Exchange names."""
    out: list[Span] = []
    value = text[a:b]
    # cut " on 12/14/2000 10:20 AM" (Lotus) and bracketed addresses out; they are found by other rules
    pieces: list[tuple[int, int]] = []
    for m in _HEADER_ITEM.finditer(value):
        pa, pb = m.start(), m.end()
        chunk = value[pa:pb]
        on = _LOTUS_ON_DATE.search(chunk)
        if on:
            pb = pa + on.start()
        # "From: Rosado, Jennifer On Behalf Of Shults, Bob": a delegate and the sender, two names
        for cut in _ON_BEHALF.finditer(value, pa, pb):
            pieces.append((pa, cut.start()))
            pa = cut.end()
        pieces.append((pa, pb))
    for pa, pb in pieces:
        chunk = value[pa:pb]
        # blank out <...> and "..." parts' delimiters, keep offsets
        masked = _ANGLE_PART.sub(_blank, chunk)
        masked = _OFFICE_CODE.sub(_blank, masked)
        masked = _BARE_ADDRESS.sub(_blank, masked)  # bare addresses: other rules
        masked = masked.replace('"', " ")
        if "(" in masked:  # a note after a name ("Palmer, Mark A. (PR)") is no part of it
            masked = _BRACKET_NOTE.sub(_blank, masked)
        # split on commas, joining "Last, First M." pairs
        parts = [(m.start(), m.end()) for m in _COMMA_PART.finditer(masked) if masked[m.start() : m.end()].strip()]
        by_pairs = _last_first_pairs([masked[x:y].split() for x, y in parts])
        i = 0
        while i < len(parts):
            s0, e0 = parts[i]
            first = masked[s0:e0].split()
            if by_pairs:
                e0 = parts[i + 1][1]
                i += 1
            elif (len(first) == 1 or len(first) == 2 and first[1].lower() in _ROW_SUFFIXES) and i + 1 < len(
                parts
            ):  # "Kearns, Mark", "McMichael Jr., Ed"
                nxt = masked[parts[i + 1][0] : parts[i + 1][1]].split()
                if (
                    1 <= len(nxt) <= 3
                    and nxt[0][:1].isupper()
                    and (
                        len(parts) == 2
                        or len(nxt) <= 2
                        and (_given(nxt[0]) or len(nxt) == 2 and len(nxt[1].strip(".")) == 1)
                    )
                ):
                    e0 = parts[i + 1][1]
                    i += 1
            i += 1
            piece = masked[s0:e0]
            s0 += len(piece) - len(piece.lstrip(" \t,"))
            e0 -= len(piece) - len(piece.rstrip(" \t,"))
            piece = masked[s0:e0]
            if piece and (_name_like(piece.replace(",", " "), lone_ok=True) or _lower_name(piece)):
                sp = _span(text, a + pa + s0, a + pa + e0)
                if sp is not None:
                    out.append(sp)
    return out


def _last_first_pairs(parts: list[list[str]]) -> bool:
    """A header list of "Last, First" names flattened with commas alone ("Lokey, Teb, Hass, Glen, Kilmer
    III, Robert"): an even number of items that pair as a surname (and maybe a suffix) and a given name
    (and initials), most given names known and most surnames no given name. Then every two items are
    one person, whether or not the given name is known ("Teb", "Dutch")."""
    if len(parts) < 4 or len(parts) % 2:
        return False
    known_given = given_last = 0
    for last, first in zip(parts[0::2], parts[1::2], strict=True):
        if not 1 <= len(last) <= 2 or not 1 <= len(first) <= 3:
            return False
        if len(last) == 2 and last[1].lower().strip(".") not in _ROW_SUFFIXES:
            return False
        if not all(re.fullmatch(r"[A-Z][A-Za-z'’\-]*\.?", w) for w in (*last, *first)):
            return False
        if any(len(w.strip(".")) == 1 for w in (last[0], first[0])):
            return False  # an initial starts neither
        known_given += _first_name(first[0])
        given_last += _first_name(last[0])
    n = len(parts) // 2
    # "Tom, Brian, Laura, Mike" is four people: the surnames' places must mostly hold no given name
    return 2 * known_given >= n and 2 * given_last < n


_GIVEN_FAMILY = fast_compile(
    r"(?<![\w.@/&'’-])(?P<g>[A-Z][a-z]{2,}) (?P<f>[A-Z][a-z]{2,}|Mc[A-Z][a-z]+)(?![\w@/'’-])(?! ?[A-Z])"
)


_QUOTES = frozenset("'\"‘’“”")  # a name in quotes is a work's title ("over ' Michael Collins '"): no person here


def _prev_capitalised(text: str, end: int) -> bool:
    """The word ending at ``end`` (a space after it) is capitalised."""
    a = end
    while a > 0 and text[a - 1].isalpha():
        a -= 1
    return text[a : a + 1].isupper()


# cheap necessary conditions of four costly whole-text scans (each a piece that every match of its scan
# contains, or a superset of it), so a text without one is not scanned: the same matches, found sooner
_KIN_HINT = re.compile(r"(?:&|and)[ ]+(?:wife|husband|spouse|guest|fianc[eé]e?|date|family|kids|children)\b")
_TITLED_HINT = re.compile(r"[MD][rs]s?\.?[ ]+[A-Z]\.")  # "Mr", "Mrs", "Ms", "Dr" (and a few more) before an initial
_LOTUS_HINT = re.compile(r"\n[ \t>]*\d{1,2}/\d{1,2}/\d{2,4} \d{1,2}:\d{2}")
_NUMBER_DASH_HINT = re.compile(r"\d[-–][A-Z]")
# after a sign-off: the next non-empty line (up to 40 characters)
_SIGNOFF_NEXT_LINE = re.compile(r"\n[ \t>]*\n?[ \t>]*(?P<line>[^\n]{1,40})")


def structural_spans(text: str) -> list[Span]:
    """PERSON (and a few LOCATION) spans that the structure of an e-mail vouches for."""
    out: list[Span] = []
    if not text:
        return out
    for m in NAME_HEADER.finditer(text):
        a, b = m.start("value"), m.end("value")
        flat = _NEXT_FIELD.search(text, a, b)  # "From:  Vuittonet, Laura Sent: Friday, May 11": a flattened header
        if flat is not None:
            b = flat.start()
        # a folded header continues on lines that start with white space
        while b + 1 < len(text) and text[b] == "\n" and text[b + 1] in " \t":
            nl = text.find("\n", b + 1)
            b = len(text) if nl < 0 else nl
        if text[a:b].strip():
            out.extend(_header_names(text, a, b))
    for m in _OWNER.finditer(text):
        out.extend(_owner_spans(text, m))
    seen_at: set[int] = set()
    for h in _EXCHANGE_HINT.finditer(text):
        if h.group()[0] == "@" and text[h.start() - 1 : h.start()].isspace():
            continue
        a = max(text.rfind("\n", 0, h.start()) + 1, h.start() - 120)
        exch = _EXCHANGE_BEFORE.search(text, a, h.start())
        if exch is None or exch.start("name") in seen_at:
            continue
        seen_at.add(exch.start("name"))
        name = exch.group("name")
        start = exch.start("name")
        line_start = text.rfind("\n", 0, start) + 1
        if " " not in name and not text[line_start:start].strip(" \t>") and line_start > 0:
            # a name wrapped at the end of the line above: "..., Stuart \nZisman/HOU/ECT@ECT"
            w = _WRAPPED_GIVEN.search(text, max(0, line_start - 60), start)
            given = w.group("given").split()[0] if w is not None else ""
            in_list = (
                w is not None and _EXCHANGE_HINT.search(text, max(0, line_start - 200), w.start("given")) is not None
            )
            if (
                w is not None
                # a second word before the wrap ("..., Dusty Warren \nPaez/HOU/ECT@ECT") only in a list of
                # Exchange addresses, where each item is one person's name
                and (w.group("middle") is None or (in_list and _name_like(w.group("given"), lone_ok=False)))
                and _name_like(name, lone_ok=True)
                and given.lower() not in _NEVER_PEOPLE
                and (given.lower() not in _NOT_PERSON_WORDS)
                and (in_list or (_given(given) and not _common(given)))
            ):
                # the word before the wrap is the given name: known, or any word in a list of Exchange
                # addresses ("..., Torrey \nMoorer/HOU/ECT@ECT", "Bill =20\nEichner/EFS/EES@EES")
                sp = _span(text, w.start("given"), exch.end("name"))
                if sp is not None:
                    out.append(sp)
                continue
        if " " not in name and line_start > 0 and (r := _REWRAPPED_GIVEN.fullmatch(text, line_start, start)):
            # a Notes recipient list re-wrapped over the sender's column: "..., Jim Gilbert/PDX/ECT@ECT,\n" +
            # "Ed 10/25/2000      Clark/PDX/ECT@ECT": the given name the wrap carried to the line's start, the
            # column's date or time between it and the surname. Only after a line ending in a list's comma.
            given = r.group("given")
            if (
                text[max(0, line_start - 200) : line_start].rstrip().endswith(",")
                and _EXCHANGE_HINT.search(text, max(0, line_start - 200), line_start) is not None
                and _lone_given(given)  # "Ed": short forms too
                and _name_like(name, lone_ok=True)
            ):
                out.append(Span(r.start("given"), r.end("given"), "PERSON", STRUCTURE_SCORE, "structure"))
        if len(name) > 1 and _name_like(name, lone_ok=True) and (" " in name or _known_name(name)):
            sp = _span(text, exch.start("name"), exch.end("name"))
            if sp is not None:
                out.append(sp)
    for m in _KIN_AFTER.finditer(text) if ("&" in text or " and " in text) and _KIN_HINT.search(text) else ():
        # "Dorland & wife", "King and guest": only a person brings a wife or a guest
        a, words = m.start("name"), m.group("name").split()
        if len(words) == 2 and not _first_name(words[0]):
            a, words = a + len(words[0]) + 1, words[1:]  # "Mr Smith", "The Company": the last word alone
        lows = [w.lower() for w in words]
        if any(w in _NOT_PERSON_WORDS or w in _NEVER_PEOPLE or w in _TITLE_WORDS or _place(w) for w in lows):
            continue
        if len(words) == 2 or _known_name(words[0]) or not _common(words[0]):
            out.append(Span(a, m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _TITLED_INITIALS.finditer(text) if _TITLED_HINT.search(text) else ():
        # "Mr. R. B. Buy", "Ms. S. D. Josey": a title, initials and a surname are one person
        if not _not_a_name_word(m.group("w")):
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _WROTE.finditer(text) if "wrote:" in text else ():
        name = m.group("name")
        if _name_like(name, lone_ok=True):
            sp = _span(text, m.start("name"), m.end("name"))
            if sp is not None:
                out.append(sp)
    for m in _GREETING.finditer(text):
        names = m.group("names")
        base = m.start("names")
        for part in re.finditer(r"[^\s&]+(?:[ ][A-Z][^\s&]*){0,2}", names):
            word = part.group()
            if word.lower() in (
                "and",
                "all",
                "everyone",
                "team",
                "guys",
                "folks",
                "there",
                "again",
                "you",
                "so",
                "much",
                "for",
                "a",
                "lot",
                "in",
                "advance",
            ):
                continue
            if _name_like(word, lone_ok=False) and (word[:1].isupper() or _given(word)):
                sp = _span(text, base + part.start(), base + part.end())
                if sp is not None:
                    out.append(sp)
    for m in _SIGNOFF.finditer(text):
        same = m.group("same")
        if same:
            words = same.split()
            if (
                1 <= len(words) <= 3
                and words[0].lower() not in _SIGNOFF_STOP
                and _name_like(same.rstrip("."), lone_ok=False)
                and (same[:1].isupper() or _given(same.split()[0]))
            ):
                sp = _span(text, m.start("same"), m.end("same"))
                if sp is not None:
                    out.append(sp)
            continue
        # the next non-empty line, if it is short and reads as a name (or initials)
        j = m.end()
        nxt = _SIGNOFF_NEXT_LINE.match(text, j)
        if nxt is None:
            continue
        line = nxt.group("line").rstrip()
        bare = line.strip().lstrip("-–— ").strip()
        lead = re.match(r"(?:[A-Z][A-Za-z'’\-]*\.?|[a-z]+)(?:[ ][A-Z][A-Za-z'’\-]*\.?){0,2}", bare)
        if lead and lead.end() < len(bare) and bare[lead.end()] in " \t-(":
            bare = lead.group()  # "Debra 713-853-1657", "Carol ------=_Part_1", "Bill Bodine mPower Specialist"
        if (re.fullmatch(r"[A-Z]{2,3}", bare) or _name_like(bare, lone_ok=True)) and (
            bare[:1].isupper() or _given(bare.split()[0])
        ):
            k = nxt.start("line") + line.find(bare)
            sp = _span(text, k, k + len(bare))
            if sp is not None:
                out.append(sp)
    for m in _dash_names(text):  # ``_DASH_NAME.finditer(text)`` on the lines with its hint
        name = m.group("name")
        if (re.fullmatch(r"[A-Z]{2,3}", name) or _name_like(name, lone_ok=False)) and (
            name[:1].isupper() or _given(name)
        ):
            sp = _span(text, m.start("name"), m.end("name"))
            if sp is not None:
                out.append(sp)
    for m in _LOTUS.finditer(text) if _LOTUS_HINT.search(text) else ():
        name = m.group("name")
        if len(name.split()) >= 2 and _name_like(name, lone_ok=False):
            sp = _span(text, m.start("name"), m.end("name"))
            if sp is not None:
                out.append(sp)
    for m in _NAME_OPENER.finditer(text):
        name = m.group("name")
        if (
            _given(name)
            and name.lower() not in _NAME_FIELDS
            and name.lower() not in NOT_NAMES
            and (name.lower() not in _FIELD_LABELS)
            and not _SIGNOFF_WORD.fullmatch(name)
        ):
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _GIVEN_FAMILY.finditer(text):
        # a known given name and a known family name the tagger passed over, neither a frequent word, no
        # capitalised word on either side ("DT's Shaun Rogers (ankle)"; not a part of "Miguel Angel Jimenez"), not
        # in quotes, no number right after it (a street named for a person and its house number, "Mitchell Vance
        # 1901", is an address the pattern recognizers read)
        first, last = m.group("g"), m.group("f")
        if last.lower() not in _names()[1]:
            continue  # the cheap test first: most capitalised pairs end in no family name
        if text[m.end() : m.end() + 2].lstrip(" ")[:1].isdigit():
            continue
        before = text[max(0, m.start() - 2) : m.start()]
        if (
            not (before[:1].isalpha() and before[1:] == " " and _prev_capitalised(text, m.start() - 1))
            and not (before.strip()[-1:] in _QUOTES and text[m.end() : m.end() + 2].strip()[:1] in _QUOTES)
            and not _common(first.lower())
            and not _common(last.lower())
            and given_and_surname(m.group())
        ):
            out.append(Span(m.start(), m.end(), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _NAME_LINE.finditer(text):
        name = m.group("name")
        first = name.split()[0]
        if not first[1:].islower():
            continue  # "WASHINGTON 1996-08-30": a dateline in capitals (the pattern ignores case for "x"/"ext")
        if _SCORE_ROW.fullmatch(text, m.end("name"), m.end()):
            continue  # "Chester 4 1 1 2 6 7 4": a league table's row (a phone number has a run of 3 digits)
        if _given(first) and not _common(first) and _name_like(name, lone_ok=False):
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _EXTENSIONS.finditer(text) if "x" in text or "X" in text else ():
        out.extend(_extension_names(text, m))
    for m in _LAST_FIRST_LIST.finditer(text):
        p = m.start("name")  # a line start, "; ", ";\n" or ": " / ":\t" before it (the regex only skips to it)
        if p > 0 and text[p - 1] != "\n" and text[max(0, p - 2) : p] not in ("; ", ";\n", ": ", ":\t"):
            continue
        last, _, first = m.group("name").partition(",")
        given = first.split()[0]
        if (
            (_given(given) or not _dictionary(given))
            and last.lower() not in _NOT_PERSON_WORDS
            and (last.lower() not in _NEVER_PEOPLE)
            and not _SIGNOFF_WORD.fullmatch(last)
        ):
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    family = _names()[1]
    initials: dict[int, list[tuple[re.Match[str], bool]]] = {}  # line start -> (initial and surname, known)
    for m in _INITIAL_SURNAME.finditer(text):
        name = m.group("name")
        tail = name[1:].lstrip(". ")  # "SBeck" -> "Beck", "K.Roper" -> "Roper"
        known = tail.lower() in family and not _common(tail)
        if known:
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
        initials.setdefault(text.rfind("\n", 0, m.start("name")) + 1, []).append((m, known))
    for row in initials.values():
        # a line of two known ones or more ("T. Lindvall T. Lowell M. Philippov R. Williams"): an initial before a
        # surname no list knows is a name too, when no dictionary, place or name-word list has the word
        if len(row) < 3 or sum(known for _, known in row) < 2:
            continue
        for m, known in row:
            name = m.group("name")
            tail = name[1:].lstrip(". ")
            if not known and "." in name and not _dictionary(tail.lower()) and not _place(tail.lower()):
                if not _not_a_name_word(tail) and not known_place(tail):
                    out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    cells: dict[int, list[tuple[re.Match[str], bool]]] = {}  # line start -> (cell, accepted)
    for m in _CELL.finditer(text):
        if not _cell_start(text, m.start("name")):
            continue
        first, *_, last = m.group("name").split()
        ok = bool(
            (
                _given(first)
                and not _common(first)
                and not _dictionary(last.rstrip("'’s"))
                and not (_place(last) and not _known_name(last))  # "Austin Texas": a place
                or _given(first)
                and _known_name(last)
                and not _common(last)
            )
            and last.lower() not in _NOT_PERSON_WORDS
        )
        cells.setdefault(text.rfind("\n", 0, m.start("name")) + 1, []).append((m, ok))
    for row in cells.values():
        # a cell in a row of two or more names is a name too, known or not ("Everett Plante<TAB>Kim Ward<TAB>...")
        row_of_names = sum(ok for _, ok in row) >= 2
        for m, ok in row:
            words = m.group("name").split()
            if ok or (
                row_of_names
                and not any(
                    _common(w) or w.lower() in _NOT_PERSON_WORDS or w.lower() in _NEVER_PEOPLE or _place(w)
                    for w in words
                )
            ):
                out.append(Span(m.start("name"), m.end("name"), "PERSON", 0.7, "structure.cell"))
    for m in _schedule_matches(text):
        g = "after" if m.group("after") else "before"
        first = m.group(g).split()[0]
        if _given(first) and not _common(first):
            out.append(Span(m.start(g), m.end(g), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _SUBJECT.finditer(text):
        for w in re.finditer(r"(?<![\w@./])[a-z][a-z'’]{2,}(?![\w@])", m.group()):
            word = w.group()
            if _given(word) and not _dictionary(word) and word not in NOT_NAMES:
                out.append(Span(m.start() + w.start(), m.start() + w.end(), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _GLUED_LIST.finditer(text):
        for glued in _GLUED_ONE.finditer(text, m.start(), m.end()):
            if glued.group()[2:].lower() not in _NEVER_PEOPLE:
                out.append(Span(glued.start(), glued.end(), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _NUMBER_DASH_NAME.finditer(text) if _NUMBER_DASH_HINT.search(text) else ():
        name = m.group("name")
        first, *rest = name.split()
        if not (_first_name(first) and not _common(first) and not _not_a_name_word(first)):
            continue
        keep = [first]
        for next_word in rest:  # the surnames after it, while they read as surnames
            if _not_a_name_word(next_word) or not (next_word.lower() in _names()[1] or not _dictionary(next_word)):
                break
            keep.append(next_word)
        name = " ".join(keep)
        out.append(Span(m.start("name"), m.start("name") + len(name), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _WITH.finditer(text):
        name = m.group("name")
        if _place_alone(name):
            continue  # "Conf Call w/ London": the office called, not a person
        if _name_like(name, lone_ok=False) and (_known_name(name.split()[0]) or len(name.split()) > 1):
            out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for h in _EXTENSION_HINT.finditer(text):
        run = _NAME_RUN_BEFORE.search(text, max(text.rfind("\n", 0, h.start()) + 1, h.start() - 80), h.start())
        if run is None:
            continue
        a = run.start("name")
        name = run.group("name")
        while " " in name and not _given(name.split()[0]) and _dictionary(name.split()[0]):
            cut = name.index(" ") + 1  # "Call Terry Schneider x36898": the verb is not part of the name
            a, name = a + cut, name[cut:]
        lone = " " not in name and not _dictionary(name) and name[1:].islower()  # "mg/Sharron x37094"
        if _name_like(name, lone_ok=False) and (_known_name(name.split()[0]) or lone):
            out.append(Span(a, run.end("name"), "PERSON", STRUCTURE_SCORE, "structure"))
    for m in _NAME_ROW.finditer(text):
        out.extend(_row_names(text, m.start("row"), m.group("row")))
    if ";" in text:
        out.extend(_lowercase_list_names(text))
    if "," in text:
        from simulacra.text.caps_names import caps_last_first

        out.extend(caps_last_first(text))
    for m in _WRAPPED_NAME.finditer(text) if "\n" in text else ():
        given, last = m.group("given"), m.group("last")
        if (
            _first_name(given)
            and last.lower() not in _NOT_PERSON_WORDS
            and last.lower() not in _NEVER_PEOPLE
            and not _SIGNOFF_WORD.fullmatch(given)
            and (not _common(given) or _known_name(last) or not _dictionary(last))
            and (not _dictionary(last) or _known_name(last) and not _common(last) or _in_name_list(text, m.start()))
        ):
            out.append(Span(m.start("given"), m.end("last"), "PERSON", STRUCTURE_SCORE, "structure.wrapped"))
    out.extend(_names_before_office_codes(text))
    for m in _CITY_STATE_ZIP.finditer(text) if _STATE_ZIP_HINT.search(text) else ():
        if m.group("state") in _US_STATES:
            out.append(Span(m.start("city"), m.end("city"), "LOCATION", STRUCTURE_SCORE, "structure.city_state_zip"))
    return [t for s in out if (t := _tidy_edges(text, s)) is not None]


def _extension_names(text: str, m: re.Match[str]) -> list[Span]:
    """The names of a bracket of phone extensions: one capitalised name (a known given name, or no dictionary
    word: "(Sharron x37094)", not "(Office x37094)"), or each of a list of two or more, lowercase too ("(mercy
    x35082/tammie x34220/Holly x57893)": a list of whom to call is a list of people)."""
    items = list(_EXTENSION_ITEM.finditer(text, m.start("items"), m.end("items")))
    out = []
    for it in items:
        name = it.group("name")
        low = name.lower()
        if low in _NOT_PERSON_WORDS or low in _NEVER_PEOPLE or low in _FIELD_LABELS or _common(low) and not _given(low):
            continue
        if len(items) > 1 or (name[0].isupper() and (_first_name(name) or not _dictionary(name))):
            sp = _span(text, it.start("name"), it.end("name"))
            if sp is not None:
                out.append(sp)
    return out


def _schedule_matches(text: str) -> Iterator[re.Match[str]]:
    """``_SCHEDULE.finditer(text)``, scanning only the lines that hold a time range (a match never crosses a
    line end and always contains a ``_SLOT_HINT``; the scan's end at the line end reads as the line end)."""
    end = -1
    for h in _SLOT_HINT.finditer(text):
        if h.start() < end:
            continue  # this line was scanned
        a = text.rfind("\n", 0, h.start()) + 1
        end = text.find("\n", h.end())
        end = len(text) if end < 0 else end
        yield from _SCHEDULE.finditer(text, a, end)


def _cell_start(text: str, p: int) -> bool:
    """A table cell or list entry starts at ``p``: only blanks or ``>`` back to a line start, a tab, two
    spaces, a comma, or "; " / ": " (the boundary ``_CELL`` asked for before its name)."""
    q = p
    while True:
        if q == 0:
            return True
        c = text[q - 1]
        if c in "\n\t,":
            return True
        if q >= 2 and text[q - 2 : q] in ("  ", "; ", ": "):
            return True
        if c not in " >":
            return False
        q -= 1


def _lone_given(word: str) -> bool:
    """A word alone that a given-name list knows (short forms too) and no never-a-person list holds."""
    low = word.lower()
    return bool(_first_name(word)) and low not in _NEVER_PEOPLE and low not in _NOT_PERSON_WORDS


def _names_before_office_codes(text: str) -> list[Span]:
    """A lone given name just before an office's room code ("with Mike EB3328"): the person met there.
    A word no name list knows ("Room EB3321", "Meeting EB 3270") is left, and so is a given name that is
    also a common word unless a word that ties a person to a meeting comes before it ("with Will EB3321")."""
    out: list[Span] = []
    for m in _ROOM_CODE.finditer(text):
        g = _GIVEN_BEFORE_CODE.search(text, max(0, m.start() - 40), m.start())
        if g is None:
            continue
        given = g.group("given")
        if not _lone_given(given):
            continue
        if _common(given) and _MEET_WORD.search(text, max(0, g.start() - 12), g.start()) is None:
            continue
        out.append(Span(g.start("given"), g.end("given"), "PERSON", STRUCTURE_SCORE, "structure.office_code"))
    return out


def _in_name_list(text: str, at: int) -> bool:
    """``at`` sits in a list of names: a comma or semicolon right before it, after a capitalised word."""
    before = text[max(0, at - 40) : at].rstrip(" \t")
    return bool(re.search(r"[A-Z][A-Za-z'’\-]+[,;]\Z", before))


def _row_names(text: str, base: int, row: str) -> list[Span]:
    """A flat row of names cut at the given names: each name is a given name, initials or a particle, a
    surname and maybe a suffix. Only a prefix of two or more names whose surnames read as names counts."""
    toks = [(base + t.start(), base + t.end(), t.group()) for t in _ROW_TOKEN.finditer(row)]
    names: list[tuple[int, int]] = []
    odd = 0  # surnames that are also English words ("Buy", "Black")
    i = 0
    caps = row.replace(" ", "").replace("\t", "").isupper()
    while i < len(toks):
        a, _, first = toks[i]
        if not (_first_name(first) or _known_name(first) and not _common(first)) or first.lower() in _NEVER_PEOPLE:
            break
        j = i + 1
        while j < len(toks) and (_INITIAL_WORD.fullmatch(toks[j][2]) or toks[j][2].lower() in _ROW_PARTICLES):
            j += 1
        if j >= len(toks):
            break
        last = toks[j][2]
        low = last.lower().strip(".")
        if low in _NOT_PERSON_WORDS or low in _NEVER_PEOPLE or low in _ROW_SUFFIXES or len(low) < 2:
            break
        if _dictionary(low) and not (_known_name(low) and not _common(low)):
            odd += 1
        j += 1
        if j < len(toks) and toks[j][2].lower() in _ROW_SUFFIXES:
            j += 1
        names.append((a, toks[j - 1][1]))
        i = j
    if len(names) < 2 or 2 * odd > len(names) or (caps and len(names) < 3 and odd):
        return []
    return [Span(a, b, "PERSON", STRUCTURE_SCORE, "structure.row") for a, b in names]


def _lowercase_list_names(text: str) -> list[Span]:
    """Lowercase names in a semicolon list that holds capitalised names too ("rita pearson-schwandt; Robert Finney")."""
    out: list[Span] = []
    for m in _SEMI_ITEM.finditer(text):
        words = m.group("name").split()
        first, last = words[0], words[-1]
        known = _first_name(first) or (_known_name(first) and not _dictionary(first))
        if _common(first) or _common(last) or any(w.lower() in _NOT_PERSON_WORDS for w in words):
            continue
        # the list: capitalised "First Last" or "Last, First" items within the same stretch of text
        around = text[max(0, m.start() + 1 - 200) : m.end() + 200]  # + 1: from after the ";"
        items = len(re.findall(r"(?:^|;)[ \t]*[A-Za-z][a-z'’\-]+(?:,)?[ ][A-Za-z][a-z'’\-]+[ \t]*(?=;)", around, re.M))
        if items < 3:
            continue
        # a given name no list knows ("keir prince", "toshiro takino") only deep in a long list of names,
        # and only when no word of it but a particle is a frequent English word
        if not known and (
            items < 6 or any(_common(w) and w.lower() not in _ROW_PARTICLES for w in words) or _dictionary(first)
        ):
            continue
        out.append(Span(m.start("name"), m.end("name"), "PERSON", STRUCTURE_SCORE, "structure.list"))
    return out


def _cut_header_tail(text: str, s: Span) -> Span | None:
    """``s`` without a header field name run into it on a flattened header line ("... Kearns Mime-Version")."""
    m = _HEADER_TAIL.search(text, s.start, s.end)
    if m is None or m.end() != s.end:
        return s
    return replace(s, end=m.start()) if m.start() - s.start >= 2 else None


# a word before a name that only says how the name is used ("Per Rita,", "Attn Tom Hale")
_LEAD_WORDS = frozenset("per attn via cc fyi thanks thx re fw fwd from to with for and".split())


def _tidy_edges(text: str, s: Span) -> Span | None:
    """A structural name without a header field run into it, a full stop that ends the sentence after
    it ("... w/ Sally Beck." — an initial's or a suffix's point stays: "Debbie R.", "Jr."), and a
    leading word that only introduces it ("Per Rita")."""
    t = _cut_header_tail(text, s)
    if t is None or t.label != "PERSON":
        return t
    value = text[t.start : t.end]
    last = value.rsplit(None, 1)[-1]
    if last.endswith(".") and len(last) > 3 and last[:-1].isalpha() and last[:-1].lower() not in _ROW_SUFFIXES:
        t = replace(t, end=t.end - 1)
        value = value[:-1]
    first, _, rest = value.partition(" ")
    if rest and first.lower() in _LEAD_WORDS and rest[:1].isupper():
        t = replace(t, start=t.start + len(first) + 1)
    return t


def _owner_spans(text: str, m: re.Match[str]) -> list[Span]:
    """``X-Folder: \\Vincent_Kaminski_Jun2001\\...``, ``X-Origin: Kaminski-V``, ``X-FileName: vkamins.nsf``."""
    field, a, value = m.group("field").lower(), m.start("value"), m.group("value")
    out: list[Span] = []
    if field == "x-folder":
        first = re.match(r"[\\/]*([^\\/]+)", value)
        if first:
            for w in re.finditer(r"[A-Za-z][A-Za-z'’]+", first.group(1)):
                word = w.group()
                if word.lower()[:3] in _MONTH_PREFIXES and len(word) <= 4:
                    continue
                if _known_name(word) or not _dictionary(word):
                    out.append(
                        Span(
                            a + first.start(1) + w.start(),
                            a + first.start(1) + w.end(),
                            "PERSON",
                            STRUCTURE_SCORE,
                            "structure",
                        )
                    )
    elif field == "x-origin":
        v = value.strip()
        if v and not any(c.isspace() for c in v):
            k = value.find(v)
            out.append(Span(a + k, a + k + len(v), "USERNAME", STRUCTURE_SCORE, "structure"))
    else:  # x-filename: the part before the extension, when it is one word
        stem = re.match(r"\s*([A-Za-z][\w.-]*?)(?:\s*\([^)]*\))?\.(?:nsf|pst|ost)\b", value, re.IGNORECASE)
        if stem and len(stem.group(1)) >= 3:
            out.append(Span(a + stem.start(1), a + stem.end(1), "USERNAME", STRUCTURE_SCORE, "structure"))
    return out


_MONTH_PREFIXES = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())


# --- refine: what is never an entity ---------------------------------------------------------


# an Outlook header in another language (German, French, Spanish, Dutch, Italian, Portuguese): a field's name
# ("Von:", "Betreff:"), the words of its date ("Gesendet: Mittwoch, 25. April 2001") and its separator
# ("-----Ursprüngliche Nachricht-----"); never a name
_FOREIGN_FIELD = re.compile(
    r"[ \t>]*(?P<f>von|an|kopie|cc|gesendet|datum|betreff|antwort[ ]an|de|à|a|envoyé|envoye|objet|para|enviado"
    r"|asunto|fecha|van|aan|verzonden|onderwerp|da|inviato|oggetto|enviada|assunto)[ \t]*:",
    re.IGNORECASE,
)
_FOREIGN_DATE_FIELDS = frozenset("gesendet datum envoyé envoye enviado fecha verzonden inviato enviada".split())
_SEPARATOR_LINE = re.compile(
    r"[ \t>]*-{3,}[ \t]*(?P<m>[^\n\d\-/@ \t]+(?:[ ][^\n\d\-/@ \t]+)?)[ \t]*-{3,}[ \t]*(?:\r?\n|\Z)"
)


def _separator_words(middle: str) -> bool:
    """The words between a separator's dashes are a phrase, not a person's name: two words, no comma (a
    name written surname first, "Dasovich, Jeff"), none of them a known given or family name in any order
    ("Kaminski Vince"); one word alone ("-----Kaminski-----") is kept, a surname as often as a label."""
    words = middle.split()
    return len(words) == 2 and "," not in middle and not any(_known_name(w) or _first_name(w) for w in words)


def _foreign_header_debris(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is a foreign header's field name, a word of its date, or sits on a separator line."""
    line = text.rfind("\n", 0, a) + 1
    sep = _SEPARATOR_LINE.match(text, line)
    if sep is not None and text.find("\n", a, b) < 0 and _separator_words(sep.group("m")):
        return True  # "Original Message", "Ursprüngliche Nachricht"; not "Ann Lee", "Dasovich, Jeff"
    m = _FOREIGN_FIELD.match(text, line)
    if m is None:
        return False
    if m.start("f") == a and m.end("f") == b:
        return True  # "Von", "Betreff" before their colon
    return m.group("f").lower() in _FOREIGN_DATE_FIELDS and " " not in text[a:b] and text.find("\n", a, b) < 0


def _line_ranges(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(ranges: list[tuple[int, int]], starts: list[int], a: int, b: int) -> bool:
    i = bisect.bisect_right(starts, a) - 1
    return i >= 0 and ranges[i][0] <= a and b <= ranges[i][1]


def refine(text: str, spans: Iterable[Span]) -> list[Span]:
    """``spans`` less what is never an entity; dates extended over their weekday ("Thu, 28 Dec 2000").

    Dropped (for names, organisations and places, whoever found them): mail plumbing
    (MIME boundaries, Content-*/Message-ID lines, quoted-printable ``=20`` debris,
    office codes of ``Name/HOU/ECT@ECT``, mail products such as Outlook or Yahoo),
    a field label before its colon (``IBAN:``), a word glued to digits as part of an
    identifier (``ORD-00000002``, ``SKU-000006-ED``), and a US state code between a
    city and a ZIP code.
    """
    spans = list(spans)
    if not spans:
        return spans
    plumbing = _line_ranges(text, _PLUMBING) + _line_ranges(text, _MIME_BOUNDARY)
    plumbing.sort()
    pstarts = [a for a, _ in plumbing]
    states = sorted(
        (m.start("state"), m.end("state"))
        for m in (_CITY_STATE_ZIP.finditer(text) if _STATE_ZIP_HINT.search(text) else ())
        if m.group("state") in _US_STATES
    )
    sstarts = [a for a, _ in states]
    out: list[Span] = []
    sep = "\x1e" in text
    mail = NAME_HEADER.search(text) is not None
    subjects = _line_ranges(text, _SUBJECT) if mail else []
    sub_starts = [a for a, _ in subjects]
    lone_words = _lone_unknown_words(text, spans) if mail else frozenset()
    people = _people_around(text, spans)
    firms = firm_words(text, spans)
    org_heads = organisation_heads(text, spans, people[0]) if mail else frozenset()
    glued = glued_thing_words(text, spans) if mail else frozenset()
    brands = brand_words(text, spans)
    paths = path_words(text, spans)  # "EPNG/Blanco/Blanco": a word of a path of codes, a facility, not a person
    # a lone word the text puts after a place's preposition once ("in Alberta") is that place elsewhere too
    places = frozenset(
        text[s.start : s.end]
        for s in spans
        if s.label == "PERSON" and s.source != "structure" and place_not_person(text, s)
    )
    # and the words it writes alone as places there, whoever typed them: a "person" they lead is the place's thing
    placed = places | frozenset(
        text[s.start : s.end] for s in spans if s.label == "LOCATION" and place_not_person(text, s)
    )
    for s in spans:
        if sep and "\x1e" in text[s.start : s.end]:
            continue  # a record separator (between the pieces of a message) is never inside an entity
        if s.label == "DATE":
            m = _WEEKDAY.search(text, max(0, s.start - 15), s.start)
            if m is not None and m.end() == s.start:
                s = replace(s, start=m.start())
            out.append(s)
            continue
        if s.label not in ("PERSON", "ORGANIZATION", "LOCATION"):
            out.append(s)
            continue
        value = text[s.start : s.end]
        low = value.lower()
        if plumbing and _inside(plumbing, pstarts, s.start, s.end):
            continue
        if states and _inside(states, sstarts, s.start, s.end):
            continue
        if ("=" in value and not (s.source == "structure" and _WRAPPED_QP.fullmatch(value))) or (
            s.start > 0 and text[s.start - 1] == "=" and s.source != "structure"
        ):
            continue  # quoted-printable debris ("=20", "=3D")
        if s.source != "structure" and _joined_to_identifier(text, s.start, s.end):
            continue
        after = text[s.end : s.end + 1]
        if after == ":" and (low in _NAME_FIELDS or low.startswith("x-") or low in _PLUMBING_FIELDS):
            continue  # a header's name ("X-From:", "X-bcc:")
        if after == ":" and (
            low in _FIELD_LABELS
            or (value.isupper() and len(value) <= 6 and not _known_name(value))
            or low.replace("-", " ").split()[-1:]
            and low.replace("-", " ").split()[-1] in _FIELD_LABELS
        ):
            continue  # a field label ("IBAN:", "SKU:", "Order ID:")
        if (
            s.label == "PERSON"
            and after == ":"
            and not s.source.startswith("structure")
            and line_label(text, s.start, s.end)
        ):
            if not _known_name(value):
                continue  # "Agenda:\tQ3 review", "Host:  Ann Lee": a meeting notice's label names nobody
            s = replace(s, label="ORGANIZATION")  # "Topic:\tFundamentals" (a surname too: still rewritten)
        if s.source != "structure" and _foreign_header_debris(text, s.start, s.end):
            continue  # "Betreff:", "Gesendet: Mittwoch", "-----Ursprüngliche Nachricht-----"
        if low in _NEVER_PEOPLE or _FILE_NAME.fullmatch(value):
            continue  # a mail product, or a file name ("Minutes.doc", "Q3 Budget.xls")
        if s.label == "PERSON" and " " not in value and not _known_name(value) and _FILE_NAME_REST.match(text, s.end):
            continue  # "<<Execsumm 11-15-00fin.doc>>", "File: Mont settees 3.JPG": a file's word no name list knows
        if (
            s.label == "PERSON"
            and _SIGNOFF_WORD.fullmatch(value)
            and _CLOSING_AFTER.match(text, s.end)
            and not text[text.rfind("\n", 0, s.start) + 1 : s.start].strip(" \t>")
        ):
            continue  # "Thanx,\nLaura": the sign-off's word, not its name
        if s.label == "PERSON" and not s.source.startswith("structure") and _date_word(text, s):
            continue  # "Jan 2002", "15 May", "Thurs AM": a date's part, not a given name
        if s.label == "PERSON" and _negation_word(text, s):
            continue  # "Don=01,t expect": "don't" with its apostrophe escaped, not Don
        if holiday(value) and not _TITLE_BEFORE.search(text, max(0, s.start - 8), s.start):
            continue  # "before Christmas", "Easter's": a holiday names no person, firm or place
        if s.label == "PERSON" and drawn_out(value):
            continue  # "Ahhhhhhh!", "Soooooo, tell": a drawn-out interjection names nobody
        if (
            s.label == "PERSON"
            and " " not in value
            and low.rstrip(".") in _TITLE_WORDS
            and not value.rstrip(".").isupper()
        ):
            # "Ruth Kollman, Esq.", "Ann Lee, PhD": a title or a suffix alone names nobody (in capitals it may be
            # initials signing: "MD", "SR")
            continue
        if s.source != "structure" and (people_here := person_by_context(text, s)) is not None:
            out.extend(people_here)  # "Loftus and I", "in Tom's office", "Sally & Sharron", "per Sharron"
            continue
        if s.label == "PERSON" and _MAIL_HOST_BEFORE.search(text, max(0, s.start - 40), s.start) and " " not in value:
            continue  # the host of an Exchange address ("Dave Findlay/DuPont@DuPont", "Ann Lee/NA@Acme")
        if s.label == "PERSON" and s.source != "structure" and " " not in value and greeting_name(text, s):
            out.append(s)  # "Matt," alone after a blank line: a greeting's name, though also a word
            continue
        if s.label == "PERSON" and value in lone_words and not s.source.startswith("structure"):
            # a word the tagger took for a person, no name we know, that the document repeats and never
            # joins to another name part: a company, product or place ("Powerex", "Dynegy"); still
            # rewritten, as an organisation. Not where the structure vouches for a person at that place ("(Sharron
            # x37094)", "w/Sharron"): the word is a person's there
            s = replace(s, label="ORGANIZATION")
        if s.label == "PERSON" and placed and not s.source.startswith("structure") and place_headed(value, placed):
            s = replace(s, label="ORGANIZATION")  # "Alberta Price Fixing" where the text says "into Alberta"
        if s.label == "PERSON" and (_group_of_people(value) or (" " in value and _greeted_role(text, s))):
            s = replace(s, label="ORGANIZATION")  # "Dear Market Participants", "-\tInternal Customers"
        if s.label == "PERSON" and s.source != "structure":
            words = [w.lower() for w in _WORDS.findall(value)]
            if words and all(w in _NEVER_PEOPLE or w in _NOT_PERSON_WORDS for w in words):
                continue
            if len(words) > 1 and any(w in _NOT_PERSON_WORDS for w in words[1:]):
                s = replace(s, label="ORGANIZATION")  # "Simulacra Shop", "Gas Desk": a firm or a group
            elif len(words) > 1 and _has_acronym(value):
                s = replace(s, label="ORGANIZATION")  # "EOL Training", "MIT Sloan": a desk, a school, a project
            elif mail and _thing_name(value):
                s = replace(s, label="ORGANIZATION")  # "Gantt Chart", "Hyatt Regency", "Exxon Pricing"
            elif (
                len(words) == 1
                and _dictionary(value)
                and not _first_name(value)
                and _inside(subjects, sub_starts, s.start, s.end)
            ):
                # a word capitalised by a title-case Subject line ("Foot and Mouth", "Early Power Post")
                s = replace(s, label="ORGANIZATION")
            elif _subject_thing(value) and _inside(subjects, sub_starts, s.start, s.end):
                s = replace(s, label="ORGANIZATION")  # "Summer Picnic", "Mark Status", "My Schedule"
            if text[s.start - 1 : s.start] == "/" and text[s.end : s.end + 1] in ("/", "@"):
                continue  # an office code of an Exchange address ("/DuPont@DuPont", "/HOU/")
            if (
                value.isupper()
                and len(value) <= 4
                and (text[s.start - 1 : s.start] == "/" or text[s.end : s.end + 1] in ("/", "@"))
            ):
                continue
            if (
                _cap_small_cap_thing(value)
                or (len(words) <= 2 and (_verb_opening(text, s) or _after_ordinal(text, s, words)))
                or (len(words) > 1 and (_abbreviation_in(value) or _prefixed_word(value)))
                or _news_agency(text, s)
                or _lettered_item(text, s)
                or _cut_by_soft_break(text, s)
            ):
                # "VaR", "VaR Mapping", "MoU": no name is written so; "Hope this works", "Mark your calendars": a
                # verb opening a sentence with its object; "38th Floor": what a number counts; "Volume Mgmt",
                # "Pira Bi-Annual": an abbreviation or a prefixed word; "TORONTO (Dow Jones)--": a news agency;
                # "A. Run switching valve": a lettered list's item; "Trav=\nel": a word's piece. Still rewritten, as an
                # organisation
                s = replace(s, label="ORGANIZATION")
            elif _after_house_number(text, s, words) or _mountain(value):
                s = replace(s, label="LOCATION")  # "1400 Smith, 38th Floor", "2603 Timmons": a street; "Mt. Hood"
            if s.label == "PERSON" and words and all(_dictionary(w) and not _known_name(w) for w in words):
                # only dictionary words and no known name ("Scheduled Outages", "Search"): not a person,
                # but still rewritten (as an organisation): a surname we do not know may look like this
                s = replace(s, label="ORGANIZATION")
            if s.label == "PERSON" and len(words) == 1 and not _any_given(words[0]) and _place(words[0]):
                s = replace(s, label="LOCATION")  # "London", "Houston" alone: a place before a surname
            elif s.label == "PERSON" and value in places and not _beside_people(text, s, (frozenset(), *people[1:])):
                s = replace(s, label="LOCATION")  # "in Austin", "into Alberta": the place, not the given name
            elif (
                s.label == "PERSON"
                and known_place(value)
                and not _beside_people(text, s, people)
                and not person_evidence(text, s)
                and not surname_after(text, s)
                and place_spread_covers(text, s, spans)
            ):
                s = replace(s, label="LOCATION")  # "Alberta", "El Paso", "Paris" with nothing of a person around
            elif (
                s.label == "PERSON"
                and len(words) == 1
                and (place_by_state(text, s) or listed_with_places(text, s))
                and not _beside_people(text, s, people)
                and not person_evidence(text, s)
                and not surname_after(text, s)
                and place_spread_covers(text, s, spans)
            ):
                s = replace(s, label="LOCATION")  # "Arpin, WI", "Indianapolis, Raleigh or Providence": a town
            elif (
                s.label == "PERSON"
                and place_with_state(text, s)
                and not person_evidence(text, s)
                and place_spread_covers(text, s, spans)
                and (
                    state_abbreviation_at(text, s.start)  # "Sarasota, Fla.": the town before is its evidence
                    or (
                        not _named_elsewhere(text, s, spans)
                        # "Playa Del Carmen, Mex." with "Mex" typed a person: the abbreviation is no list mate
                        and not _beside_people(
                            text,
                            s,
                            (
                                people[0],
                                frozenset(a for a in people[1] if not state_abbreviation_at(text, a)),
                                people[2],
                            ),
                        )
                    )
                )
            ):
                s = replace(s, label="LOCATION")  # "Mason TX", "Playa Del Carmen, Mex.", "Scottsdale, Ariz."
            if (
                s.label == "PERSON"
                and firms
                and len(words) <= 3
                and (
                    firm_by_context(text, s)
                    or firm_by_reference(text, s)
                    or (all(w in firms for w in words) and not person_evidence(text, s))
                )
            ):
                # "Jones Newswires", "Elkins L.L.P", "Moody's acquisition of", "Texaco ... extend its contract",
                # then "Dow", "Moody" alone
                s = replace(s, label="ORGANIZATION")
            if (
                s.label == "PERSON"
                and org_heads
                and len(words) == 1
                and heads_an_organisation(text, s, org_heads, spans)
                and not _beside_people(text, s, people)
                and not person_evidence(text, s)
            ):
                s = replace(s, label="ORGANIZATION")  # "information on Regus" beside "Regus Business Centers"
            if s.label == "PERSON" and len(words) == 1 and not _beside_people(text, s, people):
                lone = _lone_word_kind(text, s.start, value)
                if lone == "abbreviation":
                    continue  # "Mgmt", "Mtg", "Thx": a word with no vowel is no name
                if lone == "word":
                    s = replace(s, label="ORGANIZATION")  # "Power", "West", "SEN": still rewritten
        if s.label == "PERSON" and subjects and _inside(subjects, sub_starts, s.start, s.end) and subject_thing(value):
            s = replace(s, label="ORGANIZATION")  # "VAR Presentation", "Forum Lunch": the subject's thing; rewritten
        if s.label == "PERSON" and paths and value.lower() in paths and not s.source.startswith("structure"):
            s = replace(s, label="ORGANIZATION")  # "Currently, Blanco is" beside "EPNG/Blanco/Blanco": still rewritten
        if s.label == "PERSON" and brands and value in brands:
            s = replace(s, label="ORGANIZATION")  # "Dynegy" beside "Dynegydirect": a firm and its site; rewritten
        if s.label == "PERSON" and mail and _thing_after_article(text, s):
            s = replace(s, label="ORGANIZATION")  # "the VaR engine", "a DuPont strong hold": still rewritten
        if s.label == "PERSON" and glued and glued_thing(text, s, glued):
            s = replace(s, label="ORGANIZATION")  # "ClickAtHome@ENRON": a programme's mailbox; still rewritten
        if s.label == "PERSON":
            s = _cut_word_after_name(text, _cut_lead_and_senior(text, s))  # "Rob Brown Associate", "Per Ann Lee"
            if _PARTICLE_END.search(text, s.start, s.end) and (m := _SURNAME_AFTER.match(text, s.end)) is not None:
                s = replace(s, end=m.end())  # "Mike De La" + "Rosa": a surname's particle is no name's end
            if text[s.end : s.end + 1] == ":" and (f := _FIELD_AFTER_NAME.search(text, s.start, s.end)) is not None:
                if f.start() - s.start < 2:
                    continue
                s = replace(s, end=f.start())  # "Meyn, Jim Sent:\tMonday": the field is no part of the name
            if (pieces := _split_at_break(text, s)) is not None:
                # "Derivatives\tKaminski", "Katy. Tom", "Rita P.S.": a break no name crosses; a piece that is a
                # date's month ("ARTO\tJan 2002") is none
                out.extend(p for p in pieces if not _date_word(text, p))
                continue
            if (two := glued_people(text, s)) is not None:
                out.extend(two)  # "Kate Kerri Thompson", "Marie Marie Heard", "Tiluk Mandadi Bob Campbell"
                continue
        out.append(s)
    return out


_CAP_SMALL_CAP = re.compile(r"[A-Z][a-z][A-Z]s?")
_CAP_SMALL_CAP_IN = re.compile(r"[a-z][A-Z]")


def _cap_small_cap_thing(value: str) -> bool:
    """A word written capital, small letter, capital ("VaR", "PhD", "MoU"), and no known name beside it in the
    span ("VaR Mapping"; not "Ann Lee PhD": her name's words must stay a person's)."""
    if _CAP_SMALL_CAP_IN.search(value) is None:
        return False
    words = value.split()
    odd = [w for w in words if _CAP_SMALL_CAP.fullmatch(w)]
    return bool(odd) and not any(_known_name(w) for w in words if not _CAP_SMALL_CAP.fullmatch(w))


# an ordinal number right before a word: "2nd Floor", "38th Floor", "5th Floor Coronado"
_ORDINAL_BEFORE = re.compile(r"(?<![\w.])\d{1,3}(?:st|nd|rd|th)[ ]\Z", re.IGNORECASE)


def _after_ordinal(text: str, s: Span, words: list[str]) -> bool:
    """``s`` (one or two words, the first a dictionary word, the second no given name that is no word) follows an
    ordinal number: what the number counts ("38th Floor", though Floor is a Dutch given name), not a person."""
    if not text[s.start - 2 : s.start - 1].isalpha():
        return False  # no "st", "nd", "rd", "th" right before: no ordinal
    return (
        len(words) <= 2
        and _dictionary(words[0])
        and (len(words) == 1 or _dictionary(words[1]) or not _first_name(words[1]))
        and _ORDINAL_BEFORE.search(text, max(0, s.start - 8), s.start) is not None
    )


# a pronoun or determiner right after a sentence's first word: the word is a verb ("Hope this works", "Hope you
# are well", "Mark your calendars"); a name is followed by its verb ("Hope is out")
_OBJECT_AFTER = re.compile(r"[ ]+(?:this|that|you|we|all|everyone|everything|your|our|it)\b")


def _verb_opening(text: str, s: Span) -> bool:
    """``s`` is one dictionary word opening a sentence or a line, with a pronoun or determiner after it."""
    if text[s.end : s.end + 1] != " " or _OBJECT_AFTER.match(text, s.end) is None:
        return False
    value = text[s.start : s.end]
    return " " not in value and _dictionary(value) and _sentence_start(text, s.start)


_ARTICLE_BEFORE = re.compile(r"(?<![\w'’])(?:the|a|an)[ ]\Z")


def _thing_after_article(text: str, s: Span) -> bool:
    """In mail, a span right after a lowercase article names a thing, a firm or a place, not a person ("the VaR
    number", "at the Austin Airport Hilton", "a Summer Intern"); a given name and more keeps the person ("the
    Marc Dutroux case"). The caller asks only in mail: prose and reviews name people attributively ("the Jensen
    novel", "a Ravil Yefimov concert")."""
    if not _ARTICLE_BEFORE.search(text, max(0, s.start - 4), s.start):
        return False
    words = text[s.start : s.end].split()
    return not (len(words) >= 2 and _first_name(words[0]) and not _common(words[0]))


_SENIOR = frozenset(("Sr.", "Sr", "Jr.", "Jr"))
_ROLE_AFTER = re.compile(r"[ ]+(?P<w>[A-Z][a-z]+)")


def _senior_of_role(text: str, end: int) -> bool:
    """The "Sr." that ends at ``end`` is a role's "Senior": a dictionary word, no name, follows it."""
    m = _ROLE_AFTER.match(text, end)
    return m is not None and _dictionary(m.group("w")) and not _known_name(m.group("w"))


def _cut_lead_and_senior(text: str, s: Span) -> Span:
    """A person's span on one line less a word that introduces the name ("Per Laura Luce," "Attn Ann Lee"; "Per"
    only before a given name and more: "Per Nilsson" is a name), and less "Sr." that is the role's "Senior"
    ("Irena Hogan Sr. Administrative Assistant", "Terrie James Sr. Director")."""
    value = text[s.start : s.end]
    if "\n" in value:
        return s
    words = value.split(" ")
    if (
        len(words) >= 2
        and words[0].lower() in _LEAD_WORDS
        and words[1][:1].isupper()
        and (not _given(words[0]) or (len(words) >= 3 and _first_name(words[1])))
    ):
        return replace(s, start=s.start + len(words[0]) + 1)
    if len(words) >= 3 and words[-1] in _SENIOR and _senior_of_role(text, s.end):
        return replace(s, end=s.end - len(words[-1]) - 1)
    if len(words) >= 3 and words[0] in _PLAYING_POSITIONS and _first_name(words[1]) and not words[1].isupper():
        return replace(s, start=s.start + len(words[0]) + 1)  # "WR Sloan Thomas", "TE Bo Scaife": a position
    if len(words) >= 2 and "-" in words[0] and (cut := _hyphened_lead(words[0])):
        return replace(s, start=s.start + cut)  # "Accenture-Kenny Baldwin", "OVERVIEW-RICK CAUSEY"
    return s


# a player's position before the name in sports news (American football's, two or three capitals)
_PLAYING_POSITIONS = frozenset("QB RB HB FB WR TE OL OT OG DL DT DE LB ILB OLB MLB CB DB FS SS LS KR PR PK".split())


def _hyphened_lead(word: str) -> int:
    """Where the given name starts in a span's first word that joins something else to it by a hyphen: a firm,
    a topic or a role ("Accenture-Kenny", "Productization-Vince", "Co-chairs-Deborah", "OVERVIEW-RICK"); 0 when
    the word is a double name ("Mary-Kate", "Jean-Luc", "Barker-Bennett": every piece before the last is a
    known name) or its last piece is no given name."""
    head, _, tail = word.rpartition("-")
    if len(tail) < 2 or not tail[:1].isupper() or not _first_name(tail) or not head:
        return 0
    if any(_known_name(p) for p in head.split("-") if p[:1].isupper() and not p.isupper()):
        return 0
    if head.isupper() and not tail.isupper():
        return 0  # "ABC-Kenny": an acronym's code before a name, not a caption in capitals
    return len(head) + 1


# a break inside a span that no name crosses: a tab between columns, a sentence's end after a whole word
# ("Realtime.  Lloyd"; not "Mrs. Ann", "Chas. Smith", "J. Smith"), a postscript's "P.S."
_NAME_BREAK = re.compile(r"\t+|(?<=[a-z]{2})\.[ ]+(?=[A-Z])|(?:(?<=\s)|\A)P\.S\.?(?=\s|\Z)")
_ABBREVIATED_BEFORE_POINT = frozenset(
    "mr mrs ms mme mlle messrs dr jr sr st prof rev gen col capt cpt lt sgt gov sen rep hon esq"
    " chas thos jas robt benj geo edw jno wm".split()
)


def _split_at_break(text: str, s: Span) -> list[Span] | None:
    """A person's span on one line cut at a break no name crosses (``_NAME_BREAK``): a tab ("Derivatives\tKaminski"),
    a sentence's end ("Katy. Tom", "Realtime.  Lloyd") or a postscript's "P.S." ("Rita P.S.", "P.S. Marisha").
    Each side keeps its own span: a person, or an organisation when it is only dictionary words and no known name
    (still rewritten); "P.S." itself is dropped. None when there is no such break."""
    value = text[s.start : s.end]
    if "\n" in value or ("\t" not in value and "." not in value):
        return None
    cuts: list[tuple[int, int]] = []
    for m in _NAME_BREAK.finditer(value):
        if m.group().startswith(".") and value[: m.start()].split()[-1].lower() in _ABBREVIATED_BEFORE_POINT:
            continue  # "Mrs. Ann Lee", "Chas. Smith": an abbreviation's point, not a sentence's end
        cuts.append((m.start(), m.end()))  # a sentence's point is no part of the name before it
    if not cuts:
        return None
    pieces: list[Span] = []
    a = 0
    for x, y in [*cuts, (len(value), len(value))]:
        piece = value[a:x]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if any(ch.isalpha() for ch in piece):
            start = s.start + a + lead
            words = [w.strip(".,") for w in piece.split()]
            kind = "ORGANIZATION" if all(_dictionary(w) and not _known_name(w) for w in words) else s.label
            pieces.append(replace(s, start=start, end=start + len(piece), label=kind))
        a = y
    return pieces


_SPAN_WORD = re.compile(r"\S+")
_CAPITALISED = re.compile(r"[A-Z][A-Za-z'’\-]*\.?")
_LOWER_NEXT = re.compile(r"[ ][a-z]")
# a product's or firm's glued words: a capital inside after three small letters ("EnronOnline", "ClickAtHome";
# not "McMahon", "MacDonald", "LaFuze", "DeLuca")
_OPENING_VERB = re.compile(r"[a-z]{3,}(?:ed|ing)")  # "Attached", "Enclosed", "Testing", "Following"
_LINE_START = re.compile(r"(?:\A|\n)[ \t>]*\Z")


# what follows a verb that opens a sentence ("Attached is", "Testing the", "Enclosed please find", "Following
# are"); after "Skilling spoke" or "Whiting will" the verb is a subject's: the word before it a surname
_AFTER_OPENING = frozenset(
    "is are please find below herewith you the a an my our your his her their this these that those here there for "
    "to from with on in of at by".split()
)
_NEXT_WORD = re.compile(r"[ ](?P<w>[a-z]+)")


def _opens_sentence(text: str, word: str, end: int) -> bool:
    """``word`` (ending at ``end``) is a verb that opens a sentence after a greeting's name on a line of its own
    making ("Mark Attached is", "Ryan Testing the"; not "Mr. Jeff Skilling has", "4) Andrew Suckling and", a line's
    "Jeffrey Skilling spoke": the word after an opening verb is a function word, "is" or "please")."""
    if not _OPENING_VERB.fullmatch(word.lower()) or not _dictionary(word):
        return False
    nxt = _NEXT_WORD.match(text, end)
    if nxt is None or nxt["w"] not in _AFTER_OPENING:
        return False  # "Skilling spoke", "Whiting will": a subject's verb, not an opening verb's object
    name_start = end - len(word) - 1
    while name_start > 0 and not text[name_start - 1].isspace():
        name_start -= 1  # the start of the name before the word
    return _LINE_START.search(text, max(0, name_start - 40), name_start) is not None


_BRAND = re.compile(r"[A-Z][a-z]{3,}[A-Z][A-Za-z]+")
_WEEKDAY_NAMES = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _cut_word_after_name(text: str, s: Span) -> Span:
    """A person's span less a last word that starts what follows the name, not the name: a capitalised dictionary
    word no name list knows after a given name and a surname ("Rob Brown Associate", "Margo Reyna Regulatory
    Analyst": a sign-off's role on the name's line), or a function word that opens the sentence going on after a
    lone name ("Hi Stacey Here is", "JD Here is"), or a day of the week after a full name ("Fletch Sturm
    Wednesday"). Never a particle's surname ("Van Pelt"), a suffix, a name
    in a list or an address."""
    value = text[s.start : s.end]
    if "\n" in value or "," in value or "/" in value or "@" in value:
        return s
    words = list(_SPAN_WORD.finditer(value))
    if len(words) < 2:
        return s
    last, prev = words[-1].group(), words[-2].group()
    if len(words) > 2 and last in _WEEKDAY_NAMES and _CAPITALISED.fullmatch(prev):
        return replace(s, end=s.start + words[-2].end())  # "Meeting w/Fletch Sturm Wednesday,": the day after
    if len(words) > 2 and _BRAND.fullmatch(last) and _CAPITALISED.fullmatch(prev):
        return replace(s, end=s.start + words[-2].end())  # "Bryan Hull EnronOnline": a product after the name
    if not _CAPITALISED.fullmatch(prev) or not last[1:].islower() or not last.isalpha() or not last[:1].isupper():
        return s
    low, before = last.lower(), prev.rstrip(".").lower()
    if _known_name(last) or low in _ROW_SUFFIXES or before in _ROW_PARTICLES or before in FUNCTION_WORDS:
        return s  # "Van Pelt", "Jr", "On Behalf Of Kitchen"
    if len(words) > 2 and before in _names()[0] and before not in _names()[1]:
        return s  # the word before is a given name only: the last word is the surname ("Marie Marie Heard")
    if len(words) == 2:
        if not _LOWER_NEXT.match(text, s.end):
            return s
        if low not in FUNCTION_WORDS and not (_first_name(prev) and _opens_sentence(text, last, s.end)):
            return s  # "Mark Attached is", "Ryan Testing the": a given name, then the sentence it opens with a verb
    elif not _dictionary(last) or len(prev.rstrip(".")) < 2:
        return s
    return replace(s, end=s.start + words[-2].end())


# a file name: a word (or a short run of words) and a document extension
# the rest of a file's name after its first word, on the same line: " 11-15-00fin.doc", " settees 3.JPG" (words
# with no dash between them: "Carl - CAISO-CRM-Feedback.doc" is a sender and his file)
_FILE_NAME_REST = re.compile(
    r"(?:[ ](?!-[ ])[\w\-.,&']{1,40}){1,6}?\.(?:docx?|xlsx?|xls[mb]|pptx?|pdf|txt|rtf|html?|zip|csv|mpg|mpeg|mp3|jpe?g|gif"
    r"|png|bmp|tiff?|wav|avi|mov|msg|eml|vsd|mdb|exe|dat)\b",
    re.IGNORECASE,
)
_FILE_NAME = re.compile(
    r"[\w\-. ]{0,60}\.(?:docx?|xlsx?|xls[mb]|pptx?|pdf|txt|rtf|html?|zip|csv|mpg|mpeg|mp3|jpe?g|gif|png|bmp|tiff?"
    r"|wav|avi|mov|msg|eml|vsd|mdb|exe|dat)",
    re.IGNORECASE,
)
# the text before a mail host glued to an address: "...Findlay/DuPont@" (an office code or a name, then "@")
_MAIL_HOST_BEFORE = re.compile(r"[\w.'’&\-]@\Z")


def _lone_unknown_words(text: str, spans: Sequence[Span]) -> frozenset[str]:
    """Single words the tagger alone typed as a person that read as a company or product name, not a person.

    A capitalised word no name list knows ("Powerex", "Dynegy", "Azurix"), typed PERSON by the
    tagger, that stands two or more times in the document and is never a part of a longer
    person's name there (no "Ann Powerex", no "Mr. Powerex", no "Powerex, Ann"). A surname
    used alone is usually introduced once with its given name or a title; a firm is not.
    The caller asks only in e-mail (a header line such as ``To:`` or ``From:``): news reports name
    people by their surname alone again and again ("Muralitharan took four wickets ... Muralitharan").
    """
    cands = {
        text[s.start : s.end]
        for s in spans
        if s.label == "PERSON"
        and s.source == "ner"
        and _LONE_WORD.fullmatch(text[s.start : s.end])
        and not _known_name(text[s.start : s.end])
    }
    if not cands:
        return frozenset()
    joined = {
        w
        for s in spans
        if s.label == "PERSON"
        for ws in (_WORDS.findall(text[s.start : s.end]),)
        if len(ws) > 1
        for w in ws
    }
    out = set()
    for w in cands - joined:
        hits = _standing(text, w)
        if len(hits) < 2:
            continue
        if any(_TITLE_BEFORE.search(text, max(0, h - 8), h) for h in hits):
            continue
        out.add(w)
    return frozenset(out)


def _standing(text: str, w: str) -> list[int]:
    """Where ``w`` stands as a word of its own: the starts of ``(?<![\\w@./-])w(?![\\w@/-])``'s ``finditer``.

    ``str.find`` from each place the scan would try next (after a match, its end; else one further):
    a regex per word, starting with a lookbehind, was tried at every position of the text.
    """
    hits: list[int] = []
    n, size = len(w), len(text)
    h = text.find(w)
    while h >= 0:
        c = text[h - 1] if h else ""
        d = text[h + n] if h + n < size else ""
        # ``\w`` is what str.isalnum says, and the underscore
        if (not c or not (c.isalnum() or c in "_@./-")) and (not d or not (d.isalnum() or d in "_@/-")):
            hits.append(h)
            h = text.find(w, h + n)
        else:
            h = text.find(w, h + 1)
    return hits


_ACRONYM = re.compile(r"(?<![\w'’.-])[A-Z]{3,}s?(?![\w'’.-])")
_ROMAN = frozenset("ii iii iv vi vii viii".split())


def _has_acronym(value: str) -> bool:
    """A mixed-case run of words with an acronym in it ("EOL Training", "UBS Pipeline Set-up"): capitals that
    are no known name nor a numeral; a surname in capitals after a given name ("Barbara SALESI") is no acronym."""
    if value.isupper():
        return False  # a line in capitals says nothing of its words' case
    words = value.split()
    for m in _ACRONYM.finditer(value):
        w = m.group()
        if _known_name(w) or w.lower() in _ROMAN:
            continue
        if m.end() == len(value) and len(words) == 2 and _given(words[0]):
            continue
        return True
    return False


def _thing_name(value: str) -> bool:
    """Words on one line that name a thing, not a person: the first no given name or initial, the last a
    capitalised dictionary word no name list knows ("Gantt Chart", "Yale School"), or every word an
    English word or a place, surnames among them ("Bonneville Power", "Fixed Price", "Case Law").
    A numeral or a suffix is no such word ("Williams III"), and "Doggett, Trip" is a surname and a given name."""
    words = value.split()
    if len(words) < 2 or value.isupper() or "\n" in value or "," in value:
        return False
    first, last = words[0].strip(".,"), words[-1].strip(".,")
    if not last[:1].isupper() or last.lower() in _ROMAN or last.lower() in _ROW_SUFFIXES:
        return False
    if _first_name(first) or _INITIAL_WORD.fullmatch(first):
        return False
    if _dictionary(last) and not _known_name(last):
        return True
    # every word an English word or a place, the first no given name: "Fixed Price", "Idaho Power", "Case Law"
    return all(len(w.strip(".,")) > 1 and (_dictionary(w) or _place(w.strip(".,"))) for w in words)


_VOWELS = frozenset("aeiouyAEIOUY")


def _abbreviation(word: str) -> bool:
    """A word shortened by its vowels ("Mgmt", "Mtg", "Msg", "Thx"): a capital, then small letters, no vowel
    (``y`` one), no known name; letters outside ASCII may be vowels ("Sörös", "Szász"), so such a word is none."""
    return (
        word.isascii()
        and word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and not _VOWELS.intersection(word)
        and not _known_name(word)
    )


_NO_VOWEL_WORD = re.compile(r"(?<![A-Za-z])[B-DF-HJ-NP-TV-XZ][b-df-hj-np-tv-xz]{2,}(?![A-Za-z])")


def _abbreviation_in(value: str) -> bool:
    """A span of several words with a word of three letters or more shortened by its vowels, in small letters
    after its capital ("Volume Mgmt", "Raging Bull Msg", "Project X Mtg"), and no given name beside it: a thing's
    name. A degree after a name ("Ann Lee PhD") keeps the person."""
    if _NO_VOWEL_WORD.search(value) is None:
        return False  # most spans: no word of a capital and two small consonants or more
    words = [w.strip(".,:'’") for w in value.split()]
    short = [w for w in words if len(w) >= 3 and w[1:].islower() and _abbreviation(w)]
    return bool(short) and not any(_first_name(w) for w in words if w not in short)


# an English prefix joined by a hyphen to a word ("Bi-Annual", "Pre-Interview", "Pre-Mtg", "On-Call")
_PREFIXED = re.compile(
    r"(?:Bi|Pre|Co|Non|Semi|Post|Anti|Multi|Sub|Inter|Mid|Self|On|Off|Re|Tri|Pro|Counter|Over|Under|Cross)"
    r"-(?P<w>[A-Za-z]+)",
    re.IGNORECASE,
)


def _prefixed_word(value: str) -> bool:
    """A span with a word made of an English prefix, a hyphen and a dictionary word or an abbreviation ("Pira
    Bi-Annual", "OU Pre-Interview", "Sitara On-Call"), and no given name beside it ("Kenneth Wright Pre-Owned"
    keeps the person): an event's or a service's name. A double surname ("Gilbert-Smith") has no prefix."""
    if "-" not in value:
        return False
    words = [w.strip(".,:'’") for w in value.split()]
    for w in words:
        m = _PREFIXED.fullmatch(w)
        if m is not None and (_dictionary(m["w"]) or _abbreviation(m["w"].capitalize())):
            return not any(_first_name(x) for x in words if x != w)
    return False


# a news story's dateline: a place in capitals, then the agency in brackets and a dash ("TORONTO (Dow Jones)--")
_DATELINE_BEFORE = re.compile(r"(?<![\w])[A-Z]{3,}[ ]\(\Z")
_DATELINE_AFTER = re.compile(r"\)[ ]?(?:--|-|—)")


def _news_agency(text: str, s: Span) -> bool:
    """``s`` is in brackets after a place in capitals and before a dash: a news agency's name in a story's
    dateline ("WASHINGTON (Dow Jones)--", "HOUSTON (Reuters) -"), not a person."""
    if text[s.start - 1 : s.start] != "(" or _DATELINE_AFTER.match(text, s.end) is None:
        return False
    return _DATELINE_BEFORE.search(text, max(0, s.start - 40), s.start) is not None


# a house number opening the line or a list's item, after a bracket, a tab, "at"/"on"/"to" or two spaces, with a
# compass point after it or not ("2603 Timmons", "at 1400 Smith", "2705 E. Medina")
_HOUSE_NUMBER_BEFORE = re.compile(
    r"(?:^|(?<=[\t(])|(?<=[,:;][ ])|(?<=\b(?:at|on|to)[ ])|(?<=[ ]{2}))[ ]*\d{3,5}[ ](?:[NSEW]\.?[ ])?\Z",
    re.MULTILINE,
)


def _after_house_number(text: str, s: Span, words: list[str]) -> bool:
    """``s`` (one word, or a compass point and a word) follows a house number of three to five digits that
    opens its line or a list's item: a street ("1400 Smith, 38th Floor", "318 Gray (713/523-6404)"), not a
    person. A number of one or two digits is a rank or a score ("62 Nolan Henke", "Hajduk 2 Proleter")."""
    if not text[s.start - 2 : s.start - 1].isdigit() and not text[s.start - 4 : s.start - 3].isdigit():
        return False
    if not (len(words) == 1 or (len(words) == 2 and len(words[0]) == 1 and words[0] in "nsew")):
        return False
    ls = text.rfind("\n", max(0, s.start - 60), s.start) + 1
    return _HOUSE_NUMBER_BEFORE.search(text, max(ls, s.start - 60), s.start) is not None


# a quoted-printable soft line end ("=\n", blanked to " \n" in the detection view), then small letters
_SOFT_BREAK_AFTER = re.compile(r"[= ]\r?\n(?P<rest>[a-z]+)")


def _cut_by_soft_break(text: str, s: Span) -> bool:
    """``s`` is the first piece of a word a quoted-printable soft line end cuts ("Daybr=\neakers", "Trav=\nel",
    "Inte=\nrnet"): the word goes on in small letters on the next line, and the whole word is a dictionary word
    or a place and no known name ("Stev=\ne" is Steve's and keeps the person; "Smith \nwill" is no word)."""
    if text[s.end + 1 : s.end + 2] not in ("\n", "\r") or " " in text[s.start : s.end]:
        return False
    m = _SOFT_BREAK_AFTER.match(text, s.end)
    if m is None:
        return False
    whole = text[s.start : s.end] + m["rest"]
    return (_dictionary(whole) or _place(whole.lower())) and not _known_name(whole)


def _mountain(value: str) -> bool:
    """A mountain's or a fort's name ("Mt. Hood", "Mount Vernon", "Ft. Worth"): a place, not a person."""
    return value.startswith(("Mt. ", "Ft. ", "Mount "))


def _place_alone(name: str) -> bool:
    """One word, a known place and no given name ("London", "Houston"; not "Austin", a given name too)."""
    return " " not in name and _place(name.lower()) and not _given(name)


_LETTER_ITEM = re.compile(r"[ \t>]*(?P<l>[A-Z])\.[ ]+(?P<w>[A-Za-z]+)")


def _lettered_item(text: str, s: Span) -> bool:
    """``s`` opens a line as an item of a list lettered A., B., C. ("A. Run switching valve", "C. Small
    regulators overhauled"): the letter is no initial when the text also opens lines with "A. ", "B. " and "C. ",
    and the word after it is a dictionary word or no known name ("D. Jenkins" in such a list keeps the person)."""
    if text[s.start + 1 : s.start + 2] != "." or not text[s.start : s.start + 1].isupper():
        return False
    ls = text.rfind("\n", 0, s.start) + 1
    m = _LETTER_ITEM.match(text, ls)
    if m is None or m.start("l") != s.start or not m.end("w") <= s.end:
        return False
    if not all(re.search(r"(?:^|\n)[ \t>]*" + x + r"\.[ ]", text) for x in "ABC"):
        return False
    w = m["w"]
    return _dictionary(w) or not _known_name(w)


_LIST_LINK_BEFORE = re.compile(r"(?:,[ ]?|[ ](?:and|&)[ ])\Z")
_LIST_LINK_AFTER = re.compile(r"(?:,[ ]?|[ ](?:and|&)[ ])")
_NAMED_BEFORE = re.compile(r"\b(?:name|named|surname|called|nee|née)[ ]+(?:is[ ]+|was[ ]+)?\Z", re.IGNORECASE)


def _people_around(text: str, spans: Sequence[Span]) -> tuple[frozenset[str], frozenset[int], frozenset[int]]:
    """(the words of the document's person spans of two words or more, lowercased; the persons' starts; their ends)."""
    persons = [s for s in spans if s.label == "PERSON"]
    words = frozenset(
        w.lower() for s in persons for ws in (_WORDS.findall(text[s.start : s.end]),) if len(ws) > 1 for w in ws
    )
    return words, frozenset(s.start for s in persons), frozenset(s.end for s in persons)


def _named_elsewhere(text: str, s: Span, spans: Sequence[Span]) -> bool:
    """A word of ``s`` stands in another person's name of two words or more ("Kim Mason" beside "Mason TX"):
    ``_people_around``'s words less those of ``s``'s own string."""
    value = text[s.start : s.end]
    own = {w.lower() for w in _WORDS.findall(value)}
    for o in spans:
        other = text[o.start : o.end]
        if o.label == "PERSON" and other != value and len(ws := _WORDS.findall(other)) > 1:
            if own & {w.lower() for w in ws}:
                return True
    return False


def _beside_people(text: str, s: Span, people: tuple[frozenset[str], frozenset[int], frozenset[int]]) -> bool:
    """A lone word that is a person's by its company: part of a longer name in the document ("Brad Key ...
    starring Key"), listed with a person ("Dale and White", "Bowman, White"), or introduced as a name."""
    words, starts, ends = people
    if text[s.start : s.end].lower().strip(".,'’") in words:
        return True
    m = _LIST_LINK_BEFORE.search(text, max(0, s.start - 5), s.start)
    if m is not None and m.start() in ends:
        return True
    m = _LIST_LINK_AFTER.match(text, s.end)
    if m is not None and m.end() in starts:
        return True
    return _NAMED_BEFORE.search(text, max(0, s.start - 24), s.start) is not None


def _lone_word_kind(text: str, a: int, value: str) -> str | None:
    """What a single word the tagger alone typed as a person reads as, on its form: ``"abbreviation"``
    (a capital, then small letters, no vowel and no known name: "Mgmt", "Mtg", "Thx"; not initials
    signing in lowercase, "jrm"), ``"word"`` (a frequent
    English word no given name list knows, "Power", "West", "Major", "Each"; or capitals no given name list
    knows on a line not all in capitals: 2-4 of them, "SEN", "LIPA": an acronym; more, when no surname list
    knows them or they spell a dictionary word, "ICANN", "FIELD"), else None. A surname a
    title introduces ("Mr. Power") is a person; a rarer dictionary word ("Brown", "Bush") is left alone:
    surnames used alone look like it."""
    w = value.strip(".,'’")
    if not w.isalpha() or _TITLE_BEFORE.search(text, max(0, a - 8), a):
        return None
    if _abbreviation(w):
        return "abbreviation"
    if _first_name(w):
        return None
    if w.isupper():
        s = text.rfind("\n", 0, a) + 1
        e = text.find("\n", a)
        line = text[s : e if e >= 0 else len(text)]
        if line.isupper():
            return None  # a heading or a shouted line: names are written in capitals there too
        # 2-4 capitals: an acronym ("SEN", "LIPA"); longer, a code or a word no name list knows ("ICANN",
        # "IMPEXP", "AVGBLANCO") or a dictionary word ("FIELD SERVICES:"), not a surname ("WILLIAMS, JASON")
        return "word" if len(w) <= 4 or not _known_name(w) or _dictionary(w) else None
    return "word" if _common(w) else None


def _group_of_people(value: str) -> bool:
    """Words on one line that name a group, not a person: the last the plural of a frequent English word no
    name list knows, the first no given name nor initial ("Market Participants", "GISB Members",
    "University Professors"); "Danny Masters", "Chuck Ames" keep the person."""
    words = [w.strip(".,:'’") for w in value.split()]
    if len(words) < 2 or "\n" in value or "/" in value or value.isupper():
        return False
    first, last = words[0], words[-1]
    if _first_name(first) or _INITIAL_WORD.fullmatch(first) or not last[:1].isupper() or _known_name(last):
        return False
    low = last.lower()
    if not low.endswith("s") or low.endswith("ss"):
        return False
    return _common(low[:-1]) or (low.endswith("es") and _common(low[:-2]))


_GREETING_BEFORE = re.compile(r"\b(?:Dear|Hello|Hi)[ ]+\Z")


def _greeted_role(text: str, s: Span) -> bool:
    """A greeting to a role, not a person: after "Dear", two words or more, the first no given name nor initial,
    the last a frequent English word no name list knows ("Dear OTC Participant", "Dear Amazon Music
    Customer"); "Dear Danny Masters" keeps the person."""
    if text[s.start - 1 : s.start] != " " or not _GREETING_BEFORE.search(text, max(0, s.start - 8), s.start):
        return False
    value = text[s.start : s.end]
    words = [w.strip(".,:'’") for w in value.split()]
    if len(words) < 2 or "\n" in value:
        return False
    first, last = words[0], words[-1]
    if _first_name(first) or _INITIAL_WORD.fullmatch(first) or _known_name(last):
        return False
    return _common(last.lower())


def _subject_thing(value: str) -> bool:
    """Title-case words of a Subject line that name a thing: a later word a capitalised dictionary word no
    name list knows, the first a frequent word or no given name ("Summer Picnic", "Mark Status", "Line
    Pack"); a given name that is no frequent word keeps the person ("Ken Lay" is left alone)."""
    words = [w.strip(".,:'’") for w in value.split()]
    if len(words) < 2 or "\n" in value or "," in value or value.isupper() or _INITIAL_WORD.fullmatch(words[0]):
        return False
    if _first_name(words[0]) and not _common(words[0]):
        return False
    return any(w[:1].isupper() and _dictionary(w) and not _known_name(w) for w in words[1:])


_LONE_WORD = re.compile(r"[A-Z][A-Za-z'’\-]{2,}")
_INITIAL_WORD = re.compile(r"[A-Z]\.?")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir)\.?[ ]+\Z")


_QP_BEFORE = re.compile(r"=[0-9A-F]{2}$")
# a name wrapped over a quoted-printable line end ("Stuart =20\nZisman"): the escape is inside, not the name
_WRAPPED_QP = re.compile(r"[^=\n]+?[ \t]*(?:=20|=)[ \t]*\n[ \t>]*[^=\n]+")


def _joined_to_identifier(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is part of an identifier: glued to digits or to a code ("ORD-0001", "AB12", "SKU-0006-ED")."""
    value = text[a:b]
    if any(map(str.isdigit, value)):  # each character's test in C, not a generator step
        return True
    if _QP_BEFORE.search(text, max(0, a - 3), a):
        return False  # "=09Ben Glisan": a quoted-printable tab, not an identifier
    before = text[max(0, a - 2) : a]
    after = text[b : b + 2]
    if after[:1] in ("-", "_", "#") and after[1:2].isdigit():
        return True
    if after[:1].isdigit() or before[-1:].isdigit():
        return True
    if before[-1:] in ("-", "_", "#") and before[:1].isdigit():
        return True
    return False


# --- propagate: found once, replaced everywhere ---------------------------------------------------


_DIGIT_RUN = fast_compile(r"(?<![\w])[A-Z]{0,4}\d[\d \t.\-/]*\d(?![\w])|(?<![\w])\d(?![\w])")


def _digit_key(value: str) -> str:
    return "".join(c for c in value if c.isalnum()).upper()


def propagate(text: str, spans: Sequence[Span], labels: frozenset[str] | None = None) -> tuple[list[Span], list[Span]]:
    """(new spans, retyped places): every other occurrence of an identifier (any format), a person's name word
    or an organisation's, a place's or a group's string (``_entity_spread``).

    The second list holds a person's word where another span sits exactly; the caller
    retypes that span as a person when it is a known given name typed as an
    organisation or a place ("Follow-up with Sarah" after "Dr. Sarah O'Connor").
    """
    new: list[Span] = []
    occupied = Occupied(spans)
    taken, starts, free, claim = occupied.ranges, occupied.starts, occupied.free, occupied.claim

    def room(a: int, b: int) -> bool:
        """Nothing at ``a:b`` but spans inside it (the words the model found of a longer name)."""
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and taken[i][1] > a and (taken[i][0] < a or taken[i][1] > b):
            return False
        j = max(i, 0)
        while j < len(taken) and taken[j][0] < b:
            x, y = taken[j]
            if y > a and (x < a or y > b or (x, y) == (a, b)):
                return False
            j += 1
        return True

    # identifiers: the same characters, whatever the separators
    ids: dict[str, str] = {}
    for s in spans:
        if s.label in _DIGIT_LABELS:
            key = _digit_key(text[s.start : s.end])
            if sum(c.isdigit() for c in key) >= 6:
                ids.setdefault(key, s.label)
    if ids:
        for m in _DIGIT_RUN.finditer(text):
            a, b = m.start(), m.end()
            raw = m.group()
            while b > a and raw[b - a - 1] in " \t.-/":
                b -= 1
            key = _digit_key(text[a:b])
            label = ids.get(key)
            if label is None:
                continue
            if free(a, b):
                new.append(Span(a, b, label, 0.85, "propagate.identifier"))
                claim(a, b)
    n_ids = len(new)
    if labels is not None and "PERSON" not in labels:
        return new + _entity_spread(text, spans, labels, room, claim), []
    # people: a full name found once, wherever it stands again whole, also where only part of it was
    # found there ("Patsy Youngstein" in a header, "Youngstein" alone in the signature)
    whole = _whole_names(text, spans)
    for a, b in whole:
        claim(a, b)
    # people: each word of a found name, wherever it stands alone
    words: dict[str, bool] = {}  # lowercased word -> may match in any case
    titled: set[str] = set()  # a surname that is an English word: spread only after a title ("Dr. Bloom")
    named: set[str] = set()  # every capitalised word of a found name, English words too ("Will", "Step")
    for s in spans:
        if s.label != "PERSON":
            continue
        found_words = _WORDS.findall(text[s.start : s.end])
        if len(found_words) >= 2 and found_words[-1][1:].islower() and len(found_words[-1]) > 2:
            titled.add(found_words[-1].lower())
        for w in found_words:
            wl = w.lower()
            if len(w) >= 3 and w[:1].isupper() and w[1:].islower() and wl not in _TITLE_WORDS:
                named.add(wl)
            if len(w) < 2 or wl in _TITLE_WORDS or wl in _NEVER_PEOPLE or wl in _NOT_PERSON_WORDS or wl in NOT_NAMES:
                continue
            if len(w) == 2 and not _given(w):
                continue
            known = _known_name(wl)
            if w.islower() and not known:
                continue  # a lowercase word the model took for a name: too weak to spread
            if known and not _common(wl) and not _dictionary(wl):
                words[wl] = True  # a name and nothing else ("Kaminski", "Shirley"): any case
            elif (
                len(found_words) >= 2
                and w == found_words[-1]
                and _first_name(found_words[0])
                and len(w) >= 4
                and w[1:].islower()
                and not _dictionary(wl)
                and not _place(wl)
            ):
                # the surname no list knows of a given name and a surname found ("Mike Grigsby", "Michael Sivy"):
                # no word in any case but this name, so "grigsby" and "SIVY" in the same message are the person
                # (replaced by the same surrogate); not "Trigen Prudency", "No-Arbitrage"
                words[wl] = True
            elif known or not _dictionary(wl):
                words.setdefault(wl, False)  # "Mark", "Belden": capitalised only
    wholes = [Span(a, b, "PERSON", STRUCTURE_SCORE, "propagate.name") for a, b in whole]
    for a, b in _name_only_mentions(text, named - _NEVER_PEOPLE - _NOT_PERSON_WORDS - NOT_NAMES):
        if free(a, b):
            new.append(Span(a, b, "PERSON", SPREAD_SCORE, "propagate.person"))
            claim(a, b)
    titled -= words.keys()
    if not words and not titled:
        return new + wholes + _entity_spread(text, spans, labels, room, claim), []
    retype: list[Span] = []
    for a, b in _word_hits(text, words.keys() | titled):
        w = text[a:b]
        wl = w.lower()
        any_case = words.get(wl)
        if any_case is None:
            if wl in titled and w[1:].islower() and w[:1].isupper() and _TITLE_BEFORE.search(text, max(0, a - 8), a):
                if free(a, b):
                    new.append(Span(a, b, "PERSON", SPREAD_SCORE, "propagate.person"))
                    claim(a, b)
            continue
        if not any_case and not w[:1].isupper():
            continue
        if not any_case and w.isupper() and len(w) > 1 and (_common(wl) or not _caps_line(text, a)):
            continue  # "MARK" is a word; a name in a headline in capitals is the name ("SHEARER NAMED")
        # a dash that opens the line is a bullet or a sign-off ("-Mont settees", "--Joe"), no identifier's joint
        joined_before = text[a - 1 : a] in ("@", ".", "/", "=", "-", "_") and not _dash_opens_line(text, a - 1)
        if joined_before or text[b : b + 1] in ("@", "_", "-", "="):
            continue  # inside an address, a path or an identifier: other rules own it
        if free(a, b):
            new.append(Span(a, b, "PERSON", SPREAD_SCORE, "propagate.person"))
            claim(a, b)
        elif _given(w):
            retype.append(Span(a, b, "PERSON", SPREAD_SCORE, "propagate.person"))
    people = new[:n_ids] + _merge_adjacent(text, new[n_ids:]) + wholes
    return people + _entity_spread(text, spans, labels, room, claim), retype


# a capitalised word with a possessive ending ("Will's"), or glued to a dash that opens its line with nothing after
# it on the line but an address ("-Step", '--Will "Will Smith" <ws@x.com>')
_NAME_ONLY_PLACE = fast_compile(r"(?<![\w'’])([A-Z][a-z]{2,})(?:['’]s(?![\w'’])|(?=[ \t]*(?:$|[\"<])))", re.MULTILINE)


def _name_only_mentions(text: str, named: set[str]) -> list[tuple[int, int]]:
    """Other mentions of a found name's word that only a name can fill, even where the word is also English.

    A message that names "Deanna and Will" means the same man by "Will's pictures" (no verb takes a possessive),
    and one signed "-Joe Step" means him by a later "-Step" sign-off: ``propagate`` spreads an English word of a
    name nowhere else, since "Will you" and "Step 2" are words, so a person's English given name or surname stayed
    verbatim in the rewritten message. A sign-off needs the dash glued to the word ("- Step 1" is a bullet)."""
    if not named:
        return []
    out = []
    for m in _NAME_ONLY_PLACE.finditer(text):
        a, b = m.span(1)
        if text[a:b].lower() not in named:
            continue
        if text[b : b + 1] not in ("'", "’") and not (text[a - 1 : a] == "-" and _dash_opens_line(text, a - 1)):
            continue
        out.append((a, b))
    return out


def _dash_opens_line(text: str, d: int) -> bool:
    """``text[d]`` is a dash that opens its line (after blanks, quote marks or more dashes): a bullet or a sign-off
    ("-Mont settees", "--Joe"), so the word after it is a word of the message, not the tail of an identifier
    ("1-TK", "ORD-Smith")."""
    if text[d : d + 1] != "-":
        return False
    s = text.rfind("\n", 0, d) + 1
    return not text[s:d].strip(" \t>-")


def _caps_line(text: str, a: int) -> bool:
    """The line around ``a`` is written in capitals (a headline, a dateline): two words or more, no small letter."""
    s = text.rfind("\n", 0, a) + 1
    e = text.find("\n", a)
    line = text[s : e if e >= 0 else len(text)]
    return not any(c.islower() for c in line) and len(_WORDS.findall(line)) >= 2


#: the entity types spread by their words, like a person's name: found once, the same string elsewhere
_SPREAD_TYPES = frozenset(("LOCATION", "NRP", "ORGANIZATION"))
_NOT_BEFORE_ENTITY = frozenset("@./_=\\")
_NOT_AFTER_ENTITY = frozenset("@/_=\\")
_SENTENCE_BREAK = frozenset(".!?:;\n-–—•*>|")


def _sentence_start(text: str, a: int) -> bool:
    """Nothing but a quote or a bullet between ``a`` and the start of its sentence or line."""
    if text[a - 1 : a] == "-":
        return False  # joined to a word before it ("ex-England")
    j = a - 1
    while j >= 0 and text[j] in " \t\"'“‘":
        j -= 1
    return j < 0 or text[j] in _SENTENCE_BREAK


def _entity_spread(
    text: str,
    spans: Sequence[Span],
    labels: frozenset[str] | None,
    room: Callable[[int, int], bool],
    claim: Callable[[int, int], None],
) -> list[Span]:
    """An organisation, a place or a group (``_SPREAD_TYPES``) found at one mention, at every other mention of the
    same string in the document: whole words, the same case or its capitals (``London`` / ``LONDON``; an all-caps
    ``LONDON`` also as ``London``), on one line, where no span is.

    A string is spread only when it reads as a name: 2 characters or more, capitalised, no function word or title
    alone, typed one way wherever it was found (never also a person's word); a frequent English word alone
    (``Turkey``, ``Reading``) only where it does not open a sentence. Never inside an address, a path or an
    identifier; a lowercase prefix or suffix joined by a hyphen is not part of the name (``ex-England``,
    ``London-based``).
    """
    kinds: dict[str, set[str]] = {}
    forms: dict[str, set[str]] = {}
    person_words: set[str] = set()
    for s in spans:
        value = text[s.start : s.end]
        if s.label == "PERSON":
            person_words.update(w.lower() for w in _WORDS.findall(value))
            continue
        if s.label not in _SPREAD_TYPES or (labels is not None and s.label not in labels):
            continue
        key = value.lower()
        kinds.setdefault(key, set()).add(s.label)
        forms.setdefault(key, set()).add(value)
    if not kinds:
        return []
    low = text.lower()
    if len(low) != len(text):
        return []  # lowercasing moved the offsets ("İ")
    out: list[Span] = []
    for key in sorted(kinds):
        if len(kinds[key]) != 1:
            continue  # typed two ways: no type to give it
        (label,) = kinds[key]
        words = key.split(" ")
        n_letters = sum(c.isalpha() for c in key)
        if (
            "\n" in key
            or "\t" in key
            or len(key) < 2
            or n_letters < 2
            or any(not w for w in words)
            or words[0] in FUNCTION_WORDS
            or (len(words) == 1 and (key.strip(".") in _TITLE_WORDS or key in _NOT_PERSON_WORDS))
            or (len(words) == 1 and key in person_words)
        ):
            continue
        shapes: set[str] = set()
        titled = False  # found in capitals: any form with a capital at each word is the name too
        for value in forms[key]:
            if not value[:1].isupper() or not (value[-1:].isalnum() or value[-1:] == "."):
                continue
            if value.isupper() and n_letters <= 3 and _common(key):
                continue  # "IT", "US": a word as often as a name
            shapes.add(value)
            if n_letters >= 3:
                shapes.add(value.upper())
            if value.isupper() and n_letters >= 4:
                titled = True
        if not shapes:
            continue
        careful = len(words) == 1 and (_common(key) or (_dictionary(key) and not _place(key)))
        n = len(key)
        p = low.find(key)
        while p >= 0:
            q = p + n
            found = text[p:q]
            before = text[p - 1 : p]
            after = text[q : q + 1]
            if (
                (found in shapes or (titled and all(w[:1].isupper() for w in found.split(" "))))
                and not (before.isalnum() or before in _NOT_BEFORE_ENTITY)
                and not (before == "-" and not text[p - 2 : p - 1].islower())
                and not (after.isalnum() or after in _NOT_AFTER_ENTITY)
                and not (after == "-" and not text[q + 1 : q + 2].islower())
                and not (after == "." and text[q + 1 : q + 2].isalnum())
                and not (careful and _sentence_start(text, p))
                and room(p, q)
            ):
                out.append(Span(p, q, label, SPREAD_SCORE, "propagate.entity"))
                claim(p, q)
            p = low.find(key, p + 1)
    return sorted(out)


_NAME_CHARS = re.compile(r"[A-Z][A-Za-z'’\-]*\.?")


_NOT_BEFORE_NAME = frozenset(".@_'’-")
_NOT_AFTER_NAME = frozenset("@_'’-")


def _match_words(text: str, low: str, p: int, parts: list[str]) -> int | None:
    """The end of ``parts`` (lowercased words) standing at ``p`` one or two spaces apart, whole words and
    outside an address or a path; else None."""
    if p > 0 and (text[p - 1].isalnum() or text[p - 1] in _NOT_BEFORE_NAME or text[p - 1] == "_"):
        return None
    q = p
    for i, w in enumerate(parts):
        if i:
            k = 0
            while k < 2 and q < len(text) and text[q] == " ":
                q, k = q + 1, k + 1
            if k == 0:
                return None
        if not low.startswith(w, q):
            return None
        q += len(w)
    if q < len(text) and (text[q].isalnum() or text[q] in _NOT_AFTER_NAME or text[q] == "_"):
        return None
    if text[q : q + 1] == "." and text[q + 1 : q + 2].isalnum():
        return None
    return q


def _whole_names(text: str, spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Other places where a person's full name (2-4 capitalised words on one line) stands whole.

    Matched whatever the inner capitals ("Web Macdonald" / "Web MacDonald"); a place is kept when
    nothing is there or what is there lies inside it (a part the model found, a word it typed
    otherwise); never inside an address or a path (``.``/``@``/``_`` around it).
    """
    names: set[str] = set()
    # a given name and a surname that is an English word ("Tom May", "Clifford Chance"): not spread on its own
    # ("Mark Status" in a subject), but where the model found that given name alone as a person at another
    # mention, the word after it is the same surname: left, it is the surname verbatim in the output
    weak: set[str] = set()
    for s in spans:
        if s.label != "PERSON":
            continue
        parts = text[s.start : s.end].split()
        if not 2 <= len(parts) <= 4 or "\n" in text[s.start : s.end]:
            continue
        if not all(_NAME_CHARS.fullmatch(w) for w in parts) or all(len(w.rstrip(".")) == 1 for w in parts[:-1]):
            continue  # a word that is not capitalised, or initials only ("J. R."): not a name to spread
        core = [w.rstrip(".") for w in parts if len(w.rstrip(".")) > 1 and w.lower().rstrip(".") not in _TITLE_WORDS]
        if (
            len(core) < 2
            or any(w.isupper() for w in core)
            or any(_not_a_name_word(w) or _place(w.lower()) for w in core)
        ):
            continue  # an acronym ("US Residual"), a title or a place: a product or an office more than a person
        family = _names()[1]
        if not (
            all(not _common(w) for w in core)
            or (_first_name(core[0]) and (_known_name(core[-1]) or not _dictionary(core[-1])))
            or (core[-1].lower() in family and not _common(core[-1]))
        ):
            if _first_name(core[0]) and core[0] == parts[0] and core[-1][1:].islower():
                weak.add(" ".join(w.lower() for w in parts))
            continue  # "Risk Trac", "Client Relations": what the model took for a name once is not spread
        names.add(" ".join(w.lower() for w in parts))
    weak -= names
    names |= weak
    if not names:
        return []
    low = text.lower()
    if len(low) != len(text):
        return []  # lowercasing moved the offsets ("İ"): the words spread alone still
    names = {n for n in names if low.count(n.rsplit(" ", 1)[-1]) > 1}  # found once and nowhere else: done
    if not names:
        return []
    taken = sorted((s.start, s.end) for s in spans)
    starts = [a for a, _ in taken]
    given_found = {s.start: s.end for s in spans if s.label == "PERSON"}
    hits: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):  # str.find on the lowercased text, no regex per text
        parts = name.split()
        p = low.find(parts[0])
        while p >= 0:
            end = _match_words(text, low, p, parts)
            if end is not None and (name not in weak or given_found.get(p, end) < end):
                hits.append((p, end))
            p = low.find(parts[0], p + 1)
    found: list[tuple[int, int]] = []
    for a, b in sorted(hits, key=lambda h: (h[0], -h[1])):  # the longest name first where two start
        if found and a < found[-1][1]:
            continue
        if not all(w[:1].isupper() for w in text[a:b].split()):
            continue
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and taken[i][1] > a and (taken[i][0] < a or taken[i][1] > b):
            continue  # a span reaches in from before
        j = max(i, 0)
        inside = True
        while j < len(taken) and taken[j][0] < b:
            if taken[j][1] > a and (taken[j][0] < a or taken[j][1] > b):
                inside = False
                break
            j += 1
        if not inside or any(x == a and y == b for x, y in taken[max(i, 0) : j]):
            continue  # crosses another span, or the whole name is found here already
        found.append((a, b))
    return found


_WORD_CHAR = re.compile(r"[\w'’]")
_LETTER = re.compile(r"[^\W\d_]")


def _word_hits(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of the ``_WORDS`` tokens of ``text`` whose lowercase may be one of ``words``, in order.

    The same tokens as ``_WORDS.finditer`` keeps (each run of word characters and apostrophes holds one: from
    its first letter to its end), found with ``str.find`` on the lowercased text instead of a Python loop over every word;
    the caller still checks each token's lowercase. Falls back to every token when lowercasing changes
    the text's length (offsets would not line up) or a word is not ASCII.
    """
    low = text.lower()
    if len(low) != len(text) or not all(w.isascii() for w in words):
        return [m.span() for m in _WORDS.finditer(text)]
    hits: list[tuple[int, int]] = []
    n = len(text)
    for w in words:
        k = len(w)
        a = low.find(w)
        while a >= 0:
            b = a + k
            if b == n or not _WORD_CHAR.match(text, b):  # the token ends here
                j = a
                while j > 0 and _WORD_CHAR.match(text, j - 1) and not _LETTER.match(text, j - 1):
                    j -= 1  # digits, "_" or apostrophes before it in its run: no letter starts earlier
                if j == 0 or not _WORD_CHAR.match(text, j - 1):
                    hits.append((a, b))
            a = low.find(w, a + 1)
    hits.sort()
    return hits


_TITLE_WORDS = frozenset("mr mrs ms miss dr prof sir jr sr ii iii md phd esq".split())


def _merge_adjacent(text: str, spans: list[Span]) -> list[Span]:
    """Person words one space apart become one span ("Vince Kaminski"), so the surrogate is one name."""
    out: list[Span] = []
    for s in sorted(spans):
        if (
            out
            and s.label == "PERSON" == out[-1].label
            and s.source == out[-1].source
            and text[out[-1].end : s.start] == " "
        ):
            out[-1] = replace(out[-1], end=s.end)
        else:
            out.append(s)
    return out


def retype(text: str, spans: list[Span], persons: Iterable[Span]) -> list[Span]:
    """An organisation or place at the exact place of a known person's given name becomes PERSON."""
    places = lexicons()[2]
    where = {(p.start, p.end) for p in persons}
    return [
        replace(s, label="PERSON")
        if (s.start, s.end) in where
        and s.label in ("ORGANIZATION", "LOCATION")
        and text[s.start : s.end].lower() not in places
        and text[s.start : s.end].lower() not in countries()
        else s
        for s in spans
    ]


_KIN_NAME = re.compile(r"(?P<g>[A-Z][a-z]+)[ ](?P<f>[A-Z][a-z]{2,}|Mc[A-Z][a-z]+)")


def retype_kin(text: str, spans: list[Span]) -> list[Span]:
    """A place the tagger read in a given name and a surname another person of the text bears is that person's
    kin ("the invitation from Kara Kinder" beside "and David Kinder"): a person. Only the tagger's two-word places,
    the first word a given name, neither word a place, the pair no known place. Not a firm: "Morgan Stanley"
    beside a "Bob Stanley" stays one (a firm is read from more than its words)."""
    surnames = {
        w[-1]
        for s in spans
        if s.label == "PERSON" and len(w := text[s.start : s.end].split()) >= 2 and _CAPITALISED.fullmatch(w[-1])
    }
    if not surnames:
        return spans
    places = lexicons()[2]
    out: list[Span] = []
    for s in spans:
        value = text[s.start : s.end]
        m = _KIN_NAME.fullmatch(value) if s.label == "LOCATION" and s.source == "ner" else None
        if (
            m is not None
            and m["f"] in surnames
            and _first_name(m["g"])
            and not _place(m["g"].lower())
            and not _place(m["f"].lower())
            and value.lower() not in places
            and value.lower() not in countries()
        ):
            s = replace(s, label="PERSON")
        out.append(s)
    return out


_JOINED_BEFORE = re.compile(r"[ ](?:and|&)[ ]\Z")
_JOINED_AFTER = re.compile(r"[ ](?:and|&)[ ]")
_NUMBER_AFTER = re.compile(r"[ ]\d{1,5}(?![\d:.\-/])")
_INITIAL_OPENS = re.compile(r"[A-Z]\.?[ ]")
_INITIAL_NAME = re.compile(r"[A-Z]\.[ ]?(?P<w>[A-Z][a-z'’\-]+|Mc[A-Z][a-z]+)")
_JOINED_NAME = re.compile(r"(?:[A-Z][a-z'’\-]+|Mc[A-Z][a-z]+|[A-Z]\.?)(?:[ ](?:[A-Z][a-z'’\-]+|Mc[A-Z][a-z]+)){0,2}")


def retype_joined(text: str, spans: list[Span]) -> list[Span]:
    """An organisation or place joined to a person by ``and`` or ``&`` is a person too ("with Belden and
    Mallory", "McCormick and Schmitz", "A. Bike and E. McLaughlin"): one to three capitalised words, none a
    place's, and not dictionary words only with no known name among them ("AGA & Gas Fundamentals" stays)
    unless an initial opens them ("M. Tribolet & D. Port") or a person stands on each side ("w/Piper, Zipper &
    Shelby"). A comma alone is no such link: lists run people into firms and towns ("Cheryl Kim, Dow Jones",
    "Mojave, Southwest Gas"), unless the list is one of persons (``_listed_name``: two persons beside the item
    in the list, and the item shaped like a known name: "Wes Colwell, Sally Beck, Wade,", "Attendees: Ken Lay,
    John Arnold, Hunter Shively")."""
    out = _list_heads(text, list(spans))
    for _ in range(3):  # a name a list gave may be the second person beside the next item
        persons = [s for s in out if s.label == "PERSON"]
        if not persons:
            return out
        ends, starts = {s.end for s in persons}, {s.start for s in persons}
        by_end, by_start = {s.end: s.start for s in persons}, {s.start: s.end for s in persons}
        changed = False
        for i, s in enumerate(out):
            if s.label in ("ORGANIZATION", "LOCATION") and (
                _joined_name(text, s, starts, ends) or _listed_name(text, s, by_end, by_start)
            ):
                out[i] = replace(s, label="PERSON")
                changed = True
        if not changed:
            break
    return out


#: a surname alone after "w/" or "with", then a comma, "&" or "and" and (checked by the caller) a person:
#: "w/Lay &Whalley", "w/Whalley, GPiper", "Talking with Skilling, Cindy Olson"
_LIST_HEAD = re.compile(
    r"(?:(?<![\w/])w/[ ]?|(?<![\w])[Ww]ith[ ]{1,2})(?P<w>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)"
    r"(?P<link>,[ ]{0,2}|[ ]{0,2}&[ ]{0,2}|[ ]and[ ])"
)


def _list_head(w: str) -> bool:
    """A capitalised word that may be a surname heading a list of persons: no frequent word (a department,
    "Legal", "Finance"), place, country, title or calendar word."""
    lw = w.lower()
    return not (_common(lw) or _place(lw) or lw in countries() or known_place(w) or _not_a_name_word(w) or _given(lw))


def _list_heads(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with a person added at each surname that heads a list of persons after "w/" or "with" and that no
    span holds ("w/Whalley, GPiper, MPickering": the calendar's shorthand for whom a meeting is with): the
    item after it a person, the word no frequent word, place or given name (a given name alone is another
    rule's). "with Legal, John Smith", "w/ Houston & Tim Belden", "with Enron, Cindy" (a firm the tagger typed) stay.

    After "w/" and before "&" the head may be a frequent word ("w/Lay &Whalley"); and two words joined by "&"
    after "w/", neither found, are both persons when the second is no frequent word ("w/ Lay & Skilling"; a
    department pair, "w/ Sales & Marketing", stays)."""
    if "w/" not in text and "with" not in text and "With" not in text:
        return spans
    persons = {s.start for s in spans if s.label == "PERSON"}
    free = Occupied(spans).free
    new: list[Span] = []

    def loose(w: str) -> bool:
        lw = w.lower()
        return not (_place(lw) or lw in countries() or known_place(w) or _not_a_name_word(w) or _given(lw))

    for m in _LIST_HEAD.finditer(text):
        a, b = m.span("w")
        if not free(a, b):
            continue  # a span holds the word: typed by another rule
        head = m.group("w")
        calendar = m.group().startswith("w/") and "&" in m.group("link")
        if m.end() in persons:
            if _list_head(head) or (calendar and loose(head)):
                new.append(Span(a, b, "PERSON", SPREAD_SCORE, "structure.list_head"))
            continue
        pair = _PAIR_TAIL.match(text, m.end()) if calendar else None
        if pair is None or not _list_head(pair.group("w")) or not free(*pair.span("w")) or not loose(head):
            continue
        new.append(Span(a, b, "PERSON", SPREAD_SCORE, "structure.list_head"))
        new.append(Span(*pair.span("w"), "PERSON", SPREAD_SCORE, "structure.list_head"))
    return sorted([*spans, *new]) if new else spans


_PAIR_TAIL = re.compile(r"(?P<w>[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)(?![\w@/&'’-])")


def _listed_name(text: str, s: Span, by_end: dict[int, int], by_start: dict[int, int]) -> bool:
    """``s`` is an item of a comma (or ``and``) list of persons on its line, and shaped like a person's name.

    The list's evidence: a person on each side of it, or two persons in a row on one side ("Sally Beck, Wade
    Stubblefield, ..." after "Wes Colwell, "). The item's shape: one or two capitalised words, the first a
    known given name or surname and no place's, country's or firm word's ("Wade", "Wade Stubblefield", "Chris Germany";
    not "Houston", "Dynegy", "Enron Corp"); a two-word item may end in a place's word only after a known
    given name ("Chris Germany", not "Lake Conroe"); or an initial and a surname ("D.Port", "G. Hodges")."""
    value = text[s.start : s.end]
    if "\n" in value or _NUMBER_AFTER.match(text, s.end):
        return False
    if (m := _INITIAL_NAME.fullmatch(value)) is not None:  # "D.Port", "G. Hodges": an initial and a surname
        if _place(m["w"]) or _not_a_name_word(m["w"]):
            return False
    elif _JOINED_NAME.fullmatch(value) is None:
        return False
    else:
        words = value.split()
        if not 1 <= len(words) <= 2 or any(len(w) < 2 or w.endswith(".") for w in words):
            return False
        first = words[0]
        if not (_known_name(first) or _any_given(first)) or _place(first) or first.lower() in countries():
            return False
        if any(_not_a_name_word(w) for w in words):
            return False
        if len(words) == 2 and (_place(words[1]) or words[1].lower() in countries()) and not _given(first):
            return False

    def before(a: int) -> int | None:
        m = _LIST_LINK_BEFORE.search(text, max(0, a - 5), a)
        return by_end.get(m.start()) if m is not None else None

    def after(b: int) -> int | None:
        m = _LIST_LINK_AFTER.match(text, b)
        return by_start.get(m.end()) if m is not None else None

    p, q = before(s.start), after(s.end)
    if p is not None and q is not None:
        return True
    if p is not None and before(p) is not None:
        return True
    return q is not None and after(q) is not None


def _joined_name(text: str, s: Span, starts: set[int], ends: set[int]) -> bool:
    before = _JOINED_BEFORE.search(text, max(0, s.start - 5), s.start)
    after = _JOINED_AFTER.match(text, s.end)
    joined_before = before is not None and before.start() in ends
    joined_after = after is not None and after.end() in starts
    if not (joined_before or joined_after):
        return False
    value = text[s.start : s.end]
    if _JOINED_NAME.fullmatch(value) is None or _NUMBER_AFTER.match(text, s.end):
        return False  # "Anne-Lotte and Aqqusinersuaq 99": a street and its house number
    words = [w.strip(".") for w in value.split()]
    if _INITIAL_OPENS.match(value):
        return len(words) == 2 and not _place(value)  # "D. Port", "A. Bike": an initial and a surname
    if any(_place(w) for w in words):
        return False
    if joined_before and joined_after:
        return True
    listed = (
        joined_before
        and (m := _LIST_LINK_AFTER.match(text, s.end)) is not None
        and m.end() in starts
        or joined_after
        and (m := _LIST_LINK_BEFORE.search(text, max(0, s.start - 5), s.start)) is not None
        and m.start() in ends
    )
    return listed or not all(_dictionary(w) and not _known_name(w) for w in words)


# --- complete_names: a person's name found in part is completed --------------------------------

_GIVEN_BEFORE = re.compile(r"(?<![\w.@&'’/-])(?P<w>[A-Z][a-z]+|[A-Z]{2,})[ ]{1,2}\Z")
_SURNAME_AFTER = re.compile(
    r"[ ]{1,2}(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)(?![\w@'’-])"
)
_PARTICLE_SURNAME_AFTER = re.compile(
    r"(?:[ ][A-Z]\.?)?[ ](?:(?:de|del|della|di|da|du|dos|van|von|der|den|ter|le|la)[ ]){1,2}"
    r"(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w@'’-])"
)
_GIVEN_AFTER_SLASH = re.compile(r"/[ ]?(?P<w>[A-Z][a-z]+)[ ]{1,2}\Z")
_LOWER_SURNAME_AFTER = re.compile(r"[ ]{1,2}(?P<w>[a-z][a-z'’\-]{2,})(?=[ \t]*(?:[,;)\n]|\Z|[ ]+[A-Z]))")
#: kin and church words that stand before a surname without being a given name ("Grandma Chapman")
_KIN_WORDS = frozenset(
    "grandma grandpa granny nana mom mum dad mama papa aunt auntie uncle cousin reverend pastor".split()
)
_INITIAL_SURNAME_AFTER = re.compile(
    r"[ ]{1,2}(?P<i>[A-Z])\.?[ ]{1,2}(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)(?![\w@'’-])"
)
# a surname's particle that may end a line before the surname it belongs to ("Gail Van \nPelt")
_WRAP_PARTICLES = frozenset(("van", "von", "de", "del", "della", "der", "den", "da", "di", "du", "la", "le"))
_SURNAME_WRAPPED = re.compile(
    r"[ \t]*(?:=20)?[ \t]*\n[ \t>]{0,4}(?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)"
    r"(?![\w@'’-])"
)
_ADDRESS_AFTER = re.compile(r"[ \t\"']*<[ ]?(?P<local>[A-Za-z][\w.\-]*)@")
_NICKNAME_SURNAME_AFTER = re.compile(
    r"[ ][\"“(](?P<n>[A-Z][a-z]+)[\"”)][ ](?P<w>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)(?![\w@'’-])"
)
_NICKNAME_TAIL = re.compile(r"[ ][\"“(](?P<n>[A-Z][a-z]+)[\"”)](?=[ \t]*(?:[;,\n]|\Z))")
_WORD_BEFORE = re.compile(r"(?<![\w.@&'’/-])(?P<w>[A-Z][a-z'’\-]+|[a-z][a-z'’\-]+)[ ]{1,2}\Z")
_SUFFIX_AFTER = re.compile(r",?[ ](?:Jr|Sr|II|III|IV)\b\.?")
_LINK_AFTER = re.compile(
    r"(?:,[ ]?(?:and[ ]|&[ ])?|[ ](?:and|&)[ ]|[ ]?/[ ]?)(?P<w>[A-Z][a-z]+)(?P<s>[ ][A-Z][a-z]+(?:-[A-Z][a-z]+)?)?(?![\w@'’-])"
)
_LINK_BEFORE = re.compile(r"(?<![\w.@&'’/-])(?P<w>[A-Z][a-z]+)(?:,[ ]?|[ ](?:and|&)[ ]|[ ]?/[ ]?)\Z")


# a display name right before its address in a recipient list: "Shonda Day <x@y>", '"Mom " <x@y>'
_DISPLAY_BEFORE_ADDRESS = re.compile(
    r"(?:^|(?<=[,;:>\t]))[ \t>]*[\"']{0,2}(?P<name>[A-Za-z][A-Za-z'’\-]*(?:[ ][A-Za-z][A-Za-z'’\-]*\.?){0,3})"
    r"[ ]*[\"']{0,2}[ \t]*<[^<>@\s]+@[^<>\s]+>",
    re.MULTILINE,
)
# quoted names in an Outlook list: "To: 'Dave Bamberg'; 'Fred Richoux'; 'I.E.'"
_QUOTED_ENTRY = re.compile(
    r"(?:(?<=[:;,])|^)[ \t]*'(?P<name>[A-Z][a-z]+(?:[ ][A-Z][A-Za-z'’\-]+){1,2})'(?=[ \t]*(?:;|$))", re.MULTILINE
)
_QUOTED_HINT = re.compile(r"'[A-Z][a-z]")
# a given name in prose with a possessive: "sign off on Justin's choice"
_POSSESSIVE_NAME = re.compile(r"(?<![\w.@/-])(?P<name>[A-Z][a-z]{2,})['’]s[ ]+(?=[a-z])")
# a sign-off flattened before a reply header: "pak Jeffrey.T.Hodge@x.com on 11/29/2000", "Chuck ----- Original"
_SIGNOFF_BEFORE_HEADER = re.compile(
    r"(?:^|(?<=[.!?][ ]))[ \t>]*-?(?P<name>[A-Za-z][a-z'’]{1,14}|[A-Z]{2,3})[ \t]+(?="
    r"(?:\"[^\"\n]{1,60}\"[ ]*)?<?[\w.'\-]+@[\w.\-]+>?[ ]+on[ ]+\d"
    r"|[A-Z][\w.' ]{2,40}<[^<>\n]+>[ ]+on[ ]+\d"
    r"|-{5,}[ ]*(?:Original|Forwarded)"
    r")",
    re.MULTILINE,
)

# a person's folder in a path: "Electric/ERCOT/Juan Padron/Models/Traderrpt.xls" (a folder on each side)
_PATH_NAME = re.compile(
    r"(?<=[\w)]/)(?P<first>[A-Z][a-z]+)[ ](?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?|Mc[A-Z][a-z]+)(?=/[\w(])"
)
# a piece of every ``_PATH_NAME`` match (with the slash before it): a scan that jumps from slash to slash
_PATH_NAME_HINT = re.compile(r"/[A-Z][a-z]+[ ][A-Z]")

# a lone name after a word that names who asked or whom to ask: "per Sharron's phone call", "(per Sharron
# x37094)", "ask Patti to"; no capitalised word after it (that is a longer name's or a firm's). Not "w/": it
# comes before firms and teams as often ("w/Enron's", "w/McKinsey")
_LEAD_NAME = fast_compile(
    r"(?<![\w-])(?:[Pp]er|[Aa]sk|[Tt]ell|[Aa]ttn:?|[Cc]c:)[ ]?(?P<name>[A-Z][a-z]{3,})(?![\w\-@/])(?![ ][A-Z])"
)
_PRICE_BEFORE = re.compile(r"\d[\d.,]*[ ]?(?:[a-zA-Z]+[ ])?\Z")
# a name addressed at a line's start, glued to a dash: "Karon-please order another card"
_NAME_DASH = re.compile(r"^[ \t>]*(?P<name>[A-Z][a-z]{2,})[ ]?[-–][ ]?(?P<next>[a-z]{2,})[ ](?=[a-z])", re.MULTILINE)

# a sign-off glued to the end of a line's last sentence: "I'll wait to hear from you.....Jan"
_GLUED_SIGNOFF = fast_compile(r"\.{2,}(?P<name>[A-Za-z][a-z]{1,11})[ \t]*$", re.MULTILINE)


def _position_names(text: str) -> list[tuple[int, int]]:
    """Where a name stands by position alone: before its address, quoted in a list, with a possessive,
    signed before a reply header, after "per" or "ask" ("per Sharron's e-mail"). (start, end) pairs; the caller keeps those no other span holds."""
    found: list[tuple[int, int]] = []
    if "@" in text:
        for m in scan_matches(_DISPLAY_BEFORE_ADDRESS, text, shortest=1):  # the lines with a "<"
            name = m.group("name").rstrip("'’")
            if re.search(r"[a-z][A-Z]", re.sub(r"\b(?:Mc|Mac|O')", "", name)):
                continue  # an inner capital: a product or a list ("PeopleFinder", "ListManager")
            if _name_like(name, lone_ok=True) and not _SIGNOFF_WORD.fullmatch(name.split()[0]):
                found.append((m.start("name"), m.start("name") + len(name)))
    if "'" in text:
        # every match holds a quote before a capital and a lowercase letter: most texts have none
        for m in _QUOTED_ENTRY.finditer(text) if _QUOTED_HINT.search(text) else ():
            if _name_like(m.group("name"), lone_ok=False) and _first_name(m.group("name").split()[0]):
                found.append((m.start("name"), m.end("name")))
        for m in scan_matches(_POSSESSIVE_NAME, text):
            w = m.group("name")
            lw = w.lower()
            if _given(lw) and not _common(lw) and not _place(lw) and not _not_a_name_word(w):
                found.append((m.start("name"), m.end("name")))
    if "@" in text or "-----" in text:
        for m in scan_matches(_SIGNOFF_BEFORE_HEADER, text):
            w = m.group("name")
            lw = w.lower()
            if _SIGNOFF_WORD.fullmatch(w) or _not_a_name_word(w) or lw in _SIGNOFF_STOP:
                continue
            if _first_name(w) or w.isupper() or not _common(lw):
                found.append((m.start("name"), m.end("name")))
    for m in _GLUED_SIGNOFF.finditer(text):
        w = m.group("name")
        if _not_a_name_word(w) or _place(w.lower()):
            continue
        if (_first_name(w) and not _common(w)) or not _dictionary(w):
            found.append((m.start("name"), m.end("name")))
    found.extend(_last_line_signoffs(text))
    found.extend(_prose_given_names(text))
    if "/" in text and _PATH_NAME_HINT.search(text):
        for m in _PATH_NAME.finditer(text):
            first, last = m.group("first"), m.group("last")
            if (
                _first_name(first)
                and not _common(first)
                and not _not_a_name_word(first)
                and not _not_a_name_word(last)
                and not _place(last.lower())
                and (last.lower() in _names()[1] or not _dictionary(last))
            ):
                found.append((m.start("first"), m.end("last")))
    for m in _LEAD_NAME.finditer(text):
        w = m.group("name")
        if _PRICE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # "$0.03 per Mmbtu", "2 per Dth": a unit
        if not _dictionary(w) and re.search(r"[aeiouy]", w[1:]) and not _place(w.lower()) and not _not_a_name_word(w):
            found.append((m.start("name"), m.end("name")))  # no English word, no place: a person's name
    for m in _NAME_DASH.finditer(text):
        w = m.group("name")
        if _dictionary(w + m.group("next")) or not _dictionary(m.group("next")):
            continue  # a compound ("Hydro-electric facilities"), not an order to someone
        if (_first_name(w) or not _dictionary(w)) and not _not_a_name_word(w) and not _place(w.lower()):
            found.append((m.start("name"), m.end("name")))
    if "@" in text:
        found.extend(_address_vouched_names(text))
    return found


# --- a greeting's or a sign-off's word that the message's addresses vouch for --------------------------------
# "Art," alone on a body's first line, "Mat" alone on its last, "you.....Jan": the place says "a name", but the
# word is also an English word or a month, so the word lists alone refuse it. The message's own addresses settle
# it: a header's "matt.smith@" or "janisp@" opens with the word, so the word is that person's name (and its
# surrogate is chosen apart from the address's, which the EMAIL rule replaces in any case).
_ADDRESS_LOCAL = re.compile(r"(?<![\w.+'’\-])(?P<local>[A-Za-z][\w.\-]{1,40})@[A-Za-z0-9\-]+\.")
_LOCAL_TOKEN = re.compile(r"[a-z]{2,}")
# a body's first line that is one word and a comma (after the headers' blank line, or a quote's)
_OPENER_ALONE = re.compile(r"(?:\A|\n[ \t>]*\n)[ \t>]*(?P<name>[A-Z][a-z]{1,11})[ \t]*,[ \t]*(?=\n)")
# a body's last line: one word alone, after a dash, or glued to a run of points ("you.....Jan")
_VOUCHED_LAST = re.compile(r"(?:^[ \t>]*-{0,2}[ ]?|\.{2,}[ ]?)(?P<name>[A-Za-z][a-z]{1,11})[ \t]*\Z", re.MULTILINE)
# a greeting's one word ("Hi Mat,", "Dear Art:")
_GREETED_WORD = re.compile(
    r"^[ \t>]*(?i:hi|hello|hey|dear|hiya)[ \t]+(?P<name>[A-Z][a-z]{1,11})[ \t]*(?:[,:;!\-]|$)", re.MULTILINE
)
_GREETING_WORDS = frozenset("hi hello hey dear hiya morning greetings yo".split())


def _address_tokens(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The lowercase words of every address's local part (``matt.smith@x.com``: ``matt``, ``smith``), and the
    initials of the local parts that are an initial and a known family name (``aavalos@``: ``a``)."""
    words: set[str] = set()
    initials: set[str] = set()
    family = _names()[1]
    for m in scan_matches(_ADDRESS_LOCAL, text, shortest=1):  # the lines with an "@"
        parts = _LOCAL_TOKEN.findall(m.group("local").lower())
        words.update(parts)
        if len(parts) == 1 and len(parts[0]) >= 5 and parts[0][1:] in family:
            initials.add(parts[0][0])
    return frozenset(words), frozenset(initials)


def _vouched_word(w: str, tokens: tuple[frozenset[str], frozenset[str]]) -> bool:
    """``w`` is an address's word, or opens one with at most three letters more ("Mat" of ``matt``, "Jan" of
    ``janisp``), or is a given name whose initial opens an initial-and-surname address ("Art" of ``aavalos``);
    never a sign-off's, a greeting's, a chat word, a title or a field label."""
    lw = w.lower()
    if (
        lw in _SIGNOFF_STOP
        or lw in _GREETING_WORDS
        or lw in _CHAT_WORDS
        or lw in _NAME_TITLES
        or lw in _FIELD_LABELS
        or lw in _NEVER_PEOPLE
        or lw in _NOT_PERSON_WORDS
        or _SIGNOFF_WORD.fullmatch(w)
    ):
        return False
    words, initials = tokens
    if lw in words or lw[0] in initials and _first_name(w):
        return True
    return len(lw) >= 3 and any(t.startswith(lw) and len(t) - len(lw) <= 3 for t in words)


def _address_vouched_names(text: str) -> list[tuple[int, int]]:
    """A one-word greeting on a body's first line ("Art,", "Hi Mat,") or signature on its last that an address
    of the message opens with: a person whatever the word lists say of the word. (start, end) pairs."""
    tokens = _address_tokens(text)
    if not tokens[0]:
        return []
    found: list[tuple[int, int]] = []
    for o in _OPENER_ALONE.finditer(text):
        if _vouched_word(o.group("name"), tokens):
            found.append((o.start("name"), o.end("name")))
    for o in _GREETED_WORD.finditer(text):
        if _vouched_word(o.group("name"), tokens):
            found.append((o.start("name"), o.end("name")))
    for e in [*_body_ends(text), len(text)]:
        b = e
        while b > 0 and text[b - 1] in " \t\r\n":
            b -= 1
        a = text.rfind("\n", 0, b) + 1
        m = _VOUCHED_LAST.search(text, a, b)
        if m is None or ":" in text[a:b]:
            continue
        w = m.group("name")
        if (w.islower() or w[1:].islower()) and _vouched_word(w, tokens):
            found.append((m.start("name"), m.end("name")))
    return found


#: a line that ends a message's body, after its quote marks and blanks: a reply or forward header, a MIME
#: boundary, a quoted address line with its date (the one home of these headers: ``_BODY_END`` here and
#: ``signoff_initials``' header after a sign-off)
BODY_END_HEADER = r"-{2,}|_{5,}|From:|To:|Sent:|[^\n]*\bwrote:|[^\n]{1,80}[ ]on[ ]\d{1,2}/\d{1,2}/\d{2,4}"
# where a message's body ends: the lines that start with such a header
_BODY_END = re.compile(rf"^[ \t>]*(?:{BODY_END_HEADER})", re.MULTILINE)
# ``_BODY_END``'s branches that stop early in a line; the other two read the whole line and need "wrote:"
# or " on " and a digit in it
_BODY_END_MARK = re.compile(r"^[ \t>]*(?:-{2,}|_{5,}|From:|To:|Sent:)", re.MULTILINE)
_BODY_END_HINT = re.compile(r"wrote:|[ ]on[ ]\d")


def _body_ends(text: str) -> list[int]:
    """``[m.start() for m in _BODY_END.finditer(text)]``: the starts of the lines where a body ends.

    A match starts at a line start and stays in its line, so the starts are the line starts where
    ``_BODY_END`` matches: those of its early-stopping branches (one cheap scan), and the lines that
    hold a hint of the other two, tried in full (those two backtrack over every line otherwise).
    """
    return list(_body_end_starts(text))


@lru_cache(maxsize=2)
def _body_end_starts(text: str) -> tuple[int, ...]:
    """``_body_ends`` of the last texts asked (``_position_names`` asks twice per text: for the last line's
    sign-off and for the names the addresses vouch for)."""
    starts = [m.start() for m in _BODY_END_MARK.finditer(text)]
    tried: set[int] = set()
    for h in _BODY_END_HINT.finditer(text):
        a = text.rfind("\n", 0, h.start()) + 1
        if a not in tried:
            tried.add(a)
            if _BODY_END.match(text, a) is not None:
                starts.append(a)
    return tuple(sorted(set(starts)) if tried else starts)


# the body's last line: a nickname alone ("cv", "- brant"), after a dash ("... 9/24/01) - cv") or glued ("good.brad")
_LAST_LINE_NAME = re.compile(
    r"(?:^[ \t>]*-{0,2}[ ]?|[.!?)][ \t]+-{1,2}[ ]?|[.!?](?=[a-z]))(?P<name>[A-Za-z][a-z]{1,11})[ \t]*(?:-{2,}=_\S*)?[ \t]*\Z"
)
#: chat words and abbreviations that end a message without being anyone's name
_CHAT_WORDS = frozenset(
    "thx tx ty tia lol ttyl hth fyi asap btw imo np brb rgds cu cya ok okay kk jk xo xoxo eom nm pls plz "
    "saludos gracias merci danke cordialement".split()
)


def _last_line_signoffs(text: str) -> list[tuple[int, int]]:
    """A nickname that signs a message alone on its last line: no dictionary word, or a known given name."""
    ends = [*_body_ends(text), len(text)]
    found: list[tuple[int, int]] = []
    for e in ends:
        b = e
        while b > 0 and text[b - 1] in " \t\r\n":
            b -= 1
        a = text.rfind("\n", 0, b) + 1
        m = _LAST_LINE_NAME.search(text[a:b])
        if m is None or ":" in text[a:b]:
            continue
        w = m.group("name")
        lw = w.lower()
        if text[a + m.start("name") - 1] == "." and (not _first_name(w) or _FILE_NAME.fullmatch(text[a:b].strip())):
            continue  # glued to a point: a file's extension ("Nomfrm.xls", "unit1v.avi"), not "good.brad"
        if (
            (w.islower() or w[1:].islower())
            and (_first_name(w) or not _dictionary(w))
            and lw not in _CHAT_WORDS
            and not _SIGNOFF_WORD.fullmatch(w)
            and lw not in _NAME_TITLES
            and lw not in _FIELD_LABELS
            and lw not in _NEVER_PEOPLE
            and lw not in _NOT_PERSON_WORDS
            and lw not in NOT_NAMES
            and (_first_name(w) or not _place(lw))
        ):
            found.append((a + m.start("name"), a + m.end("name")))
    return found


# a given name in prose by its grammar: addressed after a sentence ("crossed.  Rod, please follow"), beside a
# pronoun ("give Ed or me a call", "you and Jan"), the subject of an office verb ("Irena has reserved")
_VOCATIVE = fast_compile(r"(?<=[.!?])[ \t]+(?P<name>[A-Z][a-z]+),[ \t]+(?=[a-z])")
_BESIDE_PRONOUN = re.compile(
    r"(?<![\w.@/&'’-])(?P<name>[A-Z][a-z]+)[ ](?:or|and|&)[ ](?:me|I|myself)\b"
    r"|\b(?:me|you|I)[ ](?:or|and|&)[ ](?P<after>[A-Z][a-z]+)(?![\w@'’-])"
)
_SUBJECT_VERB = re.compile(
    r"(?<![\w.@/&'’-])(?P<name>[A-Z][a-z]+)[ ]+(?:has|had|is|was|will|would|said|says|asked|called|wants|needs|"
    r"got|sent|thinks|mentioned|reserved|left|told|wrote)[ ]"
)


def _prose_given_names(text: str) -> list[tuple[int, int]]:
    """Known given names alone in prose where the grammar says a person: addressed, beside a pronoun, a
    verb's subject. Never a frequent English word, a place, a title, a month; as a verb's subject, no
    dictionary word either ("Art has", "Bill is")."""
    found: list[tuple[int, int]] = []

    def ok(w: str, strict: bool) -> bool:
        lw = w.lower()
        return (
            _first_name(w)
            and not _common(lw)
            and not _not_a_name_word(w)
            and not _place(lw)
            and lw not in countries()
            and not (strict and (_dictionary(lw) or not _given(lw) or known_place(w)))
        )  # a verb's subject that is a known place ("Alberta is short", "Paris starts at $299") is the place

    for m in _VOCATIVE.finditer(text):
        if ok(m.group("name"), strict=False):
            found.append(m.span("name"))
    for m in scan_matches(_BESIDE_PRONOUN, text):
        g = "name" if m.group("name") else "after"
        if ok(m.group(g), strict=False):
            found.append(m.span(g))
    for m in scan_matches(_SUBJECT_VERB, text):
        if ok(m.group("name"), strict=True):
            found.append(m.span("name"))
    return found


def _given_typed_as_place(text: str, s: Span) -> tuple[int, int] | None:
    """``s``, one word typed as a place or a firm, is a known given name before a surname in its case that no
    dictionary, place list or name-word list has: a person ("TIM HEIZENRADER @ECT", "Tim" being a town's name
    too; "Austin Kowalczyk"). Not "Austin Energy", "Houston Pipeline", "TIM DEPARTMENT": a word follows that a
    dictionary has (and, checked by the caller, no span holds). Where the surname stands, else None."""
    value = text[s.start : s.end]
    if not value.isalpha() or len(value) < 3 or not _first_name(value) or _not_a_name_word(value):
        return None
    if not (value.isupper() or value[1:].islower()):
        return None
    m = _SURNAME_AFTER.match(text, s.end)
    if m is None:
        return None
    w = m.group("w")
    if w.isupper() != value.isupper() or len(w) < 3:
        return None
    lw = w.lower()
    if _dictionary(lw) or _common(lw) or _place(lw) or _given(lw) or _not_a_name_word(w) or known_place(w):
        return None
    return m.span("w")


def complete_names(text: str, spans: Sequence[Span]) -> list[Span]:
    """Person spans completed where the model found only part of a name, and names listed beside them.

    ``spans`` are sorted and do not overlap (``resolve``'s output); so is the result.

    * a known given name or diminutive right before a person span that lacks it becomes its
      start (``Ed`` of "Ed Baughman", ``Karen`` of "Karen E Jones" found as "E Jones");
    * a lone given name found as a person takes the capitalised word after it when that reads
      as a surname: a known family name or no frequent English word ("Marie Heard", "Molly
      Sample"; not "Mark Will" nor "Tom Brian", the next person), and a suffix (``Jr.``, ``III``);
    * a given name joined to a person by a comma, ``and``, ``&`` or a slash is a person too
      ("Tom, Brian and Laura", "Mark Koeing/Andy Fastow").

    A word another rule typed as an organisation or place on its own is taken over; one
    inside a longer span is left alone. Stated on the text's form, never on a corpus.
    """
    out = sorted(spans)
    starts = [s.start for s in out]

    def at(a: int, b: int) -> int | None:
        """-1: free; i: spans[i] covers exactly a..b alone and is no person; None: taken otherwise."""
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and out[i].end > a:
            s = out[i]
            if s.start == a and s.end == b and s.label != "PERSON" and " " not in text[a:b]:
                return i
            return None
        j = i + 1
        if j < len(out) and out[j].start < b:
            return None
        return -1

    def absorb(a: int, b: int) -> bool:
        """Whether a..b may join the name before it (free, a non-person, or a person the model found
        apart); a span there is removed, its words become the name's."""
        slot = at(a, b)
        i = bisect.bisect_left(starts, a)
        if slot is None and i < len(out) and (out[i].start, out[i].end, out[i].label) == (a, b, "PERSON"):
            slot = i
        if slot is None:
            return False
        if slot >= 0:
            del out[slot]
            del starts[slot]
        return True

    def take(a: int, b: int) -> int | None:
        """a..b for the name being grown: None when another span holds it; else the index the
        non-person span that stood there had (it is removed), or -1 when nothing stood there."""
        slot = at(a, b)
        if slot is not None and slot >= 0:
            del out[slot]
            del starts[slot]
        return slot

    def put(new: Span, drop: int | None) -> None:
        if drop is not None and drop >= 0:
            del out[drop]
            del starts[drop]
        i = bisect.bisect_right(starts, new.start)
        out.insert(i, new)
        starts.insert(i, new.start)

    def surname_like(w: str, end: int) -> bool:
        lw = w.lower()
        if _not_a_name_word(w) or _place(lw) or _SIGNOFF_WORD.fullmatch(w):
            return False
        if _given(lw) and lw not in _names()[1]:
            return False  # the next person's given name ("Tom Brian")
        if w.isupper():  # capitals say nothing of the word's case: a known family name or no English word
            return lw in _names()[1] or not _dictionary(lw)
        if lw in _names()[1]:
            return True
        if _opens_sentence(text, w, end):
            return False  # "Mark Attached is", "Ryan Testing the": the sentence after a greeting's name
        if not _common(lw):
            return True
        # a frequent word ("Lloyd Will", "Rick Buy") only where no lowercase word goes on the sentence
        return not re.match(r"[ ]+[a-z]", text[end : end + 3])

    def wrapped_surname(w: str, given: str) -> bool:
        """A surname on the next line: a known family name or no dictionary word, in the given name's case."""
        lw = w.lower()
        if w.isupper() != given.isupper() or _not_a_name_word(w) or _place(lw) or _SIGNOFF_WORD.fullmatch(w):
            return False
        if _given(lw) and lw not in _names()[1]:
            return False
        return lw in _names()[1] or not _dictionary(lw)

    def particle_surname(w: str) -> bool:
        """The word after a surname's particle: any capitalised word in the name's case but a sign-off, a role or a
        word no name is ("Van \nPelt", not "Van \nSenior Analyst")."""
        return w[1:].islower() and not _not_a_name_word(w) and not _SIGNOFF_WORD.fullmatch(w) and not role_word(w)

    def given_like(w: str) -> bool:
        lw = w.lower()
        return (
            _first_name(w) and not _not_a_name_word(w) and not (_place(lw) and not _given(lw)) and lw not in countries()
        )

    def rare_given(w: str, value: str) -> bool:
        """A given name no list knows before a lone surname the model found ("Laurel Adams", "Lon Peters"):
        a capitalised word that is no frequent word, place, title or sign-off, before a known family name
        or a word no dictionary has."""
        lw, lv = w.lower(), value.lower()
        return (
            len(w) >= 3
            and w[1:].islower()
            and " " not in value
            and value[1:].islower()
            and (
                (lv in _names()[1] and not _dictionary(lv))
                or (
                    not _dictionary(lw)
                    and ((lv in _names()[1] and not _common(lv)) or not (_given(lv) or _dictionary(lv)))
                )
            )
            and lw not in _KIN_WORDS
            and not _common(lw)
            and not _place(lw)
            and not _not_a_name_word(w)
            and lw not in countries()
            and not _SIGNOFF_WORD.fullmatch(w)
        )

    k = 0
    while k < len(out):
        s = out[k]
        if s.label in ("LOCATION", "ORGANIZATION") and (after := _given_typed_as_place(text, s)) and at(*after) == -1:
            s = out[k] = replace(s, label="PERSON")  # "TIM HEIZENRADER @ECT": the surname follows below
        if s.label != "PERSON":
            k += 1
            continue
        value = text[s.start : s.end]
        grown = s
        # a given name before the span
        m = _GIVEN_BEFORE.search(text, max(0, s.start - 24), s.start)
        if m is None and "/" in text[max(0, s.start - 24) : s.start]:
            # a slash list of people: "Michael Schenker/Cliff Verron", "Duong Luu/ Will Smith"
            m = _GIVEN_AFTER_SLASH.search(text, max(0, s.start - 24), s.start)
            if m is not None and not (k > 0 and out[k - 1].label == "PERSON" and out[k - 1].end == m.start()):
                m = None
        head = value.split()[0].rstrip(".") if value.split() else ""
        if (
            m is not None
            and value[:1].isupper()
            and "\n" not in value
            and (len(head) == 1 or not _given(head) or (head.lower() in _names()[1] and not _common(m.group("w"))))
        ):
            w = m.group("w")
            if w == head:
                pass  # "Marie Marie Heard": a sign-off's given name, then the signature's full name
            elif (given_like(w) or rare_given(w, value)) and (not w.isupper() or value.isupper()):
                slot = take(m.start("w"), m.end("w"))
                if slot is not None:
                    grown = replace(grown, start=m.start("w"), source=f"{s.source}+given")
                    if slot >= 0:
                        k -= 1  # a span before this one was removed
        # a word before the name that its address spells out ("Web Macdonald <web.macdonald@...>")
        addr = _ADDRESS_AFTER.match(text, grown.end) if grown.start == s.start else None
        if addr is not None:
            pieces = set(re.split(r"[._\-]", addr.group("local").lower()))
            m = _WORD_BEFORE.search(text, max(0, s.start - 24), s.start)
            if m is not None and m.group("w").lower() in pieces and len(m.group("w")) > 1:
                slot = take(m.start("w"), m.end("w"))
                if slot is not None:
                    grown = replace(grown, start=m.start("w"), source=f"{s.source}+address")
                    if slot >= 0:
                        k -= 1  # a span before this one was removed
        # a surname after a lone given name
        core = [w for w in _WORDS.findall(value) if w.lower() not in _NAME_TITLES]
        if len(core) == 1 and _first_name(core[0]) and value.rstrip(".")[-len(core[0]) :] == core[0]:
            m = _SURNAME_AFTER.match(text, s.end)
            if m is not None:
                w = m.group("w")
                if (not w.isupper() or core[0].isupper()) and surname_like(w, m.end("w")):
                    if take(m.start("w"), m.end("w")) is not None:
                        grown = replace(grown, end=m.end("w"), source=f"{grown.source}+surname")
            # a surname typed in lowercase after the given name, where a name ends ("John nowlan, Jere",
            # "Re: george rustay"): no English word
            m = _LOWER_SURNAME_AFTER.match(text, s.end) if grown.end == s.end else None
            if (
                m is not None
                and not _common(core[0])
                and sum(c in "aeiouy" for c in m.group("w")) >= 2  # no abbreviation ("appt", "mgmt")
                and surname_like(m.group("w"), m.end("w"))
                and not _dictionary(m.group("w"))
            ):
                if take(m.start("w"), m.end("w")) is not None:
                    grown = replace(grown, end=m.end("w"), source=f"{grown.source}+surname")
            # a middle initial between them: "David A. Foti", also where the model found the halves apart
            m = _INITIAL_SURNAME_AFTER.match(text, s.end) if grown.end == s.end else None
            if (
                m is not None
                and wrapped_surname(m.group("w"), core[0])
                # the surname alone, or the initial and surname that another rule found as a person ("A. Levin")
                and (absorb(m.start("w"), m.end("w")) or absorb(m.start("i"), m.end("w")))
            ):
                grown = replace(grown, end=m.end("w"), source=f"{grown.source}+surname")
        # a surname wrapped onto the next line after a lone given name that ends a line of text
        # ("..., Mike \nStedman, ..."): one name, also where the model found the two halves apart
        # (also past a middle initial, "Laine A \nPowell/HOU/ECT", and after a given name no list knows that
        # the model found, "contact Dorie \nHitchcock in", when the wrapped word is no dictionary word)
        # (and after a given name and a surname's particle that ends the line, "Gail Van \nPelt": a particle is no
        # name's end, so the capitalised word that opens the next line is the surname even where it is an English
        # word, deid-edges27)
        particle = len(core) == 2 and core[1].lower() in _WRAP_PARTICLES
        wrap_given = core[0] if 1 <= len(core) <= 2 and (len(core) == 1 or len(core[1]) == 1 or particle) else ""
        rare_wrap = (
            wrap_given != ""
            and s.source == "ner"
            and len(core) == 1
            and not _first_name(wrap_given)
            and wrap_given[1:].islower()
            and not _dictionary(wrap_given)
            and not _place(wrap_given.lower())
            and not _not_a_name_word(wrap_given)
        )
        if (
            grown.end == s.end
            and wrap_given
            and (_first_name(wrap_given) or rare_wrap)
            and value.rstrip(".")[-len(core[-1]) :] == core[-1]
        ):
            m = _SURNAME_WRAPPED.match(text, s.end)
            line_start = text.rfind("\n", 0, s.start) + 1
            if (
                m is not None
                and text[line_start : s.start].strip(" \t>")
                and (wrapped_surname(m.group("w"), wrap_given) or (particle and particle_surname(m.group("w"))))
                and (not rare_wrap or not _dictionary(m.group("w")))
                and absorb(m.start("w"), m.end("w"))
            ):
                grown = replace(grown, end=m.end("w"), source=f"{grown.source}+wrapped")
        # a nickname in quotes or brackets between the given name and the surname ('Airam "Rain" Arteaga',
        # "Jeff (Rocky) Skilling"): one name; the nickname may stand alone as a word or a place
        m = _NICKNAME_SURNAME_AFTER.match(text, s.end) if grown.end == s.end and len(core) == 1 else None
        if (
            m is not None
            and value[-len(core[0]) :] == core[0]
            and core[0][1:].islower()
            and not _not_a_name_word(core[0])
            and not _not_a_name_word(m.group("n"))
            and surname_like(m.group("w"), m.end("w"))
            and at(m.start("n"), m.end("n")) is not None
            and at(m.start("w"), m.end("w")) is not None
        ):
            take(m.start("n"), m.end("n"))
            absorb(m.start("w"), m.end("w"))
            grown = replace(grown, end=m.end("w"), source=f"{grown.source}+nickname")
        # a nickname after "Surname, Given" in a list: 'Bojorquez, William "Bill";'
        m = _NICKNAME_TAIL.match(text, grown.end) if "," in value and grown.end == s.end else None
        if m is not None and _first_name(m.group("n")) and at(m.start("n"), m.end("n")) is not None:
            take(m.start("n"), m.end("n"))
            grown = replace(grown, end=m.end(), source=f"{grown.source}+nickname")
        # particles and the surname after a lone given name, maybe past a middle initial ("Laura A. de la Torre")
        m = _PARTICLE_SURNAME_AFTER.match(text, s.end) if grown.end == s.end and len(core) == 1 else None
        if (
            m is not None
            and _first_name(core[0])
            and value[-len(core[0]) :] == core[0]
            and at(s.end, m.start("w")) == -1
            and not _not_a_name_word(m.group("w"))  # a town's name may be a surname after a particle
            and (m.group("w").lower() in _names()[1] or not _dictionary(m.group("w")))
            and absorb(m.start("w"), m.end("w"))
        ):
            grown = replace(grown, end=m.end("w"), source=f"{grown.source}+particle")
        m = _SUFFIX_AFTER.match(text, grown.end)
        if (
            m is not None
            and text[grown.end - 1 : grown.end].isalpha()
            and at(grown.end, m.end()) == -1
            and not _senior_of_role(text, m.end())  # "Irena Hogan Sr. Administrative Assistant": the role's
        ):
            grown = replace(grown, end=m.end())
        if grown is not s:
            k = out.index(s)
            del out[k]
            del starts[k]
            put(grown, None)
            k = out.index(grown)
        k += 1
    # names by position alone (before an address, quoted in a list, possessive, signed before a reply)
    for a, b in _position_names(text):
        slot = at(a, b)
        if slot is not None:
            put(Span(a, b, "PERSON", STRUCTURE_SCORE, "structure.position"), slot)
    # given names listed beside a person
    for _ in range(6):
        added = False
        for s in [s for s in out if s.label == "PERSON"]:
            m = _LINK_AFTER.match(text, s.end)
            cands: list[tuple[int, int]] = []
            if m is not None:
                end = m.end("w")
                if m.group("s") and surname_like(m.group("s").strip(), m.end("s")):
                    end = m.end("s")
                cands.append((m.start("w"), end))
            m2 = _LINK_BEFORE.search(text, max(0, s.start - 24), s.start)
            if m2 is not None:
                cands.append((m2.start("w"), m2.end("w")))
            for a, b in cands:
                w = text[a:b].split()[0]
                if not given_like(w):
                    continue
                if _common(w) and not _given(w) and re.match(r"[ ]+[a-z]", text[b : b + 3]):
                    continue  # "Jeff, Will you ..." (but "David, Joe and Mark should ...")
                slot = at(a, b)
                if slot is None:
                    continue
                put(Span(a, b, "PERSON", SPREAD_SCORE, "structure.list"), slot)
                added = True
        if not added:
            break
    return _particle_names(text, _join_middle_initial(text, _row_gaps(text, out)))


_INITIAL_AND_SURNAME = re.compile(r"[A-Z]\.?[ ][A-Z][a-z'’\-]+")


def _join_middle_initial(text: str, spans: list[Span]) -> list[Span]:
    """A lone given name (a known one, or no English word) and, one blank after it, a person span of an initial and
    a surname are one name found in two pieces ("Eliot" and "A. Levin" of "Eliot A. Levin"); joined, so the name
    is rewritten as one. Not a row of initialled names ("D. Dupre M. Taylor": the span before is no lone given
    name)."""
    out: list[Span] = []
    for s in spans:
        if out and s.label == "PERSON" and text[s.start - 1 : s.start] == " " and out[-1].end == s.start - 1:
            p = out[-1]
            given = text[p.start : p.end]
            if (
                p.label == "PERSON"
                and given.isalpha()
                and given[1:].islower()
                and (_first_name(given) or not _dictionary(given))
                and _INITIAL_AND_SURNAME.fullmatch(text, s.start, s.end)
            ):
                out[-1] = replace(p, end=s.end)
                continue
        out.append(s)
    return out


# two name words alone between two people on a row of names: "Barbara Gray Dexter Peoples Beth Jenkins"
_ROW_GAP = re.compile(r"[ ](?P<name>[A-Z][a-z'’\-]+[ ][A-Z][a-z'’\-]+)[ ]\Z")


def _row_gaps(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` (sorted, apart) and a person in each gap of two name words, one space from a person span
    on each side on the same line: a row of attendees where the model missed one. The gap's first word
    is a known given name, or neither word is an English word; no place or group word."""
    new: list[Span] = []
    for left, right in zip(spans, spans[1:]):
        if left.label != "PERSON" or right.label != "PERSON" or right.start - left.end > 40:
            continue
        m = _ROW_GAP.fullmatch(text, left.end, right.start)
        if m is None:
            continue
        words = m.group("name").split()
        lows = [w.lower() for w in words]
        if any(w in _NOT_PERSON_WORDS or w in _NEVER_PEOPLE or _place(w) or w in _SIGNOFF_STOP for w in lows):
            continue
        if _first_name(words[0]) or not any(_dictionary(w) for w in words):
            new.append(Span(m.start("name"), m.end("name"), "PERSON", SPREAD_SCORE, "structure.row"))
    return sorted([*spans, *new]) if new else spans


# --- a given name, a surname's particle and the surname ("Wayne St. Amour", "Maria De La Cruz", "La Donna") ---
# The tagger reads a capitalised particle as the start of a place or a firm ("Wayne St" a place, "Maria De La
# Cruz" a firm) and leaves the surname after it verbatim. A known given name, one to three particles and a
# capitalised word is a person's name; a known place after the given name (a "St. Louis", a "La Paz") or a
# firm's word after the surname is not.
_PARTICLE = r"(?:[Dd]e|[Dd]el|[Dd]ella|[Dd]os|[Dd]as|[Dd]u|[Dd]a|[Dd]i|[Ll]a|[Ll]e|[Vv]an|[Vv]on|der|den|St\.?|Ste\.?)"
_PARTICLE_NAME = re.compile(
    rf"(?<![\w.@/'’&\-])(?P<given>[A-Z][a-z]+)[ ](?P<tail>(?:{_PARTICLE}[ ]){{1,3}}(?:[A-Z][a-z'’\-]+|Mc[A-Z][a-z]+))"
    r"(?![\w@/'’&\-])"
)
_PARTICLE_HINT = fast_compile(r"(?<![\w.'’\-])" + _PARTICLE + r"[ ][A-Z]")
# a particle opening a given name the model found alone ("La Donna x34379", "De Wayne")
_PARTICLE_GIVEN = re.compile(r"(?<![\w.@/'’&\-])(?:La|Le|De|Da)[ ](?=[A-Z][a-z]{2,})")
# a place named for a person: "Charles de Gaulle airport", "Martin Van Buren street"
_FACILITY_AFTER = re.compile(
    r"[ ]+(?:[Aa]irport|[Ss]treet|[Aa]venue|[Bb]oulevard|[Rr]oad|[Bb]ridge|[Ss]tation|[Ss]quare|[Cc]ent(?:er|re)|"
    r"[Hh]otel|[Uu]niversity|[Cc]ollege|[Ss]chool|[Hh]ospital|[Pp]ark|[Ss]tadium|[Mm]useum|[Ii]nstitute|[Hh]all)\b"
)
_ROLE_WORDS = frozenset("ceo cfo coo cto president chairman director manager vp esq jr sr".split())


_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]*\d")


def _particle_names(text: str, spans: list[Span]) -> list[Span]:
    """Person spans over a given name, its surname's particles and the surname, and over a particle that opens
    a given name found as a person; the pieces and a wrong type that stood there give way (see above)."""
    if not _PARTICLE_HINT.search(text):
        return spans
    out = list(spans)
    for m in _PARTICLE_NAME.finditer(text):
        a, b = m.start(), m.end()
        given, tail = m.group("given"), m.group("tail")
        last = tail.split()[-1]
        if (
            not _first_name(given)
            or _not_a_name_word(given)
            or _not_a_name_word(last)
            or (_common(last) and last.lower() not in _names()[1])  # "Colin de la Table": a word, no surname
            or _HOUSE_NUMBER_AFTER.match(text, b) is not None  # "Rua das Flores 27": a street and its number
            or known_place(tail)
            or known_place(last)
            or _FACILITY_AFTER.match(text, b) is not None
            or _place(tail.lower())
            or _place(text[a:b].lower())
            or firm_by_context(text, Span(a, b, "PERSON", STRUCTURE_SCORE, "structure.particle"))
        ):
            continue
        over = [s for s in out if s.start < b and a < s.end]
        if any(s.label == "PERSON" and (s.start < a or s.end > b) for s in over):
            continue  # a wider person holds it already
        if any(s.label == "PERSON" and (s.start, s.end) == (a, b) for s in over):
            continue
        if any(s.label != "PERSON" and not _gives_way(text, s, a, b) for s in over):
            continue
        out = [s for s in out if s not in over]
        out.append(Span(a, b, "PERSON", STRUCTURE_SCORE, "structure.particle"))
    for m in _PARTICLE_GIVEN.finditer(text):
        k = next((i for i, s in enumerate(out) if s.start == m.end() and s.label == "PERSON"), None)
        if k is None or not _given(text[m.end() : out[k].end].split()[0].lower()):
            continue
        if any(s.start < m.end() and m.start() < s.end for s in out if s is not out[k]):
            continue
        out[k] = replace(out[k], start=m.start())
    return sorted(out)


def _gives_way(text: str, s: Span, a: int, b: int) -> bool:
    """A place or firm span over a particle name yields to it when what it holds beyond the name is a few
    words of no firm: "Wayne St" (a place), "Michael De La Rosa, CEO", "Ask Anna St. Clair and Tom Le Blanc"."""
    if firm_by_context(text, s):
        return False
    rest = _PARTICLE_NAME.sub(" ", text[s.start : max(s.start, a)] + " " + text[min(s.end, b) : s.end])
    words = [w.strip(",.;:") for w in rest.split()]
    words = [w for w in words if w and w.lower() not in _ROLE_WORDS and w.lower() not in ("and", "&", "or")]
    return len(words) <= 1 and not any(w[:1].isupper() and _place(w.lower()) for w in words)
