"""Sentence splitting keeps exact offsets and knows titles and initials."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsdb.pipeline.sentences import sentence_at, split_sentences


def test_split_on_terminal_punctuation_and_paragraphs() -> None:
    body = "Col. Heiko Ponzac spoke. Troops left Gao! Did they?\n\nA heading\n\nLast one."
    texts = [s.text for s in split_sentences(body)]
    assert texts == ["Col. Heiko Ponzac spoke.", "Troops left Gao!", "Did they?", "A heading",
                     "Last one."]


def test_initials_and_german_abbreviations_do_not_split() -> None:
    body = "George W. Bush met z.B. Vertreter der UN. Danach ging er."
    assert [s.text for s in split_sentences(body)] == [
        "George W. Bush met z.B. Vertreter der UN.", "Danach ging er."]


def test_sentence_at_finds_the_holder() -> None:
    sentences = split_sentences("One. Two. Three.")
    assert sentence_at(sentences, 6) == 1
    assert sentence_at(sentences, 0) == 0


@given(st.text(max_size=200))
def test_offsets_are_exact(body: str) -> None:
    sentences = split_sentences(body)
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert body[sentence.char_start:sentence.char_end] == sentence.text
        assert sentence.text == sentence.text.strip()
    starts = [s.char_start for s in sentences]
    assert starts == sorted(starts)


def test_german_ordinal_dates_do_not_end_a_sentence() -> None:
    body = "Am 11. November 2025 empfing der Minister Gäste. Es kamen 12. Danach nichts."
    assert [s.text for s in split_sentences(body)] == [
        "Am 11. November 2025 empfing der Minister Gäste.", "Es kamen 12.", "Danach nichts."]


def test_a_sentence_may_open_with_a_spaced_or_low_quote() -> None:
    body = ("Lavrov est arrivé mardi. « Nous sommes prêts », a-t-il dit. Er kam am Montag. "
            "„Wir bleiben“, sagte er.")
    assert [s.text for s in split_sentences(body)] == [
        "Lavrov est arrivé mardi.", "« Nous sommes prêts », a-t-il dit.", "Er kam am Montag.",
        "„Wir bleiben“, sagte er."]


def test_a_spaced_french_closing_quote_ends_a_sentence() -> None:
    assert [s.text for s in split_sentences("Il a dit « non. » Puis il est parti.")] == [
        "Il a dit « non. »", "Puis il est parti."]
