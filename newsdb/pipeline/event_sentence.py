"""One sentence as event extraction reads it: tokens, clauses, and the parties named in it.

Clauses come in three nested levels, numbered per token: ``strong`` (split by ; : ( ) quotes and
dashes), ``l2`` (also split by subordinating words: "that", "which", "dass", "qui") and ``l1``
(also split by commas). A subject is looked for in the trigger's l1 clause first, then its l2
clause; a place may come from anywhere in its strong clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS
from newsdb.pipeline.event_cues import (
    ACTING_GROUP,
    AGAINST,
    AGENT,
    FOR_WORDS,
    GENITIVE,
    LOCATIVE,
    OTHER,
    SOURCE,
    CueSet,
)
from newsdb.pipeline.types import DemonymHit, MentionCandidate

# Words; an apostrophe stays on a French elision ("l'", "d'", "s'", "qu'": a token of its own)
# and on an English possessive ("Mali's").
_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*(?:['’](?:s(?!\w)|(?=\w)))?")
# A comma (group 1) closes an l1 clause; the others close a strong one.
_BOUNDARY = re.compile(r"(,)|[;:()\[\]\"“”„«»—–]|\s-\s")
# Brackets around a word or two ("(MINUSMA)", "(SPD)", "(CSP-DPA)") hold an acronym or an
# aside of the name before them, not a clause of their own.
_SHORT_ASIDE = re.compile(r"\(\s*[^\s()]+(?:\s+[^\s()]+)?\s*\)")
# A preposition governs a name at most this many words ahead ("from colonial power France").
GOVERNOR_WINDOW_TOKENS = 3
# Words on each side of a demonym where its head noun may stand ("German armed forces", French
# "les soldats français" after the noun).
DEMONYM_HEAD_AFTER = 2
DEMONYM_HEAD_BEFORE = 1
# Place subtypes that may act ("Berlin announced", "Germany considers"); a region or a town may not.
ACTING_PLACE_SUBTYPES = frozenset({"country", "city", "historical_country"})


class Token(NamedTuple):
    """A word of the sentence with the numbers of the clauses holding it."""

    start: int
    end: int
    lower: str
    strong: int
    l2: int
    l1: int


@dataclass(frozen=True)
class Governor:
    """The preposition in front of a name."""

    relation: str  # one of the event_cues relations (LOCATIVE, SOURCE, GENITIVE…)
    token: int
    word: str
    acting_head: bool  # after a group noun: "troops from X", "government of X"

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, relation: str, token: int, word: str, acting_head: bool) -> None:
        object.__setattr__(self, "relation", relation)
        object.__setattr__(self, "token", token)
        object.__setattr__(self, "word", word)
        object.__setattr__(self, "acting_head", acting_head)


@dataclass(frozen=True)
class Party:
    """An entity named in the sentence: a mention, or a demonym naming a country's agents."""

    key: str
    kind: str  # person | organization | location | demonym
    subtype: str | None
    start: int  # offsets within the sentence
    end: int
    first: int  # token indices
    last: int
    governor: Governor | None

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, key: str, kind: str, subtype: str | None, start: int, end: int, first: int,
                 last: int, governor: Governor | None) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "subtype", subtype)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)
        object.__setattr__(self, "governor", governor)

    @property
    def is_place(self) -> bool:
        return self.kind == "location"

    @property
    def is_country(self) -> bool:
        return self.kind == "demonym" or self.subtype == "country"

    @property
    def can_act(self) -> bool:
        return not self.is_place or self.subtype in ACTING_PLACE_SUBTYPES


class SentenceView:
    """Tokens, clause numbers and parties of one sentence."""

    def __init__(self, text: str, cues: CueSet) -> None:
        self.text = text
        self.lowered = text.lower()
        self.cues = cues
        self.tokens, self._clauses = _tokenize(text, cues)
        self._starts = [token.start for token in self.tokens]
        self.parties: list[Party] = []
        # Token indices of triggers other than statements: a noun's subject is not found across
        # one ("Germany's parliament approved the deployment").
        self.event_heads: set[int] = set()
        # Whether each strong clause (by its first token) speaks of troops: asked per trigger.
        self.forces_by_clause: dict[int, bool] = {}
        # The first speech verb of each l1 clause that has one: who speaks there reports the
        # sentence's other events and takes no part in them (", the UN said").
        self.speech_heads: dict[int, int] = {}

    def token_index(self, offset: int) -> int:
        """Return the index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self._starts, offset)

    def last_token_before(self, offset: int) -> int:
        """Return the index of the last token starting before ``offset``."""
        return bisect.bisect_left(self._starts, offset) - 1

    def clause_tokens(self, level: str, index: int) -> range:
        """Return the token indices of the clause of ``level`` holding token ``index``."""
        return self._clauses[level][index]

    def span_text(self, first: int, last: int) -> str:
        """Return the text from token ``first`` through token ``last``."""
        if first > last:
            return ""
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def add_parties(self, offset: int, mentions: Iterable[MentionCandidate],
                    demonyms: Iterable[DemonymHit]) -> None:
        """Record the parties of the sentence; ``offset`` is the sentence's start in the body."""
        taken: list[tuple[int, int]] = []
        for mention in mentions:
            start, end = mention.char_start - offset, mention.char_end - offset
            if mention.kind == "other" or start < 0 or end > len(self.text):
                continue
            taken.append((start, end))
            self._add(mention.key, mention.kind, mention.subtype, start, end)
        for hit in demonyms:
            start, end = hit.char_start - offset, hit.char_end - offset
            if start < 0 or end > len(self.text) or any(s < end and start < e for s, e in taken):
                continue
            if self._names_acting_group(start, end):
                self._add(hit.country_key, "demonym", "country", start, end)
        self._settle()

    def add_event_owners(self, offset: int, demonyms: Iterable[DemonymHit],
                         heads: set[int]) -> None:
        """Record demonyms right before an event noun as its owners ("Israeli airstrikes", "the
        German withdrawal"); ``heads`` are the token indices of the event nouns."""
        known = {party.start for party in self.parties}
        added = False
        for hit in demonyms:
            start, end = hit.char_start - offset, hit.char_end - offset
            if start in known or start < 0 or end > len(self.text):
                continue
            if self.token_index(end) in heads and self.text[end:end + 1] not in ("-", "‐"):
                self._add(hit.country_key, "demonym", "country", start, end)
                added = True
        if added:
            self._settle()

    def _settle(self) -> None:
        self.parties.sort(key=lambda party: party.start)
        # The tokens parties cover, once (a sentence of thousands of names built it per party);
        # a party's own tokens never stand before it, where its governor is looked for.
        owned = {index for party in self.parties for index in range(party.first, party.last + 1)}
        self.parties = [self._governed(_with_governor(party, None), owned)
                        for party in self.parties]

    def _add(self, key: str, kind: str, subtype: str | None, start: int, end: int) -> None:
        first = self.token_index(start)
        last = max(first, self.last_token_before(end))
        if first >= len(self.tokens):
            return
        self.parties.append(Party(key, kind, subtype, start, end, first, last, None))

    def _names_acting_group(self, start: int, end: int) -> bool:
        """Whether a demonym stands next to troops, a government or an official."""
        if end < len(self.text) and self.text[end] in "-‐":
            return False  # "Russian-backed", "deutsch-malischen": part of a compound
        first = self.token_index(start)
        after = self.token_index(end)
        window = self.tokens[after : after + DEMONYM_HEAD_AFTER]
        window += self.tokens[max(0, first - DEMONYM_HEAD_BEFORE) : first]
        return any(ACTING_GROUP.search(token.lower) for token in window)

    def _governed(self, party: Party, owned: set[int]) -> Party:
        index = party.first - 1
        while index >= max(0, party.first - GOVERNOR_WINDOW_TOKENS):
            token = self.tokens[index]
            if (index in owned or token.l1 != self.tokens[party.first].l1
                    or token.lower in self.cues.subordinators):
                return party  # "after Mali's government …": "after" opens a clause here
            if token.lower in _DATE_WORDS:
                return party  # "Am Montag besuchte Pistorius": "am" governs the day
            if token.lower in _ALIAS_WORDS or (
                    token.lower == "as" and index > 0
                    and self.tokens[index - 1].lower in _ALIAS_WORDS):
                return _with_governor(party, Governor(OTHER, index, token.lower, False))
            relation = self.cues.prepositions.get(token.lower)
            if relation == GENITIVE and index > 0 and _QUANTITY.match(self.tokens[index - 1].lower):
                return party  # "Une centaine de militaires américains", "hundreds of troops"
            if relation is not None:
                return _with_governor(party, self._governor(index, relation))
            index -= 1
        return party

    def _place_noun_relation(self, noun: int) -> str:
        """The relation of the preposition before "the (northern) town": LOCATIVE for "in the
        northern town of", else GENITIVE."""
        for index in range(noun - 1, max(-1, noun - 4), -1):
            relation = self.cues.prepositions.get(self.tokens[index].lower)
            if relation is not None:
                return relation
        return GENITIVE

    def _governor(self, index: int, relation: str) -> Governor:
        before = self.tokens[index - 1].lower if index > 0 else ""
        if before in _ATTRIBUTED and relation in (LOCATIVE, AGAINST):
            relation = AGENT  # "an attack attributed to JNIM", "attribuée au JNIM"
        elif relation == GENITIVE and before == "out":  # "out of Mali"
            relation = SOURCE
        elif relation == GENITIVE and before in _NEAR_WORDS:  # "près de Tillabéri"
            relation = LOCATIVE
        elif relation == GENITIVE and before in _PLACE_NOUNS:
            # "in the northern town of Tessit": the name is where the place noun is.
            relation = self._place_noun_relation(index - 1)
        word = self.tokens[index].lower
        owning = relation in (GENITIVE, SOURCE) or word in FOR_WORDS
        acting = owning and ACTING_GROUP.search(before) is not None
        return Governor(relation, index, word, acting)


# Amounts before "of"/"de"/"von": the "of" counts, it does not govern ("hundreds of German
# soldiers", "une centaine de militaires", "Hunderte von Soldaten"); not "part of the mission".
_QUANTITY = re.compile(r"(?:\d[\d.,]*|hundreds?|thousands?|dozens?|scores|millions?|"
                       r"dizaines?|centaines?|milliers?|hunderte|tausende|dutzende)$")
# Another name of the party before: "led by Mohamed Hamdan Dagalo, known as Hemedti" (no
# subject of its own), "alias", "dit", "genannt".
_ALIAS_WORDS = frozenset({"known", "dubbed", "nicknamed", "alias", "dit", "surnommé", "genannt"})
# Day and month names (not their short forms: "may", "mar"): a preposition before one governs
# the date, not a name after it.
_DATE_WORDS = frozenset(word for word in (*MONTHS, *WEEKDAYS) if len(word) > 3) | {"mai"}
# Conjunctions that join main clauses after a comma, and the words a new subject opens with
COORDINATORS = frozenset({"and", "but", "while", "und", "aber", "doch", "et", "mais"})
# German auxiliaries that open a clause sharing the subject of the one before ("… und war im Mai
# 2024 gewählt worden"): the verb at its end is far from the dates before the "und". (In
# English the verb follows the auxiliary, and "The UN said … and has called for" keeps the UN.)
_SHARED_SUBJECT_AUXILIARIES = frozenset("""
hat hatte hatten haben ist war waren sind wird wurde wurden werden
""".split())
# A relative clause that opens with a preposition: ", in dem mehr als 100.000 Menschen leben",
# ", in which", ", dans lequel".
_PREPOSITIONS = frozenset("""
in at on from with by for to under of into
in an auf bei mit nach von zu für über unter aus gegen durch um vor seit
dans à par pour avec sur sous chez vers contre
""".split())
_RELATIVES = frozenset("""
which whom whose
dem der den denen deren dessen das welchem welcher welchen welche
lequel laquelle lesquels lesquelles qui quoi
""".split())
_CLAUSE_OPENERS = frozenset("""
the a an its their his her this these those der die das ein eine dessen deren le la les l' l’
un une son sa ses leur leurs ce cette ces
""".split())
# Participles after which "to"/"à"/"on" names the doer: "an attack attributed to JNIM",
# "blamed on the RSF", "une embuscade attribuée aux jihadistes", "imputé au JNIM".
_ATTRIBUTED = frozenset("""
attributed blamed
attribué attribuée attribués attribuées imputé imputée imputés imputées
""".split())
# Words that make "de"/"of"/"von" locative: "près de Tillabéri", "in der Nähe von Gao".
_NEAR_WORDS = frozenset("""
près proche autour loin nähe outskirts north south east west nord sud est ouest
north-west north-east south-west south-east northwest northeast southwest southeast
nord-ouest nord-est sud-ouest sud-est centre center norden süden osten westen nordwesten
nordosten südwesten südosten zentrum
""".split())
# Nouns after which "of"/"de" names a place: "the town of Gao", "la ville de Kidal".
_PLACE_NOUNS = frozenset("""
town city village region province district capital area outskirts base camp airport
ville village région province localité capitale commune cercle camp aéroport
stadt region provinz hauptstadt gemeinde basis stützpunkt flughafen
""".split())


def _with_governor(party: Party, governor: Governor | None) -> Party:
    return Party(party.key, party.kind, party.subtype, party.start, party.end, party.first,
                 party.last, governor)


def _tokenize(text: str, cues: CueSet) -> tuple[list[Token], dict[str, list[range]]]:
    """Split ``text`` into tokens numbered by strong, l2 and l1 clause; also return, for each
    level, the range of tokens in each token's clause."""
    matches = list(_TOKEN.finditer(text))
    starts = [match.start() for match in matches]
    lowers = [match.group().lower() for match in matches]
    strong_cuts: set[int] = set()
    comma_cuts: set[int] = set()
    asides = [match.span() for match in _SHORT_ASIDE.finditer(text)] if "(" in text else []
    aside_starts = [start for start, _ in asides]
    for match in _BOUNDARY.finditer(text):
        if asides:  # "the mission (MINUSMA) ended": an acronym in brackets cuts nothing
            inside = bisect.bisect_right(aside_starts, match.start()) - 1
            if inside >= 0 and match.start() < asides[inside][1]:
                continue
        cut = bisect.bisect_left(starts, match.start())
        (comma_cuts if match.group(1) else strong_cuts).add(cut)
    # A subordinating word opens its clause: the cut falls before it; so does a conjunction after
    # a comma that a new subject follows (", and the African Union suspended …", ", et la
    # France a …": news style puts no comma before the last item of a list).
    l2_cuts = strong_cuts | {index for index, lower in enumerate(lowers)
                             if lower in cues.subordinators}
    l2_cuts |= {cut for cut in comma_cuts if cut + 1 < len(lowers)
                and (lowers[cut] in COORDINATORS and lowers[cut + 1] in _CLAUSE_OPENERS
                     or lowers[cut] in _PREPOSITIONS and lowers[cut + 1] in _RELATIVES)}
    # A conjunction before an auxiliary opens a clause that shares its subject: "hatte im April
    # 2021 die Macht übernommen und war im Mai 2024 gewählt worden"
    comma_cuts |= {index for index in range(1, len(lowers) - 1)
                   if lowers[index] in COORDINATORS
                   and lowers[index + 1] in _SHARED_SUBJECT_AUXILIARIES}
    numbers: dict[str, list[int]] = {}
    ranges: dict[str, list[range]] = {}
    for level, cuts in (("strong", strong_cuts), ("l2", l2_cuts), ("l1", l2_cuts | comma_cuts)):
        numbers[level], ranges[level] = _segments(cuts, len(matches))
    ends = [match.end() for match in matches]
    # tuple.__new__ is what Token._make calls, without a Python frame per token.
    tokens = list(map(tuple.__new__, repeat(Token),
                      zip(starts, ends, lowers, numbers["strong"], numbers["l2"], numbers["l1"],
                          strict=True)))
    return tokens, ranges


def _segments(cuts: set[int], size: int) -> tuple[list[int], list[range]]:
    """Number the tokens between cuts, and give each the range of its segment."""
    numbers: list[int] = []
    ranges: list[range] = []
    bounds = sorted(cut for cut in cuts if 0 < cut < size)
    if not bounds:  # one segment, as in most sentences
        return [0] * size, [range(0, size)] * size
    for number, (first, stop) in enumerate(zip([0, *bounds], [*bounds, size], strict=True)):
        numbers += [number] * (stop - first)
        ranges += [range(first, stop)] * (stop - first)
    return numbers, ranges
