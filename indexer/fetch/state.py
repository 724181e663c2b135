"""What earlier fetches learned, kept in the corpus folder as JSON (hidden, so never indexed): each feed's
validators for conditional requests, and every page already fetched, so nothing is fetched twice."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

FILENAME = ".fetch-state.json"


@dataclass
class FetchState:
    feeds: dict[str, dict[str, str]] = field(default_factory=dict)  # url -> etag, last_modified, checked
    pages: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, corpus: Path) -> FetchState:
        path = corpus / FILENAME
        if not path.exists():
            return cls()
        data = json.loads(path.read_text())
        return cls(dict(data.get("feeds", {})), set(data.get("pages", [])))

    def save(self, corpus: Path) -> None:
        """Written whole to a temporary file, then renamed: a crash leaves the old state, never half a file."""
        partial = corpus / (FILENAME + ".part")
        partial.write_text(json.dumps({"feeds": self.feeds, "pages": sorted(self.pages)}, indent=1))
        os.replace(partial, corpus / FILENAME)
