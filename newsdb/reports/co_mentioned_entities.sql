-- title: Entities mentioned with an entity
-- description: The entities mentioned in the same articles as an entity, those sharing the
--   most articles first.
-- param entity (entity, required): the entity, by id, slug, name or alias
-- param limit (integer, default 10): how many entities to list
-- The rows of report_cooccurrence for the entity, counted from its own articles only (that
-- view counts every pair of the archive first: 17 s at 100,000 articles).
WITH shared AS (
    SELECT DISTINCT m.article_id
    FROM mentions AS m
    WHERE m.entity_id IN (SELECT entity_id FROM report_entity_survivors
                          WHERE survivor_id = :entity)
), other AS (
    SELECT r.survivor_id AS entity_id, m.article_id, COUNT(*) AS mentions
    FROM mentions AS m
    JOIN report_entity_survivors AS r ON r.entity_id = m.entity_id
    WHERE m.article_id IN (SELECT article_id FROM shared) AND r.survivor_id <> :entity
    GROUP BY r.survivor_id, m.article_id
)
SELECT o.entity_id, e.name, e.kind, COUNT(*) AS articles, SUM(o.mentions) AS mentions
FROM other AS o
JOIN entities AS e ON e.id = o.entity_id
GROUP BY o.entity_id, e.name, e.kind
ORDER BY articles DESC, mentions DESC, o.entity_id
LIMIT :limit
