"""Closed-class words that event extraction reads around a trigger (EN, DE, FR).

Prepositions, determiners, subordinating words, pronouns, and the cues that change an event's
modality or rule it out (negation, hypotheses). Everything is lower-case; each table is keyed by
ISO 639-1 code, and :func:`for_language` merges them when the language is unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The letters that re.IGNORECASE matches to an ASCII letter but str.lower() leaves another
# letter (or two): dotless ı and dotted İ ("i"), long ſ ("s").
_SPECIAL_FOLDS = ("ı", "İ", "ſ")


class AnyCaseWords:
    """A pattern of lower-case words, found in any case: what ``re.IGNORECASE`` would find.

    SRE compares an IGNORECASE pattern by folding the case of each character it reads and can
    skip nothing ahead, so a long alternation costs some 30 µs a sentence; the same pattern,
    case-sensitive, on the lower-cased text costs a fifth of that. For a pattern of Latin
    letters the two agree but for the three letters of ``_SPECIAL_FOLDS``: a text holding one
    is searched with IGNORECASE. (Not for Greek: ``lower()`` makes a final sigma "ς", which
    IGNORECASE matches to "σ".)
    """

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.lower():
            raise ValueError(f"not lower-case: {pattern!r}")
        self.pattern = pattern
        self._lower = re.compile(pattern)
        self._ignore_case = re.compile(pattern, re.IGNORECASE)

    def found_in(self, text: str, lowered: str | None = None) -> bool:
        """Whether the pattern occurs in ``text`` (``lowered``: ``text.lower()``, if known)."""
        if any(letter in text for letter in _SPECIAL_FOLDS):
            return self._ignore_case.search(text) is not None
        return self._lower.search(text.lower() if lowered is None else lowered) is not None


# What a preposition says about the name it governs.
LOCATIVE = "locative"  # in, at, to, nach, à, en: where something happens or goes
SOURCE = "source"  # from, aus: where something leaves from
GENITIVE = "genitive"  # of, de, du: "troops of X", "le retrait du Mali"
AGENT = "agent"  # by, durch, par: the doer in a passive clause
COMPANION = "companion"  # with, mit, avec: the other side of a meeting or agreement
BETWEEN = "between"  # between, zwischen, entre: both sides at once
AGAINST = "against"  # against, gegen, contre: the target of an attack or sanction
OTHER = "other"  # for, under, despite…: the name is no subject, and plays no role we read
# After a group noun these say whose group it is: "spokesman for the Foreign Office".
FOR_WORDS = frozenset({"for", "für", "pour"})

_PREPOSITIONS: dict[str, dict[str, str]] = {
    "en": {
        **dict.fromkeys(_words("in at to into inside near across throughout within outside "
                               "towards toward"), LOCATIVE),
        **dict.fromkeys(_words("from"), SOURCE),
        **dict.fromkeys(_words("of"), GENITIVE),
        **dict.fromkeys(_words("by"), AGENT),
        **dict.fromkeys(_words("with alongside"), COMPANION),
        **dict.fromkeys(_words("between among amongst"), BETWEEN),
        **dict.fromkeys(_words("against on"), AGAINST),
        **dict.fromkeys(_words("for under about over after before despite like including via "
                               "during since until per unlike beyond than"), OTHER),
    },
    "de": {
        **dict.fromkeys(_words("in im ins nach bei beim auf an am nahe"), LOCATIVE),
        **dict.fromkeys(_words("aus"), SOURCE),
        **dict.fromkeys(_words("von vom"), GENITIVE),
        **dict.fromkeys(_words("durch"), AGENT),
        **dict.fromkeys(_words("mit samt"), COMPANION),
        **dict.fromkeys(_words("zwischen"), BETWEEN),
        **dict.fromkeys(_words("gegen"), AGAINST),
        **dict.fromkeys(_words("für unter über ohne zu zum zur seit wegen trotz gegenüber laut "
                               "während vor hinter neben um"), OTHER),
    },
    "fr": {
        **dict.fromkeys(_words("à au aux en dans vers près chez"), LOCATIVE),
        **dict.fromkeys(_words("depuis"), SOURCE),
        **dict.fromkeys(_words("de du d' d’ des"), GENITIVE),
        **dict.fromkeys(_words("par"), AGENT),
        **dict.fromkeys(_words("avec"), COMPANION),
        **dict.fromkeys(_words("entre parmi"), BETWEEN),
        **dict.fromkeys(_words("contre"), AGAINST),
        **dict.fromkeys(_words("pour sous sans selon malgré avant après pendant envers sur"),
                        OTHER),
    },
}

# Words that open a subordinate or relative clause: a subject is looked for within its clause.
_SUBORDINATORS = {
    "en": _words("that which who whom whose where when while after before because although "
                 "though whereas unless if until"),
    "de": _words("dass daß weil nachdem bevor während obwohl wenn sobald falls"),
    "fr": _words("que qu' qu’ qui dont où lorsque quand puisque tandis quoique"),
}

# Determiners that make a noun refer back to something already told ("the visit", "diese Visite").
_DEFINITE = {
    "en": _words("the this that these those its their his her our your both such"),
    "de": _words("der die das des dem den dieser diese dieses diesem diesen jener jene jenes "
                 "sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer beide beiden im am "
                 "zum zur vom beim"),
    "fr": _words("le la les l' l’ ce cet cette ces son sa ses leur leurs notre nos votre vos "
                 "du au aux"),
}
_INDEFINITE = {
    "en": _words("a an another"),
    "de": _words("ein eine einen einem einer eines"),
    "fr": _words("un une"),
}

# Subject pronouns that stand for a person named earlier ("he said", "I will fly").
_PERSON_PRONOUNS = {
    "en": _words("he she i"),
    "de": _words("er ich"),
    "fr": _words("il elle je j' j’"),
}
# Pronouns that stand for a country or an organization named earlier in the sentence.
_BODY_PRONOUNS = {
    "en": _words("it its they their"),
    "de": _words("es sein seine seinen ihre"),
    "fr": _words("ils elles son sa ses leur leurs"),
}

# Verbs after which an infinitive event did happen ("began withdrawing", "prompting France to
# withdraw"): they override the planned reading of "to".
_IMPLICATIVES = {
    "en": _words("began begun begin begins beginning started start starts starting continued "
                 "continue continues managed prompting prompted forced forcing led leading caused "
                 "causing compelled"),
    "de": _words("begann begannen begonnen beginnt fing fingen angefangen setzte setzten"),
    "fr": _words("commencé commence commencent continué continue continuent poursuit contraint "
                 "contrainte contraints forcé forcée forcés poussé poussée poussés "
                 # a narrative's next step, not a plan: "avant de rencontrer mardi le chef …"
                 "avant"),
}

# Words before a trigger that put the event ahead of the time of writing.
_PLANNED = {
    "en": _words("will would shall 'll plan plans planned planning intend intends intended "
                 "intending aim aims aimed target targets targeted scheduled expected going "
                 "soon upcoming proposed want wants wanted set ready"),
    "de": _words("wird werden würde würden soll sollen sollte sollten will wollen wollte plant "
                 "planen plante geplant geplante geplanten beabsichtigt beabsichtigen vorgesehen "
                 "bald demnächst künftig"),
    "fr": _words("va vont allait allaient doit doivent devrait devraient prévoit prévoient prévu "
                 "prévue prévus compte comptent entend entendent bientôt prochainement souhaite "
                 "souhaitent veut veulent"),
}
# Infinitive markers: "to withdraw", "abzuziehen" (the marker is inside), "de se retirer".
_INFINITIVE_MARKERS = {
    "en": _words("to"),
    "de": _words("zu"),
    "fr": _words("de d' d’ à pour"),
}


@dataclass(frozen=True)
class CueSet:
    """The closed-class words of one language (or of all three merged)."""

    prepositions: dict[str, str]
    subordinators: frozenset[str]
    definite: frozenset[str]
    indefinite: frozenset[str]
    person_pronouns: frozenset[str]
    body_pronouns: frozenset[str]
    implicatives: frozenset[str]
    planned: frozenset[str]
    infinitive_markers: frozenset[str]
    negation: re.Pattern[str]
    hypothetical: re.Pattern[str]
    postponed: re.Pattern[str]
    cancelled: re.Pattern[str]
    french_future: bool  # whether "-ra", "-ront" verb endings mark the future


_NEGATION = {
    "en": r"not(?!\s+only)|no(?!\s+(?:doubt|sooner))|never|neither|nor|without|cannot|"
          r"\w+n['’]t|failed\s+to|refused\s+to|declined\s+to",
    "de": r"nicht(?!\s+nur)|keine?[nmrs]?|nie|niemals|weder|ohne|verweigerte?",
    "fr": r"pas(?!\s+seulement)|jamais|aucune?|sans|ni|refusé|refuse",
}
# An event only considered, hoped for or possible is no event yet.
_HYPOTHETICAL = {
    "en": r"could|might|possible|possibly|potential|potentially|willingness|hopes?|hoped|"
          r"consider|considers|considering|considered|whether|would\s+like|(?<!even\s)if|unless",
    "de": r"könnte|könnten|möglich\w*|eventuell|womöglich|erwägt|erwägen|Bereitschaft|ob|"
          r"wenn|falls",
    "fr": r"pourrait|pourraient|éventuel\w*|possible\w*|envisage\w*|si",
}
_POSTPONED = {
    "en": r"postpone[sd]?|postponing|postponement|delay(?:s|ed|ing)?|put\s+off|pushed\s+back|"
          r"deferred|rescheduled",
    "de": r"verschoben|verschieben|verschiebt|Verschiebung|vertagt|vertagen|aufgeschoben",
    "fr": r"report(?:é|ée|és|ées|er|ent|ait)?|repouss(?:é|ée|és|ées|er)|ajourn(?:é|ée|és|ées|er)",
}
_CANCELLED = {
    "en": r"cancel(?:l?ed|l?ing|s)?|called\s+off|call\s+off|scrapped|scrap",
    "de": r"abgesagt|absagen|sagte\s+\w+\s+ab|gestrichen|storniert",
    "fr": r"annul(?:é|ée|és|ées|er|ent|ation)",
}
# Sanctions that are lifted end: "lifted the sanctions", "to lift sanctions", "hob die
# Sanktionen … auf", "la levée des sanctions" — only said of the sanction itself.
LIFTED_SANCTIONS = re.compile(
    r"(?<!\w)(?:lift(?:ed|s|ing)?|aufgehoben|aufheben|aufzuheben|hob(?:en)?\s+(?:\S+\s+){1,8}?auf|"
    r"lev(?:é|ée|és|ées|er|ent|ée)|levée)(?!\w)", re.IGNORECASE)
LANGUAGES = ("en", "de", "fr")


def _cue_pattern(table: dict[str, str], languages: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(table[language] for language in languages)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _union(table: dict[str, frozenset[str]], languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(table[language] for language in languages))


@cache
def for_language(language: str | None) -> CueSet:
    """Return the cues of ``language``; all three languages merged when it is unknown."""
    languages = (language,) if language in LANGUAGES else LANGUAGES
    prepositions: dict[str, str] = {}
    for code in reversed(languages):  # English wins where words collide ("de", "in")
        prepositions.update(_PREPOSITIONS[code])
    if len(languages) > 1:
        # "an" is German "at" but the English article: unknown text must not read it as a place.
        prepositions.pop("an", None)
    return CueSet(
        prepositions=prepositions,
        subordinators=_union(_SUBORDINATORS, languages),
        definite=_union(_DEFINITE, languages),
        indefinite=_union(_INDEFINITE, languages),
        person_pronouns=_union(_PERSON_PRONOUNS, languages),
        body_pronouns=_union(_BODY_PRONOUNS, languages),
        implicatives=_union(_IMPLICATIVES, languages),
        planned=_union(_PLANNED, languages),
        infinitive_markers=_union(_INFINITIVE_MARKERS, languages),
        negation=_cue_pattern(_NEGATION, languages),
        hypothetical=_cue_pattern(_HYPOTHETICAL, languages),
        postponed=_cue_pattern(_POSTPONED, languages),
        cancelled=_cue_pattern(_CANCELLED, languages),
        french_future="fr" in languages,
    )


# Head nouns of groups that act for a country or an organization: a demonym next to one names
# an actor ("German troops", "der malische Minister", "l'armée malienne"), and "of"/"from" after
# one does not make a place ("troops from France", "members of MINUSMA"). Matched inside words so
# that German compounds count ("Vizeverteidigungsminister", "Militärberater").
ACTING_GROUP = re.compile(
    r"troop|troup|truppe|soldat|soldier|forces?\b|streitkr|armee|armée|army|militär|military|"
    r"militaire|peacekeep|blauhelm|casques|contingent|kontingent|personnel|govern|gouvern|"
    r"authorit|autorit|behörde|official|minist|delegation|délégation|president|präsident|"
    r"président|leader|leadership|führung|chancellor|kanzler|commander|kommandeur|officer|"
    r"offizier|officier|berater|advis|diplomat|ambassad|botschaft|junta|junte|regime|régime|"
    r"police|polizei|navy|parliament|parlament|parlement|cabinet|kabinett|embassy|envoy|"
    r"spokes|sprecher|porte-parole|administration|members|membres|mitglieder|fighters|"
    r"mercenar|söldner|units|einheit|battalion|bataillon|marines|staff|coalition|chef|"
    r"responsable|vertreter|regierung|instructor|ausbilder|formateur|trainer",
    re.IGNORECASE,
)

# Words that show a clause is about troops or a mission: "leave", "return" or "deploy" only
# report a withdrawal or a deployment next to one of them ("troops returned", not "returns").
FORCE_WORDS = AnyCaseWords(
    r"(?<!\w)(?:troops?|soldiers?|forces|military|army|armies|contingents?|peacekeepers|"
    r"peacekeeping|missions?|operations?|personnel|units|battalions?|mercenaries|fighters|"
    r"servicemen|marines|troupes|soldats|militaires|armée|effectifs|casques\s+bleus|"
    r"mercenaires|opération|bataillons?|bases?|garrisons?|garnisons?|"
    # armed groups: what they take and leave is fought over too
    r"rebels?|insurgents?|militants?|jihadists?|militias?|paramilitar(?:y|ies)|"
    r"rebelles?|insurgés|jihadistes|djihadistes|miliciens|milices?|paramilitaires)(?!\w)|"
    r"truppe|soldat|streitkr|militär|blauhelm|kontingent|einsatz|söldner|mission|rebell|stützpunkt|"
    r"dschihadist|miliz|paramilitär",
)
# What aid is made of: a "built" or "delivered" counts as aid only next to one of these.
AID_WORDS = AnyCaseWords(
    r"(?<!\w)(?:hospitals?|clinics?|schools?|cent(?:er|re)s?|facilit(?:y|ies)|wells|roads?|"
    r"bridges?|shelters?|camps?|dispensar(?:y|ies)|classrooms?|aid|food|equipment|vehicles|"
    r"medicines?|supplies|vaccines|ambulances|weapons|donations?|hôpital|hôpitaux|cliniques?|"
    r"écoles?|centres?|puits|routes?|ponts?|dispensaires?|infirmerie|forages?|équipements?|"
    r"véhicules|vivres|médicaments|matériel|dons|armes|euros?|dollars?|shelter|water|eau|"
    r"wasser)(?!\w)|[€$]|krankenh|klinik|lazarett|schule|unterkünft|"
    r"zentrum|zentren|einrichtung|brunnen|brücke|straße|unterkunft|hilfsgüter|ausrüstung|"
    r"fahrzeug|medikament|lebensmittel|material|waffen",
)
