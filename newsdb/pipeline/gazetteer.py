"""Gazetteer matching: knowledge-base aliases and demonyms found in a body with Aho-Corasick.

Matching runs on the case- and accent-folded body; every span is mapped back to the original
body through the offset map of :mod:`newsdb.pipeline.folding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from newsdb.kb import KnowledgeBase, load_knowledge_base
from newsdb.pipeline.folding import FoldedText, fold
from newsdb.pipeline.spans import SpanSet

# German genitive and plural endings a name may carry ("Malis", "Deutschlands"); the mention
# span leaves them out. Longer endings such as "-an" would turn "Mali" into "Malian".
INFLECTION_SUFFIXES = ("s", "es")


@dataclass(frozen=True)
class AliasEntry:
    """What one folded alias stands for."""

    key: str
    alias: str
    case_sensitive: bool
    demonym: bool


@dataclass(frozen=True)
class GazetteerHit:
    """An alias or demonym found in the body (original offsets)."""

    char_start: int
    char_end: int
    text: str
    entry: AliasEntry

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, char_start: int, char_end: int, text: str, entry: AliasEntry) -> None:
        object.__setattr__(self, "char_start", char_start)
        object.__setattr__(self, "char_end", char_end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "entry", entry)


class Gazetteer:
    """An Aho-Corasick automaton over every alias and demonym of a knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[AliasEntry]] = {}
        for entity in kb.entities:
            for alias in entity.aliases:
                entries.setdefault(fold(alias.text), []).append(
                    AliasEntry(entity.key, alias.text, alias.case_sensitive, False))
            for demonym in entity.demonyms:
                entries.setdefault(fold(demonym.text), []).append(
                    AliasEntry(entity.key, demonym.text, demonym.case_sensitive, True))
        for folded, values in entries.items():
            if len(folded) >= 2:
                self._automaton.add_word(folded, (len(folded), tuple(values)))
        self._automaton.make_automaton()

    def find(self, text: FoldedText) -> list[GazetteerHit]:
        """Return every alias or demonym standing as a whole word, longest first at a start."""
        hits: list[GazetteerHit] = []
        folded = text.folded
        for end_index, (length, entries) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            # Most matches are inside a word ("un" in "under"): _is_word_char, inlined.
            if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                continue
            word_end = _word_end(folded, end)
            if word_end is None:
                continue
            original_start, original_end = text.span(start, end)
            surface = text.original[original_start:original_end]
            if (start > 1 and folded[start - 1] in _HYPHENS and surface.isupper()
                    and _acronym_before(text.original, original_start - 1)
                    and not any(hit.char_end == original_start - 1 for hit in hits[-3:])):
                continue  # "CSP-DPA": the tail of a longer acronym, not "DPA" ("EU-UN": both;
                # "Pro-RSF", "anti-MINUSMA": the name)
            entry = _pick_entry(entries, surface, inflected=word_end != end)
            if entry is not None:
                hits.append(GazetteerHit(original_start, original_end, surface, entry))
        return _longest_non_overlapping(hits)


_HYPHENS = frozenset("-‐‑")


def _acronym_before(text: str, hyphen: int) -> bool:
    """Whether an acronym of two capitals or more ends right before the hyphen ("CSP-")."""
    start = hyphen
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    word = text[start:hyphen]
    return len(word) >= 2 and word.isupper()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_end(folded: str, end: int) -> int | None:
    """Return where the word ends if the match may stand there (with an inflection), else None."""
    if end >= len(folded) or not (folded[end].isalnum() or folded[end] == "_"):
        return end  # (_is_word_char, inlined: most matches end a word)
    if end < len(folded) and folded[end] == "-" :
        return end
    for suffix in INFLECTION_SUFFIXES:
        stop = end + len(suffix)
        if folded.startswith(suffix, end) and (stop >= len(folded)
                                               or not _is_word_char(folded[stop])):
            return stop
    return None


def _pick_entry(entries: tuple[AliasEntry, ...], surface: str, *, inflected: bool
                ) -> AliasEntry | None:
    for entry in entries:
        if inflected and (entry.case_sensitive or entry.alias.isupper()):
            continue  # "UNs" or "USes" are not inflections of acronyms
        if entry.case_sensitive:
            if surface == entry.alias:
                return entry
            continue
        # A proper name is written with a capital; "chad" or "niger" in lower case is a word.
        first = next((c for c in surface if c.isalpha()), "")
        alias_first = next((c for c in entry.alias if c.isalpha()), "")
        if first.isupper() or not alias_first.isupper():
            return entry
    return None


def _longest_non_overlapping(hits: list[GazetteerHit]) -> list[GazetteerHit]:
    hits.sort(key=lambda h: (h.char_start, -(h.char_end - h.char_start)))
    chosen: list[GazetteerHit] = []
    taken = SpanSet()
    for hit in sorted(hits, key=lambda h: (-(h.char_end - h.char_start), h.char_start)):
        if taken.take(hit.char_start, hit.char_end):
            chosen.append(hit)
    chosen.sort(key=lambda h: h.char_start)
    return chosen


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """Return the gazetteer of the packaged knowledge base, built once."""
    return Gazetteer(load_knowledge_base())
