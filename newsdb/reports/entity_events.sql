-- title: Events of an entity
-- description: The events an entity took part in and its role in each, in date order;
--   undated events come last.
-- param entity (entity, required): the entity, by id, slug, name or alias
-- param role (text, optional): only this role: actor, target or other
SELECT occurred_on, date_precision, kind, modality, title, role, event_id
FROM report_event_participants
WHERE entity_id = :entity
  AND (CAST(:role AS TEXT) IS NULL OR role = :role)
ORDER BY occurred_on IS NULL, occurred_on, event_id, role
