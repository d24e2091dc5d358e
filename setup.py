"""Build hooks: ship the top-level seeds/ and migrations/ inside the wheel as newsdb/_bundled/;
with ``NEWSDB_COMPILE=1``, compile the extraction pipeline with mypyc (docs/operations.md)."""

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
BUNDLED = ("seeds", "migrations")
# Compiled with NEWSDB_COMPILE=1: the pure-Python stages of extraction, where an import spends
# most of its CPU. Not these: the language model subclasses py3langid's class, whose __slots__
# a compiled class cannot extend (its work is numpy's anyway); the stages that store (store,
# extract) spend their time in SQLAlchemy, whose rows a compiled module would check against
# the types its annotations promise (a Row is no tuple) for no gain.
NOT_COMPILED = {"language_model.py", "store.py", "extract.py"}
COMPILED = sorted(str(path.relative_to(HERE))
                  for path in (HERE / "newsdb" / "pipeline").glob("*.py")
                  if path.name not in NOT_COMPILED)


class BuildWithBundledData(build_py):
    def run(self) -> None:
        super().run()
        target_root = Path(self.build_lib) / "newsdb" / "_bundled"
        for name in BUNDLED:
            source = HERE / name
            target = target_root / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def compiled_modules() -> list:
    if os.environ.get("NEWSDB_COMPILE", "") != "1":
        return []
    from mypyc.build import mypycify  # the build's requirement (build_support/newsdb_build.py)

    # pip builds in the checkout: a module compiled by an earlier build and no longer listed
    # would still be in build/lib and ship. Start from nothing.
    shutil.rmtree(HERE / "build", ignore_errors=True)
    return mypycify(COMPILED, opt_level="3")


setup(cmdclass={"build_py": BuildWithBundledData}, ext_modules=compiled_modules())
