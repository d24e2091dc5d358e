"""The shipped knowledge base: consistent data, names in three languages, user extensions."""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

from newsdb.kb import (
    EXTRA_ENV,
    KnowledgeBase,
    KnowledgeBaseError,
    KnownEntity,
    load_knowledge_base,
)
from newsdb.kb.build_countries import _french_forms, _german_noun_forms
from newsdb.kb.loader import DATA_DIR

# Single-word names a person is commonly known by; any other person alias needs a full name.
PERSON_NICKNAMES = {"Hemedti"}


def fold(text: str) -> str:
    """Fold case, accents, apostrophes and hyphens the way a tolerant matcher would."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("\u2019", "'").replace("-", " ")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def by_alias(kb: KnowledgeBase) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for entity in kb:
        for alias in entity.aliases:
            index[fold(alias.text)].add(entity.key)
    return index


def resolve(by_alias: dict[str, set[str]], text: str) -> str:
    (key,) = by_alias[fold(text)]
    return key


def test_data_files_have_unique_keys() -> None:
    keys = [
        entry["key"] for path in DATA_DIR.glob("*.json") for entry in json.loads(path.read_text())
    ]
    assert len(keys) == len(set(keys)) > 1000


def test_wikidata_ids_are_well_formed_and_unique(kb: KnowledgeBase) -> None:
    qids = [entity.wikidata_id for entity in kb if entity.wikidata_id is not None]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", qid) for qid in qids)
    assert len(qids) == len(set(qids))
    assert kb.by_wikidata("Q183") is kb.get("germany")
    assert kb.by_wikidata("Q1065") is kb.get("united-nations")


def test_every_iso_country_has_exactly_one_country_entity(kb: KnowledgeBase) -> None:
    countries = [entity for entity in kb if entity.subtype == "country"]
    codes = [entity.country_code for entity in countries]
    assert len(codes) == len(set(codes))
    for country in pycountry.countries:
        entity = kb.country(country.alpha_2)
        assert entity is not None, country.alpha_2
        assert entity.kind == "location"
    assert kb.country("ml") is kb.get("mali")
    assert kb.country("XK") is kb.get("kosovo")


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("russia", ["Russia", "Russland", "Russie", "Russian Federation"]),
        ("germany", ["Germany", "Deutschland", "Allemagne"]),
        ("ivory-coast", ["Ivory Coast", "Elfenbeinküste", "Côte d'Ivoire", "Côte d’Ivoire"]),
        (
            "dr-congo",
            ["DR Congo", "Demokratischen Republik Kongo", "RDC",
             "République démocratique du Congo"],
        ),
        ("turkey", ["Turkey", "Türkiye", "Türkei", "Turquie"]),
        ("mauritania", ["Mauritania", "Mauretanien", "Mauritanie"]),
        ("united-states", ["United States", "USA", "Vereinigte Staaten", "États-Unis"]),
        ("united-kingdom", ["UK", "Großbritannien", "Royaume-Uni"]),
        ("chad", ["Chad", "Tschad", "Tchad"]),
        ("niger", ["Niger"]),
        ("nigeria", ["Nigeria"]),
    ],
)
def test_country_names_in_three_languages_resolve_to_one_entity(
    by_alias: dict[str, set[str]], key: str, names: list[str]
) -> None:
    assert {resolve(by_alias, name) for name in names} == {key}


def test_niger_and_nigeria_are_distinct(kb: KnowledgeBase) -> None:
    niger, nigeria = kb.country("NE"), kb.country("NG")
    assert niger is not None and nigeria is not None
    assert niger.key != nigeria.key
    assert "Nigeria" not in {alias.text for alias in niger.aliases}


@pytest.mark.parametrize(
    "name",
    [
        "MINUSMA",
        "Minusma",
        "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        "Mission multidimensionnelle intégrée des Nations unies pour la stabilisation au Mali",
        "UN-Mission in Mali",
    ],
)
def test_minusma_is_found_by_its_names(
    kb: KnowledgeBase, by_alias: dict[str, set[str]], name: str
) -> None:
    assert resolve(by_alias, name) == "minusma"
    minusma = kb.get("minusma")
    assert minusma is not None and minusma.parent_key == "united-nations"


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("united-nations", ["UN", "Vereinte Nationen", "ONU", "Nations unies"]),
        ("ecowas", ["ECOWAS", "CEDEAO", "Westafrikanische Wirtschaftsgemeinschaft"]),
        (
            "alliance-of-sahel-states",
            ["AES", "Allianz der Sahelstaaten", "Alliance des États du Sahel"],
        ),
        ("nato", ["NATO", "OTAN", "Nato"]),
        ("wagner-group", ["Wagner", "Gruppe Wagner", "groupe Wagner"]),
        ("malian-armed-forces", ["FAMa", "Forces armées maliennes", "malischen Streitkräfte"]),
        ("bundeswehr", ["Bundeswehr", "German military"]),
        ("timbuktu", ["Timbuktu", "Tombouctou"]),
        ("assimi-goita", ["Assimi Goïta", "Assimi Goita"]),
        ("vladimir-putin", ["Vladimir Putin", "Wladimir Putin", "Vladimir Poutine"]),
    ],
)
def test_organizations_places_and_people_resolve(
    by_alias: dict[str, set[str]], key: str, names: list[str]
) -> None:
    assert {resolve(by_alias, name) for name in names} == {key}


def test_no_alias_names_two_entities(by_alias: dict[str, set[str]]) -> None:
    shared = {alias: keys for alias, keys in by_alias.items() if len(keys) > 1}
    assert shared == {}


def test_demonyms_of_germany_in_three_languages(kb: KnowledgeBase) -> None:
    germany = kb.get("germany")
    assert germany is not None
    by_language = defaultdict(set)
    for demonym in germany.demonyms:
        by_language[demonym.language].add(demonym.text)
    assert {"German", "Germans"} <= by_language["en"]
    assert {"deutsch", "deutsche", "deutschen", "deutscher", "deutsches"} <= by_language["de"]
    assert {"allemand", "allemande", "allemands", "allemandes"} <= by_language["fr"]


def test_demonyms_are_never_aliases_of_another_entity(
    kb: KnowledgeBase, by_alias: dict[str, set[str]]
) -> None:
    for entity in kb:
        for demonym in entity.demonyms:
            assert by_alias.get(fold(demonym.text), {entity.key}) == {entity.key}, demonym


def test_acronyms_and_common_words_match_case_sensitively(kb: KnowledgeBase) -> None:
    un = kb.get("united-nations")
    chad = kb.get("chad")
    assert un is not None and chad is not None
    flags = {alias.text: alias.case_sensitive for alias in (*un.aliases, *chad.aliases)}
    assert flags["UN"] and flags["ONU"] and flags["Uno"] and flags["Chad"]
    assert not flags["Vereinte Nationen"] and not flags["Tschad"]


def test_every_entity_has_its_canonical_name_as_alias(kb: KnowledgeBase) -> None:
    for entity in kb:
        assert entity.name in {alias.text for alias in entity.aliases}, entity.key


def test_language_neutral_names_have_no_language(kb: KnowledgeBase) -> None:
    mali = kb.get("mali")
    assert mali is not None
    assert {alias.language for alias in mali.aliases if alias.text == "Mali"} == {None}


def test_locations_with_coordinates_are_in_range(kb: KnowledgeBase) -> None:
    located = [entity for entity in kb if entity.latitude is not None]
    assert len(located) > 300
    for entity in located:
        assert entity.kind == "location"
        assert entity.longitude is not None
        assert -90 <= entity.latitude <= 90 and -180 <= entity.longitude <= 180, entity.key
    for entity in kb:
        if entity.subtype in {"city", "town"}:
            assert entity.latitude is not None, entity.key


def test_sahel_towns_have_plausible_coordinates(kb: KnowledgeBase) -> None:
    gao, niamey = kb.get("gao"), kb.get("niamey")
    assert gao is not None and niamey is not None
    assert gao.country_code == "ML" and 15 < (gao.latitude or 0) < 17
    assert niamey.country_code == "NE" and 1 < (niamey.longitude or 0) < 3


def test_people_have_full_names_only(kb: KnowledgeBase) -> None:
    for person in (entity for entity in kb if entity.kind == "person"):
        for alias in person.aliases:
            assert " " in alias.text or alias.text in PERSON_NICKNAMES, (person.key, alias.text)


def test_parents_and_country_codes_point_at_known_entities(kb: KnowledgeBase) -> None:
    for entity in kb:
        if entity.parent_key is not None:
            assert kb.get(entity.parent_key) is not None, entity.key
        if entity.country_code is not None and entity.subtype != "country":
            assert kb.country(entity.country_code) is not None, entity.key
    bundeswehr = kb.get("bundeswehr")
    assert bundeswehr is not None and bundeswehr.parent_key == "germany"


def write_extra(tmp_path: Path, entries: list[dict[str, object]]) -> Path:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_extra_file_from_environment_extends_the_knowledge_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = write_extra(
        tmp_path,
        [
            {"key": "mali", "aliases": {"fr": ["République du Mali (test)"]}},
            {
                "key": "wunstorf",
                "kind": "location",
                "subtype": "town",
                "name": "Wunstorf",
                "country_code": "DE",
                "latitude": 52.42,
                "longitude": 9.43,
            },
        ],
    )
    monkeypatch.setenv(EXTRA_ENV, str(extra))
    kb = load_knowledge_base()
    mali = kb.get("mali")
    assert mali is not None
    texts = {alias.text for alias in mali.aliases}
    assert {"Mali", "République du Mali", "République du Mali (test)"} <= texts
    assert mali.wikidata_id == "Q912"
    wunstorf = kb.get("wunstorf")
    assert isinstance(wunstorf, KnownEntity)
    assert [alias.text for alias in wunstorf.aliases] == ["Wunstorf"]
    monkeypatch.delenv(EXTRA_ENV)
    assert load_knowledge_base().get("wunstorf") is None


def test_extra_path_overrides_fields(tmp_path: Path) -> None:
    extra = write_extra(tmp_path, [{"key": "gao", "description": "Test description"}])
    kb = load_knowledge_base(extra_path=extra)
    gao = kb.get("gao")
    assert gao is not None and gao.description == "Test description"
    assert gao.latitude is not None


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"key": "x-thing", "kind": "planet", "name": "X"}, "unknown kind"),
        ({"key": "x-thing", "kind": "other"}, "lacks the field 'name'"),
        ({"key": "x-thing", "kind": "other", "name": "X", "wikidata_id": "Q0"}, "Wikidata"),
        ({"key": "x-thing", "kind": "other", "name": "X", "wikidata_id": "Q183"}, "Q183"),
        ({"key": "x-thing", "kind": "other", "name": "X", "parent_key": "nowhere"}, "parent_key"),
        ({"key": "Bad Key", "kind": "other", "name": "X"}, "slug"),
    ],
)
def test_malformed_extra_file_is_reported(
    tmp_path: Path, entry: dict[str, object], message: str
) -> None:
    with pytest.raises(KnowledgeBaseError, match=message):
        load_knowledge_base(extra_path=write_extra(tmp_path, [entry]))


def test_unreadable_extra_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="broken.json"):
        load_knowledge_base(extra_path=path)


def test_default_load_is_cached_and_fast(tmp_path: Path) -> None:
    assert load_knowledge_base() is load_knowledge_base()
    started = time.perf_counter()
    load_knowledge_base(extra_path=write_extra(tmp_path, []))
    # Generous bound for a slow CI machine; it takes well under 100 ms on a laptop.
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("malien", ["malien", "malienne", "maliens", "maliennes"]),
        ("français", ["français", "française", "françaises"]),
        ("russe", ["russe", "russes"]),
        ("allemand", ["allemand", "allemande", "allemands", "allemandes"]),
    ],
)
def test_french_demonym_inflection(word: str, forms: list[str]) -> None:
    assert _french_forms(word) == forms


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("Malier", ["Malier", "Maliern", "Maliers", "Malierin", "Malierinnen"]),
        ("Russe", ["Russe", "Russen", "Russin", "Russinnen"]),
    ],
)
def test_german_demonym_inflection(word: str, forms: list[str]) -> None:
    assert _german_noun_forms(word) == forms


def test_capitals_map_to_their_countries() -> None:
    capitals = load_knowledge_base().capital_countries()
    assert (capitals["ankara"], capitals["bamako"], capitals["niamey"]) == (
        "turkey", "mali", "niger")
    assert "gao" not in capitals and "mali" not in capitals
