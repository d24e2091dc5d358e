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


@dataclass(frozen=True)
class Reading:
    """What a phrase means: the first day of its period, the period's size, anchor-dependence."""

    value: date | None
    precision: str | None
    relative: bool


UNRESOLVED = Reading(None, None, True)

# How far around a phrase to look for the clause whose tense decides past or future; a news
# sentence rarely runs longer, and the bound keeps the look-up cheap on bodies without full stops.
MAX_CLAUSE_CHARS = 300
# A leap year, to tell whether a day and month without a year can exist at all (29 February).
LEAP_YEAR = 2000

# Word stems of modifiers ("last", "nächsten", "dernière") and how many periods they move.
_OFFSET_STEMS: tuple[tuple[str, int], ...] = (
    ("last", -1), ("previous", -1), ("past", -1), ("letzt", -1), ("vergangen", -1),
    ("vorig", -1), ("derni", -1), ("pass", -1),
    ("next", 1), ("coming", 1), ("nächst", 1), ("naechst", 1), ("kommend", 1), ("prochain", 1),
    ("this", 0), ("current", 0), ("dies", 0), ("laufend", 0), ("ce", 0),
)
_DAY_WORD_OFFSETS = {
    "the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1,
    "the day after tomorrow": 2,
    "vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2,
    "avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1, "après-demain": 2,
}
# Unit words and the offset they carry themselves ("Vorjahr" is the year before).
_UNIT_WORDS: dict[str, tuple[str, int]] = {
    **dict.fromkeys(("day", "days", "tag", "tage", "tagen", "jour", "jours"), (DAY, 0)),
    **dict.fromkeys(("week", "weeks", "woche", "wochen", "semaine", "semaines"), (WEEK, 0)),
    **dict.fromkeys(("month", "months", "monat", "monats", "monaten", "mois"), (MONTH, 0)),
    **dict.fromkeys(
        ("year", "years", "jahr", "jahre", "jahres", "jahren", "année", "annee", "années",
         "annees", "an", "ans"),
        (YEAR, 0),
    ),
    "vorwoche": (WEEK, -1), "vormonat": (MONTH, -1), "vormonats": (MONTH, -1),
    "vorjahr": (YEAR, -1), "vorjahres": (YEAR, -1),
}
_COUNT_WORDS = {
    **dict.fromkeys(("a", "an", "one", "ein", "einem", "einer", "un", "une"), 1),
    "two": 2, "zwei": 2, "deux": 2, "three": 3, "drei": 3, "trois": 3,
    "four": 4, "vier": 4, "quatre": 4, "five": 5, "fünf": 5, "cinq": 5,
    "six": 6, "sechs": 6, "seven": 7, "sieben": 7, "sept": 7, "eight": 8, "acht": 8, "huit": 8,
    "nine": 9, "neun": 9, "neuf": 9, "ten": 10, "zehn": 10, "dix": 10,
}

# Cues that a clause speaks of the future (DESIGN.md §5.7): a weekday or month then names the
# coming one. The French list adds the common future endings (-era, -eront, -dra: "se rendra").
_FUTURE_CUES = {
    "en": re.compile(
        r"\b(?:will|shall|won['’]t|going\s+to|plans?\s+to|planning\s+to|next|upcoming"
        r"|(?:is|are)\s+(?:to|due\s+to|expected\s+to|scheduled\s+to|set\s+to|slated\s+to))\b"
        r"|\w['’]ll\b",
        re.IGNORECASE,
    ),
    "de": re.compile(
        r"\b(?:wird|werden|werde|will|wollen|soll|sollen|plant|planen|kommenden?|nächsten?"
        r"|naechsten?|bevorstehenden?)\b",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"\b(?:va|vont|sera|seront|aura|auront|prochaine?s?|prévoit|prévoient)\b"
        r"|\b[a-zàâçéèêëîïôûù]{2,}(?:era|eront|iront|dra|dront)\b",
    ),
}
# What ends a clause for the tense check: sentence ends, quotes, and "that"/"dass"/"que", so that
# in "He said on Friday that he will travel" the "will" does not move Friday ahead.
_CLAUSE_BOUNDARY = re.compile(
    r"[.!?](?=\s|$)|\n|[;:\"“”„«»]|\b(?:that|dass|que)\b|\bqu['’]", re.IGNORECASE
)
# German "Morgen" after an article or adverb is the noun "morning", not "tomorrow".
_MORGEN_NOUN_BEFORE = re.compile(
    r"\b(?:am|den|der|des|dem|ein|einen|eines|einem|jeden|jedem|guten|heute|gestern|frühen"
    r"|späten|diesen|diesem|nächsten|folgenden|selben|gleichen)\s+\Z",
    re.IGNORECASE,
)
_SENTENCE_START_BEFORE = re.compile(r"(?:\A|[.!?:\"„“»]|\n)\s*\Z")
# Frequent function words, to tell French "hier" (yesterday) from German "hier" (here) when the
# caller does not know the language.
_STOPWORDS = {
    "en": frozenset("the and of to is was that with for on".split()),
    "de": frozenset("der die das und ist nicht mit ein eine den dem sich auf wurde".split()),
    "fr": frozenset("le la les et est des une un du pour dans qui il".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


class Scene:
    """The text a phrase was found in, with its anchor and language, and what they imply."""

    def __init__(self, text: str, language: str | None, anchor: date | None) -> None:
        self.text = text
        self.language = language
        self.anchor = anchor
        self._voted: str | None = None
        self._has_voted = False

    def reads_as(self, language: str) -> bool:
        """Tell whether the text is in ``language``: as given, or by a vote of function words."""
        if self.language is not None:
            return self.language == language
        if not self._has_voted:
            self._voted = _vote_language(self.text)
            self._has_voted = True
        return self._voted == language

    def points_ahead(self, start: int, end: int, language: str) -> bool:
        """Tell whether the clause around ``text[start:end]`` speaks of the future."""
        text = self.text
        low = max(0, start - MAX_CLAUSE_CHARS)
        high = min(len(text), end + MAX_CLAUSE_CHARS)
        left = low
        for boundary in _CLAUSE_BOUNDARY.finditer(text, low, start):
            left = boundary.end()
        after = _CLAUSE_BOUNDARY.search(text, end, high)
        right = after.start() if after else high
        return _FUTURE_CUES[language].search(text, left, right) is not None


Reader = Callable[[re.Match[str], Scene, str], Reading | None]


def _vote_language(text: str) -> str | None:
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in _WORD.findall(text.lower()):
        for language, words in _STOPWORDS.items():
            if word in words:
                counts[language] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    return best[0] if best[1] > runner_up[1] else None


def _group(match: re.Match[str], name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _normalize(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())


def modifier_offset(word: str) -> int | None:
    """Return how many periods a modifier moves ("last" → -1, "prochain" → 1, "this" → 0)."""
    last_word = _normalize(word).split()[-1]
    for stem, offset in _OFFSET_STEMS:
        if last_word.startswith(stem):
            return offset
    return None


def _month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _direction(match: re.Match[str], scene: Scene, language: str) -> Direction:
    modifier = _group(match, "mod")
    offset = modifier_offset(modifier) if modifier else None
    if offset:
        return Direction.BEFORE if offset < 0 else Direction.AFTER
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
    weekday = WEEKDAYS[match.group("weekday").lower()]
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
    count_text = match.group("count").lower()
    count = int(count_text) if count_text.isdigit() else _COUNT_WORDS[count_text]
    anchor = scene.anchor
    if unit == DAY:
        return Reading(anchor - timedelta(days=count), DAY, True)
    if unit == WEEK:
        return Reading(week_start(anchor - timedelta(weeks=count)), WEEK, True)
    if unit == MONTH:
        return Reading(month_start(anchor.year, anchor.month, -count), MONTH, True)
    return Reading(date(anchor.year - count, 1, 1), YEAR, True)
