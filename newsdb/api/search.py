"""/api/v1/search and /api/v1/graph: full-text search with snippets, the co-mention network."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from newsdb.api.blueprint import ApiBlueprint
from newsdb.api.database import get_session
from newsdb.api.pagination import PAGINATION_HEADERS, page_headers, page_request
from newsdb.api.schemas.entities import GraphArgsSchema, GraphSchema
from newsdb.api.schemas.search import SearchArgsSchema, SearchResultSchema
from newsdb.services.entities import resolve_entity_ref
from newsdb.services.graph import Graph, co_mention_graph
from newsdb.services.search import SearchResult, search

blp = ApiBlueprint("search", __name__, url_prefix="/api/v1",
                   description="Search articles and entities; explore who is mentioned with whom")


@blp.route("/search")
class Search(MethodView):
    @blp.etag
    @blp.arguments(SearchArgsSchema, location="query")
    @blp.response(200, SearchResultSchema, headers=PAGINATION_HEADERS)
    def get(self, args: dict[str, Any]) -> Any:
        """Search articles (ranked, with highlighted snippets) and entities by name.

        `expand=entities` also finds the articles that mention an entity the query names, in
        any language: q=Russia finds the German article that says "Russland".

        Ranking: pages reach the best 1,000 text hits (`total` counts them up to 1,000; with
        `expand=entities`, up to 1,000 more found by entity). When more than 5,000 articles
        match the text, the 5,000 stored last are the ones ranked: add words to reach older
        articles.
        """
        page = page_request(args)
        result: SearchResult = search(get_session(), args["q"],
                                      expand_entities=args.get("expand") == "entities",
                                      offset=page.offset, limit=page.page_size)
        return result, 200, page_headers(page, result.total)


@blp.route("/graph", tags=["graph"])
class CoMentionGraph(MethodView):
    @blp.etag
    @blp.arguments(GraphArgsSchema, location="query")
    @blp.response(200, GraphSchema)
    def get(self, args: dict[str, Any]) -> Graph:
        """Get the co-mention network: entities as nodes, shared articles as edge weights."""
        entity = args.pop("entity", None)
        center = resolve_entity_ref(get_session(), entity) if entity is not None else None
        return co_mention_graph(get_session(), center, **args)
