"""Language detection: deterministic, None when unsure; the client's value wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdb.pipeline.language import detect_language, normalize_language_code
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
