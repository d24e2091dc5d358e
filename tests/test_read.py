"""The read stage: text, HTML, JSON and NDJSON; bad input rejected with a reason."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from newsdb.errors import InputError
from newsdb.pipeline.read import (
    MAX_ARTICLE_BYTES,
    ArticleInput,
    FailedInput,
    decode_text,
    read_bytes,
    read_path,
    read_paths,
)

HTML_PAGE = """<html lang="fr"><head><title>Niger : le président reçoit une délégation</title>
<meta property="og:site_name" content="Le Journal">
<meta name="author" content="Jean Dupont">
<meta property="article:published_time" content="2024-03-03T10:00:00+00:00">
</head><body><nav>Accueil | Monde | Afrique</nav>
<article><h1>Niger : le président reçoit une délégation</h1>
<p>Le président du Niger a reçu mardi à Niamey une délégation de la Communauté économique des
États de l'Afrique de l'Ouest. Les discussions ont porté sur la sécurité dans la région du
Sahel et sur la levée des sanctions qui frappent le pays depuis le coup d'État.</p>
<p>Selon la présidence, la rencontre s'est déroulée dans un climat cordial et les deux parties
ont convenu de poursuivre le dialogue dans les prochaines semaines à Abuja.</p>
</article><footer>© Le Journal 2024 – Tous droits réservés</footer></body></html>"""


def test_utf8_with_bom_reads_without_flag() -> None:
    text, flags = decode_text("\ufeffBerlin – Köln".encode())
    assert text == "Berlin – Köln"
    assert flags == ()


def test_latin1_falls_back_with_encoding_repaired_flag() -> None:
    text, flags = decode_text("Bamako, Sévaré und Köln".encode("latin-1"))
    assert text == "Bamako, Sévaré und Köln"
    assert [f.code for f in flags] == ["encoding_repaired"]


def test_an_ndjson_line_not_in_utf8_is_read_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "mixed.ndjson"
    path.write_bytes(json.dumps({"body": "Über Mali"}, ensure_ascii=False).encode() + b"\n"
                     + json.dumps({"body": "Café à Gao"}, ensure_ascii=False).encode("cp1252"))
    first, second = read_path(path)
    assert isinstance(first, ArticleInput) and isinstance(second, ArticleInput)
    assert first.raw_text == "Über Mali" and first.flags == ()
    assert second.raw_text == "Café à Gao"
    assert [f.code for f in second.flags] == ["encoding_repaired"]


def test_a_declared_charset_is_honoured() -> None:
    assert decode_text("Sévaré".encode("latin-1"), "ISO-8859-1") == ("Sévaré", ())
    assert decode_text("Sévaré".encode(), "UTF8") == ("Sévaré", ())
    with pytest.raises(InputError, match="unsupported charset .klingon."):
        decode_text(b"x", "klingon")
    with pytest.raises(InputError, match="not valid ascii"):
        decode_text("Sévaré".encode(), "ascii")
    for charset in ("base64", "utf-16", "rot13"):  # no text, or lines not split by b"\n"
        with pytest.raises(InputError, match="unsupported charset"):
            decode_text(b"x", charset)


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00", "binary"),
    (bytes(range(1, 30)) * 50, "binary"),
])
def test_bad_bytes_are_rejected_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        read_bytes(data, "x", "text")


def test_whitespace_only_text_is_empty() -> None:
    with pytest.raises(InputError, match="empty"):
        read_bytes(b"  \n\n  ", "x", "text")


def test_oversized_file_is_rejected(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (MAX_ARTICLE_BYTES // 5 + 10))
    [result] = list(read_path(big))
    assert isinstance(result, FailedInput)
    assert "larger than" in result.reason


def test_json_article_with_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "T", "text": "Body here.", "url": "https://x.org/a",
                                "language": "fr", "published_at": "2024-03-03", "source": "X"}))
    [item] = list(read_path(path))
    assert isinstance(item, ArticleInput)
    assert (item.title, item.raw_text, item.language, item.published_on, item.source) == (
        "T", "Body here.", "fr", date(2024, 3, 3), "X")


@pytest.mark.parametrize("given, code", [
    ("fr", "fr"), ("FR", "fr"), (" fr ", "fr"), ("en-US", "en"), ("de_CH", "de"),
    ("zh-Hant-TW", "zh"), ("iw", "he"), ("in", "id"), ("deu", "de"), ("ger", "de"),
    ("fre", "fr"), ("German", "de"), ("Greek", "el"), ("Farsi", "fa"), ("en - GB", "en"),
    ("Modern Greek (1453-)", "el"), ("German-Swiss", "de"),
    ("klingon", "klingon"), ("zz", "zz"), ("ge", "ge"),
    ("IN", "IN"),  # a retired code only as Java wrote it: in capitals more likely India
    ("\u212am", "\u212am"),  # a Kelvin sign lower-cases to "k": not "km"
])
def test_a_language_is_read_as_its_iso_639_1_code(tmp_path: Path, given: str, code: str
                                                  ) -> None:
    """Files write a language in many ways; each that names one is read as its ISO 639-1
    code, and one that names none is kept, for the store stage to refuse it with its reason."""
    path = tmp_path / "a.ndjson"
    path.write_text(json.dumps({"body": "Body here.", "language": given}) + "\n")
    [item] = list(read_path(path))
    assert isinstance(item, ArticleInput) and item.language == code


@pytest.mark.parametrize("payload, reason", [
    ('{"title": "no body"}', "no 'body'"),
    ('{"body": "x", "colour": "red"}', "unknown field"),
    ('{"body": 5}', "must be a string"),
    ('{"body": "x", "published_at": "yesterday"}', "not an ISO date"),
    ("[1, 2", "invalid JSON"),
    ("[" * 100_000 + "]" * 100_000, "JSON"),
    ('"just a string"', "object"),
])
def test_bad_json_is_rejected(tmp_path: Path, payload: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(payload)
    [result] = list(read_path(path))
    assert isinstance(result, FailedInput)
    assert reason in result.reason


def test_ndjson_yields_each_line_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.ndjson"
    path.write_text('{"body": "First."}\n\nnot json\n{"text": "Second.", "language": "de"}\n')
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == ["ArticleInput", "FailedInput", "ArticleInput"]
    assert results[1].origin.endswith(":3")


def test_html_gives_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [item] = list(read_path(path))
    assert isinstance(item, ArticleInput)
    assert "délégation de la Communauté économique" in item.raw_text
    assert "Accueil | Monde" not in item.raw_text
    assert item.title == "Niger : le président reçoit une délégation"
    assert item.published_on == date(2024, 3, 3)


@pytest.mark.parametrize("og_url, kept", [
    ("https://example.com/niger/delegation", True),
    ("https://example.com/niger/une délégation", False),  # a space: no URL newsdb stores
    ("javascript:alert(1)", False),
    ("ftp://example.com/page", False),
])
def test_a_page_url_that_is_no_http_url_is_left_out(tmp_path: Path, og_url: str,
                                                     kept: bool) -> None:
    """The page's own URL is metadata: unusable, it is dropped, and the article stays."""
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE.replace(
        "<head>", f'<head><meta property="og:url" content="{og_url}">'), encoding="utf-8")
    [item] = list(read_path(path))
    assert isinstance(item, ArticleInput)
    assert item.url == (og_url if kept else None)


def test_client_values_win_over_the_input(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"body": "Body.", "language": "fr"}))
    [item] = list(read_path(path, language="de", source="Given"))
    assert isinstance(item, ArticleInput)
    assert (item.language, item.source) == ("de", "Given")


def test_folders_are_expanded_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B text.")
    (tmp_path / "a.txt").write_text("A text.")
    (tmp_path / ".hidden.txt").write_text("hidden")
    origins = [r.origin for r in read_paths([tmp_path])]
    assert [Path(o).name for o in origins] == ["a.txt", "b.txt"]


def test_missing_file_is_reported(tmp_path: Path) -> None:
    [result] = list(read_path(tmp_path / "nope.txt"))
    assert isinstance(result, FailedInput) and "no such file" in result.reason
