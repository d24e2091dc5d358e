"""Temporal expressions in English, German and French (DESIGN.md §5.7), sentence by sentence.

Expectations read "<expression text> = <value> <precision>", e.g. "on Friday = 2023-12-15 day".
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdb.pipeline.dates import find_temporal_expressions, parse_absolute_date

# The DW seed article was published on Friday, 15 December 2023.
FRIDAY = date(2023, 12, 15)


def found(text: str, language: str | None, anchor: date | None = FRIDAY) -> list[str]:
    """Describe every expression in ``text`` as "<text> = <value> <precision>"."""
    return [
        f"{expression.text} = {expression.value} {expression.precision}"
        for expression in find_temporal_expressions(text, language, anchor)
    ]


def texts(text: str, language: str | None, anchor: date | None = FRIDAY) -> list[str]:
    return [expression.text for expression in find_temporal_expressions(text, language, anchor)]


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("It ended on December 15, 2023.", "en", "on December 15, 2023 = 2023-12-15 day"),
        ("It ended 15 December 2023.", "en", "15 December 2023 = 2023-12-15 day"),
        ("They met Dec. 15, 2023 in Bamako.", "en", "Dec. 15, 2023 = 2023-12-15 day"),
        ("Published 2023-12-15 by DW.", "en", "2023-12-15 = 2023-12-15 day"),
        ("Stand: 15.12.2023", "de", "15.12.2023 = 2023-12-15 day"),
        ("Publié le 15/12/2023.", "fr", "15/12/2023 = 2023-12-15 day"),
        ("Friday, 15 December 2023, was cold.", "en", "Friday, 15 December 2023 = 2023-12-15 day"),
        ("On the 15th of December 2023.", "en", "On the 15th of December 2023 = 2023-12-15 day"),
        ("Am 11. November 2025 empfing er.", "de", "Am 11. November 2025 = 2025-11-11 day"),
        ("am 6. November 2025 organisierte er.", "de", "am 6. November 2025 = 2025-11-06 day"),
        ("Am Freitag, 15. Dezember 2023", "de", "Am Freitag, 15. Dezember 2023 = 2023-12-15 day"),
        ("Il est arrivé le 11 novembre 2025.", "fr", "le 11 novembre 2025 = 2025-11-11 day"),
        ("La loi entre en vigueur 1er janvier 2024.", "fr", "1er janvier 2024 = 2024-01-01 day"),
        ("In July 2023, the junta called.", "en", "In July 2023 = 2023-07-01 month"),
        ("Die Junta forderte im Juli 2023 den Abzug.", "de", "im Juli 2023 = 2023-07-01 month"),
        ("La junte partit en juillet 2023.", "fr", "en juillet 2023 = 2023-07-01 month"),
        ("Berlin aims to end it by May 2024.", "en", "by May 2024 = 2024-05-01 month"),
        ("It postponed the February 2024 vote.", "en", "February 2024 = 2024-02-01 month"),
        ("Die Wahl ist für Ende Juli 2023 geplant.", "de", "Ende Juli 2023 = 2023-07-01 month"),
    ],
)
def test_absolute_dates_need_no_anchor(sentence: str, language: str, expected: str) -> None:
    assert found(sentence, language, None) == [expected]
    assert not find_temporal_expressions(sentence, language, None)[0].relative


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("The military took power in a coup in 2021.", "en", "in 2021"),
        ("Die Armee übernahm im Jahr 2021 die Macht.", "de", "im Jahr 2021"),
        ("L'armée a pris le pouvoir en 2021.", "fr", "en 2021"),
        ("It has contributed since 2021.", "en", "since 2021"),
        ("Deutschland ist seit 2021 dabei.", "de", "seit 2021"),
        ("La France est présente depuis 2021.", "fr", "depuis 2021"),
        ("The government expects talks in early 2021.", "en", "in early 2021"),
        ("Die Gespräche beginnen Anfang 2021.", "de", "Anfang 2021"),
        ("Les discussions commencent début 2021.", "fr", "début 2021"),
        ("Die Mission endet Mitte 2021.", "de", "Mitte 2021"),
        ("La mission prend fin mi-2021.", "fr", "mi-2021"),
        ("Berlin announced it at the end of 2021.", "en", "at the end of 2021"),
        ("Berlin announced it by the end of 2021.", "en", "by the end of 2021"),
        ("Berlin kündigte den Abzug Ende 2021 an.", "de", "Ende 2021"),
        ("Berlin a annoncé son retrait fin 2021.", "fr", "fin 2021"),
        ("Berlin a annoncé son retrait à la fin de 2021.", "fr", "à la fin de 2021"),
    ],
)
def test_a_year_in_a_date_context_is_that_year(sentence: str, language: str, expected: str) -> None:
    assert found(sentence, language) == [f"{expected} = 2021-01-01 year"]


@pytest.mark.parametrize(
    "sentence",
    [
        "MINUSMA, which consists of 12,2013 troops deployed in the country, suffered losses.",
        "The army had begun shipping about 1300,<> containers of materials.",
        "The army had begun shipping in 1300 containers.",
        "Roughly 20,000 Bundeswehr personnel had served in Mali.",
        "The vote counted 2013 ballots.",
        "Since its establishment in 183, <> of its soldiers have been killed.",
    ],
)
def test_a_bare_number_is_no_year(sentence: str) -> None:
    assert found(sentence, "en") == []


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("They flew back to a German air base on Friday.", "en", "on Friday = 2023-12-15 day"),
        ("A group of soldiers returned Friday.", "en", "Friday = 2023-12-15 day"),
        ("The cabinet approved it on Wednesday.", "en", "on Wednesday = 2023-12-13 day"),
        ("Das Kabinett stimmte am Mittwoch zu.", "de", "am Mittwoch = 2023-12-13 day"),
        ("Le conseil a approuvé le texte mercredi.", "fr", "mercredi = 2023-12-13 day"),
        ("Le ministre est arrivé hier lundi à Bamako.", "fr", "hier lundi = 2023-12-14 day"),
        ("The minister arrived yesterday.", "en", "yesterday = 2023-12-14 day"),
        ("Der Minister kam gestern an.", "de", "gestern = 2023-12-14 day"),
        ("Le ministre est arrivé hier.", "fr", "hier = 2023-12-14 day"),
        ("The interview was published today.", "en", "today = 2023-12-15 day"),
        ("Das Interview erschien heute.", "de", "heute = 2023-12-15 day"),
        ("L'entretien a été publié aujourd'hui.", "fr", "aujourd'hui = 2023-12-15 day"),
        ("The minister travels tomorrow.", "en", "tomorrow = 2023-12-16 day"),
        ("Der Minister reist morgen ab.", "de", "morgen = 2023-12-16 day"),
        ("Le ministre part demain.", "fr", "demain = 2023-12-16 day"),
        ("The talks took place last week.", "en", "last week = 2023-12-04 week"),
        ("The talks resume next week.", "en", "next week = 2023-12-18 week"),
        ("Die Gespräche fanden letzte Woche statt.", "de", "letzte Woche = 2023-12-04 week"),
        ("Die Gespräche gehen nächste Woche weiter.", "de", "nächste Woche = 2023-12-18 week"),
        ("Elles ont eu lieu la semaine dernière.", "fr", "la semaine dernière = 2023-12-04 week"),
        ("Elles reprennent la semaine prochaine.", "fr", "la semaine prochaine = 2023-12-18 week"),
        ("In July, the junta called for UN troops to leave.", "en", "In July = 2023-07-01 month"),
        ("Im Juli forderte die Junta den Abzug.", "de", "Im Juli = 2023-07-01 month"),
        ("En juillet, la junte a exigé le départ.", "fr", "En juillet = 2023-07-01 month"),
        ("Prices rose last month.", "en", "last month = 2023-11-01 month"),
        ("Prices rise next month.", "en", "next month = 2024-01-01 month"),
        ("Prices rose earlier this month.", "en", "earlier this month = 2023-12-01 month"),
        ("Niger saw a coup earlier this year.", "en", "earlier this year = 2023-01-01 year"),
        ("Elections were due this year.", "en", "this year = 2023-01-01 year"),
        ("France withdrew its troops last year.", "en", "last year = 2022-01-01 year"),
        ("Elections are due next year.", "en", "next year = 2024-01-01 year"),
        ("Soldiers seized power the previous year.", "en", "the previous year = 2022-01-01 year"),
        ("Frankreich zog im vergangenen Jahr ab.", "de", "im vergangenen Jahr = 2022-01-01 year"),
        ("Frankreich zog letztes Jahr ab.", "de", "letztes Jahr = 2022-01-01 year"),
        ("La France est partie l'année dernière.", "fr", "l'année dernière = 2022-01-01 year"),
        ("La France s'est retirée l'an dernier.", "fr", "l'an dernier = 2022-01-01 year"),
        ("Les élections auront lieu cette année.", "fr", "cette année = 2023-01-01 year"),
        ('"I will fly to Niger early next week."', "en", "early next week = 2023-12-18 week"),
        ("Two weeks ago the troops left.", "en", "Two weeks ago = 2023-11-27 week"),
        ("Vor drei Tagen zogen die Truppen ab.", "de", "Vor drei Tagen = 2023-12-12 day"),
        ("Il y a deux ans, les troupes sont parties.", "fr", "Il y a deux ans = 2021-01-01 year"),
        ("Prices fell three months ago.", "en", "three months ago = 2023-09-01 month"),
        ("The troops left next July.", "en", "next July = 2024-07-01 month"),
        (
            "The troops leave by the end of the year.",
            "en",
            "by the end of the year = 2023-01-01 year",
        ),
        ("Der Umsatz lag über dem Vorjahr.", "de", "Vorjahr = 2022-01-01 year"),
        ("Der Abzug endet Ende des Jahres.", "de", "Ende des Jahres = 2023-01-01 year"),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(
    sentence: str, language: str, expected: str
) -> None:
    assert found(sentence, language) == [expected]
    assert find_temporal_expressions(sentence, language, FRIDAY)[0].relative


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Berlin approved it on Wednesday due to tension.", "en", "on Wednesday"),
        ("Das Kabinett stimmte am Mittwoch zu.", "de", "am Mittwoch"),
        ("Le ministre est arrivé hier lundi.", "fr", "hier lundi"),
        ("Prices rose last month.", "en", "last month"),
        ("In July, the junta called for the peacekeepers to leave.", "en", "In July"),
        ("The army left on 15 December.", "en", "on 15 December"),
        ("It was published today.", "en", "today"),
    ],
)
def test_without_an_anchor_relative_dates_stay_unresolved(
    sentence: str, language: str, expected: str
) -> None:
    assert found(sentence, language, None) == [f"{expected} = None None"]
    assert find_temporal_expressions(sentence, language, None)[0].relative


@pytest.mark.parametrize(
    ("sentence", "language", "value"),
    [
        ("The last troops flew back on Friday.", "en", "2023-12-15"),
        ("He will fly to Niamey on Friday.", "en", "2023-12-22"),
        ("On Friday, the minister will travel to Niger.", "en", "2023-12-22"),
        ("He said on Friday that he will travel to Niger.", "en", "2023-12-15"),
        ("The vote is to take place on Wednesday.", "en", "2023-12-20"),
        ("The talks ended last Friday.", "en", "2023-12-08"),
        ("They meet again next Friday.", "en", "2023-12-22"),
        ("Sie treffen sich nächsten Freitag.", "de", "2023-12-22"),
        ("Der Minister wird am Freitag nach Niamey reisen.", "de", "2023-12-22"),
        ("Der Minister reiste am Freitag nach Niamey.", "de", "2023-12-15"),
        ("Er kam am vergangenen Dienstag an.", "de", "2023-12-12"),
        ("Ils se retrouveront vendredi prochain.", "fr", "2023-12-22"),
        ("Le président se rendra au Mali vendredi.", "fr", "2023-12-22"),
        ("Le président a parlé vendredi.", "fr", "2023-12-15"),
        ("Laut Plan 2.5 wird er am Freitag reisen.", "de", "2023-12-22"),
        ("Le ministre va se rendre au Niger mardi.", "fr", "2023-12-19"),
        ("Le ministre est arrivé mardi dernier.", "fr", "2023-12-12"),
        # A relative clause after a comma keeps its tense to itself.
        ("Am Mittwoch unterzeichneten sie ein Abkommen, das Berlin finanzieren will.", "de",
         "2023-12-13"),
        ("On Wednesday they signed a deal, which Berlin will fund.", "en", "2023-12-13"),
        ("Mercredi, ils ont signé un accord, qui sera financé par Berlin.", "fr", "2023-12-13"),
        ("Pistorius sagte am Mittwoch, die Bundeswehr werde abziehen.", "de", "2023-12-13"),
        # … and the relative clause around the date keeps its own.
        ("He said that the troops, who will leave on Friday, are tired.", "en", "2023-12-22"),
        ("Il a dit que les soldats, qui partiront vendredi, sont las.", "fr", "2023-12-22"),
        # A relative clause a comma closes is inside the date's clause, whose verb comes after.
        ("Talks on Friday, which the UN will attend, are to focus on aid.", "en", "2023-12-22"),
    ],
)
def test_a_weekday_is_the_most_recent_unless_the_clause_points_ahead(
    sentence: str, language: str, value: str
) -> None:
    (expression,) = find_temporal_expressions(sentence, language, FRIDAY)
    assert (expression.value, expression.precision) == (date.fromisoformat(value), "day")


@pytest.mark.parametrize(
    ("sentence", "language", "value"),
    [
        ("In July, the junta called for the peacekeepers to leave.", "en", "2023-07-01"),
        ("Elections will be held in July.", "en", "2024-07-01"),
        ("Elections will be held in December.", "en", "2023-12-01"),
        ("The junta left last December.", "en", "2022-12-01"),
        ("In July last year the junta left.", "en", "2022-07-01"),
        ("Die Wahl soll im Juli stattfinden.", "de", "2024-07-01"),
        ("Im Juli vergangenen Jahres zog Frankreich ab.", "de", "2022-07-01"),
        ("La France est partie en juillet dernier.", "fr", "2023-07-01"),
        ("Les élections seront organisées en juillet.", "fr", "2024-07-01"),
        ("Die AU billigte im Juli eine Mission, die bald beginnen soll.", "de",
         "2023-07-01"),
    ],
)
def test_a_month_without_a_year_follows_the_same_rule(
    sentence: str, language: str, value: str
) -> None:
    (expression,) = find_temporal_expressions(sentence, language, FRIDAY)
    assert (expression.value, expression.precision) == (date.fromisoformat(value), "month")


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The troops left on 15 December.", "2023-12-15"),
        ("The troops left on 20 December.", "2022-12-20"),
        ("The troops will leave on 20 December.", "2023-12-20"),
        ("The troops left Dec. 1.", "2023-12-01"),
        ("The troops left on 29 February.", "2020-02-29"),
    ],
)
def test_a_day_and_month_without_a_year_take_the_year_from_the_anchor(
    sentence: str, value: str
) -> None:
    (expression,) = find_temporal_expressions(sentence, "en", FRIDAY)
    assert (expression.value, expression.precision) == (date.fromisoformat(value), "day")
    assert expression.relative


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("They may be leaving, and they may not.", "en"),
        ("Protesters march through Bamako.", "en"),
        ("The minister sat down with the press.", "en"),
        ("Sun and wind power the base. Wed to the plan.", "en"),
        ("Die Soldaten sind mit der Mission fertig.", "de"),
        ("Der deutsche Kooperationsoffizier General Mirko Freitag wurde geehrt.", "de"),
        ("Am Morgen kamen die Soldaten an.", "de"),
        ("Die Soldaten sind hier stationiert.", None),
        ("The government recently again delayed plans for elections.", "en"),
        ("Soldiers will gradually leave Mali in the next 12 months.", "en"),
        ("Recent months have seen repeated skirmishes, as in recent years.", "en"),
        ("Violence in Mali for seven years has killed more than 7,10 people.", "en"),
        ("The contingent grew by 2000 troops.", "en"),
        ("Prices rose steeply over the last year.", "en"),
        ("Ab 2000 Euro gibt es Zuschüsse.", "de"),
        ("Vor 2000 Jahren lag hier ein Dorf.", "de"),
        ("Le billet coûte pour 2000 euros.", "fr"),
        ("Cette année-là, la junte a pris le pouvoir.", "fr"),
        ("Invalid: 2023-02-30, 31.02.2023, on 31 April.", "en"),
    ],
)
def test_words_that_only_look_like_dates_are_not_dates(sentence: str, language: str) -> None:
    assert found(sentence, language) == []


def test_may_is_a_month_next_to_a_day_a_year_or_a_cue() -> None:
    sentence = "May 5 was calm; by May 2024 they left; in May they came back; they may stay."
    assert texts(sentence, "en") == ["May 5", "by May 2024", "in May"]


def test_an_unknown_language_tries_english_german_and_french() -> None:
    sentence = "On Friday, 15 December 2023; am Mittwoch; mercredi; im Jahr 2021; en juillet."
    assert texts(sentence, None) == [
        "On Friday, 15 December 2023",
        "am Mittwoch",
        "mercredi",
        "im Jahr 2021",
        "en juillet",
    ]


def test_french_hier_needs_a_french_text_when_the_language_is_unknown() -> None:
    assert texts("Le ministre est arrivé hier à Bamako.", None) == ["hier"]
    assert texts("Hier ist der Minister, und die Soldaten sind auch hier.", None) == []


def test_another_language_gets_only_numeric_dates() -> None:
    assert texts("El 15 de diciembre de 2023 (2023-12-15), el lunes.", "es") == ["2023-12-15"]


def test_the_dw_seed_article_dates() -> None:
    body = (
        "The last Bundeswehr troops serving in Mali flew back to a German air base on Friday. "
        "Mali's current military government took power in a coup in 2021, deposing rival "
        "soldiers who had seized power the previous year. In July, the junta called for all UN "
        "peacekeepers to leave. It did not announce a new target date for what would be the "
        "first national vote since 2018 as it postponed the February 2024 appointment. "
        '"Therefore, I will fly to Niger early next week," he said.'
    )
    assert found(body, "en") == [
        "on Friday = 2023-12-15 day",
        "in 2021 = 2021-01-01 year",
        "the previous year = 2020-01-01 year",
        "In July = 2023-07-01 month",
        "since 2018 = 2018-01-01 year",
        "February 2024 = 2024-02-01 month",
        "early next week = 2023-12-18 week",
    ]


def test_the_undated_seed_article_dates_stay_unresolved_when_relative() -> None:
    body = (
        "Berlin announced the decision to withdraw from Mali at the end of 2022 before the "
        "government approved it on Wednesday due to tension with the ruling military council."
    )
    assert found(body, "en", None) == [
        "at the end of 2022 = 2022-01-01 year",
        "on Wednesday = None None",
    ]


def test_an_anchor_at_the_end_of_the_calendar_leaves_the_date_unresolved() -> None:
    assert found("Elections are due next year.", "en", date.max) == ["next year = None None"]


def test_offsets_point_into_the_original_text() -> None:
    text = "İİ Straße: the Bundeswehr left on Friday, and in 2021 too."
    for expression in find_temporal_expressions(text, "en", FRIDAY):
        assert text[expression.char_start : expression.char_end] == expression.text
    assert texts(text, "en") == ["on Friday", "in 2021"]


@pytest.mark.parametrize(
    ("dateline", "language", "expected"),
    [
        ("December 15, 2023", None, (date(2023, 12, 15), "day")),
        ("15. Dezember 2023", "de", (date(2023, 12, 15), "day")),
        ("15 décembre 2023", "fr", (date(2023, 12, 15), "day")),
        ("2023-12-15", None, (date(2023, 12, 15), "day")),
        ("15.12.2023", None, (date(2023, 12, 15), "day")),
        ("Dec. 15, 2023", "en", (date(2023, 12, 15), "day")),
        ("Friday, 15 December 2023", None, (date(2023, 12, 15), "day")),
        ("  DECEMBER 15, 2023 ", "en", (date(2023, 12, 15), "day")),
        ("December 2023", "en", (date(2023, 12, 1), "month")),
    ],
)
def test_parse_absolute_date_reads_datelines(
    dateline: str, language: str | None, expected: tuple[date, str]
) -> None:
    assert parse_absolute_date(dateline, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "on Friday",
        "December 15",
        "2023",
        "in 2021",
        "on December 15, 2023",
        "December 15, 2023 in Berlin",
        "31 February 2023",
        "Mali: Last German troops return",
    ],
)
def test_parse_absolute_date_refuses_anything_but_one_absolute_date(text: str) -> None:
    assert parse_absolute_date(text) is None


_FRAGMENTS = [
    "on Friday",
    "am Mittwoch",
    "hier lundi",
    "In July",
    "2023-12-15",
    "15.12.2023",
    "Ende 2022",
    "December 15, 2023",
    "15. Dezember",
    "1er janvier",
    "early next week",
    "in 2021",
    "since",
    "the end of",
    "l'an dernier",
    "la semaine",
    "vor drei",
    "Tagen",
    "ago",
    "two weeks",
    "May",
    "morgen",
    "Morgen",
    "heute",
    " ",
    ", ",
    ". ",
    "\n",
    "-",
    "'",
    "’",
    "İ",
    "ß",
    "will",
]
_TEXT = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=6)), max_size=25)


@given(
    words=_TEXT,
    language=st.sampled_from([None, "en", "de", "fr", "es"]),
    anchor=st.one_of(st.none(), st.dates()),
)
def test_expressions_are_exact_sorted_and_disjoint(
    words: list[str], language: str | None, anchor: date | None
) -> None:
    text = "".join(words)
    expressions = find_temporal_expressions(text, language, anchor)
    for expression in expressions:
        assert text[expression.char_start : expression.char_end] == expression.text
        assert (expression.value is None) == (expression.precision is None)
        assert expression.relative or expression.value is not None
        assert anchor is not None or not expression.relative or expression.value is None
    for before, after in zip(expressions, expressions[1:], strict=False):
        assert before.char_end <= after.char_start


def test_the_previous_year_points_back_at_a_year_just_named() -> None:
    text = ("Mali's current military government took power in a coup in 2021, deposing rival "
            "soldiers who had seized power the previous year.")
    found = find_temporal_expressions(text, "en", date(2023, 12, 15))
    assert [(e.value, e.precision) for e in found] == [
        (date(2021, 1, 1), "year"), (date(2020, 1, 1), "year")]
    alone = find_temporal_expressions("They had seized power the previous year.", "en",
                                      date(2023, 12, 15))
    assert [(e.value, e.precision) for e in alone] == [(date(2022, 1, 1), "year")]


@pytest.mark.parametrize("text, language", [
    ("0001-01-01 the previous year Niger elected", "en"),
    ("Gespräch mit Sudan 1/1/0001 Vorjahr.", None),
    ("Le 01/01/0001, l'année précédente", "fr"),
])
def test_no_year_before_the_first_is_made(text: str, language: str | None) -> None:
    """A date in the year 1 and "the previous year" in one sentence (found by fuzzing): the
    year before stays unnamed instead of failing the article."""
    found = find_temporal_expressions(text, language, None)
    assert all(e.value is None or e.value.year >= 1 for e in found)
    assert any(e.value == date(1, 1, 1) for e in found)
