"""Entity recognition on literal sentences: what counts as a mention (DESIGN.md §5.6)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdb.pipeline.folding import fold_with_offsets
from newsdb.pipeline.gazetteer import default_gazetteer
from newsdb.pipeline.mentions import KnownName, find_mentions, name_prefixes
from newsdb.pipeline.sentences import split_sentences


def _mentions(body: str, language: str = "en", known: dict[str, KnownName] | None = None
              ) -> list[tuple[str, str]]:
    found, _ = find_mentions(body, language, split_sentences(body), known)
    for mention in found:
        assert body[mention.char_start:mention.char_end] == mention.text
    return [(m.text, m.key) for m in found]


def test_one_entity_whatever_the_language() -> None:
    keys = {k for _, k in _mentions("Russia and Germany met.", "en")}
    keys |= {k for _, k in _mentions("Russland und Deutschland trafen sich.", "de")}
    keys |= {k for _, k in _mentions("La Russie et l'Allemagne se sont réunies.", "fr")}
    assert keys == {"russia", "germany"}


def test_niger_is_not_nigeria_and_no_word_inside_another() -> None:
    found = _mentions("Niger and Nigeria talked. Malian and ehemaligen Nigerian officials "
                      "visited Somalia.")
    assert ("Niger", "niger") in found and ("Nigeria", "nigeria") in found
    assert not any(text in {"Mali", "Niger"} and text != "Mali" for text, _ in found[2:])
    assert all(text not in {"Mali"} for text, _ in found)


def test_german_genitive_is_tolerated_and_left_out_of_the_span() -> None:
    found = _mentions("Die Regierung Malis und die Armee Deutschlands.", "de")
    assert found == [("Mali", "mali"), ("Deutschland", "germany")]


def test_demonyms_are_not_mentions_but_are_reported() -> None:
    body = "German troops and russische Berater left."
    found, demonyms = find_mentions(body, "en", split_sentences(body))
    assert found == []
    assert {d.country_key for d in demonyms} == {"germany", "russia"}


def test_lowercase_words_and_acronyms_in_the_wrong_case_are_not_names() -> None:
    assert _mentions("They will chad the paper and tell us about the un deal.") == []


def test_surname_after_full_name_is_the_same_person() -> None:
    found = _mentions("Colonel Heiko Ponzac spoke to reporters. Ponzac said the army left. "
                      "Ponzac's team stayed.")
    keys = [k for t, k in found if "Ponzac" in t]
    assert len(keys) == 3 and len(set(keys)) == 1
    assert [t for t, _ in found] == ["Heiko Ponzac", "Ponzac", "Ponzac"]


def test_a_surname_comes_back_without_its_arabic_article() -> None:
    """"Abdel Fattah al-Burhan" … "Burhan"; the knowledge base spells "el-Sisi", the text
    "al-Sisi" … "Sisi"."""
    found = _mentions("Army chief Abdel Fattah al-Burhan flew to Cairo, where President Abdel "
                      "Fattah al-Sisi received him. Sisi and Burhan spoke for an hour.")
    keys = dict(found)
    assert keys["Burhan"] == keys["Abdel Fattah al-Burhan"]
    assert keys["Sisi"] == keys["Abdel Fattah al-Sisi"] != keys["Burhan"]


def test_an_acronym_after_a_hyphen_is_the_tail_of_a_longer_one() -> None:
    """"CSP-DPA" is an armed group of its own, not the news agency "DPA"; "EU-UN talks" name
    both."""
    found = _mentions("The rebel alliance (CSP-DPA) said the EU-UN talks had failed.")
    assert ("CSP-DPA", "new:csp-dpa") in found
    assert "DPA" not in dict(found)
    assert dict(found)["EU"] == "european-union" and dict(found)["UN"] == "united-nations"
    hits = default_gazetteer().find(fold_with_offsets("Fighters of the CSP-DPA and the EU-UN."))
    assert [hit.text for hit in hits] == ["EU", "UN"]
    hits = default_gazetteer().find(fold_with_offsets("Pro-RSF fighters and anti-MINUSMA protests"))
    assert [hit.text for hit in hits] == ["RSF", "MINUSMA"]


def test_a_name_inside_another_name_is_not_a_mention() -> None:
    found = _mentions("Mali left ECOWAS to form the Alliance of Sahel States with Niger.")
    assert ("Alliance of Sahel States", "alliance-of-sahel-states") in found
    assert not any(text == "Sahel" for text, _ in found)


def test_names_the_database_knows_are_found_without_a_cue() -> None:
    known = {"heiko ponzac": KnownName("db:7", "Heiko Ponzac", "person")}
    assert _mentions("Heiko Ponzac verließ Gao.", "de", known)[0] == ("Heiko Ponzac", "db:7")


def test_known_prefixes_change_nothing_but_the_speed() -> None:
    known = {name: KnownName(f"db:{i}", name.title(), kind) for i, (name, kind) in enumerate([
        ("heiko ponzac", "person"), ("jean claude mbaye", "person"), ("kati", "location"),
        ("sahel watch group", "organization"), ("ponzac", "person")])}
    body = ("Heiko Ponzac's visit: Jean Claude Mbaye met Colonel Jean Claude in Kati. "
            "Sahel Watch Group, Sahel Watch and Ponzacs said so.")
    sentences = split_sentences(body)
    plain = find_mentions(body, "en", sentences, known)
    assert find_mentions(body, "en", sentences, known, known_prefixes=name_prefixes(known)) == plain
    assert name_prefixes(["jean claude mbaye", "kati"]) == {"jean", "jean claude"}
    assert {m.text for m in plain[0]} >= {"Heiko Ponzac", "Jean Claude Mbaye", "Sahel Watch Group"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "Straße", "Sévaré", "Se\u0301vare\u0301", "ß", "Mali", "Malis", "Niger", "Côte d’Ivoire",
    "Elfenbeinküste", "Boris Pistorius", "Pistorius", "İstanbul", "ﬁ", "Russland", "in Kati",
    "Colonel Jean Dupont", ".", ",", " ", "\n\n", "Deutschlands", "MINUSMA", "é",
]), max_size=30))
def test_offsets_point_into_the_original_body(parts: list[str]) -> None:
    body = " ".join(parts)
    found, demonyms = find_mentions(body, "de", split_sentences(body))
    for item in [*found, *demonyms]:
        assert body[item.char_start:item.char_end] == item.text
    spans = sorted((m.char_start, m.char_end) for m in found)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
