-- title: Mentions of an entity per month
-- description: How often an entity is mentioned, month by month, by the publication date of
--   the articles. Mentions in undated articles are counted in a last row whose month is empty.
-- param entity (entity, required): the entity, by id, slug, name or alias; an entity merged
--   into another counts as that one
SELECT month, mentions, articles
FROM report_entity_mentions_monthly
WHERE entity_id = :entity
ORDER BY month IS NULL, month
