"""Find event triggers in a sentence and judge each one: negated, hypothetical, referring back to
an event already told, and whether it happened, is planned, postponed or cancelled."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdb.pipeline.event_cues import AID_WORDS, FORCE_WORDS, LIFTED_SANCTIONS
from newsdb.pipeline.event_lexicon import (
    AID,
    MIN_COMPOUND_HEAD,
    MIN_COMPOUND_TAIL,
    Lexicon,
    TriggerSpec,
)
from newsdb.pipeline.event_sentence import SentenceView

# How far from the trigger each cue may stand, in words. A negation sits next to its verb ("did
# not announce", "no agreement"); a modal or a plan verb a little further ("would soon be
# traveling", "plans to … visit"); "postponed" or "cancelled" may stand on either side ("delayed
# plans for elections", "the vote … was postponed").
NEGATION_WINDOW_TOKENS = 4
NEGATION_AFTER_TOKENS = 2  # German and French put it after the verb: "besuchte Niger nicht"
HYPOTHESIS_WINDOW_TOKENS = 5
PLANNED_WINDOW_TOKENS = 6
PLANNED_AFTER_TOKENS = 2  # German verb-final clauses: "… abziehen wird"
IMPLICATIVE_WINDOW_TOKENS = 3
INFINITIVE_REACH_TOKENS = 5  # "prompting France to withdraw": the verb that governs "to"
RESCHEDULE_WINDOW_TOKENS = 6
# German puts the particle of "hob … auf" at the end of the clause, far after the noun.
LIFTED_WINDOW_AFTER = 12
ANAPHORA_WINDOW_TOKENS = 3  # "the abrupt end", "den politischen Gesprächen"
# How much text before a head word its ``before`` pattern may see ("s'est rendu").
BEFORE_CONTEXT_CHARS = 80

_FRENCH_FUTURE = re.compile(r"(?:ra|ront|rai|ras|rez|rons)$")
_GERMAN_ZU_INFINITIVE = re.compile(r"\wzu\w{3,}en$")
_FRENCH_INFINITIVE = re.compile(r"(?:er|ir|re)$")
_ADVERB = re.compile(r"\w+(?:ly|ment)$")
_FRENCH_CLITICS = frozenset({"se", "s'", "s’"})
_WORD = re.compile(r"\w+(?:[-‐]\w+)*")
_POSSESSIVE = frozenset({"'s", "’s"})


@dataclass(frozen=True)
class Trigger:
    """A word (or words) of the sentence signalling an event of ``spec.kind``."""

    spec: TriggerSpec
    start: int  # offsets within the sentence
    end: int
    first: int  # token indices
    last: int

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, spec: TriggerSpec, start: int, end: int, first: int, last: int) -> None:
        object.__setattr__(self, "spec", spec)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "first", first)
        object.__setattr__(self, "last", last)

    @property
    def kind(self) -> str:
        return self.spec.kind


def may_hold_trigger(text: str, lexicon: Lexicon) -> bool:
    """Whether any word of ``text`` is a trigger form: a cheap test before a full reading."""
    words = _WORD.findall(text.lower())
    if not lexicon.by_form.keys().isdisjoint(words):
        return True
    return bool(lexicon.by_compound_tail) and any(
        _compound_specs(word, lexicon) for word in words if word.endswith(lexicon.tails))


def find_triggers(view: SentenceView, lexicon: Lexicon,
                  named: list[tuple[int, int]]) -> list[Trigger]:
    """Return the triggers of the sentence, in order; none inside a name ("Alliance of …")."""
    triggers: list[Trigger] = []
    by_form, compounds = lexicon.by_form, bool(lexicon.by_compound_tail)
    for index, token in enumerate(view.tokens):
        if triggers and token.start < triggers[-1].end:
            continue  # inside what a trigger took in ("ended a cooperation agreement")
        word = token.lower
        specs = by_form.get(word)
        if specs is None and word[-2:] in _POSSESSIVE:
            specs = by_form.get(word[:-2])  # "the coup's leaders"
        elif specs is None and compounds:
            specs = _compound_specs(word, lexicon)  # "Truppenabzug"
        if not specs or any(start <= token.start < end for start, end in named):
            continue
        for spec in specs:
            trigger = _match(view, index, spec)
            if trigger is not None and _has_context(view, trigger):
                triggers.append(trigger)
                break
    return triggers


def _compound_specs(word: str, lexicon: Lexicon) -> tuple[TriggerSpec, ...]:
    if not lexicon.by_compound_tail or not word.endswith(lexicon.tails):
        return ()
    first_cut = max(MIN_COMPOUND_HEAD, len(word) - lexicon.longest_tail)
    for cut in range(first_cut, len(word) - MIN_COMPOUND_TAIL + 1):
        specs = lexicon.by_compound_tail.get(word[cut:])
        if specs:
            return specs
    return ()


def _match(view: SentenceView, index: int, spec: TriggerSpec) -> Trigger | None:
    token = view.tokens[index]
    end = token.end
    if spec.then is not None:
        match = spec.then.match(view.text, token.end)
        if match is None:
            return None
        if spec.consume:
            end = match.end()
    if spec.before is not None:
        window = view.text[max(0, token.start - BEFORE_CONTEXT_CHARS) : token.start]
        if spec.before.search(window) is None:
            return None
    return Trigger(spec, token.start, end, index, max(index, view.last_token_before(end)))


def names_forces(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger's clause speaks of troops, a mission or an armed force."""
    clause = view.clause_tokens("strong", trigger.first)
    found = view.forces_by_clause.get(clause.start)
    if found is None:
        text = view.span_text(clause.start, clause.stop - 1)
        found = FORCE_WORDS.found_in(text) or any(
            party.subtype in ("armed_force", "armed_group") for party in view.parties)
        view.forces_by_clause[clause.start] = found
    return found


def _has_context(view: SentenceView, trigger: Trigger) -> bool:
    """Whether a weak trigger ("left", "built") stands in a clause about troops or aid."""
    if trigger.spec.context is None:
        return True
    if trigger.spec.context != AID:
        return names_forces(view, trigger)
    clause = view.clause_tokens("strong", trigger.first)
    return AID_WORDS.found_in(view.span_text(clause.start, clause.stop - 1))


def _window(view: SentenceView, trigger: Trigger, before: int, after: int,
            level: str) -> str:
    """Return the text of up to ``before``/``after`` words around the trigger, in its clause."""
    clause = view.clause_tokens(level, trigger.first)
    first = max(clause.start, trigger.first - before)
    last = min(clause.stop - 1, trigger.last + after)
    return view.span_text(first, last)


def _words_before(view: SentenceView, trigger: Trigger, count: int, level: str) -> list[str]:
    clause = view.clause_tokens(level, trigger.first)
    first = max(clause.start, trigger.first - count)
    return [token.lower for token in view.tokens[first : trigger.first]]


def is_negated(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger is denied: "did not announce", "no agreement", "n'a pas quitté"."""
    clause = view.clause_tokens("l1", trigger.first)
    head = view.tokens[trigger.first]
    first = max(clause.start, trigger.first - NEGATION_WINDOW_TOKENS)
    parts = [view.text[view.tokens[first].start : head.start], view.text[head.end : trigger.end]]
    if trigger.spec.language in ("de", "fr"):
        last = min(clause.stop - 1, trigger.last + NEGATION_AFTER_TOKENS)
        parts.append(view.span_text(trigger.last + 1, last))
    return any(view.cues.negation.search(part) for part in parts)


def is_hypothetical(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the event is only possible or considered ("could", "willingness to reach")."""
    window = _window(view, trigger, HYPOTHESIS_WINDOW_TOKENS, 0, "l2")
    return view.cues.hypothetical.search(window) is not None


def refers_back(view: SentenceView, trigger: Trigger) -> bool:
    """Whether a noun trigger names an event already told ("the visit", "diese Visite")."""
    if not trigger.spec.noun:
        return False
    clause = view.clause_tokens("l1", trigger.first)
    reach = max(clause.start, trigger.first - ANAPHORA_WINDOW_TOKENS)
    for index in range(trigger.first - 1, reach - 1, -1):
        word = view.tokens[index].lower
        if word in view.cues.indefinite:
            return False
        if word in view.cues.definite:
            return True
    return False


def modality(view: SentenceView, trigger: Trigger) -> str:
    """Return occurred, planned, postponed or cancelled for the trigger's event."""
    if trigger.kind == "statement":  # "announced the lifting of sanctions" was said all the same
        return "planned" if _is_planned(view, trigger) else "occurred"
    around = _window(view, trigger, RESCHEDULE_WINDOW_TOKENS, RESCHEDULE_WINDOW_TOKENS, "strong")
    if view.cues.cancelled.search(around) or (
            trigger.kind == "sanction" and LIFTED_SANCTIONS.search(_window(
                view, trigger, RESCHEDULE_WINDOW_TOKENS, LIFTED_WINDOW_AFTER, "l1"))):
        return "cancelled"
    if view.cues.postponed.search(around):
        return "postponed"
    return "planned" if _is_planned(view, trigger) else "occurred"


def _is_planned(view: SentenceView, trigger: Trigger) -> bool:
    cues = view.cues
    head = view.tokens[trigger.first].lower
    if any(word in cues.implicatives
           for word in _words_before(view, trigger, IMPLICATIVE_WINDOW_TOKENS, "l1")):
        return False
    if trigger.spec.language == "fr" and not trigger.spec.noun and _FRENCH_FUTURE.search(head):
        return True
    if _is_infinitive(view, trigger, head):
        reach = _words_before(view, trigger, INFINITIVE_REACH_TOKENS, "l2")
        return not any(word in cues.implicatives for word in reach)
    before = _words_before(view, trigger, PLANNED_WINDOW_TOKENS, "l1")
    if any(word in cues.planned for word in before):
        return True
    if trigger.spec.language == "de":
        clause = view.clause_tokens("l1", trigger.first)
        after = view.tokens[trigger.last + 1 : min(clause.stop, trigger.last + 1 +
                                                   PLANNED_AFTER_TOKENS)]
        return any(token.lower in cues.planned for token in after)
    return False


def is_infinitive(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger is an infinitive complement ("the decision to withdraw")."""
    return _is_infinitive(view, trigger, view.tokens[trigger.first].lower)


def _is_infinitive(view: SentenceView, trigger: Trigger, head: str) -> bool:
    """Whether the trigger is an infinitive after "to", "zu", "de": "decision to withdraw"."""
    if trigger.spec.noun:
        # "to visit", "to end": English nouns share their forms with infinitives.
        return trigger.spec.language == "en" and _words_before(view, trigger, 1, "l1") == ["to"]
    if trigger.spec.language == "de" and _GERMAN_ZU_INFINITIVE.search(head):
        return True
    if trigger.spec.language == "fr" and not _FRENCH_INFINITIVE.search(head):
        return False
    before = _words_before(view, trigger, 2, "l1")
    if not before:
        return False
    if before[-1] in view.cues.infinitive_markers:
        return True
    skippable = before[-1] in _FRENCH_CLITICS or _ADVERB.fullmatch(before[-1]) is not None
    return len(before) == 2 and skippable and before[0] in view.cues.infinitive_markers
