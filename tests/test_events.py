"""Event extraction: kind, modality, participants, place and date from the sentence that tells it.

Mentions and demonyms are built by hand here (the entity stage is tested on its own), so these
tests pin down what find_events makes of them: literal sentences in English, German and French,
and the seed articles as the importer cleans them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.pipeline.dates import find_temporal_expressions
from newsdb.pipeline.drafts import NamesVersion, draft_extraction
from newsdb.pipeline.event_cues import AnyCaseWords
from newsdb.pipeline.event_lexicon import KINDS
from newsdb.pipeline.events import find_events
from newsdb.pipeline.sentences import sentence_at, split_sentences
from newsdb.pipeline.text_stages import prepare_text
from newsdb.pipeline.types import DemonymHit, EventCandidate, MentionCandidate, Sentence

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DW_SEED = "000_b2f27a3b35a48b47.txt"
TRANSLATED_SEED = "001_7e05d0398e2af1c0.txt"
GERMAN_SEED = "002_b0b2ffb098fc43c8.txt"
MODALITIES = {"occurred", "planned", "cancelled", "postponed"}

# (surface, key, kind, subtype, country code): the names the entity stage would have found.
Name = tuple[str, str, str, str | None, str | None]


def _country(surface: str, key: str, code: str | None = None) -> Name:
    return (surface, key, "location", "country", code)


def _city(surface: str, key: str, code: str | None = None) -> Name:
    return (surface, key, "location", "city", code)


def _person(surface: str, key: str) -> Name:
    return (surface, key, "person", None, None)


def _organization(surface: str, key: str, subtype: str | None = None,
                  code: str | None = None) -> Name:
    return (surface, key, "organization", subtype, code)


PISTORIUS = [_person("Boris Pistorius", "boris-pistorius"), _person("Pistorius", "boris-pistorius")]
BUNDESWEHR = _organization("Bundeswehr", "bundeswehr", "armed_force", "DE")


def _spans(body: str, surface: str) -> list[tuple[int, int]]:
    pattern = re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")
    return [(match.start(), match.end()) for match in pattern.finditer(body)]


def _annotate(body: str, sentences: list[Sentence], names: list[Name],
              demonyms: list[tuple[str, str]]) -> tuple[list[MentionCandidate], list[DemonymHit]]:
    """Find every occurrence of the given names (longest first, no overlaps) and demonyms."""
    mentions: list[MentionCandidate] = []
    taken: list[tuple[int, int]] = []
    for surface, key, kind, subtype, code in sorted(names, key=lambda name: -len(name[0])):
        for start, end in _spans(body, surface):
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            mentions.append(MentionCandidate(
                start, end, surface, key, surface, kind, "kb", sentence_at(sentences, start),
                subtype=subtype, country_code=code))
    hits = [DemonymHit(start, end, surface, key, sentence_at(sentences, start))
            for surface, key in demonyms for start, end in _spans(body, surface)]
    mentions.sort(key=lambda mention: mention.char_start)
    return mentions, hits


def events_in(body: str, names: list[Name] | None = None,
              demonyms: list[tuple[str, str]] | None = None, language: str | None = "en",
              published_on: date | None = date(2023, 12, 15)) -> list[EventCandidate]:
    sentences = split_sentences(body)
    mentions, hits = _annotate(body, sentences, names or [], demonyms or [])
    events = find_events(body, language, sentences, mentions, hits, published_on)
    for event in events:
        assert body[event.char_start:event.char_end] == event.text
    return events


def only(events: list[EventCandidate], kind: str) -> EventCandidate:
    found = [event for event in events if event.kind == kind]
    assert len(found) == 1, events
    return found[0]


def kinds(events: list[EventCandidate]) -> list[str]:
    return [event.kind for event in events]


# --- English ------------------------------------------------------------------------------


def test_dw_last_troops_flew_back_on_friday() -> None:
    body = ("The last Bundeswehr troops serving in Mali as part of the international MINUSMA "
            "peacekeeping mission flew back to a German air base on Friday.")
    names = [BUNDESWEHR, _country("Mali", "mali"), _organization("MINUSMA", "minusma")]
    event = only(events_in(body, names), "withdrawal")
    assert event.modality == "occurred"
    assert "bundeswehr" in event.actors and event.location == "mali"
    assert (event.occurred_on, event.date_precision, event.date_text) == (
        date(2023, 12, 15), "day", "on Friday")
    assert event.title == "Bundeswehr: withdrawal from Mali"


def test_armed_force_acts_for_its_country_named_in_the_article() -> None:
    body = ("Germany's defence minister spoke. The last Bundeswehr troops left Mali on Friday.")
    names = [BUNDESWEHR, _country("Germany", "germany", "DE"), _country("Mali", "mali")]
    event = only(events_in(body, names), "withdrawal")
    assert event.actors == ("bundeswehr", "germany")


def test_dw_junta_called_for_peacekeepers_to_leave_in_july() -> None:
    body = "In July, the junta called for all UN peacekeepers to leave"
    events = events_in(body, [_organization("UN", "united-nations")])
    demand = only(events, "demand")
    assert (demand.occurred_on, demand.date_precision) == (date(2023, 7, 1), "month")
    assert demand.targets == ("united-nations",)
    withdrawal = only(events, "withdrawal")  # asked for, not yet done, and not dated July
    assert withdrawal.modality == "planned" and withdrawal.occurred_on is None
    assert withdrawal.actors == ("united-nations",)


def test_demanded_departure_is_a_demand_and_a_planned_withdrawal() -> None:
    body = ("This follows the gradual shutdown of the operation after Mali's military government "
            "forged close ties with Russia and ultimately demanded first that French soldiers "
            "leave and then that all international peacekeepers depart.")
    names = [_country("Mali", "mali"), _country("Russia", "russia")]
    events = events_in(body, names, [("French", "france")])
    assert sorted(kinds(events)) == ["demand", "withdrawal"]
    demand = only(events, "demand")
    assert demand.actors == ("mali",) and demand.targets == ("france",)
    withdrawal = only(events, "withdrawal")
    assert (withdrawal.actors, withdrawal.location, withdrawal.modality) == (
        ("france",), "mali", "planned")
    assert withdrawal.title == "France: withdrawal from Mali"


def test_pistorius_will_soon_travel_to_niger() -> None:
    body = ("To that end, Pistorius said at the ceremony that he would soon be traveling to "
            "Niger, itself the site of a coup earlier this year that most Western countries "
            "initially condemned.")
    events = events_in(body, [*PISTORIUS, _country("Niger", "niger")])
    visit = only(events, "visit")
    assert (visit.modality, visit.location, visit.actors) == (
        "planned", "niger", ("boris-pistorius",))
    assert visit.occurred_on is None  # "earlier this year" is the coup's date, not the trip's
    assert visit.title == "Pistorius: visit to Niger"
    coup = only(events, "coup")
    assert (coup.location, coup.occurred_on, coup.date_precision) == (
        "niger", date(2023, 1, 1), "year")
    assert only(events, "statement").actors == ("boris-pistorius",)


def test_quoted_plan_takes_the_future_date_and_the_speaker_from_before() -> None:
    body = ("Pistorius told the troops that contacts in the Sahel remained important.\n\n"
            "\"Therefore, I will fly to Niger early next week,\" he said, albeit conceding that "
            "no agreement was yet in place with the new leadership.")
    events = [event for event in events_in(body, [*PISTORIUS, _country("Niger", "niger")])
              if event.sentence == 1]
    visit = only(events, "visit")
    assert (visit.modality, visit.occurred_on, visit.date_precision, visit.date_text) == (
        "planned", date(2023, 12, 18), "week", "early next week")
    assert visit.actors == ("boris-pistorius",)
    statement = only(events, "statement")  # "he said" is Pistorius, and is not dated next week
    assert statement.actors == ("boris-pistorius",) and statement.occurred_on is None
    assert "agreement" not in kinds(events)  # "no agreement was yet in place"


def test_coup_in_2021_happened_in_mali() -> None:
    body = ("Mali's current military government took power in a coup in 2021, deposing rival "
            "soldiers who had seized power the previous year.")
    event = only(events_in(body, [_country("Mali", "mali")]), "coup")
    assert (event.occurred_on, event.date_precision, event.location) == (
        date(2021, 1, 1), "year", "mali")


def test_medals_presented_in_a_caption() -> None:
    body = "Pistorius presented some soldiers with medals at the ceremony"
    event = only(events_in(body, PISTORIUS), "ceremony")
    assert event.actors == ("boris-pistorius",)


def test_negated_announcement_is_no_statement_and_postponed_vote_is_no_occurred_one() -> None:
    body = ("The government of Colonel Assimi Goita recently again delayed plans for elections. "
            "It did not announce a new target date.")
    events = events_in(body, [_person("Assimi Goita", "assimi-goita")])
    assert kinds(events) == ["election"]
    assert events[0].modality == "postponed" and events[0].actors == ("assimi-goita",)


def test_only_a_named_speaker_makes_a_statement() -> None:
    assert events_in("Officials said the talks had failed.") == []
    assert kinds(events_in("Goita said the talks had failed.",
                           [_person("Goita", "assimi-goita")])) == ["statement"]


def test_speaker_after_the_quote_and_no_country_speakers() -> None:
    inverted = events_in('"We will stay in the region," said Pistorius.', PISTORIUS)
    assert [(event.kind, event.actors) for event in inverted] == [
        ("statement", ("boris-pistorius",))]
    assert events_in("Germany's defence ministry said the troops had served in Mali.",
                     [_country("Germany", "germany"), _country("Mali", "mali")]) == []


def test_one_statement_per_speaker_and_sentence() -> None:
    body = "Baerbock said in a statement on Wednesday that the Sahel matters."
    event = only(events_in(body, [_person("Baerbock", "annalena-baerbock")]), "statement")
    assert event.occurred_on == date(2023, 12, 13)


def test_meeting_with_people_place_and_day() -> None:
    body = ("French President Emmanuel Macron met Nigerien President Mohamed Bazoum in Niamey "
            "on Tuesday.")
    names = [_person("Emmanuel Macron", "emmanuel-macron"), _person("Mohamed Bazoum",
             "mohamed-bazoum"), _city("Niamey", "niamey")]
    event = only(events_in(body, names, [("French", "france"), ("Nigerien", "niger")]),
                 "meeting")
    assert event.actors == ("emmanuel-macron", "france")
    assert event.targets == ("mohamed-bazoum", "niger")
    assert (event.location, event.occurred_on) == ("niamey", date(2023, 12, 12))
    assert event.title == "Macron: meeting with Bazoum in Niamey"


def test_passive_attack_has_a_place_and_no_actor() -> None:
    body = "Ten soldiers were killed in an attack near Gao on Sunday."
    event = only(events_in(body, [_city("Gao", "gao")]), "attack")
    assert (event.location, event.occurred_on, event.actors) == ("gao", date(2023, 12, 10), ())


def test_sanctions_name_their_target() -> None:
    body = "The European Union imposed sanctions on Mali's junta leaders."
    names = [_organization("European Union", "european-union"), _country("Mali", "mali")]
    event = only(events_in(body, names), "sanction")
    assert (event.actors, event.targets) == (("european-union",), ("mali",))


def test_cancelled_and_hypothetical_events() -> None:
    cancelled = events_in("Pistorius cancelled his visit to Niger.",
                          [*PISTORIUS, _country("Niger", "niger")])
    assert [(event.kind, event.modality) for event in cancelled] == [("visit", "cancelled")]
    assert events_in("Ghana could send troops to Niger.",
                     [_country("Ghana", "ghana"), _country("Niger", "niger")]) == []
    assert events_in("Mali and Niger did not sign the agreement.",
                     [_country("Mali", "mali"), _country("Niger", "niger")]) == []


def test_future_date_makes_an_event_planned() -> None:
    body = "Germany deploys troops to Niger in February 2024."
    event = only(events_in(body, [_country("Germany", "germany"), _country("Niger", "niger")]),
                 "deployment")
    assert (event.modality, event.occurred_on, event.location) == (
        "planned", date(2024, 2, 1), "niger")


def test_questions_generic_words_and_anaphora_make_no_new_events() -> None:
    assert events_in("What did Boris Pistorius tell the troops?", PISTORIUS) == []
    assert events_in("\"Simply leaving is not the solution.\"") == []
    body = "Pistorius visited Niger on Monday. The visit was short, Niger's leaders noted."
    events = events_in(body, [*PISTORIUS, _country("Niger", "niger")])
    assert [(event.kind, event.sentence) for event in events] == [("visit", 0)]


def test_headline_nouns_alone_make_no_event() -> None:
    body = "Besuch des russischen Vizeverteidigungsministers in Bamako\n\nText folgt."
    assert events_in(body, [_city("Bamako", "bamako")], [("russischen", "russia")],
                     language="de") == []


def test_unknown_language_reads_all_three() -> None:
    event = only(events_in("Pistorius visited Niger.", [*PISTORIUS, _country("Niger", "niger")],
                           language=None), "visit")
    assert event.location == "niger"


def test_attribution_neither_speaks_for_nor_dates_the_main_clause() -> None:
    body = "Israeli airstrikes killed at least 30 people in Gaza on Tuesday, health officials said."
    events = events_in(body, [("Gaza", "gaza", "location", "region", None)],
                       [("Israeli", "israel")])
    attack = only(events, "attack")
    assert (attack.actors, attack.location, attack.occurred_on) == (
        ("israel",), "gaza", date(2023, 12, 12))
    assert "statement" not in kinds(events)  # "health officials" name no speaker


def test_what_was_said_is_no_target_of_the_statement() -> None:
    body = "Putin said Russia had no plans to attack NATO."
    events = events_in(body, [_person("Putin", "putin"), _country("Russia", "russia"),
                              _organization("NATO", "nato")])
    assert [(event.kind, event.actors, event.targets) for event in events] == [
        ("statement", ("putin",), ())]  # and no attack: "no plans to attack"


def test_regional_language_codes_read_as_their_language() -> None:
    event = only(events_in("Pistorius reiste am Dienstag nach Niger.",
                           [*PISTORIUS, _country("Niger", "niger")], language="de-DE",
                           published_on=date(2024, 3, 6)), "visit")
    assert (event.occurred_on, event.location) == (date(2024, 3, 5), "niger")


# --- German -------------------------------------------------------------------------------


def test_german_courtesy_visit_on_11_november_2025() -> None:
    body = ("Am 11. November 2025 empfing der malische Minister der Verteidigung und der "
            "ehemaligen Kämpfer, General Sadio Camara, den russischen Vizeverteidigungsminister "
            "zu einem Höflichkeitsbesuch.")
    events = events_in(body, [_person("Sadio Camara", "sadio-camara")],
                       [("malische", "mali"), ("russischen", "russia")], language="de",
                       published_on=None)
    assert len(events) == 1  # the reception and the visit are one event
    event = events[0]
    assert event.kind in ("visit", "meeting")
    assert (event.occurred_on, event.date_precision) == (date(2025, 11, 11), "day")
    assert {"mali", "sadio-camara", "russia"} <= set(event.actors + event.targets)


def test_german_ceremony_and_aid() -> None:
    body = ("Am 6. November 2025 organisierte das Ministerium der Verteidigung und der "
            "ehemaligen Kämpfer eine Zeremonie zu Ehren zweier deutscher Militärberater. "
            "In Sévaré wurde ein Krankenhaus der Stufe 2 gebaut, das die medizinische Versorgung "
            "der FAMa im Einsatzraum stärken soll.")
    names = [("Sévaré", "sevare", "location", "town", "ML"),
             _organization("FAMa", "malian-armed-forces", "armed_force", "ML")]
    events = events_in(body, names, [("deutscher", "germany")], language="de",
                       published_on=None)
    ceremony = only(events, "ceremony")
    assert (ceremony.occurred_on, ceremony.date_precision) == (date(2025, 11, 6), "day")
    assert ceremony.targets == ("germany",)
    aid = only(events, "aid")
    assert (aid.location, aid.occurred_on, aid.modality) == ("sevare", None, "occurred")


def test_german_withdrawal_planned_decided_postponed_and_cancelled() -> None:
    names = [BUNDESWEHR, _country("Mali", "mali"), _organization("Kabinett", "kabinett"),
             _city("Niamey", "niamey"), *PISTORIUS]
    planned = only(events_in("Die Bundeswehr wird bis Ende Mai aus Mali abziehen.", names,
                             language="de"), "withdrawal")
    assert (planned.modality, planned.actors[0], planned.location) == (
        "planned", "bundeswehr", "mali")
    decided = events_in("Das Kabinett beschloss am Mittwoch, die Soldaten aus Mali abzuziehen.",
                        names, language="de")
    assert only(decided, "decision").occurred_on == date(2023, 12, 13)
    withdrawal = only(decided, "withdrawal")
    assert (withdrawal.modality, withdrawal.location) == ("planned", "mali")
    cancelled = only(events_in("Der Besuch von Pistorius in Niamey wurde abgesagt.", names,
                               language="de"), "visit")
    assert (cancelled.modality, cancelled.actors, cancelled.location) == (
        "cancelled", ("boris-pistorius",), "niamey")
    postponed = only(events_in("Die Wahl in Mali wurde verschoben.", names, language="de"),
                     "election")
    assert (postponed.modality, postponed.location) == ("postponed", "mali")


def test_german_demand_for_withdrawal_of_french_troops() -> None:
    body = "Die malische Junta forderte den Abzug der französischen Truppen."
    events = events_in(body, [], [("malische", "mali"), ("französischen", "france")],
                       language="de")
    assert only(events, "demand").actors == ("mali",)
    withdrawal = only(events, "withdrawal")
    assert (withdrawal.actors, withdrawal.location, withdrawal.modality) == (
        ("france",), "mali", "planned")


def test_german_trip_and_negation() -> None:
    names = [*PISTORIUS, _country("Niger", "niger")]
    trip = only(events_in("Verteidigungsminister Boris Pistorius reiste am Dienstag nach Niger.",
                          names, language="de", published_on=date(2024, 3, 6)), "visit")
    assert (trip.occurred_on, trip.location) == (date(2024, 3, 5), "niger")
    assert events_in("Pistorius besuchte Niger nicht.", names, language="de") == []


# --- French -------------------------------------------------------------------------------


def test_french_minister_went_to_niger_on_tuesday() -> None:
    body = "Le ministre français des Armées, Sébastien Lecornu, s'est rendu au Niger mardi."
    event = only(events_in(body, [_person("Sébastien Lecornu", "sebastien-lecornu"),
                                  _country("Niger", "niger")], [("français", "france")],
                           language="fr", published_on=date(2024, 1, 10)), "visit")
    assert event.actors == ("sebastien-lecornu", "france")
    assert (event.location, event.occurred_on) == ("niger", date(2024, 1, 9))


def test_french_withdrawal_coup_and_negated_future() -> None:
    fr = {"language": "fr", "published_on": date(2024, 1, 10)}
    left = only(events_in("Les derniers soldats français ont quitté le Mali le 15 août 2022.",
                          [_country("Mali", "mali")], [("français", "france")], **fr),
                "withdrawal")
    assert (left.actors, left.location, left.occurred_on) == (
        ("france",), "mali", date(2022, 8, 15))
    coup = only(events_in("Des militaires ont pris le pouvoir au Niger le 26 juillet 2023 et "
                          "renversé le président Mohamed Bazoum.",
                          [_country("Niger", "niger"), _person("Mohamed Bazoum", "bazoum")],
                          **fr), "coup")
    assert (coup.location, coup.targets, coup.occurred_on) == (
        "niger", ("bazoum",), date(2023, 7, 26))
    said = events_in("Le président Emmanuel Macron a déclaré lundi que la France ne quittera "
                     "pas le Sahel.", [_person("Emmanuel Macron", "macron"),
                                       _country("France", "france")], **fr)
    assert kinds(said) == ["statement"]


def test_french_postponed_elections_and_demand() -> None:
    fr = {"language": "fr", "published_on": date(2024, 1, 10)}
    election = only(events_in("Les élections présidentielles au Mali ont été reportées.",
                              [_country("Mali", "mali")], **fr), "election")
    assert (election.modality, election.location) == ("postponed", "mali")
    events = events_in("La junte a exigé le retrait de la MINUSMA du Mali.",
                       [_organization("MINUSMA", "minusma"), _country("Mali", "mali")], **fr)
    assert only(events, "demand").targets == ("minusma",)
    withdrawal = only(events, "withdrawal")
    assert (withdrawal.actors, withdrawal.location) == (("minusma",), "mali")


# --- the seed articles ----------------------------------------------------------------------

DW_NAMES = [
    *PISTORIUS, BUNDESWEHR, _country("Germany", "germany", "DE"), _country("Mali", "mali", "ML"),
    _country("Niger", "niger", "NE"), _country("Russia", "russia", "RU"),
    _country("France", "france", "FR"), _organization("MINUSMA", "minusma"),
    _organization("UN", "united-nations"), _city("Berlin", "berlin", "DE"),
    _city("Bamako", "bamako", "ML"), _person("Assimi Goita", "assimi-goita"),
    ("Wunstorf", "wunstorf", "location", "town", "DE"),
]
DW_DEMONYMS = [("German", "germany"), ("French", "france"), ("Russian", "russia")]
TRANSLATED_NAMES = [
    _country("Mali", "mali", "ML"), _city("Berlin", "berlin", "DE"), _city("Bamako", "bamako"),
    _country("France", "france", "FR"), _country("Russia", "russia", "RU"),
    _country("Germany", "germany", "DE"), _organization("MINUSMA", "minusma"),
    _person("Olaf Scholz", "olaf-scholz"), _person("Heiko Ponzac", "heiko-ponzac"),
    _person("Ponzac", "heiko-ponzac"), _person("Annalena Baerbock", "annalena-baerbock"),
]
TRANSLATED_DEMONYMS = [("German", "germany"), ("Russian", "russia"), ("Malian", "mali")]
GERMAN_NAMES = [
    _country("Mali", "mali", "ML"), _person("Sadio Camara", "sadio-camara"),
    _city("Bamako", "bamako", "ML"), _country("Russland", "russia", "RU"),
    _country("Deutschland", "germany", "DE"), _person("Mirko Freitag", "mirko-freitag"),
    _person("Frank Borchers", "frank-borchers"), ("Kati", "kati", "location", "town", "ML"),
    ("Sévaré", "sevare", "location", "town", "ML"),
]
GERMAN_DEMONYMS = [("malische", "mali"), ("russischen", "russia"), ("russische", "russia"),
                   ("deutscher", "germany"), ("deutsche", "germany"), ("malischen", "mali")]


def seed_events(name: str, names: list[Name],
                demonyms: list[tuple[str, str]]) -> list[EventCandidate]:
    prepared = prepare_text((SEEDS / name).read_text(encoding="utf-8"))
    return events_in(prepared.body, names, demonyms, prepared.language, prepared.published_on)


def told_in(events: list[EventCandidate], words: str) -> list[EventCandidate]:
    return [event for event in events if words in event.text]


def test_dw_seed_events() -> None:
    events = seed_events(DW_SEED, DW_NAMES, DW_DEMONYMS)
    flew = only(told_in(events, "flew back to a German air base"), "withdrawal")
    assert (flew.occurred_on, flew.location) == (date(2023, 12, 15), "mali")
    assert {"bundeswehr", "germany"} & set(flew.actors)
    july = only(told_in(events, "In July, the junta"), "demand")
    assert (july.occurred_on, july.date_precision) == (date(2023, 7, 1), "month")
    soon = only(told_in(events, "would soon be traveling to Niger"), "visit")
    assert (soon.modality, soon.location) == ("planned", "niger")
    # Two coups: the government's in 2021, and its rivals' "the previous year" (dated, in the
    # country the article is about).
    coups = [(e.occurred_on, e.date_precision, e.location)
             for e in told_in(events, "took power in a coup in 2021") if e.kind == "coup"]
    assert coups == [(date(2021, 1, 1), "year", "mali"), (date(2020, 1, 1), "year", "mali")]
    assert only(told_in(events, "presented some soldiers with medals"), "ceremony")
    # "It did not announce" is no statement; "It" is the government that postponed the vote.
    vote = only(told_in(events, "It did not announce"), "election")
    assert (vote.modality, vote.occurred_on, vote.actors) == (
        "postponed", date(2024, 2, 1), ("assimi-goita",))


def test_translated_seed_events_without_a_date() -> None:
    events = seed_events(TRANSLATED_SEED, TRANSLATED_NAMES, TRANSLATED_DEMONYMS)
    began = [event for event in told_in(events, "German forces began withdrawing from Mali")
             if event.kind == "withdrawal" and event.modality == "occurred"]
    assert len(began) == 1
    assert "germany" in began[0].actors and began[0].location == "mali"
    france = only(told_in(events, "prompting France to withdraw"), "withdrawal")
    assert (france.actors, france.location, france.occurred_on) == (("france",), "mali", None)
    assert france.date_text is None  # "last year" has no anchor: unresolved, not guessed
    decided = told_in(events, "Berlin announced the decision to withdraw")
    # "at the end of 2022" dates the decision; the withdrawal it decides is planned, undated.
    assert only(decided, "decision").occurred_on == date(2022, 1, 1)
    assert (only(decided, "withdrawal").modality, only(decided, "withdrawal").occurred_on) == (
        "planned", None)
    established = told_in(events, "MINUSMA was established in 2013")
    assert only(established, "deployment").occurred_on == date(2013, 1, 1)
    assert only(established, "attack").actors == ("mali",)  # skirmishes between … authorities


def test_german_seed_events() -> None:
    events = seed_events(GERMAN_SEED, GERMAN_NAMES, GERMAN_DEMONYMS)
    received = [event for event in told_in(events, "empfing der malische Minister")
                if event.kind in ("visit", "meeting")]
    assert [(event.occurred_on, event.date_precision) for event in received] == [
        (date(2025, 11, 11), "day")]
    ceremony = only(told_in(events, "organisierte das Ministerium"), "ceremony")
    assert (ceremony.occurred_on, ceremony.date_precision) == (date(2025, 11, 6), "day")
    assert only(told_in(events, "In Sévaré wurde ein Krankenhaus"), "aid").location == "sevare"
    # "Der Besuch", "diese Visite", "des Treffens" refer back to the visit: no new events.
    assert told_in(events, "Der Besuch fügt sich") == []
    assert told_in(events, "Beobachter werten diese Visite") == []


@pytest.mark.parametrize(("name", "names", "demonyms"), [
    (DW_SEED, DW_NAMES, DW_DEMONYMS),
    (TRANSLATED_SEED, TRANSLATED_NAMES, TRANSLATED_DEMONYMS),
    (GERMAN_SEED, GERMAN_NAMES, GERMAN_DEMONYMS),
])
def test_seed_events_are_well_formed(name: str, names: list[Name],
                                     demonyms: list[tuple[str, str]]) -> None:
    keys = {name[1] for name in names} | {key for _, key in demonyms}
    for event in seed_events(name, names, demonyms):
        assert event.kind in KINDS and event.modality in MODALITIES
        assert set(event.actors + event.targets + event.others) <= keys
        assert event.location is None or event.location in keys
        assert (event.occurred_on is None) == (event.date_precision is None)
        assert (event.occurred_on is None) == (event.date_text is None)
        assert 0 < event.confidence <= 1 and event.title


# --- robustness and speed -------------------------------------------------------------------

_WORDS = ["Mali", "Germany", "troops", "withdrew", "from", "to", "said", "visit", "the", "not",
          "on", "Friday", "in", "July", "2021", "coup", "will", "Abzug", "aus", "der", "am",
          "11.", "November", "retrait", "du", "a", "quitté", "\"", ",", ".", "?", "\n\n", "’s",
          "'", "(", ")", "—", "élections", "reportées", "demanded", "that", "leave", "he", "I"]


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, list[MentionCandidate], list[DemonymHit]]:
    body = " ".join(draw(st.lists(st.sampled_from(_WORDS) | st.text(max_size=6), max_size=60)))
    sentences = split_sentences(body)
    spans = draw(st.lists(st.tuples(st.integers(0, len(body)), st.integers(0, 12)), max_size=8))
    mentions = [MentionCandidate(start, min(len(body), start + size),
                                 body[start:min(len(body), start + size)], f"k{index}",
                                 f"Name {index}", draw(st.sampled_from(
                                     ["person", "organization", "location", "other"])),
                                 "kb", sentence_at(sentences, start),
                                 subtype=draw(st.sampled_from([None, "country", "city"])))
                for index, (start, size) in enumerate(spans)]
    hits = [DemonymHit(start, min(len(body), start + size), "", f"d{index}",
                       sentence_at(sentences, start))
            for index, (start, size) in enumerate(spans[::2])]
    return body, mentions, hits


@settings(max_examples=300, deadline=None)
@given(articles(), st.sampled_from(["en", "de", "fr", None, "es"]),
       st.sampled_from([None, date(2023, 12, 15)]))
def test_find_events_never_raises_and_spans_hold(
        article: tuple[str, list[MentionCandidate], list[DemonymHit]], language: str | None,
        published_on: date | None) -> None:
    body, mentions, hits = article
    for event in find_events(body, language, split_sentences(body), mentions, hits,
                             published_on):
        assert body[event.char_start:event.char_end] == event.text
        assert event.kind in KINDS and event.modality in MODALITIES
        assert 0 <= event.confidence <= 1


# --- Reactions and attributions -------------------------------------------------------------

AU = _organization("African Union", "african-union")
JNIM = _organization("JNIM", "jnim", "armed_group")


@pytest.mark.parametrize("body, language, reactor, place", [
    ("The African Union condemned the coup in Niamey.", "en", AU, _city("Niamey", "niamey")),
    ("The African Union denounced the attack on the army base in Djibo.", "en", AU,
     _city("Djibo", "djibo")),
    ("Die Bundesregierung verurteilte den Putsch in Niger.", "de",
     _organization("Bundesregierung", "german-federal-government"), _country("Niger", "niger")),
    ("L'Union africaine a condamné l'attaque de samedi à Djibo.", "fr",
     _organization("Union africaine", "african-union"), _city("Djibo", "djibo")),
])
def test_who_condemns_an_event_makes_a_statement_and_takes_no_part_in_it(
        body: str, language: str, reactor: Name, place: Name) -> None:
    events = events_in(body, [reactor, place], language=language)
    statement = only(events, "statement")
    assert statement.actors == (reactor[1],)
    [event] = [e for e in events if e.kind != "statement"]
    assert reactor[1] not in (*event.actors, *event.targets, *event.others)
    assert event.location == place[1]


def test_a_reaction_keeps_the_doer_its_object_names() -> None:
    body = "The African Union condemned the attack by JNIM in Djibo."
    attack = only(events_in(body, [AU, JNIM, _city("Djibo", "djibo")]), "attack")
    assert attack.actors == ("jnim",)


@pytest.mark.parametrize("body, language", [
    ("An attack attributed to JNIM killed twelve soldiers in Djibo.", "en"),
    ("An ambush blamed on JNIM killed twelve soldiers in Djibo.", "en"),
    ("Une attaque attribuée au JNIM a fait douze morts à Djibo.", "fr"),
    ("Une embuscade imputée au JNIM a fait douze morts à Djibo.", "fr"),
])
def test_the_group_an_attack_is_attributed_to_carried_it_out(body: str, language: str) -> None:
    attack = only(events_in(body, [JNIM, _city("Djibo", "djibo")], language=language), "attack")
    assert (attack.actors, attack.targets, attack.location) == (("jnim",), (), "djibo")


BAZOUM = _person("Mohamed Bazoum", "mohamed-bazoum")


@pytest.mark.parametrize("body", [
    "Die Armee stürzte Präsident Mohamed Bazoum.",
    "Die Armee hat Präsident Mohamed Bazoum gestürzt.",
    "Die Militärjunta hatte im Juli den gewählten Präsidenten Mohamed Bazoum gestürzt.",
])
def test_a_german_clause_that_opens_with_its_subject_leaves_the_names_after_the_verb_to_the_objects(
        body: str) -> None:
    coup = only(events_in(body, [BAZOUM], language="de"), "coup")
    assert (coup.actors, coup.targets) == ((), ("mohamed-bazoum",))


@pytest.mark.parametrize("body", [
    "Boris Pistorius hat am Montag Niger besucht.",  # the name opens the clause
    "Am Montag besuchte Boris Pistorius die Truppen in Niger.",  # the subject follows
])
def test_a_german_subject_before_or_after_the_finite_verb(body: str) -> None:
    visit = only(events_in(body, [*PISTORIUS, _country("Niger", "niger")], language="de"),
                 "visit")
    assert (visit.actors, visit.location) == (("boris-pistorius",), "niger")


def test_a_german_verb_at_the_end_takes_the_place_right_before_it_not_a_subject_in_a_list() -> None:
    names = [BUNDESWEHR, _country("Mali", "mali"), _country("USA", "united-states"),
             _country("Frankreich", "france")]
    left = only(events_in("Die Bundeswehr hat am Freitag Mali verlassen.", names,
                          language="de"), "withdrawal")
    assert (left.actors, left.location) == (("bundeswehr", "germany"), "mali")
    both = only(events_in("Zuvor hatten bereits die USA und Frankreich ihre Truppen abgezogen.",
                          names, language="de"), "withdrawal")
    assert (both.actors, both.location) == (("united-states", "france"), None)


UN = _organization("United Nations", "united-nations")


@pytest.mark.parametrize("body, language, un", [
    ("At least 21 civilians were killed in a drone strike near Kidal on Tuesday, according to "
     "the United Nations.", "en", "United Nations"),
    ("A drone strike near Kidal killed 21 civilians, the United Nations said.", "en",
     "United Nations"),
    ("Au moins 21 civils ont été tués dans une frappe de drone près de Kidal, selon les Nations "
     "unies.", "fr", "Nations unies"),
    ("Bei einem Drohnenangriff nahe Kidal wurden 21 Zivilisten getötet, wie die Vereinten "
     "Nationen mitteilten.", "de", "Vereinten Nationen"),
    ("Bei einem Angriff nahe Kidal wurden laut den Vereinten Nationen 21 Zivilisten getötet.",
     "de", "Vereinten Nationen"),
    ("Bei einem Angriff nahe Kidal wurden den Vereinten Nationen zufolge 21 Zivilisten getötet.",
     "de", "Vereinten Nationen"),
])
def test_who_reports_an_event_takes_no_part_in_it(body: str, language: str, un: str) -> None:
    names = [_organization(un, "united-nations"), _city("Kidal", "kidal")]
    attack = only(events_in(body, names, language=language), "attack")
    assert (attack.actors, attack.targets, attack.others, attack.location) == (
        (), (), (), "kidal")


def test_a_reporter_is_still_a_party_where_it_is_named_as_one() -> None:
    body = "JNIM fighters attacked a United Nations convoy near Kidal, the United Nations said."
    events = events_in(body, [JNIM, UN, _city("Kidal", "kidal")])
    attack = only(events, "attack")
    assert (attack.actors, attack.targets) == (("jnim",), ("united-nations",))
    assert only(events, "statement").actors == ("united-nations",)


def test_who_says_an_event_happened_is_not_its_actor() -> None:
    body = ("Verteidigungsminister Boris Pistorius sagte in Berlin, der Abzug aus Niger sei "
            "geordnet verlaufen.")
    events = events_in(body, [*PISTORIUS, _country("Niger", "niger")], language="de")
    assert only(events, "statement").actors == ("boris-pistorius",)
    withdrawal = only(events, "withdrawal")
    assert (withdrawal.actors, withdrawal.location) == ((), "niger")


@pytest.mark.parametrize("body, language, names", [
    ("ECOWAS lifted its sanctions on Niger on Saturday.", "en",
     [_organization("ECOWAS", "ecowas"), _country("Niger", "niger")]),
    ("Die EU hob die Sanktionen gegen Mali auf.", "de",
     [_organization("EU", "european-union"), _country("Mali", "mali")]),
    ("La Cédéao a annoncé la levée des sanctions contre le Niger.", "fr",
     [_organization("Cédéao", "ecowas"), _country("Niger", "niger")]),
])
def test_lifted_sanctions_are_cancelled_and_the_announcement_is_not(
        body: str, language: str, names: list[Name]) -> None:
    events = events_in(body, names, language=language)
    assert only(events, "sanction").modality == "cancelled"
    assert all(event.modality == "occurred" for event in events if event.kind == "statement")


def test_who_asks_others_to_leave_does_not_leave_with_them() -> None:
    body = "Niger's military rulers have asked US troops to leave the country."
    events = events_in(body, [_country("Niger", "niger"), _country("US", "united-states")])
    assert only(events, "demand").actors == ("niger",)
    assert only(events, "withdrawal").actors == ("united-states",)


GOITA = _person("Assimi Goïta", "assimi-goita")


@pytest.mark.parametrize("body, language", [
    ("Assimi Goïta signed a decree on Tuesday.", "en"),
    ("The decree, signed by transitional president Assimi Goïta, takes effect at once.", "en"),
    ("Assimi Goïta unterzeichnete am Dienstag ein Dekret.", "de"),
    ("Le colonel Assimi Goïta a signé un décret mardi.", "fr"),
    ("Assimi Goïta dissolved all political parties on Tuesday.", "en"),
])
def test_a_signed_decree_is_a_decision_not_an_agreement(body: str, language: str) -> None:
    events = events_in(body, [GOITA], language=language)
    assert kinds(events) == ["decision"]
    assert events[0].actors == ("assimi-goita",)


@pytest.mark.parametrize("body, language", [
    ("Mali and Russia signed an agreement on nuclear energy.", "en"),
    ("Mali und Russland unterzeichneten ein Abkommen.", "de"),
    ("Le Mali et la Russie ont signé un accord.", "fr"),
])
def test_a_signed_agreement_stays_an_agreement(body: str, language: str) -> None:
    names = {"en": [_country("Mali", "mali"), _country("Russia", "russia")],
             "de": [_country("Mali", "mali"), _country("Russland", "russia")],
             "fr": [_country("Mali", "mali"), _country("Russie", "russia")]}[language]
    assert only(events_in(body, names, language=language), "agreement").actors == (
        "mali", "russia")


MINUSMA = _organization("MINUSMA", "minusma")
SPD = _organization("SPD", "spd")
CSP = _organization("CSP-DPA", "csp-dpa", "armed_group")


def test_an_acronym_in_brackets_does_not_cut_its_subject_from_the_verb() -> None:
    body = ("La mission des Nations unies au Mali (Minusma) a officiellement achevé son mandat "
            "lundi.")
    names = [_organization("Nations unies", "united-nations"), _country("Mali", "mali"),
             _organization("Minusma", "minusma")]
    withdrawal = only(events_in(body, names, language="fr", published_on=date(2023, 12, 13)),
                      "withdrawal")
    assert "minusma" in withdrawal.actors
    assert withdrawal.occurred_on == date(2023, 12, 11)


def test_a_party_in_brackets_after_a_person_or_before_a_head_noun_is_no_speaker() -> None:
    body = ("Verteidigungsminister Boris Pistorius (SPD) sagte in Berlin, der Abzug sei geordnet "
            "verlaufen.")
    events = events_in(body, [*PISTORIUS, SPD, _city("Berlin", "berlin")], language="de")
    assert [(e.kind, e.actors, e.others) for e in events] == [
        ("statement", ("boris-pistorius",), ())]  # and no withdrawal "from Berlin"
    quoted = '"You have fulfilled your mission," the Social Democrat (SPD) politician said.'
    assert [e for e in events_in(quoted, [SPD]) if "spd" in e.actors] == []
    rebels = "Separatist rebels (CSP-DPA) said they had shelled the camp."
    assert only(events_in(rebels, [CSP]), "statement").actors == ("csp-dpa",)


@pytest.mark.parametrize("body, language, names, kind, actor", [
    ("Captain Ibrahim Traoré convened the council of ministers in Ouagadougou on Monday.", "en",
     [_person("Ibrahim Traoré", "ibrahim-traore"), _city("Ouagadougou", "ouagadougou")],
     "meeting", "ibrahim-traore"),
    ("Le capitaine Ibrahim Traoré a réuni lundi le conseil des ministres à Ouagadougou.", "fr",
     [_person("Ibrahim Traoré", "ibrahim-traore"), _city("Ouagadougou", "ouagadougou")],
     "meeting", "ibrahim-traore"),
    ("António Guterres a appelé mardi les autorités à protéger les civils.", "fr",
     [_person("António Guterres", "antonio-guterres")], "demand", "antonio-guterres"),
    ("Russian instructors of the Africa Corps arrived in Bamako with 100 soldiers.", "en",
     [_organization("Africa Corps", "africa-corps"), _city("Bamako", "bamako")], "deployment",
     "africa-corps"),
    ("Foreign Minister Abdoulaye Diop rejected the measures as illegal.", "en",
     [_person("Abdoulaye Diop", "abdoulaye-diop")], "statement", "abdoulaye-diop"),
    ("Le Conseil de sécurité avait mis fin au mandat en juin.", "fr",
     [_organization("Conseil de sécurité", "un-security-council")], "decision",
     "un-security-council"),
])
def test_more_ways_to_tell_an_event(body: str, language: str, names: list[Name], kind: str,
                                    actor: str) -> None:
    assert actor in only(events_in(body, names, language=language), kind).actors


@pytest.mark.parametrize("body, language, names, speaker", [
    ("Die Leiterin der Mission, Valentine Rugwabiza, begrüßte die Entscheidung.", "de",
     [_person("Valentine Rugwabiza", "valentine-rugwabiza")], "valentine-rugwabiza"),
    ("Marco Rubio welcomed the move.", "en", [_person("Marco Rubio", "marco-rubio")],
     "marco-rubio"),
    ("Le ministre des Affaires étrangères, Abdoulaye Diop, a salué la décision du Conseil.", "fr",
     [_person("Abdoulaye Diop", "abdoulaye-diop")], "abdoulaye-diop"),
])
def test_welcoming_a_decision_is_a_reaction(body: str, language: str, names: list[Name],
                                            speaker: str) -> None:
    events = events_in(body, names, language=language)
    assert only(events, "statement").actors == (speaker,)
    assert all(speaker not in event.actors for event in events if event.kind != "statement")


def test_welcoming_a_guest_is_no_statement() -> None:
    body = "Vladimir Putin welcomed Abdourahamane Tiani in the Kremlin."
    names = [_person("Vladimir Putin", "vladimir-putin"),
             _person("Abdourahamane Tiani", "abdourahamane-tiani")]
    assert "statement" not in kinds(events_in(body, names))


WAGNER = _organization("Wagner", "wagner-group", "armed_group")


@pytest.mark.parametrize("body, language, names, when", [
    ("Wagner mercenaries have been deployed in Mali since late 2021.", "en",
     [WAGNER, _country("Mali", "mali")], (date(2021, 1, 1), "year")),
    ("Seit 2018 sind Söldner der Wagner-Gruppe in Mali stationiert.", "de",
     [_organization("Wagner-Gruppe", "wagner-group"), _country("Mali", "mali")],
     (date(2018, 1, 1), "year")),
    ("Les paramilitaires du groupe Wagner sont déployés au Mali depuis mai 2021.", "fr",
     [WAGNER, _country("Mali", "mali")], (date(2021, 5, 1), "month")),
])
def test_a_deployment_since_a_date_began_then_and_its_troops_are_its_actors(
        body: str, language: str, names: list[Name], when: tuple[date, str]) -> None:
    deployment = only(events_in(body, names, language=language), "deployment")
    assert (deployment.occurred_on, deployment.date_precision) == when
    assert (deployment.actors, deployment.location) == (("wagner-group",), "mali")


def test_since_dates_no_statement_and_no_deadline() -> None:
    body = "Boris Pistorius has said since 2022 that the troops will leave Mali by May 2024."
    events = events_in(body, [*PISTORIUS, _country("Mali", "mali")])
    assert only(events, "statement").occurred_on is None
    assert all(event.occurred_on is None or event.occurred_on.year != 2022 for event in events)


RSF = _organization("RSF", "rapid-support-forces", "armed_group")


def test_fighting_since_a_date_is_an_attack_by_the_group_not_by_its_alias() -> None:
    body = ("The RSF, led by Mohamed Hamdan Dagalo, known as Hemedti, has been fighting the "
            "Sudanese Armed Forces since April 2023.")
    names = [RSF, _person("Mohamed Hamdan Dagalo", "hemedti"), _person("Hemedti", "hemedti"),
             _organization("Sudanese Armed Forces", "saf", "armed_force")]
    attack = only(events_in(body, names), "attack")
    assert (attack.actors, attack.targets) == (("rapid-support-forces",), ("saf",))
    assert (attack.occurred_on, attack.date_precision) == (date(2023, 4, 1), "month")


def test_fighting_as_a_purpose_is_no_attack() -> None:
    body = ("The Malian government invited Wagner fighters to support them in fighting the "
            "rebels, prompting France to withdraw its troops.")
    events = events_in(body, [WAGNER, _country("France", "france")])
    assert "attack" not in kinds(events)


@pytest.mark.parametrize("body, language, names, kind", [
    ("Bassirou Diomaye Faye was elected president of Senegal in March 2024.", "en",
     [_person("Bassirou Diomaye Faye", "faye"), _country("Senegal", "senegal")], "election"),
    ("Mahamat Déby war im Mai 2024 zum Staatschef gewählt worden.", "de",
     [_person("Mahamat Déby", "deby")], "election"),
    ("Mahamat Déby a été élu président du Tchad en mai 2024.", "fr",
     [_person("Mahamat Déby", "deby"), _country("Tchad", "chad")], "election"),
    ("Mahamat Déby hatte im April 2021 an der Spitze eines Militärrats die Macht übernommen.",
     "de", [_person("Mahamat Déby", "deby")], "coup"),
    ("Soldiers fought jihadists of JNIM near Djibo on Monday.", "en",
     [JNIM, _city("Djibo", "djibo")], "attack"),
    ("Une centaine de militaires américains ont quitté le Tchad début mai.", "fr",
     [_country("Tchad", "chad")], "withdrawal"),
])
def test_elections_power_taken_and_fights_told_with_a_verb(body: str, language: str,
                                                           names: list[Name], kind: str) -> None:
    demonyms = [("américains", "united-states")] if language == "fr" else []
    event = only(events_in(body, names, demonyms, language=language), kind)
    if kind == "withdrawal":
        assert (event.actors, event.location) == (("united-states",), "chad")
    elif kind == "attack":  # unnamed soldiers fought JNIM
        assert (event.targets, event.location) == (("jnim",), "djibo")
    else:
        assert event.occurred_on is not None and event.actors


def test_a_speaker_after_an_auxiliary_and_the_verb() -> None:
    body = "« Nous sommes prêts », a déclaré M. Lavrov lors d'une conférence de presse."
    statement = only(events_in(body, [_person("Lavrov", "sergei-lavrov")], language="fr"),
                     "statement")
    assert statement.actors == ("sergei-lavrov",)


FLETCHER = _person("Tom Fletcher", "tom-fletcher")


def test_a_relative_clause_takes_its_subject_from_the_name_before_it() -> None:
    body = ("Tom Fletcher, who visited Port Sudan in December, urged both sides to open the "
            "roads.")
    events = events_in(body, [FLETCHER, _city("Port Sudan", "port-sudan")])
    assert only(events, "visit").actors == ("tom-fletcher",)
    assert only(events, "demand").actors == ("tom-fletcher",)  # not the city of the clause
    french = "Le président Mohamed Bazoum, qui a été renversé en juillet 2023, reste détenu."
    coup = only(events_in(french, [BAZOUM], language="fr"), "coup")
    assert (coup.actors, coup.targets) == ((), ("mohamed-bazoum",))
    german = "Die Junta, die Präsident Mohamed Bazoum im Juli 2023 gestürzt hatte, regiert."
    coup = only(events_in(german, [BAZOUM], language="de"), "coup")
    assert (coup.actors, coup.targets) == ((), ("mohamed-bazoum",))


def test_a_main_clause_after_a_comma_and_a_conjunction_keeps_its_own_parties() -> None:
    body = ("Abdel Fattah al-Sisi met Burhan in Cairo last month, and the African Union "
            "suspended Sudan's membership in 2021.")
    names = [_person("Abdel Fattah al-Sisi", "sisi"), _person("Burhan", "burhan"),
             _city("Cairo", "cairo"), AU, _country("Sudan", "sudan")]
    events = events_in(body, names)
    meeting, sanction = only(events, "meeting"), only(events, "sanction")
    assert "african-union" not in (*meeting.actors, *meeting.targets)
    assert meeting.location == "cairo" and sanction.location is None
    assert sanction.actors == ("african-union",)


def test_a_german_subject_in_apposition_before_the_finite_verb() -> None:
    body = ("Der Chef der Junta, General Abdourahamane Tiani, hatte im Mai Russlands Präsident "
            "Wladimir Putin getroffen.")
    names = [_person("Abdourahamane Tiani", "tiani"), _country("Russlands", "russia"),
             _person("Wladimir Putin", "putin")]
    meeting = only(events_in(body, names, language="de"), "meeting")
    assert meeting.actors == ("tiani",) and "putin" in meeting.targets
    assert (meeting.location, meeting.occurred_on) == (None, date(2023, 5, 1))
    fronted = ("Nach Angaben der Armee, die am Montag berichtete, hatte die Bundeswehr Mali "
               "verlassen.")
    left = only(events_in(fronted, [BUNDESWEHR, _country("Mali", "mali")], language="de"),
                "withdrawal")
    assert left.actors[0] == "bundeswehr"


@pytest.mark.parametrize("body, language, names", [
    ("ECOWAS leaders agreed to lift the sanctions at the summit in Abuja.", "en",
     [_organization("ECOWAS", "ecowas"), _city("Abuja", "abuja")]),
    ("Die ECOWAS hob am Samstag die Sanktionen gegen Niger und Mali auf.", "de",
     [_organization("ECOWAS", "ecowas"), _country("Niger", "niger"), _country("Mali", "mali")]),
])
def test_lifting_cancels_the_sanctions_only(body: str, language: str, names: list[Name]) -> None:
    events = events_in(body, names, language=language)
    assert only(events, "sanction").modality == "cancelled"
    assert all(e.modality == "occurred" for e in events if e.kind != "sanction")


def test_a_lifted_curfew_cancels_no_attack() -> None:
    body = "Die Ausgangssperre nach dem Anschlag in Bamako wurde am Montag aufgehoben."
    attack = only(events_in(body, [_city("Bamako", "bamako")], language="de"), "attack")
    assert attack.modality == "occurred"


def test_reported_speech_in_german_is_no_relative_clause() -> None:
    body = "Boris Pistorius sagte, die Bundeswehr werde bis Mai aus Niger abziehen."
    events = events_in(body, [*PISTORIUS, BUNDESWEHR, _country("Niger", "niger")],
                       language="de")
    assert only(events, "statement").actors == ("boris-pistorius",)
    assert only(events, "withdrawal").actors[0] == "bundeswehr"


@pytest.mark.parametrize("body, language, names, kind, actor", [
    ("Russland bestätigte, Truppen nach Mali entsandt zu haben.", "de",
     [_country("Russland", "russia"), _country("Mali", "mali")], "deployment", "russia"),
    ("Le Mali a confirmé, lundi, avoir déployé des troupes à Kidal.", "fr",
     [_country("Mali", "mali"), _city("Kidal", "kidal")], "deployment", "mali"),
])
def test_who_says_they_did_it_did_it(body: str, language: str, names: list[Name], kind: str,
                                     actor: str) -> None:
    assert actor in only(events_in(body, names, language=language), kind).actors


def test_a_place_in_a_german_clause_that_opens_with_its_subject() -> None:
    names = [BUNDESWEHR, _country("Mali", "mali"), _organization("ECOWAS", "ecowas"),
             _country("Niger", "niger"), _person("Abdourahamane Tiani", "tiani"), BAZOUM]
    left = only(events_in("Die Bundeswehr hat Mali im Dezember verlassen.", names,
                          language="de"), "withdrawal")
    assert (left.actors, left.location) == (("bundeswehr", "germany"), "mali")
    sanction = only(events_in("Die Woche zuvor hatte die ECOWAS Niger sanktioniert.", names,
                              language="de"), "sanction")
    assert (sanction.actors, sanction.targets) == (("ecowas",), ("niger",))
    coup = only(events_in("Im Juli hat General Abdourahamane Tiani Präsident Mohamed Bazoum "
                          "gestürzt.", names, language="de"), "coup")
    assert (coup.actors, coup.targets) == (("tiani",), ("mohamed-bazoum",))


def test_signing_a_pact_on_laws_is_no_decree_and_a_crowd_breaking_up_no_decision() -> None:
    names = [_country("Niger", "niger"), _country("Nigeria", "nigeria"),
             _city("Abuja", "abuja"), _city("Bamako", "bamako")]
    pact = events_in("Niger and Nigeria signed a law enforcement pact in Abuja.", names)
    assert kinds(pact) == ["agreement"] and pact[0].actors == ("niger", "nigeria")
    crowd = events_in("Die Demonstranten lösten sich nach dem Protest in Bamako auf.", names,
                      language="de")
    assert "decision" not in kinds(crowd)


def test_killings_since_a_date_are_not_dated_by_it() -> None:
    body = "JNIM fighters have killed more than 500 civilians in Burkina Faso since January."
    attack = only(events_in(body, [JNIM, _country("Burkina Faso", "burkina-faso")]), "attack")
    assert attack.occurred_on is None


def test_condemning_an_attack_on_a_base_keeps_the_attack_and_its_place() -> None:
    body = "La France a condamné l'attaque contre la base de Gao."
    attack = only(events_in(body, [_country("France", "france"), _city("Gao", "gao")],
                            language="fr"), "attack")
    assert (attack.actors, attack.location) == ((), "gao")


def test_soldiers_reported_killed_is_no_statement() -> None:
    body = "At least 20 soldiers were reported killed in an attack by JNIM near Gao."
    events = events_in(body, [JNIM, _city("Gao", "gao")])
    assert kinds(events) == ["attack"] and events[0].actors == ("jnim",)


@pytest.mark.parametrize("body, language, names, kind, party", [
    # English: captures, sieges and offensives are attacks; vetoes, appointments and adopted
    # resolutions are decisions; declaring mourning or a curfew decides it; accusing is saying.
    ("The RSF captured the town of Mellit in June.", "en", [RSF], "attack",
     "rapid-support-forces"),
    ("The RSF besieged El Fasher for months.", "en", [RSF], "attack",
     "rapid-support-forces"),
    ("An offensive by the RSF on El Obeid began in May.", "en", [RSF], "attack",
     "rapid-support-forces"),
    ("Russia vetoed the resolution on Friday.", "en", [_country("Russia", "russia")],
     "decision", "russia"),
    ("Colonel Assimi Goïta appointed a new prime minister on Thursday.", "en", [GOITA],
     "decision", "assimi-goita"),
    ("The African Union adopted a roadmap for the transition.", "en", [AU], "decision",
     "african-union"),
    ("Colonel Assimi Goïta declared three days of national mourning.", "en", [GOITA],
     "decision", "assimi-goita"),
    ("Colonel Assimi Goïta accused Algeria of backing the rebels.", "en", [GOITA],
     "statement", "assimi-goita"),
    # German
    ("Die RSF eroberte im Juni die Stadt Mellit.", "de", [RSF], "attack",
     "rapid-support-forces"),
    ("Seit Mai belagert die RSF die Stadt El Fasher.", "de", [RSF], "attack",
     "rapid-support-forces"),
    ("Die RSF griff am Montag die Stadt El Obeid an.", "de", [RSF], "attack",
     "rapid-support-forces"),
    ("Oberst Assimi Goïta sprach von einem feigen Anschlag.", "de", [GOITA], "statement",
     "assimi-goita"),
    ("Oberst Assimi Goïta warf Algerien Einmischung vor.", "de", [GOITA], "statement",
     "assimi-goita"),
    ("Oberst Assimi Goïta nannte den Angriff einen Terrorakt.", "de", [GOITA], "statement",
     "assimi-goita"),
    ("Oberst Assimi Goïta verhängte eine nächtliche Ausgangssperre.", "de", [GOITA],
     "decision", "assimi-goita"),
    ("Die Afrikanische Union ernannte einen neuen Gesandten.", "de",
     [_organization("Afrikanische Union", "african-union")], "decision", "african-union"),
    ("Deutschland stellt dem Welternährungsprogramm zehn Millionen Euro für Lebensmittel zur "
     "Verfügung.", "de", [_country("Deutschland", "germany")], "aid", "germany"),
    # French
    ("La ministre Sophie Dupont s'est entretenue lundi avec les chefs religieux à Bamako.",
     "fr", [_person("Sophie Dupont", "sophie-dupont"), _city("Bamako", "bamako")], "meeting",
     "sophie-dupont"),
    ("Les ministres se sont réunis samedi à Bamako avec le colonel Assimi Goïta.", "fr",
     [GOITA, _city("Bamako", "bamako")], "meeting", "assimi-goita"),
    ("Le colonel Assimi Goïta a averti que l'armée riposterait.", "fr", [GOITA], "statement",
     "assimi-goita"),
    ("Les FSR se sont emparées de la ville de Mellit en juin.", "fr",
     [_organization("FSR", "rapid-support-forces", "armed_group")], "attack",
     "rapid-support-forces"),
    ("Le colonel Assimi Goïta a décrété l'état d'urgence dans le centre du pays.", "fr",
     [GOITA], "decision", "assimi-goita"),
])
def test_captures_vetoes_appointments_and_more_speech_verbs(
        body: str, language: str, names: list[Name], kind: str, party: str) -> None:
    event = only(events_in(body, names, language=language), kind)
    assert party in event.actors + event.targets


def test_a_place_near_a_town_or_in_a_region_of_a_country() -> None:
    body = ("Un soldat a été tué dimanche dans une embuscade près de Bocaranga, dans le "
            "nord-ouest de la Centrafrique.")
    attack = only(draft_extraction(body, "fr", date(2024, 6, 11), {}, set(),
                                   NamesVersion(0, 0)).events, "attack")
    assert attack.location == "new:bocaranga"
    region = ("Un soldat a été tué dimanche dans une embuscade dans le nord-ouest de la "
              "Centrafrique.")
    assert only(events_in(region, [_country("Centrafrique", "central-african-republic")],
                          language="fr"), "attack").location == "central-african-republic"


def test_a_lead_dateline_neither_dates_nor_places_the_event() -> None:
    body = ("NIAMEY, Oct 17 (Sahel Wire) – Gunmen killed 12 soldiers in an attack near Téra in "
            "western Niger on Wednesday.")
    names = [_city("NIAMEY", "niamey"), _city("Téra", "tera"), _country("Niger", "niger")]
    attack = only(events_in(body, names, published_on=date(2024, 10, 17)), "attack")
    assert (attack.occurred_on, attack.location) == (date(2024, 10, 16), "tera")
    assert not attack.text.startswith("NIAMEY")


def test_a_meeting_after_avant_de_happened() -> None:
    body = ("La ministre Sophie Dupont a rencontré lundi le président à Benghazi avant de "
            "rencontrer mardi à Tripoli le premier ministre Abdelhamid Dbeibah.")
    names = [_person("Sophie Dupont", "sophie-dupont"), _city("Benghazi", "benghazi"),
             _person("Abdelhamid Dbeibah", "dbeibah"), _city("Tripoli", "tripoli")]
    meetings = [e for e in events_in(body, names, language="fr", published_on=date(2025, 3, 5))
                if e.kind == "meeting"]
    assert {(e.occurred_on, e.modality, e.location) for e in meetings} == {
        (date(2025, 3, 3), "occurred", "benghazi"), (date(2025, 3, 4), "occurred", "tripoli")}


@pytest.mark.parametrize("body, language", [
    ("Colonel Assimi Goïta, Captain Ibrahim Traoré and General Abdourahamane Tiani met on "
     "Saturday in Niamey.", "en"),
    ("Le colonel Assimi Goïta, le capitaine Ibrahim Traoré et le général Abdourahamane Tiani se "
     "sont réunis samedi à Niamey.", "fr"),
])
def test_every_item_of_a_listed_subject_takes_part(body: str, language: str) -> None:
    names = [GOITA, _person("Ibrahim Traoré", "ibrahim-traore"),
             _person("Abdourahamane Tiani", "tiani"), _city("Niamey", "niamey")]
    meeting = only(events_in(body, names, language=language), "meeting")
    assert meeting.actors == ("assimi-goita", "ibrahim-traore", "tiani")


def test_a_place_before_the_list_is_where_not_who() -> None:
    body = "In Bamako, Ibrahim Traoré and Abdourahamane Tiani met on Saturday."
    names = [_city("Bamako", "bamako"), _person("Ibrahim Traoré", "ibrahim-traore"),
             _person("Abdourahamane Tiani", "tiani")]
    meeting = only(events_in(body, names), "meeting")
    assert (meeting.actors, meeting.location) == (("ibrahim-traore", "tiani"), "bamako")


@pytest.mark.parametrize("body, language, names", [
    ("The junta ended a military cooperation agreement with the United States in March.", "en",
     [_country("United States", "united-states")]),
    ("Niger kündigte im März das Militärabkommen mit den USA.", "de",
     [_country("Niger", "niger"), _country("USA", "united-states")]),
    ("Le Mali a dénoncé en mai les accords de défense avec la France.", "fr",
     [_country("Mali", "mali"), _country("France", "france")]),
])
def test_ending_an_agreement_is_a_decision_and_no_new_agreement(
        body: str, language: str, names: list[Name]) -> None:
    assert kinds(events_in(body, names, language=language)) == ["decision"]


def test_reaching_an_understanding_is_an_agreement_and_seizing_land_an_attack() -> None:
    sudan, russia = _country("Sudan", "sudan"), _country("Russia", "russia")
    body = "Sudan and Russia reached an understanding on a naval base in February."
    assert only(events_in(body, [sudan, russia]), "agreement").actors == ("sudan", "russia")
    m23 = _organization("M23", "m23", "armed_group")
    body = "The M23 rebels seized large parts of North Kivu in 2022."
    assert only(events_in(body, [m23]), "attack").actors == ("m23",)
    body = "Niger's army seized power in July 2023."
    assert kinds(events_in(body, [_country("Niger", "niger")])) == ["coup"]


@pytest.mark.parametrize("body, language, names, kind", [
    ("French troops vacated the base in Faya-Largeau on December 26.", "en",
     [_city("Faya-Largeau", "faya")], "withdrawal"),
    ("Am 26. Dezember räumten die französischen Truppen den Stützpunkt in Faya-Largeau.", "de",
     [_city("Faya-Largeau", "faya")], "withdrawal"),
    ("Chad announced the termination of the defence agreement with France.", "en",
     [_country("Chad", "chad"), _country("France", "france")], "decision"),
    ("Der Tschad verkündete die Aufkündigung des Verteidigungsabkommens mit Frankreich.", "de",
     [_country("Tschad", "chad"), _country("Frankreich", "france")], "decision"),
    ("Le Tchad a annoncé la dénonciation des accords de défense avec la France.", "fr",
     [_country("Tchad", "chad"), _country("France", "france")], "decision"),
    ("Mahamat Déby was sworn in as president on May 23.", "en",
     [_person("Mahamat Déby", "deby")], "ceremony"),
    ("Mahamat Déby wurde am 23. Mai als Präsident vereidigt.", "de",
     [_person("Mahamat Déby", "deby")], "ceremony"),
    ("Mahamat Déby a été investi le 23 mai à N'Djamena.", "fr",
     [_person("Mahamat Déby", "deby"), _city("N'Djamena", "ndjamena")], "ceremony"),
])
def test_bases_vacated_agreements_terminated_presidents_sworn_in(
        body: str, language: str, names: list[Name], kind: str) -> None:
    demonyms = [("französischen", "france")] if language == "de" else []
    demonyms += [("French", "france")] if language == "en" else []
    assert kinds(events_in(body, names, demonyms, language=language)) == [kind]


def test_money_invested_is_no_inauguration() -> None:
    body = "La Chine a investi 10 millions de dollars au Tchad."
    assert kinds(events_in(body, [_country("Tchad", "chad")], language="fr")) == []


def test_a_statement_without_a_date_was_made_on_the_day_of_the_news_before_it() -> None:
    touray = _person("Omar Touray", "touray")
    body = ("ECOWAS leaders on Sunday suspended Mali at a summit in Abuja. "
            '"The door stays open," Touray said after the session.')
    names = [_organization("ECOWAS", "ecowas"), _country("Mali", "mali"),
             _city("Abuja", "abuja"), touray, _person("Touray", "touray")]
    statement = only(events_in(body, names, published_on=date(2024, 12, 16)), "statement")
    assert (statement.occurred_on, statement.date_text) == (date(2024, 12, 15), "on Sunday")
    old_news = ("ECOWAS suspended Mali in March 2019. "
                '"The door stays open," Touray said after the session.')
    statement = only(events_in(old_news, names, published_on=date(2024, 12, 16)), "statement")
    assert statement.occurred_on is None


def test_a_date_before_a_trailing_attribution_dates_the_event_reported() -> None:
    body = ("Gunmen killed 12 soldiers in an attack on an army post near the town of Téra in "
            "western Niger on Wednesday, the army said.")
    names = [_city("Téra", "tera"), _country("Niger", "niger")]
    attack = only(events_in(body, names, published_on=date(2024, 10, 17)), "attack")
    assert attack.occurred_on == date(2024, 10, 16)
    body = "On Friday, the World Food Programme said it had delivered aid to Kadugli."
    names = [_organization("World Food Programme", "wfp"), _city("Kadugli", "kadugli")]
    statement = only(events_in(body, names, published_on=date(2025, 3, 15)), "statement")
    assert statement.occurred_on == date(2025, 3, 14)


@pytest.mark.parametrize("body, language", [
    ("La Centrafrique est en proie aux violences depuis 2013, lorsque la coalition Séléka a "
     "renversé le président François Bozizé.", "fr"),
    ("The country has been in turmoil since 2013, when Seleka rebels toppled President François "
     "Bozizé.", "en"),
])
def test_a_when_clause_after_since_tells_what_began_then(body: str, language: str) -> None:
    coup = only(events_in(body, [_person("François Bozizé", "bozize")], language=language),
                "coup")
    assert (coup.occurred_on, coup.date_precision) == (date(2013, 1, 1), "year")


@pytest.mark.parametrize("body, language", [
    ("President Hassan Mohamud condemned the attack on Thursday.", "en"),
    ("Präsident Hassan Mohamud verurteilte den Anschlag am Donnerstag.", "de"),
])
def test_a_date_after_a_reactions_object_is_the_reactions(body: str, language: str) -> None:
    names = [_person("Hassan Mohamud", "mohamud")]
    statement = only(events_in(body, names, language=language, published_on=date(2024, 9, 20)),
                     "statement")
    assert statement.occurred_on == date(2024, 9, 19)


@pytest.mark.parametrize("body, language, names, kind, party", [
    ("Niger, Mali and Burkina Faso formed the Alliance of Sahel States in September 2023.", "en",
     [_country("Niger", "niger"), _organization("Alliance of Sahel States", "aes")],
     "agreement", "niger"),
    # the convoy is more than a few words before its verb
    ("A World Food Programme convoy carrying food for about 100,000 displaced people reached "
     "the town of Tawila on Monday.", "en",
     [_organization("World Food Programme", "wfp"), _city("Tawila", "tawila")], "aid", "wfp"),
    ("Der Sicherheitsrat stimmte am Donnerstag für eine Resolution zu Mali.", "de",
     [_organization("Sicherheitsrat", "unsc"), _country("Mali", "mali")], "decision", "unsc"),
    ("Die EU setzte im April ihre Ausbildungsmission EUTM Mali aus.", "de",
     [_organization("EU", "eu"), _organization("EUTM Mali", "eutm")], "sanction", "eu"),
    ("En avril, le Tchad avait demandé aux États-Unis de retirer leurs soldats.", "fr",
     [_country("Tchad", "chad"), _country("États-Unis", "united-states")], "demand",
     "united-states"),
])
def test_alliances_formed_convoys_arrived_votes_suspensions_and_requests(
        body: str, language: str, names: list[Name], kind: str, party: str) -> None:
    event = only(events_in(body, names, language=language), kind)
    assert party in event.actors + event.targets
    if kind == "demand":  # whom it is made of is no place
        assert event.location is None


@pytest.mark.parametrize("body, language", [
    ("Libya has been in chaos since 2011. Libya's elections, first set for December 2021, were "
     "postponed. Municipal elections were held in November 2024.", "en"),
    ("Libyen ist seit 2011 gespalten. Libyens Wahlen wurden verschoben. Im November 2024 fanden "
     "Kommunalwahlen statt.", "de"),
])
def test_a_dated_election_without_a_place_is_in_the_articles_country(
        body: str, language: str) -> None:
    names = [_country(surface, "libya") for surface in ("Libya", "Libyen", "Libyens")]
    dated = [e for e in events_in(body, names, language=language, published_on=date(2025, 3, 5))
             if e.kind == "election" and e.occurred_on == date(2024, 11, 1)]
    assert [e.location for e in dated] == ["libya"]


def test_an_undated_election_is_not_placed_by_the_article() -> None:
    body = "Mali postponed a referendum. Mali's neighbours watched. Elections matter, he said."
    events = events_in(body, [_country("Mali", "mali")])
    assert [e for e in events if e.kind == "election" and "Elections matter" in e.text] == []


def test_a_relative_clause_that_opens_with_a_preposition_keeps_its_names() -> None:
    body = ("Am Donnerstag will Svenja Schulze das Lager Mbera besuchen, in dem der UNHCR "
            "100.000 Menschen versorgt.")
    names = [_person("Svenja Schulze", "schulze"), _city("Mbera", "mbera"),
             _organization("UNHCR", "unhcr")]
    visit = only(events_in(body, names, language="de"), "visit")
    assert "unhcr" not in visit.actors + visit.targets


def test_a_siege_since_a_date_began_then_and_money_is_aid() -> None:
    rsf = _organization("RSF", "rsf", "armed_group")
    body = "Seit Mai belagern die Paramilitärs der RSF die Stadt Al-Faschir."
    siege = only(events_in(body, [rsf], language="de", published_on=date(2024, 11, 21)),
                 "attack")
    assert siege.occurred_on == date(2024, 5, 1)
    body = "Deutschland stellte dem UNHCR zehn Millionen Euro zur Verfügung."
    names = [_country("Deutschland", "germany"), _organization("UNHCR", "unhcr")]
    aid = only(events_in(body, names, language="de"), "aid")
    assert (aid.actors, aid.targets) == (("germany",), ("unhcr",))


@pytest.mark.parametrize("body, language", [
    ("Mahamat Déby hatte im April 2021 an der Spitze eines Militärrats die Macht übernommen und "
     "war im Mai 2024 zum Staatschef gewählt worden.", "de"),
    ("Mahamat Déby took power in April 2021 and was elected president in May 2024.", "en"),
])
def test_a_clause_after_and_and_an_auxiliary_keeps_its_own_date(body: str, language: str) -> None:
    events = events_in(body, [_person("Mahamat Déby", "deby")], language=language)
    assert {(e.kind, e.occurred_on) for e in events} == {
        ("coup", date(2021, 4, 1)), ("election", date(2024, 5, 1))}


def test_the_two_countries_and_both_sides_stand_for_the_two_named_before() -> None:
    body = ("Mali's junta leader Colonel Assimi Goïta met Russian envoys in Bamako in April. The "
            "two countries signed an agreement on nuclear energy in October.")
    names = [GOITA, _country("Mali", "mali"), _city("Bamako", "bamako")]
    events = events_in(body, names, [("Russian", "russia")])  # a demonym names a country too
    assert only(events, "agreement").actors == ("mali", "russia")
    alone = "Colonel Assimi Goïta met envoys in April. The two countries signed an agreement."
    assert [e for e in events_in(alone, names) if e.kind == "agreement" and e.actors] == []
    sides = ("The RSF and the Sudanese Armed Forces met in Jeddah. Both sides agreed to a truce "
             "on Monday.")
    saf = _organization("Sudanese Armed Forces", "saf", "armed_force")
    assert only(events_in(sides, [RSF, saf, _city("Jeddah", "jeddah")]), "agreement").actors == (
        "rapid-support-forces", "saf")
    urged = ("Rubio met the RSF and the Sudanese Armed Forces. He urged both sides to agree to a "
             "truce.")
    assert [e for e in events_in(urged, [RSF, saf]) if e.kind == "agreement"
            and e.actors == ("rapid-support-forces", "saf")] == []
    about = ("Mali und Russland arbeiten seit 2021 zusammen. Über die beiden Länder sagte Olaf "
             "Scholz am Montag, sie seien Partner.")
    names = [_country("Mali", "mali"), _country("Russland", "russia"),
             _person("Olaf Scholz", "scholz")]
    assert only(events_in(about, names, language="de"), "statement").actors == ("scholz",)


def test_a_capital_that_acts_is_its_government_and_a_force_acts_for_its_country() -> None:
    names = [_city("Ankara", "ankara", "TR"), _city("Mogadishu", "mogadishu", "SO")]
    signed = "In February, Ankara and Mogadishu signed a defence agreement."
    assert only(events_in(signed, names), "agreement").actors == ("turkey", "somalia")
    attacked = "Gunmen attacked Mogadishu on Monday."
    assert only(events_in(attacked, names), "attack").location == "mogadishu"
    russians = [_organization("Russian Armed Forces", "russian-armed-forces", "armed_force", "RU"),
                _city("Niamey", "niamey", "NE")]
    arrived = "The Russian Armed Forces arrived in Niamey in April."
    assert only(events_in(arrived, russians), "deployment").actors == (
        "russian-armed-forces", "russia")


def test_a_pronoun_stands_for_the_first_person_of_the_latest_sentence_naming_one() -> None:
    names = [_person("Ali Youssef", "youssef"), _person("Sergei Lavrov", "lavrov"),
             _city("Moscow", "moscow")]
    body = ("When Ali Youssef emerged from talks with Sergei Lavrov in Moscow, he told reporters "
            "that the talks had gone well.")
    assert only(events_in(body, names), "statement").actors == ("youssef",)
    body = "Sergei Lavrov met Ali Youssef in Moscow on Tuesday. He said Russia would help."
    assert only(events_in(body, names), "statement").actors == ("lavrov",)


@pytest.mark.parametrize("body, language", [
    ("Fighting reached the Zamzam camp near El Fasher on Monday.", "en"),
    ("Prices of water and food reached record highs in Khartoum in July.", "en"),
    ("The ministers clashed over the budget in Brussels on Friday.", "en"),
    ("Fans stormed the pitch in Dakar after the match.", "en"),
    ("The photographer captured the scene in Goma on Friday.", "en"),
    ("Macron launched a diplomatic offensive in Africa in July.", "en"),
    ("Die CDU eroberte am Sonntag die Mehrheit in Sachsen.", "de"),
    ("Das Urteil gegen den Minister wurde am Montag in Berlin zur Bewährung ausgesetzt.", "de"),
    ("La question que se demande le Mali est de savoir comment payer.", "fr"),
])
def test_peaceful_senses_of_the_new_words_are_no_events(body: str, language: str) -> None:
    names = [_city(surface, surface.lower()) for surface in (
        "Zamzam", "El Fasher", "Khartoum", "Brussels", "Dakar", "Goma", "Sachsen", "Berlin")]
    names += [_organization("CDU", "cdu"), _country("Mali", "mali"),
              _country("Africa", "africa"), _person("Macron", "macron")]
    assert [e.kind for e in events_in(body, names, language=language)
            if e.kind in ("aid", "attack", "sanction", "demand")] == []


def test_announcing_a_treaty_is_no_termination_and_a_dated_attack_keeps_its_date() -> None:
    names = [_country("Frankreich", "france"), _country("Mali", "mali")]
    body = "Frankreich kündigte am Montag einen neuen Vertrag mit Mali an."
    assert "decision" not in kinds(events_in(body, names, language="de"))
    body = "Emmanuel Macron condemned the attack of August 23 in Bamako."
    names = [_person("Emmanuel Macron", "macron"), _city("Bamako", "bamako")]
    attack = only(events_in(body, names, published_on=date(2024, 8, 27)), "attack")
    assert attack.occurred_on == date(2024, 8, 23)


def test_a_statement_at_another_time_is_not_dated_by_the_news() -> None:
    names = [_city("Gao", "gao"), GOITA, _person("Goïta", "assimi-goita")]
    body = ("Jihadists attacked an army post near Gao on Monday. Goïta said at the time that "
            "elections would follow.")
    statement = only(events_in(body, names, published_on=date(2024, 8, 27)), "statement")
    assert statement.occurred_on is None


def test_a_pronoun_skips_a_person_named_after_a_preposition() -> None:
    names = [_person("Olaf Scholz", "scholz"), _person("Emmanuel Macron", "macron"),
             _city("Berlin", "berlin")]
    body = ("After talks with Olaf Scholz in Berlin, Emmanuel Macron returned to Paris. He said "
            "on Monday that France would stay.")
    assert only(events_in(body, names), "statement").actors == ("macron",)


def test_a_span_that_began_is_never_ahead() -> None:
    body = "Al-Faschir wird seit Mai von der RSF belagert."
    (since,) = find_temporal_expressions(body, "de", date(2024, 11, 21))
    assert since.value == date(2024, 5, 1)


def test_and_an_auxiliary_after_a_report_keeps_the_speakers_subject() -> None:
    body = "The UN said 20 civilians were killed near Gao and has called for an inquiry."
    names = [_organization("UN", "united-nations"), _city("Gao", "gao")]
    assert only(events_in(body, names), "demand").actors == ("united-nations",)


def test_brussels_is_no_stand_in_for_belgium_and_an_offensive_launched_is_no_deployment() -> None:
    names = [_city("Brussels", "brussels", "BE"), _country("Niger", "niger")]
    body = "Brussels imposed new sanctions on Niger in May."
    assert only(events_in(body, names), "sanction").actors == ("brussels",)
    body = "RSF fighters launched an offensive on El Obeid in May."
    assert kinds(events_in(body, [RSF, _city("El Obeid", "el-obeid")])) == ["attack"]


def test_a_sanction_requested_in_a_demand_is_the_addressees_and_dated_by_the_demand() -> None:
    names = [_country("Mali", "mali"), _organization("CEDEAO", "ecowas")]
    body = "Le Mali a demandé à la CEDEAO de lever les sanctions le 4 juillet."
    events = events_in(body, names, language="fr", published_on=date(2024, 7, 9))
    demand, sanction = only(events, "demand"), only(events, "sanction")
    assert (demand.actors, demand.targets, demand.occurred_on) == (
        ("mali",), ("ecowas",), date(2024, 7, 4))
    assert (sanction.actors, sanction.modality, sanction.occurred_on) == (
        ("ecowas",), "cancelled", None)


class TestAnyCaseWords:
    """The long word patterns are searched case-sensitively in the lowered text: the same
    answers as re.IGNORECASE, the letters whose folding lower() does not give included."""

    WORDS = AnyCaseWords(r"(?<!\w)(?:troops?|soldiers?|missions?)(?!\w)|einsatz")

    @pytest.mark.parametrize("text", [
        "TROOPS left", "the Soldier", "Bundeswehr-Einsatz", "MISSION", "no one", "troopship",
        "ſoldiers", "MİSSİON", "mıssıon", "the KELVIN troops",
    ])
    def test_as_ignorecase(self, text: str) -> None:
        expected = re.search(self.WORDS.pattern, text, re.IGNORECASE) is not None
        assert self.WORDS.found_in(text) is expected
        assert self.WORDS.found_in(text, text.lower()) is expected

    def test_special_folds_found(self) -> None:
        assert self.WORDS.found_in("ſoldiers")  # long s: IGNORECASE's, not lower()'s
        assert self.WORDS.found_in("MİSSİON")

    def test_an_upper_case_pattern_is_refused(self) -> None:
        with pytest.raises(ValueError, match="not lower-case"):
            AnyCaseWords(r"\bTroops\b")

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("troopsTROOPSſİıKeinsatzEINSATZ -")),
                   max_size=30))
    def test_any_text(self, text: str) -> None:
        expected = re.search(self.WORDS.pattern, text, re.IGNORECASE) is not None
        assert self.WORDS.found_in(text) is expected
