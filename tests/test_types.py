"""The pipeline's dataclasses whose ``__init__`` is written out (a native one when compiled,
see newsdb/pipeline/types.py) take exactly their fields, in order, with their defaults, and
stay frozen."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import newsdb.pipeline

WRITTEN_OUT = ["Party", "Governor", "Trigger", "Roles", "CueName", "GazetteerHit", "Sentence",
               "MentionCandidate", "EventCandidate"]


def _dataclasses() -> dict[str, type]:
    """The pipeline's dataclasses, by name (each defined in the module that holds it)."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(newsdb.pipeline.__path__):
        module = importlib.import_module(f"newsdb.pipeline.{info.name}")
        for name, value in vars(module).items():
            if (isinstance(value, type) and value.__module__ == module.__name__
                    and dataclasses.is_dataclass(value)):
                found[name] = value
    return found


def _written_in_source(cls: type) -> bool | None:
    """Whether the class's __init__ is its source's, not dataclass()'s (None: compiled)."""
    code = getattr(cls.__init__, "__code__", None)
    if code is None:
        return None
    return code.co_filename != "<string>"  # dataclass() compiles its __init__ from a string


def test_the_written_out_classes_are_those_listed() -> None:
    classes = _dataclasses()
    written = {name for name, cls in classes.items() if _written_in_source(cls)}
    if any(_written_in_source(cls) is not None for cls in classes.values()):  # pure Python
        assert written == set(WRITTEN_OUT)
    assert set(WRITTEN_OUT) <= set(classes)


@pytest.mark.parametrize("name", WRITTEN_OUT)
def test_an_init_takes_the_fields_in_order_with_their_defaults(name: str) -> None:
    cls = _dataclasses()[name]
    fields = dataclasses.fields(cls)
    if _written_in_source(cls):
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        assert [p.name for p in parameters] == [f.name for f in fields]
        assert [p.default for p in parameters] == [
            inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
            for f in fields]
    values: list[Any] = [object() for _ in fields]
    made = cls(*values)
    assert [getattr(made, f.name) for f in fields] == values  # each field set, from its own
    assert made == cls(**{f.name: v for f, v in zip(fields, values, strict=True)})
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, fields[0].name, None)
