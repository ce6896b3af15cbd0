"""A member's record over a group's parts, named by record words past draft-attend55's list (issue 20, draft37).

Written before the record words were added to ``simulacra.draft._progress`` (2026-12-06), expectations first, run
once before and once after, not tuned on: a **test** figure. The checks are draft-attend55's
(``draft_progress_requests.checks``): a record table; made per a membership of member and group; its key to the part
``distinct`` with ``match``; generates, validates; the rows hold distinct and match.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_record_words.py [--scale 1]
"""

from __future__ import annotations

import argparse

from draft_progress_requests import checks

#: (request, member table, group table, part table, record table names accepted)
HELD_OUT: list[tuple[str, str, str, str, set[str]]] = [
    (
        "a music-learning app: 3,000 learners subscribed to 60 songbooks with 12 songs each; song plays",
        "learners",
        "songbooks",
        "songs",
        {"song_plays", "plays"},
    ),
    (
        "a running club: 500 runners joined 20 training plans; each plan has 16 workouts; workout check-ins",
        "runners",
        "plans|training_plans",
        "workouts",
        {"workout_check_ins", "check_ins", "workout_checkins"},
    ),
    (
        "a university: 4,000 students enrolled in 120 modules; each module has 10 lectures; lecture downloads",
        "students",
        "modules",
        "lectures",
        {"lecture_downloads", "downloads"},
    ),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.2, help="generate at this scale (0.2 in the test run)")
    scale = ap.parse_args().scale
    held = total = whole = 0
    for request, *rest in HELD_OUT:
        got = checks(request, *rest, scale=scale)
        ok = sum(v for _, v in got)
        held, total, whole = held + ok, total + len(got), whole + (ok == len(got))
        missed = [n for n, v in got if not v]
        print(f"{ok}/{len(got)} {request[:80]}" + (f"\n     missed: {', '.join(missed)}" if missed else ""))
    print(
        f"\nchecks held {held}/{total}; requests with every check held {whole}/{len(HELD_OUT)} "
        "(test requests at scale 0.2, run once before and after the record words; another scale: dev)"
    )


if __name__ == "__main__":
    main()
