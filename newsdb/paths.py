"""Where the seeds and migrations are: beside the package in a checkout, inside it in a wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = PACKAGE_DIR.parent
_BUNDLED = PACKAGE_DIR / "_bundled"


def _find(name: str) -> Path:
    for candidate in (_CHECKOUT_ROOT / name, _BUNDLED / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"newsdb's {name}/ folder is missing from the installation")


def seeds_dir() -> Path:
    """Return the folder of the seed articles."""
    return _find("seeds")


def migrations_dir() -> Path:
    """Return the Alembic script folder."""
    return _find("migrations")
