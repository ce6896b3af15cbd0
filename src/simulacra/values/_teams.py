"""A sports team's name in the way the locale names its clubs: a place and a nickname.

A league's teams read as placeholders when named 'Team 01'; a reader of sports data expects the names a
club has where the data comes from: 'Riverton Hawks' in the US, 'Riverton Rovers' in Britain, 'SV Riverton'
or 'Eisbären Riverton' in Germany, 'AS Riverton' or 'Olympique de Riverton' in France. The place is the
group's city (the one ``city`` gives, so a team's name and its city agree); the word beside it is the
column's own draw, so a retry of a unique column names the team afresh in the same city.
"""

from __future__ import annotations

#: (words, place first): 'Riverton Hawks' (True) or 'SV Riverton' (False); a word may be either a nickname
#: after the place or a club form before it, never a real club's full name
_FORMS: dict[str, tuple[tuple[str, ...], bool]] = {
    "en_US": (
        tuple(
            "Hawks Eagles Falcons Wolves Bears Lions Tigers Panthers Rangers Pioneers Mariners Rockets Comets "
            "Storm Thunder Cougars Bulldogs Stallions Mustangs Raiders Knights Titans Giants Owls Foxes Badgers "
            "Coyotes Vipers Sharks Pilots Miners Express Generals Hornets Jaguars Ravens Spartans Wildcats "
            "Warriors Blaze".split()
        ),
        True,
    ),
    "en_GB": (
        tuple(
            "United City Town Rovers Athletic Wanderers Albion County Rangers Harriers Borough Saints Hawks "
            "Lions Tigers Falcons Sharks Warriors Raiders Knights Giants Steelers Panthers Eagles".split()
        ),
        True,
    ),
    "de_DE": (
        (
            "FC", "SV", "TSV", "SC", "VfB", "VfL", "1. FC", "SpVgg", "TuS", "Eintracht", "Fortuna", "Borussia",
            "Union", "Rot-Weiß", "Blau-Weiß", "Adler", "Löwen", "Eisbären", "Füchse", "Haie", "Panther",
        ),
        False,
    ),
    "fr_FR": (
        (
            "AS", "FC", "US", "SC", "ES", "AC", "RC", "SM", "AJ", "Stade", "Olympique de", "Stade de",
            "Racing Club de", "Union sportive de", "Entente",
        ),
        False,
    ),
}  # fmt: skip


def team_forms(locale: str) -> tuple[tuple[str, ...], bool]:
    """The locale's club words and whether the place comes first (en_US's where a locale has none)."""
    return _FORMS.get(locale, _FORMS["en_US"])
