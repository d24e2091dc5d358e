"""Marshmallow schemas of the API: inputs are strict (unknown fields, types, ranges, lengths
are a 422 with per-field messages); outputs document what is sent."""
