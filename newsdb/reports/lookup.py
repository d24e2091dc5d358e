"""Turn what an analyst types ("Mali", "sadio-camara", "42", "Russland") into the ids and codes
that reports filter on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from newsdb.models import Entity, EntityAlias
from newsdb.reports.errors import ReportParameterError
from newsdb.services.entities import is_row_id, row_id

# Merge chains are short; a longer one means a cycle someone made by hand.
MAX_MERGE_CHAIN = 50
# An ambiguous name lists this many candidates, enough to pick one by id.
MAX_CANDIDATES_SHOWN = 5


def resolve_entity(bind: Session | Connection, value: str, where: str) -> int:
    """Return the id of the entity ``value`` names (an id, slug, name or alias, tried in that
    order), followed to the entity it was merged into.

    :raises ReportParameterError: nothing matches, or several entities do.
    """
    value = value.strip()
    if is_row_id(value):
        entity_id = row_id(value)
        if entity_id is None or bind.execute(
                select(Entity.id).where(Entity.id == entity_id)).first() is None:
            raise ReportParameterError(f"{where}: no entity has the id {value}")
        return _survivor(bind, entity_id)
    folded = value.lower()
    for condition in _name_conditions(value, folded):
        ids = sorted({_survivor(bind, entity_id) for entity_id in bind.execute(
            select(Entity.id).outerjoin(EntityAlias, EntityAlias.entity_id == Entity.id)
            .where(condition)).scalars()})
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise ReportParameterError(f"{where}: {value!r} names several entities "
                                       f"({_describe(bind, ids)}); give an id")
    raise ReportParameterError(f"{where}: no entity is called {value!r} "
                               "(give an id, a slug, a name or an alias)")


def _name_conditions(value: str, folded: str) -> list[ColumnElement[bool]]:
    return [Entity.slug == value, Entity.name == value, func.lower(Entity.name) == folded,
            EntityAlias.alias == value, func.lower(EntityAlias.alias) == folded]


def _survivor(bind: Session | Connection, entity_id: int) -> int:
    for _ in range(MAX_MERGE_CHAIN):
        merged_into = bind.execute(
            select(Entity.merged_into_id).where(Entity.id == entity_id)).scalar()
        if merged_into is None:
            return entity_id
        entity_id = merged_into
    return entity_id


def _describe(bind: Session | Connection, ids: list[int]) -> str:
    rows = bind.execute(select(Entity.id, Entity.name, Entity.kind)
                        .where(Entity.id.in_(ids[:MAX_CANDIDATES_SHOWN]))
                        .order_by(Entity.id)).all()
    more = len(ids) - MAX_CANDIDATES_SHOWN
    shown = ", ".join(f"{row.id} {row.name} ({row.kind})" for row in rows)
    return shown + (f" and {more} more" if more > 0 else "")


def resolve_country(bind: Session | Connection, value: str, where: str) -> str:
    """Return the ISO 3166-1 alpha-2 code of a country given by code or name ("ML", "MLI",
    "Mali"), or by the name of an entity that knows its country ("Russland").

    :raises ReportParameterError: no country matches.
    """
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    import pycountry

    country: Any
    try:
        country = pycountry.countries.lookup(value)
    except LookupError:
        country = None
    if country is not None:
        return str(country.alpha_2)
    try:
        entity_id = resolve_entity(bind, value, where)
    except ReportParameterError:
        entity_id = None
    code = None if entity_id is None else bind.execute(
        select(Entity.country_code).where(Entity.id == entity_id)).scalar()
    if code is None:
        raise ReportParameterError(f"{where}: {value!r} is not a country; give an ISO 3166 "
                                   "code such as 'ML' or an English name such as 'Mali'")
    return str(code)
