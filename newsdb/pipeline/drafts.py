"""The pure part of extraction: what an article's text says, before any database row is touched.

:func:`draft_extraction` runs the sentence, mention and event stages on a clean body. It needs
no session, so an import can run it in worker processes ahead of the single writer
(``services/import_pool.py``). The one thing it reads from the database is the set of names
the database has learned (``known``): drafts remember which version of that set they were made
with, so the writer can tell whether a name learned since could change them
(:func:`drafts_current`).
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from newsdb.pipeline.cues import tokenize
from newsdb.pipeline.events import find_events
from newsdb.pipeline.folding import fold
from newsdb.pipeline.mentions import KnownName, find_mentions
from newsdb.pipeline.sentences import split_sentences
from newsdb.pipeline.types import DemonymHit, EventCandidate, MentionCandidate, Sentence


@dataclass(frozen=True)
class NamesVersion:
    """Which learned names a draft saw: the first ``size`` of the cache's log, in ``epoch``."""

    epoch: int
    size: int


@dataclass(frozen=True)
class ExtractionDrafts:
    """Sentences, mention candidates, demonyms and event candidates of one body."""

    sentences: list[Sentence]
    candidates: list[MentionCandidate]
    demonyms: list[DemonymHit]
    events: list[EventCandidate]
    names: NamesVersion


def draft_extraction(body: str, language: str | None, published_on: date | None,
                     known: Mapping[str, KnownName], known_prefixes: Container[str] | None,
                     names: NamesVersion) -> ExtractionDrafts:
    """Run the pure extraction stages on a clean body (``known_prefixes``: see
    :func:`newsdb.pipeline.mentions.find_mentions`)."""
    sentences = split_sentences(body)
    candidates, demonyms = find_mentions(body, language, sentences, known,
                                         known_prefixes=known_prefixes)
    events = find_events(body, language, sentences, candidates, demonyms, published_on)
    return ExtractionDrafts(sentences, candidates, demonyms, events, names)


def drafts_current(drafts: ExtractionDrafts, body: str, names: NamesVersion,
                   learned_since: Sequence[str]) -> bool:
    """Tell whether drafts made with an older set of learned names still hold.

    ``learned_since`` are the names (normalized: folded words joined by spaces) learned after
    the drafts' version. The learned-name matcher finds a name only where each of its words is
    a word of the body (the last one perhaps with a possessive or plural "s": see
    ``mentions._strip_inflection``), so drafts whose body lacks a word of each of those names
    are what a fresh run would give. A different epoch (the cache started over) always
    invalidates them.
    """
    if drafts.names.epoch != names.epoch:
        return False
    if not learned_since:
        return True
    # First as substrings of the folded body (cheap, and most names fail it), then the few
    # left as words: a short name ("af", "cnm") is inside many words, rarely one of them.
    folded = fold(body)
    split = (name.split(" ") for name in learned_since)
    maybe = [words for words in split if all(word in folded for word in words)]
    if not maybe:
        return True
    words = _word_forms(body)
    return not any(all(word in words for word in name) for name in maybe)


def _word_forms(body: str) -> set[str]:
    """The folded words of a body, each also as the matcher may strip it ("kelly's" and
    "kellys" give "kelly" too), and split where folding put a space in one."""
    forms: set[str] = set()
    for token in tokenize(body):
        word = token.folded
        forms.update(word.split(" "))
        if word.endswith(("'s", "’s")):
            word = word[:-2]
            forms.update(word.split(" "))
        if word.endswith("s"):
            forms.update(word[:-1].split(" "))
    return forms
