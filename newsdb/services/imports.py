"""Import use case: read items, store each article atomically, record the run."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from newsdb.db import session_scope, writer
from newsdb.errors import InputError
from newsdb.models import ImportRun, utcnow
from newsdb.pipeline.read import ArticleInput, FailedInput, ReadResult
from newsdb.pipeline.store import StoreOutcome, checked_text, store_article
from newsdb.pipeline.text_stages import PreparedText
from newsdb.services.import_pool import (
    WARMUP_ITEMS,
    LearnedNames,
    PreparedItem,
    PreparePool,
    fork_available,
)

log = logging.getLogger(__name__)
# A post-store stage: (session, article id), and the drafts a worker made when there are some
ArticleHook = Callable[..., object]
# An import commits its articles in batches: this many, or what it stored in this many
# seconds, whichever comes first (one commit per article cost a tenth of the writer's time).
BATCH_ITEMS = 50
BATCH_SECONDS = 0.5


@dataclass(frozen=True)
class ItemResult:
    """What became of one input item."""

    origin: str
    status: str  # created, duplicate or failed
    article_id: int | None = None
    reason: str | None = None
    # prepared by an import worker; drafts_stale: its extraction drafts had to be made again
    prepared_ahead: bool = False
    drafts_stale: bool = False

    def as_record(self) -> dict[str, Any]:
        """Return the item as a JSON-ready record (for import_runs.errors and API answers)."""
        record: dict[str, Any] = {"item": self.origin, "status": self.status}
        if self.status == "created":
            record["id"] = self.article_id
        elif self.status == "duplicate":
            record["existing_id"] = self.article_id
            record["reason"] = self.reason
        else:
            record["reason"] = self.reason
        return record


@dataclass
class ImportSummary:
    """The outcome of one import run."""

    run_id: int
    results: list[ItemResult] = field(default_factory=list)
    stopped: bool = False  # an interruption or an error ended the run before its last item
    prepared_by_writer: int = 0  # prepared ahead by the writer itself while its workers were busy

    @property
    def prepared_ahead(self) -> int:
        """Items prepared ahead of their turn: by an import worker, or by the writer itself
        where it would have waited for one (``prepared_by_writer``)."""
        return sum(1 for result in self.results if result.prepared_ahead)

    @property
    def drafted_again(self) -> int:
        """Items whose extraction drafts a name learned meanwhile made the writer redo."""
        return sum(1 for result in self.results if result.drafts_stale)

    def count(self, status: str) -> int:
        """Count the items that ended with ``status``."""
        return sum(1 for result in self.results if result.status == status)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def failed(self) -> int:
        return self.count("failed")


def import_one(session: Session, item: ArticleInput, *, after_store: ArticleHook | None = None
               ) -> StoreOutcome:
    """Store one article and run the post-store stages on it, within the caller's transaction."""
    return _import_prepared(session, item, after_store, None)[0]


def _import_prepared(session: Session, item: ArticleInput, after_store: ArticleHook | None,
                     prepared: PreparedItem | None, text: PreparedText | None = None
                     ) -> tuple[StoreOutcome, bool]:
    """:func:`import_one` with what an import worker made of the item (``text``: its text
    stages' result, when they ran here already); also says whether the worker's extraction
    drafts were used."""
    if text is None and prepared is not None:
        text = prepared.text
    outcome = store_article(session, item, text, extractor_version=_stamp(after_store))
    used = False
    if outcome.status == "created" and after_store is not None:
        if prepared is not None and prepared.drafts is not None:
            used = bool(after_store(session, outcome.article_id, prepared.drafts))
        else:
            after_store(session, outcome.article_id)
    return outcome, used


def _stamp(after_store: ArticleHook | None) -> str | None:
    """The extractor version a new article is stored with: extraction's, when extraction is
    the post-store stage (it then finds the row already stamped and leaves it alone)."""
    from newsdb.pipeline.extract import EXTRACTOR_VERSION, extract_article

    return EXTRACTOR_VERSION if after_store is extract_article else None


def start_run(engine: Engine, origin: str, description: str) -> int:
    """Record the start of an import run and return its id."""
    with session_scope(engine, write=True) as session:
        run = ImportRun(origin=origin, input=description[:4000], errors=[], status="running")
        session.add(run)
        session.flush()
        return run.id


def finish_run(engine: Engine, summary: ImportSummary) -> None:
    """Record the counts and the failed or duplicate items of a finished run."""
    with session_scope(engine, write=True) as session:
        run = session.get(ImportRun, summary.run_id)
        if run is None:
            return
        run.created, run.duplicates, run.failed = (summary.created, summary.duplicates,
                                                   summary.failed)
        run.errors = [r.as_record() for r in summary.results if r.status != "created"]
        run.finished_at = utcnow()
        run.status = ("failed" if summary.stopped
                      else "completed_with_errors" if summary.failed else "completed")


def import_item(engine: Engine, item: ReadResult, *, after_store: ArticleHook | None = None,
                prepared: PreparedItem | None = None) -> ItemResult:
    """Import one read item in a transaction of its own; a failure never escapes."""
    if isinstance(item, FailedInput):
        return ItemResult(item.origin, "failed", reason=item.reason)
    try:
        with session_scope(engine, write=True) as session:
            outcome, used = _import_prepared(session, item, after_store, prepared)
    except InputError as error:
        return ItemResult(item.origin, "failed", reason=str(error))
    except SQLAlchemyError as error:
        reason = f"database error: {error.__class__.__name__}"
        return ItemResult(item.origin, "failed", reason=reason)
    except Exception as error:  # noqa: BLE001 - one article's defect never stops an import
        return internal_failure(item, error)
    return _stored(item, outcome, used, prepared)


def internal_failure(item: ArticleInput, error: Exception) -> ItemResult:
    """The result of an item that failed on an error newsdb did not foresee (a defect): that
    item fails with the error's one line, the import goes on. The traceback goes to the log (a
    server's; the command line configures none and stays one line an item)."""
    log.error("importing %s failed", item.origin, exc_info=error)
    return ItemResult(item.origin, "failed",
                      reason=f"internal error: {error.__class__.__name__}: {error}")


def _stored(item: ArticleInput, outcome: StoreOutcome, used: bool,
            prepared: PreparedItem | None) -> ItemResult:
    stale = (outcome.status == "created" and prepared is not None
             and prepared.drafts is not None and not used)
    return ItemResult(item.origin, outcome.status, outcome.article_id, outcome.message or None,
                      prepared_ahead=prepared is not None, drafts_stale=stale)


class _Batch:
    """The articles an import stored in its open transaction, with what became of them.

    Each article stays atomic without a savepoint of its own (a savepoint makes SQLite's
    full-text index flush, which costs what the batch saves): an item that fails once it has
    written rolls the whole transaction back, and its items are stored again one transaction
    each, as :func:`import_item` does. Input errors found before any write (a bad URL, no text
    left) fail their item alone. Results are handed out once they are committed.
    """

    def __init__(self, engine: Engine, after_store: ArticleHook | None) -> None:
        self.engine = engine
        self.after_store = after_store
        self.session: Session | None = None
        self.started = 0.0
        self.entries: list[tuple[ReadResult, PreparedItem | None, ItemResult]] = []

    def add(self, item: ReadResult, prepared: PreparedItem | None) -> list[ItemResult]:
        """Store one item; return the results committed meanwhile (in input order)."""
        if isinstance(item, FailedInput):
            self.entries.append((item, prepared, ItemResult(item.origin, "failed",
                                                            reason=item.reason)))
            return self._commit_if_due()
        try:  # what fails before the database is touched costs the batch nothing
            text = checked_text(item, prepared.text if prepared is not None else None)
        except InputError as error:
            self.entries.append((item, prepared, ItemResult(item.origin, "failed",
                                                            reason=str(error))))
            return self._commit_if_due()
        if self.session is None:
            # create_savepoint: see session_scope (a connection in a transaction: the tests)
            self.session = Session(bind=writer(self.engine), expire_on_commit=False,
                                   join_transaction_mode="create_savepoint")
            self.started = time.monotonic()
        try:
            outcome, used = _import_prepared(self.session, item, self.after_store, prepared,
                                             text)
        except Exception:  # noqa: BLE001 - stored again one by one, each failure its own
            return self._one_by_one([*self.entries, (item, prepared, None)])
        self.entries.append((item, prepared, _stored(item, outcome, used, prepared)))
        return self._commit_if_due()

    def _commit_if_due(self) -> list[ItemResult]:
        if (len(self.entries) >= BATCH_ITEMS
                or time.monotonic() - self.started >= BATCH_SECONDS):
            return self.commit()
        return []

    def commit(self) -> list[ItemResult]:
        """Commit what is stored; return the results of the items since the last commit."""
        entries, self.entries = self.entries, []
        if self.session is not None:
            try:
                self.session.commit()
            except SQLAlchemyError:
                return self._one_by_one(entries)
            self.session.close()
            self.session = None
        return [result for _, _, result in entries]

    def _one_by_one(self, entries: Sequence[tuple[ReadResult, PreparedItem | None,
                                                   ItemResult | None]]) -> list[ItemResult]:
        """Roll the transaction back and store its items again, one transaction each (those
        that failed before writing anything keep their result)."""
        self.abandon()
        return [result if result is not None and result.status == "failed"
                else import_item(self.engine, item, after_store=self.after_store,
                                 prepared=prepared)
                for item, prepared, result in entries]

    def abandon(self) -> None:
        """Roll back what is not committed. The shared names cache may have read names that
        the rollback took back: it starts over."""
        from newsdb.services.linking import alias_cache_for

        self.entries = []
        session, self.session = self.session, None
        if session is not None:
            try:
                session.rollback()
            finally:
                alias_cache_for(session).reset()
                session.close()


def run_import(engine: Engine, items: Iterable[ReadResult], *, origin: str, description: str,
               after_store: ArticleHook | None = None,
               on_item: Callable[[ItemResult], None] | None = None,
               workers: int = 0, warmup: int = WARMUP_ITEMS) -> ImportSummary:
    """Import every item, each atomically; one bad item is reported and never stops the run.

    ``workers`` processes prepare the items ahead of this one, which stores them one by one in
    input order (``services/import_pool.py``; from the ``warmup``-th item on: small imports
    never start them). The result is the same with or without them.

    Articles are committed in batches (:class:`_Batch`); ``on_item`` hears of an item once it
    is committed. An import that is interrupted keeps what it committed: rerun, it skips those
    as duplicates.
    """
    summary = ImportSummary(run_id=start_run(engine, origin, description))
    names = _learned_names(engine, after_store) if workers > 0 and fork_available() else None
    pool = PreparePool(workers, names, warmup=warmup)
    batch = _Batch(engine, after_store)

    def report(results: list[ItemResult]) -> None:
        for result in results:
            summary.results.append(result)
            if on_item is not None:
                on_item(result)

    try:
        for item, prepared in pool.prepared(items):
            report(batch.add(item, prepared))
        report(batch.commit())
    except BaseException:
        summary.stopped = True
        raise
    finally:
        batch.abandon()
        pool.close()
        summary.prepared_by_writer = pool.prepared_here
        finish_run(engine, summary)
    return summary


def _learned_names(engine: Engine, after_store: ArticleHook | None) -> LearnedNames | None:
    """The writer's learned names when the post-store stage is extraction (workers then draft
    it too), else None (workers run the text stages only)."""
    from newsdb.pipeline.extract import extract_article
    from newsdb.services.linking import alias_cache_for

    if after_store is not extract_article:
        return None
    with Session(engine) as session:
        cache = alias_cache_for(session)
        cache.refresh(session)
    return cache
