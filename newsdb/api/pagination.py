"""Pagination: page/page_size arguments, ``X-Pagination`` and RFC 8288 ``Link`` headers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import request

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Beyond this an offset scan costs more than any client should ask of us.
MAX_PAGE = 1_000_000
# The links of a page: relation, and the X-Pagination key of the page it points to.
_LINKS = (("first", "first_page"), ("prev", "previous_page"), ("next", "next_page"),
          ("last", "last_page"))


@dataclass(frozen=True)
class PageRequest:
    """The page a client asked for."""

    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def page_request(args: dict[str, object]) -> PageRequest:
    """Take ``page`` and ``page_size`` out of parsed query arguments."""
    page = args.pop("page", None) or 1
    page_size = args.pop("page_size", None) or DEFAULT_PAGE_SIZE
    return PageRequest(int(page), int(page_size))  # type: ignore[call-overload]


def page_headers(page: PageRequest, total: int) -> dict[str, str]:
    """Return the ``X-Pagination`` and ``Link`` headers of one page of ``total`` items."""
    last = max(1, -(-total // page.page_size))
    info: dict[str, int] = {"total": total, "total_pages": last, "first_page": 1,
                            "last_page": last, "page": page.page}
    if page.page > 1:
        info["previous_page"] = min(page.page - 1, last)
    if page.page < last:
        info["next_page"] = page.page + 1
    # The request's own arguments, page last: encoded once for all the links.
    kept = urlencode([(name, value) for name, value in request.args.items(multi=True)
                      if name != "page"])
    prefix = f"{request.base_url}?{kept}&page=" if kept else f"{request.base_url}?page="
    return {"X-Pagination": json.dumps(info),
            "Link": ", ".join(f'<{prefix}{info[key]}>; rel="{rel}"' for rel, key in _LINKS
                              if key in info)}


# OpenAPI description of the headers every list answers with.
PAGINATION_HEADERS = {
    "X-Pagination": {"description": "JSON: total, total_pages, first_page, last_page, page, "
                                    "previous_page, next_page", "schema": {"type": "string"}},
    "Link": {"description": "RFC 8288 links to the first, previous, next and last pages",
             "schema": {"type": "string"}},
}
