"""Quality flags: garbled numbers (language-aware), truncation; spans point into the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdb.pipeline.quality import find_garbled_numbers, find_truncation
from newsdb.pipeline.text_stages import prepare_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _garbled(body: str, language: str | None) -> list[str]:
    return [
        body[flag.char_start : flag.char_end]  # type: ignore[misc]
        for flag in find_garbled_numbers(body, language)
    ]


def test_machine_translated_seed_has_exactly_four_garbled_numbers() -> None:
    prepared = prepare_text(_seed("001"))
    flags = [flag for flag in prepared.flags if flag.code == "garbled_number"]
    assert all(flag.field == "body" for flag in flags)
    assert [prepared.body[flag.char_start : flag.char_end] for flag in flags] == [
        "1300,<>",
        "12,2013",
        "183, <>",
        "7,10",
    ]
    assert flags[1].message == 'Number "12,2013" is not a valid English number'


def test_german_seed_has_no_garbled_number() -> None:
    prepared = prepare_text(_seed("002"))
    assert not [flag for flag in prepared.flags if flag.code == "garbled_number"]


def test_seeds_are_not_truncated() -> None:
    for prefix in ("000", "001", "002"):
        assert "truncated" not in [flag.code for flag in prepare_text(_seed(prefix)).flags]


@pytest.mark.parametrize(
    ("body", "language", "garbled"),
    [
        ("About 20,000 soldiers served.", "en", []),
        ("The 13,000-strong force left.", "en", []),
        ("It cost 1,234,567.50 dollars.", "en", []),
        ("More than 7,10 people died.", "en", ["7,10"]),
        ("It has 12,2013 troops.", "en", ["12,2013"]),
        ("It cost 2,5 million euros.", "en", ["2,5"]),
        ("Mehr als 7,10 Menschen.", "de", []),
        ("Es kostete 2,5 Millionen Euro.", "de", []),
        ("Sie verschifften 1.300 Container.", "de", []),
        ("Plus de 7,10 personnes.", "fr", []),
        ("Il y avait 1 300 conteneurs.", "fr", []),
        ("Shipping about 1300,<> containers.", "en", ["1300,<>"]),
        ("Since then 183, <> of its soldiers died.", "en", ["183, <>"]),
        ("Rund 1300,<> Container.", "de", ["1300,<>"]),
        ("Mehr als 7,10 Menschen.", None, []),  # unknown language: no guess about the comma
        ("Version A7,10 was used.", "en", []),  # part of a code, not a number
    ],
)
def test_garbled_numbers(body: str, language: str | None, garbled: list[str]) -> None:
    assert _garbled(body, language) == garbled


@pytest.mark.parametrize(
    ("body", "truncated"),
    [
        ("The troops returned. They were welcomed by the minister.", None),
        ('He said: "We stay."', None),
        ("Why did they leave?", None),
        ("First paragraph.\n\nMali coup leaders ordered foreign forces out", None),  # heading
        (
            "First paragraph.\n\nThe minister told the soldiers that their mission had been a "
            "success and that the government would keep supporting the region for the",
            "The minister told the soldiers that their mission had been a success and that the "
            "government would keep supporting the region for the",
        ),
        ("It began. The minister said that,", "The minister said that,"),
        (
            "It began. The minister said that the soldiers had done their duty and that the "
            "government would now do everything to keep the mission...",
            "The minister said that the soldiers had done their duty and that the government "
            "would now do everything to keep the mission...",
        ),
    ],
)
def test_truncation(body: str, truncated: str | None) -> None:
    flags = find_truncation(body)
    assert [body[flag.char_start : flag.char_end] for flag in flags] == (  # type: ignore[misc]
        [truncated] if truncated else []
    )


def test_long_caption_at_the_end_is_not_truncation() -> None:
    body = (
        "It began.\n\nWest Africa currently has several military interim leaders, from left "
        "to right: Mali's Assimi Goita, Niger's Abdourahamane Tchiani and Burkina Faso's "
        "Ibrahim Traore"
    )
    assert find_truncation(body, last_is_caption=True) == []
    assert len(find_truncation(body)) == 1


def test_text_with_only_boilerplate_is_flagged_empty() -> None:
    prepared = prepare_text("Skip to content\n\nShare this article")
    assert prepared.body == ""
    assert "empty_body" in [flag.code for flag in prepared.flags]
    assert prepared.title is None
