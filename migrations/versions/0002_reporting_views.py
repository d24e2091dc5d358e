"""reporting views (DESIGN.md §9), and on PostgreSQL the newsdb_reader role of ad hoc SQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00

The views are documented column by column in docs/reporting.md (a test checks it). Merged
entities never show: every entity reference is resolved to its final survivor through
report_entity_survivors. The SQL is frozen here on purpose: a later change to a view is a new
migration.

On PostgreSQL, ad hoc SQL runs as newsdb_reader, which may read exactly what is granted here: a
later migration that adds a table or view analysts should see grants it SELECT too (and one
holding secrets, like api_tokens, does not).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Month buckets: the only expression the two dialects spell differently.
MONTH = {
    "sqlite": "strftime('%Y-%m', published_at)",
    "postgresql": "to_char(published_at, 'YYYY-MM')",
}
KNOWN_FLAGS = ("garbled_number", "missing_date", "missing_title", "boilerplate_removed",
               "encoding_repaired", "truncated")

VIEWS: list[tuple[str, str]] = [
    ("report_entity_survivors", """
WITH RECURSIVE chain(entity_id, survivor_id) AS (
    SELECT id, id FROM entities WHERE merged_into_id IS NULL
    UNION ALL
    SELECT merged.id, chain.survivor_id
    FROM entities AS merged JOIN chain ON merged.merged_into_id = chain.entity_id
)
SELECT entity_id, survivor_id FROM chain"""),

    ("report_article_entities", """
SELECT a.id AS article_id, a.title AS article_title, a.published_at, a.language,
       a.source_id, s.name AS source_name, a.duplicate_of_id,
       e.id AS entity_id, e.name AS entity_name, e.kind AS entity_kind,
       e.country_code AS entity_country_code, e.wikidata_id,
       COUNT(*) AS mentions, MIN(m.char_start) AS first_char_start
FROM mentions AS m
JOIN report_entity_survivors AS r ON r.entity_id = m.entity_id
JOIN entities AS e ON e.id = r.survivor_id
JOIN articles AS a ON a.id = m.article_id
LEFT JOIN sources AS s ON s.id = a.source_id
GROUP BY a.id, a.title, a.published_at, a.language, a.source_id, s.name, a.duplicate_of_id,
         e.id, e.name, e.kind, e.country_code, e.wikidata_id"""),

    ("report_entity_mentions_monthly", """
SELECT entity_id, entity_name, entity_kind, {month} AS month,
       SUM(mentions) AS mentions, COUNT(*) AS articles
FROM report_article_entities
GROUP BY entity_id, entity_name, entity_kind, {month}"""),

    ("report_cooccurrence", """
SELECT x.entity_id, x.entity_name, x.entity_kind,
       y.entity_id AS other_entity_id, y.entity_name AS other_entity_name,
       y.entity_kind AS other_entity_kind,
       COUNT(*) AS articles, SUM(y.mentions) AS other_mentions,
       MIN(x.published_at) AS first_published, MAX(x.published_at) AS last_published
FROM report_article_entities AS x
JOIN report_article_entities AS y ON y.article_id = x.article_id AND y.entity_id <> x.entity_id
GROUP BY x.entity_id, x.entity_name, x.entity_kind, y.entity_id, y.entity_name, y.entity_kind"""),

    ("report_event_participants", """
SELECT DISTINCT ev.id AS event_id, ev.occurred_on, ev.date_precision, ev.kind, ev.modality,
       ev.title, e.id AS entity_id, e.name AS entity_name, e.kind AS entity_kind, p.role
FROM event_participants AS p
JOIN events AS ev ON ev.id = p.event_id
JOIN report_entity_survivors AS r ON r.entity_id = p.entity_id
JOIN entities AS e ON e.id = r.survivor_id"""),

    ("report_event_timeline", """
SELECT ev.id AS event_id, ev.occurred_on, ev.date_precision, ev.kind, ev.modality, ev.title,
       ev.confidence, loc.id AS location_id, loc.name AS location_name,
       loc.country_code,
       (SELECT COUNT(*) FROM event_evidence AS ee WHERE ee.event_id = ev.id) AS evidence,
       (SELECT COUNT(DISTINCT ee.article_id) FROM event_evidence AS ee
        WHERE ee.event_id = ev.id) AS articles,
       (SELECT MIN(a.published_at) FROM event_evidence AS ee
        JOIN articles AS a ON a.id = ee.article_id WHERE ee.event_id = ev.id)
           AS first_reported_on
FROM events AS ev
LEFT JOIN report_entity_survivors AS r ON r.entity_id = ev.location_id
LEFT JOIN entities AS loc ON loc.id = r.survivor_id"""),

    ("report_source_coverage", """
WITH links AS (
    SELECT a.id AS article_id, a.source_id, a.language, a.published_at,
           1 AS published, 0 AS credited
    FROM articles AS a
    UNION ALL
    SELECT a.id, aa.source_id, a.language, a.published_at, 0, 1
    FROM article_agencies AS aa JOIN articles AS a ON a.id = aa.article_id
)
SELECT l.source_id, s.name AS source_name, s.kind AS source_kind, l.language,
       COUNT(DISTINCT l.article_id) AS articles,
       SUM(l.published) AS published_articles, SUM(l.credited) AS credited_articles,
       SUM(CASE WHEN l.published_at IS NULL THEN 1 ELSE 0 END) AS undated_articles,
       MIN(l.published_at) AS first_published, MAX(l.published_at) AS last_published
FROM links AS l LEFT JOIN sources AS s ON s.id = l.source_id
GROUP BY l.source_id, s.name, s.kind, l.language"""),

    ("report_article_quality", """
SELECT a.id AS article_id, a.title AS article_title, a.language, a.published_at,
       a.source_id, s.name AS source_name, COUNT(q.id) AS flags,
       {flag_counts},
       SUM(CASE WHEN q.code NOT IN ({known_flags}) THEN 1 ELSE 0 END) AS other_flags
FROM articles AS a
LEFT JOIN sources AS s ON s.id = a.source_id
LEFT JOIN quality_flags AS q ON q.article_id = a.id
GROUP BY a.id, a.title, a.language, a.published_at, a.source_id, s.name"""),
]

# Everything ad hoc SQL may read on PostgreSQL: every table but api_tokens, and the views.
READABLE_TABLES = (
    "alembic_version", "sources", "articles", "article_agencies", "quality_flags", "entities",
    "entity_aliases", "mentions", "mention_suppressions", "events", "event_participants",
    "event_evidence", "import_runs",
)
READER_ROLE = "newsdb_reader"


def _view_sql(template: str, dialect: str) -> str:
    return template.format(
        month=MONTH[dialect],
        flag_counts=",\n       ".join(
            f"SUM(CASE WHEN q.code = '{code}' THEN 1 ELSE 0 END) AS {code}"
            for code in KNOWN_FLAGS),
        known_flags=", ".join(f"'{code}'" for code in KNOWN_FLAGS),
    )


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    for name, template in VIEWS:
        connection.exec_driver_sql(f"CREATE VIEW {name} AS {_view_sql(template, dialect)}")
    if dialect == "postgresql":
        _create_reader_role(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _drop_reader_role(connection)
    for name, _template in reversed(VIEWS):
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")


def _create_reader_role(connection) -> None:  # type: ignore[no-untyped-def]
    """The role ad hoc SQL runs as (SET LOCAL ROLE): SELECT on the data and the views only."""
    connection.exec_driver_sql(f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
            CREATE ROLE {READER_ROLE} NOLOGIN;
        END IF;
    END $$""")
    # The connecting user must be allowed to SET ROLE to it (a superuser always is).
    connection.exec_driver_sql(f"""DO $$ BEGIN
        IF NOT pg_has_role(current_user, '{READER_ROLE}', 'MEMBER') THEN
            EXECUTE 'GRANT {READER_ROLE} TO ' || quote_ident(current_user);
        END IF;
    END $$""")
    # No "%" in these statements: the driver would read it as a placeholder.
    connection.exec_driver_sql(f"""DO $$ BEGIN
        EXECUTE 'GRANT USAGE ON SCHEMA ' || quote_ident(current_schema()) || ' TO {READER_ROLE}';
    END $$""")
    readable = [*READABLE_TABLES, *(name for name, _template in VIEWS)]
    connection.exec_driver_sql(f"GRANT SELECT ON {', '.join(readable)} TO {READER_ROLE}")
    connection.exec_driver_sql(f"REVOKE ALL ON api_tokens FROM {READER_ROLE}")


def _drop_reader_role(connection) -> None:  # type: ignore[no-untyped-def]
    """Take the role's rights in this database away; drop the role unless another database
    of the cluster still grants it something (roles are cluster-wide)."""
    readable = [*READABLE_TABLES, *(name for name, _template in VIEWS)]
    connection.exec_driver_sql(f"REVOKE ALL ON {', '.join(readable)} FROM {READER_ROLE}")
    connection.exec_driver_sql(f"""DO $$ BEGIN
        EXECUTE 'REVOKE USAGE ON SCHEMA ' || quote_ident(current_schema())
            || ' FROM {READER_ROLE}';
        BEGIN
            DROP ROLE {READER_ROLE};
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'role {READER_ROLE} kept: another database still uses it';
        END;
    END $$""")
