"""Date an event from its sentence: each temporal expression goes to its nearest trigger, and a
date must fit the event's modality (a plan is not dated in the past; a future date makes a plan).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from newsdb.pipeline.dates import TemporalExpression, find_temporal_expressions
from newsdb.pipeline.event_sentence import SentenceView
from newsdb.pipeline.event_triggers import Trigger, is_infinitive

# A date goes to the nearest trigger, in words; each clause border between them counts as this
# many more words: "'I will fly to Niger early next week,' he said" dates the flight, not "said".
CLAUSE_CROSSING_WORDS = {"strong": 20, "l2": 8, "l1": 3}
# An attribution ("…, officials said") is a less likely owner than the event it reports, by this
# many words: "killed 30 people in Gaza on Tuesday, officials said" dates the killing.
STATEMENT_DATE_WORDS = 3
# An infinitive's date is its governor's ("announced the decision to withdraw … at the end of
# 2022" dates the decision) unless it is a deadline ("to end its mission by May 2024"); the
# governor is a trigger at most this many words before it.
INFINITIVE_GOVERNOR_TOKENS = 4
# The object noun of a reaction stands this close after it ("condemned the cowardly attack").
REACTION_OBJECT_TOKENS = 3
# "since 2013", "seit 2020", "until May": the start or end of a span, not when the event happened
# — except for a state that began then: "stationed since 2018", "déployés depuis fin 2021",
# "fighting since April 2023" (a deployment's, a war's start is when it happened).
_SPAN_DATE = re.compile(r"(?:since|seit|depuis|until|till|bis|jusqu)", re.IGNORECASE)
_SPAN_START = re.compile(r"(?:since|seit|depuis)", re.IGNORECASE)
_STARTED_KINDS = frozenset({"deployment"})
# Fighting and sieges are states too ("fighting the army since April 2023", "seit Mai belagern
# die Paramilitärs Al-Faschir"); killings since a date are a
# running total, not one attack ("have killed 500 civilians since January").
_FIGHTING = re.compile(r"fight|fought|kämpf|combat|besieg|belager|assièg|assiég", re.IGNORECASE)
# A "when" clause after a "since" date tells what began then.
_WHEN_AFTER = re.compile(r"\s*,\s*(?:when|lorsque|quand)\b", re.IGNORECASE)
# A date that is a noun's complement: "the attack of August 23", "l'attaque du 23 août",
# "den Anschlag vom 23. August" (the expression may include the word).
_NOUN_DATE = re.compile(r"\s+(?:of|du|de|vom|des)\b", re.IGNORECASE)
_DEADLINE = re.compile(r"(?:by|bis|d['’]ici|avant)\b", re.IGNORECASE)


def date_owners(view: SentenceView, triggers: list[Trigger], language: str | None,
                published_on: date | None) -> dict[Trigger, TemporalExpression]:
    """Give each temporal expression of the sentence to its nearest trigger."""
    owners: dict[Trigger, TemporalExpression] = {}
    found = find_temporal_expressions(view.text, language, published_on)
    for expression in found:
        candidates = triggers
        if _SPAN_DATE.match(expression.text):
            candidates = [trigger for trigger in triggers if not trigger.spec.noun and (
                trigger.kind in _STARTED_KINDS or _FIGHTING.match(view.tokens[trigger.first].lower))
            ] if _SPAN_START.match(expression.text) else []
            if not candidates and _SPAN_START.match(expression.text):
                candidates = _when_clause(view, triggers, expression)
            if not candidates:
                continue
        if len(candidates) > 1:
            candidates = _without_attributions(view, candidates, expression)
        # A single trigger (in nearly half the sentences with a date) needs no measuring.
        nearest = candidates[0] if len(candidates) == 1 else min(
            candidates, key=lambda trigger: _distance(view, trigger, expression))
        if not _DEADLINE.match(expression.text):
            nearest = (_governor(view, triggers, nearest)
                       or _reaction_to(view, triggers, nearest, expression) or nearest)
        current = owners.get(nearest)
        if current is None or (_distance(view, nearest, expression)
                               < _distance(view, nearest, current)):
            owners[nearest] = expression
    return owners


def _reaction_to(view: SentenceView, triggers: list[Trigger], noun: Trigger,
                 expression: TemporalExpression) -> Trigger | None:
    """The reaction whose object the noun is ("verurteilte den Anschlag am Donnerstag",
    "condemned the attack on Tuesday"): the date at the end of the clause is the reaction's,
    unless the noun takes it as its own complement ("the attack of August 23", "vom 23.")."""
    if not noun.spec.noun or _NOUN_DATE.match(view.text, noun.end, expression.char_start + 1):
        return None
    clause = view.tokens[noun.first].l1
    before = [other for other in triggers if other.spec.reaction and other.last < noun.first
              and noun.first - other.last <= REACTION_OBJECT_TOKENS
              and view.tokens[other.first].l1 == clause]
    return before[-1] if before else None


def _when_clause(view: SentenceView, triggers: list[Trigger],
                 expression: TemporalExpression) -> list[Trigger]:
    """The first trigger of a "when" clause right after a "since" date: what began then ("in
    turmoil since 2013, when the Séléka coalition toppled President Bozizé")."""
    if _WHEN_AFTER.match(view.text, expression.char_end) is None:
        return []
    return [trigger for trigger in triggers if trigger.start > expression.char_end][:1]


def _without_attributions(view: SentenceView, candidates: list[Trigger],
                          expression: TemporalExpression) -> list[Trigger]:
    """Leave out attributions after the date's clause when that clause tells an event of its own
    ("killed 12 soldiers in an attack near Téra on Wednesday, the army said"): they report the
    clause, and the date is its event's. "On Friday, the WFP said" keeps its speaker."""
    date_token = view.tokens[min(view.token_index(expression.char_start), len(view.tokens) - 1)]
    if not any(trigger.kind != "statement" and view.tokens[trigger.first].l1 == date_token.l1
               for trigger in candidates):
        return candidates
    return [trigger for trigger in candidates
            if not (trigger.kind == "statement" and view.tokens[trigger.first].start
                    > date_token.start and view.tokens[trigger.first].l1 != date_token.l1)
            ] or candidates


def _governor(view: SentenceView, triggers: list[Trigger], trigger: Trigger) -> Trigger | None:
    """The trigger an infinitive trigger depends on ("decision" in "decision to withdraw")."""
    before = [other for other in triggers if other.last < trigger.first
              and trigger.first - other.last <= INFINITIVE_GOVERNOR_TOKENS
              and view.tokens[other.first].strong == view.tokens[trigger.first].strong]
    # Most triggers have no other one just before them: spare them the infinitive test.
    if not before or not is_infinitive(view, trigger):
        return None
    return before[-1]


def _distance(view: SentenceView, trigger: Trigger, expression: TemporalExpression) -> int:
    """Words between a trigger and a date, plus the clause borders between them."""
    first = min(view.token_index(expression.char_start), len(view.tokens) - 1)
    last = max(view.last_token_before(expression.char_end), first)
    if first > trigger.last:
        words = first - trigger.last
    elif last < trigger.first:
        words = trigger.first - last
    else:
        words = 0
    date_token, trigger_token = view.tokens[first], view.tokens[trigger.first]
    crossings = sum(cost for level, cost in CLAUSE_CROSSING_WORDS.items()
                    if getattr(date_token, level) != getattr(trigger_token, level))
    return words + crossings + STATEMENT_DATE_WORDS * (trigger.kind == "statement")


# The last day a whole week can start on: a week from a later day ends with the calendar.
_LAST_WEEK_START = date.max - timedelta(days=6)


def fit_date(published_on: date | None, expression: TemporalExpression | None,
             mode: str) -> tuple[TemporalExpression | None, str]:
    """Keep the date only if it fits the modality; a future date makes an event planned."""
    if expression is None or expression.value is None or published_on is None:
        return expression, mode
    if mode == "planned" and period_end(expression.value, expression.precision) < published_on:
        return None, mode  # a plan is not dated by something long past
    if mode == "occurred" and expression.value > published_on:
        return expression, "planned"
    return expression, mode


def period_end(start: date, precision: str | None) -> date:
    """Return the last day of the period that starts on ``start`` (the calendar's last day at
    the latest: an article may claim to be from the year 9999)."""
    if precision == "week":
        return start + timedelta(days=6) if start < _LAST_WEEK_START else date.max
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start.replace(month=12, day=31)
    return start
