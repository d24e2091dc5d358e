"""newsdb: a news knowledge base."""

import logging

__version__ = "0.1.0"

# A library's logger stays silent until an application configures it (the server does:
# newsdb/serving.py); the command line speaks in one line an item, never a logged traceback.
logging.getLogger(__name__).addHandler(logging.NullHandler())
