"""How a name relates to a trigger — through its preposition and its clause — and which place an
event happened at, went to or left from.

A place is a location mention after a locative preposition ("in Mali", "nach Niger", "au
Niger"), after "from"/"aus" for a withdrawal, or right after a visit or withdrawal verb
("visited Niger", "quitté le Mali"); the nearest one wins, a kind's own preposition and the
trigger's own clause counting as closer.
"""

from __future__ import annotations

from newsdb.pipeline.event_cues import AGAINST, FOR_WORDS, GENITIVE, LOCATIVE, SOURCE
from newsdb.pipeline.event_sentence import COORDINATORS, Governor, Party, SentenceView
from newsdb.pipeline.event_triggers import Trigger

# A place right after a visit or withdrawal verb is its object ("visited Niger", "quitté le Mali").
DIRECT_OBJECT_GAP_TOKENS = 2
# Place scoring, in words of distance: the preposition that suits the kind ("to Niger" for a
# visit, "from Mali" for a withdrawal) and the trigger's own clause each count as this much closer.
PREFERRED_PREPOSITION_BONUS = 3
SAME_CLAUSE_BONUS = 2
# A place in another clause than the trigger's must stand this close to it ("withdraw its troops
# last year after nearly 10 years in Mali"); further off it is where something else happened.
OTHER_CLAUSE_PLACE_TOKENS = 12

_DESTINATION_WORDS = frozenset({"to", "into", "towards", "toward", "nach", "à", "au", "aux",
                                "en", "vers"})
_ONLY_DESTINATION_WORDS = frozenset({"to", "into", "towards", "toward", "nach", "vers"})
_FRENCH_DE = frozenset({"de", "du", "d'", "d’", "des"})
# Whom a demand is made of, not where: "a demandé aux États-Unis de suspendre …"
_ADDRESSEE_WORDS = frozenset({"à", "au", "aux"})
_DIRECT_PLACE_KINDS = frozenset({"visit", "withdrawal", "attack", "deployment"})
_MOVING_KINDS = frozenset({"visit", "withdrawal", "deployment"})
# How a place may relate to each kind: a visit goes to it, a withdrawal leaves from it; any event
# may happen at it. A decision "to withdraw from Mali" does not happen in Mali.
_PLACE_RELATIONS = {
    "visit": frozenset({"destination", "at"}),
    "deployment": frozenset({"destination", "at"}),
    "withdrawal": frozenset({"source", "at"}),
}
_AT_ONLY = frozenset({"at"})
# Kinds that happen in a country, which a possessive or subject may name ("Mali's … coup"); an
# attack may cross a border ("Russian forces attacked Kharkiv"), so it is not one of them.
HOME_COUNTRY_KINDS = frozenset({"coup", "election", "protest"})


def is_addressee(party: Party, trigger: Trigger) -> bool:
    """Whether the party is whom a demand is made of ("a demandé aux États-Unis de …")."""
    governor = effective_governor(party, trigger)
    return (trigger.kind == "demand" and governor is not None
            and governor.word in _ADDRESSEE_WORDS and party.first > trigger.last)


def effective_governor(party: Party, trigger: Trigger) -> Governor | None:
    """The party's preposition, unless it belongs to the trigger itself ("called for")."""
    governor = party.governor
    if governor is not None and trigger.first <= governor.token <= trigger.last:
        return None
    return governor


def relation_of(party: Party, trigger: Trigger) -> str | None:
    """Return what the party's preposition says (LOCATIVE, GENITIVE…), if it has one."""
    governor = effective_governor(party, trigger)
    return governor.relation if governor else None


def clause_of(view: SentenceView, party: Party, level: str) -> int:
    """Return the number of the party's clause of ``level``."""
    return int(getattr(view.tokens[party.first], level))


def same_clause(view: SentenceView, party: Party, other: Trigger | Party, level: str) -> bool:
    """Whether the party stands in the same clause of ``level`` as the trigger or party."""
    return clause_of(view, party, level) == getattr(view.tokens[other.first], level)


def is_origin(view: SentenceView, party: Party, trigger: Trigger) -> bool:
    """Whether a name after a group noun says whose group it is: "troops of the Bundeswehr",
    "troops from France leave" — but not "withdraw the troops from Mali" or "die Soldaten aus
    Mali abzuziehen", where the group is the object and the name the place it leaves."""
    governor = effective_governor(party, trigger)
    if governor is None or not governor.acting_head:
        return False
    if (governor.relation == GENITIVE and governor.word not in _FRENCH_DE
            or governor.word in FOR_WORDS):
        return True
    if trigger.kind not in _MOVING_KINDS:
        return True  # only a movement has a place it leaves "from"
    if party.last > trigger.first:
        return False
    return not any(other.last < party.first and other.can_act and other.governor is None
                   and same_clause(view, other, party, "l2") for other in view.parties)


def find_location(view: SentenceView, trigger: Trigger) -> Party | None:
    """Return the place the trigger's event happened at, went to or left from.

    A statement has none: where it was made is rarely the news, and a place after "said" is
    mostly what was said ("said troops had served in Mali").
    """
    if trigger.kind == "statement":
        return None
    head = view.tokens[trigger.first]
    best: Party | None = None
    best_score = 0
    for party in view.parties:
        token = view.tokens[party.first]
        if (not party.is_place or token.strong != head.strong
                or trigger.first <= party.first <= trigger.last):
            continue
        relation = _place_relation(view, party, trigger)
        if relation is None:
            continue
        distance = (party.first - trigger.last if party.first > trigger.last
                    else trigger.first - party.last)
        same_clause = token.l2 == head.l2
        if not same_clause and (distance > OTHER_CLAUSE_PLACE_TOKENS
                                or (party.last < trigger.first and token.l2 < head.l2
                                    and view.clause_tokens("l2", trigger.first).start
                                    > party.last and _coordinated(view, trigger))):
            continue  # "met Burhan in Cairo, and the AU suspended …": Cairo is the meeting's
        score = distance - SAME_CLAUSE_BONUS * same_clause
        if relation != "at":
            score -= PREFERRED_PREPOSITION_BONUS
        # As near after as before: after ("à Benghazi avant de rencontrer mardi à Tripoli")
        if best is None or score < best_score or (score == best_score
                                                  and best.first < trigger.first < party.first):
            best, best_score = party, score
    return best


def _place_relation(view: SentenceView, party: Party, trigger: Trigger) -> str | None:
    """How a place relates to the trigger (destination, source, at), if it fits the kind."""
    relation = _raw_place_relation(view, party, trigger)
    if relation is None or relation not in _PLACE_RELATIONS.get(trigger.kind, _AT_ONLY):
        return None
    return relation


def _raw_place_relation(view: SentenceView, party: Party, trigger: Trigger) -> str | None:
    governor = effective_governor(party, trigger)
    kind = trigger.kind
    if governor is None:
        gap = party.first - trigger.last - 1
        if (kind in _DIRECT_PLACE_KINDS and 0 <= gap <= DIRECT_OBJECT_GAP_TOKENS
                and _nothing_between(view, trigger, party)) or _german_object_before(
                    view, trigger, party):
            return {"withdrawal": "source", "attack": "at"}.get(kind, "destination")
        if kind == "visit" and trigger.spec.noun and trigger.first - party.last == 1:
            return "destination"  # "Pistorius plans Niger visit"
        return None
    if governor.relation == LOCATIVE:
        if is_addressee(party, trigger):
            return None  # whom a demand is made of: "a demandé aux États-Unis de suspendre …"
        # "à", "en" name a destination only for what moves ("tués à Gao" happened there); "to",
        # "nach" name nothing else ("approved the deployment to Mali" is no decision in Mali).
        if kind in _MOVING_KINDS and governor.word in _DESTINATION_WORDS:
            return "destination"
        return None if governor.word in _ONLY_DESTINATION_WORDS else "at"
    if governor.relation == AGAINST and kind == "attack":
        return "at"  # "an attack on Gao"
    if is_origin(view, party, trigger):
        return None  # "troops from France": where they come from, not where it happens
    if governor.relation == SOURCE or (kind == "withdrawal" and governor.word in _FRENCH_DE):
        return "source"
    return None


def _coordinated(view: SentenceView, trigger: Trigger) -> bool:
    """Whether the trigger's l2 clause is a main clause joined by a conjunction (", and the …")."""
    start = view.clause_tokens("l2", trigger.first).start
    return start > 0 and view.tokens[start].lower in COORDINATORS


def _nothing_between(view: SentenceView, trigger: Trigger, party: Party) -> bool:
    return not any(trigger.last < other.first < party.first for other in view.parties)


_GERMAN_LIST_WORDS = frozenset({"und", "oder", "sowie", "wie"})

# A German main clause that opens with a noun phrase has its subject there, in front of the
# finite verb ("Die Armee stürzte Präsident Bazoum", "Die Junta hatte Bazoum gestürzt"): names
# after the finite verb are its objects.
_GERMAN_OPENERS = frozenset("der die das ein eine dieser diese dieses jener jene jenes".split())
GERMAN_FINITE = frozenset("""
hat hatte hatten haben habe ist war waren sind wird wurde wurden werden will wollte wollten
soll sollte sollten kann konnte konnten muss musste mussten
werde sei seien hätte hätten würde würden wolle solle könne müsse
""".split())

# Nouns of time that open a clause as an adverbial ("Die Woche zuvor", "Den ganzen Tag")
_TIME_NOUNS = frozenset("""
woche wochen tag tage tages nacht monat monate jahr jahre morgen abend zeit stunde stunden
""".split())



def german_inverted_finite(view: SentenceView, trigger: Trigger) -> int | None:
    """For a German verb at the end of a clause that opens with an adverbial ("Im Juli hat
    General Tiani Präsident Bazoum gestürzt", "Die Woche zuvor hatte die ECOWAS Niger
    sanktioniert"), the token of the finite auxiliary: the subject comes right after it, the
    objects after the subject."""
    if trigger.spec.language != "de" or trigger.spec.noun:
        return None
    if german_finite_verb(view, trigger) is not None:
        return None
    clause = view.clause_tokens("l1", trigger.first)
    return next((index for index in range(clause.start + 1, trigger.first)
                 if view.tokens[index].lower in GERMAN_FINITE), None)


def german_finite_verb(view: SentenceView, trigger: Trigger) -> int | None:
    """For a German verb in a clause that opens with its subject (an article, or a name), the
    token of the finite verb: an auxiliary before the trigger ("hatte … gestürzt"), or the
    trigger itself; None otherwise ("Am Montag empfing der Minister": the subject follows)."""
    if trigger.spec.language != "de" or trigger.spec.noun:
        return None
    clause = view.clause_tokens("l1", trigger.first)
    if clause.start >= trigger.first:
        return None
    opening = view.tokens[clause.start].start
    if (clause.start > 0 and view.tokens[clause.start].lower in GERMAN_FINITE
            and view.tokens[view.clause_tokens("strong", trigger.first).start].lower
            in _GERMAN_OPENERS and view.text[:opening].rstrip().endswith(",")
            and any(not view.text[party.end:opening].strip(" ,") for party in view.parties)):
        # "Der Chef der Junta, General Tiani, hatte … Putin getroffen": the subject and its
        # apposition stand before the finite verb (not "Nach Angaben …, hatte die Bundeswehr")
        return clause.start
    if clause.start + 1 < len(view.tokens) and view.tokens[clause.start + 1].lower in _TIME_NOUNS:
        return None  # "Die Woche zuvor hatte die ECOWAS …": a time, not the subject
    if (view.tokens[clause.start].lower not in _GERMAN_OPENERS
            and not any(party.first == clause.start for party in view.parties)):
        return None
    return next((index for index in range(clause.start + 1, trigger.first)
                 if view.tokens[index].lower in GERMAN_FINITE), trigger.first)


def _german_object_before(view: SentenceView, trigger: Trigger, party: Party) -> bool:
    """A place a German verb at the clause's end takes as its object: right before it ("hat
    Niger besucht", "hat am Freitag Mali verlassen"), or anywhere after the finite verb of a
    clause that opens with its subject ("Die Bundeswehr hat Mali im Dezember verlassen") —
    not one of a list of subjects ("die USA und Frankreich ihre Truppen abgezogen")."""
    if (trigger.kind in _DIRECT_PLACE_KINDS and trigger.spec.language == "de"
            and not trigger.spec.noun and party.last < trigger.first
            and party.governor is None):
        finite = german_finite_verb(view, trigger)
        if finite is not None and finite < party.first and finite < trigger.first:
            return True
    return (trigger.kind in _DIRECT_PLACE_KINDS and trigger.spec.language == "de"
            and not trigger.spec.noun and party.last + 1 == trigger.first and party.first > 0
            and view.tokens[party.first - 1].lower not in _GERMAN_LIST_WORDS
            and view.text[view.tokens[party.first - 1].end:view.tokens[party.first].start]
            .strip() == "")


def home_country(view: SentenceView, trigger: Trigger) -> Party | None:
    """Return the country a coup, election, protest or attack happened in, when only named as
    its subject or owner ("Mali's military government took power in a coup")."""
    if trigger.kind not in HOME_COUNTRY_KINDS:
        return None
    countries = [party for party in view.parties
                 if party.is_country and same_clause(view, party, trigger, "l2")]
    return min(countries, key=lambda party: abs(party.first - trigger.first), default=None)
