"""report_article_months: each article's month of publication, for reports that count by month

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:05:00

The one expression the two dialects spell differently (0002's MONTH), as a view, so that a
report file stays the same SQL on both and need not read a view that aggregates the whole
archive (report_entity_mentions_monthly) to get it. A plain projection of articles: it adds
nothing to store. On PostgreSQL newsdb_reader may read it, like the other views.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from 0002, not imported: a migration stays as it was written (0002's docstring).
MONTH = {
    "sqlite": "strftime('%Y-%m', published_at)",
    "postgresql": "to_char(published_at, 'YYYY-MM')",
}
READER_ROLE = "newsdb_reader"


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    connection.exec_driver_sql(
        "CREATE VIEW report_article_months AS SELECT id AS article_id, published_at, "
        f"{MONTH[dialect]} AS month FROM articles")
    if dialect == "postgresql":
        connection.exec_driver_sql(f"GRANT SELECT ON report_article_months TO {READER_ROLE}")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"REVOKE ALL ON report_article_months FROM {READER_ROLE}")
    connection.exec_driver_sql("DROP VIEW IF EXISTS report_article_months")
