"""stored search document on PostgreSQL: articles.search_vector, a generated tsvector column

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 17:30:00

PostgreSQL only (SQLite's FTS5 table stores its index already). The GIN index moves from the
expression to the column, so ranking a match reads its stored tsvector instead of parsing its
title and body again. Adding the column rewrites the table once.
"""

from collections.abc import Sequence

from alembic import op

from newsdb.models.fulltext import POSTGRES_STORED_CREATE, POSTGRES_STORED_DROP

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_STORED_CREATE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_STORED_DROP:
            op.execute(statement)
