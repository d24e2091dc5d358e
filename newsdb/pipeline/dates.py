"""Find dates in news text (EN, DE, FR) and resolve them against the publication date.

DESIGN.md §5.7. Absolute expressions ("December 15, 2023", "Am 11. November 2025", "1er janvier
2024", "2023-12-15", "in 2021", "Ende 2022") need no anchor; relative ones ("on Friday", "am
Mittwoch", "hier lundi", "In July", "earlier this year", "early next week") are resolved against
``anchor``, the publication date, and stay unresolved (``value`` None) without one: never guess.

Conventions callers rely on:

* ``value`` is the first day of the period and ``precision`` its size: "end of 2022" and "early
  2024" are years (2022-01-01, 2024-01-01), "early next week" is the Monday of next week, "the
  previous year" is the year before the anchor's.
* A weekday names the most recent such day, the publication day included, unless "next" or the
  tense of its clause points ahead: then the next such day after the anchor. A month without a
  year, or a day and month without one, likewise names the most recent one not after the anchor,
  or ahead the first one not before it (this month still counts).
* The expression's text includes the cue that makes it a date ("on Friday", "in 2021", "since
  2013", "at the end of 2022"), so ``text[char_start:char_end] == expression.text`` always holds.

Deliberately not dates: spans of time ("in the next 12 months", "over the last year", "in
recent years", "for seven years"), vague words ("recently", "soon"), English slash dates
("12/15/2023" is ambiguous), numbers with no date cue ("12,2013 troops", "1300 containers", "by
2000 troops", a German sentence opening on a bare "2021"), dates relative to the story rather
than to the publication ("the following day", "cette année-là"), and names that only look like
dates ("they may", "they march", "General Mirko Freitag", German "hier" meaning here). French
"hier" needs the language "fr", or a text whose function words are mostly French.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import MINYEAR, date
from functools import cache, lru_cache

import ahocorasick

from newsdb.pipeline.dates_context import Scene
from newsdb.pipeline.dates_grammar import (
    CUE_GROUPS,
    HEAD_WORDS,
    LOOKBEHIND_CHARS,
    NUMERIC_DATE_HEAD,
    RULES,
    YEAR_HEAD,
    Rule,
)
from newsdb.pipeline.dates_readers import UNRESOLVED, Reading

__all__ = ["TemporalExpression", "find_temporal_expressions", "parse_absolute_date"]

# How far after a head word a phrase may run on ("15th, 2023", "semaine prochaine"), and how far
# further to look for the white space that closes the window, so that no phrase is cut short.
LOOKAHEAD_CHARS = 40
WINDOW_SPACE_SEARCH_CHARS = 32

# A four-digit number standing alone: the head of years, ISO and numeric dates. The first digit
# is spelled out so that the regex engine can skip ahead to digits (twice as fast as "[0-9]{4}").
_NUMBER_HEAD = re.compile(r"[0-9][0-9]{3}(?<![0-9]{5})(?![0-9])")
_SPACE = re.compile(r"\s")
_DIGIT = re.compile(r"[0-9]")
_WORD = re.compile(r"\w+")
_LANGUAGE_SEPARATOR = re.compile(r"[-_]")
# Language codes as clients send them ("de-AT", "EN"): a few; bounded against odd ones.
LANGUAGE_KEYS_CACHED = 64


@dataclass(frozen=True)
class TemporalExpression:
    """A date expression in a text, with the day, week, month or year it names."""

    text: str  # exactly text[char_start:char_end]
    char_start: int
    char_end: int
    value: date | None  # first day of the period; None when it cannot be resolved
    precision: str | None  # "day" | "week" | "month" | "year"; None iff value is None
    relative: bool  # True if it needed the anchor


def find_temporal_expressions(
    text: str, language: str | None, anchor: date | None
) -> list[TemporalExpression]:
    """Return all date expressions in ``text``, in order, non-overlapping (longest match wins).

    :param language: ISO 639-1 code; None tries English, German and French, another language
        gets only the numeric forms ("2023-12-15", "15.12.2023").
    :param anchor: the publication date that relative expressions are resolved against.
    """
    key = _language_key(language)
    rules_by_head = _rules_by_head(key)
    scene = Scene(text, key, anchor)
    readings: dict[tuple[int, int], Reading] = {}
    for head_start, head_end, kind in _find_heads(text):
        rules = rules_by_head.get(kind, ())
        if not rules:
            continue
        window_start = max(0, head_start - LOOKBEHIND_CHARS[kind])
        starts = [word.start() for word in _WORD.finditer(text, window_start, head_start + 1)]
        window_end = _window_end(text, head_end + LOOKAHEAD_CHARS)
        # A match lies inside the window, so a rule that reads a day or a year needs a digit
        # there; most month names have none near ("in September"), which spares three rules.
        has_digit = _DIGIT.search(text, window_start, window_end) is not None
        for rule in rules:
            if has_digit or not rule.needs_digit:
                _read_longest(rule, scene, starts, head_end, window_end, readings)
    expressions = [
        TemporalExpression(text[start:end], start, end, *_fields(readings[start, end]))
        for start, end in _longest_first(readings)
    ]
    return _anchor_anaphoric_years(expressions)


# "The previous year" points back at a year the text just named ("took power in 2021,
# deposing soldiers who had seized power the previous year" is 2020); only without such a year
# does it fall back to the publication date.
_ANAPHORIC_YEAR = re.compile(r"(?i)previous\s+year|year\s+before|vorjahr|jahr\s+zuvor|"
                             r"ann[ée]e\s+(?:pr[ée]c[ée]dente|d'avant)")


def _anchor_anaphoric_years(expressions: list[TemporalExpression]) -> list[TemporalExpression]:
    result: list[TemporalExpression] = []
    for expression in expressions:
        named = next((e.value for e in reversed(result) if e.value is not None
                      and not e.relative), None)
        if (named is not None and named.year > MINYEAR
                and _ANAPHORIC_YEAR.search(expression.text)):
            expression = replace(expression, value=date(named.year - 1, 1, 1),
                                 precision="year", relative=True)
        result.append(expression)
    return result


def parse_absolute_date(text: str, language: str | None = None) -> tuple[date, str] | None:
    """Parse a string that is one absolute date and nothing else; return (date, precision).

    Used for datelines: "December 15, 2023", "15. Dezember 2023", "15 décembre 2023",
    "2023-12-15", "15.12.2023", "Dec. 15, 2023", "Friday, 15 December 2023", "December 2023".
    A cue ("on …"), a relative date or a bare year is not a dateline: None.
    """
    candidate = text.strip()
    if candidate.isupper():  # "15 DÉCEMBRE 2023" in an all-caps dateline
        candidate = candidate.title()
    key = _language_key(language)
    scene = Scene(candidate, key, None)
    for rule in _absolute_rules(key):
        match = rule.pattern.fullmatch(candidate)
        if match is None or any(_cue_groups(match)):
            continue
        reading = _read(rule, match, scene)
        if reading is not None and reading.value is not None and not reading.relative:
            return reading.value, reading.precision or ""
    return None


@lru_cache(maxsize=LANGUAGE_KEYS_CACHED)
def _language_key(language: str | None) -> str | None:
    """Reduce "de-DE" or "EN" to "de" or "en"; keep other codes, which get numeric rules only."""
    if language is None:
        return None
    return _LANGUAGE_SEPARATOR.split(language.strip().lower(), maxsplit=1)[0]


def _applies(rule: Rule, key: str | None) -> bool:
    return rule.language is None or key is None or rule.language == key


@cache
def _rules_by_head(key: str | None) -> dict[str, tuple[Rule, ...]]:
    grouped: dict[str, list[Rule]] = {}
    for rule in RULES:
        if _applies(rule, key):
            grouped.setdefault(rule.head, []).append(rule)
    return {head: tuple(rules) for head, rules in grouped.items()}


@cache
def _absolute_rules(key: str | None) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.absolute and _applies(rule, key))


def _cue_groups(match: re.Match[str]) -> Iterator[str | None]:
    return (match.group(name) for name in CUE_GROUPS if name in match.re.groupindex)


def _read_longest(
    rule: Rule,
    scene: Scene,
    starts: list[int],
    head_end: int,
    window_end: int,
    readings: dict[tuple[int, int], Reading],
) -> None:
    """Record the longest match of ``rule`` that starts at one of ``starts`` and spans the head.

    Matching at word starts only is several times cheaper than searching the window, and the
    earliest start that matches is the longest phrase.
    """
    for start in starts:
        match = rule.pattern.match(scene.text, start, window_end)
        if match is None or match.end() < head_end:
            continue
        if match.span() in readings:
            return
        reading = _read(rule, match, scene)
        if reading is not None:
            readings[match.span()] = reading
            return


def _read(rule: Rule, match: re.Match[str], scene: Scene) -> Reading | None:
    if rule.needs_cue and not any(_cue_groups(match)):
        return None
    try:
        return rule.read(match, scene, rule.language or "")
    except (ValueError, OverflowError):
        # Only arithmetic on the anchor can fail ("next year" seen from date.max): the phrase
        # is a date, just not one the calendar can hold.
        return UNRESOLVED


def _fields(reading: Reading) -> tuple[date | None, str | None, bool]:
    return reading.value, reading.precision, reading.relative


@cache
def _head_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, kind in HEAD_WORDS.items():
        automaton.add_word(word, (len(word), kind))
    automaton.make_automaton()
    return automaton


def _find_heads(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) of every head word standing alone, and every 4-digit number."""
    lowered = text.lower()
    if len(lowered) != len(text):  # "İ" lower-cases to two characters; keep offsets aligned
        lowered = "".join(char if len(char.lower()) != 1 else char.lower() for char in text)
    heads = list(_number_heads(text))
    size = len(text)
    for last, (length, kind) in _head_automaton().iter(lowered):
        start, end = last + 1 - length, last + 1
        if (start and lowered[start - 1].isalnum()) or (end < size and lowered[end].isalnum()):
            continue
        heads.append((start, end, kind))
    return heads


def _number_heads(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield four-digit numbers, as part of a numeric date ("15.12.2023") or as a possible year."""
    for match in _NUMBER_HEAD.finditer(text):
        start, end = match.span()
        before = text[max(0, start - 2) : start]
        separated = before[-1:] in (".", "/") or before in (". ", "/ ")
        if separated or text[end : end + 1] == "-":
            yield start, end, NUMERIC_DATE_HEAD
        if not separated:
            yield start, end, YEAR_HEAD


def _window_end(text: str, position: int) -> int:
    """Move a window's end to white space, so that its end never cuts a word in two."""
    if position >= len(text):
        return len(text)
    space = _SPACE.search(text, position, position + WINDOW_SPACE_SEARCH_CHARS)
    return space.start() if space else position


def _longest_first(spans: dict[tuple[int, int], Reading]) -> list[tuple[int, int]]:
    """Pick non-overlapping spans, longer before shorter and earlier before later; sort them."""
    if len(spans) < 2:
        return list(spans)  # most sentences name one date or none: nothing to pick
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans, key=lambda span: (span[0] - span[1], span[0])):
        index = bisect.bisect_right(starts, start)
        if index and ends[index - 1] > start:
            continue
        if index < len(starts) and starts[index] < end:
            continue
        starts.insert(index, start)
        ends.insert(index, end)
    return list(zip(starts, ends, strict=True))
