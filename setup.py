"""Build hooks: ship the top-level seeds/ and migrations/ inside the wheel as newsdb/_bundled/;
compile the extraction pipeline with mypyc when a C compiler works, or as NEWSDB_COMPILE says
(build_support/newsdb_build.py, docs/operations.md)."""

import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "build_support"))  # pip's backend-path, for setup.py run alone
from newsdb_build import compile_mode  # noqa: E402 - NEWSDB_COMPILE, read one way

BUNDLED = ("seeds", "migrations")
# Compiled when a C compiler works (or NEWSDB_COMPILE=1 insists): the pure-Python stages of
# extraction, where an import spends most of its CPU. Not these: the language model subclasses
# py3langid's class, whose __slots__ a compiled class cannot extend (its work is numpy's
# anyway); the stages that store (store, extract) spend their time in SQLAlchemy, whose rows a
# compiled module would check against the types its annotations promise (a Row is no tuple)
# for no gain.
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


def _say(message: str) -> None:
    print(f"newsdb build: {message}", file=sys.stderr, flush=True)


def can_compile() -> bool:
    """Whether a C compiler here builds against this Python's headers (a C file including
    Python.h compiles)."""
    from distutils.ccompiler import new_compiler  # setuptools' own copy
    from distutils.sysconfig import customize_compiler

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe.c"
        probe.write_text("#include <Python.h>\nint newsdb_probe(void) { return 0; }\n")
        try:
            compiler = new_compiler()
            customize_compiler(compiler)
            compiler.compile([str(probe)], output_dir=folder,
                             include_dirs=[sysconfig.get_paths()["include"]])
        except Exception as error:  # noqa: BLE001 - no compiler, no headers, a broken one
            _say(f"no working C compiler ({type(error).__name__}): installing pure Python")
            return False
    return True


def compiled_modules() -> list:
    mode = compile_mode()
    if mode == "0" or (mode == "auto" and not can_compile()):
        return []
    try:
        from mypyc.build import mypycify  # the build's requirement (newsdb_build.py)
    except ImportError:
        if mode == "1":
            raise
        _say("mypyc is not installed: installing pure Python")
        return []
    # pip builds in the checkout: a module compiled by an earlier build and no longer listed
    # would still be in build/lib and ship. Start from nothing.
    shutil.rmtree(HERE / "build", ignore_errors=True)
    _say("compiling the extraction pipeline with mypyc (a few minutes; NEWSDB_COMPILE=0 skips)")
    try:
        return mypycify(COMPILED, opt_level="3")
    except (Exception, SystemExit):  # mypyc refuses code it cannot type-check, by SystemExit
        if mode == "1":
            raise
        _say("mypyc failed: installing pure Python")
        return []


class BuildCompiledOrPure(build_ext):
    """Build the compiled modules; when that fails unasked (no NEWSDB_COMPILE=1), remove what
    was built of them, so the pure-Python modules they would replace are the ones imported."""

    def run(self) -> None:
        try:
            super().run()
        except Exception:
            if compile_mode() == "1" or not self.extensions:
                raise
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            _say("compiling failed: installing pure Python")


setup(cmdclass={"build_py": BuildWithBundledData, "build_ext": BuildCompiledOrPure},
      ext_modules=compiled_modules())
