"""Trigger words of the fifteen event kinds (DESIGN.md §6) in English, German and French.

A trigger is a head word looked up as a whole token (every inflected form is listed: lookups are
dictionary hits, not regex scans), optionally checked by a pattern on the text right after it
("flew" + "back", "ordered" + … + "out") or right before it ("se rendre"). German nouns marked
``compound`` also match as the last part of a compound ("Höflichkeitsbesuch", "Truppenabzug").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

KINDS = (
    "statement", "visit", "meeting", "agreement", "decision", "demand", "withdrawal",
    "deployment", "coup", "attack", "sanction", "election", "ceremony", "aid", "protest",
)

# Context classes a weak trigger needs in its sentence (see event_cues.FORCE_WORDS, AID_WORDS).
FORCE = "force"
AID = "aid"

# Up to this many words may stand between the parts of a split trigger ("ordered foreign forces
# out", "zog die Truppen ab"): longer gaps join words that belong to different phrases.
_GAP = r"(?:\s+[\w'’„“\"«»-]+){0,6}?"
# The rest of a clause: a German separable particle closes it ("zog … ab.", "teilte … mit,").
_CLAUSE_END = r"(?=\s*(?:[,.;:!?\"“”»]|$|und\b|and\b|et\b))"
_END_OF_MISSION = (r"\s+(?:of\s+)?(?:(?:the|its|their|his|her|this|our)\s+)?(?:[\w'’-]+\s+){0,2}?"
                   r"(?:mission|operation|deployment|presence)s?\b")
# What a decision is signed as: "signed a decree", "the decree, signed by", "unterzeichnete
# das Gesetz", "a signé un décret".
_DECREE_WORDS = {
    "en": r"(?:decrees?|laws?|bills?|ordinances?|executive\s+orders?)",
    "de": r"(?:dekrete?|erlass|erlasse|gesetze?|gesetzes|verordnung(?:en)?)",
    "fr": r"(?:décrets?|lois?|ordonnances?)",
}
# What may stand between: articles and one more word ("signed a presidential decree"), not
# a noun the decree word qualifies ("a law enforcement pact", "an agreement on laws").
_DECREE_ARTICLES = (r"(?:\s+(?:a|an|the|its|his|her|their|new|two|three|several|ein|eine|einen|"
                    r"das|den|die|neue|neuen|zwei|un|une|le|la|les|deux|nouveau|nouvelle))*")
_DECREE_AFTER = {language: _DECREE_ARTICLES + r"(?:\s+[\w'’-]+)?\s+" + words
                 + r"\b(?!\s+(?:enforcement|and|und|et)\b)"
                 for language, words in _DECREE_WORDS.items()}
# German puts adverbials before the object ("unterzeichnete am Dienstag ein Dekret"), not an
# agreement's noun ("ein Abkommen über Gesetze")
_DECREE_AFTER["de"] = (r"(?:\s+(?!(?:abkommen|vereinbarung|vertrag|über|zu|zur|zum)\b)[\w'’-]+)"
                       r"{0,4}?\s+" + _DECREE_WORDS["de"] + r"\b")
_DECREE_BEFORE = {language: r"\b" + words + r"(?:\s+[\w'’-]+){0,3}?,?"
                  for language, words in _DECREE_WORDS.items()}
# Welcoming is a reaction only to something done ("welcomed the decision", "begrüßte die
# Einigung", "a salué l'accord"), not to a guest ("welcomed the delegation": a meeting).
_REACTED_TO = {
    "en": r"(?:\s+[\w'’-]+){0,3}?\s+(?:decision|agreement|deal|move|decree|announcement|"
          r"ceasefire|accord|resolution|extension|step|release|elections?)\b",
    "de": r"(?:\s+[\w'’-]+){0,3}?\s+(?:\w*entscheidung|\w*beschlu(?:ss|ß)\w*|einigung|"
          r"\w*abkommen|vereinbarung|schritt|resolution|verlängerung|waffenruhe|freilassung|"
          r"wahl\w*)\b",
    "fr": r"(?:\s+[\w'’-]+){0,3}?\s+(?:décision|accord|annonce|mesure|résolution|"
          r"prolongation|cessez-le-feu|libération|élections?|étape|décret)\b",
}
# The nouns of an agreement that ending or terminating it ends.
_AGREEMENT_NOUNS = {
    "en": r"(?:agreements?|accords?|pacts?|treat(?:y|ies)|deals?)\b",
    "de": r"(?:\w*abkommens?|\w*verträge?|\w*vertrags?|\w*vereinbarung(?:en)?)\b",
    "fr": r"(?:accords?|traités?|pactes?|conventions?)\b",
}
# What ending an agreement ends: "ended a military cooperation agreement", "kündigte das
# Verteidigungsabkommen", "a dénoncé les accords de défense".
_AGREEMENT_OBJECT = {
    "en": r"(?:\s+(?:an?|the|its|their|his|her|all|two|several))?(?:\s+[\w'’-]+){0,3}?\s+"
          + _AGREEMENT_NOUNS["en"],
    "de": r"(?:\s+[\w'’-]+){0,4}?\s+" + _AGREEMENT_NOUNS["de"],
    "fr": r"(?:\s*[\w'’-]+){0,5}?\s*" + _AGREEMENT_NOUNS["fr"],
}
# The agreement a termination ends: "termination of the defence agreement", "Aufkündigung des
# Verteidigungsabkommens", "la dénonciation des accords de défense".
_TERMINATED = {
    "en": r"\s+of\s+(?:the\s+|an?\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?" + _AGREEMENT_NOUNS["en"],
    "de": r"\s+(?:des|der|eines|einer)\s+(?:[\w'’-]+\s+){0,2}?" + _AGREEMENT_NOUNS["de"],
    "fr": r"\s+(?:de\s+l['’]\s*|des\s+|du\s+|de\s+la\s+)(?:[\w'’-]+\s+){0,2}?"
          + _AGREEMENT_NOUNS["fr"],
}
# Not an event kind: verbs of founding and birth own the dates next to them ("MINUSMA was
# established in 2013") so that no event nearby takes those dates.
BACKGROUND = "background"


@dataclass(frozen=True)
class TriggerSpec:
    """How one group of word forms signals an event kind."""

    kind: str
    forms: frozenset[str]
    then: re.Pattern[str] | None = None  # must match right after the head word
    consume: bool = False  # whether what ``then`` matched belongs to the trigger's span
    before: re.Pattern[str] | None = None  # must match (search) the text just before the head
    noun: bool = False  # a noun: skipped in headlines, refers back after "the"/"der"/"le"
    plural: bool = False  # a plural noun that is mostly generic ("deployments", "Gesprächen")
    context: str | None = None  # FORCE or AID: the clause must name troops or aid goods
    recipient: bool = False  # the subject receives ("erhielt die Médaille", "received")
    # A statement about an event: its subject reacts to the event its object names, and is
    # no party to it ("France condemned the attack", "verurteilte den Putsch")
    reaction: bool = False
    compound: bool = False  # also the tail of a German compound noun
    language: str = field(default="en", compare=False)


def _spec(kind: str, forms: str, *, then: str | None = None, before: str | None = None,
          consume: bool = False, noun: bool = False, plural: bool = False,
          context: str | None = None, recipient: bool = False, reaction: bool = False,
          compound: bool = False) -> TriggerSpec:
    return TriggerSpec(
        kind=kind,
        forms=frozenset(forms.lower().split()),
        then=re.compile(then, re.IGNORECASE) if then else None,
        consume=consume,
        before=re.compile(before + r"\s*$", re.IGNORECASE) if before else None,
        noun=noun, plural=plural, context=context, recipient=recipient, compound=compound,
        reaction=reaction,
    )


def _noun(kind: str, forms: str, **flags: Any) -> TriggerSpec:
    return _spec(kind, forms, noun=True, **flags)


_ENGLISH = (
    # Forming an alliance is agreeing on it ("formed the Alliance of Sahel States"); a group
    # formed or founded is background.
    _spec("agreement", "formed forms forming", then=r"\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){0,3}?"
          r"(?:alliance|coalition|confederation|federation|union|bloc|pact)\b"),
    _spec("agreement", "joined join joins", then=r"\s+forces\b", consume=True),
    _spec(BACKGROUND, "founded formed born died"),
    # Declaring a state of emergency, mourning or a curfew decides it; other declaring is saying.
    _spec("decision", "declared declares announced announces imposed imposes",
          then=_GAP + r"\s+(?:state\s+of\s+(?:emergency|siege|alert)|(?:national\s+)?mourning|"
          r"curfew|martial\s+law)\b"),
    _spec("statement", "said says told tells stated declared declares announced announces "
          "confirmed confirms stressed warned insisted emphasized emphasised accused accuses "
          "denied denies"),
    # "Reuters reported", not "were reported killed", "is reported to have"
    _spec("statement", "reported", then=r"(?!\s+(?:killed|dead|missing|wounded|injured|"
          r"kidnapped|abducted|to)\b)", before=r"(?<!\bwere)(?<!\bwas)(?<!\bbeen)(?<!\bis)"
          r"(?<!\bare)"),
    _spec("statement", "condemned condemns condemning denounced denounces deplored deplores "
          "criticised criticized criticises criticizes rejected rejects", reaction=True),
    _spec("statement", "welcomed welcomes hailed praised", reaction=True,
          then=_REACTED_TO["en"]),
    _noun("statement", "statement"),
    _noun("visit", "visit"),
    _spec("visit", "visits visited visiting"),
    _spec("visit", "travel travels traveled travelled traveling travelling fly flies flew "
          "flying flown", then=r"\s+to\b"),
    _noun("visit", "trip", then=r"\s+to\b"),
    _spec("meeting", "met meets", then=r"\s+(?!with\s+(?:approval|criticism|resistance))"),
    _spec("meeting", "hosted hosts received receives", then=r"\s+(?:a|an|the)?\s*(?:\w+\s+)?"
          r"(?:delegation|minister|president|counterpart|envoy)"),
    _spec("meeting", "convened convenes"),
    _noun("meeting", "meeting summit talks negotiations"),
    _noun("meeting", "meetings summits", plural=True),
    # Signing a decree or a law is a decision, not an agreement ("The decree, signed by …").
    _spec("decision", "signed signs signing", then=_DECREE_AFTER["en"]),
    _spec("decision", "signed", before=_DECREE_BEFORE["en"]),
    _spec("decision", "dissolved dissolves dissolving"),
    _spec("agreement", "agreed signed"),
    _spec("agreement", "reached reach reaches reaching", consume=True, then=r"\s+(?:an?\s+|the\s+)?"
          r"(?:\w+\s+)?[\"“]?(?:agreement|deal|accord|understanding|compromise|consensus|truce)\b"),
    # Ending an agreement is a decision about it, not one more agreement.
    _spec("decision", "ended ends terminated terminates scrapped scraps revoked revokes "
          "cancelled canceled suspended suspends", consume=True, then=_AGREEMENT_OBJECT["en"]),
    # Not "accord" ("of their own accord"), nor "alliance": mostly part of a name ("the G5 Sahel
    # alliance") or a state, not the act of agreeing.
    _noun("agreement", "agreement deal treaty pact ceasefire"),
    _spec("decision", "decided decides approved approves voted vetoed appointed appoints "
          "designated"),
    _spec("decision", "adopted adopts", then=r"(?:\s+[\w'’-]+){0,3}?\s+(?:resolution|plan|"
          r"law|constitution|charter|budget|roadmap|text)s?\b"),
    _spec("decision", "extended renewed ended terminated", then=_GAP + r"\s+mandate"),
    _noun("decision", "decision veto"),
    _noun("decision", "termination", consume=True, then=_TERMINATED["en"]),
    _spec("demand", "demanded demands demanding urged urges"),
    _spec("demand", "called calls call calling", then=r"\s+(?:on|for)\b", consume=True),
    _spec("demand", "ordered orders ordering asked asks told",
          then=_GAP + r"\s+(?:out\b|to\s+(?:leave|withdraw|depart|go|quit|hand))"),
    _noun("demand", "demand"),
    _spec("withdrawal", "withdraw withdraws withdrew withdrawn withdrawing pullout pull-out "
          "drawdown"),
    _noun("withdrawal", "withdrawal"),
    _spec("withdrawal", "pull pulls pulled pulling", then=r"\s+out\b", consume=True),
    _spec("withdrawal", "leave leaves left leaving depart departs departed departing "
          "evacuated", context=FORCE),
    _noun("withdrawal", "departure", context=FORCE),
    _spec("withdrawal", "returned returning", then=r"(?!\s+to\b)", context=FORCE),
    _spec("withdrawal", "return returns", then=r"\s+(?:home|from)\b", context=FORCE),
    _spec("withdrawal", "flew fly flies flying flown", then=r"\s+(?:back|home)\b", consume=True),
    _noun("withdrawal", "end", then=_END_OF_MISSION, consume=True),
    _spec("withdrawal", "ends ended ending", then=_END_OF_MISSION, consume=True),
    _spec("withdrawal", "wind winds winding wound", then=r"\s+down\b", consume=True,
          context=FORCE),
    _spec("deployment", "deploy deploys deployed deploying stationed dispatched"),
    # A mission or an operation that is set up is deployed ("MINUSMA was established in 2013").
    # Not an attack launched ("launched an offensive on El Obeid"): the attack is the event.
    _spec("deployment", "established launched created", context=FORCE,
          then=r"(?!\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}?(?:offensive|"
               r"attacks?|assaults?|raids?|strikes?|airstrikes?|counter-?offensive)\b)"),
    _spec("deployment", "arrived arrives arriving", context=FORCE),
    _noun("deployment", "deployment"),
    _noun("deployment", "deployments", plural=True),
    _spec("deployment", "send sends sent sending", then=_GAP + r"\s+(?:troops|soldiers|forces|"
          r"peacekeepers|contingent|units|reinforcements)\b"),
    _noun("coup", "coup putsch takeover mutiny"),
    _noun("coup", "coups takeovers", plural=True),
    _spec("coup", "seized seize seizes seizing took take takes taking taken",
          then=r"\s+power\b", consume=True),
    # Seizing territory is fighting for it ("the rebels seized large parts of North Kivu"); seizing
    # power is a coup (above).
    _spec("attack", "seized seizes seizing", then=r"(?!\s+power\b)", context=FORCE),
    _spec("coup", "overthrew overthrown overthrow ousted ousting toppled deposed deposing "
          "mutinied"),
    _spec("attack", "attacked attacking killed kills killing ambushed assaulted shelled bombed "
          "raided besieged overran overrun"),
    # Words with peaceful senses too ("captured the scene", "clashed over the budget", "a
    # diplomatic offensive"): only where forces are named.
    _spec("attack", "captured captures capturing recaptured clashed", context=FORCE),
    _spec("attack", "stormed storming", then=r"(?!\s+out\b)", context=FORCE),
    _noun("attack", "attack assault clash ambush bombing shelling raid airstrike massacre "
          "siege genocide"),
    _noun("attack", "offensive", context=FORCE),
    _noun("attack", "attacks clashes skirmish skirmishes ambushes raids airstrikes"),
    # "has been fighting the army", "fought jihadists": not "help them in fighting the rebels"
    _spec("attack", "fighting", before=r"\b(?:been|is|are|was|were)", context=FORCE),
    _spec("attack", "fought fights", context=FORCE),
    _spec("sanction", "sanctioned sanctioning suspended expelled expels"),
    _noun("sanction", "sanction sanctions suspension expulsion embargo"),
    _noun("election", "election elections vote polls referendum ballot"),
    _spec("election", "elected re-elected"),
    _noun("ceremony", "ceremony medal medals award"),
    _noun("ceremony", "ceremonies", plural=True),
    _spec("ceremony", "awarded decorated knighted honoured honored"),
    _spec("ceremony", "sworn", then=r"\s+in\b", consume=True),
    _spec("ceremony", "presented presents presenting", then=_GAP + r"\s+(?:medals?|awards?|"
          r"decorations?|honou?rs?)\b"),
    _spec("ceremony", "received receives", then=_GAP + r"\s+(?:medal|award|order|decoration|"
          r"prize)s?\b", recipient=True),
    # A convoy of food that reaches a camp is aid delivered (troops arriving are a deployment);
    # the convoy is what arrives, not fighting or prices ("Fighting reached the camp").
    _spec("aid", "reached reaches arrived arrives", context=AID,
          before=r"\b(?:convoys?|aid|shipments?|supplies|trucks|lorries|deliveries)\b"
                 r"(?:\s+[\w'’,.-]+){0,10}?"),
    _spec("aid", "built build builds building constructed delivered delivers donated "
          "inaugurated provided", context=AID),
    # A base handed over is aid (DESIGN.md §6: facilities handed over); one vacated is left.
    _spec("withdrawal", "vacated vacates", context=FORCE),
    _spec("aid", "handed hands hand handing", then=r"\s+over\b", consume=True),
    _noun("aid", "aid donation", context=AID),
    _spec("protest", "protested protesting demonstrated marched rallied"),
    _noun("protest", "protest protests protesters demonstration demonstrations demonstrators "
          "rally rallies sit-in"),
    _spec("protest", "took take", then=r"\s+to\s+the\s+streets\b", consume=True),
)

_GERMAN = (
    _spec("agreement", "schlossen schloss", then=_GAP + r"\s+zusammen" + _CLAUSE_END),
    _spec("agreement", "zusammengeschlossen"),
    _spec("decision", "stimmte stimmten", then=_GAP + r"\s+(?:für|gegen)\b"),
    _spec(BACKGROUND, "gegründet geboren gestorben geschaffen"),
    _spec("decision", "verhängte verhängten verhängt rief riefen", then=_GAP
          + r"\s+(?:den\s+|eine\s+|einen\s+)?(?:\w*notstand|ausnahmezustand|staatstrauer|"
          r"ausgangssperre|kriegsrecht)\b"),
    _spec("statement", "sagte sagten sagt erklärte erklärten erklärt betonte betonten betont "
          "warnte warnten bestätigte bestätigten mitteilte mitteilten berichtete berichteten "
          "nannte nannten äußerte äußerten reklamierte reklamierten dementierte dementierten "
          "bestritt bestritten"),
    _spec("statement", "sprach sprachen spricht", then=_GAP + r"\s+von\b"),
    _spec("statement", "warf warfen wirft", then=_GAP + r"\s+vor" + _CLAUSE_END),
    _spec("statement", "stellte stellten stellt", then=_GAP + r"\s+fest" + _CLAUSE_END),
    _spec("statement", "bekannte bekannten", then=r"\s+sich\b"),
    _spec("statement", "teilte teilten teilt", then=_GAP + r"\s+mit" + _CLAUSE_END),
    _spec("statement", "kündigte kündigten kündigt", then=_GAP + r"\s+an" + _CLAUSE_END),
    _spec("statement", "verurteilte verurteilten verurteilt kritisierte kritisierten kritisiert "
          "beklagte beklagten", reaction=True),
    _spec("statement", "wies wiesen", then=_GAP + r"\s+zurück" + _CLAUSE_END, reaction=True),
    _spec("statement", "begrüßte begrüßten begrüßt lobte lobten", reaction=True,
          then=_REACTED_TO["de"]),
    _noun("statement", "erklärung mitteilung"),
    _noun("visit", "besuch besuchs besuches visite", compound=True),
    _noun("visit", "besuche besuchen visiten", compound=True, plural=True),
    _spec("visit", "besuchte besuchten besucht besuchen besuchen besucht reiste reisten reist "
          "reisen flog flogen fliegt fliegen gereist geflogen", then=r"(?!\s+zurück\b)"),
    _noun("visit", "reise", then=r"\s+(?:nach|in)\b"),
    _spec("meeting", "traf trafen trifft getroffen empfing empfingen empfängt empfangen"),
    _spec("meeting", "berief beriefen", then=_GAP + r"\s+ein" + _CLAUSE_END),
    _spec("meeting", "einberufen zusammengekommen"),
    _spec("meeting", "kamen kam kommen", then=_GAP + r"\s+zusammen" + _CLAUSE_END),
    _noun("meeting", "treffen treffens gespräch gesprächs gipfel gipfels gipfeltreffen "
          "verhandlungen", compound=True),
    _noun("meeting", "gespräche gesprächen", compound=True, plural=True),
    _spec("decision", "unterzeichnete unterzeichneten", then=_DECREE_AFTER["de"]),
    _spec("decision", "unterzeichnet unterzeichnete", before=_DECREE_BEFORE["de"]),
    _spec("decision", "löste lösten", then=r"(?!\s+sich\b)" + _GAP + r"\s+auf" + _CLAUSE_END),
    _spec("decision", "aufgelöst"),
    # Not "kündigte einen neuen Vertrag an" (announced one): no "an" closes the clause.
    _spec("decision", "kündigte kündigten gekündigt beendete beendeten beendet", consume=True,
          then=_AGREEMENT_OBJECT["de"] + r"(?![^.,;:]*\s+an\s*(?:[.,;:]|$))"),
    _noun("decision", "aufkündigung kündigung", consume=True, then=_TERMINATED["de"]),
    _spec("agreement", "vereinbart vereinbarten vereinbarte unterzeichnet unterzeichnete "
          "unterzeichneten einigten"),
    _noun("agreement", "abkommen abkommens vereinbarung einigung vertrag vertrags "
          "waffenstillstand", compound=True),
    _spec("decision", "beschloss beschlossen beschließt billigte billigten gebilligt "
          "entschied entschieden entschloss genehmigte genehmigt ernannte ernannten"),
    _noun("decision", "beschluss beschlusses entscheidung", compound=True),
    _noun("decision", "veto vetos"),
    _spec("demand", "forderte forderten fordert gefordert verlangte verlangten verlangt "
          "verlangt aufgefordert"),
    _noun("demand", "forderung", compound=True),
    _spec("withdrawal", "abziehen abzuziehen abgezogen zurückziehen zurückzuziehen "
          "zurückgezogen heimgekehrt zurückgekehrt zurückkehren zurückzukehren"),
    _noun("withdrawal", "abzug abzugs abzuges rückzug rückzugs", compound=True),
    _spec("withdrawal", "zog zogen zieht ziehen", then=_GAP + r"\s+(?:ab|zurück)" + _CLAUSE_END),
    _spec("withdrawal", "kehrte kehrten kehrt", then=_GAP + r"\s+zurück" + _CLAUSE_END),
    _spec("withdrawal", "verließ verließen verlässt verlassen räumte räumten geräumt",
          context=FORCE),
    _spec("withdrawal", "beendete beendeten beendet beenden", then=_GAP + r"\s+(?:\w*einsatz\w*|"
          r"mission|operation|präsenz)"),
    _spec("deployment", "entsandt entsenden entsendet entsandte stationiert stationieren"),
    # "verlegt" also means "moved to another date": troops must be in the clause.
    _spec("deployment", "verlegt verlegte", context=FORCE),
    _spec("deployment", "eingetroffen", context=FORCE),
    _noun("deployment", "entsendung stationierung militäreinsatz auslandseinsatz "
          "bundeswehreinsatz kampfeinsatz truppeneinsatz"),
    _noun("deployment", "einsätze einsätzen auslandseinsätze", plural=True),
    _noun("coup", "putsch putsches staatsstreich staatsstreichs staatsstreiches "
          "machtübernahme meuterei", compound=True),
    _noun("coup", "putsche", compound=True, plural=True),
    _spec("coup", "putschte putschten gestürzt stürzte stürzten"),
    _spec("coup", "ergriff ergriffen übernahm übernahmen", then=r"\s+(?:die\s+)?macht\b",
          consume=True),
    _spec("coup", "ergriffen übernommen", before=r"\bmacht"),  # "hatte die Macht übernommen"
    _spec("election", "gewählt wählten wählte wiedergewählt wählt"),
    _noun("attack", "angriff angriffs anschlag anschlags überfall hinterhalt gefecht massaker",
          compound=True),
    _noun("attack", "angriffe angriffen anschläge anschlägen gefechte gefechten kämpfe "
          "kämpfen", compound=True, plural=True),
    _spec("attack", "getötet tötete töteten angegriffen griffen belagern belagerten belagert "
          "belagerte beschossen beschoss überfielen überfiel attackierten attackierte attackiert"),
    # "eroberte die Mehrheit" wins an election: only where forces are named.
    _spec("attack", "eroberte eroberten erobert zurückerobert", context=FORCE),
    _spec("attack", "griff greift greifen", then=_GAP + r"\s+an" + _CLAUSE_END),
    _spec("attack", "eingenommen einzunehmen einnehmen", context=FORCE),
    _spec("attack", "nahm nahmen", then=_GAP + r"\s+ein" + _CLAUSE_END, context=FORCE),
    _noun("attack", "belagerung völkermord", compound=True),
    _noun("attack", "offensive", compound=True, context=FORCE),  # not "Charmeoffensive"
    _spec("attack", "kämpfen kämpften kämpft kämpfte", context=FORCE),
    _noun("sanction", "sanktion sanktionen embargo suspendierung ausweisung", compound=True),
    _spec("sanction", "sanktioniert suspendiert ausgewiesen"),
    _spec("sanction", "setzte setzten", then=_GAP + r"\s+aus" + _CLAUSE_END),
    _noun("election", "wahl wahlen präsidentschaftswahl präsidentschaftswahlen parlamentswahl "
          "parlamentswahlen kommunalwahlen regionalwahlen neuwahlen stichwahl referendum "
          "volksabstimmung"),
    _noun("ceremony", "zeremonie feier auszeichnung ehrung verleihung", compound=True),
    _noun("ceremony", "zeremonien feiern auszeichnungen ehrungen dekorationen", plural=True),
    _spec("ceremony", "ausgezeichnet geehrt verliehen verlieh dekoriert vereidigt"),
    _spec("ceremony", "ritter", then=_GAP + r"\s+(?:ernannt|geschlagen)\b", recipient=True),
    _spec("ceremony", "erhielt erhielten erhält", then=r"(?:\s+[\w'’„“\"«»-]+){0,4}?\s*[„“\"«]?"
          r"(?:médaille|medaille|\w*orden\b|\w*auszeichnung|ehrenzeichen|\w*preis\b)",
          recipient=True),
    _spec("aid", "gebaut errichtet eingerichtet übergeben übergab geliefert lieferte "
          "gespendet eröffnet", context=AID),
    # What is given stands between ("stellt dem Programm zehn Millionen Euro für Lebensmittel
    # zur Verfügung"): a longer gap than a split verb's.
    _spec("aid", "stellte stellten stellt", then=r"(?:\s+[\w'’„“\"«»-]+){0,10}?\s+zur\s+"
          r"verfügung\b", context=AID),
    _spec("aid", "stellen gestellt", before=r"\bzur\s+verfügung", context=AID),
    _noun("aid", "spende hilfslieferung hilfslieferungen nothilfe militärhilfe "
          "entwicklungshilfe"),
    # Not "mit Hilfe von" (by means of): the look-behind runs at the end of the head word.
    _noun("aid", "hilfe", then=r"(?<!mit\shilfe)", context=AID),
    _noun("protest", "protest proteste protesten demonstration demonstrationen "
          "kundgebung kundgebungen demonstranten", compound=True),
    _spec("protest", "protestierten protestierte demonstrierten demonstrierte"),
)

_FRENCH = (
    _spec("agreement", "formé formée formés formèrent", then=r"(?:\s+[\w'’-]+){0,3}?\s+"
          r"(?:alliance|coalition|confédération|fédération|union|bloc)\b"),
    _spec("agreement", "alliés alliées"),
    _spec(BACKGROUND, "fondé fondée né née mort morte"),
    _spec("decision", "décrété décrète déclaré instauré", then=_GAP + r"\s+(?:l['’]\s*)?"
          r"(?:état\s+d['’]\s*(?:urgence|siège)|deuil\s+national|couvre-feu|loi\s+martiale)"),
    _spec("statement", "déclaré affirmé annoncé indiqué souligné estimé précisé confirmé "
          "déclare affirme annonce indique souligne averti estime estiment ajouté expliqué "
          "accusé accuse accusent démenti"),
    _spec("statement", "condamné condamnée condamne condamnent dénoncé dénonce dénoncent "
          "déploré déplore déplorent critiqué rejeté rejette rejettent", reaction=True),
    _spec("statement", "salué salue saluent", reaction=True, then=_REACTED_TO["fr"]),
    _noun("statement", "déclaration communiqué"),
    _noun("visit", "visite"),
    _noun("visit", "visites", plural=True),
    _spec("visit", "visité visitera visiteront visiter"),
    _spec("visit", "rendu rendue rendus rendra rendront rend rendent rendre",
          before=r"(?:s['’]|se\s+)(?:\w+\s+){0,2}"),
    _noun("meeting", "rencontre entretien sommet réunion pourparlers négociations"),
    _noun("meeting", "rencontres entretiens sommets réunions", plural=True),
    _spec("meeting", "rencontré rencontrera rencontrer rencontrent reçu reçue accueilli "
          "entretenu entretenue entretenus réuni réunie réunis réunies réunit réunira"),
    _noun("agreement", "accord accords traité pacte cessez-le-feu"),
    _spec("decision", "signé signe", then=_DECREE_AFTER["fr"]),
    _spec("decision", "signé", before=_DECREE_BEFORE["fr"]),
    _spec("decision", "dissous dissout dissoute dissoutes"),
    _spec("agreement", "signé signent signant conclu"),
    _spec("decision", "dénoncé dénonce rompu rompt résilié résilie suspendu suspend", consume=True,
          then=_AGREEMENT_OBJECT["fr"]),
    _spec("decision", "décidé décide approuvé approuve adopté adopte voté prolongé désigné "
          "désignée nommé nommée"),
    _noun("decision", "décision veto véto"),
    _noun("decision", "dénonciation résiliation", consume=True, then=_TERMINATED["fr"]),
    # Asking someone to do something: "a demandé aux États-Unis de suspendre leurs activités"
    # (not "se demande": wonders)
    _spec("demand", "demandé demande demandent demandait", then=r"(?:\s+[\w'’-]+){0,5}?\s+"
          r"(?:de|d['’])\s*\w+(?:er|ir|re)\b",
          before=r"(?<!\bse)(?<!\bs['’]est)(?<!\bs['’])(?<!\s)"),
    _spec("demand", "exigé exige exigent exigeait réclamé réclame réclament sommé ordonné "
          "ordonne"),
    _spec("demand", "appelé appelle appellent", then=r"(?:\s+[\w'’-]+){0,4}?\s+(?:à|au)\b"),
    _noun("demand", "exigence"),
    _noun("withdrawal", "retrait désengagement rapatriement"),
    _spec("withdrawal", "retiré retirée retirés retirées retire retirent retirer retirera "
          "retireront retiraient quitter quitté quittée quittés quitte quittent quittera "
          "quitteront rentrés rentrées rentré rapatrié rapatriés", context=FORCE),
    _noun("withdrawal", "départ", context=FORCE),
    # "a (officiellement) achevé son mandat": a mission's end; "mis fin au mandat": a decision
    _spec("withdrawal", "achevé achève terminé termine", consume=True,
          then=r"(?:\s+\w+ment)?\s+(?:son|sa|leur)\s+(?:mandat|mission|opération)\b"),
    _spec("decision", "mis met mettra", consume=True,
          then=r"\s+fin\s+(?:au|à\s+(?:la|son|sa|leur))\s+(?:mandat|mission)\b"),
    _noun("withdrawal", "fin", consume=True,
          then=r"\s+(?:de\s+la|de\s+l['’]|du|des)\s*(?:\w+\s+)?"
          r"(?:mission|opération|présence|engagement|déploiement)"),
    _spec("deployment", "déployé déployée déployés déployées déployer déploie déploient "
          "stationné stationnés stationnées dépêché dépêchés"),
    _spec("deployment", "créé créée créés lancé lancée", context=FORCE),
    _spec("deployment", "arrivé arrivés arrivée arrivées", context=FORCE),
    _noun("deployment", "déploiement"),
    _noun("deployment", "déploiements", plural=True),
    _spec("deployment", "envoyé envoyés envoie envoient envoyer",
          then=_GAP + r"\s+(?:troupes|soldats|militaires|renforts|casques)"),
    _noun("coup", "coup", then=r"\s+(?:d['’]\s?[ée]tat|militaire|de\s+force)\b", consume=True),
    _noun("coup", "putsch mutinerie"),
    _noun("coup", "putschs coups", plural=True),
    _spec("coup", "pris prend prennent prise", then=r"\s+(?:le|du)\s+pouvoir\b", consume=True),
    _spec("coup", "renversé renversée renverse destitué destituée"),
    _noun("attack", "attaque attentat embuscade accrochage affrontement assaut frappe massacre"),
    _noun("attack", "attaques attentats embuscades accrochages affrontements frappes"),
    _spec("attack", "attaqué attaquée attaqués tué tués tuée tuées tuant tue tuent assiégé "
          "assiégée assiègent emparé emparée emparés emparées"),
    _spec("attack", "pris prend prennent", then=r"\s+le\s+contrôle\b", consume=True),
    _noun("attack", "génocide"),
    _noun("attack", "offensive offensives", context=FORCE),
    _spec("attack", "combattent combattu combattaient", context=FORCE),
    _noun("attack", "combats", plural=True),
    _spec("election", "élu élue élus réélu réélue"),
    _noun("sanction", "sanction sanctions suspension expulsion embargo"),
    _spec("sanction", "sanctionné sanctionnés suspendu suspendue expulsé expulsés"),
    _noun("election", "élection élections scrutin scrutins présidentielle présidentielles "
          "législatives référendum vote"),
    _noun("ceremony", "cérémonie médaille décoration"),
    _noun("ceremony", "cérémonies médailles décorations", plural=True),
    _spec("ceremony", "décoré décorée décorés honoré honorés"),
    _spec("ceremony", "investi investie", before=r"\b(?:été|sera|fut|être)"),
    _spec("ceremony", "élevé élevée", then=r"\s+au\s+rang\b"),
    _spec("aid", "construit construite construits construites remis remise livré livrés "
          "livrée offert offerts inauguré inaugurée financé", context=AID),
    _noun("aid", "don dons", context=AID),
    _noun("aid", "aide", then=r"\s+(?:humanitaire|alimentaire|militaire|d['’]urgence)\b"),
    _noun("protest", "manifestation manifestations manifestants protestation protestations"),
    _spec("protest", "manifesté manifestent manifestaient protesté"),
)

_BY_LANGUAGE = {"en": _ENGLISH, "de": _GERMAN, "fr": _FRENCH}
# A compound tail shorter than this is a word of its own ("Zug" is no "Abzug").
MIN_COMPOUND_TAIL = 4
# A compound head shorter than this is an inflection or a prefix that changes the meaning.
MIN_COMPOUND_HEAD = 3


@dataclass(frozen=True)
class Lexicon:
    """The triggers of one language (or of all three), indexed by lower-case word form."""

    by_form: dict[str, tuple[TriggerSpec, ...]]
    by_compound_tail: dict[str, tuple[TriggerSpec, ...]]
    longest_tail: int
    # The tails that name triggers: a word ending in none of them is no compound trigger.
    tails: tuple[str, ...] = ()


def _index(specs: tuple[TriggerSpec, ...], compound: bool) -> dict[str, tuple[TriggerSpec, ...]]:
    index: dict[str, list[TriggerSpec]] = {}
    for spec in specs:
        if compound and not spec.compound:
            continue
        for form in spec.forms:
            index.setdefault(form, []).append(spec)
    # Specs with a ``then`` check come first: the more specific reading wins.
    return {form: tuple(sorted(found, key=lambda s: s.then is None))
            for form, found in index.items()}


@cache
def lexicon_for(language: str | None) -> Lexicon:
    """Return the triggers of ``language``; English, German and French together if unknown."""
    languages = (language,) if language in _BY_LANGUAGE else tuple(_BY_LANGUAGE)
    specs = tuple(
        replace(spec, language=code)
        for code in languages
        for spec in _BY_LANGUAGE[code]
    )
    tails = _index(specs, compound=True)
    return Lexicon(
        by_form=_index(specs, compound=False),
        by_compound_tail=tails,
        longest_tail=max((len(tail) for tail in tails), default=0),
        tails=tuple(tail for tail, found in tails.items() if found),
    )
