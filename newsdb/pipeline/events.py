"""Find the events an article reports (DESIGN.md §5.8, kinds in §6): a pure function of the body
and of the entity mentions and demonyms already found in it.

Each sentence is read on its own: trigger words (event_lexicon) give the kind; cues around them
the modality, or rule the event out (negated, hypothetical, a noun referring back to an event
already told); event_roles picks actors, targets and place; the date is the sentence's temporal
expression nearest to the trigger. Triggers of one kind in one sentence with compatible actors
make one event ("said … in a statement": one statement per speaker).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache

from newsdb.pipeline.dates import TemporalExpression
from newsdb.pipeline.event_cues import AnyCaseWords, for_language
from newsdb.pipeline.event_dates import date_owners, fit_date, period_end
from newsdb.pipeline.event_lexicon import BACKGROUND, FORCE, lexicon_for
from newsdb.pipeline.event_places import HOME_COUNTRY_KINDS
from newsdb.pipeline.event_roles import COUNTRIES, PEOPLE, SIDES, PairResolver, find_roles
from newsdb.pipeline.event_sentence import SentenceView
from newsdb.pipeline.event_triggers import (
    Trigger,
    find_triggers,
    is_hypothetical,
    is_negated,
    may_hold_trigger,
    modality,
    names_forces,
    refers_back,
)
from newsdb.pipeline.gazetteer import default_gazetteer
from newsdb.pipeline.metadata import lead_dateline_end
from newsdb.pipeline.types import DemonymHit, EventCandidate, MentionCandidate, Sentence

__all__ = ["find_events"]

# Confidence: a verb reports an event more surely than a noun ("withdrew" vs "withdrawal"); each
# element found adds to it; a weak word ("left"), a requested event ("called for … to leave") and
# a headline (terse, often figurative) take away.
VERB_CONFIDENCE = 0.6
NOUN_CONFIDENCE = 0.5
ACTOR_BONUS = 0.15
TARGET_BONUS = 0.05
LOCATION_BONUS = 0.1
DATE_BONUS = 0.1
WEAK_TRIGGER_PENALTY = 0.1
REQUESTED_PENALTY = 0.1
HEADLINE_FACTOR = 0.8
MAX_CONFIDENCE = 0.95
# A line without final punctuation and at most this many words is a headline or a caption: its
# nouns alone ("Besuch des … in Bamako") repeat the text and make no events of their own.
HEADLINE_MAX_TOKENS = 14
# "he said" may name a person from up to this many sentences back.
PRONOUN_LOOKBACK_SENTENCES = 3
# A preposition right before a name ("talks with Olaf Scholz", "mit", "avec"), looked for in
# this many characters before it.
_GOVERNED_PERSON = re.compile(r"(?i:\b(?:with|by|from|to|of|after|mit|von|vom|nach|bei|avec|"
                              r"par|de|du|après|chez)\s+(?:[\w'’.-]+\s+){0,3}$)")
_GOVERNOR_CHARS = 40
# What "both sides" may stand for besides countries.
_SIDE_SUBTYPES = frozenset({"armed_force", "armed_group"})

# Capitals that stand for an organization seated there more often than for their country.
_SEATS = frozenset({"brussels"})
# What governments do: a capital that does it stands for its country ("N'Djamena demanded").
_STATE_KINDS = frozenset({"agreement", "decision", "demand", "statement", "sanction", "meeting"})
# Words that place a statement at another time than the news ("said at the time", "damals").
_ANOTHER_TIME = AnyCaseWords(r"\bat\s+the\s+time\b|\bback\s+then\b|\brepeatedly\b|"
                             r"\bdamals\b|\bseinerzeit\b|\bwiederholt\b|à\s+l['’]époque|"
                             r"à\s+plusieurs\s+reprises|\bhas\s+long\b")
# How old the news may be that dates the statements told after it.
_NEWS_DAYS = timedelta(days=7)
_QUESTION = re.compile(r"\?[\"'”’»)\s]*$")
_FINAL_PUNCTUATION = re.compile(r"[.!?…\"'”’»)]\s*$")
_REQUESTABLE_KINDS = frozenset({"withdrawal", "deployment", "sanction"})
_SAME_KIND_GROUP = {"meeting": "visit"}  # a meeting in a sentence about a visit is that visit

_KIND_NOUNS = {
    "statement": "statement", "visit": "visit", "meeting": "meeting", "agreement": "agreement",
    "decision": "decision", "demand": "demand", "withdrawal": "withdrawal",
    "deployment": "deployment", "coup": "coup", "attack": "attack", "sanction": "sanctions",
    "election": "election", "ceremony": "ceremony", "aid": "aid", "protest": "protest",
}
_TARGET_WORDS = {"meeting": "with", "agreement": "with", "attack": "on", "sanction": "against",
                 "demand": "on", "ceremony": "for", "aid": "to", "deployment": "of"}
_PLACE_WORDS = {"withdrawal": "from", "visit": "to", "deployment": "to"}


@dataclass
class _Draft:
    """An event being assembled from one or more triggers of a sentence."""

    kind: str
    modality: str
    triggers: list[Trigger]
    actors: list[str]
    targets: list[str]
    others: list[str]
    location: str | None
    expression: TemporalExpression | None
    requested: bool = False
    converted: bool = False  # a meeting told as part of a visit
    forces: bool = False  # the sentence speaks of troops or a mission (asked of withdrawals)
    kinds: set[str] = field(default_factory=set)

    @property
    def trigger(self) -> Trigger:
        return self.triggers[0]

    def absorb(self, other: _Draft) -> None:
        """Take in another trigger's findings; what this draft already has wins."""
        self.triggers += other.triggers
        self.kinds |= other.kinds
        actors, targets = other.actors, other.targets
        if other.converted and not self.converted:
            # The host of a visit received its visitor: the meeting's sides are the visit's targets.
            actors, targets = [], other.actors + other.targets
        self.actors += [key for key in actors
                        if key not in self.actors + self.targets and key != self.location]
        self.targets += [key for key in targets
                         if key not in self.targets and key not in self.actors]
        self.others += [key for key in other.others if key not in self.others]
        self.location = self.location or other.location
        self.expression = self.expression or other.expression
        self.requested = self.requested and other.requested


class _Article:
    """What find_events knows about the whole article while reading its sentences."""

    def __init__(self, body: str, language: str | None, mentions: list[MentionCandidate],
                 demonyms: list[DemonymHit], published_on: date | None) -> None:
        self.body = body
        self.language = language
        self.published_on = published_on
        self.cues = for_language(language)
        self.lexicon = lexicon_for(language)
        self.mentions: dict[int, list[MentionCandidate]] = defaultdict(list)
        self.demonyms: dict[int, list[DemonymHit]] = defaultdict(list)
        for hit in demonyms:
            self.demonyms[hit.sentence].append(hit)
        self.names: dict[str, str] = {}
        self.identity: dict[str, str] = {}  # key → country code: Berlin and Germany act as one
        self.countries: set[str] = {hit.country_key for hit in demonyms}
        self.force_country: dict[str, str] = {}  # armed force → its country ("bundeswehr")
        self.previous_actor: str | None = None  # who acted in the sentence just read
        self._index(mentions, demonyms)

    def _index(self, mentions: list[MentionCandidate], demonyms: list[DemonymHit]) -> None:
        country_by_code: dict[str, str] = {}
        for mention in mentions:
            self.mentions[mention.sentence].append(mention)
            self.names.setdefault(mention.key, _short_name(mention))
            code = (mention.country_code or "").upper()
            if code and mention.kind != "person":
                self.identity.setdefault(mention.key, code)
            if mention.subtype == "country":
                self.countries.add(mention.key)
                if code:
                    country_by_code.setdefault(code, mention.key)
        for mention in mentions:
            code = (mention.country_code or "").upper()
            if mention.subtype == "armed_force" and code:
                # The country as named in the article, else as the knowledge base knows it
                # ("Russian military instructors arrived": Russia deploys them).
                country = country_by_code.get(code) or _country_key(code)
                if country is not None:
                    self.force_country[mention.key] = country
        counts = Counter(mention.key for mention in mentions if mention.subtype == "country")
        ranked = counts.most_common(1)  # ties: the first named (Counter keeps that order)
        # The country the article is about: named most, and more than once.
        self.home_country = ranked[0][0] if ranked and ranked[0][1] > 1 else None
        # People a pronoun may stand for: not one named after a preposition ("After talks with
        # Olaf Scholz, Emmanuel Macron flew home. He said …" is Macron).
        persons = sorted((m.char_start, m.sentence, m.key) for m in mentions
                         if m.kind == "person" and not _GOVERNED_PERSON.search(
                             self.body, max(0, m.char_start - _GOVERNOR_CHARS), m.char_start))
        self._person_starts = [start for start, _, _ in persons]
        self._persons = persons
        # Who may act, in text order, with their sort: for "the two countries", "both sides".
        actors = sorted([(m.char_start, m.sentence, m.key, _pair_group(m)) for m in mentions]
                        + [(hit.char_start, hit.sentence, hit.country_key, (COUNTRIES, SIDES))
                           for hit in demonyms])  # "met Russian Deputy Defence Minister …"
        self._actor_starts = [start for start, _, _, _ in actors]
        self._actors = actors

    def person_resolver(self, sentence: Sentence) -> Callable[[int], str | None]:
        """Return a function naming the person a pronoun at a sentence offset stands for."""
        def person_before(offset: int) -> str | None:
            position = bisect.bisect_left(self._person_starts, sentence.char_start + offset) - 1
            if position < 0:
                return None
            _, index, key = self._persons[position]
            if index < sentence.index - PRONOUN_LOOKBACK_SENTENCES:
                return None
            # The first person of the latest sentence that names one, its subject more often
            # than not: "When Ali Youssef emerged from talks with Sergei Lavrov, he told …"
            while position > 0 and self._persons[position - 1][1] == index:
                position -= 1
            return self._persons[position][2]
        return person_before

    def pair_resolver(self, sentence: Sentence) -> PairResolver:
        """Return a function naming the last two people or bodies named before a sentence
        offset, within the sentences a pronoun looks back over; none unless there are two."""
        def pair_before(offset: int, group: str) -> tuple[str, ...]:
            position = bisect.bisect_left(self._actor_starts, sentence.char_start + offset)
            found: list[str] = []
            for _, index, key, groups in reversed(self._actors[:position]):
                if index < sentence.index - PRONOUN_LOOKBACK_SENTENCES or len(found) == 2:
                    break
                if group in groups and key not in found:
                    found.append(key)
            return tuple(reversed(found)) if len(found) == 2 else ()
        return pair_before

    def name(self, key: str) -> str:
        """Return how a title names an entity: its mention's name, else its key spelled out."""
        if key in self.names:
            return self.names[key]
        bare = key.removeprefix("new:")
        return bare.replace("-", " ").title()

    def share_party(self, first: _Draft, second: _Draft) -> bool:
        """Whether two drafts name a common participant (Berlin and Germany count as one)."""
        sides = {self.identity.get(key, key) for key in first.actors + first.targets}
        return any(self.identity.get(key, key) in sides for key in second.actors + second.targets)


def _pair_group(mention: MentionCandidate) -> tuple[str, ...]:
    """Which of "the two ministers", "the two countries", "both sides" a mention may be one of."""
    if mention.kind == "person":
        return (PEOPLE,)
    if mention.subtype == "country":
        return (COUNTRIES, SIDES)
    if mention.kind == "organization" and (mention.subtype in _SIDE_SUBTYPES
                                            or mention.method == "kb"):
        return (SIDES,)
    return ()


def _short_name(mention: MentionCandidate) -> str:
    """A person by surname ("Pistorius"), anything else by its full name."""
    if mention.kind == "person" and " " in mention.name.strip():
        return mention.name.split()[-1]
    return mention.name


def find_events(body: str, language: str | None, sentences: list[Sentence],
                mentions: list[MentionCandidate], demonyms: list[DemonymHit],
                published_on: date | None) -> list[EventCandidate]:
    """Return the events reported in ``body``, one candidate per event and sentence.

    :param mentions: entity mentions of the body; their keys name participants and places.
    :param demonyms: demonyms of the body ("German troops"): countries acting without a name.
    :param published_on: the anchor of relative dates; without it they stay unresolved.
    """
    code = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0] if language else None
    article = _Article(body, code or None, mentions, demonyms, published_on)
    told: set[str] = set()  # kinds already reported: a later "the visit" refers back
    events: list[EventCandidate] = []
    for sentence in _without_dateline(body, sentences):
        headline = _is_headline(body, sentence)
        drafts = _sentence_drafts(article, sentence, told, headline)
        for draft in drafts:
            told |= draft.kinds
            events.append(_candidate(article, sentence, draft, headline))
        article.previous_actor = next((d.actors[0] for d in drafts if d.actors), None)
    return _date_statements_by_the_news(events, published_on)


def _date_statements_by_the_news(events: list[EventCandidate], published_on: date | None
                                 ) -> list[EventCandidate]:
    """A statement its sentence gives no date ("'…,' Touray said after the session") was made
    on the day of the news told before it: the latest event dated to a day of the week before
    publication ("ECOWAS leaders on Sunday gave …"). Its date_text says where the date came from.
    """
    if published_on is None:
        return events
    news: tuple[date, str | None] | None = None  # the day, and the words it came from
    dated: list[EventCandidate] = []
    for event in events:
        if (event.kind == "statement" and event.occurred_on is None
                and event.modality == "occurred" and news is not None
                and not _ANOTHER_TIME.found_in(event.text)):
            event = replace(event, occurred_on=news[0], date_precision="day",
                            date_text=news[1])
        elif (event.occurred_on is not None and event.date_precision == "day"
              and timedelta(0) <= published_on - event.occurred_on <= _NEWS_DAYS):
            # Background told in between does not end the news: the quotes after it are still
            # about the day ("Im Oktober waren … getötet worden. …, sagte Nebensja").
            news = (event.occurred_on, event.date_text)
        dated.append(event)
    return dated


def _without_dateline(body: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences, the first without a lead dateline ("NIAMEY, Oct 17 (Reuters) –"): its
    date is the report's and its place where the report was filed, not the event's."""
    if not sentences or sentences[0].char_start != 0:
        return sentences
    first = sentences[0]
    start = lead_dateline_end(first.text)
    if not 0 < start < len(first.text):
        return sentences
    trimmed = Sentence(first.index, start, first.char_end, first.text[start:])
    return [trimmed, *sentences[1:]]


def _is_headline(body: str, sentence: Sentence) -> bool:
    start, end = sentence.char_start, sentence.char_end
    own_line = (start == 0 or body[start - 1] == "\n") and (end >= len(body) or body[end] == "\n")
    return (own_line and _FINAL_PUNCTUATION.search(sentence.text) is None
            and len(sentence.text.split()) <= HEADLINE_MAX_TOKENS)


def _sentence_drafts(article: _Article, sentence: Sentence, told: set[str],
                     headline: bool) -> list[_Draft]:
    if _QUESTION.search(sentence.text):
        return []  # a question reports nothing
    if not may_hold_trigger(sentence.text, article.lexicon):
        return []
    mentions = article.mentions.get(sentence.index, [])
    view = SentenceView(sentence.text, article.cues)
    view.add_parties(sentence.char_start, mentions, article.demonyms.get(sentence.index, []))
    named = [(m.char_start - sentence.char_start, m.char_end - sentence.char_start)
             for m in mentions]
    triggers = [trigger for trigger in find_triggers(view, article.lexicon, named)
                if not (headline and trigger.spec.noun)]
    if not triggers:
        return []
    # A noun's subject stands after the last event word before it: "Germany's parliament
    # approved the deployment", "France condemned the attack" (a reaction is no party to it)
    view.event_heads = {trigger.first for trigger in triggers
                        if trigger.kind != "statement" or trigger.spec.reaction}
    for trigger in reversed(triggers):
        if trigger.kind == "statement" and not trigger.spec.reaction:
            view.speech_heads[int(view.tokens[trigger.first].l1)] = trigger.first
    view.add_event_owners(sentence.char_start, article.demonyms.get(sentence.index, []),
                          {trigger.first for trigger in triggers if trigger.spec.noun})
    drafts = [_draft(article, view, sentence, trigger) for trigger in triggers
              if trigger.kind != BACKGROUND
              and not is_negated(view, trigger) and not is_hypothetical(view, trigger)]
    if not any(_names_anything(draft) or (draft.kind in HOME_COUNTRY_KINDS
                                          and article.home_country) for draft in drafts):
        return []  # nothing can be reported: spare the date grammar
    owners = date_owners(view, triggers, article.language, article.published_on)
    for draft in drafts:
        draft.expression, draft.modality = fit_date(
            article.published_on, owners.get(draft.trigger), draft.modality)
        if (draft.location is None and not draft.actors and not draft.targets
                and draft.kind in HOME_COUNTRY_KINDS and draft.expression is not None):
            # "Elections held in November 2024": dated, in the country the article is about
            draft.location = article.home_country
    drafts = [draft for draft in drafts
              if not _told_again(view, draft.trigger, told, draft.expression)]
    _apply_requests(article, view, drafts)
    return [draft for draft in _merge(article, drafts) if _supported(draft)]


def _told_again(view: SentenceView, trigger: Trigger, told: set[str],
                expression: TemporalExpression | None) -> bool:
    """Whether a noun only refers back to an event already told ("the visit", "diese Visite"):
    unless it brings a date of its own ("the first national vote … the February 2024 one")."""
    kind = trigger.kind
    known = kind in told or _SAME_KIND_GROUP.get(kind) in told or any(
        _SAME_KIND_GROUP.get(other) == kind for other in told)
    dated = expression is not None and expression.value is not None
    return known and not dated and refers_back(view, trigger)


def _names_anything(draft: _Draft) -> bool:
    """Whether a draft names a participant or a place (a statement: a speaker), without which
    no draft of its sentence can be reported (see _supported)."""
    if draft.kind == "statement":
        return bool(draft.actors)
    return bool(draft.actors or draft.targets or draft.location)


def _draft(article: _Article, view: SentenceView, sentence: Sentence,
           trigger: Trigger) -> _Draft:
    """Read one trigger's roles and modality; the date comes later, from all triggers."""
    roles = find_roles(view, trigger, article.person_resolver(sentence), article.previous_actor,
                       article.pair_resolver(sentence))
    if trigger.kind in _STATE_KINDS:  # "Ankara and Mogadishu signed": Turkey and Somalia
        roles = replace(roles, actors=_governments(roles.actors),
                        targets=_governments(roles.targets))
    actors = list(roles.actors)
    for key in roles.actors:
        country = article.force_country.get(key)
        if country and country not in actors:
            actors.append(country)  # the Bundeswehr acts for Germany
    return _Draft(
        kind=trigger.kind, modality=modality(view, trigger), triggers=[trigger], actors=actors,
        targets=[key for key in roles.targets if key not in actors],
        others=[key for key in roles.others if key not in actors and key != roles.location],
        location=roles.location, expression=None, kinds={trigger.kind},
        # Only withdrawals ask (_supported), and no draft becomes one: spare others the search.
        forces=trigger.kind == "withdrawal" and names_forces(view, trigger),
    )


def _country_key(code: str) -> str | None:
    country = default_gazetteer().kb.country(code)
    return country.key if country is not None else None


@cache
def _capital_countries() -> dict[str, str]:
    return default_gazetteer().kb.capital_countries()


def _governments(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A capital that acts stands for its country's government (not Brussels: mostly the EU)."""
    capitals = _capital_countries()
    return tuple(dict.fromkeys(capitals.get(key, key) if key not in _SEATS else key
                               for key in keys))


def _apply_requests(article: _Article, view: SentenceView, drafts: list[_Draft]) -> None:
    """A withdrawal, deployment or sanction inside a demand ("demanded that French soldiers
    leave", "a demandé à la CEDEAO de lever les sanctions") is requested: planned, undated (the
    date is the demand's), done by whom the demand addresses, and away from the country that
    demands it."""
    for demand in [draft for draft in drafts if draft.kind == "demand"]:
        head = view.tokens[demand.trigger.first]
        taken: set[str] = set()
        for draft in drafts:
            token = view.tokens[draft.trigger.first]
            if (draft.kind not in _REQUESTABLE_KINDS or draft.trigger.first <= demand.trigger.first
                    or token.strong != head.strong or token.l1 - head.l1 != token.l2 - head.l2):
                continue
            draft.requested = True
            if demand.expression is None:  # "a demandé … de lever les sanctions le 4 juillet"
                demand.expression = draft.expression
            draft.expression = None
            if draft.modality == "occurred":
                draft.modality = "planned"
            if not draft.actors:
                draft.actors = [key for key in demand.targets if key not in taken][:1]
            taken.update(draft.actors)
            if draft.location is None and demand.actors and demand.actors[0] in article.countries:
                draft.location = demand.actors[0]


def _merge(article: _Article, drafts: list[_Draft]) -> list[_Draft]:
    """Join triggers of one kind that report the same event."""
    kinds = {draft.kind for draft in drafts}
    for draft in drafts:
        if _SAME_KIND_GROUP.get(draft.kind) in kinds:
            draft.kind = _SAME_KIND_GROUP[draft.kind]
            draft.converted = True
    merged: list[_Draft] = []
    for draft in sorted(drafts, key=lambda draft: draft.converted):
        host = next((other for other in merged if _mergeable(article, other, draft)), None)
        if host is None:
            merged.append(draft)
        else:
            host.absorb(draft)
    return merged


def _mergeable(article: _Article, first: _Draft, second: _Draft) -> bool:
    return (first.kind == second.kind and first.modality == second.modality
            and _same_time(first.expression, second.expression)
            and (not first.actors or not second.actors or article.share_party(first, second)))


def _same_time(first: TemporalExpression | None, second: TemporalExpression | None) -> bool:
    """Whether two dates may name one event: "a coup in 2021 … who had seized power the
    previous year" tells two coups."""
    if first is None or second is None or first.value is None or second.value is None:
        return True
    return (first.value <= period_end(second.value, second.precision)
            and second.value <= period_end(first.value, first.precision))


def _supported(draft: _Draft) -> bool:
    """Whether the sentence says enough about the event to record it."""
    participants = set(draft.actors) | set(draft.targets)
    if not participants and draft.location is None:
        return False  # "Simply leaving is not the solution"
    if draft.kind == "statement" and not draft.actors:
        return False  # only a named speaker makes a statement notable
    if draft.kind == "demand" and not participants:
        return False  # a demand by no one named, of no one named, says nothing
    if draft.kind == "withdrawal" and not draft.forces and draft.location is None:
        return False  # "withdrawal from ECOWAS", "withdrew its candidacy": no troops leave
    if all(trigger.spec.context == FORCE for trigger in draft.triggers) and not participants:
        return False  # "the attack left 20 soldiers dead": "left" needs a named party
    if draft.kind == "meeting" and len(participants) < 2 and draft.location is None:
        return False  # a meeting has two sides, or at least a place
    if all(trigger.spec.plural for trigger in draft.triggers):
        # "overseas deployments", "aus Einsätzen": generic unless dated
        return draft.expression is not None and draft.expression.value is not None
    return True


def _candidate(article: _Article, sentence: Sentence, draft: _Draft,
               headline: bool) -> EventCandidate:
    expression = draft.expression
    if expression is not None and expression.value is None:
        expression = None  # unresolved ("last year" without a publication date): no date at all
    start, end = sentence.char_start, sentence.char_end
    return EventCandidate(
        kind=draft.kind,
        modality=draft.modality,
        title=_title(article, draft),
        sentence=sentence.index,
        char_start=start,
        char_end=end,
        text=article.body[start:end],
        occurred_on=expression.value if expression else None,
        date_precision=expression.precision if expression else None,
        date_text=expression.text if expression else None,
        actors=tuple(draft.actors),
        targets=tuple(draft.targets),
        others=tuple(key for key in draft.others
                     if key not in draft.actors and key not in draft.targets),
        location=draft.location,
        confidence=_confidence(draft, headline),
    )


def _confidence(draft: _Draft, headline: bool) -> float:
    verb = any(not trigger.spec.noun for trigger in draft.triggers)
    score = VERB_CONFIDENCE if verb else NOUN_CONFIDENCE
    score += ACTOR_BONUS * bool(draft.actors) + TARGET_BONUS * bool(draft.targets)
    score += LOCATION_BONUS * (draft.location is not None)
    score += DATE_BONUS * (draft.expression is not None and draft.expression.value is not None)
    if all(trigger.spec.context for trigger in draft.triggers):
        score -= WEAK_TRIGGER_PENALTY
    if draft.requested:
        score -= REQUESTED_PENALTY
    if headline:
        score *= HEADLINE_FACTOR
    return round(min(score, MAX_CONFIDENCE), 2)


def _title(article: _Article, draft: _Draft) -> str:
    """A short human title: "Germany: withdrawal from Mali", "Pistorius: visit to Niger"."""
    phrase = _KIND_NOUNS[draft.kind]
    actor = draft.actors[0] if draft.actors else None
    if draft.targets and draft.kind in _TARGET_WORDS:
        phrase += f" {_TARGET_WORDS[draft.kind]} {article.name(draft.targets[0])}"
    if draft.location is not None:
        phrase += f" {_PLACE_WORDS.get(draft.kind, 'in')} {article.name(draft.location)}"
        if actor == draft.location:
            actor = None  # "Coup in Mali", not "Mali: coup in Mali"
    if actor is not None:
        return f"{article.name(actor)}: {phrase}"
    return phrase[0].upper() + phrase[1:]
