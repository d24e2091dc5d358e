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
    ACTING_GROUP,
    AGAINST,
    AGENT,
    BETWEEN,
    COMPANION,
    GENITIVE,
    OTHER,
    AnyCaseWords,
)
from newsdb.pipeline.event_places import (
    GERMAN_FINITE,
    clause_of,
    effective_governor,
    find_location,
    german_finite_verb,
    german_inverted_finite,
    home_country,
    is_addressee,
    is_origin,
    relation_of,
    same_clause,
)
from newsdb.pipeline.event_sentence import Party, SentenceView
from newsdb.pipeline.event_triggers import Trigger

# A second subject may stand this many words before the nearest one ("German Defense Minister
# Boris Pistorius", "Le ministre français des Armées, Sébastien Lecornu").
ACTOR_COMPANION_TOKENS = 4
# Subjects after the trigger stand close to it ("empfing der malische Minister"), and a noun's
# owner closer still ("the withdrawal of the French troops").
RIGHT_WINDOW_TOKENS = 6
NOUN_COMPLEMENT_TOKENS = 3
# An apposition after a subject is a short phrase between commas (", General Sadio Camara,").
APPOSITION_MAX_TOKENS = 8
# A statement's addressee follows its verb ("told the Tagesspiegel newspaper").
STATEMENT_TARGET_TOKENS = 2
MAX_TARGETS = 3
MAX_OTHERS = 2

# Troops leaving or arriving act on no one: names after the verb are places or their units.
_UNTARGETED_KINDS = frozenset({"withdrawal", "deployment", "election"})
# What a noun's complement may name as its target: "talks with", "attack on", "sanctions
# against", "clashes between"; for ceremonies and aid also "for" ("aid for", "zu Ehren").
_NOUN_TARGET_RELATIONS = frozenset({COMPANION, AGAINST, BETWEEN})
_BENEFIT_KINDS = frozenset({"ceremony", "aid"})
# Only unambiguous passive markers: German "wird" is also the future, French "est parti" and
# "s'est rendu" are active.
_PASSIVE_AUXILIARIES = {
    "en": frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"}),
    "de": frozenset({"wurde", "wurden", "worden"}),
    "fr": frozenset({"été"}),
}
_PASSIVE_WINDOW_TOKENS = 3
# Statement verbs followed by whom they address; after "said" comes what was said.
_ADDRESSEE_VERBS = frozenset({"told", "tells", "informed", "briefed", "warned"})
_RANK = {"person": 0, "organization": 1}
_COPULAS = frozenset({"was", "is", "were", "are", "'s", "war", "ist", "sind", "waren",
                      "était", "est", "sont", "étaient"})
_PARTICIPLE = re.compile(r"(?:ed|en|wn|t|é|ée|és|ées|u|ue|us|is|it)$")

# Who a report comes from: "according to the UN", "selon l'ONU", "laut den Vereinten Nationen",
# "nach Angaben der UN", "d'après", "citing"; German also puts it after: "der UN zufolge".
_ATTRIBUTION_BEFORE = re.compile(
    r"(?:\baccording\s+to|\bciting|\bquoting|\bselon|\bd['’]apr[èe]s|\blaut|"
    r"\bnach\s+angaben(?:\s+(?:von|vom|der|des))?|\bzufolge)\s+"
    r"(?:(?:the|le|la|les|l['’]|des|du|der|die|das|den|dem|des)\s*)?$", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(r"\s+zufolge\b", re.IGNORECASE)
# Any of their words: a sentence without one has no source to look for
_ATTRIBUTION_WORD = AnyCaseWords(r"according|citing|quoting|selon|apr[èe]s|laut|angaben|zufolge")
_ATTRIBUTION_REACH = 32

# Nouns for a person that a bracketed party may stand before ("the Social Democrat (SPD)
# politician"), besides the acting groups.
_PERSON_NOUN = re.compile(r"politic|politik|lawmaker|legislator|député|abgeordnet|candidat|"
                          r"kandidat|mp$")

# Relative pronouns that are the subject of their clause ("who", "qui", "der"/"die" after a
# comma in German, whose verb ends the clause).
_RELATIVE_PRONOUNS = {"en": frozenset({"who", "which"}), "fr": frozenset({"qui"}),
                      "de": frozenset({"der", "die", "welcher", "welche"})}
# Auxiliaries that may open a clause before its participle (", Abdoulaye Diop, a déclaré")
_AUXILIARIES = frozenset("a ont avait avaient has have had hat haben hatte hatten".split())

_LIST_JOINS = frozenset({",", "und", "sowie", "oder", "and", "et"})
_LIST_CONJUNCTIONS = frozenset({"und", "sowie", "and", "et"})
# Between two items of a list: a comma, and at most an article and a title ("…, le capitaine")
_LISTED_AFTER_COMMA = re.compile(r",\s*(?:[\w'’.-]+\s+){0,2}")

PersonResolver = Callable[[int], "str | None"]
# The last two people, countries, or sides (countries, armed forces and groups, organizations)
# named before a sentence offset: whom "the two ministers", "les deux pays", "both sides" stand for.
PairResolver = Callable[[int, str], "tuple[str, ...]"]
PEOPLE, COUNTRIES, SIDES = "people", "countries", "sides"
_PAIR_GOVERNED = re.compile(r"(?i:\b(?:über|für|mit|zwischen|between|with|for|about|entre|avec|"
                            r"pour|sur)\s*$)")
# Words that may stand between "the two countries" and their verb ("had already", "ont")
PAIR_SUBJECT_GAP_WORDS = 3
# "the two countries", "beide Seiten", "les deux ministres": two named just before
_PAIR = re.compile(
    r"(?i:\b(?:the\s+two|both|die\s+beiden|beide|les\s+deux)\s+(?:(?P<people>leaders|"
    r"ministers|presidents|heads\s+of\s+state|minister|präsidenten|staatschefs|ministres|"
    r"présidents|dirigeants|chefs\s+d['’]état)|(?P<countries>countries|governments|nations|"
    r"länder|regierungen|staaten|pays|gouvernements|états)|(?P<sides>sides|seiten|parties|"
    r"camps))\b)")


@dataclass(frozen=True)
class Roles:
    """Who took part in an event, by entity key, and where it happened."""

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    others: tuple[str, ...]
    location: str | None

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, actors: tuple[str, ...], targets: tuple[str, ...], others: tuple[str, ...],
                 location: str | None) -> None:
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "targets", targets)
        object.__setattr__(self, "others", others)
        object.__setattr__(self, "location", location)


def find_roles(view: SentenceView, trigger: Trigger, person_before: PersonResolver,
               previous_actor: str | None = None, pair_before: PairResolver | None = None
               ) -> Roles:
    """Return the roles of the event signalled by ``trigger``.

    :param person_before: the key of the person a pronoun at a sentence offset stands for.
    :param previous_actor: who acted in the sentence before, for a sentence that opens with
        "It" or "They" ("… delayed plans for elections. It did not announce a new date").
    :param pair_before: the two named last before a sentence offset, for "the two countries".
    """
    used: set[Party] = set()
    if trigger.kind != "statement" and (
            view.speech_heads or _ATTRIBUTION_WORD.found_in(view.text, view.lowered)):
        used.update(party for party in view.parties if _is_source(view, party, trigger))
    place = find_location(view, trigger)
    if place in used:
        place = None  # where a report was made ("sagte in Berlin, der Abzug …")
    elif place is not None:
        used.add(place)
    subjects = _subjects(view, trigger, used, person_before, previous_actor, pair_before)
    if trigger.kind == "statement":
        subjects = [subject for subject in subjects if _may_speak(subject)]
    used.update(item for item in subjects if isinstance(item, Party))
    objects = _objects(view, trigger, used)
    used.update(objects)
    if trigger.spec.recipient or _is_passive(view, trigger):
        agents = [party for party in _after(view, trigger, "l2")
                  if relation_of(party, trigger) == AGENT and party not in used]
        used.update(agents)
        if trigger.kind in _UNTARGETED_KINDS:  # "Wagner fighters were deployed": they went
            actors, targets = _keys(subjects) + _keys(agents), _keys(objects)
        else:
            actors, targets = _keys(agents), _keys(subjects) + _keys(objects)
    else:
        actors, targets = _keys(subjects), _keys(objects)
    if not actors and any(relation_of(p, trigger) == BETWEEN for p in objects):
        actors, targets = targets, ()  # "clashes between Malian authorities and the mission"
    if place is None:
        place = home_country(view, trigger)
    others = _others(view, trigger, used)
    return Roles(actors, tuple(k for k in targets if k not in actors), others,
                 place.key if place else None)


def _is_source(view: SentenceView, party: Party, trigger: Trigger) -> bool:
    """Whether the party only reports the event: named after "according to", "selon", "laut",
    or the speaker of another clause ("…, the United Nations said", "wie die Vereinten Nationen
    mitteilten", "Pistorius sagte, der Abzug sei …")."""
    before = view.text[max(0, party.start - _ATTRIBUTION_REACH):party.start]
    if _ATTRIBUTION_BEFORE.search(before) or _ATTRIBUTION_AFTER.match(view.text, party.end):
        return True
    clause = clause_of(view, party, "l1")
    speech = view.speech_heads.get(clause)
    if speech is None or clause == int(view.tokens[trigger.first].l1):
        return False
    if party.first > trigger.last:
        return True  # ", the United Nations said"
    # "Russland bestätigte, Truppen entsandt zu haben", "a confirmé avoir déployé": who speaks
    # of what they did without a subject of its own acts
    return speech < trigger.first and not _subjectless_infinitive(view, trigger)


def _subjectless_infinitive(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger is a perfect infinitive whose subject is the speaker: "…, Truppen
    entsandt zu haben", "avoir déployé", "to have sent"."""
    if trigger.spec.noun:
        return False
    before = [view.tokens[index].lower for index in range(max(0, trigger.first - 2),
                                                          trigger.first)]
    after = [view.tokens[index].lower for index in range(trigger.last + 1,
                                                         min(len(view.tokens), trigger.last + 3))]
    return (after[:2] in (["zu", "haben"], ["zu", "sein"]) or "avoir" in before
            or "être" in before or before[-2:] == ["to", "have"])


def _keys(items: Sequence[Party | str]) -> tuple[str, ...]:
    """Keys in order of who the title should name first: people, then organizations, then
    countries and places, each in the order of the text."""
    ranked = sorted(items, key=lambda item: _RANK.get(item.kind, 2)
                    if isinstance(item, Party) else 0)
    keys: list[str] = []
    for item in ranked:
        key = item.key if isinstance(item, Party) else item
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _after(view: SentenceView, trigger: Trigger, level: str) -> list[Party]:
    return [party for party in view.parties
            if party.first > trigger.first and same_clause(view, party, trigger, level)]


def _may_be_subject(view: SentenceView, party: Party, trigger: Trigger) -> bool:
    if not party.can_act or (trigger.kind == "statement" and not _may_speak(party)):
        return False
    return effective_governor(party, trigger) is None or is_origin(view, party, trigger)


def _may_speak(party: Party | str) -> bool:
    """Only a named person or organization makes a statement notable: not "Berlin announced",
    "Germany's defence minister told", "the German government confirmed"."""
    return isinstance(party, str) or party.kind in ("person", "organization")


def _subjects(view: SentenceView, trigger: Trigger, used: set[Party],
              person_before: PersonResolver, previous_actor: str | None,
              pair_before: PairResolver | None = None) -> list[Party | str]:
    if trigger.spec.noun:
        complement = _noun_complement(view, trigger, used)
        if complement is not None:
            return [complement]
    inverted = german_inverted_finite(view, trigger)
    if inverted is not None:  # "Im Juli hat General Tiani Präsident Bazoum gestürzt"
        middle = [party for party in view.parties if inverted < party.first
                  and party.last < trigger.first and party not in used]
        if middle and _may_be_subject(view, middle[0], trigger):
            subjects = [middle[0]]  # and those listed with it: "die USA und Frankreich"
            for party in middle[1:]:
                if view.text[subjects[-1].end:party.start].strip().lower() not in _LIST_JOINS:
                    break
                subjects.append(party)
            return list(subjects)
    relative = _relative_clause(view, trigger)
    if relative is not None:  # "Tom Fletcher, who visited Port Sudan"; "…, who …, urged"
        antecedent = _antecedent(view, relative)
        return [antecedent] if antecedent is not None and antecedent not in used else []
    pair = _pair_subject(view, trigger, pair_before) if pair_before is not None else ()
    if pair:  # right before the verb, nearer than any name before it
        return list(pair)
    for level in _subject_levels(view, trigger):
        found = _subjects_before(view, trigger, used, level)
        if found:
            return list(found)
    pronoun = _pronoun_subject(view, trigger, person_before, previous_actor)
    if pronoun is not None:
        return [pronoun]
    if _may_look_right(view, trigger):
        return list(_subjects_after(view, trigger, used))
    return []


def _subject_levels(view: SentenceView, trigger: Trigger) -> tuple[str, ...]:
    """Clauses to look for a subject in: the trigger's l1 clause, then its l2 clause — but a
    speaker only beyond a comma that cuts off an apposition ("The commander in Mali, Colonel
    Heiko Ponzac, told"), not in a main clause an attribution follows ("…, officials said")."""
    cut_off = _opens_with_verb(view, trigger)  # also ", Abdoulaye Diop, a salué"
    return ("l1",) if trigger.kind == "statement" and not cut_off else ("l1", "l2")


def _noun_complement(view: SentenceView, trigger: Trigger, used: set[Party]) -> Party | None:
    """Whose event a noun names: "the withdrawal of French troops", "Abzug der französischen
    Truppen", "Besuch von Pistorius", "retrait de la MINUSMA", "to end the MINUSMA mission"."""
    for party in view.parties:
        if party in used or not party.can_act:
            continue
        if trigger.first < party.first <= trigger.last:
            return party  # named inside the trigger's own words
        gap = party.first - trigger.last - 1
        if gap < 0:
            continue
        if gap > NOUN_COMPLEMENT_TOKENS or not same_clause(view, party, trigger, "l1"):
            return None
        relation = relation_of(party, trigger)
        if relation in (GENITIVE, AGENT) or (
                relation is None and not party.is_place and _only_determiners(
                    view, trigger.last + 1, party.first)):
            return party
    return None


def _only_determiners(view: SentenceView, first: int, stop: int) -> bool:
    """Whether the tokens in [first, stop) are articles ("Abzug der französischen Truppen")."""
    articles = view.cues.definite | view.cues.indefinite
    return all(token.lower in articles for token in view.tokens[first:stop])


def _subjects_before(view: SentenceView, trigger: Trigger, used: set[Party],
                     level: str) -> list[Party]:
    reach = _noun_reach(view, trigger)
    finite = german_finite_verb(view, trigger)
    end = trigger.first if finite is None else finite
    candidates = [party for party in view.parties
                  if reach <= party.first and party.last < end and party not in used
                  and same_clause(view, party, trigger, level)
                  and _may_be_subject(view, party, trigger)
                  and not _bracketed_aside(view, party, trigger)]
    if not candidates:
        return []
    chosen = [candidates[-1]]
    for party in reversed(candidates[:-1]):
        if chosen[-1].first - party.last - 1 > ACTOR_COMPANION_TOKENS or any(
                party.last < head < chosen[-1].first for head in view.event_heads):
            break  # "Niger's rulers have asked US troops to leave": Niger does not leave
        chosen.append(party)
    chosen.reverse()
    return _listed_before(view, chosen, used, trigger) + chosen


def _listed_before(view: SentenceView, chosen: list[Party], used: set[Party],
                   trigger: Trigger) -> list[Party]:
    """The first items of a list that ends in the subjects, cut off by its commas: "Assimi Goïta,
    Ibrahim Traoré and Abdourahamane Tiani met", "Le colonel A, le capitaine B et le général C se
    sont réunis". Only a list joined by a conjunction, of names of one kind, none after a
    preposition ("In Bamako, Goïta and Tiani met": Bamako is where)."""
    joined = view.text[chosen[-2].end:chosen[-1].start].lower().split() if len(chosen) > 1 else []
    if not joined or joined[0] not in _LIST_CONJUNCTIONS:  # "and", "et le général"
        return []
    listed: list[Party] = []
    first = chosen[0]
    for party in reversed([p for p in view.parties if p.last < first.first]):
        between = view.text[party.end:first.start]
        if (party in used or party.kind != first.kind or party.governor is not None
                or not _LISTED_AFTER_COMMA.fullmatch(between)
                or not _may_be_subject(view, party, trigger)):
            break
        listed.append(party)
        first = party
    return listed[::-1]


def _bracketed_aside(view: SentenceView, party: Party, trigger: Trigger) -> bool:
    """A name in brackets that only adds to what stands around it: "Boris Pistorius (SPD)
    said", "the Social Democrat (SPD) politician said" — not "the rebels (CSP-DPA) said"."""
    if "(" not in view.text:
        return False
    before, after = view.text[:party.start].rstrip(), view.text[party.end:].lstrip()
    if not (before.endswith("(") and after.startswith(")")):
        return False
    opening = len(before) - 1
    if any(other.kind == "person" and other.end <= opening
           and not view.text[other.end:opening].strip() for other in view.parties):
        return True  # a person's party ("Boris Pistorius (SPD)"); after an organization's or
        # a place's name it names the whole phrase: "la mission … au Mali (Minusma)"
    following = view.token_index(party.end + view.text[party.end:].index(")") + 1)
    if following >= len(view.tokens) or following == trigger.first:
        return False
    word = view.tokens[following].lower  # the head of the phrase follows: "(SPD) politician"
    return ACTING_GROUP.search(word) is not None or _PERSON_NOUN.search(word) is not None


def _relative_clause(view: SentenceView, trigger: Trigger) -> int | None:
    """The first token of the relative clause whose pronoun is the trigger's subject: the
    trigger's own clause ("Tom Fletcher, who visited Port Sudan", "le JNIM, qui a revendiqué",
    German "die Junta, die … gestürzt hatte"), or, for a verb that opens its clause, the one
    before it ("Tom Fletcher, who visited Port Sudan in December, urged")."""
    if trigger.spec.noun:
        return None
    pronouns = _RELATIVE_PRONOUNS.get(trigger.spec.language, frozenset())
    clause = view.clause_tokens("l1", trigger.first)
    if _opens_relative(view, clause.start, pronouns, trigger) and clause.start < trigger.first:
        return clause.start
    if clause.start > 0 and _opens_with_verb(view, trigger):
        previous = view.clause_tokens("l1", clause.start - 1)
        if _opens_relative(view, previous.start, pronouns):
            return previous.start
    return None


def _opens_relative(view: SentenceView, index: int, pronouns: frozenset[str],
                    trigger: Trigger | None = None) -> bool:
    """Whether a relative pronoun opens the clause at ``index`` — in German not an article
    opening reported speech, whose finite verb comes second ("sagte, die Bundeswehr werde …
    abziehen"), where a relative clause ends with it ("die … gestürzt hatte")."""
    if not (0 < index < len(view.tokens) and view.tokens[index].lower in pronouns
            and view.text[:view.tokens[index].start].rstrip().endswith(",")):
        return False
    if view.tokens[index].lower in ("der", "die") and trigger is not None:
        return not any(view.tokens[other].lower in GERMAN_FINITE
                       for other in range(index + 1, trigger.first))
    return True


def _antecedent(view: SentenceView, relative: int) -> Party | None:
    """The name right before a relative clause's comma, if it can act."""
    opening = view.tokens[relative].start
    before = [party for party in view.parties if party.last < relative
              and not view.text[party.end:opening].strip(" ,")]
    return before[-1] if before and before[-1].can_act else None


def _noun_reach(view: SentenceView, trigger: Trigger) -> int:
    """The first token a noun's participants may stand at: after the last event word before
    it ("Germany's parliament approved the deployment": not Germany's; "the AU condemned the
    coup": the AU is no party to the coup)."""
    if not trigger.spec.noun:
        return 0
    return max((head + 1 for head in view.event_heads if head < trigger.first), default=0)


def _pair_subject(view: SentenceView, trigger: Trigger, pair_before: PairResolver
                  ) -> tuple[str, ...]:
    """Whom "the two countries" or "les deux ministres" before the trigger in its clause stand
    for: the last two of that sort named before ("Mali … Russia. The two countries signed")."""
    clause = view.clause_tokens("l1", trigger.first)
    start, end = view.tokens[clause.start].start, view.tokens[trigger.first].start
    match = _PAIR.search(view.text, start, end)
    if match is None or _PAIR_GOVERNED.search(view.text, start, match.start()):
        return ()  # "Über die beiden Länder sagte Scholz": the two are not who acts
    between = view.text[match.end():end].lower().split()
    if len(between) > PAIR_SUBJECT_GAP_WORDS or view.cues.infinitive_markers & set(between):
        return ()  # the two are no subject: "urged both sides to agree"
    return pair_before(match.start(), next(group for group in (PEOPLE, COUNTRIES, SIDES)
                                           if match[group]))


def _pronoun_subject(view: SentenceView, trigger: Trigger, person_before: PersonResolver,
                     previous_actor: str | None) -> Party | str | None:
    clause = view.clause_tokens("l1", trigger.first)
    for index in range(trigger.first - 1, clause.start - 1, -1):
        token = view.tokens[index]
        if token.lower in view.cues.person_pronouns:
            return person_before(token.start)
        if token.lower in view.cues.body_pronouns:
            earlier = [party for party in view.parties if party.last < index
                       and party.can_act and party.kind != "person" and party.governor is None]
            if earlier:
                return earlier[-1]
            opens = index == 0 and (len(view.tokens) < 2 or view.tokens[1].lower not in _COPULAS)
            return previous_actor if opens else None  # not "It was a coup"
    return None


def _may_look_right(view: SentenceView, trigger: Trigger) -> bool:
    """Whether word order may put the subject after the trigger (a noun's owner after it is its
    complement, found before)."""
    # German puts the subject after a fronted phrase ("Am Montag sagte Pistorius"); elsewhere
    # only a clause that opens with its verb has it after ("…," said Pistorius; "Returning
    # troops of the Bundeswehr"; '«…», a déclaré M. Lavrov').
    if trigger.spec.language == "de":
        return not trigger.spec.noun and german_finite_verb(view, trigger) is None
    return not trigger.spec.noun and _opens_with_verb(view, trigger)


def _opens_with_verb(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger's l1 clause opens with it, or with auxiliaries before it ("said
    Pistorius", "a déclaré M. Lavrov")."""
    clause = view.clause_tokens("l1", trigger.first)
    return all(view.tokens[index].lower in _AUXILIARIES
               for index in range(clause.start, trigger.first))


def _subjects_after(view: SentenceView, trigger: Trigger, used: set[Party]) -> list[Party]:
    for position, party in enumerate(view.parties):
        if party.first <= trigger.last or party in used:
            continue
        if party.first - trigger.last - 1 > RIGHT_WINDOW_TOKENS:
            return []
        if not same_clause(view, party, trigger, "l2") or not party.can_act:
            continue
        if trigger.kind == "statement" and not same_clause(view, party, trigger, "l1"):
            return []  # "sagte, die Bundeswehr werde …": after the comma comes what was said
        relation = relation_of(party, trigger)
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
            and clause_of(view, party, "strong") == clause_of(view, following, "strong")):
        return [following]
    return []


def _objects(view: SentenceView, trigger: Trigger, used: set[Party]) -> list[Party]:
    """Parties after the trigger that it acts upon ("demanded that French soldiers leave")."""
    if trigger.kind in _UNTARGETED_KINDS:
        return []
    finite = german_finite_verb(view, trigger)
    relative = _relative_clause(view, trigger) if trigger.spec.language == "de" else None
    if relative is not None and relative < trigger.first:
        finite = relative  # "die Junta, die Präsident Bazoum gestürzt hatte"
    elif finite is None:
        finite = german_inverted_finite(view, trigger)  # the subject is in ``used`` by now
    found = [party for party in view.parties
             if finite is not None and finite < party.first and party.last < trigger.first
             and party not in used and same_clause(view, party, trigger, "l1")
             and _may_be_object(view, party, trigger)]  # "hatte … Bazoum gestürzt"
    found += [party for party in view.parties
              if party.first > trigger.last and party not in used
              and _in_reach(view, trigger, party) and _may_be_object(view, party, trigger)]
    return found[:MAX_TARGETS]


def _in_reach(view: SentenceView, trigger: Trigger, party: Party) -> bool:
    head, token = view.tokens[trigger.first], view.tokens[party.first]
    if trigger.kind == "demand":
        # The demand's content runs through "that" clauses up to the next comma.
        return token.strong == head.strong and token.l1 - head.l1 == token.l2 - head.l2
    if trigger.spec.noun:
        return token.l2 == head.l2 and party.first - trigger.last - 1 <= RIGHT_WINDOW_TOKENS
    if trigger.kind == "statement":
        # Whom it was told ("told the Tagesspiegel"); what was said is no target.
        return (head.lower in _ADDRESSEE_VERBS and token.l1 == head.l1
                and party.first - trigger.last - 1 <= STATEMENT_TARGET_TOKENS)
    return token.l2 == head.l2


def _may_be_object(view: SentenceView, party: Party, trigger: Trigger) -> bool:
    governor = effective_governor(party, trigger)
    relation = governor.relation if governor else None
    if relation == AGENT:
        return False  # "headed by Olaf Scholz"
    if (party.is_place and relation is not None and relation not in _NOUN_TARGET_RELATIONS
            and not is_origin(view, party, trigger) and not is_addressee(party, trigger)):
        return False  # "in Mali", "near the town of Gao": places, not targets
    if trigger.spec.noun:
        return relation in _NOUN_TARGET_RELATIONS or (
            relation == OTHER and trigger.kind in _BENEFIT_KINDS)
    return party.can_act or party.is_place


def _is_passive(view: SentenceView, trigger: Trigger) -> bool:
    head = view.tokens[trigger.first].lower
    auxiliaries = _PASSIVE_AUXILIARIES.get(trigger.spec.language, frozenset())
    if trigger.spec.noun or not _PARTICIPLE.search(head):
        return False
    clause = view.clause_tokens("l1", trigger.first)
    reach = clause.start if trigger.spec.language == "de" else max(
        clause.start, trigger.first - _PASSIVE_WINDOW_TOKENS)
    return any(token.lower in auxiliaries for token in view.tokens[reach : trigger.first])


def _others(view: SentenceView, trigger: Trigger, used: set[Party]) -> tuple[str, ...]:
    """Organizations around the subject that play no other role ("troops serving … as part of
    the MINUSMA mission flew back")."""
    reach = _noun_reach(view, trigger)
    found = [party.key for party in view.parties
             if party.kind == "organization" and party not in used and reach <= party.first
             and party.last < trigger.first and same_clause(view, party, trigger, "l1")
             and not _bracketed_aside(view, party, trigger)]
    return tuple(dict.fromkeys(found))[:MAX_OTHERS]
