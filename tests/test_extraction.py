"""Extraction on the seeds, stored: entities linked across languages, events merged, dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsdb.cli import cli
from newsdb.models import (
    Article,
    Entity,
    EntityAlias,
    Event,
    EventEvidence,
    EventParticipant,
    Mention,
    MentionSuppression,
)
from newsdb.pipeline.extract import EXTRACTOR_VERSION, extract_article
from newsdb.pipeline.read import read_paths
from newsdb.services.imports import run_import
from newsdb.services.reextraction import reextract_article
from tests.conftest import SEEDS

GOLD = Path(__file__).parent / "fixtures" / "seed_gold.json"


def _article_ids(session: Session) -> list[int]:
    return list(session.scalars(select(Article.id).order_by(Article.id)))


def _entity(session: Session, slug: str) -> Entity:
    entity = session.scalars(select(Entity).where(Entity.slug == slug)).one()
    return entity


def _articles_mentioning(session: Session, entity: Entity) -> set[int]:
    return set(session.scalars(select(Mention.article_id).where(Mention.entity_id == entity.id)))


def test_one_entity_per_real_world_thing_across_languages(session: Session) -> None:
    dw, translated, german = _article_ids(session)
    assert _articles_mentioning(session, _entity(session, "germany")) == {dw, translated, german}
    assert _articles_mentioning(session, _entity(session, "russia")) == {dw, translated, german}
    assert _articles_mentioning(session, _entity(session, "mali")) == {dw, translated, german}
    assert _articles_mentioning(session, _entity(session, "bamako")) == {dw, translated, german}
    assert _articles_mentioning(session, _entity(session, "minusma")) == {dw, translated}
    for name in ("germany", "deutschland", "russia", "russland", "russie", "mali", "bamako",
                 "minusma"):
        holders = set(session.scalars(select(EntityAlias.entity_id).where(
            EntityAlias.normalized == name)))
        assert len(holders) == 1, name
    russland = session.scalars(select(Mention.text).where(
        Mention.entity_id == _entity(session, "russia").id, Mention.article_id == german)).all()
    assert set(russland) == {"Russland"}


def test_surname_mentions_link_to_the_full_name(session: Session) -> None:
    pistorius = _entity(session, "boris-pistorius")
    texts = session.scalars(select(Mention.text).where(Mention.entity_id == pistorius.id)).all()
    assert "Boris Pistorius" in texts and "Pistorius" in texts
    methods = set(session.scalars(select(Mention.method).where(
        Mention.entity_id == pistorius.id, Mention.text == "Pistorius")))
    assert methods == {"coref"}


def test_niger_is_not_nigeria_and_mali_only_as_a_word(session: Session) -> None:
    niger, nigeria = _entity(session, "niger"), _entity(session, "nigeria")
    assert niger.id != nigeria.id
    assert set(session.scalars(select(Mention.text).where(Mention.entity_id == niger.id))) == {
        "Niger"}
    assert set(session.scalars(select(Mention.text).where(
        Mention.entity_id == _entity(session, "mali").id))) == {"Mali"}


def test_every_span_points_into_the_body(session: Session) -> None:
    bodies = {a.id: a.body for a in session.scalars(select(Article))}
    for mention in session.scalars(select(Mention)):
        assert bodies[mention.article_id][mention.char_start:mention.char_end] == mention.text
    for evidence in session.scalars(select(EventEvidence)):
        assert bodies[evidence.article_id][evidence.char_start:evidence.char_end] == \
            evidence.text


def _events_with_actor(session: Session, kind: str, actor_slug: str) -> list[Event]:
    actor = _entity(session, actor_slug)
    return list(session.scalars(
        select(Event).join(EventParticipant).where(
            Event.kind == kind, EventParticipant.entity_id == actor.id,
            EventParticipant.role == "actor")).unique())


def test_german_withdrawal_is_one_event_reported_by_two_articles(session: Session) -> None:
    dw, translated, _ = _article_ids(session)
    mali = _entity(session, "mali")
    german = [e for e in _events_with_actor(session, "withdrawal", "germany")
              if e.location_id == mali.id]
    assert len(german) == 1
    reporting = {ev.article_id for ev in german[0].evidence}
    assert reporting == {dw, translated}
    assert german[0].occurred_on == date(2023, 12, 15)
    french = _events_with_actor(session, "withdrawal", "france")
    assert french and all(e.id != german[0].id for e in french)


def test_dates_resolve_against_the_publication_date(session: Session) -> None:
    rows = session.execute(select(EventEvidence.date_text, Event.occurred_on,
                                  Event.date_precision)
                           .join(Event, Event.id == EventEvidence.event_id)).all()
    dated = {text: (day, precision) for text, day, precision in rows if text}
    assert dated["on Friday"] == (date(2023, 12, 15), "day")
    assert dated["In July"] == (date(2023, 7, 1), "month")
    assert dated["Am 11. November 2025"] == (date(2025, 11, 11), "day")


def test_articles_record_the_extractor_version(session: Session) -> None:
    versions = set(session.scalars(select(Article.extractor_version)))
    assert versions == {EXTRACTOR_VERSION}


def _counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                     for model in (Article, Entity, Mention, Event, EventEvidence))


def test_importing_twice_creates_nothing_new(fresh_engine: Engine) -> None:
    run_import(fresh_engine, read_paths(SEEDS), origin="cli", description="1",
               after_store=extract_article)
    first = _counts(fresh_engine)
    run_import(fresh_engine, read_paths(SEEDS), origin="cli", description="2",
               after_store=extract_article)
    assert _counts(fresh_engine) == first
    assert first[2] > 100 and first[3] > 10


def test_reextract_keeps_manual_corrections(fresh_engine: Engine) -> None:
    run_import(fresh_engine, read_paths(SEEDS[:1]), origin="cli", description="1",
               after_store=extract_article)
    with Session(fresh_engine) as session:
        article = session.scalars(select(Article)).one()
        removed = session.scalars(select(Mention).where(Mention.article_id == article.id,
                                                        Mention.text == "China")).one()
        start = article.body.index("air base")
        manual = Mention(article_id=article.id, entity_id=removed.entity_id, char_start=start,
                         char_end=start + 8, text="air base", method="manual")
        session.add(MentionSuppression(article_id=article.id, char_start=removed.char_start,
                                       char_end=removed.char_end, text=removed.text))
        session.delete(removed)
        session.add(manual)
        session.commit()
        article_id, before = article.id, _counts(fresh_engine)
    reextract_article(fresh_engine, article_id)
    reextract_article(fresh_engine, article_id)
    with Session(fresh_engine) as session:
        texts = session.scalars(select(Mention.text).where(Mention.article_id == article_id))
        texts = list(texts)
        assert "China" not in texts and "air base" in texts
    assert _counts(fresh_engine) == before


def test_events_see_the_mentions_a_curator_removed_gone(
        fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-extraction finds events among the mentions that are kept, not the drafts' all."""
    import newsdb.pipeline.extract as extract

    run_import(fresh_engine, read_paths(SEEDS[:1]), origin="cli", description="1",
               after_store=extract_article)
    with Session(fresh_engine) as session:
        article = session.scalars(select(Article)).one()
        removed = session.scalars(select(Mention).where(Mention.article_id == article.id,
                                                        Mention.text == "China")).one()
        span = (removed.char_start, removed.char_end)
        session.add(MentionSuppression(article_id=article.id, char_start=span[0],
                                       char_end=span[1], text=removed.text))
        session.delete(removed)
        session.commit()
        article_id = article.id
    seen: list[list[tuple[int, int]]] = []
    real = extract.find_events

    def spy(*args: Any) -> Any:
        seen.append([(m.char_start, m.char_end) for m in args[3]])
        return real(*args)

    monkeypatch.setattr(extract, "find_events", spy)
    reextract_article(fresh_engine, article_id)
    assert seen and all(span not in spans for spans in seen)


# The gold files (README: what each is) and the floors their scores keep: (section, measure)
# -> at least. probe: written after the seeds, tuned on; heldout and blind: written blind, then
# used to find defects; blind2: written blind and never used to change a rule.
GOLD_FLOORS = [
    ("seed_gold.json", 3, {("entities", "precision"): 0.9, ("entities", "recall"): 0.9,
                           ("events", "recall"): 0.9, ("roles", "f1"): 0.6}),
    ("probe_gold.json", 6, {("entities", "precision"): 0.9, ("entities", "recall"): 0.9,
                            ("events", "precision"): 0.8, ("events", "recall"): 0.6,
                            ("roles", "precision"): 0.75, ("roles", "recall"): 0.5}),
    ("heldout_gold.json", 6, {("entities", "f1"): 0.9, ("events", "f1"): 0.65,
                              ("roles", "f1"): 0.4}),
    ("blind_gold.json", 9, {("entities", "f1"): 0.85, ("events", "f1"): 0.75,
                            ("roles", "f1"): 0.55}),
    ("blind2_gold.json", 9, {("entities", "f1"): 0.85, ("events", "f1"): 0.42,
                             ("roles", "f1"): 0.25}),
]


@pytest.mark.parametrize("gold, articles, floors", GOLD_FLOORS,
                         ids=[gold for gold, _, _ in GOLD_FLOORS])
def test_evaluate_on_each_gold_file_meets_its_floors(
        gold: str, articles: int, floors: dict[tuple[str, str], float]) -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(GOLD.parent / gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert len(scores["articles"]) == articles
    below = {key: scores[key[0]][key[1]] for key, floor in floors.items()
             if scores[key[0]][key[1]] < floor}
    assert not below, below


def test_roles_score_who_took_part_and_where(tmp_path: Path) -> None:
    """A participant the gold does not name costs precision; one it names and the event
    lacks costs recall."""
    article = tmp_path / "a.txt"
    article.write_text("Boris Pistorius visited Niger on Monday.\n", encoding="utf-8")
    event = {"type": "visit", "date": None, "location": "Niger", "evidence": "visited Niger"}
    entities = [{"name": "Boris Pistorius", "type": "person", "surface": ["Boris Pistorius"]},
                {"name": "Niger", "type": "location", "surface": ["Niger"]}]

    def roles(participants: list[str]) -> dict[str, Any]:
        gold = tmp_path / "gold.json"
        gold.write_text(json.dumps([{"file": "a.txt", "published": "2023-12-13",
                                     "entities": entities,
                                     "events": [{**event, "participants": participants}]}]),
                        encoding="utf-8")
        result = CliRunner().invoke(cli, ["evaluate", str(gold), "--json"])
        assert result.exit_code == 0, result.output
        scored: dict[str, Any] = json.loads(result.stdout)["roles"]
        return scored

    assert roles(["Boris Pistorius"]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                          "predicted": 2, "gold": 2}
    assert roles([])["precision"] == 0.5  # Pistorius is not in the gold
    assert roles(["Boris Pistorius", "Mali"])["recall"] == round(2 / 3, 4)
