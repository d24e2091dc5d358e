"""The `newsdb` command line."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from newsdb import pipeline_compiled
from newsdb.config import ConfigError, load_settings
from newsdb.db import IMPORT_CACHE_KIB, MAX_ROW_ID, check_database_url, make_engine
from newsdb.errors import NewsdbError

EXIT_FAILED = 1


class CliContext:
    """What every command needs: the database URL and, lazily, an engine."""

    def __init__(self, database_url: str, import_workers: int | None = None) -> None:
        self.database_url = database_url
        self.import_workers = import_workers
        self.engine_options: dict[str, Any] = {}  # make_engine's (its defaults: serving's)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.database_url, **self.engine_options)
        return self._engine

    def ready_engine(self) -> Engine:
        """Return the engine after bringing the schema up to date."""
        from newsdb.schema import is_up_to_date, upgrade

        if not is_up_to_date(self.database_url):
            upgrade(self.database_url)
        return self.engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


pass_cli = click.make_pass_decorator(CliContext)


def pipeline_build() -> str:
    """What ``newsdb --version`` says of the extraction pipeline's build."""
    return ("extraction compiled with mypyc" if pipeline_compiled()
            else "extraction in pure Python")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--database-url", envvar="NEWSDB_DATABASE_URL", default=None,
              help="Database URL (default: sqlite:///newsdb.sqlite3, or NEWSDB_DATABASE_URL).")
@click.version_option(package_name="newsdb",
                      message=f"%(prog)s, version %(version)s ({pipeline_build()})")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None) -> None:
    """newsdb: a news knowledge base of articles, entities and events."""
    try:
        settings = load_settings()
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    url = database_url or settings.database_url
    try:
        check_database_url(url)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    state = CliContext(url, settings.import_workers)
    ctx.obj = state
    ctx.call_on_close(state.close)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn domain and database errors into one clear line and exit code 1."""
    try:
        yield
    except (NewsdbError, ConfigError) as error:
        raise click.ClickException(str(error)) from None
    except DBAPIError as error:  # the driver's own words: "file is not a database"
        reason = str(error.orig) if error.orig is not None else error.__class__.__name__
        raise click.ClickException(f"database error: {_first_line(reason)}") from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {error.__class__.__name__}") from None
    except OSError as error:  # a file that cannot be written or read
        where = f": {error.filename}" if error.filename else ""
        raise click.ClickException(f"{error.strerror or error}{where}") from None


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else message


# --- db ------------------------------------------------------------------------------------------
@cli.group()
def db() -> None:
    """Migrate the database schema."""


@db.command("upgrade")
@click.argument("revision", default="head")
@pass_cli
def db_upgrade(state: CliContext, revision: str) -> None:
    """Migrate up to REVISION (default: head)."""
    from newsdb.schema import upgrade

    with reported_errors(), _revision_errors(revision):
        upgrade(state.database_url, revision)
    click.echo(f"Database at {_current(state)}")


@db.command("downgrade")
@click.argument("revision")
@pass_cli
def db_downgrade(state: CliContext, revision: str) -> None:
    """Migrate down to REVISION (`base` removes every table)."""
    from newsdb.schema import downgrade

    with reported_errors(), _revision_errors(revision):
        downgrade(state.database_url, revision)
    click.echo(f"Database at {_current(state)}")


@contextmanager
def _revision_errors(revision: str) -> Iterator[None]:
    """Alembic's refusals of a revision as one line."""
    from alembic.util.exc import CommandError

    try:
        yield
    except CommandError as error:
        raise click.ClickException(str(error)) from None
    except AssertionError as error:  # Alembic's own check of a relative step past either end
        where = traceback.extract_tb(error.__traceback__)[-1].filename
        if Path(where).parent.name != "script" or "alembic" not in Path(where).parts:
            raise  # an assertion of ours or of a migration: not the revision's fault
        raise click.ClickException(f"no revision {revision!r} to migrate to") from None


@db.command("current")
@pass_cli
def db_current(state: CliContext) -> None:
    """Show the schema revision of the database."""
    with reported_errors():
        click.echo(_current(state))


def _current(state: CliContext) -> str:
    from newsdb.schema import current_revision, head_revision

    revision = current_revision(state.engine)
    if revision is None:
        return "base (empty)"
    return f"{revision} (head)" if revision == head_revision() else revision


# --- import --------------------------------------------------------------------------------------
def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "html", "json", "ndjson"]),
              default="auto", show_default=True, help="Input format.")
@click.option("--language", help="Language of the articles (else detected): an ISO 639-1 "
                                   "code, or a tag, ISO 639-2 code or English name naming one.")
@click.option("--source", help="Publisher name.")
@click.option("--url", help="URL of the article (a single input file only).")
@click.option("--published", callback=_parse_date,
              help="Publication date YYYY-MM-DD (a single input file only).")
@click.option("--no-extract", is_flag=True, help="Store articles without extracting entities.")
@click.option("--workers", type=click.IntRange(min=0),
              help="Processes that prepare articles ahead of the one that stores them "
                   "(default: NEWSDB_IMPORT_WORKERS, else one per CPU but one; 0: none). "
                   "The stored "
                   "result is the same with any number.")
@pass_cli
def import_command(state: CliContext, paths: tuple[Path, ...], fmt: str, language: str | None,
                   source: str | None, url: str | None, published: date | None,
                   no_extract: bool, workers: int | None) -> None:
    """Import articles from text, HTML, JSON or NDJSON files, or folders of them.

    An export dump (`newsdb export`) is restored into an empty database instead.
    """
    from newsdb.pipeline.checks import language_code
    from newsdb.services.export import is_export_dump, restore_dump

    if len(paths) == 1 and paths[0].is_file() and is_export_dump(paths[0]):
        with reported_errors():
            summary = restore_dump(state.ready_engine(), paths[0])
        click.echo(f"Restored {summary.total} record(s): {summary.describe()}.")
        return
    if (url or published) and (len(paths) > 1 or paths[0].is_dir()):
        raise click.UsageError("--url and --published apply to a single input file")
    code = language_code(language) if language is not None else None
    if language is not None and code is None:
        raise click.UsageError(f"--language {language!r} is not an ISO 639-1 code such as 'en'")
    overrides = {"language": code, "source": source, "url": url,
                 "published_on": published}
    if workers is not None:
        state.import_workers = workers
    failed = _run_import(state, list(paths), fmt, overrides, extract=not no_extract,
                         description="import " + " ".join(str(p) for p in paths))
    if failed:
        sys.exit(EXIT_FAILED)


@cli.command()
@pass_cli
def seed(state: CliContext) -> None:
    """Import the seed articles (idempotent)."""
    from newsdb.paths import seeds_dir

    failed = _run_import(state, [seeds_dir()], "auto", {}, extract=True,
                         description="seed")
    if failed:
        sys.exit(EXIT_FAILED)


def _run_import(state: CliContext, paths: list[Path], fmt: str, overrides: dict[str, Any],
                *, extract: bool, description: str) -> int:
    """Import ``paths``, print one line per problem and a summary; return the failure count."""
    from newsdb.pipeline.read import iter_paths, read_paths
    from newsdb.services.import_pool import default_workers
    from newsdb.services.imports import ItemResult, run_import

    # An import maps nothing (its memory stays flat as the archive grows), has a page cache of
    # its own and keeps its statement journals in memory (see make_engine)
    state.engine_options = {"mmap_bytes": 0, "cache_kib": IMPORT_CACHE_KIB,
                            "temp_in_memory": True}
    with reported_errors():
        engine = state.ready_engine()
        files = list(iter_paths(paths))
        items = read_paths(files, fmt, **overrides)
        with _progress(len(files)) as advance:
            def on_item(result: ItemResult) -> None:
                advance()
                if result.status == "failed":
                    click.echo(f"failed: {result.origin}: {result.reason}", err=True)
                elif result.status == "duplicate":
                    click.echo(f"duplicate: {result.origin}: {result.reason}", err=True)

            summary = run_import(engine, items, origin="cli", description=description,
                                 after_store=_extractor(extract), on_item=on_item,
                                 workers=(default_workers() if state.import_workers is None
                                          else state.import_workers))
    click.echo(f"Imported {summary.created} new article(s), {summary.duplicates} duplicate(s), "
               f"{summary.failed} failed (import run {summary.run_id}).")
    if summary.created == 0 and summary.failed == 0 and summary.duplicates:
        click.echo("Nothing new: every article was already stored.")
    return summary.failed


def _extractor(extract: bool) -> Callable[..., object] | None:
    if not extract:
        return None
    from newsdb.pipeline.extract import extract_article

    return extract_article


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """Yield a function that advances a progress bar, shown only on a terminal."""
    if not sys.stderr.isatty() or total < 2:
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Importing", total=total)
        yield lambda: progress.advance(task)


# --- extraction ----------------------------------------------------------------------------------
@cli.command()
@click.argument("article_ids", nargs=-1, type=click.IntRange(min=1, max=MAX_ROW_ID))
@click.option("--all", "everything", is_flag=True, help="Re-extract every article.")
@pass_cli
def reextract(state: CliContext, article_ids: tuple[int, ...], everything: bool) -> None:
    """Re-run extraction on articles made by an older extractor (or the ones named).

    Manual corrections are kept: added and removed mentions, aliases and merges.
    """
    from newsdb.services.reextraction import articles_to_reextract, reextract_article

    if everything and article_ids:
        raise click.UsageError("give either --all or article ids, not both")
    with reported_errors():
        engine = state.ready_engine()
        targets = articles_to_reextract(engine, list(article_ids), everything=everything)
        failed = 0
        with _progress(len(targets)) as advance:
            for article_id in targets:
                try:
                    reextract_article(engine, article_id)
                except NewsdbError as error:
                    failed += 1
                    click.echo(f"failed: article {article_id}: {error}", err=True)
                advance()
    click.echo(f"Re-extracted {len(targets) - failed} article(s), {failed} failed.")
    if failed:
        sys.exit(EXIT_FAILED)


@cli.command()
@click.argument("gold", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--base", type=click.Path(path_type=Path, file_okay=False),
              help="Folder the gold's file paths are relative to (default: the gold's folder).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold: Path, base: Path | None, as_json: bool) -> None:
    """Score extraction against a gold file: precision, recall and F1 of entities, events
    and their roles (who took part, where)."""
    import json

    from newsdb.services.evaluation import evaluate as run_evaluation

    with reported_errors():
        result = run_evaluation(gold, base)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{'':<40} {'entities P/R/F1':>20} {'events P/R/F1':>20} {'roles P/R/F1':>20}")
    for article in result.articles:
        click.echo(f"{Path(article.file).name[:40]:<40} {_prf(article.entities):>20} "
                   f"{_prf(article.events):>20} {_prf(article.roles):>20}")
    click.echo(f"{'all':<40} {_prf(result.entities):>20} {_prf(result.events):>20} "
               f"{_prf(result.roles):>20}")


def _prf(score: Any) -> str:
    return f"{score.precision:.2f}/{score.recall:.2f}/{score.f1:.2f}"


# --- stats ---------------------------------------------------------------------------------------
@cli.command()
@pass_cli
def stats(state: CliContext) -> None:
    """Show how many records the database holds."""
    from newsdb.db import session_scope
    from newsdb.models import (
        Article,
        Entity,
        Event,
        EventEvidence,
        ImportRun,
        Mention,
        QualityFlag,
        Source,
    )

    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine) as session:
            counts = {
                label: session.scalar(select(func.count()).select_from(model)) or 0
                for label, model in (("articles", Article), ("sources", Source),
                                     ("entities", Entity), ("mentions", Mention),
                                     ("events", Event), ("event evidence", EventEvidence),
                                     ("quality flags", QualityFlag), ("import runs", ImportRun))
            }
            languages = session.execute(
                select(Article.language, func.count()).group_by(Article.language)
                .order_by(func.count().desc())).all()
    width = max(len(label) for label in counts)
    for label, count in counts.items():
        click.echo(f"{label:<{width}}  {count}")
    if languages:
        click.echo("languages".ljust(width) + "  " +
                   ", ".join(f"{lang or 'unknown'} {n}" for lang, n in languages))


# --- serving -------------------------------------------------------------------------------------
@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker.")
@click.option("--pid", "pid_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write gunicorn's process id to this file.")
@pass_cli
def up(state: CliContext, host: str, port: int, workers: int, threads: int,
       pid_file: Path | None) -> None:
    """Migrate, import the seeds if the database is empty, and serve the API."""
    from newsdb.db import session_scope
    from newsdb.models import Article
    from newsdb.paths import seeds_dir

    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine) as session:
            empty = session.scalar(select(func.count()).select_from(Article)) == 0
    if empty:
        click.echo("Empty database: importing the seed articles.")
        _run_import(state, [seeds_dir()], "auto", {}, extract=True, description="seed")
    _serve(state, host, port, workers, threads, pid_file)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker.")
@click.option("--pid", "pid_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write gunicorn's process id to this file.")
@pass_cli
def serve(state: CliContext, host: str, port: int, workers: int, threads: int,
          pid_file: Path | None) -> None:
    """Serve the API with gunicorn (the app of wsgi.py); SIGTERM stops it gracefully."""
    with reported_errors():
        state.ready_engine()
    _serve(state, host, port, workers, threads, pid_file)


def _serve(state: CliContext, host: str, port: int, workers: int, threads: int,
           pid_file: Path | None) -> None:
    from newsdb.serving import run_gunicorn

    state.close()
    click.echo(f"Serving newsdb on http://{host}:{port}/ (API at /api/v1, docs at /docs)")
    run_gunicorn(state.database_url, host=host, port=port, workers=workers, threads=threads,
                 pid_file=pid_file)


def _register_command_modules() -> None:
    """Add the commands that live in modules of their own (tokens, reporting)."""
    from newsdb.cli_reporting import export, report, sql
    from newsdb.cli_token import token

    for command in (token, report, sql, export):
        cli.add_command(command)


_register_command_modules()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line; an unexpected error is one line, never a traceback."""
    try:
        cli.main(args=argv, prog_name="newsdb", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as error:  # noqa: BLE001 - the last line of defence for users
        click.echo(f"Error: unexpected {error.__class__.__name__}: {error}", err=True)
        sys.exit(EXIT_FAILED)
