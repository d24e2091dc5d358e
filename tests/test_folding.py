"""Folding keeps a map back to the original offsets, whatever the folded length."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.pipeline.folding import fold, fold_char, fold_with_offsets


def test_fold_case_accents_and_sharp_s() -> None:
    assert fold("Sévaré") == "sevare"
    assert fold("Straße") == "strasse"
    assert fold("Côte d’Ivoire") == "cote d'ivoire"


def test_offsets_survive_expansions_and_combining_marks() -> None:
    text = "Die Straße nach Se\u0301vare\u0301 und Gao"
    folded = fold_with_offsets(text)
    start = folded.folded.index("sevare")
    s, e = folded.span(start, start + len("sevare"))
    assert text[s:e] == "Se\u0301vare\u0301"
    gao = folded.folded.index("gao")
    assert text[slice(*folded.span(gao, gao + 3))] == "Gao"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aßéÉe\u0301ﬁİ ’-Malisevar")), max_size=40))
def test_every_folded_char_maps_into_the_original(text: str) -> None:
    folded = fold_with_offsets(text)
    assert len(folded.origin) == len(folded.folded) + 1
    assert all(0 <= o <= len(text) for o in folded.origin)
    assert list(folded.origin) == sorted(folded.origin)
    for start in range(len(folded.folded)):
        for end in range(start + 1, len(folded.folded) + 1):
            s, e = folded.span(start, end)
            assert 0 <= s < e <= len(text)
            # The original span, folded again, holds the folded text that was matched.
            assert folded.folded[start:end] in fold(text[s:e])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAßéÉe\u0301ﬁİ’`-Ma lis\nevarÇᏸ")), max_size=40))
def test_offsets_match_a_fold_character_by_character(text: str) -> None:
    pieces = [c.lower() if c.isascii() else fold_char(c) for c in text]
    folded = fold_with_offsets(text)
    if not text.isascii():
        assert folded.folded == "".join(pieces)
        assert list(folded.origin) == [
            *(index for index, piece in enumerate(pieces) for _ in piece), len(text)]
    if folded.aligned:
        assert list(folded.origin) == list(range(len(text) + 1))


def test_a_folding_that_lower_casing_would_change_is_kept() -> None:
    # Cherokee folds to its capitals: the text is translated whole, not lower-cased after.
    assert fold_char("ᏸ") == "Ᏸ"
    folded = fold_with_offsets("Mali ᏸ Gao")
    assert folded.folded == "mali Ᏸ gao"
    assert folded.aligned
