"""The text stages of the import pipeline: clean, metadata, language, quality.

``prepare_text`` is a pure function of the raw text and what the client states about it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from newsdb.pipeline.clean import CleanedText, RemovedBlock, clean_text, merge_removed
from newsdb.pipeline.language import detect_language, normalize_language_code
from newsdb.pipeline.metadata import (
    ArticleMetadata,
    extract_metadata,
    lead_dateline_end,
    shorten_title,
)
from newsdb.pipeline.quality import FlagCandidate, find_quality_flags
from newsdb.pipeline.sentences import split_sentences

__all__ = ["FlagCandidate", "PreparedText", "content_hash", "prepare_text"]

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class PreparedText:
    """An article's clean body and the metadata and quality flags taken from its raw text."""

    body: str  # clean body: NFC, whitespace-normalized, paragraphs joined by "\n\n"
    title: str | None  # the headline, or the first sentence shortened (then title_derived)
    title_derived: bool
    published_on: date | None  # from a dateline only, or as the client stated
    author: str | None
    agencies: tuple[str, ...]  # canonical agency names credited, in order
    language: str | None  # ISO 639-1
    flags: tuple[FlagCandidate, ...]
    content_hash: str  # of the body, as content_hash() makes it: finds duplicates
    publisher: str | None = None  # named by the page's own furniture ("More stories from DW")


# Site furniture that names the publisher: "More stories from DW", "DW's Top Story",
# "© Le Journal 2024", "Copyright 2024 Example Post". Read from the raw text, whose
# boilerplate the body no longer holds.
_PUBLISHER_NAME = r"(?P<name>[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3})"
_PUBLISHER_PATTERNS = tuple(re.compile(pattern, re.MULTILINE) for pattern in (
    rf"^\s*(?:Skip next section )?More (?:stories|news|articles) from {_PUBLISHER_NAME}\s*$",
    rf"^\s*(?:Skip next section )?{_PUBLISHER_NAME}['’]s Top Stor(?:y|ies)\s*$",
    rf"^\s*(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:\d{{4}}\s+)?{_PUBLISHER_NAME}"
    r"(?:\s+\d{4})?(?:\s*[-–—|.,].*)?$",
))


def find_publisher(raw_text: str) -> str | None:
    """Return the publisher the page names in its furniture, if it names one."""
    for pattern in _PUBLISHER_PATTERNS:
        match = pattern.search(raw_text)
        if match:
            return match.group("name")
    return None


def _boilerplate_flags(
    raw_text: str, cleaned: CleanedText, meta: ArticleMetadata
) -> list[FlagCandidate]:
    blocks: tuple[RemovedBlock, ...] = cleaned.removed
    if meta.kicker_indices:
        kickers = [cleaned.lines[index] for index in meta.kicker_indices]
        spans = [(kicker.raw_start, kicker.raw_end, "kicker") for kicker in kickers]
        blocks = merge_removed(raw_text, blocks, spans)
    return [
        FlagCandidate(
            "boilerplate_removed",
            f"Removed web boilerplate from the body ({', '.join(block.reasons)})",
            "raw_text",
            block.raw_start,
            block.raw_end,
        )
        for block in blocks
    ]


def _derived_title(body: str) -> tuple[str | None, list[FlagCandidate]]:
    """Return the first sentence shortened as a title, with its missing_title flag.

    A leading "BAMAKO (Reuters) -" dateline is no part of the sentence that the title shows.
    """
    start = lead_dateline_end(body)
    first_paragraph = body[start:].split(PARAGRAPH_SEPARATOR, 1)[0]
    sentences = split_sentences(first_paragraph)
    if not sentences:
        message = "No headline and no text to take a title from"
        return None, [FlagCandidate("missing_title", message, "body", None, None)]
    first = sentences[0]
    message = "No headline found: the title is the first sentence, shortened"
    flag = FlagCandidate(
        "missing_title", message, "body", start + first.char_start, start + first.char_end
    )
    return shorten_title(first.text), [flag]


def content_hash(body: str) -> str:
    """Hash the normalized body: case, accents' composition and whitespace do not count."""
    # str.split() splits where \s+ matches and drops the ends (both Py_UNICODE_ISSPACE), at
    # a fraction of a regex substitution's cost.
    normalized = " ".join(unicodedata.normalize("NFC", body).split()).casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def prepare_text(
    raw_text: str,
    *,
    language: str | None = None,
    title: str | None = None,
    published_on: date | None = None,
) -> PreparedText:
    """Clean, take metadata, detect language, find quality issues.

    Values given by the client win (language, title, published_on): a given title means no
    missing_title flag, a given date no missing_date flag.
    """
    cleaned = clean_text(raw_text)
    paragraphs = [line.text for line in cleaned.lines]
    meta = extract_metadata(paragraphs, cleaned.credit_agencies)
    body_lines = [cleaned.lines[index] for index in meta.body_indices]
    body = PARAGRAPH_SEPARATOR.join(line.text for line in body_lines)
    flags = _boilerplate_flags(raw_text, cleaned, meta)

    given_title = " ".join(title.split()) if title else None
    final_title = given_title or meta.headline
    title_derived = False
    if final_title is None:
        final_title, title_flags = _derived_title(body)
        title_derived = final_title is not None
        flags.extend(title_flags)

    final_date = published_on or meta.published_on
    if final_date is None:
        message = "No dateline found: the publication date is unknown"
        flags.append(FlagCandidate("missing_date", message, "raw_text", None, None))

    final_language = normalize_language_code(language) or detect_language(body)
    last_is_caption = bool(body_lines) and body_lines[-1].is_caption
    flags.extend(find_quality_flags(body, final_language, last_is_caption=last_is_caption))
    return PreparedText(
        body=body,
        title=final_title,
        title_derived=title_derived,
        published_on=final_date,
        author=meta.author,
        agencies=meta.agencies,
        language=final_language,
        flags=tuple(flags),
        content_hash=content_hash(body),
        publisher=find_publisher(raw_text),
    )
