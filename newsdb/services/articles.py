"""Article use cases: list with filters, get one with what was found in it.

The reads build plain records from Core rows (no ORM instances, no identity map) with
statements built once at import: the article pages and the detail are the API's hottest reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    BindParameter,
    ColumnElement,
    FromClause,
    Integer,
    Select,
    String,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from newsdb.errors import NotFound
from newsdb.models import (
    Article,
    Entity,
    Event,
    EventEvidence,
    Mention,
    QualityFlag,
    Source,
)
from newsdb.services.entities import is_row_id, resolve_entity_ref, row_id

_ARTICLES = Article.__table__
_SOURCES = Source.__table__
_FLAGS = QualityFlag.__table__
_ENTITIES = Entity.__table__
_MENTIONS = Mention.__table__
_EVENTS = Event.__table__
_EVIDENCE = EventEvidence.__table__

ARTICLE_SORTS = {
    "id": _ARTICLES.c.id.asc(), "-id": _ARTICLES.c.id.desc(),
    "published_at": _ARTICLES.c.published_at.asc(),
    "-published_at": _ARTICLES.c.published_at.desc(),
    "title": _ARTICLES.c.title.asc(), "-title": _ARTICLES.c.title.desc(),
    "updated_at": _ARTICLES.c.updated_at.asc(), "-updated_at": _ARTICLES.c.updated_at.desc(),
    "created_at": _ARTICLES.c.created_at.asc(), "-created_at": _ARTICLES.c.created_at.desc(),
}
DEFAULT_ARTICLE_SORT = "-published_at"


@dataclass(frozen=True)
class ArticleFilters:
    """Filters of the article list (all optional, combined with AND)."""

    q: str | None = None
    language: str | None = None
    source: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    updated_since: datetime | None = None
    entity: list[str | int] = field(default_factory=list)
    event_kind: str | None = None
    sort: str = DEFAULT_ARTICLE_SORT


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The publisher of an article, in short."""

    id: int
    name: str
    kind: str


@dataclass(slots=True)
class ArticleRecord:
    """An article as the API shows it: its columns, its publisher and the agencies it credits
    (``raw_text`` is None unless asked for)."""

    id: int
    url: str | None
    title: str | None
    author: str | None
    language: str | None
    published_at: date | None
    source: SourceRef | None
    body: str
    word_count: int
    content_hash: str
    duplicate_of_id: int | None
    extractor_version: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    raw_text: str | None = None
    agencies: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class QualityFlagRecord:
    id: int
    code: str
    message: str
    field: str
    char_start: int | None
    char_end: int | None


@dataclass(frozen=True, slots=True)
class MentionedEntity:
    """An entity in short, with how often one article mentions it."""

    id: int
    name: str
    slug: str
    kind: str
    mentions: int


@dataclass(frozen=True, slots=True)
class ReportedEvent:
    """An event an article reports, in short."""

    id: int
    kind: str
    modality: str
    title: str
    occurred_on: date | None
    date_precision: str | None


@dataclass(slots=True)
class ArticleDetail(ArticleRecord):
    """An article with its quality flags, the entities it mentions and the events it reports."""

    quality_flags: list[QualityFlagRecord] = field(default_factory=list)
    entities: list[MentionedEntity] = field(default_factory=list)
    events: list[ReportedEvent] = field(default_factory=list)


class _CreditedAgencies(FunctionElement[str]):
    """The names of the agencies an article credits, in the order credited, as a JSON array
    (``[]`` for none): ``credited_agencies(article_id)``."""

    name = "credited_agencies"
    type = String()
    inherit_cache = True


@compiles(_CreditedAgencies)
def _credited_agencies_sqlite(element: _CreditedAgencies, compiler: Any, **kw: Any) -> str:
    # json_group_array takes the rows in the order the inner query gives them.
    return ("(SELECT json_group_array(name) FROM (SELECT s.name AS name FROM article_agencies "
            "AS g JOIN sources AS s ON s.id = g.source_id WHERE g.article_id = "
            f"{compiler.process(element.clauses, **kw)} ORDER BY g.id))")


@compiles(_CreditedAgencies, "postgresql")
def _credited_agencies_postgres(element: _CreditedAgencies, compiler: Any, **kw: Any) -> str:
    return ("(SELECT coalesce(json_agg(s.name ORDER BY g.id), '[]')::text FROM "
            "article_agencies AS g JOIN sources AS s ON s.id = g.source_id WHERE g.article_id = "
            f"{compiler.process(element.clauses, **kw)})")


# An article's record in one row, its agencies included: a correlated lookup the databases
# make only for the rows a page returns (after its sort and limit), where a statement of its
# own cost each page ~0.1 ms more.
_RECORD_COLUMNS = (
    _ARTICLES.c.id, _ARTICLES.c.url, _ARTICLES.c.title, _ARTICLES.c.author,
    _ARTICLES.c.language, _ARTICLES.c.published_at, _SOURCES.c.id, _SOURCES.c.name,
    _SOURCES.c.kind, _ARTICLES.c.body, _ARTICLES.c.word_count, _ARTICLES.c.content_hash,
    _ARTICLES.c.duplicate_of_id, _ARTICLES.c.extractor_version, _ARTICLES.c.created_at,
    _ARTICLES.c.updated_at, _ARTICLES.c.version,
    _CreditedAgencies(_ARTICLES.c.id).label("agencies"),
)
_WITH_SOURCE = _ARTICLES.outerjoin(_SOURCES, _SOURCES.c.id == _ARTICLES.c.source_id)
_ARTICLE_ID: BindParameter[int] = bindparam("article_id")


def _record_select(with_raw_text: bool) -> Select[Any]:
    columns = (*_RECORD_COLUMNS, _ARTICLES.c.raw_text) if with_raw_text else _RECORD_COLUMNS
    return select(*columns).select_from(_WITH_SOURCE)


def records_joined(page: FromClause, page_id: ColumnElement[int], *leading: Any) -> Select[Any]:
    """A SELECT of the ``leading`` columns, then the record columns of the article whose id is
    ``page_id``, for each row of ``page`` (rows as :func:`article_record` reads them once the
    leading columns are cut off)."""
    return select(*leading, *_RECORD_COLUMNS).select_from(
        page.join(_ARTICLES, _ARTICLES.c.id == page_id)
        .outerjoin(_SOURCES, _SOURCES.c.id == _ARTICLES.c.source_id))


def article_record(row: Sequence[Any], kind: type[ArticleRecord] = ArticleRecord) -> ArticleRecord:
    (id_, url, title, author, language, published_at, source_id, source_name, source_kind,
     body, word_count, content_hash, duplicate_of_id, extractor_version, created_at,
     updated_at, version, agencies, *raw_text) = row
    source = SourceRef(source_id, source_name, source_kind) if source_id is not None else None
    return kind(
        id_, url, title, author, language, published_at, source, body, word_count,
        content_hash, duplicate_of_id, extractor_version, created_at, updated_at, version,
        raw_text[0] if raw_text else None, orjson.loads(agencies) if agencies != "[]" else [])


# The detail's statements, built once: an article is five indexed lookups.
_DETAIL = _record_select(False).where(_ARTICLES.c.id == _ARTICLE_ID)
_DETAIL_WITH_RAW_TEXT = _record_select(True).where(_ARTICLES.c.id == _ARTICLE_ID)
_FLAGS_OF = (select(_FLAGS.c.id, _FLAGS.c.code, _FLAGS.c.message, _FLAGS.c.field,
                    _FLAGS.c.char_start, _FLAGS.c.char_end)
             .where(_FLAGS.c.article_id == _ARTICLE_ID))
_MENTION_COUNT = func.count().label("mentions")
_ENTITIES_OF = (select(_ENTITIES.c.id, _ENTITIES.c.name, _ENTITIES.c.slug, _ENTITIES.c.kind,
                       _MENTION_COUNT)
                .join(_MENTIONS, _MENTIONS.c.entity_id == _ENTITIES.c.id)
                .where(_MENTIONS.c.article_id == _ARTICLE_ID).group_by(_ENTITIES.c.id))
_ENTITIES_ORDER = (_MENTION_COUNT.desc(), _ENTITIES.c.name, _ENTITIES.c.id)
_EVENTS_OF = (select(_EVENTS.c.id, _EVENTS.c.kind, _EVENTS.c.modality, _EVENTS.c.title,
                     _EVENTS.c.occurred_on, _EVENTS.c.date_precision)
              .where(_EVENTS.c.id.in_(select(_EVIDENCE.c.event_id)
                                      .where(_EVIDENCE.c.article_id == _ARTICLE_ID))))
_EVENTS_ORDER = (_EVENTS.c.occurred_on.is_(None), _EVENTS.c.occurred_on, _EVENTS.c.id)
_DETAIL_ENTITIES = _ENTITIES_OF.order_by(*_ENTITIES_ORDER)
_DETAIL_EVENTS = _EVENTS_OF.order_by(*_EVENTS_ORDER)
_DETAIL_FLAGS = _FLAGS_OF.order_by(_FLAGS.c.id)


def article_detail(session: Session, article_id: int, *, with_raw_text: bool = False
                   ) -> ArticleDetail:
    """Return an article with its flags, every entity it mentions and every event it
    reports; ``raw_text`` only when asked for."""
    params = {"article_id": article_id}
    row = session.execute(_DETAIL_WITH_RAW_TEXT if with_raw_text else _DETAIL, params).first()
    if row is None:
        raise NotFound(f"Article {article_id} not found")
    detail = article_record(row, ArticleDetail)
    assert isinstance(detail, ArticleDetail)
    detail.quality_flags = [QualityFlagRecord(*r) for r in session.execute(_DETAIL_FLAGS, params)]
    detail.entities = [MentionedEntity(*r) for r in session.execute(_DETAIL_ENTITIES, params)]
    detail.events = [ReportedEvent(*r) for r in session.execute(_DETAIL_EVENTS, params)]
    return detail


_RECORDS_BY_ID = _record_select(False).where(
    _ARTICLES.c.id.in_(bindparam("article_ids", expanding=True)))


def article_records(session: Session, article_ids: list[int],
                    kind: type[ArticleRecord] = ArticleRecord) -> dict[int, ArticleRecord]:
    """Return the records (of ``kind``, without ``raw_text``) of the articles with these ids,
    by id."""
    if not article_ids:
        return {}
    records = [article_record(row, kind) for row in session.execute(
        _RECORDS_BY_ID, {"article_ids": article_ids})]
    return {record.id: record for record in records}


@dataclass(frozen=True)
class _ListShape:
    """What a list statement depends on besides its values: which filters are set."""

    entities: int
    event_kind: bool
    language: bool
    source: str | None  # "id", "name" or None
    published_from: bool
    published_to: bool
    updated_since: bool
    sort: str
    with_raw_text: bool


def _conditions(shape: _ListShape) -> list[ColumnElement[bool]]:
    """Return the WHERE conditions of a list of this shape, values left as parameters."""
    conditions: list[ColumnElement[bool]] = [
        _ARTICLES.c.id.in_(select(_MENTIONS.c.article_id)
                           .where(_MENTIONS.c.entity_id == bindparam(f"entity_{n}")))
        for n in range(shape.entities)]
    if shape.event_kind:
        conditions.append(_ARTICLES.c.id.in_(
            select(_EVIDENCE.c.article_id).join(_EVENTS, _EVENTS.c.id == _EVIDENCE.c.event_id)
            .where(_EVENTS.c.kind == bindparam("event_kind"))))
    conditions += _column_conditions(shape, _ARTICLES.c)
    if shape.published_from:
        conditions.append(_ARTICLES.c.published_at >= bindparam("published_from"))
    if shape.published_to:
        conditions.append(_ARTICLES.c.published_at <= bindparam("published_to"))
    if shape.updated_since:
        conditions.append(_ARTICLES.c.updated_at >= bindparam("updated_since"))
    return conditions


def _column_conditions(shape: _ListShape, columns: Any) -> list[ColumnElement[bool]]:
    """The conditions of a list on an article's own language and source, on ``columns``
    (the articles table's, or those a walk reads)."""
    conditions: list[ColumnElement[bool]] = []
    if shape.language:
        conditions.append(columns.language == bindparam("language"))
    if shape.source == "id":
        conditions.append(columns.source_id.in_(
            select(_SOURCES.c.id).where(_SOURCES.c.id == bindparam("source"))))
    elif shape.source == "name":
        conditions.append(columns.source_id.in_(
            select(_SOURCES.c.id).where(func.lower(_SOURCES.c.name) == bindparam("source"))))
    return conditions


# The articles of one entity: the count the database keeps (newsdb/models/counts.py); no row
# unless the entity is live.
_ENTITY_TOTAL = select(_ENTITIES.c.article_count).where(_ENTITIES.c.id == bindparam("entity_0"),
                                                        _ENTITIES.c.merged_into_id.is_(None))
# The articles reporting an event kind: their distinct ids, counted from the evidence index
# (every evidence row's article exists), not looked up in the articles table one by one.
_EVENT_KIND_TOTAL = (select(func.count(_EVIDENCE.c.article_id.distinct()))
                     .join(_EVENTS, _EVENTS.c.id == _EVIDENCE.c.event_id)
                     .where(_EVENTS.c.kind == bindparam("event_kind")))


# Lists come in a few dozen shapes: each one's statements are built once.
MAX_LIST_SHAPES = 256


@lru_cache(maxsize=MAX_LIST_SHAPES)
def _list_statements(shape: _ListShape) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """Return the page and count statements of a list of this shape, and the count with the
    highest article id (what a walk is sized by)."""
    conditions = _conditions(shape)
    order: Any = ARTICLE_SORTS.get(shape.sort, ARTICLE_SORTS[DEFAULT_ARTICLE_SORT])
    page = (_record_select(shape.with_raw_text).where(*conditions)
            .order_by(order, _ARTICLES.c.id.desc())
            .offset(bindparam("offset", type_=Integer))
            .limit(bindparam("limit", type_=Integer)))
    if len(conditions) == 1 and shape.entities == 1:
        count = _ENTITY_TOTAL
    elif len(conditions) == 1 and shape.event_kind:
        count = _EVENT_KIND_TOTAL
    else:
        count = select(func.count()).select_from(_ARTICLES).where(*conditions)
    return page, count, count.add_columns(_ARCHIVE)


# Sorts an index keeps in order (the id's included), so a walk can stop after a page.
_INDEXED_SORTS = frozenset({"id", "-id", "published_at", "-published_at", "updated_at",
                            "-updated_at"})
# How many articles a walk may visit: a multiple of what the entity's share predicts, and more.
WALK_MARGIN, WALK_SLACK = 4, 100


def _walks(shape: _ListShape) -> bool:
    """Tell whether a list of this shape may be found by a walk: one filtered by entities, an
    event kind, a language or a source, in an order an index keeps. A date range is not
    walked: the sort's own index finds the range's first rows."""
    return (shape.sort in _INDEXED_SORTS
            and any((shape.entities, shape.event_kind, shape.language, shape.source))
            and not any((shape.published_from, shape.published_to, shape.updated_since)))


def _belongs(shape: _ListShape, article_id: Any) -> list[ColumnElement[bool]]:
    """Whether the article ``article_id`` mentions the entities and reports an event of the
    kind of a walked list: one probe of an index for each article walked (not the list of
    all the articles that do, which an IN would collect first)."""
    conditions: list[ColumnElement[bool]] = [
        select(_MENTIONS.c.id).where(_MENTIONS.c.entity_id == bindparam(f"entity_{n}"),
                                     _MENTIONS.c.article_id == article_id).exists()
        for n in range(shape.entities)]
    if shape.event_kind:
        conditions.append(
            select(_EVIDENCE.c.id).join(_EVENTS, _EVENTS.c.id == _EVIDENCE.c.event_id)
            .where(_EVIDENCE.c.article_id == article_id,
                   _EVENTS.c.kind == bindparam("event_kind")).exists())
    return conditions


@lru_cache(maxsize=MAX_LIST_SHAPES)
def _walk_statement(shape: _ListShape) -> Select[Any]:
    """The page of a list found by walking the first ``:walk`` articles in the page's order
    (an index) and keeping those the list's filters keep."""
    order: Any = ARTICLE_SORTS[shape.sort]
    key = _ARTICLES.c[shape.sort.lstrip("-")]

    def ordered(column: Any) -> Any:
        return column.desc() if shape.sort.startswith("-") else column.asc()

    read = [_ARTICLES.c.language] if shape.language else []
    read += [_ARTICLES.c.source_id] if shape.source else []
    walked = (select(_ARTICLES.c.id, key.label("sort_key"), *read)
              .order_by(order, _ARTICLES.c.id.desc())
              .limit(bindparam("walk", type_=Integer)).subquery())
    # Only the rows up to the page's end are read whole (their text is most of the file).
    kept = (select(walked.c.id)
            .where(*_belongs(shape, walked.c.id), *_column_conditions(shape, walked.c))
            .order_by(ordered(walked.c.sort_key), walked.c.id.desc())
            .limit(bindparam("page_end", type_=Integer)))
    return (_record_select(shape.with_raw_text).where(_ARTICLES.c.id.in_(kept))
            .order_by(order, _ARTICLES.c.id.desc())
            .offset(bindparam("offset", type_=Integer))
            .limit(bindparam("limit", type_=Integer)))


# The highest article id: how many articles a walk meets for each of the list's.
_ARCHIVE = select(func.max(_ARTICLES.c.id)).scalar_subquery()


def _walked_page(session: Session, shape: _ListShape, params: dict[str, Any], total: int,
                 archive: int) -> list[Any] | None:
    """Return the page of a list that keeps many articles (``total`` of ``archive``: an
    entity named in many, a language most are in) by walking the articles in page order, or
    None when the walk would cost more than finding all of them (a rarer entity) or ended
    before the page was full (its articles are elsewhere, or this is the last page: both are
    left to the plan that finds them all). A walk that fills its page has found the page:
    the first rows of the order that the filters keep.

    Finding all of an entity's articles to sort them reads every one of their rows: ~90 ms
    for one in 30% of 100,000 articles (as much for a language in half of them). Walking the
    sort's index and asking the mentions index about each article finds the newest 20 of
    them after ~70 articles."""
    offset, limit = params["offset"], params["limit"]
    if offset >= total:
        return []
    walk = WALK_MARGIN * (offset + limit) * archive // total + WALK_SLACK
    if walk >= total:
        return None
    rows = session.execute(_walk_statement(shape),
                           {**params, "walk": walk, "page_end": offset + limit}).all()
    return list(rows) if len(rows) == limit else None


def list_articles(session: Session, filters: ArticleFilters, *, offset: int, limit: int,
                  with_raw_text: bool = False) -> tuple[list[ArticleRecord], int]:
    """Return one page of articles (``raw_text`` only when asked for) and the total count."""
    params: dict[str, Any] = {"offset": offset, "limit": limit}
    source_kind = None
    if filters.source:
        source_kind = "id" if is_row_id(filters.source) else "name"
        # An id no row can have matches nothing (None), as an unknown name does.
        params["source"] = (row_id(filters.source) if source_kind == "id"
                            else filters.source.lower())
    for name in ("event_kind", "language", "published_from", "published_to", "updated_since"):
        if getattr(filters, name):
            params[name] = getattr(filters, name)
    shape = _ListShape(len(filters.entity), bool(filters.event_kind), bool(filters.language),
                       source_kind, bool(filters.published_from), bool(filters.published_to),
                       bool(filters.updated_since), filters.sort, with_raw_text)
    page, count, count_and_archive = _list_statements(shape)
    walks = not filters.q and _walks(shape)
    # One entity named by id and nothing else: the count's row of the entity says whether it
    # is live, so it is not looked up on its own first (a statement of the commonest list).
    by_count = (walks and count is _ENTITY_TOTAL
                and row_id(filters.entity[0]) is not None)
    for n, ref in enumerate(filters.entity):
        params[f"entity_{n}"] = row_id(ref) if by_count else resolve_entity_ref(session, ref)
    if filters.q:  # its MATCH differs by dialect and by query: never cached
        from newsdb.services.search import fulltext_article_ids  # search builds on articles

        matching = _ARTICLES.c.id.in_(fulltext_article_ids(session, filters.q))
        page = page.where(matching)
        count = select(func.count()).select_from(_ARTICLES).where(
            *_conditions(shape), matching)
    elif walks:
        counted = session.execute(count_and_archive, params).first()
        if counted is None:  # an entity that is not live: the one it names, or why not
            params["entity_0"] = resolve_entity_ref(session, filters.entity[0])
            counted = session.execute(count_and_archive, params).one()
        total, archive = counted
        rows = _walked_page(session, shape, params, int(total), int(archive or 0))
        if rows is None:
            rows = list(session.execute(page, params))
        records = [article_record(row) for row in rows]
        return records, int(total)
    records = [article_record(row) for row in session.execute(page, params)]
    return records, int(session.scalar(count, params) or 0)


def get_article(session: Session, article_id: int) -> Article:
    """Return the article with ``article_id``."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} not found")
    return article


def article_exists(session: Session, article_id: int) -> None:
    """Raise :class:`NotFound` unless the article exists."""
    found = session.scalar(select(_ARTICLES.c.id).where(_ARTICLES.c.id == article_id))
    if found is None:
        raise NotFound(f"Article {article_id} not found")


def _paged(session: Session, query: Select[Any], order: Sequence[Any], offset: int,
           limit: int | None) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.execute(query.order_by(*order).offset(offset).limit(limit)).all()
    return list(rows), int(total or 0)


def article_entities(session: Session, article_id: int, *, offset: int = 0,
                     limit: int | None = None) -> tuple[list[MentionedEntity], int]:
    """Return the entities an article mentions with their mention counts, most mentioned
    first, and their total."""
    query = _ENTITIES_OF.params(article_id=article_id)
    rows, total = _paged(session, query, _ENTITIES_ORDER, offset, limit)
    return [MentionedEntity(*row) for row in rows], total


def article_events(session: Session, article_id: int, *, offset: int = 0,
                   limit: int | None = None) -> tuple[list[ReportedEvent], int]:
    """Return the events an article reports, in date order, and their total."""
    query = _EVENTS_OF.params(article_id=article_id)
    rows, total = _paged(session, query, _EVENTS_ORDER, offset, limit)
    return [ReportedEvent(*row) for row in rows], total


def article_flags(session: Session, article_id: int, *, offset: int, limit: int
                  ) -> tuple[list[QualityFlagRecord], int]:
    """Return one page of an article's quality flags and their total."""
    query = _FLAGS_OF.params(article_id=article_id)
    rows, total = _paged(session, query, (_FLAGS.c.id,), offset, limit)
    return [QualityFlagRecord(*row) for row in rows], total
