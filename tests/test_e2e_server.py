"""End to end: the real `news-web` process (gunicorn workers) serving a built index."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from indexer.build import rebuild

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"news-web exited with {process.returncode}: {process.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"news-web did not answer on {url}")


@pytest.fixture
def server(fixture_corpus, tmp_path):
    index_dir = tmp_path / "index"
    rebuild([fixture_corpus / "text"], index_dir)
    port = free_port()
    script = Path(sys.executable).with_name("news-web")
    command = [str(script)] if script.exists() else [sys.executable, "-c", "from search_web.server import main; main()"]
    process = subprocess.Popen([*command, "--port", str(port), "--index", str(index_dir), "--workers", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", process)
        yield base, index_dir
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


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
    # several requests so that both worker processes answer at least once
    answers = [json.loads(fetch(f"{base}/api/search?q=storm")[1]) for _ in range(12)]
    assert all(a["total"] == 1 and a["generation"] == report.generation for a in answers)
