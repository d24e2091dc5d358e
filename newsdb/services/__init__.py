"""Use cases on a Session: they flush, never commit."""
