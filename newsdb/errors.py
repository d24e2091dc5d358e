"""newsdb's domain errors: one small hierarchy that the API and the CLI turn into answers."""

from __future__ import annotations


class NewsdbError(Exception):
    """Base of every error newsdb reports to a user."""


class InputError(NewsdbError, ValueError):
    """An input item that cannot be imported, with the reason in words."""


class NotFound(NewsdbError):
    """The record asked for does not exist."""


class Conflict(NewsdbError):
    """The request clashes with what is stored (a duplicate, a merged entity, a stale version)."""
