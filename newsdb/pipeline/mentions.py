"""Entity recognition: knowledge-base names, cue-found names, names learned from earlier
articles, and surnames that refer back to a full name in the same article."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from newsdb.pipeline.cues import (
    NAME_PARTICLES,
    CueName,
    Token,
    find_cue_names,
    is_descriptive,
    tokenize,
)
from newsdb.pipeline.folding import fold_with_offsets
from newsdb.pipeline.gazetteer import Gazetteer, GazetteerHit, default_gazetteer
from newsdb.pipeline.sentences import sentence_at
from newsdb.pipeline.spans import SpanSet
from newsdb.pipeline.types import DemonymHit, MentionCandidate, Sentence

# Longest name (in words) looked up among learned names.
MAX_NAME_WORDS = 6
# Confidence of a surname standing for a full name mentioned in the same article.
COREF_CONFIDENCE = 0.8
LEARNED_CONFIDENCE = 0.9


@dataclass(frozen=True)
class KnownName:
    """A name the database already knows (an alias of an entity)."""

    key: str
    name: str
    kind: str


@lru_cache(maxsize=1 << 16)
def normalize_name(text: str) -> str:
    """Return the lookup form of a name: folded words joined by single spaces.

    Remembered: an import's writer normalizes every mention's text, and the same few hundred
    names make most of them."""
    return " ".join(token.folded for token in tokenize(text))


def name_prefixes(names: Iterable[str]) -> set[str]:
    """Return the leading words of every name of several words, each run of them as a name
    has it before a space ("jean", "jean claude" for "jean claude mbaye").

    The learned-name matcher tries a run of words only where its first words are one of these.
    """
    prefixes: set[str] = set()
    for name in names:
        space = name.find(" ")
        while space >= 0:
            prefixes.add(name[:space])
            space = name.find(" ", space + 1)
    return prefixes


class _EitherPrefixes:
    """The prefixes of the database's names and of the article's own."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, prefix: object) -> bool:
        return prefix in self.first or prefix in self.second


def find_mentions(body: str, language: str | None, sentences: list[Sentence],
                  known: Mapping[str, KnownName] | None = None,
                  gazetteer: Gazetteer | None = None,
                  known_prefixes: Container[str] | None = None,
                  ) -> tuple[list[MentionCandidate], list[DemonymHit]]:
    """Find the mentions of named entities in ``body`` and the demonyms that name countries.

    :param known_prefixes: ``name_prefixes(known)``, or any superset of it (a cache may add
        the prefixes of each name it learns and never drop one). Without it, names of the
        database are tried in runs of up to ``MAX_NAME_WORDS`` words at every capitalized word.
    """
    gazetteer = gazetteer or default_gazetteer()
    folded = fold_with_offsets(body)
    hits = gazetteer.find(folded)
    demonyms = [DemonymHit(h.char_start, h.char_end, h.text, h.entry.key,
                           sentence_at(sentences, h.char_start))
                for h in hits if h.entry.demonym]
    candidates = [_from_gazetteer(h, gazetteer, sentences) for h in hits if not h.entry.demonym]
    tokens = tokenize(body)
    by_start = sorted(candidates, key=lambda m: m.char_start)
    starts = [m.char_start for m in by_start]
    cue_names = [c for c in find_cue_names(body, language, tokens)
                 if not _wraps_known_name(body, c, by_start, starts)]
    candidates += [_from_cue(c, sentences) for c in cue_names]
    local = _local_names(cue_names)
    local_prefixes = name_prefixes(local)
    prefixes: Container[str] | None = local_prefixes
    if known:
        prefixes = (None if known_prefixes is None
                    else _EitherPrefixes(known_prefixes, local_prefixes))
    candidates += _learned(body, tokens, {**(known or {}), **local}, sentences, prefixes)
    chosen = _longest_first(candidates, demonyms)
    chosen += _surnames(body, tokens, chosen, sentences)
    chosen.sort(key=lambda m: m.char_start)
    return chosen, demonyms


def _wraps_known_name(body: str, cue: CueName, known: list[MentionCandidate],
                      starts: list[int]) -> bool:
    """A cue-found organization around a known name that adds only generic words ("Armee
    Deutschlands") is that name, not an organization of its own.

    :param known: the known names' mentions by start; ``starts``: their starts.
    """
    if cue.kind == "person":
        return False
    inside = known[bisect_left(starts, cue.char_start):bisect_right(starts, cue.char_end)]
    inner = [m for m in inside if m.char_end <= cue.char_end]
    if not inner:
        return False
    rest = body[cue.char_start:cue.char_end]
    for mention in sorted(inner, key=lambda m: -m.char_start):
        start, end = mention.char_start - cue.char_start, mention.char_end - cue.char_start
        while end < len(rest) and rest[end].isalpha():
            end += 1  # the genitive "s" left out of the mention's span
        rest = rest[:start] + " " + rest[end:]
    return is_descriptive(rest)


def _local_names(cue_names: list[CueName]) -> dict[str, KnownName]:
    """Names found through cues, to be recognized elsewhere in the article without a cue
    (an acronym defined in parentheses stands for its long form)."""
    local: dict[str, KnownName] = {}
    for cue in cue_names:
        if cue.kind == "person" or cue.confidence >= 0.7 or cue.acronym_of:
            name = KnownName(_cue_key(cue), cue.acronym_of or cue.text, cue.kind)
            local.setdefault(normalize_name(cue.text), name)
    return local


def _from_gazetteer(hit: GazetteerHit, gazetteer: Gazetteer, sentences: list[Sentence]
                    ) -> MentionCandidate:
    entity = gazetteer.kb.get(hit.entry.key)
    assert entity is not None
    return MentionCandidate(hit.char_start, hit.char_end, hit.text, entity.key, entity.name,
                            entity.kind, "kb", sentence_at(sentences, hit.char_start), 1.0,
                            entity.subtype, entity.country_code)


def _cue_key(cue: CueName) -> str:
    return "new:" + normalize_name(cue.acronym_of or cue.text)


def _from_cue(cue: CueName, sentences: list[Sentence]) -> MentionCandidate:
    name = cue.acronym_of or cue.text
    return MentionCandidate(cue.char_start, cue.char_end, cue.text, _cue_key(cue), name,
                            cue.kind, "pattern", sentence_at(sentences, cue.char_start),
                            cue.confidence)


def _strip_inflection(token: Token, names: Mapping[str, object]) -> tuple[str, int]:
    """Return a word's lookup form and end without a possessive or genitive "s"."""
    folded, end = token.folded, token.end
    if folded.endswith(("'s", "’s")):
        folded, end = folded[:-2], end - 2
    if folded not in names and folded.endswith("s") and folded[:-1] in names:
        folded, end = folded[:-1], end - 1
    return folded, end


def _learned(body: str, tokens: list[Token], known: Mapping[str, KnownName],
             sentences: list[Sentence], prefixes: Container[str] | None
             ) -> list[MentionCandidate]:
    """Names known from the database or from cues elsewhere in the article.

    :param prefixes: the ``name_prefixes`` of ``known`` (or a superset); None tries every run.
    """
    found: list[MentionCandidate] = []
    if not known:
        return found
    count = len(tokens)
    folded = [token.folded for token in tokens]
    stripped: dict[int, tuple[str, int]] = {}
    for i, token in enumerate(tokens):
        if not token.capitalized:
            continue
        # The words from here up to punctuation or a line break, at most MAX_NAME_WORDS: a
        # name may stand in them, and of those runs only the ones some name begins with.
        size = 1
        limit = min(MAX_NAME_WORDS, count - i)
        while size < limit and tokens[i + size].start - tokens[i + size - 1].end <= 1:
            size += 1
        if prefixes is not None:
            words, lead = 1, folded[i]
            while words < size and lead in prefixes:
                lead += " " + folded[i + words]
                words += 1
            size = words
        for n in range(size, 0, -1):
            last_index = i + n - 1
            if last_index not in stripped:
                stripped[last_index] = _strip_inflection(tokens[last_index], known)
            last, end = stripped[last_index]
            key = " ".join([*folded[i:last_index], last]) if n > 1 else last
            entry = known.get(key)
            if entry is not None:
                start = token.start
                found.append(MentionCandidate(
                    start, end, body[start:end], entry.key, entry.name, entry.kind, "kb"
                    if not entry.key.startswith("new:") else "pattern",
                    sentence_at(sentences, start), LEARNED_CONFIDENCE))
                break
    return found


def _longest_first(candidates: list[MentionCandidate], demonyms: list[DemonymHit]
                   ) -> list[MentionCandidate]:
    """Keep non-overlapping candidates: longer spans first, knowledge base first on ties."""
    rank = {"kb": 0, "pattern": 1, "coref": 2}
    ordered = sorted(candidates, key=lambda m: (-(m.char_end - m.char_start),
                                                rank.get(m.method, 3), -m.confidence,
                                                m.char_start))
    taken = SpanSet()
    for demonym in demonyms:
        taken.add(demonym.char_start, demonym.char_end)
    chosen: list[MentionCandidate] = []
    for candidate in ordered:
        if taken.take(candidate.char_start, candidate.char_end):
            chosen.append(candidate)
    return chosen


# An Arabic article joined to a surname is often left out when the name comes back:
# "Abdel Fattah al-Burhan" … "Burhan", "Abdel Fattah el-Sisi" … "Sisi".
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|at|an|ar|az)[-‐‑](?=\w{3})")


def _surname_forms(folded: str) -> tuple[str, ...]:
    """A surname as it may come back alone: itself, and without a joined Arabic article."""
    bare = _ARTICLE_PREFIX.sub("", folded)
    return (folded, bare) if bare != folded else (folded,)


def _surnames(body: str, tokens: list[Token], chosen: list[MentionCandidate],
              sentences: list[Sentence]) -> list[MentionCandidate]:
    """A person's surname alone refers to the full name used in the same article."""
    by_surname: dict[str, set[str]] = {}
    people: dict[str, MentionCandidate] = {}
    for mention in chosen:
        if mention.kind != "person":
            continue
        for name in {mention.name, mention.text}:  # "el-Sisi" in the KB, "al-Sisi" written
            words = [w for w in tokenize(name) if w.text not in NAME_PARTICLES]
            if len(words) >= 2:
                for surname in _surname_forms(words[-1].folded):
                    by_surname.setdefault(surname, set()).add(mention.key)
                people[mention.key] = mention
    found: list[MentionCandidate] = []
    if not by_surname:
        return found
    taken = SpanSet()
    for mention in chosen:
        taken.add(mention.char_start, mention.char_end)
    for token in tokens:
        if not token.capitalized:
            continue
        surname, end = _strip_inflection(token, by_surname)
        keys = by_surname.get(surname)
        if not keys or len(keys) != 1:
            continue
        if not taken.take(token.start, end):
            continue
        person = people[next(iter(keys))]
        found.append(MentionCandidate(token.start, end, body[token.start:end], person.key,
                                      person.name, "person", "coref",
                                      sentence_at(sentences, token.start), COREF_CONFIDENCE,
                                      person.subtype, person.country_code))
    return found
