"""`newsdb token`: create, list and revoke API tokens (only their hashes are stored)."""

from __future__ import annotations

import click

from newsdb.cli import CliContext, reported_errors
from newsdb.db import MAX_ROW_ID
from newsdb.models.token import SCOPES

# The same decorator as newsdb.cli.pass_cli, made here from the imported CliContext: newsdb.cli
# imports this module at its end, and a type checker cannot see through that cycle.
pass_cli = click.make_pass_decorator(CliContext)


def _token() -> None:
    """Manage API bearer tokens."""


# Annotated rather than decorated: newsdb.cli imports this group at its end, and a type checker
# cannot infer a decorated name's type through that import cycle.
token: click.Group = click.group("token")(_token)


@token.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              type=click.Choice(list(SCOPES), case_sensitive=False),
              help="A scope to grant (repeatable): read, write, admin (⊃ write ⊃ read), sql.")
@click.option("--expires-in", "expires_in", type=click.IntRange(1, 3650), metavar="DAYS",
              help="Let the token expire after DAYS days (default: never).")
@pass_cli
def create(state: CliContext, name: str, scopes: tuple[str, ...], expires_in: int | None
           ) -> None:
    """Create a token called NAME and print its secret (shown this once only)."""
    from newsdb.db import session_scope
    from newsdb.services.tokens import create_token

    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine, write=True) as session:
            row, secret = create_token(session, name, scopes, expires_in)
            summary = (row.id, row.scopes, row.expires_at)
    token_id, granted, expires_at = summary
    click.echo(secret)
    expiry = f", expires {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else ""
    click.echo(f"Token {token_id} ({granted}{expiry}). Store the secret above now: "
               "newsdb keeps only its hash.", err=True)


@token.command("list")
@pass_cli
def list_command(state: CliContext) -> None:
    """List tokens (never their secrets)."""
    from newsdb.db import session_scope
    from newsdb.services.tokens import list_tokens, token_status

    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine) as session:
            rows = [(t.id, t.name, t.scopes, token_status(t), _when(t.created_at),
                     _when(t.last_used_at), _when(t.expires_at)) for t in list_tokens(session)]
    if not rows:
        click.echo("No tokens. Create one with: newsdb token create NAME --scope write")
        return
    header = ("id", "name", "scopes", "status", "created", "last used", "expires")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo("  ".join(str(value).ljust(width) for value, width in zip(row, widths,
                                                                               strict=True)))


@token.command("revoke")
@click.argument("token_id", type=click.IntRange(min=1, max=MAX_ROW_ID), metavar="ID")
@pass_cli
def revoke(state: CliContext, token_id: int) -> None:
    """Revoke the token with ID: it stops working at once."""
    from newsdb.db import session_scope
    from newsdb.services.tokens import revoke_token

    with reported_errors():
        engine = state.ready_engine()
        with session_scope(engine, write=True) as session:
            name = revoke_token(session, token_id).name
    click.echo(f"Revoked token {token_id} ({name}).")


def _when(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M}" if moment is not None else "-"
