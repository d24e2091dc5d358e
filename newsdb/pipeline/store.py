"""Store stage: turn a prepared article into rows, with duplicates as DESIGN.md §4 defines them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, bindparam, or_, select
from sqlalchemy.orm import Session

from newsdb.db import transaction_memo
from newsdb.driver_sql import DriverStatement
from newsdb.errors import InputError
from newsdb.models import Article, ArticleAgency, QualityFlag, Source
from newsdb.pipeline.checks import MAX_URL_LENGTH, is_http_url, is_language_code
from newsdb.pipeline.read import ArticleInput
from newsdb.pipeline.text_stages import PreparedText, prepare_text

MAX_TITLE_LENGTH = 1000
# Core tables: the duplicate test reads three columns, agencies and flags go in one
# executemany each, without the ORM's per-row work
_ARTICLES = cast(Table, Article.__table__)
_AGENCIES = cast(Table, ArticleAgency.__table__)
_FLAGS = cast(Table, QualityFlag.__table__)
_SOURCES = cast(Table, Source.__table__)
# Sent once or more an article, on the driver's cursor (newsdb/driver_sql.py)
_SOURCE_ID = DriverStatement(select(_SOURCES.c.id).where(_SOURCES.c.name == bindparam("name")))
_SAME_HASH = _ARTICLES.c.content_hash == bindparam("digest")
_COPIES = {with_url: DriverStatement(  # the duplicate test's candidates, with a URL or without
    select(_ARTICLES.c.id, _ARTICLES.c.url, _ARTICLES.c.source_id, _ARTICLES.c.content_hash)
    .where(or_(_ARTICLES.c.url == bindparam("url"), _SAME_HASH) if with_url else _SAME_HASH)
    .order_by(_ARTICLES.c.id)) for with_url in (False, True)}
_INSERT_ARTICLE = DriverStatement.insert(
    _ARTICLES, ("source_id", "url", "title", "author", "body", "raw_text", "language",
                "published_at", "content_hash", "duplicate_of_id", "word_count",
                "extractor_version"), returning_id=True)
_INSERT_AGENCIES = DriverStatement.insert(_AGENCIES, ("article_id", "source_id"))
_INSERT_FLAGS = DriverStatement.insert(
    _FLAGS, ("article_id", "code", "message", "field", "char_start", "char_end"))


@dataclass(frozen=True)
class StoreOutcome:
    """What became of one article input."""

    status: str  # "created" or "duplicate"
    article_id: int
    message: str = ""


class _Stored(NamedTuple):
    """A stored article the duplicate test compares with."""

    id: int
    url: str | None
    source_id: int | None
    content_hash: str


def get_or_create_source(session: Session, name: str, kind: str = "publisher") -> Source:
    """Return the source called ``name`` (case-insensitively), creating it when new."""
    name = name.strip()
    existing = session.scalars(select(Source).where(Source.name == name)).first()
    if existing is None:
        lowered = name.lower()
        for source in session.scalars(select(Source)):
            if source.name.lower() == lowered:
                return source
        existing = Source(name=name, kind=kind)
        session.add(existing)
        session.flush()
    return existing


def source_id_for(session: Session, name: str, kind: str = "publisher") -> int:
    """Return the id of the source called ``name`` (as :func:`get_or_create_source` finds or
    creates it), reading only the id when the name is stored as given.

    Remembered until the session's transaction ends or rolls back (an import's batch of
    articles names the same few publishers and agencies again and again): nothing renames a
    source in the middle of one.
    """
    known: dict[tuple[str, str], int] = transaction_memo(session, "source_ids")
    key = (name, kind)
    if key not in known:
        found = _SOURCE_ID.rows(session, {"name": name.strip()})
        known[key] = (found[0][0] if found
                      else get_or_create_source(session, name, kind).id)
    return known[key]


def find_duplicate(session: Session, url: str | None, digest: str,
                   source_id: int | None) -> tuple[int | None, int | None]:
    """Return (id of the stored duplicate, id of the first copy from another source) for an
    incoming article."""
    rows = [_Stored(*row) for row in _COPIES[bool(url)].rows(session, {"url": url,
                                                                        "digest": digest})]
    for row in rows:
        if url and row.url == url:
            return row.id, None
    copies = [row for row in rows if row.content_hash == digest]
    for copy in copies:
        if copy.source_id == source_id:
            return copy.id, None
    return None, (copies[0].id if copies else None)


def store_article(session: Session, item: ArticleInput, prepared: PreparedText | None = None,
                  *, extractor_version: str | None = None) -> StoreOutcome:
    """Prepare and store one article (flush only: the caller owns the transaction).

    ``prepared``: the text stages' result for ``item`` when they already ran (in an import
    worker); else they run here. ``extractor_version``: that of the extraction the caller runs
    next, in the same transaction, stored with the row (an UPDATE afterwards would rewrite the
    whole row, body and raw text included).
    """
    prepared = checked_text(item, prepared)
    source_name = item.source or prepared.publisher
    source_id = source_id_for(session, source_name) if source_name else None
    digest = prepared.content_hash  # made with the text stages (in an import worker)
    duplicate, first_copy = find_duplicate(session, item.url, digest, source_id)
    if duplicate is not None:
        return StoreOutcome("duplicate", duplicate, f"duplicate of article {duplicate}")
    # A Core INSERT, not an ORM object: the post-store stages read the few columns they need
    article_id = _INSERT_ARTICLE.insert_one(session, {
        **_article_row(item, prepared, digest, source_id, first_copy),
        "extractor_version": extractor_version})
    agencies = [{"article_id": article_id, "source_id": source_id_for(session, name, "agency")}
                for name in dict.fromkeys(prepared.agencies)]
    _INSERT_AGENCIES.execute_many(session, agencies)
    flags = [{"article_id": article_id, "code": flag.code, "message": flag.message,
              "field": flag.field, "char_start": flag.char_start, "char_end": flag.char_end}
             for flag in (*item.flags, *prepared.flags)]
    _INSERT_FLAGS.execute_many(session, flags)
    return StoreOutcome("created", article_id)


def checked_text(item: ArticleInput, prepared: PreparedText | None = None) -> PreparedText:
    """Validate an input and run its text stages (unless ``prepared``): all of storing that
    needs no database, so an InputError raised here leaves nothing to undo."""
    _validate(item)
    if prepared is None:
        prepared = prepare_text(item.raw_text, language=item.language, title=item.title,
                                published_on=item.published_on)
    if not prepared.body.strip():
        raise InputError("no article text left after removing boilerplate")
    return prepared


def _validate(item: ArticleInput) -> None:
    if item.url is not None and len(item.url) > MAX_URL_LENGTH:
        raise InputError(f"url is longer than {MAX_URL_LENGTH} characters")
    if item.url is not None and not is_http_url(item.url):
        raise InputError(f"url {item.url!r} is not an http(s) URL")
    if item.language is not None and not is_language_code(item.language):
        raise InputError(f"language {item.language!r} is not an ISO 639-1 code such as 'en'")


def _article_row(item: ArticleInput, prepared: PreparedText, digest: str,
                 source_id: int | None, first_copy: int | None) -> dict[str, Any]:
    title = prepared.title
    if title is not None and len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    return {
        "source_id": source_id,
        "url": item.url,
        "title": title,
        "author": item.author or prepared.author,
        "body": prepared.body,
        "raw_text": item.raw_text,
        "language": prepared.language,
        "published_at": prepared.published_on,
        "content_hash": digest,
        "duplicate_of_id": first_copy,
        "word_count": len(prepared.body.split()),
    }
