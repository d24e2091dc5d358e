"""What an article's metadata must be to be stored: checks shared by the read and store stages,
the command line and the API's schemas (pure: no database)."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_URL_LENGTH = 2048
_HTTP_URL = re.compile(r"https?://\S+\Z")


def is_http_url(url: str) -> bool:
    """Whether ``url`` is an http(s) URL without whitespace: what an article's URL must be."""
    return _HTTP_URL.match(url) is not None


def is_language_code(code: str) -> bool:
    """Whether ``code`` is a two-letter ISO 639-1 code ("de"; not "ge", not "DE")."""
    return code in _language_codes()


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    import pycountry

    return frozenset(language.alpha_2 for language in pycountry.languages
                     if hasattr(language, "alpha_2"))
