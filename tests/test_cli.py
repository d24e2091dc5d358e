"""The `newsdb` command through click's runner (and `up` as a real process)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsdb.cli import cli
from newsdb.models import Article
from tests.conftest import SEEDS


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_seed_imports_three_then_nothing_new(runner: CliRunner) -> None:
    code, out, _ = _invoke(runner, "seed")
    assert code == 0 and "Imported 3 new article(s), 0 duplicate(s), 0 failed" in out
    code, out, err = _invoke(runner, "seed")
    assert code == 0
    assert "Imported 0 new article(s), 3 duplicate(s)" in out
    assert "Nothing new" in out
    assert err.count("duplicate:") == 3
    code, out, _ = _invoke(runner, "stats")
    assert code == 0
    assert "articles" in out and "en 2, de 1" in out


def test_folder_with_bad_files_imports_the_good_ones(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Protesters gathered in Bamako on Friday to support the transition government.\n",
        encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "latin.txt").write_bytes(
        "Le ministre s'est rendu à Sévaré et à Ségou pour une visite de deux jours.\n"
        .encode("latin-1"))
    code, out, err = _invoke(runner, "import", str(folder))
    assert code == 1
    assert "Imported 2 new article(s), 0 duplicate(s), 2 failed" in out
    assert "empty.txt: empty input" in err
    assert "image.txt: binary data" in err
    assert "Traceback" not in err
    code, out, _ = _invoke(runner, "stats")
    assert out.splitlines()[0].split() == ["articles", "2"]


def test_latin1_file_is_flagged_encoding_repaired(runner: CliRunner, tmp_path: Path,
                                                   fresh_url: str) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Die Soldaten kehrten nach Köln zurück, berichtete die Zeitung.\n"
                     .encode("latin-1"))
    code, _, _ = _invoke(runner, "import", str(path))
    assert code == 0
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from newsdb.db import make_engine
    from newsdb.models import QualityFlag

    engine = make_engine(fresh_url)
    with Session(engine) as session:
        codes = session.scalars(select(QualityFlag.code)).all()
    engine.dispose()
    assert "encoding_repaired" in codes


def test_import_options_and_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = _invoke(runner, "import", str(SEEDS[0]), str(SEEDS[1]), "--url",
                           "https://x.example/a")
    assert code == 2 and "single input file" in err
    code, _, err = _invoke(runner, "import", str(SEEDS[1]), "--published", "15/12/2023")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = _invoke(runner, "import", str(SEEDS[1]), "--language", "elvish")
    assert code == 2 and "'elvish' is not an ISO 639-1 code" in err
    code, _, err = _invoke(runner, "import", str(SEEDS[1]), "--language", "zz")
    assert code == 2 and "'zz' is not an ISO 639-1 code" in err
    code, out, _ = _invoke(runner, "import", str(SEEDS[1]), "--published", "2023-08-10",
                           "--source", "Translated Wire", "--url", "https://x.example/mali",
                           "--language", "EN-gb")  # a tag naming a language, as files write
    assert code == 0 and "Imported 1 new" in out
    code, out, _ = _invoke(runner, "import", str(SEEDS[1]), "--url", "https://x.example/mali")
    assert code == 0 and "1 duplicate" in out


def test_json_and_ndjson_import(runner: CliRunner, tmp_path: Path) -> None:
    dump = tmp_path / "dump.ndjson"
    dump.write_text("\n".join(json.dumps(r) for r in [
        {"title": "One", "body": "Troops arrived in Gao on Monday, the army said."},
        {"title": "Two", "body": "Die Regierung in Berlin beschloss am Mittwoch den Abzug."},
        {"title": "Bad", "colour": "red"},
    ]))
    code, out, err = _invoke(runner, "import", str(dump))
    assert code == 1
    assert "Imported 2 new" in out and "unknown field" in err


def test_db_commands_round_trip(runner: CliRunner) -> None:
    code, out, _ = _invoke(runner, "db", "upgrade")
    assert code == 0 and "(head)" in out
    code, out, _ = _invoke(runner, "db", "downgrade", "base")
    assert code == 0 and "base" in out
    code, out, _ = _invoke(runner, "db", "current")
    assert code == 0 and "base" in out
    code, out, _ = _invoke(runner, "db", "upgrade")
    assert code == 0 and "(head)" in out


def test_bad_database_url_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDB_DATABASE_URL", "sqlite:////nonexistent-dir/x/y.sqlite3")
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("url, message", [
    ("not a url", "the database URL is not one such as sqlite:///newsdb.sqlite3"),
    ("mysql://user:secret@host/db",
     "newsdb runs on SQLite or PostgreSQL, not 'mysql': mysql://user:***@host/db"),
    ("postgres://user@host/db", "not 'postgres' (write postgresql://)"),
    ("foo://bar", "newsdb runs on SQLite or PostgreSQL, not 'foo'"),
    ("postgresql+asyncpg://user@host/db", "the database driver 'asyncpg' is not installed"),
])
def test_a_database_url_newsdb_cannot_use_is_one_line(url: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["--database-url", url, "stats"])
    assert result.exit_code == 1 and message in result.stderr
    assert result.stderr.startswith("Error: ") and "secret" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_is_no_database_is_named_by_the_driver(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.sqlite3"
    garbage.write_text("shopping list\n" * 100, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--database-url", f"sqlite:///{garbage}", "stats"])
    assert result.exit_code == 1
    assert result.stderr == "Error: database error: file is not a database\n"


@pytest.mark.parametrize("args, message", [
    (["db", "upgrade", "nosuchrev"], "Can't locate revision identified by 'nosuchrev'"),
    (["db", "upgrade", "head+5"], "no revision 'head+5' to migrate to"),
    (["reextract", "99999999999999999999"], "is not in the range 1<=x<=2147483647"),
    (["token", "revoke", "99999999999999999999"], "is not in the range 1<=x<=2147483647"),
    (["report", "top_entities", "-p", "limit=99999999999999999999"],
     "must be at most 9223372036854775807"),
])
def test_bad_arguments_are_one_clear_line(runner: CliRunner, args: list[str],
                                          message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code in (1, 2) and message in result.stderr
    assert "unexpected" not in result.stderr
    assert isinstance(result.exception, SystemExit)  # click's exit, not an error escaping


def test_a_defect_in_one_article_is_one_line_and_the_others_are_imported(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newsdb.pipeline.extract as extract

    real = extract.extract_article

    def extract_or_break(session: Any, article_id: int, *args: Any) -> bool:
        if session.get(Article, article_id).body == broken_body:
            raise ValueError("year 10000 is out of range")
        return bool(real(session, article_id, *args))

    article = tmp_path / "broken.txt"
    broken_body = "Germany withdrew its last soldiers from Mali on Friday, the ministry said."
    article.write_text(broken_body + "\n", encoding="utf-8")
    monkeypatch.setattr(extract, "extract_article", extract_or_break)
    code, out, err = _invoke(runner, "import", "--workers", "0", str(SEEDS[0]), str(article),
                             str(SEEDS[2]))
    assert code == 1 and "Imported 2 new article(s), 0 duplicate(s), 1 failed" in out
    assert err == f"failed: {article}: internal error: ValueError: year 10000 is out of range\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_up_from_another_directory_serves_the_seeds(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "NEWSDB_DATABASE_URL": f"sqlite:///{tmp_path / 'up.sqlite3'}"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from newsdb.cli import main; main()", "up", "--port", str(port),
         "--workers", "1"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/api/v1/articles", timeout=5) as response:
                    articles = json.load(response)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"newsdb up did not serve: {output[-2000:]}")
                time.sleep(0.5)
        assert len(articles) == 3
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
