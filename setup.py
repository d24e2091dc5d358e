"""Build hook: ship the top-level seeds/ and migrations/ inside the wheel as newsdb/_bundled/."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
BUNDLED = ("seeds", "migrations")


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


setup(cmdclass={"build_py": BuildWithBundledData})
