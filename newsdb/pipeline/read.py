"""Read stage: turn files and JSON records into article inputs, rejecting what is not an article."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from newsdb.errors import InputError
from newsdb.pipeline.checks import language_code
from newsdb.pipeline.text_stages import FlagCandidate

# A news article is a few hundred KB at the very most; anything larger is a mistake (a dump, a
# binary) and would only slow every later stage down.
MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Share of control characters above which a decoded text is taken for binary data.
MAX_CONTROL_CHAR_RATIO = 0.05
BINARY_SNIFF_BYTES = 8192
# C0 control characters other than the whitespace ones (\t \n \v \f \r)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f]")
FORMATS = ("auto", "text", "html", "json", "ndjson")
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_FIELDS = {"title", "body", "text", "url", "language", "published_at", "source", "author"}


@dataclass(frozen=True)
class ArticleInput:
    """One article as read from its input, before any cleaning."""

    raw_text: str
    origin: str
    title: str | None = None
    url: str | None = None
    language: str | None = None
    published_on: date | None = None
    source: str | None = None
    author: str | None = None
    flags: tuple[FlagCandidate, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class FailedInput:
    """An item the reader rejected."""

    origin: str
    reason: str


ReadResult = ArticleInput | FailedInput


def detect_format(path: Path) -> str:
    """Guess a file's format from its suffix."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".ndjson" or suffix == ".jsonl":
        return "ndjson"
    if suffix == ".json":
        return "json"
    return "text"


def iter_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into the files they hold (sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield child
        else:
            yield path


def read_paths(paths: Iterable[Path], fmt: str = "auto", **overrides: Any) -> Iterator[ReadResult]:
    """Yield an article input or a failure for every item in ``paths``."""
    for path in iter_paths(paths):
        yield from read_path(path, fmt, **overrides)


def read_path(path: Path, fmt: str = "auto", **overrides: Any) -> Iterator[ReadResult]:
    """Yield the items of one file."""
    origin = str(path)
    kind = detect_format(path) if fmt == "auto" else fmt
    try:
        if not path.exists():
            raise InputError("no such file")
        if path.is_dir():
            raise InputError("is a folder")
        if kind == "ndjson":
            yield from _read_ndjson_file(path, overrides)
            return
        data = _read_bytes(path)
        yield read_bytes(data, origin, kind, **overrides)
    except InputError as error:
        yield FailedInput(origin, str(error))
    except OSError as error:
        yield FailedInput(origin, error.strerror or str(error))


def read_bytes(data: bytes, origin: str, kind: str, **overrides: Any) -> ArticleInput:
    """Read one article from bytes in the given format (not ndjson)."""
    _check_size(len(data))
    if kind == "json":
        record = _parse_json(decode_text(data)[0])
        if isinstance(record, list):
            raise InputError(
                "a JSON list holds several articles: import it as NDJSON or via /imports")
        return article_from_record(record, origin, overrides)
    text, flags = decode_text(data)
    if kind == "html":
        return _from_html(text, origin, flags, overrides)
    return _with_overrides(ArticleInput(raw_text=_require_text(text), origin=origin, flags=flags),
                           overrides)


def _read_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_ARTICLE_BYTES:
        raise InputError(f"file is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB")
    return path.read_bytes()


def _check_size(size: int) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise InputError(f"input is larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB")
    if size == 0:
        raise InputError("empty input")


def decode_text(data: bytes, charset: str | None = None
                ) -> tuple[str, tuple[FlagCandidate, ...]]:
    """Decode bytes as UTF-8 (BOM allowed), falling back to cp1252/latin-1 with a flag; or, when
    the sender declared a ``charset`` other than UTF-8, as that."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise InputError("binary data, not text")
    codec = codec_name(charset) if charset else "utf-8"
    if codec not in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(codec)
        except UnicodeError:
            raise InputError(f"text is not valid {charset}") from None
        _reject_binary(text)
        return text, ()
    try:
        text = data.decode("utf-8-sig")
        flags: tuple[FlagCandidate, ...] = ()
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        flags = (FlagCandidate("encoding_repaired",
                               f"Input was not valid UTF-8; decoded as {encoding}",
                               "raw_text", None, None),)
    _reject_binary(text)
    return text, flags


def codec_name(charset: str) -> str:
    """Python's name for a declared charset ("UTF8", "Latin-1"); InputError unless it is a text
    encoding that writes a line break and JSON's punctuation as ASCII does (not "base64", not
    "utf-16": their lines cannot be told apart by their bytes)."""
    try:
        name = codecs.lookup(charset.strip()).name
        readable = _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (LookupError, UnicodeError, TypeError, ValueError):
        readable = False
    if not readable:
        raise InputError(f"unsupported charset {charset!r}: send UTF-8, or an ASCII-compatible "
                         "charset such as ISO-8859-1 or windows-1252")
    return name


_ASCII_PROBE = b'{"body": "a-z 0-9"}\r\n'


def parse_ndjson_line(line: bytes, charset: str | None = None
                      ) -> tuple[Any, tuple[FlagCandidate, ...]]:
    """Decode and parse one NDJSON line: its JSON value and the reader's flags."""
    _check_size(len(line))
    text, flags = decode_text(line, charset)
    return _parse_json(text), flags


def _reject_binary(text: str) -> None:
    sample = text[:BINARY_SNIFF_BYTES]
    if not sample:
        return
    controls = len(_CONTROL_CHARS.findall(sample))
    if controls / len(sample) > MAX_CONTROL_CHAR_RATIO:
        raise InputError("binary data, not text")


def _check_unicode(text: str) -> None:
    if "\x00" in text:
        raise InputError("text contains NUL characters")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON "\ud800" escape
        raise InputError("text is not valid Unicode (a lone surrogate)") from None


def _require_text(text: str) -> str:
    _check_unicode(text)
    if not text.strip():
        raise InputError("empty input: no text")
    return text


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"invalid JSON: {error.msg} at line {error.lineno}") from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError:  # Python refuses integers of over 4300 digits
        raise InputError("invalid JSON: a number is too long") from None


def _read_ndjson_file(path: Path, overrides: Mapping[str, Any]) -> Iterator[ReadResult]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not line.strip():
                continue
            try:
                record, flags = parse_ndjson_line(line)
                yield with_flags(article_from_record(record, origin, overrides), flags)
            except InputError as error:
                yield FailedInput(origin, str(error))


def article_from_record(record: Any, origin: str, overrides: Mapping[str, Any]) -> ArticleInput:
    """Build an article input from one JSON object (fields of DESIGN.md §5.1)."""
    if not isinstance(record, dict):
        raise InputError("a JSON article must be an object")
    unknown = sorted(set(record) - JSON_FIELDS)
    if unknown:
        raise InputError(f"unknown field(s): {', '.join(unknown)}")
    for name, value in record.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {name!r} must be a string")
    text = record.get("body") or record.get("text")
    if not text or not text.strip():
        raise InputError("no 'body' or 'text'")
    item = ArticleInput(
        raw_text=_require_text(text),
        origin=origin,
        title=_clean_str(record.get("title")),
        url=_clean_str(record.get("url")),
        language=_language(record.get("language")),
        published_on=parse_iso_date(record.get("published_at")),
        source=_clean_str(record.get("source")),
        author=_clean_str(record.get("author")),
    )
    return _with_overrides(item, overrides)


def with_flags(item: ArticleInput, flags: tuple[FlagCandidate, ...]) -> ArticleInput:
    """The item with the reader's flags added (a line decoded from cp1252: encoding_repaired)."""
    return replace(item, flags=(*item.flags, *flags)) if flags else item


def _language(value: str | None) -> str | None:
    """An input's language as its ISO 639-1 code ("en-US", "EN", "iw" and "deu" name one);
    a value naming none is kept, for the store stage to refuse with its reason."""
    value = _clean_str(value)
    return (language_code(value) or value) if value is not None else None


def _clean_str(value: str | None) -> str | None:
    if value is None:
        return None
    _check_unicode(value)
    return value.strip() or None


def parse_iso_date(value: str | None) -> date | None:
    """Parse an ISO date (a datetime's date part is taken)."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"published_at {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _from_html(html: str, origin: str, flags: tuple[FlagCandidate, ...],
               overrides: Mapping[str, Any]) -> ArticleInput:
    from newsdb.pipeline.html import extract_html

    extracted = extract_html(html)
    if not extracted.text.strip():
        raise InputError("no article text found in the HTML")
    item = ArticleInput(
        raw_text=extracted.text, origin=origin, title=extracted.title, url=extracted.url,
        language=extracted.language, published_on=extracted.published_on,
        source=extracted.site_name, author=extracted.author, flags=flags,
    )
    return _with_overrides(item, overrides)


def _with_overrides(item: ArticleInput, overrides: Mapping[str, Any]) -> ArticleInput:
    """Apply what the client stated (CLI options): it wins over what the input says."""
    values = {key: value for key, value in overrides.items() if value is not None}
    if not values:
        return item
    return replace(item, **values)
