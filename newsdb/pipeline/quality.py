"""Find quality issues in an article body. The text is never rewritten: issues become flags."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdb.pipeline.clean import HEADING_MAX_WORDS, word_count
from newsdb.pipeline.sentences import split_sentences

# Languages that group thousands with a comma ("20,000") and so write decimals with a point: there
# "7,10" and "12,2013" are garbled. German, French and most of Europe write "7,10" for a decimal,
# so the comma test stays off for them and for an unknown language.
COMMA_THOUSANDS_LANGUAGES = frozenset({"en"})
LANGUAGE_NAMES = {"en": "English"}

# Residue of a placeholder that a translation or a template failed to fill, glued to a number:
# "1300,<>", "183, <>", "12{0}", "5 []".
# The patterns start with a digit (no look-behind) so that the regex engine can skip ahead fast;
# _starts_number() checks what precedes the match.
_PLACEHOLDER_RESIDUE_RE = re.compile(
    r"\d+(?:[.,]\d+)*\s?[,.]?\s?(?:<[^<>\n]{0,15}>|\{\d{0,2}\}|\[\s*\])"
)
_COMMA_NUMBER_RE = re.compile(r"\d+(?:,\d+)+")
_COMMA_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_TERMINAL_ENDINGS = tuple(".!?\"'”’»)")
_ELLIPSES = ("...", "…")
_CONTINUATION_ENDINGS = tuple(",;:-–—(")


@dataclass(frozen=True)
class FlagCandidate:
    """A quality issue found in an article, pointing into the field it names."""

    code: str  # garbled_number, missing_date, missing_title, boilerplate_removed, truncated, ...
    message: str  # one human sentence
    field: str  # "body" or "raw_text": the field the span points into
    char_start: int | None
    char_end: int | None


def find_garbled_numbers(body: str, language: str | None) -> list[FlagCandidate]:
    """Flag numbers with placeholder residue, and in comma-thousands languages bad groupings."""
    flags: list[FlagCandidate] = []
    residue_spans: list[tuple[int, int]] = []
    for match in _PLACEHOLDER_RESIDUE_RE.finditer(body):
        if not _starts_number(body, match.start()):
            continue
        residue_spans.append(match.span())
        flags.append(_number_flag(match, f'Number "{match.group()}" has placeholder residue'))
    if language in COMMA_THOUSANDS_LANGUAGES:
        name = LANGUAGE_NAMES.get(language, language)
        for match in _COMMA_NUMBER_RE.finditer(body):
            inside_residue = any(start <= match.start() < end for start, end in residue_spans)
            if inside_residue or not _starts_number(body, match.start()):
                continue
            if not _COMMA_THOUSANDS_RE.fullmatch(match.group()):
                message = f'Number "{match.group()}" is not a valid {name} number'
                flags.append(_number_flag(match, message))
    return sorted(flags, key=lambda flag: flag.char_start or 0)


def _starts_number(text: str, start: int) -> bool:
    """Tell whether a number starts at *start*, not inside a word, code or longer number."""
    if start == 0:
        return True
    previous = text[start - 1]
    return not (previous.isalnum() or previous in "_.,")


def _number_flag(match: re.Match[str], message: str) -> FlagCandidate:
    return FlagCandidate("garbled_number", message, "body", match.start(), match.end())


def _truncation_reason(last_paragraph: str, *, is_caption: bool) -> str | None:
    """Return why *last_paragraph* looks cut off mid-sentence, or None.

    Conservative: a short line without a period is a heading or a caption, not a cut sentence.
    """
    text = last_paragraph.rstrip()
    prose = word_count(text) > HEADING_MAX_WORDS
    if text.endswith(_ELLIPSES):
        return "ends with an ellipsis" if prose else None
    if text.endswith(_TERMINAL_ENDINGS):
        return None
    if text.endswith(_CONTINUATION_ENDINGS):
        return f'ends with "{text[-1]}"'
    if prose and not is_caption:
        return "ends without final punctuation"
    return None


def find_truncation(body: str, *, last_is_caption: bool = False) -> list[FlagCandidate]:
    """Flag a body whose last paragraph ends mid-sentence; the span is its last sentence."""
    if not body:
        return []
    paragraph_start = body.rfind("\n\n") + 2 if "\n\n" in body else 0
    last_paragraph = body[paragraph_start:]
    reason = _truncation_reason(last_paragraph, is_caption=last_is_caption)
    if reason is None:
        return []
    start = paragraph_start + split_sentences(last_paragraph)[-1].char_start
    message = f"The text looks truncated: its last paragraph {reason}"
    return [FlagCandidate("truncated", message, "body", start, len(body))]


def find_quality_flags(
    body: str, language: str | None, *, last_is_caption: bool = False
) -> list[FlagCandidate]:
    """Return the quality flags of *body*: garbled numbers, truncation, an empty body."""
    if not body:
        message = "No article text is left after cleaning"
        return [FlagCandidate("empty_body", message, "body", None, None)]
    return [
        *find_garbled_numbers(body, language),
        *find_truncation(body, last_is_caption=last_is_caption),
    ]
