-- title: Quality flags and the text they point at
-- description: Every quality flag with the span of text it concerns (from the body or the
--   raw text, as its field says), by article and position.
-- param article (integer, optional): only the flags of this article (its id)
-- param code (text, optional): only the flags of this code (e.g. garbled_number)
-- SQL's substr counts from 1, newsdb's offsets from 0.
SELECT q.article_id, q.code, q.field, q.char_start, q.char_end,
       CASE WHEN q.char_start IS NULL OR q.char_end IS NULL THEN NULL
            WHEN q.field = 'raw_text'
                THEN substr(a.raw_text, q.char_start + 1, q.char_end - q.char_start)
            ELSE substr(a.body, q.char_start + 1, q.char_end - q.char_start)
       END AS excerpt,
       q.message
FROM quality_flags AS q
JOIN articles AS a ON a.id = q.article_id
WHERE (CAST(:article AS INTEGER) IS NULL OR q.article_id = :article)
  AND (CAST(:code AS TEXT) IS NULL OR q.code = :code)
ORDER BY q.article_id, q.char_start IS NULL, q.char_start, q.id
