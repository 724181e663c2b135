"""Default locations, overridable from the environment, shared by the CLI and the web app."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("var/index")
INDEX_ENV = "NEWS_INDEX"


def default_index_dir() -> Path:
    """`$NEWS_INDEX` if set, else `./var/index`."""
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX)
