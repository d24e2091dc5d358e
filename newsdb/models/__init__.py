"""newsdb's SQLAlchemy models, one module per aggregate."""

from newsdb.models.article import Article, ArticleAgency, QualityFlag
from newsdb.models.base import Base, utcnow
from newsdb.models.entity import Entity, EntityAlias, Mention, MentionSuppression
from newsdb.models.event import Event, EventEvidence, EventParticipant
from newsdb.models.import_run import ImportRun
from newsdb.models.source import Source
from newsdb.models.token import ApiToken

__all__ = [
    "ApiToken", "Article", "ArticleAgency", "Base", "Entity", "EntityAlias", "Event",
    "EventEvidence", "EventParticipant", "ImportRun", "Mention", "MentionSuppression",
    "QualityFlag", "Source", "utcnow",
]
