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


# Codes ISO 639-1 withdrew, which old software still writes (Java's Locale wrote "iw" and "in");
# only in lower case, as it wrote them ("IN" in capitals is more likely India than Indonesian)
RETIRED_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
# English names in common use that ISO 639's reference names (pycountry's) spell otherwise
COMMON_NAMES = {"greek": "el", "farsi": "fa", "punjabi": "pa", "pashto": "ps", "kyrgyz": "ky",
                "uyghur": "ug", "slovene": "sl", "sinhalese": "si", "flemish": "nl",
                "castilian": "es", "moldovan": "ro", "moldavian": "ro", "bangla": "bn"}
_PARENTHESIS = re.compile(r"\s*\(.*\)\Z")


def language_code(value: str) -> str | None:
    """The ISO 639-1 code an input's language names, or None when it names none.

    Input files write a language in many ways: "en", "EN", a BCP 47 tag ("en-US", "de_CH"),
    a retired code ("iw"), an ISO 639-2 code ("deu", "ger"), an English name ("German").
    """
    value = value.strip()
    if not value.isascii():  # "\u212am" (a Kelvin sign) must not lower-case into "km"
        return None
    first = value.replace("_", "-").split("-", 1)[0].strip()
    tag = first.lower()
    if first in RETIRED_CODES:
        tag = RETIRED_CODES[first]
    if is_language_code(tag):
        return tag
    names = _other_language_names()  # "deu", "German"; "German-Swiss" by its first part
    return names.get(value.lower()) or names.get(tag)


@lru_cache(maxsize=1)
def _language_codes() -> frozenset[str]:
    import pycountry

    return frozenset(language.alpha_2 for language in pycountry.languages
                     if hasattr(language, "alpha_2"))


@lru_cache(maxsize=1)
def _other_language_names() -> dict[str, str]:
    """ISO 639-2 codes (terminological and bibliographic) and English names of the languages
    ISO 639-1 has, lower-cased, with their ISO 639-1 code."""
    import pycountry

    names: dict[str, str] = dict(COMMON_NAMES)
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code is None:
            continue
        name = language.name.lower()
        for other in (language.alpha_3, getattr(language, "bibliographic", None), name,
                      _PARENTHESIS.sub("", name), getattr(language, "common_name", None)):
            if other:
                names.setdefault(other.lower(), code)
    return names
