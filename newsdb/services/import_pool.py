"""Prepare articles in worker processes ahead of the one writer.

The text stages and the pure extraction stages (DESIGN.md §5.2–5.8 up to linking) are functions
of an article's text, so they can run in other processes while the writer stores, links and
commits the articles before it — one at a time, in input order, each in a transaction of its
own, exactly as without workers. Only the names the database has learned flow the other way:
each worker is sent the names learned since its last task, and the writer checks, when it
stores an article, that no name learned meanwhile could change its drafts (else it extracts
that article again itself; see :func:`newsdb.pipeline.drafts.drafts_current`).

Workers are forked (they inherit the loaded knowledge base, the gazetteer and the language
model); where ``fork`` is not available the import runs without them. A worker that fails on an
article, or dies, costs nothing but speed: the writer prepares that article itself, and reports
its error as it always does.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import importlib
import multiprocessing
import operator
import os
import pickle
import pkgutil
import queue
import signal
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import newsdb.pipeline
from newsdb.pipeline.drafts import ExtractionDrafts, NamesVersion, draft_extraction
from newsdb.pipeline.mentions import KnownName, name_prefixes
from newsdb.pipeline.read import ArticleInput, ReadResult
from newsdb.pipeline.text_stages import PreparedText, prepare_text

# Articles a worker may hold ahead of the writer: enough to keep it busy while the writer
# commits a batch (the time of 5-8 articles; with 3 ahead, the worker idled a seventh of an
# import), few enough that memory stays flat and drafts seldom go stale (1% of them at 12).
AHEAD_PER_WORKER = 12
# Items the writer handles alone before starting workers: small imports never fork.
WARMUP_ITEMS = 16
# How long the writer waits for a worker between checks that it is still alive.
POLL_SECONDS = 1.0
MAX_AUTO_WORKERS = 4
# The size asked for a worker's results pipe (Linux's default is 64 KiB, its limit 1 MiB)
PIPE_BYTES = 1 << 20
STOP_SECONDS = 5.0


@dataclass(frozen=True)
class PreparedItem:
    """An article's clean text and, when extraction runs, the drafts of its extraction."""

    text: PreparedText
    drafts: ExtractionDrafts | None


def _rebuilder(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """Return a reducer rebuilding an instance of ``cls`` from its field values, in order (one
    attrgetter call takes them all)."""
    names = [field.name for field in dataclasses.fields(cls)]
    if len(names) < 2:  # attrgetter of one name returns the value, not a tuple
        return lambda value: (cls, tuple(getattr(value, name) for name in names))
    values = operator.attrgetter(*names)
    return lambda value: (cls, values(value))


def _pickle_frozen_dataclasses() -> None:
    """Let the pipeline's frozen dataclasses cross to and from the workers when compiled.

    A class mypyc compiled (``NEWSDB_COMPILE=1``) is unpickled by setting its attributes one
    by one, which a frozen dataclass refuses: every worker would fail and the import run
    without them. These classes are rebuilt through their constructor instead, the same values
    pure Python's pickling gives (``tests/test_import_pool.py`` runs on both builds).
    """
    for name in sorted(module.name for module in pkgutil.iter_modules(newsdb.pipeline.__path__)):
        module = importlib.import_module(f"newsdb.pipeline.{name}")
        for value in vars(module).values():
            if (isinstance(value, type) and value.__module__ == module.__name__
                    and dataclasses.is_dataclass(value)
                    and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
                    and all(f.init for f in dataclasses.fields(value))):
                copyreg.pickle(value, _rebuilder(value))


_pickle_frozen_dataclasses()


class LearnedNames(Protocol):
    """The writer's view of the names the database has learned (``AliasCache``)."""

    def known_names(self) -> Mapping[str, KnownName]: ...

    def known_prefixes(self) -> Container[str]: ...

    def names_version(self) -> NamesVersion: ...

    def learned_since(self, size: int) -> list[str]: ...


def prepare_item(item: ArticleInput, known: Mapping[str, KnownName] | None,
                 prefixes: Container[str] | None, names: NamesVersion) -> PreparedItem:
    """Run the text stages and, when ``known`` is given, the pure extraction stages."""
    text = prepare_text(item.raw_text, language=item.language, title=item.title,
                        published_on=item.published_on)
    drafts = None
    if known is not None and text.body.strip():
        drafts = draft_extraction(text.body, text.language, text.published_on, known,
                                  prefixes, names)
    return PreparedItem(text, drafts)


def default_workers() -> int:
    """Workers for an import: one per CPU this process may use besides the writer's (one on
    two CPUs), none on one CPU."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(0, min(cpus - 1, MAX_AUTO_WORKERS))


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _work(inbox: Any, results: Any, unused: Any, known: dict[str, KnownName] | None,
          parent: int) -> None:
    """A worker's loop: tasks are (item, names update, names version); None stops it, and so
    does the end of ``parent``, the writer (its pid is passed in: a writer killed before the
    worker ran would otherwise go unnoticed). Each result is sent as soon as it is ready, from
    this thread: a feeder thread has to take the interpreter's lock from the thread extracting
    the next article (side by side, the feeder cost 10-15% of an import's speed and more CPU
    on both sides: benchmarks/analysis.md)."""
    unused.close()  # the writer's end of our results (a dead writer's is then no reader)
    # Ctrl-C is the writer's to handle (it stops the workers); here it would print a traceback.
    # The worker was forked with it blocked (_ctrl_c_held): none slips in before this.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    prefixes = set(name_prefixes(known)) if known is not None else set()
    while True:
        try:
            task = inbox.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:  # the writer was killed: nobody wants the results
                return
            continue
        if task is None:
            return
        item, update, names = task
        if known is not None and update is not None:
            replace, entries = update
            if replace:
                known, prefixes = {}, set()
            known.update(entries)
            prefixes.update(name_prefixes(name for name, _ in entries))
        try:
            result = prepare_item(item, known, prefixes, names)
        except Exception:  # the writer prepares the item again and reports the error itself
            result = None
        if not _send(results, result):
            return


def _send(results: Any, result: PreparedItem | None) -> bool:
    """Send a result, or None in its place when it does not pickle (the writer prepares that
    item itself); return False when the writer is gone."""
    try:
        results.send(result)
    except OSError:
        return False
    except Exception:  # pickling failed: nothing was written
        return result is not None and _send(results, None)
    return True


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Block Ctrl-C in this thread while a worker forks (the worker inherits the block); a
    Ctrl-C meanwhile reaches the writer when it is let through again."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _widen(channel: Any) -> None:
    """Let a pipe hold about a worker's results ahead (~13 KB an article) so the worker does
    not stop on a full pipe while the writer commits. Linux only; elsewhere, and beyond the
    system's limit, the pipe keeps its size and the worker waits a little more."""
    with contextlib.suppress(AttributeError, OSError):
        import fcntl

        fcntl.fcntl(channel.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


class _Worker:
    def __init__(self, context: Any, names: LearnedNames | None) -> None:
        # Tasks go through a queue with a feeder thread, so the writer never blocks sending;
        # results come back through a pipe the worker writes itself (see _work). Only the
        # worker can wait on the other side, and the writer always reads on.
        self.inbox = context.Queue()
        # Never wait for the feeder at exit: with its worker gone it may be stuck on a full pipe
        self.inbox.cancel_join_thread()
        self.results, results = context.Pipe(duplex=False)
        _widen(results)
        self.names = names
        self.sent = names.names_version() if names is not None else NamesVersion(0, 0)
        known = dict(names.known_names()) if names is not None else None
        self.process = context.Process(
            target=_work, args=(self.inbox, results, self.results, known, os.getpid()),
            daemon=True, name="newsdb-prepare")
        with _ctrl_c_held():
            self.process.start()
        results.close()  # the worker's end: with it closed here, a dead worker ends our reads

    def send(self, item: ArticleInput) -> None:
        update: tuple[bool, list[tuple[str, KnownName]]] | None = None
        names = NamesVersion(0, 0)
        if self.names is not None:
            names = self.names.names_version()
            known = self.names.known_names()
            if names.epoch != self.sent.epoch:
                update = (True, list(known.items()))
            else:
                update = (False, [(name, known[name])
                                  for name in self.names.learned_since(self.sent.size)
                                  if name in known])
            self.sent = names
        self.inbox.put((item, update, names))

    def ready(self) -> bool:
        """Whether the next result (or the end of the worker) can be read without waiting."""
        try:
            return bool(self.results.poll(0))
        except OSError:
            return True

    def receive(self) -> PreparedItem | None:
        """The next result, or None when the worker failed on it or died."""
        try:
            while not self.results.poll(POLL_SECONDS):
                if not self.process.is_alive():
                    return None
            message = self.results.recv_bytes()
        except (EOFError, OSError):  # the worker died, perhaps halfway through a result
            return None
        try:
            result: PreparedItem | None = pickle.loads(message)
        except Exception:  # noqa: BLE001 - the writer prepares the item itself
            return None
        return result

    def stop(self) -> None:
        """Stop the worker: ask it to, take what it still sends so it can exit, else end it."""
        if self.process.is_alive():
            self.inbox.put(None)
        deadline = time.monotonic() + STOP_SECONDS
        while self.process.is_alive() and time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.results.poll(0.05):
                    self.results.recv_bytes()  # not unpickled: nobody wants it
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(STOP_SECONDS)
        if self.process.exitcode != 0:
            # Gone before it read all its tasks: read them back, or the queue's feeder thread
            # stays blocked on the full pipe (its thread and two descriptors, for good)
            with contextlib.suppress(Exception):
                while True:
                    self.inbox.get(timeout=0.05)
        self.inbox.close()
        self.results.close()
        with contextlib.suppress(ValueError):  # ValueError: still running, past every wait
            self.process.close()  # its descriptors now, not when the object is collected


class PreparePool:
    """Prepare import items in worker processes, yielding them to the writer in input order."""

    def __init__(self, workers: int, names: LearnedNames | None, *,
                 warmup: int = WARMUP_ITEMS, ahead: int = AHEAD_PER_WORKER) -> None:
        self.size = workers if fork_available() else 0
        self.names = names
        self.warmup = warmup
        self.ahead = ahead
        self.workers: list[_Worker] = []
        self.broken = False
        self.prepared_here = 0  # items the writer prepared ahead while its worker was busy

    def prepared(self, items: Iterable[ReadResult]
                 ) -> Iterator[tuple[ReadResult, PreparedItem | None]]:
        """Yield every item with what was prepared of it ahead (None: the writer does it now).

        Items are sent on only when the writer asks for the next one, so each worker knows
        every name learned from the articles stored before it was sent its item. Where the
        writer would wait for a worker, it prepares the next item from the input itself (up to
        ``ahead`` of them wait their turn): with a worker slower than the writer, both
        processes stay busy instead of one.
        """
        # (item, its worker, what the writer prepared of it, whether the writer did)
        pending: deque[tuple[ReadResult, _Worker | None, PreparedItem | None, bool]] = deque()
        source = iter(items)
        turn = 0
        handed = 0
        here = 0  # items in pending the writer prepared
        try:
            while True:
                while len(pending) - here < max(1, len(self.workers) * self.ahead):
                    item = next(source, None)
                    if item is None:
                        break
                    worker = None
                    if isinstance(item, ArticleInput) and self._started(handed):
                        worker = self.workers[turn % len(self.workers)]
                        turn += 1
                        worker.send(item)
                    pending.append((item, worker, None, False))
                    handed += 1
                if not pending:
                    return
                item, worker, result, by_writer = pending.popleft()
                here -= by_writer
                if worker is None:
                    yield item, result
                    continue
                while here < self.ahead and not self.broken and not worker.ready():
                    ahead_item = next(source, None)
                    if ahead_item is None:
                        break
                    pending.append((ahead_item, None, self._prepare_here(ahead_item), True))
                    handed += 1
                    here += 1
                result = worker.receive() if not self.broken else None
                if result is None and not worker.process.is_alive():
                    self.broken = True  # a worker died: the writer does the rest alone
                yield item, result
        finally:
            self.close()

    def _prepare_here(self, item: ReadResult) -> PreparedItem | None:
        """Prepare an item in the writer, with the names learned so far (None: not an article,
        or preparing it failed; the writer then does it again in its turn and reports why)."""
        if not isinstance(item, ArticleInput):
            return None
        self.prepared_here += 1
        names = self.names
        try:
            if names is None:
                return prepare_item(item, None, None, NamesVersion(0, 0))
            return prepare_item(item, names.known_names(), names.known_prefixes(),
                                names.names_version())
        except Exception:  # noqa: BLE001 - reported when the item is stored
            return None

    def _started(self, handed: int) -> bool:
        if self.broken or self.size <= 0 or handed < self.warmup:
            return False
        if not self.workers:
            context = multiprocessing.get_context("fork")
            for _ in range(self.size):  # one at a time: close() stops those started
                self.workers.append(_Worker(context, self.names))
        return True

    def close(self) -> None:
        workers, self.workers = self.workers, []
        stopped = 0
        try:
            for worker in workers:
                worker.stop()
                stopped += 1
        finally:
            for worker in workers[stopped:]:  # left by a failure (a second Ctrl-C)
                with contextlib.suppress(Exception):
                    worker.process.terminate()
