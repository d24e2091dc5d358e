"""The build backend: setuptools', with the extraction pipeline compiled by mypyc when it can be.

A regular install (``pip install .``, a wheel) compiles the extraction pipeline
(``newsdb/pipeline``; ``setup.py`` says which modules) with mypyc when a C compiler and
Python's headers are there, and installs it pure Python otherwise: compiled, extraction takes
about 30 % less CPU and finds the same facts. ``NEWSDB_COMPILE`` decides otherwise:
``1`` insists (the install fails without a compiler), ``0`` never compiles.

pip builds in an isolated environment, so the compiler (mypy ships mypyc) is one of the wheel's
build requirements unless ``NEWSDB_COMPILE=0``. Metadata, source distributions and editable
installs are never compiled: compiled modules beside the sources would hide every later edit,
so an editable install with ``NEWSDB_COMPILE=1`` is refused.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - the rest of the backend, unchanged

# The compiler: mypy ships mypyc (the same requirement as the test extra's).
COMPILER = "mypy>=1.10"
VARIABLE = "NEWSDB_COMPILE"


def compile_mode() -> str:
    """``"1"`` (compile, or fail), ``"0"`` (never) or ``"auto"`` (when a compiler works):
    the value of NEWSDB_COMPILE, auto unless it is 1 or 0."""
    value = os.environ.get(VARIABLE, "").strip()
    return value if value in ("0", "1") else "auto"


def compiling() -> bool:
    """Whether a wheel built now must be compiled."""
    return compile_mode() == "1"


@contextlib.contextmanager
def _pure() -> Iterator[None]:
    """Run a hook that compiles nothing (setup.py reads the variable)."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ[VARIABLE]
        else:
            os.environ[VARIABLE] = before


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    # Not setuptools' answer: it runs setup.py, which would compile (the project has no other
    # build requirement than pyproject.toml's).
    return [] if compile_mode() == "0" else [COMPILER]


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: dict[str, Any] | None = None) -> str:
    with _pure():  # the same metadata, without compiling twice
        return _setuptools.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def _editable_allowed() -> None:
    if compiling():
        raise SystemExit("NEWSDB_COMPILE=1 builds a regular install (pip install .), not an "
                         "editable one: compiled modules beside the sources would hide edits")


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    _editable_allowed()
    with _pure():
        return _setuptools.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_editable(metadata_directory: str,
                                        config_settings: dict[str, Any] | None = None) -> str:
    _editable_allowed()
    with _pure():
        return _setuptools.prepare_metadata_for_build_editable(metadata_directory,
                                                               config_settings)


def build_editable(wheel_directory: str, config_settings: dict[str, Any] | None = None,
                   metadata_directory: str | None = None) -> str:
    _editable_allowed()
    with _pure():
        return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)


def get_requires_for_build_sdist(config_settings: dict[str, Any] | None = None) -> list[str]:
    with _pure():
        return _setuptools.get_requires_for_build_sdist(config_settings)


def build_sdist(sdist_directory: str, config_settings: dict[str, Any] | None = None) -> str:
    with _pure():  # sources only: whoever installs it compiles
        return _setuptools.build_sdist(sdist_directory, config_settings)
