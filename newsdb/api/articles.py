"""/api/v1/articles: the articles and what was found in them."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from newsdb.api.database import get_session
from newsdb.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from newsdb.api.schemas import ArticleListArgsSchema, ArticleSchema, IncludeArgsSchema
from newsdb.models import Article
from newsdb.services.articles import ArticleFilters, get_article, list_articles

blp = Blueprint("articles", __name__, url_prefix="/api/v1/articles",
                description="Articles: clean body, metadata, and raw text on request")


def _remember_include(args: dict[str, Any]) -> None:
    g.include = {part for part in (args.pop("include", None) or "").split(",") if part}


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleListArgsSchema, location="query")
    @blp.response(200, ArticleSchema(many=True))
    @blp.paginate(page_size=DEFAULT_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
    def get(self, args: dict[str, Any], pagination_parameters: Any) -> list[Article]:
        """List articles, filtered and sorted."""
        _remember_include(args)
        page, total = list_articles(
            get_session(), ArticleFilters(**args),
            offset=pagination_parameters.first_item, limit=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return page


@blp.route("/<int:article_id>")
class ArticleById(MethodView):
    @blp.etag
    @blp.arguments(IncludeArgsSchema, location="query")
    @blp.response(200, ArticleSchema)
    def get(self, args: dict[str, Any], article_id: int) -> Article:
        """Get one article."""
        _remember_include(args)
        return get_article(get_session(), article_id)
