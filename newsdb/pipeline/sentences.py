"""Split a body into sentences, keeping exact offsets."""

from __future__ import annotations

import re

from newsdb.pipeline.calendar_words import MONTHS
from newsdb.pipeline.types import Sentence

# Words after which a period does not end a sentence (titles, ranks, "e.g." and the like, in
# English, German and French), compared lower-cased without the period.
ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gen lt col maj capt cpt sgt adm gov sen rep st jr sr no nr vs etc approx
inc ltd co corp dept est fig jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n e.g i.e
z.b d.h u.a bzw ca vgl dt hr fr mme mlle me gén col. cf av. bd
""".split())
# A sentence may open with a quote, spaced as French writes it ("« Nous …") or German ("„Wir").
_BOUNDARY = re.compile(
    r"""[.!?…]+(?:\s?[»"'”’“)\]])*(?=\s+(?:["'«“‘„(\[]\s*)?[A-ZÀ-ÖØ-Þ0-9])|\n\s*\n|\n""")


def split_sentences(body: str) -> list[Sentence]:
    """Return the sentences of ``body`` in order; paragraph breaks always end one."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(body):
        end = match.end() if not match.group().startswith("\n") else match.start()
        if match.group()[0] == "." and (_is_abbreviation(body, match.start())
                                        or _is_ordinal_date(body, match.start())):
            continue
        _append(sentences, body, start, end)
        start = match.end()
    _append(sentences, body, start, len(body))
    return sentences


def _is_abbreviation(body: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (body[word_start - 1].isalpha() or body[word_start - 1] == "."):
        word_start -= 1
    word = body[word_start:dot].lower()
    if not word:
        return False
    # A single capital letter before a dot is an initial ("George W. Bush").
    return word in ABBREVIATIONS or (len(word) == 1 and body[word_start].isupper())


def _is_ordinal_date(body: str, dot: int) -> bool:
    """German and French-style ordinals before a month ("Am 11. November") end nothing."""
    digits = dot
    while digits > 0 and body[digits - 1].isdigit():
        digits -= 1
    if not 1 <= dot - digits <= 2 or (digits > 0 and body[digits - 1].isalnum()):
        return False
    following = body[dot + 1:dot + 16].split()
    return bool(following) and following[0].strip(".,").lower() in MONTHS


def _append(sentences: list[Sentence], body: str, start: int, end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, body[start:end]))


def sentence_at(sentences: list[Sentence], offset: int) -> int:
    """Return the index of the sentence holding ``offset`` (the last one before it if none)."""
    low, high = 0, len(sentences) - 1
    best = 0
    while low <= high:
        middle = (low + high) // 2
        if sentences[middle].char_start <= offset:
            best = middle
            low = middle + 1
        else:
            high = middle - 1
    return best
