"""The compiled build: a regular install (``pip install .``) compiles the extraction pipeline
with mypyc where a C compiler works, and installs pure Python otherwise; ``NEWSDB_COMPILE=1``
insists, ``0`` never compiles (``setup.py``, ``build_support/newsdb_build.py``,
docs/operations.md).

The build's own rules are checked always. Building it takes a few minutes (cached per state of
the sources in ``benchmarks/.work``), so the two tests that build it run when
``NEWSDB_TEST_COMPILED=1`` (CI sets it): the compiled pipeline must find exactly what pure
Python finds, and the pipeline's tests must pass on it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The test modules of the compiled stages (text stages, sentences, mentions, dates, events), and
# of the workers that run them and send their results to the writer.
PIPELINE_TESTS = ("test_clean", "test_cues", "test_dates", "test_events", "test_extraction",
                  "test_folding", "test_hostile_input", "test_import_pool", "test_kb",
                  "test_language",
                  "test_mentions", "test_metadata", "test_quality", "test_read",
                  "test_sentences", "test_store")

# Puts a spy in a module's global: compiled code calls the function it was built with.
SPIES_ON_A_GLOBAL = "test_events_see_the_mentions_a_curator_removed_gone"

needs_build = pytest.mark.skipif(os.environ.get("NEWSDB_TEST_COMPILED") != "1",
                                 reason="builds the compiled newsdb: NEWSDB_TEST_COMPILED=1")


def _backend() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "newsdb_build", ROOT / "build_support" / "newsdb_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_compiled_build_asks_for_the_compiler(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend()
    monkeypatch.setenv("NEWSDB_COMPILE", "1")
    assert backend.get_requires_for_build_wheel() == [backend.COMPILER]
    assert backend.COMPILER.startswith("mypy")


def test_an_editable_install_is_refused_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend()
    monkeypatch.setenv("NEWSDB_COMPILE", "1")
    with pytest.raises(SystemExit, match="not an editable one"):
        backend.get_requires_for_build_editable()


def test_newsdb_compile_says_auto_always_or_never(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend()
    for value, mode in (("", "auto"), ("yes", "auto"), ("auto", "auto"), ("0", "0"),
                        (" 1 ", "1")):
        monkeypatch.setenv("NEWSDB_COMPILE", value)
        assert backend.compile_mode() == mode, value
    monkeypatch.delenv("NEWSDB_COMPILE")
    assert backend.compile_mode() == "auto"
    assert not backend.compiling()


def test_a_regular_install_asks_for_the_compiler_unless_told_not_to(
        monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend()
    monkeypatch.delenv("NEWSDB_COMPILE", raising=False)
    assert backend.get_requires_for_build_wheel() == [backend.COMPILER]
    monkeypatch.setenv("NEWSDB_COMPILE", "0")
    assert backend.get_requires_for_build_wheel() == []


@pytest.mark.parametrize("hook", ["get_requires_for_build_editable", "get_requires_for_build_sdist",
                                  "prepare_metadata_for_build_wheel",
                                  "prepare_metadata_for_build_editable", "build_editable",
                                  "build_sdist"])
def test_hooks_that_build_no_wheel_never_compile(hook: str, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    backend = _backend()
    monkeypatch.delenv("NEWSDB_COMPILE", raising=False)
    seen: list[str | None] = []
    monkeypatch.setattr(backend._setuptools, hook,
                        lambda *args: seen.append(os.environ.get("NEWSDB_COMPILE")) or [])
    getattr(backend, hook)(*([] if hook.startswith("get_requires") else ["folder"]))
    assert seen == ["0"]  # setup.py, run by the hook, compiles nothing
    assert "NEWSDB_COMPILE" not in os.environ  # and the variable is as it was


def _install(target: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``pip install .`` into ``target`` (pip's isolated build: setuptools and mypy come from
    the registry)."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "install", "-v", "--no-deps", "--target", str(target),
         str(ROOT)], env={**os.environ, **env}, capture_output=True, text=True, check=False)


def _built(target: Path) -> list[Path]:
    return sorted(target.rglob("*.so")) + sorted(target.rglob("*.pyd"))


def test_without_a_compiler_a_regular_install_is_pure_python(tmp_path: Path) -> None:
    completed = _install(tmp_path / "site", CC="false", NEWSDB_COMPILE="")
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "no working C compiler" in completed.stdout + completed.stderr
    assert (tmp_path / "site" / "newsdb" / "pipeline" / "cues.py").exists()
    assert not _built(tmp_path / "site")
    version = subprocess.run([sys.executable, "-c", "from newsdb.cli import cli; cli()",
                              "--version"],
                             cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
                             capture_output=True, text=True, check=False)
    assert "extraction in pure Python" in version.stdout, version.stdout + version.stderr


@needs_build
def test_a_compiler_that_fails_midway_leaves_a_pure_python_install(tmp_path: Path) -> None:
    """The compiler passes the check (a C file including Python.h) and then fails on mypyc's
    C: what was built of the compiled modules is removed, so none shadows its source."""
    wrapper = tmp_path / "cc"
    wrapper.write_text('#!/bin/sh\ncase "$*" in *probe.c*) exec cc "$@";; esac\nexit 1\n')
    wrapper.chmod(0o755)
    completed = _install(tmp_path / "site", CC=str(wrapper), NEWSDB_COMPILE="")
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "compiling failed: installing pure Python" in completed.stdout + completed.stderr
    assert not _built(tmp_path / "site")
    refused = _install(tmp_path / "insisted", CC=str(wrapper), NEWSDB_COMPILE="1")
    assert refused.returncode != 0  # NEWSDB_COMPILE=1: no compiled build, no install


@pytest.fixture(scope="module")
def compiled_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that looks like a checkout whose ``newsdb`` is the compiled build."""
    from benchmarks.common import compiled_tree

    tree = compiled_tree()
    checkout = tmp_path_factory.mktemp("compiled-checkout")
    for name in ("tests", "seeds", "migrations", "benchmarks", "pyproject.toml"):
        (checkout / name).symlink_to(ROOT / name)
    for built in [tree / "newsdb", *tree.glob("*__mypyc*")]:
        (checkout / built.name).symlink_to(built)
    return checkout


def _dump(folder: Path, out: Path) -> dict[str, object]:
    completed = subprocess.run([sys.executable, "-m", "tests.extraction_dump", str(out)],
                               cwd=folder, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


@needs_build
def test_the_compiled_build_finds_what_pure_python_finds(compiled_checkout: Path,
                                                          tmp_path: Path) -> None:
    pure, compiled = tmp_path / "pure.txt", tmp_path / "compiled.txt"
    assert _dump(ROOT, pure)["compiled"] is False
    ran = _dump(compiled_checkout, compiled)
    assert ran["compiled"] is True, ran
    version = subprocess.run([sys.executable, "-c", "from newsdb.cli import cli; cli()",
                              "--version"], cwd=compiled_checkout, capture_output=True,
                             text=True, check=False)
    assert "extraction compiled with mypyc" in version.stdout, version.stdout + version.stderr
    with pure.open(encoding="utf-8") as a, compiled.open(encoding="utf-8") as b:
        for number, (expected, found) in enumerate(zip(a, b, strict=True), start=1):
            assert found == expected, f"line {number} differs"
    assert pure.stat().st_size > 1_000_000  # seeds, fixtures and 150 generated articles


@needs_build
def test_the_pipeline_tests_pass_on_the_compiled_build(compiled_checkout: Path) -> None:
    check = ("import sys, pathlib, newsdb.pipeline as p; "
             "folder = pathlib.Path(p.__file__).parent; "
             "pure = sorted(f.stem for f in folder.glob('*.py') "
             "if not any(folder.glob(f.stem + '.*.so'))); "
             "print(pure); sys.exit(pure != ['extract', 'language_model', 'store'])")
    listed = subprocess.run([sys.executable, "-c", check], cwd=compiled_checkout,
                            capture_output=True, text=True, check=False)
    assert listed.returncode == 0, f"modules not compiled: {listed.stdout}{listed.stderr}"
    env = {key: value for key, value in os.environ.items() if key != "NEWSDB_TEST_COMPILED"}
    env["NEWSDB_EXPECT_COMPILED"] = "1"  # tests/conftest.py: no pure Python passed off
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         *(f"tests/{name}.py" for name in PIPELINE_TESTS),
         "--deselect", f"tests/test_extraction.py::{SPIES_ON_A_GLOBAL}"],
        cwd=compiled_checkout, capture_output=True, text=True, check=False, env=env)
    assert completed.returncode == 0, completed.stdout[-5000:] + completed.stderr[-2000:]
