"""The date grammar: one regex per phrase shape and language, each bound to a reader.

Every rule is keyed by the kind of *head* word it contains (a month or weekday name, a four-digit
number, "yesterday"-like words, period words such as "week" or "Jahr"); the scanner in
:mod:`newsdb.pipeline.dates` runs a rule only around heads of its kind, which keeps a whole body
cheap to scan. Patterns are case-sensitive where case carries meaning — English and German month
and weekday names are capitalized, so "they may", "they march" or "sat down" never match — and
``(?i:…)`` elsewhere. A cue ("on", "am", "le", "in", "since") or a modifier ("last", "Ende",
"début") in front of the core is part of the match and so of the expression's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsdb.pipeline.calendar_words import MONTHS, MONTHS_BY_LANGUAGE, WEEKDAYS_BY_LANGUAGE
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

LANGUAGES = ("en", "de", "fr")

# Head kinds: the word a rule is anchored on.
MONTH_HEAD = "month"
WEEKDAY_HEAD = "weekday"
NUMBER_HEAD = "number"
DAY_WORD_HEAD = "day_word"
UNIT_HEAD = "unit"
AGO_HEAD = "ago"

# German weekdays run together with the part of the day: "am Freitagabend".
GERMAN_DAY_PARTS = ("abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht")

# Years a bare number may be: wide enough for history ("in 1884"), narrow enough that counts such
# as "1300 containers" or "in 183" are no years.
_YEAR = r"(?P<year>1[89][0-9]{2}|20[0-9]{2})(?![0-9]|[.,][0-9])"
_DAY = r"(?<![0-9][.,:/])(?P<day>3[01]|[12][0-9]|0?[1-9])"
_APOSTROPHE = "['’]"


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


def _is_abbreviation(name: str, table: dict[str, int]) -> bool:
    """Tell whether ``name`` shortens another name of the same month or day ("Dec", "mär")."""
    return any(
        other != name and other.startswith(name) and number == table[name]
        for other, number in table.items()
    )


def _names(table: dict[str, int], language: str, *, abbreviations: bool) -> str:
    """Build the alternation of a language's names, longest first; abbreviations take a dot."""
    capitalized = language != "fr"  # French writes months and weekdays in lower case

    def alternation(names: Iterable[str]) -> str:
        forms = {name.capitalize() if capitalized else name for name in names}
        return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))

    full = alternation(name for name in table if not _is_abbreviation(name, table))
    short = alternation(name for name in table if _is_abbreviation(name, table))
    names = rf"{full}|(?:{short})\.?" if abbreviations and short else full
    return names if capitalized else f"(?i:{names})"


def _month_names(language: str, *, abbreviations: bool = True) -> str:
    return _names(MONTHS_BY_LANGUAGE[language], language, abbreviations=abbreviations)


def _weekday_names(language: str, *, abbreviations: bool = False) -> str:
    return _names(WEEKDAYS_BY_LANGUAGE[language], language, abbreviations=abbreviations)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.VERBOSE)


def _numeric_rules() -> list[Rule]:
    iso = _compile(r"""
        (?<![0-9-])(?P<year>[0-9]{4})-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])(?![0-9])
    """)
    dotted = _compile(r"""
        (?<![0-9.,])(?P<day>[0-3]?[0-9])\.\s?(?P<month>[01]?[0-9])\.\s?(?P<year>[0-9]{4})
        (?![0-9]|[.,][0-9])
    """)
    # Day first, as German and French write it; English "12/15/2023" is left alone, see §dates.
    slashed = _compile(r"""
        (?<![0-9/])(?P<day>[0-3]?[0-9])/(?P<month>[01]?[0-9])/(?P<year>[0-9]{4})(?![0-9/])
    """)
    return [
        Rule("iso", None, NUMBER_HEAD, iso, read_numeric_date, absolute=True),
        Rule("dotted", None, NUMBER_HEAD, dotted, read_numeric_date, absolute=True),
        Rule("slashed_de", "de", NUMBER_HEAD, slashed, read_numeric_date, absolute=True),
        Rule("slashed_fr", "fr", NUMBER_HEAD, slashed, read_numeric_date, absolute=True),
    ]


def _english_rules() -> list[Rule]:
    month, full_month = _month_names("en"), _month_names("en", abbreviations=False)
    weekday, any_weekday = _weekday_names("en"), _weekday_names("en", abbreviations=True)
    cue = r"(?i:on|by|until|till|since|from|before|after|through|as\s+of)"
    span_cue = r"(?i:in|by|until|till|since|from|before|after|during|through|throughout)"
    part = r"(?i:early|late|mid-?|(?:at\s+)?(?:the\s+)?(?:end|start|beginning|middle)\s+of)"
    year_part = rf"""(?i:early|late|mid-|(?:at\s+)?(?:the\s+)?(?:end|start|beginning|middle
        |turn|close|first\s+half|second\s+half)\s+of|(?:the\s+)?(?:spring|summer|autumn|fall
        |winter)(?:\s+of)?|the\s+year)"""
    relative = r"(?i:this|last|next|the\s+previous|the\s+coming|the\s+current)"
    count = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,2})"
    rules = {
        "en_month_day": (MONTH_HEAD, read_calendar_date, rf"""
            \b(?:(?P<cue>{cue})\s+)?(?:(?P<weekday>{any_weekday}),?\s+)?
            (?P<month>{month})\s+{_DAY}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{_YEAR})?"""),
        "en_day_month": (MONTH_HEAD, read_calendar_date, rf"""
            \b(?:(?P<cue>{cue})\s+)?(?:(?P<weekday>{any_weekday}),?\s+)?(?:(?i:the)\s+)?
            {_DAY}(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?(?P<month>{month})(?!\w)(?:,?\s+{_YEAR})?"""),
        "en_month_year": (MONTH_HEAD, read_month_year, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s*)?(?P<month>{month}),?\s+{_YEAR}"""),
        "en_month": (MONTH_HEAD, read_bare_month, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s*)?(?:(?P<mod>(?i:last|next|this))\s+)?
            (?P<month>{full_month})(?!\w)
            (?:\s+(?:(?i:of)\s+)?(?P<rel_year>(?i:last|this|next))\s+(?i:year)(?!\w))?"""),
        "en_weekday": (WEEKDAY_HEAD, read_weekday, rf"""
            \b(?:(?P<cue>{cue})\s+)?(?:(?P<mod>(?i:last|next|this|coming))\s+)?
            (?:(?i:early|late)\s+)?(?P<weekday>{weekday})(?!\w)"""),
        "en_year": (NUMBER_HEAD, read_year, rf"""
            \b(?:(?P<cue>{span_cue}|(?i:as\s+of))\s+)?(?:(?P<part>{year_part})\s*)?{_YEAR}"""),
        "en_day_word": (DAY_WORD_HEAD, read_day_word, r"""
            \b(?P<word>(?i:(?:the\s+day\s+before\s+)?yesterday|today
            |(?:the\s+day\s+after\s+)?tomorrow))(?!\w)"""),
        "en_period": (UNIT_HEAD, read_period, rf"""
            \b(?:(?P<cue>{span_cue}|(?i:over))\s+)?
            (?:(?P<part>(?i:earlier|later|early|late|mid-?|(?:at\s+)?the\s+(?:end|start|beginning
            |middle|turn)\s+of))\s*)?
            (?P<mod>{relative})\s+(?P<unit>(?i:week|month|year))(?!\w)"""),
        "en_period_of_the": (UNIT_HEAD, read_period, r"""
            \b(?:(?i:at|by|until|till|since|before|after|from|in|towards?)\s+)?
            (?P<part>(?i:the\s+(?:end|start|beginning|middle|turn)\s+of))\s+
            (?i:the)\s+(?P<unit>(?i:week|month|year))(?!\w)"""),
        "en_ago": (AGO_HEAD, read_ago, rf"""
            \b(?P<count>{count})\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)(?!\w)"""),
    }
    cued = {"en_month", "en_year"}
    return _rules("en", rules, cued)


def _german_rules() -> list[Rule]:
    month, full_month = _month_names("de"), _month_names("de", abbreviations=False)
    weekday = _weekday_names("de")
    cue = r"(?i:am|vom|bis|bis\s+zum|seit|seit\s+dem|ab|ab\s+dem|zum|den|dem)"
    span_cue = r"(?i:im|seit|bis|ab|von|vom|bis\s+zum|seit\s+dem)"
    part = r"(?i:Anfang|Mitte|Ende)"
    relative = r"""(?i:letzte[nrs]?|vergangene[nrs]?|vorige[nrs]?|nächste[nrs]?|naechste[nrs]?
        |kommende[nrs]?|diese[nrsm]?|laufende[nrsm]?)"""
    year_part = r"""(?i:(?:Anfang|Mitte|Ende)\s+des\s+Jahres|Anfang|Mitte|Ende|des\s+Jahres
        |(?:im|das|dem)\s+Jahre?|(?:im\s+)?(?:Frühjahr|Frühling|Sommer|Herbst|Winter))"""
    count = r"(?i:einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|[0-9]{1,2})"
    rules = {
        "de_day_month": (MONTH_HEAD, read_calendar_date, rf"""
            \b(?:(?P<cue>{cue})\s+)?(?:(?P<weekday>{weekday}),?\s+(?:(?i:den|dem)\s+)?)?
            {_DAY}(?:\.\s*|\s+)(?P<month>{month})(?!\w)(?:\s+{_YEAR})?"""),
        "de_month_year": (MONTH_HEAD, read_month_year, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s+)?(?P<month>{month})\s+{_YEAR}"""),
        "de_month": (MONTH_HEAD, read_bare_month, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s+)?
            (?:(?P<mod>(?i:vergangenen|letzten|vorigen|kommenden|nächsten|naechsten|diesen))\s+)?
            (?P<month>{full_month})(?!\w)
            (?:\s+(?:(?i:des)\s+)?(?P<rel_year>(?i:vergangenen|letzten|vorigen|dieses|kommenden
            |nächsten|naechsten))\s+Jahres(?!\w))?"""),
        "de_weekday": (WEEKDAY_HEAD, read_weekday, rf"""
            \b(?:(?P<cue>(?i:am|vom|seit|bis|ab|bis\s+zum|seit\s+dem|ab\s+dem|an\s+diesem))\s+)?
            (?:(?P<mod>(?i:vergangenen|letzten|vorigen|nächsten|naechsten|kommenden|heutigen
            |diesen))\s+)?
            (?P<weekday>{weekday})(?:{"|".join(GERMAN_DAY_PARTS)})?(?!\w)"""),
        "de_year": (NUMBER_HEAD, read_year, rf"""
            \b(?:(?P<cue>(?i:seit|bis|ab|vor|nach|in|von|bis\s+zum|seit\s+dem))\s+)?
            (?:(?P<part>{year_part})\s+)?{_YEAR}(?!\s+(?i:Jahren?)\b)"""),
        "de_day_word": (DAY_WORD_HEAD, read_day_word, r"""
            \b(?P<word>(?i:vorgestern|gestern|heute|übermorgen)|[Mm]orgen)(?!\w)"""),
        "de_period": (UNIT_HEAD, read_period, rf"""
            \b(?:(?i:seit|bis|ab)\s+)?(?:(?P<part>{part})\s+)?
            (?:(?i:im|in\s+der|in|des|der|dem)\s+)?
            (?P<mod>{relative})\s+(?P<unit>Woche|Monats?|Jahr(?:es)?)(?!\w)"""),
        "de_period_of_the": (UNIT_HEAD, read_period, rf"""
            \b(?:(?i:seit|bis|ab)\s+)?(?P<part>{part})\s+(?i:des|der)\s+
            (?P<unit>Woche|Monats|Jahres)(?!\w)"""),
        "de_previous_period": (UNIT_HEAD, read_period, r"""
            \b(?:(?i:im|des|seit\s+dem)\s+)?(?P<unit>Vorwoche|Vormonats?|Vorjahr(?:es)?)(?!\w)"""),
        "de_ago": (AGO_HEAD, read_ago, rf"""
            \b(?i:vor)\s+(?P<count>{count})\s+
            (?P<unit>Tagen|Tag|Wochen|Woche|Monaten|Monat|Jahren|Jahr)(?!\w)"""),
    }
    return _rules("de", rules, {"de_month", "de_weekday", "de_year"})


def _french_rules() -> list[Rule]:
    month, full_month = _month_names("fr"), _month_names("fr", abbreviations=False)
    weekday = _weekday_names("fr")
    a = _APOSTROPHE
    cue = rf"""(?i:le|du|au|depuis\s+le|jusqu{a}au|dès\s+le|à\s+partir\s+du|avant\s+le|après\s+le
        |d{a}ici\s+(?:au|le))"""
    span_cue = rf"(?i:en|depuis|jusqu{a}en|dès|d{a}ici|avant|après|courant)"
    part = r"(?i:(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de|(?:au\s+)?mois\s+de|début|fin|mi-)"
    last_or_next = r"(?i:dernière|derniere|dernier|passée|passee|passé|passe|prochaine|prochain)"
    year_part = rf"""(?i:(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de|début|fin|mi-|l{a}année
        |l{a}an|(?:au\s+|en\s+|à\s+l{a})?(?:printemps|été|automne|hiver)(?:\s+de)?)"""
    count = r"(?i:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|[0-9]{1,2})"
    rules = {
        "fr_day_month": (MONTH_HEAD, read_calendar_date, rf"""
            \b(?:(?P<cue>{cue})\s+)?(?:(?P<weekday>{weekday})\s+)?
            {_DAY}(?i:er)?\s+(?P<month>{month})(?!\w)(?:\s+{_YEAR})?"""),
        "fr_month_year": (MONTH_HEAD, read_month_year, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s*)?(?P<month>{full_month})\s+{_YEAR}"""),
        "fr_month": (MONTH_HEAD, read_bare_month, rf"""
            \b(?:(?P<cue>{span_cue})\s+)?(?:(?P<part>{part})\s*)?(?P<month>{full_month})(?!\w)
            (?:\s+(?P<mod>(?i:dernier|prochain|passé))(?!\w))?
            (?:\s+(?:(?i:de)\s+)?(?i:l{a}(?:année|an))\s+(?P<rel_year>{last_or_next})(?!\w))?"""),
        "fr_weekday": (WEEKDAY_HEAD, read_weekday, rf"""
            \b(?:(?P<cue>(?i:ce|dès|depuis|jusqu{a}à|d{a}ici|avant|après))\s+)?
            (?P<weekday>{weekday})(?!\w)(?:\s+(?P<mod>(?i:dernier|prochain|passé))(?!\w))?"""),
        "fr_year": (NUMBER_HEAD, read_year, rf"""
            \b(?:(?P<cue>{span_cue}|(?i:jusqu{a}à|d{a}ici\s+à|à\s+partir\s+de|vers|pour))\s+)?
            (?:(?P<part>{year_part})\s*)?{_YEAR}"""),
        "fr_day_word": (DAY_WORD_HEAD, read_day_word, rf"""
            \b(?P<word>(?i:avant-hier|hier|aujourd{a}hui|après-demain|demain))(?!\w)
            (?:\s+(?P<weekday>{weekday})(?!\w))?"""),
        "fr_period": (UNIT_HEAD, read_period, rf"""
            \b(?:(?i:depuis|jusqu{a}à|dès|avant|après|en|au|à)\s+)?
            (?:(?i:la\s+)?(?P<part>(?i:début|fin|milieu))\s+(?i:de\s+la|de\s+l{a}|du|de|d{a})\s*)?
            (?:(?i:la|le|l{a})\s*)?
            (?P<unit>(?i:semaine|mois|année|annee|an))\s+(?P<mod>{last_or_next})(?!\w)"""),
        "fr_this_period": (UNIT_HEAD, read_period, rf"""
            \b(?:(?P<part>(?i:plus\s+tôt|plus\s+tard|(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de
            |depuis\s+le\s+début\s+de))\s+)?
            (?P<mod>(?i:cette|ce))\s+(?P<unit>(?i:semaine|mois|année|annee))(?:-ci)?(?![\w-])"""),
        "fr_ago": (AGO_HEAD, read_ago, rf"""
            \b(?i:il\s+y\s+a)\s+(?P<count>{count})\s+
            (?P<unit>(?i:jours?|semaines?|mois|ans|années?))(?!\w)"""),
    }
    return _rules("fr", rules, {"fr_month", "fr_year"})


def _rules(
    language: str, table: dict[str, tuple[str, Reader, str]], cued: set[str]
) -> list[Rule]:
    absolute = {read_calendar_date, read_month_year}
    return [
        Rule(
            name, language, head, _compile(pattern), reader,
            needs_cue=name in cued, absolute=reader in absolute,
        )
        for name, (head, reader, pattern) in table.items()
    ]


RULES: tuple[Rule, ...] = (
    *_numeric_rules(), *_english_rules(), *_german_rules(), *_french_rules(),
)
CUE_GROUPS = ("cue", "part", "mod", "rel_year")


def _head_words() -> dict[str, str]:
    """Map every lower-case head word (or short phrase) to its head kind."""
    words = dict.fromkeys(MONTHS, MONTH_HEAD)
    for language, table in WEEKDAYS_BY_LANGUAGE.items():
        for name in table:
            if _is_abbreviation(name, table):
                continue  # "Fri", "Sat": only in front of a date, which a month head finds
            words[name] = WEEKDAY_HEAD
            if language == "de":
                words.update(dict.fromkeys((name + part for part in GERMAN_DAY_PARTS), WEEKDAY_HEAD))
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
