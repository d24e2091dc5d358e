"""The store stage: duplicates as DESIGN.md §4 defines them; one article atomic."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsdb.errors import InputError
from newsdb.models import Article, ImportRun
from newsdb.pipeline.read import ArticleInput, FailedInput
from newsdb.pipeline.store import store_article
from newsdb.pipeline.text_stages import content_hash
from newsdb.services.imports import run_import

BODY = ("Niger's military leaders met a delegation of the West African bloc in Niamey on "
        "Tuesday. Both sides agreed to keep talking about the transition and the lifting of "
        "sanctions, officials said.")


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Article)) or 0


def test_content_hash_ignores_case_and_whitespace() -> None:
    assert content_hash("A  b\nC") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB é\u0301\t\n\r\x0b\x0c\x1c\x85\xa0\u2003"
                                             "\u2028\u3000\u200bİß")), max_size=30))
def test_content_hash_folds_the_whitespace_a_regex_would(text: str) -> None:
    # str.split() is how it folds whitespace: the same characters as the \s+ it replaced
    normalized = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()
    assert content_hash(text) == hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def test_same_url_is_a_duplicate(session: Session) -> None:
    first = store_article(session, ArticleInput(BODY, "1", url="https://news.example/a"))
    again = store_article(session, ArticleInput(BODY + " More.", "2",
                                                url="https://news.example/a"))
    assert (first.status, again.status) == ("created", "duplicate")
    assert again.article_id == first.article_id


def test_same_text_same_source_is_a_duplicate(session: Session) -> None:
    first = store_article(session, ArticleInput(BODY, "1", source="Wire Daily"))
    again = store_article(session, ArticleInput(BODY, "2", source="Wire Daily"))
    assert again.status == "duplicate" and again.article_id == first.article_id


def test_same_text_other_source_is_stored_and_points_to_first_copy(session: Session) -> None:
    first = store_article(session, ArticleInput(BODY, "1", source="Paper One"))
    second = store_article(session, ArticleInput(BODY, "2", source="Paper Two"))
    assert second.status == "created"
    stored = session.get(Article, second.article_id)
    assert stored is not None and stored.duplicate_of_id == first.article_id


def test_a_batch_goes_on_after_a_bad_item_and_records_the_run(fresh_engine: Engine) -> None:
    items = [ArticleInput("Unique text for the batch test, about Gao and Kidal.", "good"),
             FailedInput("bad.bin", "binary data, not text"),
             ArticleInput("\u00a0  ", "blank")]
    summary = run_import(fresh_engine, items, origin="cli", description="test")
    assert [r.status for r in summary.results] == ["created", "failed", "failed"]
    with Session(fresh_engine) as session:
        run = session.get(ImportRun, summary.run_id)
        assert run is not None
        assert (run.created, run.failed, run.status) == (1, 2, "completed_with_errors")
        assert {e["item"] for e in run.errors} == {"bad.bin", "blank"}
        assert _count(session) == 1


@pytest.mark.parametrize("language, accepted", [
    ("de", True), ("en", True), ("fr", True), ("sw", True),
    ("zz", False), ("ge", False), ("DE", False), ("deu", False),
])
def test_a_language_is_an_iso_639_1_code(session: Session, language: str,
                                         accepted: bool) -> None:
    item = ArticleInput(raw_text="Der Bundestag stimmte am Freitag zu.", origin="x",
                        language=language)
    if accepted:
        assert store_article(session, item).status == "created"
    else:
        with pytest.raises(InputError, match="is not an ISO 639-1 code"):
            store_article(session, item)


def test_an_article_imported_with_extraction_is_written_once(fresh_engine: Engine) -> None:
    """Its extractor_version goes in with the row (an UPDATE after would rewrite the whole row,
    body and raw text, and count as a second version); extracting an article stored before
    is a change of it."""
    from newsdb.db import session_scope
    from newsdb.pipeline.extract import EXTRACTOR_VERSION, extract_article
    from newsdb.services.imports import import_one

    with session_scope(fresh_engine, write=True) as session:
        extracted = import_one(session, ArticleInput(BODY, "extracted", language="en"),
                               after_store=extract_article).article_id
        plain = import_one(session, ArticleInput(BODY + " More later.", "plain",
                                                 language="en")).article_id
    with session_scope(fresh_engine, write=True) as session:
        stored = {a.id: (a.version, a.extractor_version) for a in session.scalars(select(Article))}
        assert stored == {extracted: (1, EXTRACTOR_VERSION), plain: (1, None)}
        extract_article(session, plain)
    with session_scope(fresh_engine) as session:
        assert session.get_one(Article, plain).version == 2
        assert session.get_one(Article, plain).extractor_version == EXTRACTOR_VERSION


def test_the_text_stages_hash_the_body_they_make() -> None:
    """The duplicate test's hash is made with the text stages (in an import worker)."""
    from newsdb.pipeline.text_stages import prepare_text

    prepared = prepare_text(BODY + "\n\nNIAMEY  follow-up.")
    assert prepared.content_hash == content_hash(prepared.body) != content_hash(BODY)
