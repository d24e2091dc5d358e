"""Full-text search over articles (FTS5 on SQLite, tsvector on PostgreSQL) with highlighted
snippets, and the entities a query names."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, literal_column, select, text
from sqlalchemy.orm import Session

from newsdb.models import Article, Entity, EntityAlias, Mention
from newsdb.models.fulltext import POSTGRES_DOCUMENT
from newsdb.pipeline.folding import fold, fold_with_offsets

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


def fulltext_article_ids(session: Session, query: str) -> Select[Any]:
    """Return a SELECT of the ids of articles matching ``query`` (none when it has no words)."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return select(Article.id).where(literal_column("0") == 1)
        return select(literal_column("rowid")).select_from(text("articles_fts")).where(
            text("articles_fts MATCH :match").bindparams(match=match))
    ts = tsquery_text(query)
    if ts is None:
        return select(Article.id).where(literal_column("0") == 1)
    matches = f"{POSTGRES_DOCUMENT} @@ to_tsquery('simple', newsdb_unaccent(:ts))"
    return select(Article.id).where(text(matches).bindparams(ts=ts))


# Beyond this many hits a ranking is noise; a client narrows the query instead.
MAX_SEARCH_HITS = 1000
MAX_SEARCH_ENTITIES = 10
# Words of context around a match in a snippet.
SNIPPET_TOKENS = 24
SNIPPET_CHARS = 160
_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


@dataclass
class SearchHit:
    """An article found by a search, with its highlighted title and snippet."""

    article: Article
    score: float | None
    matched_by: list[str]
    title_highlight: str | None = None
    snippet: str | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)


@dataclass
class SearchResult:
    """One page of ranked articles, and the entities whose names match the query."""

    query: str
    total: int
    articles: list[SearchHit] = field(default_factory=list)
    entities: list[Any] = field(default_factory=list)


def mark(text: str) -> str:
    """Escape text for HTML and turn the match delimiters into ``<mark>`` elements."""
    return html.escape(text, quote=False).replace(_MARK_OPEN, "<mark>").replace(
        _MARK_CLOSE, "</mark>")


def _ranked_text_hits(session: Session, query: str) -> list[tuple[int, float]]:
    """Return (article id, score) of the articles whose text matches, best first."""
    if session.get_bind().dialect.name == "sqlite":
        match = fts5_query(query)
        if match is None:
            return []
        rows = session.execute(text(
            "SELECT rowid, -bm25(articles_fts, 5.0, 1.0) FROM articles_fts "
            "WHERE articles_fts MATCH :match ORDER BY bm25(articles_fts, 5.0, 1.0) "
            "LIMIT :limit"), {"match": match, "limit": MAX_SEARCH_HITS}).all()
    else:
        ts = tsquery_text(query)
        if ts is None:
            return []
        rows = session.execute(text(
            f"SELECT id, ts_rank({POSTGRES_DOCUMENT}, to_tsquery('simple', newsdb_unaccent(:ts)))"
            f" AS score FROM articles WHERE {POSTGRES_DOCUMENT} @@ "
            "to_tsquery('simple', newsdb_unaccent(:ts)) ORDER BY score DESC, id LIMIT :limit"),
            {"ts": ts, "limit": MAX_SEARCH_HITS}).all()
    return [(int(article_id), round(float(score), 6)) for article_id, score in rows]


def _text_highlights(session: Session, query: str, ids: list[int]
                     ) -> dict[int, tuple[str | None, str | None]]:
    """Return (highlighted title, snippet) of the given text hits."""
    if not ids:
        return {}
    if session.get_bind().dialect.name == "sqlite":
        statement = text(
            "SELECT rowid, highlight(articles_fts, 0, :open, :close), "
            "snippet(articles_fts, 1, :open, :close, '…', :tokens) FROM articles_fts "
            "WHERE articles_fts MATCH :match AND rowid IN "
            f"({', '.join(str(int(i)) for i in ids)})")
        rows: list[tuple[int, str | None, str | None]] = [
            (row[0], row[1], row[2]) for row in session.execute(
                statement, {"match": fts5_query(query), "open": _MARK_OPEN,
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


def matching_entities(session: Session, query: str) -> tuple[list[Any], set[int]]:
    """Return the live entities whose name or alias matches ``query`` (folded: exactly, or as
    a prefix of three letters or more), most mentioned first, and the ids of exact matches."""
    from newsdb.pipeline.mentions import normalize_name
    from newsdb.services.entities import EntitySummary, article_count_of, mention_count_of

    normalized = normalize_name(query)
    if not normalized:
        return [], set()
    exact = set(session.scalars(select(EntityAlias.entity_id)
                                .where(EntityAlias.normalized == normalized)))
    condition = EntityAlias.normalized == normalized
    if len(normalized) >= 3:
        condition = EntityAlias.normalized.startswith(normalized, autoescape=True)
    ids = select(EntityAlias.entity_id).where(condition)
    rows = session.execute(
        select(Entity, mention_count_of(Entity.id), article_count_of(Entity.id))
        .where(Entity.id.in_(ids), Entity.merged_into_id.is_(None))
        .order_by(mention_count_of(Entity.id).desc(), Entity.name)
        .limit(MAX_SEARCH_ENTITIES)).all()
    entities = sorted((EntitySummary(e, int(m), int(a)) for e, m, a in rows),
                      key=lambda s: s.entity.id not in exact)
    return entities, {s.entity.id for s in entities if s.entity.id in exact}


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


def search(session: Session, query: str, *, expand_entities: bool = False, offset: int = 0,
           limit: int = 20) -> SearchResult:
    """Rank the articles matching ``query`` with highlighted snippets, and find the entities
    it names; ``expand_entities`` adds the articles that mention an exactly matched entity in
    any language ("Russia" finds "Russland")."""
    entities, exact = matching_entities(session, query)
    hits: list[tuple[int, float | None, list[str], Mention | None]] = [
        (article_id, score, ["text"], None) for article_id, score in _ranked_text_hits(session,
                                                                                        query)]
    if expand_entities:
        by_text = {article_id for article_id, *_ in hits}
        entity_articles = {a for a, _ in _entity_hits(session, exact, set())}
        hits = [(a, s, m + ["entity"] if a in entity_articles else m, n) for a, s, m, n in hits]
        hits += [(article_id, None, ["entity"], mention)
                 for article_id, mention in _entity_hits(session, exact, by_text)]
    page = hits[offset:offset + limit]
    highlights = _text_highlights(session, query, [a for a, s, _, _ in page if s is not None])
    articles = {a.id: a for a in session.scalars(
        select(Article).where(Article.id.in_([a for a, *_ in page])))}
    result = SearchResult(query=query, total=len(hits), entities=entities)
    for article_id, score, matched_by, mention in page:
        article = articles[article_id]
        title, snippet = highlights.get(article_id, (None, None))
        if mention is not None:
            snippet = _mention_snippet(article.body, mention.char_start, mention.char_end)
        result.articles.append(SearchHit(article, score, matched_by,
                                         title or (mark(article.title) if article.title
                                                   else None), snippet))
    return result
