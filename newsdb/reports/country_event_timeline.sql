-- title: Event timeline of a country
-- description: The events that took place in a country (their location is the country or a
--   place in it), in date order; undated events come last.
-- param country (country, required): an ISO 3166 code ('ML'), or the country's English name
--   or the name of its entity ('Mali', 'Russland')
-- param date_from (date, optional): only events on or after this day (YYYY-MM-DD)
-- param date_to (date, optional): only events on or before this day (YYYY-MM-DD)
-- An optional parameter is NULL when not given; CAST lets PostgreSQL type it all the same.
SELECT occurred_on, date_precision, kind, modality, title, location_name AS location,
       event_id, evidence, articles
FROM report_event_timeline
WHERE country_code = :country
  AND (CAST(:date_from AS DATE) IS NULL OR occurred_on >= :date_from)
  AND (CAST(:date_to AS DATE) IS NULL OR occurred_on <= :date_to)
ORDER BY occurred_on IS NULL, occurred_on, event_id
