"""Metadata: headline, dateline, byline and agencies from the text; the client's values win."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsdb.pipeline.metadata import (
    lead_dateline_end,
    parse_byline,
    parse_dateline,
    shorten_title,
)
from newsdb.pipeline.text_stages import prepare_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _codes(prepared: object) -> list[str]:
    return [flag.code for flag in prepared.flags]  # type: ignore[attr-defined]


def test_dw_seed_metadata() -> None:
    prepared = prepare_text(_seed("000"))
    assert prepared.title == "Mali: Last German troops return, told mission 'not in vain'"
    assert not prepared.title_derived
    assert prepared.published_on == date(2023, 12, 15)
    assert prepared.agencies == ("AFP", "dpa", "Reuters")
    assert "missing_date" not in _codes(prepared)
    assert "missing_title" not in _codes(prepared)
    assert prepared.title not in prepared.body
    assert not prepared.body.startswith("December 15, 2023")


def test_machine_translated_seed_has_no_dateline_and_no_headline() -> None:
    prepared = prepare_text(_seed("001"))
    # "on Wednesday", "since 2013" and "by May 2024" are mentioned dates, not a dateline.
    assert prepared.published_on is None
    assert prepared.title_derived
    assert prepared.title is not None and prepared.title.endswith("…")
    assert len(prepared.title) <= 120
    assert prepared.title.startswith("German forces began withdrawing from Mali as Berlin")
    (missing_title,) = [flag for flag in prepared.flags if flag.code == "missing_title"]
    span = prepared.body[missing_title.char_start : missing_title.char_end]
    assert span.startswith("German forces") and span.endswith("into Mali.")
    (missing_date,) = [flag for flag in prepared.flags if flag.code == "missing_date"]
    assert missing_date.char_start is None and missing_date.char_end is None
    assert prepared.agencies == ()


def test_german_seed_first_line_is_a_body_paragraph() -> None:
    # The first line is a long sentence ending with a period: a body paragraph, so the article
    # has no headline and the title is derived from its first sentence.
    prepared = prepare_text(_seed("002"))
    assert prepared.title_derived
    assert prepared.title == (
        "Mali nutzt den Rahmen des Salon international de la Défense (BAMEX), um bestehende "
        "Militärpartnerschaften zu vertiefen."
    )
    assert prepared.body.startswith("Mali nutzt den Rahmen")
    assert prepared.published_on is None  # "Am 11. November 2025" is inside a sentence
    assert "missing_date" in _codes(prepared)
    assert "Sévaré" in prepared.body


def test_french_article_with_byline_dateline_and_credit() -> None:
    raw = (
        "Mali : les derniers casques bleus quittent Gao\n"
        "Par Jean Dupont\n"
        "Publié le 3 mars 2024 à 14h05, mis à jour le 4 mars 2024 à 09h00\n"
        "Les derniers soldats de la mission de l'ONU ont quitté Gao dimanche.\n"
        "(AFP)\n"
    )
    prepared = prepare_text(raw)
    assert prepared.title == "Mali : les derniers casques bleus quittent Gao"
    assert prepared.author == "Jean Dupont"
    assert prepared.published_on == date(2024, 3, 3)
    assert prepared.agencies == ("AFP",)
    assert prepared.body == "Les derniers soldats de la mission de l'ONU ont quitté Gao dimanche."
    assert prepared.language == "fr"


def test_german_article_with_kicker_byline_and_stand() -> None:
    raw = (
        "Bundeswehr in Mali\n"
        "Letzte Soldaten kehren zurück\n"
        "Von Anna Schmidt, Berlin\n"
        "Stand: 12.03.2024 14:05 Uhr\n"
        "Die letzten Soldaten der Bundeswehr sind am Freitag aus Mali zurückgekehrt.\n"
        "(dpa)\n"
    )
    prepared = prepare_text(raw)
    assert prepared.title == "Letzte Soldaten kehren zurück"
    assert prepared.author == "Anna Schmidt"
    assert prepared.published_on == date(2024, 3, 12)
    assert prepared.agencies == ("dpa",)
    assert prepared.body == (
        "Die letzten Soldaten der Bundeswehr sind am Freitag aus Mali zurückgekehrt."
    )
    kicker = [flag for flag in prepared.flags if flag.code == "boilerplate_removed"][0]
    assert raw[kicker.char_start : kicker.char_end] == "Bundeswehr in Mali"


def test_section_lines_above_the_headline_are_kickers() -> None:
    raw = "Politics\nMali\nMali: Last German troops return\nThe troops landed on Friday."
    prepared = prepare_text(raw)
    assert prepared.title == "Mali: Last German troops return"
    assert prepared.body == "The troops landed on Friday."


def test_english_article_with_lead_agency_dateline() -> None:
    raw = (
        "By John Smith and Jane Doe\n"
        "Friday, December 15, 2023 10:30 AM\n"
        "BAMAKO (Reuters) - Mali's junta said on Friday that elections would be postponed.\n"
    )
    prepared = prepare_text(raw)
    assert prepared.author == "John Smith, Jane Doe"
    assert prepared.published_on == date(2023, 12, 15)
    assert prepared.agencies == ("Reuters",)
    assert prepared.title == "Mali's junta said on Friday that elections would be postponed."
    assert prepared.body.startswith("BAMAKO (Reuters) - ")


def test_byline_after_the_teaser_paragraph_is_taken_out_of_the_body() -> None:
    raw = (
        "Letzte Soldaten zurück in Deutschland\n\n"
        "Die letzten Bundeswehrsoldaten sind aus Mali zurückgekehrt.\n\n"
        "Von Anna Schmidt, ARD-Hauptstadtstudio\n\n"
        "Mehr als 20.000 Soldaten waren seit 2013 im Einsatz."
    )
    prepared = prepare_text(raw)
    assert prepared.author == "Anna Schmidt"
    assert prepared.body == (
        "Die letzten Bundeswehrsoldaten sind aus Mali zurückgekehrt.\n\n"
        "Mehr als 20.000 Soldaten waren seit 2013 im Einsatz."
    )


def test_date_in_the_first_body_sentence_is_no_dateline() -> None:
    raw = "On December 15, 2023, the last German troops returned from Mali."
    prepared = prepare_text(raw)
    assert prepared.published_on is None
    assert "missing_date" in _codes(prepared)


def test_dateline_in_the_footer_is_taken() -> None:
    raw = "Die Soldaten sind zurück.\n\nDer Minister sprach in Wunstorf.\n\nStand: 15.12.2023"
    prepared = prepare_text(raw)
    assert prepared.published_on == date(2023, 12, 15)
    assert prepared.body == "Die Soldaten sind zurück.\n\nDer Minister sprach in Wunstorf."


def test_client_values_win_and_silence_their_flags() -> None:
    raw = "December 15, 2023\n\nThe last German troops returned from Mali on Friday."
    prepared = prepare_text(
        raw, title="Troops return", published_on=date(2023, 12, 16), language="DE"
    )
    assert prepared.title == "Troops return"
    assert not prepared.title_derived
    assert prepared.published_on == date(2023, 12, 16)
    assert prepared.language == "de"
    assert "missing_title" not in _codes(prepared)
    assert "missing_date" not in _codes(prepared)
    assert prepared.body == "The last German troops returned from Mali on Friday."


def test_question_headline_is_a_headline() -> None:
    raw = "Will Mali's junta hold elections?\n\nThe junta postponed the vote again on Monday."
    prepared = prepare_text(raw)
    assert prepared.title == "Will Mali's junta hold elections?"
    assert prepared.body == "The junta postponed the vote again on Monday."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 15, 2023", date(2023, 12, 15)),
        ("Dec. 15, 2023", date(2023, 12, 15)),
        ("15 December 2023", date(2023, 12, 15)),
        ("Published on December 15, 2023", date(2023, 12, 15)),
        ("Last updated: 15 December 2023, 10:30 GMT", date(2023, 12, 15)),
        ("15.12.2023", date(2023, 12, 15)),
        ("Freitag, 15. Dezember 2023", date(2023, 12, 15)),
        ("Stand: 12.03.2024 14:05 Uhr", date(2024, 3, 12)),
        ("Veröffentlicht am 15.12.2023 um 14.05 Uhr", date(2023, 12, 15)),
        ("15 décembre 2023", date(2023, 12, 15)),
        ("vendredi 15 décembre 2023", date(2023, 12, 15)),
        ("Publié le 3 mars 2024", date(2024, 3, 3)),
        ("Publié le 1er mars 2024 à 14h05", date(2024, 3, 1)),
        ("2023-12-15T10:30:00Z", date(2023, 12, 15)),
        ("12/15/2023", date(2023, 12, 15)),
        ("15/12/2023", date(2023, 12, 15)),
        ("05/06/2024", None),  # May 6 or June 5: never guess
        ("31.02.2024", None),
        ("The troops returned on December 15, 2023.", None),
        ("Am 11. November 2025 empfing der Minister", None),
        ("12 killed in Mali attack", None),
    ],
)
def test_parse_dateline(line: str, expected: date | None) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By John Smith", "John Smith"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Par Jean Dupont, envoyé spécial à Bamako", "Jean Dupont"),
        ("Par Jean Dupont (AFP)", "Jean Dupont"),
        ("By Jane Doe in Berlin", "Jane Doe"),
        ("Von Ursula von der Leyen", "Ursula von der Leyen"),
        ("By Friday, all troops had left.", None),
        ("Von den 300 Soldaten kehrten alle zurück", None),
        ("Par ailleurs, la mission continue", None),
        ("Von Berlin aus wurde die Mission gesteuert", None),
    ],
)
def test_parse_byline(line: str, author: str | None) -> None:
    byline = parse_byline(line)
    assert (byline.author if byline else None) == author


def test_byline_agency_is_credited() -> None:
    byline = parse_byline("Par Jean Dupont (AFP)")
    assert byline is not None and byline.agencies == ("AFP",)
    agency_only = parse_byline("Par AFP")
    assert agency_only is not None
    assert (agency_only.author, agency_only.agencies) == (None, ("AFP",))


def test_shorten_title_cuts_at_a_word() -> None:
    sentence = "word " * 40
    title = shorten_title(sentence.strip())
    assert len(title) <= 120
    assert title.endswith("word…")
    assert shorten_title("Short sentence.") == "Short sentence."


@pytest.mark.parametrize("line, expected", [
    ("ABUJA, March 8, 2024", date(2024, 3, 8)),
    ("Bamako (AFP), 15.12.2023", date(2023, 12, 15)),
    ("BERLIN – 12. Dezember 2023", date(2023, 12, 12)),
    ("Paris, le 4 mars 2024", date(2024, 3, 4)),
    ("Niger, the last partner, 2023", None),
])
def test_wire_datelines_name_the_place_first(line: str, expected: date | None) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize("paragraph, rest", [
    ("BAMAKO (Reuters) - Mali's junta said", "Mali's junta said"),
    ("NIAMEY, Oct 17 (Sahel Wire) – Gunmen killed", "Gunmen killed"),
    ("ISTANBUL/MOSCOW, Feb 25 – When the minister", "When the minister"),
    ("N'DJAMENA – Le gouvernement", "Le gouvernement"),
    ("Bamako, 15 mars (Sahel Info) – Le ministre", "Le ministre"),
    ("UN peacekeepers – who had left", "UN peacekeepers – who had left"),
    ("Mali – the country", "Mali – the country"),
    ("The ECOWAS summit (in Abuja) – a first", "The ECOWAS summit (in Abuja) – a first"),
    ("Die Armee (FAMa) – hier", "Die Armee (FAMa) – hier"),
    ("ECOWAS – the West African bloc – suspended Niger", "ECOWAS – the West African bloc – "
     "suspended Niger"),
    ("MINUSMA - the UN mission left", "MINUSMA - the UN mission left"),
    ("US, French and German troops – all of them – left", "US, French and German troops – all of "
     "them – left"),
    ("Boris Pistorius (SPD) – der Minister – sagte", "Boris Pistorius (SPD) – der Minister – "
     "sagte"),
    ("Mali's junta (CNSP) - which seized power", "Mali's junta (CNSP) - which seized power"),
])
def test_lead_datelines_with_any_credit_or_none(paragraph: str, rest: str) -> None:
    assert paragraph[lead_dateline_end(paragraph):] == rest
