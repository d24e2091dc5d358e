"""Generate ``data/countries.json``: every ISO 3166-1 country with its names in EN, DE and FR.

Run ``python -m newsdb.kb.build_countries`` after editing the tables below; the output is
committed, so the package never computes it at run time. Names come from three sources, merged:

- pycountry's ISO 3166-1 names and official names, with their German and French translations;
- CLDR (through babel, which trafilatura already installs), the short forms people write;
- the curated tables below: the forms news text uses that neither source has ("Elfenbeinküste",
  "RDC", "USA"), names to drop because they mislead ("Maurice" is mostly a first name), and the
  demonyms the event extractor uses to infer actors ("German troops" -> Germany).

This module is mostly data tables; its logic is the few functions at the end.
"""

from __future__ import annotations

import gettext
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale

OUTPUT = Path(__file__).with_name("data") / "countries.json"
LANGUAGES = ("en", "de", "fr")


def _pairs(table: str) -> dict[str, str]:
    """Read a table of "KEY:VALUE" words."""
    pairs = (word.split(":", 1) for word in table.split())
    return {key: value for key, value in pairs}


# Kosovo has no ISO 3166-1 code; XK is the user-assigned code that the EU, CLDR and most data
# providers use for it.
EXTRA_CODES = {"XK": "Kosovo"}

# Wikidata items (the P297 holder for each code), checked against two independent ISO-to-Wikidata
# tables. The Netherlands is Q55 (the country), not Q29999 (the kingdom).
WIKIDATA = _pairs(
    """
AD:Q228 AE:Q878 AF:Q889 AG:Q781 AI:Q25228 AL:Q222 AM:Q399 AO:Q916 AQ:Q51 AR:Q414 AS:Q16641
AT:Q40 AU:Q408 AW:Q21203 AX:Q5689 AZ:Q227 BA:Q225 BB:Q244 BD:Q902 BE:Q31 BF:Q965 BG:Q219
BH:Q398 BI:Q967 BJ:Q962 BL:Q25362 BM:Q23635 BN:Q921 BO:Q750 BQ:Q27561 BR:Q155 BS:Q778
BT:Q917 BV:Q23408 BW:Q963 BY:Q184 BZ:Q242 CA:Q16 CC:Q36004 CD:Q974 CF:Q929 CG:Q971 CH:Q39
CI:Q1008 CK:Q26988 CL:Q298 CM:Q1009 CN:Q148 CO:Q739 CR:Q800 CU:Q241 CV:Q1011 CW:Q25279
CX:Q31063 CY:Q229 CZ:Q213 DE:Q183 DJ:Q977 DK:Q35 DM:Q784 DO:Q786 DZ:Q262 EC:Q736 EE:Q191
EG:Q79 EH:Q6250 ER:Q986 ES:Q29 ET:Q115 FI:Q33 FJ:Q712 FK:Q9648 FM:Q702 FO:Q4628 FR:Q142
GA:Q1000 GB:Q145 GD:Q769 GE:Q230 GF:Q3769 GG:Q25230 GH:Q117 GI:Q1410 GL:Q223 GM:Q1005
GN:Q1006 GP:Q17012 GQ:Q983 GR:Q41 GS:Q35086 GT:Q774 GU:Q16635 GW:Q1007 GY:Q734 HK:Q8646
HM:Q131198 HN:Q783 HR:Q224 HT:Q790 HU:Q28 ID:Q252 IE:Q27 IL:Q801 IM:Q9676 IN:Q668 IO:Q43448
IQ:Q796 IR:Q794 IS:Q189 IT:Q38 JE:Q785 JM:Q766 JO:Q810 JP:Q17 KE:Q114 KG:Q813 KH:Q424
KI:Q710 KM:Q970 KN:Q763 KP:Q423 KR:Q884 KW:Q817 KY:Q5785 KZ:Q232 LA:Q819 LB:Q822 LC:Q760
LI:Q347 LK:Q854 LR:Q1014 LS:Q1013 LT:Q37 LU:Q32 LV:Q211 LY:Q1016 MA:Q1028 MC:Q235 MD:Q217
ME:Q236 MF:Q126125 MG:Q1019 MH:Q709 MK:Q221 ML:Q912 MM:Q836 MN:Q711 MO:Q14773 MP:Q16644
MQ:Q17054 MR:Q1025 MS:Q13353 MT:Q233 MU:Q1027 MV:Q826 MW:Q1020 MX:Q96 MY:Q833 MZ:Q1029
NA:Q1030 NC:Q33788 NE:Q1032 NF:Q31057 NG:Q1033 NI:Q811 NL:Q55 NO:Q20 NP:Q837 NR:Q697 NU:Q34020
NZ:Q664 OM:Q842 PA:Q804 PE:Q419 PF:Q30971 PG:Q691 PH:Q928 PK:Q843 PL:Q36 PM:Q34617 PN:Q35672
PR:Q1183 PS:Q219060 PT:Q45 PW:Q695 PY:Q733 QA:Q846 RE:Q17070 RO:Q218 RS:Q403 RU:Q159 RW:Q1037
SA:Q851 SB:Q685 SC:Q1042 SD:Q1049 SE:Q34 SG:Q334 SH:Q192184 SI:Q215 SJ:Q842829 SK:Q214
SL:Q1044 SM:Q238 SN:Q1041 SO:Q1045 SR:Q730 SS:Q958 ST:Q1039 SV:Q792 SX:Q26273 SY:Q858
SZ:Q1050 TC:Q18221 TD:Q657 TF:Q129003 TG:Q945 TH:Q869 TJ:Q863 TK:Q36823 TL:Q574 TM:Q874
TN:Q948 TO:Q678 TR:Q43 TT:Q754 TV:Q672 TW:Q865 TZ:Q924 UA:Q212 UG:Q1036 UM:Q16645 US:Q30
UY:Q77 UZ:Q265 VA:Q237 VC:Q757 VE:Q717 VG:Q25305 VI:Q11703 VN:Q881 VU:Q686 WF:Q35555 WS:Q683
XK:Q1246 YE:Q805 YT:Q17063 ZA:Q258 ZM:Q953 ZW:Q954
"""
)

# UN M49 sub-regions (Kosovo added to Southern Europe), for the one-line descriptions.
SUBREGIONS = {
    "North Africa": "DZ EG LY MA SD TN EH",
    "East Africa": "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    "Central Africa": "AO CM CF TD CG CD GQ GA ST",
    "Southern Africa": "BW SZ LS NA ZA",
    "West Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "the Caribbean": "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX "
    "TT TC VI",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE",
    "North America": "BM CA GL PM US",
    "Central Asia": "KZ KG TJ TM UZ",
    "East Asia": "CN HK MO KP JP MN KR TW",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "South Asia": "AF BD BT IN IR MV NP PK LK",
    "Western Asia": "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    "Eastern Europe": "BY BG CZ HU PL MD RO RU SK UA",
    "Northern Europe": "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB",
    "Southern Europe": "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES XK",
    "Western Europe": "AT BE FR DE LI LU MC NL CH",
    "Oceania": "AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK "
    "TO TV WF",
    "Antarctica": "AQ",
}

# Territories and the state they belong to or are associated with.
ASSOCIATED_WITH = _pairs(
    """
AS:US AI:GB AW:NL AX:FI BL:FR BM:GB BQ:NL BV:NO CC:AU CK:NZ CW:NL CX:AU FK:GB FO:DK GF:FR GG:GB
GI:GB GL:DK GP:FR GS:GB GU:US HK:CN HM:AU IM:GB IO:GB JE:GB KY:GB MF:FR MO:CN MP:US MQ:FR MS:GB
NC:FR NF:AU NU:NZ PF:FR PM:FR PN:GB PR:US RE:FR SH:GB SJ:NO SX:NL TC:GB TF:FR TK:NZ UM:US VG:GB
VI:US WF:FR YT:FR
"""
)

DESCRIPTIONS = {
    "AQ": "Continent around the South Pole, governed under the Antarctic Treaty",
    "BV": "Uninhabited Norwegian island in the South Atlantic Ocean",
    "GS": "British overseas territory of islands in the South Atlantic Ocean",
    "HM": "Uninhabited Australian islands in the southern Indian Ocean",
    "IO": "British overseas territory of islands in the Indian Ocean",
    "TF": "French overseas territory of islands in the southern Indian Ocean and Antarctica",
    "EH": "Disputed territory in North Africa",
    "PS": "State in Western Asia with limited recognition",
    "TW": "Self-governing island state in East Asia with limited recognition",
    "XK": "State in Southern Europe with limited recognition",
}

CANONICAL_NAMES = {
    "BA": "Bosnia and Herzegovina",
    "BQ": "Caribbean Netherlands",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "FK": "Falkland Islands",
    "GS": "South Georgia and the South Sandwich Islands",
    "HK": "Hong Kong",
    "HM": "Heard Island and McDonald Islands",
    "MF": "Saint Martin",
    "MM": "Myanmar",
    "MO": "Macau",
    "PS": "Palestine",
    "ST": "São Tomé and Príncipe",
    "TL": "East Timor",
    "TR": "Turkey",
    "UM": "United States Minor Outlying Islands",
    "VA": "Vatican City",
    "VC": "Saint Vincent and the Grenadines",
    "VI": "United States Virgin Islands",
}
KEYS = {"CD": "dr-congo", "CG": "republic-of-the-congo"}
# Names that take "the" in running text ("associated with the United Kingdom").
WITH_ARTICLE = {"GB", "NL", "US"}

# Forms news text uses beyond pycountry and CLDR.
EXTRA_NAMES: dict[str, dict[str, list[str]]] = {
    "AE": {"en": ["UAE"], "de": ["VAE"], "fr": ["EAU"]},
    "BA": {"en": ["Bosnia"], "de": ["Bosnien", "Bosnien-Herzegowina"], "fr": ["Bosnie"]},
    "BF": {"*": ["Burkina"]},
    "BY": {"de": ["Weißrussland", "Weissrussland"], "fr": ["Bélarus"]},
    "CD": {
        "en": [
            "DR Congo",
            "DRC",
            "D.R. Congo",
            "Democratic Republic of Congo",
            "Congo-Kinshasa",
            "Congo",
        ],
        "de": ["DR Kongo", "Demokratische Republik Kongo", "Kongo"],
        "fr": ["RDC", "RD Congo", "République démocratique du Congo"],
    },
    "CF": {"en": ["CAR"], "de": ["ZAR"], "fr": ["Centrafrique", "RCA"]},
    "CG": {
        "en": ["Republic of Congo", "Congo-Brazzaville"],
        "de": ["Republik Kongo", "Kongo-Brazzaville"],
        "fr": ["République du Congo", "Congo-Brazzaville"],
    },
    "CI": {
        "en": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
        "de": ["Elfenbeinküste"],
        "fr": ["Côte d'Ivoire", "Côte-d'Ivoire"],
    },
    "CN": {"en": ["PRC"], "de": ["VR China"]},
    "CV": {"en": ["Cape Verde", "Cabo Verde"], "de": ["Kap Verde", "Kapverden"]},
    "CZ": {"en": ["Czechia"], "de": ["Tschechische Republik"], "fr": ["République tchèque"]},
    "DE": {"de": ["Bundesrepublik", "BRD"], "fr": ["RFA"]},
    "EH": {"fr": ["Sahara occidental"]},
    "FO": {"en": ["Faroes"], "de": ["Färöer"]},
    "GB": {
        "en": ["UK", "U.K.", "Britain", "Great Britain"],
        "de": ["Großbritannien", "Grossbritannien", "Vereinigtes Königreich"],
        "fr": ["Royaume-Uni", "Grande-Bretagne"],
    },
    "GM": {"en": ["The Gambia"]},
    "GN": {"en": ["Guinea-Conakry"], "de": ["Guinea-Conakry"], "fr": ["Guinée-Conakry"]},
    "GQ": {"fr": ["Guinée équatoriale"]},
    "GW": {"en": ["Guinea Bissau"], "fr": ["Guinée Bissau"]},
    "HK": {"de": ["Hongkong"]},
    "IR": {"en": ["Islamic Republic of Iran"]},
    "KP": {"en": ["DPRK"]},
    "KR": {"en": ["Republic of Korea"]},
    "MD": {"de": ["Moldawien", "Moldau"], "fr": ["Moldavie"]},
    "MK": {"en": ["Macedonia"], "de": ["Mazedonien"], "fr": ["Macédoine"]},
    "MM": {"en": ["Burma"], "de": ["Birma", "Burma"], "fr": ["Birmanie"]},
    "MO": {"en": ["Macao"]},
    "MU": {"fr": ["île Maurice"]},
    "NL": {"en": ["the Netherlands", "Holland"], "de": ["Holland"]},
    "PS": {
        "en": ["State of Palestine", "Palestinian territories"],
        "de": ["Palästina", "Palästinensergebiete", "palästinensischen Gebiete"],
        "fr": ["Palestine", "État de Palestine", "Territoires palestiniens"],
    },
    "RE": {"fr": ["La Réunion"]},
    "RU": {
        "en": ["Russian Federation"],
        "de": ["Russische Föderation"],
        "fr": ["Fédération de Russie"],
    },
    "SS": {"fr": ["Sud-Soudan"]},
    "SV": {"fr": ["El Salvador"]},
    "SY": {"en": ["Syria"], "de": ["Syrien"], "fr": ["Syrie"]},
    "SZ": {"en": ["Swaziland"], "de": ["Swasiland"], "fr": ["Swaziland"]},
    "TL": {"en": ["East Timor"], "de": ["Osttimor"]},
    "TR": {"en": ["Turkey", "Türkiye", "Turkiye"]},
    "US": {
        "en": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
        "de": ["USA", "Vereinigten Staaten", "Amerika"],
        "fr": ["Etats-Unis", "Amérique"],
    },
    "VA": {
        "en": ["Vatican", "Holy See"],
        "de": ["Vatikan", "Heiliger Stuhl"],
        "fr": ["Vatican", "Saint-Siège", "Cité du Vatican"],
    },
    "VN": {"en": ["Viet Nam"], "fr": ["Vietnam"]},
}

# Names the sources give that would mislead: first names ("Maurice", "Dominique"), a name that
# is another entity's as often as this one's, or bureaucratic forms nobody writes.
DROPPED_NAMES = {
    "CG": {"Congo", "Kongo"},  # "Congo" alone mostly means the DRC in news text
    "DM": {"Dominique"},
    "HK": {"Hong Kong SAR China", "R.A.S. chinoise de Hong Kong"},
    "MO": {"Macao SAR China", "R.A.S. chinoise de Macao"},
    "MU": {"Maurice"},
    "SV": {"Salvador"},
    "SX": {"Saint-Martin"},  # the French part (MF) has this name
    "PS": {"Palestinian Territories"},
}

# Names that are also ordinary lower-case words in EN/DE/FR: match them only as capitalized.
CASE_SENSITIVE = {
    "Bermuda",
    "Chad",
    "Chile",
    "Chili",
    "China",
    "Chypre",
    "Curaçao",
    "Grenade",
    "Guinea",
    "Guernsey",
    "Island",
    "Japan",
    "Jersey",
    "La Réunion",
    "Macédoine",
    "Panama",
    "Réunion",
    "Suisse",
    "Turkey",
    "Bénin",
    "Équateur",
    # demonyms that are also common words
    "Dutch",
    "French",
    "Pole",
    "Poles",
    "Polish",
    "Swede",
    "Swedes",
    "Swiss",
}

# Demonyms: "CODE | English | German | French". A trailing "~" inflects an adjective (EN: plural
# noun; DE: -e/-en/-er/-es/-em; FR: feminine and plurals), "*" a German noun (Malier -> Maliern,
# Malierin...; Russe -> Russen, Russin...). Other forms are taken as written. Countries whose
# demonym is ambiguous (Congo-Brazzaville vs the DRC, the two Koreas' "Korean") get none of it.
DEMONYMS = """
DZ | Algerian~ | algerisch~, Algerier* | algérien~
AO | Angolan~ | angolanisch~, Angolaner* | angolais~
BJ | Beninese | beninisch~, Beniner* | béninois~
BW | Botswanan~, Motswana, Batswana | botswanisch~, Botswaner* | botswanais~
BF | Burkinabe, Burkinabé, Burkinabè | burkinisch~, Burkiner* | burkinabè, burkinabé, burkinabée, \
burkinabés, burkinabées
BI | Burundian~ | burundisch~, Burundier* | burundais~
CV | Cape Verdean~, Cabo Verdean~ | kap-verdisch~, kapverdisch~, Kapverdier* | cap-verdien~
CM | Cameroonian~ | kamerunisch~, Kameruner* | camerounais~
CF | Central African~ | zentralafrikanisch~, Zentralafrikaner* | centrafricain~
TD | Chadian~ | tschadisch~, Tschader* | tchadien~
KM | Comorian~ | komorisch~, Komorer* | comorien~
CD | Congolese | kongolesisch~, Kongolese* | congolais~
CI | Ivorian~ | ivorisch~, Ivorer* | ivoirien~
DJ | Djiboutian~ | dschibutisch~, Dschibutier* | djiboutien~
EG | Egyptian~ | ägyptisch~, Ägypter* | égyptien~
GQ | Equatorial Guinean~, Equatoguinean~ | äquatorialguineisch~, Äquatorialguineer* | \
équato-guinéen~
ER | Eritrean~ | eritreisch~, Eritreer* | érythréen~
SZ | Swazi~, Emaswati | swasiländisch~, eswatinisch~, Swasi, Swasis | swazi~
ET | Ethiopian~ | äthiopisch~, Äthiopier* | éthiopien~
GA | Gabonese | gabunisch~, Gabuner* | gabonais~
GM | Gambian~ | gambisch~, Gambier* | gambien~
GH | Ghanaian~ | ghanaisch~, Ghanaer* | ghanéen~
GN | Guinean~ | guineisch~, Guineer* | guinéen~
GW | Bissau-Guinean~ | guinea-bissauisch~, Guinea-Bissauer* | bissau-guinéen~
KE | Kenyan~ | kenianisch~, Kenianer* | kényan~
LS | Basotho, Mosotho | lesothisch~, Lesother* | lésothien~
LR | Liberian~ | liberianisch~, Liberianer* | libérien~
LY | Libyan~ | libysch~, Libyer* | libyen~
MG | Malagasy | madagassisch~, Madagasse* | malgache~
MW | Malawian~ | malawisch~, Malawier* | malawien~, malawite~
ML | Malian~ | malisch~, Malier* | malien~
MR | Mauritanian~ | mauretanisch~, Mauretanier* | mauritanien~
MU | Mauritian~ | mauritisch~, Mauritier* | mauricien~
MA | Moroccan~ | marokkanisch~, Marokkaner* | marocain~
MZ | Mozambican~ | mosambikanisch~, Mosambikaner* | mozambicain~
NA | Namibian~ | namibisch~, Namibier* | namibien~
NE | Nigerien~ | nigrisch~, Nigrer* | nigérien~
NG | Nigerian~ | nigerianisch~, Nigerianer* | nigérian~
RW | Rwandan~ | ruandisch~, Ruander* | rwandais~
ST | Santomean~ | são-toméisch~, São-Toméer* | santoméen~
SN | Senegalese | senegalesisch~, Senegalese* | sénégalais~
SC | Seychellois | seychellisch~, Seycheller* | seychellois~
SL | Sierra Leonean~ | sierra-leonisch~, Sierra-Leoner* | sierra-léonais~
SO | Somali~, Somalian~ | somalisch~, Somalier* | somalien~
ZA | South African~ | südafrikanisch~, Südafrikaner* | sud-africain~
SS | South Sudanese | südsudanesisch~, Südsudanese* | sud-soudanais~
SD | Sudanese | sudanesisch~, Sudanese* | soudanais~
TZ | Tanzanian~ | tansanisch~, Tansanier* | tanzanien~
TG | Togolese | togoisch~, togolesisch~, Togoer* | togolais~
TN | Tunisian~ | tunesisch~, Tunesier* | tunisien~
UG | Ugandan~ | ugandisch~, Ugander* | ougandais~
ZM | Zambian~ | sambisch~, Sambier* | zambien~
ZW | Zimbabwean~ | simbabwisch~, Simbabwer* | zimbabwéen~
EH | Sahrawi~ | sahrauisch~, Sahraui, Sahrauis | sahraoui~
AL | Albanian~ | albanisch~, Albaner* | albanais~
AD | Andorran~ | andorranisch~, Andorraner* | andorran~
AT | Austrian~ | österreichisch~, Österreicher* | autrichien~
BY | Belarusian~, Belarussian~ | belarussisch~, weißrussisch~, Belarusse*, Weißrusse* | \
biélorusse~, bélarusse~
BE | Belgian~ | belgisch~, Belgier* | belge~
BA | Bosnian~ | bosnisch~, Bosnier* | bosnien~
BG | Bulgarian~ | bulgarisch~, Bulgare* | bulgare~
HR | Croatian~, Croat~ | kroatisch~, Kroate* | croate~
CY | Cypriot~ | zyprisch~, Zyprer*, Zypriot, Zyprioten, Zypriotin, Zypriotinnen | chypriote~, \
cypriote~
CZ | Czech~ | tschechisch~, Tscheche* | tchèque~
DK | Danish, Dane~ | dänisch~, Däne* | danois~
EE | Estonian~ | estnisch~, Este* | estonien~
FI | Finnish, Finn~ | finnisch~, Finne* | finlandais~
FR | French, Frenchman, Frenchmen, Frenchwoman, Frenchwomen | französisch~, Franzose, Franzosen, \
Französin, Französinnen | français~
DE | German~ | deutsch~ | allemand~
GR | Greek~ | griechisch~, Grieche* | grec, grecque, grecs, grecques
HU | Hungarian~ | ungarisch~, Ungar, Ungarin, Ungarinnen | hongrois~
IS | Icelandic, Icelander~ | isländisch~, Isländer* | islandais~
IE | Irish, Irishman, Irishmen, Irishwoman, Irishwomen | irisch~, Ire* | irlandais~
IT | Italian~ | italienisch~, Italiener* | italien~
XK | Kosovar~, Kosovan~ | kosovarisch~, Kosovare* | kosovar~
LV | Latvian~ | lettisch~, Lette* | letton, lettone, lettons, lettones
LI | Liechtensteiner~ | liechtensteinisch~, Liechtensteiner* | liechtensteinois~
LT | Lithuanian~ | litauisch~, Litauer* | lituanien~
LU | Luxembourgish, Luxembourger~ | luxemburgisch~, Luxemburger* | luxembourgeois~
MT | Maltese | maltesisch~, Malteser* | maltais~
MD | Moldovan~ | moldauisch~, moldawisch~, Moldauer* | moldave~
MC | Monegasque~, Monégasque~ | monegassisch~, Monegasse* | monégasque~
ME | Montenegrin~ | montenegrinisch~, Montenegriner* | monténégrin~
NL | Dutch, Dutchman, Dutchmen, Dutchwoman, Dutchwomen | niederländisch~, Niederländer*, \
holländisch~, Holländer* | néerlandais~, hollandais~
MK | North Macedonian~, Macedonian~ | nordmazedonisch~, mazedonisch~, Mazedonier* | macédonien~, \
nord-macédonien~
NO | Norwegian~ | norwegisch~, Norweger* | norvégien~
PL | Polish, Pole~ | polnisch~, Pole* | polonais~
PT | Portuguese | portugiesisch~, Portugiese* | portugais~
RO | Romanian~ | rumänisch~, Rumäne* | roumain~
RU | Russian~ | russisch~, Russe* | russe~
SM | Sammarinese | san-marinesisch~, San-Marinese* | saint-marinais~
RS | Serbian~, Serb~ | serbisch~, Serbe* | serbe~
SK | Slovak~, Slovakian~ | slowakisch~, Slowake* | slovaque~
SI | Slovenian~, Slovene~ | slowenisch~, Slowene* | slovène~
ES | Spanish, Spaniard~ | spanisch~, Spanier* | espagnol~
SE | Swedish, Swede~ | schwedisch~, Schwede* | suédois~
CH | Swiss | schweizerisch~, Schweizer* | suisse~
UA | Ukrainian~ | ukrainisch~, Ukrainer* | ukrainien~
GB | British, Briton~, Brit~ | britisch~, Brite* | britannique~
VA | Vatican | vatikanisch~ | vatican~
AM | Armenian~ | armenisch~, Armenier* | arménien~
AZ | Azerbaijani~, Azeri~ | aserbaidschanisch~, Aserbaidschaner* | azerbaïdjanais~, azéri~
GE | Georgian~ | georgisch~, Georgier* | géorgien~
BH | Bahraini~ | bahrainisch~, Bahrainer* | bahreïnien~
IR | Iranian~ | iranisch~, Iraner* | iranien~
IQ | Iraqi~ | irakisch~, Iraker* | irakien~
IL | Israeli~ | israelisch~, Israeli, Israelis | israélien~
JO | Jordanian~ | jordanisch~, Jordanier* | jordanien~
KW | Kuwaiti~ | kuwaitisch~, Kuwaiter* | koweïtien~
LB | Lebanese | libanesisch~, Libanese* | libanais~
OM | Omani~ | omanisch~, Omaner* | omanais~
PS | Palestinian~ | palästinensisch~, Palästinenser* | palestinien~
QA | Qatari~ | katarisch~, Katarer* | qatari~, qatarien~
SA | Saudi~, Saudi Arabian~ | saudi-arabisch~, saudisch~, Saudi-Araber*, Saudi, Saudis | saoudien~
SY | Syrian~ | syrisch~, Syrer* | syrien~
TR | Turkish, Turk~ | türkisch~, Türke* | turc, turque, turcs, turques
AE | Emirati~ | emiratisch~, Emirati, Emiratis | émirati~, émirien~
YE | Yemeni~ | jemenitisch~, Jemenit, Jemeniten, Jemenitin, Jemenitinnen | yéménite~
AF | Afghan~ | afghanisch~, Afghane* | afghan~
PK | Pakistani~ | pakistanisch~, Pakistaner* | pakistanais~
AR | Argentine, Argentinian~ | argentinisch~, Argentinier* | argentin~
AU | Australian~ | australisch~, Australier* | australien~
BR | Brazilian~ | brasilianisch~, Brasilianer* | brésilien~
CA | Canadian~ | kanadisch~, Kanadier* | canadien~
CN | Chinese | chinesisch~, Chinese* | chinois~
IN | Indian~ | indisch~, Inder* | indien~
ID | Indonesian~ | indonesisch~, Indonesier* | indonésien~
JP | Japanese | japanisch~, Japaner* | japonais~
MX | Mexican~ | mexikanisch~, Mexikaner* | mexicain~
KR | South Korean~ | südkoreanisch~, Südkoreaner* | sud-coréen~
KP | North Korean~ | nordkoreanisch~, Nordkoreaner* | nord-coréen~
US | American~ | amerikanisch~, US-amerikanisch~, Amerikaner* | américain~
NZ | New Zealander~ | neuseeländisch~, Neuseeländer* | néo-zélandais~
CU | Cuban~ | kubanisch~, Kubaner* | cubain~
VE | Venezuelan~ | venezolanisch~, Venezolaner* | vénézuélien~
KZ | Kazakh~, Kazakhstani~ | kasachisch~, Kasache* | kazakh~
"""


def build() -> list[dict[str, Any]]:
    """Return the country entities, sorted by code."""
    regions = {code: region for region, codes in SUBREGIONS.items() for code in codes.split()}
    demonyms = _parse_demonyms(DEMONYMS)
    codes = sorted([c.alpha_2 for c in pycountry.countries] + list(EXTRA_CODES))
    missing = [code for code in codes if code not in regions or code not in WIKIDATA]
    if missing:
        raise SystemExit(f"no region or Wikidata id for {missing}")
    names = {code: _names(code) for code in codes}
    canonical = {code: _canonical_name(code) for code in codes}
    keys = {code: KEYS.get(code, _slug(canonical[code])) for code in codes}
    entities = []
    for code in codes:
        entity: dict[str, Any] = {
            "key": keys[code],
            "kind": "location",
            "subtype": "country",
            "name": canonical[code],
            "wikidata_id": WIKIDATA[code],
            "country_code": code,
            "description": _description(code, regions[code], canonical),
            "parent_key": keys[ASSOCIATED_WITH[code]] if code in ASSOCIATED_WITH else None,
            "aliases": _group_by_language(names[code], first=canonical[code]),
        }
        if code in demonyms:
            entity["demonyms"] = demonyms[code]
        texts = [
            t
            for groups in (entity["aliases"], demonyms.get(code, {}))
            for values in groups.values()
            for t in values
        ]
        sensitive = sorted({t for t in texts if t in CASE_SENSITIVE})
        if sensitive:
            entity["case_sensitive"] = sensitive
        entities.append(entity)
    _report_collisions(entities)
    return entities


def _names(code: str) -> dict[str, list[str]]:
    """Collect a country's names per language from pycountry, CLDR and the curated table."""
    found: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        iso = [getattr(country, field, None) for field in ("name", "official_name", "common_name")]
        for lang in LANGUAGES:
            translate = _translator(lang)
            found[lang] += [translate(name) for name in iso if name]
    for lang in LANGUAGES:
        cldr = Locale(lang).territories.get(code)
        if cldr:
            found[lang].insert(0, cldr)
    for lang, extra in EXTRA_NAMES.get(code, {}).items():
        for language in LANGUAGES if lang == "*" else (lang,):
            found[language] += extra
    dropped = DROPPED_NAMES.get(code, set())
    cleaned: dict[str, list[str]] = {}
    for lang, candidates in found.items():
        kept = [name for name in map(_clean, candidates) if name and name not in dropped]
        if lang == "de":
            kept += [oblique for name in kept if (oblique := _german_oblique(name)) != name]
        cleaned[lang] = _unique(kept)
    return cleaned


def _german_oblique(name: str) -> str:
    """Decline a German name's leading adjectives as after an article in the dative or genitive.

    "in der Demokratischen Republik Kongo" must not leave "Republik Kongo" (another country) as
    the only match; the gazetteer handles the -s of a genitive noun but not adjective endings.
    """
    words = name.split(" ")
    for index, word in enumerate(words[:-1]):
        if not _GERMAN_ADJECTIVE.match(word):
            break
        words[index] = re.sub(r"(e|er|es)$", "en", word)
    return " ".join(words)


# Adjective stems of country names: Islamisch-e, Vereinigt-e, Nördlich-e, Föderativ-e, ...
_GERMAN_ADJECTIVE = re.compile(r"^\w+(isch|ig|igt|lich|iv|iert|al)(e|er|es)$")


def _translator(lang: str) -> Any:
    if lang == "en":
        return lambda text: text
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext


def _clean(name: str) -> str | None:
    """Normalize a source name; drop inverted ISO forms ("Iran, Islamic Republic of")."""
    name = name.replace(" - ", "-").replace("\u2019", "'").strip()
    name = re.sub(r"\s*\([^)]*\)", "", name)
    if ", " in name and not name.startswith(("Bonaire", "Saint Helena", "St. Helena", "Sainte-")):
        return None
    name = re.sub(r"^(the |L')", "", name)
    return name or None


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def _canonical_name(code: str) -> str:
    if code in CANONICAL_NAMES:
        return CANONICAL_NAMES[code]
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    name = Locale("en").territories[code].replace(" & ", " and ")
    return re.sub(r"^St\. ", "Saint ", name)


def _description(code: str, region: str, canonical: dict[str, str]) -> str:
    if code in DESCRIPTIONS:
        return DESCRIPTIONS[code]
    if code in ASSOCIATED_WITH:
        state = ASSOCIATED_WITH[code]
        article = "the " if state in WITH_ARTICLE else ""
        return f"Territory in {region} associated with {article}{canonical[state]}"
    return f"Country in {region}"


def _group_by_language(names: dict[str, list[str]], first: str) -> dict[str, list[str]]:
    """Group names as the data files do: a form shared by several languages is neutral."""
    languages: dict[str, list[str]] = {first: ["en"]}
    for lang in LANGUAGES:
        for name in names[lang]:
            if lang not in languages.setdefault(name, []):
                languages[name].append(lang)
    groups: dict[str, list[str]] = {}
    for name in sorted(languages, key=lambda n: n != first):
        langs = languages[name]
        groups.setdefault("*" if len(langs) > 1 else langs[0], []).append(name)
    return {lang: groups[lang] for lang in ("*", *LANGUAGES) if lang in groups}


def _parse_demonyms(table: str) -> dict[str, dict[str, list[str]]]:
    result = {}
    for line in table.replace("\\\n", "").strip().splitlines():
        code, *columns = (part.strip() for part in line.split("|"))
        result[code] = {
            lang: _unique(form for token in column.split(",") for form in _inflect(lang, token))
            for lang, column in zip(LANGUAGES, columns, strict=True)
        }
    return result


def _inflect(lang: str, token: str) -> list[str]:
    token = token.strip()
    if token.endswith("~"):
        word = token[:-1]
        if lang == "en":
            return [word, word + "s"]
        if lang == "de":
            return [word] + [word + ending for ending in ("e", "en", "er", "es", "em")]
        return _french_forms(word)
    if token.endswith("*"):
        return _german_noun_forms(token[:-1])
    return [token]


def _french_forms(word: str) -> list[str]:
    """Masculine singular -> masculine, feminine, and both plurals ("malien", "malienne"...)."""
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    if word.endswith("en"):
        return [word, word + "ne", word + "s", word + "nes"]
    return [word, word + "e", word + "s", word + "es"]


def _german_noun_forms(word: str) -> list[str]:
    """Malier -> Maliern, Maliers, Malierin, Malierinnen; Russe -> Russen, Russin, Russinnen."""
    if word.endswith("er"):
        return [word, word + "n", word + "s", word + "in", word + "innen"]
    if word.endswith("e"):
        return [word, word + "n", word[:-1] + "in", word[:-1] + "innen"]
    raise SystemExit(f"cannot inflect the German noun {word!r}: write its forms out")


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ")


def _report_collisions(entities: list[dict[str, Any]]) -> None:
    owners: dict[str, str] = {}
    clashes = []
    for entity in entities:
        for names in entity["aliases"].values():
            for name in names:
                owner = owners.setdefault(_fold(name), entity["key"])
                if owner != entity["key"]:
                    clashes.append(f"{name!r}: {owner} / {entity['key']}")
    if clashes:
        raise SystemExit("names shared by two countries:\n" + "\n".join(clashes))


def write(entities: list[dict[str, Any]], path: Path) -> None:
    """Write entities as a JSON list, one field a line, for readable diffs."""
    blocks = []
    for entity in entities:
        lines = [
            f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in entity.items()
        ]
        blocks.append("{\n" + ",\n".join(lines) + "\n}")
    path.write_text("[\n" + ",\n".join(blocks) + "\n]\n", encoding="utf-8")


def main() -> None:
    """Regenerate ``data/countries.json``."""
    entities = build()
    write(entities, OUTPUT)
    print(f"wrote {len(entities)} countries to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
