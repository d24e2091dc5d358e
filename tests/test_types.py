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


def _written_out() -> list[type]:
    found = []
    for info in sorted(pkgutil.iter_modules(newsdb.pipeline.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"newsdb.pipeline.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and value.__module__ == module.__name__
                    and dataclasses.is_dataclass(value)
                    and "Written out" in (inspect.getsource(value) if _has_source(value)
                                          else "")):
                found.append(value)
    return found


def _has_source(cls: type) -> bool:
    try:
        inspect.getsource(cls)
    except (OSError, TypeError):  # compiled: no source to read
        return False
    return True


WRITTEN_OUT = ["Party", "Governor", "Trigger", "Roles", "CueName", "GazetteerHit", "Sentence",
               "MentionCandidate", "EventCandidate"]


def _classes() -> dict[str, type]:
    classes: dict[str, type] = {}
    for info in pkgutil.iter_modules(newsdb.pipeline.__path__):
        module = importlib.import_module(f"newsdb.pipeline.{info.name}")
        for name, value in vars(module).items():
            if name in WRITTEN_OUT and getattr(value, "__module__", None) == module.__name__:
                classes[name] = value
    return classes


def test_the_written_out_classes_are_known() -> None:
    found = _written_out()
    if found:  # pure Python: the sources name them
        assert sorted(cls.__name__ for cls in found) == sorted(WRITTEN_OUT)
    assert sorted(_classes()) == sorted(WRITTEN_OUT)


@pytest.mark.parametrize("name", WRITTEN_OUT)
def test_an_init_takes_the_fields_in_order_with_their_defaults(name: str) -> None:
    cls = _classes()[name]
    fields = dataclasses.fields(cls)
    if _has_source(cls):
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
