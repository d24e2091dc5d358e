"""Turn a matched temporal phrase into a date: the readers behind the rules of dates_grammar.

A reader gets the regex match, the :class:`Scene` (text, anchor, language) and the language of the
rule that matched; it returns a :class:`Reading`, or ``None`` when the match is not a date after all
(German "Morgen" the noun, French "hier" in a German text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS
from newsdb.pipeline.dates_calendar import (
    DAY,
    MONTH,
    WEEK,
    YEAR,
    Direction,
    is_valid_date,
    month_start,
    resolve_day_month,
    resolve_month,
    resolve_weekday,
    shift_period,
    week_start,
)
from newsdb.pipeline.dates_context import Scene, word_set


@dataclass(frozen=True)
class Reading:
    """What a phrase means: the first day of its period, the period's size, anchor-dependence."""

    value: date | None
    precision: str | None
    relative: bool


UNRESOLVED = Reading(None, None, True)

# A leap year, to tell whether a day and month without a year can exist at all (29 February).
LEAP_YEAR = 2000


def _by_value(table: dict[int, str]) -> dict[str, int]:
    """Invert ``{value: "word word …"}`` into ``{word: value}``."""
    return {word: value for value, words in table.items() for word in words.split()}


# Word stems of modifiers ("last", "nächsten", "dernière") and how many periods they move.
_OFFSET_STEMS = _by_value(
    {
        -1: "last previous letzt vergangen vorig derni pass",
        1: "next coming nächst naechst kommend prochain",
        0: "this current dies laufend ce",
    }
)
_DAY_WORD_OFFSETS = {
    **dict.fromkeys(("the day before yesterday", "vorgestern", "avant-hier"), -2),
    **dict.fromkeys(("yesterday", "gestern", "hier"), -1),
    **dict.fromkeys(("today", "heute", "aujourd'hui"), 0),
    **dict.fromkeys(("tomorrow", "morgen", "demain"), 1),
    **dict.fromkeys(("the day after tomorrow", "übermorgen", "après-demain"), 2),
}
# Unit words and the offset they carry themselves ("Vorjahr" is the year before).
_UNIT_WORDS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(word_set("day days tag tage tagen jour jours"), (DAY, 0)),
    **dict.fromkeys(word_set("week weeks woche wochen semaine semaines"), (WEEK, 0)),
    **dict.fromkeys(word_set("month months monat monats monaten mois"), (MONTH, 0)),
    **dict.fromkeys(
        word_set("year years jahr jahre jahres jahren année annee années annees an ans"), (YEAR, 0)
    ),
    **dict.fromkeys(word_set("vorwoche"), (WEEK, -1)),
    **dict.fromkeys(word_set("vormonat vormonats"), (MONTH, -1)),
    **dict.fromkeys(word_set("vorjahr vorjahres"), (YEAR, -1)),
}
_COUNT_WORDS = _by_value(
    {
        1: "a an one ein einem einer un une",
        2: "two zwei deux",
        3: "three drei trois",
        4: "four vier quatre",
        5: "five fünf cinq",
        6: "six sechs",
        7: "seven sieben sept",
        8: "eight acht huit",
        9: "nine neun neuf",
        10: "ten zehn dix",
    }
)


# German "Morgen" after an article or adverb is the noun "morning", not "tomorrow".
_MORGEN_NOUN_BEFORE = re.compile(
    r"\b(?:am|den|der|des|dem|ein|einen|eines|einem|jeden|jedem|guten|heute|gestern|frühen"
    r"|späten|diesen|diesem|nächsten|folgenden|selben|gleichen)\s+\Z",
    re.IGNORECASE,
)
_SENTENCE_START_BEFORE = re.compile(r"(?:\A|[.!?:\"„“»]|\n)\s*\Z")


Reader = Callable[[re.Match[str], Scene, str], Reading | None]


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _normalize(word: str) -> str:
    return " ".join(word.casefold().replace("’", "'").split())


def modifier_offset(word: str) -> int | None:
    """Return how many periods a modifier moves ("last" → -1, "prochain" → 1, "this" → 0)."""
    last_word = _normalize(word).split()[-1]
    for stem, offset in _OFFSET_STEMS.items():
        if last_word.startswith(stem):
            return offset
    return None


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").casefold()]


# "since", "seit", "depuis" opening a date or just before it: it lies behind.
_SINCE = re.compile(r"(?i:\b(?:since|seit|depuis)\b)")
SINCE_REACH_CHARS = 12


def _direction(match: re.Match[str], scene: Scene, language: str) -> Direction:
    modifier = _group(match, "mod")
    offset = modifier_offset(modifier) if modifier else None
    if offset:
        return Direction.BEFORE if offset < 0 else Direction.AFTER
    since = scene.text[max(0, match.start() - SINCE_REACH_CHARS):match.start() + len("depuis")]
    if _SINCE.search(since):
        return Direction.RECENT  # "wird seit Mai belagert": a span that began, never ahead
    if scene.points_ahead(match.start(), match.end(), language):
        return Direction.AHEAD
    return Direction.RECENT


def read_numeric_date(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "2023-12-15", "15.12.2023" or "15/12/2023": a day, no anchor needed."""
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    if not is_valid_date(year, month, day):
        return None
    return Reading(date(year, month, day), DAY, False)


def read_year(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "in 2021", "Ende 2022", "début 2024": the year, whatever part of it is named."""
    return Reading(date(int(match.group("year")), 1, 1), YEAR, False)


def read_calendar_date(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "December 15, 2023", "15. Dezember", "1er janvier 2024": a day.

    Without a year the anchor supplies it: the most recent such date, or the coming one when the
    clause speaks of the future.
    """
    month = _month_number(match.group("month"))
    day = int(match.group("day"))
    year = _group(match, "year")
    if year is not None:
        if not is_valid_date(int(year), month, day):
            return None
        return Reading(date(int(year), month, day), DAY, False)
    if not is_valid_date(LEAP_YEAR, month, day):
        return None
    if scene.anchor is None:
        return UNRESOLVED
    direction = _direction(match, scene, language)
    value = resolve_day_month(scene.anchor, month, day, direction)
    return Reading(value, DAY, True) if value else None


def read_month_year(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "July 2023", "im Juli 2023", "fin juillet 2023": the month."""
    month = _month_number(match.group("month"))
    return Reading(date(int(match.group("year")), month, 1), MONTH, False)


def read_bare_month(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "In July", "im Juli", "juillet dernier", "in July last year": a month of some year."""
    if scene.anchor is None:
        return UNRESOLVED
    month = _month_number(match.group("month"))
    relative_year = _group(match, "rel_year")
    if relative_year:
        offset = modifier_offset(relative_year) or 0
        return Reading(date(scene.anchor.year + offset, month, 1), MONTH, True)
    direction = _direction(match, scene, language)
    return Reading(resolve_month(scene.anchor, month, direction), MONTH, True)


def read_weekday(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "on Friday", "am Mittwoch", "vendredi prochain": a day near the anchor."""
    if scene.anchor is None:
        return UNRESOLVED
    weekday = WEEKDAYS[match.group("weekday").casefold()]
    direction = _direction(match, scene, language)
    return Reading(resolve_weekday(scene.anchor, weekday, direction), DAY, True)


def read_day_word(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "yesterday", "heute", "hier lundi", "demain": a day counted from the anchor."""
    word = _normalize(match.group("word"))
    if word == "hier" and not scene.reads_as("fr"):
        return None
    if word == "morgen" and _is_morning_noun(match, scene.text):
        return None
    if scene.anchor is None:
        return UNRESOLVED
    return Reading(scene.anchor + timedelta(days=_DAY_WORD_OFFSETS[word]), DAY, True)


def _is_morning_noun(match: re.Match[str], text: str) -> bool:
    start = match.start("word")
    window = max(0, start - 20)
    if _MORGEN_NOUN_BEFORE.search(text, window, start):
        return True
    capitalized = match.group("word")[0] == "M"
    return capitalized and not _SENTENCE_START_BEFORE.search(text, window, start)


def read_period(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "last week", "early next week", "im vergangenen Jahr", "l'an dernier", "Vorjahr"."""
    if scene.anchor is None:
        return UNRESOLVED
    unit, offset = _UNIT_WORDS[_normalize(match.group("unit"))]
    modifier = _group(match, "mod")
    if modifier:
        offset += modifier_offset(modifier) or 0
    return Reading(shift_period(scene.anchor, unit, offset), unit, True)


def read_ago(match: re.Match[str], scene: Scene, language: str) -> Reading | None:
    """Read "two weeks ago", "vor drei Tagen", "il y a un an": a period counted back."""
    if scene.anchor is None:
        return UNRESOLVED
    unit, _ = _UNIT_WORDS[_normalize(match.group("unit"))]
    count_text = match.group("count").casefold()
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS[count_text]
    anchor = scene.anchor
    if unit == DAY:
        return Reading(anchor - timedelta(days=count), DAY, True)
    if unit == WEEK:
        return Reading(week_start(anchor - timedelta(weeks=count)), WEEK, True)
    if unit == MONTH:
        return Reading(month_start(anchor.year, anchor.month, -count), MONTH, True)
    return Reading(date(anchor.year - count, 1, 1), YEAR, True)
