"""The seed import, as the foundation issue promises it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from newsdb.models import Article, QualityFlag

DW_TITLE = "Mali: Last German troops return, told mission 'not in vain'"


def _articles(session: Session) -> list[Article]:
    return list(session.scalars(select(Article).order_by(Article.id)))


def _codes(article: Article) -> list[str]:
    return [flag.code for flag in article.quality_flags]


def test_three_articles_in_english_english_german(session: Session) -> None:
    articles = _articles(session)
    assert [a.language for a in articles] == ["en", "en", "de"]


def test_dw_article_title_date_agencies_and_clean_body(session: Session) -> None:
    dw = _articles(session)[0]
    assert dw.title == DW_TITLE
    assert dw.published_at == date(2023, 12, 15)
    assert [link.source.name for link in dw.agencies] == ["AFP", "dpa", "Reuters"]
    assert {link.source.kind for link in dw.agencies} == {"agency"}
    # The page's own furniture ("More stories from DW") names the publisher.
    assert dw.source is not None and (dw.source.name, dw.source.kind) == ("DW", "publisher")
    for line in ("Skip to content", "This browser does not support the video element.",
                 "Skip next section", "Image: Ronny Hartmann/AFP", "Lisi Niesner/REUTERS"):
        assert line not in dw.body
        assert line in dw.raw_text
    assert "missing_date" not in _codes(dw)
    assert "missing_title" not in _codes(dw)


def test_translated_article_flags(session: Session) -> None:
    translated = _articles(session)[1]
    assert translated.published_at is None
    codes = _codes(translated)
    assert "missing_date" in codes and "missing_title" in codes
    garbled = [f for f in translated.quality_flags if f.code == "garbled_number"]
    spans = sorted(translated.body[f.char_start:f.char_end] for f in garbled)
    assert len(garbled) == 4
    for number in ("1300,<>", "12,2013", "183, <>", "7,10"):
        assert any(number in span for span in spans), number


def test_german_article_has_no_publication_date(session: Session) -> None:
    german = _articles(session)[2]
    assert german.published_at is None
    assert "missing_date" in _codes(german)
    assert "Sévaré" in german.body


def test_flags_point_into_the_field_they_name(session: Session) -> None:
    for flag in session.scalars(select(QualityFlag)):
        if flag.char_start is None:
            continue
        article = session.get(Article, flag.article_id)
        assert article is not None
        field = article.body if flag.field == "body" else article.raw_text
        assert 0 <= flag.char_start < flag.char_end <= len(field)


def test_fulltext_finds_pistorius_and_accent_folded_sevare(session: Session) -> None:
    if session.get_bind().dialect.name != "sqlite":
        return
    hits = session.execute(text(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Pistorius'")).scalars().all()
    assert hits == [_articles(session)[0].id]
    german_id = _articles(session)[2].id
    hits = session.execute(text(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'sevare'")).scalars().all()
    assert hits == [german_id]
