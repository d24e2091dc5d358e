"""Pagination: page/page_size arguments, X-Pagination (flask-smorest) plus a Link header."""

from __future__ import annotations

import json

from flask import Response, request
from flask_smorest import Page

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def add_link_header(response: Response) -> Response:
    """Add an RFC 8288 ``Link`` header built from flask-smorest's ``X-Pagination``."""
    raw = response.headers.get("X-Pagination")
    if not raw:
        return response
    info = json.loads(raw)
    args = request.args.to_dict(flat=False)
    links = []
    for rel, key in (("first", "first_page"), ("prev", "previous_page"), ("next", "next_page"),
                     ("last", "last_page")):
        page = info.get(key)
        if page is None:
            continue
        args["page"] = [str(page)]
        query = "&".join(f"{k}={v}" for k, values in args.items() for v in values)
        links.append(f'<{request.base_url}?{query}>; rel="{rel}"')
    if links:
        response.headers["Link"] = ", ".join(links)
    return response


__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "Page", "add_link_header"]
