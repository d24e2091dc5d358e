"""Names the knowledge base does not know, found from the words around them (EN/DE/FR)."""

from __future__ import annotations

import re

import pytest

from newsdb.pipeline.cues import find_cue_names, tokenize
from newsdb.pipeline.folding import fold


def _names(text: str, language: str) -> dict[str, str]:
    return {c.text: c.kind for c in find_cue_names(text, language)}


@pytest.mark.parametrize("text, language, name", [
    ("The German commander in Mali, Colonel Heiko Ponzac, told reporters.", "en", "Heiko Ponzac"),
    ("Der Oberstleutnant Frank Borchers erhielt eine Medaille.", "de", "Frank Borchers"),
    ("Generalmajor Sidiki Samaké leitete die Veranstaltung.", "de", "Sidiki Samaké"),
    ("Der deutsche Kooperationsoffizier General Mirko Freitag wurde geehrt.", "de",
     "Mirko Freitag"),
    ("Le ministre Abdoulaye Diop a reçu son homologue.", "fr", "Abdoulaye Diop"),
    ("Außenministerin Jane Roe sprach in Wien.", "de", "Jane Roe"),
    ("Kwame Mensah said the talks had failed.", "en", "Kwame Mensah"),
    ("He met his Ghanaian counterpart Kwame Mensah in Accra.", "en", "Kwame Mensah"),
    ("Sie traf ihren Amtskollegen Kwame Mensah in Accra.", "de", "Kwame Mensah"),
    ("Der RSF-Kommandeur Osman Abakar floh nach Tschad.", "de", "Osman Abakar"),
    ("Il a reçu son homologue Kwame Mensah à Accra.", "fr", "Kwame Mensah"),
    ("La cheffe Aminata Touré a démissionné.", "fr", "Aminata Touré"),
    ('"Beide Seiten glauben an Siege", sagt Gerrit Kurtz von der Stiftung.', "de",
     "Gerrit Kurtz"),
    ('"No miracle," said Onesphore Sematumba of the Crisis Group.', "en",
     "Onesphore Sematumba"),
])
def test_people_after_titles_and_before_speech_verbs(text: str, language: str,
                                                     name: str) -> None:
    assert _names(text, language).get(name) == "person"


@pytest.mark.parametrize("text, name", [
    ("Former prime minister Moussa Mara condemned the decision.", "Moussa Mara"),
    ("The talks failed, said foreign minister Abdoulaye Diop.", "Abdoulaye Diop"),
    ("Army spokesman Souleymane Dembélé denied the report.", "Souleymane Dembélé"),
])
def test_english_titles_written_in_lower_case(text: str, name: str) -> None:
    assert _names(text, "en").get(name) == "person"


@pytest.mark.parametrize("text, language, name", [
    ("Russlands UN-Botschafter Wassili Nebensja begründete die Enthaltung.", "de",
     "Wassili Nebensja"),
    ("Das sagte Generalstabschef Abakar Abdelkerim Daoud bei der Feier.", "de",
     "Abakar Abdelkerim Daoud"),
    ("U.N. aid chief Tom Fletcher, who visited Port Sudan, said the talks failed.", "en",
     "Tom Fletcher"),
    ("Die Leiterin der Mission, Valentine Rugwabiza, begrüßte die Entscheidung.", "de",
     "Valentine Rugwabiza"),
    ("Le ministre de la Sécurité, Mahamadou Sana, a dénoncé une attaque.", "fr",
     "Mahamadou Sana"),
])
def test_people_after_compound_titles_and_in_apposition(text: str, language: str,
                                                        name: str) -> None:
    names = _names(text, language)
    assert names.get(name) == "person"
    assert [n for n, kind in names.items() if kind == "person"] == [name]


def test_a_title_ends_an_organization_and_starts_a_person() -> None:
    names = _names("ECOWAS Commission President Omar Alieu Touray spoke on Sunday.", "en")
    assert names.get("Omar Alieu Touray") == "person"
    assert not [name for name in names if "President" in name]


@pytest.mark.parametrize("text", [
    "Twelve died, according to the General Coordination for Displaced Persons in Darfur.",
    "The minister of defence, Burkina Faso's army chief and others met.",
    "The president of France, Germany and Italy met on Monday.",
])
def test_no_person_where_a_title_meets_an_organization_or_a_list(text: str) -> None:
    assert "person" not in _names(text, "en").values()


@pytest.mark.parametrize("text, language, name", [
    ("« Aucun endroit n'est sûr », estime Héni Nsaibia, analyste au sein d'Acled.", "fr",
     "Héni Nsaibia"),
    ('"We will stay," said John Doe, a researcher at the institute.', "en", "John Doe"),
    ('„Nein“, sagte Olaf Scholz.', "de", "Olaf Scholz"),
])
def test_a_name_after_a_speech_verb_set_off_by_a_comma(text: str, language: str,
                                                       name: str) -> None:
    assert _names(text, language).get(name) == "person"


@pytest.mark.parametrize("text", [
    "The president travelled to Dakar, Porto Novo, and Lome last week.",
    "The minister thanked Islamic Relief, Action Contre la Faim, and others.",
])
def test_a_list_after_a_title_holds_no_person(text: str) -> None:
    assert "person" not in _names(text, "en").values()


def test_a_place_after_said_is_no_speaker() -> None:
    assert not _names("The report said North Darfur was hit hardest.", "en")


def test_lowercase_rank_words_are_not_titles_in_english() -> None:
    names = _names("Niger is the last remaining major Western partner in the region.", "en")
    assert "Western" not in names
    assert not _names("A general strike hit Bamako after the colonel Tuesday spoke.", "en")


@pytest.mark.parametrize("text, language, name", [
    ("In Kati ist ein Zentrum eingerichtet worden.", "de", "Kati"),
    ("In Sévaré wurde ein Krankenhaus gebaut.", "de", "Sévaré"),
    ("Troops were stationed near the northern town of Gao.", "en", "Gao"),
    ("Ils se sont rendus à Kidal mardi.", "fr", "Kidal"),
    ("They landed at the Wunstorf air base.", "en", "Wunstorf"),
    ("Des soldats ont été tués dans la région de Mopti.", "fr", "Mopti"),
])
def test_places_after_place_cues(text: str, language: str, name: str) -> None:
    assert _names(text, language).get(name) == "location"


@pytest.mark.parametrize("text, language, name", [
    ("Fighting raged around El Fasher, the capital of North Darfur, on Monday.", "en",
     "North Darfur"),
    ("The agency delivered food in South Kordofan.", "en", "South Kordofan"),
    ("Refugees arrived in Upper Nile state.", "en", "Upper Nile"),
    ("Die Kämpfe in Nord Kivu dauern an.", "de", "Nord Kivu"),
    ("Les combats se poursuivent dans la province de Haut Katanga.", "fr", "Haut Katanga"),
])
def test_a_compass_word_belongs_to_the_place_it_names(text: str, language: str,
                                                      name: str) -> None:
    """"North Darfur" is one place; its first word alone ("North") is none."""
    names = _names(text, language)
    assert names.get(name) == "location"
    assert name.split()[0] not in names


@pytest.mark.parametrize("text, language, name", [
    ("The convoy reached Zamzam camp in Sudan's North Darfur state on Monday.", "en",
     "North Darfur"),
    ("The trucks came via Adre.", "en", "Adre"),
    ("Zwei Blauhelme wurden nahe Bocaranga getötet.", "de", "Bocaranga"),
    ("Bei einer Zeremonie auf der Basis Kossei wurde die Flagge eingeholt.", "de", "Kossei"),
])
def test_more_place_cues(text: str, language: str, name: str) -> None:
    assert _names(text, language).get(name) == "location"


def test_through_names_no_place() -> None:
    assert not _names("The bill went through Parliament on Monday.", "en")


@pytest.mark.parametrize("text, language", [
    ("The rebels withdrew to the North.", "en"),
    ("Les combats au Nord ont repris.", "fr"),
    ("Heavy rain fell in Northern Mali.", "en"),  # an adjective, not part of a name
])
def test_a_compass_word_alone_is_no_place(text: str, language: str) -> None:
    assert not [c for c in find_cue_names(text, language) if c.kind == "location"]


@pytest.mark.parametrize("text", [
    "Die Gespräche fanden in Verbindung mit der Messe statt.",
    "Das geschah in Zukunft nicht mehr.",
])
def test_german_nouns_after_in_are_not_places(text: str) -> None:
    assert not [c for c in find_cue_names(text, "de") if c.kind == "location"]


def test_months_are_not_places() -> None:
    assert "July" not in _names("In July, the junta called for all peacekeepers to leave.", "en")


def test_acronym_defined_in_parentheses_takes_its_long_form() -> None:
    cues = find_cue_names(
        "Mali nutzt den Rahmen des Salon international de la Défense (BAMEX), um zu werben.",
        "de")
    acronym = next(c for c in cues if c.text == "BAMEX")
    assert acronym.acronym_of == "Salon international de la Défense"
    assert acronym.kind == "other"


def test_organization_head_words_and_media() -> None:
    names = _names("The Tagesspiegel newspaper quoted the Islamic Front for Unity.", "en")
    assert names.get("Tagesspiegel") == "organization"
    assert names.get("Islamic Front for Unity") == "organization"


def test_generic_organization_words_alone_are_not_names() -> None:
    names = _names("Germany's Defense Ministry said roughly 20,000 troops had served.", "en")
    assert "Defense Ministry" not in names
    assert not any("Germany" in n for n in names)


@pytest.mark.parametrize("text", [
    "Die Straße nach Sévaré: Außenministerin Jane Roe sprach in Wien.",
    "Colonel Heiko Ponzac met the A400M crew near Gao's airport on Friday.",
    "Le ministre Abdoulaye Diop a reçu l’ambassadeur à Kidal.",
    "", "...", "İstanbul—U.S.-led _x_ 2023 al-Burhan's", "ﬁnal Ǆ word",
])
def test_tokens_are_the_words_with_their_spans_and_folded_forms(text: str) -> None:
    words = list(re.finditer(r"[^\W_](?:[\w'’.-]*[^\W_])?", text))
    tokens = tokenize(text)
    assert [(t.text, t.start, t.end) for t in tokens] == [(m.group(), *m.span()) for m in words]
    assert [t.folded for t in tokens] == [fold(t.text) for t in tokens]
    # An Arabic article written small joins a name: "al-Burhan's" is as capitalized as "Burhan"
    assert [t.capitalized for t in tokens] == [t.text[0].isupper() or t.text[:3] == "al-"
                                               for t in tokens]


@pytest.mark.parametrize("text, language, name", [
    ("La cheffe de la Mission d'appui des Nations unies en Libye (MANUL), Kwame Mensah, est "
     "arrivée.", "fr", "Kwame Mensah"),
    ("The RSF leader, Osman Abakar, said they would fight on.", "en", "Osman Abakar"),
    ("Opposition leader Osman Abakar was arrested.", "en", "Osman Abakar"),
    ("Le président du Conseil présidentiel, Mohamed el-Menfi, a reçu l'envoyé.", "fr",
     "Mohamed el-Menfi"),
])
def test_appositions_with_brackets_or_right_after_the_title_and_small_arabic_articles(
        text: str, language: str, name: str) -> None:
    assert _names(text, language).get(name) == "person"


def test_a_title_before_a_list_of_places_is_still_no_person() -> None:
    assert "person" not in _names("The president, Dakar and Bamako were on the agenda.",
                                  "en").values()


@pytest.mark.parametrize("text, language, name", [
    ("Lorsque la coalition Séléka a renversé le président.", "fr", "Séléka"),
    ("Kämpfer der Miliz 3R griffen an.", "de", "3R"),
    ("The rebel group M23 captured the town.", "en", "M23"),
    ("Die Terrormiliz Shabab griff an.", "de", "Shabab"),
])
def test_a_name_after_a_group_noun_is_the_groups(text: str, language: str, name: str) -> None:
    assert _names(text, language).get(name) == "organization"


def test_a_group_noun_before_a_common_word_names_nothing() -> None:
    assert "Soldaten" not in _names("Die Gruppe Soldaten kam nach Gao.", "de")
