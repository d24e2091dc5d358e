-- title: Most mentioned entities
-- description: The entities mentioned most often, with the number of articles that mention
--   them; a good place to find the ids other reports take.
-- param kind (text, optional): only entities of this kind: person, organization, location
--   or other
-- param limit (integer, default 20): how many entities to list
-- The counts the database keeps on each entity (entities.mention_count, article_count), rather
-- than a count of every mention through report_article_entities (25 s at 100,000 articles).
-- A survivor whose merged entities still hold mentions (a merge moves them; SQL typed by hand
-- need not) counts theirs too, as every report counts merged entities as their survivor.
WITH unmoved AS (
    SELECT DISTINCT r.survivor_id
    FROM report_entity_survivors AS r
    JOIN entities AS merged ON merged.id = r.entity_id
    WHERE r.entity_id <> r.survivor_id AND merged.mention_count > 0
), counted AS (
    SELECT id AS entity_id, name, kind, mention_count AS mentions, article_count AS articles
    FROM entities
    WHERE merged_into_id IS NULL AND mention_count > 0
      AND id NOT IN (SELECT survivor_id FROM unmoved)
    UNION ALL
    SELECT e.id, e.name, e.kind, COUNT(*), COUNT(DISTINCT m.article_id)
    FROM report_entity_survivors AS r
    JOIN entities AS e ON e.id = r.survivor_id
    JOIN mentions AS m ON m.entity_id = r.entity_id
    WHERE r.survivor_id IN (SELECT survivor_id FROM unmoved)
    GROUP BY e.id, e.name, e.kind
)
SELECT entity_id, name, kind, mentions, articles
FROM counted
WHERE CAST(:kind AS TEXT) IS NULL OR kind = :kind
ORDER BY mentions DESC, articles DESC, entity_id
LIMIT :limit
