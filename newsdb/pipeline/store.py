"""Store stage: turn a prepared article into rows, with duplicates as DESIGN.md §4 defines them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdb.errors import InputError
from newsdb.models import Article, ArticleAgency, QualityFlag, Source
from newsdb.pipeline.read import ArticleInput
from newsdb.pipeline.text_stages import PreparedText, prepare_text

_WHITESPACE = re.compile(r"\s+")
MAX_URL_LENGTH = 2048
MAX_TITLE_LENGTH = 1000


@dataclass(frozen=True)
class StoreOutcome:
    """What became of one article input."""

    status: str  # "created" or "duplicate"
    article_id: int
    message: str = ""


def content_hash(body: str) -> str:
    """Hash the normalized body: case, accents' composition and whitespace do not count."""
    normalized = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", body)).strip().casefold()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


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


def find_duplicate(session: Session, url: str | None, digest: str,
                   source_id: int | None) -> tuple[Article | None, Article | None]:
    """Return (stored duplicate, first copy from another source) for an incoming article."""
    if url:
        same_url = session.scalars(select(Article).where(Article.url == url)).first()
        if same_url is not None:
            return same_url, None
    copies = session.scalars(
        select(Article).where(Article.content_hash == digest).order_by(Article.id)
    ).all()
    for copy in copies:
        if copy.source_id == source_id:
            return copy, None
    return None, (copies[0] if copies else None)


def store_article(session: Session, item: ArticleInput) -> StoreOutcome:
    """Prepare and store one article (flush only: the caller owns the transaction)."""
    _validate(item)
    prepared = prepare_text(item.raw_text, language=item.language, title=item.title,
                            published_on=item.published_on)
    if not prepared.body.strip():
        raise InputError("no article text left after removing boilerplate")
    source_name = item.source or prepared.publisher
    source = get_or_create_source(session, source_name) if source_name else None
    digest = content_hash(prepared.body)
    duplicate, first_copy = find_duplicate(session, item.url, digest,
                                           source.id if source else None)
    if duplicate is not None:
        return StoreOutcome("duplicate", duplicate.id, f"duplicate of article {duplicate.id}")
    article = _build_article(item, prepared, digest, source, first_copy)
    session.add(article)
    session.flush()
    for agency_name in dict.fromkeys(prepared.agencies):
        agency = get_or_create_source(session, agency_name, kind="agency")
        session.add(ArticleAgency(article_id=article.id, source_id=agency.id))
    for flag in (*item.flags, *prepared.flags):
        session.add(QualityFlag(article_id=article.id, code=flag.code, message=flag.message,
                                field=flag.field, char_start=flag.char_start,
                                char_end=flag.char_end))
    session.flush()
    return StoreOutcome("created", article.id)


def _validate(item: ArticleInput) -> None:
    if item.url is not None and len(item.url) > MAX_URL_LENGTH:
        raise InputError(f"url is longer than {MAX_URL_LENGTH} characters")
    if item.url is not None and not re.match(r"^https?://\S+$", item.url):
        raise InputError(f"url {item.url!r} is not an http(s) URL")
    if item.language is not None and not re.fullmatch(r"[a-z]{2}", item.language):
        raise InputError(f"language {item.language!r} is not an ISO 639-1 code such as 'en'")


def _build_article(item: ArticleInput, prepared: PreparedText, digest: str,
                   source: Source | None, first_copy: Article | None) -> Article:
    title = prepared.title
    if title is not None and len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    return Article(
        source_id=source.id if source else None,
        url=item.url,
        title=title,
        author=item.author or prepared.author,
        body=prepared.body,
        raw_text=item.raw_text,
        language=prepared.language,
        published_at=prepared.published_on,
        content_hash=digest,
        duplicate_of_id=first_copy.id if first_copy else None,
        word_count=len(prepared.body.split()),
    )
