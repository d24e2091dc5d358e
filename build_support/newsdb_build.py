"""The build backend: setuptools', plus mypy when ``NEWSDB_COMPILE=1`` asks for a compiled build.

``NEWSDB_COMPILE=1 pip install .`` compiles the extraction pipeline (``newsdb/pipeline``) with
mypyc (``setup.py`` says which modules); pip builds in an isolated environment, so the compiler
must be one of the build's requirements, and only that build needs it. An editable install is
refused compiled: the compiled modules would sit beside the sources and hide every later edit.
"""

from __future__ import annotations

import os
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - the rest of the backend, unchanged

# The compiler: mypy ships mypyc (the same requirement as the test extra's).
COMPILER = "mypy>=1.10"


def compiling() -> bool:
    return os.environ.get("NEWSDB_COMPILE", "") == "1"


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    if compiling():
        # Not setuptools' answer: it runs setup.py, which imports the compiler not installed yet
        # (the project has no other build requirement than pyproject.toml's).
        return [COMPILER]
    return _setuptools.get_requires_for_build_wheel(config_settings)


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    if compiling():
        raise SystemExit("NEWSDB_COMPILE=1 builds a regular install (pip install .), not an "
                         "editable one: compiled modules beside the sources would hide edits")
    return _setuptools.get_requires_for_build_editable(config_settings)
