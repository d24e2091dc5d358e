"""Full-text search over articles (FTS5 on SQLite, tsvector on PostgreSQL) with highlighted
snippets, and the entities a query names."""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    column,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, EntityAlias, Mention
from newsdb.models.fulltext import POSTGRES_DOCUMENT_COLUMN
from newsdb.pipeline.folding import fold, fold_with_offsets
from newsdb.services.articles import (
    ArticleRecord,
    article_record,
    article_records,
    records_joined,
)
from newsdb.services.entities import ENTITY_RECORD_COLUMNS, EntityRecord

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+\*?", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """Split a user's query into phrases and words; anything else is punctuation to ignore."""
    terms: list[str] = []
    for phrase in _PHRASE.findall(query):
        words = [w.rstrip("*") for w in _WORD.findall(phrase)]
        if words:
            terms.append('"' + " ".join(words) + '"')
    for word in _WORD.findall(_PHRASE.sub(" ", query)):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"*' if prefix else f'"{word}"')
    return terms


def fts5_query(query: str) -> str | None:
    """Turn plain user text into a safe FTS5 MATCH expression (AND of phrases and words)."""
    terms = search_terms(query)
    return " ".join(terms) if terms else None


def tsquery_text(query: str) -> str | None:
    """Turn plain user text into a safe PostgreSQL to_tsquery expression."""
    parts: list[str] = []
    for term in search_terms(query):
        prefix = term.endswith("*")
        words = term.rstrip("*").strip('"').split()
        quoted = [w.replace("'", "''") for w in words]
        joined = " <-> ".join(f"'{w}'" for w in quoted)
        parts.append(f"({joined}:*)" if prefix and len(quoted) == 1 else f"({joined})")
    return " & ".join(parts) if parts else None


_ARTICLE_ID = Article.__table__.c.id
# PostgreSQL: the user's query as a tsquery (parameter ``:ts``), and the articles it matches.
_POSTGRES_QUERY = "to_tsquery('simple', newsdb_unaccent(:ts))"
_POSTGRES_MATCHES = f"{POSTGRES_DOCUMENT_COLUMN} @@ {_POSTGRES_QUERY}"


def fulltext_article_ids(session: Session, query: str) -> Select[Any]:
    """Return a SELECT of the ids of articles matching ``query`` (none when it has no words)."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return select(_ARTICLE_ID).where(literal_column("0") == 1)
        return select(literal_column("rowid")).select_from(text("articles_fts")).where(
            text("articles_fts MATCH :match").bindparams(match=match))
    ts = tsquery_text(query)
    if ts is None:
        return select(_ARTICLE_ID).where(literal_column("0") == 1)
    return select(_ARTICLE_ID).where(text(_POSTGRES_MATCHES).bindparams(ts=ts))


# Beyond this many hits a ranking is noise; a client narrows the query instead.
MAX_SEARCH_HITS = 1000
# A search ranks at most this many matches: the ones stored last (highest ids, which is import
# order, not publication date). Ranking is the cost of a search (FTS5's bm25 scores every match
# it ranks: ~2 µs each, so ~100 ms for a word in half of 100,000 articles); counting is not. A
# word that frequent ranks among its latest matches, which news readers want first anyway; a
# rarer query is ranked whole. Never below MAX_SEARCH_HITS: every hit a page reaches is ranked.
SEARCH_RANK_WINDOW = 5000
MAX_SEARCH_ENTITIES = 10
# Words of context around a match in a snippet.
SNIPPET_TOKENS = 24
SNIPPET_CHARS = 160
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


@dataclass(slots=True)
class SearchHit(ArticleRecord):
    """An article found by a search, with its highlighted title and snippet."""

    score: float | None = None
    matched_by: list[str] = field(default_factory=list)
    title_highlight: str | None = None
    snippet: str | None = None


@dataclass
class SearchResult:
    """One page of ranked articles, and the entities whose names match the query."""

    query: str
    total: int
    articles: list[SearchHit] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)


def mark(text: str) -> str:
    """Escape text for HTML and turn the match delimiters into ``<mark>`` elements."""
    return html.escape(text, quote=False).replace(_MARK_OPEN, "<mark>").replace(
        _MARK_CLOSE, "</mark>")


# The statements of a text search, built once (a statement SQLAlchemy has not seen is
# compiled again). SQLite: the lowest id of the rank window is found by walking the matches
# backwards by rowid without ranking them; FTS5 takes it as a range of its index.
# bm25 is lower for better matches (the API's score is its opposite); ordering by the column,
# not by the function again, computes it once a match (a CTE otherwise calls it twice).
_SQLITE_RANKED = text(
    "SELECT rowid AS id, bm25(articles_fts, 5.0, 1.0) AS bm25_score FROM articles_fts "
    "WHERE articles_fts MATCH :match AND rowid >= coalesce((SELECT rowid "
    "FROM articles_fts WHERE articles_fts MATCH :match ORDER BY rowid DESC "
    "LIMIT 1 OFFSET :last), 0) ORDER BY bm25_score, rowid "
    "LIMIT :limit OFFSET :offset")
_POSTGRES_RANKED = text(
    f"SELECT id, ts_rank({POSTGRES_DOCUMENT_COLUMN}, {_POSTGRES_QUERY}) AS score "
    f"FROM articles WHERE {_POSTGRES_MATCHES} AND id >= coalesce((SELECT id "
    f"FROM articles WHERE {_POSTGRES_MATCHES} ORDER BY id DESC LIMIT 1 OFFSET :last), 0) "
    "ORDER BY score DESC, id LIMIT :limit OFFSET :offset")
_SQLITE_COUNT = text("SELECT count(*) FROM (SELECT rowid FROM articles_fts "
                     "WHERE articles_fts MATCH :match LIMIT :limit)")
_POSTGRES_COUNT = text(f"SELECT count(*) FROM (SELECT id FROM articles "
                       f"WHERE {_POSTGRES_MATCHES} LIMIT :limit) AS hits")
# The page's highlights: one pass over the matches between its lowest and highest id, keeping
# the page's (``+rowid``: not a constraint FTS5 takes). Given ``rowid IN (...)`` itself, FTS5
# runs the MATCH again for every id: 0.48 -> 0.28 ms for a rare name's 10 hits, 1.6 -> 1.0 ms
# for 20 of a capital's 5,000, at 100,000 articles.
_SQLITE_HIGHLIGHTED = ("SELECT rowid AS id, highlight(articles_fts, 0, :open, :close) AS title, "
                       "snippet(articles_fts, 1, :open, :close, '…', :tokens) AS snippet "
                       "FROM articles_fts WHERE articles_fts MATCH :match ")
_SQLITE_HIGHLIGHTS = text(
    _SQLITE_HIGHLIGHTED + "AND rowid BETWEEN :low AND :high AND +rowid IN :ids"
).bindparams(bindparam("ids", expanding=True))
# A plain text search on SQLite asks once: the ranked page, its highlights (the same one pass,
# bounded by the page's ids, LIMIT keeping SQLite from turning it into a lookup per id) and the
# articles' records, in the page's order.
_SQLITE_PAGE = _SQLITE_RANKED.columns(column("id", Integer), column("bm25_score", Float)
                                      ).cte("page")
_SQLITE_PAGE_HIGHLIGHTS = text(
    _SQLITE_HIGHLIGHTED + "AND rowid BETWEEN (SELECT min(id) FROM page) AND "
    "(SELECT max(id) FROM page) AND +rowid IN (SELECT id FROM page) LIMIT :limit"
).columns(column("id", Integer), column("title", String), column("snippet", String)
          ).subquery("hits")
_SQLITE_TEXT_PAGE = (
    records_joined(_SQLITE_PAGE.join(_SQLITE_PAGE_HIGHLIGHTS,
                                     _SQLITE_PAGE_HIGHLIGHTS.c.id == _SQLITE_PAGE.c.id),
                   _SQLITE_PAGE.c.id, _SQLITE_PAGE.c.bm25_score, _SQLITE_PAGE_HIGHLIGHTS.c.title,
                   _SQLITE_PAGE_HIGHLIGHTS.c.snippet)
    .order_by(_SQLITE_PAGE.c.bm25_score, _SQLITE_PAGE.c.id))


def _last_ranked() -> int:
    """The offset, from the newest match back, of the oldest match a search ranks."""
    return max(SEARCH_RANK_WINDOW, MAX_SEARCH_HITS) - 1


def _fill_hit(hit: SearchHit, score: float | None, matched_by: list[str], title: str | None,
              snippet: str | None) -> SearchHit:
    """Complete a hit: its score, how it matched, its highlighted title (``title``, else its
    title escaped) and snippet (both as :func:`mark` makes them)."""
    hit.score, hit.matched_by, hit.snippet = score, matched_by, snippet
    hit.title_highlight = title or (mark(hit.title) if hit.title else None)
    return hit


def _ranked_text_hits(session: Session, query: str, offset: int, limit: int
                      ) -> list[tuple[int, float]]:
    """Return (article id, score) of one page of the articles whose text matches, best
    first (ties: lowest id first), ranking only the last SEARCH_RANK_WINDOW matches."""
    params: dict[str, Any] = {"last": _last_ranked(), "limit": limit, "offset": offset}
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return []
        rows = session.execute(_SQLITE_RANKED, {**params, "match": match}).all()
        sign = -1.0  # bm25: lower is better
    else:
        ts = tsquery_text(query)
        if ts is None:
            return []
        rows = session.execute(_POSTGRES_RANKED, {**params, "ts": ts}).all()
        sign = 1.0
    return [(int(article_id), round(sign * float(score), 6)) for article_id, score in rows]


def _count_text_hits(session: Session, query: str) -> int:
    """Count the articles whose text matches, up to MAX_SEARCH_HITS, without ranking them."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return 0
        total = session.scalar(_SQLITE_COUNT, {"match": match, "limit": MAX_SEARCH_HITS})
    else:
        ts = tsquery_text(query)
        if ts is None:
            return 0
        total = session.scalar(_POSTGRES_COUNT, {"ts": ts, "limit": MAX_SEARCH_HITS})
    return int(total or 0)


def _text_highlights(session: Session, query: str, ids: list[int]
                     ) -> dict[int, tuple[str | None, str | None]]:
    """Return (highlighted title, snippet) of the given text hits."""
    if not ids:
        return {}
    if session.get_bind().dialect.name == "sqlite":
        rows: list[tuple[int, str | None, str | None]] = [
            (row[0], row[1], row[2]) for row in session.execute(
                _SQLITE_HIGHLIGHTS, {"match": fts5_query(query), "ids": ids, "low": min(ids),
                                     "high": max(ids), "open": _MARK_OPEN,
                                     "close": _MARK_CLOSE, "tokens": SNIPPET_TOKENS})]
    else:
        # ts_headline would miss accented words ("Sévaré" for "sevare"): mark them here instead.
        rows = [(a.id, highlight(a.title or "", query), highlight(a.body, query, SNIPPET_CHARS))
                for a in session.scalars(select(Article).where(Article.id.in_(ids)))]
    return {int(i): (mark(title) if title else None, mark(snippet) if snippet else None)
            for i, title, snippet in rows}


def _term_pattern(term: str) -> re.Pattern[str]:
    prefix = term.endswith("*")
    words = fold(term.rstrip("*").strip('"')).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(r"(?<!\w)" + body + ("" if prefix else r"(?!\w)"))


def highlight(text: str, query: str, window: int | None = None) -> str | None:
    """Delimit the words of ``query`` in ``text``, case- and accent-insensitively; with a
    ``window``, cut the text around the first match. None when nothing matches."""
    folded = fold_with_offsets(text)
    spans = sorted(folded.span(m.start(), m.end()) for term in search_terms(query)
                   for m in _term_pattern(term).finditer(folded.folded) if m.end() > m.start())
    if not spans:
        return None
    left, right = 0, len(text)
    if window is not None:
        left = max(0, spans[0][0] - window // 2)
        right = min(len(text), spans[0][1] + window // 2)
    pieces, cursor = [], left
    for start, end in spans:
        if start < cursor or end > right:
            continue
        pieces += [text[cursor:start], _MARK_OPEN, text[start:end], _MARK_CLOSE]
        cursor = end
    pieces.append(text[cursor:right])
    snippet = " ".join("".join(pieces).split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def _mention_snippet(body: str, start: int, end: int) -> str:
    """Cut a snippet of ``body`` around a mention, the mention marked."""
    left = max(0, start - SNIPPET_CHARS // 2)
    right = min(len(body), end + SNIPPET_CHARS // 2)
    snippet = (body[left:start] + _MARK_OPEN + body[start:end] + _MARK_CLOSE + body[end:right])
    return ("…" if left else "") + mark(" ".join(snippet.split())) + ("…" if right < len(body)
                                                                       else "")


_ALIASES = EntityAlias.__table__
_ENTITIES = Entity.__table__
_MENTIONS = Mention.__table__
_ENTITY_RECORDS = (
    select(*ENTITY_RECORD_COLUMNS, _ENTITIES.c.mention_count, _ENTITIES.c.article_count)
    .where(_ENTITIES.c.merged_into_id.is_(None))
    .order_by(_ENTITIES.c.mention_count.desc(), _ENTITIES.c.name).limit(MAX_SEARCH_ENTITIES))


def _matching(condition: ColumnElement[bool]) -> Select[Any]:
    """The records of the live entities with an alias meeting ``condition``, each with
    whether an alias is exactly ``:name``, most mentioned first."""
    exact = (select(_ALIASES.c.id).where(_ALIASES.c.entity_id == _ENTITIES.c.id,
                                         _ALIASES.c.normalized == bindparam("name"))
             .exists().label("exact"))
    return _ENTITY_RECORDS.add_columns(exact).where(
        _ENTITIES.c.id.in_(select(_ALIASES.c.entity_id).where(condition)))


_MATCHING_EXACTLY = _matching(_ALIASES.c.normalized == bindparam("name"))
# On SQLite a folded prefix is a range of ix_entity_aliases_normalized, compared as UTF-8
# bytes (BINARY), which sort as code points do: its LIKE is case-insensitive, so cannot use a
# BINARY index and scans every alias (folded forms have no capitals: both find the same).
_MATCHING_PREFIX_RANGE = _matching(and_(_ALIASES.c.normalized >= bindparam("name"),
                                        _ALIASES.c.normalized < bindparam("after")))


def matching_entities(session: Session, query: str) -> tuple[list[EntityRecord], set[int]]:
    """Return the live entities whose name or alias matches ``query`` (folded: exactly, or as
    a prefix of three letters or more), most mentioned first, and the ids of exact matches."""
    from newsdb.pipeline.mentions import normalize_name

    normalized = normalize_name(query)
    if not normalized:
        return [], set()
    params = {"name": normalized, "after": normalized[:-1] + chr(ord(normalized[-1]) + 1)
              if ord(normalized[-1]) < sys.maxunicode else None}
    statement = _MATCHING_EXACTLY
    if len(normalized) >= 3:
        statement = _MATCHING_PREFIX_RANGE
        if session.get_bind().dialect.name != "sqlite" or params["after"] is None:
            statement = _matching(_ALIASES.c.normalized.startswith(normalized, autoescape=True))
    rows = session.execute(statement, params).all()
    exact = {row[0] for row in rows if row[-1]}
    records = [EntityRecord(*tuple(row)[:-1]) for row in rows]
    entities = sorted(records, key=lambda e: e.id not in exact)
    return entities, exact


def _entity_hits(session: Session, entity_ids: set[int], skip: set[int]
                 ) -> list[tuple[int, Mention]]:
    """Return (article id, first mention) of articles mentioning the entities, most mentions
    first, leaving out ``skip``."""
    if not entity_ids:
        return []
    mentions = session.scalars(select(Mention).where(Mention.entity_id.in_(entity_ids))
                               .order_by(Mention.article_id, Mention.char_start))
    first: dict[int, Mention] = {}
    counts: dict[int, int] = {}
    for mention in mentions:
        if mention.article_id in skip:
            continue
        first.setdefault(mention.article_id, mention)
        counts[mention.article_id] = counts.get(mention.article_id, 0) + 1
    ordered = sorted(first, key=lambda a: (-counts[a], -a))
    return [(article_id, first[article_id]) for article_id in ordered[:MAX_SEARCH_HITS]]


def _page_total(session: Session, query: str, offset: int, wanted: int, found: int) -> int:
    """The number of text hits, told by a short page when it can be, else counted."""
    if 0 < found < wanted or (offset == 0 and not found and wanted > 0):
        return offset + found
    return _count_text_hits(session, query)


def _sqlite_text_page(session: Session, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return one page of the articles whose text matches, best first, highlighted (SQLite:
    one statement)."""
    match = fts5_query(query)
    if match is None or limit <= 0:
        return []
    hits: list[SearchHit] = []
    for bm25_score, title, snippet, *record in session.execute(_SQLITE_TEXT_PAGE, {
            "match": match, "last": _last_ranked(), "limit": limit, "offset": offset,
            "open": _MARK_OPEN, "close": _MARK_CLOSE, "tokens": SNIPPET_TOKENS}):
        hit = article_record(record, SearchHit)
        assert isinstance(hit, SearchHit)
        hits.append(_fill_hit(hit, round(-float(bm25_score), 6), ["text"],
                              mark(title) if title else None,
                              mark(snippet) if snippet else None))
    return hits


def search(session: Session, query: str, *, expand_entities: bool = False, offset: int = 0,
           limit: int = 20) -> SearchResult:
    """Rank the articles matching ``query`` with highlighted snippets, and find the entities
    it names; ``expand_entities`` adds the articles that mention an exactly matched entity in
    any language ("Russia" finds "Russland")."""
    entities, exact = matching_entities(session, query)
    result = SearchResult(query=query, total=0, entities=entities)
    # Rank only the page asked for; count without ranking, unless a short page tells.
    wanted = min(limit, MAX_SEARCH_HITS - offset)
    if not expand_entities and session.get_bind().dialect.name == "sqlite":
        result.articles = _sqlite_text_page(session, query, offset, wanted)
        result.total = _page_total(session, query, offset, wanted, len(result.articles))
        return result
    page: list[tuple[int, float | None, list[str], Mention | None]]
    if expand_entities:
        hits: list[tuple[int, float | None, list[str], Mention | None]] = [
            (article_id, score, ["text"], None)
            for article_id, score in _ranked_text_hits(session, query, 0, MAX_SEARCH_HITS)]
        by_text = {article_id for article_id, *_ in hits}
        entity_articles = {a for a, _ in _entity_hits(session, exact, set())}
        hits = [(a, s, m + ["entity"] if a in entity_articles else m, n) for a, s, m, n in hits]
        hits += [(article_id, None, ["entity"], mention)
                 for article_id, mention in _entity_hits(session, exact, by_text)]
        result.total, page = len(hits), hits[offset:offset + limit]
    else:
        page = [(article_id, score, ["text"], None) for article_id, score
                in _ranked_text_hits(session, query, offset, wanted)] if wanted > 0 else []
        result.total = _page_total(session, query, offset, wanted, len(page))
    highlights = _text_highlights(session, query, [a for a, s, _, _ in page if s is not None])
    records = article_records(session, [a for a, *_ in page], SearchHit)
    for article_id, score, matched_by, mention in page:
        hit = records[article_id]
        assert isinstance(hit, SearchHit)
        title, snippet = highlights.get(article_id, (None, None))
        if mention is not None:
            snippet = _mention_snippet(hit.body, mention.char_start, mention.char_end)
        result.articles.append(_fill_hit(hit, score, matched_by, title, snippet))
    return result
