-- title: Quality flags per article
-- description: One row per article with how many quality flags of each code it carries,
--   the most flagged articles first.
-- param code (text, optional): only the articles with a flag of this code
--   (e.g. garbled_number)
SELECT article_id, article_title AS title, language, published_at, flags, garbled_number,
       missing_date, missing_title, boilerplate_removed, encoding_repaired, truncated,
       other_flags
FROM report_article_quality AS v
WHERE CAST(:code AS TEXT) IS NULL
   OR EXISTS (SELECT 1 FROM quality_flags AS q WHERE q.article_id = v.article_id
                                                AND q.code = :code)
ORDER BY flags DESC, article_id
