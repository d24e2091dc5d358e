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

AGENCY_NAMES: dict[str, str] = {
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "dpa-afx": "dpa-AFX",
    "reuters": "Reuters", "rtr": "Reuters", "thomson reuters": "Reuters",
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "kna": "KNA", "epd": "epd", "efe": "EFE", "ansa": "ANSA", "xinhua": "Xinhua",
    "tass": "TASS", "itar-tass": "TASS", "anadolu": "Anadolu", "anadolu agency": "Anadolu",
    "bloomberg": "Bloomberg", "upi": "UPI", "apa": "APA", "sda": "SDA", "keystone-sda": "SDA",
    "ats": "ATS", "belga": "Belga", "anp": "ANP", "kyodo": "Kyodo", "yonhap": "Yonhap",
    "pti": "PTI", "interfax": "Interfax", "ria novosti": "RIA Novosti", "lusa": "Lusa",
    "europa press": "Europa Press", "dapd": "dapd", "ddp": "ddp", "sputnik": "Sputnik",
}
_AGENCY_ALTERNATION = "|".join(
    re.escape(name) for name in sorted(AGENCY_NAMES, key=len, reverse=True)
)
_LIST_SEPARATOR_RE = re.compile(r"\s*(?:[,/;&+]|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_CREDIT_LEAD_RE = re.compile(
    r"^(?:with|avec|mit(?:\s+material\s+(?:von|der))?|sources?|quellen?)\s*:?\s+", re.IGNORECASE
)
_INITIALS_RE = re.compile(r"[a-z]{1,4}")
_INITIALS_THEN_PARENS_RE = re.compile(r"(?P<initials>[a-z]{1,4}(?:/[a-z]{1,4})*)\s*(?P<rest>[(\[].*)")
# "BAMAKO (Reuters) -", "Berlin (dpa) –": a place, the agency in parentheses, a dash.
_LEAD_DATELINE_RE = re.compile(
    r"^[^\W\d_][\w'’.-]*(?:[ /,]+[^\W\d_][\w'’.-]*){0,3}\s*"
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
_DATELINE_PREFIX = rf"^(?:(?:{_DATE_LABEL})\s*:?\s*)?(?:(?:{_WEEKDAY})\.?,?\s+(?:(?:the|den|le)\s+)?)?"
_TIME = (
    r"(?:\s*(?:,|-|–|—|\||at|um|à|kl\.)?\s*\d{1,2}(?:[:.h]\d{2}|h)(?:\s*(?:uhr|h|[ap]\.?\s?m\.?))?"
    r"(?:\s*\(?(?:utc|gmt|mez|mesz|cet|cest|[a-z]{1,3}t)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)?"
)
_DATELINE_SUFFIX = _TIME + rf"(?:\s*[,;|·•–—-]?\s*(?:{_UPDATE_LABEL})\b.*)?\.?\s*$"
_DATE_FORMS = {
    "month_day_year": rf"(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})",
    "day_month_year": (
        rf"(?P<day>\d{{1,2}})(?:\.|er|st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+"
        r"(?P<year>\d{4})"
    ),
    "dotted": r"(?P<day>\d{1,2})\.\s?(?P<month_number>\d{1,2})\.\s?(?P<year>\d{4})",
    "slashed": r"(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{4})",
    "iso": r"(?P<year>\d{4})-(?P<month_number>\d{2})-(?P<day>\d{2})(?:T[\d:.]+(?:Z|[+-][\d:]{4,5})?)?",
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

_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'»”’)\]]*\s+")
_SENTENCE_START_RE = re.compile(r"[\"'«“‘(\[]?[^\W_]")
_NON_FINAL_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "no", "nr", "vs", "z",
     "bzw", "ca", "dt", "mme", "mm", "m", "jr", "sr", "u.s", "u.n", "e.g", "i.e", "z.b", "bzw"}
)
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
    """Return the agencies of "AFP, dpa, Reuters"; None when a token is neither agency nor initials."""
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
    """Return the date of a line that is a dateline as a whole, e.g. "Stand: 12.03.2024 14:05 Uhr"."""
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


def sentence_starts(text: str) -> list[int]:
    """Return the offsets where the sentences of *text* start (the first is always 0)."""
    starts = [0]
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if not _SENTENCE_START_RE.match(text, end):
            continue
        word = text[: match.start()].rsplit(maxsplit=1)[-1:] or [""]
        previous = word[0].lstrip("\"'«“‘(").lower()
        if previous in _NON_FINAL_ABBREVIATIONS or (len(previous) == 1 and previous.isalpha()):
            continue
        next_word = text[end:].split(maxsplit=1)[0].strip(".,").lower()
        if previous.isdigit() and next_word in MONTHS:
            continue  # German "am 15. Dezember": an ordinal, not a sentence end
        starts.append(end)
    return starts


def first_sentence(text: str) -> str:
    """Return the first sentence of *text*."""
    starts = sentence_starts(text)
    end = starts[1] if len(starts) > 1 else len(text)
    return text[:end].split("\n", 1)[0].strip()


def shorten_title(sentence: str, max_chars: int = TITLE_MAX_CHARS) -> str:
    """Shorten *sentence* to at most *max_chars*, cut at a word and marked with "…"."""
    if len(sentence) <= max_chars:
        return sentence
    cut = sentence[: max_chars - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–—-") + "…"
