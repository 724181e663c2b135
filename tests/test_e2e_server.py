"""End to end: the real `news-web` process (gunicorn workers) serving a built index."""
from __future__ import annotations

import json
import time
import urllib.request

import pytest

from indexer.build import rebuild
from tests.serverutil import news_web

pytestmark = pytest.mark.slow


@pytest.fixture
def server(fixture_corpus, tmp_path):
    index_dir = tmp_path / "index"
    rebuild([fixture_corpus / "text"], index_dir)
    with news_web(index_dir, workers=2) as (base, _):
        yield base, index_dir


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_results_page_from_real_server(server):
    base, _ = server
    status, page = fetch(f"{base}/search?q=Russia+Belarus+joint+military+exercise")
    assert status == 200
    assert "Belarus and Russia plan joint military exercise in February" in page
    assert "<mark>Russia</mark>" in page


def test_every_worker_picks_up_a_rebuild(server, fixture_corpus):
    base, index_dir = server
    before = json.loads(fetch(f"{base}/api/search?q=storm")[1])
    assert before["total"] == 0
    report = rebuild([fixture_corpus], index_dir)
    # Each worker warms the new generation before it answers from it: a fraction of a second.
    # Until then it answers from the one before, never with an error.
    deadline = time.monotonic() + 5
    while True:
        # several requests so that both worker processes answer
        answers = [json.loads(fetch(f"{base}/api/search?q=storm")[1]) for _ in range(12)]
        assert all(a["generation"] in (before["generation"], report.generation) for a in answers)
        if all(a["generation"] == report.generation for a in answers) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert all(a["total"] == 1 and a["generation"] == report.generation for a in answers)
