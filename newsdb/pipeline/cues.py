"""Discover names the knowledge base does not know, from the words around them.

People follow a title or rank ("Colonel Heiko Ponzac", "Oberstleutnant Frank Borchers", "le
ministre Abdoulaye Diop") or come before a speech verb; organizations carry a head word ("…
Ministry", "Gruppe …", "Parti …") or an acronym defined in parentheses; places follow a place
cue ("in Kati", "à Kidal", "the town of Gao", "Wunstorf air base").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple

from newsdb.pipeline.calendar_words import MONTHS, WEEKDAYS
from newsdb.pipeline.folding import fold

_TOKEN_SPLIT = re.compile(r"([^\W_](?:[\w'’.-]*[^\W_])?)")
# Distinct words remembered folded: a few news days' vocabulary in three languages.
FOLDED_WORDS_CACHED = 65536


class Token(NamedTuple):
    """A word of a text, with what the cue rules ask of it, computed once."""

    text: str
    start: int
    end: int
    folded: str
    capitalized: bool
    name_word: bool  # capitalized, no digit, and not a function word, month or weekday


@dataclass(frozen=True)
class CueName:
    """A name found through a cue, with the kind the cue implies."""

    char_start: int
    char_end: int
    text: str
    kind: str
    confidence: float
    acronym_of: str | None = None

    # Written out: compiled, a native __init__ (see newsdb/pipeline/types.py)
    def __init__(self, char_start: int, char_end: int, text: str, kind: str, confidence: float,
                 acronym_of: str | None = None) -> None:
        object.__setattr__(self, "char_start", char_start)
        object.__setattr__(self, "char_end", char_end)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "acronym_of", acronym_of)


PERSON_CUES = frozenset(fold(w) for w in """
president presidente präsident präsidentin président présidente vice-president
colonel col general gen lieutenant lt major maj captain capt sergeant commander admiral marshal
brigadier lieutenant-colonel lieutenant-general major-general
minister ministerin ministre chancellor kanzler kanzlerin bundeskanzler bundeskanzlerin premier
secretary secretary-general ambassador ambassadeur ambassadrice botschafter botschafterin envoy
chief leader leiterin leiter chef cheffe kommandeur kommandeurin kommandant anführer
dirigeant dirigeante
counterpart homologue amtskollege amtskollegen amtskollegin
spokesman spokeswoman spokesperson sprecher sprecherin porte-parole
mr mrs ms dr prof herr frau monsieur madame mme m. dr. prof. mr. mrs. ms.
oberst oberstleutnant generalmajor generalleutnant brigadegeneral hauptmann leutnant
général générale commandant capitaine
king queen prince sheikh emir senator governor mayor bürgermeister maire imam pope papst
""".split())
# Titles English also writes in lower case before a name ("prime minister Moussa Mara",
# "said foreign minister Abdoulaye Diop"); not ranks, which are adjectives too ("a major
# Western partner", "a general strike").
_LOWERCASE_TITLES = frozenset("""
president minister chancellor premier ambassador envoy spokesman spokeswoman spokesperson
senator governor mayor chief counterpart leader
""".split())
# Compound titles: any word ending like these is a title ("Vizeverteidigungsminister",
# "UN-Botschafter", "Generalstabschef", "Missionsleiterin").
PERSON_CUE_SUFFIXES = tuple(fold(w) for w in ("minister", "ministerin", "präsident",
                                               "präsidentin", "kanzler", "kanzlerin",
                                               "botschafter", "botschafterin", "chef", "chefin",
                                               "leiter", "leiterin", "sprecher", "sprecherin",
                                               "kommandeur", "kommandant"))
# Words a title's complement may run to before the comma of a name in apposition, and the
# words it opens with ("of the mission", "de la Sécurité", "der Mission", "des Affaires")
APPOSITION_REACH = 12
_BRACKETS = re.compile(r"[()]")
_COMPLEMENT_OPENERS = frozenset(fold(w) for w in """
of for at to in de du des d' d’ der des für im von vom
""".split())
# Words that tie a speaker to the body they speak for ("said John Doe of Crisis Group")
_AFFILIATION_WORDS = frozenset(fold(w) for w in "of from at von vom de du des".split())
# Speech verbs a name may follow, set off by a comma or ending the sentence ("…," said John
# Doe, a researcher; "», estime Héni Nsaibia, analyste"); not "told", which an addressee follows.
_SPEECH_BEFORE_NAME = frozenset(fold(w) for w in """
said says added wrote
sagte sagt erklärte betonte schrieb
estime déclaré affirme explique souligne ajoute indique assure précise écrit
""".split())
SPEECH_VERBS = frozenset("""
said says told added stated declared announced warned insisted explained
sagte sagt erklärte erklärt betonte sagten warnte kündigte
""".split())
ORGANIZATION_HEADS = frozenset(fold(w) for w in """
ministry council party group army forces agency institute university bank union
organization organisation front movement committee commission court parliament assembly
office company corporation association federation alliance coalition brigade battalion
coordination
regiment police service services foundation fund programme program authority
ministerium partei gruppe institut verband behörde gericht bundesamt stiftung armee
ministère conseil parti groupe armée agence institut mouvement comité commission cour
assemblée banque école ecole fondation association
""".split())
OTHER_HEADS = frozenset(fold(w) for w in """
salon summit festival conference fair expo messe gipfel konferenz sommet conférence forum
operation opération
""".split())
MEDIA_WORDS = frozenset(fold(w) for w in """
newspaper daily weekly magazine broadcaster zeitung journal quotidien hebdomadaire
""".split())
# Words that introduce a place and take a bare name after them.
PLACE_PREPOSITIONS = {
    "en": frozenset({"in", "at", "near", "outside", "via"}),
    "de": frozenset({"in", "nach", "aus", "bei", "nahe"}),
    "fr": frozenset({"à", "a", "près", "via"}),
}
# Two words that introduce a place together ("près de Bocaranga", "close to Gao"), folded.
PLACE_PREPOSITION_PAIRS = frozenset({("pres", "de"), ("proche", "de"), ("autour", "de"),
                                     ("close", "to")})
PLACE_NOUNS = frozenset(fold(w) for w in """
town city village region province district capital commune
basis stützpunkt militärbasis fliegerhorst flughafen base aéroport
stadt ort dorf region provinz hauptstadt gemeinde lager flüchtlingslager
ville village région province localité capitale commune cercle
""".split())
BASE_WORDS = ("air base", "airport", "military base", "base", "camp")
# A compass word before a name is part of a place's name ("North Darfur", "South Kordofan",
# "Upper Nile", "Nord Kivu"); alone it names no place ("the capital of North …" is not "North").
COMPASS_WORDS = frozenset(fold(w) for w in """
north south east west upper lower
nord süd ost west ober unter
nord sud est ouest haut haute bas basse
""".split())
NAME_PARTICLES = frozenset("""
de da del della di du des van von der den ag ould bin ben ibn el al le la y
""".split())
# Capitalized words that start sentences or stand for generic things, never names.
NOT_NAMES = frozenset(fold(w) for w in """
the a an this that these those it he she we they his her their its our in on at for but and
or if as so yet after before when while since despite although however also both all some
many most several other such there here what who why how which where soon last next then
der die das ein eine einer eines dem den des im am zum zur es er sie wir ihr sein seine
nach bei mit von für auf aus durch gegen ohne um unter über vor zwischen während wegen
le la les un une des du au aux ce cette ces il elle ils elles nous on en dans par pour sur
avec sans selon après avant depuis pendant
government regierung gouvernement junta militärjunta state staat état
minister ministry army forces armee
""".split())
# German nouns are capitalized; a bare capitalized word after "in" is a place only if it does
# not end like a common noun.
GERMAN_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "sion", "tat", "ismus", "ment",
                       "enz", "anz", "ik", "ei", "ie", "ling", "nis", "tum", "chen", "e", "en",
                       "er", "el", "ern", "ur", "ag", "ft", "st", "eit", "um")
GENERIC_ORGANIZATION_WORDS = frozenset(fold(w) for w in """
defense defence foreign interior national federal armed security military health finance
justice economic economy state public central general supreme high new united
verteidigung verteidigungs- auswärtiges innen nationale bundes- sicherheit défense intérieur
affaires étrangères nationale armées
the of for and de des du la le et für der
""".split())
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,6}(?:-[A-Z][A-Za-z]{1,6})?$")  # "JNIM", "CSP-DPA"
COMMON_ACRONYMS = frozenset("""
NGO NGOs TV CEO GDP PM AM OK II III IV VI VII VIII IX XI XII XX XXI AI ID UTC GMT EST PDF
USD EUR CFA BBC-news
""".split())


_HEADS = ORGANIZATION_HEADS | OTHER_HEADS
_GENERIC = _HEADS | GENERIC_ORGANIZATION_WORDS | NOT_NAMES
_NOT_NAME_WORDS = NOT_NAMES | frozenset(MONTHS) | frozenset(WEEKDAYS)
# A head word may carry an organization's name, though it is never a name of its own.
_NOT_ORGANIZATION_WORDS = NOT_NAMES - ORGANIZATION_HEADS
_BASE_AFTER = re.compile(" (?:" + "|".join(BASE_WORDS) + ")", re.IGNORECASE)


# Nouns of a group before its name: "la coalition Séléka", "der Miliz 3R", "the rebel group M23".
GROUP_NOUNS = frozenset(fold(w) for w in """
group militia coalition movement faction groupe milice mouvement
gruppe miliz terrormiliz rebellengruppe bewegung koalition
""".split())
GROUP_NOUN_SUFFIXES = ("miliz", "gruppe")
# A name with digits: "3R", "M23", "G5".
_CODE_NAME = re.compile(r"(?=[0-9A-Z-]*[A-Z])(?=[0-9A-Z-]*[0-9])[0-9A-Z][0-9A-Z-]{1,5}")


def is_descriptive(text: str) -> bool:
    """Tell whether a phrase is made only of head words and generic words ("Armee",
    "Defense Ministry of"): without the names inside it, it names nothing of its own."""
    return all(t.folded in _GENERIC or t.text in NAME_PARTICLES for t in tokenize(text))


_SMALL_ARTICLE = re.compile(r"(?:al|el|ad|as|ash|at|an|ar|az|ag)[-‐‑][A-ZÀ-ÖØ-Þ]")


@lru_cache(maxsize=FOLDED_WORDS_CACHED)
def _word_facts(word: str) -> tuple[str, bool, bool]:
    """What a token holds besides its word and span: the folded word, whether it is
    capitalized, and whether it may be part of a name."""
    folded = fold(word)
    # An Arabic article written small before a capital is part of a name: "el-Menfi", "ag-Ghaly"
    capitalized = word[0].isupper() or _SMALL_ARTICLE.match(word) is not None
    return folded, capitalized, (capitalized and folded not in _NOT_NAME_WORDS
                                 and (word.isalpha() or not any(ch.isdigit() for ch in word)))


def tokenize(text: str) -> list[Token]:
    """Split text into word tokens with their spans."""
    # Split rather than a match per word: the words are every other part, and each part's end
    # is the running sum of the lengths before it, so no Python frame runs per word.
    parts = _TOKEN_SPLIT.split(text)
    words = parts[1::2]
    bounds = list(accumulate(map(len, parts)))
    spans = zip(words, bounds[0:-1:2], bounds[1::2], strict=True)
    return list(map(tuple.__new__, repeat(Token), map(add, spans, map(_word_facts, words))))


def _name_run(tokens: list[Token], index: int, max_words: int = 4) -> int:
    """Return the end index (exclusive) of a run of name words starting at ``index``."""
    end = index
    words = 0
    while end < len(tokens) and words < max_words:
        token = tokens[end]
        # Inside a name, a word may also be a month or weekday ("General Mirko Freitag").
        inner_ok = end > index and token.capitalized and token.folded not in NOT_NAMES and (
            token.folded in MONTHS or token.folded in WEEKDAYS)
        if (token.name_word or inner_ok) and token.folded not in PERSON_CUES:
            if end > index and tokens[end].start - tokens[end - 1].end > 1:
                break  # punctuation or a line break between the words
            words += 1
            end += 1
            continue
        nxt = end + 1
        if (token.text in NAME_PARTICLES and end > index and nxt < len(tokens)
                and tokens[nxt].name_word):
            end += 1
            continue
        break
    return end


def _is_person_cue(token: Token) -> bool:
    return token.folded in PERSON_CUES or (
        len(token.folded) > 8 and token.folded.endswith(PERSON_CUE_SUFFIXES))


def find_people(text: str, tokens: list[Token], language: str | None = None) -> list[CueName]:
    """People after a title or rank, or before a speech verb."""
    found: list[CueName] = []
    for i, token in enumerate(tokens):
        # English and German write a title before a name with a capital ("Major Smith", not
        # "a major Western partner"); French writes "le ministre Abdoulaye Diop".
        cue_case_ok = (token.capitalized or language == "fr"
                       or (language != "de" and token.folded in _LOWERCASE_TITLES))
        if cue_case_ok and _is_person_cue(token) and i + 1 < len(tokens):
            end = _name_run(tokens, i + 1)
            gap = text[token.end:tokens[i + 1].start].strip()
            if (end > i + 1 and tokens[i + 1].start - token.end <= 2
                    and gap in ("", ".")  # "Gen. Tiani", not "the president, Dakar and …"
                    and tokens[i + 1].folded not in _GENERIC):  # "General Coordination for"
                found.append(_span(text, tokens, i + 1, end, "person", 0.85))
            elif end == i + 1 or gap == ",":
                apposition = _apposition(text, tokens, i)
                if apposition is not None:
                    found.append(_span(text, tokens, *apposition, "person", 0.8))
        if token.folded in _SPEECH_BEFORE_NAME and i + 2 < len(tokens):
            end = _name_run(tokens, i + 1)  # '», estime Héni Nsaibia, analyste', 'said John Doe.'
            closed = end >= len(tokens) or text[
                tokens[end - 1].end:tokens[end].start].strip()[:1] in (",", ".", ";") or (
                    tokens[end].folded in _AFFILIATION_WORDS)  # "sagt Gerrit Kurtz von der SWP"
            if (end - i - 1 >= 2 and closed and tokens[i + 1].start - token.end == 1
                    and tokens[i + 1].folded not in _GENERIC):
                found.append(_span(text, tokens, i + 1, end, "person", 0.6))
                continue
        if (token.folded in SPEECH_VERBS and i >= 2
              and not text[tokens[i - 1].end:token.start].strip()):  # not "…Port Sudan, said"
            start = i - 1
            while start > 0 and tokens[start - 1].name_word and i - start < 3 and (
                    tokens[start].start - tokens[start - 1].end == 1):
                start -= 1
            words = tokens[start:i]
            if (len(words) >= 2 and all(t.name_word and not _is_person_cue(t)
                                        for t in words)
                    and (start == 0 or not _is_person_cue(tokens[start - 1]))):
                found.append(_span(text, tokens, start, i, "person", 0.6))
    return found


def _apposition(text: str, tokens: list[Token], title: int) -> tuple[int, int] | None:
    """The name set off by commas after a title's complement: "Le ministre de la Sécurité,
    Mahamadou Sana, a dénoncé", "Die Leiterin der Mission, Valentine Rugwabiza, begrüßte" —
    a complement that opens with "of", "de", "der"…, not a verb ("The president travelled to
    Dakar, Porto Novo, …")."""
    if title + 1 >= len(tokens):
        return None
    # Right after the title ("The RSF leader, Abdel Rahim Dagalo, said"), or after its
    # complement.
    right_after = text[tokens[title].end:tokens[title + 1].start].strip() == ","
    if not right_after and tokens[title + 1].folded not in _COMPLEMENT_OPENERS:
        return None
    for index in range(title + 1, min(len(tokens), title + 1 + APPOSITION_REACH)):
        # Brackets may hold the complement's acronym: "de la Mission … en Libye (MANUL), Hanna"
        gap = _BRACKETS.sub("", text[tokens[index - 1].end:tokens[index].start]).strip()
        if gap not in ("", ","):
            return None  # other punctuation: the title's phrase ended without a name
        if gap == ",":
            end = _name_run(tokens, index)
            closed = end >= len(tokens) or text[tokens[end - 1].end:tokens[end].start].strip() in (
                ",", ".", ";")
            if end - index >= 2 and closed and tokens[index].folded not in _GENERIC:
                return index, end
            return None
    return None


# Lower-case words that may join the words of a name ("Ministry of Defence", "Parti pour…").
# German "der"/"des" are left out: German capitalizes every noun, so they would glue nouns.
NAME_CONNECTORS = {
    "en": frozenset({"of", "for", "and", "de", "la", "du", "des"}),
    "de": frozenset({"für", "und", "de", "la", "du"}),
    "fr": frozenset({"de", "des", "du", "la", "le", "l", "et", "pour", "d"}),
}


def find_organizations(text: str, tokens: list[Token], language: str | None = None
                       ) -> list[CueName]:
    """Organizations named with a head word, media before "newspaper", defined acronyms."""
    found: list[CueName] = []
    connectors = NAME_CONNECTORS.get(language or "en", NAME_CONNECTORS["en"])
    resume = 0  # a run ends where the next may start
    for i, first in enumerate(tokens):
        if i < resume or not first.capitalized or first.folded in _NOT_ORGANIZATION_WORDS:
            continue  # no run starts here (the test _org_run makes first, made cheaply)
        end = _org_run(tokens, i, connectors)
        if end > i:
            words = tokens[i:end]
            heads = [w for w in words if w.folded in _HEADS]
            specific = [w for w in words if w.folded not in GENERIC_ORGANIZATION_WORDS
                        and w.folded not in ORGANIZATION_HEADS and w.text not in NAME_PARTICLES]
            if heads and specific and len(words) >= 2:
                kind = "other" if words[0].folded in OTHER_HEADS else "organization"
                found.append(_span(text, tokens, i, end, kind, 0.7))
            resume = end
    found.extend(_media(text, tokens))
    found.extend(_after_group_nouns(text, tokens, language))
    found.extend(_acronyms(text, tokens, found))
    return found


def _after_group_nouns(text: str, tokens: list[Token], language: str | None
                       ) -> list[CueName]:
    """A name right after a group noun is the group's: "la coalition Séléka", "Miliz 3R"."""
    found = []
    for i, token in enumerate(tokens[:-1]):
        if not (token.folded in GROUP_NOUNS or (len(token.folded) > 8
                                                 and token.folded.endswith(GROUP_NOUN_SUFFIXES))):
            continue
        nxt = tokens[i + 1]
        if nxt.start - token.end > 1 or nxt.folded in _GENERIC:
            continue
        if _CODE_NAME.fullmatch(nxt.text):
            found.append(_span(text, tokens, i + 1, i + 2, "organization", 0.7))
        elif (nxt.name_word and not _is_person_cue(nxt)
              and _plausible_place(nxt, language)):  # German: "die Gruppe Soldaten" is no name
            found.append(_span(text, tokens, i + 1, _name_run(tokens, i + 1, 3),
                               "organization", 0.7))
    return found


def _possessive(token: Token) -> bool:
    return token.text.endswith(("'s", "’s"))


def _org_run(tokens: list[Token], index: int, connectors: frozenset[str]) -> int:
    end = index
    if _possessive(tokens[index]):
        return index  # "Germany's Defense Ministry": the owner is not part of the name
    while end < len(tokens):
        token = tokens[end]
        if end > index and (_possessive(token) or _is_person_cue(token)):
            break  # "ECOWAS Commission President Omar Touray": the title starts a person
        gap_ok = end == index or tokens[end].start - tokens[end - 1].end <= 1
        if not gap_ok:
            break
        name_word = token.capitalized and token.folded not in _NOT_ORGANIZATION_WORDS
        connector = (token.folded in connectors or token.folded in {"international",
                                                                    "internationale"}
                     ) and end > index and end + 1 < len(tokens)
        if name_word or connector:
            end += 1
        else:
            break
    while end > index and not tokens[end - 1].capitalized:
        end -= 1
    return end


def _media(text: str, tokens: list[Token]) -> list[CueName]:
    found = []
    for i, token in enumerate(tokens):
        if token.folded in MEDIA_WORDS:
            if i > 0 and tokens[i - 1].name_word and tokens[i - 1].folded not in NOT_NAMES:
                found.append(_span(text, tokens, i - 1, i, "organization", 0.75))
            elif i + 1 < len(tokens) and tokens[i + 1].name_word:
                found.append(_span(text, tokens, i + 1, _name_run(tokens, i + 1, 3),
                                   "organization", 0.75))
    return found


def _acronyms(text: str, tokens: list[Token], named: list[CueName]) -> list[CueName]:
    """Acronyms: "Long Name (ACR)" gives both; a bare acronym is an organization."""
    found = []
    for token in tokens:
        if (not token.capitalized or not 2 <= len(token.text) <= 15
                or not _ACRONYM.match(token.text) or token.text in COMMON_ACRONYMS):
            continue
        capitals = sum(1 for ch in token.text if ch.isupper())
        if capitals < 2 or capitals < len(token.text) - 1:
            continue
        long_form = next((n for n in named if 0 <= token.start - n.char_end <= 2
                          and text[n.char_end:token.start].strip() in {"(", ""}), None)
        found.append(CueName(token.start, token.end, token.text,
                             long_form.kind if long_form else "organization",
                             0.65, acronym_of=long_form.text if long_form else None))
    return found


# A place type after a name: "North Darfur state", "the Blue Nile region"
_PLACE_NOUNS_AFTER = frozenset({"state", "region", "province", "district", "county"})
# "the town of Gao", "la région de Mopti"
_PLACE_OF = frozenset({"of", "de"})


def find_places(text: str, tokens: list[Token], language: str | None) -> list[CueName]:
    """Places after a place cue: a preposition, a place noun, or before an air base."""
    found: list[CueName] = []
    prepositions = PLACE_PREPOSITIONS.get(language or "en", PLACE_PREPOSITIONS["en"])
    for i, token in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if not nxt.name_word or nxt.start - token.end > 1:
            continue
        two_words = i + 2 < len(tokens) and tokens[i + 2].name_word and (
            tokens[i + 2].start - nxt.end <= 1)
        compass = nxt.folded in COMPASS_WORDS
        if compass and not two_words:
            continue  # "the capital of North" (a name the cues cannot read), "au Nord"
        if (compass and i + 3 < len(tokens) and tokens[i + 3].folded in _PLACE_NOUNS_AFTER
                and token.folded not in prepositions and token.folded not in PLACE_NOUNS):
            found.append(_span(text, tokens, i + 1, i + 3, "location", 0.7))  # "North Darfur
            continue  # state"
        end = i + 3 if compass else i + 2
        if token.folded in PLACE_NOUNS or (token.folded in _PLACE_OF and i > 0
                                            and tokens[i - 1].folded in PLACE_NOUNS):
            found.append(_span(text, tokens, i + 1, end, "location", 0.75))
        elif ((token.folded in prepositions
               or (i > 0 and (tokens[i - 1].folded, token.folded) in PLACE_PREPOSITION_PAIRS))
              and (compass or not two_words)
              and _plausible_place(tokens[end - 1], language)):
            found.append(_span(text, tokens, i + 1, end, "location", 0.6))
    # Where a base word follows, as ignoring case finds it: a few more places than lower() does
    # ("baſe"), so each is checked as before.
    bases = {match.start() for match in _BASE_AFTER.finditer(text)}
    for i, token in enumerate(tokens[:-1]):
        if token.name_word and token.end in bases:
            following = text[token.end:token.end + 16].lower()
            if any(following.startswith(" " + b) for b in BASE_WORDS):
                found.append(_span(text, tokens, i, i + 1, "location", 0.7))
    return found


def _plausible_place(token: Token, language: str | None) -> bool:
    if language == "de":
        # On the word as written: "Sévaré" ends in "é", which no German noun does.
        return not token.text.lower().endswith(GERMAN_NOUN_ENDINGS)
    return True


def _span(text: str, tokens: list[Token], start: int, end: int, kind: str,
          confidence: float) -> CueName:
    char_start, char_end = tokens[start].start, tokens[end - 1].end
    return CueName(char_start, char_end, text[char_start:char_end], kind, confidence)


def find_cue_names(text: str, language: str | None, tokens: list[Token] | None = None
                   ) -> list[CueName]:
    """Every name the cues point at, people first (they win overlaps).

    :param tokens: ``tokenize(text)``, if the caller has it.
    """
    if tokens is None:
        tokens = tokenize(text)
    return [*find_people(text, tokens, language), *find_organizations(text, tokens, language),
            *find_places(text, tokens, language)]
