"""Case- and accent-folding with a map back to the original offsets.

Folding changes lengths ("ß" → "ss", a decomposed "é" → "e"), so every matcher works on the
folded text and maps its spans back through :class:`FoldedText`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Apostrophes and dashes that writers use interchangeably; folded to one form each.
_EQUIVALENT = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-",
                             "–": "-", "—": "-"})
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """Fold one character: case, accents (combining marks dropped), equivalent punctuation."""
    decomposed = unicodedata.normalize("NFKD", char.translate(_EQUIVALENT))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def fold(text: str) -> str:
    """Fold a whole string (for keys: alias ``normalized`` columns, lookups)."""
    if text.isascii():
        return text.lower().replace("`", "'")
    # one translation of the characters present: the same as folding each in turn
    return text.translate({ord(char): fold_char(char) for char in set(text)})


@dataclass(frozen=True)
class FoldedText:
    """A folded string and, for each of its characters, the original offset it came from."""

    original: str
    folded: str
    origin: tuple[int, ...]  # len(folded) + 1 entries; the last is len(original)
    # Every character folded to exactly one: ``folded[i]`` comes from ``original[i]``.
    aligned: bool = False

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span back to the original text."""
        original_start = self.origin[start]
        original_end = self.origin[end - 1] + 1 if end > start else original_start
        # A folded span ending inside an expansion ("ß" → "ss") still covers the whole char,
        # and takes the combining marks that follow its last letter ("e" + U+0301).
        while original_end < len(self.original) and not fold_char(self.original[original_end]):
            original_end += 1
        return original_start, original_end


def fold_with_offsets(text: str) -> FoldedText:
    """Fold ``text`` and remember where every folded character came from."""
    if text.isascii():
        return FoldedText(text, fold(text), tuple(range(len(text) + 1)), aligned=True)
    # ASCII characters are only lower-cased (a backtick stays, unlike in ``fold``), the others
    # fold as ``fold_char`` does. str.translate reads a text holding any non-ASCII character
    # one table lookup at a time: the runs of them are translated instead, and the rest
    # lower-cased at once, which leaves their foldings as they are (else: translate it all).
    runs = _NON_ASCII_RUN.findall(text)
    table = {ord(char): fold_char(char) for char in set("".join(runs))}
    if all(value == value.lower() for value in table.values()):
        folded = _NON_ASCII_RUN.sub(lambda run: run.group().translate(table), text).lower()
    else:
        folded = text.translate({**{ord(char): char.lower() for char in set(text)}, **table})
    resized = [chr(code) for code, value in table.items() if len(value) != 1]
    if not resized:  # nearly always: no "ß", ligature or lone combining mark
        return FoldedText(text, folded, tuple(range(len(text) + 1)), aligned=True)
    origin: list[int] = []
    done = 0
    for index in sorted(_positions(text, resized)):
        origin.extend(range(done, index))
        origin.extend([index] * len(table[ord(text[index])]))
        done = index + 1
    origin.extend(range(done, len(text) + 1))
    return FoldedText(text, folded, tuple(origin))


def _positions(text: str, chars: list[str]) -> list[int]:
    """Return every offset of ``text`` holding one of ``chars``."""
    found: list[int] = []
    for char in chars:
        index = text.find(char)
        while index >= 0:
            found.append(index)
            index = text.find(char, index + 1)
    return found
