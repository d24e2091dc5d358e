"""Cleaning: boilerplate leaves the body and is flagged with raw spans; raw_text stays as is."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.pipeline.clean import clean_text, normalize_line, parse_credit_line
from newsdb.pipeline.text_stages import PreparedText, prepare_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _removed_texts(raw: str, prepared: PreparedText) -> list[str]:
    return [
        raw[flag.char_start : flag.char_end]
        for flag in prepared.flags
        if flag.code == "boilerplate_removed" and flag.char_start is not None
    ]


@pytest.fixture(scope="module")
def dw_raw() -> str:
    return _seed("000")


@pytest.fixture(scope="module")
def dw(dw_raw: str) -> PreparedText:
    return prepare_text(dw_raw)


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Skip to content",
        "This browser does not support the video element.",
        "Skip next section",
        "Image: Ronny Hartmann/AFP",
        "Lisi Niesner/REUTERS",
        "PoliticsMali",
        "04:43",
        "msh/sms",
        "Show more stories",
    ],
)
def test_dw_seed_body_has_no_boilerplate(dw: PreparedText, boilerplate: str) -> None:
    assert boilerplate not in dw.body


@pytest.mark.parametrize(
    "editorial",
    [
        "Returning troops of the German armed forces Bundeswehr",
        "after a military coup\n\n",  # the caption stays, its glued credit goes
        "Pistorius presented some soldiers with medals at the ceremony",
        "What did Boris Pistorius tell the troops?",
        "Mali coup leaders ordered foreign forces out",
        "Pistorius plans Niger visit, following similar coup",
        "Difficult returns to foreign action for Bundeswehr",
    ],
)
def test_dw_seed_body_keeps_captions_and_subheadings(dw: PreparedText, editorial: str) -> None:
    assert editorial in dw.body


def test_dw_seed_body_is_normalized(dw: PreparedText) -> None:
    assert "\xa0" not in dw.body
    assert "  " not in dw.body
    assert "\n\n\n" not in dw.body
    assert all(paragraph == paragraph.strip() for paragraph in dw.body.split("\n\n"))
    assert dw.body.startswith("Germany's last troops serving in Mali have returned home")
    assert dw.body.endswith("still trying to leave.")


def test_dw_seed_boilerplate_flags_point_at_the_removed_lines(
    dw_raw: str, dw: PreparedText
) -> None:
    removed = _removed_texts(dw_raw, dw)
    assert removed[0].startswith("1. Skip to content") and removed[0].endswith("PoliticsMali")
    assert "Image: Ronny Hartmann/AFP" in removed
    assert "Image: Lisi Niesner/REUTERS" in removed
    assert (
        "What does the departure of German troops mean for Mali?\n\n04:43\n\n"
        "This browser does not support the video element."
    ) in removed
    assert removed[-1].startswith("msh/sms (AFP, dpa, Reuters)")
    assert removed[-1].endswith("Skip next section More stories from DW")
    assert all(flag.field == "raw_text" for flag in dw.flags if flag.code == "boilerplate_removed")


def test_prepare_text_never_changes_raw_text(dw_raw: str) -> None:
    before = str(dw_raw)
    prepare_text(dw_raw)
    assert dw_raw == before


def test_video_title_duration_and_placeholder_are_one_block() -> None:
    raw = (
        "Troops return home from Mali\n\nThe soldiers landed on Friday.\n\n"
        "Coup casts doubt on German involvement in Niger\n\n06:28\n\n"
        "This browser does not support the video element.\n\n"
        "The minister spoke at the ceremony."
    )
    prepared = prepare_text(raw, published_on=None)
    assert _removed_texts(raw, prepared) == [
        "Coup casts doubt on German involvement in Niger\n\n06:28\n\n"
        "This browser does not support the video element."
    ]
    assert prepared.body == "The soldiers landed on Friday.\n\nThe minister spoke at the ceremony."


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Soldiers at the base in GaoPhoto: John Doe/dpa", "Soldiers at the base in Gao"),
        ("Die Ministerin in Bamako Foto: Michael Kappeler/dpa", "Die Ministerin in Bamako"),
        ("Le ministre à Bamako Crédit : Jean Martin/AFP", "Le ministre à Bamako"),
        ("Der Minister mit Soldaten Bild: picture alliance", "Der Minister mit Soldaten"),
        ("The minister in Niamey © Reuters", "The minister in Niamey"),
    ],
)
def test_photo_credit_glued_to_a_caption_is_removed_and_the_caption_kept(
    line: str, caption: str
) -> None:
    cleaned = clean_text(line)
    assert [kept.text for kept in cleaned.lines] == [caption]
    assert cleaned.lines[0].is_caption
    (block,) = cleaned.removed
    assert line[block.raw_start : block.raw_end] == line[len(caption) :].strip()


def test_a_colon_in_a_sentence_is_no_photo_credit() -> None:
    line = 'He told Bild: "We will stay in the region."'
    assert [kept.text for kept in clean_text(line).lines] == [line]


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main menu",
        "  2. Skip to more DW sites",
        "Zum Inhalt springen",
        "Aller au contenu",
        "Share this article",
        "Teilen",
        "Partager",
        "Facebook Twitter WhatsApp",
        "Advertisement",
        "WorldAfrica",
        "Accueil › Monde › Afrique",
        "Ihr Browser unterstützt kein HTML5-Video.",
        "Read more: Mali's junta expels the French ambassador",
        "Image source, Getty Images",
        "Temps de lecture 2 min.",
        "Artikel anhören",
        "Reporting by Tiemoko Diallo; Editing by Alex Richardson",
        "Lire aussi : Le Niger expulse l'ambassadeur de France",
    ],
)
def test_web_boilerplate_lines_are_removed(line: str) -> None:
    raw = f"A headline here\n\n{line}\n\nThe article text is a sentence."
    prepared = prepare_text(raw)
    assert line.strip() not in prepared.body
    assert prepared.body == "The article text is a sentence."


@pytest.mark.parametrize(
    "tail",
    [
        "Mehr zum Thema\n\nMali: Junta verschiebt Wahlen\n\nNiger: Soldaten putschen",
        "Lire aussi\n\nLe Niger expulse l'ambassadeur de France",
        "Read more\n\nMali's junta expels French ambassador",
        "More stories from DW\n\nGermany ends Mali mission",
    ],
)
def test_trailing_more_stories_block_is_removed(tail: str) -> None:
    raw = f"Die Soldaten sind zurück.\n\nDer Minister sprach.\n\n{tail}"
    prepared = prepare_text(raw)
    assert prepared.body == "Die Soldaten sind zurück.\n\nDer Minister sprach."
    assert _removed_texts(raw, prepared) == [tail]


def test_read_more_before_long_article_text_removes_only_the_marker() -> None:
    paragraph = " ".join(["The mission continued in the north of the country."] * 6)
    raw = f"First paragraph of the article.\n\nRead more\n\n{paragraph}"
    prepared = prepare_text(raw)
    assert prepared.body == f"First paragraph of the article.\n\n{paragraph}"


def test_subheading_naming_a_topic_stays_when_article_text_follows() -> None:
    raw = (
        "The talks began in Algiers.\n\nMore on the ceasefire\n\n"
        "The ceasefire has held since Monday, officials said."
    )
    assert prepare_text(raw).body == raw


def test_teasers_with_sentences_after_a_marker_are_kept_as_text() -> None:
    raw = (
        "The talks began in Algiers.\n\nMehr zum Thema\n\n"
        "Die Waffenruhe hält seit Montag, sagten Beamte."
    )
    prepared = prepare_text(raw)
    assert prepared.body == (
        "The talks began in Algiers.\n\nDie Waffenruhe hält seit Montag, sagten Beamte."
    )


def test_normalize_line_folds_unicode_spaces_and_composes_accents() -> None:
    assert normalize_line("  Se\u0301vare\u0301\xa0\u202f and\u2009Gao\u200b ") == "Sévaré and Gao"
    assert normalize_line("Bundes\xadwehr") == "Bundeswehr"


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("msh/sms (AFP, dpa, Reuters)", ("AFP", "dpa", "Reuters")),
        ("(AFP)", ("AFP",)),
        ("AFP/dpa", ("AFP", "dpa")),
        ("(dpa, kna)", ("dpa", "KNA")),
        ("avec AFP", ("AFP",)),
        ("Le Monde avec AFP", ("AFP",)),
        ("ab/cd", ()),
        ("The minister (AFP) said", None),
        ("(This story has been corrected)", None),
    ],
)
def test_parse_credit_line(line: str, agencies: tuple[str, ...] | None) -> None:
    assert parse_credit_line(line) == agencies


_LINES = st.sampled_from(
    [
        "Skip to content",
        "PoliticsMali",
        "Mali: Last German troops return",
        "December 15, 2023",
        "04:43",
        "This browser does not support the video element.",
        "The troops returned\xa0on Friday.  ",
        "Pistorius presented medals at the ceremonyImage: Lisi Niesner/REUTERS",
        "It has 12,2013 troops and 1300,<> containers.",
        "msh/sms (AFP, dpa, Reuters)",
        "Show more stories",
        "",
        "   ",
    ]
)


@settings(database=None, max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=12))
def test_flags_always_point_into_their_field(lines: list[str]) -> None:
    raw = "\n".join(lines)
    prepared = prepare_text(raw)
    assert "\n\n\n" not in prepared.body and "\xa0" not in prepared.body
    for flag in prepared.flags:
        text = raw if flag.field == "raw_text" else prepared.body
        if flag.char_start is None:
            assert flag.char_end is None
            continue
        assert flag.char_end is not None
        assert 0 <= flag.char_start < flag.char_end <= len(text)
        span = text[flag.char_start : flag.char_end]
        assert span == span.strip()
