"""Store stage: turn a prepared article into rows, with duplicates as DESIGN.md §4 defines them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.orm import Session

from newsdb.db import transaction_memo
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


@dataclass(frozen=True)
class StoreOutcome:
    """What became of one article input."""

    status: str  # "created" or "duplicate"
    article_id: int
    message: str = ""
    # The created row: holding it keeps it in the session's identity map (which holds
    # persistent objects weakly), where the post-store stages get it without a query.
    article: Article | None = field(default=None, compare=False, repr=False)


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
        found = session.execute(select(_SOURCES.c.id)
                                .where(_SOURCES.c.name == name.strip())).first()
        known[key] = (found[0] if found is not None
                      else get_or_create_source(session, name, kind).id)
    return known[key]


def find_duplicate(session: Session, url: str | None, digest: str,
                   source_id: int | None) -> tuple[int | None, int | None]:
    """Return (id of the stored duplicate, id of the first copy from another source) for an
    incoming article."""
    articles = _ARTICLES.c
    same = articles.content_hash == digest
    if url:
        same = or_(articles.url == url, same)
    rows = session.execute(select(articles.id, articles.url, articles.source_id,
                                  articles.content_hash).where(same).order_by(articles.id)).all()
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
    article = _build_article(item, prepared, digest, source_id, first_copy)
    article.extractor_version = extractor_version
    session.add(article)
    session.flush()
    agencies = [{"article_id": article.id, "source_id": source_id_for(session, name, "agency")}
                for name in dict.fromkeys(prepared.agencies)]
    if agencies:
        session.execute(insert(_AGENCIES), agencies)
    flags = [{"article_id": article.id, "code": flag.code, "message": flag.message,
              "field": flag.field, "char_start": flag.char_start, "char_end": flag.char_end}
             for flag in (*item.flags, *prepared.flags)]
    if flags:
        session.execute(insert(_FLAGS), flags)
    return StoreOutcome("created", article.id, article=article)


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


def _build_article(item: ArticleInput, prepared: PreparedText, digest: str,
                   source_id: int | None, first_copy: int | None) -> Article:
    title = prepared.title
    if title is not None and len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    return Article(
        source_id=source_id,
        url=item.url,
        title=title,
        author=item.author or prepared.author,
        body=prepared.body,
        raw_text=item.raw_text,
        language=prepared.language,
        published_at=prepared.published_on,
        content_hash=digest,
        duplicate_of_id=first_copy,
        word_count=len(prepared.body.split()),
    )
