"""Calendar arithmetic for temporal expressions: which day, week, month or year a phrase names.

Every function takes the anchor (the publication date) explicitly and returns the first day of the
period it names, so that callers can store one ``date`` plus a precision.
"""

from __future__ import annotations

import calendar
from datetime import MAXYEAR, MINYEAR, date, timedelta
from enum import Enum

DAY = "day"
WEEK = "week"
MONTH = "month"
YEAR = "year"

DAYS_PER_WEEK = 7
MONTHS_PER_YEAR = 12
# How many years back a day and month without a year may reach when looking for a valid date:
# 29 February needs up to eight (1896 → 1904 has no 1900 leap day); more is never a real reading.
MAX_LEAP_SEARCH_YEARS = 8


class Direction(Enum):
    """Which occurrence of a recurring name (a weekday, a month) a phrase means."""

    RECENT = "recent"  # the most recent one, the anchor's own included ("on Friday", past tense)
    AHEAD = "ahead"  # the coming one, as the tense points ahead ("will fly on Friday")
    BEFORE = "before"  # strictly before the anchor's ("last Friday", "juillet dernier")
    AFTER = "after"  # strictly after the anchor's ("next Friday", "nächsten Freitag")


def week_start(day: date) -> date:
    """Return the Monday of the ISO week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def month_start(year: int, month: int, offset: int = 0) -> date:
    """Return the first day of ``month`` of ``year`` moved by ``offset`` months."""
    index = year * MONTHS_PER_YEAR + (month - 1) + offset
    return date(index // MONTHS_PER_YEAR, index % MONTHS_PER_YEAR + 1, 1)


def resolve_weekday(anchor: date, weekday: int, direction: Direction) -> date:
    """Return the day named by a weekday (0 = Monday) seen from ``anchor``.

    The anchor's own weekday names the anchor itself unless the phrase points strictly before or
    after it; "ahead" means the next such day after the anchor, as DESIGN.md §5.7 asks.
    """
    back = (anchor.weekday() - weekday) % DAYS_PER_WEEK
    if direction is Direction.RECENT:
        return anchor - timedelta(days=back)
    if direction is Direction.BEFORE:
        return anchor - timedelta(days=back or DAYS_PER_WEEK)
    forward = (weekday - anchor.weekday()) % DAYS_PER_WEEK
    return anchor + timedelta(days=forward or DAYS_PER_WEEK)


def resolve_month(anchor: date, month: int, direction: Direction) -> date:
    """Return the first day of the month named without a year, seen from ``anchor``.

    Unlike a weekday, a month "ahead" includes the anchor's own month: "the vote will be held in
    December" in an article of 1 December means this December, not the next one.
    """
    this_year = date(anchor.year, month, 1)
    anchor_month = date(anchor.year, anchor.month, 1)
    if direction is Direction.RECENT:
        return this_year if this_year <= anchor_month else date(anchor.year - 1, month, 1)
    if direction is Direction.BEFORE:
        return this_year if this_year < anchor_month else date(anchor.year - 1, month, 1)
    if direction is Direction.AHEAD:
        return this_year if this_year >= anchor_month else date(anchor.year + 1, month, 1)
    return this_year if this_year > anchor_month else date(anchor.year + 1, month, 1)


def resolve_day_month(anchor: date, month: int, day: int, direction: Direction) -> date | None:
    """Return the date a day and month without a year names, seen from ``anchor``.

    In the past (the default) that is the most recent such date not after the anchor; ahead, the
    first one not before it. ``None`` when no year nearby has that date (30 February).
    """
    step = 1 if direction in (Direction.AHEAD, Direction.AFTER) else -1
    for shift in range(MAX_LEAP_SEARCH_YEARS + 1):
        year = anchor.year + step * shift
        if day > calendar.monthrange(year, month)[1]:
            continue
        candidate = date(year, month, day)
        if (candidate <= anchor) if step < 0 else (candidate >= anchor):
            return candidate
    return None


def shift_period(anchor: date, unit: str, offset: int) -> date:
    """Return the first day of the week, month or year ``offset`` units from the anchor's own."""
    if unit == WEEK:
        return week_start(anchor) + timedelta(weeks=offset)
    if unit == MONTH:
        return month_start(anchor.year, anchor.month, offset)
    if unit == YEAR:
        return date(anchor.year + offset, 1, 1)
    return anchor + timedelta(days=offset)


def is_valid_date(year: int, month: int, day: int) -> bool:
    """Tell whether year, month and day make a date that ``datetime.date`` can hold."""
    if not (MINYEAR <= year <= MAXYEAR and 1 <= month <= MONTHS_PER_YEAR):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]
