"""HTML input: main text and metadata through trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsdb.errors import InputError
from newsdb.pipeline.checks import MAX_URL_LENGTH, is_http_url


@dataclass(frozen=True)
class ExtractedHtml:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    author: str | None
    published_on: date | None
    site_name: str | None
    url: str | None
    language: str | None


def extract_html(html: str) -> ExtractedHtml:
    """Extract the main text and metadata of a saved article page."""
    import trafilatura  # heavy: imported only when HTML arrives

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
        # Metadata only: a date merely mentioned in the text is no publication date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if result is None:
        raise InputError("no article text found in the HTML")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    published = None
    if data.get("date"):
        try:
            published = date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return ExtractedHtml(
        text=data.get("text") or "",
        title=data.get("title") or None,
        author=data.get("author") or None,
        published_on=published,
        site_name=data.get("sitename") or None,
        url=_usable_url(data.get("url")),
        language=(data.get("language") or None),
    )


def _usable_url(url: str | None) -> str | None:
    """The page's own URL (og:url, canonical link) when it is one newsdb stores: metadata that
    is not an http(s) URL ("https://example.com/a page", "javascript:…") is left out, as a
    page without one; it does not cost the article."""
    if url and len(url) <= MAX_URL_LENGTH and is_http_url(url):
        return url
    return None
