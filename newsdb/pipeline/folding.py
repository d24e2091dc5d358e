"""Case- and accent-folding with a map back to the original offsets.

Folding changes lengths ("ß" → "ss", a decomposed "é" → "e"), so every matcher works on the
folded text and maps its spans back through :class:`FoldedText`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Apostrophes and dashes that writers use interchangeably; folded to one form each.
_EQUIVALENT = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "‐": "-", "‑": "-",
                             "–": "-", "—": "-"})


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
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True)
class FoldedText:
    """A folded string and, for each of its characters, the original offset it came from."""

    original: str
    folded: str
    origin: tuple[int, ...]  # len(folded) + 1 entries; the last is len(original)

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
        return FoldedText(text, fold(text), tuple(range(len(text) + 1)))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = fold_char(char) if not char.isascii() else char.lower()
        pieces.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return FoldedText(text, "".join(pieces), tuple(origin))
