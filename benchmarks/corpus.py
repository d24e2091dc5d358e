"""A deterministic corpus of realistic news articles in English, German and French.

``generate_articles(n, seed)`` yields ``n`` articles one at a time (a generator: 100,000 articles
never sit in memory). Each has a headline, a date line, a wire dateline ("BAMAKO (AFP) -"),
about 500 words in paragraphs, titled people ("Defence Minister Awa Traoré", "Oberst Jonas
Becker", "le ministre Claire Dubois") who come back by surname, countries, capitals, towns the
knowledge base does not know but a cue gives away ("the town of Kouloubara", "in Sangadé"),
organizations known and new ("the National Union of Cotton Growers (NUCG)"), weekdays and dates.
The same ``seed`` gives the same articles, byte for byte, on any machine.

``write_ndjson(path, n, seed)`` streams them to an NDJSON file of the fields ``newsdb import``
reads (title, text, url, source); the language and the publication date are left for the
importer to find, as in a real dump.

Run ``python -m benchmarks.corpus N [--out FILE] [--seed S]`` to write one.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SEED = 20231215
LANGUAGES = ("en", "de", "fr")
LANGUAGE_WEIGHTS = (5, 3, 2)
# Words per article: news agency copy runs 400–600 words.
MIN_WORDS, MAX_WORDS = 430, 570
# Share of person mentions drawn from the recurring cast (ministers, officers who come back in
# many stories) rather than from the long tail of one-off names.
RECURRING_SHARE = 0.7
RECURRING_CAST = 400
FIRST_DAY = date(2021, 1, 1)
DAYS = 5 * 365

# --- names ---------------------------------------------------------------------------------------
FIRST_NAMES = {
    "west_africa": "Amadou Moussa Oumar Ibrahim Awa Fatoumata Aminata Mariam Boubacar Souleymane "
                   "Adama Seydou Modibo Kadiatou Hawa Issa Salif Bintou Mamadou Djeneba Tiémoko "
                   "Alassane Aïssata Youssouf Ousmane Rokia Sekou Mahamadou Hamidou Nana".split(),
    "german": "Jonas Lukas Anna Katrin Thomas Stefan Sabine Markus Julia Andreas Claudia Jörg "
              "Michael Susanne Heiko Frank Petra Matthias Ulrike Tobias Jürgen Birgit Dirk "
              "Carsten Monika Sven Annette Ralf Henrik Greta".split(),
    "french": "Claire Jean Pierre Sophie Nicolas Camille Isabelle Philippe Céline François "
              "Mathilde Olivier Hélène Antoine Élodie Julien Aurélie Laurent Sandrine Étienne "
              "Benoît Amélie Thierry Agnès Rémi Chloé Hervé Margaux Yann Solène".split(),
    "english": "James Sarah David Emily Michael Laura Robert Helen Andrew Rachel Peter Karen "
               "Daniel Alice Thomas Fiona Richard Jane Simon Claire Mark Hannah Paul Grace "
               "Edward Lucy Martin Ruth Neil Joanna".split(),
}
SURNAMES = {
    "west_africa": "Traoré Keïta Coulibaly Diarra Touré Cissé Sangaré Konaté Dembélé Sidibé Maïga "
                   "Diallo Sissoko Kanouté Doumbia Bagayoko Samaké Guindo Tounkara Kouyaté "
                   "Ouédraogo Zongo Kaboré Sawadogo Issoufou Moussa Abdou Hamani Garba "
                   "Idrissa".split(),
    "german": "Becker Hoffmann Schäfer Wagner Krüger Neumann Schwarz Zimmermann Braun Hartmann "
              "Lange Werner Krause Lehmann Köhler Vogel Frank Jung Hahn Keller Günther Brandt "
              "Haas Schreiber Graf Dietrich Kühn Pohl Engel Sommer".split(),
    "french": "Dubois Moreau Laurent Lefèvre Fontaine Chevalier Rousseau Girard Bonnet Dupont "
              "Lambert Mercier Faure Blanchard Guérin Boyer Garnier Chevallier Perrin Morin "
              "Clément Gauthier Roussel Lemoine Barbier Renaud Picard Brunet Leclerc "
              "Marchand".split(),
    "english": "Thompson Walker Harris Clarke Robinson Wright Mitchell Turner Phillips Campbell "
               "Parker Evans Edwards Collins Stewart Morris Hughes Ward Cooper Bennett Gray "
               "Brooks Kelly Sanders Price Barnes Fisher Hayes Myers Ford".split(),
}
# Well-known people the knowledge base links: (name, EN title, DE title, FR title).
KNOWN_PEOPLE = [
    ("Boris Pistorius", "German Defence Minister", "Verteidigungsminister",
     "le ministre allemand de la Défense"),
    ("Emmanuel Macron", "French President", "der französische Präsident",
     "le président"),
    ("Assimi Goïta", "Colonel", "Oberst", "le colonel"),
    ("Abdoulaye Diop", "Foreign Minister", "Außenminister", "le ministre des Affaires étrangères"),
    ("Sadio Camara", "Defence Minister", "Verteidigungsminister", "le ministre de la Défense"),
    ("António Guterres", "UN Secretary-General", "UN-Generalsekretär", "le secrétaire général"),
    ("Annalena Baerbock", "Foreign Minister", "Außenministerin", "la ministre"),
    ("Sergei Lavrov", "Russian Foreign Minister", "der russische Außenminister",
     "le ministre russe des Affaires étrangères"),
    ("Abdourahamane Tchiani", "General", "General", "le général"),
    ("Ibrahim Traoré", "Captain", "Hauptmann", "le capitaine"),
    ("Bola Tinubu", "President", "Präsident", "le président"),
    ("Olaf Scholz", "Chancellor", "Bundeskanzler", "le chancelier"),
]
TITLES = {
    "en": ["President", "Defence Minister", "Foreign Minister", "Interior Minister", "Colonel",
           "General", "Lieutenant-Colonel", "Major", "Ambassador", "Mayor", "Governor",
           "Health Minister", "Prime Minister", "Captain", "Commander", "spokesman"],
    "de": ["Präsident", "Verteidigungsminister", "Außenminister", "Innenministerin", "Oberst",
           "General", "Oberstleutnant", "Generalmajor", "Botschafter", "Bürgermeister",
           "Gesundheitsministerin", "Hauptmann", "Sprecher", "Bundestagspräsidentin"],
    "fr": ["le président", "le ministre de la Défense", "le ministre des Affaires étrangères",
           "la ministre de la Santé", "le colonel", "le général", "le lieutenant-colonel",
           "le commandant", "l'ambassadeur", "le maire", "le gouverneur", "le porte-parole",
           "le capitaine", "le Premier ministre"],
}
# Countries and capitals the knowledge base knows, in each language.
COUNTRIES = [
    # (EN, DE, FR, capital EN, capital DE, capital FR)
    ("Mali", "Mali", "le Mali", "Bamako", "Bamako", "Bamako"),
    ("Niger", "Niger", "le Niger", "Niamey", "Niamey", "Niamey"),
    ("Burkina Faso", "Burkina Faso", "le Burkina Faso", "Ouagadougou", "Ouagadougou",
     "Ouagadougou"),
    ("Germany", "Deutschland", "l'Allemagne", "Berlin", "Berlin", "Berlin"),
    ("France", "Frankreich", "la France", "Paris", "Paris", "Paris"),
    ("Russia", "Russland", "la Russie", "Moscow", "Moskau", "Moscou"),
    ("Senegal", "Senegal", "le Sénégal", "Dakar", "Dakar", "Dakar"),
    ("Nigeria", "Nigeria", "le Nigeria", "Abuja", "Abuja", "Abuja"),
    ("Chad", "Tschad", "le Tchad", "N'Djamena", "N'Djamena", "N'Djamena"),
    ("Algeria", "Algerien", "l'Algérie", "Algiers", "Algier", "Alger"),
    ("Mauritania", "Mauretanien", "la Mauritanie", "Nouakchott", "Nouakchott", "Nouakchott"),
    ("Côte d'Ivoire", "Elfenbeinküste", "la Côte d'Ivoire", "Abidjan", "Abidjan", "Abidjan"),
    ("Ghana", "Ghana", "le Ghana", "Accra", "Accra", "Accra"),
    ("Morocco", "Marokko", "le Maroc", "Rabat", "Rabat", "Rabat"),
    ("Libya", "Libyen", "la Libye", "Tripoli", "Tripolis", "Tripoli"),
    ("Sudan", "Sudan", "le Soudan", "Khartoum", "Khartum", "Khartoum"),
    ("Italy", "Italien", "l'Italie", "Rome", "Rom", "Rome"),
    ("Spain", "Spanien", "l'Espagne", "Madrid", "Madrid", "Madrid"),
    ("the United States", "die USA", "les États-Unis", "Washington", "Washington",
     "Washington"),
    ("China", "China", "la Chine", "Beijing", "Peking", "Pékin"),
    ("Turkey", "die Türkei", "la Turquie", "Ankara", "Ankara", "Ankara"),
    ("Ukraine", "die Ukraine", "l'Ukraine", "Kyiv", "Kiew", "Kiev"),
    ("Benin", "Benin", "le Bénin", "Cotonou", "Cotonou", "Cotonou"),
    ("Togo", "Togo", "le Togo", "Lomé", "Lomé", "Lomé"),
    ("Guinea", "Guinea", "la Guinée", "Conakry", "Conakry", "Conakry"),
]
# Towns in the knowledge base, named the same in every language.
KNOWN_TOWNS = ["Gao", "Timbuktu", "Kidal", "Mopti", "Sévaré", "Ségou", "Ménaka", "Kati",
               "Agadez", "Tillabéri", "Diffa", "Maiduguri", "Djibo", "Dori", "Tessalit"]
# Syllables of place names no gazetteer holds: found only through "the town of", "in", "à".
_PLACE_SYLLABLES = ("Kou ba ra Sa nga dé Ti lem si Bou ro gou Da ma ko Fa la Yé li Dia fa ra "
                    "Nio ro Ton ka Ouen zé Mé na Kan ga Wa ra Zin der Dou ro Ké ni").split()
ORGANIZATIONS = {
    "en": ["the United Nations", "the African Union", "ECOWAS", "the European Union", "NATO",
           "the World Food Programme", "UNICEF", "the Red Cross", "MINUSMA", "the World Bank",
           "Amnesty International", "the Alliance of Sahel States", "the Wagner Group"],
    "de": ["die Vereinten Nationen", "die Afrikanische Union", "ECOWAS", "die Europäische Union",
           "die NATO", "das Welternährungsprogramm", "UNICEF", "das Rote Kreuz", "MINUSMA",
           "die Weltbank", "Amnesty International", "die Bundeswehr"],
    "fr": ["les Nations unies", "l'Union africaine", "la CEDEAO", "l'Union européenne",
           "l'OTAN", "le Programme alimentaire mondial", "l'UNICEF", "la Croix-Rouge",
           "la MINUSMA", "la Banque mondiale", "Amnesty International", "le groupe Wagner"],
}
_ORG_HEADS = {
    "en": ["National Union of {x}", "Ministry of {x}", "{x} Workers' Federation",
           "Council for {x}", "Association of {x}"],
    "de": ["Verband der {x}", "Bundesamt für {x}", "Stiftung {x}", "Institut für {x}"],
    "fr": ["Union nationale des {x}", "Ministère de {x}", "Association des {x}",
           "Conseil national de {x}"],
}
_ORG_TOPICS = {
    "en": ["Cotton Growers", "Water Resources", "Livestock Breeders", "Transport", "Mines",
           "Teachers", "Health Workers", "Rural Development", "Fishermen", "Energy"],
    "de": ["Baumwollbauern", "Wasserwirtschaft", "Viehzüchter", "Verkehr", "Bergbau",
           "Entwicklungshilfe", "Lehrkräfte", "Migration", "Katastrophenschutz", "Energie"],
    "fr": ["producteurs de coton", "l'Hydraulique", "éleveurs", "transporteurs", "Mines",
           "enseignants", "la Santé publique", "pêcheurs", "l'Énergie", "commerçants"],
}
_ORG_STOPWORDS = {"of", "for", "the", "der", "die", "für", "de", "des", "du", "la", "l"}
AGENCIES = ["AFP", "Reuters", "AP", "dpa"]
PUBLISHERS = {
    "en": [("Sahel Observer", "sahel-observer.example"), ("West Africa Wire", "wawire.example"),
           ("Global Desk", "globaldesk.example"), ("The Daily Ledger", "ledger.example")],
    "de": [("Nordkurier Online", "nordkurier.example"), ("Afrika Heute", "afrika-heute.example"),
           ("Weltspiegel", "weltspiegel.example")],
    "fr": [("Le Courrier du Sahel", "courrier-sahel.example"),
           ("Journal de Bamako", "journal-bamako.example")],
}

# --- calendar words ------------------------------------------------------------------------------
MONTHS = {
    "en": "January February March April May June July August September October November "
          "December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November "
          "Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
}


def date_line(day: date, language: str) -> str:
    """Return the date as a publication date line of that language."""
    month = MONTHS[language][day.month - 1]
    if language == "en":
        return f"{month} {day.day}, {day.year}"
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    return f"{day.day} {month} {day.year}"


# --- sentence templates --------------------------------------------------------------------------
# Slots: {P} a titled person (first mention) or a surname (later), {C}/{C2} countries, {K} a
# capital, {T} a town, {O} an organization, {N} a new organization, {D} a weekday phrase, {M} a
# month phrase, {n} a number. Event sentences carry a trigger the event stage knows.
EVENTS = {
    "en": [
        "{P} arrived in {K} on {D} for a two-day official visit, the first by a senior "
        "official from {C2} since the coup.",
        "{P} met representatives of {O} in {K} on {D} to discuss the security situation in "
        "the north of the country.",
        "The two governments signed a cooperation agreement on {D} covering training, "
        "equipment and intelligence sharing, {P} said.",
        "{C} announced on {D} that it would withdraw its remaining troops from {C2} by the end "
        "of {M}.",
        "Gunmen attacked a military post near the town of {T} on {D}, killing at least {n} "
        "soldiers, according to local officials.",
        "{C2} deployed around {n} soldiers to the region of {T} in {M} to secure the main road.",
        "Hundreds of people protested in {K} on {D} against the rising price of fuel and food.",
        "{O} imposed sanctions on members of the government of {C} in {M}.",
        "{P} said on {D} that the elections planned for {M} would be postponed.",
        "The {N} demanded that the authorities release the detained members of its board.",
        "{P} told reporters in {K} that the talks with {C2} had been constructive.",
        "{O} delivered {n} tonnes of food aid to displaced families in {T} last week.",
    ],
    "de": [
        "{P} traf am {D} zu einem zweitägigen Besuch in {K} ein, dem ersten eines "
        "hochrangigen Vertreters aus {C2} seit dem Putsch.",
        "{P} kam am {D} in {K} mit Vertretern der {O2} zusammen, um über die Sicherheitslage "
        "im Norden zu beraten.",
        "Beide Regierungen unterzeichneten am {D} ein Abkommen über Ausbildung und "
        "Ausrüstung, sagte {P}.",
        "{C} kündigte am {D} an, seine verbliebenen Soldaten bis Ende {M} aus {C2} abzuziehen.",
        "Bewaffnete griffen am {D} einen Militärposten bei {T} an und töteten nach Angaben "
        "örtlicher Behörden mindestens {n} Soldaten.",
        "Im {M} verlegte {C2} rund {n} Soldaten in die Region um {T}.",
        "In {K} demonstrierten am {D} Hunderte Menschen gegen die steigenden Preise.",
        "{O} verhängte im {M} Sanktionen gegen Mitglieder der Regierung von {C}.",
        "{P} erklärte am {D}, die für {M} geplanten Wahlen würden verschoben.",
        "{N} forderte die Behörden auf, die festgenommenen Vorstandsmitglieder freizulassen.",
        "{P} sagte in {K}, die Gespräche mit {C2} seien konstruktiv gewesen.",
        "{O} lieferte in der vergangenen Woche {n} Tonnen Lebensmittel an Vertriebene in {T}.",
    ],
    "fr": [
        "{P} est arrivé à {K} {D} pour une visite officielle de deux jours, la première d'un "
        "haut responsable depuis le coup d'État.",
        "{P} a rencontré {D} à {K} des représentants de {O} pour évoquer la situation "
        "sécuritaire dans le nord du pays.",
        "Les deux gouvernements ont signé {D} un accord de coopération portant sur la "
        "formation et l'équipement, a déclaré {P}.",
        "{C} a annoncé {D} le retrait de ses derniers soldats de {C2} d'ici la fin du mois de "
        "{M}.",
        "Des hommes armés ont attaqué {D} un poste militaire près de {T}, tuant au moins {n} "
        "soldats, selon des sources locales.",
        "{C} a déployé en {M} environ {n} soldats dans la région de {T}.",
        "Des centaines de personnes ont manifesté {D} à {K} contre la hausse des prix.",
        "{O} a imposé en {M} des sanctions contre des membres du gouvernement de {C2}.",
        "{P} a déclaré {D} que les élections prévues en {M} seraient reportées.",
        "{N} a exigé la libération des membres de son bureau arrêtés la semaine dernière.",
        "{P} a affirmé à {K} que les discussions avec {C2} avaient été constructives.",
        "{O} a livré la semaine dernière {n} tonnes de vivres aux familles déplacées à {T}.",
    ],
}
FILLERS = {
    "en": [
        "The country has been ruled by the military since {M}, and relations with its former "
        "partners have cooled considerably.",
        "Analysts in {K} say the security situation has worsened in the border areas, where "
        "armed groups move freely between the countries of the region.",
        "More than {n} people have fled their homes over the past year, according to figures "
        "published by humanitarian organizations working in the area.",
        "Local residents describe long queues at the few petrol stations that are still open "
        "and markets where prices have doubled.",
        "The road between {T} and the regional capital has been closed to civilian traffic "
        "for several weeks.",
        "Diplomats said privately that the decision had been expected for some time but that "
        "its timing came as a surprise.",
        "The government has not published any figures on the number of casualties, and "
        "independent verification remains difficult.",
        "Farmers in the region say the rainy season has been shorter than usual, which adds to "
        "the pressure on food supplies.",
        "Schools in several districts have remained closed since the start of the school year "
        "because teachers have left the area.",
        "Observers note that the announcement follows months of negotiations behind closed "
        "doors.",
    ],
    "de": [
        "Das Land wird seit {M} vom Militär regiert, die Beziehungen zu früheren Partnern "
        "haben sich deutlich abgekühlt.",
        "Beobachter in {K} sehen eine Verschlechterung der Lage in den Grenzgebieten, in denen "
        "sich bewaffnete Gruppen frei bewegen.",
        "Nach Angaben von Hilfsorganisationen sind im vergangenen Jahr mehr als {n} Menschen "
        "aus ihren Dörfern geflohen.",
        "Anwohner berichten von langen Schlangen an den wenigen Tankstellen und von Märkten, "
        "auf denen sich die Preise verdoppelt haben.",
        "Die Straße zwischen {T} und der Regionalhauptstadt ist seit Wochen für den zivilen "
        "Verkehr gesperrt.",
        "Diplomaten sagten hinter vorgehaltener Hand, die Entscheidung sei erwartet worden, "
        "ihr Zeitpunkt aber überraschend gekommen.",
        "Die Regierung hat keine Zahlen zu den Opfern veröffentlicht, eine unabhängige "
        "Überprüfung bleibt schwierig.",
        "Bauern in der Region klagen über eine kürzere Regenzeit als üblich, was die Versorgung "
        "mit Lebensmitteln zusätzlich belastet.",
        "In mehreren Bezirken sind die Schulen seit Beginn des Schuljahres geschlossen, weil "
        "die Lehrkräfte die Gegend verlassen haben.",
        "Die Ankündigung folgt auf monatelange Verhandlungen hinter verschlossenen Türen.",
    ],
    "fr": [
        "Le pays est dirigé par des militaires depuis {M}, et les relations avec ses anciens "
        "partenaires se sont nettement refroidies.",
        "Selon des analystes à {K}, la situation sécuritaire s'est dégradée dans les zones "
        "frontalières, où les groupes armés circulent librement.",
        "Plus de {n} personnes ont fui leurs villages au cours de l'année écoulée, selon les "
        "chiffres des organisations humanitaires.",
        "Les habitants décrivent de longues files d'attente devant les rares stations-service "
        "encore ouvertes et des marchés où les prix ont doublé.",
        "La route entre {T} et le chef-lieu de région est fermée à la circulation civile depuis "
        "plusieurs semaines.",
        "Des diplomates ont confié que la décision était attendue depuis un certain temps, "
        "mais que son calendrier avait surpris.",
        "Le gouvernement n'a publié aucun bilan officiel, et toute vérification indépendante "
        "reste difficile.",
        "Les agriculteurs de la région affirment que la saison des pluies a été plus courte "
        "que d'habitude, ce qui pèse sur l'approvisionnement.",
        "Dans plusieurs cercles, les écoles sont fermées depuis la rentrée faute d'enseignants.",
        "Les observateurs notent que l'annonce intervient après des mois de négociations "
        "à huis clos.",
    ],
}
HEADLINES = {
    "en": ["{C}: {S} visits {K} amid tensions", "Troops leave {T} as {C} reshapes alliances",
           "{O} warns of food crisis in {C}", "Attack near {T} kills soldiers",
           "{C} and {C2} sign defence pact", "Protests in {K} over fuel prices"],
    "de": ["{S} besucht {K}", "{C}: Angriff bei {T}", "{O} warnt vor Hungerkrise",
           "Abzug aus {T} beginnt", "Proteste in {K} gegen hohe Preise",
           "{C} und {C2} vereinbaren Zusammenarbeit"],
    "fr": ["{S} en visite à {K}", "Attaque meurtrière près de {T}",
           "{O} alerte sur la crise alimentaire", "Manifestations à {K} contre la vie chère",
           "{C} et {C2} signent un accord de défense", "Retrait des troupes de {T}"],
}
DE_ORG_DATIVE = {"die Vereinten Nationen": "Vereinten Nationen",
                 "die Afrikanische Union": "Afrikanischen Union",
                 "die Europäische Union": "Europäischen Union", "die NATO": "NATO",
                 "das Welternährungsprogramm": "Welternährungsprogramms", "das Rote Kreuz":
                 "Roten Kreuzes", "die Weltbank": "Weltbank", "die Bundeswehr": "Bundeswehr"}


@dataclass(frozen=True)
class GeneratedArticle:
    """One article of the corpus, with what the generator knows about it."""

    index: int
    language: str
    title: str
    text: str  # date line, dateline and body paragraphs: what an importer receives
    url: str
    source: str
    published_on: date

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def record(self) -> dict[str, str]:
        """Return the NDJSON record ``newsdb import`` reads (no language, no date: found)."""
        return {"title": self.title, "text": self.text, "url": self.url, "source": self.source}


@dataclass
class _Person:
    name: str
    surname: str
    title: dict[str, str]


def _person_pool(rng: random.Random) -> list[_Person]:
    """The recurring cast: known people and officials who come back across articles."""
    cast = [_Person(name, name.split()[-1], {"en": en, "de": de, "fr": fr})
            for name, en, de, fr in KNOWN_PEOPLE]
    while len(cast) < RECURRING_CAST:
        cast.append(_random_person(rng))
    return cast


def _random_person(rng: random.Random) -> _Person:
    region = rng.choice(list(FIRST_NAMES))
    first, last = rng.choice(FIRST_NAMES[region]), rng.choice(SURNAMES[region])
    index = rng.randrange(len(TITLES["en"]))
    title = {lang: TITLES[lang][index % len(TITLES[lang])] for lang in LANGUAGES}
    return _Person(f"{first} {last}", last, title)


def _town(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(KNOWN_TOWNS)
    syllables = [rng.choice(_PLACE_SYLLABLES) for _ in range(rng.randint(2, 3))]
    return "".join(syllables).capitalize()


def _new_organization(rng: random.Random, language: str) -> tuple[str, str]:
    """Return a new organization's name and its acronym."""
    name = rng.choice(_ORG_HEADS[language]).format(x=rng.choice(_ORG_TOPICS[language]))
    words = name.replace("'", " ").split()
    acronym = "".join(w[0] for w in words if w.lower() not in _ORG_STOPWORDS).upper()
    return name, acronym


class _Writer:
    """Fills the templates of one article, keeping its cast consistent."""

    def __init__(self, rng: random.Random, language: str, cast: list[_Person],
                 published_on: date) -> None:
        self.rng, self.language, self.published_on = rng, language, published_on
        people = [rng.choice(cast) if rng.random() < RECURRING_SHARE else _random_person(rng)
                  for _ in range(rng.randint(2, 4))]
        self.people = list({p.name: p for p in people}.values())
        self.introduced: set[str] = set()
        self.countries = rng.sample(COUNTRIES, 3)
        self.towns = [_town(rng) for _ in range(2)]
        self.organization, self.acronym = _new_organization(rng, language)
        self.organization_named = False

    def person(self) -> str:
        person = self.rng.choice(self.people)
        if person.name in self.introduced:
            return person.surname
        self.introduced.add(person.name)
        return f"{person.title[self.language]} {person.name}"

    def country(self, index: int) -> str:
        return self.countries[index][{"en": 0, "de": 1, "fr": 2}[self.language]]

    def capital(self) -> str:
        return self.countries[0][{"en": 3, "de": 4, "fr": 5}[self.language]]

    def weekday(self) -> str:
        day = self.published_on - timedelta(days=self.rng.randint(0, 6))
        name = WEEKDAYS[self.language][day.weekday()]
        if self.language == "en" and self.rng.random() < 0.3:
            return f"{day.day} {MONTHS['en'][day.month - 1]}"
        if self.language == "de" and self.rng.random() < 0.3:
            return f"{day.day}. {MONTHS['de'][day.month - 1]}"
        return name

    def month(self) -> str:
        month = (self.published_on.month + self.rng.randint(-6, 4) - 1) % 12
        return MONTHS[self.language][month]

    def new_organization(self) -> str:
        if self.organization_named:
            return self.acronym if self.rng.random() < 0.6 else self.organization
        self.organization_named = True
        return f"{self.organization} ({self.acronym})"

    def fill(self, template: str) -> str:
        organization = self.rng.choice(ORGANIZATIONS[self.language])
        values = {
            "P": self.person() if "{P}" in template else "",
            "C": self.country(0), "C2": self.country(self.rng.choice((1, 2))),
            "K": self.capital(), "T": self.rng.choice(self.towns),
            "O": organization, "O2": DE_ORG_DATIVE.get(organization, organization),
            "N": self.new_organization() if "{N}" in template else "",
            "D": self.weekday(), "M": self.month(),
            "n": str(self.rng.choice((12, 15, 20, 35, 40, 60, 120, 300, 450, 1200, 5000))),
            "S": self.people[0].surname,
        }
        sentence = template.format(**values)
        return sentence[0].upper() + sentence[1:]


def _article(index: int, rng: random.Random, cast: list[_Person]) -> GeneratedArticle:
    language = rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0]
    published_on = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    writer = _Writer(rng, language, cast, published_on)
    target = rng.randint(MIN_WORDS, MAX_WORDS)
    agency = rng.choice(AGENCIES)
    lead = f"{writer.capital().upper()} ({agency}) - {writer.fill(rng.choice(EVENTS[language]))}"
    paragraphs, words, current = [], len(lead.split()), [lead]
    decks: dict[bool, list[str]] = {True: [], False: []}
    while words < target:
        event = rng.random() < 0.45
        if not decks[event]:  # each template once before any comes back
            decks[event] = rng.sample(EVENTS[language] if event else FILLERS[language],
                                      len(EVENTS[language] if event else FILLERS[language]))
        sentence = writer.fill(decks[event].pop())
        current.append(sentence)
        words += len(sentence.split())
        if len(current) >= rng.randint(3, 5):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    title = writer.fill(rng.choice(HEADLINES[language])).replace("  ", " ")
    text = "\n\n".join([date_line(published_on, language), *paragraphs])
    name, domain = rng.choice(PUBLISHERS[language])
    url = f"https://{domain}/{language}/{published_on:%Y/%m}/article-{index:06d}"
    return GeneratedArticle(index, language, title, text, url, name, published_on)


def generate_articles(n: int, seed: int = DEFAULT_SEED, start: int = 0
                      ) -> Iterator[GeneratedArticle]:
    """Yield ``n`` articles, deterministically for a given seed (article ``i`` depends only on
    ``seed`` and ``i``, so any slice can be generated on its own)."""
    cast = _person_pool(random.Random(seed))
    for index in range(start, start + n):
        yield _article(index, random.Random(f"{seed}:{index}"), cast)


def write_ndjson(path: Path, n: int, seed: int = DEFAULT_SEED) -> int:
    """Stream ``n`` articles to ``path`` as NDJSON; return the number of words written."""
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for article in generate_articles(n, seed):
            handle.write(json.dumps(article.record(), ensure_ascii=False) + "\n")
            words += article.word_count
    return words


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a deterministic NDJSON news corpus.")
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, help="NDJSON file (default: standard output)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.out is not None:
        words = write_ndjson(args.out, args.n, args.seed)
        print(f"{args.n} articles, {words} words -> {args.out}", file=sys.stderr)
        return
    for article in generate_articles(args.n, args.seed):
        sys.stdout.write(json.dumps(article.record(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
