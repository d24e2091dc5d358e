"""Take an article's metadata from its text: headline, dateline, byline and wire-agency credits.

The stage works on the paragraphs that :mod:`newsdb.pipeline.clean` kept. Metadata lines sit in a
header (before the body starts) or a footer (after it ends); a line counts only when the whole line
is metadata, so a date or a name inside a body sentence is never taken for a dateline or a byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS
from newsdb.pipeline.clean import (
    AGENCY_ALTERNATION,
    agencies_in_list,
    canonical_agency,
    is_heading_like,
    parse_credit_line,
    word_count,
)

# A headline of at most this many words followed by another heading line is a kicker (a topic
# label such as "Bundeswehr in Mali" above the real headline), not the headline.
KICKER_MAX_WORDS = 3
# Kicker, headline, byline, dateline and a spare: metadata beyond this is no header any more.
HEADER_MAX_LINES = 6
# Derived titles are cut to this length: it fits a list view and a browser tab.
TITLE_MAX_CHARS = 120
# A byline is a name or two with a role or place; longer lines are sentences.
BYLINE_MAX_WORDS = 12
# Some sites put the byline after the teaser paragraph: look that far into the body for one.
INNER_BYLINE_MAX_INDEX = 3
# A dateline with a weekday, a time and an update stamp still fits in this many characters.
DATELINE_MAX_CHARS = 120


# "BAMAKO (Reuters) -", "Berlin (dpa) –": a place, the agency in parentheses, a dash.
_LEAD_DATELINE_RE = re.compile(
    r"^[^\W\d_][\w'’.-]*(?:[ /,]+[\w'’.-]+){0,4}\s*"
    rf"\((?P<agencies>(?:{AGENCY_ALTERNATION})(?:\s*[,/]\s*(?:{AGENCY_ALTERNATION}))*)\)\s*[-–—:]",
    re.IGNORECASE,
)
# Any lead dateline, the agency unknown or missing: a place in capitals ("NIAMEY, Oct 17
# (Pan-African Wire) –", "TRIPOLI –", "ISTANBUL/MOSCOW, Feb 25 –"), or a place of capitalized
# words with a credit in parentheses ("Bamako, 15 mars (Sahel Info) –"); what follows a comma is
# a date (it has a digit); the sentence starts after the dash ("ECOWAS – the bloc –", "Boris
# Pistorius (SPD) – der Minister" are no datelines).
_UPPER = "A-ZÀ-ÖØ-Þ"
_DATE_PART = r"(?:\s*,[^()\n–—\d]{0,20}\d[^()\n–—]{0,20}?)?"
_LEAD_DATELINE_ANY_RE = re.compile(
    rf"^(?:[{_UPPER}][{_UPPER}'’.-]+(?:[ /][{_UPPER}'’.-]+){{0,3}}{_DATE_PART}"
    rf"(?:\s*\([^()\n]{{1,40}}\))?"
    rf"|(?!(?i:the|an?|les?|la|l['’]|une?|der|die|das|eine?)\b)"
    rf"[{_UPPER}][\w'’.-]*(?:[ /][{_UPPER}][\w'’.-]*){{0,3}}{_DATE_PART}"
    rf"\s*\([^()\n]{{1,40}}\))\s*[-–—]\s+(?=[{_UPPER}\d\"“„«'])")
_SEGMENT_SEPARATOR_RE = re.compile(r"\s+[|·•]\s+")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_MONTH = _alternation(list(MONTHS))
_WEEKDAY = _alternation(list(WEEKDAYS))
_UPDATE_LABEL = (
    r"(?:last\s+)?updated(?:\s+on)?|(?:zuletzt\s+)?aktualisiert(?:\s+am)?|mis\s+à\s+jour(?:\s+le)?"
    r"|modifié(?:\s+le)?|actualisé(?:\s+le)?"
)
_DATE_LABEL = (
    r"(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|date|datum|stand|"
    r"veröffentlicht(?:\s+am)?|erschienen(?:\s+am)?|publié(?:\s+le)?|le|" + _UPDATE_LABEL
)
# A wire dateline names the place first: "ABUJA, March 8, 2024", "Bamako (AFP), 15.12.2023".
_DATELINE_PLACE = (
    r"(?:(?-i:[A-ZÀ-Þ][\w'’.-]*(?:[ /-][A-ZÀ-Þ][\w'’.-]*){0,3})\s*(?:\([^()]{1,40}\))?"
    r"\s*[,:–—-]\s*)?"
)
_DATELINE_PREFIX = (
    rf"^(?:(?:{_DATE_LABEL})\s*:?\s*)?{_DATELINE_PLACE}(?:(?:le|am|den|on)\s+)?"
    rf"(?:(?:{_WEEKDAY})\.?,?\s+(?:(?:the|den|le)\s+)?)?"
)
_TIME = (
    r"(?:\s*(?:,|-|–|—|\||at|um|à|kl\.)?\s*\d{1,2}(?:[:.h]\d{2}|h)(?:\s*(?:uhr|h|[ap]\.?\s?m\.?))?"
    r"(?:\s*\(?(?:utc|gmt|mez|mesz|cet|cest|[a-z]{1,3}t)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)?"
)
_DATELINE_SUFFIX = _TIME + rf"(?:\s*[,;|·•–—-]?\s*(?:{_UPDATE_LABEL})\b.*)?\.?\s*$"
_DATE_FORMS = {
    "month_day_year": (
        rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    ),
    "day_month_year": (
        rf"(?P<day>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+"
        r"(?P<year>\d{4})"
    ),
    "dotted": r"(?P<day>\d{1,2})\.\s?(?P<month_number>\d{1,2})\.\s?(?P<year>\d{4})",
    "slashed": r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})",
    "iso": (
        r"(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})"
        r"(?:T[\d:.]+(?:Z|[+-][\d:]{4,5})?)?"
    ),
}
_DATELINE_RES = tuple(
    re.compile(_DATELINE_PREFIX + form + _DATELINE_SUFFIX, re.IGNORECASE)
    for form in _DATE_FORMS.values()
)

_BYLINE_RE = re.compile(
    r"^(?:(?:by|von|par)\s+|(?:author|autor|auteur|autorin)\s*:\s*)(?P<names>[^()]+?)"
    r"(?:\s*\((?P<agencies>[^()]+)\))?$",
    re.IGNORECASE,
)
_AUTHOR_SEPARATOR_RE = re.compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b)\s*")
_PLACE_TAIL_RE = re.compile(r"\s+(?:in|from|aus|à|depuis|en)\s+.*$")
_NAME_PARTICLES = frozenset(
    {"von", "van", "de", "der", "den", "du", "la", "le", "di", "da", "dos", "del", "al", "el", "zu"}
)
# Up to four words: first name, middle name or initial, particle, surname.
_NAME_MAX_WORDS = 4


@dataclass(frozen=True)
class MetaLine:
    """What one header or footer line says."""

    published_on: date | None = None
    author: str | None = None
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleMetadata:
    """Metadata found in the text, and which paragraphs are left for the body."""

    headline: str | None
    published_on: date | None
    author: str | None
    agencies: tuple[str, ...]
    body_indices: tuple[int, ...]  # the paragraphs that form the body, in order
    kicker_indices: tuple[int, ...]  # topic lines above the headline, dropped from the body


def lead_dateline_agencies(paragraph: str) -> tuple[str, ...]:
    """Return the agencies of a leading "BAMAKO (Reuters) -" dateline."""
    match = _LEAD_DATELINE_RE.match(paragraph)
    if not match:
        return ()
    return agencies_in_list(match["agencies"], allow_initials=False) or ()


def lead_dateline_end(paragraph: str) -> int:
    """Return where the text starts after a leading dateline (0 without): "BAMAKO (Reuters) -",
    "NIAMEY, Oct 17 (Pan-African Wire) –", "TRIPOLI –"."""
    match = _LEAD_DATELINE_RE.match(paragraph) or _LEAD_DATELINE_ANY_RE.match(paragraph)
    if not match:
        return 0
    end = match.end()
    return end + len(paragraph[end:]) - len(paragraph[end:].lstrip())


def _date_from_match(match: re.Match[str]) -> date | None:
    fields = match.groupdict()
    year = int(fields["year"])
    if fields.get("first"):
        first, second = int(fields["first"]), int(fields["second"])
        if first > 12:
            month, day = second, first
        elif second > 12 or first == second:
            month, day = first, second
        else:
            return None  # 05/06/2024 is May 6 in the US and June 5 elsewhere: never guess
    else:
        day = int(fields["day"])
        month_name = fields.get("month")
        month = MONTHS[month_name.lower()] if month_name else int(fields["month_number"])
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_dateline(line: str) -> date | None:
    """Return the date of a line that is a dateline as a whole ("Stand: 12.03.2024 14:05 Uhr")."""
    if len(line) > DATELINE_MAX_CHARS or not any(char.isdigit() for char in line):
        return None
    for pattern in _DATELINE_RES:
        match = pattern.match(line)
        if match:
            return _date_from_match(match)
    return None


def _is_person_name(text: str) -> bool:
    """Tell whether *text* reads as a person's name: two to four capitalized words."""
    words = text.split()
    if not 2 <= len(words) <= _NAME_MAX_WORDS:
        return False
    for word in words:
        key = word.rstrip(".").lower()
        if key in _NAME_PARTICLES:
            continue
        if not word[0].isupper() or any(char.isdigit() for char in word):
            return False
        if key in MONTHS or key in WEEKDAYS:  # "By Friday", "Von Montag an"
            return False
    return True


def parse_byline(line: str) -> MetaLine | None:
    """Return the author (and agencies) of a byline: "By X", "Von X, Berlin", "Par X (AFP)"."""
    if word_count(line) > BYLINE_MAX_WORDS or line.rstrip()[-1:] in ".!?":
        return None
    match = _BYLINE_RE.match(line.strip())
    if not match:
        return None
    authors: list[str] = []
    agencies = list(agencies_in_list(match["agencies"] or "", allow_initials=False) or ())
    for part in _AUTHOR_SEPARATOR_RE.split(match["names"]):
        person = _PLACE_TAIL_RE.sub("", part)
        agency = canonical_agency(part)
        if agency:
            agencies.append(agency)
        elif _is_person_name(person):
            authors.append(person)
        elif not authors:
            return None
        # Anything else after a name is the reporter's place or role ("Berlin", "envoyé spécial").
    if not authors and not agencies:
        return None
    author = ", ".join(authors) or None
    return MetaLine(author=author, agencies=tuple(dict.fromkeys(agencies)))


def parse_meta_line(line: str) -> MetaLine | None:
    """Return what a header or footer line says when all of it is dateline, byline or credit."""
    found_date: date | None = None
    author: str | None = None
    agencies: list[str] = []
    for segment in _SEGMENT_SEPARATOR_RE.split(line):
        dateline = parse_dateline(segment)
        byline = None if dateline else parse_byline(segment)
        credit = None if dateline or byline else parse_credit_line(segment)
        if dateline:
            found_date = found_date or dateline
        elif byline:
            author = author or byline.author
            agencies.extend(byline.agencies)
        elif credit is not None:
            agencies.extend(credit)
        else:
            return None
    return MetaLine(found_date, author, tuple(dict.fromkeys(agencies)))


def shorten_title(sentence: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """Shorten *sentence* to at most *max_chars*, cut at a word and marked with "…"."""
    if len(sentence) <= max_chars:
        return sentence
    cut = sentence[: max_chars - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"


@dataclass
class _Findings:
    """What the header and footer lines said so far (the first date and author win)."""

    published_on: date | None = None
    author: str | None = None
    agencies: list[str] = field(default_factory=list)

    def add(self, meta: MetaLine) -> None:
        self.published_on = self.published_on or meta.published_on
        self.author = self.author or meta.author
        self.agencies.extend(meta.agencies)


def _scan_header(
    paragraphs: Sequence[str], findings: _Findings
) -> tuple[int, int | None, tuple[int, ...]]:
    """Return (body start, headline index, kicker indices) after reading the header lines.

    The header ends at the first line that is neither metadata nor the headline. The headline is
    the first heading-like line with text after it; a first line that is a body paragraph (a long
    sentence ending with a period, as in most agency copy) means the article has no headline.
    """
    headline: int | None = None
    kickers: list[int] = []
    index = 0
    while index < min(len(paragraphs), HEADER_MAX_LINES):
        line = paragraphs[index]
        meta = parse_meta_line(line)
        if meta:
            findings.add(meta)
        elif not is_heading_like(line) or index + 1 >= len(paragraphs):
            break
        elif headline is None:
            headline = index
        elif headline == index - 1 and word_count(paragraphs[headline]) <= KICKER_MAX_WORDS:
            kickers.append(headline)  # "Politics", "Mali" above "Mali: Last German troops…"
            headline = index
        else:
            break
        index += 1
    return index, headline, tuple(kickers)


def _scan_footer(paragraphs: Sequence[str], body_start: int, findings: _Findings) -> int:
    """Return where the body ends: trailing datelines, bylines and credits are the footer."""
    end = len(paragraphs)
    while end > body_start:
        meta = parse_meta_line(paragraphs[end - 1])
        if meta is None:
            break
        findings.add(meta)
        end -= 1
    return end


def _inner_bylines(
    paragraphs: Sequence[str], body_start: int, body_end: int, findings: _Findings
) -> set[int]:
    """Return the lines among the first body paragraphs that are bylines as a whole.

    Some sites put the byline after the teaser paragraph ("Von Anna Schmidt, ARD-Studio").
    """
    found: set[int] = set()
    for index in range(body_start, min(body_end, body_start + INNER_BYLINE_MAX_INDEX)):
        byline = parse_byline(paragraphs[index])
        if byline:
            findings.add(byline)
            found.add(index)
    return found


def extract_metadata(
    paragraphs: Sequence[str], credit_agencies: Sequence[str] = ()
) -> ArticleMetadata:
    """Find headline, dateline, author and agencies in the cleaned *paragraphs*.

    :param credit_agencies: agencies from credit lines that cleaning already removed.
    """
    findings = _Findings()
    body_start, headline, kickers = _scan_header(paragraphs, findings)
    body_end = _scan_footer(paragraphs, body_start, findings)
    bylines = _inner_bylines(paragraphs, body_start, body_end, findings)
    body_indices = tuple(index for index in range(body_start, body_end) if index not in bylines)
    lead_agencies = lead_dateline_agencies(paragraphs[body_indices[0]]) if body_indices else ()
    agencies = (*lead_agencies, *findings.agencies, *credit_agencies)
    return ArticleMetadata(
        headline=paragraphs[headline] if headline is not None else None,
        published_on=findings.published_on,
        author=findings.author,
        agencies=tuple(dict.fromkeys(agencies)),
        body_indices=body_indices,
        kicker_indices=kickers,
    )
