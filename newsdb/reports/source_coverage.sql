-- title: Coverage per source and language
-- description: How many articles each source published, or was credited for as a wire
--   agency, per language, with the range of their publication dates. Articles without a
--   publisher are counted in rows whose source is empty.
-- param language (text, optional): only articles in this language (ISO 639-1, e.g. 'de')
SELECT source_name AS source, source_kind AS kind, language, articles, published_articles,
       credited_articles, undated_articles, first_published, last_published
FROM report_source_coverage
WHERE CAST(:language AS TEXT) IS NULL OR language = :language
ORDER BY source_name IS NULL, lower(source_name), source_name, language IS NULL, language
