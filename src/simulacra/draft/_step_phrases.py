"""A step of time said without a number, or as an adverb, is written as the numbered step it is (issue 20, draft65).

"readings every 5 minutes" is one reading per parent row and 5 minutes of the span, on the step's grid (draft63,
``_step_grid``). The same step said otherwise was misread: "vital signs every hour" made one table of 744 rows in
all (not 744 per patient), "every minute" a guess of 2 per patient, "vital signs hourly" no table at all. Before
the request is read, each such phrase is written as the numbered step it says, so one path reads them all:

- "every hour", "every minute", "every second", "every day", "every week", "each hour" -> "every 1 <unit>", and
  "per hour" where the rows are said 'with' of their parent ("300 patients with vital signs per hour");
- "every other day", "every second day", "every third week" -> "every 2 days", "every 3 weeks";
- "every half hour", "every half an hour", "every quarter hour" -> "every 30 minutes", "every 15 minutes";
- "every 1.5 hours" -> "every 90 minutes" (a whole number of seconds; otherwise left as said);
- "once an hour", "twice a day", "three times a day", "twice daily" -> "every 1 hour", "every 12 hours",
  "every 8 hours" (where the times divide the unit's seconds; "7 times a day" is left as said: a count per day);
- "hourly", "half-hourly", "quarter-hourly", "daily", "weekly" after the rows' noun -> "every 1 hour", ...;
- the short spellings of a numbered step's unit: "every 35 secs" -> "every 35 seconds" (draft64).

A step said away from the rows' noun is moved beside it, as the rows of each parent (draft67):

- after the parent: "readings for each station every hour" -> "readings every 1 hour for each station";
- after a verb of the parents that makes the rows: "stations report readings every 10 minutes", "each meter sends a
  reading every 15 minutes" -> "stations with readings every 10 minutes", "each meter with readings every 15
  minutes"; a quantity said alone is read by records of it ("each server logs cpu" -> "each server with cpu logs");
- before the clause: "every 5 minutes each server logs cpu" -> "each server with cpu logs every 5 minutes".
  Only where the verb's object is records (a record word: readings, logs, pings...) or a quantity (cpu,
  temperature: ``_quantities``); "each member pays a fee every month" is left as said.

A calendar step (draft69) is read on the calendar's own boundaries (``_step_grid.CALENDAR_STEPS``): said after
the noun of rows said 'with' of their parent, it is written as the word before that noun the draft reads a period
by, so "monthly invoices" and "customers with invoices every month" are one path:

- "every month", "each quarter", "every year" -> "monthly", "quarterly", "yearly";
- "every Monday", "on Mondays", "each Friday" -> "every-monday", "every-friday" (7 days from that weekday);
- "every weekday", "on weekdays", "every working day", "each business day" -> "every-weekday" (Monday to Friday);
- "on the 15th of each month", "every month on the 15th" -> "every-month-15" (the 1st: "monthly"; up to the 28th,
  a day every month has; a later day is left as said).

And fixed steps said in words: "biweekly", "fortnightly", "every fortnight", "every two weeks", "every three
days" -> "every 2 weeks", "every 3 days" (the numbered step; "with biweekly payslips" -> "with payslips every 2
weeks").

Left as said: a phrase whose noun has a number of its own ("500 calls per hour", "300 visits every day": a total
rate, not a step per parent); "per <unit>" of rows said alone ("watering logs per hour": a total rate, as before) or
after "per <noun>" ("bills per customer per week": one per parent and calendar unit, as before); "every" before no unit of time ("every patient has a doctor", "every second patient");
a unit followed by other words than a span's or a clause's, or by its own span ("every day of 2025", "every week
from 2021 to 2024": the calendar period with its own span; "every week in 2024" is a step, "in 2024" the span); calendar units (months, quarters, years: no fixed number of seconds).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from simulacra.draft._nouns import plural
from simulacra.draft._quantities import quantity_words, record_head
from simulacra.draft._step_grid import CALENDAR_STEPS, STEP_SECONDS, step_words

__all__ = ["steps_in_numbers"]

#: short spellings of a step's unit after 'every N' ("every 35 secs", "every 45 sec", "every 10 mins", "every
#: 2 hrs", "every 30s"), written out so the step is read as one (draft64: "every 35 secs" was a count of 35
#: rows of a table of secs)
_UNIT_SPELLINGS = {"s": "seconds", "sec": "seconds", "secs": "seconds", "min": "minutes", "mins": "minutes",
                   "h": "hours", "hr": "hours", "hrs": "hours"}  # fmt: skip
_SHORT_STEP = re.compile(
    r"\b(every|each)\s+(\d+(?:\.\d+)?)\s*(" + "|".join(sorted(_UNIT_SPELLINGS, key=len)[::-1]) + r")\b\.?"
)

_UNIT = r"(second|minute|hour|day|week)"
#: what may follow a step said without a number: the end, a mark, or a word that starts a span or a clause
_AFTER = (
    r"(?=\s*(?:$|[,;.:!?)]|(?:for|in|over|during|throughout|across|and|until|till|through|since|at|on|with|by|to"
    r"|starting|around|all|or|but|while|when|where|which|that)\b))"
)
_DECIMAL = re.compile(rf"\b(every|each)\s+(\d+\.\d+)\s+{_UNIT}s?\b")
_NTH = re.compile(rf"\b(?:every|each)\s+(other|second|third|fourth)\s+{_UNIT}\b")
_PART_HOUR = re.compile(r"\bevery\s+(half|quarter)(?:\s+of)?(?:\s+an)?[\s-]hour\b")
_ONE = re.compile(rf"\b(every|each|per)\s+{_UNIT}\b{_AFTER}")
_TIMES = re.compile(
    rf"\b(once|twice|thrice|([a-z]+|\d+)\s+times)\s+(?:(?:a|an|per|each|every)\s+{_UNIT}\b"
    r"|(hourly|daily|weekly)\b)"
)
_ADVERB = re.compile(rf"(?<=[a-z] )(?<![\w-])(half-hourly|quarter-hourly|hourly|daily|weekly)\b{_AFTER}")
_ADVERB_SECONDS = {"half-hourly": 1800, "quarter-hourly": 900, "hourly": 3600, "daily": 86_400, "weekly": 604_800}
#: "per <unit>" is a step only of rows said 'with' of their parent ("300 patients with vital signs per hour"); alone
#: ("watering logs per hour") it is a total rate, and after 'per <noun>' a calendar unit ("per customer per week")
_WITH = re.compile(r"\bwith\s+(?:(?!(?:per|each|every)\b)[a-z-]+\s+){1,3}$")
#: a unit's span that is only the request's ("readings every week in 2024"): read as the request's span
_IN_A_YEAR = re.compile(r"\b(?:in|during|throughout)\s+\d{4}$")
_NTH_TIMES = {"other": 2, "second": 2, "third": 3, "fourth": 4}
_ONCE = {"once": 1, "twice": 2, "thrice": 3}
#: where the words of the noun a step is said after begin: a mark or a word that ends the clause before it
_NOUN_STARTS = re.compile(r"[,;:]|\b(?:with|and|having|of|each|every|per)\s")


def steps_in_numbers(low: str, number: Callable[[str], float | None], period_span: re.Pattern[str]) -> str:
    """``low`` (a lower-cased request) with each step said without a number written as the numbered step
    "every N <unit>" (see the module's doc). ``number`` reads a word as a number ('300', 'three'), or None;
    ``period_span`` matches a calendar unit said with its own span ("every day of 2025"), left as said."""
    low = _SHORT_STEP.sub(lambda m: f"{m.group(1)} {m.group(2)} {_UNIT_SPELLINGS[m.group(3)]}", low)

    def said(m: re.Match[str], seconds: float) -> str:
        own = period_span.match(m.string, m.start())
        if seconds < 1 or seconds != int(seconds) or own is not None and not _IN_A_YEAR.search(own.group(0)):
            return m.group(0)  # "every week of 2025", "every day from 2021 to 2024": the unit's own span
        if _counted_before(m.string[: m.start()], number):
            return m.group(0)  # "500 calls per hour": a total rate, not a step of each parent's rows
        return "every " + step_words(int(seconds))

    readers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], float]]] = [
        (_DECIMAL, lambda m: float(m.group(2)) * STEP_SECONDS[m.group(3)]),
        (_NTH, lambda m: _NTH_TIMES[m.group(1)] * STEP_SECONDS[m.group(2)]),
        (_PART_HOUR, lambda m: 1800 if m.group(1) == "half" else 900),
        (_TIMES, lambda m: _per_times(m, number)),  # before _ONE: "once per week" is one step, not "once" + a step
        (_ONE, _one),
        (_ADVERB, lambda m: _ADVERB_SECONDS[m.group(1)]),
    ]
    low = _FORTNIGHT_BEFORE.sub(lambda m: f"with {m.group('rows')} every 2 weeks", low)
    low = _NUMBER_WORDS.sub(lambda m: _step_in_figures(m, number), _FORTNIGHT.sub("every 2 weeks", low))
    for pattern, seconds in readers:
        low = pattern.sub(lambda m, s=seconds: said(m, s(m)), low)  # type: ignore[misc]
    return _calendar_before_their_rows(_steps_beside_their_rows(low))


#: "biweekly", "fortnightly", "every fortnight": every 2 weeks
_FORTNIGHT = re.compile(r"\b(?:bi-?weekly|fortnightly|every\s+fortnight)\b")
#: "employees with biweekly payslips": the step after the rows' noun, where the numbered step is read
_FORTNIGHT_BEFORE = re.compile(
    r"\bwith\s+(?:bi-?weekly|fortnightly)\s+(?P<rows>(?:[a-z-]+\s+){0,2}?[a-z-]+s)\b(?=\s*(?:$|[,;.:!?)]|\s(?:for|in|over|during|throughout|from|since|between|and)\b))"
)
#: "every two weeks", "every three days": a step whose number is said in words
_NUMBER_WORDS = re.compile(rf"\b(every|each)\s+([a-z]+)\s+{_UNIT}s\b")


def _step_in_figures(m: re.Match[str], number: Callable[[str], float | None]) -> str:
    """'every two weeks' -> 'every 2 weeks'; left as said where the word is no whole number above one."""
    n = number(m.group(2))
    return f"{m.group(1)} {int(n)} {m.group(3)}s" if n is not None and n == int(n) and n >= 2 else m.group(0)


_WEEKDAYS = "|".join(k for k, v in CALENDAR_STEPS.items() if v.days == 7 and k != "week")
#: calendar steps said after a noun, as (pattern, the word the noun is read with before it: ``{0}`` the first
#: group said): data, read in order, one row a way of saying it
_CALENDAR_SAID: list[tuple[str, str]] = [
    (r"(?:every|each)\s+(month|quarter|year)", "{0}ly"),
    (rf"(?:every|each|on)\s+({_WEEKDAYS})s?", "every-{0}"),
    (r"(?:every|each)\s+(?:week|working|business)\s?day|on\s+weekdays|every\s+weekday", "every-weekday"),
    (r"on\s+the\s+(\d{1,2})(?:st|nd|rd|th)\s+of\s+(?:each|every)\s+month", "every-month-{0}"),
    (r"(?:every|each)\s+month\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)", "every-month-{0}"),
]
#: what may follow a calendar step: what may follow a step, or its span ("from november 2023 to march 2024")
_CALENDAR_AFTER = _AFTER.replace("(?:for|in|", "(?:from|between|for|in|")
#: the rows said 'with' of their parent: up to three words of their noun, right after 'with'
_WITH_ROWS = r"\bwith\s+(?P<rows>(?:(?!(?:per|each|every|on|and|a|an|the)\b)[a-z-]+\s+){0,2}[a-z-]+s)\s+"


def _calendar_before_their_rows(low: str) -> str:
    """``low`` with a calendar step said after the noun of rows said 'with' of their parent written before it
    ("customers with invoices every month" -> "customers with monthly invoices"; see the module's doc)."""
    for said, word in _CALENDAR_SAID:

        def before(m: re.Match[str], word: str = word) -> str:
            unit = next((g for g in m.groups()[1:] if g), "")
            token = word.format(unit)
            if token == "every-month-1":
                token = "monthly"
            if token.removeprefix("every-") not in CALENDAR_STEPS and token not in ("monthly", "quarterly", "yearly"):
                return m.group(0)  # "on the 31st of each month": a day not every month has
            return f"with {token} {m.group('rows')}"

        low = re.sub(_WITH_ROWS + rf"(?:{said})\b{_CALENDAR_AFTER}", before, low)
    return low


#: verbs by which a thing makes records of what it reads ("stations report readings", "each meter sends a reading")
_MAKES = (
    r"(?:reports?|sends?|logs?|records?|emits?|transmits?|uploads?|takes?|produces?|captures?|collects?|measures?"
    r"|push(?:es)?|publish(?:es)?|streams?)"
)
_NUMBERED = r"every\s+\d+\s+(?:second|minute|hour|day|week)s?"
_OBJECT = r"(?:(?:a|an|one|their|its|new)\s+)?(?P<obj>(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+)"
#: "stations report readings every 10 minutes", "each meter sends a reading every 15 minutes"
_MAKER_STEP = re.compile(
    rf"\b(?P<subj>(?:each|every)\s+[a-z-]+|(?<!each )(?<!every )[a-z-]+s)\s+(?P<verb>{_MAKES})\s+{_OBJECT}"
    rf"\s+(?P<step>{_NUMBERED})\b"
)
#: "every 5 minutes each server logs cpu": the step said first, the clause after it
_STEP_FIRST = re.compile(
    r"(?:^|(?<=[:,;] ))(?P<step>every\s+(?P<n>\d+\s+)?(?P<unit>second|minute|hour|day|week)s?),?"
    rf"\s+(?P<clause>(?:each|every)\s+[a-z-]+\s+{_MAKES}\s+{_OBJECT})"
    r"(?=\s*(?:$|[,;.:!?]|\s(?:for|in|over|during|throughout|across|from|until|till|since|between)\b))"
)
#: "readings for each station every hour": the step said after the parent
_PARENT_FIRST = re.compile(
    rf"\b(?P<per>(?:for|from|of|at|on)\s+(?:each|every)\s+[a-z-]+(?:\s+[a-z-]+)?)\s+(?P<step>{_NUMBERED})\b"
)


def _steps_beside_their_rows(low: str) -> str:
    """``low`` with each step said away from its rows' noun moved beside it (see the module's doc)."""

    def first(m: re.Match[str]) -> str:
        if _records(m.group("obj"), "") is None:
            return m.group(0)  # "every day each member pays a fee": no records of what is read
        step = m.group("step") if m.group("n") else f"every {step_words(STEP_SECONDS[m.group('unit')])}"
        return f"{m.group('clause')} {step}"

    low = _STEP_FIRST.sub(first, low)

    def maker(m: re.Match[str]) -> str:
        rows = _records(m.group("obj"), m.group("verb"))
        return m.group(0) if rows is None else f"{m.group('subj')} with {rows} {m.group('step')}"

    low = _MAKER_STEP.sub(maker, low)
    return _PARENT_FIRST.sub(lambda m: f"{m.group('step')} {m.group('per')}", low)


def _records(obj: str, verb: str) -> str | None:
    """The noun of the records a verb's object says ('a reading': 'readings'; 'cpu' with 'logs': 'cpu logs'), or
    None where the object is no record nor a quantity ('a fee')."""
    words = obj.split()
    if record_head(words[-1]) is not None and (record_head(words[-1]) == "always" or quantity_words(words[:-1])):
        return " ".join([*words[:-1], plural(words[-1]) if not words[-1].endswith("s") else words[-1]])
    if quantity_words(words) == len(words):
        stem = re.sub(r"s$", "", verb)
        return " ".join([*words, "logs" if stem == "log" else "records" if stem == "record" else "readings"])
    return None


def _one(m: re.Match[str]) -> float:
    """'every hour', 'each day', 'per hour' of rows said 'with' of their parent: the unit's seconds (0: no step)."""
    if m.group(1) == "per" and not _WITH.search(m.string[: m.start()]):
        return 0
    return STEP_SECONDS[m.group(2)]


def _per_times(m: re.Match[str], number: Callable[[str], float | None]) -> float:
    """'twice a day': the seconds between two of them (0 where the times are no number)."""
    times = _ONCE.get(m.group(1)) or number(m.group(2) or "") or 0
    unit = STEP_SECONDS[m.group(3)] if m.group(3) else _ADVERB_SECONDS[m.group(4)]
    return unit / times if times >= 1 and times == int(times) else 0


def _counted_before(before: str, number: Callable[[str], float | None]) -> bool:
    """The noun the step is said after has a number of its own ('500 calls', '300 visits'): the words since the
    clause or the noun phrase began, the last three of them."""
    starts = list(_NOUN_STARTS.finditer(before))
    words = before[starts[-1].end() if starts else 0 :].split()[-3:]
    return any(number(w.strip(",")) is not None for w in words)
