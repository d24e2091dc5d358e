-- title: Entities mentioned with an entity
-- description: The entities mentioned in the same articles as an entity, those sharing the
--   most articles first.
-- param entity (entity, required): the entity, by id, slug, name or alias
-- param limit (integer, default 10): how many entities to list
SELECT other_entity_id AS entity_id, other_entity_name AS name, other_entity_kind AS kind,
       articles, other_mentions AS mentions
FROM report_cooccurrence
WHERE entity_id = :entity
ORDER BY articles DESC, other_mentions DESC, other_entity_id
LIMIT :limit
