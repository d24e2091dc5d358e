"""Writing articles through the API: create one through the pipeline, import a batch (a
savepoint per item), correct metadata, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newsdb.errors import Conflict, InputError, NotFound
from newsdb.models import Article, EventEvidence, ImportRun, QualityFlag, utcnow
from newsdb.pipeline.read import ArticleInput, FailedInput, ReadResult
from newsdb.pipeline.store import get_or_create_source
from newsdb.services.imports import ItemResult, import_one, internal_failure

# One request imports at most this many articles: each is extracted while the write lock is
# held, and a client with more can send several batches.
MAX_IMPORT_ITEMS = 1000
EDITABLE_FIELDS = ("title", "author", "url", "language", "published_at")
# Flags that a correction of the field they complain about settles.
SETTLED_FLAGS = {"title": "missing_title", "published_at": "missing_date"}


class DuplicateArticle(Conflict):
    """The article is already stored: the existing one's id."""

    def __init__(self, existing_id: int) -> None:
        super().__init__(f"Duplicate of article {existing_id}")
        self.existing_id = existing_id


@dataclass
class ImportResult:
    """An import run and what became of each item."""

    run: ImportRun
    results: list[ItemResult]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.run, name)


def article_input(data: dict[str, Any], origin: str) -> ArticleInput:
    """Build a pipeline input from validated JSON fields (``body`` or its synonym ``text``)."""
    published: date | None = data.get("published_at")
    return ArticleInput(
        raw_text=data.get("body") or data.get("text") or "", origin=origin,
        title=data.get("title"), url=data.get("url"), language=data.get("language"),
        published_on=published, source=data.get("source"), author=data.get("author"),
    )


def _extractor(extract: bool) -> Any:
    if not extract:
        return None
    from newsdb.pipeline.extract import extract_article

    return extract_article


def create_article(session: Session, item: ArticleInput, *, extract: bool = True) -> Article:
    """Store one article and extract its entities and events, as ``newsdb import`` does;
    a duplicate raises :class:`DuplicateArticle`."""
    outcome = import_one(session, item, after_store=_extractor(extract))
    if outcome.status == "duplicate":
        raise DuplicateArticle(outcome.article_id)
    article = session.get(Article, outcome.article_id)
    assert article is not None
    return article


def _import_item(session: Session, item: ReadResult, extract: bool) -> ItemResult:
    if isinstance(item, FailedInput):
        return ItemResult(item.origin, "failed", reason=item.reason)
    try:
        with session.begin_nested():
            outcome = import_one(session, item, after_store=_extractor(extract))
    except InputError as error:
        return ItemResult(item.origin, "failed", reason=str(error))
    except SQLAlchemyError as error:
        return ItemResult(item.origin, "failed",
                          reason=f"database error: {error.__class__.__name__}")
    except Exception as error:  # noqa: BLE001 - one article's defect never stops an import
        return internal_failure(item, error)
    return ItemResult(item.origin, outcome.status, outcome.article_id, outcome.message or None)


def import_batch(session: Session, items: Sequence[ReadResult], *, description: str,
                 extract: bool = True) -> ImportResult:
    """Import items, each in a savepoint of its own, and record the run (origin ``api``)."""
    if len(items) > MAX_IMPORT_ITEMS:
        raise InputError(f"an import takes at most {MAX_IMPORT_ITEMS} articles")
    run = ImportRun(origin="api", input=description[:4000], errors=[], status="running")
    session.add(run)
    session.flush()
    results = [_import_item(session, item, extract) for item in items]
    run.created = sum(r.status == "created" for r in results)
    run.duplicates = sum(r.status == "duplicate" for r in results)
    run.failed = sum(r.status == "failed" for r in results)
    run.errors = [r.as_record() for r in results if r.status != "created"]
    run.finished_at = utcnow()
    run.status = "completed_with_errors" if run.failed else "completed"
    session.flush()
    return ImportResult(run, results)


def update_article(session: Session, article: Article, changes: dict[str, Any]) -> Article:
    """Correct an article's metadata; a correction settles the flag it answers."""
    url = changes.get("url")
    if url is not None:
        holder = session.scalar(select(Article.id).where(Article.url == url))
        if holder is not None and holder != article.id:
            raise DuplicateArticle(holder)
    for name in EDITABLE_FIELDS:
        if name in changes:
            setattr(article, name, changes[name])
    if "source" in changes:
        name = changes["source"]
        article.source_id = get_or_create_source(session, name).id if name else None
    session.flush()  # one UPDATE, one version bump, before the flags go
    for name, code in SETTLED_FLAGS.items():
        if changes.get(name) is not None:
            session.execute(delete(QualityFlag).where(QualityFlag.article_id == article.id,
                                                      QualityFlag.code == code))
    session.flush()
    session.refresh(article)
    return article


def delete_article(session: Session, article: Article) -> None:
    """Delete an article with its mentions, evidence and flags, and the events it alone
    reported."""
    from newsdb.pipeline.extract import delete_orphan_events

    event_ids = set(session.scalars(select(EventEvidence.event_id)
                                    .where(EventEvidence.article_id == article.id)))
    session.delete(article)
    session.flush()
    delete_orphan_events(session, event_ids)
    session.flush()


def list_runs(session: Session, *, origin: str | None = None, status: str | None = None,
              offset: int, limit: int) -> tuple[list[ImportRun], int]:
    """Return one page of import runs, newest first, and their total."""
    query = select(ImportRun)
    if origin:
        query = query.where(ImportRun.origin == origin)
    if status:
        query = query.where(ImportRun.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(ImportRun.id.desc()).offset(offset).limit(limit))
    return list(rows), int(total or 0)


def get_run(session: Session, run_id: int) -> ImportRun:
    """Return the import run with ``run_id``."""
    run = session.get(ImportRun, run_id)
    if run is None:
        raise NotFound(f"Import run {run_id} not found")
    return run
