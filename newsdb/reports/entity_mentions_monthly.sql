-- title: Mentions of an entity per month
-- description: How often an entity is mentioned, month by month, by the publication date of
--   the articles. Mentions in undated articles are counted in a last row whose month is empty.
-- param entity (entity, required): the entity, by id, slug, name or alias; an entity merged
--   into another counts as that one
-- The rows of report_entity_mentions_monthly for the entity, counted from its own mentions
-- only (that view counts every entity's first: 20 s at 100,000 articles). A date's text is
-- YYYY-MM-DD on both databases (newsdb's PostgreSQL connections use the ISO DateStyle).
SELECT month, SUM(mentions) AS mentions, COUNT(*) AS articles
FROM (
    SELECT substr(CAST(a.published_at AS TEXT), 1, 7) AS month, COUNT(*) AS mentions
    FROM mentions AS m
    JOIN articles AS a ON a.id = m.article_id
    WHERE m.entity_id IN (SELECT entity_id FROM report_entity_survivors
                          WHERE survivor_id = :entity)
    GROUP BY a.id, a.published_at
) AS per_article
GROUP BY month
ORDER BY month IS NULL, month
