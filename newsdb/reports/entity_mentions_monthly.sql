-- title: Mentions of an entity per month
-- description: How often an entity is mentioned, month by month, by the publication date of
--   the articles. Mentions in undated articles are counted in a last row whose month is empty.
-- param entity (entity, required): the entity, by id, slug, name or alias; an entity merged
--   into another counts as that one
-- The rows of report_entity_mentions_monthly for the entity, counted from its own mentions
-- only (that view counts every entity's first: 20 s at 100,000 articles).
SELECT am.month, SUM(per_article.mentions) AS mentions, COUNT(*) AS articles
FROM (
    SELECT m.article_id, COUNT(*) AS mentions
    FROM mentions AS m
    WHERE m.entity_id IN (SELECT entity_id FROM report_entity_survivors
                          WHERE survivor_id = :entity)
    GROUP BY m.article_id
) AS per_article
JOIN report_article_months AS am ON am.article_id = per_article.article_id
GROUP BY am.month
ORDER BY am.month IS NULL, am.month
