"""The context of a date phrase: the tense of its clause and the language of its text.

A weekday or a month without a year names the most recent one unless the clause it stands in
speaks of the future (DESIGN.md §5.7); French "hier" is "yesterday" only in a French text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# How far around a phrase to look for the clause whose tense decides past or future; a news
# sentence rarely runs longer, and the bound keeps the look-up cheap on bodies without full stops.
MAX_CLAUSE_CHARS = 300


def word_set(text: str) -> frozenset[str]:
    """Return the white-space separated words of ``text`` as a set."""
    return frozenset(text.split())


@dataclass(frozen=True)
class _FutureCues:
    """Words that make a clause speak of the future, looked up in its lower-cased words."""

    words: frozenset[str]
    phrases: tuple[str, ...] = ()  # several words, matched on the clause's words joined by " "
    endings: tuple[str, ...] = ()  # verb endings that mark the future tense


# Cues that a clause speaks of the future (DESIGN.md §5.7): a weekday or month then names the
# coming one. French adds common future endings ("se rendra", "rencontreront").
_FUTURE_CUES = {
    "en": _FutureCues(
        word_set("will shall won't next upcoming i'll we'll you'll he'll she'll it'll they'll"),
        (
            *("going to", "plans to", "plan to", "planning to", "is to", "are to"),
            *("is due to", "are due to", "is expected to", "are expected to"),
            *("is scheduled to", "are scheduled to", "is set to", "are set to"),
            *("is slated to", "are slated to"),
        ),
    ),
    "de": _FutureCues(
        word_set(
            """wird werden werde will wollen soll sollen plant planen kommende kommenden
            nächste nächsten naechste naechsten bevorstehende bevorstehenden"""
        ),
    ),
    "fr": _FutureCues(
        word_set(
            """va vont sera seront aura auront prochain prochaine prochains prochaines prévoit
            prévoient"""
        ),
        endings=("era", "eront", "iront", "dra", "dront"),
    ),
}
# Shortest stem before a future ending, so that short words ("era", "dra") are no verbs.
MIN_FUTURE_STEM = 2


def _joined_cues(cues: _FutureCues) -> re.Pattern[str] | None:
    """Compile the phrases and endings into one search of the clause's words joined by " "."""
    forms = [f" {re.escape(phrase)} " for phrase in cues.phrases]
    forms += [rf"\S{{{MIN_FUTURE_STEM}}}{re.escape(ending)} " for ending in cues.endings]
    return re.compile("|".join(forms)) if forms else None


# One search instead of a test per phrase and per word: the tense is asked of most dates.
_JOINED_FUTURE_CUES = {language: _joined_cues(cues) for language, cues in _FUTURE_CUES.items()}
# What ends a clause for the tense check: sentence ends, quotes, and "that"/"dass"/"que", so that
# in "He said on Friday that he will travel" the "will" does not move Friday ahead.
# A full stop ends a clause only before white space or at the end: "15.12.2023", "2.5" do not.
# One character class first, the full stop checked after it: three times faster than "a|b".
_CLAUSE_MARK = re.compile(r'[\n;:"“”„«».!?](?!(?<=[.!?])\S)')
_CLAUSE_WORDS = (" that ", " dass ", " que ", " qu'")
# A relative or subordinate clause set off by a comma ends the clause before it: in "billigte im
# August eine Mission, die im Januar beginnen soll" the "soll" does not move August ahead.
# Before the date, such a clause has begun: "the troops, who will leave on Friday".
_RELATIVE_OPENERS = (", die ", ", der ", ", das ", ", den ", ", dem ", ", deren ", ", dessen ",
                     ", wo ", ", als ", ", nachdem ", ", weil ", ", which ", ", who ",
                     ", whose ", ", where ", ", after ", ", before ", ", qui ", ", dont ", ", où ",
                     ", lorsque ", ", quand ", ", après ", ", avant ")
_CLAUSE_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Frequent function words, to tell French "hier" (yesterday) from German "hier" (here) when the
# caller does not know the language.
_STOPWORDS = {
    "en": word_set("the and of to is was that with for on"),
    "de": word_set("der die das und ist nicht mit ein eine den dem sich auf wurde"),
    "fr": word_set("le la les et est des une un du pour dans qui il"),
}
_WORD = re.compile(r"[^\W\d_]+")


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the bounds of the clause that contains ``text[start:end]``."""
    low = max(0, start - MAX_CLAUSE_CHARS)
    high = min(len(text), end + MAX_CLAUSE_CHARS)
    left = max(_last_mark(text, low, start), low)
    right = min(_first_mark(text, end, high), high)
    base = left  # where ``before`` starts: each word's position counts from here
    before = text[base:start].lower().replace("’", "'")
    for word in _CLAUSE_WORDS + _RELATIVE_OPENERS:
        found = before.rfind(word)
        if found >= 0:
            left = min(max(left, base + found + len(word)), start)
    # After the date, a relative clause ends the date's clause when it runs to the end ("signed
    # a deal on Wednesday, which Berlin will fund"), not when a comma closes it and the main
    # clause goes on ("Talks on Friday, which the UN will attend, are expected …").
    after = text[end:right].lower().replace("’", "'")
    for word in _CLAUSE_WORDS:
        found = after.find(word)
        if found >= 0:
            right = max(min(right, end + found), end)
    for word in _RELATIVE_OPENERS:
        found = after.find(word)
        if found >= 0 and "," not in after[found + len(word):right - end]:
            right = max(min(right, end + found), end)
    return left, right


def _last_mark(text: str, low: int, high: int) -> int:
    """Return the position after the last clause mark in ``text[low:high]``, or ``low``."""
    best = low
    # One past ``high``, so that a full stop at ``high - 1`` sees whether white space follows.
    for mark in _CLAUSE_MARK.finditer(text, low, high + 1):
        if mark.start() < high:
            best = mark.end()
    return best


def _first_mark(text: str, low: int, high: int) -> int:
    """Return the position of the first clause mark in ``text[low:high]``, or ``high``."""
    mark = _CLAUSE_MARK.search(text, low, high + 1)
    return mark.start() if mark is not None and mark.start() < high else high


def _vote_language(text: str) -> str | None:
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in _WORD.findall(text.lower()):
        for language, words in _STOPWORDS.items():
            if word in words:
                counts[language] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    return best[0] if best[1] > runner_up[1] else None


class Scene:
    """The text a phrase was found in, with its anchor and language, and what they imply."""

    def __init__(self, text: str, language: str | None, anchor: date | None) -> None:
        self.text = text
        self.language = language
        self.anchor = anchor
        self._voted: str | None = None
        self._has_voted = False

    def reads_as(self, language: str) -> bool:
        """Tell whether the text is in ``language``: as given, or by a vote of function words."""
        if self.language is not None:
            return self.language == language
        if not self._has_voted:
            self._voted = _vote_language(self.text)
            self._has_voted = True
        return self._voted == language

    def points_ahead(self, start: int, end: int, language: str) -> bool:
        """Tell whether the clause around ``text[start:end]`` speaks of the future."""
        left, right = _clause_around(self.text, start, end)
        clause = self.text[left:right].lower().replace("’", "'")
        words = _CLAUSE_TOKEN.findall(clause)
        if not _FUTURE_CUES[language].words.isdisjoint(words):
            return True
        joined_cues = _JOINED_FUTURE_CUES[language]
        return joined_cues is not None and joined_cues.search(f" {' '.join(words)} ") is not None
