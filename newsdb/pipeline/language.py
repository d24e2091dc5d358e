"""Identify the language of an article body, deterministically (py3langid, a naive Bayes model)."""

from __future__ import annotations

from functools import lru_cache
from itertools import islice

from py3langid.langid import LanguageIdentifier

from newsdb.pipeline.language_model import load_identifier

# Below this many letters (a name, a short headline) character n-grams say too little: "Troops
# left Mali." scores 0.23 for English, while one plain sentence of 20+ letters scores above 0.9.
MIN_LETTERS = 20
# The model's probabilities are calibrated over all 97 languages; below one half the best guess
# is more likely wrong than right, so we answer None rather than guess.
MIN_CONFIDENCE = 0.5
# Classification costs about 0.7 ms per 1,000 characters; the first 1,500 characters (some 250
# words) identify a language as reliably as the whole article.
SAMPLE_MAX_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """Load the model once, on first use (it takes about 0.7 s)."""
    return load_identifier()


def normalize_language_code(code: str | None) -> str | None:
    """Return an ISO 639-1 code from a client value ("EN", "de-AT", "fr_FR"), None when empty."""
    if not code or not code.strip():
        return None
    return code.strip().replace("_", "-").split("-", 1)[0].lower()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_MAX_CHARS:
        return text
    cut = text[:SAMPLE_MAX_CHARS]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def _fewer_letters(text: str, count: int) -> bool:
    """Tell whether ``text`` holds fewer than ``count`` letters, reading only as far as needed."""
    return next(islice(filter(str.isalpha, text), count - 1, None), None) is None


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of *text*'s language, or None when too short or unsure."""
    sample = _sample(text)
    if _fewer_letters(sample, MIN_LETTERS):
        return None
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or len(language) != 2:
        return None
    return str(language)
