"""The date grammar: the rules (a pattern of dates_patterns bound to a reader) and their heads.

Every rule is keyed by the kind of *head* word it contains: a month or weekday name, a four-digit
number, a "yesterday"-like word, a period word ("week", "Jahr", "semaine") or an "ago" word. The
scanner in :mod:`newsdb.pipeline.dates` runs a rule only around heads of its kind, which keeps a
whole body cheap to scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdb.pipeline import dates_patterns as p
from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS_BY_LANGUAGE
from newsdb.pipeline.dates_readers import (
    Reader,
    read_ago,
    read_bare_month,
    read_calendar_date,
    read_day_word,
    read_month_year,
    read_numeric_date,
    read_period,
    read_weekday,
    read_year,
)

MONTH_HEAD = "month"
WEEKDAY_HEAD = "weekday"
NUMERIC_DATE_HEAD = "numeric_date"  # a four-digit year inside "2023-12-15" or "15.12.2023"
YEAR_HEAD = "year"  # any other four-digit number
DAY_WORD_HEAD = "day_word"
UNIT_HEAD = "unit"
AGO_HEAD = "ago"

# How far before its head word a phrase may start, by head kind: the longest cues in front
# ("on Friday, the 15th of December", "à partir du mercredi 15 décembre", "depuis le début de
# cette semaine", "in the second half of 2024") fit; a shorter look-back means fewer match tries.
LOOKBEHIND_CHARS = {
    MONTH_HEAD: 32,
    NUMERIC_DATE_HEAD: 10,
    YEAR_HEAD: 28,
    WEEKDAY_HEAD: 20,
    DAY_WORD_HEAD: 16,
    UNIT_HEAD: 28,
    AGO_HEAD: 16,
}
# Groups that make a phrase a date when its core alone is not one ("since 2013", "in May").
CUE_GROUPS = ("cue", "part", "mod", "rel_year")


@dataclass(frozen=True)
class Rule:
    """One phrase shape in one language: its regex, the head it contains, how to read it."""

    name: str
    language: str | None  # None: the same in every language (ISO and numeric dates)
    head: str
    pattern: re.Pattern[str]
    read: Reader
    needs_cue: bool = False  # the core alone is no date ("Freitag" is also a surname)
    absolute: bool = False  # may be a whole dateline (parse_absolute_date)
    needs_digit: bool = False  # has a day or a year number: no match where no digit is near


def _rule(
    name: str,
    language: str | None,
    head: str,
    source: str,
    read: Reader,
    *,
    needs_cue: bool = False,
) -> Rule:
    absolute = read in (read_numeric_date, read_calendar_date, read_month_year)
    needs_digit = absolute or read is read_year
    pattern = re.compile(source, re.VERBOSE)
    return Rule(
        name,
        language,
        head,
        pattern,
        read,
        needs_cue=needs_cue,
        absolute=absolute,
        needs_digit=needs_digit,
    )


RULES: tuple[Rule, ...] = (
    _rule("iso", None, NUMERIC_DATE_HEAD, p.ISO_DATE, read_numeric_date),
    _rule("dotted", None, NUMERIC_DATE_HEAD, p.DOTTED_DATE, read_numeric_date),
    _rule("slashed_de", "de", NUMERIC_DATE_HEAD, p.SLASHED_DATE, read_numeric_date),
    _rule("slashed_fr", "fr", NUMERIC_DATE_HEAD, p.SLASHED_DATE, read_numeric_date),
    _rule("en_month_day", "en", MONTH_HEAD, p.EN_MONTH_DAY, read_calendar_date),
    _rule("en_day_month", "en", MONTH_HEAD, p.EN_DAY_MONTH, read_calendar_date),
    _rule("en_month_year", "en", MONTH_HEAD, p.EN_MONTH_YEAR, read_month_year),
    _rule("en_month", "en", MONTH_HEAD, p.EN_MONTH, read_bare_month, needs_cue=True),
    _rule("en_weekday", "en", WEEKDAY_HEAD, p.EN_WEEKDAY, read_weekday),
    _rule("en_year", "en", YEAR_HEAD, p.EN_YEAR, read_year, needs_cue=True),
    _rule("en_day_word", "en", DAY_WORD_HEAD, p.EN_DAY_WORD, read_day_word),
    _rule("en_period", "en", UNIT_HEAD, p.EN_PERIOD, read_period),
    _rule("en_period_of_the", "en", UNIT_HEAD, p.EN_PERIOD_OF_THE, read_period),
    _rule("en_ago", "en", AGO_HEAD, p.EN_AGO, read_ago),
    _rule("de_day_month", "de", MONTH_HEAD, p.DE_DAY_MONTH, read_calendar_date),
    _rule("de_month_year", "de", MONTH_HEAD, p.DE_MONTH_YEAR, read_month_year),
    _rule("de_month", "de", MONTH_HEAD, p.DE_MONTH, read_bare_month, needs_cue=True),
    _rule("de_weekday", "de", WEEKDAY_HEAD, p.DE_WEEKDAY, read_weekday, needs_cue=True),
    _rule("de_year", "de", YEAR_HEAD, p.DE_YEAR, read_year, needs_cue=True),
    _rule("de_day_word", "de", DAY_WORD_HEAD, p.DE_DAY_WORD, read_day_word),
    _rule("de_period", "de", UNIT_HEAD, p.DE_PERIOD, read_period),
    _rule("de_period_of_the", "de", UNIT_HEAD, p.DE_PERIOD_OF_THE, read_period),
    _rule("de_previous_period", "de", UNIT_HEAD, p.DE_PREVIOUS_PERIOD, read_period),
    _rule("de_ago", "de", AGO_HEAD, p.DE_AGO, read_ago),
    _rule("fr_day_month", "fr", MONTH_HEAD, p.FR_DAY_MONTH, read_calendar_date),
    _rule("fr_month_year", "fr", MONTH_HEAD, p.FR_MONTH_YEAR, read_month_year),
    _rule("fr_month", "fr", MONTH_HEAD, p.FR_MONTH, read_bare_month, needs_cue=True),
    _rule("fr_weekday", "fr", WEEKDAY_HEAD, p.FR_WEEKDAY, read_weekday),
    _rule("fr_year", "fr", YEAR_HEAD, p.FR_YEAR, read_year, needs_cue=True),
    _rule("fr_day_word", "fr", DAY_WORD_HEAD, p.FR_DAY_WORD, read_day_word),
    _rule("fr_period", "fr", UNIT_HEAD, p.FR_PERIOD, read_period),
    _rule("fr_this_period", "fr", UNIT_HEAD, p.FR_THIS_PERIOD, read_period),
    _rule("fr_ago", "fr", AGO_HEAD, p.FR_AGO, read_ago),
)


def _head_words() -> dict[str, str]:
    """Map every lower-case head word (or short phrase) to its head kind."""
    words = dict.fromkeys(MONTHS, MONTH_HEAD)
    for language, table in WEEKDAYS_BY_LANGUAGE.items():
        for name in table:
            if p.is_abbreviation(name, table):
                continue  # "Fri", "Sat": only in front of a date, which a month head finds
            words[name] = WEEKDAY_HEAD
            if language == "de":
                compounds = (name + part for part in p.GERMAN_DAY_PARTS)
                words.update(dict.fromkeys(compounds, WEEKDAY_HEAD))
    day_words = """yesterday today tomorrow vorgestern gestern heute morgen übermorgen hier
        aujourd demain"""
    words.update(dict.fromkeys(day_words.split(), DAY_WORD_HEAD))
    units = """week month year woche monat monats jahr jahres vorwoche vormonat vormonats vorjahr
        vorjahres semaine mois année annee"""
    words.update(dict.fromkeys(units.split(), UNIT_HEAD))
    # French "an" is too frequent inside words to be a head on its own.
    words.update(dict.fromkeys(("an dernier", "an passé", "an passe", "an prochain"), UNIT_HEAD))
    words.update(dict.fromkeys(("ago", "vor", "il y a"), AGO_HEAD))
    return words


HEAD_WORDS: dict[str, str] = _head_words()
