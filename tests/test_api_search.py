"""/api/v1/search (FTS with highlighted snippets, entities, expansion) and /api/v1/graph."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from newsdb.models import Article, ArticleAgency, Source
from tests.statements import statements_sent
from tests.test_api_entities import entity


def test_search_is_accent_insensitive_with_highlighted_snippets(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=sevare")
    assert response.status_code == 200
    result = response.json
    assert [a["language"] for a in result["articles"]] == ["de"]
    hit = result["articles"][0]
    assert "<mark>Sévaré</mark>" in hit["snippet"] and hit["matched_by"] == ["text"]
    assert hit["score"] > 0 and "body" not in hit
    assert [e["slug"] for e in result["entities"]] == ["sevare"]


def test_search_ranks_and_pages(client: FlaskClient) -> None:
    result = client.get("/api/v1/search?q=Mali&page_size=2")
    assert result.status_code == 200 and result.json["total"] == 3
    assert len(result.json["articles"]) == 2 and 'rel="next"' in result.headers["Link"]
    scores = [a["score"] for a in result.json["articles"]]
    assert scores == sorted(scores, reverse=True)
    phrase = client.get('/api/v1/search?q="Boris Pistorius"').json
    assert phrase["total"] == 1 and "<mark>" in phrase["articles"][0]["snippet"]
    assert client.get("/api/v1/search?q=Pistor*").json["total"] == 1
    for odd in ('"unbalanced', "AND OR NOT (", "*", "<script>", "a:b"):
        assert client.get("/api/v1/search", query_string={"q": odd}).status_code == 200, odd
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=mali&expand=everything").status_code == 422


def test_expand_entities_finds_other_languages(client: FlaskClient) -> None:
    plain = client.get("/api/v1/search?q=Russia").json
    assert "de" not in {a["language"] for a in plain["articles"]}
    assert plain["entities"][0]["slug"] == "russia"
    expanded = client.get("/api/v1/search?q=Russia&expand=entities").json
    assert sorted(a["language"] for a in expanded["articles"]) == ["de", "en", "en"]
    german = next(a for a in expanded["articles"] if a["language"] == "de")
    assert german["matched_by"] == ["entity"] and german["score"] is None
    assert "<mark>Russland</mark>" in german["snippet"]
    assert expanded["total"] == 3


def test_snippets_escape_html(client: FlaskClient) -> None:
    from newsdb.services.search import mark

    assert mark("a < b \x02c\x03 & d") == "a &lt; b <mark>c</mark> &amp; d"


def test_graph_around_an_entity(client: FlaskClient) -> None:
    mali = entity(client, "mali")
    graph = client.get("/api/v1/graph?entity=mali&depth=1&max_nodes=10").json
    assert graph["nodes"][0]["id"] == mali["id"] and graph["nodes"][0]["depth"] == 0
    assert 1 < len(graph["nodes"]) <= 10
    ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids and e["source"] < e["target"]
               for e in graph["edges"])
    heavy = client.get("/api/v1/graph?entity=mali&min_weight=3&max_nodes=100").json
    assert all(e["weight"] >= 3 for e in heavy["edges"])
    assert {"russia", "germany"} <= {n["slug"] for n in heavy["nodes"]}
    deep = client.get("/api/v1/graph?entity=minusma&depth=3&max_nodes=200").json
    assert max(n["depth"] for n in deep["nodes"]) <= 3
    whole = client.get("/api/v1/graph?max_nodes=5").json
    assert len(whole["nodes"]) == 5 and all(n["depth"] is None for n in whole["nodes"])
    for bad in ("depth=4", "min_weight=0", "max_nodes=201", "entity=Not%20A%20Slug"):
        assert client.get(f"/api/v1/graph?{bad}").status_code == 422, bad
    assert client.get("/api/v1/graph?entity=atlantis").status_code == 422


def test_a_frequent_query_ranks_its_newest_matches(client: FlaskClient, session: Session,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from newsdb.services import search

    # Five matches; the two newest rank last, so a window that kept the wrong end would show.
    body = "A long report that names the country once, in passing: Mali. " + "Filler. " * 300
    for n in range(2):
        session.add(Article(url=f"https://example.org/mali/{n}", title=f"Report {n}",
                            body=body, raw_text=body, content_hash=f"mali-{n}",
                            word_count=len(body.split())))
    session.flush()

    def hits(query: str = "/api/v1/search?q=Mali") -> dict[int, float]:
        return {a["id"]: a["score"] for a in client.get(query).json["articles"]}

    every = hits()
    assert len(every) == 5
    ids = sorted(every)
    assert list(every)[-2:] == ids[-2:]  # ranked last
    monkeypatch.setattr(search, "MAX_SEARCH_HITS", 5)
    monkeypatch.setattr(search, "SEARCH_RANK_WINDOW", 5)
    assert hits() == every  # a window as large as the matches changes nothing
    monkeypatch.setattr(search, "MAX_SEARCH_HITS", 2)
    monkeypatch.setattr(search, "SEARCH_RANK_WINDOW", 2)
    windowed = client.get("/api/v1/search?q=Mali").json
    assert windowed["total"] == 2
    assert {a["id"]: a["score"] for a in windowed["articles"]} == {i: every[i] for i in ids[-2:]}
    scores = [a["score"] for a in windowed["articles"]]
    assert scores == sorted(scores, reverse=True)
    expanded = client.get("/api/v1/search?q=Mali&expand=entities").json
    text_hits = {a["id"] for a in expanded["articles"] if "text" in a["matched_by"]}
    assert text_hits == set(ids[-2:])


def test_each_hit_of_a_page_has_its_own_highlights(client: FlaskClient,
                                                  session: Session) -> None:
    # Ranked out of id order, so a page's lowest and highest ids hold other matches between
    # them: the highlights of a page are found among those, and must keep to the page's own.
    for n in range(6):
        times = (n * 5) % 6 + 1
        body = f"Filler words here. Gao tag{n}. " * times + "Closing words. " * 40
        session.add(Article(url=f"https://example.org/gao/{n}", title=f"Gao report {n}",
                            body=body, raw_text=body, content_hash=f"gao-{n}",
                            word_count=len(body.split())))
    session.flush()
    seen: list[int] = []
    interleaved = False
    for page in (1, 2, 3):
        hits = client.get(f"/api/v1/search?q=gao&page_size=2&page={page}").json["articles"]
        ids = [hit["id"] for hit in hits]
        seen += ids
        for hit in hits:
            n = hit["title"].rsplit(" ", 1)[1]
            assert hit["title_highlight"] == f"<mark>Gao</mark> report {n}"
            assert f"<mark>Gao</mark> tag{n}" in hit["snippet"]
        interleaved |= len(ids) == 2 and min(ids) + 1 < max(ids)
    assert len(seen) == len(set(seen)) == 6 and interleaved


def test_a_hit_carries_the_article_record(client: FlaskClient, session: Session) -> None:
    # A publisher, a credited agency, a title without the word searched for (shown escaped):
    # what a hit says of its article is what the article's own page says, in either search.
    # Two agencies credited in neither the order of their ids nor that of their names.
    press = Source(name="Bamako Press", kind="agency")
    session.add(press)
    session.flush()
    daily, wire = Source(name="Timbuktu Daily", kind="publisher"), Source(name="Sahel Wire",
                                                                           kind="agency")
    session.add_all([daily, wire])
    session.flush()
    body = "The convoy reached Kidal at dawn, the quarrymen said. " * 5
    for n in range(3):
        article = Article(url=f"https://example.org/kidal/{n}", title=f"Road <{n}> & rain",
                          body=body, raw_text=body, content_hash=f"kidal-{n}",
                          word_count=len(body.split()), source_id=daily.id, language="en")
        session.add(article)
        session.flush()
        session.add(ArticleAgency(article_id=article.id, source_id=wire.id))
        session.flush()
        session.add(ArticleAgency(article_id=article.id, source_id=press.id))
    session.flush()
    listed = client.get("/api/v1/articles?q=quarrymen").json
    assert [a["agencies"] for a in listed] == [["Sahel Wire", "Bamako Press"]] * 3
    scores: dict[int, set[float]] = {}
    for query in ("q=quarrymen", "q=quarrymen&expand=entities", "q=quarrymen&page_size=2&page=2"):
        hits = client.get(f"/api/v1/search?{query}").json["articles"]
        assert len(hits) == (1 if "page=2" in query else 3), query
        for hit in hits:
            own = client.get(f"/api/v1/articles/{hit['id']}").json
            assert {k: own[k] for k in hit if k in own} == {k: hit[k] for k in hit if k in own}
            assert hit["source"]["name"] == "Timbuktu Daily" and hit["agencies"] == ["Sahel Wire",
                                                                               "Bamako Press"]
            assert hit["title_highlight"] == hit["title"].replace("&", "&amp;").replace(
                "<", "&lt;").replace(">", "&gt;")
            assert "<mark>quarrymen</mark>" in hit["snippet"] and hit["matched_by"] == ["text"]
            scores.setdefault(hit["id"], set()).add(hit["score"])
    # Each path scores an article alike, better matches higher.
    assert all(len(found) == 1 and next(iter(found)) > 0 for found in scores.values())


def test_a_graph_full_at_one_step_goes_no_further(client: FlaskClient,
                                                  connection: Connection) -> None:
    """When the first step around an entity already fills max_nodes, a deeper graph is the
    same graph, and the co-mentions of the next step are not counted (for an entity named
    in a third of the archive, that count took seconds)."""
    graphs, used = {}, {}
    with statements_sent(connection) as statements:
        for depth in (1, 2, 3):
            statements.clear()
            graphs[depth] = client.get(f"/api/v1/graph?entity=mali&depth={depth}&max_nodes=4").json
            used[depth] = len(statements)
    assert len(graphs[1]["nodes"]) == 4 and graphs[1] == graphs[2] == graphs[3]
    assert used[1] == used[2] == used[3], used


def test_graph_edges_count_the_articles_two_nodes_share(client: FlaskClient,
                                                        session: Session) -> None:
    """Every pair of nodes that share an article is an edge weighing the articles they share
    (counted here from the mentions), heaviest first; pairs under min_weight are left out."""
    from itertools import combinations

    from newsdb.models import Mention

    for query, least in (("max_nodes=30", 1), ("entity=mali&depth=2&max_nodes=40", 1),
                         ("max_nodes=30&min_weight=2", 2)):
        graph = client.get(f"/api/v1/graph?{query}").json
        ids = {node["id"] for node in graph["nodes"]}
        articles: dict[int, set[int]] = {}
        for entity_id, article_id in session.execute(
                select(Mention.entity_id, Mention.article_id).where(Mention.entity_id.in_(ids))):
            articles.setdefault(entity_id, set()).add(article_id)
        expected = [{"source": s, "target": t, "weight": len(articles[s] & articles[t])}
                    for s, t in combinations(sorted(articles), 2)
                    if len(articles[s] & articles[t]) >= least]
        expected.sort(key=lambda e: (-e["weight"], e["source"], e["target"]))
        assert len(expected) > 5, query
        assert graph["edges"] == expected, query
