"""Language detection: deterministic, None when unsure; the client's value wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsdb.pipeline.language import _identifier, detect_language, normalize_language_code
from newsdb.pipeline.language_model import WindowedIdentifier
from newsdb.pipeline.text_stages import prepare_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(("prefix", "language"), [("000", "en"), ("001", "en"), ("002", "de")])
def test_seed_languages(prefix: str, language: str) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    assert prepare_text(path.read_text(encoding="utf-8")).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The last German troops serving in Mali have returned home.", "en"),
        ("Die letzten Soldaten der Bundeswehr sind aus Mali zurückgekehrt.", "de"),
        ("Les derniers soldats allemands sont rentrés du Mali vendredi.", "fr"),
    ],
)
def test_detect_language_of_a_sentence(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "Mali", "Troops left Mali.", "12345 67890 2023"])
def test_too_short_or_unsure_text_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_detection_is_deterministic() -> None:
    text = "Der Besuch fügt sich in eine Reihe von Schritten ein."
    assert {detect_language(text) for _ in range(5)} == {"de"}


def test_client_language_wins_over_detection() -> None:
    text = "The last German troops serving in Mali have returned home."
    assert prepare_text(text, language="fr").language == "fr"


@pytest.mark.parametrize(
    ("code", "expected"), [("EN", "en"), ("de-AT", "de"), ("fr_FR", "fr"), ("", None), (None, None)]
)
def test_normalize_language_code(code: str | None, expected: str | None) -> None:
    assert normalize_language_code(code) == expected


@pytest.fixture(scope="module")
def library_identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_shipped_model_is_walked_by_window() -> None:
    assert isinstance(_identifier(), WindowedIdentifier)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aäbcé ßZx.,\n中😀İ-'")), max_size=80))
def test_windowed_scores_are_the_library_scores_to_the_bit(
        library_identifier: LanguageIdentifier, text: str) -> None:
    assert _identifier()._decide(text).tobytes() == library_identifier._decide(text).tobytes()


def test_windowed_scores_of_the_seed_articles(library_identifier: LanguageIdentifier) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sample in (text[:1500], text[-700:], text.upper()[:300]):
            assert (_identifier()._decide(sample).tobytes()
                    == library_identifier._decide(sample).tobytes())
