"""Take an article's metadata from its text: headline, dateline, byline and wire-agency credits.

The stage works on the paragraphs that :mod:`newsdb.pipeline.clean` kept. Metadata lines sit in a
header (before the body starts) or a footer (after it ends); a line counts only when the whole line
is metadata, so a date or a name inside a body sentence is never taken for a dateline or a byline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS

# Headlines run to 8-14 words; 20 leaves room for long ones while a line this short without a
# final period is still no body paragraph.
HEADLINE_MAX_WORDS = 20
# A headline of at most this many words followed by another heading line is a kicker (a topic
# label such as "Bundeswehr in Mali" above the real headline), not the headline.
KICKER_MAX_WORDS = 3
# Kicker, headline, byline, dateline and a spare: metadata beyond this is no header any more.
HEADER_MAX_LINES = 6
# Derived titles are cut to this length: it fits a list view and a browser tab.
TITLE_MAX_CHARS = 120
# A byline is a name or two with a role or place; longer lines are sentences.
BYLINE_MAX_WORDS = 12
# A dateline with a weekday, a time and an update stamp still fits in this many characters.
DATELINE_MAX_CHARS = 120
# Credit lines ("msh/sms (AFP, dpa, Reuters)") are short; a longer line is running text.
CREDIT_MAX_CHARS = 80

# Canonical wire-agency names and the other ways credit lines spell them.
_AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "AFP": ("agence france-presse", "agence france presse"),
    "dpa": ("deutsche presse-agentur",),
    "dpa-AFX": (),
    "Reuters": ("rtr", "thomson reuters"),
    "AP": ("associated press", "the associated press"),
    "Anadolu": ("anadolu agency", "aa"),
    "TASS": ("itar-tass",),
    "SDA": ("keystone-sda",),
    **dict.fromkeys(
        ("KNA", "epd", "EFE", "ANSA", "Xinhua", "Bloomberg", "UPI", "APA", "ATS", "Belga", "ANP"),
        (),
    ),
    **dict.fromkeys(
        ("Kyodo", "Yonhap", "PTI", "Interfax", "RIA Novosti", "Lusa", "Europa Press", "dapd"),
        (),
    ),
    **dict.fromkeys(("ddp", "Sputnik"), ()),
}
AGENCY_NAMES: dict[str, str] = {
    alias: canonical
    for canonical, aliases in _AGENCY_ALIASES.items()
    for alias in (canonical.lower(), *aliases)
}
_AGENCY_ALTERNATION = "|".join(
    re.escape(name) for name in sorted(AGENCY_NAMES, key=len, reverse=True)
)
_LIST_SEPARATOR_RE = re.compile(r"\s*(?:[,/;&+]|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_CREDIT_LEAD_RE = re.compile(
    r"^(?:with|avec|mit(?:\s+material\s+(?:von|der))?|sources?|quellen?)\s*:?\s+", re.IGNORECASE
)
_INITIALS_RE = re.compile(r"[a-z]{1,4}")
_INITIALS_THEN_PARENS_RE = re.compile(
    r"(?P<initials>[a-z]{1,4}(?:/[a-z]{1,4})*)\s*(?P<rest>[(\[].*)"
)
# "BAMAKO (Reuters) -", "Berlin (dpa) –": a place, the agency in parentheses, a dash.
_LEAD_DATELINE_RE = re.compile(
    r"^[^\W\d_][\w'’.-]*(?:[ /,]+[\w'’.-]+){0,4}\s*"
    rf"\((?P<agencies>(?:{_AGENCY_ALTERNATION})(?:\s*[,/]\s*(?:{_AGENCY_ALTERNATION}))*)\)\s*[-–—:]",
    re.IGNORECASE,
)
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
_DATELINE_PREFIX = (
    rf"^(?:(?:{_DATE_LABEL})\s*:?\s*)?(?:(?:{_WEEKDAY})\.?,?\s+(?:(?:the|den|le)\s+)?)?"
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

_HEADING_BAD_ENDINGS = ".,;:"
_OPENING_QUOTES = "\"'«“‘„"


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
    body_start: int  # paragraphs[body_start:body_end] form the body
    body_end: int
    kicker_index: int | None  # a topic line above the headline, dropped from the body


def canonical_agency(name: str) -> str | None:
    """Return the canonical name of a wire agency, or None when *name* is no known agency."""
    return AGENCY_NAMES.get(" ".join(name.lower().split()))


def _agencies_in_list(text: str, *, allow_initials: bool) -> tuple[str, ...] | None:
    """Return the agencies in "AFP, dpa, Reuters"; None when a token is no agency (or initials)."""
    agencies: list[str] = []
    for token in _LIST_SEPARATOR_RE.split(_CREDIT_LEAD_RE.sub("", text.strip())):
        agency = canonical_agency(token)
        if agency:
            agencies.append(agency)
        elif not (allow_initials and _INITIALS_RE.fullmatch(token)):
            return None
    return tuple(dict.fromkeys(agencies)) if agencies else None


def parse_credit_line(line: str) -> tuple[str, ...] | None:
    """Return the agencies of a credit line ("msh/sms (AFP, dpa, Reuters)", "(AFP)", "AFP/dpa").

    Byline initials alone ("msh/sms") give an empty tuple; a line that is no credit gives None.
    """
    text = line.strip().rstrip(".").strip()
    if not text or len(text) > CREDIT_MAX_CHARS:
        return None
    allow_initials = False
    with_initials = _INITIALS_THEN_PARENS_RE.fullmatch(text)
    if with_initials and canonical_agency(with_initials["initials"]) is None:
        text, allow_initials = with_initials["rest"], True
    if text[0] in "([" and text[-1] in ")]":
        return _agencies_in_list(text[1:-1], allow_initials=True)
    if "/" in text and all(_INITIALS_RE.fullmatch(part) for part in text.split("/")):
        agencies = _agencies_in_list(text, allow_initials=False)
        return agencies if agencies else ()
    return _agencies_in_list(text, allow_initials=allow_initials)


def lead_dateline_agencies(paragraph: str) -> tuple[str, ...]:
    """Return the agencies of a leading "BAMAKO (Reuters) -" dateline."""
    match = _LEAD_DATELINE_RE.match(paragraph)
    if not match:
        return ()
    return _agencies_in_list(match["agencies"], allow_initials=False) or ()


def lead_dateline_end(paragraph: str) -> int:
    """Return where the text starts after a leading "BAMAKO (Reuters) -" dateline (0 without)."""
    match = _LEAD_DATELINE_RE.match(paragraph)
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
    words = text.split()
    if not 2 <= len(words) <= _NAME_MAX_WORDS:
        return False
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        key = word.rstrip(".").lower()
        if not word[0].isupper() or any(ch.isdigit() for ch in word) or key in MONTHS:
            return False
        if key in WEEKDAYS:
            return False
    return True


def parse_byline(line: str) -> MetaLine | None:
    """Return the author (and agencies) of a byline: "By X", "Von X, Berlin", "Par X (AFP)"."""
    match = _BYLINE_RE.match(line.strip())
    if not match or len(line.split()) > BYLINE_MAX_WORDS or line.rstrip()[-1:] in ".!?":
        return None
    authors: list[str] = []
    agencies = list(_agencies_in_list(match["agencies"] or "", allow_initials=False) or ())
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
    if not authors:
        return None
    return MetaLine(author=", ".join(authors), agencies=tuple(dict.fromkeys(agencies)))


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


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words in *text*."""
    return len(text.split())


def is_heading_like(line: str, max_words: int = HEADLINE_MAX_WORDS) -> bool:
    """Tell whether *line* reads as a heading: short, capitalized, no sentence-final period.

    Questions and exclamations count ("What does the departure mean for Mali?"): headlines and
    subheadings are often questions, while body paragraphs end with a period.
    """
    if not line or line[-1] in _HEADING_BAD_ENDINGS:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in _OPENING_QUOTES):
        return False
    return word_count(line) <= max_words and any(char.isalpha() for char in line)


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
    agencies: list[str] | None = None

    def add(self, meta: MetaLine) -> None:
        self.published_on = self.published_on or meta.published_on
        self.author = self.author or meta.author
        self.agencies = [*(self.agencies or []), *meta.agencies]


def _scan_header(
    paragraphs: Sequence[str], findings: _Findings
) -> tuple[int, int | None, int | None]:
    """Return (body start, headline index, kicker index) after reading the header lines.

    The header ends at the first line that is neither metadata nor the headline. The headline is
    the first heading-like line with text after it; a first line that is a body paragraph (a long
    sentence ending with a period, as in most agency copy) means the article has no headline.
    """
    headline: int | None = None
    kicker: int | None = None
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
        elif (
            kicker is None
            and headline == index - 1
            and (word_count(paragraphs[headline]) <= KICKER_MAX_WORDS)
        ):
            kicker, headline = headline, index
        else:
            break
        index += 1
    return index, headline, kicker


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


def extract_metadata(
    paragraphs: Sequence[str], credit_agencies: Sequence[str] = ()
) -> ArticleMetadata:
    """Find headline, dateline, author and agencies in the cleaned *paragraphs*.

    :param credit_agencies: agencies from credit lines that cleaning already removed.
    """
    findings = _Findings()
    body_start, headline, kicker = _scan_header(paragraphs, findings)
    body_end = _scan_footer(paragraphs, body_start, findings)
    lead_agencies = lead_dateline_agencies(paragraphs[body_start]) if body_end > body_start else ()
    agencies = (*lead_agencies, *(findings.agencies or []), *credit_agencies)
    return ArticleMetadata(
        headline=paragraphs[headline] if headline is not None else None,
        published_on=findings.published_on,
        author=findings.author,
        agencies=tuple(dict.fromkeys(agencies)),
        body_start=body_start,
        body_end=body_end,
        kicker_index=kicker,
    )
