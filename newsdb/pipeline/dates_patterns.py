"""Regex sources of the date grammar (verbose mode), one per phrase shape and language.

Patterns are case-sensitive where case carries meaning — English and German month and weekday
names are capitalized, so "they may", "they march" or "sat down" never match — and use ``(?i:…)``
elsewhere. A cue ("on", "am", "le", "in", "since") or modifier ("last", "Ende", "début") in front
of the core is part of the match, and so of the expression's text. Named groups are what the
readers in :mod:`newsdb.pipeline.dates_readers` look at: ``day``, ``month``, ``year``,
``weekday``, ``word``, ``unit``, ``count``, and the cue groups ``cue``, ``part``, ``mod``,
``rel_year``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdb.pipeline.calendar_words import MONTHS_BY_LANGUAGE, WEEKDAYS_BY_LANGUAGE

# German weekdays run together with the part of the day: "am Freitagabend".
GERMAN_DAY_PARTS = ("abend", "morgen", "nachmittag", "vormittag", "mittag", "nacht")


def is_abbreviation(name: str, table: dict[str, int]) -> bool:
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

    full = alternation(name for name in table if not is_abbreviation(name, table))
    short = alternation(name for name in table if is_abbreviation(name, table))
    names = rf"{full}|(?:{short})\.?" if abbreviations and short else full
    return f"(?:{names})" if capitalized else f"(?i:{names})"


def _months(language: str, *, abbreviations: bool = True) -> str:
    return _names(MONTHS_BY_LANGUAGE[language], language, abbreviations=abbreviations)


def _weekdays(language: str, *, abbreviations: bool = False) -> str:
    return _names(WEEKDAYS_BY_LANGUAGE[language], language, abbreviations=abbreviations)


# Years a bare number may be: wide enough for history ("in 1884"), narrow enough that counts such
# as "1300 containers" or "in 183" are no years.
YEAR = r"(?P<year>1[89][0-9]{2}|20[0-9]{2})(?![0-9]|[.,][0-9])"
# A "year" followed by what it counts is a quantity: "by 2000 troops", "ab 2000 Euro", "pour 2000
# euros". English writes such counts with a comma ("2,000"), German and French often do not.
_COUNTED = r"""(?!\s+(?i:troops|soldiers|people|civilians|containers|cases|dollars|euros?|metres
    |meters|kilomet(?:re|er)s|tonnes|tons|Soldaten|Soldatinnen|Menschen|Personen|Einwohner
    |Kämpfer|Mann|Dollar|Franken|Metern?|Kilometern?|Tonnen|Prozent|soldats|personnes|habitants
    |hommes|morts|militaires|dollars|francs|mètres|kilomètres)\b)"""
DAY = r"(?<![0-9][.,:/])(?P<day>3[01]|[12][0-9]|0?[1-9])"
_A = "['’]"  # French elision, typed or typographic: "l'an", "aujourd’hui"

# --- numeric, the same in every language --------------------------------------------------------

ISO_DATE = r"""
    (?<![0-9-])(?P<year>[0-9]{4})-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])(?![0-9])"""
DOTTED_DATE = r"""
    (?<![0-9.,])(?P<day>[0-3]?[0-9])\.\s?(?P<month>[01]?[0-9])\.\s?(?P<year>[0-9]{4})
    (?![0-9]|[.,][0-9])"""
# Day first, as German and French write it; English "12/15/2023" is ambiguous and left alone.
SLASHED_DATE = r"""
    (?<![0-9/])(?P<day>[0-3]?[0-9])/(?P<month>[01]?[0-9])/(?P<year>[0-9]{4})(?![0-9/])"""

# --- English -------------------------------------------------------------------------------------

_EN_CUE = r"(?i:on|by|until|till|since|from|before|after|through|as\s+of)"
_EN_SPAN_CUE = r"(?i:in|by|until|till|since|from|before|after|during|through|throughout)"
_EN_PART = r"(?i:early|late|mid-?|(?:at\s+)?(?:the\s+)?(?:end|start|beginning|middle)\s+of)"
_EN_YEAR_PART = r"""(?i:early|late|mid-|(?:at\s+)?(?:the\s+)?(?:end|start|beginning|middle|turn
    |close|first\s+half|second\s+half)\s+of|(?:the\s+)?(?:spring|summer|autumn|fall|winter)
    (?:\s+of)?|the\s+year)"""
_EN_PERIOD_PART = r"""(?i:earlier|later|early|late|mid-?
    |(?:at\s+)?the\s+(?:end|start|beginning|middle|turn)\s+of)"""
_EN_RELATIVE = r"(?i:this|last|next|the\s+previous|the\s+coming|the\s+current)"
_EN_COUNT = r"(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,2})"

EN_MONTH_DAY = rf"""
    \b(?:(?P<cue>{_EN_CUE})\s+)?(?:(?P<weekday>{_weekdays("en", abbreviations=True)}),?\s+)?
    (?P<month>{_months("en")})\s+{DAY}(?:st|nd|rd|th)?(?!\w)(?:,?\s+{YEAR})?"""
EN_DAY_MONTH = rf"""
    \b(?:(?P<cue>{_EN_CUE})\s+)?(?:(?P<weekday>{_weekdays("en", abbreviations=True)}),?\s+)?
    (?:(?i:the)\s+)?{DAY}(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?
    (?P<month>{_months("en")})(?!\w)(?:,?\s+{YEAR})?"""
EN_MONTH_YEAR = rf"""
    \b(?:(?P<cue>{_EN_SPAN_CUE})\s+)?(?:(?P<part>{_EN_PART})\s*)?
    (?P<month>{_months("en")}),?\s+{YEAR}"""
EN_MONTH = rf"""
    \b(?:(?P<cue>{_EN_SPAN_CUE})\s+)?(?:(?P<part>{_EN_PART})\s*)?
    (?:(?P<mod>(?i:last|next|this))\s+)?(?P<month>{_months("en", abbreviations=False)})(?!\w)
    (?:\s+(?:(?i:of)\s+)?(?P<rel_year>(?i:last|this|next))\s+(?i:year)(?!\w))?"""
EN_WEEKDAY = rf"""
    \b(?:(?P<cue>{_EN_CUE})\s+)?(?:(?P<mod>(?i:last|next|this|coming))\s+)?
    (?:(?i:early|late)\s+)?(?P<weekday>{_weekdays("en")})(?!\w)"""
EN_YEAR = rf"""
    \b(?:(?P<cue>{_EN_SPAN_CUE}|(?i:as\s+of))\s+)?(?:(?P<part>{_EN_YEAR_PART})\s*)?
    {YEAR}{_COUNTED}"""
EN_DAY_WORD = r"""
    \b(?P<word>(?i:(?:the\s+day\s+before\s+)?yesterday|today
    |(?:the\s+day\s+after\s+)?tomorrow))(?!\w)"""
EN_PERIOD = rf"""
    \b(?:(?P<cue>{_EN_SPAN_CUE}|(?i:over))\s+)?(?:(?P<part>{_EN_PERIOD_PART})\s*)?
    (?<!\b[Tt]he\s)(?P<mod>{_EN_RELATIVE})\s+(?P<unit>(?i:week|month|year))(?!\w)"""
EN_PERIOD_OF_THE = r"""
    \b(?:(?i:at|by|until|till|since|before|after|from|in|towards?)\s+)?
    (?P<part>(?i:the\s+(?:end|start|beginning|middle|turn)\s+of))\s+
    (?i:the)\s+(?P<unit>(?i:week|month|year))(?!\w)"""
EN_AGO = rf"""
    \b(?P<count>{_EN_COUNT})\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago)(?!\w)"""

# --- German --------------------------------------------------------------------------------------

_DE_CUE = r"(?i:am|vom|bis|bis\s+zum|seit|seit\s+dem|ab|ab\s+dem|zum|den|dem)"
_DE_SPAN_CUE = r"(?i:im|seit|bis|ab|von|vom|bis\s+zum|seit\s+dem)"
_DE_PART = r"(?i:Anfang|Mitte|Ende)"
_DE_RELATIVE = r"""(?i:letzte[nrs]?|vergangene[nrs]?|vorige[nrs]?|nächste[nrs]?|naechste[nrs]?
    |kommende[nrs]?|diese[nrsm]?|laufende[nrsm]?)"""
_DE_YEAR_PART = r"""(?i:(?:Anfang|Mitte|Ende)\s+des\s+Jahres|Anfang|Mitte|Ende|des\s+Jahres
    |(?:im|das|dem)\s+Jahre?|(?:im\s+)?(?:Frühjahr|Frühling|Sommer|Herbst|Winter))"""
_DE_COUNT = r"(?i:einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|[0-9]{1,2})"
_DE_MOD = r"(?i:vergangenen|letzten|vorigen|kommenden|nächsten|naechsten|diesen)"

DE_DAY_MONTH = rf"""
    \b(?:(?P<cue>{_DE_CUE})\s+)?(?:(?P<weekday>{_weekdays("de")}),?\s+(?:(?i:den|dem)\s+)?)?
    {DAY}(?:\.\s*|\s+)(?P<month>{_months("de")})(?!\w)(?:\s+{YEAR})?"""
DE_MONTH_YEAR = rf"""
    \b(?:(?P<cue>{_DE_SPAN_CUE})\s+)?(?:(?P<part>{_DE_PART})\s+)?
    (?P<month>{_months("de")})\s+{YEAR}"""
DE_MONTH = rf"""
    \b(?:(?P<cue>{_DE_SPAN_CUE})\s+)?(?:(?P<part>{_DE_PART})\s+)?(?:(?P<mod>{_DE_MOD})\s+)?
    (?P<month>{_months("de", abbreviations=False)})(?!\w)
    (?:\s+(?:(?i:des)\s+)?(?P<rel_year>{_DE_MOD}|(?i:dieses))\s+Jahres(?!\w))?"""
DE_WEEKDAY = rf"""
    \b(?:(?P<cue>(?i:am|vom|seit|bis|ab|bis\s+zum|seit\s+dem|ab\s+dem|an\s+diesem))\s+)?
    (?:(?P<mod>{_DE_MOD}|(?i:heutigen))\s+)?
    (?P<weekday>{_weekdays("de")})(?:{"|".join(GERMAN_DAY_PARTS)})?(?!\w)"""
DE_YEAR = rf"""
    \b(?:(?P<cue>(?i:seit|bis|ab|vor|nach|bis\s+zum|seit\s+dem))\s+)?
    (?:(?P<part>{_DE_YEAR_PART})\s+)?{YEAR}(?!\s+(?i:Jahren?)\b){_COUNTED}"""
DE_DAY_WORD = r"""
    \b(?P<word>(?i:vorgestern|gestern|heute|übermorgen)|[Mm]orgen)(?!\w)"""
DE_PERIOD = rf"""
    \b(?:(?i:seit|bis|ab)\s+)?(?:(?P<part>{_DE_PART})\s+)?(?:(?i:im|in\s+der|in|des|der|dem)\s+)?
    (?P<mod>{_DE_RELATIVE})\s+(?P<unit>Woche|Monats?|Jahr(?:es)?)(?!\w)"""
DE_PERIOD_OF_THE = rf"""
    \b(?:(?i:seit|bis|ab)\s+)?(?P<part>{_DE_PART})\s+(?i:des|der)\s+
    (?P<unit>Woche|Monats|Jahres)(?!\w)"""
DE_PREVIOUS_PERIOD = r"""
    \b(?:(?i:im|des|seit\s+dem)\s+)?(?P<unit>Vorwoche|Vormonats?|Vorjahr(?:es)?)(?!\w)"""
DE_AGO = rf"""
    \b(?i:vor)\s+(?P<count>{_DE_COUNT})\s+
    (?P<unit>Tagen|Tag|Wochen|Woche|Monaten|Monat|Jahren|Jahr)(?!\w)"""

# --- French --------------------------------------------------------------------------------------

_FR_CUE = rf"""(?i:le|du|au|depuis\s+le|jusqu{_A}au|dès\s+le|à\s+partir\s+du|avant\s+le
    |après\s+le|d{_A}ici\s+(?:au|le))"""
_FR_SPAN_CUE = rf"(?i:en|depuis|jusqu{_A}en|dès|d{_A}ici|avant|après|courant)"
_FR_PART = r"(?i:(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de|(?:au\s+)?mois\s+de|début|fin|mi-)"
_FR_LAST_OR_NEXT = r"""(?i:dernière|derniere|dernier|passée|passee|passé|passe|prochaine
    |prochain)"""
_FR_YEAR_CUE = rf"{_FR_SPAN_CUE}|(?i:jusqu{_A}à|d{_A}ici\s+à|à\s+partir\s+de|vers|pour)"
_FR_YEAR_PART = rf"""(?i:(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de|début|fin|mi-|l{_A}année
    |l{_A}an|(?:au\s+|en\s+|à\s+l{_A})?(?:printemps|été|automne|hiver)(?:\s+de)?)"""
_FR_COUNT = r"(?i:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|[0-9]{1,2})"
_FR_THIS_PART = r"""(?i:plus\s+tôt|plus\s+tard|(?:au\s+)?début\s+de|(?:à\s+la\s+)?fin\s+de
    |depuis\s+le\s+début\s+de)"""

FR_DAY_MONTH = rf"""
    \b(?:(?P<cue>{_FR_CUE})\s+)?(?:(?P<weekday>{_weekdays("fr")})\s+)?
    {DAY}(?i:er)?\s+(?P<month>{_months("fr")})(?!\w)(?:\s+{YEAR})?"""
FR_MONTH_YEAR = rf"""
    \b(?:(?P<cue>{_FR_SPAN_CUE})\s+)?(?:(?P<part>{_FR_PART})\s*)?
    (?P<month>{_months("fr", abbreviations=False)})\s+{YEAR}"""
FR_MONTH = rf"""
    \b(?:(?P<cue>{_FR_SPAN_CUE})\s+)?(?:(?P<part>{_FR_PART})\s*)?
    (?P<month>{_months("fr", abbreviations=False)})(?!\w)
    (?:\s+(?P<mod>(?i:dernier|prochain|passé))(?!\w))?
    (?:\s+(?:(?i:de)\s+)?(?i:l{_A}(?:année|an))\s+(?P<rel_year>{_FR_LAST_OR_NEXT})(?!\w))?"""
FR_WEEKDAY = rf"""
    \b(?:(?P<cue>(?i:ce|dès|depuis|jusqu{_A}à|d{_A}ici|avant|après))\s+)?
    (?P<weekday>{_weekdays("fr")})(?!\w)(?:\s+(?P<mod>(?i:dernier|prochain|passé))(?!\w))?"""
FR_YEAR = rf"""
    \b(?:(?P<cue>{_FR_YEAR_CUE})\s+)?(?:(?P<part>{_FR_YEAR_PART})\s*)?
    {YEAR}{_COUNTED}"""
FR_DAY_WORD = rf"""
    \b(?P<word>(?i:avant-hier|hier|aujourd{_A}hui|après-demain|demain))(?!\w)
    (?:\s+(?P<weekday>{_weekdays("fr")})(?!\w))?"""
FR_PERIOD = rf"""
    \b(?:(?i:depuis|jusqu{_A}à|dès|avant|après|en|au|à)\s+)?
    (?:(?i:la\s+)?(?P<part>(?i:début|fin|milieu))\s+(?i:de\s+la|de\s+l{_A}|du|de|d{_A})\s*)?
    (?:(?i:la|le|l{_A})\s*)?
    (?P<unit>(?i:semaine|mois|année|annee|an))\s+(?P<mod>{_FR_LAST_OR_NEXT})(?!\w)"""
FR_THIS_PERIOD = rf"""
    \b(?:(?P<part>{_FR_THIS_PART})\s+)?
    (?P<mod>(?i:cette|ce))\s+(?P<unit>(?i:semaine|mois|année|annee))(?:-ci)?(?![\w-])"""
FR_AGO = rf"""
    \b(?i:il\s+y\s+a)\s+(?P<count>{_FR_COUNT})\s+
    (?P<unit>(?i:jours?|semaines?|mois|ans|années?))(?!\w)"""
