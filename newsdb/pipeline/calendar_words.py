"""Month and weekday names in the languages the pipeline reads (EN, DE, FR).

Keys are lower-case and accent-folded forms as well as the accented spellings, so that callers can
look up a token as it was written or after folding.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {}
_MONTH_NAMES = {
    "en": [
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ],
    "de": [
        ("januar", "jänner", "jaenner", "jan"), ("februar", "feb"),
        ("märz", "maerz", "marz", "mär"),
        ("april", "apr"), ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
        ("dezember", "dez"),
    ],
    "fr": [
        ("janvier", "janv"), ("février", "fevrier", "févr", "fevr"), ("mars",), ("avril", "avr"),
        ("mai",), ("juin",), ("juillet", "juil"), ("août", "aout"),
        ("septembre", "sept"), ("octobre", "oct"), ("novembre", "nov"),
        ("décembre", "decembre", "déc", "dec"),
    ],
}
MONTHS_BY_LANGUAGE: dict[str, dict[str, int]] = {}
for _language, _months in _MONTH_NAMES.items():
    _month_table: dict[str, int] = {}
    for _number, _names in enumerate(_months, start=1):
        for _name in _names:
            _month_table[_name] = _number
            MONTHS.setdefault(_name, _number)
    MONTHS_BY_LANGUAGE[_language] = _month_table

# Monday is 0, as in datetime.date.weekday().
_WEEKDAY_NAMES: dict[str, list[tuple[str, ...]]] = {
    "en": [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
           ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"),
           ("sunday", "sun")],
    "de": [("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",),
           ("samstag", "sonnabend"), ("sonntag",)],
    "fr": [("lundi",), ("mardi",), ("mercredi",), ("jeudi",), ("vendredi",), ("samedi",),
           ("dimanche",)],
}
WEEKDAYS_BY_LANGUAGE: dict[str, dict[str, int]] = {}
WEEKDAYS: dict[str, int] = {}
for _language, _days in _WEEKDAY_NAMES.items():
    _day_table: dict[str, int] = {}
    for _number, _names in enumerate(_days):
        for _name in _names:
            _day_table[_name] = _number
            WEEKDAYS.setdefault(_name, _number)
    WEEKDAYS_BY_LANGUAGE[_language] = _day_table
