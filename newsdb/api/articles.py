"""/api/v1/articles: the articles and what was found in them."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas import ArticleListArgsSchema, ArticleSchema, IncludeArgsSchema
from newsdb.models import Article
from newsdb.services.articles import ArticleFilters, get_article, list_articles

blp = Blueprint("articles", __name__, url_prefix="/api/v1/articles",
                description="Articles: clean body, metadata, and raw text on request")


def _remember_include(args: dict[str, Any]) -> None:
    g.include = {part for part in (args.pop("include", None) or "").split(",") if part}


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleListArgsSchema, location="query", unknown=RAISE)
    @blp.response(200, ArticleSchema(many=True), headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """List articles, filtered and sorted."""
        _remember_include(args)
        page = page_request(args)
        articles, total = list_articles(get_session(), ArticleFilters(**args),
                                        offset=page.offset, limit=page.page_size)
        return articles, 200, page_headers(page, total)


@blp.route("/<int:article_id>")
class ArticleById(MethodView):
    @blp.etag
    @blp.arguments(IncludeArgsSchema, location="query", unknown=RAISE)
    @blp.response(200, ArticleSchema)
    def get(self, args: dict[str, Any], article_id: int) -> Article:
        """Get one article."""
        _remember_include(args)
        return get_article(get_session(), article_id)
