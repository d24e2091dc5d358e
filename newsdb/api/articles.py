"""/api/v1/articles: the articles, what was found in them, and importing new ones."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from newsdb.api.blueprint import ApiBlueprint, created_links
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.articles import (
    ArticleCreateSchema,
    ArticleDetailSchema,
    ArticleEntitySchema,
    ArticleEventSchema,
    ArticleListArgsSchema,
    ArticlePatchSchema,
    ArticleSchema,
    ExtractArgsSchema,
    IncludeArgsSchema,
    QualityFlagSchema,
)
from newsdb.api.schemas.common import PageArgsSchema
from newsdb.api.schemas.events import MentionSchema
from newsdb.services.article_writes import (
    article_input,
    create_article,
    delete_article,
    update_article,
)
from newsdb.services.articles import (
    ArticleDetail,
    ArticleFilters,
    article_detail,
    article_entities,
    article_events,
    article_exists,
    article_flags,
    get_article,
    list_articles,
)
from newsdb.services.mentions import list_mentions

blp = ApiBlueprint("articles", __name__, url_prefix="/api/v1/articles",
                   description="Articles: clean body, metadata, raw text on request, and what "
                               "extraction found in them")


def wants_raw_text(args: dict[str, Any]) -> bool:
    """Take ``include`` out of the arguments; tell whether ``raw_text`` is wanted (the read
    services fill it in only then)."""
    return "raw_text" in (args.pop("include", None) or "").split(",")


@blp.route("")
class Articles(MethodView):
    @blp.etag
    @blp.arguments(ArticleListArgsSchema, location="query")
    @blp.response(200, ArticleSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List articles, filtered and sorted."""
        with_raw_text = wants_raw_text(args)
        page = page_request(args)
        articles, total = list_articles(get_session(), ArticleFilters(**args),
                                        offset=page.offset, limit=page.page_size,
                                        with_raw_text=with_raw_text)
        return articles, 200, page_headers(page, total)

    @blp.requires("write")
    @blp.arguments(ExtractArgsSchema, location="query")
    @blp.arguments(ArticleCreateSchema)
    @blp.doc(**created_links("/api/v1/articles/{article_id}", "article_id",
                             "get", "patch", "delete"))
    @blp.response(201, ArticleDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, query: dict[str, Any], data: dict[str, Any]) -> Any:
        """Import one article: clean it, find its entities and events, store it.

        A duplicate answers 409 with the stored article's `Location` and `existing_id`.
        """
        extract = query.get("extract", data.pop("extract", True))
        article = create_article(get_session(), article_input(data, "api"), extract=extract)
        location = url_for("articles.ArticleById", article_id=article.id)
        return article_detail(get_session(), article.id), 201, {"Location": location}


@blp.route("/<id:article_id>")
class ArticleById(MethodView):
    @blp.etag
    @blp.arguments(IncludeArgsSchema, location="query")
    @blp.response(200, ArticleDetailSchema)
    def get(self, args: dict[str, Any], article_id: int) -> ArticleDetail:
        """Get one article with its quality flags, entities and events."""
        with_raw_text = wants_raw_text(args)
        return article_detail(get_session(), article_id, with_raw_text=with_raw_text)

    @blp.requires("write")
    @blp.etag
    @blp.arguments(ArticlePatchSchema)
    @blp.response(200, ArticleDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    def patch(self, changes: dict[str, Any], article_id: int) -> ArticleDetail:
        """Correct an article's metadata (title, author, url, language, published_at, source)."""
        session = get_session()
        blp.check_etag(article_detail(session, article_id), ArticleDetailSchema)
        update_article(session, get_article(session, article_id), changes)
        return article_detail(session, article_id)

    @blp.requires("admin")
    @blp.etag
    @blp.response(204)
    def delete(self, article_id: int) -> None:
        """Delete an article, its mentions, evidence and flags, and events it alone reported."""
        session = get_session()
        blp.check_etag(article_detail(session, article_id), ArticleDetailSchema)
        delete_article(session, get_article(session, article_id))


@blp.route("/<id:article_id>/mentions")
class ArticleMentions(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, MentionSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any], article_id: int) -> Any:
        """List the mentions of entities in an article, in body order."""
        page = page_request(args)
        article_exists(get_session(), article_id)
        rows, total = list_mentions(get_session(), article=article_id, offset=page.offset,
                                    limit=page.page_size)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:article_id>/entities")
class ArticleEntities(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ArticleEntitySchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any], article_id: int) -> Any:
        """List the entities an article mentions, most mentioned first."""
        page = page_request(args)
        article_exists(get_session(), article_id)
        rows, total = article_entities(get_session(), article_id, offset=page.offset,
                                       limit=page.page_size)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:article_id>/events")
class ArticleEvents(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, ArticleEventSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any], article_id: int) -> Any:
        """List the events an article reports, in date order."""
        page = page_request(args)
        article_exists(get_session(), article_id)
        rows, total = article_events(get_session(), article_id, offset=page.offset,
                                     limit=page.page_size)
        return rows, 200, page_headers(page, total)


@blp.route("/<id:article_id>/quality")
class ArticleQuality(MethodView):
    @blp.etag
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, QualityFlagSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any], article_id: int) -> Any:
        """List an article's quality flags: what is wrong with it, and where."""
        page = page_request(args)
        article_exists(get_session(), article_id)
        rows, total = article_flags(get_session(), article_id, offset=page.offset,
                                    limit=page.page_size)
        return rows, 200, page_headers(page, total)
