"""Separate an article's text from web-page boilerplate and normalize it.

Every kept line is one paragraph, normalized (NFC, plain spaces). Removed text is reported as raw
spans, merged into blocks, so that the importer can flag exactly what it dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Headlines and subheadings run to 8-14 words; 20 leaves room for long ones, while a line this
# short without a final period is still no body paragraph.
HEADING_MAX_WORDS = 20
# Credit lines ("msh/sms (AFP, dpa, Reuters)") are short; a longer line is running text.
CREDIT_MAX_CHARS = 80
# A photo credit names a photographer and an agency or two; DW's longest run to about 20 words.
CREDIT_MAX_WORDS = 25
# Video titles are headings: "Coup casts doubt on German involvement in Niger".
VIDEO_TITLE_MAX_WORDS = 16
# Boilerplate lines are short; longer lines are article text and skip the line tests (speed).
BOILERPLATE_MAX_CHARS = 200
# Share bars are a few words; a longer line is running text.
PROMPT_MAX_WORDS = 8
# A link prompt carries the linked headline ("Read more: Mali's junta expels the ambassador").
LINK_PROMPT_MAX_WORDS = 25

_LINE_RE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_UNICODE_SPACES = "\t\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACE_TABLE: dict[int, str | None] = {
    ord(char): " " for char in _UNICODE_SPACES + "\u202f\u205f\u3000"
}
# Zero-width space, word joiner, BOM and soft hyphen are invisible and split words for matching.
_SPACE_TABLE.update({ord(char): None for char in "\u200b\u2060\ufeff\u00ad"})
# Most lines hold none of those: a search is much cheaper than a translate through a dict.
_SPACE_TABLE_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _SPACE_TABLE) + "]")
_SPACE_RUN_RE = re.compile(r" {2,}")
_LIST_MARKER_RE = re.compile(r"^(?:\d{1,2}[.)]|[-*•·])\s*")

_NAVIGATION_RE = re.compile(
    r"^(?:skip\s+(?:to|next|navigation|ahead)\b|jump\s+to\b|zum\s+inhalt\b|direkt\s+zum\b|"
    r"zur\s+navigation\b|(?:aller|passer)\s+(?:au\s+contenu|à\s+la\s+navigation)\b|"
    r"(?:main\s+)?menu$|navigation$|search$|suche$|rechercher$|menü$)",
    re.IGNORECASE,
)
_VIDEO_PLACEHOLDER_RE = re.compile(
    r"^(?:(?:this|your)\s+browser\s+does\s+not\s+support\s+(?:the\s+)?(?:html5?\s+)?"
    r"(?:video|audio)|ihr\s+browser\s+unterstützt\s+(?:kein|das|dieses)|"
    r"votre\s+navigateur\s+ne\s+(?:prend\s+pas\s+en\s+charge|supporte\s+pas))",
    re.IGNORECASE,
)
_DURATION_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_PHOTO_CREDIT_RE = re.compile(
    r"(?:(?<![^\W\d_])|(?<=[a-z]))(?:(?:Images?|Photos?|Pictures?|Photograph|Fotos?|Bild(?:er)?|"
    r"Bildquelle|Credits?|Crédits?(?:\s+photo)?|Copyright)\s?:|Image\s+source\s?[:,])\s*\S.*$|"
    r"©.*$"
)
_QUOTE_CHARS = frozenset('"“”„«»')
# Word lists read best as text.
_SHARE_WORDS = frozenset(
    "share this article on via facebook twitter x whatsapp telegram linkedin reddit email e-mail "  # noqa: SIM905
    "mail print copy link send tweet teilen diesen artikel beitrag drucken kopieren senden "
    "partager cet sur imprimer copier le lien envoyer".split()
)
_SHARE_VERBS = frozenset({"share", "teilen", "partager", "tweet", "send", "senden", "envoyer"})
# A share bar names at least one of these; "Cet article" or "Le lien" alone are no share bar.
_SHARE_CORE = _SHARE_VERBS | frozenset(
    "facebook twitter whatsapp telegram linkedin reddit email e-mail print drucken imprimer "  # noqa: SIM905
    "copy kopieren copier".split()
)
# Page furniture that is no article text: ads, reading time, audio and newsletter prompts.
_PAGE_PROMPT_RE = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicité|sponsored|gesponsert|"
    r"(?:reading\s+time|lesezeit|temps\s+de\s+lecture)\s*:?\s*\d+\s*min\w*\.?|"
    r"\d+\s*min(?:utes?)?\.?\s+(?:read|lesezeit|de\s+lecture)|listen\s+to\s+(?:this\s+)?article|"
    r"artikel\s+(?:anhören|vorlesen)|écouter\s+(?:cet\s+)?article|newsletter\s+abonnieren|"
    r"(?:subscribe\s+to|sign\s+up\s+for)\s+(?:our\s+)?newsletter|abonnez-vous.{0,40}|"
    r"our\s+standards:.{0,60})$",
    re.IGNORECASE,
)
# Reuters-style footers: "Reporting by …; Editing by …".
_REPORTING_CREDIT_RE = re.compile(
    r"^(?:(?:additional\s+)?reporting|writing|editing|compiled)\s+by\s", re.IGNORECASE
)
_CAMEL_BREADCRUMB_RE = re.compile(r"(?:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}){2,5}")
_SEPARATED_BREADCRUMB_RE = re.compile(r"[^>›»\d]{1,30}(?:\s*[>›»]\s*[^>›»\d]{1,30}){1,5}")
# Lines that open a block of teasers at the end of a page. Generic ones are boilerplate wherever
# they stand; ones naming a topic ("More on the ceasefire") may be a subheading, so they count
# only when a trailing block of teasers follows them.
_TAIL_MARKER_RE = re.compile(
    r"^(?:explore\s+more|show\s+more(?:\s+stories)?|more\s+stories|top\s+stories|"
    r"related\s+(?:stories|articles|topics|content|coverage)|you\s+(?:may|might)\s+also\s+like|"
    r"most\s+(?:read|popular)|read\s+more|mehr\s+(?:zum\s+thema|dazu)|lesen\s+sie\s+auch|"
    r"das\s+könnte\s+sie\s+auch\s+interessieren|weitere\s+(?:artikel|nachrichten|themen)|"
    r"meistgelesen|sur\s+le\s+même\s+sujet|plus\s+d'articles|les\s+plus\s+lus|"
    r"dans\s+la\s+même\s+rubrique|articles\s+similaires|(?:à\s+)?lire\s+aussi)\s*:?$",
    re.IGNORECASE,
)
_TOPIC_TAIL_MARKER_RE = re.compile(
    r"^(?:more\s+stories\s+from|more\s+(?:from|on)|mehr\s+(?:aus|zu|von))\s+"
    r"[^.!?]{1,40}$|^[^.!?]{1,30}'s\s+top\s+stor(?:y|ies)$",
    re.IGNORECASE,
)
_LINK_PROMPT_RE = re.compile(
    r"^(?:read\s+(?:more|also)|see\s+also|also\s+read|lire\s+aussi|à\s+lire\s+aussi|voir\s+aussi|"
    r"lesen\s+sie\s+auch|mehr\s+zum\s+thema|mehr\s+dazu)\s*:\s*\S",
    re.IGNORECASE,
)

# Canonical wire-agency names and the other ways credit lines spell them.
_AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "AFP": ("agence france-presse", "agence france presse"),
    "dpa": ("deutsche presse-agentur",),
    "Reuters": ("rtr", "thomson reuters"),
    "AP": ("associated press", "the associated press"),
    "Anadolu": ("anadolu agency",),
    "TASS": ("itar-tass",),
    "SDA": ("keystone-sda",),
    "RIA Novosti": (),
    "Europa Press": (),
}
_AGENCIES_WITHOUT_ALIASES = (
    "dpa-AFX KNA epd EFE ANSA Xinhua Bloomberg UPI APA ATS Belga ANP Kyodo Yonhap PTI Interfax "  # noqa: SIM905
    "Lusa dapd ddp Sputnik".split()
)
AGENCY_NAMES: dict[str, str] = {
    alias: canonical
    for canonical, aliases in _AGENCY_ALIASES.items()
    for alias in (canonical.lower(), *aliases)
} | {name.lower(): name for name in _AGENCIES_WITHOUT_ALIASES}
AGENCY_ALTERNATION = "|".join(
    re.escape(name) for name in sorted(AGENCY_NAMES, key=len, reverse=True)
)
_LIST_SEPARATOR_RE = re.compile(r"\s*(?:[,/;&+]|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
_CREDIT_LEAD_RE = re.compile(
    r"^(?:with|avec|mit(?:\s+material\s+(?:von|der))?|sources?|quellen?)\s*:?\s+", re.IGNORECASE
)
# "Le Monde avec AFP", "DW with Reuters": a publisher name before the agency credit.
_PUBLISHER_BEFORE_CREDIT_RE = re.compile(
    r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+[\w'’.-]+){0,3}\s+(?=(?:with|avec|mit)\s)"
)
_INITIALS_RE = re.compile(r"[a-z]{1,4}")
_INITIALS_THEN_PARENS_RE = re.compile(
    r"(?P<initials>[a-z]{1,4}(?:/[a-z]{1,4})*)\s*(?P<rest>[(\[].*)"
)
_HEADING_BAD_ENDINGS = ".,;:"
_OPENING_QUOTES = "\"'«“‘„"


@dataclass(frozen=True)
class SourceLine:
    """A kept line: its normalized text and where it came from in the raw text."""

    text: str
    raw_start: int
    raw_end: int
    is_caption: bool = False  # a photo credit was glued to it: it is a picture caption


@dataclass(frozen=True)
class RemovedBlock:
    """A contiguous stretch of raw text that cleaning removed, and why."""

    raw_start: int
    raw_end: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CleanedText:
    """The kept lines (one paragraph each) and the boilerplate blocks removed around them."""

    lines: tuple[SourceLine, ...]
    removed: tuple[RemovedBlock, ...]
    credit_agencies: tuple[str, ...]  # from removed credit lines ("msh/sms (AFP, dpa, Reuters)")


def canonical_agency(name: str) -> str | None:
    """Return the canonical name of a wire agency, or None when *name* is no known agency."""
    return AGENCY_NAMES.get(" ".join(name.lower().split()))


def agencies_in_list(text: str, *, allow_initials: bool) -> tuple[str, ...] | None:
    """Return the agencies in "AFP, dpa, Reuters"; None when a token is no agency (or initials)."""
    agencies: list[str] = []
    for token in _LIST_SEPARATOR_RE.split(_CREDIT_LEAD_RE.sub("", text.strip())):
        agency = canonical_agency(token)
        if agency:
            agencies.append(agency)
        elif not (allow_initials and _INITIALS_RE.fullmatch(token)):
            return None
    return tuple(dict.fromkeys(agencies)) if agencies else None


def parse_credit_line(line: str) -> tuple[str, ...] | None:
    """Return the agencies of a credit line ("msh/sms (AFP, dpa, Reuters)", "(AFP)", "AFP/dpa").

    Byline initials alone ("msh/sms") give an empty tuple; a line that is no credit gives None.
    """
    if len(line) > CREDIT_MAX_CHARS:
        return None
    text = _PUBLISHER_BEFORE_CREDIT_RE.sub("", line.strip().rstrip(".").strip())
    if not text:
        return None
    with_initials = _INITIALS_THEN_PARENS_RE.fullmatch(text)
    if with_initials and canonical_agency(with_initials["initials"]) is None:
        text = with_initials["rest"]  # "msh/sms (AFP, dpa, Reuters)": the initials go too
    if text[0] in "([" and text[-1] in ")]":
        return agencies_in_list(text[1:-1], allow_initials=True)
    if "/" in text and all(_INITIALS_RE.fullmatch(part) for part in text.split("/")):
        return agencies_in_list(text, allow_initials=False) or ()
    return agencies_in_list(text, allow_initials=False)


def word_count(text: str) -> int:
    """Return the number of whitespace-separated words in *text*."""
    return len(text.split())


def is_heading_like(line: str, max_words: int = HEADING_MAX_WORDS) -> bool:
    """Tell whether *line* reads as a heading: short, capitalized, no sentence-final period.

    Questions and exclamations count ("What does the departure mean for Mali?"): headlines and
    subheadings are often questions, while body paragraphs end with a period.
    """
    if not line or line[-1] in _HEADING_BAD_ENDINGS:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit() or first in _OPENING_QUOTES):
        return False
    return word_count(line) <= max_words and any(char.isalpha() for char in line)


def normalize_line(text: str) -> str:
    """Return *text* in NFC with plain single spaces and no invisible characters at the ends."""
    if _SPACE_TABLE_RE.search(text):
        text = text.translate(_SPACE_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _SPACE_RUN_RE.sub(" ", text).strip()


def _find_photo_credit(line: str) -> int | None:
    """Return where a photo credit starts in *line* ("…coupImage: Ronny Hartmann/AFP"), if any."""
    if ":" not in line and "©" not in line and "Image source" not in line:
        return None  # most lines: skip the slower search
    for match in _PHOTO_CREDIT_RE.finditer(line):
        credit = match.group().rstrip()
        if (
            word_count(credit) <= CREDIT_MAX_WORDS
            and credit[-1] not in ".!?…:"
            and not _QUOTE_CHARS.intersection(credit)
        ):
            return match.start()
    return None


def _trimmed_span(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return start, end


def _split_lines(raw: str) -> tuple[list[SourceLine], list[tuple[int, int, str]]]:
    """Return the non-empty lines of *raw*, with glued photo credits split off as removed spans."""
    lines: list[SourceLine] = []
    removed: list[tuple[int, int, str]] = []
    for match in _LINE_RE.finditer(raw):
        start, end = _trimmed_span(raw, match.start(), match.end())
        credit_at = _find_photo_credit(raw[start:end])
        if credit_at is not None:
            removed.append((start + credit_at, end, "photo credit"))
            start, end = _trimmed_span(raw, start, start + credit_at)
        text = normalize_line(raw[start:end])
        if text:
            lines.append(SourceLine(text, start, end, is_caption=credit_at is not None))
    return lines, removed


def _is_share_prompt(text: str) -> bool:
    words = text.lower().replace("|", " ").split()
    return (
        len(words) <= PROMPT_MAX_WORDS
        and all(word.strip(":·•") in _SHARE_WORDS for word in words)
        and bool(
            _SHARE_VERBS.intersection(words) or (len(words) > 1 and _SHARE_CORE.intersection(words))
        )
    )


def _is_breadcrumb(text: str) -> bool:
    """Tell "PoliticsMali" (glued section names) and "World › Africa › Mali" from headings."""
    if _CAMEL_BREADCRUMB_RE.fullmatch(text):
        return True
    return bool(_SEPARATED_BREADCRUMB_RE.fullmatch(text))


def classify_line(text: str) -> str | None:
    """Return why a line is boilerplate ("navigation", "share prompt"…), or None for text."""
    if len(text) > BOILERPLATE_MAX_CHARS:
        return None
    unlisted = _LIST_MARKER_RE.sub("", text)
    if _NAVIGATION_RE.match(unlisted):
        return "navigation"
    if _VIDEO_PLACEHOLDER_RE.match(text):
        return "video placeholder"
    if _DURATION_RE.fullmatch(text):
        return "video duration"
    if _PAGE_PROMPT_RE.match(text):
        return "page prompt"
    if _REPORTING_CREDIT_RE.match(text):
        return "reporting credit"
    if _is_share_prompt(text):
        return "share prompt"
    if _is_breadcrumb(text):
        return "breadcrumb"
    if parse_credit_line(text) is not None:
        return "agency credit"
    if _TAIL_MARKER_RE.match(text):
        return "more stories"
    if _LINK_PROMPT_RE.match(text) and word_count(text) <= LINK_PROMPT_MAX_WORDS:
        return "link prompt"
    return None


def _mark_video_titles(lines: list[SourceLine], reasons: list[str | None]) -> None:
    """Mark the title line that a video player shows right before the video's duration."""
    for index, reason in enumerate(reasons):
        if reason != "video duration" or index == 0 or reasons[index - 1] is not None:
            continue
        if is_heading_like(lines[index - 1].text, VIDEO_TITLE_MAX_WORDS):
            reasons[index - 1] = "video title"


def _mark_trailing_block(lines: list[SourceLine], reasons: list[str | None]) -> None:
    """Remove a "more stories" marker and all after it when only teaser headlines follow it.

    Conservative: a later line that reads as a sentence is article text, so the marker then does
    not open a trailing block (and a marker naming a topic stays in the body).
    """
    body_seen = False
    for index, (line, reason) in enumerate(zip(lines, reasons, strict=True)):
        is_marker = reason == "more stories" or (
            reason is None and _TOPIC_TAIL_MARKER_RE.match(line.text) is not None
        )
        if is_marker and body_seen and _only_teasers_after(index, lines, reasons):
            for later in range(index, len(reasons)):
                reasons[later] = reasons[later] or "more stories"
            return
        body_seen = body_seen or reason is None


def _only_teasers_after(index: int, lines: list[SourceLine], reasons: list[str | None]) -> bool:
    return all(
        reason is not None or is_heading_like(line.text)
        for line, reason in zip(lines[index + 1 :], reasons[index + 1 :], strict=True)
    )


def _merge_blocks(raw: str, spans: list[tuple[int, int, str]]) -> tuple[RemovedBlock, ...]:
    """Merge removed spans separated by nothing but whitespace into blocks."""
    blocks: list[RemovedBlock] = []
    for start, end, reason in sorted(spans, key=lambda span: span[:2]):
        last = blocks[-1] if blocks else None
        if last and (start <= last.raw_end or raw[last.raw_end : start].isspace()):
            reasons = last.reasons if reason in last.reasons else (*last.reasons, reason)
            blocks[-1] = RemovedBlock(last.raw_start, max(end, last.raw_end), reasons)
        else:
            blocks.append(RemovedBlock(start, end, (reason,)))
    return tuple(blocks)


def merge_removed(
    raw: str, blocks: tuple[RemovedBlock, ...], extra: list[tuple[int, int, str]]
) -> tuple[RemovedBlock, ...]:
    """Return *blocks* with further removed spans (e.g. a kicker line) merged in."""
    spans = [
        (block.raw_start, block.raw_end, reason) for block in blocks for reason in block.reasons
    ]
    return _merge_blocks(raw, spans + extra)


def clean_text(raw: str) -> CleanedText:
    """Split *raw* into normalized paragraphs and report the boilerplate it removed."""
    lines, removed = _split_lines(raw)
    reasons: list[str | None] = [classify_line(line.text) for line in lines]
    _mark_video_titles(lines, reasons)
    _mark_trailing_block(lines, reasons)
    agencies: list[str] = []
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            continue
        removed.append((line.raw_start, line.raw_end, reason))
        if reason == "agency credit":
            agencies.extend(parse_credit_line(line.text) or ())
    kept = tuple(line for line, reason in zip(lines, reasons, strict=True) if reason is None)
    return CleanedText(kept, _merge_blocks(raw, removed), tuple(dict.fromkeys(agencies)))
