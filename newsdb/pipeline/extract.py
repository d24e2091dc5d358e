"""Extraction stages run on a stored article (entities, mentions, events)."""

from __future__ import annotations

from sqlalchemy.orm import Session

# Bumped whenever extraction changes what it finds; `newsdb reextract` brings older articles up.
EXTRACTOR_VERSION = None


def extract_article(session: Session, article_id: int) -> None:
    """Find the entities and events of an article and store them (flush only)."""
    return None
