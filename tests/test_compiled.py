"""The compiled build: ``NEWSDB_COMPILE=1 pip install .`` compiles the extraction pipeline with
mypyc (``setup.py``, ``build_support/newsdb_build.py``, docs/operations.md).

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


def test_only_the_value_1_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = _backend()
    for value in ("", "0", "yes"):
        monkeypatch.setenv("NEWSDB_COMPILE", value)
        assert not backend.compiling()
    monkeypatch.setenv("NEWSDB_COMPILE", "1")
    assert backend.compiling()


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
