"""newsdb: a news knowledge base."""

import logging

__version__ = "0.1.0"


def pipeline_compiled() -> bool:
    """Tell whether this install's extraction pipeline is the compiled build (a regular install
    compiles it where a C compiler works: docs/operations.md), without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("newsdb.pipeline.cues")
    origin = spec.origin if spec is not None else None
    return origin is not None and not origin.endswith(".py")


# A library's logger stays silent until an application configures it (the server does:
# newsdb/serving.py); the command line speaks in one line an item, never a logged traceback.
logging.getLogger(__name__).addHandler(logging.NullHandler())
