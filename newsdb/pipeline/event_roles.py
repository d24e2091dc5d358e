"""Choose an event's actors, targets, other participants and place from its sentence.

Subjects are found before the trigger in its clause ("German forces began withdrawing"), through
a pronoun ("he would soon be traveling"), or after it where word order puts them there (German
verb-second "Am 11. November empfing der malische Minister", nouns "the withdrawal of French
troops", inverted "…, said Pistorius"). A name after a preposition is no subject: "in Mali" is a
place, "with Russia" a companion — unless the preposition follows a group noun ("troops from
France", "members of MINUSMA"). Places are names after locative prepositions near the trigger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsdb.pipeline.event_cues import (
    AGENT,
    BETWEEN,
    GENITIVE,
    LOCATIVE,
    SOURCE,
)
from newsdb.pipeline.event_sentence import Governor, Party, SentenceView
from newsdb.pipeline.event_triggers import Trigger

# A second subject may stand this many words before the nearest one ("German Defense Minister
# Boris Pistorius", "Le ministre français des Armées, Sébastien Lecornu").
ACTOR_COMPANION_TOKENS = 4
# Subjects after the trigger stand close to it ("empfing der malische Minister").
RIGHT_WINDOW_TOKENS = 6
# A place right after a visit or withdrawal verb is its object ("visited Niger", "quitté le Mali").
DIRECT_OBJECT_GAP_TOKENS = 2
# An apposition after a subject is a short phrase between commas (", General Sadio Camara,").
APPOSITION_MAX_TOKENS = 8
# Place scoring, in words of distance: the preposition that suits the kind ("to Niger" for a
# visit, "from Mali" for a withdrawal) and the trigger's own clause each count as this much closer.
PREFERRED_PREPOSITION_BONUS = 3
SAME_CLAUSE_BONUS = 2
MAX_TARGETS = 3
MAX_OTHERS = 2

_DESTINATION_WORDS = frozenset({"to", "into", "towards", "toward", "nach", "à", "au", "aux",
                                "en", "vers"})
_FRENCH_DE = frozenset({"de", "du", "d'", "d’", "des"})
_DIRECT_PLACE_KINDS = frozenset({"visit", "withdrawal", "attack", "deployment"})
# Kinds that happen in a country, which a possessive or subject may name ("Mali's … coup").
_HOME_COUNTRY_KINDS = frozenset({"coup", "election", "protest", "attack"})
_PASSIVE_AUXILIARIES = {
    "en": frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"}),
    "de": frozenset({"wurde", "wurden", "worden", "wird", "werden"}),
    "fr": frozenset({"été", "est", "sont", "fut", "furent"}),
}
_PASSIVE_WINDOW_TOKENS = 3
_PARTICIPLE = re.compile(r"(?:ed|en|wn|t|é|ée|és|ées|u|ue|us|is|it)$")

PersonResolver = Callable[[int], "str | None"]


@dataclass(frozen=True)
class Roles:
    """Who took part in an event, by entity key, and where it happened."""

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    others: tuple[str, ...]
    location: str | None


def find_roles(view: SentenceView, trigger: Trigger, person_before: PersonResolver) -> Roles:
    """Return the roles of the event signalled by ``trigger``.

    :param person_before: the key of the person a pronoun at a sentence offset stands for.
    """
    place = _location(view, trigger)
    used: set[Party] = {place} if place else set()
    subjects = _subjects(view, trigger, used, person_before)
    used.update(item for item in subjects if isinstance(item, Party))
    objects = _objects(view, trigger, used)
    used.update(objects)
    if trigger.spec.recipient or _is_passive(view, trigger):
        agents = [party for party in _after(view, trigger, "l2")
                  if _effective(party, trigger) is not None
                  and _relation(party, trigger) == AGENT and party not in used]
        used.update(agents)
        actors, targets = _keys(agents), _keys(subjects) + _keys(objects)
    else:
        actors, targets = _keys(subjects), _keys(objects)
    if not actors and any(_relation(p, trigger) == BETWEEN for p in objects):
        actors, targets = targets, ()  # "clashes between Malian authorities and the mission"
    if place is None and trigger.kind in _HOME_COUNTRY_KINDS:
        place = _home_country(view, trigger)
    others = _others(view, trigger, used)
    return Roles(actors, tuple(k for k in targets if k not in actors), others,
                 place.key if place else None)


def _keys(items: Sequence[Party | str]) -> tuple[str, ...]:
    keys: list[str] = []
    for item in items:
        key = item.key if isinstance(item, Party) else item
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _effective(party: Party, trigger: Trigger) -> Governor | None:
    """The party's preposition, unless it belongs to the trigger itself ("called for")."""
    governor = party.governor
    if governor is not None and trigger.first <= governor.token <= trigger.last:
        return None
    return governor


def _relation(party: Party, trigger: Trigger) -> str | None:
    governor = _effective(party, trigger)
    return governor.relation if governor else None


def _clause(view: SentenceView, party: Party, level: str) -> int:
    return int(getattr(view.tokens[party.first], level))


def _same(view: SentenceView, party: Party, trigger: Trigger, level: str) -> bool:
    return _clause(view, party, level) == getattr(view.tokens[trigger.first], level)


def _after(view: SentenceView, trigger: Trigger, level: str) -> list[Party]:
    return [party for party in view.parties
            if party.first > trigger.first and _same(view, party, trigger, level)]


def _may_be_subject(party: Party, trigger: Trigger) -> bool:
    if not party.can_act or (trigger.kind == "statement" and party.is_place
                             and not party.is_country):
        return False  # "Berlin announced" is a place, not a speaker we can name
    governor = _effective(party, trigger)
    return governor is None or (governor.acting_head and governor.relation in (GENITIVE, SOURCE))


def _subjects(view: SentenceView, trigger: Trigger, used: set[Party],
              person_before: PersonResolver) -> list[Party | str]:
    for level in ("l1", "l2"):
        found = _subjects_before(view, trigger, used, level)
        if found:
            return list(found)
    pronoun = _pronoun_subject(view, trigger, person_before)
    if pronoun is not None:
        return [pronoun]
    if _may_look_right(view, trigger):
        return list(_subjects_after(view, trigger, used))
    return []


def _subjects_before(view: SentenceView, trigger: Trigger, used: set[Party],
                     level: str) -> list[Party]:
    candidates = [party for party in view.parties
                  if party.last < trigger.first and party not in used
                  and _same(view, party, trigger, level) and _may_be_subject(party, trigger)]
    if not candidates:
        return []
    chosen = [candidates[-1]]
    for party in reversed(candidates[:-1]):
        if chosen[-1].first - party.last - 1 > ACTOR_COMPANION_TOKENS:
            break
        chosen.append(party)
    return chosen


def _pronoun_subject(view: SentenceView, trigger: Trigger,
                     person_before: PersonResolver) -> Party | str | None:
    clause = view.clause_tokens("l2", trigger.first)
    for index in range(trigger.first - 1, clause.start - 1, -1):
        token = view.tokens[index]
        if token.lower in view.cues.person_pronouns:
            return person_before(token.start)
        if token.lower in view.cues.body_pronouns:
            earlier = [party for party in view.parties if party.last < index
                       and party.can_act and party.kind != "person" and party.governor is None]
            return earlier[-1] if earlier else None
    return None


def _may_look_right(view: SentenceView, trigger: Trigger) -> bool:
    """Whether word order may put the subject after the trigger."""
    clause = view.clause_tokens("l1", trigger.first)
    return (trigger.spec.noun or trigger.spec.language == "de" or trigger.kind == "statement"
            or trigger.first == clause.start)


def _subjects_after(view: SentenceView, trigger: Trigger, used: set[Party]) -> list[Party]:
    for position, party in enumerate(view.parties):
        if party.first <= trigger.last or party in used:
            continue
        if party.first - trigger.last - 1 > RIGHT_WINDOW_TOKENS:
            return []
        if not _same(view, party, trigger, "l2") or not party.can_act:
            continue
        relation = _relation(party, trigger)
        if relation not in (None, GENITIVE, AGENT) or (party.is_place and relation is None):
            continue
        return [party, *_apposition(view, position)]
    return []


def _apposition(view: SentenceView, position: int) -> list[Party]:
    """The person named between commas right after a party (", General Sadio Camara,")."""
    if position + 1 >= len(view.parties):
        return []
    party, following = view.parties[position], view.parties[position + 1]
    between = view.text[party.end : following.start]
    if (following.kind == "person" and between.count(",") == 1
            and following.first - party.last - 1 <= APPOSITION_MAX_TOKENS
            and _clause(view, party, "strong") == _clause(view, following, "strong")):
        return [following]
    return []


def _objects(view: SentenceView, trigger: Trigger, used: set[Party]) -> list[Party]:
    """Parties after the trigger that it acts upon ("demanded that French soldiers leave")."""
    found: list[Party] = []
    head = view.tokens[trigger.first]
    for party in view.parties:
        if party.first <= trigger.first or party in used:
            continue
        token = view.tokens[party.first]
        if trigger.kind == "demand":
            # The demand's content runs through "that" clauses up to the next comma.
            if token.strong != head.strong or token.l1 - head.l1 != token.l2 - head.l2:
                continue
        elif token.l2 != head.l2 or (trigger.kind == "statement" and token.l1 != head.l1):
            continue
        governor = _effective(party, trigger)
        if governor is not None and (governor.relation == AGENT or (
                governor.relation in (LOCATIVE, SOURCE) and not governor.acting_head)):
            continue
        if party.can_act or (party.is_place and governor is None):
            found.append(party)
    return found[:MAX_TARGETS]


def _is_passive(view: SentenceView, trigger: Trigger) -> bool:
    head = view.tokens[trigger.first].lower
    auxiliaries = _PASSIVE_AUXILIARIES.get(trigger.spec.language, frozenset())
    if trigger.spec.noun or not _PARTICIPLE.search(head):
        return False
    clause = view.clause_tokens("l1", trigger.first)
    reach = clause.start if trigger.spec.language == "de" else max(
        clause.start, trigger.first - _PASSIVE_WINDOW_TOKENS)
    return any(token.lower in auxiliaries for token in view.tokens[reach : trigger.first])


def _location(view: SentenceView, trigger: Trigger) -> Party | None:
    head = view.tokens[trigger.first]
    best: Party | None = None
    best_score = 0
    for party in view.parties:
        token = view.tokens[party.first]
        if not party.is_place or token.strong != head.strong:
            continue
        if trigger.first <= party.first <= trigger.last:
            continue
        relation = _place_relation(view, party, trigger)
        same_clause = token.l2 == head.l2
        if relation is None or (trigger.kind == "statement" and not same_clause):
            continue
        distance = (party.first - trigger.last if party.first > trigger.last
                    else trigger.first - party.last)
        score = distance - SAME_CLAUSE_BONUS * same_clause
        if _suits(trigger.kind, relation):
            score -= PREFERRED_PREPOSITION_BONUS
        if best is None or score < best_score:
            best, best_score = party, score
    return best


def _place_relation(view: SentenceView, party: Party, trigger: Trigger) -> str | None:
    """How a place relates to the trigger: destination, source, at — or not at all."""
    governor = _effective(party, trigger)
    kind = trigger.kind
    if governor is None:
        gap = party.first - trigger.last - 1
        if (kind in _DIRECT_PLACE_KINDS and 0 <= gap <= DIRECT_OBJECT_GAP_TOKENS
                and _nothing_between(view, trigger, party)):
            return "source" if kind == "withdrawal" else "destination"
        if kind == "visit" and trigger.spec.noun and trigger.first - party.last == 1:
            return "destination"  # "Pistorius plans Niger visit"
        return None
    if governor.relation == LOCATIVE:
        return "destination" if governor.word in _DESTINATION_WORDS else "at"
    if governor.acting_head:
        return None  # "troops from France": where they come from, not where it happens
    if governor.relation == SOURCE or (kind == "withdrawal" and governor.word in _FRENCH_DE):
        return "source"
    return None


def _nothing_between(view: SentenceView, trigger: Trigger, party: Party) -> bool:
    return not any(trigger.last < other.first < party.first for other in view.parties)


def _suits(kind: str, relation: str) -> bool:
    if kind in ("visit", "deployment"):
        return relation == "destination"
    return kind == "withdrawal" and relation == "source"


def _home_country(view: SentenceView, trigger: Trigger) -> Party | None:
    countries = [party for party in view.parties
                 if party.is_country and _same(view, party, trigger, "l2")]
    return min(countries, key=lambda party: abs(party.first - trigger.first), default=None)


def _others(view: SentenceView, trigger: Trigger, used: set[Party]) -> tuple[str, ...]:
    """Organizations in the trigger's clause that play no other role ("as part of MINUSMA")."""
    found = [party.key for party in view.parties
             if party.kind == "organization" and party not in used
             and _same(view, party, trigger, "l2")]
    return tuple(dict.fromkeys(found))[:MAX_OTHERS]
