-- title: Most mentioned entities
-- description: The entities mentioned most often, with the number of articles that mention
--   them; a good place to find the ids other reports take.
-- param kind (text, optional): only entities of this kind: person, organization, location
--   or other
-- param limit (integer, default 20): how many entities to list
SELECT entity_id, entity_name AS name, entity_kind AS kind, SUM(mentions) AS mentions,
       COUNT(*) AS articles
FROM report_article_entities
WHERE CAST(:kind AS TEXT) IS NULL OR entity_kind = :kind
GROUP BY entity_id, entity_name, entity_kind
ORDER BY SUM(mentions) DESC, COUNT(*) DESC, entity_id
LIMIT :limit
