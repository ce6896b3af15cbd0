"""A member's record over a group's parts, named by record words past draft-attend55's list (issue 20, draft37).

Written before the record words were added to ``simulacra.draft._progress`` (2026-12-06), expectations first, run
once before and once after, not tuned on: a **test** figure. The checks are draft-attend55's
(``draft_progress_requests.checks``): a record table; made per a membership of member and group; its key to the part
``distinct`` with ``match``; generates, validates; the rows hold distinct and match.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_record_words.py [--scale 1]
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import run, scale_from_args  # noqa: E402
from draft_progress_requests import checks  # noqa: E402

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
    scale = scale_from_args(__doc__, 0.2)
    note = " (test requests at scale 0.2, run once before and after the record words; another scale: dev)"
    run(HELD_OUT, partial(checks, scale=scale), note=note)


if __name__ == "__main__":
    main()
